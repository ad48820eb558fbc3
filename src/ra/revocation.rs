//! Revoking certificates: from an approved revocation case, at once by a
//! ca_admin, as `superseded` on renewal, and as `affiliationChanged` when
//! an update changes what the certificate says (then a re-issuance case is
//! opened, as DOMAIN.md describes).

use super::{Ra, RaError, Result, require_role};
use crate::ca::{RevokedEntry, Serial, encode_revoked};
use crate::domain::{Case, CaseKind, CertRecord, CertState, NewCase, Operator, RevocationReason, Role};
use crate::store::{Batch, insert_case, insert_crl_entry, update_cert};
use chrono::{DateTime, Utc};

impl Ra {
    /// Adds the revocation of `cert` to the batch: its record, its CRL
    /// entry and the audit event.
    pub(super) fn revoke_in(
        &self,
        b: &mut Batch,
        op: &Operator,
        cert: &mut CertRecord,
        reason: RevocationReason,
        invalidity: Option<DateTime<Utc>>,
        case: Option<&Case>,
    ) {
        let now = self.now();
        cert.state = CertState::Revoked;
        cert.revoked_at = Some(now);
        cert.reason = Some(reason);
        cert.invalidity = invalidity;
        update_cert(b, cert, None);
        if cert.ours
            && let Ok(serial) = cert.serial.parse::<Serial>()
        {
            let entry = encode_revoked(&RevokedEntry {
                serial,
                revoked_at: now,
                reason,
                invalidity,
            });
            insert_crl_entry(b, &cert.serial, now, reason, invalidity, &entry);
        }
        let detail = format!("certificate {} of {} revoked: {reason}", cert.serial, cert.holder);
        self.audit(b, &op.name, "cert_revoke", case, detail);
    }

    /// The certificate a case names, which must be in our records.
    async fn cert_of(&self, case: &Case) -> Result<Option<CertRecord>> {
        let Some(serial) = &case.cert_serial else {
            return Ok(None);
        };
        match self.store.cert(serial).await {
            Ok(c) => Ok(Some(c)),
            Err(crate::store::StoreError::NotFound(_)) => Err(RaError::Invalid(format!(
                "certificate {serial} of case {} is not in ratu's records; register it with `ratu cert import` first",
                case.id
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// An approved revocation case revokes its certificate (in `b`).
    /// Returns whether a certificate was revoked.
    pub(super) async fn revoke_for_case(&self, b: &mut Batch, op: &Operator, case: &Case) -> Result<bool> {
        match self.cert_of(case).await? {
            Some(mut cert) if cert.state == CertState::Issued => {
                let reason = case.revocation_reason.unwrap_or(RevocationReason::Unspecified);
                self.revoke_in(b, op, &mut cert, reason, None, Some(case));
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// An applied update whose data changes the certificate's subject
    /// revokes it (`affiliationChanged`) and opens a re-issuance case.
    pub(super) async fn reissue_for_update(&self, b: &mut Batch, op: &Operator, case: &Case) -> Result<bool> {
        let Some(mut cert) = self.cert_of(case).await? else {
            return Ok(false);
        };
        let s = &case.subscriber;
        let changed = cert.holder != s.name
            || cert.agency.as_deref() != Some(s.agency.as_str())
            || cert.email.as_deref() != Some(s.email.as_str());
        if !changed || cert.state != CertState::Issued {
            return Ok(false);
        }
        self.revoke_in(b, op, &mut cert, RevocationReason::AffiliationChanged, None, Some(case));
        let id = self.store.next_case_number().await?;
        let new = NewCase {
            kind: CaseKind::Issuance,
            subscriber: s.clone(),
            revocation_reason: None,
            cert_serial: None,
            note: Some(format!(
                "re-issuance after update case {} (certificate {} revoked)",
                case.id, cert.serial
            )),
        };
        let reissue = Case::open(id, new, &op.name, self.now(), self.cfg.sla);
        insert_case(b, &reissue);
        self.audit(
            b,
            &op.name,
            "case_new",
            Some(&reissue),
            format!("re-issuance for {} after update case {}", s.name, case.id),
        );
        Ok(true)
    }

    /// A ca_admin revokes a certificate at once (e.g. keyCompromise); the
    /// CRL is published right after when the CA is unlocked.
    pub async fn revoke_cert(
        &self,
        op: &Operator,
        serial: &str,
        reason: RevocationReason,
        invalidity: Option<DateTime<Utc>>,
    ) -> Result<CertRecord> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin revokes without a case")?;
        let serial = normalize_serial(serial)?;
        let mut cert = self.store.cert(&serial).await?;
        match cert.state {
            CertState::Issued => {}
            CertState::Revoked => {
                return Err(RaError::Invalid(format!(
                    "certificate {serial} is already revoked ({})",
                    cert.reason.map_or("unspecified".into(), |r| r.to_string())
                )));
            }
            CertState::Reserved => {
                return Err(RaError::Invalid(format!(
                    "certificate {serial} is only reserved, not signed; finish or cancel its case"
                )));
            }
        }
        if invalidity.is_some_and(|t| t > self.now()) {
            return Err(RaError::Invalid("the invalidity date is in the future".into()));
        }
        let mut b = Batch::new();
        self.revoke_in(&mut b, op, &mut cert, reason, invalidity, None);
        b.commit(&self.store).await?;
        self.publish_after_revocation().await;
        Ok(cert)
    }
}

/// Serials as typed by people: colons, spaces, upper case, a leading 0x.
pub fn normalize_serial(s: &str) -> Result<String> {
    let hex: String = s
        .trim()
        .trim_start_matches("0x")
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.is_empty() || hex.len() > 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(RaError::Invalid(format!(
            "{s:?} is not a certificate serial: give it in hex, e.g. 3f:a2:… or 3fa2…"
        )));
    }
    Ok(hex)
}
