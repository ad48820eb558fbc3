//! Statements gathered by a use-case and committed in one transaction, so a
//! change, its audit event and its e-mails land together or not at all.
//!
//! Audit events and e-mails are not SurrealQL until the commit: the chain
//! head is read, each event's sequence number and hash are computed here,
//! and the transaction inserts them all with one statement, after checking
//! that the head has not moved. A writer that raced another is retried
//! against the new head.
//!
//! Keep the number of bound variables small: SurrealDB pays for every
//! variable in scope on each LET, IF and SELECT, so a batch of many items
//! binds one array per kind of write and loops over it (`FOR`).
//!
//! Group commit: the batches of one process are sequenced, never raced.
//! A commit joins a queue; whoever holds the turn takes every batch
//! waiting (up to [`GROUP`]) and commits them as one transaction, their
//! audit events chained one after another. If that transaction is refused
//! (one batch's own check failed), each is committed alone, so every
//! caller gets its own answer. Within one process no commit ever loses a
//! race on the chain's head; only another process's write (another
//! service on the same cluster) makes a commit try again.

use super::outbox::MailRow;
use super::{Result, Store, StoreError};
use crate::domain::audit::{AuditRow, GENESIS, event_hash};
use serde::Serialize;
use serde_json::{Map, Value, json};

#[derive(Debug, Default, Clone)]
pub struct Batch {
    sql: String,
    vars: Map<String, Value>,
    events: Vec<(String, Option<u64>)>,
    mails: Vec<(EventRef, MailRow)>,
    /// Certificates (issuer, serial) whose record the batch writes: their
    /// standing is forgotten once it commits.
    certs: Vec<(String, String)>,
    /// Sign-in bookkeeping, committed within the free-space reserve.
    bookkeeping: bool,
}

/// An audit event added to a batch, for the records that belong to it
/// (an e-mail is keyed by its event's sequence number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRef(usize);

/// At most this many batches are committed as one transaction.
const GROUP: usize = 64;

fn next_name() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

type Reply = tokio::sync::oneshot::Sender<Result<()>>;

/// The process's commits, in turn (see the module's notes).
#[derive(Debug, Default)]
pub struct Committer {
    waiting: std::sync::Mutex<Vec<(Batch, Reply)>>,
    turn: tokio::sync::Mutex<()>,
}

/// How often a commit that raced another writer is tried again. Every
/// write appends to the one audit chain, so on a shared server writers
/// queue on its head: ten officers at once lose several rounds in a row
/// (the service bench's clients did, with 8 attempts).
const ATTEMPTS: usize = 40;

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    /// A batch of sign-in bookkeeping (sessions, wrong-PIN counts and
    /// their events): small, and what lets officers sign in and go on
    /// reading when the disk is short, so it may use the free-space
    /// reserve. A read-only folder still refuses it.
    pub fn bookkeeping() -> Self {
        Self {
            bookkeeping: true,
            ..Self::default()
        }
    }

    /// Binds `value` to a fresh variable and returns its name (`$v3`).
    pub(super) fn var(&mut self, value: impl Serialize) -> String {
        // Names unique in the process: batches committed together keep
        // their own variables.
        let name = format!("v{}", next_name());
        self.vars.insert(
            name.clone(),
            without_nulls(serde_json::to_value(value).unwrap_or(Value::Null)),
        );
        format!("${name}")
    }

    /// A fresh name for a `LET` inside the transaction.
    pub(super) fn local(&mut self) -> String {
        format!("$l{}", next_name())
    }

    pub(super) fn push(&mut self, stmt: &str) {
        self.sql.push_str(stmt);
        self.sql.push('\n');
    }

    /// Adds an audit event with its canonical `body`.
    pub(super) fn event(&mut self, body: String, case_id: Option<u64>) -> EventRef {
        self.events.push((body, case_id));
        EventRef(self.events.len() - 1)
    }

    pub(super) fn mail(&mut self, event: EventRef, row: MailRow) {
        self.mails.push((event, row));
    }

    /// A certificate whose record this batch writes.
    pub(super) fn touches_cert(&mut self, issuer: &str, serial: &str) {
        self.certs.push((issuer.to_string(), serial.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.sql.is_empty() && self.events.is_empty()
    }

    /// Runs every statement in one transaction (perhaps together with
    /// other batches of this process committed at the same moment).
    pub async fn commit(self, store: &Store) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        store.check_room(self.bookkeeping)?;
        let c = store.committer();
        let (tx, mut rx) = tokio::sync::oneshot::channel();
        if let Ok(mut w) = c.waiting.lock() {
            w.push((self, tx));
        }
        let turn = c.turn.lock().await;
        // Committed meanwhile, with others, by whoever had the turn?
        if let Ok(r) = rx.try_recv() {
            return r;
        }
        loop {
            let group: Vec<(Batch, Reply)> = match c.waiting.lock() {
                Ok(mut w) => {
                    let n = w.len().min(GROUP);
                    w.drain(..n).collect()
                }
                Err(_) => Vec::new(),
            };
            if group.is_empty() {
                break;
            }
            commit_group(store, group).await;
            if let Ok(r) = rx.try_recv() {
                drop(turn);
                return r;
            }
        }
        drop(turn);
        rx.await
            .unwrap_or_else(|_| Err(StoreError::Db("the commit was dropped".into())))
    }

    /// Runs this batch alone, tried again when another process moved the
    /// chain's head meanwhile.
    async fn commit_alone(&self, store: &Store) -> Result<()> {
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            let (sql, vars) = self.with_audit(store.audit_head().await?);
            match store.query(&sql, Value::Object(vars)).await {
                Ok(_) => {
                    // Before the caller hears of it: the responder never
                    // answers from what this commit changed.
                    store.status_index().forget(&self.certs);
                    return Ok(());
                }
                Err(e) if is_race(&e) => {
                    last = Some(e);
                    super::back_off(attempt).await;
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| StoreError::Db("transaction kept conflicting".into())))
    }

    /// Appends `other`'s statements, events, e-mails and certificates.
    fn absorb(&mut self, other: &Batch) {
        self.sql.push_str(&other.sql);
        self.vars.extend(other.vars.clone());
        let shift = self.events.len();
        self.events.extend(other.events.iter().cloned());
        self.mails
            .extend(other.mails.iter().map(|(ev, m)| (EventRef(ev.0 + shift), m.clone())));
        self.certs.extend(other.certs.iter().cloned());
    }

    /// The transaction's text and variables, with the audit events chained
    /// after `head` and the e-mails keyed by their events.
    fn with_audit(&self, head: Option<(u64, String)>) -> (String, Map<String, Value>) {
        let mut vars = self.vars.clone();
        let mut sql = String::with_capacity(self.sql.len() + 400);
        sql.push_str("BEGIN TRANSACTION;\n");
        sql.push_str(&self.sql);
        if !self.events.is_empty() {
            let (mut seq, mut prev) = head.clone().unwrap_or((0, GENESIS.to_string()));
            let mut rows = Vec::with_capacity(self.events.len());
            for (body, case_id) in &self.events {
                seq += 1;
                let hash = event_hash(&prev, seq, body);
                rows.push(AuditRow {
                    seq,
                    prev_hash: std::mem::replace(&mut prev, hash.clone()),
                    hash,
                    body: body.clone(),
                    case_id: *case_id,
                });
            }
            let first = seq + 1 - rows.len() as u64;
            let mails: Vec<Value> = self
                .mails
                .iter()
                .map(|(ev, m)| m.with_id(first + ev.0 as u64))
                .collect();
            vars.insert("audit_expected".into(), json!(head.map(|h| h.1)));
            vars.insert("audit_rows".into(), without_nulls(json!(rows)));
            vars.insert("audit_head".into(), json!({ "seq": seq, "hash": prev }));
            vars.insert("mail_rows".into(), without_nulls(json!(mails)));
            sql.push_str(
                "IF (SELECT VALUE hash FROM ONLY audit_head:chain) != $audit_expected { THROW 'ratu:race:audit chain' };\n\
                 INSERT INTO audit $audit_rows.map(|$r| $r + { id: $r.seq });\n\
                 UPSERT audit_head:chain CONTENT $audit_head;\n",
            );
            if !mails.is_empty() {
                sql.push_str("INSERT INTO outbox $mail_rows.map(|$m| $m + { created_at: <datetime>$m.created_at });\n");
            }
        }
        sql.push_str("COMMIT TRANSACTION;");
        (sql, vars)
    }
}

/// Commits `group` as one transaction, or each alone when that is
/// refused; every caller is answered.
async fn commit_group(store: &Store, group: Vec<(Batch, Reply)>) {
    if group.len() > 1 {
        let mut all = Batch::new();
        for (b, _) in &group {
            all.absorb(b);
        }
        if all.commit_alone(store).await.is_ok() {
            for (_, reply) in group {
                let _ = reply.send(Ok(()));
            }
            return;
        }
    }
    for (b, reply) in group {
        let _ = reply.send(b.commit_alone(store).await);
    }
}

/// A commit that lost a race with another writer (on a shared server, or
/// two processes' turns on the audit chain): worth trying again.
fn is_race(e: &StoreError) -> bool {
    match e {
        StoreError::Conflict(m) => m.starts_with("race:"),
        StoreError::Db(m) => super::is_conflict(m),
        _ => false,
    }
}

/// SurrealDB tells NULL from NONE, and `option<T>` fields take only NONE:
/// absent values are left out of objects instead of sent as null.
pub(super) fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        v => v,
    }
}
