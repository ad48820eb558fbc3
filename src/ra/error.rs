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
    /// Too many wrong PINs in a row: the operator is locked for a while.
    #[error("sign-in refused: too many wrong PINs; {name} can try again after {until} (UTC)")]
    Locked { name: String, until: String },
    /// The PIN and name were right, but a ca_admin disabled the operator.
    #[error("operator {0} is disabled; a ca_admin enables it again (ratu operator enable {0})")]
    Disabled(String),
    /// A session that ended (signed out, expired, operator disabled) or a
    /// token the service never gave.
    #[error("the session ended ({0}); sign in again")]
    SessionEnded(String),
    /// A ca_admin set a one-time PIN: it is changed before anything else.
    #[error("{0} signed in with a one-time PIN: change it first (ratu operator pin)")]
    PinChange(String),
    #[error("{0}")]
    Invalid(String),
    /// The operator's role may not do this (or not on this record).
    #[error("{0}")]
    NotAllowed(String),
    /// The service could not be reached, or answered something else.
    #[error("{0}")]
    Unreachable(String),
    /// A one-time link that does not open (the applicant page shows why).
    #[error(transparent)]
    Link(#[from] crate::domain::LinkRefusal),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Ca(#[from] crate::ca::CaError),
    /// Where there is no CA, and who makes one there.
    #[error("there is no CA yet {0}")]
    NoCa(String),
    #[error("the CA is locked: give its passphrase (RATU_CA_PASSPHRASE, or when asked)")]
    CaLocked,
}

impl RaError {
    /// A PKCS#12 was read without its passphrase: ask for it and read again.
    pub fn needs_passphrase(&self) -> bool {
        matches!(self, RaError::Ca(crate::ca::CaError::PassphraseRequired { .. }))
    }
}
