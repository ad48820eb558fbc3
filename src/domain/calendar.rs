//! The office's working calendar: its time zone, weekends and holidays.
//! Processing times are counted in working days: the part of an interval
//! that falls on a working day (Monday to Friday, not a holiday) in the
//! office's time zone, one day per 24 working hours.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Seconds in one working day.
pub const DAY_SECS: i64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// The office's offset from UTC in seconds (WIB, +07:00, by default).
    pub utc_offset_secs: i32,
    /// Days off besides Saturday and Sunday (config `holidays`).
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            utc_offset_secs: 7 * 3600,
            holidays: BTreeSet::new(),
        }
    }
}

impl Calendar {
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_secs).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// Parses config `holidays` (`["2026-12-25", …]`), one line per error.
    pub fn with_holidays(mut self, days: &[String]) -> Result<Self, String> {
        for d in days {
            let day = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| format!("holidays: {d:?} is not a date such as \"2026-12-25\""))?;
            self.holidays.insert(day);
        }
        Ok(self)
    }

    /// Parses config `utc_offset` ("+07:00", "+08:00", "+09:00", …).
    pub fn with_offset(mut self, text: &str) -> Result<Self, String> {
        let bad = || format!("utc_offset {text:?}: give an offset such as \"+07:00\"");
        let t = text.trim();
        let (sign, rest) = match t.as_bytes().first() {
            Some(b'+') => (1, &t[1..]),
            Some(b'-') => (-1, &t[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = rest.split_once(':').ok_or_else(bad)?;
        let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(0..=14).contains(&h) || !(0..60).contains(&m) {
            return Err(bad());
        }
        self.utc_offset_secs = sign * (h * 3600 + m * 60);
        Ok(self)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The office's date of an instant.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.offset()).date_naive()
    }

    /// The instant the office's `day` begins.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        match self.offset().from_local_datetime(&midnight).single() {
            Some(t) => t.with_timezone(&Utc),
            None => Utc.from_utc_datetime(&midnight),
        }
    }

    /// Working seconds in `[from, to)` (none when `to` is not after `from`).
    pub fn working_secs(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut day = self.local_date(from);
        let last = self.local_date(to);
        while day <= last {
            if self.is_working_day(day) {
                let start = self.start_of(day).max(from);
                let end = (self.start_of(day) + Duration::days(1)).min(to);
                if end > start {
                    total += (end - start).num_seconds();
                }
            }
            match day.succ_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        total
    }

    /// Working days in `[from, to)`, as a fraction.
    pub fn working_days(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
        self.working_secs(from, to) as f64 / DAY_SECS as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_weekend_and_a_holiday_do_not_count() {
        let cal = Calendar::default().with_holidays(&["2026-12-25".into()]).unwrap();
        // Thursday 24 Dec 10:00 WIB to Monday 28 Dec 10:00 WIB: Thursday 14 h,
        // Friday a holiday, the weekend, Monday 10 h.
        let d = cal.working_days(at("2026-12-24T10:00:00+07:00"), at("2026-12-28T10:00:00+07:00"));
        assert!((d - 1.0).abs() < 1e-9, "{d}");
        assert_eq!(
            cal.working_secs(at("2026-12-26T00:00:00+07:00"), at("2026-12-27T23:00:00+07:00")),
            0
        );
    }

    #[test]
    fn days_are_the_offices_not_utcs() {
        let cal = Calendar::default();
        // Friday 23:00 UTC is Saturday 06:00 WIB: nothing counts until Monday.
        let from = at("2026-12-04T23:00:00Z");
        assert_eq!(cal.local_date(from).weekday(), Weekday::Sat);
        assert_eq!(cal.working_secs(from, at("2026-12-06T16:59:00Z")), 0);
        assert_eq!(cal.working_secs(from, at("2026-12-06T18:00:00Z")), 3600);
    }

    #[test]
    fn offsets_and_holidays_parse_or_say_why() {
        assert_eq!(
            Calendar::default().with_offset("+08:00").unwrap().utc_offset_secs,
            8 * 3600
        );
        assert!(Calendar::default().with_offset("8").unwrap_err().contains("+07:00"));
        assert!(
            Calendar::default()
                .with_holidays(&["25-12-2026".into()])
                .unwrap_err()
                .contains("2026-12-25")
        );
    }
}
