//! `F` finds a holder by name or NIK through the holder registry, across
//! cases and certificates, and Enter goes to the one picked.

mod tui_support;

use crossterm::event::KeyCode;
use ratu::domain::{CaseFilter, CaseState, Role};
use ratu::tui::Screen;
use ratu::tui::overlays::Overlay;
use ratu::tui::overlays::find::Target;
use tui_support::{Harness, demo_ra};

fn targets(h: &Harness) -> Vec<Target> {
    match &h.app.overlay {
        Some(Overlay::Find(f)) => f.targets(),
        o => panic!("the find dialog is not open: {o:?}"),
    }
}

#[tokio::test]
async fn a_name_or_a_nik_finds_the_holders_cases_and_certificates_and_enter_opens_them() {
    let ra = demo_ra(40).await;
    let mut h = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    let op = h.app.op.clone().unwrap();
    let issued = ra
        .list(
            &op,
            &CaseFilter {
                state: Some(CaseState::Issued),
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .remove(0);
    let name = issued.subscriber.name.clone();
    let serial = issued
        .cert_serial
        .clone()
        .expect("an issued case names its certificate");

    // By name, in lower case: the case and the certificate, whatever queue
    // the console shows.
    h.key(KeyCode::Char('F')).await;
    h.chars(&name.to_lowercase()).await;
    h.key(KeyCode::Enter).await;
    let found = targets(&h);
    assert!(
        found.contains(&Target::Case(issued.id)),
        "{found:?}\n{}",
        h.screen(160, 48)
    );
    assert!(found.contains(&Target::Cert(serial.clone())), "{found:?}");
    let screen = h.screen(160, 48);
    assert!(screen.contains(&name) && screen.contains("valid"), "{screen}");
    assert!(
        !screen.contains(&issued.subscriber.nik.to_string()),
        "the NIK is masked"
    );

    // Down to the certificate, Enter: the certificates screen on it.
    let at = found.iter().position(|t| *t == Target::Cert(serial.clone())).unwrap();
    for _ in 0..at {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Enter).await;
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.screen, Screen::Certs);
    assert_eq!(h.app.certs.selected().map(|c| c.serial.clone()), Some(serial));

    // By NIK typed whole: Enter on the case opens it in its queue.
    h.key(KeyCode::Char('F')).await;
    h.chars(&issued.subscriber.nik.to_string()).await;
    h.key(KeyCode::Enter).await;
    let found = targets(&h);
    let at = found.iter().position(|t| *t == Target::Case(issued.id)).unwrap();
    for _ in 0..at {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen, Screen::Queues);
    assert_eq!(h.app.queue().kind, issued.kind);
    // A closed case shows once the closed filter lets it through.
    if h.app.queue().selected_id() != Some(issued.id) {
        h.key(KeyCode::Char('c')).await;
        h.key(KeyCode::Char('F')).await;
        h.chars(&issued.subscriber.nik.to_string()).await;
        h.key(KeyCode::Enter).await;
        for _ in 0..at {
            h.key(KeyCode::Down).await;
        }
        h.key(KeyCode::Enter).await;
    }
    assert_eq!(h.app.queue().selected_id(), Some(issued.id), "{}", h.screen(160, 48));

    // Nothing found says so.
    h.key(KeyCode::Char('F')).await;
    h.chars("zzzz tidak ada").await;
    h.key(KeyCode::Enter).await;
    assert!(targets(&h).is_empty());
    assert!(h.screen(160, 48).contains("no holder matches"));
    h.key(KeyCode::Esc).await;
    assert!(h.app.overlay.is_none());
}
