//! Where the database is, and opening it.

use super::{Store, StoreError, schema};
pub use crate::domain::DbTarget;
use surrealdb::engine::any::connect;
use surrealdb::opt::auth::Root;

pub const NAMESPACE: &str = "ratu";
pub const DATABASE: &str = "ra";

impl DbTarget {
    fn url(&self) -> String {
        match self {
            // Durability is explicit: fsync on every commit.
            Self::Embedded(p) => format!("surrealkv://{}?sync=every", p.display()),
            Self::Memory => "mem://".into(),
            Self::Remote { url, .. } => url.clone(),
        }
    }
}

fn is_lock_error(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    m.contains("lock")
        && (m.contains("already")
            || m.contains("held")
            || m.contains("in use")
            || m.contains("would block")
            || m.contains("resource temporarily unavailable"))
}

impl Store {
    pub async fn open(target: &DbTarget) -> Result<Store, StoreError> {
        let store = Self::open_unmigrated(target).await?;
        schema::apply(&store).await?;
        Ok(store)
    }

    /// Opens the database without applying the schema; for tests that
    /// build a database of an earlier schema version first (see
    /// [`Store::apply_schema`]).
    #[doc(hidden)]
    pub async fn open_unmigrated(target: &DbTarget) -> Result<Store, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            target: target.describe(),
            reason: crate::domain::text::with_disk_hint(reason),
        };
        if let DbTarget::Embedded(dir) = target {
            std::fs::create_dir_all(dir).map_err(|e| open_err(format!("cannot create the folder: {e}")))?;
            let probe = dir.join(".ratu-write-test");
            std::fs::write(&probe, b"").map_err(|e| open_err(format!("the folder is not writable: {e}")))?;
            let _ = std::fs::remove_file(probe);
        }
        let db = connect(target.url()).await.map_err(|e| {
            let msg = e.to_string();
            if is_lock_error(&msg) {
                StoreError::Locked(target.describe())
            } else {
                open_err(msg)
            }
        })?;
        if let DbTarget::Remote {
            root: Some((user, pass)),
            ..
        } = target
        {
            db.signin(Root {
                username: user.clone(),
                password: pass.clone(),
            })
            .await
            .map_err(|e| open_err(format!("sign-in refused: {e}")))?;
        }
        db.use_ns(NAMESPACE)
            .use_db(DATABASE)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        let lock_file = match target {
            DbTarget::Embedded(dir) => Some(dir.join("LOCK")),
            _ => None,
        };
        Ok(Store {
            db: std::sync::Arc::new(db),
            space: std::sync::Arc::new(std::sync::RwLock::new(match target {
                DbTarget::Embedded(dir) => Some(super::space::Guard::new(dir.clone())),
                _ => None,
            })),
            lock_file,
            status: std::sync::Arc::default(),
            committer: std::sync::Arc::default(),
        })
    }

    /// Lets go of this handle and, when it was the last one on an embedded
    /// database, waits until the database has shut down: SurrealKV writes
    /// its memory table out and releases the folder's lock. A store left
    /// without this (the process ending while the shutdown runs) replays
    /// its write-ahead log into memory at the next open, which at a million
    /// cases took seconds and hundreds of MiB. Returns false when the
    /// database was still open after `limit` (another handle still held).
    pub async fn close(self, limit: std::time::Duration) -> bool {
        let Some(lock) = self.lock_file.clone() else {
            return true;
        };
        drop(self);
        let t = std::time::Instant::now();
        loop {
            if lock_released(&lock) {
                return true;
            }
            if t.elapsed() >= limit {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// Applies the schema and migrates from the stored version, as
    /// [`Store::open`] does; for a store from [`Store::open_unmigrated`].
    #[doc(hidden)]
    pub async fn apply_schema(&self) -> Result<(), StoreError> {
        schema::apply(self).await
    }

    /// True when operators sign in to the database itself (a shared server
    /// reached without root credentials): then the database checks the PIN,
    /// and ratu never reads a PIN hash.
    pub(super) fn committer(&self) -> &super::batch::Committer {
        &self.committer
    }

    /// What this process knows of certificates' standing.
    pub fn status_index(&self) -> &super::StatusIndex {
        &self.status
    }
}

/// True when no process holds the embedded database's lock (SurrealKV
/// takes an exclusive `flock` on `LOCK` while open, and lets it go last
/// when it shuts down).
fn lock_released(lock: &std::path::Path) -> bool {
    match std::fs::File::open(lock) {
        Ok(f) => f.try_lock().is_ok(),
        // No lock file: nothing holds the folder.
        Err(_) => true,
    }
}

/// SurrealKV's block cache, in bytes, unless
/// `SURREAL_SURREALKV_BLOCK_CACHE_CAPACITY` says otherwise.
pub const BLOCK_CACHE_BYTES: u64 = 128 * 1024 * 1024;

/// Process settings SurrealDB reads only from the environment, set unless
/// the operator set them:
/// - SurrealKV's block cache is capped at [`BLOCK_CACHE_BYTES`] (by default
///   it takes about half the machine's memory). Only the service's own
///   server (`ratu serve`) reads this: SurrealDB 3.3's embedded engine
///   takes no storage settings from the environment or the URL;
/// - library errors capture no backtrace (`RUST_LIB_BACKTRACE=0`): SurrealDB
///   builds errors on ordinary paths (a key that already exists), and with
///   `RUST_BACKTRACE=1` in the environment each one walked the stack, which
///   cost about 5% of issuance throughput. Panics still print theirs.
///
/// # Safety
/// Sets environment variables: call before any other thread exists.
pub unsafe fn set_process_defaults() {
    for (key, value) in [
        ("SURREAL_SURREALKV_BLOCK_CACHE_CAPACITY", BLOCK_CACHE_BYTES.to_string()),
        ("RUST_LIB_BACKTRACE", "0".to_string()),
    ] {
        if std::env::var_os(key).is_none() {
            // SAFETY: the caller guarantees no other thread is running.
            unsafe { std::env::set_var(key, value) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_server_is_reached_as_root_only_with_a_password() {
        let t = DbTarget::parse("ws://127.0.0.1:8000", None, None).unwrap();
        assert_eq!(
            t,
            DbTarget::Remote {
                url: "ws://127.0.0.1:8000".into(),
                root: None
            }
        );
        let t = DbTarget::parse("ws://h:8000", None, Some("p".into())).unwrap();
        assert!(matches!(t, DbTarget::Remote { root: Some((u, p)), .. } if u == "root" && p == "p"));
        assert!(DbTarget::parse("ws://h:8000", Some("admin".into()), None).is_err());
    }
}
