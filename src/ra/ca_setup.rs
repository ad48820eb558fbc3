//! The CA's files — certificates, and keys encrypted under the CA
//! passphrase (PKCS#8, scrypt), 0600 in a 0700 folder — and unlocking them
//! into memory for a session.

use super::{Ra, RaError, Result, require_role};
use crate::ca::{
    self, CaCert, CaError, HierarchySpec, Issuer, create_hierarchy, encrypt_pkcs8, import_issuing_ca, inspect,
    passphrase_policy, pem_encode, write_atomic, write_secret_file,
};
use crate::domain::{Operator, Role};
use crate::store::{Batch, CrlState};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// The demo CA's passphrase. Demo only.
pub const DEMO_CA_PASSPHRASE: &str = "Demo-CA-246810";

const ROOT_CERT: &str = "root.pem";
const ROOT_KEY: &str = "root.key";
const ISSUING_CERT: &str = "issuing.pem";
const ISSUING_KEY: &str = "issuing.key";

/// The CA with its keys decrypted, for this process only.
pub(crate) struct UnlockedCa {
    pub issuer: Issuer,
    /// The root, when this site holds its key (a created hierarchy).
    pub root: Option<Issuer>,
}

/// One CA certificate, as `ca status` shows it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CaCertSummary {
    pub subject: String,
    pub serial: String,
    pub not_after: Option<chrono::DateTime<chrono::Utc>>,
    pub key: String,
    pub sha256: String,
}

/// What `ca status` and the console's CA screen show.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CaStatus {
    pub dir: PathBuf,
    pub unlocked: bool,
    pub root: Option<CaCertSummary>,
    pub issuing: CaCertSummary,
    pub crl: Option<CrlState>,
    pub root_crl: Option<CrlState>,
}

fn io(path: &Path, e: std::io::Error) -> RaError {
    RaError::Io(format!("{}: {e}", path.display()))
}

fn summary(what: &str, der: &[u8]) -> Result<CaCertSummary> {
    let i = inspect(what, der, None)?;
    Ok(CaCertSummary {
        subject: i.subject.unwrap_or_default(),
        serial: i.serial.unwrap_or_default(),
        not_after: i.not_after,
        key: i.key.map(|k| k.to_string()).unwrap_or_default(),
        sha256: i.sha256,
    })
}

/// Reads the first certificate of a PEM file as DER.
fn read_cert(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|e| io(path, e))?;
    Ok(inspect(&path.display().to_string(), &bytes, None)?.der)
}

impl Ra {
    fn ca_path(&self, name: &str) -> PathBuf {
        self.cfg.ca.dir.join(name)
    }

    /// True once `ca init` or `ca import` has run.
    pub fn ca_exists(&self) -> bool {
        self.ca_path(ISSUING_CERT).exists()
    }

    pub fn ca_is_unlocked(&self) -> bool {
        self.ca.read().is_ok_and(|g| g.is_some())
    }

    /// That this data folder has no CA, where it was looked for, and how
    /// one is made.
    pub fn no_ca(&self) -> RaError {
        RaError::NoCa(format!(
            "in {}: a ca_admin runs `ratu ca init` (or `ratu ca import`) on this data folder, or reaches the office's CA through its service with --server URL",
            self.config().ca.dir.display()
        ))
    }

    /// The unlocked CA, or why there is none.
    pub(super) fn unlocked(&self) -> Result<Arc<UnlockedCa>> {
        if let Some(ca) = self.ca.read().ok().and_then(|g| g.clone()) {
            return Ok(ca);
        }
        if self.ca_exists() {
            Err(RaError::CaLocked)
        } else {
            Err(self.no_ca())
        }
    }

    /// The issuing CA certificate (DER) and the root's, when present.
    pub fn ca_certs(&self) -> Result<(Vec<u8>, Option<Vec<u8>>)> {
        if !self.ca_exists() {
            return Err(self.no_ca());
        }
        let root = self.ca_path(ROOT_CERT);
        let root = if root.exists() { Some(read_cert(&root)?) } else { None };
        Ok((read_cert(&self.ca_path(ISSUING_CERT))?, root))
    }

    /// Decrypts the CA keys into memory. A wrong passphrase is a clear error.
    pub fn unlock_ca(&self, passphrase: &str) -> Result<()> {
        let (issuing_der, root_der) = self.ca_certs()?;
        let key = |name: &str| -> Result<Zeroizing<Vec<u8>>> {
            let path = self.ca_path(name);
            let pem = std::fs::read(&path).map_err(|e| io(&path, e))?;
            Ok(ca::decrypt_pkcs8(&path.display().to_string(), &pem, passphrase)?)
        };
        let issuer = Issuer::new(&issuing_der, &key(ISSUING_KEY)?)?;
        let root = match &root_der {
            Some(der) if self.ca_path(ROOT_KEY).exists() => Some(Issuer::new(der, &key(ROOT_KEY)?)?),
            _ => None,
        };
        let unlocked = Arc::new(UnlockedCa { issuer, root });
        *self
            .ca
            .write()
            .map_err(|_| RaError::Invalid("CA state poisoned".into()))? = Some(unlocked);
        Ok(())
    }

    fn check_new_ca(&self, passphrase: &str) -> Result<()> {
        if self.ca_exists() {
            return Err(RaError::Invalid(format!(
                "a CA already exists in {}; move that folder away first to replace it",
                self.cfg.ca.dir.display()
            )));
        }
        passphrase_policy(passphrase).map_err(|e| RaError::Invalid(format!("CA passphrase rejected: {e}")))
    }

    fn write_ca_cert(&self, name: &str, der: &[u8]) -> Result<()> {
        let pem = pem_encode("CERTIFICATE", der);
        write_atomic(&self.ca_path(name), pem.as_bytes(), 0o644)?;
        Ok(())
    }

    fn write_ca_key(&self, name: &str, c: &CaCert, passphrase: &str) -> Result<()> {
        write_secret_file(&self.ca_path(name), &encrypt_pkcs8(&c.key_pkcs8, passphrase)?)?;
        Ok(())
    }

    /// Creates a root and an issuing CA; their keys are stored encrypted
    /// under `passphrase`, and the CA is left unlocked for this process.
    pub async fn ca_init(&self, op: &Operator, spec: &HierarchySpec, passphrase: &str) -> Result<CaStatus> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin sets up the CA")?;
        self.check_new_ca(passphrase)?;
        let mut spec = spec.clone();
        spec.root_urls.crl = self.cfg.ca.root_crl_url.clone();
        let h = create_hierarchy(&spec, self.now())?;
        self.write_ca_key(ROOT_KEY, &h.root, passphrase)?;
        self.write_ca_key(ISSUING_KEY, &h.issuing, passphrase)?;
        self.write_ca_cert(ROOT_CERT, &h.root.cert_der)?;
        self.write_ca_cert(ISSUING_CERT, &h.issuing.cert_der)?;
        let detail = format!("root {} / issuing {} ({})", spec.root_cn, spec.issuing_cn, spec.alg);
        self.ca_audit(op, "ca_init", detail).await?;
        self.unlock_ca(passphrase)?;
        self.publish_ca_certs()?;
        self.ca_status().await
    }

    /// Adopts an existing issuing CA (its root certificate optional).
    pub async fn ca_import(
        &self,
        op: &Operator,
        cert: &Path,
        key: &Path,
        key_passphrase: Option<&str>,
        root: Option<&Path>,
        passphrase: &str,
    ) -> Result<CaStatus> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin sets up the CA")?;
        self.check_new_ca(passphrase)?;
        let read = |p: &Path| std::fs::read(p).map_err(|e| io(p, e));
        let c = import_issuing_ca(
            &cert.display().to_string(),
            &read(cert)?,
            &key.display().to_string(),
            &read(key)?,
            key_passphrase,
        )?;
        if let Some(r) = root {
            let root_der = read_cert(r)?;
            if !ca::signed_by(&c.cert_der, &root_der) {
                return Err(CaError::invalid(
                    r.display().to_string(),
                    "did not sign the issuing CA certificate; give the root that issued it",
                )
                .into());
            }
            self.write_ca_cert(ROOT_CERT, &root_der)?;
        }
        self.write_ca_key(ISSUING_KEY, &c, passphrase)?;
        self.write_ca_cert(ISSUING_CERT, &c.cert_der)?;
        let s = summary("issuing CA", &c.cert_der)?;
        self.ca_audit(op, "ca_import", format!("issuing {} serial {}", s.subject, s.serial))
            .await?;
        self.unlock_ca(passphrase)?;
        self.publish_ca_certs()?;
        self.ca_status().await
    }

    async fn ca_audit(&self, op: &Operator, action: &str, detail: String) -> Result<()> {
        let mut b = Batch::new();
        self.audit(&mut b, &op.name, action, None, detail);
        Ok(b.commit(&self.store).await?)
    }

    /// Copies the CA certificates into the publish folder: PEM, and DER
    /// (`.cer`, what AIA caIssuers serves).
    pub fn publish_ca_certs(&self) -> Result<Vec<PathBuf>> {
        let dir = &self.cfg.ca.publish_dir;
        let mut out = self.export_ca_certs(dir)?;
        let (issuing, root) = self.ca_certs()?;
        for (name, der) in [("issuing-ca.cer", Some(issuing)), ("root-ca.cer", root)] {
            if let Some(der) = der {
                let p = dir.join(name);
                write_atomic(&p, &der, 0o644)?;
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Writes the root and issuing CA certificates (PEM) into `dir`.
    pub fn export_ca_certs(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let files = self.ca_cert_files()?;
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut out = Vec::new();
        for (name, pem) in files {
            let p = dir.join(name);
            write_atomic(&p, &pem, 0o644)?;
            out.push(p);
        }
        Ok(out)
    }

    /// The CA certificates as PEM files to hand out: (file name, bytes),
    /// the root first when there is one.
    pub fn ca_cert_files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let (issuing, root) = self.ca_certs()?;
        let mut out = Vec::new();
        if let Some(r) = root {
            out.push(("root-ca.pem".to_string(), pem_encode("CERTIFICATE", &r).into_bytes()));
        }
        out.push((
            "issuing-ca.pem".to_string(),
            pem_encode("CERTIFICATE", &issuing).into_bytes(),
        ));
        Ok(out)
    }

    pub async fn ca_status(&self) -> Result<CaStatus> {
        let (issuing, root) = self.ca_certs()?;
        Ok(CaStatus {
            dir: self.cfg.ca.dir.clone(),
            unlocked: self.ca_is_unlocked(),
            root: root.as_deref().map(|d| summary("root CA", d)).transpose()?,
            issuing: summary("issuing CA", &issuing)?,
            crl: self.store.crl_state(super::crl::ISSUING).await?,
            root_crl: self.store.crl_state(super::crl::ROOT).await?,
        })
    }
}
