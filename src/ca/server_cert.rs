//! TLS server certificates for ratu's own applicant page: a profile with
//! `subject = "server"` (`tls-server`), the subject CN the first name,
//! and every name as a dNSName or iPAddress alternative name.

use super::alg::PublicKey;
use super::issue::Issuer;
use super::names::{MAX_NAME_CHARS, ca_dn};
use super::profile::{CaUrls, Profile, ProfileSubject};
use super::serial::Serial;
use super::{CaError, Result};
use chrono::{DateTime, Utc};
use rcgen::SanType;
use std::net::IpAddr;

/// One name a server answers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServerName {
    Dns(String),
    Ip(IpAddr),
}

impl std::fmt::Display for ServerName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Dns(d) => f.write_str(d),
            Self::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// A host name of letters, digits and hyphens in dot-separated labels of
/// at most 63 characters (lowercased), or an IP address.
fn parse_one(s: &str) -> Result<ServerName> {
    let s = s.trim().trim_end_matches('.');
    if let Ok(ip) = s.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        return Ok(ServerName::Ip(ip));
    }
    let ok = !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !ok {
        return Err(CaError::invalid(
            "server name",
            format!("{s:?} is not a host name (letters, digits, hyphens, dots) nor an IP address"),
        ));
    }
    if !s.contains('.') {
        return Err(CaError::invalid(
            "server name",
            format!("{s:?} is a single label; use the fully qualified name applicants open, such as ra.example.go.id"),
        ));
    }
    Ok(ServerName::Dns(s.to_ascii_lowercase()))
}

/// The distinct names among `names`, in order; an error for one that is
/// no host name or IP address, or for none at all.
pub fn parse_server_names(names: &[String]) -> Result<Vec<ServerName>> {
    let mut out: Vec<ServerName> = Vec::new();
    for n in names {
        let n = parse_one(n)?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    if out.is_empty() {
        return Err(CaError::invalid("server name", "none given"));
    }
    Ok(out)
}

/// The dNSName and iPAddress alternative names of a certificate (DER).
pub fn server_names_of(der: &[u8]) -> Result<Vec<ServerName>> {
    use x509_parser::extensions::GeneralName;
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|_| CaError::Unrecognized("server certificate: not an X.509 certificate".into()))?;
    let Ok(Some(san)) = cert.subject_alternative_name() else {
        return Ok(Vec::new());
    };
    Ok(san
        .value
        .general_names
        .iter()
        .filter_map(|g| match g {
            GeneralName::DNSName(d) => Some(ServerName::Dns(d.to_ascii_lowercase())),
            GeneralName::IPAddress(b) => match b.len() {
                4 => <[u8; 4]>::try_from(*b).ok().map(|a| ServerName::Ip(IpAddr::from(a))),
                16 => <[u8; 16]>::try_from(*b).ok().map(|a| ServerName::Ip(IpAddr::from(a))),
                _ => None,
            },
            _ => None,
        })
        .collect())
}

/// A server certificate chain and its key as kept on disk, read back.
pub struct ServerIdentity {
    /// The first certificate of the chain (DER).
    pub leaf_der: Vec<u8>,
    /// The whole chain, the server's certificate first (DER).
    pub chain_der: Vec<Vec<u8>>,
    /// The key, PKCS#8 DER.
    pub key_der: zeroize::Zeroizing<Vec<u8>>,
    pub names: Vec<ServerName>,
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

/// Reads a chain (PEM, the server's certificate first) and its PKCS#8 key
/// (PEM); an error unless the key is the certificate's.
pub fn read_server_identity(chain_pem: &str, key_pem: &str) -> Result<ServerIdentity> {
    let chain_der: Vec<Vec<u8>> = super::pem::parse_pem(chain_pem.as_bytes())
        .map_err(|e| CaError::invalid("server certificate", e))?
        .into_iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| b.contents)
        .collect();
    let leaf_der = chain_der
        .first()
        .cloned()
        .ok_or_else(|| CaError::invalid("server certificate", "no CERTIFICATE block"))?;
    let key = super::load_private_key("server key", key_pem.as_bytes(), None)?;
    let (_, cert) = x509_parser::parse_x509_certificate(&leaf_der)
        .map_err(|_| CaError::Unrecognized("server certificate: not an X.509 certificate".into()))?;
    if cert.public_key().raw != key.public_key()?.spki_der.as_slice() {
        return Err(CaError::invalid("server key", "is not the certificate's key"));
    }
    let serial = super::inspect("server certificate", &leaf_der, None)?
        .serial
        .unwrap_or_default();
    let (not_before, not_after) = (
        super::time::from_asn1(&cert.validity().not_before),
        super::time::from_asn1(&cert.validity().not_after),
    );
    let names = server_names_of(&leaf_der)?;
    Ok(ServerIdentity {
        leaf_der,
        chain_der,
        key_der: key.to_pkcs8(),
        names,
        serial,
        not_before,
        not_after,
    })
}

impl Issuer {
    /// Issues a TLS server certificate for `names` (the first is the CN)
    /// under a server profile: the profile's key usages, extended key
    /// usages and validity; CRL DP and AIA as every certificate; subject
    /// C=ID, O=the CA's organisation, CN=the first name.
    pub fn issue_server(
        &self,
        profile: &Profile,
        names: &[ServerName],
        public_key: &PublicKey,
        serial: Serial,
        not_before: DateTime<Utc>,
        urls: &CaUrls,
    ) -> Result<Vec<u8>> {
        profile.expect_subject(ProfileSubject::Server)?;
        let first = names
            .first()
            .ok_or_else(|| CaError::invalid("server name", "none given"))?;
        let mut p = self.end_entity_params(profile, public_key, serial, not_before, urls)?;
        let (_, ca) = x509_parser::parse_x509_certificate(self.cert_der())
            .map_err(|e| CaError::crypto("reading the issuing CA certificate", e))?;
        let org = ca
            .subject()
            .iter_organization()
            .next()
            .and_then(|a| a.as_str().ok())
            .unwrap_or("ratu")
            .to_string();
        let cn = first.to_string();
        if cn.chars().count() > MAX_NAME_CHARS {
            return Err(CaError::invalid(
                "server name",
                format!("{cn:?} is longer than {MAX_NAME_CHARS} characters; it cannot be the common name"),
            ));
        }
        p.distinguished_name = ca_dn(&cn, &org)?;
        p.subject_alt_names = names
            .iter()
            .map(|n| match n {
                ServerName::Dns(d) => d
                    .clone()
                    .try_into()
                    .map(SanType::DnsName)
                    .map_err(|_| CaError::invalid("server name", format!("{d:?} is not an IA5 string"))),
                ServerName::Ip(ip) => Ok(SanType::IpAddress(*ip)),
            })
            .collect::<Result<_>>()?;
        self.sign_end_entity(&p, public_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{HierarchySpec, KeyAlg, PrivateKey, Profiles, SubjectInfo, create_hierarchy, inspect};
    use chrono::Duration;

    #[test]
    fn names_are_host_names_or_addresses_and_nothing_else() {
        let ok = parse_server_names(&["RA.Example.go.id.".into(), "127.0.0.1".into(), "[::1]".into()]).unwrap();
        assert_eq!(
            ok,
            [
                ServerName::Dns("ra.example.go.id".into()),
                ServerName::Ip("127.0.0.1".parse().unwrap()),
                ServerName::Ip("::1".parse().unwrap())
            ]
        );
        for bad in [
            "",
            "localhost",
            "a..b",
            "-a.id",
            "a_b.id",
            "x\u{1b}[31m.id",
            "ra.id/evil",
            "*.id",
        ] {
            assert!(parse_server_names(&[bad.into()]).is_err(), "{bad:?}");
        }
        assert!(parse_server_names(&[]).is_err());
    }

    #[test]
    fn a_server_certificate_names_its_hosts_and_serves_tls_only() {
        let h = create_hierarchy(&HierarchySpec::default(), Utc::now() - Duration::hours(1)).unwrap();
        let issuer = Issuer::from_ca(&h.issuing).unwrap();
        let profiles = Profiles::builtin();
        let key = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
        let names = parse_server_names(&["ra.example.go.id".into(), "127.0.0.1".into()]).unwrap();
        let issue = |profile: &str| {
            issuer.issue_server(
                profiles.get(profile).unwrap(),
                &names,
                &key.public_key().unwrap(),
                Serial::random(),
                Utc::now(),
                &CaUrls::default(),
            )
        };
        let der = issue("tls-server").unwrap();
        let info = inspect("server", &der, None).unwrap();
        assert!(info.subject.unwrap().contains("CN=ra.example.go.id"));
        let (_, cert) = x509_parser::parse_x509_certificate(&der).unwrap();
        assert_eq!(server_names_of(&der).unwrap(), names);
        let eku = cert.extended_key_usage().unwrap().unwrap().value;
        assert!(eku.server_auth && !eku.email_protection);
        // A person's profile cannot name a server, nor the server profile a person.
        let err = issue("signing").unwrap_err();
        assert!(err.to_string().contains("tls-server"), "{err}");
        let subject = SubjectInfo {
            name: "Budi".into(),
            agency: "Dinas".into(),
            unit: None,
            email: "budi@example.go.id".into(),
        };
        let err = issuer
            .issue(&crate::ca::IssueRequest {
                subject: &subject,
                public_key: &key.public_key().unwrap(),
                profile: profiles.get("tls-server").unwrap(),
                serial: Serial::random(),
                not_before: Utc::now(),
                urls: &CaUrls::default(),
            })
            .unwrap_err();
        assert!(err.to_string().contains("servers"), "{err}");
    }
}
