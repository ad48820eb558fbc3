//! Where the database is, and opening it.

use super::{Store, StoreError, schema};
use std::path::PathBuf;
use surrealdb::engine::any::connect;
use surrealdb::opt::auth::Root;

pub const NAMESPACE: &str = "ratu";
pub const DATABASE: &str = "ra";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// Embedded SurrealKV in this folder.
    Embedded(PathBuf),
    /// In memory, gone at exit (tests).
    Memory,
    /// A shared SurrealDB server.
    Remote { url: String, user: String, pass: String },
}

impl DbTarget {
    /// `--db URL`: `mem://`, `surrealkv://PATH` or `ws(s)://HOST:PORT`.
    pub fn parse(url: &str, user: Option<String>, pass: Option<String>) -> Result<Self, String> {
        if url == "mem://" || url == "memory" {
            Ok(Self::Memory)
        } else if let Some(p) = url.strip_prefix("surrealkv://") {
            Ok(Self::Embedded(PathBuf::from(p)))
        } else if url.starts_with("ws://") || url.starts_with("wss://") {
            Ok(Self::Remote {
                url: url.to_string(),
                user: user.unwrap_or_else(|| "root".into()),
                pass: pass.ok_or("a shared server needs a password: set RATU_DB_PASS")?,
            })
        } else {
            Err(format!(
                "unsupported database URL {url:?}: use mem://, surrealkv://PATH or ws://HOST:PORT"
            ))
        }
    }

    fn url(&self) -> String {
        match self {
            // Durability is explicit: fsync on every commit.
            Self::Embedded(p) => format!("surrealkv://{}?sync=every", p.display()),
            Self::Memory => "mem://".into(),
            Self::Remote { url, .. } => url.clone(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Embedded(p) => p.display().to_string(),
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
        let open_err = |reason: String| StoreError::Open {
            target: target.describe(),
            reason,
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
        if let DbTarget::Remote { user, pass, .. } = target {
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
        let store = Store { db };
        schema::apply(&store).await?;
        Ok(store)
    }
}

/// SurrealKV's block cache, in bytes, unless
/// `SURREAL_SURREALKV_BLOCK_CACHE_CAPACITY` says otherwise.
pub const BLOCK_CACHE_BYTES: u64 = 128 * 1024 * 1024;

/// Process settings SurrealDB reads only from the environment, set unless
/// the operator set them:
/// - SurrealKV's block cache is capped at [`BLOCK_CACHE_BYTES`] (by default
///   it takes about half the machine's memory);
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
