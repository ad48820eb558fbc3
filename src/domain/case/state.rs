//! Where a case stands.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
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
        match self {
            Self::Draft => "draft",
            Self::AwaitingApplicantData => "awaiting_applicant_data",
            Self::VerifierReview => "verifier_review",
            Self::AwaitingPassphrase => "awaiting_passphrase",
            Self::Submitted => "submitted",
            Self::RaReview => "ra_review",
            Self::OnHold => "on_hold",
            Self::Approved => "approved",
            Self::Issued => "issued",
            Self::Applied => "applied",
            Self::Revoked => "revoked",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
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

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CaseState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let all: Vec<_> = Self::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown state {s:?}: use one of {}", all.join(", "))
        })
    }
}
