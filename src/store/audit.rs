//! The `audit` table: a hash chain. Events are chained when their batch
//! commits (see `Batch`): the head (last sequence number and hash) is read,
//! each event hashed after the one before, and the transaction checks that
//! the head has not moved before it inserts them, so two writers can never
//! fork the chain.

use super::batch::EventRef;
use super::{Batch, Result, Store};
use crate::domain::audit::AuditRow;
use serde::Deserialize;
use serde_json::json;

/// Appends an event whose canonical `body` the caller built; it is given
/// its sequence number and hash when the batch commits.
pub fn append_audit(b: &mut Batch, body: &str, case_id: Option<u64>) -> EventRef {
    b.event(body.to_string(), case_id)
}

/// Events read per step when the audit trail is searched backwards.
const SEARCH_STEP: u64 = 5_000;

impl Store {
    /// Up to `n` events before `before` (or from the newest), newest first,
    /// whose body contains the lower-case `text` when one is given. Each
    /// read is a bounded range of keys, so a page never reads the whole
    /// trail; a search steps back `SEARCH_STEP` events at a time until it
    /// has `n` or reaches the first event.
    pub async fn audit_page(&self, before: Option<u64>, n: usize, text: Option<&str>) -> Result<Vec<AuditRow>> {
        let mut hi = match before {
            Some(b) => b.saturating_sub(1),
            None => {
                let head: Vec<u64> = self.rows("SELECT VALUE seq FROM audit_head:chain;", json!({})).await?;
                head.first().copied().unwrap_or(0)
            }
        };
        let mut out: Vec<AuditRow> = Vec::new();
        let step = if text.is_some() { SEARCH_STEP } else { n.max(1) as u64 };
        while hi >= 1 && out.len() < n {
            let lo = hi.saturating_sub(step - 1).max(1);
            // Keys are integers, formatted here: no text reaches the query.
            let sql = match text {
                Some(_) => format!(
                    "SELECT seq, prev_hash, hash, body, case_id FROM audit:{lo}..={hi} \
                     WHERE string::contains(string::lowercase(body), $t);"
                ),
                None => format!("SELECT seq, prev_hash, hash, body, case_id FROM audit:{lo}..={hi};"),
            };
            let mut rows: Vec<AuditRow> = self.rows(&sql, json!({ "t": text.map(str::to_lowercase) })).await?;
            rows.sort_by_key(|r| std::cmp::Reverse(r.seq));
            out.extend(rows);
            hi = lo - 1;
        }
        out.truncate(n);
        Ok(out)
    }

    /// Every event in key order, as stored.
    pub async fn audit_rows(&self) -> Result<Vec<AuditRow>> {
        self.rows(
            "SELECT seq, prev_hash, hash, body, case_id FROM audit ORDER BY id;",
            json!({}),
        )
        .await
    }

    /// Every event in key order and the chain head, read in one statement
    /// (one transaction, one snapshot): an event committed meanwhile by
    /// another writer cannot make the head look ahead of the events.
    pub async fn audit_snapshot(&self) -> Result<(Vec<AuditRow>, Option<(u64, String)>)> {
        #[derive(Deserialize)]
        struct Head {
            seq: u64,
            hash: String,
        }
        #[derive(Deserialize)]
        struct Snapshot {
            rows: Vec<AuditRow>,
            head: Vec<Head>,
        }
        let snap: Vec<Snapshot> = self
            .rows(
                "RETURN { rows: (SELECT seq, prev_hash, hash, body, case_id FROM audit ORDER BY id), \
                 head: (SELECT seq, hash FROM audit_head:chain) };",
                json!({}),
            )
            .await?;
        let snap = snap
            .into_iter()
            .next()
            .ok_or_else(|| super::StoreError::Db("no audit snapshot".into()))?;
        let head = snap.head.into_iter().next().map(|h| (h.seq, h.hash));
        Ok((snap.rows, head))
    }

    /// The chain head as recorded beside the events.
    pub async fn audit_head(&self) -> Result<Option<(u64, String)>> {
        #[derive(Deserialize)]
        struct Head {
            seq: u64,
            hash: String,
        }
        let rows: Vec<Head> = self.rows("SELECT seq, hash FROM audit_head:chain;", json!({})).await?;
        Ok(rows.into_iter().next().map(|h| (h.seq, h.hash)))
    }

    pub async fn audit_for_case(&self, case_id: u64) -> Result<Vec<AuditRow>> {
        self.rows(
            "SELECT seq, prev_hash, hash, body, case_id FROM audit WHERE case_id = $c ORDER BY seq;",
            json!({ "c": case_id }),
        )
        .await
    }

    /// The events of `case_ids`, in sequence order, in one read.
    pub async fn audit_for_cases(&self, case_ids: &[u64]) -> Result<Vec<AuditRow>> {
        self.rows(
            "SELECT seq, prev_hash, hash, body, case_id FROM audit WHERE case_id IN $c ORDER BY seq;",
            json!({ "c": case_ids }),
        )
        .await
    }

    /// Runs raw SurrealQL; for tests that tamper with the store on purpose.
    #[doc(hidden)]
    pub async fn raw(&self, sql: &str) -> Result<Vec<serde_json::Value>> {
        self.query(sql, json!({})).await
    }
}
