//! The `operator` table: names, roles and argon2id PIN hashes.

use super::cases::ts;
use super::{Batch, Result, Store, StoreError};
use crate::domain::Role;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, Deserialize)]
pub struct OperatorRow {
    pub name: String,
    pub role: Role,
    /// A verifier's agencies.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Empty where it cannot be read (an operator on a shared server).
    #[serde(default)]
    pub pin_hash: String,
    pub created_at: DateTime<Utc>,
}

pub fn insert_operator(b: &mut Batch, name: &str, role: Role, agencies: &[String], pin_hash: &str, now: DateTime<Utc>) {
    let n = b.var(name);
    let r = b.var(role);
    let a = b.var(agencies);
    let h = b.var(pin_hash);
    let t = b.var(ts(now));
    b.push(&format!(
        "IF (SELECT VALUE name FROM operator WHERE name = {n}) != [] {{ THROW 'ratu:operator ' + {n} + ' already exists' }};\n\
         CREATE operator CONTENT {{ name: {n}, role: {r}, agencies: {a}, pin_hash: {h}, created_at: <datetime>{t} }};"
    ));
}

impl Store {
    pub async fn operator(&self, name: &str) -> Result<OperatorRow> {
        let rows: Vec<OperatorRow> = self
            .rows(
                "SELECT name, role, agencies ?? [] AS agencies, pin_hash, created_at FROM operator WHERE name = $n;",
                json!({ "n": name }),
            )
            .await?;
        rows.into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound(format!("operator {name}")))
    }

    pub async fn operators(&self) -> Result<Vec<OperatorRow>> {
        self.rows(
            "SELECT name, role, agencies ?? [] AS agencies, created_at FROM operator ORDER BY name;",
            json!({}),
        )
        .await
    }

    pub async fn operator_count(&self) -> Result<u64> {
        self.count("SELECT count() AS n FROM operator GROUP ALL;", json!({}))
            .await
    }
}
