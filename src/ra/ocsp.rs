//! The OCSP responder's rules: only this CA's certificates, named by the
//! request's issuer name and key hashes, are answered from the store
//! (good, revoked with time and reason); anything else is unknown. The
//! delegated responder certificate is issued by the unlocked CA and
//! renewed by the service's duties before it runs out.

use super::duties::SERVICE_OPERATOR;
use super::ocsp_lookup::{Lookups, Signed};
use super::{Ra, RaError, Result};
use crate::ca::{self, Answer, CertId, IssuerHashes, OcspError, OcspSigner, error_response};
use crate::domain::{CertState, RevocationReason};
use crate::store::{Batch, CertStanding};
use std::sync::Arc;

/// How long a responder certificate is valid.
pub const OCSP_SIGNER_DAYS: i64 = 30;

/// The responder in service: its certificate and key, and how this CA is
/// named in requests.
pub(crate) struct Responder {
    signer: OcspSigner,
    hashes: IssuerHashes,
    /// Reads the standing of this CA's certificates, gathered.
    lookups: Lookups,
    /// Answers without a nonce, signed by this responder.
    signed: Signed,
}

/// What one certificate's record says to a relying party.
fn answer(s: Option<&CertStanding>) -> Answer {
    match s {
        Some(s) if s.ours => match (s.state, s.revoked_at) {
            (CertState::Issued, _) => Answer::Good,
            (CertState::Revoked, Some(at)) => Answer::Revoked {
                at,
                reason: s.reason.unwrap_or(RevocationReason::Unspecified),
            },
            // On hold: revoked with reason certificateHold, since the hold.
            (CertState::Held, Some(at)) => Answer::Revoked {
                at,
                reason: RevocationReason::CertificateHold,
            },
            // Reserved and not signed yet, or a revocation without its time.
            _ => Answer::Unknown,
        },
        _ => Answer::Unknown,
    }
}

impl Ra {
    fn responder(&self) -> Option<Arc<Responder>> {
        self.ocsp.read().ok().and_then(|g| g.clone())
    }

    /// The responder certificate in use (DER), if any.
    pub fn ocsp_signer_cert(&self) -> Option<Vec<u8>> {
        self.responder().map(|r| r.signer.cert_der().to_vec())
    }

    /// True when there is no responder certificate, or less than a quarter
    /// of its validity is left.
    pub fn ocsp_signer_due(&self) -> bool {
        match self.responder() {
            None => true,
            Some(r) => {
                let (from, to) = r.signer.validity();
                to - self.now() < (to - from) / 4
            }
        }
    }

    /// Issues a fresh responder certificate (a new key, in memory only)
    /// when one is due; recorded in the audit trail. Needs the CA
    /// unlocked. Returns the new certificate's serial.
    pub async fn renew_ocsp_signer(&self) -> Result<Option<String>> {
        if !self.ocsp_signer_due() {
            return Ok(None);
        }
        let ca = self.unlocked()?;
        let now = self.now();
        let signer = ca
            .issuer
            .issue_ocsp_signer(now, chrono::Duration::days(OCSP_SIGNER_DAYS))?;
        let info = ca::inspect("OCSP responder certificate", signer.cert_der(), None)?;
        let serial = info.serial.unwrap_or_default();
        let (issuer_dn, _) = self.ca_names(&ca.issuer)?;
        let hashes = IssuerHashes::new(ca.issuer.cert_der())?;
        let mut b = Batch::new();
        self.audit(
            &mut b,
            SERVICE_OPERATOR,
            "ocsp_signer",
            None,
            format!(
                "OCSP responder certificate {serial}, valid until {}",
                signer.validity().1
            ),
        );
        b.commit(&self.store).await?;
        self.follow_cert_changes();
        let responder = Arc::new(Responder {
            signer,
            hashes,
            lookups: Lookups::start(self.store.clone(), issuer_dn),
            signed: Signed::default(),
        });
        *self
            .ocsp
            .write()
            .map_err(|_| RaError::Invalid("OCSP state poisoned".into()))? = Some(responder);
        Ok(Some(serial))
    }

    /// Keeps the status index true to changes made by other processes on
    /// the same store (another service on a shared cluster): every
    /// certificate written anywhere is forgotten as its LIVE notification
    /// arrives. A lost subscription forgets everything, then starts again.
    fn follow_cert_changes(&self) {
        if !self.store.status_index().claim_follower() {
            return;
        }
        let store = self.store.clone();
        tokio::spawn(async move {
            loop {
                match store.watch(crate::store::Watched::Certs).await {
                    Ok(mut w) => {
                        while let Some(r) = w.changed_cert().await {
                            match r {
                                Ok(Some(key)) => store.status_index().forget(&[key]),
                                Ok(None) => store.status_index().forget_all(),
                                Err(_) => break,
                            }
                        }
                    }
                    Err(e) => tracing::debug!("OCSP: cannot follow certificate changes: {e}"),
                }
                store.status_index().forget_all();
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }

    /// The answer to one OCSP request, DER in and DER out; never an error
    /// and never a panic: a request that does not parse gets
    /// malformedRequest, a responder not ready yet tryLater, a failed
    /// lookup internalError. Statuses come from the status index, or from
    /// the store read after the request arrived (`ocsp_lookup`); thisUpdate
    /// is when the response was signed (a response without a nonce is
    /// reused while its answer stands, until halfway to its nextUpdate),
    /// nextUpdate one CRL interval later.
    pub async fn ocsp_response(&self, request: &[u8]) -> Vec<u8> {
        let q = match ca::parse_request(request) {
            Ok(q) => q,
            Err(e) => {
                tracing::debug!("OCSP: {e}");
                return error_response(OcspError::Malformed);
            }
        };
        let Some(r) = self.responder() else {
            return error_response(OcspError::TryLater);
        };
        let ours: Vec<usize> = (0..q.ids.len()).filter(|i| r.hashes.issued(&q.ids[*i])).collect();
        let serials: Vec<String> = ours.iter().map(|i| ca::cert_id_serial(&q.ids[*i])).collect();
        let standings = if serials.is_empty() {
            Vec::new()
        } else {
            match r.lookups.standing(serials).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!("OCSP: certificate status lookup failed: {e}");
                    return error_response(OcspError::Internal);
                }
            }
        };
        let mut answers: Vec<(CertId, Answer)> = q.ids.into_iter().map(|id| (id, Answer::Unknown)).collect();
        for (i, s) in ours.iter().zip(&standings) {
            answers[*i].1 = answer(s.as_ref());
        }
        let now = self.now();
        // One certificate and no nonce: the same answer for everyone.
        let shared = match (&q.nonce, answers.as_slice()) {
            (None, [(id, answer)]) => {
                let key = ca::cert_id_der(id);
                // Until it is halfway to its nextUpdate (RFC 5019).
                if let Some(der) = r.signed.get(&key, answer, now, self.cfg.ca.crl_interval / 2) {
                    return der.to_vec();
                }
                Some((key, *answer))
            }
            _ => None,
        };
        match r
            .signer
            .respond(&answers, q.nonce.as_deref(), now, now + self.cfg.ca.crl_interval)
        {
            Ok(der) => {
                if let Some((key, answer)) = shared {
                    r.signed.keep(key, answer, now, Arc::new(der.clone()));
                }
                der
            }
            Err(e) => {
                tracing::error!("OCSP: {e}");
                error_response(OcspError::Internal)
            }
        }
    }
}
