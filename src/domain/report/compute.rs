//! Lays the store's answers out as the report's tables.

use super::{Cell, ClosedCase, Inputs, Party, Report, ReportAsk, Table, median, p90, waits_on};
use crate::domain::calendar::{Calendar, DAY_SECS};
use crate::domain::{CaseKind, CaseState, Role};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// The first cell of the row that sums every agency.
pub const ALL_AGENCIES: &str = "*";

/// The report's heading.
pub struct Heading<'a> {
    pub office: &'a str,
    pub agencies: Vec<String>,
    pub now: DateTime<Utc>,
    pub service_days: u32,
    pub calendar: &'a Calendar,
}

/// Rows per agency, in name order, then the row of them all.
fn rows_of(agencies: &BTreeSet<String>) -> Vec<String> {
    agencies.iter().cloned().chain([ALL_AGENCIES.to_string()]).collect()
}

fn counts_in(agency: &str, row: &str) -> bool {
    row == ALL_AGENCIES || row == agency
}

/// Where a closed case's working time went: (office, applicant) seconds
/// from its creation to its closure.
pub fn waits(case: &ClosedCase, cal: &Calendar) -> (i64, i64) {
    let mut moves = case.timeline.clone();
    moves.sort_by_key(|m| m.at);
    let (mut office, mut applicant) = (0, 0);
    let mut add = |party: Party, from: DateTime<Utc>, to: DateTime<Utc>| {
        let secs = cal.working_secs(from.max(case.created_at), to.min(case.closed_at));
        match party {
            Party::Office => office += secs,
            Party::Applicant => applicant += secs,
            Party::Nobody => {}
        }
    };
    // Before its first recorded step (a case from before the timeline was
    // kept has none): the office's.
    let first = moves.first().map(|m| m.at).unwrap_or(case.closed_at);
    add(Party::Office, case.created_at, first);
    for (i, m) in moves.iter().enumerate() {
        let end = moves.get(i + 1).map(|n| n.at).unwrap_or(case.closed_at);
        add(waits_on(m.state), m.at, end);
    }
    (office, applicant)
}

fn completed(state: CaseState) -> bool {
    matches!(state, CaseState::Issued | CaseState::Applied | CaseState::Revoked)
}

/// A rejection's reason as it is grouped: its words, in lower case.
fn reason_words(note: Option<&str>) -> String {
    let words: Vec<String> = note
        .unwrap_or("")
        .split_whitespace()
        .map(|w| crate::domain::text::visible(w).to_lowercase())
        .collect();
    if words.is_empty() { "-".into() } else { words.join(" ") }
}

fn trace_ids<'a>(ids: impl Iterator<Item = &'a u64>) -> Vec<String> {
    let mut v: Vec<u64> = ids.copied().collect();
    v.sort_unstable();
    v.into_iter().map(|i| i.to_string()).collect()
}

pub fn compute(ask: &ReportAsk, head: Heading<'_>, inputs: Inputs) -> Report {
    let mut agencies: BTreeSet<String> = BTreeSet::new();
    agencies.extend(inputs.received.iter().map(|r| r.agency.clone()));
    agencies.extend(inputs.closed.iter().map(|r| r.agency.clone()));
    agencies.extend(inputs.in_force.iter().map(|r| r.agency.clone()));
    agencies.extend(inputs.revoked.iter().map(|r| r.agency.clone()));
    let rows = rows_of(&agencies);
    let cal = head.calendar;
    let mut tables = vec![
        received(&rows, &inputs),
        closed(&rows, &inputs),
        outcomes(&rows, &inputs),
        reject_reasons(&inputs),
        processing(&rows, &inputs, cal, head.service_days),
        certificates(&rows, &inputs),
        revocations(&inputs),
        work(&inputs, cal),
    ];
    if !ask.trace {
        for t in &mut tables {
            t.trace.clear();
        }
    }
    Report {
        office: head.office.to_string(),
        period: ask.period,
        agencies: head.agencies,
        generated_at: head.now,
        service_days: head.service_days,
        tables,
    }
}

fn kind_columns(first: &str) -> Vec<&str> {
    let mut c = vec![first];
    c.extend(CaseKind::ALL.iter().map(|k| k.as_str()));
    c.push("total");
    c
}

fn received(rows: &[String], inputs: &Inputs) -> Table {
    let mut t = Table::new("received", &kind_columns("agency"));
    for row in rows {
        let mine: Vec<_> = inputs.received.iter().filter(|r| counts_in(&r.agency, row)).collect();
        let mut cells = vec![Cell::Text(row.clone())];
        for kind in CaseKind::ALL {
            cells.push(Cell::Int(mine.iter().filter(|r| r.kind == kind).map(|r| r.n).sum()));
        }
        cells.push(Cell::Int(mine.iter().map(|r| r.n).sum()));
        t.rows.push(cells);
        t.trace.push(trace_ids(mine.iter().flat_map(|r| r.cases.iter())));
    }
    t
}

fn closed(rows: &[String], inputs: &Inputs) -> Table {
    let mut t = Table::new("closed", &kind_columns("agency"));
    for row in rows {
        let mine: Vec<&ClosedCase> = inputs.closed.iter().filter(|c| counts_in(&c.agency, row)).collect();
        let mut cells = vec![Cell::Text(row.clone())];
        for kind in CaseKind::ALL {
            cells.push(Cell::Int(mine.iter().filter(|c| c.kind == kind).count() as u64));
        }
        cells.push(Cell::Int(mine.len() as u64));
        t.rows.push(cells);
        t.trace.push(trace_ids(mine.iter().map(|c| &c.id)));
    }
    t
}

fn outcomes(rows: &[String], inputs: &Inputs) -> Table {
    let mut t = Table::new("outcomes", &["agency", "issued", "rejected", "cancelled", "open"]);
    for row in rows {
        let mine: Vec<&ClosedCase> = inputs.closed.iter().filter(|c| counts_in(&c.agency, row)).collect();
        let of = |f: &dyn Fn(CaseState) -> bool| mine.iter().filter(|c| f(c.state)).map(|c| c.id).collect::<Vec<_>>();
        let done = of(&completed);
        let rejected = of(&|s| s == CaseState::Rejected);
        let cancelled = of(&|s| s == CaseState::Cancelled);
        let open_rows: Vec<_> = inputs
            .received
            .iter()
            .filter(|r| r.open && counts_in(&r.agency, row))
            .collect();
        let open: Vec<u64> = open_rows.iter().flat_map(|r| r.cases.iter().copied()).collect();
        t.rows.push(vec![
            Cell::Text(row.clone()),
            Cell::Int(done.len() as u64),
            Cell::Int(rejected.len() as u64),
            Cell::Int(cancelled.len() as u64),
            Cell::Int(open_rows.iter().map(|r| r.n).sum()),
        ]);
        t.trace
            .push(trace_ids(done.iter().chain(&rejected).chain(&cancelled).chain(&open)));
    }
    t
}

fn reject_reasons(inputs: &Inputs) -> Table {
    let mut t = Table::new("reject_reasons", &["reason", "cases"]);
    let mut by: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for c in inputs.closed.iter().filter(|c| c.state == CaseState::Rejected) {
        by.entry(reason_words(c.last_note.as_deref())).or_default().push(c.id);
    }
    let mut sorted: Vec<(String, Vec<u64>)> = by.into_iter().collect();
    sorted.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for (reason, ids) in sorted {
        t.rows.push(vec![Cell::Text(reason), Cell::Int(ids.len() as u64)]);
        t.trace.push(trace_ids(ids.iter()));
    }
    t
}

fn processing(rows: &[String], inputs: &Inputs, cal: &Calendar, service_days: u32) -> Table {
    let mut t = Table::new(
        "processing",
        &[
            "agency",
            "closed",
            "total_median",
            "total_p90",
            "office_median",
            "office_p90",
            "applicant_median",
            "applicant_p90",
            "within_standard",
            "within_share",
        ],
    );
    let days = |s: i64| s as f64 / DAY_SECS as f64;
    let measured: Vec<(&ClosedCase, f64, f64)> = inputs
        .closed
        .iter()
        .map(|c| {
            let (office, applicant) = waits(c, cal);
            (c, days(office), days(applicant))
        })
        .collect();
    let standard = f64::from(service_days);
    for row in rows {
        let mine: Vec<&(&ClosedCase, f64, f64)> = measured.iter().filter(|m| counts_in(&m.0.agency, row)).collect();
        let office: Vec<f64> = mine.iter().map(|m| m.1).collect();
        let applicant: Vec<f64> = mine.iter().map(|m| m.2).collect();
        let total: Vec<f64> = mine.iter().map(|m| m.1 + m.2).collect();
        let within: Vec<u64> = mine.iter().filter(|m| m.1 <= standard + 1e-9).map(|m| m.0.id).collect();
        let share = (!mine.is_empty()).then(|| 100.0 * within.len() as f64 / mine.len() as f64);
        t.rows.push(vec![
            Cell::Text(row.clone()),
            Cell::Int(mine.len() as u64),
            Cell::num(median(&total)),
            Cell::num(p90(&total)),
            Cell::num(median(&office)),
            Cell::num(p90(&office)),
            Cell::num(median(&applicant)),
            Cell::num(p90(&applicant)),
            Cell::Int(within.len() as u64),
            Cell::num(share),
        ]);
        t.trace.push(trace_ids(mine.iter().map(|m| &m.0.id)));
    }
    t
}

fn certificates(rows: &[String], inputs: &Inputs) -> Table {
    let mut t = Table::new(
        "certificates",
        &["agency", "in_force", "expiring_30", "expiring_60", "expiring_90"],
    );
    for row in rows {
        let mine: Vec<_> = inputs.in_force.iter().filter(|c| counts_in(&c.agency, row)).collect();
        let n = |f: &dyn Fn(&super::InForce) -> u64| Cell::Int(mine.iter().map(|c| f(c)).sum());
        t.rows.push(vec![
            Cell::Text(row.clone()),
            n(&|c| c.n),
            n(&|c| c.within_30),
            n(&|c| c.within_60),
            n(&|c| c.within_90),
        ]);
        let mut serials: Vec<String> = mine.iter().flat_map(|c| c.serials.iter().cloned()).collect();
        serials.sort();
        t.trace.push(serials);
    }
    t
}

fn revocations(inputs: &Inputs) -> Table {
    let mut t = Table::new("revocations", &["agency", "reason", "certificates"]);
    let mut by: BTreeMap<(String, String), (u64, Vec<String>)> = BTreeMap::new();
    for r in &inputs.revoked {
        let reason = r.reason.map(|x| x.as_str()).unwrap_or("unspecified").to_string();
        for agency in [r.agency.clone(), ALL_AGENCIES.to_string()] {
            let e = by.entry((agency, reason.clone())).or_default();
            e.0 += r.n;
            e.1.extend(r.serials.iter().cloned());
        }
    }
    // Each agency's reasons, then every agency's.
    let mut keys: Vec<(String, String)> = by.keys().cloned().collect();
    keys.sort_by(|a, b| (a.0 == ALL_AGENCIES, &a.0, &a.1).cmp(&(b.0 == ALL_AGENCIES, &b.0, &b.1)));
    for key in keys {
        let (n, mut serials) = by.remove(&key).unwrap_or_default();
        serials.sort();
        t.rows.push(vec![Cell::Text(key.0), Cell::Text(key.1), Cell::Int(n)]);
        t.trace.push(serials);
    }
    t
}

fn work(inputs: &Inputs, cal: &Calendar) -> Table {
    let mut t = Table::new("work", &["operator", "role", "cases", "actions", "median_hours"]);
    let roles: BTreeMap<&str, Role> = inputs.roles.iter().map(|(n, r)| (n.as_str(), *r)).collect();
    // name → (cases, working hours each step waited for them)
    let mut by: BTreeMap<String, (BTreeSet<u64>, Vec<f64>)> = BTreeMap::new();
    for c in &inputs.closed {
        let mut moves = c.timeline.clone();
        moves.sort_by_key(|m| m.at);
        for (i, m) in moves.iter().enumerate() {
            if !roles.contains_key(m.by.as_str()) {
                continue; // the applicant, the service
            }
            let e = by.entry(m.by.clone()).or_default();
            e.0.insert(c.id);
            if i > 0 {
                e.1.push(cal.working_secs(moves[i - 1].at, m.at) as f64 / 3600.0);
            }
        }
    }
    for (name, (cases, hours)) in by {
        let role = roles.get(name.as_str()).map(|r| r.as_str()).unwrap_or("");
        t.rows.push(vec![
            Cell::Text(name.clone()),
            Cell::Text(role.to_string()),
            Cell::Int(cases.len() as u64),
            Cell::Int(hours.len() as u64),
            Cell::num(median(&hours)),
        ]);
        t.trace.push(trace_ids(cases.iter()));
    }
    t
}
