//! Console benchmarks over 100k cases held in memory: one full frame of
//! the queue screen at 200×60, one filter keystroke, and the bytes one `j`
//! keystroke writes to the terminal; and start-up on a 100k-case embedded
//! SurrealKV store: open the store, sign in, first frame (spinner), and the
//! first frame with the queues loaded.
//!
//! At a million cases (`scale`, in a fresh process each time, on a store
//! filled once under the target dir): the first useful frame, resident
//! memory, a keystroke to its frame, a filter keystroke, and the bytes one
//! `j` writes.
//!
//! `cargo bench --bench tui -- --warm-up-time 1 --measurement-time 3`
//! (`RATU_BENCH_SCALE_CASES=N` for another size; 0 skips it).

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use ratu::domain::{Case, Operator, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use ratu::tui::screens::queues::Filters;
use ratu::tui::{App, Screen, Settings};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[path = "../tests/tui_support/mod.rs"]
mod tui_support;

const N: usize = 100_000;

/// Four in five open.
fn case(i: usize) -> Case {
    tui_support::mixed_case(i, 5)
}

/// Counts the bytes written to the "terminal".
struct Counter(Arc<AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(b.len(), Ordering::Relaxed);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn setup(rt: &tokio::runtime::Runtime) -> App {
    let ra = rt.block_on(async {
        let store = Store::open(&DbTarget::Memory).await.unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        Ra::new(store, RaConfig::default(), Clock::Fixed(now))
    });
    let (mut app, rx) = App::new(ra, Settings::default(), None);
    std::mem::forget(rx);
    let op = Operator::new("petugas1", Role::RaOfficer);
    app.op = Some(op.clone());
    app.screen = Screen::Queues;
    app.resize(200, 60);
    let cases: Vec<Case> = (0..N).map(case).collect();
    let now = app.now;
    app.home.queues[0].set_cases(cases, &op, &Filters::default(), now);
    app
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let _guard = rt.enter();
    let mut app = setup(&rt);
    assert_eq!(app.queue().view.len(), N * 4 / 5);

    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("queue_frame_200x60_100k", |b| {
        b.iter(|| {
            term.draw(|f| ratu::tui::draw::draw(&app, f)).unwrap();
        })
    });

    let op = app.op.clone().unwrap();
    let now = app.now;
    // From no filter to one character: every case is looked at.
    c.bench_function("filter_first_keystroke_100k", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                app.home.queues[0].refresh(&Filters::default(), now, None, &op.name);
                let f = Filters {
                    text: "9".into(),
                    ..Filters::default()
                };
                let t = Instant::now();
                app.home.queues[0].refresh(&f, now, None, &op.name);
                total += t.elapsed();
            }
            total
        })
    });
    // One more character: only the rows still shown are looked at.
    c.bench_function("filter_next_keystroke_100k", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                app.home.queues[0].refresh(&Filters::default(), now, None, &op.name);
                let mut f = Filters {
                    text: "uji 1".into(),
                    ..Filters::default()
                };
                app.home.queues[0].refresh(&f, now, None, &op.name);
                f.text.push('2');
                let t = Instant::now();
                app.home.queues[0].refresh(&f, now, None, &op.name);
                total += t.elapsed();
            }
            total
        })
    });
    app.home.queues[0].refresh(&Filters::default(), now, None, &op.name);

    // Bytes on the wire for one `j`: the diff between two frames.
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 200, 60)),
    };
    let bytes = Arc::new(AtomicUsize::new(0));
    let mut wire = Terminal::with_options(CrosstermBackend::new(Counter(bytes.clone())), opts).unwrap();
    ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
    let mut samples = Vec::new();
    for _ in 0..20 {
        bytes.store(0, Ordering::Relaxed);
        app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
        samples.push(bytes.load(Ordering::Relaxed));
    }
    samples.sort();
    println!(
        "bytes written for one `j` at 200x60 over 100k cases: median {} B, max {} B (20 keystrokes)",
        samples[samples.len() / 2],
        samples[samples.len() - 1]
    );
    c.bench_function("j_keystroke_frame_to_wire_100k", |b| {
        b.iter(|| {
            app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
            ratu::tui::terminal::draw_synced(&mut wire, &app).unwrap();
        })
    });
}

/// Opens the store, waiting while a previous handle still holds it.
async fn open_when_free(target: &DbTarget) -> Store {
    for _ in 0..600 {
        match Store::open(target).await {
            Ok(s) => return s,
            Err(ratu::store::StoreError::Locked(_)) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
            Err(e) => panic!("{e}"),
        }
    }
    panic!("the store stayed locked")
}

/// Start-up on a SurrealKV store holding `N` cases (filled once).
fn startup(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let _guard = rt.enter();
    let dir = tempfile::tempdir().unwrap();
    let target = DbTarget::Embedded(dir.path().join("db"));
    rt.block_on(async {
        let store = Store::open(&target).await.unwrap();
        let cases: Vec<Case> = (0..N).map(case).collect();
        for chunk in cases.chunks(2000) {
            store.insert_cases(chunk).await.unwrap();
        }
    });
    // Wait (untimed) until the engine has released the folder.
    drop(rt.block_on(open_when_free(&target)));
    std::thread::sleep(std::time::Duration::from_millis(500));
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let op = Operator::new("petugas1", Role::RaOfficer);
    let mut group = c.benchmark_group("startup_surrealkv_100k");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(1));
    for (name, loaded) in [("first_frame", false), ("queues_loaded_frame", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    // Untimed: wait until the last iteration's store is closed.
                    drop(rt.block_on(open_when_free(&target)));
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    let t = Instant::now();
                    let ra = rt.block_on(async {
                        let store = Store::open(&target).await.unwrap();
                        Ra::new(store, RaConfig::default(), Clock::Fixed(now))
                    });
                    let (mut app, mut rx) = App::new(ra, Settings::default(), None);
                    app.resize(200, 60);
                    app.signed_in(op.clone());
                    if loaded {
                        rt.block_on(app.settle(&mut rx));
                    }
                    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
                    term.draw(|f| ratu::tui::draw::draw(&app, f)).unwrap();
                    total += t.elapsed();
                    // Untimed: every task done before the store is closed.
                    rt.block_on(app.settle(&mut rx));
                    assert!(app.home.queues.iter().map(|q| q.rows.len()).sum::<usize>() > 0);
                    drop(app);
                    drop(rx);
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(tui, benches, startup);

#[path = "tui/scale.rs"]
mod scale;

fn main() {
    if let Ok(dir) = std::env::var(scale::FILL) {
        scale::fill(std::path::Path::new(&dir));
        return;
    }
    if let Ok(dir) = std::env::var(scale::CHILD) {
        scale::child(std::path::Path::new(&dir));
        return;
    }
    tui();
    scale::run();
    Criterion::default().configure_from_args().final_summary();
}
