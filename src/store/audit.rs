//! The `audit` table: a hash chain. The head (last sequence number and hash)
//! is read and advanced inside the same transaction as the change, so two
//! writers can never fork the chain.

use super::{Batch, Result, Store};
use serde::Deserialize;
use serde_json::json;

/// The hash of the event before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub body: String,
    pub case_id: Option<u64>,
}

/// Appends an event whose canonical `body` the caller built. The hash is
/// SHA-256 over `prev_hash \n seq \n body`, computed in the transaction.
/// Returns the name of the transaction variable holding the new sequence
/// number, for records that belong to this event.
pub fn append_audit(b: &mut Batch, body: &str, case_id: Option<u64>) -> String {
    let body = b.var(body);
    let case = match case_id {
        Some(id) => format!(", case_id: {}", b.var(id)),
        None => String::new(),
    };
    let (head, seq, prev, hash) = (b.local(), b.local(), b.local(), b.local());
    b.push(&format!(
        "LET {head} = (SELECT seq, hash FROM ONLY audit_head:chain);\n\
         LET {seq} = IF {head} == NONE {{ 1 }} ELSE {{ {head}.seq + 1 }};\n\
         LET {prev} = IF {head} == NONE {{ '{GENESIS}' }} ELSE {{ {head}.hash }};\n\
         LET {hash} = crypto::sha256({prev} + '\\n' + <string>{seq} + '\\n' + {body});\n\
         CREATE type::record('audit', {seq}) CONTENT {{ seq: {seq}, prev_hash: {prev}, hash: {hash}, body: {body}{case} }};\n\
         UPSERT audit_head:chain CONTENT {{ seq: {seq}, hash: {hash} }};"
    ));
    seq
}

impl Store {
    /// Every event in key order, as stored.
    pub async fn audit_rows(&self) -> Result<Vec<AuditRow>> {
        self.rows(
            "SELECT seq, prev_hash, hash, body, case_id FROM audit ORDER BY id;",
            json!({}),
        )
        .await
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

    /// Runs raw SurrealQL; for tests that tamper with the store on purpose.
    #[doc(hidden)]
    pub async fn raw(&self, sql: &str) -> Result<Vec<serde_json::Value>> {
        self.query(sql, json!({})).await
    }
}
