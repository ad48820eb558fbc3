//! The passphrase reset and the reactivation through the real binary, on a
//! demo's embedded store: the verifier and the RA officer work with `ratu
//! case new|act`, the holder's own step goes through the link their e-mail
//! carries (taken in-process, as the applicant page would), the CA issues
//! with `ratu case act N issue`; `ratu cert list` shows the hold, and the
//! published CRL says "Certificate Hold", then "Key Compromise".

mod common;

use ratu::ra::{Clock, Ra, RaConfig, Upload};
use ratu::store::{DbTarget, Store};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const PIN: &str = "246810";
const CA_PASS: &str = "Demo-CA-246810";
const NEW_PASS: &str = "Passphrase-Baru-2026";

fn ratu(data: &Path, operator: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--config", "/nonexistent/ratu.toml", "--data", data.to_str().unwrap()])
        .args(["--operator", operator])
        .args(args)
        .env_remove("RATU_DB")
        .env_remove("RATU_DATA")
        .env("RATU_PIN", PIN)
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .output()
        .expect("ratu runs")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: Output) -> Value {
    serde_json::from_str(&ok(o)).expect("JSON")
}

/// The store of `data`, opened in this process between two commands.
async fn open(data: &Path) -> Ra {
    let store = Store::open(&DbTarget::Embedded(data.join("db")))
        .await
        .expect("store opens");
    Ra::new(store, RaConfig::default(), Clock::System)
}

/// Waits until this process's store of `data` (dropped) has let the folder
/// go, so the next command may open it.
async fn released(data: &Path) {
    for _ in 0..100 {
        let o = ratu(data, "auditor", &["case", "counts"]);
        if o.status.success() {
            return;
        }
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("in use by another ratu process"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the store was not released");
}

/// A holder of a valid certificate of ours, with no open case: their
/// data as on record, and the serial.
async fn a_holder(data: &Path, skip: usize) -> (ratu::domain::Subscriber, String) {
    let ra = open(data).await;
    let certs = ra.store().certs(&Default::default()).await.unwrap();
    let cert = certs
        .into_iter()
        .filter(|c| c.ours && c.state == ratu::domain::CertState::Issued && c.nik.is_some())
        .filter(|c| c.not_after > chrono::Utc::now() + chrono::Duration::days(60))
        .nth(skip)
        .expect("a valid certificate");
    let holder = ra.store().holder(cert.nik.as_deref().unwrap()).await.unwrap().unwrap();
    drop(ra);
    released(data).await;
    (holder.data, cert.serial)
}

fn new_case(data: &Path, kind: &str, s: &ratu::domain::Subscriber, serial: &str, docs: &[&str]) -> u64 {
    let nik = s.nik.to_string();
    let mut args = vec![
        "case", "new", kind, "--name", &s.name, "--nik", &nik, "--email", &s.email, "--agency", &s.agency, "--serial",
        serial, "--json",
    ];
    for d in docs {
        args.extend(["--doc", d]);
    }
    json(ratu(data, "verifikator1", &args))["id"]
        .as_u64()
        .expect("a case number")
}

fn act(data: &Path, op: &str, id: u64, action: &str) -> Value {
    ok(ratu(data, op, &["case", "act", &id.to_string(), action]));
    let shown = json(ratu(data, "auditor", &["case", "show", &id.to_string(), "--json"]));
    shown.get("case").cloned().unwrap_or(shown)
}

fn cert(data: &Path, serial: &str) -> Value {
    json(ratu(data, "auditor", &["cert", "show", serial, "--json"]))
}

fn crl_text(data: &Path) -> String {
    ok(ratu(data, "admin", &["crl", "publish"]));
    let o = Command::new("openssl")
        .args(["crl", "-inform", "DER", "-noout", "-text", "-in"])
        .arg(data.join("publish/issuing-ca.crl"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The holder's step: the link of their latest e-mail about case `id`,
/// delivered as .eml files, opened as the applicant page does.
async fn holder_sets_new_passphrase(data: &Path, id: u64) {
    ok(ratu(data, "admin", &["outbox", "deliver"]));
    let token = &common::latest_token(&data.join("outbox"), id);
    let ra = open(data).await;
    let sha = ra.config().agreement.sha256.clone();
    let selfie = Upload {
        name: "swafoto.png".into(),
        bytes: ratu::ra::demo::DEMO_PNG.to_vec(),
    };
    let case = ra
        .applicant_set_passphrase(token, "127.0.0.1", NEW_PASS, NEW_PASS, &sha, &selfie)
        .await
        .unwrap();
    assert_eq!(case.state, ratu::domain::CaseState::Approved);
    drop(ra);
    released(data).await;
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_and_reactivation_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("site");
    ok(Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args([
            "--config",
            "/nonexistent/ratu.toml",
            "demo",
            "--data",
            data.to_str().unwrap(),
            "--cases",
            "30",
        ])
        .env_remove("RATU_DB")
        .env_remove("RATU_DATA")
        .output()
        .unwrap());
    let pdf = write(tmp.path(), "pernyataan.pdf", ratu::ra::demo::DEMO_PDF);
    let png = write(tmp.path(), "scan.png", ratu::ra::demo::DEMO_PNG);

    // Reset: submitted → ra_review → awaiting_passphrase → approved → issued.
    let (holder, old) = a_holder(&data, 0).await;
    let id = new_case(
        &data,
        "reset",
        &holder,
        &old,
        &[&format!("forgotten_passphrase={pdf}"), &format!("ktp={png}")],
    );
    for step in ["tick:ktp_matches", "tick:forgotten_statement_valid", "forward"] {
        act(&data, "verifikator1", id, step);
    }
    let c = act(&data, "petugas1", id, "approve");
    assert_eq!(c["state"], "awaiting_passphrase", "{c}");
    holder_sets_new_passphrase(&data, id).await;
    let c = act(&data, "petugas1", id, "issue");
    assert_eq!(c["state"], "issued", "{c}");
    let new = c["cert_serial"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    let prev = cert(&data, &old);
    assert_eq!(
        (prev["state"].as_str(), prev["reason"].as_str()),
        (Some("revoked"), Some("superseded")),
        "{prev}"
    );

    // Reactivation: the certificate is held at once.
    let (holder, old) = a_holder(&data, 1).await;
    let id = new_case(
        &data,
        "reactivation",
        &holder,
        &old,
        &[
            &format!("reset_form={pdf}"),
            &format!("antivirus_scan={png}"),
            &format!("email_password_changed={png}"),
        ],
    );
    let held = json(ratu(&data, "auditor", &["cert", "list", "--status", "held", "--json"]));
    assert!(
        held.as_array().unwrap().iter().any(|c| c["serial"] == old.as_str()),
        "{held}"
    );
    let listed = ok(ratu(&data, "auditor", &["cert", "list", "--status", "held"]));
    assert!(listed.contains(&old) && listed.contains("held"), "{listed}");
    let text = crl_text(&data);
    let at = text
        .find(&format!("Serial Number: {}", old.to_ascii_uppercase()))
        .expect("listed");
    assert!(
        text[at..].lines().take(6).any(|l| l.contains("Certificate Hold")),
        "{text}"
    );
    let refused = ratu(&data, "verifikator1", &["case", "act", &id.to_string(), "forward"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("reset_form_valid"));
    for step in [
        "tick:reset_form_valid",
        "tick:antivirus_scan_valid",
        "tick:email_password_changed",
        "forward",
    ] {
        act(&data, "verifikator1", id, step);
    }
    let c = act(&data, "petugas2", id, "approve");
    assert_eq!(c["state"], "awaiting_passphrase", "{c}");
    let prev = cert(&data, &old);
    assert_eq!(
        (prev["state"].as_str(), prev["reason"].as_str()),
        (Some("revoked"), Some("keyCompromise")),
        "{prev}"
    );
    let text = crl_text(&data);
    let at = text
        .find(&format!("Serial Number: {}", old.to_ascii_uppercase()))
        .expect("listed");
    assert!(
        text[at..].lines().take(6).any(|l| l.contains("Key Compromise")),
        "{text}"
    );
    holder_sets_new_passphrase(&data, id).await;
    let c = act(&data, "petugas2", id, "issue");
    assert_eq!(c["state"], "issued", "{c}");
    let report = ok(ratu(&data, "auditor", &["audit", "verify"]));
    assert!(report.contains("audit trail intact"), "{report}");
}
