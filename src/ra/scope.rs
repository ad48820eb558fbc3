//! A verifier's scope: the cases of their own agencies. `ra` checks it at
//! every entry point that reads or changes a case (one line each); a shared
//! server's permissions repeat it (server.surql).

use super::{Ra, RaError, Result};
use crate::domain::{Case, CaseFilter, NewCase, Operator};

/// Refuses `op` a case outside their agencies. The refusal names neither
/// the case's agency nor its holder.
pub(super) fn require_scope(op: &Operator, case: &Case) -> Result<()> {
    if op.covers(&case.subscriber.agency) {
        Ok(())
    } else {
        Err(out_of_scope(op, case.id))
    }
}

fn out_of_scope(op: &Operator, id: u64) -> RaError {
    RaError::NotAllowed(format!(
        "case {id} is not a case of {}'s agencies: a verifier sees and acts on their own agencies' cases only",
        op.name
    ))
}

/// `filter` limited to `op`'s agencies when `op` is a verifier.
pub(super) fn scoped(op: &Operator, filter: &CaseFilter) -> CaseFilter {
    CaseFilter {
        agencies: op.scope().map(<[String]>::to_vec),
        ..filter.clone()
    }
}

impl Ra {
    /// A new case's agency in the list's spelling; refused when it is not
    /// on the list, or (for a verifier) not one of theirs.
    pub(super) async fn scoped_new_case(&self, op: &Operator, mut new: NewCase) -> Result<NewCase> {
        let agency = self.listed_agency(&new.subscriber.agency).await?;
        if !op.covers(&agency) {
            return Err(RaError::NotAllowed(match op.agencies.is_empty() {
                true => format!(
                    "{} has no agencies: a ca_admin gives them some (`ratu operator agencies`)",
                    op.name
                ),
                false => format!(
                    "{} works on cases of {} only, not of {agency:?}",
                    op.name,
                    op.agencies.join("; ")
                ),
            }));
        }
        new.subscriber.agency = agency;
        Ok(new)
    }

    /// Case `id` as `op` may see it: `None` when it is another agency's
    /// (or gone). The console reads the cases others changed this way.
    pub async fn case_seen_by(&self, op: &Operator, id: u64) -> Result<Option<Case>> {
        match self.store.case(id).await {
            Ok(c) if op.covers(&c.subscriber.agency) => Ok(Some(c)),
            Ok(_) | Err(crate::store::StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Case `id`, refused when `op` may not see it.
    pub(super) async fn case_in_scope(&self, op: &Operator, id: u64) -> Result<Case> {
        let case = self.store.case(id).await?;
        require_scope(op, &case)?;
        Ok(case)
    }
}
