//! The one secret reader: the CA passphrase, the database password, the
//! backup passphrase, PINs and every other passphrase are read by the same
//! rule, so none of them is handled more loosely than the others.
//!
//! For a secret named by the variable `VAR` (`RATU_CA_PASSPHRASE`,
//! `RATU_DB_PASS`, `RATU_BACKUP_PASSPHRASE`, `RATU_PIN`, …):
//! 1. the file named by `VAR_FILE` (as systemd's `LoadCredential` provides
//!    it), its trailing line ending dropped;
//! 2. else the variable `VAR` itself;
//! 3. else typed without echo, when there is a terminal to ask on.
//!
//! The value lives in a [`Zeroizing`] string, wiped when it is dropped. A
//! leaf: it knows nothing of the rest of ratu.

use anyhow::{Context, Result, anyhow, bail};
use std::io::IsTerminal;
use std::path::Path;
use zeroize::Zeroizing;

/// A secret, wiped from memory when dropped.
pub type Secret = Zeroizing<String>;

/// Whether to type the secret when neither `VAR_FILE` nor `VAR` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Never: scripts and services that must not block.
    Never,
    /// Once, without echo, when stdin is a terminal.
    Once,
    /// Twice, without echo, and the two must agree: a new secret.
    Twice,
}

/// `VAR_FILE`, then `VAR`, then (per `ask`) typed, when stdin is a
/// terminal: a service started without one never waits on a prompt.
/// `None` when nothing gives it.
pub fn read(var: &str, prompt: &str, ask: Ask) -> Result<Option<Secret>> {
    if let Some(s) = given(var)? {
        return Ok(Some(s));
    }
    if ask == Ask::Never || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    ask_terminal(var, prompt, ask).map(Some)
}

/// For a command that cannot go on without it: `VAR_FILE`, then `VAR`,
/// then typed on the controlling terminal (even with stdin redirected, as
/// a password prompt does); an error naming `VAR` and `VAR_FILE` when
/// there is no terminal either.
pub fn require(var: &str, prompt: &str, ask: Ask) -> Result<Secret> {
    if let Some(s) = given(var)? {
        return Ok(s);
    }
    if ask == Ask::Never {
        bail!("{prompt} is needed: set {var} or {var}_FILE");
    }
    ask_terminal(var, prompt, ask)
}

fn ask_terminal(var: &str, prompt: &str, ask: Ask) -> Result<Secret> {
    let first = typed(var, prompt)?;
    if ask == Ask::Twice && *first != *typed(var, "again")? {
        bail!("the two entries differ; nothing was changed");
    }
    Ok(first)
}

/// `VAR_FILE`, then `VAR`; never asks.
pub fn given(var: &str) -> Result<Option<Secret>> {
    if let Some(file) = std::env::var_os(format!("{var}_FILE")) {
        return from_file(Path::new(&file)).map(Some);
    }
    Ok(std::env::var(var).ok().map(Zeroizing::new))
}

/// Whether `VAR_FILE` or `VAR` is set (nothing is read).
pub fn is_given(var: &str) -> bool {
    std::env::var_os(format!("{var}_FILE")).is_some() || std::env::var_os(var).is_some()
}

fn from_file(file: &Path) -> Result<Secret> {
    let text = Zeroizing::new(
        std::fs::read_to_string(file).with_context(|| format!("cannot read the secret in {}", file.display()))?,
    );
    let value = text.trim_end_matches(['\r', '\n']);
    if value.is_empty() {
        bail!("{} is empty", file.display());
    }
    Ok(Zeroizing::new(value.to_string()))
}

fn typed(var: &str, prompt: &str) -> Result<Secret> {
    rpassword::prompt_password(format!("{prompt}: "))
        .map(Zeroizing::new)
        .map_err(|e| anyhow!("cannot read from the terminal ({e}); set {var} or {var}_FILE for scripts"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_comes_before_the_variable_and_loses_its_line_ending() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pass");
        std::fs::write(&file, "from-file\r\n").unwrap();
        // Names of this test's own, so no other test sees them.
        let var = "RATU_TEST_SECRET_ORDER";
        unsafe {
            std::env::set_var(var, "from-var");
            std::env::set_var(format!("{var}_FILE"), &file);
        }
        assert_eq!(given(var).unwrap().as_deref().map(String::as_str), Some("from-file"));
        unsafe { std::env::remove_var(format!("{var}_FILE")) };
        assert_eq!(given(var).unwrap().as_deref().map(String::as_str), Some("from-var"));
        unsafe { std::env::remove_var(var) };
        assert!(given(var).unwrap().is_none());
        assert!(read(var, "test secret", Ask::Never).unwrap().is_none());
        let err = require(var, "the test secret", Ask::Never).unwrap_err().to_string();
        assert!(err.contains(var) && err.contains(&format!("{var}_FILE")), "{err}");
    }

    #[test]
    fn an_empty_or_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").unwrap();
        assert!(from_file(&empty).unwrap_err().to_string().contains("is empty"));
        let missing = dir.path().join("missing");
        assert!(from_file(&missing).unwrap_err().to_string().contains("missing"));
    }
}
