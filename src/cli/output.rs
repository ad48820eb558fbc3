//! Tables for people, JSON for scripts. Applicant text is made visible
//! (escape codes become placeholders) before it is printed.

use crate::domain::Counts;
use crate::domain::text::visible;
use crate::domain::{Case, CaseKind, Operator, Sla, SlaStatus};
use crate::ra::{AuditReport, CaseView};
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

pub fn clean(s: &str) -> String {
    visible(s)
}

pub fn json(v: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// A table row on a terminal: cut to its width with an ellipsis, never
/// wrapped onto the next line (piped, the row is whole).
pub fn row(line: String) {
    use std::io::IsTerminal;
    // The terminal is asked once, not for every row.
    static WIDTH: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let width = *WIDTH.get_or_init(|| {
        std::io::stdout()
            .is_terminal()
            .then(|| crossterm::terminal::size().ok().map(|(w, _)| usize::from(w)))
            .flatten()
    });
    match width {
        Some(w) if unicode_width::UnicodeWidthStr::width(line.as_str()) > w => {
            let mut out = String::new();
            let mut used = 0;
            for c in line.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw + 1 > w {
                    break;
                }
                used += cw;
                out.push(c);
            }
            println!("{out}…");
        }
        _ => println!("{line}"),
    }
}

fn cut(s: &str, n: usize) -> String {
    let s = clean(s);
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn sla(c: &Case, now: DateTime<Utc>) -> &'static str {
    match Sla::status(c.due_at, c.state.is_closed(), now) {
        SlaStatus::OnTime => "ok",
        SlaStatus::DueSoon => "due<1d",
        SlaStatus::Overdue => "OVERDUE",
        SlaStatus::Closed => "-",
    }
}

/// A case as JSON, with the NIK masked unless revealed.
pub fn case_json(c: &Case, reveal: bool) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if !reveal {
        v["subscriber"]["nik"] = json!(c.subscriber.nik.masked());
    }
    v
}

pub fn case_list(cases: &[Case], now: DateTime<Utc>, as_json: bool) -> Result<()> {
    if as_json {
        let rows: Vec<Value> = cases
            .iter()
            .map(|c| {
                let mut v = case_json(c, false);
                v["overdue"] = json!(c.is_overdue(now));
                v
            })
            .collect();
        return json(&rows);
    }
    row(format!(
        "{:>6}  {:<10}  {:<23}  {:>4}  {:<7}  {:<28}  AGENCY",
        "ID", "KIND", "STATE", "AGE", "SLA", "APPLICANT"
    ));
    for c in cases {
        row(format!(
            "{:>6}  {:<10}  {:<23}  {:>4}  {:<7}  {:<28}  {}",
            c.id,
            c.kind.as_str(),
            c.state.as_str(),
            crate::domain::text::age(c.created_at, now),
            sla(c, now),
            cut(&c.subscriber.name, 28),
            cut(&c.subscriber.agency, 40)
        ));
    }
    if cases.is_empty() {
        println!("(no cases)");
    }
    Ok(())
}

pub fn counts(c: &Counts, overdue: &[(CaseKind, u64)], as_json: bool) -> Result<()> {
    if as_json {
        let rows: Vec<Value> = CaseKind::ALL
            .iter()
            .map(|k| {
                let states: serde_json::Map<String, Value> = c
                    .by_kind_state
                    .iter()
                    .filter(|(kk, _, _)| kk == k)
                    .map(|(_, s, n)| (s.as_str().to_string(), json!(n)))
                    .collect();
                let od = overdue.iter().find(|(kk, _)| kk == k).map_or(0, |x| x.1);
                json!({ "kind": k, "total": c.total(*k), "pending": c.pending(*k), "overdue": od, "states": states })
            })
            .collect();
        return json(&rows);
    }
    println!("{:<12} {:>7} {:>8} {:>8}", "QUEUE", "TOTAL", "PENDING", "OVERDUE");
    for k in CaseKind::ALL {
        let od = overdue.iter().find(|(kk, _)| *kk == k).map_or(0, |x| x.1);
        println!("{:<12} {:>7} {:>8} {:>8}", k.as_str(), c.total(k), c.pending(k), od);
    }
    Ok(())
}

/// Who did something, for people (JSON keeps the identifier): the
/// applicant of case N, the office's service, the demo's setup.
pub fn who(actor: &str) -> String {
    match crate::domain::link::applicant_case(actor) {
        Some(n) => format!("applicant #{n}"),
        None if actor == crate::ra::SERVICE_OPERATOR => "the ratu service".into(),
        None if actor == "demo" => "demo data".into(),
        None => clean(actor),
    }
}

pub fn case_view(v: &CaseView, reveal: bool, as_json: bool) -> Result<()> {
    let c = &v.case;
    if as_json {
        let mut j = serde_json::to_value(v)?;
        j["case"] = case_json(c, reveal);
        j["allowed"] = json!(
            v.allowed
                .iter()
                .map(|a| json!({
                    "action": a.action, "note_required": a.note_required,
                    "waiting_on": a.ready.as_ref().err().map(|e| e.to_string()),
                }))
                .collect::<Vec<_>>()
        );
        return json(&j);
    }
    let s = &c.subscriber;
    println!(
        "Case {} — {} ({}) — {}{}",
        c.id,
        c.kind,
        c.kind.indonesian(),
        c.state,
        if v.overdue { "  OVERDUE" } else { "" }
    );
    println!(
        "  opened {} by {}, due {}, version {}",
        c.created_at.format("%Y-%m-%d %H:%M"),
        who(&c.created_by),
        c.due_at.format("%Y-%m-%d %H:%M"),
        c.version
    );
    println!("  name      {}", clean(&s.name));
    println!(
        "  NIK       {}",
        if reveal { s.nik.to_string() } else { s.nik.masked() }
    );
    if let Some(nip) = &s.nip {
        println!("  NIP       {nip} ({})", nip.kind());
    }
    println!("  e-mail    {}", clean(&s.email));
    println!(
        "  agency    {}{}",
        clean(&s.agency),
        s.unit
            .as_deref()
            .map(|u| format!(" / {}", clean(u)))
            .unwrap_or_default()
    );
    if let Some(r) = c.revocation_reason {
        println!("  reason    {r}");
    }
    if let Some(t) = &v.target {
        println!(
            "  certificate {} ({}, {} → {})\n    issuer {}\n    sha256 {}",
            t.serial,
            t.status,
            t.not_before.format("%Y-%m-%d"),
            t.not_after.format("%Y-%m-%d"),
            clean(&t.issuer),
            t.sha256.as_deref().unwrap_or("-")
        );
    } else if let Some(serial) = &c.cert_serial {
        println!("  certificate {serial} (not on record)");
    }
    if !c.changes.is_empty() {
        println!("Proposed changes:");
        for ch in &c.changes {
            println!(
                "  {:<10} {} → {}",
                ch.field,
                clean(ch.old.as_deref().unwrap_or("-")),
                clean(ch.new.as_deref().unwrap_or("-"))
            );
        }
    }
    if let Some(n) = &c.last_note {
        println!("  note      {}", clean(n));
    }
    println!("Checklist:");
    for item in crate::domain::CheckItem::for_kind(c.kind) {
        match c.checklist.iter().find(|t| t.item == *item) {
            Some(t) => println!(
                "  [x] {:<40} {} {}",
                item.label(),
                who(&t.by),
                t.at.format("%Y-%m-%d %H:%M")
            ),
            None => println!("  [ ] {} ({})", item.label(), item.as_str()),
        }
    }
    println!("Documents:");
    for d in &v.documents {
        let purged = match (&d.purged_at, &d.purged_bag) {
            (Some(at), bag) => format!(
                "  PURGED {} (retention; copy in archive bag {})",
                at.format("%Y-%m-%d"),
                bag.as_deref().unwrap_or("?")
            ),
            _ => String::new(),
        };
        println!(
            "  {}  {:<15} {:<28} {:>8} B  sha256 {}{purged}",
            d.id,
            d.kind.as_str(),
            cut(&d.file_name, 28),
            d.size,
            d.sha256
        );
    }
    println!("History:");
    for h in &v.history {
        println!(
            "  #{:<5} {}  {:<13} {:<18} {}",
            h.seq,
            h.at.format("%Y-%m-%d %H:%M"),
            who(&h.actor),
            h.action.replace('_', " "),
            clean(&h.detail)
        );
    }
    if !v.mail.is_empty() {
        println!("E-mails:");
        for m in &v.mail {
            println!(
                "  {}  {:<20} to {}",
                m.created_at.format("%Y-%m-%d %H:%M"),
                m.notice,
                clean(&m.to)
            );
        }
    }
    println!("You can:");
    for a in &v.allowed {
        let note = if a.note_required { " --note TEXT" } else { "" };
        match &a.ready {
            Ok(()) => println!("  ratu case act {} {}{note}", c.id, a.action),
            Err(e) => println!("  ({}: {e})", a.action),
        }
    }
    Ok(())
}

pub fn operators(ops: &[Operator], as_json: bool) -> Result<()> {
    if as_json {
        return json(&ops);
    }
    for o in ops {
        match o.agencies.is_empty() {
            true => println!("{:<20} {}", o.name, o.role),
            false => println!("{:<20} {:<10} {}", o.name, o.role, clean(&o.agencies.join("; "))),
        }
    }
    Ok(())
}

pub fn audit_report(r: &AuditReport, as_json: bool) -> Result<()> {
    if as_json {
        return json(r);
    }
    match &r.broken {
        None => println!("audit trail intact: {} events, chain verified", r.events),
        Some(b) => eprintln!("audit trail BROKEN: {b}"),
    }
    Ok(())
}
