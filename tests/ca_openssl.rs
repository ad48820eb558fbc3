//! The CA wing checked by independent tools: the `openssl` CLI (verify,
//! crl, pkcs12) and, where installed, pkilint. Uses only the public
//! `ratu::ca` API.

mod pkilint;

use chrono::{Duration, Utc};
use ratu::ca::{
    self, CaError, CaHierarchy, CaUrls, HierarchySpec, IssueRequest, Issuer, KeyAlg, PrivateKey, Profiles,
    RevocationReason, RevokedEntry, Serial, SubjectInfo,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "Kopi-Tubruk-2026";

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl CLI must be installed for these tests")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    // Set RATU_CA_TEST_KEEP=/some/dir to keep copies of what the tests produced.
    if let Ok(keep) = std::env::var("RATU_CA_TEST_KEEP") {
        let _ = std::fs::write(Path::new(&keep).join(name), bytes);
    }
    p
}

fn write_cert_pem(dir: &Path, name: &str, der: &[u8]) -> String {
    write(dir, name, ca::pem_encode("CERTIFICATE", der).as_bytes())
        .display()
        .to_string()
}

fn urls() -> CaUrls {
    CaUrls {
        crl: Some("http://crl.demo.example.id/demo-ca-ds-g1.crl".into()),
        ca_issuers: Some("http://crl.demo.example.id/demo-ca-ds-g1.cer".into()),
        ocsp: Some("http://ocsp.demo.example.id/".into()),
    }
}

fn hierarchy(alg: KeyAlg) -> CaHierarchy {
    let spec = HierarchySpec {
        alg,
        root_urls: CaUrls {
            crl: Some("http://crl.demo.example.id/root-g1.crl".into()),
            ca_issuers: Some("http://crl.demo.example.id/root-g1.cer".into()),
            ocsp: None,
        },
        ..HierarchySpec::default()
    };
    ca::create_hierarchy(&spec, Utc::now() - Duration::minutes(5)).unwrap()
}

fn subject(name: &str) -> SubjectInfo {
    SubjectInfo {
        name: name.into(),
        agency: "Dinas Komunikasi dan Informatika Kabupaten Demo".into(),
        unit: Some("Bidang Persandian".into()),
        email: "budi.santoso@demo.go.id".into(),
    }
}

/// Issues a signing certificate from an `openssl req` CSR of `csr_key` (openssl -newkey spec).
fn issue_from_openssl_csr(dir: &Path, issuer: &Issuer, csr_key: &str, name: &str) -> Vec<u8> {
    let csr = dir.join(format!("{name}.csr"));
    let key = dir.join(format!("{name}.key"));
    let o = openssl(&[
        "req",
        "-new",
        "-newkey",
        csr_key,
        "-nodes",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        csr.to_str().unwrap(),
        "-subj",
        "/CN=Subject From The CSR Must Be Ignored/O=Evil",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let parsed = ca::parse_csr("req.csr", &std::fs::read(&csr).unwrap()).unwrap();
    let profiles = Profiles::builtin();
    let s = subject("Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.");
    issuer
        .issue(&IssueRequest {
            subject: &s,
            public_key: &parsed.public_key,
            profile: profiles.get("signing").unwrap(),
            serial: Serial::random(),
            not_before: Utc::now() - Duration::minutes(1),
            urls: &urls(),
        })
        .unwrap()
}

fn issue_encryption(issuer: &Issuer, key: &PrivateKey) -> Vec<u8> {
    let profiles = Profiles::builtin();
    let s = subject("Siti Nur'aini");
    issuer
        .issue(&IssueRequest {
            subject: &s,
            public_key: &key.public_key().unwrap(),
            profile: profiles.get("encryption").unwrap(),
            serial: Serial::random(),
            not_before: Utc::now(),
            urls: &urls(),
        })
        .unwrap()
}

fn verify(dir: &Path, leaf_der: &[u8], extra: &[&str]) -> Output {
    let leaf = write_cert_pem(dir, "leaf.pem", leaf_der);
    let mut args = vec!["verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem"];
    args.extend_from_slice(extra);
    args.push(&leaf);
    Command::new("openssl").current_dir(dir).args(&args).output().unwrap()
}

#[test]
fn openssl_verifies_every_issued_certificate_for_p256_and_rsa2048() {
    for (alg, csr_key) in [(KeyAlg::EcdsaP256, "ec:P-256"), (KeyAlg::Rsa2048, "rsa:2048")] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ec_param = d.join("p256.param");
        openssl(&["ecparam", "-name", "prime256v1", "-out", ec_param.to_str().unwrap()]);
        let csr_key = if csr_key.starts_with("ec") {
            format!("ec:{}", ec_param.display())
        } else {
            csr_key.into()
        };
        let h = hierarchy(alg);
        write_cert_pem(d, "root.pem", &h.root.cert_der);
        write_cert_pem(d, "issuing.pem", &h.issuing.cert_der);
        let issuer = Issuer::from_ca(&h.issuing).unwrap();

        // The issuing CA itself chains to the root.
        let o = Command::new("openssl")
            .current_dir(d)
            .args(["verify", "-CAfile", "root.pem", "issuing.pem"])
            .output()
            .unwrap();
        assert!(text(&o).contains("issuing.pem: OK"), "{alg}: {}", text(&o));

        let signing = issue_from_openssl_csr(d, &issuer, &csr_key, "signing");
        let o = verify(d, &signing, &[]);
        assert!(
            o.status.success() && text(&o).contains(": OK"),
            "{alg} signing: {}",
            text(&o)
        );
        assert!(ca::signed_by(&signing, &h.issuing.cert_der));
        assert!(!ca::signed_by(&signing, &h.root.cert_der));

        let i = ca::inspect("signing.cer", &signing, None).unwrap();
        let subj = i.subject.clone().unwrap();
        assert!(
            subj.contains("CN=Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T."),
            "{subj}"
        );
        assert!(
            !subj.contains("Ignored") && !subj.contains("Evil"),
            "CSR subject leaked: {subj}"
        );
        assert_eq!(i.not_after.unwrap() - i.not_before.unwrap(), {
            let nb = i.not_before.unwrap();
            ca::add_validity(nb, 24, 1).unwrap() - nb
        });
        let ku = i.extensions.iter().find(|e| e.name == "keyUsage").unwrap();
        assert!(ku.critical && ku.value == "digitalSignature, nonRepudiation", "{ku:?}");
        let san = i.extensions.iter().find(|e| e.name == "subjectAltName").unwrap();
        assert_eq!(san.value, "email:budi.santoso@demo.go.id");
        for name in [
            "authorityKeyIdentifier",
            "subjectKeyIdentifier",
            "crlDistributionPoints",
            "authorityInfoAccess",
        ] {
            assert!(
                i.extensions.iter().any(|e| e.name == name),
                "{alg}: missing {name}: {:?}",
                i.extensions
            );
        }
        let expected_sig = if alg == KeyAlg::Rsa2048 {
            "sha256WithRSAEncryption"
        } else {
            "ecdsa-with-SHA256"
        };
        let o = openssl(&[
            "x509",
            "-in",
            &d.join("leaf.pem").display().to_string(),
            "-noout",
            "-text",
        ]);
        assert!(
            text(&o).contains(&format!("Signature Algorithm: {expected_sig}")),
            "{}",
            text(&o)
        );

        let key = PrivateKey::generate(alg).unwrap();
        let enc = issue_encryption(&issuer, &key);
        let o = verify(d, &enc, &[]);
        assert!(
            o.status.success() && text(&o).contains(": OK"),
            "{alg} encryption: {}",
            text(&o)
        );
        let i = ca::inspect("enc.cer", &enc, None).unwrap();
        let ku = i.extensions.iter().find(|e| e.name == "keyUsage").unwrap();
        let expected = if alg == KeyAlg::Rsa2048 {
            "keyEncipherment"
        } else {
            "keyAgreement"
        };
        assert_eq!(ku.value, expected);
        let eku = i.extensions.iter().find(|e| e.name == "extendedKeyUsage").unwrap();
        assert_eq!(eku.value, "emailProtection");
    }
}

#[test]
fn crl_check_reports_the_revoked_certificate_and_accepts_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = hierarchy(KeyAlg::EcdsaP256);
    write_cert_pem(d, "root.pem", &h.root.cert_der);
    write_cert_pem(d, "issuing.pem", &h.issuing.cert_der);
    let issuer = Issuer::from_ca(&h.issuing).unwrap();
    let good = issue_encryption(&issuer, &PrivateKey::generate(KeyAlg::EcdsaP256).unwrap());
    let bad = issue_encryption(&issuer, &PrivateKey::generate(KeyAlg::EcdsaP256).unwrap());
    let bad_serial: Serial = ca::inspect("bad", &bad, None).unwrap().serial.unwrap().parse().unwrap();
    let now = Utc::now() - Duration::minutes(1);
    let entries = [
        RevokedEntry {
            serial: bad_serial,
            revoked_at: now,
            reason: RevocationReason::KeyCompromise,
            invalidity: Some(now - Duration::days(1)),
        },
        RevokedEntry {
            serial: Serial::random(),
            revoked_at: now,
            reason: RevocationReason::Unspecified,
            invalidity: None,
        },
    ];
    let crl = ca::sign_crl(&issuer, 42, now, now + Duration::days(7), &entries).unwrap();
    assert!(ca::signed_by(&crl, &h.issuing.cert_der));
    std::fs::write(d.join("crl.der"), &crl).unwrap();
    std::fs::write(d.join("crl.pem"), ca::pem_encode("X509 CRL", &crl)).unwrap();

    let o = verify(d, &bad, &["-crl_check", "-CRLfile", "crl.pem"]);
    assert!(
        !o.status.success() && text(&o).contains("certificate revoked"),
        "{}",
        text(&o)
    );
    let o = verify(d, &good, &["-crl_check", "-CRLfile", "crl.pem"]);
    assert!(o.status.success() && text(&o).contains(": OK"), "{}", text(&o));

    let o = openssl(&[
        "crl",
        "-in",
        &d.join("crl.der").display().to_string(),
        "-inform",
        "DER",
        "-noout",
        "-text",
    ]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("X509v3 CRL Number") && t.contains("42"), "{t}");
    assert!(t.contains("Key Compromise") && t.contains("Invalidity Date"), "{t}");
    assert!(t.contains("X509v3 Authority Key Identifier"), "{t}");
    assert_eq!(t.matches("Serial Number:").count(), 2, "{t}");
    assert_eq!(
        t.matches("CRL Reason Code").count(),
        1,
        "unspecified must carry no reason code: {t}"
    );

    let i = ca::inspect("crl.der", &crl, None).unwrap();
    assert_eq!(i.crl_number.as_deref(), Some("42"));
    assert_eq!(i.revoked_count, Some(2));

    // Published atomically; the PEM form is readable too.
    ca::write_atomic(&d.join("published.crl"), &crl, 0o644).unwrap();
    let o = openssl(&[
        "crl",
        "-in",
        &d.join("crl.pem").display().to_string(),
        "-noout",
        "-crlnumber",
    ]);
    assert!(text(&o).contains("crlNumber=0x2A"), "{}", text(&o));
}

#[test]
fn p12_opens_with_the_right_passphrase_and_fails_with_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = hierarchy(KeyAlg::EcdsaP256);
    let issuer = Issuer::from_ca(&h.issuing).unwrap();
    let key = PrivateKey::generate(KeyAlg::Rsa2048).unwrap();
    let cert = issue_encryption(&issuer, &key);
    let chain = vec![h.issuing.cert_der.clone(), h.root.cert_der.clone()];
    let p12 = ca::make_p12(&cert, key.pkcs8_der(), &chain, PASS, "Siti Nur'aini").unwrap();
    let path = d.join("siti.p12");
    ca::write_secret_file(&path, &p12).unwrap();
    let p = path.display().to_string();

    let o = openssl(&[
        "pkcs12",
        "-info",
        "-in",
        &p,
        "-passin",
        &format!("pass:{PASS}"),
        "-nokeys",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("BEGIN CERTIFICATE"));
    let o = openssl(&[
        "pkcs12",
        "-info",
        "-in",
        &p,
        "-passin",
        &format!("pass:{PASS}"),
        "-noout",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = openssl(&[
        "pkcs12",
        "-in",
        &p,
        "-passin",
        &format!("pass:{PASS}"),
        "-nocerts",
        "-nodes",
    ]);
    assert!(o.status.success() && text(&o).contains("PRIVATE KEY"), "{}", text(&o));
    let o = openssl(&[
        "pkcs12",
        "-info",
        "-in",
        &p,
        "-passin",
        "pass:Wrong-Passphrase-1",
        "-noout",
    ]);
    assert!(!o.status.success(), "wrong passphrase accepted: {}", text(&o));

    let back = ca::read_p12("siti.p12", &p12, PASS).unwrap();
    assert_eq!(back.cert_der.as_deref(), Some(cert.as_slice()));
    assert_eq!(back.key_pkcs8.as_deref().map(|k| k.as_slice()), Some(key.pkcs8_der()));
    assert_eq!(back.chain.len(), 2);
    let err = ca::read_p12("siti.p12", &p12, "Wrong-Passphrase-1").unwrap_err();
    assert!(matches!(err, CaError::WrongPassphrase { .. }), "{err}");
    let i = ca::inspect("siti.p12", &p12, Some(PASS)).unwrap();
    assert!(i.has_private_key && i.chain.len() == 2);

    let err = ca::make_p12(&cert, key.pkcs8_der(), &chain, "short", "x").unwrap_err();
    assert!(err.to_string().contains("at least 10"), "{err}");
}

#[test]
fn pkilint_reports_no_error_for_root_issuing_signing_encryption_and_crl() {
    if !pkilint::ready(&["lint_pkix_cert", "lint_crl"]) {
        return;
    }
    for alg in [KeyAlg::EcdsaP256, KeyAlg::Rsa2048] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let h = hierarchy(alg);
        let issuer = Issuer::from_ca(&h.issuing).unwrap();
        let signing = issue_from_openssl_csr(
            d,
            &issuer,
            if alg == KeyAlg::Rsa2048 { "rsa:2048" } else { "ed25519" },
            "s",
        );
        let enc = issue_encryption(&issuer, &PrivateKey::generate(alg).unwrap());
        let now = Utc::now();
        let entries = [RevokedEntry {
            serial: Serial::random(),
            revoked_at: now,
            reason: RevocationReason::Superseded,
            invalidity: None,
        }];
        let crl = ca::sign_crl(&issuer, 7, now, now + Duration::days(7), &entries).unwrap();
        for (name, der) in [
            ("root.der", &h.root.cert_der),
            ("issuing.der", &h.issuing.cert_der),
            ("signing.der", &signing),
            ("enc.der", &enc),
        ] {
            let p = write(d, name, der);
            pkilint::assert_clean("lint_pkix_cert", &["lint", "-s", "ERROR"], &p);
        }
        let p = write(d, "crl.der", &crl);
        pkilint::assert_clean("lint_crl", &["lint", "-t", "CRL", "-p", "PKIX", "-s", "ERROR"], &p);
    }
}

#[test]
fn bad_inputs_give_clear_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let one_line = |e: CaError, must: &str| {
        let m = e.to_string();
        assert!(!m.contains('\n') && m.contains(must), "expected {must:?} in {m:?}");
    };

    // Garbage and truncated CSRs.
    one_line(
        ca::parse_csr("garbage.csr", b"this is not a CSR").unwrap_err(),
        "garbage.csr: not a certificate signing request",
    );
    let csr_path = d.join("r.csr");
    let o = openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        d.join("r.key").to_str().unwrap(),
        "-out",
        csr_path.to_str().unwrap(),
        "-subj",
        "/CN=x",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let pem = std::fs::read(&csr_path).unwrap();
    one_line(
        ca::parse_csr("cut.csr", &pem[..pem.len() / 2]).unwrap_err(),
        "cut.csr: PEM block",
    );
    assert!(ca::parse_csr("r.csr", &pem).is_ok());

    // A tampered signature (last byte of the DER is inside the signature).
    let mut der = openssl(&["req", "-in", csr_path.to_str().unwrap(), "-outform", "DER"]).stdout;
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let err = ca::parse_csr("tampered.csr", &der).unwrap_err();
    assert!(matches!(err, CaError::BadSignature { .. }), "{err}");
    one_line(err, "tampered.csr: the signature does not verify");

    // RSA-1024.
    let weak = d.join("weak.csr");
    let o = openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        d.join("w.key").to_str().unwrap(),
        "-out",
        weak.to_str().unwrap(),
        "-subj",
        "/CN=x",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let err = ca::parse_csr("weak.csr", &std::fs::read(&weak).unwrap()).unwrap_err();
    assert!(matches!(err, CaError::WeakKey { .. }), "{err}");
    one_line(err, "weak.csr: RSA key of 1024 bits is too small");

    // A certificate is not a CSR.
    let h = hierarchy(KeyAlg::EcdsaP256);
    one_line(
        ca::parse_csr("root.cer", &h.root.cert_der).unwrap_err(),
        "root.cer: not a certificate signing request",
    );

    // Wrong CA passphrase.
    let enc = ca::encrypt_pkcs8(&h.issuing.key_pkcs8, "Benar-Sekali-42").unwrap();
    let err = ca::load_private_key("issuing.key", &enc, Some("Salah-Sekali-42")).unwrap_err();
    assert!(matches!(err, CaError::WrongPassphrase { .. }), "{err}");
    one_line(err, "issuing.key: wrong passphrase");

    // Mismatched CA certificate and key on import.
    let root_key_pem = ca::pem_encode("PRIVATE KEY", &h.root.key_pkcs8);
    let issuing_pem = ca::pem_encode("CERTIFICATE", &h.issuing.cert_der);
    let err = ca::import_issuing_ca(
        "issuing.pem",
        issuing_pem.as_bytes(),
        "root.key",
        root_key_pem.as_bytes(),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, CaError::KeyMismatch { .. }), "{err}");
    one_line(err, "the key in root.key does not match the certificate in issuing.pem");

    // An end-entity certificate is not a CA.
    let issuer = Issuer::from_ca(&h.issuing).unwrap();
    let key = PrivateKey::generate(KeyAlg::EcdsaP256).unwrap();
    let leaf = issue_encryption(&issuer, &key);
    let err = ca::import_issuing_ca("leaf.cer", &leaf, "leaf.key", key.pkcs8_der(), None).unwrap_err();
    one_line(err, "leaf.cer: is not a CA certificate");

    // Garbage to inspect.
    one_line(
        ca::inspect("x.bin", b"\x00\x01garbage", None).unwrap_err(),
        "x.bin: not a certificate, CRL, CSR or PKCS#12 (PEM or DER)",
    );
}

#[test]
fn an_issuing_ca_made_by_openssl_imports_from_pkcs1_and_issues_verifiable_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = Command::new("openssl")
        .current_dir(d)
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca8.key",
            "-out",
            "root.pem",
            "-days",
            "3650",
            "-subj",
            "/C=ID/O=Imported Agency/CN=Imported CA G1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = Command::new("openssl")
        .current_dir(d)
        .args(["rsa", "-in", "ca8.key", "-traditional", "-out", "ca1.key"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let cert = std::fs::read(d.join("root.pem")).unwrap();
    let key = std::fs::read(d.join("ca1.key")).unwrap();
    assert!(String::from_utf8_lossy(&key).contains("BEGIN RSA PRIVATE KEY"));
    let ca_cert = ca::import_issuing_ca("root.pem", &cert, "ca1.key", &key, None).unwrap();
    let issuer = Issuer::from_ca(&ca_cert).unwrap();
    let leaf = issue_encryption(&issuer, &PrivateKey::generate(KeyAlg::EcdsaP384).unwrap());
    write_cert_pem(d, "issuing.pem", &ca_cert.cert_der);
    let o = verify(d, &leaf, &[]);
    assert!(o.status.success() && text(&o).contains(": OK"), "{}", text(&o));
}
