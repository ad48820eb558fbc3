//! Backup and restore at scale (issue 16): a data folder with
//! RATU_BENCH_BACKUP_CASES issuance cases (default 100 000) and its CA,
//! backed up with the real binary (`ratu backup --out`, age-encrypted)
//! and restored onto an empty folder (`ratu restore FILE --data DIR`);
//! the time of each, the backup's size, and after the restore `audit
//! verify` and the count of cases, checked.
//!
//! `RATU_BENCH_BACKUP_CASES=10000 cargo bench --bench backup` is a quick run.

// As the library: the release build lays out SurrealDB's futures deeper
// than the default limit allows.
#![recursion_limit = "256"]

mod support;

use ratu::domain::{CaseState, DbTarget, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::Store;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

const PIN: &str = "246810";
const CA_PASS: &str = "Kunci-CA-Bench-2026";
const BACKUP_PASS: &str = "Cadangan-Bench-2026";

fn ratu(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(args)
        .env_remove("RATU_DB")
        .env("RATU_PIN", PIN)
        .env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS);
    c
}

fn ok(o: Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn main() {
    let n: usize = std::env::var("RATU_BENCH_BACKUP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // The fixtures are written by a child process (this bench again): its
    // exit is what lets go of the database folder for the real binary.
    if let Some(data) = std::env::var_os("RATU_BENCH_BACKUP_FIXTURES") {
        write_fixtures(Path::new(&data), n);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let t = Instant::now();
    let status = Command::new(std::env::current_exe().unwrap())
        .env("RATU_BENCH_BACKUP_FIXTURES", &data)
        .status()
        .unwrap();
    assert!(status.success(), "the fixtures were not written");
    eprintln!("{n} cases written in {:.1?}", t.elapsed());

    let file = dir.path().join("kantor.ratu-backup");
    let t = Instant::now();
    let o = ratu(
        &data,
        &["--operator", "admin", "backup", "--out", file.to_str().unwrap()],
    )
    .output()
    .unwrap();
    let backup = t.elapsed();
    ok(o, "backup");
    let size = std::fs::metadata(&file).unwrap().len();

    let restored = dir.path().join("restored");
    let t = Instant::now();
    ok(
        ratu(
            &restored,
            &["restore", file.to_str().unwrap(), "--data", restored.to_str().unwrap()],
        )
        .output()
        .unwrap(),
        "restore",
    );
    let restore = t.elapsed();

    let verify = ok(
        ratu(&restored, &["--operator", "admin", "audit", "verify"])
            .output()
            .unwrap(),
        "audit verify",
    );
    let count = |d: &Path| {
        let out = ok(
            ratu(
                d,
                &["--operator", "admin", "case", "list", "--json", "--limit", "1000000"],
            )
            .output()
            .unwrap(),
            "case list",
        );
        serde_json::from_str::<serde_json::Value>(&out)
            .map(|v| v.as_array().map_or(0, Vec::len))
            .unwrap_or(0)
    };
    let (before, after) = (count(&data), count(&restored));
    assert_eq!(before, n, "the cases written are listed");
    assert_eq!(before, after, "the restored folder lists the same cases");
    println!("backup and restore, {n} cases (real binary, embedded store):");
    println!(
        "  backup   {:>8.1?}  {:>10} bytes ({:.1} MB)",
        backup,
        size,
        size as f64 / 1e6
    );
    println!("  restore  {:>8.1?}", restore);
    println!(
        "  after the restore: {after} cases listed (as before), audit verify: {}",
        verify.trim()
    );
}

/// `n` issuance cases in RA review, two operators and a CA, in `data`.
fn write_fixtures(data: &Path, n: usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 << 20)
        .build()
        .unwrap();
    rt.block_on(async {
        let store = Store::open(&DbTarget::Embedded(data.join("db"))).await.unwrap();
        let mut cfg = RaConfig::default();
        cfg.ca.dir = data.join("ca");
        cfg.ca.publish_dir = data.join("publish");
        let ra = Ra::new(store, cfg, Clock::System);
        let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
        ra.add_agency(&admin, support::AGENCY).await.unwrap();
        ra.add_operator_in(Some(&admin), "ver1", Role::Verifier, &[support::AGENCY.into()], PIN)
            .await
            .unwrap();
        ra.ca_init(&admin, &Default::default(), CA_PASS).await.unwrap();
        let spki = support::csr_spki();
        for from in (0..n).step_by(5000) {
            support::cases_in(&ra, from, 5000.min(n - from), &spki, CaseState::RaReview).await;
        }
    });
    std::process::exit(0);
}
