//! The use-cases. Each checks the actor's role and the four-eyes rule,
//! moves the case through its state machine, and writes the change, its
//! audit event and its e-mails in one transaction. The CLI and the console
//! call only this.

mod auth;
mod cases;
mod clock;
mod console;
pub mod demo;
mod documents;
mod error;
mod verify;

pub use auth::{hash_pin, verify_pin};
pub use cases::{CaseView, HistoryEntry};
pub use clock::Clock;
pub use console::{AuditLine, QUEUE_CAP};
pub use error::RaError;
pub use verify::AuditReport;

use crate::audit::AuditEvent;
use crate::domain::{Case, Operator, Sla};
use crate::notify::Lang;
use crate::store::{Batch, Store, append_audit};

pub type Result<T> = std::result::Result<T, RaError>;

/// Settings the use-cases need.
#[derive(Debug, Clone)]
pub struct RaConfig {
    pub sla: Sla,
    pub lang: Lang,
    pub mail_from: String,
    /// Base of the applicant's links in e-mails.
    pub link_base: String,
}

impl Default for RaConfig {
    fn default() -> Self {
        Self {
            sla: Sla::default(),
            lang: Lang::Id,
            mail_from: "RA Diskominfo <ra@diskominfo.go.id>".into(),
            link_base: "https://ra.diskominfo.go.id/p".into(),
        }
    }
}

/// The registration authority: a store, settings and a clock.
#[derive(Clone)]
pub struct Ra {
    store: Store,
    cfg: RaConfig,
    clock: Clock,
}

impl Ra {
    pub fn new(store: Store, cfg: RaConfig, clock: Clock) -> Self {
        Self { store, cfg, clock }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn config(&self) -> &RaConfig {
        &self.cfg
    }

    /// Adds the audit event for `op` doing `action` to the batch; returns
    /// the transaction variable holding its sequence number.
    fn audit(&self, b: &mut Batch, op: &str, action: &str, case: Option<&Case>, detail: impl Into<String>) -> String {
        let ev = AuditEvent::new(self.now(), op, action, case.map(|c| c.id), detail);
        append_audit(b, &ev.body(), ev.case_id)
    }

    /// Auditors read; nobody else is refused a read.
    fn can_read(_op: &Operator) -> bool {
        true
    }
}
