//! The certificate authority wing: pure functions and types over bytes, keys
//! and times. It knows no database and does no I/O except the two explicit
//! file writers ([`write_atomic`], [`write_secret_file`]).
//!
//! What lives here, one file per concern:
//!
//! | file | holds |
//! |---|---|
//! | `alg.rs` | [`KeyAlg`] (what to generate) and [`KeyInfo`] (what a key is) |
//! | `key.rs` | [`PrivateKey`]: generation, PKCS#8 at rest (scrypt + AES-256-CBC), loading PKCS#8 / PKCS#1 / SEC1 |
//! | `atomic.rs` | [`write_atomic`]: temp file + fsync + rename + fsync folder |
//! | `names.rs` | [`SubjectInfo`] and the 64-character name rule ([`shorten_common_name`]) |
//! | `profile.rs` | [`Profile`]s as data (`assets/profiles.toml`), [`CaUrls`] |
//! | `serial.rs` | [`Serial`]: 16 random bytes, positive |
//! | `hierarchy.rs` | [`create_hierarchy`] (root + issuing CA) and [`import_issuing_ca`] |
//! | `csr.rs` | [`parse_csr`]: signature checked, weak keys refused, subject ignored |
//! | `ext.rs` | AIA extension, key identifiers (RFC 7093): the leaf `hierarchy`, `issue` and `delegate` share |
//! | `issue.rs` | [`Issuer`] (built once, reused) and [`IssueRequest`] |
//! | `crl.rs` | [`sign_crl`]: streaming DER writer, a million entries in well under a second |
//! | `delegate.rs` | [`Delegate`]: ratu's own signers (OCSP responder, archive), a key in memory, a certificate from the issuing CA |
//! | `cms.rs` | [`sign_detached`], [`verify_detached`]: detached CMS SignedData (the archive's manifest) |
//! | `ocsp.rs` | OCSP requests read, the delegated responder ([`OcspSigner`]), signed responses (`x509-ocsp`) |
//! | `p12.rs` | [`make_p12`], [`read_p12`], [`passphrase_policy`] |
//! | `inspect.rs` | [`inspect`]: certificate, CRL, CSR or PKCS#12, PEM or DER |
//!
//! Errors are [`CaError`]: one line, naming the input and the problem, and
//! saying what to do. Bad input never panics. Functions that read bytes take
//! a `what: &str` first: the file name (or field) to put in the message.
//!
//! # How `ra` uses it
//!
//! ```text
//! setup:    h = create_hierarchy(&HierarchySpec { alg, root_urls, ..Default::default() }, now)
//!           (or ca = import_issuing_ca(cert_file, cert, key_file, key, passphrase))
//!           store encrypt_pkcs8(&h.issuing.key_pkcs8, passphrase) with write_secret_file
//! start:    issuer = Issuer::open(cert_file, cert, key_file, encrypted_key, Some(passphrase))
//!           (once; reuse it for every certificate and CRL)
//! from CSR: csr = parse_csr(file, bytes)?; pk = csr.public_key
//! generated: key = PrivateKey::generate(alg)?; pk = key.public_key()?
//! issue:    serial = Serial::random() (record intent first), then
//!           der = issuer.issue(&IssueRequest { subject, public_key: &pk, profile, serial, not_before, urls })?
//!           p12 = make_p12(&der, key.pkcs8_der(), &[issuing, root], applicant_passphrase, name)?
//! CRL:      der = sign_crl(&issuer, next_number, now, now + 7 days, &entries)?
//!           write_atomic(crl.der, 0o644) and pem_encode("X509 CRL", &der) likewise
//! inspect:  inspect(file, bytes, p12_passphrase)? → serde for --json
//! ```

mod alg;
mod atomic;
mod cms;
mod crl;
mod csr;
mod delegate;
mod der;
mod ext;
mod hierarchy;
mod inspect;
mod issue;
mod key;
mod names;
mod ocsp;
mod p12;
mod pem;
mod profile;
mod serial;
mod server_cert;
mod time;

pub use alg::{KeyAlg, KeyInfo, KeyKind, PublicKey};
pub use atomic::write_atomic;
pub use cms::{CmsSigner, DOCUMENT_SIGNING, sign_detached, verify_detached};
pub use crl::{RevokedEntry, encode_revoked, sign_crl, sign_crl_encoded};
pub use csr::{Csr, parse_csr};
pub use delegate::Delegate;
pub use hierarchy::{CaCert, CaHierarchy, HierarchySpec, create_hierarchy, import_issuing_ca};
pub use inspect::{ExtensionInfo, Inspection, Kind, first_certificate_der, inspect, signed_by};
pub use issue::{IssueRequest, Issuer};
pub use key::{PrivateKey, decrypt_pkcs8, encrypt_pkcs8, load_private_key, write_secret_file};
pub use names::{MAX_NAME_CHARS, SubjectInfo, shorten_common_name, truncate_chars};
pub use ocsp::{
    Answer, CertId, IssuerHashes, MAX_NONCE, MAX_REQUESTS, OcspError, OcspQuery, OcspSigner, cert_id_der,
    cert_id_serial, error_response, parse_request, request_der,
};
pub use p12::{P12Contents, make_p12, passphrase_policy, read_p12};
pub use pem::pem_encode;
pub use profile::{CaUrls, Profile, ProfileSubject, Profiles, add_validity};
pub use serial::Serial;
pub use server_cert::{ServerIdentity, ServerName, parse_server_names, read_server_identity, server_names_of};

pub use crate::domain::RevocationReason;

/// Everything that can go wrong in the CA wing. Every message is one line that
/// names the input (file or field), the problem, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    /// The bytes are not a certificate, CRL, CSR, key or PKCS#12 we can read.
    #[error("{0}")]
    Unrecognized(String),
    /// The input was recognised but is malformed or not acceptable.
    #[error("{what}: {problem}")]
    Invalid { what: String, problem: String },
    /// The passphrase does not open the encrypted key or PKCS#12 file.
    #[error("{what}: wrong passphrase; check it (and the keyboard layout) and try again")]
    WrongPassphrase { what: String },
    /// A private key needs a passphrase that was not given.
    #[error("{what}: the key is encrypted; give its passphrase")]
    PassphraseRequired { what: String },
    /// The key is too weak or of an algorithm we do not accept.
    #[error("{what}: {problem}")]
    WeakKey { what: String, problem: String },
    /// The signature on a CSR (or other signed object) does not verify.
    #[error("{what}: the signature does not verify; the file was altered or damaged, ask for a new one")]
    BadSignature { what: String },
    /// The private key does not belong to the certificate.
    #[error("the key in {key} does not match the certificate in {cert}; give the key that belongs to this certificate")]
    KeyMismatch { key: String, cert: String },
    /// A passphrase did not meet the policy.
    #[error("passphrase rejected: {0}")]
    Policy(String),
    /// A file could not be written or read.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// The crypto library refused an operation (should not happen with valid inputs).
    #[error("{what} failed: {problem}; this is a bug or an unsupported key, report it with the command you ran")]
    Crypto { what: String, problem: String },
}

impl CaError {
    pub(crate) fn invalid(what: impl Into<String>, problem: impl Into<String>) -> Self {
        Self::Invalid {
            what: what.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn crypto(what: impl Into<String>, problem: impl std::fmt::Display) -> Self {
        Self::Crypto {
            what: what.into(),
            problem: problem.to_string(),
        }
    }
}

/// Result alias for the CA wing.
pub type Result<T, E = CaError> = std::result::Result<T, E>;
