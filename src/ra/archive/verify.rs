//! Checking a bag with nothing but its files and the office's root: the
//! tag manifest, the manifest's signature (its signer chained to the root
//! given, never to one inside the bag), every payload file's hash (no file
//! missing, none extra), the documents against the hashes the store
//! recorded, and the audit events' chain links.

use super::bag::{BAGIT, MANIFEST, SIGNATURE, TAG_FILES, TAG_MANIFEST, parse_manifest};
use super::contents::{ARCHIVE_JSON, ArchiveInfo, ArchivedCase, ArchivedEvent, CASE_JSON, EVENTS_JSON, case_dir};
use crate::ca::CmsSigner;
use crate::domain::audit::{AuditEvent, event_hash};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The first difference found, in one line naming the bag and the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BagError(pub String);

/// A bag that verified, and what it holds.
#[derive(Debug, Clone)]
pub struct VerifiedBag {
    pub dir: PathBuf,
    pub name: String,
    pub info: ArchiveInfo,
    /// SHA-256 (hex) of its manifest.
    pub manifest_sha256: String,
    pub signer: CmsSigner,
    pub files: usize,
    pub bytes: u64,
    pub cases: BTreeMap<u64, ArchivedCase>,
    pub events: usize,
}

type Check<T> = std::result::Result<T, String>;

fn read(dir: &Path, rel: &str) -> Check<Vec<u8>> {
    std::fs::read(dir.join(rel)).map_err(|e| format!("{rel}: cannot be read ({e})"))
}

fn sha256_of(dir: &Path, rel: &str) -> Check<(String, u64)> {
    use sha2::Digest;
    let mut f = std::fs::File::open(dir.join(rel)).map_err(|_| format!("{rel}: listed in the manifest but missing"))?;
    let mut h = sha2::Sha256::new();
    let n = std::io::copy(&mut f, &mut h).map_err(|e| format!("{rel}: cannot be read ({e})"))?;
    Ok((hex::encode(h.finalize()), n))
}

/// Every regular file under `dir/data`, relative to `dir`.
fn payload_files(dir: &Path) -> Check<BTreeSet<String>> {
    let data = dir.join("data");
    let mut out = BTreeSet::new();
    let mut todo = vec![data.clone()];
    while let Some(d) = todo.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("data: cannot be read ({e})"))?;
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().into_owned();
            match e.file_type() {
                Ok(t) if t.is_dir() => todo.push(p),
                Ok(t) if t.is_file() => {
                    out.insert(rel);
                }
                _ => return Err(format!("{rel}: not a regular file")),
            }
        }
    }
    Ok(out)
}

/// Checks the bag at `dir` against the office's root certificate (DER).
pub fn verify_bag(dir: &Path, root_der: &[u8]) -> std::result::Result<VerifiedBag, BagError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    check(dir, &name, root_der).map_err(|e| BagError(format!("{name}: {e}")))
}

fn check(dir: &Path, name: &str, root_der: &[u8]) -> Check<VerifiedBag> {
    let declared = read(dir, BAGIT).map_err(|_| format!("{BAGIT}: missing; this is not a BagIt bag"))?;
    if !String::from_utf8_lossy(&declared).starts_with("BagIt-Version: ") {
        return Err(format!("{BAGIT}: not a BagIt declaration"));
    }
    // The tag files, against the tag manifest.
    let tags = read(dir, TAG_MANIFEST)?;
    let tags = parse_manifest(TAG_MANIFEST, &String::from_utf8_lossy(&tags))?;
    for must in TAG_FILES {
        if !tags.iter().any(|(p, _)| p == must) {
            return Err(format!("{must}: not listed in {TAG_MANIFEST}"));
        }
    }
    for (path, sum) in &tags {
        let (got, _) = sha256_of(dir, path).map_err(|_| format!("{path}: listed in {TAG_MANIFEST} but missing"))?;
        if &got != sum {
            return Err(format!(
                "{path}: its SHA-256 differs from {TAG_MANIFEST} (the file was changed)"
            ));
        }
    }
    // The manifest's signature, against the office's root.
    let manifest = read(dir, MANIFEST)?;
    let p7s = read(dir, SIGNATURE)?;
    let signer = crate::ca::verify_detached(SIGNATURE, &p7s, &manifest, root_der)
        .map_err(|e| format!("{e} ({MANIFEST} or its signature was changed, or another CA signed it)"))?;
    // Every payload file, both ways.
    let listed = parse_manifest(MANIFEST, &String::from_utf8_lossy(&manifest))?;
    let mut sums = BTreeMap::new();
    let mut bytes = 0;
    for (path, sum) in &listed {
        if !path.starts_with("data/") {
            return Err(format!("{MANIFEST}: lists {path}, outside data/"));
        }
        let (got, n) = sha256_of(dir, path)?;
        if &got != sum {
            return Err(format!(
                "{path}: its SHA-256 differs from {MANIFEST} (the file was changed)"
            ));
        }
        bytes += n;
        sums.insert(path.clone(), got);
    }
    if let Some(extra) = payload_files(dir)?.into_iter().find(|p| !sums.contains_key(p)) {
        return Err(format!("{extra}: not in {MANIFEST} (a file was added)"));
    }
    let info: ArchiveInfo =
        serde_json::from_slice(&read(dir, ARCHIVE_JSON)?).map_err(|e| format!("{ARCHIVE_JSON}: unreadable ({e})"))?;
    let (cases, events) = check_cases(dir, &info, &sums)?;
    Ok(VerifiedBag {
        dir: dir.to_path_buf(),
        name: name.to_string(),
        info,
        manifest_sha256: super::bag::sha256_hex(&manifest),
        signer,
        files: sums.len(),
        bytes,
        cases,
        events,
    })
}

/// Each case's record, its documents against the store's hashes, and its
/// events: each hash recomputed, each about its case, none after the
/// recorded head; consecutive events linked.
fn check_cases(
    dir: &Path,
    info: &ArchiveInfo,
    sums: &BTreeMap<String, String>,
) -> Check<(BTreeMap<u64, ArchivedCase>, usize)> {
    let mut cases = BTreeMap::new();
    let mut chain: BTreeMap<u64, ArchivedEvent> = BTreeMap::new();
    for id in &info.case_ids {
        let base = case_dir(*id);
        let rel = format!("{base}/{CASE_JSON}");
        let case: ArchivedCase =
            serde_json::from_slice(&read(dir, &rel)?).map_err(|e| format!("{rel}: unreadable ({e})"))?;
        if case.case.id != *id {
            return Err(format!("{rel}: holds case {}, not {id}", case.case.id));
        }
        for d in &case.documents {
            match sums.get(&d.file) {
                Some(sum) if *sum == d.info.sha256 => {}
                Some(_) => return Err(format!("{}: differs from the SHA-256 the store recorded", d.file)),
                None => return Err(format!("{}: named in {rel} but not in {MANIFEST}", d.file)),
            }
        }
        let rel = format!("{base}/{EVENTS_JSON}");
        let events: Vec<ArchivedEvent> =
            serde_json::from_slice(&read(dir, &rel)?).map_err(|e| format!("{rel}: unreadable ({e})"))?;
        for e in events {
            if event_hash(&e.prev_hash, e.seq, &e.body) != e.hash {
                return Err(format!("{rel}: event {}'s hash does not match its content", e.seq));
            }
            let body: AuditEvent =
                serde_json::from_str(&e.body).map_err(|_| format!("{rel}: event {} has an unreadable body", e.seq))?;
            if body.case_id != Some(*id) {
                return Err(format!("{rel}: event {} is not about case {id}", e.seq));
            }
            if e.seq > info.audit_head_seq {
                return Err(format!(
                    "{rel}: event {} is after the audit head {} the bag records",
                    e.seq, info.audit_head_seq
                ));
            }
            chain.insert(e.seq, e);
        }
        cases.insert(*id, case);
    }
    let mut prev: Option<&ArchivedEvent> = None;
    for e in chain.values() {
        if let Some(p) = prev
            && p.seq + 1 == e.seq
            && e.prev_hash != p.hash
        {
            return Err(format!(
                "event {} does not follow event {}: its prev_hash is not that event's hash",
                e.seq, p.seq
            ));
        }
        prev = Some(e);
    }
    Ok((cases, chain.len()))
}

/// Checks `dir`: one bag, or a folder of bags (each sub-folder holding a
/// `bagit.txt`, in name order). The first difference is the error.
pub fn verify_dir(dir: &Path, root_der: &[u8]) -> std::result::Result<Vec<VerifiedBag>, BagError> {
    if dir.join(BAGIT).is_file() {
        return Ok(vec![verify_bag(dir, root_der)?]);
    }
    let bags = bags_inside(dir).map_err(|e| BagError(format!("{}: {e}", dir.display())))?;
    if bags.is_empty() {
        return Err(BagError(format!(
            "{}: no bag here (no {BAGIT}, nor in any folder inside)",
            dir.display()
        )));
    }
    bags.iter().map(|b| verify_bag(b, root_der)).collect()
}

/// The bags in the folders inside `dir` (not those being written, whose
/// names start with a dot), in name order.
pub(super) fn bags_inside(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut bags: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join(BAGIT).is_file())
        .filter(|p| p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.')))
        .collect();
    bags.sort();
    Ok(bags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::GENESIS;

    /// Events `1..=n` of case 7, chained.
    fn chain(n: u64) -> Vec<ArchivedEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let body = AuditEvent::new(chrono::Utc::now(), "ver1", "x", Some(7), "").body();
                let hash = event_hash(&prev, seq, &body);
                let e = ArchivedEvent {
                    seq,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                    body,
                };
                prev = hash;
                e
            })
            .collect()
    }

    /// `check_cases` on a bag of case 7 holding `events`.
    fn checked(events: &[ArchivedEvent]) -> Check<usize> {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join(case_dir(7));
        std::fs::create_dir_all(&base).unwrap();
        let case = serde_json::json!({
            "case": crate::domain::Case::open(
                7,
                crate::domain::NewCase {
                    kind: crate::domain::CaseKind::Issuance,
                    subscriber: crate::domain::SubscriberForm {
                        name: "Budi".into(),
                        nik: "3273015708900001".into(),
                        email: "budi@bandung.go.id".into(),
                        agency: "Dinkes Kota Bandung".into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                    revocation_reason: None,
                    cert_serial: None,
                    note: None,
                },
                "ver1",
                chrono::Utc::now(),
                crate::domain::Sla::default(),
            ),
            "documents": [],
            "certificates": [],
        });
        std::fs::write(base.join(CASE_JSON), case.to_string()).unwrap();
        std::fs::write(base.join(EVENTS_JSON), serde_json::to_string(events).unwrap()).unwrap();
        let info = ArchiveInfo {
            format: 1,
            name: "ratu-closed-2025-11".into(),
            month: "2025-11".into(),
            office: "Dinas".into(),
            made_at: chrono::Utc::now(),
            made_by: "admin".into(),
            audit_head_seq: 10,
            audit_head_hash: "0".repeat(64),
            case_ids: vec![7],
        };
        check_cases(dir.path(), &info, &BTreeMap::new()).map(|(_, n)| n)
    }

    #[test]
    fn events_are_rehashed_and_consecutive_ones_must_link() {
        let events = chain(4);
        assert_eq!(checked(&events), Ok(4));
        // A gap (events of other cases between) is not a break.
        assert_eq!(checked(&[events[0].clone(), events[2].clone()]), Ok(2));
        let mut edited = events.clone();
        edited[1].body = edited[1].body.replace("ver1", "ra1");
        assert!(checked(&edited).unwrap_err().contains("event 2's hash"));
        // Rehashed after the edit: the next event no longer links.
        edited[1].hash = event_hash(&edited[1].prev_hash, 2, &edited[1].body);
        assert!(
            checked(&edited)
                .unwrap_err()
                .contains("event 3 does not follow event 2")
        );
        let mut late = chain(11);
        late.drain(..10);
        assert!(checked(&late).unwrap_err().contains("after the audit head"));
    }
}
