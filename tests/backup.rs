//! `ratu backup` and `ratu restore`, the real binary: a demo's store, CA
//! and configuration into one age file and back onto an empty folder, on
//! the embedded store and on the service; the restored site verifies its
//! audit trail, lists the same certificates, signs, and continues the CRL
//! numbers. Hostile and damaged files are refused and leave the folder
//! empty.

mod serve_support;

use serde_json::Value;
use serve_support::*;
use std::path::Path;
use std::process::{Command, Output};

const BACKUP_PASS: &str = "Cadangan-Kantor-2026";
const DEMO_PIN: &str = "246810";
const DEMO_CA: &str = "Demo-CA-246810";

fn ratu(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(args)
        .env_remove("RATU_DB")
        .env_remove("RATU_DB_PASS")
        .env_remove("RATU_DATA")
        .env("RATU_PIN", DEMO_PIN)
        .env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS);
    c
}

fn out(mut c: impl std::borrow::BorrowMut<Command>) -> Output {
    c.borrow_mut().output().expect("ratu runs")
}

fn certs_json(data: &Path) -> Value {
    serde_json::from_str(&ok(&out(ratu(
        data,
        &["--operator", "petugas1", "cert", "list", "--limit", "10000", "--json"],
    ))))
    .unwrap()
}

fn publish(data: &Path) -> u64 {
    let p: Value = serde_json::from_str(&ok(&out(ratu(
        data,
        &["--operator", "admin", "crl", "publish", "--json"],
    )
    .env("RATU_CA_PASSPHRASE", DEMO_CA))))
    .unwrap();
    p["number"].as_u64().expect("a CRL number")
}

fn is_empty(dir: &Path) -> bool {
    !dir.exists() || std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn a_demo_backed_up_and_restored_verifies_lists_the_same_certificates_signs_and_continues_its_crl_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, copy) = (tmp.path().join("site"), tmp.path().join("restored"));
    ok(&out(ratu(&site, &["demo", "--cases", "20"])));
    let file = tmp.path().join("site.age");

    // Only a CA admin takes a backup; a short passphrase is refused.
    let e = fails(&out(ratu(
        &site,
        &["--operator", "petugas1", "backup", "--out", file.to_str().unwrap()],
    )));
    assert!(e.contains("CA admin"), "{e}");
    let e = fails(&out(ratu(
        &site,
        &["--operator", "admin", "backup", "--out", file.to_str().unwrap()],
    )
    .env("RATU_BACKUP_PASSPHRASE", "pendek")));
    assert!(e.contains("12 characters"), "{e}");
    assert!(!file.exists());

    let said = ok(&out(ratu(
        &site,
        &["--operator", "admin", "backup", "--out", file.to_str().unwrap()],
    )));
    assert!(said.contains("db.surql") && said.contains("ca/"), "{said}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let head = std::fs::read(&file).unwrap();
    assert!(head.starts_with(b"age-encryption.org/v1"), "an age file");
    assert!(
        !head.windows(b"BEGIN".len()).any(|w| w == b"BEGIN"),
        "nothing in clear (no PEM)"
    );
    let before = certs_json(&site);

    // A wrong passphrase, a damaged file and a non-empty folder are refused,
    // and the folder is left as it was.
    let e = fails(&out(
        ratu(&copy, &["restore", file.to_str().unwrap()]).env("RATU_BACKUP_PASSPHRASE", "Bukan-Kata-Sandinya-2026")
    ));
    assert!(e.contains("wrong backup passphrase"), "{e}");
    assert!(is_empty(&copy));
    // One byte changed anywhere: in the middle, near the end, in the last
    // chunk's tag (past the tar's end marker).
    let damaged = tmp.path().join("damaged.age");
    for back in [head.len() / 2, 100, 17, 1] {
        let mut bytes = head.clone();
        let at = bytes.len() - back;
        bytes[at] ^= 0x40;
        std::fs::write(&damaged, &bytes).unwrap();
        fails(&out(ratu(&copy, &["restore", damaged.to_str().unwrap()])));
        assert!(
            is_empty(&copy),
            "nothing left from a backup damaged {back} bytes before its end"
        );
    }
    let e = fails(&out(ratu(&site, &["restore", file.to_str().unwrap()])));
    assert!(e.contains("not empty"), "{e}");
    let e = fails(&out(ratu(&copy, &["restore", "/etc/hostname"])));
    assert!(e.contains("not a ratu backup"), "{e}");

    let said = ok(&out(ratu(&copy, &["restore", file.to_str().unwrap()])));
    assert!(said.contains("restored"), "{said}");
    let audit = ok(&out(ratu(&copy, &["--operator", "admin", "audit", "verify"])));
    assert!(audit.contains("audit trail intact"), "{audit}");
    assert_eq!(certs_json(&copy), before, "the same certificates");
    // The restored CA signs, and its CRL numbers continue: the next number
    // on the copy is the one the original gives next.
    assert_eq!(publish(&copy), publish(&site));
    let crl = copy.join("publish/issuing-ca.crl");
    openssl(&["crl", "-inform", "DER", "-noout", "-in"], &crl);
}

#[test]
fn the_service_is_backed_up_while_an_officer_works_and_restored_onto_a_new_service() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut svc, data, client) = staffed_site(tmp.path());
    let first = issuance_to_ra_review(&svc, &client);
    let file = tmp.path().join("service.age");

    // Officers keep working while the backup is taken.
    let worker = {
        let (url, client) = (svc.url(), client.clone());
        std::thread::spawn(move || {
            for _ in 0..6 {
                let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
                    .args(["--data", client.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
                    .args(["--server", &url, "--operator", "ver1", "case", "list"])
                    .env("RATU_PIN", PIN)
                    .output()
                    .unwrap();
                assert!(o.status.success());
            }
        })
    };
    let said = ok(&cli(&svc, &data, "admin")
        .env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS)
        .args(["backup", "--out", file.to_str().unwrap()])
        .output()
        .unwrap());
    assert!(said.contains("db.surql"), "{said}");
    worker.join().unwrap();
    let before = ok(&run(&svc, &client, "aud", &["cert", "list", "--json"]));
    assert!(svc.stop().success());

    let restored = tmp.path().join("restored");
    let said = ok(&Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args([
            "--data",
            restored.to_str().unwrap(),
            "--config",
            "/nonexistent/ratu.toml",
        ])
        .args(["restore", file.to_str().unwrap()])
        .env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS)
        .output()
        .unwrap());
    assert!(said.contains("restored"), "{said}");
    // A new service on the restored folder: operators sign in as before.
    let svc = Service::start(&restored, None);
    assert_eq!(case_state(&svc, &client, "ra1", first), "ra_review");
    let audit = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
    assert!(audit.contains("audit trail intact"), "{audit}");
    assert_eq!(ok(&run(&svc, &client, "aud", &["cert", "list", "--json"])), before);
    assert!(restored.join("ca").is_dir(), "the CA came back");
}
