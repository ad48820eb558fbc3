//! The console at a million cases: each figure from a fresh process (the
//! bench runs itself again with `RATU_TUI_SCALE_CHILD` set), so resident
//! memory is the console's alone and no page cache of the filling run is
//! in the process. The store is a SurrealKV folder under the target dir,
//! filled once and reused by later runs. Each role is measured twice: on
//! the embedded store, and against `ratu serve` on the same folder (the
//! service pinned to core 0, the console to core 1), signed in through
//! the API.

use super::tui_support::{BULK_AGENCY, mixed_case};
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use ratu::api::{Client, ClientOptions, Office};
use ratu::domain::{Case, Operator, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use ratu::tui::{App, Settings};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const CHILD: &str = "RATU_TUI_SCALE_CHILD";
/// In a child: the service's URL, when the console runs against it.
const SERVER: &str = "RATU_TUI_SCALE_SERVER";
/// The PIN of the bench's operators.
const PIN: &str = "135790";
pub const FILL: &str = "RATU_TUI_SCALE_FILL";
/// Who signs in, in a child: `officer` or `verifier`.
const ROLE: &str = "RATU_TUI_SCALE_ROLE";
const RUNS: usize = 3;

fn operator(role: &str) -> Operator {
    match role {
        "verifier" => Operator::new("verifikator1", Role::Verifier).with_agencies([BULK_AGENCY]),
        _ => Operator::new("petugas1", Role::RaOfficer),
    }
}

/// Four in ten open, six in ten issued.
fn case(i: usize) -> Case {
    mixed_case(i, 10)
}

fn cases_wanted() -> usize {
    std::env::var("RATU_BENCH_SCALE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn store_dir(n: usize) -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    PathBuf::from(target).join("bench-data").join(format!("tui-{n}"))
}

/// Fills the store once, in a process of its own so that its handle on
/// the folder is gone when it ends (a marker file says it is complete).
fn fill_once(dir: &Path) {
    if dir.join("complete-2").exists() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let st = std::process::Command::new(exe).env(FILL, dir).status().unwrap();
    assert!(st.success(), "filling the store failed");
}

/// Fills `dir` with `cases_wanted()` cases.
pub fn fill(dir: &Path) {
    let n = cases_wanted();
    // "complete-2": the store holds its operators too.
    let done = dir.join("complete-2");
    if done.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let t = Instant::now();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
        for start in (0..n).step_by(2000) {
            let chunk: Vec<Case> = (start..(start + 2000).min(n)).map(case).collect();
            store.insert_cases(&chunk).await.unwrap();
        }
        // The operators who sign in through the service.
        let ra = Ra::new(store.clone(), RaConfig::default(), Clock::System);
        let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
        ra.add_agency(&admin, BULK_AGENCY).await.unwrap();
        ra.add_operator_in(Some(&admin), "verifikator1", Role::Verifier, &[BULK_AGENCY.into()], PIN)
            .await
            .unwrap();
        ra.add_operator(Some(&admin), "petugas1", Role::RaOfficer, PIN)
            .await
            .unwrap();
        drop(ra);
        assert!(
            store.close(Duration::from_secs(600)).await,
            "the filled store did not close"
        );
    });
    drop(rt);
    std::fs::write(&done, b"").unwrap();
    println!(
        "scale: filled {n} cases in {:.0} s (untimed)",
        t.elapsed().as_secs_f64()
    );
}

/// Counts the bytes written to the "terminal".
struct Counter(Arc<AtomicUsize>);

impl std::io::Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(b.len(), Ordering::Relaxed);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// VmHWM and VmRSS of this process, in MiB.
fn memory() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        s.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kb("VmHWM:"), kb("VmRSS:"))
}

fn key(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// One measured start of the console on the filled store; prints one
/// line of `name=value` figures.
pub fn child(dir: &Path) {
    let t0 = Instant::now();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let _guard = rt.enter();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let role = std::env::var(ROLE).unwrap_or_default();
    // The embedded store, or the service's API signed in as the operator.
    let (ra, op) = rt.block_on(async {
        match std::env::var(SERVER) {
            Ok(url) => {
                let client = Client::new(&ClientOptions {
                    url,
                    ca_file: None,
                    timeout: Duration::from_secs(60),
                })
                .unwrap();
                let office = Office::Remote(client);
                let op = office.sign_in(&operator(&role).name, PIN).await.unwrap();
                (office, op)
            }
            Err(_) => {
                let store = Store::open(&DbTarget::Embedded(dir.join("db"))).await.unwrap();
                let ra = Ra::new(store, RaConfig::default(), Clock::Fixed(now));
                (Office::from(ra), operator(&role))
            }
        }
    });
    let opened = t0.elapsed();
    let (hwm_open, _) = memory();
    let (mut app, mut rx) = App::new(ra.clone(), Settings::default(), None);
    app.resize(200, 60);
    app.signed_in(op.clone());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    // The first useful frame: the first queue's first page drawn.
    while !app.queue().loaded {
        let m = rt.block_on(rx.recv()).unwrap();
        app.handle_msg(m);
    }
    term.draw(|f| ratu::tui::draw::draw(&app, f)).unwrap();
    let first = t0.elapsed();
    let (hwm_first, _) = memory();
    rt.block_on(app.settle(&mut rx));
    let settled = t0.elapsed();
    let held: usize = app.home.queues.iter().map(|q| q.rows.len()).sum();
    let open = app.queue().counts.total;

    // A `j` to its frame, on the wire.
    let bytes = Arc::new(AtomicUsize::new(0));
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 200, 60)),
    };
    let mut wire = Terminal::with_options(CrosstermBackend::new(Counter(bytes.clone())), opts).unwrap();
    ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
    let (mut j_us, mut j_bytes) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        bytes.store(0, Ordering::Relaxed);
        let t = Instant::now();
        key(&mut app, 'j');
        ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
        j_us.push(t.elapsed().as_secs_f64() * 1e6);
        j_bytes.push(bytes.load(Ordering::Relaxed) as f64);
        // The review pane's case, and any page the cursor asked for.
        rt.block_on(app.settle(&mut rx));
    }

    // A filter keystroke: its frame at once (the rows held, narrowed).
    // Then Enter (as a pause in typing does) asks the store, and its
    // answer is drawn.
    // The newest case waiting on a verifier: on no page held.
    let target = (0..cases_wanted()).rev().find(|i| i % 10 == 1).unwrap_or(1);
    key(&mut app, '/');
    let mut local_us = Vec::new();
    for c in format!("uji {target}").chars() {
        let t = Instant::now();
        key(&mut app, c);
        ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
        local_us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let t = Instant::now();
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    rt.block_on(app.settle(&mut rx));
    ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
    let store_ms = vec![t.elapsed().as_secs_f64() * 1e3];
    let found = app.queue().selected().map(|r| r.case.id);
    assert_eq!(found, Some(target as u64 + 1), "the filter found case {}", target + 1);

    // Store-wide search, as the console's `/` beyond its pages and the
    // CLI's `case list --text` ask it: 40 names spread over the store.
    let mut search_ms = Vec::new();
    for k in 0..40usize {
        let i = (k * 24_989 + 11) % cases_wanted();
        let f = ratu::domain::CaseFilter {
            text: Some(format!("uji {i}")),
            limit: 50,
            ..Default::default()
        };
        let t = Instant::now();
        let rows = rt.block_on(ra.list(&op, &f)).unwrap();
        search_ms.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(rows.iter().any(|c| c.id == i as u64 + 1), "search found case {}", i + 1);
    }
    let (_, rss_search) = memory();
    search_ms.sort_by(|a, b| a.total_cmp(b));
    let search_p50 = search_ms[search_ms.len() / 2];
    let search_p99 = search_ms[(search_ms.len() * 99 / 100).min(search_ms.len() - 1)];
    let (hwm, rss) = memory();
    // Closed as ratu closes it, so the next run opens a store with no log
    // to replay.
    drop((app, rx));
    let t = Instant::now();
    assert!(
        rt.block_on(ra.close(Duration::from_secs(600))),
        "the store did not close"
    );
    let close_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "open_ms={:.1} hwm_open_mib={hwm_open:.1} first_ms={:.1} hwm_first_mib={hwm_first:.1} settled_ms={:.1} held={held} open={open} j_us={:.0} j_bytes={:.0} \
         filter_frame_us={:.0} filter_store_ms={:.1} search_p50_ms={search_p50:.1} search_p99_ms={search_p99:.1} rss_search_mib={rss_search:.1} \
         hwm_mib={hwm:.1} rss_mib={rss:.1} close_ms={close_ms:.0}",
        opened.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        settled.as_secs_f64() * 1e3,
        median(j_us),
        median(j_bytes),
        median(local_us),
        median(store_ms),
    );
}

/// Fills the store once, then starts the console `RUNS` times, each in a
/// process of its own, and prints the medians.
pub fn run() {
    let n = cases_wanted();
    if n == 0 {
        return;
    }
    let dir = store_dir(n);
    fill_once(&dir);
    let exe = std::env::current_exe().unwrap();
    for over in ["embedded", "service"] {
        let service = (over == "service").then(|| Service::start(&dir));
        for role in ["officer", "verifier"] {
            let mut runs: Vec<Vec<(String, f64)>> = Vec::new();
            for _ in 0..RUNS {
                // The last run's store handle is gone with its process.
                std::thread::sleep(Duration::from_millis(500));
                let mut cmd = match &service {
                    // The console on the other core than the service.
                    Some(_) => {
                        let mut c = std::process::Command::new("taskset");
                        c.args(["-c", "1"]).arg(&exe);
                        c
                    }
                    None => std::process::Command::new(&exe),
                };
                if let Some(s) = &service {
                    cmd.env(SERVER, &s.url);
                }
                let out = cmd.env(CHILD, &dir).env(ROLE, role).output().unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                let line = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .to_string();
                println!("scale run ({role}, {over}): {line}");
                runs.push(
                    line.split_whitespace()
                        .filter_map(|kv| kv.split_once('='))
                        .filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?)))
                        .collect(),
                );
            }
            println!("scale: {n} cases, {role}, {over}, medians of {RUNS} fresh processes:");
            for (k, _) in &runs[0] {
                let v: Vec<f64> = runs
                    .iter()
                    .filter_map(|r| r.iter().find(|(x, _)| x == k).map(|x| x.1))
                    .collect();
                println!("  {k:<22} {:>10.1}", median(v));
            }
        }
        drop(service);
    }
}

/// `ratu serve` on the filled folder, pinned to core 0, on a loopback
/// port; stopped (SIGTERM, then waited for) when dropped.
struct Service {
    child: std::process::Child,
    url: String,
}

impl Service {
    fn start(dir: &Path) -> Service {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = std::process::Command::new("taskset")
            .args(["-c", "0", env!("CARGO_BIN_EXE_ratu")])
            .args(["--data", dir.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
            .args(["serve", "--listen", &addr])
            .env_remove("RATU_DB")
            .env_remove("RATU_DATA")
            .env_remove("RATU_SERVER")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Ready when its API answers (it listens before its store is open).
        let ready = || {
            use std::io::{Read, Write};
            let mut s = std::net::TcpStream::connect(&addr).ok()?;
            s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
            s.write_all(b"GET /api/v1/openapi.json HTTP/1.0\r\n\r\n").ok()?;
            let mut head = [0u8; 12];
            s.read_exact(&mut head).ok()?;
            head.ends_with(b"200").then_some(())
        };
        let t = Instant::now();
        while ready().is_none() {
            assert!(t.elapsed() < Duration::from_secs(300), "ratu serve did not start");
            std::thread::sleep(Duration::from_millis(200));
        }
        Service {
            child,
            url: format!("http://{addr}"),
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // SAFETY: kill(2) of our own child, not yet reaped.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}
