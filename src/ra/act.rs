//! Acting on a case, read top to bottom: [`Ra::act`] is one case of
//! [`Ra::act_many`]; each case takes its workflow step ([`Ra::step`]) in a
//! transaction of its own, so a refusal touches no other case; the
//! approvals that lead straight to a certificate are then issued together
//! by [`Ra::issue_in_batches`], the one batch-then-single routine the
//! service's duties use too (the signing itself is `issuance.rs`).

use super::issuance::Issued;
use super::{Ra, RaError, Result};
use crate::domain::case::workflow;
use crate::domain::{Action, Case, Operator};
use crate::store::{Batch, StoreError, update_case};

/// Certificates issued per `issue_many` (two transactions each).
pub const ISSUE_BATCH: usize = 200;

impl Ra {
    /// Takes `action` on case `id`. `seen_version` is the version the
    /// operator looked at; a newer one in the store refuses the action.
    /// Approving an issuance or renewal case issues its certificate when the
    /// CA is unlocked. (One case of [`Ra::act_many`].)
    pub async fn act(
        &self,
        op: &Operator,
        id: u64,
        action: Action,
        note: Option<&str>,
        seen_version: Option<u64>,
    ) -> Result<Case> {
        let mut done = self.act_many(op, &[(id, seen_version)], action, note).await;
        match done.pop() {
            Some((_, r)) => r,
            None => Err(RaError::Invalid(format!("case {id} was not acted on"))),
        }
    }

    /// The workflow step of `act`, without the issuance that may follow.
    pub(super) async fn step(
        &self,
        op: &Operator,
        id: u64,
        action: Action,
        note: Option<&str>,
        seen_version: Option<u64>,
    ) -> Result<Case> {
        if matches!(action, Action::Tick | Action::Untick) {
            return Err(RaError::Invalid(
                "name the checklist item: tick:ITEM or untick:ITEM".into(),
            ));
        }
        if action == Action::SetPassphrase {
            return Err(RaError::Invalid(
                "set_passphrase is the applicant's own step, on the applicant page through their link: no operator sets it (re-send the link with `ratu case resend-link CASE`)".into(),
            ));
        }
        let note = crate::domain::text::clean_note(note)?;
        let note = note.as_deref();
        let case = self.current(id, seen_version).await?;
        super::scope::require_scope(op, &case)?;
        let t = workflow::check(&case, op, action)?;
        workflow::check_note(t, note)?;
        let next = case.after(t, op, note, self.now());
        let mut b = Batch::new();
        update_case(&mut b, &case, &next);
        let detail = match note {
            Some(n) if !n.trim().is_empty() => format!("{} → {}: {}", case.state, next.state, n.trim()),
            _ => format!("{} → {}", case.state, next.state),
        };
        let event = self.audit(&mut b, &op.name, action.as_str(), Some(&next), detail);
        // The revocation (or update, or hold) lands in this same
        // transaction, or the step is refused: never a "revoked" e-mail
        // for nothing.
        let (crl_changed, to) = match action {
            Action::Revoke => (true, Some(self.revoke_for_case(&mut b, op, &next).await?)),
            Action::Apply => (self.apply_update(&mut b, op, &next).await?, None),
            _ => (false, None),
        };
        let hold_changed = self.hold_effects(&mut b, op, action, &next).await?;
        if let Some(notice) = t.notice {
            self.queue_mail_to(&mut b, event, notice, &next, to.as_deref())?;
        }
        b.commit(&self.store).await?;
        if crl_changed || hold_changed {
            self.publish_after_revocation().await;
        }
        Ok(next)
    }

    /// Takes `action` on each `(case, version seen)` (none: whatever is
    /// stored); one result per case, in order.
    pub async fn act_many(
        &self,
        op: &Operator,
        targets: &[(u64, Option<u64>)],
        action: Action,
        note: Option<&str>,
    ) -> Vec<(u64, Result<Case>)> {
        let mut results: Vec<(u64, Result<Case>)> = Vec::with_capacity(targets.len());
        let mut to_issue = Vec::new();
        for &(id, version) in targets {
            let r = match action {
                Action::Issue => self.current(id, version).await,
                _ => self.step(op, id, action, note, version).await,
            };
            let issue = r
                .as_ref()
                .is_ok_and(|c| action == Action::Issue || (issues_now(action, c) && self.ca_is_unlocked()));
            if issue {
                to_issue.push(results.len());
            }
            results.push((id, r));
        }
        let ids: Vec<u64> = to_issue.iter().map(|&i| results[i].0).collect();
        for (&i, issued) in to_issue.iter().zip(self.issue_in_batches(op, &ids).await) {
            let id = results[i].0;
            results[i].1 = match (issued, action) {
                (Ok(d), _) => Ok(d.case),
                (Err(e), Action::Issue) => Err(e),
                (Err(e), _) => Err(issue_failed(id, e)),
            };
        }
        results
    }

    /// Issues the certificates of approved cases `ids`, [`ISSUE_BATCH`] per
    /// `issue_many`, several times faster than one by one. A batch refused
    /// as a whole (one case changed meanwhile; nothing was written) is
    /// issued one by one, so each case stands alone. One result per id, in
    /// order.
    pub(super) async fn issue_in_batches(&self, op: &Operator, ids: &[u64]) -> Vec<Result<Issued>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ISSUE_BATCH) {
            match self.issue_many(op, chunk).await {
                Ok(done) => out.extend(done.into_iter().map(Ok)),
                Err(e) if chunk.len() == 1 => out.push(Err(e)),
                Err(_) => {
                    for &id in chunk {
                        out.push(self.issue(op, id).await);
                    }
                }
            }
        }
        out
    }

    /// The case, refused as stale when the operator saw an older version.
    pub(super) async fn current(&self, id: u64, seen_version: Option<u64>) -> Result<Case> {
        let case = self.store.case(id).await?;
        if let Some(v) = seen_version
            && v != case.version
        {
            return Err(StoreError::Stale {
                by: case.updated_by.clone(),
                at: case.updated_at.to_rfc3339(),
            }
            .into());
        }
        Ok(case)
    }
}

/// An approval that leads straight to a certificate.
fn issues_now(action: Action, case: &Case) -> bool {
    action == Action::Approve && case.state == crate::domain::CaseState::Approved && case.kind.issues_certificate()
}

/// The approval stands; only the issuance failed.
fn issue_failed(id: u64, e: RaError) -> RaError {
    RaError::Invalid(format!(
        "case {id} is approved, but issuing failed: {e}; retry with the issue action"
    ))
}
