//! OCSP (RFC 6960) in DER, with RustCrypto's `x509-ocsp` and `der`: reading
//! requests, the delegated responder certificate (id-kp-OCSPSigning +
//! ocsp-nocheck, issued by the issuing CA), and signed responses.
//!
//! What to answer is decided by `ra`; this file only encodes and signs.

use super::delegate::Delegate;
use super::issue::Issuer;
use super::{CaError, Result};
use crate::domain::RevocationReason;
use chrono::{DateTime, Utc};
use der::asn1::{BitString, GeneralizedTime, Null, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use rcgen::{CustomExtension, ExtendedKeyUsagePurpose, KeyUsagePurpose};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::CrlReason;
use x509_cert::spki::AlgorithmIdentifierOwned;
pub use x509_ocsp::CertId;
use x509_ocsp::{
    BasicOcspResponse, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, ResponderId, ResponseBytes,
    ResponseData, RevokedInfo, SingleResponse, Version,
};

const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_NONCE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
const ID_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const OCSP_NOCHECK: [u64; 10] = [1, 3, 6, 1, 5, 5, 7, 48, 1, 5];

/// At most this many certificates in one request (more is refused as
/// malformed: nobody asks for more, and each answer costs a lookup).
pub const MAX_REQUESTS: usize = 32;
/// At most this many bytes in a nonce (RFC 8954 says 32).
pub const MAX_NONCE: usize = 128;

/// One request: the certificates asked about, and the nonce to echo.
#[derive(Debug, Clone)]
pub struct OcspQuery {
    pub ids: Vec<CertId>,
    /// The nonce extension's value (the inner OCTET STRING's content).
    pub nonce: Option<Vec<u8>>,
}

/// Reads a DER OCSPRequest. Anything that is not one (trailing bytes, no
/// certificate asked about, too many, an oversized nonce) is an error, to
/// be answered with [`error_response`]`(`[`OcspError::Malformed`]`)`.
pub fn parse_request(der: &[u8]) -> Result<OcspQuery> {
    let bad = |why: &str| CaError::invalid("OCSP request", why.to_string());
    let req = OcspRequest::from_der(der).map_err(|e| bad(&format!("not a DER OCSPRequest ({e})")))?;
    let ids: Vec<CertId> = req.tbs_request.request_list.into_iter().map(|r| r.req_cert).collect();
    if ids.is_empty() {
        return Err(bad("asks about no certificate"));
    }
    if ids.len() > MAX_REQUESTS {
        return Err(bad(&format!("asks about more than {MAX_REQUESTS} certificates")));
    }
    let mut nonce = None;
    for ext in req.tbs_request.request_extensions.iter().flatten() {
        if ext.extn_id == ID_NONCE {
            // RFC 8954: the value is an OCTET STRING; old clients send raw bytes.
            let raw = ext.extn_value.as_bytes();
            let value = OctetString::from_der(raw)
                .map(|o| o.as_bytes().to_vec())
                .unwrap_or(raw.to_vec());
            if value.is_empty() || value.len() > MAX_NONCE {
                return Err(bad("has a nonce of the wrong size"));
            }
            nonce = Some(value);
        } else if ext.critical {
            return Err(bad("has a critical extension this responder does not know"));
        }
    }
    Ok(OcspQuery { ids, nonce })
}

/// The serial a CertID asks about, as lowercase hex of its DER content.
pub fn cert_id_serial(id: &CertId) -> String {
    hex::encode(id.serial_number.as_bytes())
}

/// A CertID's DER: the same question asked the same way.
pub fn cert_id_der(id: &CertId) -> Vec<u8> {
    id.to_der().unwrap_or_default()
}

/// The issuer hashes a CertID of this CA carries, in SHA-1 and SHA-256.
#[derive(Debug, Clone)]
pub struct IssuerHashes {
    name: [Vec<u8>; 2],
    key: [Vec<u8>; 2],
}

impl IssuerHashes {
    /// From the CA certificate (DER).
    pub fn new(ca_cert_der: &[u8]) -> Result<Self> {
        let cert = Certificate::from_der(ca_cert_der)
            .map_err(|e| CaError::invalid("CA certificate", format!("not DER ({e})")))?;
        let name = cert
            .tbs_certificate
            .subject
            .to_der()
            .map_err(|e| CaError::crypto("encoding the CA name", e))?;
        let key = cert
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes();
        Ok(Self {
            name: [Sha1::digest(&name).to_vec(), Sha256::digest(&name).to_vec()],
            key: [Sha1::digest(key).to_vec(), Sha256::digest(key).to_vec()],
        })
    }

    /// True when `id` names this CA (both hashes, SHA-1 or SHA-256).
    pub fn issued(&self, id: &CertId) -> bool {
        let i = match id.hash_algorithm.oid {
            ID_SHA1 => 0,
            ID_SHA256 => 1,
            _ => return false,
        };
        id.issuer_name_hash.as_bytes() == self.name[i] && id.issuer_key_hash.as_bytes() == self.key[i]
    }
}

/// What to say about one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Good,
    Revoked {
        at: DateTime<Utc>,
        reason: RevocationReason,
    },
    Unknown,
}

/// An unsuccessful response status (no signature, no body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcspError {
    Malformed,
    Internal,
    TryLater,
    Unauthorized,
}

/// The DER of an unsuccessful OCSPResponse.
pub fn error_response(e: OcspError) -> Vec<u8> {
    let status = match e {
        OcspError::Malformed => OcspResponseStatus::MalformedRequest,
        OcspError::Internal => OcspResponseStatus::InternalError,
        OcspError::TryLater => OcspResponseStatus::TryLater,
        OcspError::Unauthorized => OcspResponseStatus::Unauthorized,
    };
    OcspResponse {
        response_status: status,
        response_bytes: None,
    }
    .to_der()
    // An enumerated and nothing else: encoding it cannot fail.
    .unwrap_or_else(|_| vec![0x30, 0x03, 0x0a, 0x01, 0x02])
}

fn gtime(t: DateTime<Utc>) -> Result<x509_ocsp::OcspGeneralizedTime> {
    let secs =
        u64::try_from(t.timestamp()).map_err(|_| CaError::invalid("OCSP time", format!("{t} is before 1970")))?;
    GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs))
        .map(Into::into)
        .map_err(|e| CaError::invalid("OCSP time", format!("{t}: {e}")))
}

fn reason(r: RevocationReason) -> Result<CrlReason> {
    CrlReason::from_der(&[0x0a, 0x01, r.code()]).map_err(|e| CaError::crypto("encoding the revocation reason", e))
}

/// The delegated responder: its certificate, issued by the issuing CA, and
/// its key, generated in memory and never written anywhere.
pub struct OcspSigner {
    delegate: Delegate,
    key_hash: OctetString,
}

impl std::fmt::Debug for OcspSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcspSigner")
            .field("not_after", &self.delegate.validity().1)
            .finish_non_exhaustive()
    }
}

impl Issuer {
    /// Issues a responder certificate valid from `now` for `validity`
    /// (cut at the CA's own end): keyUsage digitalSignature, extended key
    /// usage id-kp-OCSPSigning, id-pkix-ocsp-nocheck, AKI and SKI, a key of
    /// the CA's own type (so responses carry the CA's signature algorithm).
    pub fn issue_ocsp_signer(&self, now: DateTime<Utc>, validity: chrono::Duration) -> Result<OcspSigner> {
        let delegate = self.issue_delegate("OCSP Responder", now, now + validity, |p| {
            p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            p.extended_key_usages = vec![ExtendedKeyUsagePurpose::OcspSigning];
            let null = Null.to_der().map_err(|e| CaError::crypto("encoding ocsp-nocheck", e))?;
            p.custom_extensions
                .push(CustomExtension::from_oid_content(&OCSP_NOCHECK, null));
            Ok(())
        })?;
        OcspSigner::new(delegate)
    }
}

impl OcspSigner {
    fn new(delegate: Delegate) -> Result<Self> {
        let bits = delegate
            .cert()
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes();
        let key_hash = OctetString::new(Sha1::digest(bits).to_vec()).map_err(|e| CaError::crypto("key hash", e))?;
        Ok(Self { delegate, key_hash })
    }

    /// The responder certificate (DER).
    pub fn cert_der(&self) -> &[u8] {
        self.delegate.cert_der()
    }

    /// Its validity window.
    pub fn validity(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        self.delegate.validity()
    }

    /// A signed, successful response: one SingleResponse per answer (in
    /// the request's order, its CertID echoed), the nonce echoed when
    /// given, the responder named by key hash and its certificate included.
    pub fn respond(
        &self,
        answers: &[(CertId, Answer)],
        nonce: Option<&[u8]>,
        produced_at: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let this = gtime(produced_at)?;
        let next = gtime(next_update)?;
        let mut responses = Vec::with_capacity(answers.len());
        for (id, answer) in answers {
            let cert_status = match answer {
                Answer::Good => CertStatus::good(),
                Answer::Unknown => CertStatus::unknown(),
                Answer::Revoked { at, reason: r } => CertStatus::revoked(RevokedInfo {
                    revocation_time: gtime(*at)?,
                    revocation_reason: Some(reason(*r)?),
                }),
            };
            responses.push(SingleResponse {
                cert_id: id.clone(),
                cert_status,
                this_update: this,
                next_update: Some(next),
                single_extensions: None,
            });
        }
        let response_extensions = match nonce {
            None => None,
            Some(n) => {
                let value = OctetString::new(n)
                    .and_then(|o| o.to_der())
                    .and_then(OctetString::new)
                    .map_err(|e| CaError::crypto("encoding the nonce", e))?;
                Some(vec![Extension {
                    extn_id: ID_NONCE,
                    critical: false,
                    extn_value: value,
                }])
            }
        };
        let tbs = ResponseData {
            version: Version::V1,
            responder_id: ResponderId::ByKey(self.key_hash.clone()),
            produced_at: this,
            responses,
            response_extensions,
        };
        let tbs_der = tbs
            .to_der()
            .map_err(|e| CaError::crypto("encoding the OCSP response", e))?;
        let sig = self.delegate.sign(&tbs_der)?;
        let basic = BasicOcspResponse {
            tbs_response_data: tbs,
            signature_algorithm: self.delegate.sig_alg().clone(),
            signature: BitString::from_bytes(&sig).map_err(|e| CaError::crypto("signature", e))?,
            certs: Some(vec![self.delegate.cert().clone()]),
        };
        let body = basic
            .to_der()
            .map_err(|e| CaError::crypto("encoding the OCSP response", e))?;
        OcspResponse {
            response_status: OcspResponseStatus::Successful,
            response_bytes: Some(ResponseBytes {
                response_type: ID_BASIC,
                response: OctetString::new(body).map_err(|e| CaError::crypto("encoding the OCSP response", e))?,
            }),
        }
        .to_der()
        .map_err(|e| CaError::crypto("encoding the OCSP response", e))
    }
}

/// A DER OCSPRequest for `serial` (its DER INTEGER content) under the CA
/// whose certificate is `ca_cert_der`, SHA-1 CertID as openssl sends it,
/// with a nonce when given: what tests and benches ask with.
pub fn request_der(ca_cert_der: &[u8], serial: &[u8], nonce: Option<&[u8]>) -> Result<Vec<u8>> {
    let h = IssuerHashes::new(ca_cert_der)?;
    let enc = |e: der::Error| CaError::crypto("encoding an OCSP request", e);
    let id = CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: ID_SHA1,
            parameters: Some(Null.into()),
        },
        issuer_name_hash: OctetString::new(h.name[0].clone()).map_err(enc)?,
        issuer_key_hash: OctetString::new(h.key[0].clone()).map_err(enc)?,
        serial_number: x509_cert::serial_number::SerialNumber::new(serial).map_err(enc)?,
    };
    let request_extensions = match nonce {
        None => None,
        Some(n) => Some(vec![Extension {
            extn_id: ID_NONCE,
            critical: false,
            extn_value: OctetString::new(OctetString::new(n).and_then(|o| o.to_der()).map_err(enc)?).map_err(enc)?,
        }]),
    };
    x509_ocsp::OcspRequest {
        tbs_request: x509_ocsp::TbsRequest {
            version: Version::V1,
            requestor_name: None,
            request_list: vec![x509_ocsp::Request {
                req_cert: id,
                single_request_extensions: None,
            }],
            request_extensions,
        },
        optional_signature: None,
    }
    .to_der()
    .map_err(enc)
}
