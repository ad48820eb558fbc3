//! The subscriber agreement applicants accept at the set-passphrase step:
//! a versioned text in `assets/agreement/`, identified by its version and
//! the SHA-256 of its exact bytes, which the acceptance records.

use sha2::{Digest, Sha256};

/// The agreement in force: its version names its file.
const VERSION: &str = "2026-1";
const TEXT: &str = include_str!("../../assets/agreement/2026-1.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub version: &'static str,
    pub text: &'static str,
    /// Lowercase hex SHA-256 of `text`.
    pub sha256: String,
}

impl Agreement {
    /// The agreement in force.
    pub fn current() -> Self {
        Self {
            version: VERSION,
            text: TEXT,
            sha256: hex::encode(Sha256::digest(TEXT.as_bytes())),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_agreement_names_its_version_in_both_languages() {
        let a = super::Agreement::current();
        assert!(a.text.contains(&format!("versi {}", a.version)));
        assert!(a.text.contains(&format!("version {}", a.version)));
        assert_eq!(a.sha256.len(), 64);
    }
}
