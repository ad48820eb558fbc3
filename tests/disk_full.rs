//! A disk that fills up under the service's data folder (a small tmpfs),
//! with the free-space
//! reserve turned off (`min_free = 0`), so that commits meet ENOSPC inside
//! SurrealKV, round after round on one store:
//!
//! 1. the disk is filled to a random few hundred KiB (or, every fourth
//!    round, to the last byte);
//! 2. the CLI opens cases through the service (each with two documents)
//!    until writes fail; each answer is kept: acknowledged (exit 0, the
//!    case's number) or refused (non-zero, one line on stderr, no panic);
//! 3. the space is freed and the service restarted (every other round
//!    killed with SIGKILL instead of stopped): every acknowledged case is
//!    there with its data, no case is there that was not acknowledged, the
//!    case numbers are distinct, and the audit chain verifies.
//!
//! `RATU_DISK_ROUNDS` rounds (default 5; the note reports 50).

mod common;
mod serve_support;

use common::disk::{Tmpfs, fill_leaving};
use serde_json::Value;
use serve_support::{PIN, Service, ok, run, staff};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A refused write: non-zero, one line, no panic.
fn refused_in_one_line(o: &Output, what: &str) -> String {
    let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
    assert!(!o.status.success(), "{what}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
    err
}

fn new_case(svc: &Service, client: &Path, k: u32) -> Output {
    let files = client.join("files");
    run(
        svc,
        client,
        "ver1",
        &[
            "case",
            "new",
            "issuance",
            "--json",
            "--name",
            &format!("Pemohon Disk Penuh {k}"),
            "--nik",
            &format!("327301120390{:04}", 1000 + k),
            "--email",
            &format!("penuh{k}@bandung.go.id"),
            "--agency",
            serve_support::AGENCIES[1],
            "--doc",
            &format!("recommendation={}", files.join("rekomendasi.pdf").display()),
            "--doc",
            &format!("ktp={}", files.join("ktp.png").display()),
        ],
    )
}

/// Every case as the auditor lists it: number → name; none twice.
fn cases(svc: &Service, client: &Path) -> BTreeMap<u64, String> {
    let rows: Vec<Value> = serde_json::from_str(&ok(&run(
        svc,
        client,
        "aud",
        &["case", "list", "--limit", "10000", "--json"],
    )))
    .unwrap();
    let mut out = BTreeMap::new();
    for c in rows {
        let id = c["id"].as_u64().unwrap();
        let name = c["subscriber"]["name"].as_str().unwrap_or_default().to_string();
        assert!(out.insert(id, name).is_none(), "case {id} listed twice");
    }
    out
}

#[test]
fn acknowledged_writes_survive_a_full_disk_round_after_round() {
    let rounds: u32 = std::env::var("RATU_DISK_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    // The data folder is a small disk of its own (the service's log is
    // beside it, so that nothing the service says is lost).
    let data = tmp.path().join("service");
    let Some(fs) = Tmpfs::mount(&data, "48m") else {
        eprintln!("NOTE: mounting a tmpfs is not allowed here (needs root); disk-full test skipped");
        return;
    };
    let client: PathBuf = tmp.path().join("client");
    let config = tmp.path().join("ratu.toml");
    std::fs::write(&config, "min_free = 0\n").unwrap();
    std::fs::create_dir_all(client.join("files")).unwrap();
    std::fs::write(client.join("files/rekomendasi.pdf"), ratu::ra::demo::DEMO_PDF).unwrap();
    std::fs::write(client.join("files/ktp.png"), ratu::ra::demo::DEMO_PNG).unwrap();
    let mut svc = Service::start_site(&data, Some(PIN), Some(&config), None);
    staff(&svc, &client);

    let mut acknowledged: BTreeMap<u64, String> = BTreeMap::new();
    let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
    let mut k = 0u32;
    let mut seed = std::process::id() as u64 | 1;
    let (mut attempts, mut failed) = (0, 0);
    for round in 0..rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let leave = if round % 4 == 3 { 0 } else { seed % (256 * 1024) };
        let filler = fill_leaving(&fs.0, leave);
        let mut fails_in_a_row = 0;
        for attempt in 0..24 {
            attempts += 1;
            let what = format!("round {round} attempt {attempt}");
            k += 1;
            let o = new_case(&svc, &client, k);
            if o.status.success() {
                let v: Value = serde_json::from_slice(&o.stdout).expect("the new case as JSON");
                let id = v["id"].as_u64().expect("its number");
                let name = format!("Pemohon Disk Penuh {k}");
                assert!(
                    acknowledged.insert(id, name).is_none(),
                    "{what}: case number {id} given twice"
                );
                fails_in_a_row = 0;
            } else {
                failed += 1;
                let err = refused_in_one_line(&o, &what);
                // The kind of refusal, without its numbers.
                let kind: String = err.chars().filter(|c| !c.is_ascii_digit()).take(260).collect();
                *refusals.entry(kind).or_default() += 1;
                fails_in_a_row += 1;
                if fails_in_a_row == 3 {
                    break;
                }
            }
        }
        std::fs::remove_file(&filler).unwrap();
        let log = svc.log();
        assert!(!log.contains("panicked"), "round {round}: the service panicked:\n{log}");
        // Restarted on the same folder, with room again.
        if round % 2 == 0 {
            assert!(svc.stop().success(), "{}", svc.log());
        }
        drop(svc);
        svc = Service::start_site(&data, None, Some(&config), None);
        let found = cases(&svc, &client);
        for (id, name) in &acknowledged {
            assert_eq!(
                found.get(id),
                Some(name),
                "round {round}: acknowledged case {id} ({name}) is gone after the disk filled"
            );
        }
        let extra: Vec<_> = found.keys().filter(|id| !acknowledged.contains_key(id)).collect();
        assert!(extra.is_empty(), "round {round}: cases no one was told of: {extra:?}");
        let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
        assert!(out.contains("audit trail intact"), "round {round}: {out}");
    }
    eprintln!(
        "{rounds} rounds: {attempts} writes tried, {} cases acknowledged and found, {failed} refused: {refusals:#?}",
        acknowledged.len()
    );
    assert!(failed > 0, "the disk never filled");
    drop(svc);
    drop(fs);
}

/// A data folder found read-only: the command line and the console's
/// store say so in one line, with no panic, and write nothing; writable
/// again, all goes on.
#[test]
fn a_read_only_data_folder_refuses_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("site");
    let Some(fs) = Tmpfs::mount(&data, "48m") else {
        eprintln!("NOTE: mounting a tmpfs is not allowed here (needs root); read-only test skipped");
        return;
    };
    let cli = |op: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
            .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
            .args(["--operator", op])
            .args(args)
            // The demo's operators' PIN.
            .env("RATU_PIN", "246810")
            .env_remove("RATU_DB")
            .env_remove("RATU_DATA")
            .output()
            .unwrap()
    };
    ok(&cli("admin", &["demo", "--cases", "3"]));
    let before = ok(&cli("verifikator1", &["case", "list", "--json"]));
    fs.remount("ro");
    for (op, args) in [
        ("verifikator1", vec!["case", "list"]),
        ("verifikator1", vec!["case", "act", "1", "send_to_applicant"]),
        ("admin", vec!["agency", "add", "Dinas Baru"]),
    ] {
        let o = cli(op, &args);
        let err = refused_in_one_line(&o, &format!("{args:?} on a read-only folder"));
        assert!(err.contains("read-only"), "{args:?}: {err}");
    }
    fs.remount("rw");
    assert_eq!(
        ok(&cli("verifikator1", &["case", "list", "--json"])),
        before,
        "nothing changed"
    );
    drop(fs);
}
