//! Where the service keeps the database: its own SurrealDB server on
//! `DATA/db` (SurrealKV), its own server on a TiKV cluster (`tikv://PD`,
//! cargo feature `tikv`), or an existing SurrealDB server (`ws://`) that
//! the service signs in to as root.

use anyhow::{Result, bail};

/// `ratu serve --db …`, or none.
#[derive(Clone, PartialEq, Eq)]
pub enum Storage {
    /// A SurrealDB server in this process on `DATA/db` (the default).
    Own,
    /// A SurrealDB server in this process on TiKV, reached through its
    /// placement driver(s), e.g. `tikv://pd1:2379`.
    Tikv(String),
    /// An existing SurrealDB server; the service signs in as its root user
    /// (or a root-level user) to apply the schema and run the duties.
    Existing { url: String, user: String, pass: String },
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Own => write!(f, "Own"),
            Self::Tikv(pd) => write!(f, "Tikv({pd})"),
            // The password never reaches a log line.
            Self::Existing { url, user, .. } => write!(f, "Existing({user}@{url})"),
        }
    }
}

impl Storage {
    /// From `--db URL`, the root user (RATU_DB_USER, default `root`) and
    /// its password (RATU_DB_PASS, or the file named by RATU_DB_PASS_FILE,
    /// as systemd's `LoadCredential` provides it).
    pub fn parse(url: &str, user: Option<String>, pass: Option<String>) -> Result<Storage> {
        if url.starts_with("ws://") || url.starts_with("wss://") {
            let pass = match pass {
                Some(p) => p,
                None => match crate::secret::read(
                    "RATU_DB_PASS",
                    "password of the SurrealDB root user",
                    crate::secret::Ask::Once,
                )? {
                    Some(p) => p.to_string(),
                    None => bail!(
                        "ratu serve --db {url} signs in to that server as its root user: \
                         set RATU_DB_USER (default root) and RATU_DB_PASS or RATU_DB_PASS_FILE"
                    ),
                },
            };
            return Ok(Storage::Existing {
                url: url.to_string(),
                user: user.unwrap_or_else(|| "root".into()),
                pass,
            });
        }
        if let Some(pd) = url.strip_prefix("tikv://") {
            if pd.is_empty() {
                bail!("--db tikv:// needs the placement driver's address, e.g. tikv://pd1:2379");
            }
            if !cfg!(feature = "tikv") {
                bail!("this ratu was built without TiKV: build it with `cargo build --release --features tikv`");
            }
            return Ok(Storage::Tikv(url.to_string()));
        }
        bail!("ratu serve --db takes ws://HOST:PORT (an existing SurrealDB server) or tikv://PD:2379, not {url:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_server_needs_a_root_password_and_hides_it() {
        let e = Storage::parse("ws://127.0.0.1:8000", None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("RATU_DB_PASS"), "{e}");
        let s = Storage::parse("ws://127.0.0.1:8000", None, Some("geheim".into())).unwrap();
        assert_eq!(
            s,
            Storage::Existing {
                url: "ws://127.0.0.1:8000".into(),
                user: "root".into(),
                pass: "geheim".into()
            }
        );
        assert!(!format!("{s:?}").contains("geheim"));
    }

    #[test]
    fn tikv_and_other_urls() {
        assert!(Storage::parse("tikv://", None, None).is_err());
        let t = Storage::parse("tikv://pd1:2379", None, None);
        if cfg!(feature = "tikv") {
            assert_eq!(t.unwrap(), Storage::Tikv("tikv://pd1:2379".into()));
        } else {
            assert!(t.unwrap_err().to_string().contains("--features tikv"));
        }
        let e = Storage::parse("surrealkv:///tmp/x", None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("ws://HOST:PORT"), "{e}");
    }
}
