//! Resource faults while the service and a console run: the service's data
//! folder lives on a small tmpfs, which fills up, and later is found
//! read-only. Each action fails with a clear one-line error and writes
//! nothing; the console stays up and says why; work resumes when space
//! returns (and when the folder is writable again); after a restart the
//! store opens, the audit chain verifies, and every change made is there
//! exactly once.
//!
//! Mounting a tmpfs needs root (the CI machine runs the suite as root);
//! where it is not allowed the test says so and skips.

mod common;
mod serve_support;

use common::disk::{Tmpfs, fill_leaving};
use common::tmux::{Tmux, tmux_available};
use serde_json::Value;
use serve_support::*;
use std::path::Path;
use std::process::Command;

/// The checklist items ticked on case `id`, as the auditor reads them.
fn ticked(svc: &Service, client: &Path, id: u64) -> Vec<String> {
    let v: Value = serde_json::from_str(&ok(&run(
        svc,
        client,
        "aud",
        &["case", "show", &id.to_string(), "--json"],
    )))
    .unwrap();
    let case = v.get("case").unwrap_or(&v);
    case["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["item"].as_str().unwrap().to_string())
        .collect()
}

/// A refused action: non-zero, one line on stderr, no panic; returns it.
fn refused(svc: &Service, client: &Path, op: &str, args: &[&str]) -> String {
    let o = run(svc, client, op, args);
    let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
    assert!(!o.status.success(), "{args:?} succeeded");
    assert!(!err.contains("panicked") && err.lines().count() == 1, "{err}");
    err
}

/// The pane's text with the box drawing and line breaks taken out, so a
/// message wrapped in a toast reads as one line.
fn flat(pane: &str) -> String {
    pane.lines()
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c == ' ' || c == '┌' || c == '└' || c == '─' || c == '┐' || c == '┘')
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_then_a_read_only_one_fail_each_action_clearly_and_work_resumes() {
    assert!(tmux_available(), "tmux is needed (.ci/run installs it)");
    let tmp = tempfile::tempdir().unwrap();
    let Some(fs) = Tmpfs::mount(&tmp.path().join("fs"), "64m") else {
        eprintln!("NOTE: mounting a tmpfs is not allowed here (needs root); resource fault test skipped");
        return;
    };
    // The service's data on the tmpfs; the console and the command line
    // (their own folder) elsewhere.
    let (data, client) = (fs.0.join("service"), tmp.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let mut svc = Service::start(&data, Some(PIN));
    staff(&svc, &client);
    make_ca(&svc, &data);
    let png = client.join("ktp.png");
    std::fs::write(&png, ratu::ra::demo::DEMO_PNG).unwrap();
    let id = open_issuance(
        &svc,
        &client,
        &[
            "--name",
            "Sri Harahap",
            "--nik",
            "3273014405910002",
            "--email",
            "sri.harahap@bandung.go.id",
            "--agency",
            AGENCIES[1],
            "--doc",
            &format!("ktp={}", png.display()),
        ],
    );
    let n = id.to_string();
    let tmux = Tmux {
        socket: format!("ratu-faults-{}", std::process::id()),
    };
    tmux.console_on("ver", &client, &svc.url(), "ver1", PIN);
    tmux.wait_for_in("ver", "the case", |p| p.contains("Sri Harahap"));

    // The disk fills up (by another program) to 1 MiB free: below the
    // free-space reserve (min_free, by default 5 % of this small disk, 3.2
    // MiB) every write is refused before it reaches the database, by the
    // command line and the console alike; sign-ins and reads go on.
    // (A disk filled to its last byte under the store: tests/disk_full.rs.)
    let filler = fill_leaving(&fs.0, 1 << 20);
    let err = refused(&svc, &client, "ver1", &["case", "act", &n, "tick:identity_check"]);
    assert!(err.contains("kept in reserve (min_free)"), "{err}");
    let err = refused(&svc, &client, "ver1", &["case", "act", &n, "tick:ktp_matches"]);
    assert!(
        err.contains("kept in reserve (min_free)") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(
        ticked(&svc, &client, id).is_empty(),
        "reads go on, and nothing was ticked"
    );
    tmux.send_to("ver", &["1"]);
    let pane = tmux.wait_for_in("ver", "the console's error", |p| flat(p).contains("min_free"));
    assert!(!pane.contains("panicked"), "{pane}");
    // The title bar says so until there is room again.
    tmux.wait_for_in("ver", "the title bar's mark", |p| {
        p.contains("perubahan ditolak") || p.contains("changes refused")
    });
    // The service logs it and holds its own work.
    let start = std::time::Instant::now();
    while !svc.log().contains("refuses new work until there is room") {
        assert!(start.elapsed().as_secs() < 30, "the service's log: {}", svc.log());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // The console still answers keys.
    tmux.send_to("ver", &["?"]);
    tmux.wait_for_in("ver", "the help", |p| p.contains("Help") || p.contains("help"));
    tmux.send_to("ver", &["Escape"]);

    // Space returns: the same actions go through, once each.
    std::fs::remove_file(&filler).unwrap();
    ok(&run(&svc, &client, "ver1", &["case", "act", &n, "tick:ktp_matches"]));
    tmux.wait_for_in("ver", "the title bar's mark gone", |p| {
        !p.contains("perubahan ditolak") && !p.contains("changes refused")
    });
    // The console shows the tick made elsewhere before its own key.
    tmux.wait_for_in("ver", "the command line's tick", |p| p.contains("1 [x]"));
    tmux.send_to("ver", &["2"]);
    let start = std::time::Instant::now();
    while !ticked(&svc, &client, id).contains(&"recommendation_valid".to_string()) {
        assert!(
            start.elapsed().as_secs() < 30,
            "the console's tick after space returned"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(ticked(&svc, &client, id), ["ktp_matches", "recommendation_valid"]);

    // The folder is found read-only when the service starts again: it
    // refuses to start and says why; the console waits, reconnecting.
    assert!(svc.stop().success(), "{}", svc.log());
    tmux.wait_for_in("ver", "the lost connection said", |p| p.contains("reconnecting"));
    fs.remount("ro");
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["serve", "--listen", &svc.addr.to_string()])
        .env_remove("RATU_DB")
        .env_remove("RATU_DATA")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("read-only"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Writable again: the service starts, the console reconnects and works.
    fs.remount("rw");
    let svc = Service::launch(&data, None, svc.addr, None, |cmd| {
        cmd.args(["serve", "--listen", &svc.addr.to_string()]);
    });
    tmux.wait_for_in("ver", "the reconnection said", |p| p.contains("reconnected"));
    tmux.send_to("ver", &["3"]);
    let start = std::time::Instant::now();
    while ticked(&svc, &client, id).len() < 3 {
        assert!(start.elapsed().as_secs() < 30, "the console's tick after the restart");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(
        ticked(&svc, &client, id),
        ["ktp_matches", "recommendation_valid", "email_active"]
    );
    let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
    assert!(out.contains("audit trail intact"), "{out}");
    let cases: Vec<Value> = serde_json::from_str(&ok(&run(&svc, &client, "aud", &["case", "list", "--json"]))).unwrap();
    assert_eq!(cases.len(), 1, "one case, nothing half-written");
    drop(tmux);
    drop(svc);
    drop(fs);
}
