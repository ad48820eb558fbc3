//! The site service's figures, on a real SurrealDB server in this process
//! (the `surrealdb-server` crate, SurrealKV with fsync per commit) that
//! only the service signs in to (as root, over ws on loopback), the
//! service's API served on loopback (the real router), the CA's duties
//! running as `ratu serve` runs them, and operators as the console and
//! the CLI are: `Office::Remote`, signed in to the API:
//!
//! 1. 10 and 50 concurrent operator clients doing case actions through
//!    the API: p50 and p99 of each action, and actions per second;
//! 2. approval to issued through the duties: certificates per second, and
//!    the latency from an officer's approval to the case being issued;
//! 3. how long a change takes to reach another console (the API's stream);
//! 4. CRL publication at 100k revocations over ws, beside the same on the
//!    embedded store.
//!
//! `cargo bench --bench service`; sizes: RATU_BENCH_CLIENT_CASES (cases per
//! client, 20), RATU_BENCH_APPROVALS (400), RATU_BENCH_CRL (100000).

// As the library: the release build lays out SurrealDB's futures deeper
// than the default limit allows.
#![recursion_limit = "256"]

mod support;

use ratu::api::{Client, ClientOptions, Office};
use ratu::ca::{HierarchySpec, KeyAlg};
use ratu::domain::{Action, CaseKind, CaseState, CheckItem, DocKind, NewCase, Operator, Role};
use ratu::ra::demo::{DEMO_PDF, DEMO_PNG};
use ratu::ra::{Clock, DutySettings, Ra, RaConfig};
use ratu::serve::DatabaseServer;
use ratu::store::{DbTarget, Store};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{ms, pct};

const PIN: &str = "135790";
const CA_PASS: &str = "Kunci-CA-Bench-2026";
const ROOT_PASS: &str = "bench-root-credential-0123456789abcdef";
/// The most clients at once (the runs take 10, then 50).
const CLIENTS: usize = 50;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn free_addr() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

fn site_config(dir: &Path) -> RaConfig {
    let mut cfg = RaConfig::default();
    cfg.ca.dir = dir.join("ca");
    cfg.ca.publish_dir = dir.join("publish");
    cfg
}

/// An operator's console: its own client of the API, signed in as `name`.
async fn console(url: &str, name: &str) -> (Office, Operator) {
    let office = Office::Remote(
        Client::new(&ClientOptions {
            url: url.into(),
            ca_file: None,
            timeout: Duration::from_secs(60),
        })
        .unwrap(),
    );
    let op = office.sign_in(name, PIN).await.unwrap();
    (office, op)
}

/// The service's API over `site`, on a loopback port: its URL.
async fn serve_api(site: &Ra, dir: &Path, stop: tokio::sync::watch::Receiver<bool>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let backup = ratu::serve::api::Backup {
        target: DbTarget::Memory,
        config: None,
        work_dir: dir.to_path_buf(),
    };
    ratu::serve::api::start(site.clone(), backup, listener, stop, None, &Default::default()).unwrap();
    url
}

fn issuance(i: usize) -> NewCase {
    NewCase {
        kind: CaseKind::Issuance,
        subscriber: support::applicant(i),
        revocation_reason: None,
        cert_serial: None,
        note: None,
    }
}

fn docs() -> Vec<(DocKind, String, Vec<u8>)> {
    vec![
        (DocKind::Recommendation, "rekomendasi.pdf".into(), DEMO_PDF.to_vec()),
        (DocKind::Ktp, "ktp.png".into(), DEMO_PNG.to_vec()),
    ]
}

/// One verifier's work: opens cases and takes each to verified, timing
/// every step.
async fn verifier_work(ra: Office, op: Operator, first: usize, cases: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(cases * 8);
    let docs = docs();
    let ticks = [
        CheckItem::KtpMatches,
        CheckItem::RecommendationValid,
        CheckItem::EmailActive,
        CheckItem::IdentityCheck,
    ];
    for i in first..first + cases {
        let t = Instant::now();
        let id = ra.new_case(&op, issuance(i), &docs).await.unwrap().id;
        times.push(t.elapsed());
        for step in 0..7 {
            let t = Instant::now();
            match step {
                0 => ra.act(&op, id, Action::SendToApplicant, None, None).await.map(drop),
                1 => ra.act(&op, id, Action::RecordApplicantData, None, None).await.map(drop),
                2..=5 => ra.tick(&op, id, ticks[step - 2], true, None).await.map(drop),
                _ => ra.act(&op, id, Action::Verify, None, None).await.map(drop),
            }
            .unwrap();
            times.push(t.elapsed());
        }
    }
    times
}

async fn concurrent_actions(url: &str, clients: usize, first: usize) {
    let per = env("RATU_BENCH_CLIENT_CASES", 20);
    let mut consoles = Vec::new();
    for c in 0..clients {
        consoles.push(console(url, &format!("ver{c}")).await);
    }
    let start = Instant::now();
    let tasks: Vec<_> = consoles
        .into_iter()
        .enumerate()
        .map(|(c, (ra, op))| tokio::spawn(verifier_work(ra, op, first + c * per, per)))
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let wall = start.elapsed();
    let n = all.len();
    println!(
        "1. {clients} operator clients through the API, {n} case actions: p50 {}, p99 {}, {:.0} actions/s",
        ms(pct(&mut all, 50.0)),
        ms(pct(&mut all, 99.0)),
        n as f64 / wall.as_secs_f64()
    );
}

/// An officer approves cases waiting in RA review one after another; a
/// second console watches them become issued by the duties.
async fn approval_to_issued(url: &str, site: &Ra) {
    let n = env("RATU_BENCH_APPROVALS", 400);
    let spki = support::csr_spki();
    let ids = support::cases_in(site, 500_000, n, &spki, CaseState::RaReview).await;
    let (officer, ra1) = console(url, "ra1").await;
    // The service holds the CA: an approval through the API issues in the
    // same step; one it could not issue at once is issued by the duties,
    // and is waited for below.
    let start = Instant::now();
    let mut approved_at = HashMap::new();
    let mut issued_at = HashMap::new();
    for id in &ids {
        let case = officer.act(&ra1, *id, Action::Approve, None, None).await.unwrap();
        let now = Instant::now();
        approved_at.insert(*id, now);
        if case.state == CaseState::Issued {
            issued_at.insert(*id, now);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(300);
    while issued_at.len() < n && Instant::now() < deadline {
        for id in &ids {
            if !issued_at.contains_key(id)
                && officer.case_seen_by(&ra1, *id).await.unwrap().map(|c| c.state) == Some(CaseState::Issued)
            {
                issued_at.insert(*id, Instant::now());
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(issued_at.len(), n, "every case issued");
    let last = issued_at.values().max().unwrap().duration_since(start);
    let mut lat: Vec<Duration> = ids
        .iter()
        .map(|id| issued_at[id].duration_since(approved_at[id]))
        .collect();
    println!(
        "2. approval to issued through the duties, {n} approvals one by one: {:.0} certificates/s ({:.1} s for all), latency p50 {}, p99 {}",
        n as f64 / last.as_secs_f64(),
        last.as_secs_f64(),
        ms(pct(&mut lat, 50.0)),
        ms(pct(&mut lat, 99.0))
    );
}

/// A verifier ticks and unticks; another console's LIVE query reports it.
async fn change_to_console(url: &str) {
    let (actor, ver) = console(url, "ver0").await;
    let (other, _) = console(url, "ra1").await;
    let id = actor.new_case(&ver, issuance(900_000), &docs()).await.unwrap().id;
    actor.act(&ver, id, Action::SendToApplicant, None, None).await.unwrap();
    actor
        .act(&ver, id, Action::RecordApplicantData, None, None)
        .await
        .unwrap();
    let mut changes = other.watch_cases().await.unwrap();
    let (mut from_start, mut from_commit) = (Vec::new(), Vec::new());
    for i in 0..200 {
        let t = Instant::now();
        actor
            .tick(&ver, id, CheckItem::KtpMatches, i % 2 == 0, None)
            .await
            .unwrap();
        let committed = t.elapsed();
        loop {
            let got = tokio::time::timeout(Duration::from_secs(5), changes.next())
                .await
                .expect("the change arrives");
            if let Some(Ok(changed)) = got
                && changed == id
            {
                break;
            }
        }
        let seen = t.elapsed();
        from_start.push(seen);
        from_commit.push(seen.saturating_sub(committed));
    }
    println!(
        "3. a change reaching another console through the API's stream (200 ticks): from the action's start p50 {}, p99 {}; after its commit returned p50 {}, p99 {}",
        ms(pct(&mut from_start, 50.0)),
        ms(pct(&mut from_start, 99.0)),
        ms(pct(&mut from_commit, 50.0)),
        ms(pct(&mut from_commit, 99.0))
    );
}

/// The median of three publications.
async fn publish_3(ra: &Ra, admin: &Operator, n: usize) -> Duration {
    let mut t = Vec::new();
    for _ in 0..3 {
        let s = Instant::now();
        let p = ra.publish_crl(admin).await.unwrap();
        t.push(s.elapsed());
        assert_eq!(p.entries, n);
    }
    pct(&mut t, 50.0)
}

async fn crl_ws_and_embedded(site: &Ra, admin: &Operator) {
    let n = env("RATU_BENCH_CRL", 100_000);
    support::revocations(site, n, None).await;
    let ws = publish_3(site, admin, n).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&DbTarget::Embedded(dir.path().join("db"))).await.unwrap();
    let embedded = Ra::new(store, site_config(dir.path()), Clock::System);
    let a = embedded.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
    embedded.ca_init(&a, &HierarchySpec::default(), CA_PASS).await.unwrap();
    support::revocations(&embedded, n, None).await;
    let local = publish_3(&embedded, &a, n).await;
    println!(
        "4. CRL publication with {n} revocations (median of 3): over ws {:.2} s, embedded {:.2} s",
        ws.as_secs_f64(),
        local.as_secs_f64()
    );
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let addr = free_addr();
    let server = DatabaseServer::start_surrealkv(&dir.path().join("db"), addr, "root", ROOT_PASS)
        .await
        .unwrap();
    let url = format!("ws://{addr}");
    // The service's own connection: schema, access, operators, the CA.
    let root = loop {
        match Store::open(&DbTarget::Remote {
            url: url.clone(),
            root: Some(("root".into(), ROOT_PASS.into())),
        })
        .await
        {
            Ok(s) => break s,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    root.apply_server_schema().await.unwrap();
    let site = Ra::new(root, site_config(dir.path()), Clock::System);
    let admin = site.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
    let spec = HierarchySpec {
        alg: KeyAlg::EcdsaP256,
        ..Default::default()
    };
    site.ca_init(&admin, &spec, CA_PASS).await.unwrap();
    site.add_agency(&admin, support::AGENCY).await.unwrap();
    for c in 0..CLIENTS {
        site.add_operator_in(
            Some(&admin),
            &format!("ver{c}"),
            Role::Verifier,
            &[support::AGENCY.into()],
            PIN,
        )
        .await
        .unwrap();
    }
    site.add_operator(Some(&admin), "ra1", Role::RaOfficer, PIN)
        .await
        .unwrap();
    site.add_operator(Some(&admin), "aud", Role::Auditor, PIN)
        .await
        .unwrap();

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let api = serve_api(&site, dir.path(), stopped.clone()).await;
    let duties = {
        let site = site.clone();
        tokio::spawn(async move { site.run_duties(&DutySettings::default(), stopped).await })
    };
    concurrent_actions(&api, 10, 10_000).await;
    concurrent_actions(&api, 50, 100_000).await;
    approval_to_issued(&api, &site).await;
    change_to_console(&api).await;
    let _ = stop.send(true);
    // The duties end with an error only when their database connection
    // was lost (`ratu serve` then reconnects them); said, not fatal here.
    match duties.await {
        Ok(Ok(())) => {}
        other => println!("note: the duties ended with {other:?}"),
    }
    crl_ws_and_embedded(&site, &admin).await;
    drop(site);
    server.stop().await;
}

fn main() {
    // Only `cargo bench` runs the figures; `cargo test --benches` builds it.
    if std::env::args().any(|a| a == "--bench") {
        // SAFETY: first thing, before any other thread exists.
        unsafe { ratu::store::set_process_defaults() };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_stack_size(10 << 20)
            .build()
            .unwrap();
        rt.block_on(run());
    }
}
