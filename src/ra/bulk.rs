//! One action on many cases (the console's marked cases). Each case's own
//! step is its own transaction, so a refusal touches no other case; the
//! certificates the approvals lead to are then issued together, up to
//! [`ISSUE_BATCH`] per `issue_many`, several times faster than one by one.

use super::{Ra, RaError, Result};
use crate::domain::{Action, Case, Operator};

/// Certificates issued per `issue_many` (two transactions each).
pub const ISSUE_BATCH: usize = 200;

impl Ra {
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
        for chunk in to_issue.chunks(ISSUE_BATCH) {
            let ids: Vec<u64> = chunk.iter().map(|&i| results[i].0).collect();
            let wrap = |id: u64, e| match action {
                Action::Issue => e,
                _ => issue_failed(id, e),
            };
            match self.issue_many(op, &ids).await {
                Ok(done) => {
                    for (&i, d) in chunk.iter().zip(done) {
                        results[i].1 = Ok(d.case);
                    }
                }
                Err(e) if chunk.len() == 1 => results[chunk[0]].1 = Err(wrap(ids[0], e)),
                // One case refused the batch (nothing was written): each
                // is issued on its own, for its own outcome.
                Err(_) => {
                    for &i in chunk {
                        let id = results[i].0;
                        results[i].1 = self.issue(op, id).await.map(|d| d.case).map_err(|e| wrap(id, e));
                    }
                }
            }
        }
        results
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
