//! Every parser of outside input, over arbitrary bytes and over the real
//! files of tests/corpus with bytes flipped, inserted, deleted or cut off:
//! never a panic, and every error one non-empty line. 256 cases per
//! property; `PROPTEST_CASES` sets another number. (The OCSP request
//! parser has its own properties in ocsp_responder.rs.)

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use ratu::ca;
use ratu::config::{Config, parse_file_config};
use ratu::domain::case::{MediaType, check_document};
use ratu::domain::identity::{Nik, Nip, Npwp, validate_email};
use ratu::domain::{DbTarget, DocKind, LinkToken, RevocationReason, Role, parse_window};
use ratu::tui::keymap::Keymap;
use std::fmt::Display;
use std::str::FromStr;

const P12_PASS: &str = "Pemohon-Uji-2026";

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The DER inside a PEM file of the corpus.
fn der_of(pem: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem);
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("corpus PEM")
}

fn cfg() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// An error a user reads: not empty, one line.
fn one_line(what: &str, e: impl Display) {
    let s = e.to_string();
    assert!(!s.trim().is_empty(), "{what}: empty error");
    assert!(!s.contains(['\n', '\r']), "{what}: error of several lines: {s:?}");
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Edit::Flip(i, x)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    proptest::collection::vec(edit, 1..6)
}

/// `base` with `edits` applied at positions taken modulo its length.
fn mutate(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        let n = b.len();
        match *e {
            Edit::Flip(i, x) if n > 0 => b[i % n] ^= x,
            Edit::Insert(i, x) => b.insert(i % (n + 1), x),
            Edit::Delete(i) if n > 0 => {
                b.remove(i % n);
            }
            Edit::Truncate(i) => b.truncate(i % (n + 1)),
            _ => {}
        }
    }
    b
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..2048)
}

/// Certificates, CRLs, CSRs, keys and PKCS#12: every reader of CA files.
fn ca_readers(bytes: &[u8]) {
    for pass in [None, Some(P12_PASS)] {
        if let Err(e) = ca::inspect("input", bytes, pass) {
            one_line("inspect", e);
        }
    }
    if let Err(e) = ca::parse_csr("input", bytes) {
        one_line("parse_csr", e);
    }
    if let Err(e) = ca::load_private_key("input", bytes, None) {
        one_line("load_private_key", e);
    }
    if let Err(e) = ca::load_private_key("input", bytes, Some(P12_PASS)) {
        one_line("load_private_key with passphrase", e);
    }
    if let Err(e) = ca::read_p12("input", bytes, P12_PASS) {
        one_line("read_p12", e);
    }
    let text = String::from_utf8_lossy(bytes);
    if let Err(e) = ca::read_server_identity(&text, &text) {
        one_line("read_server_identity", e);
    }
}

fn ca_corpus() -> Vec<Vec<u8>> {
    let (ca_pem, crl, csr) = (corpus("ca.pem"), corpus("crl.pem"), corpus("csr.pem"));
    vec![
        der_of(&ca_pem),
        der_of(&crl),
        der_of(&csr),
        ca_pem,
        crl,
        csr,
        corpus("leaf.der"),
        corpus("leaf.key"),
        corpus("leaf.p12"),
    ]
}

/// The document check, by content (and any file name).
fn document(name: &str, bytes: &[u8]) {
    match check_document(name, bytes) {
        Ok(t) => assert_eq!(MediaType::sniff(bytes), Some(t)),
        Err(e) => one_line("check_document", e),
    }
}

/// The config file, then the configuration built from it.
fn config(text: &str) {
    match parse_file_config("config.toml", text) {
        Ok(file) => {
            if let Err(e) = Config::build("/nonexistent/ratu".into(), Some(DbTarget::Memory), file) {
                one_line("Config::build", e);
            }
        }
        Err(e) => one_line("parse_file_config", e),
    }
}

/// The console's `[keys]` table: every problem one line.
fn keymap(text: &str) {
    let (_, errs) = Keymap::with_overrides(text);
    for e in errs {
        one_line("keymap", &e);
    }
}

/// Text fields and tokens typed or posted by people.
fn fields(s: &str) {
    fn check<T, E: Display>(what: &str, r: Result<T, E>) {
        if let Err(e) = r {
            one_line(what, e);
        }
    }
    check("link token", LinkToken::parse(s));
    check("NIK", Nik::parse(s));
    check("NIP", Nip::parse(s));
    check("NPWP", Npwp::parse(s));
    check("e-mail", validate_email(s));
    check("db target", DbTarget::parse(s, None, None));
    check("window", parse_window(s));
    check("reason", RevocationReason::from_str(s));
    check("role", Role::from_str(s));
    check("document kind", DocKind::from_str(s));
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn ca_files_of_arbitrary_bytes_fail_in_one_line(b in bytes()) {
        ca_readers(&b);
    }

    #[test]
    fn mutated_ca_files_fail_in_one_line(which in 0..9usize, e in edits()) {
        let files = ca_corpus();
        ca_readers(&mutate(&files[which % files.len()], &e));
    }

    #[test]
    fn documents_are_told_by_content(name in ".{0,40}", b in bytes(), which in 0..2usize, e in edits()) {
        document(&name, &b);
        let real = [corpus("ktp.png"), corpus("rekomendasi.pdf")];
        document(&name, &mutate(&real[which], &e));
    }

    #[test]
    fn config_files_fail_in_one_line(text in "(?s).{0,400}", e in edits()) {
        config(&text);
        config(&String::from_utf8_lossy(&mutate(&corpus("config.toml"), &e)));
    }

    #[test]
    fn keymaps_fail_in_one_line(text in "(?s).{0,400}", which in 0..2usize, e in edits()) {
        keymap(&text);
        let real = [corpus("keymap.toml"), corpus("config.toml")];
        keymap(&String::from_utf8_lossy(&mutate(&real[which], &e)));
    }

    #[test]
    fn typed_fields_and_tokens_fail_in_one_line(s in "(?s).{0,80}", t in "[A-Za-z0-9_-]{0,40}") {
        fields(&s);
        fields(&t);
    }
}

#[test]
fn the_corpus_reads_as_what_it_is() {
    // Unmutated, each corpus file parses: the mutations start from real files.
    for name in ["ca.pem", "leaf.der", "crl.pem", "csr.pem"] {
        ca::inspect(name, &corpus(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    ca::inspect("leaf.p12", &corpus("leaf.p12"), Some(P12_PASS)).expect("p12");
    ca::parse_csr("csr.pem", &corpus("csr.pem")).expect("csr");
    ca::load_private_key("leaf.key", &corpus("leaf.key"), None).expect("key");
    ca::read_p12("leaf.p12", &corpus("leaf.p12"), P12_PASS).expect("p12 read");
    assert_eq!(check_document("ktp.png", &corpus("ktp.png")), Ok(MediaType::Png));
    assert_eq!(check_document("r.pdf", &corpus("rekomendasi.pdf")), Ok(MediaType::Pdf));
    let file = parse_file_config("config.toml", &String::from_utf8_lossy(&corpus("config.toml"))).expect("config");
    Config::build("/nonexistent/ratu".into(), Some(DbTarget::Memory), file).expect("config builds");
    for name in ["keymap.toml", "config.toml"] {
        let (_, errs) = Keymap::with_overrides(&String::from_utf8_lossy(&corpus(name)));
        assert!(errs.is_empty(), "{name}: {errs:?}");
    }
}

#[path = "fuzz_support/portal.rs"]
mod portal;
