//! Where a case stands.

use crate::domain::named;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CaseState {
    Draft,
    AwaitingApplicantData,
    VerifierReview,
    AwaitingPassphrase,
    Submitted,
    RaReview,
    OnHold,
    Approved,
    Issued,
    Applied,
    Revoked,
    Rejected,
    Cancelled,
}

impl CaseState {
    pub const ALL: [CaseState; 13] = [
        Self::Draft,
        Self::AwaitingApplicantData,
        Self::VerifierReview,
        Self::AwaitingPassphrase,
        Self::Submitted,
        Self::RaReview,
        Self::OnHold,
        Self::Approved,
        Self::Issued,
        Self::Applied,
        Self::Revoked,
        Self::Rejected,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A closed case takes no more actions and no longer counts against the
    /// service level.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Self::Issued | Self::Applied | Self::Revoked | Self::Rejected | Self::Cancelled
        )
    }

    /// Pending: open and not yet approved (an approved case waits on the CA,
    /// not on a person).
    pub fn is_pending(self) -> bool {
        !self.is_closed()
    }
}

named::display_as_str!(CaseState);

impl FromStr for CaseState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        named::parse_named(s, &Self::ALL, "state")
    }
}
