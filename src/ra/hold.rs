//! Certificate hold (RFC 5280 certificateHold). While an update or a
//! reactivation case is pending, the holder's certificate is on hold: on
//! the CRL with reason certificateHold (published at once), "revoked" to
//! OCSP, no `.p12` download. Only the case that placed the hold releases
//! it: when an update is applied without a change to the certificate's
//! subject, or the case is rejected or cancelled. Release takes it off the
//! next CRL. A hold that must become a revocation (a changed subject, a
//! reactivation approved, a revocation case) is revoked through
//! `revoke_in`, which ends the hold in the same transaction.

use super::{Ra, Result};
use crate::domain::case::Notice;
use crate::domain::{Action, Case, CertRecord, CertState, Operator, RevocationReason};
use crate::store::{Batch, EventRef, delete_crl_hold, expect_cert_state, insert_crl_hold, update_cert};

impl Ra {
    /// Puts `cert` on hold for `case` (in `b`), refused by the batch if it
    /// changed since it was read.
    pub(super) fn hold_in(&self, b: &mut Batch, op: &Operator, cert: &mut CertRecord, case: &Case) -> EventRef {
        let now = self.now();
        expect_cert_state(b, cert, CertState::Issued);
        cert.state = CertState::Held;
        cert.revoked_at = Some(now);
        cert.reason = Some(RevocationReason::CertificateHold);
        cert.held_by = Some(case.id);
        update_cert(b, cert, None);
        if let Some(entry) = super::revocation::crl_entry_der(cert, now, RevocationReason::CertificateHold, None) {
            insert_crl_hold(b, &cert.serial, now, case.id, &entry);
        }
        let detail = format!(
            "certificate {} of {} on hold while {} case {} is pending",
            cert.serial, cert.holder, case.kind, case.id
        );
        self.audit(b, &op.name, "cert_hold", Some(case), detail)
    }

    /// Releases the hold `case` placed on its certificate (in `b`), with
    /// the audit event of the release; none when there is none to release
    /// (never held, revoked since, or held by another case).
    pub(super) async fn release_for_case(&self, b: &mut Batch, op: &Operator, case: &Case) -> Result<Option<EventRef>> {
        if !case.kind.holds_certificate() || case.cert_serial.is_none() {
            return Ok(None);
        }
        let mut cert = self.case_cert(case).await?;
        Ok(self.release_in(b, op, &mut cert, case))
    }

    /// Releases `cert` if `case` holds it (in `b`).
    pub(super) fn release_in(
        &self,
        b: &mut Batch,
        op: &Operator,
        cert: &mut CertRecord,
        case: &Case,
    ) -> Option<EventRef> {
        if cert.state != CertState::Held || cert.held_by != Some(case.id) {
            return None;
        }
        expect_cert_state(b, cert, CertState::Held);
        cert.state = CertState::Issued;
        cert.revoked_at = None;
        cert.reason = None;
        cert.held_by = None;
        update_cert(b, cert, None);
        delete_crl_hold(b, &cert.serial);
        let detail = format!(
            "hold on certificate {} of {} released ({} case {})",
            cert.serial, cert.holder, case.kind, case.id
        );
        Some(self.audit(b, &op.name, "cert_release", Some(case), detail))
    }

    /// The side effects of `action` on `next` (the case after it) for its
    /// certificate, in `b`: a reactivation approved revokes the held
    /// certificate as keyCompromise; an update or reactivation rejected or
    /// cancelled releases its hold (and tells the holder). Returns whether
    /// the CRL changed.
    pub(super) async fn hold_effects(&self, b: &mut Batch, op: &Operator, action: Action, next: &Case) -> Result<bool> {
        use crate::domain::CaseKind as K;
        match (next.kind, action) {
            (K::Reactivation, Action::Approve) => {
                let mut cert = self.case_cert_live(next).await?;
                self.revoke_in(b, op, &mut cert, RevocationReason::KeyCompromise, None, Some(next));
                Ok(true)
            }
            (K::Update | K::Reactivation, Action::Reject | Action::Cancel) => {
                match self.release_for_case(b, op, next).await? {
                    Some(event) => {
                        self.queue_mail(b, event, Notice::HoldReleased, next)?;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }
            _ => Ok(false),
        }
    }
}
