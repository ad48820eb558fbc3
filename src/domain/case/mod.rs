//! A request in one of the queues (one per case kind).

mod checklist;
mod document;
mod kind;
mod state;
pub mod workflow;
#[cfg(test)]
mod workflow_matrix;
#[cfg(test)]
pub(crate) mod workflow_tests;

pub use checklist::{CheckItem, Tick};
pub use document::{DocKind, DocumentError, DocumentInfo, MAX_DOCUMENT_BYTES, MediaType, check_document};
pub use kind::CaseKind;
pub use state::CaseState;
pub use workflow::{Action, Allowed, Notice, Refusal, Target, Transition};

use super::{Operator, RevocationReason, Subscriber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: u64,
    pub kind: CaseKind,
    pub state: CaseState,
    /// Where an on-hold case returns to.
    pub held_from: Option<CaseState>,
    pub subscriber: Subscriber,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub due_at: DateTime<Utc>,
    /// Optimistic concurrency: every change adds one.
    pub version: u64,
    pub verified_by: Option<String>,
    pub checklist: Vec<Tick>,
    /// Kinds of the documents attached (their bytes live in the store).
    pub documents: Vec<DocKind>,
    pub revocation_reason: Option<RevocationReason>,
    /// The certificate this case concerns (renewal, update, revocation) or
    /// produced (issuance): its serial and its issuer's DN.
    pub cert_serial: Option<String>,
    #[serde(default)]
    pub cert_issuer: Option<String>,
    /// An update case's proposed changes to the holder's record.
    #[serde(default)]
    pub changes: Vec<super::FieldChange>,
    pub last_note: Option<String>,
}

/// What a verifier enters to open a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    pub kind: CaseKind,
    pub subscriber: Subscriber,
    pub revocation_reason: Option<RevocationReason>,
    /// The certificate it is about, as typed: serial or SHA-256
    /// fingerprint (none: the holder's one valid certificate).
    pub cert_serial: Option<String>,
    pub note: Option<String>,
}

impl Case {
    /// The state a new case of `kind` starts in.
    pub fn initial_state(kind: CaseKind) -> CaseState {
        if kind.issues_certificate() {
            CaseState::Draft
        } else {
            CaseState::Submitted
        }
    }

    pub fn open(id: u64, new: NewCase, by: &str, now: DateTime<Utc>, sla: super::Sla) -> Case {
        Case {
            id,
            kind: new.kind,
            state: Self::initial_state(new.kind),
            held_from: None,
            subscriber: new.subscriber,
            created_at: now,
            created_by: by.to_string(),
            updated_at: now,
            updated_by: by.to_string(),
            due_at: sla.due(now),
            version: 1,
            verified_by: None,
            checklist: Vec::new(),
            documents: Vec::new(),
            revocation_reason: new.revocation_reason,
            cert_serial: None,
            cert_issuer: None,
            changes: Vec::new(),
            last_note: new.note,
        }
    }

    pub fn is_ticked(&self, item: CheckItem) -> bool {
        self.checklist.iter().any(|t| t.item == item)
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.state.is_pending() && now > self.due_at
    }

    /// The case after `t` is taken by `op` (the rules were checked by
    /// `workflow::check`).
    pub fn after(&self, t: &Transition, op: &Operator, note: Option<&str>, now: DateTime<Utc>) -> Case {
        let mut next = self.clone();
        match t.to {
            Target::To(CaseState::OnHold) => {
                next.held_from = Some(self.state);
                next.state = CaseState::OnHold;
            }
            Target::To(s) => next.state = s,
            Target::Back => {
                next.state = self.held_from.unwrap_or(Self::initial_state(self.kind));
                next.held_from = None;
            }
            Target::Stay => {}
        }
        if t.verifies {
            next.verified_by = Some(op.name.clone());
        }
        if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
            next.last_note = Some(n.to_string());
        }
        next.updated_at = now;
        next.updated_by = op.name.clone();
        next.version = self.version + 1;
        next
    }

    /// The case with `item` ticked (or unticked) by `op`.
    pub fn with_tick(&self, item: CheckItem, ticked: bool, op: &Operator, now: DateTime<Utc>) -> Case {
        let mut next = self.clone();
        next.checklist.retain(|t| t.item != item);
        if ticked {
            next.checklist.push(Tick {
                item,
                by: op.name.clone(),
                at: now,
            });
        }
        next.updated_at = now;
        next.updated_by = op.name.clone();
        next.version = self.version + 1;
        next
    }
}
