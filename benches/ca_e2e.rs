//! The CA end to end through the use-cases, on embedded SurrealKV:
//!
//! - issuance: an approved case (key from a CSR) → serial reserved →
//!   signed → certificate and case recorded, with a P-256 and an RSA-2048
//!   issuing CA;
//! - CRL publication with 100k and 1M revocations in the store: read them,
//!   sign, write DER + PEM atomically; against `openssl ca -gencrl` over the
//!   same entries (an index.txt this bench writes), in the same run. Peak
//!   memory of both is measured as child processes (`ratu crl publish`,
//!   `openssl ca -gencrl`) with getrusage.
//!
//! `cargo bench --bench ca_e2e` (RATU_BENCH_CRL_SIZES=100000 to skip 1M).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use ratu::ca::{HierarchySpec, KeyAlg};
use ratu::domain::{CaseState, Operator, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

mod support;

const CA_PASS: &str = "Kunci-CA-Bench-2026";

async fn ra_in(dir: &Path, alg: KeyAlg) -> Ra {
    let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
    let mut cfg = RaConfig::default();
    cfg.ca.dir = dir.join("ca");
    cfg.ca.publish_dir = dir.join("publish");
    let ra = Ra::new(store, cfg, Clock::Fixed(support::now()));
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, "123456").await.unwrap();
    let spec = HierarchySpec {
        alg,
        ..Default::default()
    };
    ra.ca_init(&admin, &spec, CA_PASS).await.unwrap();
    ra
}

fn bench_issue(c: &mut Criterion) {
    // As the binary does first thing; no other thread reads the
    // environment while criterion runs this on the main thread.
    // SAFETY: see above.
    unsafe { ratu::store::set_process_defaults() };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let spki = support::csr_spki();
    let officer = Operator::new("ra1", Role::RaOfficer);
    let mut group = c.benchmark_group("issue_end_to_end");
    group.sample_size(10);
    for alg in [KeyAlg::EcdsaP256, KeyAlg::Rsa2048] {
        let dir = tempfile::tempdir().unwrap();
        let ra = rt.block_on(ra_in(dir.path(), alg));
        let mut next = 0usize;
        group.throughput(Throughput::Elements(1));
        group.bench_function(BenchmarkId::new("one_by_one", format!("{alg}_ca")), |b| {
            b.iter_custom(|iters| {
                let ids = rt.block_on(support::cases_in(&ra, next, iters as usize, &spki, CaseState::Approved));
                next += iters as usize;
                let start = Instant::now();
                rt.block_on(async {
                    for id in ids {
                        ra.issue(&officer, id).await.unwrap();
                    }
                });
                start.elapsed()
            })
        });
        // A queue of approvals issued together: two transactions per batch.
        const BATCH: usize = 200;
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function(BenchmarkId::new(format!("batch_{BATCH}"), format!("{alg}_ca")), |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let ids = rt.block_on(support::cases_in(&ra, next, BATCH, &spki, CaseState::Approved));
                    next += BATCH;
                    let start = Instant::now();
                    let done = rt.block_on(ra.issue_many(&officer, &ids)).unwrap();
                    total += start.elapsed();
                    assert_eq!(done.len(), BATCH);
                }
                total
            })
        });
    }
    group.finish();
}

fn crl_sizes() -> Vec<usize> {
    std::env::var("RATU_BENCH_CRL_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

fn openssl_setup(dir: &Path) {
    let key = dir.join("ca/issuing.key");
    let o = Command::new("openssl")
        .args(["pkey", "-passin", &format!("pass:{CA_PASS}"), "-in"])
        .arg(&key)
        .arg("-out")
        .arg(dir.join("plain.key"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(dir.join("crlnumber"), "01\n").unwrap();
    std::fs::write(
        dir.join("ca.cnf"),
        format!(
            "[ca]\ndefault_ca = d\n[d]\ndir = {}\ndatabase = $dir/index.txt\ncrlnumber = $dir/crlnumber\n\
             new_certs_dir = $dir\ncertificate = $dir/ca/issuing.pem\nprivate_key = $dir/plain.key\n\
             default_md = sha256\ndefault_crl_days = 1\nunique_subject = no\ncrl_extensions = ext\n\
             [ext]\nauthorityKeyIdentifier = keyid:always\n",
            dir.display()
        ),
    )
    .unwrap();
}

fn openssl_gencrl(dir: &Path) -> Command {
    let mut c = Command::new("openssl");
    c.args(["ca", "-gencrl", "-batch", "-config"])
        .arg(dir.join("ca.cnf"))
        .arg("-out")
        .arg(dir.join("openssl.crl"))
        .stderr(std::process::Stdio::null());
    c
}

/// Peak resident memory (MiB) of a child process run to completion.
fn child_peak_mib(mut cmd: Command) -> (f64, f64) {
    let start = Instant::now();
    let st = cmd.status().unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(st.success(), "{cmd:?} failed");
    // SAFETY: getrusage writes into the struct we own.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    (ru.ru_maxrss as f64 / 1024.0, secs)
}

fn bench_crl(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("crl_publish");
    group.sample_size(10);
    for n in crl_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ra = rt.block_on(ra_in(d, KeyAlg::EcdsaP256));
        let fill = Instant::now();
        rt.block_on(support::revocations(&ra, n, Some(&d.join("index.txt"))));
        eprintln!(
            "crl_publish/{n}: stored {n} revocations in {:.1}s",
            fill.elapsed().as_secs_f64()
        );
        openssl_setup(d);
        let admin = rt.block_on(ra.sign_in("admin", "123456")).unwrap();
        group.bench_function(BenchmarkId::new("ratu", n), |b| {
            b.iter(|| {
                let p = rt.block_on(ra.publish_crl(&admin)).unwrap();
                assert_eq!(p.entries, n);
            })
        });
        group.bench_function(BenchmarkId::new("openssl_ca_gencrl", n), |b| {
            b.iter(|| assert!(openssl_gencrl(d).status().unwrap().success()))
        });
        // Peak memory: each measured from a fresh child of this bench, so
        // that getrusage sees only that process.
        drop(ra);
        // A large store takes a while to close: wait until a process can
        // open it (one that cannot says so and exits non-zero).
        for _ in 0..60 {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let probe = Command::new(env!("CARGO_BIN_EXE_ratu"))
                .args(["--data", d.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
                .args(["--operator", "admin", "ca", "status"])
                .env("RATU_PIN", "123456")
                .output()
                .unwrap();
            if probe.status.success() {
                break;
            }
        }
        for which in ["ratu", "openssl"] {
            let out = Command::new(std::env::current_exe().unwrap())
                .env("RATU_BENCH_PEAK", format!("{which}:{}", d.display()))
                .output()
                .unwrap();
            eprint!("crl_publish/{n}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    group.finish();
}

/// Re-entered as a child: runs one publication as a grandchild and says
/// its time and peak memory.
fn peak_child() -> bool {
    let Ok(spec) = std::env::var("RATU_BENCH_PEAK") else {
        return false;
    };
    let (which, d) = spec.split_once(':').unwrap();
    let d = Path::new(d);
    let cmd = if which == "ratu" {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ratu"));
        cmd.args(["--data", d.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
            .args(["--operator", "admin", "crl", "publish"])
            .env("RATU_PIN", "123456")
            .env("RATU_CA_PASSPHRASE", CA_PASS)
            .stdout(std::process::Stdio::null());
        cmd
    } else {
        openssl_gencrl(d)
    };
    let (mib, s) = child_peak_mib(cmd);
    eprintln!("{which} process: {s:.2}s, peak RSS {mib:.0} MiB");
    true
}

fn benches(c: &mut Criterion) {
    bench_issue(c);
    bench_crl(c);
}

criterion_group!(group, benches);

fn main() {
    if peak_child() {
        return;
    }
    group();
    Criterion::default().configure_from_args().final_summary();
}
