//! One error type for the use-cases; each message says what was wrong and
//! what to do.

use crate::domain::FieldError;
use crate::domain::case::{DocumentError, Refusal};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum RaError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error("sign-in failed: unknown operator or wrong PIN")]
    SignIn,
    #[error("{0}")]
    Invalid(String),
    /// A one-time link that does not open (the applicant page shows why).
    #[error(transparent)]
    Link(#[from] crate::domain::LinkRefusal),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Ca(#[from] crate::ca::CaError),
    #[error("there is no CA yet: a ca_admin runs `ratu ca init` (or `ratu ca import`)")]
    NoCa,
    #[error("the CA is locked: give its passphrase (RATU_CA_PASSPHRASE, or when asked)")]
    CaLocked,
}

impl RaError {
    /// A PKCS#12 was read without its passphrase: ask for it and read again.
    pub fn needs_passphrase(&self) -> bool {
        matches!(self, RaError::Ca(crate::ca::CaError::PassphraseRequired { .. }))
    }
}
