//! `--portal-tls`: the applicant page over TLS 1.2/1.3 (rustls, ring),
//! with a certificate from this CA for portal_url's host and the
//! `--portal` address ([`Ra::portal_tls`]). Checked hourly; a renewed
//! certificate is taken up by new connections without a restart.

use crate::ra::{Ra, TlsIdentity};
use anyhow::{Context, Result};
use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often the certificate's remaining life is checked.
const RENEWAL_CHECK: Duration = Duration::from_secs(3600);

/// The page's TLS settings, swapped in place when the certificate is renewed.
pub struct Tls {
    pub(super) config: RustlsConfig,
    ra: Ra,
    dir: PathBuf,
    names: Vec<String>,
    serial: String,
}

/// The host of `url` (`https://HOST[:PORT]/…`), brackets removed.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

/// The names the certificate must carry: portal_url's host, and the
/// listening address unless it is a wildcard one.
fn names(portal_url: &str, addr: SocketAddr) -> Vec<String> {
    let mut names: Vec<String> = host_of(portal_url).map(str::to_string).into_iter().collect();
    if !addr.ip().is_unspecified() {
        names.push(addr.ip().to_string());
    }
    names
}

fn server_config(id: &TlsIdentity) -> Result<Arc<rustls::ServerConfig>> {
    let chain: Vec<CertificateDer<'static>> = id.chain_der.iter().map(|d| CertificateDer::from(d.clone())).collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(id.key_der.to_vec()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the applicant page's TLS certificate and key")?;
    Ok(Arc::new(config))
}

impl Tls {
    /// The certificate in `dir`, or a new one from the CA, for the page
    /// listening on `addr`.
    pub async fn prepare(ra: &Ra, dir: &Path, addr: SocketAddr) -> Result<Self> {
        let portal_url = ra.config().portal_url.clone();
        if !portal_url.starts_with("https://") {
            tracing::warn!(%portal_url, "the applicant page serves TLS but portal_url is not https://: the e-mailed links will not open; set portal_url = \"https://…\"");
        }
        let names = names(&portal_url, addr);
        let id = ra
            .portal_tls(dir, &names)
            .await
            .context("the applicant page's TLS certificate (--portal-tls)")?;
        tracing::info!(serial = %id.serial, not_after = %id.not_after, names = ?names, "the applicant page serves TLS");
        Ok(Self {
            config: RustlsConfig::from_config(server_config(&id)?),
            ra: ra.clone(),
            dir: dir.to_path_buf(),
            names,
            serial: id.serial,
        })
    }

    /// Renews the certificate when it is due, until `stop` turns true.
    pub(super) fn keep_renewed(mut self, mut stop: watch::Receiver<bool>) {
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(RENEWAL_CHECK) => {}
                    _ = stop.wait_for(|s| *s) => return,
                }
                match self.ra.portal_tls(&self.dir, &self.names).await {
                    Ok(id) if id.serial != self.serial => match server_config(&id) {
                        Ok(c) => {
                            self.config.reload_from_config(c);
                            tracing::info!(serial = %id.serial, "the applicant page's TLS certificate was renewed");
                            self.serial = id.serial;
                        }
                        Err(e) => tracing::error!("the renewed TLS certificate cannot be used: {e:#}"),
                    },
                    Ok(_) => {}
                    Err(e) => tracing::error!("the applicant page's TLS certificate is due and was not renewed: {e}"),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_the_links_host_and_the_listening_address() {
        let a: SocketAddr = "127.0.0.1:8443".parse().unwrap();
        assert_eq!(
            names("https://ra.example.go.id:8443/x", a),
            ["ra.example.go.id", "127.0.0.1"]
        );
        assert_eq!(names("https://[::1]:8443", a), ["::1", "127.0.0.1"]);
        assert_eq!(names("https://u@ra.id", "0.0.0.0:443".parse().unwrap()), ["ra.id"]);
        assert_eq!(host_of("https:///x"), None);
    }
}
