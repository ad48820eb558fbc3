//! Which certificate a command or a case is about. Certificates are
//! identified by issuer and serial; people type a serial or a SHA-256
//! fingerprint. A case's certificate must belong to the case's holder.

use super::revocation::normalize_serial;
use super::{Ra, RaError, Result};
use crate::domain::{Case, CaseKind, CertRecord, CertState, CertStatus};
use crate::store::StoreError;

/// A fingerprint as typed: 64 hex digits, colons and spaces allowed.
fn as_fingerprint(s: &str) -> Option<String> {
    let hex: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    (hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())).then_some(hex)
}

/// One candidate of an ambiguous serial, as listed to the operator (one
/// line: the candidates are joined with "; ").
fn candidate(c: &CertRecord) -> String {
    format!(
        "issuer {} sha256 {}",
        crate::domain::text::visible(&c.issuer_dn),
        c.sha256.as_deref().unwrap_or("(not signed yet)")
    )
}

/// Whether a case of `kind` may be about a certificate in this status.
fn usable(kind: CaseKind, status: CertStatus) -> bool {
    match kind {
        CaseKind::Renewal => matches!(status, CertStatus::Valid | CertStatus::Expiring | CertStatus::Expired),
        _ => matches!(status, CertStatus::Valid | CertStatus::Expiring),
    }
}

impl Ra {
    /// The certificate a serial or a SHA-256 fingerprint names. A serial
    /// that two issuers' certificates share is refused, listing both.
    pub async fn find_cert(&self, query: &str) -> Result<CertRecord> {
        if let Some(fp) = as_fingerprint(query)
            && let Some(c) = self.store.cert_by_sha256(&fp).await?
        {
            return Ok(c);
        }
        let serial = normalize_serial(query)?;
        let mut found = self.store.certs_by_serial(&serial).await?;
        match found.len() {
            0 => Err(StoreError::NotFound(format!("certificate {serial}")).into()),
            1 => Ok(found.remove(0)),
            n => Err(RaError::Invalid(format!(
                "serial {serial} is carried by {n} certificates of different issuers; give the SHA-256 fingerprint of the one you mean: {}",
                found.iter().map(candidate).collect::<Vec<_>>().join("; ")
            ))),
        }
    }

    /// The certificate a new case of `kind` for the holder `nik` is about:
    /// the one named (`query`), which must be theirs, or else their one
    /// usable certificate.
    pub(super) async fn target_cert(
        &self,
        kind: CaseKind,
        nik: &crate::domain::identity::Nik,
        query: Option<&str>,
    ) -> Result<CertRecord> {
        let now = self.now();
        let nik_s = nik.to_string();
        let cert = match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) => {
                let c = self.find_cert(q).await?;
                check_holder(&c, &nik_s)?;
                c
            }
            None => {
                let mut mine: Vec<CertRecord> = self
                    .store
                    .certs_of_holder(&nik_s)
                    .await?
                    .into_iter()
                    .filter(|c| usable(kind, c.status(now)))
                    .collect();
                match mine.len() {
                    0 if kind == CaseKind::Renewal => {
                        return Err(RaError::Invalid(format!(
                            "NIK {} holds no certificate to renew; open an issuance case instead",
                            nik.masked()
                        )));
                    }
                    0 => {
                        return Err(RaError::Invalid(format!(
                            "NIK {} holds no valid certificate",
                            nik.masked()
                        )));
                    }
                    1 => mine.remove(0),
                    n => {
                        let list: Vec<String> = mine
                            .iter()
                            .map(|c| {
                                format!(
                                    "serial {} ({}, until {}) {}",
                                    c.serial,
                                    c.status(now),
                                    c.not_after.format("%Y-%m-%d"),
                                    candidate(c)
                                )
                            })
                            .collect();
                        return Err(RaError::Invalid(format!(
                            "NIK {} holds {n} certificates; choose one with --serial SERIAL (or its SHA-256): {}",
                            nik.masked(),
                            list.join("; ")
                        )));
                    }
                }
            }
        };
        let status = cert.status(now);
        if let (CertStatus::Held, Some(by)) = (status, cert.held_by) {
            return Err(RaError::Invalid(format!(
                "certificate {} is on hold while case {by} is pending: finish or cancel that case first",
                cert.serial
            )));
        }
        if !usable(kind, status) {
            return Err(RaError::Invalid(format!(
                "certificate {} is {status}: this {kind} case cannot be about it",
                cert.serial
            )));
        }
        Ok(cert)
    }

    /// The certificate a case names, read again now, and checked to
    /// belong to the case's holder.
    pub(super) async fn case_cert(&self, case: &Case) -> Result<CertRecord> {
        let Some(serial) = &case.cert_serial else {
            return Err(RaError::Invalid(format!(
                "case {} names no certificate; cancel it and open it again",
                case.id
            )));
        };
        let cert = match &case.cert_issuer {
            Some(issuer) => self.store.cert_at(issuer, serial).await?,
            None => self.find_cert(serial).await?,
        };
        check_holder(&cert, &case.subscriber.nik.to_string())?;
        Ok(cert)
    }

    /// The certificate a case names, still valid, or why it cannot be
    /// acted on.
    pub(super) async fn case_cert_issued(&self, case: &Case) -> Result<CertRecord> {
        self.case_cert_in(case, &[CertState::Issued]).await
    }

    /// The certificate a case names, valid or on hold (not revoked).
    pub(super) async fn case_cert_live(&self, case: &Case) -> Result<CertRecord> {
        self.case_cert_in(case, &[CertState::Issued, CertState::Held]).await
    }

    async fn case_cert_in(&self, case: &Case, states: &[CertState]) -> Result<CertRecord> {
        let cert = self.case_cert(case).await?;
        if !states.contains(&cert.state) {
            return Err(RaError::Invalid(format!(
                "certificate {} of case {} is {} already; cancel this case",
                cert.serial,
                case.id,
                cert.status(self.now())
            )));
        }
        Ok(cert)
    }
}

/// Refuses a certificate that is not the holder's, naming nobody.
fn check_holder(c: &CertRecord, nik: &str) -> Result<()> {
    match c.nik.as_deref() {
        Some(n) if n == nik => Ok(()),
        Some(_) => Err(RaError::Invalid(format!(
            "certificate {} belongs to another holder",
            c.serial
        ))),
        None => Err(RaError::Invalid(format!(
            "certificate {} is not linked to a holder; register whose it is first (`ratu cert import FILE --nik NIK`)",
            c.serial
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_64_hex_digits_with_or_without_colons() {
        let fp = "AB:".repeat(31) + "AB";
        assert_eq!(as_fingerprint(&fp).as_deref(), Some("ab".repeat(32).as_str()));
        assert_eq!(as_fingerprint("01"), None);
    }
}
