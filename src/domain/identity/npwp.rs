//! NPWP: old 15 digits `TT.sss.sss.C-KKK.BBB` whose 9th digit is a Luhn check
//! digit over the first 8; new 16 digits (equal to the NIK for residents,
//! otherwise `0` + the old 15).

use super::{FieldError, Nik, digits};
use std::fmt;

super::newtype::identity_number!(Npwp);

/// Luhn check digit for `d`.
fn luhn_digit(d: &[u8]) -> u8 {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 0 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Npwp {
    /// Accepts the dotted form or bare digits; stores bare digits.
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let bare: String = value.chars().filter(|c| !matches!(c, '.' | '-' | ' ')).collect();
        // The error quotes the value as typed, escaped like every other.
        let d = digits("NPWP", &bare, &[15, 16]).map_err(|e| FieldError::new("NPWP", value, e.rule))?;
        let old = match d.len() {
            15 => &d[..],
            _ if d[0] == 0 => &d[1..],
            // 16 digits not starting with 0: a resident's NIK.
            _ => {
                Nik::parse(&bare).map_err(|e| {
                    FieldError::new("NPWP", value, format!("16-digit NPWP is not a valid NIK ({})", e.rule))
                })?;
                return Ok(Self(bare));
            }
        };
        let want = luhn_digit(&old[..8]);
        if old[8] != want {
            return Err(FieldError::new(
                "NPWP",
                value,
                format!("check digit {} does not match the Luhn digit {want}", old[8]),
            ));
        }
        Ok(Self(bare))
    }

    /// Luhn check digit over eight digits (for building test data).
    pub fn check_digit(first8: &str) -> Option<u8> {
        let d: Vec<u8> = first8.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        (d.len() == 8 && d.iter().all(|x| *x < 10)).then(|| luhn_digit(&d))
    }
}

impl fmt::Display for Npwp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        if s.len() == 15 {
            write!(
                f,
                "{}.{}.{}.{}-{}.{}",
                &s[0..2],
                &s[2..5],
                &s[5..8],
                &s[8..9],
                &s[9..12],
                &s[12..15]
            )
        } else {
            f.write_str(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn old_format_with_dots_and_luhn() {
        // 01.234.567.? : Luhn over 01234567 is 4.
        assert_eq!(Npwp::check_digit("01234567"), Some(4));
        let n = Npwp::parse("01.234.567.4-407.000").unwrap();
        assert_eq!(n.to_string(), "01.234.567.4-407.000");
        let e = Npwp::parse("01.234.567.3-407.000").unwrap_err();
        assert!(e.rule.contains("Luhn"), "{e}");
    }

    #[test]
    fn new_format_is_nik_or_zero_plus_old() {
        assert!(Npwp::parse("3201011203900001").is_ok());
        assert!(Npwp::parse("0012345674407000").is_ok());
        assert!(Npwp::parse("3201019999990001").unwrap_err().rule.contains("NIK"));
    }

    proptest! {
        #[test]
        fn the_luhn_digit_always_validates(first in "[0-9]{8}", rest in "[0-9]{6}") {
            let c = Npwp::check_digit(&first).unwrap();
            let good = format!("{first}{c}{rest}");
            prop_assert!(Npwp::parse(&good).is_ok());
            let bad = format!("{first}{}{rest}", (c + 1) % 10);
            prop_assert!(Npwp::parse(&bad).is_err());
        }

        #[test]
        fn any_string_gets_an_answer(s in ".{0,40}") {
            let _ = Npwp::parse(&s);
        }
    }
}
