//! Revoking certificates: from an approved revocation case, at once by a
//! ca_admin, as `superseded` on renewal, and as `affiliationChanged` when
//! an update changes what the certificate says (then a re-issuance case is
//! opened, as DOMAIN.md describes).

use super::{Ra, RaError, Result, require_role};
use crate::ca::{RevokedEntry, Serial, encode_revoked};
use crate::domain::{Case, CaseKind, CertRecord, CertState, NewCase, Operator, RevocationReason, Role, apply_changes};
use crate::store::{Batch, delete_crl_hold, expect_cert_state, insert_case, insert_crl_entry, put_holder, update_cert};
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
        // Refused if another officer revoked (or held, or released) it
        // since it was read. A hold becomes this revocation: its CRL entry
        // gives way to the revocation's.
        expect_cert_state(b, cert, cert.state);
        if cert.state == CertState::Held {
            delete_crl_hold(b, &cert.serial);
            cert.held_by = None;
        }
        cert.state = CertState::Revoked;
        cert.revoked_at = Some(now);
        cert.reason = Some(reason);
        cert.invalidity = invalidity;
        update_cert(b, cert, None);
        if let Some(entry) = crl_entry_der(cert, now, reason, invalidity) {
            insert_crl_entry(b, &cert.serial, now, reason, invalidity, &entry);
        }
        let detail = format!("certificate {} of {} revoked: {reason}", cert.serial, cert.holder);
        self.audit(b, &op.name, "cert_revoke", case, detail);
    }

    /// An approved revocation case revokes exactly the certificate it
    /// names (in `b`), which must still be its holder's and valid; returns
    /// the holder's address on record, where the "revoked" e-mail goes.
    pub(super) async fn revoke_for_case(&self, b: &mut Batch, op: &Operator, case: &Case) -> Result<String> {
        let mut cert = self.case_cert_live(case).await?;
        let reason = case.revocation_reason.unwrap_or(RevocationReason::Unspecified);
        self.revoke_in(b, op, &mut cert, reason, None, Some(case));
        let holder = self.store.holder(&case.subscriber.nik.to_string()).await?;
        Ok(holder.map_or_else(|| case.subscriber.email.clone(), |h| h.data.email))
    }

    /// An applied update: the holder's record takes the new data; when
    /// that changes what the certificate says, the certificate is revoked
    /// (`affiliationChanged`) and a re-issuance case opened; otherwise its
    /// hold is released. Returns whether the CRL changed.
    pub(super) async fn apply_update(&self, b: &mut Batch, op: &Operator, case: &Case) -> Result<bool> {
        let mut cert = self.case_cert_live(case).await?;
        let nik = case.subscriber.nik.to_string();
        let holder = self.store.holder(&nik).await?.ok_or_else(|| {
            RaError::Invalid(format!(
                "NIK {} has no holder record; cancel this case",
                case.subscriber.nik.masked()
            ))
        })?;
        // The proposed changes onto the record as it is now (a case from
        // before they were kept carries its whole data instead).
        let data = match case.changes.as_slice() {
            [] => case.subscriber.clone(),
            changes => apply_changes(&holder.data, changes).map_err(RaError::Invalid)?,
        };
        let s = &data;
        if let Some(next) = holder.confirmed(s, &op.name, Some(case.id), self.now()) {
            put_holder(b, &next);
            let fields: Vec<&str> = next
                .history
                .last()
                .map_or(Vec::new(), |h| h.changes.iter().map(|c| c.field.as_str()).collect());
            self.audit(
                b,
                &op.name,
                "holder_update",
                Some(case),
                format!("NIK {}: {}", s.nik.masked(), fields.join(", ")),
            );
        }
        let changed = cert.holder != s.name
            || cert.agency.as_deref() != Some(s.agency.as_str())
            || cert.email.as_deref() != Some(s.email.as_str());
        if !changed {
            return Ok(self.release_in(b, op, &mut cert, case).is_some());
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
        let mut cert = self.find_cert(serial).await?;
        let serial = cert.serial.clone();
        if reason == RevocationReason::CertificateHold {
            return Err(RaError::Invalid(
                "a hold is not a revocation: a certificate is put on hold by opening an update or reactivation case for its holder, and released when that case ends".into(),
            ));
        }
        match cert.state {
            // A held certificate may be revoked for good (its hold ends).
            CertState::Issued | CertState::Held => {}
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

/// The CRL entry (DER) of `cert` revoked (or held) at `at` for `reason`:
/// none for a certificate that is not ours (another CA lists it).
pub(super) fn crl_entry_der(
    cert: &CertRecord,
    at: DateTime<Utc>,
    reason: RevocationReason,
    invalidity: Option<DateTime<Utc>>,
) -> Option<Vec<u8>> {
    let serial = cert.serial.parse::<Serial>().ok().filter(|_| cert.ours)?;
    Some(encode_revoked(&RevokedEntry {
        serial,
        revoked_at: at,
        reason,
        invalidity,
    }))
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
