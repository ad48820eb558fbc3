//! Reports for the head of the Dinas: every role but the applicant may
//! ask; a verifier's cover their own agencies only.

use super::{Ra, RaError, Result};
use crate::domain::report::{Heading, Report, ReportAsk, compute};
use crate::domain::{Operator, Role};
use crate::store::reports::Span;

impl Ra {
    pub async fn report(&self, op: &Operator, ask: &ReportAsk) -> Result<Report> {
        super::require_role(
            op,
            &[Role::Verifier, Role::RaOfficer, Role::CaAdmin, Role::Auditor],
            "reports are for the office's staff",
        )?;
        let agencies: Option<Vec<String>> = match (&ask.agency, op.scope()) {
            (Some(a), _) => {
                let a = self.listed_agency(a).await?;
                if !op.covers(&a) {
                    return Err(RaError::NotAllowed(format!(
                        "{} reports on {} only, not on {a:?}",
                        op.name,
                        op.agencies.join("; ")
                    )));
                }
                Some(vec![a])
            }
            (None, Some(mine)) => Some(mine.to_vec()),
            (None, None) => None,
        };
        let settings = &self.config().report;
        let cal = &settings.calendar;
        let now = self.now();
        let span = Span {
            from: cal.start_of(ask.period.from),
            until: cal.start_of(ask.period.until),
            now,
            agencies: agencies.as_deref(),
            trace: ask.trace,
        };
        let inputs = self.store.report_inputs(&span).await?;
        Ok(compute(
            ask,
            Heading {
                office: &settings.office,
                agencies: agencies.unwrap_or_default(),
                now,
                service_days: settings.service_days,
                calendar: cal,
            },
            inputs,
        ))
    }
}
