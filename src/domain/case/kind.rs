//! The four request queues.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Penerbitan.
    Issuance,
    /// Pembaruan / perpanjangan, with a new key pair.
    Renewal,
    /// Perubahan data.
    Update,
    /// Pencabutan.
    Revocation,
}

impl CaseKind {
    pub const ALL: [CaseKind; 4] = [Self::Issuance, Self::Renewal, Self::Update, Self::Revocation];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Issuance => "issuance",
            Self::Renewal => "renewal",
            Self::Update => "update",
            Self::Revocation => "revocation",
        }
    }

    pub fn indonesian(self) -> &'static str {
        match self {
            Self::Issuance => "Penerbitan",
            Self::Renewal => "Pembaruan",
            Self::Update => "Perubahan data",
            Self::Revocation => "Pencabutan",
        }
    }

    /// Issuance and renewal run the long flow that ends in a certificate.
    pub fn issues_certificate(self) -> bool {
        matches!(self, Self::Issuance | Self::Renewal)
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CaseKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.indonesian().to_ascii_lowercase() == s)
            .ok_or_else(|| format!("unknown case kind {s:?}: use issuance, renewal, update or revocation"))
    }
}
