//! The CA's duties as the site service runs them, on a real SurrealDB
//! (mem://): cases approved by an officer whose process has the CA locked
//! are issued by the process that holds it, as the LIVE query reports
//! them; a burst of revocations becomes one CRL publication; the duties
//! stop when told to.

mod common;

use common::*;
use ratu::domain::{Action, CaseState, RevocationReason};
use ratu::ra::{Clock, DutySettings, Ra, SERVICE_OPERATOR};
use std::time::Duration;
use tokio::sync::watch;

/// The same store as `ra` with the CA locked: an officer's own process.
fn officers_process(ra: &Ra) -> Ra {
    Ra::new(ra.store().clone(), ra.config().clone(), Clock::Fixed(t0()))
}

/// Waits (up to 30 s) until `check` holds.
async fn eventually<F: AsyncFn() -> bool>(what: &str, check: F) {
    for _ in 0..300 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 30 s");
}

fn settings() -> DutySettings {
    DutySettings {
        coalesce: Duration::from_secs(2),
        schedule: Duration::from_secs(3600),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cases_approved_in_another_process_are_issued_by_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let (service, s) = staffed_with_ca(dir.path()).await;
    let officer = officers_process(&service);
    // Approved before the service runs: caught up at its start.
    let early = in_ra_review(&service, &s, 1).await;
    let waiting = officer.act(&s.ra1, early, Action::Approve, None, None).await.unwrap();
    assert_eq!(waiting.state, CaseState::Approved, "the officer's process cannot sign");
    let (stop, stopped) = watch::channel(false);
    let svc = service.clone();
    let task = tokio::spawn(async move { svc.run_duties(&settings(), stopped).await });
    let state = async |id| service.case(id).await.unwrap().state;
    eventually("the early approval issued", async || {
        state(early).await == CaseState::Issued
    })
    .await;
    // Approved while it runs: the LIVE query brings it.
    let late = in_ra_review(&service, &s, 2).await;
    officer.act(&s.ra2, late, Action::Approve, None, None).await.unwrap();
    eventually("the late approval issued", async || {
        state(late).await == CaseState::Issued
    })
    .await;
    let serial = service.case(late).await.unwrap().cert_serial.unwrap();
    let cert = service.find_cert(&serial).await.unwrap();
    assert_eq!(cert.nik.as_deref(), Some("5171011203900002"));
    let trail = service.audit_trail(&s.aud).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "issue" && e.actor == SERVICE_OPERATOR));
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the duties stop when told")
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_revocations_becomes_one_crl_publication() {
    let dir = tempfile::tempdir().unwrap();
    let (service, s) = staffed_with_ca(dir.path()).await;
    let mut serials = Vec::new();
    for n in 1..=5 {
        serials.push(issued(&service, &s, n).await);
    }
    let admin = officers_process(&service);
    let before = service.ca_status().await.unwrap().crl.map_or(0, |c| c.number);
    let (stop, stopped) = watch::channel(false);
    let svc = service.clone();
    let task = tokio::spawn(async move { svc.run_duties(&settings(), stopped).await });
    // Let the service subscribe before the burst.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for serial in &serials {
        admin
            .revoke_cert(&s.admin, serial, RevocationReason::KeyCompromise, None)
            .await
            .unwrap();
    }
    let crl = async || service.ca_status().await.unwrap().crl.unwrap();
    eventually("a CRL with all five", async || crl().await.entries == Some(5)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let published = crl().await.number - before;
    assert!(
        (1..5).contains(&published),
        "{published} publications for 5 revocations"
    );
    stop.send(true).unwrap();
    task.await.unwrap().unwrap();
}
