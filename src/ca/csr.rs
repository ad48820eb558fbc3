//! Certificate signing requests: only the public key is taken from a CSR.
//! The subject comes from the case, never from the CSR, and requested
//! extensions are ignored.

use super::alg::{KeyInfo, KeyKind, PublicKey};
use super::pem::{looks_like_pem, parse_pem};
use super::{CaError, Result};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

/// A parsed CSR whose self-signature has been verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    /// The applicant's public key (SubjectPublicKeyInfo DER) and its type.
    pub public_key: PublicKey,
    /// The subject the applicant wrote, for display only (never certified).
    pub requested_subject: String,
}

/// The smallest RSA modulus accepted.
pub const MIN_RSA_BITS: u32 = 2048;

/// Parses a CSR (PEM `CERTIFICATE REQUEST` / `NEW CERTIFICATE REQUEST`, or
/// DER), checks its self-signature, and refuses RSA keys under 2048 bits and
/// algorithms other than RSA, ECDSA P-256/P-384 and Ed25519. `what` names the
/// input (the file) in errors.
pub fn parse_csr(what: &str, bytes: &[u8]) -> Result<Csr> {
    let not_csr = || {
        CaError::Unrecognized(format!(
            "{what}: not a certificate signing request (PEM or DER); ask the applicant for the .csr file"
        ))
    };
    let der = if looks_like_pem(bytes) {
        let blocks = parse_pem(bytes).map_err(|p| CaError::invalid(what, p))?;
        blocks
            .into_iter()
            .find(|b| b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST")
            .ok_or_else(not_csr)?
            .contents
    } else {
        bytes.to_vec()
    };
    let (rest, csr) = X509CertificationRequest::from_der(&der).map_err(|_| not_csr())?;
    if !rest.is_empty() {
        return Err(CaError::invalid(
            what,
            "trailing bytes after the request; the file is damaged",
        ));
    }
    let spki = &csr.certification_request_info.subject_pki;
    let info = KeyInfo::from_parsed_spki(what, spki)?;
    if info.kind == KeyKind::Rsa && info.bits < MIN_RSA_BITS {
        return Err(CaError::WeakKey {
            what: what.into(),
            problem: format!(
                "RSA key of {} bits is too small; generate a new key of {MIN_RSA_BITS} bits or more",
                info.bits
            ),
        });
    }
    csr.verify_signature()
        .map_err(|_| CaError::BadSignature { what: what.into() })?;
    Ok(Csr {
        public_key: PublicKey {
            spki_der: spki.raw.to_vec(),
            info,
        },
        requested_subject: csr.certification_request_info.subject.to_string(),
    })
}
