//! The CA through the real binary: CRL numbers across process restarts, a
//! publication killed midway never leaves a partial CRL, inspect reads any
//! file and says whether our CA signed it, and bad input is one clear line.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const CA_PASS: &str = "Kunci-CA-Uji-2026";

fn cmd(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .env("RATU_PIN", "135790")
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .env_remove("RATU_OPERATOR")
        .stdin(Stdio::null());
    c
}

fn ratu(data: &Path, args: &[&str]) -> Output {
    cmd(data).args(args).output().expect("ratu runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fails(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "should fail: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(e.trim_end().lines().count(), 1, "one-line error, got: {e}");
    e
}

/// A self-signed certificate named `cn` with `serial`, as PEM.
fn self_signed(cn: &str, serial: u8) -> String {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    p.serial_number = Some(rcgen::SerialNumber::from(vec![serial]));
    p.self_signed(&rcgen::KeyPair::generate().unwrap()).unwrap().pem()
}

#[test]
fn cert_import_names_each_failure_and_exits_non_zero_after_importing_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&ratu(d, &["init"]));
    let certs = d.join("certs");
    std::fs::create_dir(&certs).unwrap();
    std::fs::write(certs.join("a.pem"), self_signed("Siti Rahayu", 7)).unwrap();
    std::fs::write(certs.join("b.pem"), self_signed("Budi Santoso", 7)).unwrap();
    std::fs::write(
        certs.join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nTUlJQm9vbQ==\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let c = certs.to_str().unwrap();
    let o = ratu(d, &["--operator", "admin", "cert", "import", c]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("FAILED") && out.contains("broken.pem"), "{out}");
    assert!(out.contains("2 imported"), "{out}");
    // Already on record is not a failure; the same serial of two issuers
    // is two records, listed as unlinked to any holder.
    std::fs::remove_file(certs.join("broken.pem")).unwrap();
    let out = ok(&ratu(d, &["--operator", "admin", "cert", "import", c]));
    assert!(out.contains("0 imported, 0 linked, 2 skipped, 0 failed"), "{out}");
    let a = certs.join("a.pem");
    let out = ok(&ratu(
        d,
        &[
            "--operator",
            "admin",
            "cert",
            "import",
            a.to_str().unwrap(),
            "--nik",
            "3201014507900001",
        ],
    ));
    assert!(out.contains("linked   07"), "{out}");
    let list = ok(&ratu(d, &["--operator", "admin", "cert", "list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    let niks: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["nik"].as_str().unwrap())
        .collect();
    assert!(
        niks.contains(&"3201••••••••0001") && niks.contains(&"unlinked"),
        "{niks:?}"
    );
    assert!(!list.contains("3201014507900001"), "the NIK stays masked");
    let e = fails(&ratu(d, &["--operator", "admin", "cert", "show", "07"]));
    assert!(e.contains("2 certificates of different issuers"), "{e}");
    let out = ok(&ratu(d, &["--operator", "admin", "holder", "search", "07"]));
    assert!(out.contains("0 holder(s)"), "no holder record yet: {out}");
}

fn crl_number(data: &Path) -> u64 {
    let o = ok(&ratu(data, &["--operator", "admin", "crl", "publish", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&o).unwrap();
    v["number"].as_u64().unwrap()
}

fn with_ca() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(&ratu(dir.path(), &["init"]));
    ok(&ratu(
        dir.path(),
        &["--operator", "admin", "ca", "init", "--alg", "p256"],
    ));
    dir
}

#[test]
fn the_crl_number_strictly_increases_across_restarts() {
    let dir = with_ca();
    let a = crl_number(dir.path());
    let b = crl_number(dir.path());
    let c = crl_number(dir.path());
    assert!(a < b && b < c, "{a} {b} {c}");
    let out = ok(&ratu(
        dir.path(),
        &[
            "inspect",
            &dir.path().join("publish/issuing-ca.crl").display().to_string(),
        ],
    ));
    assert!(
        out.contains(&format!("CRL number {c}")) || out.contains(&format!("CRL number {c:x}")),
        "{out}"
    );
    assert!(out.contains("signed by this RA's CA"), "{out}");
}

#[test]
fn a_publication_killed_midway_leaves_the_previous_crl_whole() {
    let dir = with_ca();
    crl_number(dir.path());
    let crl = dir.path().join("publish/issuing-ca.crl");
    for i in 0..12u64 {
        let mut child = cmd(dir.path())
            .args(["--operator", "admin", "crl", "publish"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 * i));
        let _ = child.kill();
        let _ = child.wait();
        let o = Command::new("openssl")
            .args(["crl", "-inform", "DER", "-noout", "-in", crl.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "after kill {i}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // And the numbers still go up afterwards.
    let before = crl_number(dir.path());
    assert!(crl_number(dir.path()) > before);
}

#[test]
fn inspect_reads_certificates_and_refuses_garbage_in_one_line() {
    let dir = with_ca();
    let d = dir.path();
    let root = d.join("publish/root-ca.pem");
    let out = ok(&ratu(d, &["inspect", root.to_str().unwrap()]));
    assert!(
        out.contains("Root CA Indonesia Demo G1") && out.contains("signed by this RA's CA"),
        "{out}"
    );
    let json = ok(&ratu(d, &["inspect", root.to_str().unwrap(), "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["is_ca"], true);

    let junk = d.join("junk.pem");
    std::fs::write(&junk, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n").unwrap();
    let e = fails(&ratu(d, &["inspect", junk.to_str().unwrap()]));
    assert!(e.contains("junk.pem"), "{e}");
    let e = fails(&ratu(d, &["inspect", d.join("missing.der").to_str().unwrap()]));
    assert!(e.contains("missing.der"), "{e}");

    let e = fails(&ratu(d, &["--operator", "admin", "cert", "show", "zz-not-hex"]));
    assert!(e.contains("not a certificate serial"), "{e}");
    let e = fails(&ratu(
        d,
        &["--operator", "admin", "cert", "revoke", "01ab", "--reason", "bored"],
    ));
    assert!(e.contains("unknown revocation reason"), "{e}");
    let wrong = cmd(d)
        .args(["--operator", "admin", "crl", "publish"])
        .env("RATU_CA_PASSPHRASE", "Bukan-Kunci-2026")
        .output()
        .unwrap();
    let e = fails(&wrong);
    assert!(e.contains("wrong passphrase"), "{e}");
}

#[test]
fn the_demo_issues_certificates_openssl_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // With --data, the demo is made in that folder.
    ok(&ratu(d, &["demo", "--cases", "40"]));
    let demo = d.to_path_buf();
    let as_admin = |args: &[&str]| {
        cmd(&demo)
            .env("RATU_PIN", ratu::ra::demo::DEMO_PIN)
            .args(["--operator", "admin"])
            .args(args)
            .output()
            .unwrap()
    };
    let list = ok(&as_admin(&["cert", "list", "--json"]));
    let certs: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert!(certs.len() >= 5, "the demo has certificates: {list}");
    let serial = certs
        .iter()
        .find(|c| c["status"] == "valid")
        .and_then(|c| c["serial"].as_str())
        .expect("a valid certificate");
    let leaf = d.join("leaf.pem");
    ok(&as_admin(&["cert", "export", serial, "--out", leaf.to_str().unwrap()]));
    let o = Command::new("openssl")
        .args(["verify", "-CAfile"])
        .arg(demo.join("publish/root-ca.pem"))
        .arg("-untrusted")
        .arg(demo.join("publish/issuing-ca.pem"))
        .arg(&leaf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}
