//! The `outbox` table: e-mails written in the same transaction as the step
//! that sends them, delivered later (files or SMTP).

use super::cases::ts;
use super::{Batch, EventRef, Result, Store};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Deserialize)]
pub struct OutboxRow {
    /// The audit event that sent it.
    pub id: u64,
    pub case_id: Option<u64>,
    pub notice: String,
    pub to: String,
    pub subject: String,
    /// The whole RFC 5322 message.
    pub message: String,
    pub created_at: DateTime<Utc>,
    /// A link notice: the case version its link is bound to.
    #[serde(default)]
    pub link_version: Option<u64>,
}

pub struct NewMail<'a> {
    /// None for notices about a certificate with no case (imported).
    pub case_id: Option<u64>,
    pub notice: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub message: &'a str,
    pub at: DateTime<Utc>,
    /// A link notice: the case version its link is bound to.
    pub link_version: Option<u64>,
}

/// A message as the batch keeps it until its event has a sequence number.
#[derive(Debug, Clone, Serialize)]
pub(super) struct MailRow {
    case_id: Option<u64>,
    notice: String,
    to: String,
    subject: String,
    message: String,
    created_at: String,
    link_version: Option<u64>,
}

impl MailRow {
    /// The row keyed by its event's sequence number.
    pub(super) fn with_id(&self, seq: u64) -> serde_json::Value {
        let mut v = json!(self);
        v["id"] = json!(seq);
        v
    }
}

/// Adds a message, keyed by the sequence number of the audit event that
/// sends it (`event`, from `append_audit`).
pub fn insert_mail(b: &mut Batch, event: EventRef, m: &NewMail) {
    b.mail(
        event,
        MailRow {
            case_id: m.case_id,
            notice: m.notice.into(),
            to: m.to.into(),
            subject: m.subject.into(),
            message: m.message.into(),
            created_at: ts(m.at),
            link_version: m.link_version,
        },
    );
}

impl Store {
    pub async fn unsent_mail(&self) -> Result<Vec<OutboxRow>> {
        self.rows(
            "SELECT record::id(id) AS id, case_id, notice, to, subject, message, created_at, link_version FROM outbox WHERE sent_at = NONE AND withdrawn_at = NONE ORDER BY id;",
            json!({}),
        )
        .await
    }

    pub async fn mail_for_case(&self, case_id: u64) -> Result<Vec<OutboxRow>> {
        self.rows(
            "SELECT record::id(id) AS id, case_id, notice, to, subject, message, created_at FROM outbox WHERE case_id = $c ORDER BY id;",
            json!({ "c": case_id }),
        )
        .await
    }

    pub async fn mark_sent(&self, id: u64, at: DateTime<Utc>) -> Result<()> {
        self.write_one(
            "UPDATE type::record('outbox', $id) SET sent_at = <datetime>$t;",
            json!({ "id": id, "t": ts(at) }),
        )
        .await
        .map(|_| ())
    }
}
