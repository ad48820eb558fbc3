//! Detached CMS signatures (RFC 5652 SignedData without eContent), with
//! RustCrypto's `cms` types: what signs an archive's manifest, and what
//! checks such a signature against the office's root, never against a
//! root the signature carries.
//!
//! The signed attributes are contentType (id-data), messageDigest and
//! signingTime; their DER (a SET OF) is what the signer's key signs. The
//! signer's certificate and the issuing CA's go into `certificates`.

use super::delegate::Delegate;
use super::inspect::signed_by;
use super::{CaError, Result};
use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;
use x509_parser::prelude::FromDer;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-kp-documentSigning (RFC 9336): the archive signer's purpose.
pub const DOCUMENT_SIGNING: &str = "1.3.6.1.5.5.7.3.36";

/// Who signed, as the signature shows it once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsSigner {
    /// The signer's certificate (DER).
    pub cert_der: Vec<u8>,
    /// Its subject, as text.
    pub subject: String,
    /// Its serial, lowercase hex.
    pub serial: String,
    /// The signingTime attribute.
    pub signed_at: DateTime<Utc>,
}

/// The digest the signature algorithm hashes with: SHA-384 for ECDSA
/// with SHA-384 (P-384), SHA-512 for Ed25519 (RFC 8419), else SHA-256.
fn digest_for(sig_alg: &ObjectIdentifier) -> ObjectIdentifier {
    match *sig_alg {
        ECDSA_SHA384 => ID_SHA384,
        ED25519 => ID_SHA512,
        _ => ID_SHA256,
    }
}

fn digest(alg: &ObjectIdentifier, content: &[u8]) -> Option<Vec<u8>> {
    match *alg {
        ID_SHA256 => Some(Sha256::digest(content).to_vec()),
        ID_SHA384 => Some(Sha384::digest(content).to_vec()),
        ID_SHA512 => Some(Sha512::digest(content).to_vec()),
        _ => None,
    }
}

fn enc(e: der::Error) -> CaError {
    CaError::crypto("encoding the CMS signature", e)
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(enc)?,
    })
}

/// UTCTime until 2049, GeneralizedTime after (RFC 5652 §11.3).
fn time_of(at: DateTime<Utc>) -> Result<Time> {
    let secs =
        u64::try_from(at.timestamp()).map_err(|_| CaError::invalid("signing time", format!("{at} is before 1970")))?;
    let d = std::time::Duration::from_secs(secs);
    match der::asn1::UtcTime::from_unix_duration(d) {
        Ok(t) => Ok(Time::UtcTime(t)),
        Err(_) => der::asn1::GeneralizedTime::from_unix_duration(d)
            .map(Time::GeneralTime)
            .map_err(enc),
    }
}

/// A detached signature (DER ContentInfo) by `signer` over `content`,
/// signed at `at`, with `signer`'s certificate and those in `chain`
/// (the issuing CA's) in its certificates.
pub fn sign_detached(signer: &Delegate, chain: &[&[u8]], content: &[u8], at: DateTime<Utc>) -> Result<Vec<u8>> {
    let digest_alg = digest_for(&signer.sig_alg().oid);
    let md = digest(&digest_alg, content).ok_or_else(|| CaError::crypto("digest", "unknown digest"))?;
    let attrs: SignedAttributes = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA).map_err(enc)?)?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(md).map_err(enc)?).map_err(enc)?,
        )?,
        attribute(ID_SIGNING_TIME, Any::encode_from(&time_of(at)?).map_err(enc)?)?,
    ])
    .map_err(enc)?;
    let signature = signer.sign(&attrs.to_der().map_err(enc)?)?;
    let tbs = &signer.cert().tbs_certificate;
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        }),
        digest_alg: AlgorithmIdentifierOwned {
            oid: digest_alg,
            parameters: None,
        },
        signed_attrs: Some(attrs),
        signature_algorithm: signer.sig_alg().clone(),
        signature: OctetString::new(signature).map_err(enc)?,
        unsigned_attrs: None,
    };
    let mut certs = vec![CertificateChoices::Certificate(signer.cert().clone())];
    for der in chain {
        let c = Certificate::from_der(der).map_err(|e| CaError::crypto("reading the CA certificate", e))?;
        certs.push(CertificateChoices::Certificate(c));
    }
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![AlgorithmIdentifierOwned {
            oid: digest_alg,
            parameters: None,
        }])
        .map_err(enc)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(enc)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(enc)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed).map_err(enc)?,
    }
    .to_der()
    .map_err(enc)
}

/// The one value of attribute `oid`, if present.
fn attr_value<'a>(attrs: &'a SignedAttributes, oid: &ObjectIdentifier) -> Option<&'a Any> {
    attrs
        .iter()
        .find(|a| a.oid == *oid)
        .and_then(|a| a.values.iter().next())
}

fn cert_time(t: &x509_parser::time::ASN1Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or_default()
}

/// Checks a detached signature `p7s` (DER) over `content`: one signer,
/// the digest of `content` in its messageDigest, its signature over the
/// signed attributes by its certificate's key, that certificate for
/// document signing and issued by a CA certificate in the signature that
/// `root_der` issued (or by `root_der` itself), each valid when it
/// signed. `what` names the signature file in errors.
pub fn verify_detached(what: &str, p7s: &[u8], content: &[u8], root_der: &[u8]) -> Result<CmsSigner> {
    let bad = |why: &str| CaError::invalid(what, why.to_string());
    let ci = ContentInfo::from_der(p7s).map_err(|e| bad(&format!("not a DER CMS signature ({e})")))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(bad("is not CMS SignedData"));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| bad(&format!("unreadable SignedData ({e})")))?;
    if sd.encap_content_info.econtent.is_some() {
        return Err(bad("carries its content; a detached signature is expected"));
    }
    let [info] = sd.signer_infos.0.as_slice() else {
        return Err(bad("must have exactly one signer"));
    };
    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| bad("has no signed attributes"))?;
    let ct: Option<ObjectIdentifier> = attr_value(attrs, &ID_CONTENT_TYPE).and_then(|v| v.decode_as().ok());
    if ct != Some(ID_DATA) {
        return Err(bad("its contentType attribute is not id-data"));
    }
    let md: OctetString = attr_value(attrs, &ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as().ok())
        .ok_or_else(|| bad("has no messageDigest attribute"))?;
    let computed =
        digest(&info.digest_alg.oid, content).ok_or_else(|| bad("uses a digest other than SHA-256/384/512"))?;
    if md.as_bytes() != computed.as_slice() {
        return Err(bad("does not match the content: the signed file was changed"));
    }
    let signed_at: Time = attr_value(attrs, &ID_SIGNING_TIME)
        .and_then(|v| v.to_der().ok())
        .and_then(|d| Time::from_der(&d).ok())
        .ok_or_else(|| bad("has no signingTime attribute"))?;
    let signed_at = DateTime::from_timestamp(signed_at.to_unix_duration().as_secs() as i64, 0).unwrap_or_default();
    let certs: Vec<Vec<u8>> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => c.to_der().ok(),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &info.sid else {
        return Err(bad("names its signer by key identifier; expected issuer and serial"));
    };
    let signer_der = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .find_map(|c| match c {
            CertificateChoices::Certificate(c)
                if c.tbs_certificate.issuer == sid.issuer && c.tbs_certificate.serial_number == sid.serial_number =>
            {
                c.to_der().ok()
            }
            _ => None,
        })
        .ok_or_else(|| bad("does not carry its signer's certificate"))?;
    let (_, signer) =
        x509_parser::parse_x509_certificate(&signer_der).map_err(|_| bad("its signer's certificate is unreadable"))?;
    // The signature over the signed attributes (their DER as a SET OF).
    let alg_der = info.signature_algorithm.to_der().map_err(enc)?;
    let (_, alg) = x509_parser::x509::AlgorithmIdentifier::from_der(&alg_der)
        .map_err(|_| bad("has an unreadable signature algorithm"))?;
    let tbs = attrs.to_der().map_err(enc)?;
    let sig = x509_parser::asn1_rs::BitString::new(0, info.signature.as_bytes());
    x509_parser::verify::verify_signature(signer.public_key(), &alg, &sig, &tbs)
        .map_err(|_| bad("the signature does not verify with its signer's key"))?;
    // The signer may sign documents, and chains to the given root.
    let ekus = signer
        .extended_key_usage()
        .ok()
        .flatten()
        .map(|e| e.value.other.clone());
    let documents = ekus.iter().flatten().any(|o| o.to_id_string() == DOCUMENT_SIGNING);
    if !documents {
        return Err(bad(
            "its signer's certificate is not for document signing (archive-signing profile)",
        ));
    }
    let within = |c: &x509_parser::certificate::X509Certificate| {
        let v = c.validity();
        cert_time(&v.not_before) <= signed_at && signed_at <= cert_time(&v.not_after)
    };
    if !within(&signer) {
        return Err(bad("was made outside its signer certificate's validity"));
    }
    let issued_by_root = |der: &[u8]| signed_by(der, root_der);
    let chained = issued_by_root(&signer_der)
        || certs.iter().any(|ca| {
            signed_by(&signer_der, ca)
                && issued_by_root(ca)
                && x509_parser::parse_x509_certificate(ca).is_ok_and(|(_, c)| within(&c))
        });
    if !chained {
        return Err(bad("its signer does not chain to the office's root"));
    }
    Ok(CmsSigner {
        subject: signer.subject().to_string(),
        serial: hex::encode(signer.raw_serial()),
        cert_der: signer_der,
        signed_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{HierarchySpec, Issuer, KeyAlg, Profiles, create_hierarchy};
    use chrono::Duration;

    #[test]
    fn a_detached_signature_verifies_against_the_root_and_nothing_else() {
        for alg in [KeyAlg::EcdsaP256, KeyAlg::EcdsaP384, KeyAlg::Rsa2048] {
            let now = Utc::now();
            let h = create_hierarchy(
                &HierarchySpec {
                    alg,
                    ..Default::default()
                },
                now - Duration::hours(1),
            )
            .unwrap();
            let issuer = Issuer::from_ca(&h.issuing).unwrap();
            let profiles = Profiles::builtin();
            let signer = issuer
                .issue_archive_signer(profiles.get("archive-signing").unwrap(), now)
                .unwrap();
            let content = b"0123  data/x\n";
            let p7s = sign_detached(&signer, &[&h.issuing.cert_der], content, now).unwrap();
            let who = verify_detached("sig", &p7s, content, &h.root.cert_der).unwrap();
            assert_eq!(who.cert_der, signer.cert_der(), "{alg}");
            assert!(who.subject.contains("Archive Signer"), "{}", who.subject);
            let err = verify_detached("sig", &p7s, b"0124  data/x\n", &h.root.cert_der).unwrap_err();
            assert!(err.to_string().contains("changed"), "{err}");
            let other = create_hierarchy(&HierarchySpec::default(), now - Duration::hours(1)).unwrap();
            let err = verify_detached("sig", &p7s, content, &other.root.cert_der).unwrap_err();
            assert!(err.to_string().contains("root"), "{err}");
            let mut flipped = p7s.clone();
            let n = flipped.len();
            flipped[n - 3] ^= 1;
            assert!(verify_detached("sig", &flipped, content, &h.root.cert_der).is_err());
        }
    }

    #[test]
    fn the_archive_profile_is_for_the_ra_only() {
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now() - Duration::hours(1)).unwrap();
        let issuer = Issuer::from_ca(&h.issuing).unwrap();
        let err = issuer
            .issue_archive_signer(Profiles::builtin().get("signing").unwrap(), Utc::now())
            .unwrap_err();
        assert!(err.to_string().contains("archive-signing"), "{err}");
    }
}
