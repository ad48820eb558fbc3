//! The archive of closed cases (seed 004's "pengarsipan berkas"): one
//! BagIt bag per month of closure, each case with its data, documents
//! (byte-identical), audit events (with their hashes, so the chain
//! segment can be checked) and certificates; the manifest signed (CMS,
//! detached) by an archive-signing certificate from the office's own CA;
//! the audit head at archiving time recorded. Then retention: documents
//! of archived cases leave the live store once their bag verifies and
//! their closure is older than `retention_years`.
//!
//! ```text
//! ratu-closed-2025-11/
//!   bagit.txt  bag-info.txt  tagmanifest-sha256.txt
//!   manifest-sha256.txt  manifest-sha256.txt.p7s
//!   data/archive.json                       the bag: month, cases, audit head
//!   data/cases/ID/case.json                 the case, its documents' and certificates' records
//!   data/cases/ID/events.json               its audit events: seq, prev_hash, hash, body
//!   data/cases/ID/documents/DOC.pdf|jpg|png its documents
//!   data/cases/ID/certs/SERIAL.der          its certificates
//! ```

mod bag;
mod contents;
mod purge;
mod show;
mod verify;

pub use bag::{BagFile, write_bag};
pub use contents::{ArchiveInfo, ArchivedCase, ArchivedCert, ArchivedDocument, ArchivedEvent};
pub use purge::{BagPurge, PurgeReport};
pub use show::{ArchivedCaseView, show_case};
pub use verify::{BagError, VerifiedBag, verify_bag, verify_dir};

use super::{Ra, RaError, Result, require_role};
use crate::domain::{Case, Operator, Role};
use crate::store::{BagRecord, Batch, put_bag};
use bag::{BAG_INFO, BAGIT, BAGIT_TEXT, MANIFEST, SIGNATURE, TAG_FILES, TAG_MANIFEST, manifest_of, sha256_hex};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The profile of the archive signer's certificate.
pub const ARCHIVE_PROFILE: &str = "archive-signing";
/// Cases read from the store at once while a bag is made.
const READ_CHUNK: usize = 200;
/// Personal documents are kept this many years after closure by default.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

/// Where bags are kept and for how long documents stay.
#[derive(Debug, Clone)]
pub struct ArchiveSettings {
    /// The service's bags (config `archive_dir`, default DATA/archive).
    pub dir: PathBuf,
    /// The monthly duty runs (`archive_dir` set in the config).
    pub duty: bool,
    /// Config `retention_years`.
    pub retention_years: u32,
}

/// One bag `archive create` answers with.
#[derive(Debug, Clone)]
pub struct MadeBag {
    pub name: String,
    pub month: String,
    /// Made now (false: made before, read back from the archive folder).
    pub new: bool,
    pub cases: usize,
    pub manifest_sha256: String,
    pub files: Vec<BagFile>,
}

/// `ratu-closed-2025-11`.
pub fn bag_name(month: &str) -> String {
    format!("ratu-closed-{month}")
}

/// The first instant of the month `at` falls in.
fn month_start(at: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(at.year(), at.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(at)
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v).map_err(|e| RaError::Invalid(format!("encoding the archive: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

impl Ra {
    /// The archive's settings.
    pub fn archive_settings(&self) -> &ArchiveSettings {
        &self.cfg.archive
    }

    /// Makes the bags of every whole month of closure before
    /// `closed_before` (a date inside a month stops at that month's
    /// start) in the archive folder, signed with a fresh archive-signing
    /// certificate, each recorded and audited; a month already there is
    /// read back, not made again. For the CA admin and the auditor; needs
    /// the CA unlocked.
    pub async fn archive_create(&self, op: &Operator, closed_before: DateTime<Utc>) -> Result<Vec<MadeBag>> {
        self.archive_months(op, closed_before, true).await
    }

    /// The monthly duty: the bags of the months over and not archived yet
    /// (none read back). How many bags were made.
    pub async fn archive_due(&self) -> Result<usize> {
        let made = self
            .archive_months(&Self::service_operator(), self.now(), false)
            .await?;
        Ok(made.iter().filter(|b| b.new).count())
    }

    async fn archive_months(
        &self,
        op: &Operator,
        closed_before: DateTime<Utc>,
        read_back: bool,
    ) -> Result<Vec<MadeBag>> {
        require_role(
            op,
            &[Role::CaAdmin, Role::Auditor],
            "only a CA admin or an auditor makes the archive",
        )?;
        let until = month_start(closed_before);
        if until > self.now() {
            return Err(RaError::Invalid(format!(
                "--closed-before {}: the month has not begun; give a date up to today",
                closed_before.format("%Y-%m-%d")
            )));
        }
        let mut months: BTreeMap<String, Vec<Case>> = BTreeMap::new();
        for c in self.store.closed_before(until).await? {
            months
                .entry(c.updated_at.format("%Y-%m").to_string())
                .or_default()
                .push(c);
        }
        let recorded: BTreeMap<String, BagRecord> = self
            .store
            .bags()
            .await?
            .into_iter()
            .map(|r| (r.name.clone(), r))
            .collect();
        let dir = self.cfg.archive.dir.clone();
        let mut out = Vec::new();
        let mut to_make = Vec::new();
        for (month, cases) in months {
            let name = bag_name(&month);
            match recorded.get(&name) {
                Some(r) if dir.join(&name).join(MANIFEST).is_file() => out.push(MadeBag {
                    name: name.clone(),
                    month,
                    new: false,
                    cases: r.case_ids.len(),
                    manifest_sha256: r.manifest_sha256.clone(),
                    files: match read_back {
                        true => bag::read_bag(&dir.join(&name))?,
                        false => Vec::new(),
                    },
                }),
                _ => to_make.push((month, cases)),
            }
        }
        if to_make.is_empty() {
            return Ok(out);
        }
        let ca = self.unlocked()?;
        let profiles = crate::ca::Profiles::builtin();
        let profile = match self.cfg.ca.profiles.get(ARCHIVE_PROFILE) {
            Ok(p) => p,
            Err(_) => profiles.get(ARCHIVE_PROFILE)?,
        };
        let now = self.now();
        let signer = ca.issuer.issue_archive_signer(profile, now)?;
        let signer_serial = crate::ca::inspect("archive signer", signer.cert_der(), None)?
            .serial
            .unwrap_or_default();
        let office = self.office_name(ca.issuer.cert_der());
        let mut b = Batch::new();
        self.audit(
            &mut b,
            &op.name,
            "archive_signer",
            None,
            format!(
                "archive-signing certificate {signer_serial}, valid until {}",
                signer.validity().1
            ),
        );
        for (month, cases) in to_make {
            let name = bag_name(&month);
            let (payload, head) = self.payload(&name, &month, &office, op, &cases).await?;
            let manifest = manifest_of(payload.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())));
            let p7s = crate::ca::sign_detached(&signer, &[ca.issuer.cert_der()], manifest.as_bytes(), now)?;
            let info = [
                ("Source-Organization", office.clone()),
                ("Bagging-Date", now.format("%Y-%m-%d").to_string()),
                ("Payload-Oxum", bag::payload_oxum(&payload)),
                ("External-Identifier", name.clone()),
                (
                    "External-Description",
                    format!("ratu: the cases closed in {month}, archived by {}", op.name),
                ),
                ("Bag-Software-Agent", format!("ratu {}", env!("CARGO_PKG_VERSION"))),
                ("Ratu-Cases", cases.len().to_string()),
                ("Ratu-Audit-Head-Seq", head.0.to_string()),
                ("Ratu-Audit-Head-Hash", head.1.clone()),
                ("Ratu-Signer-Serial", signer_serial.clone()),
            ];
            let bag_info: String = info
                .iter()
                .map(|(k, v)| format!("{k}: {}\n", crate::domain::text::one_line(v)))
                .collect();
            let mut files = payload;
            let tags: [(&str, Vec<u8>); 4] = [
                (BAGIT, BAGIT_TEXT.as_bytes().to_vec()),
                (BAG_INFO, bag_info.into_bytes()),
                (MANIFEST, manifest.clone().into_bytes()),
                (SIGNATURE, p7s),
            ];
            debug_assert!(tags.iter().map(|t| t.0).eq(TAG_FILES));
            let tag_manifest = manifest_of(tags.iter().map(|(p, b)| (*p, b.as_slice())));
            for (p, bytes) in tags {
                files.push(BagFile { path: p.into(), bytes });
            }
            files.push(BagFile {
                path: TAG_MANIFEST.into(),
                bytes: tag_manifest.into_bytes(),
            });
            // A bag left from an earlier run that was never recorded is
            // set aside, not trusted.
            let dest = dir.join(&name);
            if dest.exists() {
                let aside = dir.join(format!(".{name}.unrecorded-{}", now.timestamp()));
                std::fs::rename(&dest, &aside).map_err(|e| RaError::Io(format!("{}: {e}", dest.display())))?;
            }
            write_bag(&dir, &name, &files)?;
            let manifest_sha256 = sha256_hex(manifest.as_bytes());
            let rec = BagRecord {
                name: name.clone(),
                month: month.clone(),
                manifest_sha256: manifest_sha256.clone(),
                case_ids: cases.iter().map(|c| c.id).collect(),
                made_at: now,
                made_by: op.name.clone(),
            };
            put_bag(&mut b, &rec);
            self.audit(
                &mut b,
                &op.name,
                "archive_create",
                None,
                format!(
                    "bag {name}: {} case(s) closed in {month}, manifest SHA-256 {manifest_sha256}, audit head {} {}",
                    cases.len(),
                    head.0,
                    head.1
                ),
            );
            out.push(MadeBag {
                name,
                month,
                new: true,
                cases: cases.len(),
                manifest_sha256,
                files,
            });
        }
        b.commit(&self.store).await?;
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The office's name, as its issuing CA's organisation says it.
    fn office_name(&self, issuing_der: &[u8]) -> String {
        x509_parser::parse_x509_certificate(issuing_der)
            .ok()
            .and_then(|(_, c)| {
                c.subject()
                    .iter_organization()
                    .next()
                    .and_then(|o| o.as_str().ok().map(str::to_string))
            })
            .unwrap_or_else(|| "ratu".into())
    }

    /// The payload of one month's bag: `data/archive.json` and each case.
    async fn payload(
        &self,
        name: &str,
        month: &str,
        office: &str,
        op: &Operator,
        cases: &[Case],
    ) -> Result<(Vec<BagFile>, (u64, String))> {
        let mut files = Vec::new();
        for chunk in cases.chunks(READ_CHUNK) {
            files.extend(self.cases_files(chunk).await?);
        }
        // The head read after the events: every event in the bag is at or
        // before it.
        let head = self
            .store
            .audit_head()
            .await?
            .unwrap_or((0, crate::store::GENESIS.into()));
        let info = ArchiveInfo {
            format: 1,
            name: name.into(),
            month: month.into(),
            office: office.into(),
            made_at: self.now(),
            made_by: op.name.clone(),
            audit_head_seq: head.0,
            audit_head_hash: head.1.clone(),
            case_ids: cases.iter().map(|c| c.id).collect(),
        };
        files.push(BagFile {
            path: contents::ARCHIVE_JSON.into(),
            bytes: json(&info)?,
        });
        Ok((files, head))
    }

    /// The files of some cases (their records, documents, events and
    /// certificates), each kind read for all of them at once.
    async fn cases_files(&self, cases: &[Case]) -> Result<Vec<BagFile>> {
        let ids: Vec<u64> = cases.iter().map(|c| c.id).collect();
        let mut docs: BTreeMap<u64, Vec<crate::store::StoredDocument>> = BTreeMap::new();
        for d in self.store.documents_of_cases(&ids).await? {
            docs.entry(d.info.case_id).or_default().push(d);
        }
        let mut events: BTreeMap<u64, Vec<ArchivedEvent>> = BTreeMap::new();
        for r in self.store.audit_for_cases(&ids).await? {
            let Some(id) = r.case_id else { continue };
            events.entry(id).or_default().push(ArchivedEvent {
                seq: r.seq,
                prev_hash: r.prev_hash,
                hash: r.hash,
                body: r.body,
            });
        }
        let mut certs: BTreeMap<u64, Vec<crate::domain::CertRecord>> = BTreeMap::new();
        for r in self.store.certs_of_cases(&ids).await? {
            if let Some(id) = r.case_id {
                certs.entry(id).or_default().push(r);
            }
        }
        let mut files = Vec::new();
        for c in cases {
            let docs = docs.remove(&c.id).unwrap_or_default();
            let events = events.remove(&c.id).unwrap_or_default();
            let mut certs = certs.remove(&c.id).unwrap_or_default();
            // The certificate a case concerns (renewal, update, revocation).
            if let (Some(serial), Some(issuer)) = (&c.cert_serial, &c.cert_issuer)
                && !certs.iter().any(|r| &r.serial == serial)
                && let Ok(r) = self.store.cert_at(issuer, serial).await
            {
                certs.push(r);
            }
            files.extend(self.case_files(c, docs, events, certs).await?);
        }
        Ok(files)
    }

    /// One case's files: its record, documents, events and certificates.
    async fn case_files(
        &self,
        c: &Case,
        docs: Vec<crate::store::StoredDocument>,
        events: Vec<ArchivedEvent>,
        certs: Vec<crate::domain::CertRecord>,
    ) -> Result<Vec<BagFile>> {
        let base = contents::case_dir(c.id);
        let mut files = Vec::new();
        let mut documents = Vec::new();
        for doc in docs {
            let info = doc.info;
            if info.purged_at.is_some() {
                return Err(RaError::Invalid(format!(
                    "case {}: document {} was purged already; its bag is {}",
                    c.id,
                    info.id,
                    info.purged_bag.as_deref().unwrap_or("?")
                )));
            }
            if sha256_hex(&doc.content) != info.sha256 {
                return Err(RaError::Invalid(format!(
                    "case {}: document {}: stored content does not match its SHA-256",
                    c.id, info.id
                )));
            }
            let file = format!("{base}/documents/{}.{}", info.id, info.media_type.extension());
            files.push(BagFile {
                path: file.clone(),
                bytes: doc.content,
            });
            documents.push(ArchivedDocument { info, file });
        }
        let mut certificates = Vec::new();
        for r in certs {
            // Reserved and never signed: no DER to keep.
            let Ok(der) = self.store.cert_der(&r.issuer_dn, &r.serial).await else {
                continue;
            };
            let file = format!("{base}/certs/{}.der", r.serial);
            files.push(BagFile {
                path: file.clone(),
                bytes: der,
            });
            certificates.push(ArchivedCert { record: r, file });
        }
        files.push(BagFile {
            path: format!("{base}/{}", contents::EVENTS_JSON),
            bytes: json(&events)?,
        });
        let case = ArchivedCase {
            case: c.clone(),
            documents,
            certificates,
        };
        files.push(BagFile {
            path: format!("{base}/{}", contents::CASE_JSON),
            bytes: json(&case)?,
        });
        Ok(files)
    }
}
