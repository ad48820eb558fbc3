//! A two-tier hierarchy (root → issuing CA), or an imported issuing CA.

use super::alg::KeyAlg;
use super::ext::{AD_CA_ISSUERS, aia_extension, key_id};
use super::key::{PrivateKey, load_private_key};
use super::names::ca_dn;
use super::profile::{CaUrls, add_validity};
use super::serial::Serial;
use super::time::set_validity;
use super::{CaError, Issuer, Result};
use chrono::{DateTime, Utc};
use rcgen::{BasicConstraints, CertificateParams, CrlDistributionPoint, IsCa, KeyIdMethod, KeyUsagePurpose};
use zeroize::Zeroizing;

/// A CA certificate (DER) with its private key (PKCS#8 DER, in clear in
/// memory only; encrypt with [`super::encrypt_pkcs8`] before storing).
pub struct CaCert {
    pub cert_der: Vec<u8>,
    pub key_pkcs8: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for CaCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaCert")
            .field("cert_der", &self.cert_der.len())
            .field("key_pkcs8", &"[secret]")
            .finish()
    }
}

/// Root and issuing CA.
#[derive(Debug)]
pub struct CaHierarchy {
    pub root: CaCert,
    pub issuing: CaCert,
}

/// What to create. [`Default`] gives the demo names that mirror the
/// production chain (`Root CA Indonesia DS G1` → `BSRE CA DS G1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HierarchySpec {
    pub root_cn: String,
    pub root_org: String,
    pub issuing_cn: String,
    pub issuing_org: String,
    pub alg: KeyAlg,
    /// Root validity in years (default 20).
    pub root_years: u32,
    /// Issuing CA validity in years (default 10).
    pub issuing_years: u32,
    /// Put into the issuing CA certificate: `crl` = the root's CRL, `ca_issuers` = the root certificate.
    pub root_urls: CaUrls,
}

impl Default for HierarchySpec {
    fn default() -> Self {
        Self {
            root_cn: "Root CA Indonesia Demo G1".into(),
            root_org: "Demo Kementerian Komunikasi dan Informatika".into(),
            issuing_cn: "Demo CA DS G1".into(),
            issuing_org: "Demo Badan Siber dan Sandi Negara".into(),
            alg: KeyAlg::default(),
            root_years: 20,
            issuing_years: 10,
            root_urls: CaUrls::default(),
        }
    }
}

pub(crate) const CA_KEY_USAGES: [KeyUsagePurpose; 2] = [KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];

fn ca_params(cn: &str, org: &str, now: DateTime<Utc>, years: u32, key: &PrivateKey) -> Result<CertificateParams> {
    let mut p = CertificateParams::default();
    // SKI by RFC 7093 method 1, like end-entity certificates (pkilint recognises it).
    p.key_identifier_method = KeyIdMethod::PreSpecified(key_id(&key.public_key()?.spki_der)?);
    p.distinguished_name = ca_dn(cn, org)?;
    let not_after = add_validity(now, years.saturating_mul(12), 1)
        .filter(|na| *na > now)
        .ok_or_else(|| CaError::invalid("CA validity", format!("{years} years is out of range; use 1 to 50")))?;
    set_validity(&mut p, &now, &not_after)?;
    p.serial_number = Some(Serial::random().as_bytes().to_vec().into());
    p.key_usages = CA_KEY_USAGES.to_vec();
    Ok(p)
}

/// Creates a self-signed root (basicConstraints CA critical, keyUsage
/// keyCertSign + cRLSign critical, SKI) and an issuing CA under it
/// (pathLen 0, AKI + SKI, CRL DP / AIA to the root when given), both with
/// keys of `spec.alg`, valid from `now`.
pub fn create_hierarchy(spec: &HierarchySpec, now: DateTime<Utc>) -> Result<CaHierarchy> {
    spec.root_urls.checked()?;
    let root_key = PrivateKey::generate(spec.alg)?;
    let root_kp = root_key.key_pair()?;
    let mut root_params = ca_params(&spec.root_cn, &spec.root_org, now, spec.root_years, &root_key)?;
    root_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let root_cert = root_params
        .self_signed(&root_kp)
        .map_err(|e| CaError::crypto("signing the root certificate", e))?;

    let issuing_key = PrivateKey::generate(spec.alg)?;
    let issuing_pub = issuing_key.key_pair()?;
    let mut p = ca_params(
        &spec.issuing_cn,
        &spec.issuing_org,
        now,
        spec.issuing_years.min(spec.root_years),
        &issuing_key,
    )?;
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.use_authority_key_identifier_extension = true;
    if let Some(crl) = &spec.root_urls.crl {
        p.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![crl.clone()],
        }];
    }
    if let Some(url) = &spec.root_urls.ca_issuers {
        p.custom_extensions.push(aia_extension(&[(AD_CA_ISSUERS, url)]));
    }
    let root_issuer = rcgen::Issuer::from_params(&root_params, &root_kp);
    let issuing_cert = p
        .signed_by(&issuing_pub, &root_issuer)
        .map_err(|e| CaError::crypto("signing the issuing CA certificate", e))?;

    Ok(CaHierarchy {
        root: CaCert {
            cert_der: root_cert.der().to_vec(),
            key_pkcs8: root_key.to_pkcs8(),
        },
        issuing: CaCert {
            cert_der: issuing_cert.der().to_vec(),
            key_pkcs8: issuing_key.to_pkcs8(),
        },
    })
}

/// Imports an existing issuing CA: certificate (PEM or DER; the first
/// certificate of a PEM chain) and private key (any format
/// [`load_private_key`] reads). Checks the certificate is a CA that may sign
/// certificates and CRLs, and that the key is its key. `cert_what` and
/// `key_what` name the inputs (the files) in errors.
pub fn import_issuing_ca(
    cert_what: &str,
    cert_bytes: &[u8],
    key_what: &str,
    key_bytes: &[u8],
    key_passphrase: Option<&str>,
) -> Result<CaCert> {
    let cert_der = super::inspect::first_certificate_der(cert_what, cert_bytes)?;
    let key = load_private_key(key_what, key_bytes, key_passphrase)?;
    Issuer::check(cert_what, &cert_der, key_what, key.pkcs8_der())?;
    Ok(CaCert {
        cert_der,
        key_pkcs8: key.to_pkcs8(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{inspect, signed_by};
    use chrono::TimeZone;

    fn ext<'a>(i: &'a crate::ca::Inspection, name: &str) -> &'a crate::ca::ExtensionInfo {
        i.extensions
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name}: {:?}", i.extensions))
    }

    #[test]
    fn hierarchy_has_the_demo_names_constraints_and_lifetimes() {
        let now = Utc.with_ymd_and_hms(2026, 1, 15, 3, 0, 0).unwrap();
        let h = create_hierarchy(&HierarchySpec::default(), now).unwrap();
        let root = inspect("root", &h.root.cert_der, None).unwrap();
        let issuing = inspect("issuing", &h.issuing.cert_der, None).unwrap();
        assert_eq!(
            root.subject.as_deref(),
            Some("C=ID, O=Demo Kementerian Komunikasi dan Informatika, CN=Root CA Indonesia Demo G1")
        );
        assert_eq!(root.subject, root.issuer);
        assert_eq!(
            issuing.subject.as_deref(),
            Some("C=ID, O=Demo Badan Siber dan Sandi Negara, CN=Demo CA DS G1")
        );
        assert_eq!(issuing.issuer, root.subject);
        assert!(signed_by(&h.root.cert_der, &h.root.cert_der));
        assert!(signed_by(&h.issuing.cert_der, &h.root.cert_der));

        let bc = ext(&root, "basicConstraints");
        assert!(bc.critical && bc.value == "CA", "{bc:?}");
        let ku = ext(&root, "keyUsage");
        assert!(ku.critical && ku.value == "keyCertSign, cRLSign", "{ku:?}");
        assert_eq!(ext(&issuing, "basicConstraints").value, "CA, pathLen 0");
        assert_eq!(
            ext(&issuing, "authorityKeyIdentifier").value,
            ext(&root, "subjectKeyIdentifier").value
        );
        assert!(
            issuing.extensions.iter().all(|e| e.name != "crlDistributionPoints"),
            "no root CRL URL was given"
        );

        assert_eq!(root.not_before, Some(now));
        assert_eq!(
            root.not_after,
            Some(Utc.with_ymd_and_hms(2046, 1, 15, 2, 59, 59).unwrap())
        );
        assert_eq!(
            issuing.not_after,
            Some(Utc.with_ymd_and_hms(2036, 1, 15, 2, 59, 59).unwrap())
        );
        assert_eq!(root.key, Some(KeyAlg::EcdsaP256.info()));
        assert!(root.serial.as_ref().is_some_and(|s| s.len() == 32));
    }

    #[test]
    fn every_key_algorithm_builds_a_working_hierarchy() {
        for alg in [KeyAlg::EcdsaP384, KeyAlg::Ed25519, KeyAlg::Rsa3072] {
            let h = create_hierarchy(
                &HierarchySpec {
                    alg,
                    ..HierarchySpec::default()
                },
                Utc::now(),
            )
            .unwrap();
            let issuer = Issuer::from_ca(&h.issuing).unwrap();
            assert_eq!(issuer.key_info(), alg.info());
            assert!(signed_by(&h.issuing.cert_der, &h.root.cert_der), "{alg}");
        }
    }

    #[test]
    fn import_accepts_pem_and_der_with_encrypted_keys() {
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now()).unwrap();
        let enc = crate::ca::encrypt_pkcs8(&h.issuing.key_pkcs8, "Rahasia-Negara-1").unwrap();
        let pem = crate::ca::pem_encode("CERTIFICATE", &h.issuing.cert_der)
            + crate::ca::pem_encode("CERTIFICATE", &h.root.cert_der).as_str();
        let ca = import_issuing_ca("chain.pem", pem.as_bytes(), "ca.key", &enc, Some("Rahasia-Negara-1")).unwrap();
        assert_eq!(ca.cert_der, h.issuing.cert_der);
        assert_eq!(ca.key_pkcs8, h.issuing.key_pkcs8);
        let ca = import_issuing_ca("ca.der", &h.issuing.cert_der, "ca.key", &h.issuing.key_pkcs8, None).unwrap();
        assert_eq!(ca.cert_der, h.issuing.cert_der);
        let err = import_issuing_ca("ca.der", b"nonsense", "ca.key", &h.issuing.key_pkcs8, None).unwrap_err();
        assert!(err.to_string().starts_with("ca.der: not an X.509 certificate"), "{err}");
    }
}
