//! The service's own TLS identities (`ratu serve --portal-tls` for the
//! applicant page, `--tls` for the API): a server certificate from this
//! CA under the `tls-server` profile, with a fresh P-256 key kept beside
//! the service's data (`STEM.key`, mode 0600) and the chain (`STEM.pem`:
//! the certificate, then the issuing CA). It is recorded like every certificate (intent first: the
//! serial before the signature), so `cert list` shows it and it can be
//! revoked; the one it replaces is revoked as superseded.

use super::duties::SERVICE_OPERATOR;
use super::{Ra, RaError, Result};
use crate::ca::{self, KeyAlg, PrivateKey, ProfileSubject, Serial, ServerName};
use crate::domain::{CertRecord, CertState, RevocationReason};
use crate::store::{Batch, insert_cert, update_cert};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The profile the applicant page's certificate is issued under.
pub const TLS_PROFILE: &str = "tls-server";

/// Which of the service's listeners a TLS identity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlsUse {
    /// The files' name in the service's folder (`STEM.pem`, `STEM.key`).
    pub stem: &'static str,
    /// What it serves, for logs, errors and the audit trail.
    pub what: &'static str,
}

/// The applicant page (`--portal-tls`).
pub const PORTAL_TLS: TlsUse = TlsUse {
    stem: "portal-tls",
    what: "the applicant page",
};

/// The operators' API (`--tls`).
pub const API_TLS: TlsUse = TlsUse {
    stem: "api-tls",
    what: "the API",
};

/// The certificate chain and the key the page serves with.
pub struct TlsIdentity {
    /// The page's certificate, then the issuing CA's (DER).
    pub chain_der: Vec<Vec<u8>>,
    /// PKCS#8 DER.
    pub key_der: Zeroizing<Vec<u8>>,
    pub serial: String,
    pub not_after: DateTime<Utc>,
}

fn files(dir: &Path, u: TlsUse) -> (PathBuf, PathBuf) {
    (dir.join(format!("{}.pem", u.stem)), dir.join(format!("{}.key", u.stem)))
}

/// What the files in `dir` hold, when they hold a certificate for exactly
/// `names` by `issuing` with its key, and more than a quarter of its life
/// left at `now`.
fn kept(dir: &Path, u: TlsUse, names: &[ServerName], issuing: &[u8], now: DateTime<Utc>) -> Option<TlsIdentity> {
    let (cert_file, key_file) = files(dir, u);
    let chain_pem = std::fs::read_to_string(cert_file).ok()?;
    let key_pem = Zeroizing::new(std::fs::read_to_string(key_file).ok()?);
    let id = ca::read_server_identity(&chain_pem, &key_pem).ok()?;
    let (mut have, mut want) = (id.names.clone(), names.to_vec());
    have.sort();
    want.sort();
    let (from, to) = (id.not_before, id.not_after);
    let fits = have == want && ca::signed_by(&id.leaf_der, issuing) && to - now > (to - from) / 4;
    fits.then_some(TlsIdentity {
        chain_der: id.chain_der,
        key_der: id.key_der,
        serial: id.serial,
        not_after: to,
    })
}

/// The serial of the certificate in `dir`, whatever it is.
fn kept_serial(dir: &Path, u: TlsUse) -> Option<String> {
    let pem = std::fs::read_to_string(files(dir, u).0).ok()?;
    ca::inspect(u.stem, pem.as_bytes(), None).ok()?.serial
}

impl Ra {
    /// The applicant page's TLS identity for `names`, kept in `dir`:
    /// the one there while it fits (same names, this CA, not revoked,
    /// more than a quarter of its life left), or else a new key and
    /// certificate, which needs the CA unlocked.
    pub async fn portal_tls(&self, dir: &Path, names: &[String]) -> Result<TlsIdentity> {
        self.server_tls(dir, PORTAL_TLS, names).await
    }

    /// The TLS identity of listener `u` for `names`, kept in `dir`, as
    /// [`Ra::portal_tls`] keeps the applicant page's.
    pub async fn server_tls(&self, dir: &Path, u: TlsUse, names: &[String]) -> Result<TlsIdentity> {
        let names = ca::parse_server_names(names)?;
        let (issuing, _) = self.ca_certs()?;
        let issuer_dn = ca::inspect("issuing CA", &issuing, None)?.subject.unwrap_or_default();
        let now = self.now();
        let previous = match kept(dir, u, &names, &issuing, now) {
            Some(id) => match self.store.cert_at(&issuer_dn, &id.serial).await {
                Ok(rec) if rec.state == CertState::Issued => return Ok(id),
                Ok(rec) => {
                    tracing::warn!(serial = %rec.serial, state = ?rec.state, "the certificate of {} is not valid; issuing a new one", u.what);
                    None
                }
                Err(_) => None,
            },
            None => match kept_serial(dir, u) {
                Some(s) => self.store.cert_at(&issuer_dn, &s).await.ok(),
                None => None,
            },
        };
        self.issue_server_tls(dir, u, &names, &issuer_dn, &issuing, previous)
            .await
    }

    async fn issue_server_tls(
        &self,
        dir: &Path,
        u: TlsUse,
        names: &[ServerName],
        issuer_dn: &str,
        issuing: &[u8],
        previous: Option<CertRecord>,
    ) -> Result<TlsIdentity> {
        let ca = self.unlocked().map_err(|_| {
            RaError::Invalid(format!(
                "{} needs a TLS certificate for {} and the CA is locked: start the service with the CA passphrase (RATU_CA_PASSPHRASE_FILE)",
                u.what,
                names.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ))
        })?;
        let profile = self.cfg.ca.profiles.get(TLS_PROFILE)?;
        profile.expect_subject(ProfileSubject::Server)?;
        let key = PrivateKey::generate(KeyAlg::EcdsaP256)?;
        let public = key.public_key()?;
        let serial = Serial::random();
        let now = self.now();
        let cn = names[0].to_string();
        let mut rec = CertRecord::new(
            hex::encode(serial.as_bytes()),
            cn.clone(),
            TLS_PROFILE,
            (now, profile.not_after(now)?),
            CertState::Reserved,
        );
        rec.issuer_dn = issuer_dn.to_string();
        // Intent first: the serial is known before anything is signed.
        let mut b = Batch::new();
        insert_cert(&mut b, &rec, None);
        b.commit(&self.store).await?;
        let signed = ca
            .issuer
            .issue_server(profile, names, &public, serial, now, &self.cfg.ca.urls)
            .and_then(|der| ca::inspect("TLS server certificate", &der, None).map(|info| (der, info)));
        let (der, info) = match signed {
            Ok(s) => s,
            Err(e) => {
                // Nothing was signed: the reserved row goes, as issuance
                // drops the reservations it could not sign.
                let _ = self.store.drop_reserved_cert(issuer_dn, &rec.serial).await;
                return Err(e.into());
            }
        };
        rec.subject_dn = info.subject.unwrap_or_default();
        rec.sha256 = Some(info.sha256);
        rec.state = CertState::Issued;
        let op = Self::service_operator();
        let mut b = Batch::new();
        update_cert(&mut b, &rec, Some(&der));
        let listed = names.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        self.audit(
            &mut b,
            SERVICE_OPERATOR,
            "tls_server_cert",
            None,
            format!("serial {} for {} ({listed})", rec.serial, u.what),
        );
        let superseded = match previous {
            Some(mut prev) if prev.state == CertState::Issued && prev.serial != rec.serial => {
                prev.superseded_by = Some(rec.serial.clone());
                self.revoke_in(&mut b, &op, &mut prev, RevocationReason::Superseded, None, None);
                true
            }
            _ => false,
        };
        b.commit(&self.store).await?;
        if superseded {
            self.publish_after_revocation().await;
        }
        let chain_pem = format!(
            "{}{}",
            ca::pem_encode("CERTIFICATE", &der),
            ca::pem_encode("CERTIFICATE", issuing)
        );
        let key_pem = Zeroizing::new(ca::pem_encode("PRIVATE KEY", key.pkcs8_der()));
        let (cert_file, key_file) = files(dir, u);
        ca::write_secret_file(&key_file, key_pem.as_bytes())?;
        ca::write_atomic(&cert_file, chain_pem.as_bytes(), 0o644)?;
        tracing::info!(serial = %rec.serial, names = %listed, not_after = %rec.not_after, "TLS certificate issued for {}", u.what);
        Ok(TlsIdentity {
            chain_der: vec![der, issuing.to_vec()],
            key_der: key.to_pkcs8(),
            serial: rec.serial,
            not_after: rec.not_after,
        })
    }
}
