//! What a report counts, asked of the store: cases received in the period
//! (grouped where they live, through `case_created`), the cases closed in
//! it with their timelines (through `case_closed`), certificates in force
//! and expiring (through `cert_state_after`) and revocations in the period
//! (through `cert_revoked`). Nothing reads every case.

use super::cases::ts;
use super::{Result, Store};
use crate::domain::report::{ClosedCase, InForce, Inputs, Received, Revoked};
use crate::domain::{CaseKind, RevocationReason};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::json;

/// The instants a report covers and whose cases and certificates.
pub struct Span<'a> {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub now: DateTime<Utc>,
    /// Only these agencies (none: every one).
    pub agencies: Option<&'a [String]>,
    /// Also name what each number counts.
    pub trace: bool,
}

#[derive(Deserialize)]
struct ReceivedRow {
    agency: String,
    kind: CaseKind,
    open: bool,
    n: u64,
    #[serde(default)]
    cases: Vec<u64>,
}

#[derive(Deserialize)]
struct CertRow {
    agency: Option<String>,
    n: u64,
    #[serde(default)]
    d30: u64,
    #[serde(default)]
    d60: u64,
    #[serde(default)]
    d90: u64,
    #[serde(default)]
    reason: Option<RevocationReason>,
    #[serde(default)]
    serials: Vec<String>,
}

/// Where an agency is unknown (a certificate imported without one).
const NO_AGENCY: &str = "-";

impl Store {
    pub async fn report_inputs(&self, span: &Span<'_>) -> Result<Inputs> {
        let scope = |field: &str| match span.agencies {
            Some(_) => format!(" AND {field} IN $agencies"),
            None => String::new(),
        };
        let (ids, serials) = match span.trace {
            true => (
                ", array::group(record::id(id)) AS cases",
                ", array::group(serial) AS serials",
            ),
            false => ("", ""),
        };
        let vars = json!({
            "from": ts(span.from),
            "until": ts(span.until),
            "now": ts(span.now),
            "d30": ts(span.now + Duration::days(30)),
            "d60": ts(span.now + Duration::days(60)),
            "d90": ts(span.now + Duration::days(90)),
            "agencies": span.agencies,
        });
        let received: Vec<ReceivedRow> = self
            .rows(
                &format!(
                    "SELECT subscriber.agency AS agency, kind, pending AS open, count() AS n{ids} FROM case \
                     WHERE created_at >= <datetime>$from AND created_at < <datetime>$until{} \
                     GROUP BY agency, kind, open;",
                    scope("subscriber.agency")
                ),
                vars.clone(),
            )
            .await?;
        let closed: Vec<ClosedCase> = self
            .rows(
                &format!(
                    "SELECT record::id(id) AS id, kind, state, subscriber.agency AS agency, created_at, closed_at, \
                     timeline ?? [] AS timeline, last_note FROM case \
                     WHERE closed_at >= <datetime>$from AND closed_at < <datetime>$until{};",
                    scope("subscriber.agency")
                ),
                vars.clone(),
            )
            .await?;
        let in_force: Vec<CertRow> = self
            .rows(
                &format!(
                    "SELECT agency, count() AS n, count(not_after <= <datetime>$d30) AS d30, \
                     count(not_after <= <datetime>$d60) AS d60, count(not_after <= <datetime>$d90) AS d90{serials} \
                     FROM cert WHERE state = 'issued' AND not_after > <datetime>$now AND ours = true{} GROUP BY agency;",
                    scope("agency")
                ),
                vars.clone(),
            )
            .await?;
        let revoked: Vec<CertRow> = self
            .rows(
                &format!(
                    "SELECT agency, reason, count() AS n{serials} FROM cert \
                     WHERE revoked_at >= <datetime>$from AND revoked_at < <datetime>$until AND state = 'revoked'{} \
                     GROUP BY agency, reason;",
                    scope("agency")
                ),
                vars,
            )
            .await?;
        let roles = self.operators().await?.into_iter().map(|o| (o.name, o.role)).collect();
        let agency = |a: Option<String>| a.unwrap_or_else(|| NO_AGENCY.into());
        Ok(Inputs {
            received: received
                .into_iter()
                .map(|r| Received {
                    agency: r.agency,
                    kind: r.kind,
                    open: r.open,
                    n: r.n,
                    cases: r.cases,
                })
                .collect(),
            closed,
            in_force: in_force
                .into_iter()
                .map(|r| InForce {
                    agency: agency(r.agency),
                    n: r.n,
                    within_30: r.d30,
                    within_60: r.d60,
                    within_90: r.d90,
                    serials: r.serials,
                })
                .collect(),
            revoked: revoked
                .into_iter()
                .map(|r| Revoked {
                    agency: agency(r.agency),
                    reason: r.reason,
                    n: r.n,
                    serials: r.serials,
                })
                .collect(),
            roles,
        })
    }
}
