//! Key algorithms: what to generate ([`KeyAlg`]) and what a key turned out to
//! be ([`KeyInfo`]), plus a public key ([`PublicKey`]) as SubjectPublicKeyInfo.

use super::{CaError, Result};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use x509_parser::oid_registry::{
    OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_NIST_EC_P384, OID_PKCS1_RSAENCRYPTION, OID_SIG_ED25519,
};
use x509_parser::prelude::FromDer;
use x509_parser::x509::SubjectPublicKeyInfo;

/// A key algorithm to generate. ECDSA P-256 is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum KeyAlg {
    #[default]
    EcdsaP256,
    EcdsaP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    Ed25519,
}

impl KeyAlg {
    pub const ALL: [KeyAlg; 6] = [
        Self::EcdsaP256,
        Self::EcdsaP384,
        Self::Rsa2048,
        Self::Rsa3072,
        Self::Rsa4096,
        Self::Ed25519,
    ];

    /// The short name used in config and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "p256",
            Self::EcdsaP384 => "p384",
            Self::Rsa2048 => "rsa2048",
            Self::Rsa3072 => "rsa3072",
            Self::Rsa4096 => "rsa4096",
            Self::Ed25519 => "ed25519",
        }
    }

    /// What a key of this algorithm looks like.
    pub fn info(self) -> KeyInfo {
        match self {
            Self::EcdsaP256 => KeyInfo {
                kind: KeyKind::EcP256,
                bits: 256,
            },
            Self::EcdsaP384 => KeyInfo {
                kind: KeyKind::EcP384,
                bits: 384,
            },
            Self::Rsa2048 => KeyInfo {
                kind: KeyKind::Rsa,
                bits: 2048,
            },
            Self::Rsa3072 => KeyInfo {
                kind: KeyKind::Rsa,
                bits: 3072,
            },
            Self::Rsa4096 => KeyInfo {
                kind: KeyKind::Rsa,
                bits: 4096,
            },
            Self::Ed25519 => KeyInfo {
                kind: KeyKind::Ed25519,
                bits: 256,
            },
        }
    }
}

impl fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyAlg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        let alias = match norm.as_str() {
            "ecdsap256" | "prime256v1" | "secp256r1" => "p256",
            "ecdsap384" | "secp384r1" => "p384",
            other => other,
        };
        Self::ALL.into_iter().find(|a| a.as_str() == alias).ok_or_else(|| {
            let all: Vec<_> = Self::ALL.iter().map(|a| a.as_str()).collect();
            format!("unknown key algorithm {s:?}: use one of {}", all.join(", "))
        })
    }
}

impl TryFrom<String> for KeyAlg {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<KeyAlg> for String {
    fn from(a: KeyAlg) -> String {
        a.as_str().to_string()
    }
}

/// The family (and curve) of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
}

impl KeyKind {
    /// True for elliptic-curve Diffie-Hellman capable keys (keyAgreement).
    pub fn is_ec(self) -> bool {
        matches!(self, Self::EcP256 | Self::EcP384)
    }
}

/// What a key is: its family and size in bits (RSA modulus or curve size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyInfo {
    pub kind: KeyKind,
    pub bits: u32,
}

impl KeyInfo {
    /// The [`KeyAlg`] that generates exactly this kind of key, if any
    /// (an RSA-2560 key has none, but may still be certified).
    pub fn alg(self) -> Option<KeyAlg> {
        KeyAlg::ALL.into_iter().find(|a| a.info() == self)
    }

    /// Reads the key type from a DER SubjectPublicKeyInfo. `what` names the
    /// input in errors.
    pub fn from_spki(what: &str, spki_der: &[u8]) -> Result<Self> {
        let (rest, spki) = SubjectPublicKeyInfo::from_der(spki_der)
            .map_err(|_| CaError::invalid(what, "the public key is not a valid SubjectPublicKeyInfo"))?;
        if !rest.is_empty() {
            return Err(CaError::invalid(what, "trailing bytes after the public key"));
        }
        Self::from_parsed_spki(what, &spki)
    }

    pub(crate) fn from_parsed_spki(what: &str, spki: &SubjectPublicKeyInfo<'_>) -> Result<Self> {
        let alg = &spki.algorithm.algorithm;
        if *alg == OID_PKCS1_RSAENCRYPTION {
            let bits = match spki.parsed() {
                Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => bit_len(rsa.modulus),
                _ => return Err(CaError::invalid(what, "the RSA public key is malformed")),
            };
            Ok(Self {
                kind: KeyKind::Rsa,
                bits,
            })
        } else if *alg == OID_KEY_TYPE_EC_PUBLIC_KEY {
            let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok());
            match curve {
                Some(c) if c == OID_EC_P256 => Ok(Self {
                    kind: KeyKind::EcP256,
                    bits: 256,
                }),
                Some(c) if c == OID_NIST_EC_P384 => Ok(Self {
                    kind: KeyKind::EcP384,
                    bits: 384,
                }),
                Some(c) => Err(CaError::WeakKey {
                    what: what.into(),
                    problem: format!("elliptic curve {c} is not accepted; use P-256 or P-384"),
                }),
                None => Err(CaError::invalid(what, "the EC public key names no curve")),
            }
        } else if *alg == OID_SIG_ED25519 {
            Ok(Self {
                kind: KeyKind::Ed25519,
                bits: 256,
            })
        } else {
            Err(CaError::WeakKey {
                what: what.into(),
                problem: format!(
                    "key algorithm {alg} is not accepted; use RSA (2048 bits or more), ECDSA P-256/P-384 or Ed25519"
                ),
            })
        }
    }
}

impl fmt::Display for KeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            KeyKind::Rsa => write!(f, "RSA {}", self.bits),
            KeyKind::EcP256 => f.write_str("ECDSA P-256"),
            KeyKind::EcP384 => f.write_str("ECDSA P-384"),
            KeyKind::Ed25519 => f.write_str("Ed25519"),
        }
    }
}

/// Significant bits of a big-endian unsigned integer.
pub(crate) fn bit_len(magnitude: &[u8]) -> u32 {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    match magnitude.get(skip) {
        None => 0,
        Some(first) => (magnitude.len() - skip) as u32 * 8 - first.leading_zeros(),
    }
}

/// A subject's public key: DER SubjectPublicKeyInfo plus what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub spki_der: Vec<u8>,
    pub info: KeyInfo,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_alg_names_roundtrip_and_default_is_p256() {
        for a in KeyAlg::ALL {
            assert_eq!(a.as_str().parse::<KeyAlg>().unwrap(), a);
            assert_eq!(a.info().alg(), Some(a));
        }
        assert_eq!(KeyAlg::default(), KeyAlg::EcdsaP256);
        assert_eq!("RSA-2048".parse::<KeyAlg>().unwrap(), KeyAlg::Rsa2048);
        let err = "dsa".parse::<KeyAlg>().unwrap_err();
        assert!(err.contains("p256, p384"), "{err}");
    }

    #[test]
    fn bit_len_ignores_leading_zero_bytes() {
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[0x01, 0]), 9);
        assert_eq!(bit_len(&[]), 0);
    }
}
