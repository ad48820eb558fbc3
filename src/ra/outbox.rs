//! Delivering the outbox: each e-mail leaves once; a failure stays queued
//! for the next try.

use super::{Ra, Result};
use crate::notify::{Delivery, deliver};

/// What a delivery run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// The first failure, which stopped the run (the rest stay queued).
    pub error: Option<String>,
}

impl Ra {
    pub async fn deliver_outbox(&self, d: &Delivery) -> Result<Delivered> {
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
