//! Official e-mail: one `@`, a local part and a dotted domain, no spaces or
//! control characters.

use super::FieldError;

pub fn validate_email(value: &str) -> Result<(), FieldError> {
    let err = |rule: &str| Err(FieldError::new("e-mail", value, rule));
    if value.len() > 254 {
        return err("is longer than 254 characters");
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return err("contains a space or control character");
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return err("has no @");
    };
    if local.is_empty() || local.len() > 64 || local.contains('@') {
        return err("local part before @ must be 1 to 64 characters and hold no @");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return err("local part has a misplaced dot");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return err("domain after @ is not a dotted host name");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn official_addresses() {
        assert!(validate_email("budi.santoso@jabarprov.go.id").is_ok());
        assert!(validate_email("budi@localhost").unwrap_err().rule.contains("domain"));
        assert!(
            validate_email("budi santoso@x.go.id")
                .unwrap_err()
                .rule
                .contains("space")
        );
        assert!(validate_email("x.go.id").unwrap_err().rule.contains("no @"));
    }

    proptest! {
        #[test]
        fn simple_addresses_pass(l in "[a-z][a-z0-9._]{0,20}[a-z0-9]", d in "[a-z]{2,10}") {
            prop_assume!(!l.contains(".."));
            let addr = format!("{l}@{d}.go.id");
            prop_assert!(validate_email(&addr).is_ok());
        }
        #[test]
        fn any_string_gets_an_answer(s in ".{0,80}") {
            let _ = validate_email(&s);
        }
    }
}
