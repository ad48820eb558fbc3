//! Crash tests: the real binary (the CLI on the embedded store, `ratu
//! demo`, `ratu serve`) is killed with SIGKILL at seeded random moments,
//! and after every kill the invariants are checked:
//! - the store opens and `audit verify` passes;
//! - every certificate ever announced (an "issued" e-mail, a CRL entry) is
//!   in the store, no serial twice, no reservation left once recovered;
//! - CRL numbers never go back, a number is never reused for other bytes,
//!   and every published CRL parses whole;
//! - a case is there with all its documents or not at all; an operator
//!   with its audit event or not at all; a demo marked complete is whole;
//! - after a restart every approved case is issued, every revocation
//!   published.
//!
//! The seed is printed (`RATU_CRASH_SEED=…` replays it); the normal run
//! makes about 20 kill points in all, `RATU_CRASH_POINTS=200` about 200.
//! Each test prints "crash points survived X of Y (seed S)".

mod common;
mod crash_support;
mod serve_support;

use crash_support::*;

use serde_json::Value;
use serve_support::{CA_PASS, Service, free_port, openssl};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// The harness: seed, points, kills.

/// The seed every test of a run uses, printed so a failure replays.
fn crash_seed() -> u64 {
    std::env::var("RATU_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

/// This test's share of the kill points: `share` of 20 in a normal run,
/// scaled by `RATU_CRASH_POINTS`.
fn points(share: usize) -> usize {
    let total: usize = std::env::var("RATU_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    (share * total / 20).max(1)
}

/// One test's kill points: its random moments, and what survived.
struct Crash {
    name: &'static str,
    seed: u64,
    rng: u64,
    tried: usize,
    survived: usize,
    /// Runs that ended before their kill (not counted as points).
    finished_first: usize,
    failures: Vec<String>,
    t0: Instant,
}

impl Crash {
    fn new(name: &'static str) -> Crash {
        let seed = crash_seed();
        eprintln!("{name}: RATU_CRASH_SEED={seed}");
        // Each test draws its own sequence from the one seed.
        let mut rng = seed ^ 0x9e37_79b9_7f4a_7c15;
        for b in name.bytes() {
            rng = (rng ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Crash {
            name,
            seed,
            rng: rng | 1,
            tried: 0,
            survived: 0,
            finished_first: 0,
            failures: Vec::new(),
            t0: Instant::now(),
        }
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.rng;
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        *s
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A random moment within `span` (a bit past it, so the very end of a
    /// run is hit too).
    fn moment(&mut self, span: Duration) -> Duration {
        let ms = (span.as_millis() as u64 * 6 / 5).max(20);
        Duration::from_millis(self.below(ms))
    }

    /// Runs `cmd` and SIGKILLs it after `delay`: true if the kill landed
    /// (the process was still running), false if it had finished first.
    fn kill_after(&mut self, mut cmd: Command, delay: Duration) -> bool {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ratu starts");
        let t0 = Instant::now();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            // SAFETY: kill(2) of our own child, not yet reaped.
            unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        }
        let st = child.wait().unwrap();
        let killed = st.signal() == Some(libc::SIGKILL);
        if !killed {
            self.finished_first += 1;
            eprintln!("{}: ended ({st}) within {:?}, before its kill", self.name, t0.elapsed());
        }
        killed
    }

    /// The checks after one kill: a failed assertion is a point not
    /// survived (its message kept), and the run goes on.
    fn check(&mut self, what: &str, f: impl FnOnce()) {
        self.tried += 1;
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(()) => self.survived += 1,
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                self.failures.push(format!("point {} ({what}): {msg}", self.tried));
            }
        }
    }

    /// More checks of the last point, after its recovery (a restart): a
    /// failure makes that point not survived.
    fn recheck(&mut self, what: &str, f: impl FnOnce()) {
        if let Err(e) = catch_unwind(AssertUnwindSafe(f)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let tag = format!("point {} ", self.tried);
            if !self.failures.iter().any(|f| f.starts_with(&tag)) {
                self.survived -= 1;
            }
            self.failures.push(format!("{tag}({what}): {msg}"));
        }
    }

    /// Prints the summary line and fails with every point not survived.
    fn finish(self) {
        eprintln!(
            "{}: crash points survived {} of {} (seed {}); {} run(s) ended before their kill; {:.1?}",
            self.name,
            self.survived,
            self.tried,
            self.seed,
            self.finished_first,
            self.t0.elapsed()
        );
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} crash points failed (RATU_CRASH_SEED={}):\n{}",
            self.name,
            self.failures.len(),
            self.tried,
            self.seed,
            self.failures.join("\n")
        );
        assert!(self.tried > 0, "no kill landed");
    }
}

/// The verifier's steps of an issuance case, in order.
const STEPS: [&str; 7] = [
    "send_to_applicant",
    "record_applicant_data",
    "tick:ktp_matches",
    "tick:recommendation_valid",
    "tick:email_active",
    "tick:identity_check",
    "verify",
];

#[derive(Clone, Copy, Debug)]
enum CliKind {
    NewCase,
    Step,
    Approve,
    Revoke,
    Publish,
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_killed_mid_case_action_leaves_every_case_whole_and_every_certificate_known() {
    let mut crash = Crash::new("cli_case_actions");
    let n = points(6);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("site");
    let files = tmp.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let pdf = files.join("rekomendasi.pdf");
    let png = files.join("ktp.png");
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    std::fs::write(&png, ratu::ra::demo::DEMO_PNG).unwrap();

    let mut ra_review: Vec<u64> = cases_in_ra_review(&data, (n as u32 / 4).max(2) + 1).await;
    let mut ca = local(&data, "admin");
    ca.env("RATU_CA_PASSPHRASE", CA_PASS).args(["ca", "init"]);
    timed(ca);
    // Calibration, whole runs: one of each kind, timed.
    let new_case = |k: usize| {
        let mut c = local(&data, "ver1");
        c.args(["case", "new", "issuance", "--json"])
            .args(["--name", &format!("Pemohon Uji Crash {k}")])
            .args(["--nik", &format!("327301120390{:04}", 1000 + k)])
            .args(["--email", &format!("crash{k}@bandung.go.id")])
            .args(["--agency", "Dinkes Kota Bandung"])
            .args(["--doc", &format!("recommendation={}", pdf.display())])
            .args(["--doc", &format!("ktp={}", png.display())]);
        c
    };
    let approve = |id: u64| {
        let mut c = local(&data, "ra1");
        c.env("RATU_CA_PASSPHRASE", CA_PASS)
            .args(["case", "act", &id.to_string(), "approve"]);
        c
    };
    let revoke = |serial: &str| {
        let mut c = local(&data, "admin");
        c.env("RATU_CA_PASSPHRASE", CA_PASS)
            .args(["cert", "revoke", serial, "--reason", "keyCompromise"]);
        c
    };
    let publish = || {
        let mut c = local(&data, "admin");
        c.env("RATU_CA_PASSPHRASE", CA_PASS).args(["crl", "publish"]);
        c
    };
    let mut span: BTreeMap<&str, Duration> = BTreeMap::new();
    let (out, t) = timed(new_case(0));
    span.insert("new", t);
    let first: Value = serde_json::from_str(&out).unwrap();
    // Drafts and how far their verifier got.
    let mut drafts: Vec<(u64, usize)> = vec![(first["id"].as_u64().unwrap(), 0)];
    let mut step = local(&data, "ver1");
    step.args(["case", "act", &drafts[0].0.to_string(), STEPS[0]]);
    let (_, t) = timed(step);
    drafts[0].1 = 1;
    span.insert("step", t);
    let id = ra_review.pop().unwrap();
    let (_, t) = timed(approve(id));
    span.insert("approve", t);
    let mut issued: Vec<String> = vec![
        local_case(&data, id)["case"]["cert_serial"]
            .as_str()
            .expect("issued at approval")
            .to_string(),
    ];
    let (_, t) = timed(publish());
    span.insert("publish", t);
    span.insert("revoke", t + span["step"]);
    eprintln!("whole runs: {span:?}");
    let mut crls = CrlWatch::default();
    local_invariants(&data, &mut crls);

    let mut k = 1;
    let turn = crash.below(5) as usize;
    let mut attempt = 0;
    while crash.tried < n && crash.tried + crash.finished_first < 3 * n {
        // A kind of action that has something to act on.
        // In turn from a seeded start, so that a short run covers each.
        let kinds: Vec<CliKind> = [
            (CliKind::NewCase, true),
            (CliKind::Step, !drafts.is_empty()),
            (CliKind::Approve, !ra_review.is_empty()),
            (CliKind::Revoke, !issued.is_empty()),
            (CliKind::Publish, true),
        ]
        .into_iter()
        .filter_map(|(kind, can)| can.then_some(kind))
        .collect();
        let kind = kinds[(turn + attempt) % kinds.len()];
        attempt += 1;
        local_invariants(&data, &mut crls);
        let (cmd, key) = match kind {
            CliKind::NewCase => (new_case(k), "new"),
            CliKind::Step => {
                let (id, step) = drafts[crash.below(drafts.len() as u64) as usize];
                let mut c = local(&data, "ver1");
                c.args(["case", "act", &id.to_string(), STEPS[step]]);
                (c, "step")
            }
            CliKind::Approve => (approve(*ra_review.last().unwrap()), "approve"),
            CliKind::Revoke => (revoke(issued.last().unwrap()), "revoke"),
            CliKind::Publish => (publish(), "publish"),
        };
        // The target's state before, to compare with after.
        let step_target = match kind {
            CliKind::Step => {
                let args: Vec<String> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
                let id: u64 = args[args.len() - 2].parse().unwrap();
                Some((id, local_case(&data, id)["case"]["version"].as_u64().unwrap()))
            }
            _ => None,
        };
        let delay = crash.moment(span[key]);
        if !crash.kill_after(cmd, delay) {
            // It finished first: keep the books and go on.
            match kind {
                CliKind::NewCase => {
                    k += 1;
                }
                CliKind::Step => {
                    let (id, _) = step_target.unwrap();
                    let d = drafts.iter_mut().find(|d| d.0 == id).unwrap();
                    d.1 += 1;
                }
                CliKind::Approve => {
                    let id = ra_review.pop().unwrap();
                    let c = local_case(&data, id);
                    issued.push(c["case"]["cert_serial"].as_str().unwrap().to_string());
                }
                CliKind::Revoke => {
                    issued.pop();
                }
                CliKind::Publish => {}
            }
            drafts.retain(|d| d.1 < STEPS.len());
            continue;
        }
        let what = format!("{kind:?} killed after {delay:?}");
        eprintln!("{}: {what}", crash.name);
        crash.check(&what, || {
            // The store opens, the trail verifies, the CRLs are whole.
            let (certs, _) = local_invariants(&data, &mut crls);
            match kind {
                CliKind::NewCase => {
                    // All of the case, with both documents, or none of it.
                    let name = format!("Pemohon Uji Crash {k}");
                    let rows = local_json(&data, "aud", &["case", "list", "--limit", "10000", "--json"]);
                    let found: Vec<&Value> = rows
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|c| c["subscriber"]["name"] == name.as_str())
                        .collect();
                    assert!(found.len() <= 1, "case opened twice: {found:?}");
                    if let Some(c) = found.first() {
                        let id = c["id"].as_u64().unwrap();
                        let docs = local_case(&data, id)["documents"].as_array().unwrap().len();
                        assert_eq!(docs, 2, "case {id} lost a document");
                        drafts.push((id, 0));
                    }
                    k += 1;
                }
                CliKind::Step => {
                    let (id, v) = step_target.unwrap();
                    let now = local_case(&data, id)["case"]["version"].as_u64().unwrap();
                    assert!(now == v || now == v + 1, "case {id}: version {v} → {now}");
                    if now == v + 1 {
                        drafts.iter_mut().find(|d| d.0 == id).unwrap().1 += 1;
                    }
                }
                CliKind::Approve => {
                    let id = *ra_review.last().unwrap();
                    let state = local_case(&data, id)["case"]["state"].as_str().unwrap().to_string();
                    assert!(
                        ["ra_review", "approved", "issued"].contains(&state.as_str()),
                        "case {id}: {state}"
                    );
                    // A reservation the kill left is completed with the same
                    // serial when the case is issued again.
                    let reserved: Vec<String> = certs
                        .iter()
                        .filter(|(_, st)| st == "pending")
                        .map(|(s, _)| s.clone())
                        .collect();
                    if state == "approved" {
                        let mut issue = local(&data, "ra1");
                        issue
                            .env("RATU_CA_PASSPHRASE", CA_PASS)
                            .args(["case", "act", &id.to_string(), "issue"]);
                        timed(issue);
                    }
                    if state != "ra_review" {
                        ra_review.pop();
                        let c = local_case(&data, id);
                        assert_eq!(c["case"]["state"], "issued", "case {id} issued after the restart");
                        let serial = c["case"]["cert_serial"].as_str().unwrap().to_string();
                        if !reserved.is_empty() {
                            assert_eq!(
                                reserved,
                                vec![norm_serial(&serial)],
                                "the reserved serial is the one issued"
                            );
                        }
                        issued.push(serial);
                    }
                    let (certs, _) = local_invariants(&data, &mut crls);
                    assert!(
                        !certs.iter().any(|(_, st)| st == "pending"),
                        "a reservation left after the restart: {certs:?}"
                    );
                }
                CliKind::Revoke => {
                    let serial = issued.last().unwrap().clone();
                    let st = certs
                        .iter()
                        .find(|(s, _)| *s == norm_serial(&serial))
                        .map(|(_, st)| st.clone());
                    assert!(
                        st.as_deref() == Some("revoked") || st.as_deref() == Some("issued"),
                        "{serial}: {st:?}"
                    );
                    if st.as_deref() == Some("revoked") {
                        issued.pop();
                    }
                    // Published again, the CRL lists every revocation.
                    timed(publish());
                    let on_crl = crls.check(&data.join("publish"));
                    let (certs, _) = local_invariants(&data, &mut crls);
                    for (s, st) in &certs {
                        assert!(st != "revoked" || on_crl.contains(s), "revoked {s} is not on the CRL");
                    }
                }
                CliKind::Publish => {}
            }
        });
        drafts.retain(|d| d.1 < STEPS.len());
    }

    // After it all, every approved case is issued and nothing is reserved.
    let rows = local_json(&data, "aud", &["case", "list", "--limit", "10000", "--json"]);
    for c in rows.as_array().unwrap() {
        assert_ne!(c["state"], "approved", "case {} left approved", c["id"]);
    }
    let (certs, _) = local_invariants(&data, &mut crls);
    assert!(!certs.iter().any(|(_, st)| st == "pending"), "{certs:?}");
    crash.finish();
}

// ---------------------------------------------------------------------------
// Operator creation.

#[test]
fn operator_creation_killed_midway_makes_the_operator_whole_or_not_at_all() {
    let mut crash = Crash::new("operator_add");
    let n = points(3);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("site");
    let init = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "--config",
            "/nonexistent/ratu.toml",
            "init",
        ])
        .env("RATU_PIN", PIN)
        .env_remove("RATU_DB")
        .output()
        .unwrap();
    ok(&init);
    let add = |name: &str| {
        let mut c = local(&data, "admin");
        c.args(["operator", "add", name, "--role", "auditor"]);
        c
    };
    let (_, span) = timed(add("aud"));
    let operators = || -> Vec<String> {
        let v = local_json(&data, "aud", &["operator", "list", "--json"]);
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_string())
            .collect()
    };
    let mut k = 0;
    while crash.tried < n && crash.tried + crash.finished_first < 3 * n {
        k += 1;
        let name = format!("auditor{k}");
        let before = audit_intact(&local_ok(&data, "aud", &["audit", "verify"]));
        let delay = crash.moment(span);
        if !crash.kill_after(add(&name), delay) {
            continue;
        }
        eprintln!("operator_add: killed after {delay:?}");
        crash.check(&format!("operator add killed after {delay:?}"), || {
            let events = audit_intact(&local_ok(&data, "aud", &["audit", "verify"]));
            let names = operators();
            let count = names.iter().filter(|n| **n == name).count();
            assert!(count <= 1, "{name} twice: {names:?}");
            assert_eq!(
                events - before,
                count as u64,
                "{name} without its audit event, or the reverse"
            );
            if count == 0 {
                // The name is not half-taken: adding it again works.
                timed(add(&name));
            }
            // Whole: it signs in with its PIN.
            local_ok(&data, &name, &["audit", "verify"]);
        });
    }
    crash.finish();
}

// ---------------------------------------------------------------------------
// `ratu demo`.

fn demo_cmd(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args([
        "--config",
        "/nonexistent/ratu.toml",
        "demo",
        "--data",
        dir.to_str().unwrap(),
    ])
    .args(["--cases", "20"])
    .env_remove("RATU_DATA")
    .env_remove("RATU_DB")
    .env_remove("RATU_OPERATOR")
    .env_remove("RATU_CA_PASSPHRASE");
    c
}

/// What a whole demo holds: its cases and certificates, and the audit
/// trail verifies.
fn demo_contents(dir: &Path) -> (usize, usize) {
    let run = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
        c.args(["--config", "/nonexistent/ratu.toml", "--data", dir.to_str().unwrap()])
            .args(["--operator", "auditor"])
            .args(args)
            .env("RATU_PIN", "246810")
            .env_remove("RATU_DB");
        ok(&c.output().unwrap())
    };
    audit_intact(&run(&["audit", "verify"]));
    let cases: Vec<Value> = serde_json::from_str(&run(&["case", "list", "--limit", "10000", "--json"])).unwrap();
    let certs = cert_rows(&run(&["cert", "list", "--limit", "10000", "--json"]));
    all_known(&certs, &announced_serials(&dir.join("outbox")), &BTreeSet::new());
    (cases.len(), certs.len())
}

#[test]
fn a_demo_killed_midway_is_never_reused_as_complete() {
    let mut crash = Crash::new("demo");
    let n = points(4);
    let tmp = tempfile::tempdir().unwrap();
    // A whole demo: what every demo must hold, and how long one takes.
    let whole = tmp.path().join("whole");
    let (_, span) = timed(demo_cmd(&whole));
    let expected = demo_contents(&whole);
    assert!(expected.0 >= 20 && expected.1 > 0, "{expected:?}");
    let mut folder = 0;
    while crash.tried < n && crash.tried + crash.finished_first < 3 * n {
        folder += 1;
        let dir = tmp.path().join(format!("demo{folder}"));
        // One or two kills in a row: the second lands in the remaking of
        // the demo the first one interrupted.
        let kills = 1 + crash.below(2);
        let mut killed = false;
        for _ in 0..kills {
            let delay = crash.moment(span);
            if !crash.kill_after(demo_cmd(&dir), delay) {
                break;
            }
            killed = true;
            let complete = dir.join(".demo-complete").exists();
            eprintln!("demo: killed after {delay:?} (complete: {complete})");
            crash.check(&format!("demo killed after {delay:?} (complete: {complete})"), || {
                if complete {
                    // Marked complete: it must be whole as it is.
                    assert_eq!(demo_contents(&dir), expected, "a demo marked complete is not whole");
                }
            });
            if complete {
                break;
            }
        }
        if killed {
            // The next run reuses only a complete demo, and leaves it whole.
            let complete = dir.join(".demo-complete").exists();
            crash.recheck("the demo run again", || {
                let (out, _) = timed(demo_cmd(&dir));
                if complete {
                    assert!(out.contains("Reusing the demo"), "{out}");
                } else {
                    assert!(!out.contains("Reusing the demo"), "an incomplete demo reused: {out}");
                    assert!(out.contains("Made a demo"), "{out}");
                }
                assert!(dir.join(".demo-complete").exists());
                assert_eq!(demo_contents(&dir), expected, "the demo made again is not whole");
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    crash.finish();
}

// ---------------------------------------------------------------------------
// The service: batch issuance and CRL publication.

/// The service on `data` with the CA unlocked (it issues and publishes).
fn spawn_with_ca(data: &Path) -> (std::process::Child, PathBuf, SocketAddr) {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let log = data.join(format!("serve-{}.log", addr.port()));
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["serve", "--listen", &addr.to_string()])
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .env_remove("RATU_PIN")
        .env_remove("RATU_DB")
        .env_remove("RATU_DB_PASS")
        .stdin(Stdio::null())
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .expect("ratu serve starts");
    (child, log, addr)
}

fn with_ca(data: &Path) -> Service {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    Service::launch(data, None, addr, None, |cmd| {
        cmd.args(["serve", "--listen", &addr.to_string()])
            .env("RATU_CA_PASSPHRASE", CA_PASS);
    })
}

/// Makes `n` more approved issuance cases on the site in `data` (the
/// service runs without the CA meanwhile, delivering the links). The first
/// call also makes the staff and the CA.
async fn more_approved(data: &Path, n: u32, first: u32) {
    use ratu::domain::CaseKind::Issuance;
    use ratu::ra::{Clock, Ra, RaConfig};
    let mut svc = Service::start(data, None);
    let pass = std::fs::read_to_string(ratu::serve::credential_file(data)).unwrap();
    let store = ratu::store::Store::open(&ratu::store::DbTarget::Remote {
        url: svc.db_url(),
        root: Some(("root".into(), pass.trim().into())),
    })
    .await
    .expect("the service's store opens as root");
    let mut cfg = RaConfig::default();
    cfg.ca.subscriber_alg = ratu::ca::KeyAlg::EcdsaP256;
    let ra = Ra::new(store.clone(), cfg.clone(), Clock::System);
    let staff = if first == 0 {
        let mut site = cfg.clone();
        site.ca.dir = data.join("ca");
        site.ca.publish_dir = data.join("publish");
        let ca = Ra::new(store, site, Clock::System);
        let s = common::staff_with_pin(&ca, PIN).await;
        ca.ca_init(&s.admin, &ratu::ca::HierarchySpec::default(), CA_PASS)
            .await
            .expect("the CA is made");
        s
    } else {
        use ratu::domain::Role;
        let op = |name: &str, role| {
            let of = if role == Role::Verifier {
                &common::AGENCIES[..]
            } else {
                &[]
            };
            ratu::domain::Operator::new(name, role).with_agencies(of.iter().copied())
        };
        common::Staff {
            admin: op("admin", Role::CaAdmin),
            ver1: op("ver1", Role::Verifier),
            ver2: op("ver2", Role::Verifier),
            ra1: op("ra1", Role::RaOfficer),
            ra2: op("ra2", Role::RaOfficer),
            aud: op("aud", Role::Auditor),
        }
    };
    let mut ids = Vec::new();
    for i in first..first + n {
        let new = common::new_case(Issuance, 100 + i);
        let id = ra.new_case(&staff.ver1, new, &common::docs(Issuance)).await.unwrap().id;
        common::to_ra_review(&ra, &staff, id).await;
        ids.push(id);
    }
    let sha = ra.config().agreement.sha256.clone();
    for id in &ids {
        let token = serve_support::http::link_token(&data.join("outbox"), *id, "set_passphrase_link");
        let p = common::APPLICANT_PASS;
        ra.applicant_set_passphrase(&token, "127.0.0.1", p, p, &sha, &common::selfie())
            .await
            .unwrap();
        let done = ra
            .act(&staff.ra1, *id, ratu::domain::Action::Approve, None, None)
            .await
            .unwrap();
        assert_eq!(done.state.as_str(), "approved");
    }
    drop(ra);
    assert!(svc.stop().success(), "{}", svc.log());
}

/// The service's records after a kill, read through a service without the
/// CA (it changes nothing): the audit trail verifies, no serial twice,
/// every announced certificate known, the CRLs whole and in order.
/// Returns the certificates and the cases' states.
fn service_invariants(data: &Path, client: &Path, crls: &mut CrlWatch) -> (Vec<(String, String)>, Vec<String>) {
    let on_crl = crls.check(&data.join("publish"));
    let svc = Service::start(data, None);
    let run = |args: &[&str]| ok(&serve_support::run(&svc, client, "aud", args));
    audit_intact(&run(&["audit", "verify"]));
    let certs = cert_rows(&run(&["cert", "list", "--limit", "100000", "--json"]));
    all_known(&certs, &announced_serials(&data.join("outbox")), &on_crl);
    let cases: Vec<Value> = serde_json::from_str(&run(&["case", "list", "--limit", "100000", "--json"])).unwrap();
    let states = cases.iter().map(|c| c["state"].as_str().unwrap().to_string()).collect();
    (certs, states)
}

fn read_log(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// When the service logged the first line holding `needle`.
fn log_time(log: &str, needle: &str) -> chrono::DateTime<chrono::Utc> {
    let line = log
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in the log:\n{log}"));
    let stamp = line.split_whitespace().next().unwrap();
    stamp.parse().unwrap_or_else(|e| panic!("{stamp}: {e}"))
}

/// Waits until `done` holds, the service running (generous: a minute).
fn wait_until(svc: &Service, what: &str, mut done: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !done() {
        assert!(t0.elapsed() < Duration::from_secs(90), "{what}:\n{}", svc.log());
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_killed_mid_batch_or_mid_publication_loses_nothing() {
    let mut crash = Crash::new("service");
    let (n_batch, n_crl) = (points(3), points(4));
    let tmp = tempfile::tempdir().unwrap();
    let (data, client) = (tmp.path().join("service"), tmp.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    const BATCH: u32 = 16;
    let mut made = 0;
    more_approved(&data, BATCH, made).await;
    made += BATCH;
    let mut crls = CrlWatch::default();

    // Calibration: a whole start, and a whole batch from its log lines.
    let (mut child, log, _) = spawn_with_ca(&data);
    let t0 = Instant::now();
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let mut begin_span = None;
    while !read().contains("certificate(s) issued") {
        if begin_span.is_none() && read().contains("approved issuance case(s)") {
            begin_span = Some(t0.elapsed());
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the first batch not issued:\n{}",
            read()
        );
        assert!(child.try_wait().unwrap().is_none(), "the service stopped:\n{}", read());
        std::thread::sleep(Duration::from_millis(5));
    }
    let text = read();
    let batch_span = (log_time(&text, "certificate(s) issued") - log_time(&text, "approved issuance case(s)"))
        .to_std()
        .unwrap();
    let begin_span = begin_span.unwrap_or(t0.elapsed() - batch_span);
    // SAFETY: kill(2) of our own child, not yet reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert!(child.wait().unwrap().success(), "{}", read());
    let (certs, _) = service_invariants(&data, &client, &mut crls);
    assert_eq!(certs.len(), BATCH as usize);

    // Batch issuance: a new batch approved, the service started with the
    // CA, killed at a seeded moment from its start (opening the store,
    // catching up, signing, recording).
    let mut tries = 0;
    let mut waiting = 0;
    while crash.tried < n_batch && tries < 3 * n_batch {
        tries += 1;
        more_approved(&data, BATCH, made).await;
        made += BATCH;
        waiting += BATCH;
        let (mut child, log, _) = spawn_with_ca(&data);
        // Most kills within the batch, some while starting.
        let t_start = Instant::now();
        if crash.below(4) > 0 {
            while !read_log(&log).contains("approved issuance case(s)") {
                assert!(t_start.elapsed() < Duration::from_secs(120), "no batch began");
                assert!(child.try_wait().unwrap().is_none(), "the service stopped");
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        // The batch holds what earlier kills left too: its span grows.
        let delay = if read_log(&log).contains("approved issuance case(s)") {
            crash.moment(batch_span * (waiting / BATCH).max(1))
        } else {
            crash.moment(begin_span + batch_span)
        };
        std::thread::sleep(delay);
        // SAFETY: kill(2) of our own child, not yet reaped.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        child.wait().unwrap();
        let what = format!("batch: killed {delay:?} in (at {:?} from start)", t_start.elapsed());
        eprintln!("service: {what}");
        crash.check(&what, || {
            let (certs, states) = service_invariants(&data, &client, &mut crls);
            let issued = states.iter().filter(|s| *s == "issued").count();
            let approved = states.iter().filter(|s| *s == "approved").count();
            assert_eq!(issued + approved, made as usize, "a case lost: {states:?}");
            let pending = certs.iter().filter(|(_, st)| st == "pending").count();
            eprintln!("service: {issued} issued, {approved} approved, {pending} reserved");
            waiting = approved as u32;
            assert!(pending <= approved, "more reserved than waiting: {certs:?}");
        });
        // Restarted with the CA, the service issues what the kill left,
        // each case once: the next point's batch is a fresh one.
        crash.recheck("batch: issued after the restart", || {
            let svc = with_ca(&data);
            let rows = |what: &str| -> Vec<Value> {
                let args = [what, "list", "--limit", "100000", "--json"];
                serde_json::from_str(&ok(&serve_support::run(&svc, &client, "aud", &args))).unwrap()
            };
            wait_until(&svc, "every approved case issued after the restart", || {
                rows("case").iter().filter(|c| c["state"] == "issued").count() == made as usize
            });
            let certs = cert_rows(&serde_json::to_string(&rows("cert")).unwrap());
            assert_eq!(certs.len(), made as usize, "one certificate per case");
            assert!(certs.iter().all(|(_, st)| st == "issued"), "{certs:?}");
            waiting = 0;
        });
    }

    // A restart with the CA issues every approved case, each once.
    let svc = with_ca(&data);
    let client_ = client.clone();
    let states = |svc: &Service| -> Vec<Value> {
        serde_json::from_str(&ok(&serve_support::run(
            svc,
            &client_,
            "aud",
            &["case", "list", "--limit", "100000", "--json"],
        )))
        .unwrap()
    };
    wait_until(&svc, "every approved case issued", || {
        states(&svc).iter().all(|c| c["state"] == "issued")
    });
    let certs = cert_rows(&ok(&serve_support::run(
        &svc,
        &client,
        "aud",
        &["cert", "list", "--limit", "100000", "--json"],
    )));
    assert_eq!(certs.len(), made as usize, "one certificate per case: {certs:?}");
    // The serials as ratu spells them, to revoke them by.
    let mut serials = Vec::new();
    for c in states(&svc) {
        let raw = c["cert_serial"].as_str().expect("issued names its certificate");
        let serial = norm_serial(raw);
        assert!(
            certs.contains(&(serial.clone(), "issued".into())),
            "{serial} in the store"
        );
        serials.push(raw.to_string());
    }
    let mut svc = svc;
    wait_until(&svc, "the first CRL published", || {
        data.join("publish/issuing-ca.crl").exists()
    });

    // CRL publication: admin revokes a certificate (no CA in the CLI: the
    // service publishes), the service is killed at a seeded moment after.
    let revoke = |svc: &Service, serial: &str| {
        ok(&serve_support::run(
            svc,
            &client,
            "admin",
            &["cert", "revoke", serial, "--reason", "keyCompromise"],
        ))
    };
    let crl_has = |serial: &str| {
        let p = data.join("publish/issuing-ca.crl");
        let text = openssl(&["crl", "-inform", "DER", "-noout", "-text", "-in"], &p);
        crl_serials(&text).contains(&norm_serial(serial))
    };
    // Calibration: from the revocation to the CRL listing it.
    let s0 = serials.pop().unwrap();
    let t0 = Instant::now();
    revoke(&svc, &s0);
    wait_until(&svc, "the revocation published", || crl_has(&s0));
    let publish_span = t0.elapsed();
    eprintln!("service: start to batch {begin_span:?}, whole batch {batch_span:?}, revocation to CRL {publish_span:?}");
    let mut tries = 0;
    while crash.tried < n_batch + n_crl && tries < 3 * n_crl && !serials.is_empty() {
        tries += 1;
        let serial = serials.pop().unwrap();
        revoke(&svc, &serial);
        let delay = crash.moment(publish_span);
        std::thread::sleep(delay);
        let mut child = svc.child.take().unwrap();
        // SAFETY: kill(2) of our own child, not yet reaped.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        child.wait().unwrap();
        drop(svc);
        let what = format!("CRL: killed {delay:?} after revoking {serial}");
        eprintln!("service: {what}");
        crash.check(&what, || {
            let (certs, _) = service_invariants(&data, &client, &mut crls);
            assert!(
                certs.contains(&(norm_serial(&serial), "revoked".into())),
                "{serial} revoked"
            );
        });
        // Restarted with the CA, the service publishes what the kill left
        // unpublished.
        svc = with_ca(&data);
        let revoked: Vec<String> = cert_rows(&ok(&serve_support::run(
            &svc,
            &client,
            "aud",
            &["cert", "list", "--limit", "100000", "--json"],
        )))
        .into_iter()
        .filter(|(_, st)| st == "revoked")
        .map(|(s, _)| s)
        .collect();
        crash.recheck(&format!("{what}: republished after the restart"), || {
            wait_until(&svc, "every revocation on the CRL after the restart", || {
                revoked.iter().all(|s| crl_has(s))
            });
            crls.check(&data.join("publish"));
        });
    }
    drop(svc);
    crash.finish();
}

/// The regression the service's CRL points found: a revocation recorded
/// by a process killed before it published left the CRL "not due" on the
/// next start, so the revocation stayed off the CRL until the next one
/// (or nextUpdate). The CRL is due while it lacks a recorded revocation.
#[tokio::test]
async fn a_revocation_whose_publication_was_cut_short_makes_the_crl_due() {
    use ratu::ra::{Clock, Ra};
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = common::staffed_with_ca(dir.path()).await;
    let serial = common::issued(&ra, &s, 1).await;
    assert_eq!(ra.publish_crl(&s.admin).await.unwrap().entries, 0);
    assert!(!ra.crl_due().await.unwrap(), "just published");
    // Another process records the revocation and dies before publishing
    // (here: one whose CA is locked, so it does not publish).
    let other = Ra::new(ra.store().clone(), ra.config().clone(), Clock::Fixed(common::t0()));
    let reason = ratu::domain::RevocationReason::KeyCompromise;
    other.revoke_cert(&s.admin, &serial, reason, None).await.unwrap();
    assert!(ra.crl_due().await.unwrap(), "a revocation is not on the CRL yet");
    assert_eq!(ra.publish_crl_now().await.unwrap().entries, 1);
    assert!(!ra.crl_due().await.unwrap(), "every revocation published");
}

/// The regression the service's batch points found: `audit verify` read
/// the events and then the head apart, so an event another writer
/// committed in between (the restarted service delivering the mail a kill
/// left) made an intact chain look cut ("events at the end were
/// removed"). Verified while others write, the chain is always intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_while_others_write_never_reports_an_intact_chain_broken() {
    let (ra, s) = common::staffed().await;
    let before = ra.verify_audit().await.unwrap().events;
    const WRITES: u64 = 150;
    let writer = {
        let ra = ra.clone();
        let admin = s.admin.clone();
        tokio::spawn(async move {
            for i in 0..WRITES {
                let role = ratu::domain::Role::Auditor;
                ra.add_operator(Some(&admin), &format!("auditor{i}"), role, "123456")
                    .await
                    .unwrap();
            }
        })
    };
    let mut checks = 0;
    while !writer.is_finished() {
        let r = ra.verify_audit().await.unwrap();
        assert_eq!(r.broken, None, "after {checks} checks, {} events", r.events);
        checks += 1;
    }
    writer.await.unwrap();
    assert!(checks > 10, "verified while writing: {checks} times");
    let r = ra.verify_audit().await.unwrap();
    assert_eq!((r.events, r.broken), (before + WRITES, None));
}
