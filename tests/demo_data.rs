//! `ratu demo --data DIR` makes the demo in DIR, reuses it once complete,
//! makes again one killed midway, and never takes over a folder it did not
//! make.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn ratu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--config", "/nonexistent/ratu.toml"])
        .args(args)
        .env_remove("RATU_DATA")
        .env_remove("RATU_OPERATOR")
        .output()
        .expect("ratu runs")
}

fn demo(flag: &str, dir: &Path) -> Output {
    ratu(&["demo", flag, dir.to_str().unwrap(), "--cases", "20"])
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn demo_data_dir_is_made_then_reused_and_a_killed_one_is_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let out = ok(&demo("--data", &dir));
    assert!(out.contains(&format!("Made a demo in {}", dir.display())), "{out}");
    assert!(dir.join(".demo-complete").exists() && dir.join("db").exists());

    let out = ok(&demo("--data", &dir));
    assert!(out.contains(&format!("Reusing the demo in {}", dir.display())), "{out}");
    let out = ok(&demo("--demo-dir", &dir));
    assert!(out.contains("Reusing the demo"), "{out}");

    // Killed midway: started, never marked complete.
    std::fs::remove_file(dir.join(".demo-complete")).unwrap();
    let out = ok(&demo("--data", &dir));
    assert!(out.contains("was interrupted; making it again"), "{out}");
    assert!(out.contains("Made a demo"), "{out}");
    assert!(dir.join(".demo-complete").exists());
}

#[test]
fn a_folder_with_a_database_or_ca_the_demo_did_not_make_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("real");
    ok(&common::ratu_cli(&dir, &["init"]));
    let o = demo("--data", &dir);
    assert!(!o.status.success(), "took over {}", dir.display());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains(&format!("delete {}", dir.display())), "{e}");
    assert!(dir.join("db").exists(), "nothing deleted");

    // CA files the demo did not make are never taken over either.
    let other = tmp.path().join("ca-only");
    std::fs::create_dir_all(other.join("ca")).unwrap();
    std::fs::write(other.join("ca/issuing-ca.pem"), "kept").unwrap();
    let e = String::from_utf8_lossy(&demo("--data", &other).stderr).into_owned();
    assert!(e.contains(&format!("delete {}", other.display())), "{e}");
    assert!(other.join("ca/issuing-ca.pem").exists(), "nothing deleted");
}

#[test]
fn the_demo_writes_the_configured_crl_ca_issuers_and_ocsp_urls_into_its_certificates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let cfg = tmp.path().join("ratu.toml");
    std::fs::write(
        &cfg,
        "crl_url = \"http://pki.kominfo.test/ca/issuing.crl\"\n\
         ca_issuers_url = \"http://pki.kominfo.test/ca/issuing.cer\"\n\
         ocsp_url = \"http://ocsp.kominfo.test/\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ratu"))
            .args(["--config", cfg.to_str().unwrap(), "--data", dir.to_str().unwrap()])
            .args(args)
            .env_remove("RATU_DATA")
            .env_remove("RATU_DB")
            .env("RATU_PIN", "246810")
            .output()
            .expect("ratu runs")
    };
    ok(&run(&["demo", "--cases", "20"]));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&run(&["--operator", "petugas1", "cert", "list", "--json"]))).unwrap();
    let serial = list
        .as_array()
        .and_then(|a| a.iter().find(|c| c["ours"] == true))
        .and_then(|c| c["serial"].as_str())
        .expect("the demo issued a certificate")
        .to_string();
    let pem = tmp.path().join("leaf.pem");
    ok(&run(&[
        "--operator",
        "petugas1",
        "cert",
        "export",
        &serial,
        "--out",
        pem.to_str().unwrap(),
    ]));
    let text = Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-ext",
            "crlDistributionPoints,authorityInfoAccess",
            "-in",
        ])
        .arg(&pem)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for url in [
        "URI:http://pki.kominfo.test/ca/issuing.crl",
        "CA Issuers - URI:http://pki.kominfo.test/ca/issuing.cer",
        "OCSP - URI:http://ocsp.kominfo.test/",
    ] {
        assert!(text.contains(url), "{url} missing:\n{text}");
    }
}

/// Each demo document is its own sample: a revocation's statement is a
/// statement, not the recommendation letter.
#[tokio::test(flavor = "multi_thread")]
async fn each_demo_document_shows_its_own_sample_text() {
    use ratu::domain::case::MediaType;
    use ratu::domain::{CaseFilter, CaseKind, Operator, Role};
    let ra = common::ra_mem().await;
    ra.make_demo(40, 2026).await.unwrap();
    let admin = Operator::new("admin", Role::CaAdmin);
    for (kind, want) in [
        (CaseKind::Revocation, "SURAT PERNYATAAN PENCABUTAN"),
        (CaseKind::Update, "FORMULIR PERMOHONAN"),
        (CaseKind::Reset, "SURAT PERNYATAAN LUPA PASSPHRASE"),
        (CaseKind::Issuance, "SURAT REKOMENDASI"),
    ] {
        let filter = CaseFilter {
            kind: Some(kind),
            limit: 5,
            ..Default::default()
        };
        let case = ra.list(&admin, &filter).await.unwrap().remove(0);
        let docs = ra.documents(case.id).await.unwrap();
        let pdf = docs
            .iter()
            .find(|d| d.media_type == MediaType::Pdf)
            .unwrap_or_else(|| panic!("a PDF on the {kind} case {}", case.id));
        let (_, bytes) = ra.document_bytes(&admin, &pdf.id).await.unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(want), "{kind}: {}", pdf.file_name);
    }
}
