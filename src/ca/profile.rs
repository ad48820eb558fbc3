//! Certificate profiles as data. The defaults are `assets/profiles.toml`
//! (compiled in); a site may load its own file instead with [`Profiles::load`].

use super::alg::KeyKind;
use super::{CaError, Result};
use chrono::{DateTime, Duration, Months, Utc};
use rcgen::{ExtendedKeyUsagePurpose, KeyUsagePurpose};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const DEFAULT_PROFILES: &str = include_str!("../../assets/profiles.toml");

/// Where relying parties find the CRL, the issuing CA certificate and the
/// OCSP responder. Each goes into issued certificates when set (CRL
/// distribution point, AIA caIssuers, AIA OCSP). URLs must be `http://` (RFC 5280 recommends plain HTTP) or
/// `ldap://`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaUrls {
    pub crl: Option<String>,
    pub ca_issuers: Option<String>,
    /// The OCSP responder (AIA id-ad-ocsp).
    #[serde(default)]
    pub ocsp: Option<String>,
}

impl CaUrls {
    pub(crate) fn checked(&self) -> Result<()> {
        for (field, url) in [
            ("CRL URL", &self.crl),
            ("caIssuers URL", &self.ca_issuers),
            ("OCSP URL", &self.ocsp),
        ] {
            if let Some(u) = url {
                let ok = u.is_ascii()
                    && !u.chars().any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
                    && (u.starts_with("http://") || u.starts_with("https://") || u.starts_with("ldap://"))
                    && u.split_once("://").is_some_and(|(_, rest)| !rest.is_empty());
                if !ok {
                    return Err(CaError::invalid(
                        field,
                        format!("{u:?} is not a plain ASCII http:// or ldap:// URL; fix it in the config"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// One end-entity profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Filled from the table name when loading.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub key_usage: Vec<String>,
    #[serde(default)]
    pub key_usage_ec: Option<Vec<String>>,
    #[serde(default)]
    pub key_usage_ed25519: Option<Vec<String>>,
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    pub validity_months: u32,
    #[serde(default)]
    pub validity_trim_seconds: u32,
    /// Whom certificates of this profile name: a person (the default; from
    /// a case) or a server (`tls-server`, for ratu's own applicant page).
    #[serde(default)]
    pub subject: ProfileSubject,
}

/// Whom a profile's certificates name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileSubject {
    /// A holder, from a case: the subject DN and an rfc822Name.
    #[default]
    Person,
    /// A host: CN and dNSName / iPAddress alternative names.
    Server,
    /// The RA itself (`archive-signing`): named after the issuing CA, for
    /// what ratu signs as the office.
    Ra,
}

/// `start` + `months` calendar months − `trim_seconds`; `None` on overflow.
/// With 24 months and 1 second: 2026-03-01 00:00:00 → 2028-02-29 23:59:59.
pub fn add_validity(start: DateTime<Utc>, months: u32, trim_seconds: u32) -> Option<DateTime<Utc>> {
    start
        .checked_add_months(Months::new(months))?
        .checked_sub_signed(Duration::seconds(trim_seconds.into()))
}

fn key_usage_of(name: &str) -> Option<KeyUsagePurpose> {
    Some(match name {
        "digitalSignature" => KeyUsagePurpose::DigitalSignature,
        "nonRepudiation" | "contentCommitment" => KeyUsagePurpose::ContentCommitment,
        "keyEncipherment" => KeyUsagePurpose::KeyEncipherment,
        "dataEncipherment" => KeyUsagePurpose::DataEncipherment,
        "keyAgreement" => KeyUsagePurpose::KeyAgreement,
        _ => return None,
    })
}

fn eku_of(name: &str) -> Option<ExtendedKeyUsagePurpose> {
    Some(match name {
        "emailProtection" => ExtendedKeyUsagePurpose::EmailProtection,
        "clientAuth" => ExtendedKeyUsagePurpose::ClientAuth,
        "serverAuth" => ExtendedKeyUsagePurpose::ServerAuth,
        "codeSigning" => ExtendedKeyUsagePurpose::CodeSigning,
        "timeStamping" => ExtendedKeyUsagePurpose::TimeStamping,
        dotted => {
            let arcs: Option<Vec<u64>> = dotted.split('.').map(|a| a.parse().ok()).collect();
            match arcs {
                Some(a) if a.len() >= 3 && a[0] <= 2 => ExtendedKeyUsagePurpose::Other(a),
                _ => return None,
            }
        }
    })
}

impl Profile {
    /// The keyUsage bits for a subject key of this kind; an error if the
    /// profile does not allow that kind of key.
    pub(crate) fn key_usages_for(&self, kind: KeyKind) -> Result<Vec<KeyUsagePurpose>> {
        let names = match kind {
            KeyKind::EcP256 | KeyKind::EcP384 => self.key_usage_ec.as_ref().unwrap_or(&self.key_usage),
            KeyKind::Ed25519 => self.key_usage_ed25519.as_ref().unwrap_or(&self.key_usage),
            KeyKind::Rsa => &self.key_usage,
        };
        if names.is_empty() {
            return Err(CaError::WeakKey {
                what: format!("profile {}", self.name),
                problem: format!("{kind:?} keys are not allowed for this profile; use an RSA or ECDSA key"),
            });
        }
        names
            .iter()
            .map(|n| key_usage_of(n).ok_or_else(|| self.bad(format!("unknown key usage {n:?}"))))
            .collect()
    }

    pub(crate) fn extended_key_usages(&self) -> Result<Vec<ExtendedKeyUsagePurpose>> {
        self.extended_key_usage
            .iter()
            .map(|n| eku_of(n).ok_or_else(|| self.bad(format!("unknown extended key usage {n:?}"))))
            .collect()
    }

    /// not_after for a certificate starting at `not_before`.
    pub fn not_after(&self, not_before: DateTime<Utc>) -> Result<DateTime<Utc>> {
        add_validity(not_before, self.validity_months, self.validity_trim_seconds)
            .filter(|na| *na > not_before)
            .ok_or_else(|| self.bad("validity is empty or out of range; set validity_months above 0"))
    }

    pub(crate) fn bad(&self, problem: impl Into<String>) -> CaError {
        CaError::invalid(format!("profile {}", self.name), problem.into())
    }

    /// Refuses a profile made for another kind of subject.
    pub fn expect_subject(&self, subject: ProfileSubject) -> Result<()> {
        if self.subject == subject {
            return Ok(());
        }
        Err(self.bad(match subject {
            ProfileSubject::Person => {
                "is for servers (subject = \"server\"); holders' certificates need a person profile such as signing"
            }
            ProfileSubject::Server => {
                "is for people; a server certificate needs a profile with subject = \"server\", such as tls-server"
            }
            ProfileSubject::Ra => {
                "is not for the RA itself; the archive's signature needs a profile with subject = \"ra\", such as archive-signing"
            }
        }))
    }

    fn validate(&self) -> Result<()> {
        for kind in [KeyKind::Rsa, KeyKind::EcP256] {
            self.key_usages_for(kind)?;
        }
        if let Some(ed) = &self.key_usage_ed25519 {
            for n in ed {
                key_usage_of(n).ok_or_else(|| self.bad(format!("unknown key usage {n:?}")))?;
            }
        }
        self.extended_key_usages()?;
        if self.validity_months == 0 || self.validity_months > 12 * 40 {
            return Err(self.bad("validity_months must be between 1 and 480"));
        }
        Ok(())
    }
}

/// A named set of profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profiles {
    map: BTreeMap<String, Profile>,
}

impl Profiles {
    /// The compiled-in defaults (`assets/profiles.toml`): `signing` and `encryption`.
    pub fn builtin() -> Self {
        Self::from_toml_str("assets/profiles.toml", DEFAULT_PROFILES).expect("built-in profiles are valid")
    }

    /// Parses profiles from TOML text; `source` names the file in errors.
    pub fn from_toml_str(source: &str, text: &str) -> Result<Self> {
        let mut map: BTreeMap<String, Profile> =
            toml::from_str(text).map_err(|e| CaError::invalid(source, e.message().replace('\n', " ")))?;
        if map.is_empty() {
            return Err(CaError::invalid(source, "defines no profile; add a [signing] table"));
        }
        for (name, p) in &mut map {
            p.name = name.clone();
            p.validate().map_err(|e| CaError::invalid(source, e.to_string()))?;
        }
        Ok(Self { map })
    }

    /// Loads from `path` if given, else the built-in defaults.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        match path {
            None => Ok(Self::builtin()),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| CaError::Io {
                    path: p.display().to_string(),
                    source: e,
                })?;
                Self::from_toml_str(&p.display().to_string(), &text)
            }
        }
    }

    /// The profile called `name`.
    pub fn get(&self, name: &str) -> Result<&Profile> {
        self.map.get(name).ok_or_else(|| {
            let names: Vec<_> = self.map.keys().map(String::as_str).collect();
            CaError::invalid(
                "profile",
                format!("no profile named {name:?}; use one of {}", names.join(", ")),
            )
        })
    }

    /// Profile names in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn builtin_profiles_are_signing_encryption_and_tls_server() {
        let p = Profiles::builtin();
        assert_eq!(
            p.names().collect::<Vec<_>>(),
            ["archive-signing", "encryption", "signing", "tls-server"]
        );
        let a = p.get("archive-signing").unwrap();
        assert_eq!(a.subject, ProfileSubject::Ra);
        assert_eq!(
            a.extended_key_usages().unwrap(),
            [ExtendedKeyUsagePurpose::Other(vec![1, 3, 6, 1, 5, 5, 7, 3, 36])]
        );
        let t = p.get("tls-server").unwrap();
        assert_eq!(t.subject, ProfileSubject::Server);
        assert!(t.expect_subject(ProfileSubject::Person).is_err());
        assert_eq!(
            t.key_usages_for(KeyKind::EcP256).unwrap(),
            [KeyUsagePurpose::DigitalSignature]
        );
        assert_eq!(t.extended_key_usages().unwrap(), [ExtendedKeyUsagePurpose::ServerAuth]);
        let s = p.get("signing").unwrap();
        assert_eq!(
            s.key_usages_for(KeyKind::Rsa).unwrap(),
            [KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment]
        );
        let e = p.get("encryption").unwrap();
        assert_eq!(
            e.key_usages_for(KeyKind::Rsa).unwrap(),
            [KeyUsagePurpose::KeyEncipherment]
        );
        assert_eq!(
            e.key_usages_for(KeyKind::EcP256).unwrap(),
            [KeyUsagePurpose::KeyAgreement]
        );
        assert!(e.key_usages_for(KeyKind::Ed25519).is_err());
        assert!(p.get("tls").unwrap_err().to_string().contains("encryption, signing"));
    }

    #[test]
    fn validity_is_two_calendar_years_minus_one_second() {
        let p = Profiles::builtin();
        let nb = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let na = p.get("signing").unwrap().not_after(nb).unwrap();
        assert_eq!(na, Utc.with_ymd_and_hms(2028, 2, 29, 23, 59, 59).unwrap());
        let nb = Utc.with_ymd_and_hms(2025, 7, 15, 8, 30, 0).unwrap();
        assert_eq!(
            p.get("signing").unwrap().not_after(nb).unwrap(),
            Utc.with_ymd_and_hms(2027, 7, 15, 8, 29, 59).unwrap()
        );
    }

    #[test]
    fn bad_profile_files_name_the_file_and_problem() {
        let err = Profiles::from_toml_str("site.toml", "[x]\nkey_usage=[\"fly\"]\nvalidity_months=12\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("site.toml") && msg.contains("fly"), "{msg}");
        let err = Profiles::from_toml_str("site.toml", "[x]\nkey_usage=[]\n").unwrap_err();
        assert!(err.to_string().contains("site.toml"));
        assert!(Profiles::from_toml_str("site.toml", "").is_err());
    }

    #[test]
    fn a_site_file_overrides_the_builtin_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.toml");
        std::fs::write(
            &path,
            "[signing]\nkey_usage = [\"digitalSignature\"]\nextended_key_usage = [\"1.3.6.1.4.1.311.10.3.12\"]\nvalidity_months = 12\n",
        )
        .unwrap();
        let p = Profiles::load(Some(&path)).unwrap();
        let s = p.get("signing").unwrap();
        assert_eq!(s.validity_months, 12);
        assert_eq!(s.validity_trim_seconds, 0);
        assert_eq!(
            s.extended_key_usages().unwrap(),
            [ExtendedKeyUsagePurpose::Other(vec![1, 3, 6, 1, 4, 1, 311, 10, 3, 12])]
        );
        assert!(p.get("encryption").is_err());
        let missing = dir.path().join("nope.toml");
        let err = Profiles::load(Some(&missing)).unwrap_err().to_string();
        assert!(err.contains("nope.toml"), "{err}");
        assert_eq!(Profiles::load(None).unwrap(), Profiles::builtin());
    }

    #[test]
    fn urls_must_be_ascii_http_or_ldap() {
        assert!(
            CaUrls {
                crl: Some("http://crl.example.id/ca.crl".into()),
                ca_issuers: None,
                ocsp: None,
            }
            .checked()
            .is_ok()
        );
        assert!(
            CaUrls {
                crl: Some("file:///etc/passwd".into()),
                ca_issuers: None,
                ocsp: None,
            }
            .checked()
            .is_err()
        );
        assert!(
            CaUrls {
                crl: None,
                ca_issuers: Some("http://x y".into()),
                ocsp: None,
            }
            .checked()
            .is_err()
        );
    }
}
