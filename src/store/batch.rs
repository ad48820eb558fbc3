//! Statements gathered by a use-case and committed in one transaction, so a
//! change, its audit event and its e-mails land together or not at all.

use super::{Result, Store, StoreError};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Default)]
pub struct Batch {
    sql: String,
    vars: Map<String, Value>,
    n: usize,
}

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `value` to a fresh variable and returns its name (`$v3`).
    pub(super) fn var(&mut self, value: impl Serialize) -> String {
        self.n += 1;
        let name = format!("v{}", self.n);
        self.vars.insert(
            name.clone(),
            without_nulls(serde_json::to_value(value).unwrap_or(Value::Null)),
        );
        format!("${name}")
    }

    /// A fresh name for a `LET` inside the transaction.
    pub(super) fn local(&mut self) -> String {
        self.n += 1;
        format!("$l{}", self.n)
    }

    pub(super) fn push(&mut self, stmt: &str) {
        self.sql.push_str(stmt);
        self.sql.push('\n');
    }

    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    /// Runs every statement in one transaction.
    pub async fn commit(self, store: &Store) -> Result<()> {
        if self.sql.is_empty() {
            return Ok(());
        }
        let sql = format!("BEGIN TRANSACTION;\n{}COMMIT TRANSACTION;", self.sql);
        let mut last = None;
        // A shared server may refuse a transaction that raced another on the
        // audit chain head; those are retried, never merged.
        for _ in 0..5 {
            match store.query(&sql, Value::Object(self.vars.clone())).await {
                Ok(_) => return Ok(()),
                Err(StoreError::Db(m)) if m.contains("conflict") || m.contains("retry") => {
                    last = Some(StoreError::Db(m));
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| StoreError::Db("transaction kept conflicting".into())))
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
