//! The passphrase policy for applicants' keys and the CA key: at least 10
//! characters, at least three of lower case, upper case, digits and
//! symbols, and not one character repeated. The console checks it as the
//! applicant types; `ca::passphrase_policy` enforces the same rule.

/// What the passphrase still lacks; empty when it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weakness {
    TooShort { have: usize, need: usize },
    TooFewClasses { have: usize, need: usize },
    OneCharacter,
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Weakness::TooShort { have, need } => write!(f, "it has {have} characters; use at least {need}"),
            Weakness::TooFewClasses { have, need } => write!(
                f,
                "it uses {have} of the 4 kinds of character; use at least {need} of lowercase, uppercase, digits and symbols"
            ),
            Weakness::OneCharacter => f.write_str("it repeats a single character; choose a real passphrase"),
        }
    }
}

pub const MIN_CHARS: usize = 10;
pub const MIN_CLASSES: usize = 3;

/// Checks the policy; `Err` lists every rule not yet met.
pub fn check(p: &str) -> Result<(), Vec<Weakness>> {
    let n = p.chars().count();
    let classes = [
        p.chars().any(char::is_lowercase),
        p.chars().any(char::is_uppercase),
        p.chars().any(|c| c.is_ascii_digit()),
        p.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let mut w = Vec::new();
    if n < MIN_CHARS {
        w.push(Weakness::TooShort {
            have: n,
            need: MIN_CHARS,
        });
    }
    if classes < MIN_CLASSES {
        w.push(Weakness::TooFewClasses {
            have: classes,
            need: MIN_CLASSES,
        });
    }
    let mut chars = p.chars();
    let first = chars.next();
    if first.is_some() && chars.all(|c| Some(c) == first) {
        w.push(Weakness::OneCharacter);
    }
    if w.is_empty() { Ok(()) } else { Err(w) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_needs_ten_chars_and_three_classes() {
        assert!(check("Rahasia#2026").is_ok());
        assert!(check("rahasia2026x").unwrap_err().len() == 1);
        assert_eq!(check("Ab1!").unwrap_err().len(), 1);
        assert_eq!(check("abc").unwrap_err().len(), 2);
        assert!(check("ABCdef1234").is_ok());
    }
}
