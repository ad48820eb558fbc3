//! The auditor changes nothing in any path: no reminders queued by `cert
//! watch` or by signing in to the console, no outbox delivery.

mod common;
mod tui_support;

use chrono::{Duration, Utc};
use common::{expiring_cert, ra_on, staff};
use ratu::domain::{Action, CaseKind};
use ratu::store::DbTarget;
use ratu::tui::event::Msg;
use std::path::Path;
use std::process::{Command, Output};
use tui_support::Harness;

fn ratu(data: &Path, op: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--operator", op])
        .args(args)
        .env("RATU_PIN", "123456")
        .output()
        .expect("ratu runs")
}

fn emls(data: &Path) -> usize {
    std::fs::read_dir(data.join("outbox")).map_or(0, |d| d.count())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auditors_cert_watch_and_outbox_deliver_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = DbTarget::Embedded(d.join("db"));
    let unsent = {
        let ra = ra_on(&target).await;
        let s = staff(&ra).await;
        expiring_cert(&ra, "0d10", Utc::now() + Duration::days(10)).await;
        let c = ra
            .new_case(
                &s.ver1,
                common::new_case(CaseKind::Issuance, 7),
                &common::docs(CaseKind::Issuance),
            )
            .await
            .unwrap();
        ra.act(&s.ver1, c.id, Action::SendToApplicant, None, None)
            .await
            .unwrap();
        ra.store().unsent_mail().await.unwrap().len()
    };
    assert!(unsent > 0, "an e-mail waits in the outbox");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    for args in [&["cert", "watch"][..], &["outbox", "deliver"]] {
        let o = ratu(d, "aud", args);
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} allowed to the auditor");
        assert!(e.contains("aud is signed in as auditor"), "{e}");
    }
    assert!(ratu(d, "aud", &["case", "list"]).status.success());
    assert_eq!(emls(d), 0, "nothing delivered");
    {
        let ra = ra_on(&target).await;
        assert_eq!(ra.store().unsent_mail().await.unwrap().len(), unsent, "nothing queued");
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    // The documented flows still work for a ca_admin.
    let o = ratu(d, "admin", &["cert", "watch"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 expiry reminder(s) queued"));
    assert!(ratu(d, "admin", &["outbox", "deliver"]).status.success());
    assert_eq!(emls(d), unsent + 1);
}

/// Signs `name` in to a console on `ra` the way the sign-in form does,
/// and waits for every task the sign-in started.
async fn console_sign_in(ra: &ratu::ra::Ra, name: &str) {
    let mut h = Harness::new(ra);
    let op = ra.sign_in(name, "123456").await.unwrap();
    h.app.handle_msg(Msg::SignedIn(Ok(op)));
    h.settle().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_to_the_console_as_auditor_or_verifier_queues_no_reminders() {
    let ra = tui_support::ra_mem().await;
    staff(&ra).await;
    expiring_cert(&ra, "0e10", tui_support::t0() + Duration::days(10)).await;
    for name in ["aud", "ver1"] {
        console_sign_in(&ra, name).await;
        assert!(ra.store().unsent_mail().await.unwrap().is_empty(), "{name} queued mail");
    }
    // An RA officer's sign-in does queue it: the check above would see one.
    console_sign_in(&ra, "ra1").await;
    assert_eq!(ra.store().unsent_mail().await.unwrap().len(), 1);
}
