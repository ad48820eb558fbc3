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

use chrono::{Duration, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use ratu::ca::{HierarchySpec, KeyAlg, RevocationReason, Serial};
use ratu::domain::{Case, CaseKind, CaseState, NewCase, Operator, Role, Sla, SubscriberForm};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{Batch, DbTarget, Store, SubscriberKey, insert_case, insert_crl_entry, put_subkey};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const CA_PASS: &str = "Kunci-CA-Bench-2026";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

async fn ra_in(dir: &Path, alg: KeyAlg) -> Ra {
    let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
    let mut cfg = RaConfig::default();
    cfg.ca.dir = dir.join("ca");
    cfg.ca.publish_dir = dir.join("publish");
    let ra = Ra::new(store, cfg, Clock::Fixed(now()));
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, "123456").await.unwrap();
    let spec = HierarchySpec {
        alg,
        ..Default::default()
    };
    ra.ca_init(&admin, &spec, CA_PASS).await.unwrap();
    ra
}

fn applicant(i: usize) -> ratu::domain::Subscriber {
    SubscriberForm {
        name: format!("Pemohon Uji {i}"),
        nik: format!(
            "3273{:02}1203{:02}{:04}",
            (i / 999_900) % 99 + 1,
            (i / 9999) % 100,
            i % 9999 + 1
        ),
        email: format!("pemohon{i}@bandung.go.id"),
        agency: "Dinas Komunikasi dan Informatika Kota Bandung".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// `n` approved issuance cases from `from`, each with a CSR's key.
async fn approved_cases(ra: &Ra, from: usize, n: usize, spki: &[u8]) -> Vec<u64> {
    let mut b = Batch::new();
    let mut ids = Vec::with_capacity(n);
    for i in from..from + n {
        let new = NewCase {
            kind: CaseKind::Issuance,
            subscriber: applicant(i),
            revocation_reason: None,
            cert_serial: None,
            note: None,
        };
        let mut c = Case::open(i as u64 + 1, new, "ver1", now(), Sla::default());
        c.state = CaseState::Approved;
        c.verified_by = Some("ver1".into());
        insert_case(&mut b, &c);
        let key = SubscriberKey {
            source: "csr".into(),
            spki: spki.to_vec(),
            enc_key: None,
            alg: "p256".into(),
        };
        put_subkey(&mut b, c.id, &key, now());
        ids.push(c.id);
    }
    b.commit(ra.store()).await.unwrap();
    ids
}

fn csr_spki() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().unwrap();
    let csr = rcgen::CertificateParams::default().serialize_request(&key).unwrap();
    ratu::ca::parse_csr("bench.csr", csr.der()).unwrap().public_key.spki_der
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
    let spki = csr_spki();
    let officer = Operator {
        name: "ra1".into(),
        role: Role::RaOfficer,
    };
    let mut group = c.benchmark_group("issue_end_to_end");
    group.sample_size(10);
    for alg in [KeyAlg::EcdsaP256, KeyAlg::Rsa2048] {
        let dir = tempfile::tempdir().unwrap();
        let ra = rt.block_on(ra_in(dir.path(), alg));
        let mut next = 0usize;
        group.throughput(Throughput::Elements(1));
        group.bench_function(BenchmarkId::new("one_by_one", format!("{alg}_ca")), |b| {
            b.iter_custom(|iters| {
                let ids = rt.block_on(approved_cases(&ra, next, iters as usize, &spki));
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
                    let ids = rt.block_on(approved_cases(&ra, next, BATCH, &spki));
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

/// Writes `n` revocations into the store and the same into `index.txt`.
async fn revocations(ra: &Ra, n: usize, index: &Path) {
    let mut idx = std::io::BufWriter::new(std::fs::File::create(index).unwrap());
    let at = now() - Duration::days(10);
    let reasons = [
        RevocationReason::KeyCompromise,
        RevocationReason::AffiliationChanged,
        RevocationReason::Superseded,
        RevocationReason::CessationOfOperation,
    ];
    let mut i = 0;
    while i < n {
        let mut b = Batch::new();
        for j in i..(i + 5000).min(n) {
            let s = Serial::random();
            let serial = s.to_string();
            let reason = reasons[j % 4];
            let entry = ratu::ca::encode_revoked(&ratu::ca::RevokedEntry {
                serial: s,
                revoked_at: at,
                reason,
                invalidity: None,
            });
            insert_crl_entry(&mut b, &serial, at, reason, None, &entry);
            writeln!(
                idx,
                "R\t281231000000Z\t{},{}\t{}\tunknown\t/CN=Pemohon {j}",
                at.format("%y%m%d%H%M%SZ"),
                reason.as_str(),
                serial.to_uppercase()
            )
            .unwrap();
        }
        b.commit(ra.store()).await.unwrap();
        i += 5000;
    }
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
        rt.block_on(revocations(&ra, n, &d.join("index.txt")));
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
