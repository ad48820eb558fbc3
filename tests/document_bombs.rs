//! Hostile documents (`bombs`, made by the test) against the decoder's
//! sandbox, the applicant page and a verifier's console in tmux: each is
//! stopped at its limit in a child process, refused at upload with the
//! reason, and the console's own memory stays within 200 MB of where it
//! was while it keeps answering keys.

mod bombs;
mod common;
mod serve_support;

use ratu::preview::{Limit, Preview, sandbox};
use serve_support::applicant::{new_case, site};
use serve_support::http::{Part, link_token, post_form};
use serve_support::*;
use std::time::{Duration, Instant};

/// A process's resident and peak resident memory, MiB, from /proc.
fn memory_of(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (kib("VmRSS:") / 1024, kib("VmHWM:") / 1024)
}

fn use_the_ratu_binary_as_the_decoder() {
    // SAFETY: set before this test starts any thread (nextest runs each
    // test in a process of its own).
    unsafe { std::env::set_var("RATU_RENDERER", env!("CARGO_BIN_EXE_ratu")) };
}

#[test]
fn every_bomb_is_stopped_in_the_child_and_this_process_stays_small() {
    use_the_ratu_binary_as_the_decoder();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let me = std::process::id();
    let corpus = bombs::all();
    let (before, _) = memory_of(me);
    for (name, bytes, must_refuse) in corpus {
        let t0 = Instant::now();
        let p = rt.block_on(sandbox::render(bytes));
        let took = t0.elapsed();
        let (now, _) = memory_of(me);
        let outcome = match &p {
            Preview::Refused(l) => format!("refused: {l}"),
            Preview::Unreadable(why) => format!("unreadable: {why}"),
            Preview::Image(i) => format!("image {}×{}", i.width(), i.height()),
            Preview::Pdf { pages, .. } => format!("PDF, {pages} pages"),
        };
        println!("{name}: {outcome} in {took:.1?}; this process {now} MiB");
        if must_refuse {
            assert!(!p.is_shown(), "{name} was shown: {outcome}");
        }
        assert!(took < Duration::from_secs(12), "{name} took {took:?}");
        assert!(
            now < before + 200,
            "{name}: this process went from {before} to {now} MiB"
        );
    }
    // The two that ask the most are stopped by the limit they pass.
    let p = rt.block_on(sandbox::render(bombs::nested_forms(12)));
    assert!(matches!(p, Preview::Refused(Limit::Time)), "{p:?}");
    let p = rt.block_on(sandbox::render(bombs::flate_bomb(1 << 30)));
    assert!(matches!(p, Preview::Refused(Limit::Memory | Limit::Time)), "{p:?}");
    // And an ordinary document still comes back whole.
    let p = rt.block_on(sandbox::render(ratu::ra::demo::DEMO_PDF.to_vec()));
    assert!(
        matches!(
            &p,
            Preview::Pdf {
                pages: 1,
                page: Some(_),
                ..
            }
        ),
        "{p:?}"
    );
}

#[test]
fn the_applicant_page_refuses_a_bomb_at_upload_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, client, portal) = site(dir.path());
    let id = new_case(&svc, &client, "Siti Rahayu", "3273014508900002");
    let token = link_token(&svc.data.join("outbox"), id, "identity_data_link");
    let page = serve_support::http::http(portal, "GET", &format!("/l/{token}"), "", b"");
    let body = String::from_utf8_lossy(&page.2).into_owned();
    let csrf = serve_support::http::form_value(&body, "csrf");
    let selfie = ratu::ra::demo::DEMO_SELFIE_PNG;
    for (name, bytes, must_refuse) in bombs::all() {
        if !must_refuse {
            continue;
        }
        let t0 = Instant::now();
        let r = post_form(
            portal,
            &format!("/l/{token}/identity"),
            &[
                ("csrf", Part::Text(&csrf)),
                ("ktp", Part::File(name, &bytes)),
                ("selfie", Part::File("selfie.png", selfie)),
            ],
        );
        let text = String::from_utf8_lossy(&r.2).into_owned();
        println!("{name}: {} in {:.1?}", r.0, t0.elapsed());
        assert_eq!(r.0, 400, "{name}: {text}");
        assert!(
            text.contains("cannot be shown") || text.contains("not a PDF"),
            "{name}: {text}"
        );
    }
    // The link still works: a good upload goes through afterwards.
    let r = post_form(
        portal,
        &format!("/l/{token}/identity"),
        &[
            ("csrf", Part::Text(&csrf)),
            ("ktp", Part::File("ktp.png", ratu::ra::demo::DEMO_KTP_PNG)),
            ("selfie", Part::File("selfie.png", selfie)),
        ],
    );
    assert_eq!(r.0, 200, "{}", String::from_utf8_lossy(&r.2));
}

#[test]
fn a_verifier_opens_every_bomb_in_the_console_and_its_memory_stays_put() {
    use common::tmux::{Tmux, tmux_available};
    assert!(tmux_available(), "tmux is needed (README: the tests' tools)");
    let dir = tempfile::tempdir().unwrap();
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let svc = Service::start(&data, Some(PIN));
    staff(&svc, &client);
    let tmux = Tmux {
        socket: format!("ratu-bombs-{}", std::process::id()),
    };
    tmux.console_on("ver", &client, &svc.url(), "ver1", PIN);
    let shell = tmux.cmd(&["display", "-p", "-t", "=ver:", "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let console: u32 = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
        .unwrap()
        .split_whitespace()
        .next()
        .expect("the console runs in the pane's shell")
        .parse()
        .unwrap();
    let (before, _) = memory_of(console);

    // A case holding every bomb, attached by ver1 through the service.
    let id = open_issuance(
        &svc,
        &client,
        &[
            "--name",
            "Siti Rahayu",
            "--nik",
            "3273014508900002",
            "--email",
            "siti@bandung.go.id",
            "--agency",
            AGENCIES[1],
        ],
    );
    let corpus = bombs::all();
    for (name, bytes, _) in &corpus {
        let path = client.join(name);
        std::fs::write(&path, bytes).unwrap();
        ok(&run(
            &svc,
            &client,
            "ver1",
            &["case", "attach", &id.to_string(), &format!("other={}", path.display())],
        ));
    }

    // The case comes in; its documents decode in children while the
    // console answers keys.
    tmux.wait_for_in("ver", "the case in the queue", |p| p.contains("Siti Rahayu"));
    let t0 = Instant::now();
    let mut peak = before;
    let sample = |peak: &mut u64| *peak = (*peak).max(memory_of(console).0);
    tmux.send_to("ver", &["?"]);
    tmux.wait_for_in("ver", "the help, while documents decode", |p| p.contains("Esc"));
    tmux.send_to("ver", &["Escape"]);
    sample(&mut peak);
    tmux.wait_for_in("ver", "the case's review", |p| p.contains("V view document"));
    // Through the documents in turn (Tab), again and again, until the
    // two that ask the most have been stopped and shown as such.
    let mut seen = String::new();
    while !(seen.contains("more than 5 s") && seen.contains("more than 512 MiB")) {
        assert!(
            t0.elapsed() < Duration::from_secs(90),
            "not every bomb was stopped and said so:\n{seen}"
        );
        sample(&mut peak);
        let screen = tmux.capture_in("ver");
        // The full-screen document, opened (again) where it is not.
        let key = if screen.contains("←/→ document") {
            "Tab"
        } else {
            "V"
        };
        seen.push_str(&screen);
        tmux.send_to("ver", &[key]);
        std::thread::sleep(Duration::from_millis(150));
    }
    sample(&mut peak);
    let (_, hwm) = memory_of(console);
    println!(
        "console: {before} MiB before, {peak} MiB sampled peak, {hwm} MiB VmHWM, all decoded in {:.1?}",
        t0.elapsed()
    );
    assert!(
        hwm < before + 200,
        "the console went from {before} MiB to a peak of {hwm} MiB"
    );
    // Still alive and answering.
    tmux.send_to("ver", &["Escape"]);
    tmux.wait_for_in("ver", "the queues again", |p| p.contains("ver1 ("));
}
