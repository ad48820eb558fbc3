//! Applicant-supplied text can hold escape sequences and control characters.
//! `visible` turns every such character into a printable placeholder so that
//! nothing an applicant typed ever reaches a terminal as a command.

/// Replaces control characters (C0, DEL, C1) and bidi overrides with
/// `\u{..}`-style placeholders; everything else (Unicode letters,
/// apostrophes, emoji) is kept.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// A name or free text as typed: trimmed, at most `max` characters, and no
/// control characters.
pub fn clean_field(field: &'static str, value: &str, max: usize) -> Result<String, super::FieldError> {
    let v = value.trim();
    if v.chars().any(is_hostile) {
        return Err(super::FieldError::new(field, v, "contains control characters"));
    }
    if v.chars().count() > max {
        return Err(super::FieldError::new(
            field,
            v,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_codes_become_placeholders() {
        assert_eq!(visible("A\x1b[31mB"), "A\\u{1b}[31mB");
        assert_eq!(visible("Dr. I Gusti Ngurah 'Agung'"), "Dr. I Gusti Ngurah 'Agung'");
        assert_eq!(visible("x\u{202e}y"), "x\\u{202e}y");
    }
}
