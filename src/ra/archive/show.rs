//! One archived case, read from its bag only (for a dispute years later):
//! its data, documents with their hashes, events and certificates. The
//! bag is verified first when the office's root is at hand.

use super::bag::BAGIT;
use super::contents::{ARCHIVE_JSON, ArchiveInfo, ArchivedCase, ArchivedEvent, CASE_JSON, EVENTS_JSON, case_dir};
use super::verify::{BagError, verify_bag};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What `ratu archive show` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivedCaseView {
    pub bag: String,
    /// How the bag verified ("signed by … on …"), or why it was not
    /// checked (no root given).
    pub verified: String,
    pub audit_head_seq: u64,
    pub audit_head_hash: String,
    #[serde(flatten)]
    pub case: ArchivedCase,
    pub events: Vec<ArchivedEvent>,
}

fn bags_in(dir: &Path) -> Vec<PathBuf> {
    if dir.join(BAGIT).is_file() {
        return vec![dir.to_path_buf()];
    }
    super::verify::bags_inside(dir).unwrap_or_default()
}

fn read_json<T: serde::de::DeserializeOwned>(bag: &Path, rel: &str) -> Result<T, BagError> {
    let bytes = std::fs::read(bag.join(rel)).map_err(|e| BagError(format!("{}: {rel}: {e}", bag.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| BagError(format!("{}: {rel}: unreadable ({e})", bag.display())))
}

/// Case `id` from the bag (or folder of bags) at `dir` that holds it;
/// the bag verified against `root_der` when given (an error if it does
/// not verify).
pub fn show_case(dir: &Path, id: u64, root_der: Option<&[u8]>) -> Result<ArchivedCaseView, BagError> {
    for bag in bags_in(dir) {
        let info: ArchiveInfo = read_json(&bag, ARCHIVE_JSON)?;
        if !info.case_ids.contains(&id) {
            continue;
        }
        let verified = match root_der {
            Some(root) => {
                let v = verify_bag(&bag, root)?;
                format!(
                    "verified: {} files, signed by {} (serial {}) on {}",
                    v.files,
                    v.signer.subject,
                    v.signer.serial,
                    v.signer.signed_at.format("%Y-%m-%d %H:%M UTC")
                )
            }
            None => "not verified: no office root given (--root FILE)".into(),
        };
        let base = case_dir(id);
        return Ok(ArchivedCaseView {
            bag: info.name,
            verified,
            audit_head_seq: info.audit_head_seq,
            audit_head_hash: info.audit_head_hash,
            case: read_json(&bag, &format!("{base}/{CASE_JSON}"))?,
            events: read_json(&bag, &format!("{base}/{EVENTS_JSON}"))?,
        });
    }
    Err(BagError(format!("case {id} is in no bag under {}", dir.display())))
}
