//! Untrusted text made safe to draw: control characters, escape sequences
//! and bidi overrides become visible placeholders (`domain::text`), and
//! only as much of a long string as can show is looked at.

use crate::domain::text::is_hostile;

/// At most `max` characters of `s`, hostile ones as `\u{..}`, with `…` when
/// cut. Never walks more than `max` characters of the input.
pub fn safe(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max * 4));
    for (n, c) in s.chars().enumerate() {
        if n >= max {
            out.pop();
            out.push('…');
            return out;
        }
        if is_hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Safe text that fits `width` cells (wide characters count double).
pub fn fit(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let t = safe(s, width + 1);
    if t.width() <= width {
        return t;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in t.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let s = safe("Budi\x1b[2J\u{202e}", 50);
        assert!(!s.contains('\x1b'));
        assert!(s.contains("\\u{1b}[2J"));
        assert!(s.contains("\\u{202e}"));
    }

    #[test]
    fn long_names_are_cut() {
        let long = "A".repeat(10_000);
        assert_eq!(safe(&long, 10).chars().count(), 10);
        assert!(fit("日本語の名前", 5).chars().count() <= 5);
    }
}
