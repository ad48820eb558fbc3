//! [`Office`]: the RA as the console and the command line see it, in this
//! process or behind the service's API. Each verb takes the operator the
//! front-end signed in; on the service that operator is the session's,
//! whatever the client passes.

use super::call::{ArchiveBag, Bytes, Call, Doc};
use super::client::Client;
use super::error::WireError;
use crate::domain::audit::ChainBreak;
use crate::domain::case::DocumentInfo;
use crate::domain::{
    Action, Case, CaseFilter, CaseKind, CertRecord, CertStatus, CheckItem, Counts, DocKind, NewCase, Operator,
    RevocationReason, Role,
};
use crate::ra::{
    AuditLine, AuditReport, CaStatus, CaseView, CertFormat, CertView, HolderLine, HolderView, ImportReport, Published,
    Ra, RaError,
};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, RaError>;

/// The RA, here or at the service.
#[derive(Clone)]
pub enum Office {
    /// `ra` in this process, on the embedded store.
    Local(Box<Ra>),
    /// The service's API.
    Remote(Client),
}

impl From<Ra> for Office {
    fn from(ra: Ra) -> Self {
        Office::Local(Box::new(ra))
    }
}

macro_rules! verb {
    ($self:ident, $ra:ident => $local:expr, $call:expr) => {
        match $self {
            Office::Local($ra) => $local,
            Office::Remote(c) => c.call($call).await,
        }
    };
}

fn write_file(out: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    crate::ra::write_atomic(out, bytes, mode).map_err(RaError::from)
}

impl Office {
    /// `ra` in this process, when that is where the RA runs.
    pub fn local(&self) -> Option<&Ra> {
        match self {
            Office::Local(ra) => Some(ra.as_ref()),
            Office::Remote(_) => None,
        }
    }

    /// True when the service runs the RA (and holds the CA).
    pub fn is_remote(&self) -> bool {
        matches!(self, Office::Remote(_))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Office::Local(ra) => ra.now(),
            Office::Remote(_) => Utc::now(),
        }
    }

    /// Checks name and PIN. An operator whose PIN must be changed first is
    /// refused here ([`Office::sign_in_for_pin_change`] lets them in).
    pub async fn sign_in(&self, name: &str, pin: &str) -> Result<Operator> {
        match self.sign_in_for_pin_change(name, pin).await? {
            (op, false) => Ok(op),
            (op, true) => Err(RaError::PinChange(op.name)),
        }
    }

    /// Signs in, and says whether the PIN must be changed now.
    pub async fn sign_in_for_pin_change(&self, name: &str, pin: &str) -> Result<(Operator, bool)> {
        match self {
            Office::Local(ra) => ra.check_pin(name, pin, "this machine").await,
            Office::Remote(c) => c.sign_in(name, pin).await.map(|s| (s.operator, s.pin_change)),
        }
    }

    /// Ends the session with the service; closes the embedded store
    /// (false: it was still closing after `limit`).
    pub async fn close(self, limit: std::time::Duration) -> bool {
        match self {
            Office::Local(ra) => ra.close(limit).await,
            Office::Remote(c) => {
                if let Err(e) = c.sign_out().await {
                    tracing::debug!("sign-out: {e}");
                }
                true
            }
        }
    }

    pub async fn list(&self, op: &Operator, filter: &CaseFilter) -> Result<Vec<Case>> {
        verb!(self, ra => ra.list(op, filter).await, Call::CasesList { filter: filter.clone() })
    }

    pub async fn counts(&self, op: &Operator) -> Result<Counts> {
        verb!(self, ra => ra.counts(op).await, Call::CasesCounts {})
    }

    pub async fn overdue_count(&self, op: &Operator, kind: CaseKind) -> Result<u64> {
        verb!(self, ra => ra.overdue_count(op, kind).await, Call::CasesOverdue { kind })
    }

    /// The case with what `op` may do with it now.
    pub async fn show(&self, op: &Operator, id: u64) -> Result<CaseView> {
        match self {
            Office::Local(ra) => ra.show(op, id).await,
            Office::Remote(c) => {
                let mut v: CaseView = c.call(Call::CasesShow { id }).await?;
                // What the operator may do follows from the case and the
                // workflow table; the service checks it again on every act.
                v.allowed = crate::domain::case::workflow::allowed(&v.case, op);
                Ok(v)
            }
        }
    }

    pub async fn case_seen_by(&self, op: &Operator, id: u64) -> Result<Option<Case>> {
        verb!(self, ra => ra.case_seen_by(op, id).await, Call::CasesGet { id })
    }

    pub async fn new_case(&self, op: &Operator, new: NewCase, docs: &[(DocKind, String, Vec<u8>)]) -> Result<Case> {
        let documents = docs
            .iter()
            .map(|(kind, name, bytes)| Doc {
                kind: *kind,
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
        verb!(self, ra => ra.new_case(op, new, docs).await, Call::CasesNew { case: new, documents })
    }

    pub async fn act(
        &self,
        op: &Operator,
        id: u64,
        action: Action,
        note: Option<&str>,
        version: Option<u64>,
    ) -> Result<Case> {
        let note_s = note.map(str::to_string);
        verb!(self, ra => ra.act(op, id, action, note, version).await, Call::CasesAct { id, action, note: note_s, version })
    }

    pub async fn act_many(
        &self,
        op: &Operator,
        targets: &[(u64, Option<u64>)],
        action: Action,
        note: Option<&str>,
    ) -> Vec<(u64, Result<Case>)> {
        match self {
            Office::Local(ra) => ra.act_many(op, targets, action, note).await,
            Office::Remote(c) => {
                let call = Call::CasesActMany {
                    targets: targets.to_vec(),
                    action,
                    note: note.map(str::to_string),
                };
                match c.call::<Vec<(u64, std::result::Result<Case, WireError>)>>(call).await {
                    Ok(rows) => rows.into_iter().map(|(id, r)| (id, r.map_err(RaError::from))).collect(),
                    Err(e) => {
                        let text = e.to_string();
                        targets
                            .iter()
                            .map(|(id, _)| (*id, Err(RaError::Unreachable(text.clone()))))
                            .collect()
                    }
                }
            }
        }
    }

    pub async fn tick(
        &self,
        op: &Operator,
        id: u64,
        item: CheckItem,
        ticked: bool,
        version: Option<u64>,
    ) -> Result<Case> {
        verb!(self, ra => ra.tick(op, id, item, ticked, version).await, Call::CasesTick { id, item, ticked, version })
    }

    pub async fn attach(
        &self,
        op: &Operator,
        id: u64,
        kind: DocKind,
        name: &str,
        bytes: &[u8],
    ) -> Result<DocumentInfo> {
        let document = Doc {
            kind,
            name: name.to_string(),
            bytes: bytes.to_vec(),
        };
        verb!(self, ra => ra.attach(op, id, kind, name, bytes).await, Call::CasesAttach { id, document })
    }

    pub async fn resend_link(&self, op: &Operator, id: u64, version: Option<u64>) -> Result<Case> {
        verb!(self, ra => ra.resend_link(op, id, version).await, Call::CasesResendLink { id, version })
    }

    pub async fn reveal_nik(&self, op: &Operator, id: u64) -> Result<String> {
        verb!(self, ra => ra.reveal_nik(op, id).await, Call::CasesRevealNik { id })
    }

    /// A document to show (not audited).
    pub async fn document_bytes(&self, op: &Operator, doc_id: &str) -> Result<(DocumentInfo, Vec<u8>)> {
        match self {
            Office::Local(ra) => ra.document_bytes(op, doc_id).await,
            Office::Remote(c) => {
                let (info, b): (DocumentInfo, Bytes) = c.call(Call::DocumentsRead { id: doc_id.to_string() }).await?;
                Ok((info, b.bytes))
            }
        }
    }

    /// A document written to `out` (0600), byte-identical; audited.
    pub async fn export_document(&self, op: &Operator, doc_id: &str, out: &Path) -> Result<DocumentInfo> {
        let (info, bytes) = match self {
            Office::Local(ra) => ra.document_export(op, doc_id).await?,
            Office::Remote(c) => {
                let (info, b): (DocumentInfo, Bytes) = c.call(Call::DocumentsExport { id: doc_id.to_string() }).await?;
                (info, b.bytes)
            }
        };
        crate::ra::write_private(out, &bytes).map_err(|e| RaError::Io(format!("{}: {e}", out.display())))?;
        Ok(info)
    }

    pub async fn holder_find(&self, op: &Operator, text: &str) -> Result<Vec<HolderView>> {
        verb!(self, ra => ra.holder_find(op, text).await, Call::HoldersFind { text: text.to_string() })
    }

    pub async fn holder_search(&self, op: &Operator, text: &str) -> Result<Vec<HolderLine>> {
        verb!(self, ra => ra.holder_search(op, text).await, Call::HoldersSearch { text: text.to_string() })
    }

    pub async fn holder_show(&self, op: &Operator, nik: &str, reveal_nik: bool) -> Result<HolderView> {
        verb!(self, ra => ra.holder_show(op, nik, reveal_nik).await, Call::HoldersShow { nik: nik.to_string(), reveal_nik })
    }

    pub async fn cert_list(
        &self,
        op: &Operator,
        status: Option<CertStatus>,
        within: Option<chrono::Duration>,
        limit: usize,
    ) -> Result<Vec<(CertRecord, CertStatus)>> {
        let within_secs = within.map(|d| d.num_seconds());
        verb!(self, ra => ra.cert_list(op, status, within, limit).await, Call::CertsList { status, within_secs, limit })
    }

    pub async fn cert_show(&self, op: &Operator, serial: &str) -> Result<CertView> {
        verb!(self, ra => ra.cert_show(op, serial).await, Call::CertsShow { serial: serial.to_string() })
    }

    pub async fn cases_of_cert(&self, op: &Operator, serial: &str) -> Result<Vec<Case>> {
        verb!(self, ra => ra.cases_of_cert(op, serial).await, Call::CertsCases { serial: serial.to_string() })
    }

    /// A certificate written to `out` (0600).
    pub async fn cert_export(&self, op: &Operator, serial: &str, out: &Path, format: CertFormat) -> Result<()> {
        let bytes = match self {
            Office::Local(ra) => ra.cert_bytes(op, serial, format).await?,
            Office::Remote(c) => {
                let call = Call::CertsExport {
                    serial: serial.to_string(),
                    format: format.to_string(),
                };
                c.call::<Bytes>(call).await?.bytes
            }
        };
        write_file(out, &bytes, 0o600)
    }

    /// A holder's PKCS#12 written to `out` (0600); its size.
    pub async fn export_p12(&self, op: &Operator, serial: &str, passphrase: &str, out: &Path) -> Result<usize> {
        let bytes = match self {
            Office::Local(ra) => ra.cert_p12(op, serial, passphrase).await?,
            Office::Remote(c) => {
                let call = Call::CertsP12 {
                    serial: serial.to_string(),
                    passphrase: passphrase.to_string(),
                };
                c.call::<Bytes>(call).await?.bytes
            }
        };
        write_file(out, &bytes, 0o600)?;
        Ok(bytes.len())
    }

    pub async fn p12_unlock(&self, op: &Operator, serial: &str) -> Result<u64> {
        verb!(self, ra => ra.p12_unlock(op, serial).await, Call::CertsP12Unlock { serial: serial.to_string() })
    }

    pub async fn revoke_cert(
        &self,
        op: &Operator,
        serial: &str,
        reason: RevocationReason,
        invalidity: Option<DateTime<Utc>>,
    ) -> Result<CertRecord> {
        verb!(self, ra => ra.revoke_cert(op, serial, reason, invalidity).await, Call::CertsRevoke { serial: serial.to_string(), reason, invalidity })
    }

    /// Registers the certificates in a file or folder read here.
    pub async fn cert_import(&self, op: &Operator, path: &Path, nik: Option<&str>) -> Result<ImportReport> {
        let files = crate::ra::read_import_files(path)?;
        match self {
            Office::Local(ra) => ra.cert_import_files(op, files, nik).await,
            Office::Remote(c) => {
                let files = files
                    .into_iter()
                    .map(|(name, bytes)| Doc {
                        kind: DocKind::Other,
                        name,
                        bytes,
                    })
                    .collect();
                c.call(Call::CertsImport {
                    files,
                    nik: nik.map(str::to_string),
                })
                .await
            }
        }
    }

    pub async fn expiry_watch(&self, op: &Operator) -> Result<usize> {
        verb!(self, ra => ra.expiry_watch(op).await, Call::CertsExpiryWatch {})
    }

    /// Why writes are refused now (no room on the data folder's disk, or it
    /// is read-only), said in one line; none when there is room.
    pub async fn no_room(&self) -> Result<Option<String>> {
        verb!(self, ra => Ok(ra.no_room()), Call::ServiceRoom {})
    }

    /// The office's numbers for a period.
    pub async fn report(
        &self,
        op: &Operator,
        ask: &crate::domain::report::ReportAsk,
    ) -> Result<crate::domain::report::Report> {
        verb!(self, ra => ra.report(op, ask).await, Call::ReportsMake { ask: ask.clone() })
    }

    pub async fn ca_status(&self) -> Result<CaStatus> {
        verb!(self, ra => ra.ca_status().await, Call::CaStatus {})
    }

    /// The CA certificates written into `dir`, for officers' machines.
    pub async fn export_ca_certs(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let files: Vec<(String, Vec<u8>)> = match self {
            Office::Local(ra) => ra.ca_cert_files()?,
            Office::Remote(c) => c
                .call::<Vec<(String, Bytes)>>(Call::CaCerts {})
                .await?
                .into_iter()
                .map(|(n, b)| (n, b.bytes))
                .collect(),
        };
        std::fs::create_dir_all(dir).map_err(|e| RaError::Io(format!("{}: {e}", dir.display())))?;
        let mut out = Vec::new();
        for (name, pem) in files {
            // Only a plain file name from the service lands in `dir`.
            let name = Path::new(&name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "ca.pem".into());
            let p = dir.join(name);
            write_file(&p, &pem, 0o644)?;
            out.push(p);
        }
        Ok(out)
    }

    /// A new CA hierarchy (ca_admin); on the service, the service's CA,
    /// unlocked there at once.
    pub async fn ca_init(&self, op: &Operator, spec: &crate::ra::HierarchySpec, passphrase: &str) -> Result<CaStatus> {
        let call = Call::CaInit {
            alg: spec.alg.to_string(),
            root_cn: spec.root_cn.clone(),
            root_org: spec.root_org.clone(),
            issuing_cn: spec.issuing_cn.clone(),
            issuing_org: spec.issuing_org.clone(),
            passphrase: passphrase.to_string(),
        };
        verb!(self, ra => ra.ca_init(op, spec, passphrase).await, call)
    }

    /// True when the CA can sign now (here, or at the service).
    pub async fn ca_unlocked(&self) -> bool {
        match self {
            Office::Local(ra) => ra.ca_is_unlocked(),
            Office::Remote(_) => self.ca_status().await.is_ok_and(|s| s.unlocked),
        }
    }

    /// A backup of the service (ca_admin), encrypted under `passphrase`,
    /// written to `out` as it streams in: its size, schema and parts.
    pub async fn backup(&self, passphrase: &str, out: &Path) -> Result<(u64, String, String)> {
        match self {
            Office::Local(_) => Err(RaError::Invalid("a local backup runs through ra::backup".into())),
            Office::Remote(c) => c.backup(passphrase, out).await,
        }
    }

    pub async fn publish_crl(&self, op: &Operator) -> Result<Published> {
        verb!(self, ra => ra.publish_crl(op).await, Call::CrlPublish {})
    }

    pub async fn audit_page(&self, op: &Operator, before: Option<u64>, text: Option<&str>) -> Result<Vec<AuditLine>> {
        verb!(self, ra => ra.audit_page(op, before, text).await, Call::AuditPage { before, text: text.map(str::to_string) })
    }

    pub async fn verify_audit(&self) -> Result<AuditReport> {
        match self {
            Office::Local(ra) => ra.verify_audit().await,
            Office::Remote(c) => {
                #[derive(serde::Deserialize)]
                struct Wire {
                    events: u64,
                    broken: Option<ChainBreak>,
                }
                let w: Wire = c.call(Call::AuditVerify {}).await?;
                Ok(AuditReport {
                    events: w.events,
                    broken: w.broken,
                })
            }
        }
    }

    pub async fn operators(&self) -> Result<Vec<Operator>> {
        verb!(self, ra => ra.operators().await, Call::OperatorsList {})
    }

    pub async fn add_operator_in(
        &self,
        op: &Operator,
        name: &str,
        role: Role,
        agencies: &[String],
        pin: &str,
    ) -> Result<Operator> {
        verb!(self, ra => ra.add_operator_in(Some(op), name, role, agencies, pin).await, Call::OperatorsAdd { name: name.to_string(), role, agencies: agencies.to_vec(), pin: pin.to_string() })
    }

    pub async fn set_agencies(&self, op: &Operator, name: &str, agencies: &[String]) -> Result<Operator> {
        verb!(self, ra => ra.set_agencies(op, name, agencies).await, Call::OperatorsAgencies { name: name.to_string(), agencies: agencies.to_vec() })
    }

    pub async fn set_operator_enabled(&self, op: &Operator, name: &str, enabled: bool) -> Result<()> {
        let name_s = name.to_string();
        let call = match enabled {
            true => Call::OperatorsEnable { name: name_s },
            false => Call::OperatorsDisable { name: name_s },
        };
        verb!(self, ra => ra.set_operator_enabled(op, name, enabled).await, call)
    }

    pub async fn change_own_pin(&self, op: &Operator, pin: &str) -> Result<()> {
        verb!(self, ra => ra.change_own_pin(op, pin).await, Call::OperatorsPin { pin: pin.to_string() })
    }

    pub async fn set_one_time_pin(&self, op: &Operator, name: &str, pin: &str) -> Result<()> {
        verb!(self, ra => ra.set_one_time_pin(op, name, pin).await, Call::OperatorsSetPin { name: name.to_string(), pin: pin.to_string() })
    }

    pub async fn agencies(&self) -> Result<Vec<String>> {
        verb!(self, ra => ra.agencies().await, Call::AgenciesList {})
    }

    pub async fn add_agency(&self, op: &Operator, name: &str) -> Result<String> {
        verb!(self, ra => ra.add_agency(op, name).await, Call::AgenciesAdd { name: name.to_string() })
    }

    pub async fn listed_agency(&self, name: &str) -> Result<String> {
        verb!(self, ra => ra.listed_agency(name).await, Call::AgenciesFind { name: name.to_string() })
    }

    /// The archive's bags of the months closed before `closed_before`,
    /// made where the RA runs and written under `out` (each whole or not
    /// at all): each bag, and whether it was written (false: `out` had it).
    pub async fn archive_create(
        &self,
        op: &Operator,
        closed_before: DateTime<Utc>,
        out: &Path,
    ) -> Result<Vec<(ArchiveBag, bool)>> {
        let bags: Vec<ArchiveBag> = match self {
            Office::Local(ra) => ra
                .archive_create(op, closed_before)
                .await?
                .into_iter()
                .map(ArchiveBag::from)
                .collect(),
            Office::Remote(c) => c.call(Call::ArchiveCreate { closed_before }).await?,
        };
        let mut done = Vec::new();
        for mut bag in bags {
            let files: Vec<crate::ra::archive::BagFile> = std::mem::take(&mut bag.files)
                .into_iter()
                .map(|(path, b)| crate::ra::archive::BagFile { path, bytes: b.bytes })
                .collect();
            let written = crate::ra::archive::write_bag(out, &bag.name, &files)?;
            done.push((bag, written));
        }
        Ok(done)
    }

    pub async fn archive_purge(&self, op: &Operator, dry_run: bool) -> Result<crate::ra::archive::PurgeReport> {
        verb!(self, ra => ra.archive_purge(op, dry_run).await, Call::ArchivePurge { dry_run })
    }

    /// Reads a document the operator attaches, as the applicant page would.
    pub fn read_document_file(path: &Path) -> Result<Vec<u8>> {
        Ra::read_document_file(path)
    }

    /// Subscribes to the cases that change.
    pub async fn watch_cases(&self) -> Result<ChangeFeed> {
        match self {
            Office::Local(ra) => Ok(ChangeFeed::Local(ra.watch_cases().await?)),
            Office::Remote(c) => Ok(ChangeFeed::Remote(super::events::Feed::open(c).await?)),
        }
    }
}

/// The cases that change, one number at a time.
pub enum ChangeFeed {
    Local(crate::ra::CaseChanges),
    Remote(super::events::Feed),
}

impl ChangeFeed {
    /// The next case changed; an error when the connection is lost, `None`
    /// once the subscription ended (the service restarted or closed it).
    pub async fn next(&mut self) -> Option<Result<u64>> {
        match self {
            ChangeFeed::Local(c) => c.next().await,
            ChangeFeed::Remote(f) => f.next().await,
        }
    }
}
