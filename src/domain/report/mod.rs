//! The office's numbers for a period (issue #26): cases received and
//! closed per kind, outcomes, processing time in working days against the
//! service standard, certificates in force and expiring, revocations, and
//! each officer's work. Pure: the store answers [`Inputs`] (counted and
//! grouped where the data lives), [`compute`] lays them out as tables that
//! every output (JSON, CSV, XLSX, PDF, the console) shows alike.

mod compute;
mod period;
mod stats;
mod table;

pub use compute::{ALL_AGENCIES, Heading, compute, waits};
pub use period::{Period, PeriodKind};
pub use stats::{median, p90};
pub use table::{Cell, Table};

use super::{CaseKind, CaseState, RevocationReason, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One state a case entered: when, and by whom (an operator, the
/// applicant `applicant:N`, or the service). Kept on the case as it moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub state: CaseState,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// Who a case waits on in a state: the office can answer only for its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Office,
    Applicant,
    Nobody,
}

pub fn waits_on(state: CaseState) -> Party {
    use CaseState::*;
    match state {
        AwaitingApplicantData | AwaitingPassphrase | OnHold => Party::Applicant,
        Draft | VerifierReview | Submitted | RaReview | Approved => Party::Office,
        Issued | Applied | Revoked | Rejected | Cancelled => Party::Nobody,
    }
}

/// A case closed in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedCase {
    pub id: u64,
    pub kind: CaseKind,
    pub state: CaseState,
    pub agency: String,
    pub created_at: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    #[serde(default)]
    pub timeline: Vec<Move>,
    /// The note of its last step: a rejection's reason.
    #[serde(default)]
    pub last_note: Option<String>,
}

/// Cases received in the period, per agency, kind and whether still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    pub agency: String,
    pub kind: CaseKind,
    pub open: bool,
    pub n: u64,
    /// Their case numbers, when a trace was asked for.
    #[serde(default)]
    pub cases: Vec<u64>,
}

/// Certificates of one agency in force now, and those of them expiring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    pub agency: String,
    pub n: u64,
    pub within_30: u64,
    pub within_60: u64,
    pub within_90: u64,
    /// Their serials, when a trace was asked for.
    #[serde(default)]
    pub serials: Vec<String>,
}

/// Certificates revoked in the period, per agency and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    pub agency: String,
    pub reason: Option<RevocationReason>,
    pub n: u64,
    /// Their serials, when a trace was asked for.
    #[serde(default)]
    pub serials: Vec<String>,
}

/// What the store answers for a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Inputs {
    pub received: Vec<Received>,
    pub closed: Vec<ClosedCase>,
    pub in_force: Vec<InForce>,
    pub revoked: Vec<Revoked>,
    /// The roles of the operators who moved cases.
    pub roles: Vec<(String, Role)>,
}

/// The report: its heading and tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub office: String,
    pub period: Period,
    /// The agencies it covers; empty: every agency.
    pub agencies: Vec<String>,
    pub generated_at: DateTime<Utc>,
    /// The service standard, in working days.
    pub service_days: u32,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// How a report is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAsk {
    pub period: Period,
    /// One agency only (none: every agency the operator sees).
    #[serde(default)]
    pub agency: Option<String>,
    /// Name the cases and certificates behind every number.
    #[serde(default)]
    pub trace: bool,
}
