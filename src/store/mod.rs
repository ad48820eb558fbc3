//! SurrealDB and nothing else: the only place that writes SurrealQL.
//! One code path for every database: `surrealkv://` under the data dir,
//! `mem://` in tests, `ws://host:port` for a shared server.

mod agencies;
mod archive;
mod audit;
mod backup;
mod batch;
mod cases;
mod certs;
mod connect;
mod crl_holds;
mod documents;
mod holders;
mod links;
mod live;
mod operators;
mod outbox;
mod p12_failures;
pub mod reports;
mod reservations;
mod schema;
mod sessions;
mod space;
mod status;
mod status_index;
mod subkeys;

pub use crate::domain::audit::{AuditRow, GENESIS, event_hash};
pub use agencies::{insert_agency, set_operator_agencies};
pub use archive::{BagRecord, put_bag};
pub use audit::append_audit;
pub use batch::{Batch, EventRef};
pub use cases::{CaseFilter, Counts, QueueEntry, insert_case, update_case, update_cases};
pub use certs::{
    CertFilter, CrlState, expect_cert_state, insert_cert, insert_certs, insert_crl_entry, update_cert, update_certs,
};
pub use connect::{BLOCK_CACHE_BYTES, DATABASE, DbTarget, NAMESPACE, set_process_defaults};
pub use crl_holds::{delete_crl_hold, insert_crl_hold};
pub use documents::{StoredDocument, insert_document, purge_document};
pub use holders::{ensure_holder, put_holder};
pub use links::{count_link_failure, insert_link, use_link, void_links};
pub use live::{Watch, Watched};
pub use operators::{OperatorRow, insert_operator};
pub use outbox::{NewMail, OutboxRow, insert_mail};
pub use p12_failures::{clear_p12_failures, count_p12_failure};
pub use reservations::{Reservation, release_reservations, reserve_certs};
pub use schema::SCHEMA_VERSION;
pub use sessions::{
    OperatorStanding, SessionRow, clear_wrong_pins, count_address_failure, count_wrong_pin, delete_session,
    end_sessions_of, insert_session, release_pin_change, set_operator_disabled, set_operator_pin,
};
pub use status::CertStanding;
pub use status_index::StatusIndex;
pub use subkeys::{SubscriberKey, put_subkey};

use surrealdb::Surreal;
use surrealdb::engine::any::Any;

/// An open database with the schema applied. Clones share one session
/// (the SDK gives each clone of a client a session of its own, so an
/// operator signed in on one clone would be anonymous on the others).
#[derive(Clone)]
pub struct Store {
    db: std::sync::Arc<Surreal<Any>>,
    /// The folder whose free space and writability every write checks
    /// first (see `space`).
    space: std::sync::Arc<std::sync::RwLock<Option<space::Guard>>>,
    /// The embedded database's lock file, held until the database has
    /// shut down (see [`Store::close`]).
    lock_file: Option<std::path::PathBuf>,
    /// Certificates' standing as this process knows it (OCSP), forgotten
    /// at every commit that touches them.
    status: std::sync::Arc<StatusIndex>,
    /// This process's commits, sequenced and grouped (see `batch`).
    committer: std::sync::Arc<batch::Committer>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database at {0} is in use by another ratu process; close it, or run a shared server and connect with --db ws://HOST:PORT"
    )]
    Locked(String),
    #[error("cannot open the database at {target}: {reason}")]
    Open { target: String, reason: String },
    #[error("changed by {by} at {at} — reload")]
    Stale { by: String, at: String },
    #[error("the database refused the sign-in")]
    SignInRefused,
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("database schema version {found} is newer than this ratu ({supported}); upgrade ratu")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("database error: {0}")]
    Db(String),
    #[error("stored data is not readable: {0}")]
    Decode(String),
    /// The data folder is read-only or below its free-space reserve.
    #[error("{0}")]
    NoRoom(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Marker prefix for errors thrown from our own SurrealQL.
const THROWN: &str = "ratu:";

impl StoreError {
    fn from_db(e: surrealdb::Error) -> Self {
        let msg = e.to_string();
        if let Some(rest) = msg.split(THROWN).nth(1) {
            let rest = rest.trim_end_matches(['\'', '"', '`']);
            if let Some(s) = rest.strip_prefix("stale:") {
                let (by, at) = s.split_once('|').unwrap_or((s, "?"));
                return Self::Stale {
                    by: by.into(),
                    at: at.into(),
                };
            }
            if let Some(s) = rest.strip_prefix("notfound:") {
                return Self::NotFound(s.into());
            }
            return Self::Conflict(rest.into());
        }
        if msg.contains("already contains") || msg.contains("already exists") {
            return Self::Conflict(msg);
        }
        // Only "not executed due to a failed transaction": the commit itself
        // was refused (a full disk, a data folder made read-only).
        if is_consequence(&msg) {
            return Self::Db(format!(
                "the database could not commit the change, so nothing was written: check the data folder's free space and permissions ({msg})"
            ));
        }
        Self::Db(crate::domain::text::with_disk_hint(msg))
    }
}

/// The rows of the last statement's result, decoded.
fn last_rows<T: serde::de::DeserializeOwned>(mut all: Vec<serde_json::Value>) -> Result<Vec<T>> {
    match all.pop() {
        Some(serde_json::Value::Array(rows)) => rows.into_iter().map(decode).collect(),
        Some(serde_json::Value::Null) | None => Ok(Vec::new()),
        Some(v) => Ok(vec![decode(v)?]),
    }
}

/// Waits a little before trying a conflicted write again: a random time
/// up to a ceiling that doubles with each attempt (4 ms, 8 ms, … 200 ms),
/// so that racing writers spread out instead of meeting again.
async fn back_off(attempt: usize) {
    let ceiling = (4u64 << attempt.min(6)).min(200);
    let ms = 1 + rand::random::<u64>() % ceiling;
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

/// A transaction refused because another writer got there first.
fn is_conflict(msg: &str) -> bool {
    msg.contains("conflict") || msg.contains("retry")
}

/// Errors that only say an earlier statement failed (a COMMIT refused
/// for a conflict is a cause: it says the transaction may be retried).
fn is_consequence(msg: &str) -> bool {
    msg.contains("not executed due to a failed transaction") || (msg.contains("Cannot COMMIT") && !is_conflict(msg))
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T> {
    serde_json::from_value(v).map_err(|e| StoreError::Decode(e.to_string()))
}

impl Store {
    /// Runs `sql` with `vars` and returns each statement's result as JSON.
    /// When a transaction fails, the error that caused it is returned, not
    /// the "not executed" notes of the statements around it.
    async fn query(&self, sql: &str, vars: serde_json::Value) -> Result<Vec<serde_json::Value>> {
        let mut res = self
            .db
            .query(sql)
            .bind(batch::without_nulls(vars))
            .await
            .map_err(StoreError::from_db)?;
        let n = res.num_statements();
        let mut out = Vec::with_capacity(n);
        let mut errors = Vec::new();
        for i in 0..n {
            match res.take::<surrealdb::types::Value>(i) {
                Ok(v) => out.push(v.into_json_value()),
                Err(e) => errors.push(e),
            }
        }
        let cause = errors
            .iter()
            .position(|e| e.is_thrown())
            .or_else(|| errors.iter().position(|e| !is_consequence(e.message())));
        match cause {
            Some(i) => Err(StoreError::from_db(errors.swap_remove(i))),
            None if !errors.is_empty() => Err(StoreError::from_db(errors.swap_remove(0))),
            None => Ok(out),
        }
    }

    /// One write statement (its own transaction), tried again when it
    /// conflicted with another writer: a conflicted transaction wrote
    /// nothing, so running it again is safe.
    async fn write_one(&self, sql: &str, vars: serde_json::Value) -> Result<Vec<serde_json::Value>> {
        self.check_room(false)?;
        let mut attempt = 0;
        loop {
            match self.query(sql, vars.clone()).await {
                Err(StoreError::Db(m)) if is_conflict(&m) && attempt < 8 => {
                    attempt += 1;
                    back_off(attempt).await;
                }
                r => return r,
            }
        }
    }

    /// The last row of a write statement, tried again on a conflict.
    async fn write_row<T: serde::de::DeserializeOwned>(&self, sql: &str, vars: serde_json::Value) -> Result<Vec<T>> {
        last_rows(self.write_one(sql, vars).await?)
    }

    /// The last statement's rows, decoded.
    async fn rows<T: serde::de::DeserializeOwned>(&self, sql: &str, vars: serde_json::Value) -> Result<Vec<T>> {
        last_rows(self.query(sql, vars).await?)
    }

    /// Records of `table` by key, in the order of `keys` (JSON null where
    /// none). Reached by key, not by SELECT: SurrealDB 3.3 plans a SELECT
    /// on a table with many fields for 100–200 µs, and fetches by key for
    /// a fraction of that.
    async fn by_key(&self, table: &str, keys: &[u64]) -> Result<Vec<serde_json::Value>> {
        let mut out = self
            .query(
                "RETURN $keys.map(|$k| type::record($tb, $k).*);",
                serde_json::json!({ "tb": table, "keys": keys }),
            )
            .await?;
        match out.pop() {
            Some(serde_json::Value::Array(rows)) if rows.len() == keys.len() => Ok(rows),
            other => Err(StoreError::Decode(format!("{table} by key: unexpected {other:?}"))),
        }
    }

    /// The `n` of a `SELECT count() AS n ... GROUP ALL` (no rows: 0).
    async fn count(&self, sql: &str, vars: serde_json::Value) -> Result<u64> {
        #[derive(serde::Deserialize)]
        struct N {
            n: u64,
        }
        Ok(self.rows::<N>(sql, vars).await?.first().map_or(0, |r| r.n))
    }
}
