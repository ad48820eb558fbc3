//! The names of the domain's enums (case kinds, states, actions, roles…):
//! one string per variant, derived with strum (`IntoStaticStr`) and read
//! through each enum's `as_str`. They are stored, sent as JSON and typed on
//! the command line, so they never change; the tests below pin them.
//!
//! `Display` is not strum's: strum's pads to a width (`{:<10}`), these
//! names never did (they are written with `f.write_str`), and the
//! console's columns are made with that.

/// `Display` as `as_str`, written as is (a width in the format string
/// does not pad it).
macro_rules! display_as_str {
    ($($t:ty),+ $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}
pub(crate) use display_as_str;

/// The variant of `all` named exactly `s`.
pub(crate) fn find<T: Copy + Into<&'static str>>(s: &str, all: &[T]) -> Option<T> {
    all.iter().copied().find(|v| Into::<&str>::into(*v) == s)
}

/// The names of `all`, for an error: `draft, verifier_review, …`.
pub(crate) fn names<T: Copy + Into<&'static str>>(all: &[T]) -> String {
    all.iter()
        .map(|v| Into::<&str>::into(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A name as typed on the command line: any case, `-` for `_`. The error
/// quotes it so normalised, and lists every name: "unknown `what` …: use
/// one of …".
pub(crate) fn parse_named<T: Copy + Into<&'static str>>(s: &str, all: &[T], what: &str) -> Result<T, String> {
    let s = s.to_ascii_lowercase().replace('-', "_");
    find(&s, all).ok_or_else(|| format!("unknown {what} {s:?}: use one of {}", names(all)))
}

#[cfg(test)]
mod tests {
    use crate::domain::case::Notice;
    use crate::domain::{
        Action, CaseKind, CaseState, CertStatus, CheckItem, DocKind, EmploymentStatus, LinkStep, RevocationReason, Role,
    };
    use serde::{Serialize, de::DeserializeOwned};
    use std::{fmt::Debug, str::FromStr};

    /// `all` has exactly the names `want`, in that order; each parses back
    /// from its name, and serde writes and reads the same name.
    fn check<T>(all: &[T], want: &[&str], as_str: fn(T) -> &'static str)
    where
        T: Copy + Debug + PartialEq + FromStr<Err = String> + Serialize + DeserializeOwned,
    {
        let names: Vec<&str> = all.iter().map(|v| as_str(*v)).collect();
        assert_eq!(names, want);
        for v in all.iter().copied() {
            let name = as_str(v);
            assert_eq!(name.parse::<T>(), Ok(v), "{name}");
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(), v);
        }
    }

    /// `Display` is `as_str`, and not padded by a width.
    fn shows<T: Copy + std::fmt::Display>(all: &[T], as_str: fn(T) -> &'static str) {
        for v in all.iter().copied() {
            assert_eq!(v.to_string(), as_str(v));
            assert_eq!(format!("{v:<40}|"), format!("{}|", as_str(v)));
        }
    }

    #[test]
    fn case_names() {
        check(
            &CaseKind::ALL,
            &["issuance", "renewal", "update", "revocation", "reset", "reactivation"],
            CaseKind::as_str,
        );
        shows(&CaseKind::ALL, CaseKind::as_str);
        check(
            &CaseState::ALL,
            &[
                "draft",
                "awaiting_applicant_data",
                "verifier_review",
                "awaiting_passphrase",
                "submitted",
                "ra_review",
                "on_hold",
                "approved",
                "issued",
                "applied",
                "revoked",
                "rejected",
                "cancelled",
            ],
            CaseState::as_str,
        );
        shows(&CaseState::ALL, CaseState::as_str);
        check(
            &Action::ALL,
            &[
                "send_to_applicant",
                "record_applicant_data",
                "verify",
                "set_passphrase",
                "forward",
                "approve",
                "issue",
                "apply",
                "revoke",
                "reject",
                "hold",
                "resume",
                "cancel",
                "tick",
                "untick",
                "return",
            ],
            Action::as_str,
        );
        shows(&Action::ALL, Action::as_str);
        check(
            &Notice::ALL,
            &[
                "identity_data_link",
                "set_passphrase_link",
                "issued",
                "updated",
                "revoked",
                "rejected",
                "reset_link",
                "reactivation_link",
                "cert_held",
                "hold_released",
            ],
            Notice::as_str,
        );
        check(
            &CheckItem::ALL,
            &[
                "ktp_matches",
                "recommendation_valid",
                "email_active",
                "identity_check",
                "agreement_accepted",
                "supporting_docs_valid",
                "statement_valid",
                "forgotten_statement_valid",
                "reset_form_valid",
                "antivirus_scan_valid",
                "email_password_changed",
            ],
            CheckItem::as_str,
        );
        shows(&CheckItem::ALL, CheckItem::as_str);
        check(
            &DocKind::ALL,
            &[
                "ktp",
                "recommendation",
                "statement",
                "npwp",
                "proof_of_address",
                "form",
                "selfie",
                "other",
                "forgotten_passphrase",
                "reset_form",
                "antivirus_scan",
                "email_password_changed",
            ],
            DocKind::as_str,
        );
        shows(&DocKind::ALL, DocKind::as_str);
    }

    #[test]
    fn other_names() {
        check(
            &Role::ALL,
            &["verifier", "ra_officer", "ca_admin", "auditor"],
            Role::as_str,
        );
        shows(&Role::ALL, Role::as_str);
        // The applicant is named, but never parsed (nobody signs in as one).
        assert_eq!(Role::Applicant.as_str(), "applicant");
        assert_eq!(Role::Applicant.to_string(), "applicant");
        assert_eq!(serde_json::to_string(&Role::Applicant).unwrap(), "\"applicant\"");
        assert!("applicant".parse::<Role>().is_err());

        check(
            &LinkStep::ALL,
            &["identity", "passphrase", "download"],
            LinkStep::as_str,
        );
        shows(&LinkStep::ALL, LinkStep::as_str);
        check(
            &CertStatus::ALL,
            &["pending", "valid", "expiring", "expired", "revoked", "held"],
            CertStatus::as_str,
        );
        shows(&CertStatus::ALL, CertStatus::as_str);

        // RFC 5280's names; serde's camelCase differs for cACompromise.
        let all = RevocationReason::ALL;
        let names: Vec<&str> = all.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            names,
            [
                "unspecified",
                "keyCompromise",
                "cACompromise",
                "affiliationChanged",
                "superseded",
                "cessationOfOperation",
                "certificateHold",
                "privilegeWithdrawn",
            ]
        );
        shows(&all, RevocationReason::as_str);
        for r in all {
            assert_eq!(r.as_str().parse::<RevocationReason>(), Ok(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<RevocationReason>(&json).unwrap(), r);
            if r == RevocationReason::CaCompromise {
                assert_eq!(json, "\"caCompromise\"");
            } else {
                assert_eq!(json, format!("\"{}\"", r.as_str()));
            }
        }

        for (e, name) in [
            (EmploymentStatus::Pns, "pns"),
            (EmploymentStatus::Pppk, "pppk"),
            (EmploymentStatus::Other, "other"),
        ] {
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{name}\""));
            assert_eq!(name.parse::<EmploymentStatus>(), Ok(e));
            assert_eq!(name.to_uppercase().parse::<EmploymentStatus>(), Ok(e));
        }
        assert_eq!("Lainnya".parse::<EmploymentStatus>(), Ok(EmploymentStatus::Other));
    }

    #[test]
    fn parsing_forgives_what_it_forgave() {
        assert_eq!("Penerbitan".parse::<CaseKind>(), Ok(CaseKind::Issuance));
        assert_eq!("perubahan data".parse::<CaseKind>(), Ok(CaseKind::Update));
        assert_eq!("RESET PASSPHRASE".parse::<CaseKind>(), Ok(CaseKind::Reset));
        assert_eq!("RENEWAL".parse::<CaseKind>(), Ok(CaseKind::Renewal));
        assert_eq!("Ra-Review".parse::<CaseState>(), Ok(CaseState::RaReview));
        assert_eq!("SEND-TO-applicant".parse::<Action>(), Ok(Action::SendToApplicant));
        assert_eq!("ktp-matches".parse::<CheckItem>(), Ok(CheckItem::KtpMatches));
        assert_eq!("Proof-Of-Address".parse::<DocKind>(), Ok(DocKind::ProofOfAddress));
        assert_eq!("ra-officer".parse::<Role>(), Ok(Role::RaOfficer));
        assert!("RA_OFFICER".parse::<Role>().is_err());
        assert!("Issued".parse::<Notice>().is_err());
        assert!("Identity".parse::<LinkStep>().is_err());
        assert_eq!("VALID".parse::<CertStatus>(), Ok(CertStatus::Valid));
        assert_eq!(
            "key_compromise".parse::<RevocationReason>(),
            Ok(RevocationReason::KeyCompromise)
        );
        assert_eq!(
            "KEY-COMPROMISE".parse::<RevocationReason>(),
            Ok(RevocationReason::KeyCompromise)
        );
        assert_eq!(
            "cacompromise".parse::<RevocationReason>(),
            Ok(RevocationReason::CaCompromise)
        );
    }

    #[test]
    fn parse_errors_say_the_same() {
        assert_eq!(
            "Bogus".parse::<CaseKind>(),
            Err(
                "unknown case kind \"bogus\": use issuance, renewal, update, revocation, reset or reactivation"
                    .to_string()
            )
        );
        assert_eq!(
            "No-Such".parse::<CaseState>(),
            Err(
                "unknown state \"no_such\": use one of draft, awaiting_applicant_data, verifier_review, \
                 awaiting_passphrase, submitted, ra_review, on_hold, approved, issued, applied, revoked, \
                 rejected, cancelled"
                    .to_string()
            )
        );
        assert_eq!(
            "Fly".parse::<Action>(),
            Err(
                "unknown action \"fly\": use one of send_to_applicant, record_applicant_data, verify, \
                 set_passphrase, forward, approve, issue, apply, revoke, reject, hold, resume, cancel, tick, \
                 untick, return"
                    .to_string()
            )
        );
        assert_eq!(
            "x".parse::<CheckItem>(),
            Err(
                "unknown checklist item \"x\": use one of ktp_matches, recommendation_valid, email_active, \
                 identity_check, agreement_accepted, supporting_docs_valid, statement_valid, \
                 forgotten_statement_valid, reset_form_valid, antivirus_scan_valid, email_password_changed"
                    .to_string()
            )
        );
        assert_eq!(
            "x".parse::<DocKind>(),
            Err(
                "unknown document kind \"x\": use one of ktp, recommendation, statement, npwp, \
                 proof_of_address, form, selfie, other, forgotten_passphrase, reset_form, antivirus_scan, \
                 email_password_changed"
                    .to_string()
            )
        );
        assert_eq!("X".parse::<Notice>(), Err("unknown notice \"X\"".to_string()));
        assert_eq!(
            "Boss-Man".parse::<Role>(),
            Err("unknown role \"Boss-Man\": use verifier, ra_officer, ca_admin or auditor".to_string())
        );
        assert_eq!(
            "Lost".parse::<RevocationReason>(),
            Err(
                "unknown revocation reason \"Lost\": use one of unspecified, keyCompromise, cACompromise, \
                 affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn"
                    .to_string()
            )
        );
        assert_eq!(
            "Identity".parse::<LinkStep>(),
            Err("unknown link step \"Identity\": use identity, passphrase or download".to_string())
        );
        assert_eq!(
            "Gone".parse::<CertStatus>(),
            Err(
                "unknown certificate status \"Gone\": use valid, expiring, expired, revoked, held or pending"
                    .to_string()
            )
        );
        assert_eq!(
            "Boss".parse::<EmploymentStatus>(),
            Err("unknown employment status \"Boss\": use pns, pppk or other".to_string())
        );
    }
}
