//! One-time links to the applicant page: what a link is bound to, and the
//! rules for using it. A token is at least 128 random bits (made in `ra`,
//! which has the randomness); only its SHA-256 is ever stored. A link is
//! bound to one case, one step and the case's version when it was sent;
//! it lapses at `expires_at`, is used once, is voided by a newer link for
//! the same step, and is locked after [`LINK_MAX_FAILURES`] failed tries.

use super::case::{CaseState, Notice};
use super::{Case, Operator, Role};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::{fmt, str::FromStr};

/// Random bytes in a token: 144 bits, 24 characters of base64url.
pub const TOKEN_BYTES: usize = 18;
/// Characters of a token as it appears in a link.
pub const TOKEN_CHARS: usize = 24;
/// Failed tries (wrong passphrase, refused form) before a link is locked.
pub const LINK_MAX_FAILURES: u32 = 5;
/// Hours a link stays valid unless the site configures otherwise.
pub const DEFAULT_LINK_HOURS: u32 = 24;

/// The applicant's step a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LinkStep {
    /// Complete the identity data, upload the KTP scan and a selfie.
    Identity,
    /// Check the data, selfie again, accept the agreement, set the passphrase (or hand in a CSR).
    Passphrase,
    /// Download the issued certificate (.p12 with the passphrase, .cer).
    Download,
}

impl LinkStep {
    pub const ALL: [LinkStep; 3] = [Self::Identity, Self::Passphrase, Self::Download];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The step whose link the e-mail of `notice` carries.
    pub fn for_notice(notice: Notice) -> Option<LinkStep> {
        match notice {
            Notice::IdentityDataLink => Some(Self::Identity),
            Notice::SetPassphraseLink | Notice::ResetLink | Notice::ReactivationLink => Some(Self::Passphrase),
            Notice::Issued => Some(Self::Download),
            _ => None,
        }
    }

    /// The e-mail that carries this step's link for a case of `kind`.
    pub fn notice(self, kind: super::CaseKind) -> Notice {
        use super::CaseKind as K;
        match (self, kind) {
            (Self::Identity, _) => Notice::IdentityDataLink,
            (Self::Passphrase, K::Reset) => Notice::ResetLink,
            (Self::Passphrase, K::Reactivation) => Notice::ReactivationLink,
            (Self::Passphrase, _) => Notice::SetPassphraseLink,
            (Self::Download, _) => Notice::Issued,
        }
    }

    /// The state the case must be in for this step.
    pub fn state(self) -> CaseState {
        match self {
            Self::Identity => CaseState::AwaitingApplicantData,
            Self::Passphrase => CaseState::AwaitingPassphrase,
            Self::Download => CaseState::Issued,
        }
    }

    /// The step whose link `case` waits on (the one a verifier may send
    /// again), if any.
    pub fn of_case(case: &Case) -> Option<LinkStep> {
        Self::ALL
            .into_iter()
            .find(|s| s.state() == case.state && case.kind.makes_certificate())
    }
}

super::named::display_as_str!(LinkStep);

impl FromStr for LinkStep {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::named::find(s, &Self::ALL)
            .ok_or_else(|| format!("unknown link step {s:?}: use identity, passphrase or download"))
    }
}

/// A token as it arrives in a URL, checked for shape only (what it opens
/// is the store's to say).
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl fmt::Debug for LinkToken {
    /// Never prints the token itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LinkToken({}…)", &self.hash()[..8])
    }
}

impl LinkToken {
    /// The token for `bytes` (fresh random bytes from the caller).
    pub fn from_bytes(bytes: &[u8; TOKEN_BYTES]) -> Self {
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token of the right shape, or why not (without echoing it).
    pub fn parse(s: &str) -> Result<Self, LinkRefusal> {
        let ok = s.len() == TOKEN_CHARS
            && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            && base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).is_ok();
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(LinkRefusal::Unknown)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps: lowercase hex SHA-256 of the token's text.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// A link as the store keeps it (without its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// A short public id (audit trail, console), not the token.
    pub id: String,
    pub case_id: u64,
    pub step: LinkStep,
    pub case_version: u64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub voided_at: Option<DateTime<Utc>>,
    pub voided_by: Option<String>,
    pub failures: u32,
}

/// Why a link does not open. The messages are for the applicant's page:
/// they say what to do and never reveal whether a token exists for another case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    #[error("this link is not valid: check that you copied it whole, or ask your verifier to send a new one")]
    Unknown,
    #[error("this link has expired: ask your verifier to send a new one")]
    Expired,
    #[error("this link was already used: ask your verifier to send a new one if you need it again")]
    Used,
    #[error("this link was replaced by a newer one: use the link in the latest e-mail")]
    Voided,
    #[error("this link is locked after too many failed tries: ask your verifier to send a new one")]
    Locked,
    #[error("your request changed since this link was sent: ask your verifier to send a new one")]
    CaseChanged,
}

impl LinkRefusal {
    /// The same, in Indonesian (the applicant page shows both).
    pub fn indonesian(self) -> &'static str {
        match self {
            LinkRefusal::Unknown => {
                "tautan ini tidak berlaku: periksa bahwa tautan tersalin utuh, atau minta verifikator mengirim yang baru"
            }
            LinkRefusal::Expired => "tautan ini sudah kedaluwarsa: minta verifikator mengirim yang baru",
            LinkRefusal::Used => "tautan ini sudah dipakai: minta verifikator mengirim yang baru bila masih perlu",
            LinkRefusal::Voided => "tautan ini sudah diganti yang lebih baru: pakai tautan di e-mail terakhir",
            LinkRefusal::Locked => {
                "tautan ini terkunci karena terlalu banyak percobaan gagal: minta verifikator mengirim yang baru"
            }
            LinkRefusal::CaseChanged => {
                "permohonan Anda berubah sejak tautan ini dikirim: minta verifikator mengirim yang baru"
            }
        }
    }

    /// Both languages, Indonesian first.
    pub fn both(self) -> String {
        format!("{} — {self}", self.indonesian())
    }
}

impl Link {
    /// Whether this link may be used on `case` at `now`, or why not.
    pub fn check(&self, case: &Case, now: DateTime<Utc>) -> Result<(), LinkRefusal> {
        if self.voided_at.is_some() {
            return Err(LinkRefusal::Voided);
        }
        if self.used_at.is_some() {
            return Err(LinkRefusal::Used);
        }
        if self.failures >= LINK_MAX_FAILURES {
            return Err(LinkRefusal::Locked);
        }
        if now >= self.expires_at {
            return Err(LinkRefusal::Expired);
        }
        if case.id != self.case_id || case.version != self.case_version || case.state != self.step.state() {
            return Err(LinkRefusal::CaseChanged);
        }
        Ok(())
    }
}

impl Link {
    /// [`Link::check`] for what is public anyway (the certificate): a used
    /// download link still gives it for the rest of its life.
    pub fn check_public(&self, case: &Case, now: DateTime<Utc>) -> Result<(), LinkRefusal> {
        Link {
            used_at: None,
            ..self.clone()
        }
        .check(case, now)
    }
}

/// The case number of an applicant actor (`applicant:CASE`), if `actor` is one.
pub fn applicant_case(actor: &str) -> Option<&str> {
    actor.strip_prefix("applicant:")
}

/// The actor of an applicant's own step: `applicant:CASE`, who holds no
/// operator account and acts only through a link.
pub fn applicant(case_id: u64) -> Operator {
    Operator::new(format!("applicant:{case_id}"), Role::Applicant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_has_144_bits_in_24_url_safe_characters() {
        let t = LinkToken::from_bytes(&[0xfb; TOKEN_BYTES]);
        assert_eq!(t.as_str().len(), TOKEN_CHARS);
        assert_eq!(LinkToken::parse(t.as_str()), Ok(t.clone()));
        assert_eq!(t.hash().len(), 64);
    }

    #[test]
    fn malformed_tokens_are_refused_as_unknown() {
        for bad in [
            "",
            "short",
            "<script>alert(1)</script>",
            &"A".repeat(25),
            "AAAAAAAAAAAAAAAAAAAAAA.=",
        ] {
            assert_eq!(LinkToken::parse(bad), Err(LinkRefusal::Unknown), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let t = LinkToken::from_bytes(&[7; TOKEN_BYTES]);
        assert!(!format!("{t:?}").contains(t.as_str()));
    }
}
