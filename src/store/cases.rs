//! The `case` table, its `queue` of pending cases and its `tally` of counts.

use super::{Batch, Result, Store, StoreError, decode};
use crate::domain::{Case, CaseKind, CaseState};
pub use crate::domain::{CaseFilter, Counts};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

/// Timestamps go to SurrealQL as RFC 3339 strings and are cast there.
pub(super) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The stored document of a case: the domain type plus the fields the
/// indexes need.
fn doc(case: &Case) -> Value {
    let mut v = serde_json::to_value(case).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.remove("id");
        m.insert("pending".into(), json!(case.state.is_pending()));
        let slot = if case.state.is_pending() {
            "open".to_string()
        } else {
            case.id.to_string()
        };
        m.insert("open_slot".into(), json!(slot));
    }
    v
}

/// SurrealQL that builds the stored document from `$doc`, casting times.
fn content(d: &str) -> String {
    format!(
        "{d} + {{ created_at: <datetime>{d}.created_at, updated_at: <datetime>{d}.updated_at, due_at: <datetime>{d}.due_at, \
         checklist: {d}.checklist.map(|$t| $t + {{ at: <datetime>$t.at }}) }}"
    )
}

/// A search text as it is matched: trimmed, without a leading `#`, in
/// lower case.
fn search_text(t: &str) -> String {
    t.trim().trim_start_matches('#').trim().to_lowercase()
}

/// The condition a search text puts on a case, each through an index: a
/// NIK (16 digits) exactly, a case number (fewer digits) exactly, else
/// every word of it as a word, or the beginning of one, of the name,
/// e-mail or agency (full-text indexes, `ratu_words`).
fn text_condition(t: &str) -> &'static str {
    let t = search_text(t);
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match t.len() {
        16 if digits => "subscriber.nik = $text",
        1..=15 if digits => "id = type::record('case', <int>$text)",
        _ => "(subscriber.name @1@ $text OR subscriber.email @2@ $text OR subscriber.agency @3@ $text)",
    }
}

/// The queue table of a kind: `queue_issuance`, ….
fn queue_table(kind: CaseKind) -> String {
    format!("queue_{}", kind.as_str())
}

fn queue_key(b: &mut Batch, case: &Case) -> String {
    let tb = b.var(queue_table(case.kind));
    let c = b.var(ts(case.created_at));
    let id = b.var(case.id);
    format!("type::record({tb}, [<datetime>{c}, {id}])")
}

fn enqueue(b: &mut Batch, case: &Case) {
    if case.state.is_pending() {
        let key = queue_key(b, case);
        let id = b.var(case.id);
        let st = b.var(case.state);
        let due = b.var(ts(case.due_at));
        let agency = b.var(&case.subscriber.agency);
        b.push(&format!(
            "CREATE {key} CONTENT {{ case: type::record('case', {id}), state: {st}, due_at: <datetime>{due}, agency: {agency} }};"
        ));
    }
}

fn tally(b: &mut Batch, kind: CaseKind, state: CaseState, delta: i64) {
    let k = b.var(kind);
    let s = b.var(state);
    b.push(&format!("UPSERT type::record('tally', [{k}, {s}]) SET n += {delta};"));
}

/// The same count per agency (a verifier's counts).
fn tally_agency(b: &mut Batch, agency: &str, kind: CaseKind, state: CaseState, delta: i64) {
    let a = b.var(agency);
    let k = b.var(kind);
    let s = b.var(state);
    b.push(&format!(
        "UPSERT type::record('tally_agency', [{a}, {k}, {s}]) SET n += {delta};"
    ));
}

/// The step a case took into its state now, for its timeline (reports).
fn step_of(case: &Case) -> Value {
    json!({ "state": case.state, "at": ts(case.updated_at), "by": case.updated_by })
}

/// Adds a new case to the batch.
pub fn insert_case(b: &mut Batch, case: &Case) {
    let id = b.var(case.id);
    let d = b.var(doc(case));
    let mut timeline =
        vec![json!({ "state": Case::initial_state(case.kind), "at": ts(case.created_at), "by": case.created_by })];
    if case.state != Case::initial_state(case.kind) {
        timeline.push(step_of(case));
    }
    let tl = b.var(timeline);
    let closed = if case.state.is_closed() {
        format!("<datetime>{d}.updated_at")
    } else {
        "NONE".into()
    };
    b.push(&format!(
        "CREATE type::record('case', {id}) CONTENT {} + {{ timeline: {tl}.map(|$m| $m + {{ at: <datetime>$m.at }}), closed_at: {closed} }};",
        content(&d)
    ));
    enqueue(b, case);
    tally(b, case.kind, case.state, 1);
    tally_agency(b, &case.subscriber.agency, case.kind, case.state, 1);
}

/// Replaces `old` by `new` if nobody changed it since `old` was read.
pub fn update_case(b: &mut Batch, old: &Case, new: &Case) {
    update_cases(b, &[(old, new)]);
}

/// Replaces each `old` by its `new`, refusing the whole batch if anybody
/// changed one of them since it was read. One statement loops over them
/// all, so a batch of many binds one variable, not many. The UPDATE itself
/// checks the version (WHERE); only a refused one reads who changed it.
pub fn update_cases(b: &mut Batch, pairs: &[(&Case, &Case)]) {
    if pairs.is_empty() {
        return;
    }
    let rows: Vec<Value> = pairs
        .iter()
        .map(|(old, new)| {
            json!({
                "id": old.id,
                "expected": old.version,
                "doc": doc(new),
                "queue": queue_table(old.kind),
                "created": ts(old.created_at),
                "was_pending": old.state.is_pending(),
                "pending": new.state.is_pending(),
                "state": new.state,
                "due": ts(new.due_at),
                "agency": new.subscriber.agency,
                "steps": if old.state != new.state { vec![step_of(new)] } else { Vec::new() },
                "closing": old.state.is_pending() && new.state.is_closed(),
            })
        })
        .collect();
    let v = b.var(rows);
    b.push(&format!(
        "FOR $u IN {v} {{\n\
         LET $rec = type::record('case', $u.id);\n\
         LET $kept = $rec.{{ timeline, closed_at }};\n\
         IF array::len(UPDATE $rec CONTENT {} + {{ timeline: array::concat($kept.timeline ?? [], $u.steps.map(|$m| $m + {{ at: <datetime>$m.at }})), \
         closed_at: IF $u.closing {{ <datetime>$u.doc.updated_at }} ELSE {{ $kept.closed_at }} }} WHERE version = $u.expected RETURN VALUE id) == 0 {{\n\
         IF !record::exists($rec) {{ THROW 'ratu:notfound:case ' + <string>$u.id }};\n\
         THROW 'ratu:stale:' + $rec.updated_by + '|' + <string>$rec.updated_at;\n\
         }};\n\
         IF $u.pending {{ UPSERT type::record($u.queue, [<datetime>$u.created, $u.id]) CONTENT \
         {{ case: $rec, state: $u.state, due_at: <datetime>$u.due, agency: $u.agency }} }}\n\
         ELSE IF $u.was_pending {{ DELETE type::record($u.queue, [<datetime>$u.created, $u.id]) }};\n\
         }};",
        content("$u.doc")
    ));
    // Counts move once per (kind, state), however many cases moved.
    let mut deltas: Vec<((CaseKind, CaseState), i64)> = Vec::new();
    let mut add = |k: (CaseKind, CaseState), d: i64| match deltas.iter_mut().find(|(x, _)| *x == k) {
        Some((_, n)) => *n += d,
        None => deltas.push((k, d)),
    };
    for (old, new) in pairs.iter().filter(|(o, n)| o.state != n.state) {
        add((old.kind, old.state), -1);
        add((new.kind, new.state), 1);
    }
    for ((kind, state), delta) in deltas.into_iter().filter(|d| d.1 != 0) {
        tally(b, kind, state, delta);
    }
    let mut by_agency: std::collections::BTreeMap<(&str, CaseKind, CaseState), i64> = Default::default();
    for (old, new) in pairs
        .iter()
        .filter(|(o, n)| o.state != n.state || o.subscriber.agency != n.subscriber.agency)
    {
        *by_agency
            .entry((&old.subscriber.agency, old.kind, old.state))
            .or_default() -= 1;
        *by_agency
            .entry((&new.subscriber.agency, new.kind, new.state))
            .or_default() += 1;
    }
    for ((agency, kind, state), delta) in by_agency.into_iter().filter(|d| d.1 != 0) {
        tally_agency(b, agency, kind, state, delta);
    }
}

/// The statement that finds the cases a filter asks for, its variables,
/// and whether it reads a queue table (its rows are case references).
struct CaseQuery {
    select: String,
    vars: Value,
    queued: bool,
}

/// `dense`: the agencies asked for hold a quarter or more of the queue's
/// rows, so the queue is read in key order (its first `limit` matches
/// come within about four times as many rows) rather than through the
/// agency index (which would read and sort every row of theirs).
fn case_query(f: &CaseFilter, dense: bool) -> CaseQuery {
    // Pending cases of one kind come from the kind's queue table, keyed
    // [created_at, case number]: it holds only pending cases, in
    // creation order, so an empty queue answers at once and a page
    // stops at its end, in time independent of the number of cases (a
    // verifier's first page at a million cases, where reading `case`
    // scanned the closed cases of every kind). Each row's conditions
    // are on its case. (A table scan with LIMIT stops after `limit`
    // rows; a record-range scan with LIMIT does not in SurrealDB 3.3.)
    let queued = f.kind.filter(|_| f.pending_only && f.id.is_none() && f.text.is_none());
    // A queue row's case and its number; a case's own fields and id.
    let c = if queued.is_some() { "case." } else { "" };
    let mut conds: Vec<String> = Vec::new();
    let mut push = |on: bool, cond: String| {
        if on {
            conds.push(cond)
        }
    };
    push(queued.is_none() && f.kind.is_some(), "kind = $kind".into());
    push(f.state.is_some(), "state = $state".into());
    push(
        queued.is_none() && f.id.is_none() && (f.pending_only || f.overdue_at.is_some()),
        "pending = true".into(),
    );
    push(f.overdue_at.is_some(), "due_at < <datetime>$now".into());
    // A queue row carries its case's agency (indexed).
    let agency = if queued.is_some() {
        "agency"
    } else {
        "subscriber.agency"
    };
    push(f.agencies.is_some(), format!("{agency} IN $agencies"));
    push(f.states.is_some(), "state IN $states".into());
    push(
        f.mine.is_some(),
        format!("({c}created_by = $mine OR {c}verified_by = $mine)"),
    );
    // Text is searched in the case table, through its indexes: a NIK
    // exactly, a case number exactly, else the words (or their
    // beginnings) of the name, e-mail and agency.
    if let Some(t) = f.text.as_deref() {
        conds.push(text_condition(t).to_string());
    }
    let cond = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let select = if queued.is_some() {
        let hint = if dense { "WITH NOINDEX" } else { "" };
        format!("SELECT VALUE case FROM type::table($tb) {hint} {cond} START $start LIMIT $n")
    } else {
        let from = match f.id {
            Some(_) => "type::record('case', $id)",
            None => "case",
        };
        let order = if f.unsorted { "" } else { "ORDER BY created_at" };
        format!("SELECT {CASE_FIELDS} FROM {from} {cond} {order} START $start LIMIT $n")
    };
    let vars = json!({
        "kind": f.kind, "state": f.state, "now": f.overdue_at.map(ts), "n": f.limit.max(1),
        "agencies": f.agencies, "start": f.start, "states": f.states, "mine": f.mine,
        "text": f.text.as_deref().map(search_text), "id": f.id,
        "tb": queued.map(queue_table),
    });
    CaseQuery {
        select,
        vars,
        queued: queued.is_some(),
    }
}

/// One row of a queue page.
#[derive(Debug, Clone, Deserialize)]
pub struct QueueEntry {
    pub case: Case,
}

fn to_case(mut v: Value) -> Result<Case> {
    if let Value::Object(m) = &mut v {
        let num = m
            .get("num")
            .and_then(Value::as_u64)
            .ok_or_else(|| StoreError::Decode("case without number".into()))?;
        m.insert("id".into(), json!(num));
    }
    decode(v)
}

const CASE_FIELDS: &str = "*, record::id(id) AS num OMIT timeline";

impl Store {
    /// Next case number (gaps after a failed insert are harmless).
    pub async fn next_case_number(&self) -> Result<u64> {
        let v: Vec<Value> = self
            .write_row("UPSERT counter:case SET n += 1 RETURN VALUE n;", json!({}))
            .await?;
        v.first()
            .and_then(Value::as_u64)
            .ok_or_else(|| StoreError::Db("case counter did not advance".into()))
    }

    pub async fn case(&self, id: u64) -> Result<Case> {
        self.cases(&[id])
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("case {id}")))
    }

    /// Cases by number, in the order asked, in one read; any missing is an
    /// error naming it.
    pub async fn cases(&self, ids: &[u64]) -> Result<Vec<Case>> {
        let rows = self.by_key("case", ids).await?;
        ids.iter()
            .zip(rows)
            .map(|(id, mut row)| match &mut row {
                Value::Object(m) => {
                    m.insert("num".into(), json!(id));
                    to_case(row)
                }
                _ => Err(StoreError::NotFound(format!("case {id}"))),
            })
            .collect()
    }

    /// The closed cases whose last change (their closure) is before
    /// `before`, oldest first: what the archive takes.
    pub async fn closed_before(&self, before: DateTime<Utc>) -> Result<Vec<Case>> {
        let closed: Vec<CaseState> = CaseState::ALL.into_iter().filter(|s| s.is_closed()).collect();
        let rows: Vec<Value> = self
            .rows(
                &format!(
                    "SELECT {CASE_FIELDS} FROM case WHERE closed_at != NONE AND closed_at < <datetime>$t \
                     AND state IN $closed ORDER BY updated_at, num;"
                ),
                json!({ "closed": closed, "t": before }),
            )
            .await?;
        rows.into_iter().map(to_case).collect()
    }

    /// The numbers of the cases about certificate `serial` (that issued it,
    /// or concern it), oldest first.
    pub async fn case_ids_of_cert(&self, serial: &str) -> Result<Vec<u64>> {
        self.rows(
            "SELECT VALUE record::id(id) FROM case WHERE cert_serial = $s ORDER BY created_at;",
            json!({ "s": serial }),
        )
        .await
    }

    /// Pending cases of one queue, oldest first: `limit` rows of its queue
    /// table from `start` on, in key order.
    pub async fn queue_page(&self, kind: CaseKind, start: usize, limit: usize) -> Result<Vec<Case>> {
        self.list_cases(&CaseFilter {
            kind: Some(kind),
            pending_only: true,
            start,
            limit,
            ..Default::default()
        })
        .await
    }

    pub async fn list_cases(&self, f: &CaseFilter) -> Result<Vec<Case>> {
        let q = case_query(f, self.dense(f).await?);
        let sql = match q.queued {
            true => format!("LET $ids = ({});\nSELECT {CASE_FIELDS} FROM $ids;", q.select),
            false => format!("{};", q.select),
        };
        let rows: Vec<Value> = self.rows(&sql, q.vars).await?;
        let mut cases = rows.into_iter().map(to_case).collect::<Result<Vec<_>>>()?;
        if q.queued {
            cases.sort_by_key(|c| (c.created_at, c.id));
        }
        Ok(cases)
    }

    /// Whether the agencies `f` asks for hold a quarter or more of the
    /// pending cases of its queue (from the tallies, a few rows).
    async fn dense(&self, f: &CaseFilter) -> Result<bool> {
        let (Some(kind), Some(agencies)) = (f.kind, f.agencies.as_ref()) else {
            return Ok(false);
        };
        if !f.pending_only || f.id.is_some() || f.text.is_some() {
            return Ok(false);
        }
        let pending: Vec<CaseState> = CaseState::ALL.into_iter().filter(|s| s.is_pending()).collect();
        let sums: Vec<Value> = self
            .query(
                "RETURN math::sum(SELECT VALUE n FROM tally WHERE record::id(id)[0] = $kind AND record::id(id)[1] IN $pending);\n\
                 RETURN math::sum(SELECT VALUE n FROM tally_agency WHERE record::id(id)[0] IN $a \
                 AND record::id(id)[1] = $kind AND record::id(id)[2] IN $pending);",
                json!({ "kind": kind, "pending": pending, "a": agencies }),
            )
            .await?;
        let n = |i: usize| sums.get(i).and_then(Value::as_i64).unwrap_or(0);
        Ok(n(0) > 0 && n(1) * 4 >= n(0))
    }

    /// The query plan of [`Store::list_cases`] for `f` (SurrealDB's
    /// EXPLAIN, as JSON): which indexes a search or a queue page uses.
    #[doc(hidden)]
    pub async fn explain_list(&self, f: &CaseFilter) -> Result<String> {
        let q = case_query(f, self.dense(f).await?);
        let plan = self.query(&format!("{} EXPLAIN;", q.select), q.vars).await?;
        Ok(serde_json::to_string(&plan).unwrap_or_default())
    }

    /// Cases per kind and state: from the tally kept with every change, or,
    /// for cases of some agencies only (`scope`), counted.
    pub async fn counts(&self, scope: Option<&[String]>) -> Result<Counts> {
        #[derive(Deserialize)]
        struct Row {
            key: (CaseKind, CaseState),
            n: i64,
        }
        let rows: Vec<Row> = match scope {
            None => {
                self.rows("SELECT record::id(id) AS key, n FROM tally;", json!({}))
                    .await?
            }
            Some(a) => {
                // The agencies' rows of the tally kept per agency (a few
                // dozen each), summed per kind and state.
                #[derive(Deserialize)]
                struct Grouped {
                    key: (String, CaseKind, CaseState),
                    n: i64,
                }
                let rows: Vec<Grouped> = self
                    .rows(
                        "SELECT record::id(id) AS key, n FROM tally_agency WHERE record::id(id)[0] IN $a;",
                        json!({ "a": a }),
                    )
                    .await?;
                let mut sums: std::collections::BTreeMap<(CaseKind, CaseState), i64> = Default::default();
                for g in rows {
                    *sums.entry((g.key.1, g.key.2)).or_default() += g.n;
                }
                sums.into_iter().map(|(key, n)| Row { key, n }).collect()
            }
        };
        let mut by_kind_state: Vec<_> = rows
            .into_iter()
            .filter(|r| r.n > 0)
            .map(|r| (r.key.0, r.key.1, r.n as u64))
            .collect();
        by_kind_state.sort();
        Ok(Counts { by_kind_state })
    }

    /// Pending cases of one kind past their due time (of the agencies in
    /// `scope` only, when given).
    pub async fn overdue_count(&self, kind: CaseKind, now: DateTime<Utc>, scope: Option<&[String]>) -> Result<u64> {
        if let Some(a) = scope {
            return self
                .count(
                    "SELECT count() AS n FROM type::table($tb) WHERE agency IN $a AND due_at < <datetime>$now GROUP ALL;",
                    json!({ "tb": queue_table(kind), "now": ts(now), "a": a }),
                )
                .await;
        }
        self.count(
            "SELECT count() AS n FROM type::table($tb) WHERE due_at < <datetime>$now GROUP ALL;",
            json!({ "tb": queue_table(kind), "now": ts(now) }),
        )
        .await
    }

    /// Cases of one subscriber (by NIK), newest first.
    pub async fn cases_of(&self, nik: &str) -> Result<Vec<Case>> {
        let rows: Vec<Value> = self
            .rows(
                &format!("SELECT {CASE_FIELDS} FROM case WHERE subscriber.nik = $nik ORDER BY created_at DESC;"),
                json!({ "nik": nik }),
            )
            .await?;
        rows.into_iter().map(to_case).collect()
    }

    /// Bulk insert for demos and benchmarks: one transaction per slice, with
    /// the same queue and tally upkeep as `insert_case`.
    pub async fn insert_cases(&self, cases: &[Case]) -> Result<()> {
        let mut b = Batch::new();
        for c in cases {
            insert_case(&mut b, c);
        }
        b.commit(self).await
    }
}
