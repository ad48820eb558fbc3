//! The schema, applied idempotently at every start, with a version so that
//! a later version can migrate.

use super::{Result, Store, StoreError};
use serde_json::json;

pub const SCHEMA_VERSION: i64 = 2;
const SCHEMA: &str = include_str!("schema.surql");
/// Version 2's changes to a version 1 database.
const MIGRATE_2: &str = include_str!("migrations.surql");

pub(super) async fn apply(store: &Store) -> Result<()> {
    let found: Vec<serde_json::Value> = store
        .rows(
            "DEFINE TABLE IF NOT EXISTS meta SCHEMAFULL; SELECT VALUE version FROM ONLY meta:schema;",
            json!({}),
        )
        .await?;
    let found = found.first().and_then(|v| v.as_i64()).unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    store.query(SCHEMA, json!({})).await?;
    // Migrations from `found` to SCHEMA_VERSION, one step each.
    if (1..2).contains(&found) {
        store.query(MIGRATE_2, json!({})).await?;
    }
    if found < SCHEMA_VERSION {
        store
            .query(
                "UPSERT meta:schema CONTENT { version: $v, applied_at: time::now() };",
                json!({ "v": SCHEMA_VERSION }),
            )
            .await?;
    }
    Ok(())
}
