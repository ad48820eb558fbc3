//! The `archive_bag` table: which bags the archive made (name, month,
//! manifest hash, cases), so the monthly duty does not make a month twice
//! and a purge knows which bag to verify for which case.

use super::{Batch, Result, Store};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One bag as recorded when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BagRecord {
    /// `ratu-closed-2025-11`.
    pub name: String,
    /// `2025-11`.
    pub month: String,
    /// SHA-256 (hex) of its `manifest-sha256.txt`.
    pub manifest_sha256: String,
    pub case_ids: Vec<u64>,
    pub made_at: DateTime<Utc>,
    pub made_by: String,
}

/// Records (or replaces) a bag.
pub fn put_bag(b: &mut Batch, rec: &BagRecord) {
    let id = b.var(&rec.name);
    let month = b.var(&rec.month);
    let sum = b.var(&rec.manifest_sha256);
    let ids = b.var(&rec.case_ids);
    let at = b.var(rec.made_at);
    let by = b.var(&rec.made_by);
    b.push(&format!(
        "UPSERT type::record('archive_bag', {id}) CONTENT {{ month: {month}, manifest_sha256: {sum}, \
         case_ids: {ids}, made_at: <datetime>{at}, made_by: {by} }};"
    ));
}

impl Store {
    /// Every bag recorded, by name.
    pub async fn bags(&self) -> Result<Vec<BagRecord>> {
        self.rows(
            "SELECT record::id(id) AS name, month, manifest_sha256, case_ids, made_at, made_by \
             FROM archive_bag ORDER BY name;",
            json!({}),
        )
        .await
    }
}
