//! One action on many cases (the console's marked cases). Each case's own
//! step is its own transaction, so a refusal touches no other case; the
//! certificates the approvals lead to are then issued together, up to
//! [`ISSUE_BATCH`] per `issue_many`, several times faster than one by one.

use super::cases::{issue_failed, issues_now};
use super::{Ra, Result};
use crate::domain::{Action, Case, Operator};

/// Certificates issued per `issue_many` (two transactions each).
pub const ISSUE_BATCH: usize = 200;

impl Ra {
    /// Takes `action` on each `(case, version seen)`; one result per case,
    /// in order.
    pub async fn act_many(
        &self,
        op: &Operator,
        targets: &[(u64, u64)],
        action: Action,
        note: Option<&str>,
    ) -> Vec<(u64, Result<Case>)> {
        let mut results: Vec<(u64, Result<Case>)> = Vec::with_capacity(targets.len());
        let mut to_issue = Vec::new();
        for &(id, version) in targets {
            let r = match action {
                Action::Issue => self.current(id, Some(version)).await,
                _ => self.step(op, id, action, note, Some(version)).await,
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
            match self.issue_many(op, &ids).await {
                Ok(done) => {
                    for (&i, d) in chunk.iter().zip(done) {
                        results[i].1 = Ok(d.case);
                    }
                }
                // One case refused the batch (nothing was written): each
                // is issued on its own, for its own outcome.
                Err(_) => {
                    for &i in chunk {
                        let id = results[i].0;
                        results[i].1 = self.issue(op, id).await.map(|d| d.case).map_err(|e| match action {
                            Action::Issue => e,
                            _ => issue_failed(id, e),
                        });
                    }
                }
            }
        }
        results
    }
}
