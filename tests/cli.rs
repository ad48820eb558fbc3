//! The real binary: exit status, one-line errors, JSON listings.

mod common;

use std::process::{Command, Output};

use common::ratu_cli as ratu;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fails(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "should fail; stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(e.trim_end().lines().count(), 1, "one-line error, got: {e}");
    e
}

#[test]
fn init_operators_cases_and_audit_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&ratu(d, &["init"]));
    let e = fails(&ratu(d, &["init"]));
    assert!(e.contains("already initialised"), "{e}");
    ok(&ratu(
        d,
        &["--operator", "admin", "agency", "add", "Diskominfo Kota Bandung"],
    ));
    ok(&ratu(
        d,
        &[
            "--operator",
            "admin",
            "operator",
            "add",
            "ver1",
            "--role",
            "verifier",
            "--agency",
            "Diskominfo Kota Bandung",
        ],
    ));
    ok(&ratu(
        d,
        &["--operator", "admin", "operator", "add", "ra1", "--role", "ra_officer"],
    ));
    let e = fails(&ratu(
        d,
        &["--operator", "admin", "operator", "add", "x", "--role", "boss"],
    ));
    assert!(e.contains("unknown role"), "{e}");

    // Not signed in.
    let e = fails(&ratu(d, &["case", "list"]));
    assert!(e.contains("--operator"), "{e}");
    // Wrong PIN.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", d.to_str().unwrap(), "--operator", "ver1", "case", "list"])
        .env("RATU_PIN", "000000")
        .output()
        .unwrap();
    assert!(fails(&o).contains("wrong PIN"));

    let v = ["--operator", "ver1", "case", "new", "revocation"];
    let person = [
        "--name",
        "Siti Rahayu, S.Kom.",
        "--email",
        "siti@bandung.go.id",
        "--agency",
        "Diskominfo Kota Bandung",
    ];
    let e = fails(&ratu(
        d,
        &[
            &v[..],
            &person[..],
            &["--nik", "3201019999990001", "--reason", "keyCompromise"],
        ]
        .concat(),
    ));
    assert_eq!(e.trim(), "ratu: NIK 3201019999990001: day 99 is not a date");

    let pdf = d.join("pernyataan.pdf");
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    let fake = d.join("fake.pdf");
    std::fs::write(&fake, b"GIF89a not a pdf").unwrap();
    let bad_doc = format!("statement={}", fake.display());
    let e = fails(&ratu(
        d,
        &[
            &v[..],
            &person[..],
            &[
                "--nik",
                "3273015203900001",
                "--reason",
                "keyCompromise",
                "--doc",
                &bad_doc,
            ],
        ]
        .concat(),
    ));
    assert!(e.contains("not a PDF, JPEG or PNG"), "{e}");

    let doc = format!("statement={}", pdf.display());
    // Siti holds no certificate yet: a revocation case has nothing to revoke.
    let siti = [
        &v[..],
        &person[..],
        &["--nik", "3273015203900001", "--reason", "keyCompromise", "--doc", &doc],
    ]
    .concat();
    let e = fails(&ratu(d, &siti));
    assert!(e.contains("NIK 3273••••••••0001 holds no valid certificate"), "{e}");
    // Her certificate from another CA, registered as hers.
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "Siti Rahayu, S.Kom.");
    let cert = d.join("siti.pem");
    std::fs::write(
        &cert,
        p.self_signed(&rcgen::KeyPair::generate().unwrap()).unwrap().pem(),
    )
    .unwrap();
    ok(&ratu(
        d,
        &[
            "--operator",
            "admin",
            "cert",
            "import",
            cert.to_str().unwrap(),
            "--nik",
            "3273015203900001",
        ],
    ));
    let out = ok(&ratu(
        d,
        &[
            &v[..],
            &person[..],
            &[
                "--nik",
                "3273015203900001",
                "--reason",
                "keyCompromise",
                "--doc",
                &doc,
                "--json",
            ],
        ]
        .concat(),
    ));
    let case: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(case["subscriber"]["nik"], "3273••••••••0001");
    let id = case["id"].as_u64().unwrap().to_string();

    let e = fails(&ratu(d, &["--operator", "ver1", "case", "act", &id, "revoke"]));
    assert!(
        e.contains("revoke is not possible on a revocation case in state submitted"),
        "{e}"
    );
    let e = fails(&ratu(d, &["--operator", "ver1", "case", "show", "999"]));
    assert!(e.contains("case 999 not found"), "{e}");
    ok(&ratu(
        d,
        &["--operator", "ver1", "case", "act", &id, "tick:ktp_matches"],
    ));
    ok(&ratu(
        d,
        &["--operator", "ver1", "case", "act", &id, "tick:statement_valid"],
    ));
    ok(&ratu(d, &["--operator", "ver1", "case", "act", &id, "forward"]));
    let e = fails(&ratu(d, &["--operator", "ver1", "case", "act", &id, "revoke"]));
    assert!(e.contains("is for ra_officer"), "{e}");
    ok(&ratu(d, &["--operator", "ra1", "case", "act", &id, "revoke"]));

    let list: serde_json::Value = serde_json::from_str(&ok(&ratu(
        d,
        &["--operator", "ra1", "case", "list", "--state", "revoked", "--json"],
    )))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let show = ok(&ratu(d, &["--operator", "ra1", "case", "show", &id]));
    assert!(show.contains("3273••••••••0001") && show.contains("revoke"), "{show}");
    assert!(ok(&ratu(d, &["--operator", "ra1", "audit", "verify"])).contains("chain verified"));
    // The revocation e-mail left as an .eml file.
    let emls: Vec<_> = std::fs::read_dir(d.join("outbox")).unwrap().collect();
    assert_eq!(emls.len(), 1);
}

#[test]
fn an_unwritable_data_dir_is_a_clear_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", "/proc/ratu-cannot-be-here", "init"])
        .env("RATU_PIN", "135790")
        .output()
        .unwrap();
    let e = fails(&o);
    assert!(
        e.contains("cannot open the database") && e.contains("/proc/ratu-cannot-be-here"),
        "{e}"
    );
}

#[test]
fn a_command_on_a_missing_data_folder_makes_nothing_and_says_where_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let typo = dir.path().join("x");
    for args in [
        &["--operator", "verifikator1", "case", "list"][..],
        &["--operator", "verifikator1", "cert", "list"][..],
        &["--operator", "auditor", "audit", "verify"][..],
    ] {
        let e = fails(&ratu(&typo, args));
        assert!(
            e.contains("no ratu data folder at") && e.contains("ratu init") && e.contains("ratu demo"),
            "{e}"
        );
        assert!(!e.contains("PIN"), "not a sign-in failure: {e}");
        assert!(!typo.exists(), "{} was made", typo.display());
    }
    // Without --data: the default folder under a fresh home is not made.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args([
            "--config",
            "/nonexistent/ratu.toml",
            "--operator",
            "verifikator1",
            "case",
            "list",
        ])
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .env("RATU_PIN", "246810")
        .output()
        .unwrap();
    let e = fails(&o);
    assert!(e.contains("ratu init") && e.contains("ratu demo"), "{e}");
    assert!(!home.join(".local/share/ratu/db").exists());
    // And the demo then takes the folder the typo would have spoiled.
    let o = ratu(&typo, &["demo", "--cases", "5"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
