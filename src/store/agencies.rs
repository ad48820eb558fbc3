//! The `agency` table: the managed list of agencies, keyed by name; and a
//! verifier's agencies (`operator.agencies`).

use super::cases::ts;
use super::{Batch, Result, Store};
use chrono::{DateTime, Utc};
use serde_json::json;

/// Adds agency `name` (already normalised), refused when it is listed.
pub fn insert_agency(b: &mut Batch, name: &str, by: &str, now: DateTime<Utc>) {
    let n = b.var(name);
    let who = b.var(by);
    let t = b.var(ts(now));
    b.push(&format!(
        "IF record::exists(type::record('agency', {n})) {{ THROW 'ratu:agency ' + {n} + ' is already on the list' }};\n\
         CREATE type::record('agency', {n}) CONTENT {{ name: {n}, created_at: <datetime>{t}, created_by: {who} }};"
    ));
}

/// Sets the agencies of operator `name`.
pub fn set_operator_agencies(b: &mut Batch, name: &str, agencies: &[String]) {
    let n = b.var(name);
    let a = b.var(agencies);
    b.push(&format!(
        "IF (SELECT VALUE name FROM operator WHERE name = {n}) == [] {{ THROW 'ratu:notfound:operator ' + {n} }};\n\
         UPDATE operator SET agencies = {a} WHERE name = {n};"
    ));
}

impl Store {
    /// The agencies on the list, by name.
    pub async fn agencies(&self) -> Result<Vec<String>> {
        self.rows("SELECT VALUE name FROM agency ORDER BY name;", json!({}))
            .await
    }
}
