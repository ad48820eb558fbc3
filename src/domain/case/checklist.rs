//! The checks a verifier ticks, per kind.

use super::CaseKind;
use crate::domain::named;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CheckItem {
    /// KTP matches the applicant.
    KtpMatches,
    /// Recommendation letter valid and signed.
    RecommendationValid,
    /// Official e-mail active.
    EmailActive,
    /// Identity / selfie check done.
    IdentityCheck,
    /// Subscriber agreement accepted.
    AgreementAccepted,
    /// Supporting documents for the change are valid.
    SupportingDocsValid,
    /// Statement letter (surat pernyataan) valid and signed.
    StatementValid,
    /// Reset: the forgotten-passphrase statement valid and signed.
    ForgottenStatementValid,
    /// Reactivation: the authenticator reset form legalised.
    ResetFormValid,
    /// Reactivation: the antivirus full-scan evidence legalised.
    AntivirusScanValid,
    /// Reactivation: the proof of the e-mail password change legalised.
    EmailPasswordChanged,
}

impl CheckItem {
    pub const ALL: [CheckItem; 11] = [
        Self::KtpMatches,
        Self::RecommendationValid,
        Self::EmailActive,
        Self::IdentityCheck,
        Self::AgreementAccepted,
        Self::SupportingDocsValid,
        Self::StatementValid,
        Self::ForgottenStatementValid,
        Self::ResetFormValid,
        Self::AntivirusScanValid,
        Self::EmailPasswordChanged,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::KtpMatches => "KTP matches the applicant",
            Self::RecommendationValid => "Recommendation letter valid and signed",
            Self::EmailActive => "Official e-mail active",
            Self::IdentityCheck => "Identity / selfie check done",
            Self::AgreementAccepted => "Subscriber agreement accepted",
            Self::SupportingDocsValid => "Supporting documents valid",
            Self::StatementValid => "Statement letter valid and signed",
            Self::ForgottenStatementValid => "Forgotten-passphrase statement valid and signed",
            Self::ResetFormValid => "Authenticator reset form legalised",
            Self::AntivirusScanValid => "Antivirus full-scan evidence legalised",
            Self::EmailPasswordChanged => "E-mail password change proven",
        }
    }

    /// The checklist of a kind, in the order a verifier works through it.
    /// Whether an officer ticks it (the agreement is the applicant's, on
    /// the applicant page).
    pub fn by_officer(self) -> bool {
        self != CheckItem::AgreementAccepted
    }

    pub fn for_kind(kind: CaseKind) -> &'static [CheckItem] {
        use CheckItem::*;
        match kind {
            CaseKind::Issuance | CaseKind::Renewal => &[
                KtpMatches,
                RecommendationValid,
                EmailActive,
                IdentityCheck,
                AgreementAccepted,
            ],
            CaseKind::Update => &[KtpMatches, SupportingDocsValid, EmailActive],
            CaseKind::Revocation => &[KtpMatches, StatementValid],
            CaseKind::Reset => &[KtpMatches, ForgottenStatementValid],
            CaseKind::Reactivation => &[ResetFormValid, AntivirusScanValid, EmailPasswordChanged],
        }
    }
}

named::display_as_str!(CheckItem);

impl FromStr for CheckItem {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        named::parse_named(s, &Self::ALL, "checklist item")
    }
}

/// One ticked item: who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    pub item: CheckItem,
    pub by: String,
    pub at: DateTime<Utc>,
}
