//! Certificates the issuing CA gives ratu itself for signing: the OCSP
//! responder's and the archive's. Each holds a fresh key of the CA's own
//! type (so what it signs carries the CA's signature algorithm), generated
//! in memory and never written anywhere, and a certificate valid from now
//! until the time asked for, cut at the CA's own end. One signer for both.

use super::alg::KeyAlg;
use super::ext::key_id;
use super::issue::Issuer;
use super::key::PrivateKey;
use super::names::ca_dn;
use super::profile::{Profile, ProfileSubject};
use super::serial::Serial;
use super::time::set_validity;
use super::{CaError, Result};
use chrono::{DateTime, Utc};
use der::Decode;
use rcgen::{CertificateParams, IsCa, KeyIdMethod, KeyPair};
use x509_cert::Certificate;
use x509_cert::spki::AlgorithmIdentifierOwned;

/// A delegated signer: its certificate (from the issuing CA) and its key.
pub struct Delegate {
    cert_der: Vec<u8>,
    cert: Certificate,
    key: KeyPair,
    sig_alg: AlgorithmIdentifierOwned,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
}

impl std::fmt::Debug for Delegate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delegate")
            .field("not_after", &self.not_after)
            .finish_non_exhaustive()
    }
}

impl Issuer {
    /// Issues a delegated signer's certificate: subject `CN=<CA's CN>
    /// <role>, O=<CA's O>`, valid from `now` to `until` (cut at the CA's
    /// end), not a CA, AKI and SKI; `usages` adds the key usages and
    /// extensions of its purpose.
    pub(crate) fn issue_delegate(
        &self,
        role: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        usages: impl FnOnce(&mut CertificateParams) -> Result<()>,
    ) -> Result<Delegate> {
        let alg = self.key_info().alg().unwrap_or(KeyAlg::Rsa2048);
        let key = PrivateKey::generate(alg)?;
        let public = key.public_key()?;
        let (_, ca) = x509_parser::parse_x509_certificate(self.cert_der())
            .map_err(|e| CaError::crypto("reading the issuing CA certificate", e))?;
        let field = |it: Option<&str>| it.unwrap_or("ratu").to_string();
        let cn = field(ca.subject().iter_common_name().next().and_then(|a| a.as_str().ok()));
        let org = field(ca.subject().iter_organization().next().and_then(|a| a.as_str().ok()));
        let mut p = CertificateParams::default();
        p.distinguished_name = ca_dn(&format!("{cn} {role}"), &org)?;
        let not_after = until.min(self.validity().1);
        if not_after <= now {
            return Err(CaError::invalid(
                format!("{role} certificate"),
                "the issuing CA expires now; renew the CA",
            ));
        }
        set_validity(&mut p, &now, &not_after)?;
        p.serial_number = Some(Serial::random().as_bytes().to_vec().into());
        p.is_ca = IsCa::ExplicitNoCa;
        p.use_authority_key_identifier_extension = true;
        p.key_identifier_method = KeyIdMethod::PreSpecified(key_id(&public.spki_der)?);
        usages(&mut p)?;
        let kp = key.key_pair()?;
        let spki = rcgen::SubjectPublicKeyInfo::from_der(&public.spki_der)
            .map_err(|e| CaError::crypto(format!("reading the {role} key"), e))?;
        let cert = p
            .signed_by(&spki, self.rc())
            .map_err(|e| CaError::crypto(format!("signing the {role} certificate"), e))?;
        let cert_der = cert.der().to_vec();
        let parsed = Certificate::from_der(&cert_der)
            .map_err(|e| CaError::crypto(format!("reading the {role} certificate"), e))?;
        let sig_alg = AlgorithmIdentifierOwned::from_der(self.sig_alg_der())
            .map_err(|e| CaError::crypto("reading the signature algorithm", e))?;
        Ok(Delegate {
            cert_der,
            cert: parsed,
            key: kp,
            sig_alg,
            not_before: now,
            not_after,
        })
    }
}

impl Issuer {
    /// Issues the archive's signer under a profile for the RA itself
    /// (`subject = "ra"`, such as `archive-signing`): its key usages,
    /// extended key usages and validity from `now`.
    pub fn issue_archive_signer(&self, profile: &Profile, now: DateTime<Utc>) -> Result<Delegate> {
        profile.expect_subject(ProfileSubject::Ra)?;
        let kind = self.key_info().kind;
        let key_usages = profile.key_usages_for(kind)?;
        let ekus = profile.extended_key_usages()?;
        self.issue_delegate("Archive Signer", now, profile.not_after(now)?, |p| {
            p.key_usages = key_usages;
            p.extended_key_usages = ekus;
            Ok(())
        })
    }
}

impl Delegate {
    /// Its certificate (DER).
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// Its certificate, decoded.
    pub fn cert(&self) -> &Certificate {
        &self.cert
    }

    /// The algorithm of its signatures (the issuing CA's).
    pub fn sig_alg(&self) -> &AlgorithmIdentifierOwned {
        &self.sig_alg
    }

    /// Its validity window.
    pub fn validity(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.not_before, self.not_after)
    }

    /// Signs `msg` with its key.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>> {
        rcgen::SigningKey::sign(&self.key, msg).map_err(|e| CaError::crypto("signing", e))
    }
}
