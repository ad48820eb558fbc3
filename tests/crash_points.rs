//! Named crash points, each hit every time: the real binary, built with
//! the `crash-points` feature, is run with `RATU_CRASH_AT=NAME[:N]` on a
//! fresh store and must abort exactly there (SIGABRT). Then ratu starts
//! again on the same folder, and the invariants of `tests/crash.rs` hold:
//! the store opens and the audit chain verifies, no serial twice, every
//! certificate announced (e-mail, CRL) known to the store, CRL numbers
//! never go back, every case acknowledged before is there. Each point's
//! own recovery is then run (issue again, publish again, deliver again,
//! back up again, migrate) and checked.
//!
//! `every_point_in_the_code_is_tested` fails when `src` names a point
//! that [`TESTED`] leaves out, or the other way round.

mod common;
mod crash_support;
mod serve_support;

use crash_support::*;
use ratu::store::{DbTarget, Store};
use serde_json::Value;
use serve_support::CA_PASS;
use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Every point these tests hit (each by its own test below).
const TESTED: &[&str] = &[
    "issue.reserved",
    "issue.signed",
    "revoke.recorded",
    "crl.numbered",
    "crl.written",
    "file.temporary",
    "step.committed",
    "mail.delivered",
    "backup.part",
    "backup.written",
    "migrate.step",
];

const BACKUP_PASS: &str = "Cadangan-Uji-2026";

#[test]
fn every_point_in_the_code_is_tested() {
    let mut in_code = BTreeSet::new();
    let mut stack = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("crash.rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for (i, _) in text.match_indices("crash::point(\"") {
                    let rest = &text[i + 14..];
                    in_code.insert(rest[..rest.find('"').unwrap()].to_string());
                }
            }
        }
    }
    let tested: BTreeSet<String> = TESTED.iter().map(|s| s.to_string()).collect();
    let listed: BTreeSet<String> = ratu::crash::POINTS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        in_code, tested,
        "points in src/ (left) against this test's list (right)"
    );
    assert_eq!(
        listed, tested,
        "ratu::crash::POINTS (left) against this test's list (right)"
    );
}

/// A site: staff, the CA, case A issued (a certificate to revoke), case B
/// in RA review, drafts C and D, the CRL published once.
struct Site {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    issued: String,
    review: u64,
    drafts: [u64; 2],
    crls: CrlWatch,
    cases: BTreeSet<u64>,
}

async fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("site");
    let (ids, opened) = cases_for_crashing(&data, 2, 2).await;
    let drafts = [opened[0], opened[1]];
    let mut init = local(&data, "admin");
    init.env("RATU_CA_PASSPHRASE", CA_PASS).args(["ca", "init"]);
    timed(init);
    timed(approve(&data, ids[0]));
    let issued = local_case(&data, ids[0])["case"]["cert_serial"]
        .as_str()
        .expect("issued at approval")
        .to_string();
    timed(publish(&data));
    let mut crls = CrlWatch::default();
    local_invariants(&data, &mut crls);
    let cases = case_ids(&data);
    Site {
        _tmp: tmp,
        data,
        issued,
        review: ids[1],
        drafts,
        crls,
        cases,
    }
}

fn approve(data: &Path, id: u64) -> Command {
    let mut c = local(data, "ra1");
    c.env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["case", "act", &id.to_string(), "approve"]);
    c
}

fn publish(data: &Path) -> Command {
    let mut c = local(data, "admin");
    c.env("RATU_CA_PASSPHRASE", CA_PASS).args(["crl", "publish"]);
    c
}

fn case_ids(data: &Path) -> BTreeSet<u64> {
    local_json(data, "aud", &["case", "list", "--limit", "10000", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect()
}

/// Runs `cmd` with the point armed: it must abort there.
fn crash_at(point: &str, mut cmd: Command) {
    let out = cmd.env("RATU_CRASH_AT", point).output().expect("ratu runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "{point}: ratu did not stop at the point ({}): {err}",
        out.status
    );
    assert!(
        err.contains(&format!("crash point {}", point.split(':').next().unwrap())),
        "{err}"
    );
}

impl Site {
    /// After the crash and after the recovery: the invariants, and every
    /// case acknowledged before is still there.
    fn invariants(&mut self) -> Vec<(String, String)> {
        let (certs, _) = local_invariants(&self.data, &mut self.crls);
        let now = case_ids(&self.data);
        assert!(
            now.is_superset(&self.cases),
            "cases lost: {:?}",
            self.cases.difference(&now)
        );
        self.cases = now;
        certs
    }

    fn state(&self, id: u64) -> String {
        local_case(&self.data, id)["case"]["state"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn cert_state(&self, certs: &[(String, String)], serial: &str) -> Option<String> {
        certs
            .iter()
            .find(|(s, _)| *s == norm_serial(serial))
            .map(|(_, st)| st.clone())
    }

    /// E-mail files in the outbox about case `id`.
    fn mails_of(&self, id: u64) -> usize {
        std::fs::read_dir(self.data.join("outbox")).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&format!("case{id}-"))
            })
            .count()
        })
    }
}

/// Approving, cut between reserving the serial and recording the
/// certificate: the case is approved with its serial reserved; issuing
/// again signs that same serial, and nothing stays reserved.
async fn issuing_cut_at(point: &str) {
    let mut s = site().await;
    crash_at(point, approve(&s.data, s.review));
    let certs = s.invariants();
    assert_eq!(s.state(s.review), "approved");
    assert!(
        !certs.iter().any(|(_, st)| st != "issued"),
        "only signed certificates listed: {certs:?}"
    );
    // The reservation, as its audit event in the case's history names it.
    let history = local_case(&s.data, s.review)["history"].clone();
    let reserved: Vec<String> = history
        .as_array()
        .expect("a history")
        .iter()
        .filter(|e| e["action"] == "cert_reserve")
        .filter_map(|e| e["detail"].as_str()?.split("serial ").nth(1).map(norm_serial))
        .collect();
    assert_eq!(reserved.len(), 1, "one serial reserved: {history}");
    let mut issue = local(&s.data, "ra1");
    issue
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["case", "act", &s.review.to_string(), "issue"]);
    timed(issue);
    let c = local_case(&s.data, s.review);
    assert_eq!(c["case"]["state"], "issued");
    let serial = norm_serial(c["case"]["cert_serial"].as_str().unwrap());
    assert_eq!(reserved, vec![serial], "the reserved serial is the one issued");
    let certs = s.invariants();
    assert!(!certs.iter().any(|(_, st)| st == "pending"), "{certs:?}");
}

/// Revoking, cut anywhere between the revocation's commit and the CRL's
/// record: the revocation stays; the CRL on disk is the old one whole or
/// the new one; publishing again lists it with a higher number.
async fn revoking_cut_at(point: &str) {
    let mut s = site().await;
    let mut revoke = local(&s.data, "admin");
    revoke
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["cert", "revoke", &s.issued, "--reason", "keyCompromise"]);
    crash_at(point, revoke);
    let certs = s.invariants();
    assert_eq!(s.cert_state(&certs, &s.issued).as_deref(), Some("revoked"));
    timed(publish(&s.data));
    let on_crl = s.crls.check(&s.data.join("publish"));
    assert!(
        on_crl.contains(&norm_serial(&s.issued)),
        "published again, the CRL lists it"
    );
    s.invariants();
}

/// A verifier's step committed, the process gone before its e-mail: the
/// step stays (once), and the e-mail waits in the outbox for the next
/// delivery.
async fn a_step_committed_then_cut() {
    let mut s = site().await;
    let id = s.drafts[0];
    let version = local_case(&s.data, id)["case"]["version"].as_u64().unwrap();
    let mut step = local(&s.data, "ver1");
    step.args(["case", "act", &id.to_string(), "send_to_applicant"]);
    crash_at("step.committed", step);
    s.invariants();
    let c = local_case(&s.data, id);
    assert_eq!(c["case"]["version"].as_u64(), Some(version + 1), "the step once");
    assert_eq!(s.mails_of(id), 0, "no e-mail left yet");
    let out = local_ok(&s.data, "admin", &["outbox", "deliver"]);
    assert!(s.mails_of(id) == 1, "the e-mail is delivered afterwards: {out}");
    s.invariants();
}

/// An e-mail handed to the transport, the process gone before it was
/// marked sent: it is sent again at the next delivery (at least once,
/// never lost), then marked.
async fn an_email_handed_over_then_cut() {
    let mut s = site().await;
    let id = s.drafts[1];
    let mut step = local(&s.data, "ver1");
    step.args(["case", "act", &id.to_string(), "send_to_applicant"]);
    crash_at("mail.delivered", step);
    s.invariants();
    assert_eq!(s.mails_of(id), 1, "the e-mail left once");
    let out = local_ok(&s.data, "admin", &["outbox", "deliver"]);
    assert!(out.contains("1 e-mail(s) delivered"), "{out}");
    let out = local_ok(&s.data, "admin", &["outbox", "deliver"]);
    assert!(out.contains("0 e-mail(s) delivered"), "marked sent: {out}");
    s.invariants();
}

fn backup_to(data: &Path, out: &Path) -> Command {
    let mut c = local(data, "admin");
    c.env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS)
        .args(["backup", "--out", out.to_str().unwrap()]);
    c
}

/// A backup cut short leaves no file where the backup goes (never half
/// of one), and the next backup is whole: it restores.
async fn backup_cut_at(point: &str) {
    let mut s = site().await;
    let out = s.data.parent().unwrap().join("backups/ratu.age");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    crash_at(point, backup_to(&s.data, &out));
    assert!(!out.exists(), "no half backup at {}", out.display());
    s.invariants();
    timed(backup_to(&s.data, &out));
    let restored = s.data.parent().unwrap().join("restored");
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args([
            "--data",
            restored.to_str().unwrap(),
            "--config",
            "/nonexistent/ratu.toml",
        ])
        .args(["restore", out.to_str().unwrap()])
        .env("RATU_BACKUP_PASSPHRASE", BACKUP_PASS)
        .output()
        .unwrap();
    ok(&o);
    let events = audit_intact(&local_ok(&restored, "aud", &["audit", "verify"]));
    assert!(events > 0);
    s.invariants();
}

/// A database of schema version 1, its migration cut after each of its
/// steps in turn: every later start migrates the rest, and the store is
/// whole, at the current version, its chain verifying.
async fn a_migration_cut_after_each_step() {
    // One step per migration file (a version may have none).
    let steps = std::fs::read_dir(format!("{}/src/store", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("migrate_"))
        })
        .count();
    for n in 1..=steps {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("site");
        {
            let path = format!("{}/tests/fixtures/schema_v1.surql", env!("CARGO_MANIFEST_DIR"));
            let store = Store::open_unmigrated(&DbTarget::Embedded(data.join("db")))
                .await
                .expect("opens");
            store
                .raw(&std::fs::read_to_string(path).unwrap())
                .await
                .expect("v1 imports");
            assert!(store.close(Duration::from_secs(10)).await);
        }
        let mut verify = local(&data, "admin");
        verify.env("RATU_PIN", "123456").args(["audit", "verify"]);
        crash_at(&format!("migrate.step:{n}"), verify);
        let mut verify = local(&data, "admin");
        verify.env("RATU_PIN", "123456").args(["audit", "verify"]);
        let (out, _) = timed(verify);
        assert!(audit_intact(&out) >= 6, "migration cut after step {n}: {out}");
        let store = Store::open_unmigrated(&DbTarget::Embedded(data.join("db")))
            .await
            .unwrap();
        let v: Vec<Value> = store.raw("SELECT VALUE version FROM ONLY meta:schema;").await.unwrap();
        assert_eq!(
            v.last().and_then(Value::as_i64),
            Some(ratu::store::SCHEMA_VERSION),
            "after step {n}"
        );
        assert!(store.close(Duration::from_secs(10)).await);
    }
}

/// One test per named point, each on a fresh store; without the feature
/// they are listed as ignored, saying why.
macro_rules! point_test {
    ($name:ident, $run:expr) => {
        #[tokio::test(flavor = "multi_thread")]
        #[cfg_attr(
            not(feature = "crash-points"),
            ignore = "needs --features crash-points (README's test command)"
        )]
        async fn $name() {
            $run.await
        }
    };
}

point_test!(step_committed, a_step_committed_then_cut());
point_test!(mail_delivered, an_email_handed_over_then_cut());
point_test!(migrate_step, a_migration_cut_after_each_step());
point_test!(issue_reserved, issuing_cut_at("issue.reserved"));
point_test!(issue_signed, issuing_cut_at("issue.signed"));
point_test!(revoke_recorded, revoking_cut_at("revoke.recorded"));
point_test!(crl_numbered, revoking_cut_at("crl.numbered"));
point_test!(crl_written, revoking_cut_at("crl.written"));
point_test!(file_temporary, revoking_cut_at("file.temporary"));
point_test!(backup_part, backup_cut_at("backup.part:2"));
point_test!(backup_written, backup_cut_at("backup.written"));
