//! Delivering the outbox: each e-mail leaves once; a failure stays queued
//! for the next try. The auditor delivers nothing.

use super::{Ra, Result, require_role};
use crate::domain::{Operator, Role};
use crate::notify::{Delivery, deliver};

/// What a delivery run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// The first failure, which stopped the run (the rest stay queued).
    pub error: Option<String>,
}

/// Roles whose own steps queue e-mails, delivered right after the step.
const STEP_TAKERS: &[Role] = &[Role::CaAdmin, Role::RaOfficer, Role::Verifier];

impl Ra {
    /// Delivers every unsent e-mail on demand (`ratu outbox deliver`): a
    /// ca_admin only.
    pub async fn deliver_outbox(&self, op: &Operator, d: &Delivery) -> Result<Delivered> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin delivers the outbox")?;
        self.deliver_unsent(d).await
    }

    /// After a command of `op` that may have queued e-mails: delivers them
    /// (and any still waiting). An auditor's command queues nothing, so
    /// nothing is delivered for it.
    pub async fn deliver_after(&self, op: &Operator, d: &Delivery) -> Result<Delivered> {
        if !STEP_TAKERS.contains(&op.role) {
            return Ok(Delivered::default());
        }
        self.deliver_unsent(d).await
    }

    pub(super) async fn deliver_unsent(&self, d: &Delivery) -> Result<Delivered> {
        let mut out = Delivered::default();
        for m in self.store.unsent_mail().await? {
            let id = format!(
                "{}-{}-{}",
                m.case_id.map_or("cert".to_string(), |c| format!("case{c}")),
                m.notice,
                m.id
            );
            match deliver(d, &id, &m.to, &m.message) {
                Ok(_) => {
                    self.store.mark_sent(m.id, self.now()).await?;
                    out.sent += 1;
                }
                Err(e) => {
                    out.error = Some(format!("e-mail to {} stays in the outbox: {e}", m.to));
                    break;
                }
            }
        }
        Ok(out)
    }
}
