//! Inspection of certificates, CRLs, CSRs and PKCS#12 files (PEM or DER),
//! for `ratu ca inspect` and its `--json` output.

use super::alg::KeyInfo;
use super::der;
use super::pem::{looks_like_pem, parse_pem};
use super::time::from_asn1;
use super::{CaError, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::certificate::X509Certificate;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::error::X509Error;
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension, X509Extension};
use x509_parser::objects::{oid_registry, oid2sn};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

/// What kind of object was inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Certificate,
    Crl,
    Csr,
    Pkcs12,
}

impl std::fmt::Display for Kind {
    /// The names people know these files by.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Certificate => "certificate (X.509)",
            Kind::Crl => "CRL (certificate revocation list)",
            Kind::Csr => "CSR (PKCS#10 certificate request)",
            Kind::Pkcs12 => "PKCS#12 (.p12)",
        })
    }
}

/// One extension, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ExtensionInfo {
    /// Short name (`keyUsage`) or the dotted OID when unknown.
    pub name: String,
    pub oid: String,
    pub critical: bool,
    /// A short human-readable value.
    pub value: String,
}

/// What `inspect` found. Fields that do not apply to the kind are `None` or empty.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Inspection {
    pub kind: Kind,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    /// Hex, lowercase, no separators.
    pub serial: Option<String>,
    pub not_before: Option<DateTime<Utc>>,
    pub not_after: Option<DateTime<Utc>>,
    /// CRL thisUpdate / nextUpdate.
    pub this_update: Option<DateTime<Utc>>,
    pub next_update: Option<DateTime<Utc>>,
    pub crl_number: Option<String>,
    pub revoked_count: Option<usize>,
    pub key: Option<KeyInfo>,
    pub signature_algorithm: Option<String>,
    /// CSR only: whether its self-signature verifies with its own key;
    /// `None` when not checked (other kinds, or an algorithm we cannot
    /// verify).
    pub signature_valid: Option<bool>,
    pub is_ca: bool,
    pub extensions: Vec<ExtensionInfo>,
    /// Fingerprints over the DER of the object (for PKCS#12: of the leaf certificate).
    pub sha256: String,
    pub sha1: String,
    /// PKCS#12 only: whether it holds a private key, and the other certificates.
    pub has_private_key: bool,
    pub chain: Vec<Inspection>,
    /// The DER of the object (PKCS#12: the leaf certificate), for [`signed_by`].
    #[serde(skip)]
    pub der: Vec<u8>,
}

impl Inspection {
    fn new(kind: Kind, der: &[u8]) -> Self {
        Self {
            kind,
            subject: None,
            issuer: None,
            serial: None,
            not_before: None,
            not_after: None,
            this_update: None,
            next_update: None,
            crl_number: None,
            revoked_count: None,
            key: None,
            signature_algorithm: None,
            signature_valid: None,
            is_ca: false,
            extensions: Vec::new(),
            sha256: hex::encode(Sha256::digest(der)),
            sha1: hex::encode(sha1::Sha1::digest(der)),
            has_private_key: false,
            chain: Vec::new(),
            der: der.to_vec(),
        }
    }
}

fn unrecognized(what: &str) -> CaError {
    CaError::Unrecognized(format!("{what}: not a certificate, CRL, CSR or PKCS#12 (PEM or DER)"))
}

fn alg_name(oid: &x509_parser::oid_registry::Oid<'_>) -> String {
    oid2sn(oid, oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.to_id_string())
}

fn general_name(g: &GeneralName<'_>) -> String {
    match g {
        GeneralName::RFC822Name(s) => format!("email:{s}"),
        GeneralName::DNSName(s) => format!("DNS:{s}"),
        GeneralName::URI(s) => format!("URI:{s}"),
        GeneralName::DirectoryName(n) => format!("DirName:{n}"),
        other => other.to_string(),
    }
}

fn summarise(ext: &X509Extension<'_>) -> ExtensionInfo {
    let oid = ext.oid.to_id_string();
    let name = oid2sn(&ext.oid, oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.clone());
    let value = match ext.parsed_extension() {
        ParsedExtension::KeyUsage(ku) => {
            let bits = [
                (ku.digital_signature(), "digitalSignature"),
                (ku.non_repudiation(), "nonRepudiation"),
                (ku.key_encipherment(), "keyEncipherment"),
                (ku.data_encipherment(), "dataEncipherment"),
                (ku.key_agreement(), "keyAgreement"),
                (ku.key_cert_sign(), "keyCertSign"),
                (ku.crl_sign(), "cRLSign"),
                (ku.encipher_only(), "encipherOnly"),
                (ku.decipher_only(), "decipherOnly"),
            ];
            bits.iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        }
        ParsedExtension::ExtendedKeyUsage(eku) => {
            let mut v: Vec<String> = [
                (eku.any, "anyExtendedKeyUsage"),
                (eku.server_auth, "serverAuth"),
                (eku.client_auth, "clientAuth"),
                (eku.code_signing, "codeSigning"),
                (eku.email_protection, "emailProtection"),
                (eku.time_stamping, "timeStamping"),
                (eku.ocsp_signing, "OCSPSigning"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n.to_string())
            .collect();
            v.extend(eku.other.iter().map(|o| o.to_id_string()));
            v.join(", ")
        }
        ParsedExtension::BasicConstraints(bc) => match (bc.ca, bc.path_len_constraint) {
            (true, Some(n)) => format!("CA, pathLen {n}"),
            (true, None) => "CA".into(),
            (false, _) => "not a CA".into(),
        },
        ParsedExtension::SubjectKeyIdentifier(k) => hex::encode(k.0),
        ParsedExtension::AuthorityKeyIdentifier(aki) => aki
            .key_identifier
            .as_ref()
            .map(|k| hex::encode(k.0))
            .unwrap_or_else(|| "(issuer and serial)".into()),
        ParsedExtension::SubjectAlternativeName(san) => san
            .general_names
            .iter()
            .map(general_name)
            .collect::<Vec<_>>()
            .join(", "),
        ParsedExtension::CRLDistributionPoints(dps) => dps
            .points
            .iter()
            .flat_map(|p| match &p.distribution_point {
                Some(DistributionPointName::FullName(names)) => names.iter().map(general_name).collect(),
                _ => vec!["(relative name)".to_string()],
            })
            .collect::<Vec<_>>()
            .join(", "),
        ParsedExtension::AuthorityInfoAccess(aia) => aia
            .accessdescs
            .iter()
            .map(|a| format!("{}: {}", alg_name(&a.access_method), general_name(&a.access_location)))
            .collect::<Vec<_>>()
            .join(", "),
        ParsedExtension::CRLNumber(n) => n.to_string(),
        ParsedExtension::ReasonCode(r) => r.to_string(),
        ParsedExtension::InvalidityDate(t) => from_asn1(t).to_rfc3339(),
        _ => {
            let shown = &ext.value[..ext.value.len().min(24)];
            format!("{}{}", hex::encode(shown), if ext.value.len() > 24 { "…" } else { "" })
        }
    };
    ExtensionInfo {
        name,
        oid,
        critical: ext.critical,
        value,
    }
}

fn inspect_cert(der: &[u8], cert: &X509Certificate<'_>) -> Inspection {
    let mut i = Inspection::new(Kind::Certificate, der);
    i.subject = Some(cert.subject().to_string());
    i.issuer = Some(cert.issuer().to_string());
    // Serial 0 (some old roots) is "00", not an empty string.
    let serial = hex::encode(
        cert.raw_serial()
            .iter()
            .skip_while(|b| **b == 0)
            .copied()
            .collect::<Vec<_>>(),
    );
    i.serial = Some(if serial.is_empty() { "00".into() } else { serial });
    i.not_before = Some(from_asn1(&cert.validity().not_before));
    i.not_after = Some(from_asn1(&cert.validity().not_after));
    i.key = KeyInfo::from_parsed_spki("certificate", cert.public_key()).ok();
    i.signature_algorithm = Some(alg_name(&cert.signature_algorithm.algorithm));
    i.is_ca = cert.is_ca();
    i.extensions = cert.iter_extensions().map(summarise).collect();
    i
}

fn inspect_crl(der: &[u8], crl: &CertificateRevocationList<'_>) -> Inspection {
    let mut i = Inspection::new(Kind::Crl, der);
    i.issuer = Some(crl.issuer().to_string());
    i.this_update = Some(from_asn1(&crl.last_update()));
    i.next_update = crl.next_update().as_ref().map(from_asn1);
    i.crl_number = crl.crl_number().map(|n| n.to_string());
    i.revoked_count = Some(crl.iter_revoked_certificates().count());
    i.signature_algorithm = Some(alg_name(&crl.signature_algorithm.algorithm));
    i.extensions = crl.extensions().iter().map(summarise).collect();
    i
}

fn inspect_csr(der: &[u8], csr: &X509CertificationRequest<'_>) -> Inspection {
    let mut i = Inspection::new(Kind::Csr, der);
    let info = &csr.certification_request_info;
    i.subject = Some(info.subject.to_string());
    i.key = KeyInfo::from_parsed_spki("CSR", &info.subject_pki).ok();
    i.signature_algorithm = Some(alg_name(&csr.signature_algorithm.algorithm));
    i.signature_valid = match csr.verify_signature() {
        Ok(()) => Some(true),
        Err(X509Error::SignatureUnsupportedAlgorithm) => None,
        Err(_) => Some(false),
    };
    i
}

/// PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }
fn looks_like_pfx(der: &[u8]) -> bool {
    der::read_sequence(der)
        .is_some_and(|p| p.len() >= 2 && p[0].tag == der::INTEGER && p[0].content == [3] && p[1].tag == der::SEQUENCE)
}

fn inspect_der(what: &str, der: &[u8], p12_passphrase: Option<&str>) -> Result<Inspection> {
    if let Ok((rest, cert)) = X509Certificate::from_der(der)
        && rest.is_empty()
    {
        return Ok(inspect_cert(der, &cert));
    }
    if let Ok((rest, crl)) = CertificateRevocationList::from_der(der)
        && rest.is_empty()
    {
        return Ok(inspect_crl(der, &crl));
    }
    if let Ok((rest, csr)) = X509CertificationRequest::from_der(der)
        && rest.is_empty()
    {
        return Ok(inspect_csr(der, &csr));
    }
    if looks_like_pfx(der) {
        let pass = p12_passphrase.ok_or_else(|| CaError::PassphraseRequired { what: what.into() })?;
        let p12 = super::read_p12(what, der, pass)?;
        let leaf = p12
            .cert_der
            .ok_or_else(|| CaError::invalid(what, "the PKCS#12 holds no certificate"))?;
        let mut i = inspect_der(what, &leaf, None)?;
        i.kind = Kind::Pkcs12;
        i.has_private_key = p12.key_pkcs8.is_some();
        i.chain = p12
            .chain
            .iter()
            .map(|c| inspect_der(what, c, None))
            .collect::<Result<_>>()?;
        return Ok(i);
    }
    Err(unrecognized(what))
}

/// Detects and inspects a certificate, CRL, CSR or PKCS#12 in PEM or DER.
/// `what` names the input (the file) in errors; a PKCS#12 needs its passphrase.
pub fn inspect(what: &str, bytes: &[u8], p12_passphrase: Option<&str>) -> Result<Inspection> {
    if looks_like_pem(bytes) {
        let blocks = parse_pem(bytes).map_err(|p| CaError::invalid(what, p))?;
        let block = blocks.first().ok_or_else(|| unrecognized(what))?;
        return match block.label.as_str() {
            "CERTIFICATE" | "X509 CRL" | "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "PKCS12" => {
                inspect_der(what, &block.contents, p12_passphrase)
            }
            _ => Err(unrecognized(what)),
        };
    }
    inspect_der(what, bytes, p12_passphrase)
}

/// True when `der` (a certificate or CRL) carries a valid signature by the
/// key of `issuer_cert_der`. Anything unparsable is simply `false`.
pub fn signed_by(der: &[u8], issuer_cert_der: &[u8]) -> bool {
    let Ok((_, issuer)) = X509Certificate::from_der(issuer_cert_der) else {
        return false;
    };
    if let Ok((_, cert)) = X509Certificate::from_der(der) {
        return cert.verify_signature(Some(issuer.public_key())).is_ok();
    }
    if let Ok((_, crl)) = CertificateRevocationList::from_der(der) {
        return crl.verify_signature(issuer.public_key()).is_ok();
    }
    false
}

/// The first certificate in PEM (a chain is fine) or DER input.
pub fn first_certificate_der(what: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let der = if looks_like_pem(bytes) {
        let blocks = parse_pem(bytes).map_err(|p| CaError::invalid(what, p))?;
        blocks
            .into_iter()
            .find(|b| b.label == "CERTIFICATE")
            .map(|b| b.contents)
            .ok_or_else(|| {
                CaError::Unrecognized(format!(
                    "{what}: holds no CERTIFICATE block; give the CA certificate file"
                ))
            })?
    } else {
        bytes.to_vec()
    };
    match X509Certificate::from_der(&der) {
        Ok(([], _)) => Ok(der),
        _ => Err(CaError::Unrecognized(format!(
            "{what}: not an X.509 certificate (PEM or DER)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{HierarchySpec, create_hierarchy, pem_encode};

    #[test]
    fn detects_each_kind_in_pem_and_der() {
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now()).unwrap();
        let pem = pem_encode("CERTIFICATE", &h.root.cert_der);
        let a = inspect("root.pem", pem.as_bytes(), None).unwrap();
        let b = inspect("root.der", &h.root.cert_der, None).unwrap();
        assert_eq!((a.kind, b.kind), (Kind::Certificate, Kind::Certificate));
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.sha256.len(), 64);
        assert_eq!(a.sha1.len(), 40);
        assert!(a.is_ca);

        let key = rcgen::KeyPair::generate().unwrap();
        let csr = rcgen::CertificateParams::default().serialize_request(&key).unwrap();
        let i = inspect("a.csr", csr.der(), None).unwrap();
        assert_eq!(i.kind, Kind::Csr);
        assert_eq!(i.key.map(|k| k.to_string()).as_deref(), Some("ECDSA P-256"));
        let i = inspect("a.csr", pem_encode("CERTIFICATE REQUEST", csr.der()).as_bytes(), None).unwrap();
        assert_eq!(i.kind, Kind::Csr);

        let json = serde_json::to_string(&b).unwrap();
        assert!(
            json.contains("\"kind\":\"certificate\"") && !json.contains("\"der\""),
            "{json}"
        );
    }

    #[test]
    fn wrong_type_and_truncated_files_are_named() {
        let key = pem_encode("PRIVATE KEY", &[0x30, 0x00]);
        let err = inspect("key.pem", key.as_bytes(), None).unwrap_err().to_string();
        assert_eq!(err, "key.pem: not a certificate, CRL, CSR or PKCS#12 (PEM or DER)");
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now()).unwrap();
        let pem = pem_encode("CERTIFICATE", &h.root.cert_der);
        let err = inspect("cut.pem", &pem.as_bytes()[..pem.len() - 30], None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cut.pem: PEM block \"CERTIFICATE\" is truncated"),
            "{err}"
        );
        let err = inspect("cut.der", &h.root.cert_der[..100], None)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("cut.der: not a certificate"), "{err}");
        assert!(!signed_by(b"junk", &h.root.cert_der));
    }

    #[test]
    fn a_csr_with_a_flipped_signature_bit_does_not_verify() {
        let key = rcgen::KeyPair::generate().unwrap();
        let csr = rcgen::CertificateParams::default().serialize_request(&key).unwrap();
        assert_eq!(
            inspect("good.csr", csr.der(), None).unwrap().signature_valid,
            Some(true)
        );
        let mut bad = csr.der().to_vec();
        let last = bad.len() - 1;
        bad[last] ^= 0x01;
        let i = inspect("bad.csr", &bad, None).unwrap();
        assert_eq!((i.kind, i.signature_valid), (Kind::Csr, Some(false)));
        let cert = create_hierarchy(&HierarchySpec::default(), Utc::now())
            .unwrap()
            .root
            .cert_der;
        assert_eq!(inspect("root.der", &cert, None).unwrap().signature_valid, None);
    }
}
