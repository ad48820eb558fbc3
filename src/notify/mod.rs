//! E-mail notifications to the applicant: templates in Indonesian and
//! English, messages built with lettre, written to the outbox in the same
//! transaction as the step, and delivered as `.eml` files (air-gapped
//! default) or through an SMTP relay.

mod deliver;
mod template;

pub use deliver::{Delivery, DeliveryError, deliver};
pub use template::{Lang, Mail, compose, compose_expiry};
