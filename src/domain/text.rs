//! Applicant-supplied text can hold escape sequences and control characters.
//! `visible` turns every such character into a printable placeholder so that
//! nothing an applicant typed ever reaches a terminal as a command; the
//! `clean_*` checks refuse them, and invisible (format) characters, in what
//! is typed.

/// Replaces control characters (C0, DEL, C1) and bidi overrides with
/// `\u{..}`-style placeholders; everything else (Unicode letters,
/// apostrophes, emoji) is kept.
pub fn visible(s: &str) -> String {
    escape_if(s, is_hostile)
}

fn escape_if(s: &str, bad: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if bad(c) {
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

/// Unicode general category Cf (format characters), Unicode 15.1.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// A character that takes no room on screen or breaks a line where no line
/// break is expected: a format character (category Cf: zero-width spaces
/// and joiners, BOM, bidi controls, tags) or the line and paragraph
/// separators U+2028 and U+2029.
pub fn is_invisible(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0x2028 | 0x2029) || FORMAT.binary_search_by(|&(lo, hi)| range_order(lo, hi, u)).is_ok()
}

fn range_order(lo: u32, hi: u32, u: u32) -> std::cmp::Ordering {
    if hi < u {
        std::cmp::Ordering::Less
    } else if lo > u {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

/// The name of an invisible character, for error messages.
fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{00ad}' => "soft hyphen",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' => "bidi control",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte order mark",
        '\u{e0001}' | '\u{e0020}'..='\u{e007f}' => "tag character",
        _ => "format character",
    }
}

/// A message of several lines (a parser's, such as toml's "invalid
/// array\nexpected `]`") as one line: its lines joined with "; ", and any
/// other control character escaped.
pub fn one_line(s: &str) -> String {
    let joined: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    visible(&joined.join("; "))
}

/// The value shown in an error: every control and invisible character
/// escaped, cut to about `max` characters with the full length said.
pub fn quoted(s: &str, max: usize) -> String {
    let escaped = escape_if(s, |c| is_hostile(c) || is_invisible(c));
    let n = escaped.chars().count();
    if n <= max {
        return escaped;
    }
    let head: String = escaped.chars().take(max).collect();
    format!("{head}… ({} characters)", s.chars().count())
}

/// The first character `value` may not hold, as a rule for a `FieldError`.
fn refused_char(value: &str) -> Option<String> {
    if value.chars().any(|c| is_hostile(c) && !is_invisible(c)) {
        return Some("contains control characters; remove them".into());
    }
    value.chars().find(|c| is_invisible(*c)).map(|c| {
        format!(
            "contains an invisible character U+{:04X} ({}); remove it",
            c as u32,
            invisible_name(c)
        )
    })
}

/// A name or free text as typed: trimmed, at most `max` characters, and no
/// control or invisible characters.
pub fn clean_field(field: &'static str, value: &str, max: usize) -> Result<String, super::FieldError> {
    let v = value.trim();
    if let Some(rule) = refused_char(v) {
        return Err(super::FieldError::new(field, v, rule));
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

/// The most characters a note holds.
pub const NOTE_MAX: usize = 2000;

/// A note (`--note`, the reason of a reject or hold) as typed: trimmed,
/// `None` when blank, line breaks allowed, no other control or invisible
/// characters, at most [`NOTE_MAX`] characters.
pub fn clean_note(note: Option<&str>) -> Result<Option<String>, super::FieldError> {
    let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let n = n.replace("\r\n", "\n");
    clean_field("note", &n.replace('\n', " "), NOTE_MAX).map_err(|e| super::FieldError::new("note", &n, e.rule))?;
    Ok(Some(n))
}

/// How long ago `from` was at `now`, short: "45m", "30h", "5d" (hours up
/// to two days, then days). The console's and the CLI's age column.
pub fn age(from: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    let m = (now - from).num_minutes().max(0);
    if m < 60 {
        format!("{m}m")
    } else if m < 48 * 60 {
        format!("{}h", m / 60)
    } else {
        format!("{}d", m / 1440)
    }
}

/// `reason`, with what to do when it is the disk: full, or read-only.
pub fn with_disk_hint(reason: String) -> String {
    if reason.contains("os error 28") || reason.contains("No space left") {
        format!("{reason} — the disk holding the database is full: free space and try again")
    } else if reason.contains("os error 30") || reason.contains("Read-only file system") {
        format!("{reason} — the disk holding the database is read-only: make it writable and try again")
    } else {
        reason
    }
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

    #[test]
    fn every_format_character_and_the_separators_are_invisible() {
        for c in [
            '\u{ad}',
            '\u{600}',
            '\u{605}',
            '\u{61c}',
            '\u{6dd}',
            '\u{70f}',
            '\u{180e}',
            '\u{200b}',
            '\u{200d}',
            '\u{200f}',
            '\u{202a}',
            '\u{202e}',
            '\u{2060}',
            '\u{2064}',
            '\u{2066}',
            '\u{206f}',
            '\u{feff}',
            '\u{fff9}',
            '\u{fffb}',
            '\u{110bd}',
            '\u{1bca0}',
            '\u{1bca3}',
            '\u{1d173}',
            '\u{1d17a}',
            '\u{e0001}',
            '\u{e0020}',
            '\u{e007f}',
            '\u{2028}',
            '\u{2029}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', ' ', '\'', '-', '\u{2065}', '\u{2070}', '\u{fffc}', 'ꦧ', '😀'] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        assert!(FORMAT.windows(2).all(|w| w[0].1 < w[1].0), "sorted, disjoint");
    }

    #[test]
    fn an_invisible_character_is_named_with_its_code_point() {
        let e = clean_field("name", "Budi\u{200d}Santoso", 200).unwrap_err();
        assert_eq!(
            e.rule,
            "contains an invisible character U+200D (zero-width joiner); remove it"
        );
        assert_eq!(e.value, "Budi\\u{200d}Santoso");
    }

    #[test]
    fn a_long_bad_value_is_quoted_cut_short() {
        let v = format!("{}\u{200b}", "x".repeat(500));
        let e = clean_field("agency", &v, 200).unwrap_err().to_string();
        assert!(e.chars().count() < 200, "{e}");
        assert!(e.contains("501 characters") && e.contains("U+200B"), "{e}");
    }

    #[test]
    fn notes_keep_line_breaks_and_refuse_invisible_characters() {
        assert_eq!(clean_note(Some("  ")).unwrap(), None);
        assert_eq!(
            clean_note(Some("KTP buram\nminta ulang")).unwrap().as_deref(),
            Some("KTP buram\nminta ulang")
        );
        let e = clean_note(Some("ok\u{feff}")).unwrap_err();
        assert!(e.rule.contains("U+FEFF (byte order mark)"), "{}", e.rule);
        assert!(clean_note(Some("a\x1b[2Jb")).unwrap_err().rule.contains("control"));
        assert!(clean_note(Some(&"x".repeat(NOTE_MAX + 1))).is_err());
    }
}
