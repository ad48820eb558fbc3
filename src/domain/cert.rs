//! What the RA knows of a certificate: its record, and the status shown to
//! officers (valid, expiring, expired, revoked) derived from it and a time.

use super::RevocationReason;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Days before expiry from which a certificate shows as "expiring".
pub const EXPIRING_DAYS: i64 = 30;

/// The stored life of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    /// Serial reserved, case approved, not yet signed (intent first).
    Reserved,
    /// Signed and recorded.
    Issued,
    Revoked,
    /// On hold (certificateHold on the CRL, "revoked" to OCSP) while the
    /// case in `held_by` is pending; released back to `Issued`, or revoked.
    Held,
}

/// What an officer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CertStatus {
    Pending,
    Valid,
    Expiring,
    Expired,
    Revoked,
    Held,
}

impl CertStatus {
    pub const ALL: [CertStatus; 6] = [
        Self::Pending,
        Self::Valid,
        Self::Expiring,
        Self::Expired,
        Self::Revoked,
        Self::Held,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

super::named::display_as_str!(CertStatus);

impl FromStr for CertStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::named::find(&s.to_ascii_lowercase(), &Self::ALL).ok_or_else(|| {
            format!("unknown certificate status {s:?}: use valid, expiring, expired, revoked, held or pending")
        })
    }
}

/// A certificate in the RA's records (its DER lives beside it in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRecord {
    /// Lowercase hex, no separators.
    pub serial: String,
    pub case_id: Option<u64>,
    /// The holder's NIK (none: an imported certificate not linked to a
    /// holder).
    #[serde(default)]
    pub nik: Option<String>,
    /// The holder's name as written in the case (the CN may be shortened).
    pub holder: String,
    pub email: Option<String>,
    pub agency: Option<String>,
    /// Profile name (`signing`, `encryption`) or `imported`.
    pub profile: String,
    pub subject_dn: String,
    pub issuer_dn: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub state: CertState,
    /// Issued by this RA's CA (false: registered with `cert import`).
    pub ours: bool,
    pub sha256: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub reason: Option<RevocationReason>,
    pub invalidity: Option<DateTime<Utc>>,
    /// Serial of the certificate that replaced this one (renewal).
    pub superseded_by: Option<String>,
    /// Expiry reminders already queued (days before expiry: 30, 7).
    #[serde(default)]
    pub reminded: Vec<u32>,
    /// The case that put it on hold (state `Held`).
    #[serde(default)]
    pub held_by: Option<u64>,
}

impl CertRecord {
    /// A record with no case, holder details or revocation yet.
    pub fn new(
        serial: impl Into<String>,
        holder: impl Into<String>,
        profile: impl Into<String>,
        validity: (DateTime<Utc>, DateTime<Utc>),
        state: CertState,
    ) -> Self {
        Self {
            serial: serial.into(),
            case_id: None,
            nik: None,
            holder: holder.into(),
            email: None,
            agency: None,
            profile: profile.into(),
            subject_dn: String::new(),
            issuer_dn: String::new(),
            not_before: validity.0,
            not_after: validity.1,
            state,
            ours: true,
            sha256: None,
            revoked_at: None,
            reason: None,
            invalidity: None,
            superseded_by: None,
            reminded: Vec::new(),
            held_by: None,
        }
    }

    pub fn status(&self, now: DateTime<Utc>) -> CertStatus {
        match self.state {
            CertState::Reserved => CertStatus::Pending,
            CertState::Revoked => CertStatus::Revoked,
            CertState::Held => CertStatus::Held,
            CertState::Issued if now > self.not_after => CertStatus::Expired,
            CertState::Issued if self.not_after - now <= Duration::days(EXPIRING_DAYS) => CertStatus::Expiring,
            CertState::Issued => CertStatus::Valid,
        }
    }

    /// The reminder (30 or 7 days) due now and not yet sent, if any.
    pub fn reminder_due(&self, now: DateTime<Utc>) -> Option<u32> {
        if self.state != CertState::Issued || now > self.not_after {
            return None;
        }
        let left = self.not_after - now;
        [7u32, 30]
            .into_iter()
            .find(|d| left <= Duration::days(i64::from(*d)) && !self.reminded.contains(d))
    }
}

/// Parses `30d`, `2w`, `12h` or a bare number of days.
pub fn parse_window(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "d"),
    };
    let n: i64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration: use e.g. 30d, 2w or 12h"))?;
    match unit {
        "d" => Ok(Duration::days(n)),
        "w" => Ok(Duration::weeks(n)),
        "h" => Ok(Duration::hours(n)),
        _ => Err(format!("{s:?} is not a duration: use e.g. 30d, 2w or 12h")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rec(state: CertState, not_after: DateTime<Utc>) -> CertRecord {
        CertRecord::new(
            "01",
            "Siti",
            "signing",
            (not_after - Duration::days(730), not_after),
            state,
        )
    }

    #[test]
    fn status_follows_expiry_and_revocation() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            rec(CertState::Issued, now + Duration::days(90)).status(now),
            CertStatus::Valid
        );
        assert_eq!(
            rec(CertState::Issued, now + Duration::days(10)).status(now),
            CertStatus::Expiring
        );
        assert_eq!(
            rec(CertState::Issued, now - Duration::days(1)).status(now),
            CertStatus::Expired
        );
        assert_eq!(
            rec(CertState::Revoked, now + Duration::days(90)).status(now),
            CertStatus::Revoked
        );
        assert_eq!(
            rec(CertState::Reserved, now + Duration::days(90)).status(now),
            CertStatus::Pending
        );
    }

    #[test]
    fn reminders_fire_once_at_30_and_7_days() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut r = rec(CertState::Issued, now + Duration::days(20));
        assert_eq!(r.reminder_due(now), Some(30));
        r.reminded.push(30);
        assert_eq!(r.reminder_due(now), None);
        let later = now + Duration::days(14);
        assert_eq!(r.reminder_due(later), Some(7));
        r.reminded.push(7);
        assert_eq!(r.reminder_due(later), None);
        assert_eq!(rec(CertState::Issued, now + Duration::days(90)).reminder_due(now), None);
    }

    #[test]
    fn windows_parse() {
        assert_eq!(parse_window("30d").unwrap(), Duration::days(30));
        assert_eq!(parse_window("2w").unwrap(), Duration::days(14));
        assert_eq!(parse_window("7").unwrap(), Duration::days(7));
        assert!(parse_window("soon").is_err());
    }
}
