//! Issuing end-entity certificates with an [`Issuer`] built once and reused.

use super::alg::{KeyInfo, KeyKind, PublicKey};
use super::der;
use super::ext::{AD_CA_ISSUERS, AD_OCSP, aia_extension, key_id};
use super::hierarchy::CaCert;
use super::key::key_pair_from_pkcs8;
use super::names::SubjectInfo;
use super::profile::{CaUrls, Profile, ProfileSubject};
use super::serial::Serial;
use super::time::{from_asn1, set_validity};
use super::{CaError, Result};
use chrono::{DateTime, Utc};
use rcgen::{CertificateParams, CrlDistributionPoint, CustomExtension, IsCa, KeyPair, PublicKeyData};
use x509_parser::extensions::ParsedExtension;

/// Everything one end-entity certificate needs. The subject comes from the
/// case; the public key from a verified CSR ([`super::Csr::public_key`]) or
/// from a key generated for the applicant ([`super::PrivateKey::public_key`]).
#[derive(Debug, Clone)]
pub struct IssueRequest<'a> {
    pub subject: &'a SubjectInfo,
    pub public_key: &'a PublicKey,
    pub profile: &'a Profile,
    /// Reserved by the caller before signing (intent-first).
    pub serial: Serial,
    /// not_after = not_before + the profile's validity.
    pub not_before: DateTime<Utc>,
    pub urls: &'a CaUrls,
}

/// The issuing CA, ready to sign: certificate, decrypted key (inside rcgen's
/// key pair) and everything derived from them, computed once.
pub struct Issuer {
    cert_der: Vec<u8>,
    rc: rcgen::Issuer<'static, KeyPair>,
    key_info: KeyInfo,
    subject_raw: Vec<u8>,
    ski: Vec<u8>,
    sig_alg_der: Vec<u8>,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("key", &self.key_info)
            .field("ski", &hex::encode(&self.ski))
            .finish()
    }
}

impl Issuer {
    /// Builds an issuer from the CA certificate (DER) and its PKCS#8 key.
    /// Checks that the certificate is a CA allowed to sign certificates and
    /// CRLs and that the key is its key.
    pub fn new(cert_der: &[u8], key_pkcs8: &[u8]) -> Result<Self> {
        Self::check("issuing CA certificate", cert_der, "issuing CA key", key_pkcs8)
    }

    /// [`Issuer::new`] from a [`CaCert`].
    pub fn from_ca(ca: &CaCert) -> Result<Self> {
        Self::new(&ca.cert_der, &ca.key_pkcs8)
    }

    /// Opens the CA at startup from its files' contents: the certificate
    /// (PEM or DER) and the key (encrypted PKCS#8 as stored by ratu, or any
    /// format [`super::load_private_key`] reads). `cert_what` / `key_what`
    /// name the files in errors. The decrypted key lives only in zeroizing
    /// buffers and inside the returned issuer.
    pub fn open(
        cert_what: &str,
        cert_bytes: &[u8],
        key_what: &str,
        key_bytes: &[u8],
        passphrase: Option<&str>,
    ) -> Result<Self> {
        let ca = super::import_issuing_ca(cert_what, cert_bytes, key_what, key_bytes, passphrase)?;
        Self::check(cert_what, &ca.cert_der, key_what, &ca.key_pkcs8)
    }

    pub(crate) fn check(cert_what: &str, cert_der: &[u8], key_what: &str, key_pkcs8: &[u8]) -> Result<Self> {
        let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
            .map_err(|_| CaError::Unrecognized(format!("{cert_what}: not an X.509 certificate (PEM or DER)")))?;
        let not_ca = |why: &str| CaError::invalid(cert_what, format!("{why}; give the issuing CA's certificate"));
        match cert.basic_constraints() {
            Ok(Some(bc)) if bc.value.ca => {}
            _ => return Err(not_ca("is not a CA certificate (basicConstraints cA is not set)")),
        }
        if let Ok(Some(ku)) = cert.key_usage()
            && !(ku.value.key_cert_sign() && ku.value.crl_sign())
        {
            return Err(not_ca(
                "may not sign certificates and CRLs (keyUsage lacks keyCertSign or cRLSign)",
            ));
        }
        let ski = cert
            .iter_extensions()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
                _ => None,
            })
            .ok_or_else(|| not_ca("has no subjectKeyIdentifier (RFC 5280 requires one in CA certificates)"))?;
        let kp = key_pair_from_pkcs8(key_what, key_pkcs8)?;
        if kp.der_bytes() != cert.public_key().subject_public_key.data.as_ref() {
            return Err(CaError::KeyMismatch {
                key: key_what.into(),
                cert: cert_what.into(),
            });
        }
        let key_info = KeyInfo::from_parsed_spki(cert_what, cert.public_key())?;
        let subject_raw = cert.subject().as_raw().to_vec();
        let not_before = from_asn1(&cert.validity().not_before);
        let not_after = from_asn1(&cert.validity().not_after);
        let probe_key = kp.subject_public_key_info();
        let rc = rcgen::Issuer::from_ca_cert_der(&cert_der.into(), kp).map_err(|_| {
            CaError::invalid(
                cert_what,
                "its subject name uses a form ratu cannot reproduce (multi-valued RDN or unusual string type)",
            )
        })?;

        // Probe: sign a throwaway certificate and check that rcgen writes
        // the CA's subject byte for byte as the issuer; keep its signature
        // AlgorithmIdentifier for CRLs.
        let mut params = CertificateParams::default();
        params.serial_number = Some(vec![1u8].into());
        let probe_pub = rcgen::SubjectPublicKeyInfo::from_der(&probe_key)
            .map_err(|e| CaError::crypto("reading the CA public key", e))?;
        let probe = params
            .signed_by(&probe_pub, &rc)
            .map_err(|e| CaError::crypto("test-signing with the CA key", e))?;
        let (_, parsed) = x509_parser::parse_x509_certificate(probe.der())
            .map_err(|e| CaError::crypto("reading the test certificate", e))?;
        if parsed.issuer().as_raw() != subject_raw.as_slice() {
            return Err(CaError::invalid(
                cert_what,
                "its subject name cannot be reproduced byte for byte (repeated attribute types?); re-issue the CA certificate with a plain C/O/CN name",
            ));
        }
        let sig_alg_der = der::read_sequence(probe.der())
            .and_then(|p| p.get(1).map(|t| t.raw.to_vec()))
            .ok_or_else(|| CaError::crypto("reading the test certificate", "no signature algorithm"))?;

        Ok(Self {
            cert_der: cert_der.to_vec(),
            rc,
            key_info,
            subject_raw,
            ski,
            sig_alg_der,
            not_before,
            not_after,
        })
    }

    /// The CA certificate (DER).
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// The CA key type.
    pub fn key_info(&self) -> KeyInfo {
        self.key_info
    }

    /// The CA's validity window.
    pub fn validity(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.not_before, self.not_after)
    }

    pub(crate) fn subject_raw(&self) -> &[u8] {
        &self.subject_raw
    }
    pub(crate) fn ski(&self) -> &[u8] {
        &self.ski
    }
    pub(crate) fn sig_alg_der(&self) -> &[u8] {
        &self.sig_alg_der
    }
    pub(crate) fn rc(&self) -> &rcgen::Issuer<'static, KeyPair> {
        &self.rc
    }
    pub(crate) fn sign(&self, msg: &[u8]) -> Result<Vec<u8>> {
        rcgen::SigningKey::sign(self.rc.key(), msg).map_err(|e| CaError::crypto("signing", e))
    }

    /// Issues one end-entity certificate and returns it as DER.
    ///
    /// Subject C=ID, O=agency, OU=unit, CN=name (64-character rule applied);
    /// rfc822Name SAN = e-mail; keyUsage (critical) and EKU from the profile;
    /// AKI = the CA's SKI; SKI (RFC 7093 method 1); CRL DP and AIA caIssuers
    /// and AIA OCSP from `urls`. The signature algorithm follows the CA key (P-256 →
    /// ecdsa-with-SHA256, P-384 → ecdsa-with-SHA384, RSA →
    /// sha256WithRSAEncryption, Ed25519 → Ed25519).
    pub fn issue(&self, req: &IssueRequest<'_>) -> Result<Vec<u8>> {
        req.profile.expect_subject(ProfileSubject::Person)?;
        let mut p = self.end_entity_params(req.profile, req.public_key, req.serial, req.not_before, req.urls)?;
        p.distinguished_name = req.subject.distinguished_name()?;
        p.subject_alt_names = vec![req.subject.rfc822_name()?];
        self.sign_end_entity(&p, req.public_key)
    }

    /// What every end-entity certificate carries, whoever it names: the
    /// profile's key usages and validity (inside the CA's own), the
    /// serial, AKI and SKI, the CRL distribution point and the AIA.
    pub(crate) fn end_entity_params(
        &self,
        profile: &Profile,
        public_key: &PublicKey,
        serial: Serial,
        not_before: DateTime<Utc>,
        urls: &CaUrls,
    ) -> Result<CertificateParams> {
        urls.checked()?;
        let info = public_key.info;
        if info.kind == KeyKind::Rsa && info.bits < super::csr::MIN_RSA_BITS {
            return Err(CaError::WeakKey {
                what: "subject key".into(),
                problem: format!("RSA key of {} bits is too small; use 2048 bits or more", info.bits),
            });
        }
        let not_after = profile.not_after(not_before)?;
        if not_before < self.not_before || not_after > self.not_after {
            return Err(CaError::invalid(
                format!("profile {}", profile.name),
                format!(
                    "a certificate valid {} to {} would fall outside the issuing CA's validity ({} to {}); renew the CA",
                    not_before, not_after, self.not_before, self.not_after
                ),
            ));
        }
        let mut p = CertificateParams::default();
        p.key_usages = profile.key_usages_for(info.kind)?;
        p.extended_key_usages = profile.extended_key_usages()?;
        p.serial_number = Some(serial.as_bytes().to_vec().into());
        p.is_ca = IsCa::NoCa;
        p.use_authority_key_identifier_extension = true;
        set_validity(&mut p, &not_before, &not_after)?;
        if let Some(crl) = &urls.crl {
            p.crl_distribution_points = vec![CrlDistributionPoint {
                uris: vec![crl.clone()],
            }];
        }
        p.custom_extensions.push(CustomExtension::from_oid_content(
            &[2, 5, 29, 14],
            der::tlv(der::OCTET_STRING, &key_id(&public_key.spki_der)?),
        ));
        let access: Vec<(u64, &str)> = [(AD_OCSP, &urls.ocsp), (AD_CA_ISSUERS, &urls.ca_issuers)]
            .into_iter()
            .filter_map(|(m, u)| u.as_deref().map(|u| (m, u)))
            .collect();
        if !access.is_empty() {
            p.custom_extensions.push(aia_extension(&access));
        }
        Ok(p)
    }

    /// Signs `p` for `public_key`: the certificate's DER.
    pub(crate) fn sign_end_entity(&self, p: &CertificateParams, public_key: &PublicKey) -> Result<Vec<u8>> {
        let pk = rcgen::SubjectPublicKeyInfo::from_der(&public_key.spki_der).map_err(|_| CaError::WeakKey {
            what: "subject key".into(),
            problem: format!(
                "{} keys cannot be certified by this CA; use RSA, ECDSA P-256/P-384 or Ed25519",
                public_key.info
            ),
        })?;
        let cert = p
            .signed_by(&pk, &self.rc)
            .map_err(|e| CaError::crypto("signing the certificate", e))?;
        Ok(cert.der().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{HierarchySpec, KeyAlg, PrivateKey, Profiles, create_hierarchy, inspect};
    use chrono::Duration;

    fn setup(alg: KeyAlg) -> Issuer {
        let h = create_hierarchy(
            &HierarchySpec {
                alg,
                ..HierarchySpec::default()
            },
            Utc::now() - Duration::hours(1),
        )
        .unwrap();
        Issuer::from_ca(&h.issuing).unwrap()
    }

    fn subject(name: &str) -> SubjectInfo {
        SubjectInfo {
            name: name.into(),
            agency: "Dinas Kominfo".into(),
            unit: None,
            email: "a@dinas.go.id".into(),
        }
    }

    fn issue(issuer: &Issuer, key: &PrivateKey, profile: &str, name: &str) -> Result<Vec<u8>> {
        let profiles = Profiles::builtin();
        issuer.issue(&IssueRequest {
            subject: &subject(name),
            public_key: &key.public_key()?,
            profile: profiles.get(profile)?,
            serial: Serial::random(),
            not_before: Utc::now(),
            urls: &CaUrls::default(),
        })
    }

    #[test]
    fn issuer_opens_from_encrypted_key_files() {
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now()).unwrap();
        let key = crate::ca::encrypt_pkcs8(&h.issuing.key_pkcs8, "Rahasia-Negara-1").unwrap();
        let cert = crate::ca::pem_encode("CERTIFICATE", &h.issuing.cert_der);
        let issuer = Issuer::open("ca.pem", cert.as_bytes(), "ca.key", &key, Some("Rahasia-Negara-1")).unwrap();
        assert_eq!(issuer.cert_der(), h.issuing.cert_der.as_slice());
        let err = Issuer::open("ca.pem", cert.as_bytes(), "ca.key", &key, Some("nope")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ca.key: wrong passphrase; check it (and the keyboard layout) and try again"
        );
    }

    #[test]
    fn signature_algorithm_follows_the_ca_key() {
        let key = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
        for (alg, sig) in [(KeyAlg::EcdsaP384, "ecdsa-with-SHA384"), (KeyAlg::Ed25519, "ED25519")] {
            let cert = issue(&setup(alg), &key, "signing", "Budi").unwrap();
            let i = inspect("c", &cert, None).unwrap();
            assert!(
                i.signature_algorithm
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(sig)),
                "{alg}: {i:?}"
            );
        }
    }

    #[test]
    fn long_unicode_names_are_shortened_in_the_certificate() {
        let issuer = setup(KeyAlg::EcdsaP256);
        let key = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
        let long = "Dr. I Gusti Ngurah Agung Putra Wirawan Sukarsa Ñoño, S.Kom., M.T., M.Kom., Ph.D.";
        let cert = issue(&issuer, &key, "signing", long).unwrap();
        let i = inspect("c", &cert, None).unwrap();
        assert!(
            i.subject
                .unwrap()
                .ends_with("CN=Dr. I Gusti Ngurah Agung Putra Wirawan Sukarsa Ñoño")
        );
        let cert = issue(&issuer, &key, "signing", "Ma'ruf Nur'aini").unwrap();
        assert!(
            inspect("c", &cert, None)
                .unwrap()
                .subject
                .unwrap()
                .contains("CN=Ma'ruf Nur'aini")
        );
    }

    #[test]
    fn profiles_refuse_keys_they_cannot_use_and_validity_must_fit_the_ca() {
        let issuer = setup(KeyAlg::EcdsaP256);
        let ed = PrivateKey::generate(KeyAlg::Ed25519).unwrap();
        let err = issue(&issuer, &ed, "encryption", "Budi").unwrap_err();
        assert!(matches!(err, CaError::WeakKey { .. }), "{err}");
        let key = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
        let profiles = Profiles::builtin();
        let err = issuer
            .issue(&IssueRequest {
                subject: &subject("Budi"),
                public_key: &key.public_key().unwrap(),
                profile: profiles.get("signing").unwrap(),
                serial: Serial::random(),
                not_before: Utc::now() + Duration::days(365 * 9),
                urls: &CaUrls::default(),
            })
            .unwrap_err();
        assert!(err.to_string().contains("renew the CA"), "{err}");
    }
}
