//! The revocation status of certificates by serial, for the OCSP
//! responder: fetched by record key (issuer DN, serial), a handful of
//! fields, no SELECT planning.

use super::{Result, Store, StoreError};
use crate::domain::{CertState, RevocationReason};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// What a relying party is told about one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CertStanding {
    pub state: CertState,
    /// Issued by this CA (false: registered with `cert import`).
    pub ours: bool,
    pub revoked_at: Option<DateTime<Utc>>,
    pub reason: Option<RevocationReason>,
}

impl Store {
    /// The standing of each of `serials` (lowercase hex) issued by
    /// `issuer` (its DN as recorded), in order; none where there is no
    /// such certificate.
    pub async fn cert_standing(&self, issuer: &str, serials: &[String]) -> Result<Vec<Option<CertStanding>>> {
        let mut out = self
            .query(
                "RETURN $s.map(|$x| type::record('cert', [$i, $x]).{ state, ours, revoked_at, reason });",
                serde_json::json!({ "i": issuer, "s": serials }),
            )
            .await?;
        let rows = match out.pop() {
            Some(serde_json::Value::Array(rows)) if rows.len() == serials.len() => rows,
            other => return Err(StoreError::Decode(format!("certificate status: unexpected {other:?}"))),
        };
        rows.into_iter()
            .map(|r| match r {
                serde_json::Value::Object(ref m) if m.get("state").is_some_and(|s| !s.is_null()) => {
                    serde_json::from_value(r)
                        .map(Some)
                        .map_err(|e| StoreError::Decode(format!("certificate status: {e}")))
                }
                _ => Ok(None),
            })
            .collect()
    }
}
