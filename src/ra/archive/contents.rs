//! What a bag's payload holds, as JSON: the bag (`data/archive.json`) and
//! each case (`data/cases/ID/case.json`, `events.json`).

use crate::domain::Case;
use crate::domain::CertRecord;
use crate::domain::case::DocumentInfo;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const ARCHIVE_JSON: &str = "data/archive.json";
pub const CASE_JSON: &str = "case.json";
pub const EVENTS_JSON: &str = "events.json";

/// The folder of case `id` inside a bag.
pub fn case_dir(id: u64) -> String {
    format!("data/cases/{id}")
}

/// The bag itself: its month, its cases, the audit head when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub format: u32,
    pub name: String,
    pub month: String,
    pub office: String,
    pub made_at: DateTime<Utc>,
    pub made_by: String,
    pub audit_head_seq: u64,
    pub audit_head_hash: String,
    pub case_ids: Vec<u64>,
}

/// A document as the store recorded it, and its file in the bag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedDocument {
    #[serde(flatten)]
    pub info: DocumentInfo,
    pub file: String,
}

/// A certificate's record, and its DER file in the bag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedCert {
    pub record: CertRecord,
    pub file: String,
}

/// `case.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedCase {
    pub case: Case,
    pub documents: Vec<ArchivedDocument>,
    pub certificates: Vec<ArchivedCert>,
}

/// One audit event as the chain holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedEvent {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub body: String,
}
