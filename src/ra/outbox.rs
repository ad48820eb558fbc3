//! Delivering the outbox: each e-mail leaves once; a failure stays queued
//! for the next try. The auditor delivers nothing.

use super::{Ra, Result, require_role};
use crate::domain::case::Notice;
use crate::domain::{LinkStep, Operator, Role};
use crate::notify::{Delivery, deliver};
use std::str::FromStr;

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
        self.deliver_unsent(d, &op.name).await
    }

    /// After a command of `op` that may have queued e-mails: delivers them
    /// (and any still waiting). An auditor's command queues nothing, so
    /// nothing is delivered for it.
    pub async fn deliver_after(&self, op: &Operator, d: &Delivery) -> Result<Delivered> {
        if !STEP_TAKERS.contains(&op.role) {
            return Ok(Delivered::default());
        }
        crate::crash::point("step.committed");
        self.deliver_unsent(d, &op.name).await
    }

    /// Delivers what is queued; `by` names the deliverer in the audit
    /// trail of the links it makes. On a shared server an operator's
    /// process leaves link notices to the service: only the service makes
    /// links (an operator who made one would know its token).
    pub(super) async fn deliver_unsent(&self, d: &Delivery, by: &str) -> Result<Delivered> {
        let mut out = Delivered::default();
        for m in self.store.unsent_mail().await? {
            let link = match (
                m.link_version,
                Notice::from_str(&m.notice).ok().and_then(LinkStep::for_notice),
            ) {
                (Some(v), Some(step)) => Some((step, v)),
                _ => None,
            };
            let message = match link {
                Some((step, v)) => match self.with_link(&m, step, v, by).await {
                    Ok(msg) => msg,
                    Err(e) => {
                        out.error = Some(format!("e-mail to {} stays in the outbox: {e}", m.to));
                        break;
                    }
                },
                None => m.message.clone(),
            };
            let id = format!(
                "{}-{}-{}",
                m.case_id.map_or("cert".to_string(), |c| format!("case{c}")),
                m.notice,
                m.id
            );
            match deliver(d, &id, &m.to, &message) {
                Ok(_) => {
                    crate::crash::point("mail.delivered");
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

    /// The message of a link notice, composed again with a new one-time link.
    async fn with_link(&self, m: &crate::store::OutboxRow, step: LinkStep, version: u64, by: &str) -> Result<String> {
        let case_id = m.case_id.unwrap_or_default();
        let case = self.store.case(case_id).await?;
        let url = self.make_link(m, step, version, by).await?;
        let case = crate::domain::Case {
            subscriber: crate::domain::Subscriber {
                email: m.to.clone(),
                ..case.subscriber
            },
            ..case
        };
        let mail = crate::notify::compose(step.notice(case.kind), &case, self.cfg.lang, &self.cfg.mail_from, &url)
            .map_err(super::RaError::Invalid)?;
        Ok(mail.message)
    }
}
