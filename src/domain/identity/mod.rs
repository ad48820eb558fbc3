//! Indonesian identity numbers and contact data: validators that name the
//! field and the rule broken, and masking for display (UU PDP 27/2022).

mod email;
mod newtype;
mod nik;
mod nip;
mod npwp;

pub use email::validate_email;
pub use nik::{Gender, Nik};
pub use nip::{Nip, NipKind};
pub use npwp::Npwp;

use std::fmt;

/// A rule broken by one field of the subscriber's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {value}: {rule}")]
pub struct FieldError {
    pub field: &'static str,
    pub value: String,
    pub rule: String,
}

/// A field rule's words in Indonesian, where they are known: the applicant
/// page shows them beside the English, the Indonesian console instead of
/// it. The rules are written in English where they are made; their words
/// in each language are in `assets/locales/*/rules.ftl`.
pub fn rule_in_indonesian(rule: &str) -> Option<String> {
    crate::locale::rule(crate::locale::Lang::Id, rule)
}

impl FieldError {
    /// The error with the rule in Indonesian when it is known ("NPWP
    /// 12345: berisi 5 digit, perlu 15 atau 16").
    pub fn in_indonesian(&self) -> Option<String> {
        let rule = rule_in_indonesian(&self.rule)?;
        let shown = self.to_string();
        Some(match shown.rsplit_once(&self.rule) {
            Some((head, tail)) => format!("{head}{rule}{tail}"),
            None => rule,
        })
    }
}

/// About how many characters of a bad value an error quotes.
pub const QUOTE_MAX: usize = 80;

impl FieldError {
    /// `value` is quoted with its control and invisible characters escaped,
    /// cut to about [`QUOTE_MAX`] characters.
    pub fn new(field: &'static str, value: &str, rule: impl fmt::Display) -> Self {
        Self {
            field,
            value: crate::domain::text::quoted(value, QUOTE_MAX),
            rule: rule.to_string(),
        }
    }
}

/// Digits of `value`, or the error naming the field when it holds anything
/// else or has the wrong length.
pub(crate) fn digits(field: &'static str, value: &str, lens: &[usize]) -> Result<Vec<u8>, FieldError> {
    if let Some(c) = value.chars().find(|c| !c.is_ascii_digit()) {
        return Err(FieldError::new(field, value, format!("{c:?} is not a digit")));
    }
    if !lens.contains(&value.len()) {
        let want = lens.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(" or ");
        return Err(FieldError::new(
            field,
            value,
            format!("has {} digits, needs {want}", value.len()),
        ));
    }
    Ok(value.bytes().map(|b| b - b'0').collect())
}

/// Number made of `d` digits read as decimal.
pub(crate) fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &x| n * 10 + u32::from(x))
}

/// `3201••••••••0001`: first four and last four digits visible.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 8 {
        return "•".repeat(chars.len());
    }
    let (head, rest) = chars.split_at(4);
    let (mid, tail) = rest.split_at(rest.len() - 4);
    let mut out: String = head.iter().collect();
    out.extend(std::iter::repeat_n('•', mid.len()));
    out.extend(tail.iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_first_and_last_four() {
        assert_eq!(mask("3201010101900001"), "3201••••••••0001");
        assert_eq!(mask("123"), "•••");
    }
}
