//! The applicant page's figures (issue 12), against the real `ratu serve
//! --portal` on loopback (the binary this bench is built with, holding its
//! CA, as the tests start it):
//!
//! 1. link-page loads per second and p50/p99 latency: several concurrent
//!    clients, each GETting valid link pages over plain HTTP/1.0 (one
//!    connection per load, as a browser's first visit), for the identity
//!    page (the landing page of the first e-mail), the set-passphrase page
//!    and the download page; a GET only shows a step, it never uses the
//!    link (checked after);
//! 2. bytes per page: each of those, the error page (a used link), the
//!    unknown-link page, and the stylesheet and script every page loads.
//!
//! `cargo bench --bench portal`; sizes: RATU_BENCH_PORTAL_LOADS (loads per
//! page, 2000), RATU_BENCH_PORTAL_CLIENTS (concurrent clients, 8).

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;
mod support;

use serve_support::applicant::{applicant_sends_identity, new_case, site};
use serve_support::http::{Reply, http, link_token};
use serve_support::*;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use support::{ms, pct};

const PASS: &str = "Pemohon#Bench-2026";

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// `clients` threads GETting the `paths` round robin, `loads` in all, each
/// answered with `status`: loads per second, p50, p99.
fn load(portal: SocketAddr, paths: &[String], status: u16, loads: usize, clients: usize) -> (f64, Duration, Duration) {
    let t0 = Instant::now();
    let mut times: Vec<Duration> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..clients)
            .map(|c| {
                s.spawn(move || {
                    let mine = loads / clients + usize::from(c < loads % clients);
                    (0..mine)
                        .map(|i| {
                            let path = &paths[(c + i) % paths.len()];
                            let t = Instant::now();
                            let r = http(portal, "GET", path, "", b"");
                            let took = t.elapsed();
                            assert_eq!(r.0, status, "GET {path}: {}", String::from_utf8_lossy(&r.2));
                            took
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let rate = times.len() as f64 / t0.elapsed().as_secs_f64();
    (rate, pct(&mut times, 50.0), pct(&mut times, 99.0))
}

fn get(portal: SocketAddr, path: &str) -> Reply {
    http(portal, "GET", path, "", b"")
}

fn run_bench() {
    let (loads, clients) = (
        env("RATU_BENCH_PORTAL_LOADS", 2000),
        env("RATU_BENCH_PORTAL_CLIENTS", 8),
    );
    let dir = tempfile::tempdir().unwrap();
    let (svc, client, portal) = site(dir.path());
    let outbox = svc.data.join("outbox");
    let niks = [
        "3273015708900011",
        "3273015708900012",
        "3273015708900013",
        "3273015708900014",
    ];
    // Four applicants on the identity step, one on the set-passphrase step,
    // one whose certificate is issued.
    let landing: Vec<String> = niks
        .iter()
        .map(|nik| {
            let id = new_case(&svc, &client, "Pemohon Uji Beban", nik);
            format!("/l/{}", link_token(&outbox, id, "identity_data_link"))
        })
        .collect();
    let waiting = new_case(&svc, &client, "Pemohon Uji Passphrase", "3273015708900015");
    applicant_sends_identity(&svc, waiting);
    verifier_checks(&svc, &client, waiting);
    let passphrase = format!("/l/{}", link_token(&outbox, waiting, "set_passphrase_link"));
    let issued = new_case(&svc, &client, "Pemohon Uji Unduh", "3273015708900016");
    let used = format!("/l/{}", link_token(&outbox, issued, "identity_data_link"));
    applicant_sends_identity(&svc, issued);
    verifier_checks(&svc, &client, issued);
    applicant_sets_passphrase(&svc, issued, PASS);
    ok(&run(
        &svc,
        &client,
        "ra1",
        &["case", "act", &issued.to_string(), "approve"],
    ));
    issued_leaf(&svc, &client, issued);
    let download = format!("/l/{}", link_token(&outbox, issued, "issued"));

    println!("ratu applicant page, {clients} concurrent clients over loopback HTTP/1.0, {loads} loads a page");
    println!("{:<22} {:>10} {:>10} {:>10}", "PAGE", "LOADS/S", "P50", "P99");
    let single = |p: &String| vec![p.clone()];
    for (name, paths, status) in [
        ("identity (landing)", landing.clone(), 200),
        ("set passphrase", single(&passphrase), 200),
        ("download", single(&download), 200),
        ("error (used link)", single(&used), 410),
    ] {
        // A few loads first: connections, caches.
        load(portal, &paths, status, clients * 4, clients);
        let (rate, p50, p99) = load(portal, &paths, status, loads, clients);
        println!("{name:<22} {rate:>10.0} {:>10} {:>10}", ms(p50), ms(p99));
    }
    for p in landing.iter().chain([&passphrase, &download]) {
        assert_eq!(get(portal, p).0, 200, "{p}: showing a step never uses its link");
    }

    println!();
    println!("{:<22} {:>8} {:>8}", "PAGE", "STATUS", "BYTES");
    for (name, path) in [
        ("identity (landing)", landing[0].as_str()),
        ("set passphrase", passphrase.as_str()),
        ("download", download.as_str()),
        ("error (used link)", used.as_str()),
        ("unknown link", "/l/AAAAAAAAAAAAAAAAAAAAAAAA"),
        ("portal.css", "/assets/portal.css"),
        ("portal.js", "/assets/portal.js"),
    ] {
        let r = get(portal, path);
        assert!(r.2.len() < 50 * 1024, "{name}: {} bytes", r.2.len());
        println!("{name:<22} {:>8} {:>8}", r.0, r.2.len());
    }
}

fn main() {
    // Only `cargo bench` runs the figures; `cargo test --benches` builds it.
    if std::env::args().any(|a| a == "--bench") {
        run_bench();
    }
}
