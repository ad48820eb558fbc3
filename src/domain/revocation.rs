//! RFC 5280 §5.3.1 revocation reasons.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "camelCase")]
#[strum(serialize_all = "camelCase")]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    /// RFC 5280 spells it so (serde's camelCase is `caCompromise`).
    #[strum(serialize = "cACompromise")]
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    PrivilegeWithdrawn,
}

impl RevocationReason {
    pub const ALL: [RevocationReason; 8] = [
        Self::Unspecified,
        Self::KeyCompromise,
        Self::CaCompromise,
        Self::AffiliationChanged,
        Self::Superseded,
        Self::CessationOfOperation,
        Self::CertificateHold,
        Self::PrivilegeWithdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The CRLReason code.
    pub fn code(self) -> u8 {
        match self {
            Self::Unspecified => 0,
            Self::KeyCompromise => 1,
            Self::CaCompromise => 2,
            Self::AffiliationChanged => 3,
            Self::Superseded => 4,
            Self::CessationOfOperation => 5,
            Self::CertificateHold => 6,
            Self::PrivilegeWithdrawn => 9,
        }
    }
}

super::named::display_as_str!(RevocationReason);

impl FromStr for RevocationReason {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = |x: &str| x.to_ascii_lowercase().replace(['-', '_'], "");
        Self::ALL
            .into_iter()
            .find(|r| norm(r.as_str()) == norm(s))
            .ok_or_else(|| {
                format!(
                    "unknown revocation reason {s:?}: use one of {}",
                    super::named::names(&Self::ALL)
                )
            })
    }
}
