//! Store benchmarks on embedded SurrealKV with 100k and 1M cases: insert
//! rate, the first page of the 50 oldest pending cases of one queue, and
//! the counts per queue and state.
//!
//! `cargo bench --bench store` (set RATU_BENCH_SIZES=100000 to skip 1M).

use chrono::{Duration, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratu::domain::{Case, CaseKind, CaseState, NewCase, Sla, SubscriberForm};
use ratu::store::{DbTarget, Store};
use std::time::Instant;

/// A valid, unique applicant for index `i` (unique NIK up to ~99M).
fn subscriber(i: usize) -> ratu::domain::Subscriber {
    let serial = i % 9999 + 1;
    let yy = (i / 9999) % 100;
    let district = (i / 999_900) % 99 + 1;
    SubscriberForm {
        name: format!("Pemohon Uji {i}"),
        nik: format!("3273{district:02}1203{yy:02}{serial:04}"),
        email: format!("pemohon{i}@bandung.go.id"),
        agency: "Dinas Komunikasi dan Informatika Kota Bandung".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid bench applicant")
}

fn case(i: usize) -> Case {
    let kind = CaseKind::ALL[i % 4];
    let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let created = t0 + Duration::seconds(i as i64 * 60);
    let new = NewCase {
        kind,
        subscriber: subscriber(i),
        revocation_reason: None,
        cert_serial: None,
        note: None,
    };
    let mut c = Case::open(i as u64 + 1, new, "bench", created, Sla::default());
    // About one case in five is still pending; the rest are closed.
    c.state = match (i / 4) % 10 {
        0 => Case::initial_state(kind),
        1 => CaseState::RaReview,
        2..=5 => {
            if kind.issues_certificate() {
                CaseState::Approved
            } else {
                CaseState::Applied
            }
        }
        6 | 7 => {
            if kind.issues_certificate() {
                CaseState::Issued
            } else {
                CaseState::Revoked
            }
        }
        8 => CaseState::Rejected,
        _ => CaseState::Cancelled,
    };
    if c.state == CaseState::Approved {
        c.state = CaseState::Issued;
    }
    c
}

const BATCH: usize = 1000;

async fn fill(store: &Store, from: usize, n: usize) -> f64 {
    let start = Instant::now();
    let mut i = from;
    while i < from + n {
        let cases: Vec<Case> = (i..(i + BATCH).min(from + n)).map(case).collect();
        store.insert_cases(&cases).await.expect("insert");
        i += BATCH;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn sizes() -> Vec<usize> {
    std::env::var("RATU_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

fn bench_store(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("store");
    group.sample_size(30);
    for n in sizes() {
        let dir = tempfile::tempdir().unwrap();
        let store = rt
            .block_on(Store::open(&DbTarget::Embedded(dir.path().join("db"))))
            .unwrap();
        let rate = rt.block_on(fill(&store, 0, n));
        eprintln!("store/fill/{n}: {rate:.0} cases/s (batches of {BATCH}, fsync per batch)");
        let counts = rt.block_on(store.counts(None)).unwrap();
        let total: u64 = counts.by_kind_state.iter().map(|x| x.2).sum();
        assert_eq!(total as usize, n);

        let next = std::sync::atomic::AtomicUsize::new(n);
        group.bench_function(BenchmarkId::new("insert_1000_cases", n), |b| {
            b.to_async(&rt).iter(|| {
                let from = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
                let store = store.clone();
                async move {
                    let cases: Vec<Case> = (from..from + BATCH).map(case).collect();
                    store.insert_cases(&cases).await.unwrap();
                }
            })
        });
        group.bench_function(BenchmarkId::new("queue_page_50_oldest_pending", n), |b| {
            b.to_async(&rt).iter(|| async {
                let page = store.queue_page(CaseKind::Issuance, 0, 50).await.unwrap();
                assert_eq!(page.len(), 50);
            })
        });
        group.bench_function(BenchmarkId::new("counts_per_queue_and_state", n), |b| {
            b.to_async(&rt).iter(|| async {
                let c = store.counts(None).await.unwrap();
                assert!(!c.by_kind_state.is_empty());
            })
        });
        drop(store);
    }
    group.finish();
}

criterion_group!(benches, bench_store);
criterion_main!(benches);
