//! Where the database is: a plain description the front-ends parse from
//! `--db`, `RATU_DB` or the config file; the store connects to it.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// Embedded SurrealKV in this folder.
    Embedded(PathBuf),
    /// In memory, gone at exit (tests).
    Memory,
    /// A shared SurrealDB server (`ratu serve`). With `root` (RATU_DB_USER
    /// and RATU_DB_PASS), as the server's root user, which applies the schema;
    /// without, each operator signs in to the database itself as a record
    /// user (access `operator`) and the schema is the service's.
    Remote {
        url: String,
        root: Option<(String, String)>,
    },
}

impl DbTarget {
    /// `--db URL`: `mem://`, `surrealkv://PATH` or `ws(s)://HOST:PORT`.
    pub fn parse(url: &str, user: Option<String>, pass: Option<String>) -> Result<Self, String> {
        if url == "mem://" || url == "memory" {
            Ok(Self::Memory)
        } else if let Some(p) = url.strip_prefix("surrealkv://") {
            Ok(Self::Embedded(PathBuf::from(p)))
        } else if url.starts_with("ws://") || url.starts_with("wss://") {
            let root = match (user, pass) {
                (user, Some(pass)) => Some((user.unwrap_or_else(|| "root".into()), pass)),
                (Some(_), None) => return Err("RATU_DB_USER needs RATU_DB_PASS too".into()),
                (None, None) => None,
            };
            Ok(Self::Remote {
                url: url.to_string(),
                root,
            })
        } else {
            Err(format!(
                "unsupported database URL {url:?}: use mem://, surrealkv://PATH or ws://HOST:PORT"
            ))
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
