//! The CA's duties in the service: the CA is unlocked once at start (its
//! passphrase from the file named by `RATU_CA_PASSPHRASE_FILE`, as
//! systemd's `LoadCredential` provides it, or `RATU_CA_PASSPHRASE`, or
//! typed once without echo), then [`Ra::run_duties`] issues, publishes,
//! watches expiry and delivers until the service stops. Officers never
//! need the CA passphrase.

use super::net::Net;
use crate::config::{Config, read_file_config};
use crate::ra::{DutySettings, Ra};
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

/// The CA passphrase, or none when nobody can give it (the service then
/// runs without the CA's duties and says so): the one secret reader's
/// rule, `RATU_CA_PASSPHRASE_FILE`, then `RATU_CA_PASSPHRASE`, then typed.
fn ca_passphrase() -> Result<Option<Zeroizing<String>>> {
    crate::secret::read("RATU_CA_PASSPHRASE", "CA passphrase", crate::secret::Ask::Once)
        .context("cannot read the CA passphrase")
}

/// The site's RA: the service's root connection and the site's
/// configuration (CA folder, URLs, delivery), with the CA unlocked when
/// there is one and its passphrase was given (`Ra::ca_is_unlocked`). What the duties run as and
/// what the publication server answers from.
pub struct Site {
    pub ra: Ra,
    pub cfg: Config,
    /// The URL consoles reach the API at (`server` in the site's config).
    pub server_url: Option<String>,
    /// The listeners' limits and trusted proxies.
    pub net: Net,
}

/// Opens the site's RA, unlocking the CA when it can.
pub fn prepare(root: &Ra, opts: &super::Options) -> Result<Site> {
    let data_dir = opts.data_dir.as_path();
    let file = match opts.config.as_ref() {
        Some(p) => read_file_config(p).map_err(anyhow::Error::msg)?,
        None => Default::default(),
    };
    let server_url = file.server.clone();
    let own_portal_url = file.portal_url.is_some();
    let net = Net::from_config(
        file.trusted_proxies.as_deref().unwrap_or_default(),
        file.max_connections,
        file.max_connections_per_address,
    )
    .map_err(anyhow::Error::msg)?;
    let mut cfg = Config::build(data_dir.to_path_buf(), None, file).map_err(anyhow::Error::msg)?;
    if let Some(addr) = opts.publish {
        revocation_urls(&mut cfg, addr);
    }
    if let Some(addr) = opts.portal
        && !own_portal_url
    {
        portal_url(&mut cfg, addr, opts.portal_tls);
    }
    let ra = root.with_config(cfg.ra.clone());
    if !ra.ca_exists() {
        tracing::warn!(
            "no CA in {}: a ca_admin creates it through the service (`ratu --server URL --operator ADMIN ca init`)",
            cfg.ra.ca.dir.display()
        );
        return Ok(Site {
            ra,
            cfg,
            server_url,
            net,
        });
    }
    // Relying parties fetch the CA certificates as DER (AIA caIssuers).
    ra.publish_ca_certs().context("publishing the CA certificates")?;
    let Some(pass) = ca_passphrase()? else {
        tracing::warn!(
            "the CA stays locked (no RATU_CA_PASSPHRASE_FILE, no terminal): approved cases wait, CRLs are not re-published, OCSP answers tryLater"
        );
        return Ok(Site {
            ra,
            cfg,
            server_url,
            net,
        });
    };
    ra.unlock_ca(&pass).context("the CA did not unlock")?;
    tracing::info!("CA unlocked; the service runs the CA's duties");
    Ok(Site {
        ra,
        cfg,
        server_url,
        net,
    })
}

/// With `--portal ADDR` and no `portal_url` in the config, the links
/// e-mailed to applicants open where ADDR answers (a wildcard address
/// names no host, so it is said instead).
fn portal_url(cfg: &mut Config, addr: SocketAddr, tls: bool) {
    if addr.ip().is_unspecified() {
        tracing::warn!(
            "--portal {addr} listens on every address and the config names no portal_url: e-mailed links open at {} (set portal_url to the address applicants reach)",
            cfg.ra.portal_url
        );
        return;
    }
    cfg.ra.portal_url = format!("{}://{addr}", if tls { "https" } else { "http" });
    tracing::info!(portal_url = %cfg.ra.portal_url, "no portal_url in the config: e-mailed links open at the --portal address");
}

/// With `--publish ADDR` and no revocation URLs in the config, the URLs
/// written into certificates are where ADDR answers (a wildcard address
/// names no host, so it is said instead); OCSP not served is said once.
fn revocation_urls(cfg: &mut Config, addr: SocketAddr) {
    let ca = &mut cfg.ra.ca;
    let none = ca.urls.crl.is_none() && ca.urls.ocsp.is_none() && ca.urls.ca_issuers.is_none();
    if none && !addr.ip().is_unspecified() {
        ca.urls_under(&format!("http://{addr}"));
        tracing::info!(
            crl = ca.urls.crl.as_deref().unwrap_or_default(),
            ocsp = ca.urls.ocsp.as_deref().unwrap_or_default(),
            "no crl_url or ocsp_url in the config: certificates issued now carry the --publish address"
        );
    } else if none {
        tracing::warn!(
            "--publish {addr} listens on every address and the config names no crl_url or ocsp_url: certificates issued now carry no revocation URLs (set crl_url, ocsp_url and ca_issuers_url to the name relying parties reach)"
        );
    }
    if ca.urls.ocsp.is_none() {
        tracing::warn!("OCSP is not served: no ocsp_url in the config (set one; /ocsp then answers at its path)");
    }
}

/// Starts the duties on their own task; they end when `stop` turns true
/// (finishing the work in hand). A lost subscription is taken up again.
/// With the CA locked only the outbox and the expiry watch run.
pub fn start(site: &Site, stop: watch::Receiver<bool>) -> JoinHandle<()> {
    let ra = site.ra.clone();
    let settings = DutySettings {
        delivery: Some(site.cfg.delivery.clone()),
        ..Default::default()
    };
    tokio::spawn(async move {
        loop {
            match ra.run_duties(&settings, stop.clone()).await {
                Ok(()) => return,
                Err(e) => tracing::error!("the duties stopped: {e}; starting again"),
            }
            if *stop.borrow() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    })
}
