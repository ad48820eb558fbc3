//! The archive at scale (issue 26): RATU_BENCH_ARCHIVE_CASES closed cases
//! (default 10 000), each opened with its two documents (a PDF and a PNG),
//! sent to the applicant and rejected through `ra` (so each carries its
//! audit events), all closed in one month; then `archive create` (one bag,
//! signed) and `archive verify` of that bag from its files, each timed.
//!
//! `RATU_BENCH_ARCHIVE_CASES=1000 cargo bench --profile dev --bench archive`
//! is a quick run (a debug build: say so with its figures).

#![recursion_limit = "256"]

mod support;

use chrono::{TimeZone, Utc};
use ratu::domain::{Action, CaseKind, DbTarget, DocKind, NewCase, Role};
use ratu::ra::demo::{DEMO_PDF, DEMO_PNG};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::Store;
use std::time::Instant;

const PIN: &str = "246810";
const CA_PASS: &str = "Kunci-CA-Bench-2026";

fn main() {
    let n: usize = std::env::var("RATU_BENCH_ARCHIVE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 << 20)
        .build()
        .unwrap();
    rt.block_on(run(n));
}

async fn run(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&DbTarget::Embedded(dir.path().join("db"))).await.unwrap();
    let mut cfg = RaConfig::default();
    cfg.ca.dir = dir.path().join("ca");
    cfg.ca.publish_dir = dir.path().join("publish");
    cfg.archive.dir = dir.path().join("archive");
    let october = Utc.with_ymd_and_hms(2026, 10, 5, 9, 0, 0).unwrap();
    let ra = Ra::new(store.clone(), cfg.clone(), Clock::Fixed(october));
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
    ra.add_agency(&admin, support::AGENCY).await.unwrap();
    let ver1 = ra
        .add_operator_in(Some(&admin), "ver1", Role::Verifier, &[support::AGENCY.into()], PIN)
        .await
        .unwrap();
    ra.ca_init(&admin, &Default::default(), CA_PASS).await.unwrap();
    let docs = [
        (
            DocKind::Recommendation,
            "rekomendasi.pdf".to_string(),
            DEMO_PDF.to_vec(),
        ),
        (DocKind::Ktp, "ktp.png".to_string(), DEMO_PNG.to_vec()),
    ];
    let t = Instant::now();
    for i in 0..n {
        let new = NewCase {
            kind: CaseKind::Issuance,
            subscriber: support::applicant(i),
            revocation_reason: None,
            cert_serial: None,
            note: None,
        };
        let c = ra.new_case(&ver1, new, &docs).await.unwrap();
        ra.act(&ver1, c.id, Action::SendToApplicant, None, None).await.unwrap();
        ra.act(&ver1, c.id, Action::Reject, Some("data tidak lengkap"), None)
            .await
            .unwrap();
    }
    eprintln!("{n} closed cases written in {:.1?}", t.elapsed());

    let november = Ra::new(
        store,
        cfg.clone(),
        Clock::Fixed(Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap()),
    );
    november.unlock_ca(CA_PASS).unwrap();
    let t = Instant::now();
    let bags = november
        .archive_create(&admin, Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap())
        .await
        .unwrap();
    let create = t.elapsed();
    assert_eq!(bags.len(), 1);
    assert_eq!(bags[0].cases, n);
    let bytes: usize = bags[0].files.iter().map(|f| f.bytes.len()).sum();
    let files = bags[0].files.len();
    drop(bags);

    let root = std::fs::read(cfg.ca.dir.join("root.pem")).unwrap();
    let root = ratu::ca::first_certificate_der("root.pem", &root).unwrap();
    let t = Instant::now();
    let verified = ratu::ra::archive::verify_dir(&cfg.archive.dir, &root).unwrap();
    let verify = t.elapsed();
    assert_eq!(verified[0].cases.len(), n);
    let per10k = |d: std::time::Duration| d.as_secs_f64() * 10_000.0 / n as f64;
    println!(
        "archive, {n} closed cases with 2 documents each ({} files, {:.1} MB, {} events):",
        files,
        bytes as f64 / 1e6,
        verified[0].events
    );
    println!("  create  {:>8.1?}  ({:.1} s per 10k cases)", create, per10k(create));
    println!("  verify  {:>8.1?}  ({:.1} s per 10k cases)", verify, per10k(verify));
}
