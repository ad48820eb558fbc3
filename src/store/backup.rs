//! The database as one SurrealQL file, and back: SurrealDB's own export
//! (one read transaction, so a consistent snapshot while others write)
//! and import into a new, empty store.

use super::{DATABASE, NAMESPACE, Result, Store, StoreError, schema};
use crate::domain::DbTarget;
use std::path::Path;
use surrealdb::engine::any::connect;
use surrealdb::opt::auth::Root;

impl Store {
    /// Writes the whole database (definitions and records) to `file`, but
    /// for the operators' access method: its signing key is a secret, and
    /// `ratu serve` defines the access again at start.
    ///
    /// The embedded store exports through this connection. A shared
    /// server exports over HTTP (SurrealDB exports over HTTP, not over
    /// WebSocket) as its root user, given by `root`.
    pub async fn export_to(&self, target: &DbTarget, root: Option<(&str, &str)>, file: &Path) -> Result<()> {
        let err = |e: surrealdb::Error| StoreError::Db(format!("export: {e}"));
        match target {
            DbTarget::Remote { url, .. } => {
                let Some((user, pass)) = root else {
                    return Err(StoreError::Db(
                        "a backup of the service's database needs its root credential: run it on the service's \
                         machine with --data DATA (DATA/serve/root-credential), or set RATU_DB_USER and RATU_DB_PASS"
                            .into(),
                    ));
                };
                let http = http_url(url);
                let db = connect(&http).await.map_err(err)?;
                db.signin(Root {
                    username: user.into(),
                    password: pass.into(),
                })
                .await
                .map_err(|e| StoreError::Db(format!("export: {http} refused the root user: {e}")))?;
                db.use_ns(NAMESPACE).use_db(DATABASE).await.map_err(err)?;
                db.export(file).with_config().accesses(false).await.map_err(err)
            }
            _ => self.db.export(file).with_config().accesses(false).await.map_err(err),
        }
    }

    /// Imports `file` (an export) into a new embedded store in `dir`,
    /// then opens it as usual (schema checked, migrations applied).
    pub async fn import_new(dir: &Path, file: &Path) -> Result<Store> {
        let target = DbTarget::Embedded(dir.to_path_buf());
        if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
            return Err(StoreError::Db(format!("{} is not empty", dir.display())));
        }
        {
            let db = connect(format!("surrealkv://{}?sync=every", dir.display()))
                .await
                .map_err(|e| StoreError::Db(format!("import: {e}")))?;
            db.use_ns(NAMESPACE)
                .use_db(DATABASE)
                .await
                .map_err(|e| StoreError::Db(format!("import: {e}")))?;
            db.import(file)
                .await
                .map_err(|e| StoreError::Db(format!("import: {e}")))?;
            // The import is the whole database: every statement committed
            // before this connection is dropped.
        }
        wait_unlocked(dir).await;
        let store = Store::open(&target).await?;
        schema::check(&store).await?;
        Ok(store)
    }
}

/// `ws://h:p` → `http://h:p` (and `wss` → `https`).
fn http_url(ws: &str) -> String {
    if let Some(rest) = ws.strip_prefix("wss://") {
        format!("https://{rest}")
    } else if let Some(rest) = ws.strip_prefix("ws://") {
        format!("http://{rest}")
    } else {
        ws.to_string()
    }
}

/// Waits until the engine of a dropped connection lets go of `dir` (its
/// `LOCK` is released in the background), at most 30 s.
async fn wait_unlocked(dir: &Path) {
    let lock = dir.join("LOCK");
    for _ in 0..300 {
        match std::fs::File::open(&lock) {
            Ok(f) if can_lock(&f) => return,
            Err(_) => return,
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

/// Whether an exclusive flock on `f` can be had now (it is let go again
/// when `f` closes).
fn can_lock(f: &std::fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock(2) on a descriptor this function borrows, open for
    // its whole duration.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(test)]
mod tests {
    use super::http_url;

    #[test]
    fn the_export_goes_over_http_to_the_same_server() {
        assert_eq!(http_url("ws://127.0.0.1:8000"), "http://127.0.0.1:8000");
        assert_eq!(http_url("wss://ra.example:443"), "https://ra.example:443");
    }
}
