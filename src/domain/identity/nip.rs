//! NIP of a PNS (18 digits, no checksum): birth date YYYYMMDD, appointment
//! YYYYMM, gender digit (1 male, 2 female), serial (3). An NI PPPK has the
//! same length, with digits 13–14 above 12.

use super::{FieldError, Gender, Nik, digits, number};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NipKind {
    /// Pegawai Negeri Sipil.
    Pns,
    /// Pegawai Pemerintah dengan Perjanjian Kerja.
    Pppk,
}

impl std::fmt::Display for NipKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NipKind::Pns => "PNS",
            NipKind::Pppk => "PPPK",
        })
    }
}

super::newtype::identity_number!(Nip, display);

impl Nip {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let d = digits("NIP", value, &[18])?;
        let (y, m, day) = (number(&d[0..4]), number(&d[4..6]), number(&d[6..8]));
        if NaiveDate::from_ymd_opt(y as i32, m, day).is_none() || !(1900..=2100).contains(&y) {
            return Err(FieldError::new(
                "NIP",
                value,
                format!("birth date {y:04}-{m:02}-{day:02} is not a date"),
            ));
        }
        let ay = number(&d[8..12]);
        if ay < y || ay > 2100 {
            return Err(FieldError::new(
                "NIP",
                value,
                format!("appointment year {ay} is before the birth year {y}"),
            ));
        }
        let am = number(&d[12..14]);
        if am == 0 {
            return Err(FieldError::new("NIP", value, "appointment month 00 is not a month"));
        }
        if !matches!(d[14], 1 | 2) {
            return Err(FieldError::new(
                "NIP",
                value,
                format!("gender digit {} is neither 1 (male) nor 2 (female)", d[14]),
            ));
        }
        if d[15..] == [0, 0, 0] {
            return Err(FieldError::new("NIP", value, "serial 000 is not issued"));
        }
        Ok(Self(value.to_string()))
    }

    pub fn kind(&self) -> NipKind {
        if self.0[12..14].parse::<u32>().unwrap_or(0) > 12 {
            NipKind::Pppk
        } else {
            NipKind::Pns
        }
    }

    pub fn gender(&self) -> Gender {
        if &self.0[14..15] == "2" {
            Gender::Female
        } else {
            Gender::Male
        }
    }

    /// Birth date and gender must agree with the NIK.
    pub fn check_against(&self, nik: &Nik) -> Result<(), FieldError> {
        let (d, m, yy) = nik.birth_dmy();
        let (ny, nm, nd): (u32, u32, u32) = (
            self.0[0..4].parse().unwrap_or(0),
            self.0[4..6].parse().unwrap_or(0),
            self.0[6..8].parse().unwrap_or(0),
        );
        if (nd, nm, ny % 100) != (d, m, yy) {
            return Err(FieldError::new(
                "NIP",
                &self.0,
                format!("birth date {ny:04}-{nm:02}-{nd:02} disagrees with the NIK's {d:02}-{m:02}-{yy:02}"),
            ));
        }
        if self.gender() != nik.gender() {
            return Err(FieldError::new(
                "NIP",
                &self.0,
                format!("gender {:?} disagrees with the NIK's {:?}", self.gender(), nik.gender()),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pns_and_pppk() {
        let pns = Nip::parse("199003122015031001").unwrap();
        assert_eq!(pns.kind(), NipKind::Pns);
        assert_eq!(pns.gender(), Gender::Male);
        let pppk = Nip::parse("199003122023212001").unwrap();
        assert_eq!(pppk.kind(), NipKind::Pppk);
    }

    #[test]
    fn must_agree_with_nik() {
        let nip = Nip::parse("199003122015031001").unwrap();
        nip.check_against(&Nik::parse("3201011203900001").unwrap()).unwrap();
        let woman = Nik::parse("3201015203900001").unwrap();
        assert!(nip.check_against(&woman).unwrap_err().rule.contains("gender"));
        let other_day = Nik::parse("3201011303900001").unwrap();
        assert!(nip.check_against(&other_day).unwrap_err().rule.contains("birth date"));
    }

    #[test]
    fn refuses_bad_dates_and_gender_digits() {
        assert!(
            Nip::parse("199013122015031001")
                .unwrap_err()
                .rule
                .contains("birth date")
        );
        assert!(
            Nip::parse("199003122015033001")
                .unwrap_err()
                .rule
                .contains("gender digit 3")
        );
        assert!(
            Nip::parse("199003121980031001")
                .unwrap_err()
                .rule
                .contains("appointment year")
        );
        assert!(Nip::parse("19900312201503100").unwrap_err().rule.contains("17 digits"));
    }

    proptest! {
        #[test]
        fn nik_and_nip_built_from_one_person_agree(
            y in 1960u32..=2005, m in 1u32..=12, d in 1u32..=28, female: bool,
            ay_off in 18u32..=40, am in 1u32..=24, s in 1u32..=999,
        ) {
            let g = if female { 2 } else { 1 };
            let nip = format!("{y:04}{m:02}{d:02}{:04}{am:02}{g}{s:03}", y + ay_off);
            let nd = if female { d + 40 } else { d };
            let nik = format!("320101{nd:02}{m:02}{:02}0001", y % 100);
            let nip = Nip::parse(&nip).unwrap();
            prop_assert_eq!(nip.kind() == NipKind::Pppk, am > 12);
            prop_assert!(nip.check_against(&Nik::parse(&nik).unwrap()).is_ok());
        }

        #[test]
        fn any_string_gets_an_answer(s in ".{0,40}") {
            let _ = Nip::parse(&s);
        }
    }
}
