//! What relying parties fetch over HTTP (`ratu serve --publish`): the
//! published CRLs and the CA certificates, at the paths of the URLs
//! written into certificates (CRL distribution point, AIA caIssuers,
//! the root's CRL) and under their own file names, plus the OCSP
//! responder at the path of the OCSP URL.

use super::{Ra, RaError, Result};
use crate::ca::inspect;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::PathBuf;

/// One thing served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Publication {
    IssuingCrl,
    RootCrl,
    IssuingCert,
    RootCert,
    Ocsp,
}

impl super::CaSettings {
    /// The URLs written into certificates, where the config names none,
    /// under `base` (`http://HOST:PORT`, where `ratu serve --publish`
    /// answers): the issuing CA's CRL and certificate, the root's CRL and
    /// the OCSP responder at `/ocsp`. Returns whether any was filled in.
    pub fn urls_under(&mut self, base: &str) -> bool {
        let base = base.trim_end_matches('/');
        let mut filled = false;
        for (slot, path) in [
            (&mut self.urls.crl, "issuing-ca.crl"),
            (&mut self.urls.ca_issuers, "issuing-ca.cer"),
            (&mut self.urls.ocsp, "ocsp"),
            (&mut self.root_crl_url, "root-ca.crl"),
        ] {
            if slot.is_none() {
                *slot = Some(format!("{base}/{path}"));
                filled = true;
            }
        }
        filled
    }
}

impl Publication {
    /// The file in the publish folder (none for OCSP).
    pub fn file_name(self) -> Option<&'static str> {
        match self {
            Self::IssuingCrl => Some("issuing-ca.crl"),
            Self::RootCrl => Some("root-ca.crl"),
            Self::IssuingCert => Some("issuing-ca.cer"),
            Self::RootCert => Some("root-ca.cer"),
            Self::Ocsp => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::IssuingCrl | Self::RootCrl => "application/pkix-crl",
            Self::IssuingCert | Self::RootCert => "application/pkix-cert",
            Self::Ocsp => "application/ocsp-response",
        }
    }
}

/// A published file as read in one go from one open file (the publisher
/// replaces files by rename, so a reader never sees half of one).
#[derive(Debug, Clone)]
pub struct PublishedFile {
    pub bytes: Vec<u8>,
    pub modified: DateTime<Utc>,
    /// A CRL's nextUpdate: caches keep it no longer than that.
    pub next_update: Option<DateTime<Utc>>,
    /// Quoted, from the content's SHA-256.
    pub etag: String,
}

/// The path of an `http://` URL (`/` when it has none); none for other schemes.
pub fn url_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    Some(if path.is_empty() { "/".into() } else { path.into() })
}

impl Ra {
    /// Every path served and what it serves: the configured URLs' paths
    /// first, then each file under its own name at the top.
    pub fn publication_paths(&self) -> Vec<(String, Publication)> {
        let ca = &self.cfg.ca;
        let configured = [
            (&ca.urls.crl, Publication::IssuingCrl),
            (&ca.urls.ca_issuers, Publication::IssuingCert),
            (&ca.root_crl_url, Publication::RootCrl),
            (&ca.urls.ocsp, Publication::Ocsp),
        ];
        let mut out: Vec<(String, Publication)> = Vec::new();
        let mut add = |path: String, p: Publication| {
            if !out.iter().any(|(q, _)| *q == path) {
                out.push((path, p));
            }
        };
        for (url, p) in configured {
            if let Some(path) = url.as_deref().and_then(url_path) {
                add(path, p);
            }
        }
        for p in [
            Publication::IssuingCrl,
            Publication::RootCrl,
            Publication::IssuingCert,
            Publication::RootCert,
        ] {
            if let Some(f) = p.file_name() {
                add(format!("/{f}"), p);
            }
        }
        out
    }

    fn published_path(&self, p: Publication) -> Option<PathBuf> {
        p.file_name().map(|f| self.cfg.ca.publish_dir.join(f))
    }

    /// A stamp that changes whenever the file is replaced: (modified, size,
    /// inode). None when it is not published (yet).
    pub fn published_stamp(&self, p: Publication) -> Option<(std::time::SystemTime, u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(self.published_path(p)?).ok()?;
        Some((m.modified().ok()?, m.len(), m.ino()))
    }

    /// The published file, read whole from one open file; none when it is
    /// not published (yet).
    pub fn published(&self, p: Publication) -> Result<Option<PublishedFile>> {
        let Some(path) = self.published_path(p) else {
            return Ok(None);
        };
        let io = |e: std::io::Error| RaError::Io(format!("{}: {e}", path.display()));
        let mut f = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        };
        let modified: DateTime<Utc> = f.metadata().and_then(|m| m.modified()).map_err(io)?.into();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).map_err(io)?;
        let next_update = match p {
            Publication::IssuingCrl | Publication::RootCrl => {
                inspect(&path.display().to_string(), &bytes, None)?.next_update
            }
            _ => None,
        };
        let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&bytes)[..16]));
        Ok(Some(PublishedFile {
            bytes,
            modified,
            next_update,
            etag,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn url_paths_are_what_follows_the_host() {
        assert_eq!(
            url_path("http://pki.example.id/crl/ca.crl").as_deref(),
            Some("/crl/ca.crl")
        );
        assert_eq!(url_path("http://127.0.0.1:8080").as_deref(), Some("/"));
        assert_eq!(url_path("http://h/ocsp?x=1").as_deref(), Some("/ocsp"));
        assert_eq!(url_path("ldap://h/cn=x"), None);
    }
}
