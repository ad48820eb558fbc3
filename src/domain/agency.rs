//! Agencies (instansi): a managed list. A case's agency is one of them, and
//! a verifier works on the cases of the agencies they are assigned.

use super::FieldError;

/// The most characters an agency's name holds (as the subscriber form).
pub const AGENCY_MAX: usize = 200;

/// An agency's name as typed, made canonical: trimmed, runs of white space
/// one space; control and invisible (zero-width) characters refused.
pub fn normalize_agency(name: &str) -> Result<String, FieldError> {
    let cleaned = super::text::clean_field("agency", name, AGENCY_MAX)?;
    let one = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        return Err(FieldError::new("agency", name, "is empty"));
    }
    Ok(one)
}

/// The name on `known` that `name` means: the same name, or the same but
/// for upper and lower case.
pub fn find_agency<'a>(known: &'a [String], name: &str) -> Option<&'a str> {
    let one = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = one(name);
    known
        .iter()
        .find(|k| **k == name)
        .or_else(|| known.iter().find(|k| one(k) == name))
        .or_else(|| known.iter().find(|k| one(k).to_lowercase() == name.to_lowercase()))
        .map(String::as_str)
}

/// The refusal of an agency that is not on the list: one line naming the
/// closest known agency, or the known ones.
pub fn unknown_agency(known: &[String], name: &str) -> String {
    let close = closest(known, name);
    let name = super::text::quoted(name, 80);
    if known.is_empty() {
        return format!(
            "agency {name:?} is not on the list, which is empty: a ca_admin adds it with `ratu agency add NAME`"
        );
    }
    if let Some(close) = close {
        return format!(
            "agency {name:?} is not on the list; did you mean {close:?}? (`ratu agency list` shows them all)"
        );
    }
    let shown: Vec<String> = known.iter().take(6).map(|k| format!("{k:?}")).collect();
    let more = if known.len() > 6 {
        format!(" and {} more (`ratu agency list`)", known.len() - 6)
    } else {
        String::new()
    };
    format!(
        "agency {name:?} is not on the list; known agencies: {}{more}",
        shown.join(", ")
    )
}

/// The known agency nearest to `name`: one that holds it (or is held by
/// it), else one within a few edits.
fn closest<'a>(known: &'a [String], name: &str) -> Option<&'a str> {
    let lower = name.to_lowercase();
    if lower.chars().count() >= 4
        && let Some(k) = known.iter().find(|k| {
            let k = k.to_lowercase();
            k.contains(&lower) || lower.contains(&k)
        })
    {
        return Some(k);
    }
    let limit = (lower.chars().count() / 5).clamp(1, 4);
    known
        .iter()
        .map(|k| (edits(&k.to_lowercase(), &lower), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance, over characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<String> {
        vec!["Diskominfo Kota Bandung".into(), "Dinas Kesehatan Kota Bandung".into()]
    }

    #[test]
    fn agency_names_are_trimmed_and_spaces_collapsed() {
        assert_eq!(
            normalize_agency("  Diskominfo   Kota  Bandung ").unwrap(),
            "Diskominfo Kota Bandung"
        );
    }

    #[test]
    fn agency_names_refuse_control_and_zero_width_characters() {
        assert!(normalize_agency("Dinas\u{1b}[31m").is_err());
        assert!(normalize_agency("Dinas\u{200b}Kominfo").is_err());
        assert!(normalize_agency("   ").is_err());
    }

    #[test]
    fn an_agency_is_found_whatever_its_case() {
        assert_eq!(
            find_agency(&list(), "diskominfo kota  bandung"),
            Some("Diskominfo Kota Bandung")
        );
        assert_eq!(find_agency(&list(), "Diskominfo Kota Bogor"), None);
    }

    #[test]
    fn an_unknown_agency_names_the_closest_or_the_known_ones() {
        let e = unknown_agency(&list(), "Diskominfo Kota Bandun");
        assert!(e.contains("did you mean \"Diskominfo Kota Bandung\""), "{e}");
        let e = unknown_agency(&list(), "Bappeda Provinsi Bali");
        assert!(e.contains("known agencies: \"Diskominfo Kota Bandung\""), "{e}");
        assert!(!e.contains('\n'));
        let e = unknown_agency(&[], "X");
        assert!(e.contains("ratu agency add"), "{e}");
    }
}
