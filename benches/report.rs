//! A month's report on a large store (issue #26): N cases (default
//! 100,000; `RATU_BENCH_REPORT_CASES`) over 24 months and 20 agencies,
//! every kind, nine in ten closed with their timeline, and a certificate
//! in force for every other case. Filled once under the target dir.
//!
//! Measured, each 5 times in one process: the auditor's report of the
//! 12th month (every agency), a verifier's (one agency), and beside them
//! the peer the issue rules out: one hand-written SurrealQL statement
//! reading every case's kind, state, agency and times, counted in Rust.
//!
//! `cargo bench --bench report`

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratu::domain::report::{Period, ReportAsk};
use ratu::domain::{Case, CaseKind, CaseState, CertRecord, CertState, NewCase, Operator, Role, Sla, SubscriberForm};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{Batch, DbTarget, Store, insert_certs};
use std::path::{Path, PathBuf};
use std::time::Instant;

const PIN: &str = "135790";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

fn cases_wanted() -> usize {
    std::env::var("RATU_BENCH_REPORT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn agency(i: usize) -> String {
    format!("Dinas Uji {:02}", i % 20)
}

/// Case `i`: created evenly over 24 months; closed (nine in ten) some
/// hours to days later, most issued, some rejected or cancelled.
fn case(i: usize, n: usize) -> Case {
    let span = Duration::days(730).num_seconds();
    let at = start() + Duration::seconds(span * i as i64 / n as i64);
    let kind = CaseKind::ALL[i % 6];
    let sub = SubscriberForm {
        name: format!("Pemohon Laporan {i}"),
        // Born on 12 March (13 March past 999,900 cases) of year `yy`.
        nik: format!("3273011{}03{:02}{:04}", 2 + i / 999_900, (i / 9999) % 100, i % 9999 + 1),
        email: format!("p{i}@uji.go.id"),
        agency: agency(i),
        ..Default::default()
    }
    .validate()
    .expect("valid made-up applicant");
    let new = NewCase {
        kind,
        subscriber: sub,
        revocation_reason: None,
        cert_serial: None,
        note: None,
    };
    let mut c = Case::open(i as u64 + 1, new, "verifikator1", at, Sla::default());
    if !i.is_multiple_of(10) {
        c.state = match i % 20 {
            1 => CaseState::Rejected,
            3 => CaseState::Cancelled,
            _ => match kind {
                CaseKind::Update => CaseState::Applied,
                CaseKind::Revocation => CaseState::Revoked,
                _ => CaseState::Issued,
            },
        };
        c.updated_at = at + Duration::hours(2 + (i % 97) as i64);
        c.updated_by = "petugas1".into();
        c.last_note = (i % 20 == 1).then(|| format!("alasan {}", i % 5));
    }
    c
}

fn cert(i: usize, now: DateTime<Utc>) -> CertRecord {
    let after = now + Duration::days((i % 400) as i64);
    let mut c = CertRecord::new(
        format!("{:x}", 0x1000_0000 + i),
        "Pemohon",
        "signing",
        (after - Duration::days(730), after),
        CertState::Issued,
    );
    c.agency = Some(agency(i));
    c.issuer_dn = "CN=Bench CA".into();
    c.ours = true;
    c
}

fn store_dir(n: usize) -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    PathBuf::from(target).join("bench-data").join(format!("report-{n}"))
}

fn now() -> DateTime<Utc> {
    start() + Duration::days(730)
}

async fn fill(dir: &Path, n: usize) {
    let done = dir.join("complete-1");
    if done.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let t = Instant::now();
    let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
    for from in (0..n).step_by(2000) {
        let chunk: Vec<Case> = (from..(from + 2000).min(n)).map(|i| case(i, n)).collect();
        store.insert_cases(&chunk).await.unwrap();
        let certs: Vec<CertRecord> = (from..(from + 2000).min(n))
            .step_by(2)
            .map(|i| cert(i, now()))
            .collect();
        let mut b = Batch::new();
        insert_certs(&mut b, &certs.iter().map(|c| (c, None)).collect::<Vec<_>>());
        b.commit(&store).await.unwrap();
    }
    let ra = Ra::new(store.clone(), RaConfig::default(), Clock::System);
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
    ra.add_agency(&admin, &agency(0)).await.unwrap();
    drop(ra);
    assert!(store.close(std::time::Duration::from_secs(600)).await);
    std::fs::write(&done, b"").unwrap();
    println!(
        "report: filled {n} cases in {:.0} s (untimed)",
        t.elapsed().as_secs_f64()
    );
}

fn summary(name: &str, ms: &mut [f64]) {
    ms.sort_by(f64::total_cmp);
    println!(
        "report: {name:<44} p50 {:>8.1} ms  min {:>8.1}  max {:>8.1}  (n={})",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("report: benchmark");
        return;
    }
    let n = cases_wanted();
    let dir = store_dir(n);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        fill(&dir, n).await;
        let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
        let ra = Ra::new(store.clone(), RaConfig::default(), Clock::Fixed(now()));
        let month = Period::month("2025-12").unwrap();
        let ask = ReportAsk {
            period: month,
            agency: None,
            trace: false,
        };
        let aud = Operator::new("aud", Role::Auditor);
        let ver = Operator::new("verifikator1", Role::Verifier).with_agencies([agency(0)]);
        let mut closed = 0;
        let runs = |name: &'static str| (name, Vec::new());
        let (a_name, mut a) = runs("month, every agency (auditor)");
        let (v_name, mut v) = runs("month, one agency (verifier)");
        let (p_name, mut p) = runs("peer: read every case, count in Rust");
        for _ in 0..5 {
            let t = Instant::now();
            let r = ra.report(&aud, &ask).await.unwrap();
            a.push(t.elapsed().as_secs_f64() * 1e3);
            closed = r
                .table("closed")
                .and_then(|t| t.rows.last().cloned())
                .map_or(0, |row| row.last().and_then(|c| c.as_f64()).unwrap_or(0.0) as u64);
            let t = Instant::now();
            ra.report(&ver, &ask).await.unwrap();
            v.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let rows = store
                .raw("SELECT kind, state, subscriber.agency AS agency, created_at, closed_at, timeline FROM case;")
                .await
                .unwrap();
            let all = rows.first().and_then(|r| r.as_array()).map_or(0, |a| a.len());
            assert_eq!(all, n);
            p.push(t.elapsed().as_secs_f64() * 1e3);
        }
        // Where the auditor's time goes: the two largest reads alone.
        let (_, mut certs) = runs("  of which: certificates in force, grouped");
        let (_, mut closed_rows) = runs("  of which: the month's closed cases, read");
        for _ in 0..5 {
            let t = Instant::now();
            store
                .raw(
                    "SELECT agency, count() AS n FROM cert WHERE state = 'issued' AND not_after > d'2026-12-31T00:00:00Z' \
                     AND ours = true GROUP BY agency;",
                )
                .await
                .unwrap();
            certs.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            store
                .raw(
                    "SELECT record::id(id) AS id, kind, state, subscriber.agency AS agency, created_at, closed_at, \
                     timeline FROM case WHERE closed_at >= d'2025-12-01T00:00:00Z' AND closed_at < d'2026-01-01T00:00:00Z';",
                )
                .await
                .unwrap();
            closed_rows.push(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("report: {n} cases, {closed} closed in {month}");
        summary(a_name, &mut a);
        summary(v_name, &mut v);
        summary(p_name, &mut p);
        summary("  of which: certificates in force, grouped", &mut certs);
        summary("  of which: the month's closed cases, read", &mut closed_rows);
        drop(ra);
        assert!(store.close(std::time::Duration::from_secs(60)).await);
    });
}
