//! PKCS#12 (.p12 / .pfx) for keys generated on behalf of an applicant, and
//! the passphrase policy that protects them.

use super::{CaError, Result};
use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, Pkcs12Archive, PrivateKeyChain,
};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The applicant's passphrase policy ([`crate::domain::passphrase`]): at
/// least 10 characters, at least 3 of the 4 classes (lowercase, uppercase,
/// digit, symbol), and not one character repeated. The error names every
/// rule that failed.
pub fn passphrase_policy(p: &str) -> Result<(), String> {
    crate::domain::passphrase::check(p).map_err(|w| w.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}

/// Builds a PKCS#12 with the certificate, its key and the chain (issuing CA
/// first, then root), encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)
/// and an HMAC-SHA256 MAC, which OpenSSL 3 and current Windows/macOS open.
/// The passphrase must pass [`passphrase_policy`].
pub fn make_p12(
    cert_der: &[u8],
    key_pkcs8: &[u8],
    chain: &[Vec<u8>],
    passphrase: &str,
    friendly_name: &str,
) -> Result<Vec<u8>> {
    passphrase_policy(passphrase).map_err(CaError::Policy)?;
    let bad = |what: &str| CaError::invalid(what, "is not valid DER for PKCS#12");
    let key = p12_keystore::PrivateKey::from_der(key_pkcs8).map_err(|_| bad("private key"))?;
    let mut certs = vec![Certificate::from_der(cert_der).map_err(|_| bad("certificate"))?];
    for c in chain {
        certs.push(Certificate::from_der(c).map_err(|_| bad("chain certificate"))?);
    }
    let local_key_id = Sha256::digest(cert_der)[..20].to_vec();
    let mut ks = KeyStore::new();
    ks.add_entry(
        friendly_name,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(local_key_id, key, certs)),
    );
    ks.writer(passphrase)
        .encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
        .mac_algorithm(MacAlgorithm::HmacSha256)
        .encryption_iterations(100_000)
        .mac_iterations(100_000)
        .write()
        .map_err(|e| CaError::crypto("writing the PKCS#12", e))
}

/// What a PKCS#12 holds.
pub struct P12Contents {
    /// The certificate that belongs to the key (or the first certificate).
    pub cert_der: Option<Vec<u8>>,
    /// The other certificates.
    pub chain: Vec<Vec<u8>>,
    /// The private key, PKCS#8 DER.
    pub key_pkcs8: Option<Zeroizing<Vec<u8>>>,
    pub friendly_name: Option<String>,
}

impl std::fmt::Debug for P12Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("P12Contents")
            .field("cert_der", &self.cert_der.as_ref().map(Vec::len))
            .field("chain", &self.chain.len())
            .field("key_pkcs8", &self.key_pkcs8.as_ref().map(|_| "[secret]"))
            .field("friendly_name", &self.friendly_name)
            .finish()
    }
}

/// Opens a PKCS#12. `what` names the input (the file) in errors; a wrong
/// passphrase gives [`CaError::WrongPassphrase`].
pub fn read_p12(what: &str, bytes: &[u8], passphrase: &str) -> Result<P12Contents> {
    use p12_keystore::error::Error as E;
    let archive = Pkcs12Archive::from_pkcs12(bytes, passphrase).map_err(|e| match e {
        E::MacError(_) | E::UnpadError | E::Pkcs5Error(_) => CaError::WrongPassphrase { what: what.into() },
        E::DerError(_) | E::InvalidVersion | E::UnsupportedContentType => {
            CaError::Unrecognized(format!("{what}: not a PKCS#12 file (.p12/.pfx)"))
        }
        other => CaError::invalid(what, format!("cannot be opened: {other}")),
    })?;
    let key = archive.keys.first();
    let key_id = key.and_then(|k| k.local_key_id.as_ref()).map(|k| k.as_ref().to_vec());
    let leaf_idx = archive
        .certs
        .iter()
        .position(|c| key_id.is_some() && c.local_key_id == key_id)
        .or(if archive.certs.is_empty() { None } else { Some(0) });
    let mut cert_der = None;
    let mut chain = Vec::new();
    for (i, c) in archive.certs.iter().enumerate() {
        if Some(i) == leaf_idx {
            cert_der = Some(c.cert.as_der().to_vec());
        } else {
            chain.push(c.cert.as_der().to_vec());
        }
    }
    Ok(P12Contents {
        cert_der,
        chain,
        key_pkcs8: key.map(|k| Zeroizing::new(k.key.as_der().to_vec())),
        friendly_name: key.and_then(|k| k.friendly_name.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_policy_names_the_rule() {
        assert!(passphrase_policy("Short1!").unwrap_err().contains("at least 10"));
        assert!(passphrase_policy("alllowercaseletters").unwrap_err().contains("3 of"));
        assert!(passphrase_policy("lowercase123456").unwrap_err().contains("2 of the 4"));
        assert!(passphrase_policy("Kopi-Tubruk-2026").is_ok());
        assert!(passphrase_policy("Selamat pagi 2026").is_ok());
        assert!(passphrase_policy("ÉÉÉÉÉÉÉÉÉÉé1").is_ok());
        // Repeated single character: fails the class rule first or the repeat rule.
        assert!(passphrase_policy("aaaaaaaaaaaa").is_err());
    }
}
