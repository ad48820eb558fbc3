//! The schema, applied idempotently at every start, with a version so that
//! a later version can migrate.

use super::{Result, Store, StoreError};
use serde_json::json;

pub const SCHEMA_VERSION: i64 = 4;
const SCHEMA: &str = include_str!("schema.surql");
/// Each version's changes to a database of the version before, in order.
const MIGRATIONS: [(i64, &str); 3] = [
    (2, include_str!("migrate_2.surql")),
    (3, include_str!("migrate_3.surql")),
    (4, include_str!("migrate_4.surql")),
];

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
    // Migrations from `found` to SCHEMA_VERSION, one step each (a new
    // database, version 0, already has the schema they lead to).
    for (version, step) in MIGRATIONS {
        if (1..version).contains(&found) {
            store.query(step, json!({})).await?;
        }
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
