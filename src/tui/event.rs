//! What background tasks report back. Every database call runs as a tokio
//! task that sends one `Msg` through the app's channel; the UI never waits
//! on the database.

use crate::domain::{Action, Case, CaseFilter, CaseKind, CheckItem, Operator};
use crate::domain::{CertRecord, CertStatus};
use crate::preview::Preview;
use crate::ra::{AuditLine, AuditReport, CaStatus, CaseView, CertView, Published};

/// A page of the audit trail, as the store answered it.
#[derive(Debug)]
pub struct AuditPage {
    pub generation: u64,
    pub before: Option<u64>,
    pub lines: Result<Vec<AuditLine>, String>,
}

/// A page of a queue, as the store answered it.
#[derive(Debug)]
pub struct Page {
    pub kind: CaseKind,
    /// The queue's query generation it answers (older ones are dropped).
    pub generation: u64,
    pub start: usize,
    pub query: CaseFilter,
    pub cases: Result<Vec<Case>, String>,
}

/// The outcome of one `ra` call on one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: u64,
    pub result: Result<Case, String>,
    /// Refused because someone changed the case since it was read.
    pub stale: bool,
}

#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // moved once, from a task to the loop
pub enum Msg {
    SignedIn(Result<Operator, String>),
    /// A page of a queue.
    Page(Box<Page>),
    /// Tab counts from the store.
    Counts(Result<Vec<(CaseKind, super::screens::queues::QueueCounts)>, String>),
    Shown(u64, Result<Box<CaseView>, String>),
    /// Results of an action on one or more cases; `advance` moves the
    /// cursor to the next case after a single success.
    Acted {
        action: Action,
        outcomes: Vec<Outcome>,
        advance: bool,
        /// The checklist item of a tick or untick.
        item: Option<CheckItem>,
    },
    Fresh(Result<Case, String>),
    /// A case read again after an action on it was refused as stale; the
    /// keys waiting on it run once it is in.
    Reread(u64, Result<Case, String>),
    Revealed(u64, Result<String, String>),
    /// A document decoded (its SHA-256).
    Document(String, Box<Preview>),
    /// A link was sent again (the case's number).
    LinkResent(Result<u64, String>),
    Created(Result<Case, String>),
    /// Holders found for a text (the find dialog).
    Found(String, Result<Vec<crate::ra::HolderView>, String>),
    /// The cases of a certificate (Enter on the certificates screen).
    CertCases(Result<Vec<Case>, String>),
    Exported(Result<String, String>),
    Audit(Box<AuditPage>),
    Certs(Result<Vec<(CertRecord, CertStatus)>, String>),
    CertShown(Result<Box<CertView>, String>),
    CaStatus(Result<Box<CaStatus>, String>),
    /// The office's numbers for the Reports screen.
    Report(Result<Box<crate::domain::report::Report>, String>),
    /// A CRL publication: asked for (`true`) or by the housekeeping timer.
    CrlPublished(Result<Published, String>, bool),
    /// Housekeeping: expiry reminders queued.
    Reminded(Result<usize, String>),
    /// Why the store refuses writes now (none: there is room).
    Room(Option<String>),
    AuditVerified(Result<AuditReport, String>),
    /// A certificate revoked from its screen (its serial).
    CertRevoked(Result<String, String>),
    /// A case changed somewhere (LIVE query); not a task's answer.
    Changed(u64),
    /// A case re-read after it changed somewhere.
    /// A case changed elsewhere, as this operator may see it (`None`:
    /// another agency's).
    ChangedElsewhere(Result<Option<Case>, String>),
    /// The live subscription ended or failed (the database went away).
    LiveLost(String),
    /// The live subscription is back after it was lost.
    LiveBack,
}

impl Msg {
    /// Messages that arrive on their own, not as the answer of a task
    /// counted in `App::pending`.
    pub fn is_unasked(&self) -> bool {
        matches!(self, Msg::Changed(_) | Msg::LiveLost(_) | Msg::LiveBack)
    }
}
