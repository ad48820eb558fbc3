//! Subject names from the case, and the rule for names longer than the X.509
//! upper bound of 64 characters (RFC 5280 `ub-common-name`, `ub-organization-name`).
//!
//! # The 64-character rule for the common name (holder's name)
//!
//! Applied only when the name (trimmed, inner whitespace collapsed) is longer
//! than 64 characters, one step at a time until it fits:
//!
//! 1. Drop the academic titles written after the name: everything from the
//!    first comma on (`"Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T."` →
//!    `"Dr. I Gusti Ngurah Agung Putra"`).
//! 2. Drop leading honorifics, repeatedly: `Prof.`, `Dr.`, `dr.`, `Drs.`,
//!    `Dra.`, `Ir.`, `H.`, `Hj.`, `K.H.`, `KH.`, `Tn.`, `Ny.`, `Nn.` (case-insensitive,
//!    with or without the final dot).
//! 3. Cut to 64 characters (Unicode scalar values, never inside a character)
//!    and drop trailing spaces.
//!
//! Organisation and unit are simply cut to 64 characters. Unicode and
//! apostrophes are kept (the values are encoded as UTF8String); control
//! characters are refused. The full name stays in the case record.

use super::{CaError, Result};
use rcgen::{DistinguishedName, DnType, DnValue};
use serde::{Deserialize, Serialize};

/// The X.509 upper bound for CN, O and OU, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Who the certificate is for, taken from the case (never from a CSR).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectInfo {
    /// Holder's full name → CN.
    pub name: String,
    /// Agency (instansi) → O.
    pub agency: String,
    /// Unit within the agency → OU.
    pub unit: Option<String>,
    /// E-mail → rfc822Name in subjectAltName.
    pub email: String,
}

const HONORIFICS: [&str; 13] = [
    "prof", "dr", "drs", "dra", "ir", "h", "hj", "k.h", "kh", "tn", "ny", "nn", "hc",
];

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `s` to at most `max` characters, on a character boundary, and trims
/// trailing whitespace.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].trim_end().to_string(),
        None => s.to_string(),
    }
}

/// Applies the documented 64-character rule (see the module docs) to a
/// holder's name.
pub fn shorten_common_name(name: &str) -> String {
    let mut n = collapse_ws(name);
    let fits = |s: &str| s.chars().count() <= MAX_NAME_CHARS;
    if fits(&n) {
        return n;
    }
    if let Some(i) = n.find(',') {
        n = n[..i].trim_end().to_string();
        if fits(&n) {
            return n;
        }
    }
    loop {
        let mut parts = n.splitn(2, ' ');
        let (Some(first), Some(rest)) = (parts.next(), parts.next()) else {
            break;
        };
        let bare = first.trim_end_matches('.').to_lowercase();
        if !HONORIFICS.contains(&bare.as_str()) {
            break;
        }
        n = rest.to_string();
        if fits(&n) {
            return n;
        }
    }
    truncate_chars(&n, MAX_NAME_CHARS)
}

fn clean_field(field: &str, value: &str) -> Result<String> {
    if value.chars().any(char::is_control) {
        return Err(CaError::invalid(
            field,
            "contains control characters; retype it without them",
        ));
    }
    let v = collapse_ws(value);
    if v.is_empty() {
        return Err(CaError::invalid(field, "is empty; fill it in the case"));
    }
    Ok(v)
}

impl SubjectInfo {
    /// The subject DN in DER order C, O, OU, CN (shown as `CN=…, OU=…, O=…, C=ID`).
    pub(crate) fn distinguished_name(&self) -> Result<DistinguishedName> {
        let cn = shorten_common_name(&clean_field("subject name", &self.name)?);
        let o = truncate_chars(&clean_field("subject agency", &self.agency)?, MAX_NAME_CHARS);
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CountryName,
            DnValue::PrintableString("ID".try_into().expect("ID is printable")),
        );
        dn.push(DnType::OrganizationName, o);
        if let Some(unit) = self.unit.as_deref().filter(|u| !u.trim().is_empty()) {
            dn.push(
                DnType::OrganizationalUnitName,
                truncate_chars(&clean_field("subject unit", unit)?, MAX_NAME_CHARS),
            );
        }
        dn.push(DnType::CommonName, cn);
        Ok(dn)
    }

    /// The e-mail as an rfc822Name (IA5String: ASCII only).
    pub(crate) fn rfc822_name(&self) -> Result<rcgen::SanType> {
        let e = self.email.trim();
        let ok = e.is_ascii()
            && !e.chars().any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
            && e.split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'));
        if !ok {
            return Err(CaError::invalid(
                "subject email",
                format!("{e:?} is not a plain ASCII address like name@agency.go.id; correct it in the case"),
            ));
        }
        let ia5 = e
            .to_string()
            .try_into()
            .map_err(|_| CaError::invalid("subject email", "not IA5 text"))?;
        Ok(rcgen::SanType::Rfc822Name(ia5))
    }
}

/// Builds a DN of C, O, CN for CA certificates (names cut to 64 characters).
pub(crate) fn ca_dn(cn: &str, org: &str) -> Result<DistinguishedName> {
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("ID".try_into().expect("ID is printable")),
    );
    dn.push(
        DnType::OrganizationName,
        truncate_chars(&clean_field("CA organisation", org)?, MAX_NAME_CHARS),
    );
    dn.push(
        DnType::CommonName,
        truncate_chars(&clean_field("CA common name", cn)?, MAX_NAME_CHARS),
    );
    Ok(dn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_kept_with_titles_and_apostrophes() {
        assert_eq!(
            shorten_common_name("Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T."),
            "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T."
        );
        assert_eq!(shorten_common_name("  Ni   Luh  Sari "), "Ni Luh Sari");
        assert_eq!(shorten_common_name("Ma'ruf Amin"), "Ma'ruf Amin");
    }

    #[test]
    fn long_names_drop_trailing_titles_first() {
        let long = "Dr. I Gusti Ngurah Agung Putra Wirawan Sukarsa, S.Kom., M.T., M.Kom., Ph.D.";
        assert!(long.chars().count() > 64);
        assert_eq!(
            shorten_common_name(long),
            "Dr. I Gusti Ngurah Agung Putra Wirawan Sukarsa"
        );
    }

    #[test]
    fn long_names_then_drop_leading_honorifics() {
        let long = "Prof. Dr. Ir. H. Raden Mas Tumenggung Aryo Wirjo Dipuro Hadiningrat Kusumo";
        assert!(long.chars().count() > 64);
        // Honorifics are dropped one at a time, only until the name fits.
        let short = shorten_common_name(long);
        assert_eq!(
            short,
            "Ir. H. Raden Mas Tumenggung Aryo Wirjo Dipuro Hadiningrat Kusumo"
        );
        assert!(short.chars().count() <= 64);
        let longer = "Prof. Dr. Ir. H. Raden Mas Tumenggung Aryo Wirjo Dipuro Hadiningrat Kusumowardh";
        assert_eq!(
            shorten_common_name(longer),
            "Raden Mas Tumenggung Aryo Wirjo Dipuro Hadiningrat Kusumowardh"
        );
    }

    #[test]
    fn long_names_finally_truncate_on_character_boundary() {
        let long = "Ñoño Ágústa Ŵiŕàwañ Ŝūkàrsà Ĉahyàdi Pŕàtàmà Ŋgùràh Ďèwà Ăgùñg Ŝàntōsà Ŵìbōwō Ŝètìàwàn";
        assert!(long.chars().count() > 64);
        let short = shorten_common_name(long);
        let expected: String = long.chars().take(64).collect();
        assert_eq!(short, expected.trim_end());
        assert!(long.starts_with(&short));
        let cjk = "李".repeat(100);
        assert_eq!(shorten_common_name(&cjk).chars().count(), 64);
    }

    #[test]
    fn control_characters_and_bad_email_are_refused() {
        let s = SubjectInfo {
            name: "Evil\u{1b}[31m".into(),
            agency: "Dinas".into(),
            unit: None,
            email: "a@b.go.id".into(),
        };
        assert!(
            s.distinguished_name()
                .unwrap_err()
                .to_string()
                .contains("control characters")
        );
        let s = SubjectInfo {
            name: "Budi".into(),
            email: "budi at dinas".into(),
            ..s
        };
        assert!(s.rfc822_name().unwrap_err().to_string().contains("subject email"));
    }

    #[test]
    fn organisation_is_truncated_to_64() {
        let s = SubjectInfo {
            name: "Budi".into(),
            agency: "Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Kepulauan Seribu".into(),
            unit: Some("Bidang".into()),
            email: "budi@dinas.go.id".into(),
        };
        let dn = s.distinguished_name().unwrap();
        match dn.get(&DnType::OrganizationName) {
            Some(DnValue::Utf8String(o)) => assert_eq!(o.chars().count(), 64),
            other => panic!("unexpected {other:?}"),
        }
    }
}
