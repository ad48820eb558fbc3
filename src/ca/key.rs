//! Private keys: generation, PKCS#8 at rest (encrypted with scrypt +
//! AES-256-CBC), and loading of the formats CA operators bring (PKCS#8 plain
//! or encrypted, PKCS#1 RSA, SEC1 EC; PEM or DER). Key bytes live in
//! [`Zeroizing`] buffers and are wiped when dropped.

use super::alg::{KeyAlg, KeyInfo, PublicKey};
use super::der::{self, Tlv};
use super::pem::{looks_like_pem, parse_pem};
use super::{CaError, Result, write_atomic};
use pkcs8::der::pem::LineEnding;
use rcgen::{KeyPair, PublicKeyData};
use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;
use zeroize::Zeroizing;

/// A private key held as PKCS#8 DER in memory that is wiped on drop.
pub struct PrivateKey {
    pkcs8: Zeroizing<Vec<u8>>,
    info: KeyInfo,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("info", &self.info)
            .field("pkcs8", &"[secret]")
            .finish()
    }
}

impl PrivateKey {
    /// Generates a fresh key (aws-lc-rs; RSA included).
    pub fn generate(alg: KeyAlg) -> Result<Self> {
        let kp = match alg {
            KeyAlg::EcdsaP256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256),
            KeyAlg::EcdsaP384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384),
            KeyAlg::Ed25519 => KeyPair::generate_for(&rcgen::PKCS_ED25519),
            KeyAlg::Rsa2048 => KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048),
            KeyAlg::Rsa3072 => KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_3072),
            KeyAlg::Rsa4096 => KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_4096),
        }
        .map_err(|e| CaError::crypto(format!("generating a {alg} key"), e))?;
        Self::from_pkcs8_der("generated key", &Zeroizing::new(kp.serialize_der()))
    }

    /// Takes PKCS#8 DER (plain), checking that it is a usable key. `what`
    /// names the input in errors.
    pub fn from_pkcs8_der(what: &str, der: &[u8]) -> Result<Self> {
        let kp = key_pair_from_pkcs8(what, der)?;
        let info = KeyInfo::from_spki(what, &kp.subject_public_key_info())?;
        if info.kind == super::KeyKind::Rsa && info.bits < 2048 {
            return Err(CaError::WeakKey {
                what: what.into(),
                problem: format!("RSA key of {} bits is too small; use 2048 bits or more", info.bits),
            });
        }
        Ok(Self {
            pkcs8: Zeroizing::new(der.to_vec()),
            info,
        })
    }

    /// The PKCS#8 DER bytes (secret: do not log or write in clear).
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// A copy of the PKCS#8 DER in a zeroizing buffer.
    pub fn to_pkcs8(&self) -> Zeroizing<Vec<u8>> {
        self.pkcs8.clone()
    }

    /// What the key is.
    pub fn info(&self) -> KeyInfo {
        self.info
    }

    /// The matching public key (SubjectPublicKeyInfo).
    pub fn public_key(&self) -> Result<PublicKey> {
        let kp = self.key_pair()?;
        Ok(PublicKey {
            spki_der: kp.subject_public_key_info(),
            info: self.info,
        })
    }

    pub(crate) fn key_pair(&self) -> Result<KeyPair> {
        key_pair_from_pkcs8("private key", &self.pkcs8)
    }
}

/// An rcgen key pair from PKCS#8, choosing the signature algorithm from the
/// key: ECDSA P-256 → ecdsa-with-SHA256, P-384 → ecdsa-with-SHA384,
/// RSA → sha256WithRSAEncryption, Ed25519 → Ed25519.
pub(crate) fn key_pair_from_pkcs8(what: &str, der: &[u8]) -> Result<KeyPair> {
    let is_pkcs8 = der::read_sequence(der).is_some_and(|p| p.len() >= 3 && p[1].tag == der::SEQUENCE);
    if !is_pkcs8 {
        return Err(CaError::invalid(what, "not a PKCS#8 private key"));
    }
    KeyPair::try_from(der).map_err(|_| {
        if let Some(bits) = pkcs8_rsa_bits(der).filter(|b| *b < 2048) {
            return CaError::WeakKey {
                what: what.into(),
                problem: format!("RSA key of {bits} bits is too small; use 2048 bits or more"),
            };
        }
        CaError::invalid(
            what,
            "the private key is damaged or of an unsupported type; use RSA, ECDSA P-256/P-384 or Ed25519",
        )
    })
}

/// The modulus size of an RSA PKCS#8 key (aws-lc refuses small ones before we can ask).
fn pkcs8_rsa_bits(der: &[u8]) -> Option<u32> {
    let parts = der::read_sequence(der)?;
    let alg = der::read_sequence(parts.get(1)?.raw)?;
    if alg.first()?.raw != der::oid(&OID_RSA_ENCRYPTION).as_slice() {
        return None;
    }
    let rsa = der::read_sequence(parts.get(2)?.content)?;
    Some(super::alg::bit_len(rsa.get(1)?.content))
}

/// Encrypts PKCS#8 DER under `passphrase` and returns it as PEM
/// (`ENCRYPTED PRIVATE KEY`, PBES2 with scrypt N=2^15 r=8 p=1 and
/// AES-256-CBC). `openssl pkey` opens it.
pub fn encrypt_pkcs8(der: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    if passphrase.is_empty() {
        return Err(CaError::Policy("the CA key passphrase is empty; choose one".into()));
    }
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|_| CaError::invalid("private key", "not a PKCS#8 private key; nothing was encrypted"))?;
    let doc = info
        .encrypt(rand::rngs::OsRng, passphrase)
        .map_err(|e| CaError::crypto("encrypting the private key", e))?;
    let pem = doc
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .map_err(|e| CaError::crypto("encoding the encrypted key", e))?;
    Ok(pem.as_bytes().to_vec())
}

/// Decrypts an encrypted PKCS#8 key (PEM `ENCRYPTED PRIVATE KEY` or DER).
/// `what` names the input (the file) in errors; a wrong passphrase gives
/// [`CaError::WrongPassphrase`].
pub fn decrypt_pkcs8(what: &str, pem_or_der: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    let der = if looks_like_pem(pem_or_der) {
        let blocks = parse_pem(pem_or_der).map_err(|p| CaError::invalid(what, p))?;
        blocks
            .into_iter()
            .find(|b| b.label == "ENCRYPTED PRIVATE KEY")
            .map(|b| b.contents)
            .ok_or_else(|| CaError::invalid(what, "holds no ENCRYPTED PRIVATE KEY block"))?
    } else {
        pem_or_der.to_vec()
    };
    decrypt_der(what, &der, passphrase)
}

fn decrypt_der(what: &str, der: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    let enc = pkcs8::EncryptedPrivateKeyInfo::try_from(der)
        .map_err(|_| CaError::invalid(what, "not an encrypted PKCS#8 key, or damaged"))?;
    let doc = enc.decrypt(passphrase).map_err(|e| {
        use pkcs8::pkcs5::Error as P5;
        match e {
            pkcs8::Error::EncryptedPrivateKey(
                other @ (P5::UnsupportedAlgorithm { .. } | P5::NoPbes1CryptSupport | P5::AlgorithmParametersInvalid { .. }),
            ) => CaError::invalid(
                what,
                format!(
                    "unsupported key encryption ({other}); re-encrypt with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out NEW`"
                ),
            ),
            _ => CaError::WrongPassphrase { what: what.into() },
        }
    })?;
    let plain = Zeroizing::new(doc.as_bytes().to_vec());
    // CBC padding can look valid under a wrong passphrase by chance: check the result.
    if key_pair_from_pkcs8(what, &plain).is_err() {
        return Err(CaError::WrongPassphrase { what: what.into() });
    }
    Ok(plain)
}

/// Loads a private key in any of the formats CA operators bring: PEM or
/// DER; PKCS#8 plain or encrypted; PKCS#1 RSA (`BEGIN RSA PRIVATE KEY`);
/// SEC1 EC (`BEGIN EC PRIVATE KEY`). PKCS#1 and SEC1 are converted to
/// PKCS#8. `what` names the input (the file) in errors.
pub fn load_private_key(what: &str, bytes: &[u8], passphrase: Option<&str>) -> Result<PrivateKey> {
    if looks_like_pem(bytes) {
        let blocks = parse_pem(bytes).map_err(|p| CaError::invalid(what, p))?;
        let block = blocks
            .into_iter()
            .find(|b| b.label.ends_with("PRIVATE KEY"))
            .ok_or_else(|| {
                CaError::Unrecognized(format!(
                    "{what}: holds no PRIVATE KEY block; give the CA's private key file"
                ))
            })?;
        if block.headers.iter().any(|h| h.contains("ENCRYPTED")) {
            return Err(CaError::invalid(
                what,
                "uses legacy OpenSSL PEM encryption; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out NEW`",
            ));
        }
        let contents = Zeroizing::new(block.contents);
        match block.label.as_str() {
            "PRIVATE KEY" => PrivateKey::from_pkcs8_der(what, &contents),
            "ENCRYPTED PRIVATE KEY" => {
                let pass = passphrase.ok_or_else(|| CaError::PassphraseRequired { what: what.into() })?;
                PrivateKey::from_pkcs8_der(what, &decrypt_der(what, &contents, pass)?)
            }
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs8_der(what, &pkcs1_to_pkcs8(what, &contents)?),
            "EC PRIVATE KEY" => PrivateKey::from_pkcs8_der(what, &sec1_to_pkcs8(what, &contents)?),
            other => Err(CaError::Unrecognized(format!(
                "{what}: PEM block {other:?} is not a key format ratu reads; use PKCS#8, PKCS#1 or SEC1"
            ))),
        }
    } else {
        let parts = der::read_sequence(bytes).ok_or_else(|| {
            CaError::Unrecognized(format!(
                "{what}: not a private key (PEM or DER); check you gave the key file"
            ))
        })?;
        match (parts.first().map(|t| t.tag), parts.get(1).map(|t| t.tag), parts.len()) {
            // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }
            (Some(der::SEQUENCE), Some(der::OCTET_STRING), 2) => {
                let pass = passphrase.ok_or_else(|| CaError::PassphraseRequired { what: what.into() })?;
                PrivateKey::from_pkcs8_der(what, &decrypt_der(what, bytes, pass)?)
            }
            // PrivateKeyInfo: INTEGER, AlgorithmIdentifier, OCTET STRING, ...
            (Some(der::INTEGER), Some(der::SEQUENCE), _) => PrivateKey::from_pkcs8_der(what, bytes),
            // RSAPrivateKey: INTEGER 0, INTEGER modulus, ... (9 fields)
            (Some(der::INTEGER), Some(der::INTEGER), n) if n >= 9 => {
                PrivateKey::from_pkcs8_der(what, &pkcs1_to_pkcs8(what, bytes)?)
            }
            // ECPrivateKey: INTEGER 1, OCTET STRING, [0] params, [1] public key
            (Some(der::INTEGER), Some(der::OCTET_STRING), _) => {
                PrivateKey::from_pkcs8_der(what, &sec1_to_pkcs8(what, bytes)?)
            }
            _ => Err(CaError::Unrecognized(format!(
                "{what}: not a private key (PKCS#8, PKCS#1 or SEC1); check you gave the key file"
            ))),
        }
    }
}

const OID_RSA_ENCRYPTION: [u64; 7] = [1, 2, 840, 113549, 1, 1, 1];
const OID_EC_PUBLIC_KEY: [u64; 6] = [1, 2, 840, 10045, 2, 1];

fn pkcs8_wrap(alg_id: &[u8], inner: &[u8]) -> Zeroizing<Vec<u8>> {
    let octets = Zeroizing::new(der::tlv(der::OCTET_STRING, inner));
    Zeroizing::new(der::seq(&[&der::uint(&[0]), alg_id, &octets]))
}

/// PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo.
fn pkcs1_to_pkcs8(what: &str, pkcs1: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    if der::read_sequence(pkcs1).is_none_or(|p| p.len() < 9) {
        return Err(CaError::invalid(what, "the RSA PRIVATE KEY is damaged"));
    }
    let alg_id = der::seq(&[&der::oid(&OID_RSA_ENCRYPTION), &der::tlv(der::NULL, &[])]);
    Ok(pkcs8_wrap(&alg_id, pkcs1))
}

/// SEC1 ECPrivateKey → PKCS#8 PrivateKeyInfo: the curve moves from the key's
/// `[0] parameters` into the AlgorithmIdentifier.
fn sec1_to_pkcs8(what: &str, sec1: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let damaged = || CaError::invalid(what, "the EC PRIVATE KEY is damaged");
    let parts = der::read_sequence(sec1).ok_or_else(damaged)?;
    let find = |tag: u8| parts.iter().find(|t: &&Tlv<'_>| t.tag == tag);
    let (Some(version), Some(private)) = (parts.first(), parts.get(1)) else {
        return Err(damaged());
    };
    if version.content != [1] || private.tag != der::OCTET_STRING {
        return Err(damaged());
    }
    let curve = find(0xa0)
        .and_then(|p| der::read_tlv(p.content))
        .filter(|(t, _)| t.tag == der::OID)
        .map(|(t, _)| t.raw)
        .ok_or_else(|| {
            CaError::invalid(
                what,
                "the EC PRIVATE KEY does not name its curve; export it with `openssl ec -param_enc named_curve`",
            )
        })?;
    let mut inner_parts: Vec<&[u8]> = vec![version.raw, private.raw];
    if let Some(pubkey) = find(0xa1) {
        inner_parts.push(pubkey.raw);
    }
    let inner = Zeroizing::new(der::seq(&inner_parts));
    let alg_id = der::seq(&[&der::oid(&OID_EC_PUBLIC_KEY), curve]);
    Ok(pkcs8_wrap(&alg_id, &inner))
}

/// Writes a secret (an encrypted key, a .p12) atomically with mode 0600,
/// creating missing parent folders with mode 0700. Existing folders keep
/// their permissions.
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| CaError::Io {
                path: parent.display().to_string(),
                source: e,
            })?;
    }
    write_atomic(path, bytes, 0o600)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::KeyKind;

    fn openssl(args: &[&str]) -> Option<Vec<u8>> {
        let out = std::process::Command::new("openssl").args(args).output().ok()?;
        out.status.success().then_some(out.stdout)
    }

    #[test]
    fn generated_keys_have_the_requested_type() {
        for alg in [KeyAlg::EcdsaP256, KeyAlg::EcdsaP384, KeyAlg::Ed25519, KeyAlg::Rsa2048] {
            let k = PrivateKey::generate(alg).unwrap();
            assert_eq!(k.info(), alg.info(), "{alg}");
            assert_eq!(k.public_key().unwrap().info, alg.info());
        }
    }

    #[test]
    fn encrypted_pkcs8_roundtrips_and_wrong_passphrase_is_named() {
        let k = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
        let pem = encrypt_pkcs8(k.pkcs8_der(), "correct horse").unwrap();
        assert!(String::from_utf8_lossy(&pem).starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let back = decrypt_pkcs8("ca.key", &pem, "correct horse").unwrap();
        assert_eq!(&back[..], k.pkcs8_der());
        let err = decrypt_pkcs8("ca.key", &pem, "wrong horse").unwrap_err();
        assert!(matches!(err, CaError::WrongPassphrase { .. }), "{err}");
        assert!(err.to_string().starts_with("ca.key: wrong passphrase"));
        let loaded = load_private_key("ca.key", &pem, Some("correct horse")).unwrap();
        assert_eq!(loaded.pkcs8_der(), k.pkcs8_der());
        let err = load_private_key("ca.key", &pem, None).unwrap_err();
        assert!(matches!(err, CaError::PassphraseRequired { .. }));
    }

    #[test]
    fn loads_pkcs1_sec1_pkcs8_and_encrypted_keys_made_by_openssl() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n).display().to_string();
        let Some(_) = openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            &p("rsa8.pem"),
        ]) else {
            eprintln!("openssl not available: skipping");
            return;
        };
        openssl(&["rsa", "-in", &p("rsa8.pem"), "-traditional", "-out", &p("rsa1.pem")]).unwrap();
        openssl(&[
            "rsa",
            "-in",
            &p("rsa8.pem"),
            "-traditional",
            "-outform",
            "DER",
            "-out",
            &p("rsa1.der"),
        ])
        .unwrap();
        openssl(&[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            &p("ec1.pem"),
        ])
        .unwrap();
        openssl(&["ec", "-in", &p("ec1.pem"), "-outform", "DER", "-out", &p("ec1.der")]).unwrap();
        openssl(&[
            "ecparam",
            "-name",
            "secp384r1",
            "-genkey",
            "-noout",
            "-out",
            &p("ec384.pem"),
        ])
        .unwrap();
        openssl(&["genpkey", "-algorithm", "ED25519", "-out", &p("ed.pem")]).unwrap();
        openssl(&[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            &p("ec1.pem"),
            "-passout",
            "pass:s3cret!",
            "-out",
            &p("ecenc.pem"),
        ])
        .unwrap();
        openssl(&[
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            &p("rsa8.pem"),
            "-passout",
            "pass:s3cret!",
            "-outform",
            "DER",
            "-out",
            &p("rsaenc.der"),
        ])
        .unwrap();
        let cases = [
            ("rsa8.pem", KeyKind::Rsa),
            ("rsa1.pem", KeyKind::Rsa),
            ("rsa1.der", KeyKind::Rsa),
            ("ec1.pem", KeyKind::EcP256),
            ("ec1.der", KeyKind::EcP256),
            ("ec384.pem", KeyKind::EcP384),
            ("ed.pem", KeyKind::Ed25519),
            ("ecenc.pem", KeyKind::EcP256),
            ("rsaenc.der", KeyKind::Rsa),
        ];
        for (file, kind) in cases {
            let bytes = std::fs::read(p(file)).unwrap();
            let k = load_private_key(file, &bytes, Some("s3cret!")).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(k.info().kind, kind, "{file}");
            // Always PKCS#8 afterwards, and usable for signing.
            assert!(k.key_pair().is_ok(), "{file}");
        }
        let enc = std::fs::read(p("ecenc.pem")).unwrap();
        assert!(matches!(
            load_private_key("ecenc.pem", &enc, Some("nope")),
            Err(CaError::WrongPassphrase { .. })
        ));
        // The same key in PKCS#1 and PKCS#8 form converts to the same public key.
        let a = load_private_key("a", &std::fs::read(p("rsa8.pem")).unwrap(), None).unwrap();
        let b = load_private_key("b", &std::fs::read(p("rsa1.der")).unwrap(), None).unwrap();
        assert_eq!(a.public_key().unwrap(), b.public_key().unwrap());
    }

    #[test]
    fn garbage_and_weak_keys_give_one_line_errors() {
        for bad in [
            &b"hello"[..],
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n",
            b"\x30\x03\x02\x01\x00",
        ] {
            let msg = load_private_key("k.pem", bad, None).unwrap_err().to_string();
            assert!(msg.starts_with("k.pem: ") && !msg.contains('\n'), "{msg}");
        }
        if let Some(weak) = openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]) {
            let err = load_private_key("weak.pem", &weak, None).unwrap_err();
            assert!(err.to_string().contains("too small"), "{err}");
        }
    }

    #[test]
    fn secret_files_are_0600_in_0700_folders() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/ca/issuing.key");
        write_secret_file(&path, b"secret").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("keys")), 0o700);
    }
}
