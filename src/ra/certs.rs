//! Certificate status: listing, showing, exporting, registering existing
//! certificates, inspecting any file (the expiry watch is in `expiry.rs`).

use super::{Ra, RaError, Result, require_role};
use crate::ca::{self, Inspection, pem_encode, write_atomic};
use crate::domain::{CertRecord, CertState, CertStatus, EXPIRING_DAYS, Operator, Role};
use crate::store::{Batch, CertFilter, insert_cert, update_cert};
use chrono::Duration;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A certificate with its status now and, when signed, its decoded content.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CertView {
    #[serde(flatten)]
    pub record: CertRecord,
    pub status: CertStatus,
    pub decoded: Option<Inspection>,
}

/// What `cert import` did with each file.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub imported: Vec<String>,
    /// Already on record, now linked to the holder given with `--nik`.
    #[serde(default)]
    pub linked: Vec<String>,
    /// (file, why): already on record.
    pub skipped: Vec<(String, String)>,
    /// (file, why): not a certificate, unreadable, or refused.
    #[serde(default)]
    pub failed: Vec<(String, String)>,
}

/// Why one file was not imported.
enum NotImported {
    /// Already on record: nothing to do.
    OnRecord(String),
    /// Linked to the holder given.
    Linked(String),
    Failed(RaError),
}

impl From<RaError> for NotImported {
    fn from(e: RaError) -> Self {
        Self::Failed(e)
    }
}

impl From<crate::ca::CaError> for NotImported {
    fn from(e: crate::ca::CaError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<crate::store::StoreError> for NotImported {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Failed(e.into())
    }
}

/// What `inspect` found, and what our records say of it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    #[serde(flatten)]
    pub inspection: Inspection,
    /// Signed by our issuing CA (certificates and CRLs), when a CA exists.
    pub signed_by_our_ca: Option<bool>,
    pub status: Option<CertStatus>,
}

/// Reads any certificate, CRL, CSR or PKCS#12 without consulting our
/// records (when the database cannot be opened).
pub fn inspect_file_only(path: &Path, p12_passphrase: Option<&str>) -> Result<InspectReport> {
    let what = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| RaError::Io(format!("{what}: {e}")))?;
    Ok(InspectReport {
        inspection: ca::inspect(&what, &bytes, p12_passphrase)?,
        signed_by_our_ca: None,
        status: None,
    })
}

/// Output format of `cert export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertFormat {
    Pem,
    Der,
    /// PEM: the certificate, then the issuing and root CA certificates.
    Chain,
}

impl std::str::FromStr for CertFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "pem" => Ok(Self::Pem),
            "der" | "cer" => Ok(Self::Der),
            "chain" => Ok(Self::Chain),
            _ => Err(format!("unknown format {s:?}: use pem, der or chain")),
        }
    }
}

impl std::fmt::Display for CertFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Pem => "pem",
            Self::Der => "der",
            Self::Chain => "chain",
        })
    }
}

impl Ra {
    /// The cases about certificate `query` (serial or SHA-256): the one
    /// that issued it and those that concern it, oldest first; for a
    /// verifier, only their agencies' cases.
    pub async fn cases_of_cert(&self, op: &Operator, query: &str) -> Result<Vec<crate::domain::Case>> {
        let cert = self.find_cert(query).await?;
        let mut ids = self.store.case_ids_of_cert(&cert.serial).await?;
        // The case that issued it names its successor once renewed or reset.
        if let Some(id) = cert.case_id.filter(|id| !ids.contains(id)) {
            ids.push(id);
            ids.sort_unstable();
        }
        let cases = self.store.cases(&ids).await?;
        Ok(cases
            .into_iter()
            .filter(|c| c.cert_issuer.as_deref().is_none_or(|i| i == cert.issuer_dn))
            .filter(|c| super::scope::require_scope(op, c).is_ok())
            .collect())
    }

    /// Certificates by status (`expiring` = within `within`, 30 days by
    /// default), soonest expiry first.
    pub async fn cert_list(
        &self,
        _op: &Operator,
        status: Option<CertStatus>,
        within: Option<Duration>,
        limit: usize,
    ) -> Result<Vec<(CertRecord, CertStatus)>> {
        let limit = limit.min(super::MAX_PAGE);
        let now = self.now();
        let soon = now + within.unwrap_or(Duration::days(EXPIRING_DAYS));
        let issued = Some(CertState::Issued);
        let mut f = CertFilter {
            limit,
            ..Default::default()
        };
        match status {
            None if within.is_some() => {
                (f.state, f.not_after_after, f.not_after_before) = (issued, Some(now), Some(soon));
            }
            None => {}
            Some(CertStatus::Pending) => {
                // Reserved, never signed: kept apart from the certificates.
                let mut rows = self.store.reserved_certs().await?;
                rows.truncate(if f.limit == 0 { 1000 } else { f.limit });
                return Ok(rows.into_iter().map(|r| (r, CertStatus::Pending)).collect());
            }
            Some(CertStatus::Revoked) => f.state = Some(CertState::Revoked),
            Some(CertStatus::Held) => f.state = Some(CertState::Held),
            Some(CertStatus::Expired) => (f.state, f.not_after_before) = (issued, Some(now)),
            Some(CertStatus::Expiring) => {
                (f.state, f.not_after_after, f.not_after_before) = (issued, Some(now), Some(soon));
            }
            Some(CertStatus::Valid) => (f.state, f.not_after_after) = (issued, Some(now)),
        }
        let rows = self.store.certs(&f).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let s = r.status(now);
                (r, s)
            })
            .filter(|(_, s)| status != Some(CertStatus::Valid) || *s == CertStatus::Valid)
            .collect())
    }

    /// A certificate by serial or SHA-256 fingerprint, decoded.
    pub async fn cert_show(&self, _op: &Operator, serial: &str) -> Result<CertView> {
        let record = self.find_cert(serial).await?;
        let decoded = match record.state {
            CertState::Reserved => None,
            _ => Some(ca::inspect(
                "stored certificate",
                &self.store.cert_der(&record.issuer_dn, &record.serial).await?,
                None,
            )?),
        };
        Ok(CertView {
            status: record.status(self.now()),
            record,
            decoded,
        })
    }

    /// Writes a certificate to `out` (0600), PEM or DER.
    pub async fn cert_export(&self, op: &Operator, serial: &str, out: &Path, format: CertFormat) -> Result<()> {
        let bytes = self.cert_bytes(op, serial, format).await?;
        write_atomic(out, &bytes, 0o600)?;
        Ok(())
    }

    /// A certificate as PEM, DER, or PEM with its CA chain.
    pub async fn cert_bytes(&self, _op: &Operator, serial: &str, format: CertFormat) -> Result<Vec<u8>> {
        let rec = self.find_cert(serial).await?;
        let der = self.store.cert_der(&rec.issuer_dn, &rec.serial).await?;
        let bytes = match format {
            CertFormat::Der => der,
            CertFormat::Pem => pem_encode("CERTIFICATE", &der).into_bytes(),
            CertFormat::Chain => {
                let (issuing, root) = self.ca_certs()?;
                let mut pem = pem_encode("CERTIFICATE", &der);
                for c in std::iter::once(issuing).chain(root) {
                    pem.push_str(&pem_encode("CERTIFICATE", &c));
                }
                pem.into_bytes()
            }
        };
        Ok(bytes)
    }

    /// Registers the certificates in a file or a folder for status
    /// tracking, linked to the holder `nik` when given. Certificates
    /// already on record (same issuer and serial) are skipped (or linked to
    /// `nik` if they were not linked yet); every other file that could not
    /// be imported is listed as failed, with why.
    pub async fn cert_import(&self, op: &Operator, path: &Path, nik: Option<&str>) -> Result<ImportReport> {
        let files = read_import_files(path)?;
        self.cert_import_files(op, files, nik).await
    }

    /// [`Ra::cert_import`] of files already read: (name, bytes) each.
    pub async fn cert_import_files(
        &self,
        op: &Operator,
        files: Vec<(String, Vec<u8>)>,
        nik: Option<&str>,
    ) -> Result<ImportReport> {
        require_role(
            op,
            &[Role::CaAdmin, Role::RaOfficer],
            "only a ca_admin or RA officer registers certificates",
        )?;
        let nik = match nik {
            Some(n) => Some(crate::domain::identity::Nik::try_from(n.trim().to_string())?.to_string()),
            None => None,
        };
        let issuing = self.ca_certs().ok().map(|c| c.0);
        let mut report = ImportReport::default();
        for (name, bytes) in files {
            match self
                .import_one(op, &name, &bytes, issuing.as_deref(), nik.as_deref())
                .await
            {
                Ok(serial) => report.imported.push(serial),
                Err(NotImported::Linked(serial)) => report.linked.push(serial),
                Err(NotImported::OnRecord(why)) => report.skipped.push((name, why)),
                Err(NotImported::Failed(e)) => report.failed.push((name, e.to_string())),
            }
        }
        Ok(report)
    }

    async fn import_one(
        &self,
        op: &Operator,
        what: &str,
        bytes: &[u8],
        issuing: Option<&[u8]>,
        nik: Option<&str>,
    ) -> std::result::Result<String, NotImported> {
        let i = ca::inspect(what, bytes, None)?;
        if i.kind != ca::Kind::Certificate {
            return Err(RaError::Invalid(format!("{what}: a {:?}, not a certificate", i.kind)).into());
        }
        let serial = i.serial.clone().unwrap_or_default();
        let issuer_dn = i.issuer.clone().unwrap_or_default();
        if let Ok(mut known) = self.store.cert_at(&issuer_dn, &serial).await {
            return match nik {
                Some(n) if known.nik.is_none() => {
                    known.nik = Some(n.to_string());
                    let mut b = Batch::new();
                    update_cert(&mut b, &known, None);
                    let detail = format!("{serial} {} linked to NIK {}", known.subject_dn, mask(n));
                    self.audit(&mut b, &op.name, "cert_link", None, detail);
                    b.commit(&self.store).await?;
                    Err(NotImported::Linked(serial))
                }
                _ => Err(NotImported::OnRecord(format!(
                    "{what}: certificate {serial} of {issuer_dn} is already on record"
                ))),
            };
        }
        let subject = i.subject.clone().unwrap_or_default();
        let holder = subject
            .split(", ")
            .find_map(|p| p.strip_prefix("CN="))
            .unwrap_or(&subject)
            .to_string();
        let now = self.now();
        let validity = (i.not_before.unwrap_or(now), i.not_after.unwrap_or(now));
        let rec = CertRecord {
            nik: nik.map(str::to_string),
            subject_dn: subject.clone(),
            issuer_dn,
            ours: issuing.is_some_and(|ca| ca::signed_by(&i.der, ca)),
            sha256: Some(i.sha256.clone()),
            ..CertRecord::new(serial.clone(), holder, "imported", validity, CertState::Issued)
        };
        let mut b = Batch::new();
        insert_cert(&mut b, &rec, Some(&i.der));
        self.audit(
            &mut b,
            &op.name,
            "cert_import",
            None,
            format!("{serial} {}", rec.subject_dn),
        );
        b.commit(&self.store).await?;
        Ok(serial)
    }

    /// Reads any certificate, CRL, CSR or PKCS#12 and says whether our CA
    /// signed it and what our records say.
    pub async fn inspect_file(&self, path: &Path, p12_passphrase: Option<&str>) -> Result<InspectReport> {
        let inspection = inspect_file_only(path, p12_passphrase)?.inspection;
        let signed_by_our_ca = match (&inspection.kind, self.ca_certs()) {
            (ca::Kind::Certificate | ca::Kind::Crl | ca::Kind::Pkcs12, Ok((issuing, root))) => Some(
                ca::signed_by(&inspection.der, &issuing) || root.is_some_and(|r| ca::signed_by(&inspection.der, &r)),
            ),
            _ => None,
        };
        let status = match (&inspection.serial, &inspection.issuer) {
            (Some(s), Some(issuer)) if inspection.kind != ca::Kind::Crl => {
                self.store.cert_at(issuer, s).await.ok().map(|r| r.status(self.now()))
            }
            _ => None,
        };
        Ok(InspectReport {
            inspection,
            signed_by_our_ca,
            status,
        })
    }
}

/// A NIK as shown: masked.
fn mask(nik: &str) -> String {
    crate::domain::identity::Nik::try_from(nik.to_string()).map_or_else(|_| "?".into(), |n| n.masked())
}

/// The files `cert import` reads: `path` itself, or every file in the
/// folder `path` (by name); one that cannot be read is listed with no bytes
/// and refused by the import as unreadable.
pub fn read_import_files(path: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| RaError::Io(format!("{}: {e}", path.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let single = files.len() == 1 && !path.is_dir();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let name = f.display().to_string();
        match std::fs::read(&f) {
            Ok(bytes) => out.push((name, bytes)),
            Err(e) if single => return Err(RaError::Io(format!("{name}: {e}"))),
            Err(_) => out.push((name, Vec::new())),
        }
    }
    Ok(out)
}
