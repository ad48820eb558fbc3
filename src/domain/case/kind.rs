//! The four request queues.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CaseKind {
    /// Penerbitan.
    Issuance,
    /// Pembaruan / perpanjangan, with a new key pair.
    Renewal,
    /// Perubahan data.
    Update,
    /// Pencabutan.
    Revocation,
    /// Reset passphrase ("LOCK", SOP 088.13): the holder forgot their
    /// passphrase; a new key pair and certificate replace the old one.
    Reset,
    /// Reaktivasi: after a suspected compromise of the holder's account.
    Reactivation,
}

impl CaseKind {
    pub const ALL: [CaseKind; 6] = [
        Self::Issuance,
        Self::Renewal,
        Self::Update,
        Self::Revocation,
        Self::Reset,
        Self::Reactivation,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn indonesian(self) -> &'static str {
        match self {
            Self::Issuance => "Penerbitan",
            Self::Renewal => "Pembaruan",
            Self::Update => "Perubahan data",
            Self::Revocation => "Pencabutan",
            Self::Reset => "Reset passphrase",
            Self::Reactivation => "Reaktivasi",
        }
    }

    /// Issuance and renewal run the long flow (draft, applicant data,
    /// verification, passphrase, RA) that ends in a certificate.
    pub fn issues_certificate(self) -> bool {
        matches!(self, Self::Issuance | Self::Renewal)
    }

    /// Every kind whose approval leads to a new certificate: the long
    /// flow, and reset and reactivation (a new key pair after the holder
    /// sets a new passphrase).
    pub fn makes_certificate(self) -> bool {
        matches!(self, Self::Issuance | Self::Renewal | Self::Reset | Self::Reactivation)
    }

    /// Kinds whose opening puts the holder's certificate on hold
    /// (certificateHold) until the case ends.
    pub fn holds_certificate(self) -> bool {
        matches!(self, Self::Update | Self::Reactivation)
    }
}

crate::domain::named::display_as_str!(CaseKind);

impl FromStr for CaseKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.indonesian().to_ascii_lowercase() == s)
            .ok_or_else(|| {
                format!("unknown case kind {s:?}: use issuance, renewal, update, revocation, reset or reactivation")
            })
    }
}
