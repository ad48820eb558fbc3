//! The expiry watch: the 30- and 7-day reminders, queued once each for
//! every certificate expiring within 30 days, however many there are.

use super::{Ra, RaError, Result, require_role};
use crate::domain::{CertRecord, CertState, EXPIRING_DAYS, Operator, Role};
use crate::notify::compose_expiry;
use crate::store::{Batch, CertFilter, NewMail, insert_mail, update_cert};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// Certificates read from the store at a time.
const PAGE: usize = 1000;

/// The reminder buckets, in days before expiry.
const BUCKETS: [u32; 2] = [7, 30];

/// Roles whose sign-in or command runs the watch (it queues e-mails):
/// never the auditor, who changes nothing, nor a verifier.
const WATCHERS: &[Role] = &[Role::CaAdmin, Role::RaOfficer];

/// Whether `op` runs the expiry watch; the console asks before it runs it.
pub fn runs_expiry_watch(op: &Operator) -> bool {
    WATCHERS.contains(&op.role)
}

/// Whole days left until `not_after`, a started day counting as one: a
/// certificate expiring in 6 days and 2 hours has 7 days left.
pub fn days_left(now: DateTime<Utc>, not_after: DateTime<Utc>) -> i64 {
    let secs = (not_after - now).num_seconds().max(0);
    (secs + 86_399) / 86_400
}

impl Ra {
    /// Queues the 30- and 7-day expiry reminders that are due, once each;
    /// each says the real number of days left. Returns how many were
    /// queued. A ca_admin or RA officer only.
    pub async fn expiry_watch(&self, op: &Operator) -> Result<usize> {
        require_role(op, WATCHERS, "only a ca_admin or RA officer queues expiry reminders")?;
        self.watch_paged(PAGE).await
    }

    /// Reads the certificates expiring within 30 days `page` at a time,
    /// soonest first. The store pages on `not_after >= cursor`, so the rows
    /// at the cursor are read again (and skipped by serial); a page that is
    /// all one `not_after` is read again twice as large.
    async fn watch_paged(&self, page: usize) -> Result<usize> {
        let now = self.now();
        let mut filter = CertFilter {
            state: Some(CertState::Issued),
            not_after_after: Some(now),
            not_after_before: Some(now + Duration::days(EXPIRING_DAYS)),
            limit: page,
        };
        let mut at_cursor: HashSet<String> = HashSet::new();
        let mut queued = 0;
        loop {
            let rows = self.store.certs(&filter).await?;
            let full = rows.len() >= filter.limit;
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                return Ok(queued);
            };
            let stuck = full && first.not_after == last.not_after;
            let cursor = last.not_after;
            let mut next_at_cursor = HashSet::new();
            for rec in rows {
                if rec.not_after == cursor {
                    next_at_cursor.insert(rec.serial.clone());
                }
                if at_cursor.contains(&rec.serial) {
                    continue;
                }
                queued += usize::from(self.remind(rec, now).await?);
            }
            if !full {
                return Ok(queued);
            }
            if stuck {
                filter.limit *= 2;
            } else {
                filter.limit = page;
            }
            at_cursor = next_at_cursor;
            filter.not_after_after = Some(cursor);
        }
    }

    /// Queues the reminder due for `rec`, if any; true when one was queued.
    async fn remind(&self, mut rec: CertRecord, now: DateTime<Utc>) -> Result<bool> {
        let (Some(bucket), Some(email)) = (rec.reminder_due(now), rec.email.clone()) else {
            return Ok(false);
        };
        let left = days_left(now, rec.not_after);
        let date = rec.not_after.format("%Y-%m-%d").to_string();
        let mail = compose_expiry(
            &rec.holder,
            &email,
            &rec.serial,
            u32::try_from(left).unwrap_or(u32::MAX),
            &date,
            self.cfg.lang,
            &self.cfg.mail_from,
        )
        .map_err(RaError::Invalid)?;
        // A later reminder covers the earlier ones not sent (7 days left
        // and no 30-day reminder yet: one e-mail, not two).
        for b in BUCKETS.into_iter().filter(|b| *b >= bucket) {
            if !rec.reminded.contains(&b) {
                rec.reminded.push(b);
            }
        }
        let mut b = Batch::new();
        update_cert(&mut b, &rec, None);
        let ev = self.audit(
            &mut b,
            "ratu",
            "expiry_reminder",
            None,
            format!(
                "certificate {} expires {date}, {left} day(s) left ({bucket}-day reminder)",
                rec.serial
            ),
        );
        insert_mail(
            &mut b,
            ev,
            &NewMail {
                case_id: rec.case_id,
                notice: "expiring",
                to: &mail.to,
                subject: &mail.subject,
                message: &mail.message,
                at: now,
                link_version: None,
            },
        );
        b.commit(&self.store).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ra::{Clock, RaConfig};
    use crate::store::{DbTarget, Store, insert_cert};
    use chrono::TimeZone;

    #[test]
    fn a_started_day_counts_as_a_day_left() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        assert_eq!(days_left(now, now + Duration::days(7)), 7);
        assert_eq!(days_left(now, now + Duration::days(6) + Duration::hours(2)), 7);
        assert_eq!(days_left(now, now + Duration::hours(1)), 1);
        assert_eq!(days_left(now, now - Duration::hours(1)), 0);
    }

    #[tokio::test]
    async fn paging_reaches_every_certificate_even_when_a_page_shares_one_expiry() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let ra = Ra::new(
            Store::open(&DbTarget::Memory).await.unwrap(),
            RaConfig::default(),
            Clock::Fixed(now),
        );
        // Five share one expiry time: more than a page of 2.
        let days = [3, 5, 5, 5, 5, 5, 8, 9, 20];
        let mut b = Batch::new();
        for (i, d) in days.iter().enumerate() {
            let rec = CertRecord {
                email: Some(format!("p{i}@bandung.go.id")),
                ..CertRecord::new(
                    format!("{i:02x}"),
                    "Pemegang",
                    "signing",
                    (now - Duration::days(700), now + Duration::days(*d)),
                    CertState::Issued,
                )
            };
            insert_cert(&mut b, &rec, None);
        }
        b.commit(&ra.store).await.unwrap();
        assert_eq!(ra.watch_paged(2).await.unwrap(), days.len());
        assert_eq!(ra.watch_paged(2).await.unwrap(), 0, "once only");
        assert_eq!(ra.store.unsent_mail().await.unwrap().len(), days.len());
    }
}
