//! NIK: 16 digits, no checksum. province(2) regency(2) district(2), birth
//! date DDMMYY (women add 40 to the day), serial(4) not 0000.

use super::{FieldError, digits, number};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

super::newtype::identity_number!(Nik, display);

impl Nik {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let d = digits("NIK", value, &[16])?;
        if d[..2] == [0, 0] {
            return Err(FieldError::new("NIK", value, "province code 00 does not exist"));
        }
        let raw_day = number(&d[6..8]);
        let month = number(&d[8..10]);
        let not_a_date = || FieldError::new("NIK", value, format!("day {raw_day:02} is not a date"));
        let day = match raw_day {
            1..=31 => raw_day,
            41..=71 => raw_day - 40,
            _ => return Err(not_a_date()),
        };
        if !(1..=12).contains(&month) {
            return Err(FieldError::new(
                "NIK",
                value,
                format!("month {month:02} is not a month"),
            ));
        }
        // Two-digit years: 2000 is a leap year and 1900 is not, so a day is
        // real when it exists in either century.
        let yy = number(&d[10..12]) as i32;
        if ![2000 + yy, 1900 + yy]
            .iter()
            .any(|y| NaiveDate::from_ymd_opt(*y, month, day).is_some())
        {
            return Err(not_a_date());
        }
        if d[12..] == [0, 0, 0, 0] {
            return Err(FieldError::new("NIK", value, "serial 0000 is not issued"));
        }
        Ok(Self(value.to_string()))
    }

    pub fn gender(&self) -> Gender {
        if self.raw_day() > 40 {
            Gender::Female
        } else {
            Gender::Male
        }
    }

    fn raw_day(&self) -> u32 {
        self.0[6..8].parse().unwrap_or(0)
    }

    /// Day, month and two-digit year of birth.
    pub fn birth_dmy(&self) -> (u32, u32, u32) {
        let day = self.raw_day();
        let day = if day > 40 { day - 40 } else { day };
        (
            day,
            self.0[8..10].parse().unwrap_or(0),
            self.0[10..12].parse().unwrap_or(0),
        )
    }

    pub fn masked(&self) -> String {
        super::mask(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_a_man_and_a_woman() {
        let m = Nik::parse("3201011203900001").unwrap();
        assert_eq!(m.gender(), Gender::Male);
        assert_eq!(m.birth_dmy(), (12, 3, 90));
        let f = Nik::parse("3201015203900002").unwrap();
        assert_eq!(f.gender(), Gender::Female);
        assert_eq!(f.birth_dmy(), (12, 3, 90));
    }

    #[test]
    fn day_99_is_named_in_the_error() {
        let e = Nik::parse("3201019999990001").unwrap_err();
        assert_eq!(e.to_string(), "NIK 3201019999990001: day 99 is not a date");
        let e = Nik::parse("3201011213990001").unwrap_err();
        assert_eq!(e.to_string(), "NIK 3201011213990001: month 13 is not a month");
    }

    #[test]
    fn refuses_wrong_length_letters_feb_30_and_serial_zero() {
        assert!(Nik::parse("320101120390000").unwrap_err().rule.contains("15 digits"));
        assert!(Nik::parse("32010112039000a1").unwrap_err().rule.contains("not a digit"));
        assert!(Nik::parse("3201013002900001").unwrap_err().rule.contains("day 30"));
        assert!(Nik::parse("3201011203900000").unwrap_err().rule.contains("serial"));
        assert!(Nik::parse("3201013502900001").unwrap_err().rule.contains("day 35"));
    }

    #[test]
    fn leap_day_is_a_date() {
        assert!(Nik::parse("3201012902000001").is_ok());
        assert!(Nik::parse("3201016902000001").is_ok());
    }

    proptest! {
        #[test]
        fn every_real_birth_date_is_accepted(
            prov in 11u32..=94, day in 1u32..=28, month in 1u32..=12, yy in 0u32..=99,
            female: bool, serial in 1u32..=9999,
        ) {
            let dd = if female { day + 40 } else { day };
            let s = format!("{prov:02}0101{dd:02}{month:02}{yy:02}{serial:04}");
            let nik = Nik::parse(&s).unwrap();
            prop_assert_eq!(nik.gender() == Gender::Female, female);
            prop_assert_eq!(nik.birth_dmy(), (day, month, yy));
        }

        #[test]
        fn no_input_panics_and_bad_months_are_refused(s in "[0-9]{16}") {
            let month: u32 = s[8..10].parse().unwrap();
            let r = Nik::parse(&s);
            if !(1..=12).contains(&month) { prop_assert!(r.is_err()); }
        }

        #[test]
        fn any_string_gets_an_answer(s in ".{0,40}") {
            let _ = Nik::parse(&s);
        }
    }
}
