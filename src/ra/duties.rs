//! The CA's duties, run by the process that holds the unlocked CA (the
//! site service), whoever is signed in anywhere else:
//!
//! - approved issuance and renewal cases are issued, in batches, intent
//!   first (`issue_many`), as soon as a LIVE query reports an approval;
//! - the CRL is published right after revocations, a burst coalesced into
//!   one publication, and on schedule before a quarter of its interval is
//!   left;
//! - the OCSP responder's certificate is issued at start and renewed
//!   before a quarter of its validity is left (where an OCSP URL is set);
//! - the expiry watch runs daily, and with it the archive of the months
//!   over (where `archive_dir` is set);
//! - the outbox is delivered as e-mails are queued.
//!
//! Nothing polls for work: the schedule tick only re-checks the CRL's
//! nextUpdate and is the safety net for a notification missed while a
//! duty ran.

use super::{Ra, RaError, Result};
use crate::domain::{CaseKind, CaseState, Operator, Role};
use crate::notify::Delivery;
use crate::store::{CaseFilter, Watch, Watched};
use futures_util::FutureExt;
use std::time::Duration;
use tokio::sync::watch;

/// How often the service asks whether its data folder has room.
const ROOM_CHECK: Duration = Duration::from_secs(5);

/// The name the service's own steps carry in the audit trail.
pub const SERVICE_OPERATOR: &str = "ratu-service";

/// How the duties are paced.
#[derive(Debug, Clone)]
pub struct DutySettings {
    /// A burst of revocations (or e-mails) within this becomes one
    /// publication (or one delivery run).
    pub coalesce: Duration,
    /// Approvals arriving within this are issued as one batch.
    pub gather: Duration,
    /// How often the CRL's nextUpdate is checked (and anything missed is
    /// caught up).
    pub schedule: Duration,
    /// How often the expiry watch runs.
    pub expiry: Duration,
    /// Where e-mails go; none leaves the outbox for another process.
    pub delivery: Option<Delivery>,
}

impl Default for DutySettings {
    fn default() -> Self {
        Self {
            coalesce: Duration::from_secs(1),
            gather: Duration::from_millis(200),
            schedule: Duration::from_secs(60),
            expiry: Duration::from_secs(24 * 3600),
            delivery: None,
        }
    }
}

/// Waits `pause`, then drops the notifications that arrived meanwhile: they
/// are covered by the work about to be done.
async fn settle(w: &mut Watch, pause: Duration) {
    tokio::time::sleep(pause).await;
    while let Some(Some(_)) = w.changed().now_or_never() {}
}

/// The next change of `w`, or an error once its subscription ended (the
/// connection to the database closed).
async fn next_change(w: &mut Watch, what: &str) -> Result<()> {
    match w.changed().await {
        Some(r) => r.map(|_| ()).map_err(RaError::from),
        None => Err(RaError::Invalid(format!("the {what} subscription ended"))),
    }
}

/// The next change of a subscription held only with the CA; never, without.
async fn next_if(w: &mut Option<Watch>, what: &str) -> Result<()> {
    match w {
        Some(w) => next_change(w, what).await,
        None => std::future::pending().await,
    }
}

impl Ra {
    /// The operator the service acts as: a CA admin named
    /// [`SERVICE_OPERATOR`], never one who signs in.
    pub fn service_operator() -> Operator {
        Operator::new(SERVICE_OPERATOR, Role::CaAdmin)
    }

    /// Issues every approved case that makes a certificate (issuance,
    /// renewal, reset, reactivation), in batches of
    /// [`ISSUE_BATCH`]. A batch refused as a whole (one case changed
    /// meanwhile) is issued one by one, so each case stands alone; a case
    /// that still fails stays approved, logged, for the next round.
    /// Returns how many certificates were issued.
    pub async fn issue_approved(&self) -> Result<usize> {
        let op = Self::service_operator();
        let mut issued = 0;
        for kind in CaseKind::ALL.into_iter().filter(|k| k.makes_certificate()) {
            let filter = CaseFilter {
                kind: Some(kind),
                state: Some(CaseState::Approved),
                limit: 100_000,
                ..Default::default()
            };
            let ids: Vec<u64> = self.store.list_cases(&filter).await?.iter().map(|c| c.id).collect();
            if ids.is_empty() {
                continue;
            }
            tracing::info!("issuing {} approved {kind} case(s)", ids.len());
            for (id, done) in ids.iter().zip(self.issue_in_batches(&op, &ids).await) {
                match done {
                    Ok(_) => issued += 1,
                    Err(e) => tracing::error!("case {id}: not issued: {e}"),
                }
            }
        }
        Ok(issued)
    }

    /// Publishes the CRL if its nextUpdate is near (or none was published).
    async fn publish_if_due(&self) {
        match self.crl_due().await {
            Ok(true) => self.publish_logged("schedule").await,
            Ok(false) => {}
            Err(e) => tracing::error!("CRL schedule check failed: {e}"),
        }
    }

    async fn publish_logged(&self, why: &str) {
        if self.short_of_room() {
            return;
        }
        match self.publish_crl_now().await {
            Ok(p) => tracing::info!("CRL {} published ({why}): {} entries", p.number, p.entries),
            Err(e) => tracing::error!("CRL publication ({why}) failed: {e}"),
        }
    }

    /// The disk is short (or read-only): the duties hold their work, which
    /// would only be refused at its commit, until the room check sees room.
    fn short_of_room(&self) -> bool {
        self.store.no_room().is_some()
    }

    async fn issue_logged(&self) {
        if self.short_of_room() {
            return;
        }
        match self.issue_approved().await {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} certificate(s) issued"),
            Err(e) => tracing::error!("issuing approved cases failed: {e}"),
        }
    }

    async fn deliver_logged(&self, d: Option<&Delivery>) {
        let Some(d) = d else { return };
        if self.short_of_room() {
            return;
        }
        match self.deliver_unsent(d, SERVICE_OPERATOR).await {
            Ok(r) if r.sent > 0 || r.error.is_some() => {
                tracing::info!(
                    "{} e-mail(s) delivered{}",
                    r.sent,
                    r.error.map(|e| format!("; {e}")).unwrap_or_default()
                )
            }
            Ok(_) => {}
            Err(e) => tracing::error!("outbox delivery failed: {e}"),
        }
    }

    /// Issues the OCSP responder's certificate when it is due (none yet, or
    /// less than a quarter of its validity left), where the site has an
    /// OCSP URL.
    async fn ocsp_signer_logged(&self) {
        if self.cfg.ca.urls.ocsp.is_none() {
            return;
        }
        match self.renew_ocsp_signer().await {
            Ok(Some(serial)) => tracing::info!("OCSP responder certificate {serial} issued"),
            Ok(None) => {}
            Err(e) => tracing::error!("issuing the OCSP responder certificate failed: {e}"),
        }
    }

    /// Archives the months over that have no bag yet, where the site set
    /// `archive_dir` and the CA can sign.
    async fn archive_logged(&self) {
        if !self.cfg.archive.duty || !self.ca_is_unlocked() || self.short_of_room() {
            return;
        }
        match self.archive_due().await {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} archive bag(s) made in {}", self.cfg.archive.dir.display()),
            Err(e) => tracing::error!("archiving closed cases failed: {e}"),
        }
    }

    async fn expiry_logged(&self) {
        if self.short_of_room() {
            return;
        }
        match self.expiry_watch(&Self::service_operator()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} expiry reminder(s) queued"),
            Err(e) => tracing::error!("expiry watch failed: {e}"),
        }
    }

    /// Runs the CA's duties until `stop` turns true (the work in hand is
    /// finished first). Needs the CA unlocked. Returns an error only when
    /// the database connection is lost (the caller reconnects).
    pub async fn run_duties(&self, settings: &DutySettings, mut stop: watch::Receiver<bool>) -> Result<()> {
        // Without the CA (no passphrase given) the service still delivers
        // the outbox (the applicants' links) and watches expiry; approved
        // cases wait and the CRL is not re-published.
        let ca = self.ca_is_unlocked();
        let mut approvals = if ca {
            Some(self.store.watch(Watched::Approvals).await?)
        } else {
            None
        };
        let mut revocations = if ca {
            Some(self.store.watch(Watched::Revocations).await?)
        } else {
            None
        };
        let mut mail = self.store.watch(Watched::Mail).await?;
        let d = settings.delivery.as_ref();
        // Catch up with what happened while nobody ran the duties.
        if ca {
            self.ocsp_signer_logged().await;
            self.issue_logged().await;
            self.publish_if_due().await;
        }
        self.expiry_logged().await;
        self.archive_logged().await;
        self.deliver_logged(d).await;
        let mut schedule = tokio::time::interval(settings.schedule);
        schedule.tick().await;
        let mut expiry = tokio::time::interval(settings.expiry);
        expiry.tick().await;
        let mut room = tokio::time::interval(ROOM_CHECK);
        let mut short: Option<String> = None;
        loop {
            if *stop.borrow() {
                return Ok(());
            }
            tokio::select! {
                _ = stop.changed() => {}
                r = next_if(&mut approvals, "approvals") => {
                    r?;
                    if let Some(w) = approvals.as_mut() {
                        settle(w, settings.gather).await;
                    }
                    self.issue_logged().await;
                }
                r = next_if(&mut revocations, "revocations") => {
                    r?;
                    if let Some(w) = revocations.as_mut() {
                        settle(w, settings.coalesce).await;
                    }
                    self.publish_logged("revocation").await;
                }
                r = next_change(&mut mail, "outbox") => {
                    r?;
                    settle(&mut mail, settings.coalesce).await;
                    self.deliver_logged(d).await;
                }
                _ = schedule.tick(), if ca => {
                    self.ocsp_signer_logged().await;
                    self.publish_if_due().await;
                    self.issue_logged().await;
                }
                _ = expiry.tick() => {
                    self.expiry_logged().await;
                    self.archive_logged().await;
                }
                _ = room.tick() => match (self.store.no_room(), &short) {
                    (Some(why), None) => {
                        tracing::error!("{why}; the service refuses new work until there is room");
                        short = Some(why.to_string());
                    }
                    (None, Some(_)) => {
                        tracing::info!("room on the data folder's disk again: work resumes");
                        short = None;
                        // What waited meanwhile.
                        self.issue_logged().await;
                        self.publish_if_due().await;
                        self.deliver_logged(d).await;
                    }
                    _ => {}
                },
            }
        }
    }
}
