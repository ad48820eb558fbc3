//! The schema, applied idempotently at every start, with a version so that
//! a later version can migrate.

use super::{Result, Store, StoreError};
use serde_json::json;

pub const SCHEMA_VERSION: i64 = 10;
const SCHEMA: &str = include_str!("schema.surql");
/// What `ratu serve` applies on its server: no access for operators, and
/// every table closed to any user but root.
const SERVER: &str = include_str!("server.surql");
/// Each version's changes to a database of the version before, in order.
const MIGRATIONS: [(i64, &str); 9] = [
    (2, include_str!("migrate_2.surql")),
    (3, include_str!("migrate_3.surql")),
    (4, include_str!("migrate_4.surql")),
    (5, include_str!("migrate_5.surql")),
    (6, include_str!("migrate_6.surql")),
    (7, include_str!("migrate_7.surql")),
    (8, include_str!("migrate_8.surql")),
    (9, include_str!("migrate_9.surql")),
    (10, include_str!("migrate_10.surql")),
];

/// On a database whose schema the service applied: refuses one of another
/// version (an operator cannot migrate it).
pub(super) async fn check(store: &Store) -> Result<()> {
    let found = found_version(store, "SELECT VALUE version FROM ONLY meta:schema;").await?;
    if found < SCHEMA_VERSION {
        return Err(StoreError::Db(format!(
            "the service's database has schema version {found}, this ratu needs {SCHEMA_VERSION}: upgrade and restart ratu serve"
        )));
    }
    Ok(())
}

/// The stored schema version (`sql` reads it; none: 0), refused when it is
/// newer than this ratu.
async fn found_version(store: &Store, sql: &str) -> Result<i64> {
    let found: Vec<serde_json::Value> = store.rows(sql, json!({})).await?;
    let found = found.first().and_then(|v| v.as_i64()).unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

pub(super) async fn apply(store: &Store) -> Result<()> {
    let found = found_version(
        store,
        "DEFINE TABLE IF NOT EXISTS meta SCHEMAFULL; SELECT VALUE version FROM ONLY meta:schema;",
    )
    .await?;
    store.query(SCHEMA, json!({})).await?;
    // Migrations from `found` to SCHEMA_VERSION, one step each (a new
    // database, version 0, already has the schema they lead to).
    for (version, step) in MIGRATIONS {
        if (1..version).contains(&found) {
            store.query(step, json!({})).await?;
            crate::crash::point("migrate.step");
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

impl Store {
    /// Closes this database to everyone but its root user (`ratu serve`):
    /// removes the operators' record access an older ratu defined and sets
    /// every table's permissions to none. Idempotent.
    pub async fn apply_server_schema(&self) -> Result<()> {
        self.query(SERVER, json!({})).await.map(|_| ())
    }

    /// The tables of this database that a record user cannot read
    /// (defined without PERMISSIONS, or with none for select): every one,
    /// once the server schema applied.
    pub async fn tables_closed_to_operators(&self) -> Result<Vec<String>> {
        let info: Vec<serde_json::Value> = self.query("INFO FOR DB;", json!({})).await?;
        let tables = info
            .first()
            .and_then(|i| i.get("tables"))
            .and_then(|t| t.as_object())
            .cloned()
            .unwrap_or_default();
        let mut closed: Vec<String> = tables
            .into_iter()
            .filter(|(_, def)| {
                let def = def.as_str().unwrap_or("");
                !def.contains("PERMISSIONS FOR select FULL") && !def.contains("PERMISSIONS FOR select WHERE")
            })
            .map(|(name, _)| name)
            .collect();
        closed.sort();
        Ok(closed)
    }
}
