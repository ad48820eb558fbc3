//! The real console driven by keys: sign in through the form, open an
//! issuance case, tick the checklist, move it to the RA; an officer
//! approves; four eyes and stale versions come back as toasts.

mod common;
mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use ratu::domain::{Action, CaseKind, CaseState, Role};
use ratu::ra::demo::{DEMO_PDF, DEMO_PNG};
use ratu::tui::Screen;
use ratu::tui::overlays::Overlay;
use tui_support::{Harness, ra_mem};

async fn sign_in(h: &mut Harness, name: &str) {
    h.chars(name).await;
    h.key(KeyCode::Tab).await;
    h.chars("123456").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(
        h.app.screen,
        Screen::Queues,
        "{name} signed in: {:?}",
        h.app.signin.error
    );
}

/// ra1 signed in through the form, case `id` selected and shown.
async fn officer_on(ra: &ratu::ra::Ra, id: u64) -> Harness {
    let mut r = Harness::new(ra);
    sign_in(&mut r, "ra1").await;
    r.select(id);
    r.settle().await;
    r
}

async fn staffed() -> ratu::ra::Ra {
    let ra = ra_mem().await;
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, "123456").await.unwrap();
    for a in AGENCIES {
        ra.add_agency(&admin, a).await.unwrap();
    }
    let v = verifier();
    ra.add_operator_in(Some(&admin), &v.name, v.role, &v.agencies, "123456")
        .await
        .unwrap();
    for (n, r) in [("ra1", Role::RaOfficer), ("ra2", Role::RaOfficer)] {
        ra.add_operator(Some(&admin), n, r, "123456").await.unwrap();
    }
    ra
}

/// The verifier's whole part of an issuance, by keys. Returns the case id.
async fn verifier_opens_and_verifies(ra: &ratu::ra::Ra, dir: &std::path::Path) -> u64 {
    let pdf = dir.join("rekomendasi.pdf");
    let png = dir.join("ktp.png");
    std::fs::write(&pdf, DEMO_PDF).unwrap();
    std::fs::write(&png, DEMO_PNG).unwrap();
    let mut v = Harness::new(ra);
    sign_in(&mut v, "ver1").await;

    v.key(KeyCode::Char('N')).await;
    assert_eq!(v.app.screen, Screen::NewCase);
    let form_fields = [
        "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.",
        "5171011203900001",
        "199003122015031001",
        "",
        "igusti.putra@baliprov.go.id",
        "",
        "Diskominfo Provinsi Bali",
        "Bidang Persandian",
        "",
        "",
        "",
    ];
    for (i, text) in form_fields.iter().enumerate() {
        v.chars(text).await;
        if i < form_fields.len() - 1 {
            v.key(KeyCode::Tab).await;
        }
    }
    // The NIK rule shows while it is wrong, and goes when fixed.
    let form = v.app.new_case.as_ref().unwrap();
    assert_eq!(form.error("documents"), None);
    assert!(v.screen(160, 48).contains("New request"));
    v.key(KeyCode::Tab).await; // documents
    v.chars(&format!("recommendation={}; ktp={}", pdf.display(), png.display()))
        .await;
    assert!(
        v.app.new_case.as_ref().unwrap().errors.is_empty(),
        "{:?}",
        v.app.new_case.as_ref().unwrap().errors
    );
    v.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    assert_eq!(v.app.screen, Screen::Queues, "{:?}", v.toasts());
    let case = v.app.selected_case().cloned().expect("the new case is selected");
    assert_eq!((case.kind, case.state), (CaseKind::Issuance, CaseState::Draft));
    let id = case.id;

    for (key, state) in [
        ('e', CaseState::AwaitingApplicantData),
        ('d', CaseState::VerifierReview),
    ] {
        v.key(KeyCode::Char(key)).await;
        assert_eq!(ra.case(id).await.unwrap().state, state, "{:?}", v.toasts());
        v.select(id);
        v.settle().await;
    }
    // Verify waits on the checklist: the hint is dim and the key says why.
    v.key(KeyCode::Char('v')).await;
    assert!(v.toasts().last().unwrap().contains("checklist"), "{:?}", v.toasts());
    for n in ['1', '2', '3', '4'] {
        v.key(KeyCode::Char(n)).await;
    }
    let screen = v.screen(160, 48);
    assert!(screen.contains("[x] KTP matches the applicant"), "{screen}");
    assert!(screen.contains("— ver1"), "who ticked is shown");
    v.key(KeyCode::Char('v')).await;
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::AwaitingPassphrase);

    // The passphrase is the applicant's own step: the console offers no
    // key and no action for it.
    v.select(id);
    v.settle().await;
    v.key(KeyCode::Char('p')).await;
    assert_eq!(v.app.screen, Screen::Queues);
    let screen = v.screen(160, 48);
    assert!(
        !screen.contains("set_passphrase") && !screen.contains("Set passphrase"),
        "{screen}"
    );
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::AwaitingPassphrase);
    let admin = ra.sign_in("admin", "123456").await.unwrap();
    common::applicant_sets_passphrase(ra, &admin, id).await;
    let case = ra.case(id).await.unwrap();
    assert_eq!(case.state, CaseState::RaReview);
    assert_eq!(case.verified_by.as_deref(), Some("ver1"));
    id
}

#[tokio::test]
async fn verifier_moves_an_issuance_on_and_an_officer_approves() {
    let dir = tempfile::tempdir().unwrap();
    let ra = staffed().await;
    let id = verifier_opens_and_verifies(&ra, dir.path()).await;

    let mut r = officer_on(&ra, id).await;
    let hints = r.screen(160, 48);
    assert!(hints.contains("a approve"), "{hints}");
    r.key(KeyCode::Char('a')).await;
    match &r.app.overlay {
        Some(Overlay::Confirm { message, .. }) => {
            assert_eq!(message, &format!("approve: Case {id}? A certificate will be issued."))
        }
        o => panic!("a confirm, not {o:?}"),
    }
    r.key(KeyCode::Char('y')).await;
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::Approved);
    assert!(
        r.toasts().iter().any(|t| t.contains("approve → approved")),
        "{:?}",
        r.toasts()
    );
}

#[tokio::test]
async fn four_eyes_refusal_is_a_toast_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let ra = staffed().await;
    let id = verifier_opens_and_verifies(&ra, dir.path()).await;
    // ver1 moves to the RA team; they still may not approve what they verified.
    ra.store()
        .raw("UPDATE operator SET role = 'ra_officer' WHERE name = 'ver1';")
        .await
        .unwrap();
    let mut r = Harness::new(&ra);
    sign_in(&mut r, "ver1").await;
    r.select(id);
    r.settle().await;
    r.key(KeyCode::Char('a')).await;
    let toast = r.toasts().last().cloned().unwrap_or_default();
    assert!(toast.contains("four eyes"), "{toast}");
    assert!(!r.app.quit);
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::RaReview);
    let screen = r.screen(160, 48);
    assert!(screen.contains("four eyes"), "{screen}");
}

#[tokio::test]
async fn stale_version_is_refused_with_a_toast_and_the_case_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let ra = staffed().await;
    let id = verifier_opens_and_verifies(&ra, dir.path()).await;
    let mut r = officer_on(&ra, id).await;
    // Someone else puts it on hold meanwhile.
    let ra2 = ratu::domain::Operator::new("ra2", Role::RaOfficer);
    ra.act(&ra2, id, Action::Hold, Some("tunggu"), None).await.unwrap();
    r.key(KeyCode::Char('a')).await;
    r.key(KeyCode::Char('y')).await;
    let toast = r.toasts().last().cloned().unwrap_or_default();
    assert!(toast.contains("changed by ra2"), "{toast}");
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::OnHold);
    // The list now holds the fresh copy.
    let row = r.app.queue().rows.iter().find(|x| x.case.id == id).unwrap();
    assert_eq!(row.case.state, CaseState::OnHold);
}

#[tokio::test]
async fn bulk_reject_reports_done_and_refused() {
    let ra = tui_support::demo_ra(40).await;
    let mut r = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    r.key(KeyCode::Char('w')).await;
    let waiting = r.app.queue().view.len();
    assert!(waiting >= 1);
    r.key(KeyCode::Char('w')).await; // all pending again
    // Mark the first two rows: at most one of them is in RA review.
    r.key(KeyCode::Char(' ')).await;
    r.key(KeyCode::Char(' ')).await;
    assert_eq!(r.app.queue().marked.len(), 2);
    r.key(KeyCode::Char('x')).await;
    r.key(KeyCode::Enter).await;
    assert!(
        matches!(r.app.overlay, Some(Overlay::Note { error: Some(_), .. })),
        "a reason is required"
    );
    r.chars("Data tidak lengkap").await;
    r.key(KeyCode::Enter).await;
    let Some(Overlay::Summary(s)) = &r.app.overlay else {
        panic!("a summary after a bulk action")
    };
    assert_eq!(s.lines.len(), 2);
    for (id, done, what) in &s.lines {
        let now = ra.case(*id).await.unwrap();
        assert_eq!(*done, now.state == CaseState::Rejected, "{id}: {what}");
        if !done {
            assert!(what.contains("refused"), "{what}");
        }
    }
    assert!(r.app.queue().marked.is_empty());
}

#[tokio::test]
async fn a_bulk_approval_issues_every_marked_case_in_one_batch() {
    let ra = tui_support::demo_ra(200).await;
    assert!(ra.ca_is_unlocked(), "the demo CA opens with the demo");
    let mut r = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    let ready: Vec<u64> = r
        .app
        .queue()
        .rows
        .iter()
        .filter(|x| x.case.state == CaseState::RaReview)
        .map(|x| x.case.id)
        .collect();
    assert!(ready.len() >= 2, "the demo has cases in RA review: {ready:?}");
    for id in &ready {
        r.select(*id);
        r.key(KeyCode::Char(' ')).await;
    }
    assert_eq!(r.app.queue().marked.len(), ready.len());
    r.key(KeyCode::Char('a')).await;
    r.key(KeyCode::Char('y')).await;
    let Some(Overlay::Summary(s)) = &r.app.overlay else {
        panic!("a summary after a bulk action")
    };
    assert_eq!(s.lines.len(), ready.len());
    for (id, done, what) in &s.lines {
        let now = ra.case(*id).await.unwrap();
        // A case the officer verified himself is refused (four eyes).
        assert_eq!(*done, now.state == CaseState::Issued, "{id}: {what}");
    }
    let issued = s.lines.iter().filter(|l| l.1).count();
    assert!(issued >= 2, "{:?}", s.lines);
    // One reservation for all of them: they were issued together.
    let trail = ra
        .audit_trail(&ra.sign_in("auditor", ratu::ra::demo::DEMO_PIN).await.unwrap())
        .await
        .unwrap();
    let last_reserve = trail.iter().find(|l| l.action == "cert_reserve").unwrap();
    assert_eq!(
        last_reserve.detail.matches("serial").count(),
        issued,
        "{}",
        last_reserve.detail
    );
}

#[tokio::test]
async fn quit_asks_when_a_form_is_dirty_and_ctrl_c_always_quits() {
    let ra = staffed().await;
    let mut v = Harness::new(&ra);
    sign_in(&mut v, "ver1").await;
    v.key(KeyCode::Char('N')).await;
    v.chars("Budi").await;
    v.key(KeyCode::Esc).await;
    assert!(v.app.new_case.is_some(), "the draft is kept");
    v.key(KeyCode::Char('q')).await;
    assert!(!v.app.quit);
    assert!(matches!(v.app.overlay, Some(Overlay::Confirm { .. })));
    v.key(KeyCode::Char('n')).await;
    v.key(KeyCode::Char('N')).await;
    assert_eq!(v.app.new_case.as_ref().unwrap().value("name"), "Budi");
    v.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL).await;
    assert!(v.app.quit);
}

#[tokio::test]
async fn filter_narrows_and_palette_runs_commands() {
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let all = v.app.queue().view.len();
    let name = v.app.selected_case().unwrap().subscriber.name.clone();
    let word: String = name.split_whitespace().last().unwrap().to_string();
    v.key(KeyCode::Char('/')).await;
    v.chars(&word.to_lowercase()).await;
    v.key(KeyCode::Enter).await;
    let n = v.app.queue().view.len();
    assert!(n >= 1 && n <= all);
    for pos in 0..n {
        let c = &v.app.queue().row(pos).unwrap().case;
        let hay = format!(
            "{} {} {} {} {}",
            c.subscriber.name, c.subscriber.nik, c.subscriber.email, c.subscriber.agency, c.id
        )
        .to_lowercase();
        assert!(hay.contains(&word.to_lowercase()));
    }
    v.key(KeyCode::Esc).await;
    assert_eq!(v.app.queue().view.len(), all);
    v.key(KeyCode::Char(':')).await;
    v.chars("audit").await;
    v.key(KeyCode::Enter).await;
    assert_eq!(v.app.screen, Screen::Audit);
    assert!(!v.app.audit.rows.is_empty());
}

#[tokio::test]
async fn with_the_ca_unlocked_an_approval_issues_the_certificate_shown_on_its_screen() {
    let dir = tempfile::tempdir().unwrap();
    let ra = staffed().await;
    let admin = ra.sign_in("admin", "123456").await.unwrap();
    ra.ca_init(&admin, &ratu::ca::HierarchySpec::default(), "Kunci-CA-Uji-2026")
        .await
        .unwrap();
    let id = verifier_opens_and_verifies(&ra, dir.path()).await;

    let mut r = officer_on(&ra, id).await;
    r.key(KeyCode::Char('a')).await;
    r.key(KeyCode::Char('y')).await;
    let case = ra.case(id).await.unwrap();
    assert_eq!(case.state, CaseState::Issued);
    let serial = case.cert_serial.expect("a certificate");

    r.key(KeyCode::Char('K')).await;
    assert_eq!(r.app.screen, Screen::Certs);
    let screen = r.screen(160, 48);
    assert!(screen.contains(&serial[..12]) && screen.contains("valid"), "{screen}");
    assert!(screen.contains("Key Usage"), "the detail pane decodes it:\n{screen}");

    r.key(KeyCode::Char('B')).await;
    assert_eq!(r.app.screen, Screen::Ca);
    r.key(KeyCode::Char('P')).await;
    assert!(
        r.toasts().iter().any(|t| t.contains("only a ca_admin publishes")),
        "an officer may not publish: {:?}",
        r.toasts()
    );
    // Signing in runs the housekeeping: no CRL yet, so CRL 1 is published.
    let mut a = Harness::new(&ra);
    sign_in(&mut a, "admin").await;
    assert_eq!(ra.ca_status().await.unwrap().crl.map(|c| c.number), Some(1));
    a.key(KeyCode::Char('B')).await;
    a.key(KeyCode::Char('P')).await;
    let screen = a.screen(160, 48);
    assert!(screen.contains("number 2") && screen.contains("unlocked"), "{screen}");
    assert!(
        a.toasts().iter().any(|t| t.contains("CRL 2 published")),
        "{:?}",
        a.toasts()
    );
}

/// The agencies of the cases here: ver1's.
const AGENCIES: [&str; 2] = ["Diskominfo Kota Bandung", "Diskominfo Provinsi Bali"];

/// ver1, as `staffed` makes them.
fn verifier() -> ratu::domain::Operator {
    ratu::domain::Operator::new("ver1", Role::Verifier).with_agencies(AGENCIES)
}

/// A new issuance case for Siti Rahayu.
fn siti_issuance() -> ratu::domain::NewCase {
    let subscriber = ratu::domain::SubscriberForm {
        name: "Siti Rahayu".into(),
        nik: "3273015203900001".into(),
        email: "siti@bandung.go.id".into(),
        agency: "Diskominfo Kota Bandung".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    ratu::domain::NewCase {
        kind: CaseKind::Issuance,
        subscriber,
        revocation_reason: None,
        cert_serial: None,
        note: None,
    }
}

#[tokio::test]
async fn a_number_key_on_a_ticked_item_keeps_it_ticked_and_u_then_the_number_unticks() {
    use ratu::domain::CheckItem;
    let ra = staffed().await;
    let ver1 = verifier();
    let id = ra.new_case(&ver1, siti_issuance(), &[]).await.unwrap().id;
    ra.tick(&ver1, id, CheckItem::KtpMatches, true, None).await.unwrap();
    let mut v = Harness::signed_in(&ra, "ver1", Role::Verifier).await;
    v.select(id);
    v.settle().await;
    v.key(KeyCode::Char('1')).await;
    assert!(ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
    let said = v.toasts().join(" | ");
    assert!(said.contains("already ticked 1: untick with U 1"), "{said}");
    v.key(KeyCode::Char('U')).await;
    v.key(KeyCode::Char('1')).await;
    assert!(!ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
    // The next number ticks again: the untick key arms one keystroke.
    v.select(id);
    v.settle().await;
    v.key(KeyCode::Char('1')).await;
    assert!(ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
}

/// Handles what arrives on its own (LIVE changes) for up to 10 s, until
/// `done` holds.
async fn until(h: &mut Harness, done: impl Fn(&Harness) -> bool) -> bool {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < end {
        if done(h) {
            return true;
        }
        if let Ok(Some(m)) = tokio::time::timeout(std::time::Duration::from_millis(100), h.rx.recv()).await {
            h.app.handle_msg(m);
        }
    }
    done(h)
}

#[tokio::test]
async fn a_case_changed_in_another_session_shows_without_a_key_press() {
    let ra = staffed().await;
    let ver1 = verifier();
    let mut officer = Harness::signed_in(&ra, "ra1", Role::RaOfficer).await;
    // Another officer's session (same store) opens a case and moves it on.
    let pdf = (
        ratu::domain::DocKind::Recommendation,
        "r.pdf".to_string(),
        DEMO_PDF.to_vec(),
    );
    let id = ra.new_case(&ver1, siti_issuance(), &[pdf]).await.unwrap().id;
    let listed = |h: &Harness, state: CaseState| {
        h.app.home.queues[0]
            .rows
            .iter()
            .any(|r| r.case.id == id && r.case.state == state)
    };
    assert!(
        until(&mut officer, |h| listed(h, CaseState::Draft)).await,
        "the new case arrives"
    );
    ra.act(&ver1, id, Action::SendToApplicant, None, None).await.unwrap();
    assert!(
        until(&mut officer, |h| listed(h, CaseState::AwaitingApplicantData)).await,
        "its new state arrives"
    );
}

#[tokio::test]
async fn when_the_session_ends_the_sign_in_form_returns_and_the_half_typed_note_survives() {
    let dir = tempfile::tempdir().unwrap();
    let ra = staffed().await;
    let id = verifier_opens_and_verifies(&ra, dir.path()).await;
    let mut r = officer_on(&ra, id).await;
    r.key(KeyCode::Char('x')).await;
    r.chars("KTP buram").await;
    assert!(matches!(r.app.overlay, Some(Overlay::Note { .. })));

    // The database ends the session (12 h after sign-in on the service):
    // the next answer says so.
    r.app.handle_msg(ratu::tui::event::Msg::Fresh(Err(
        "database error: There was a problem with authentication: The session has expired".into(),
    )));
    assert_eq!(r.app.screen, Screen::SignIn);
    assert!(r.app.op.is_none());
    let screen = r.screen(160, 48);
    assert!(screen.contains("session ended"), "{screen}");
    assert!(screen.contains("ra1"), "the name is filled in:\n{screen}");

    // Signing in again gives the dialog back as it was.
    r.chars("123456").await;
    r.key(KeyCode::Enter).await;
    assert_eq!(r.app.screen, Screen::Queues, "{:?}", r.app.signin.error);
    assert!(r.screen(160, 48).contains("KTP buram"), "{}", r.screen(160, 48));
    r.chars(" lagi").await;
    r.key(KeyCode::Enter).await;
    let t0 = std::time::Instant::now();
    while ra.case(id).await.unwrap().state != CaseState::Rejected {
        if matches!(r.app.overlay, Some(Overlay::Confirm { .. })) {
            r.key(KeyCode::Char('y')).await;
        }
        assert!(t0.elapsed() < std::time::Duration::from_secs(10), "not rejected");
        r.settle().await;
    }
    assert_eq!(ra.case(id).await.unwrap().last_note.as_deref(), Some("KTP buram lagi"));
}

/// A revocation case of the demo the verifier can forward once its
/// checklist is ticked; every item but the last ticked through `ra`.
async fn revocation_one_tick_short(ra: &ratu::ra::Ra, v: &mut Harness) -> (u64, u8) {
    use ratu::domain::CheckItem;
    use ratu::domain::case::workflow;
    let op = v.app.op.clone().unwrap();
    v.app.home.tab = 3;
    v.app.refilter();
    let q = v.app.queue();
    let case = q
        .rows
        .iter()
        .map(|r| r.case.clone())
        .find(|c| {
            c.state == CaseState::Submitted
                && workflow::allowed(c, &op).iter().any(|a| {
                    a.action == Action::Forward && a.ready.as_ref().is_err_and(|e| e.to_string().contains("checklist"))
                })
                && !CheckItem::for_kind(c.kind).iter().all(|i| c.is_ticked(*i))
        })
        .expect("a submitted revocation case waiting on its checklist");
    let items = CheckItem::for_kind(case.kind);
    for item in &items[..items.len() - 1] {
        if !case.is_ticked(*item) {
            ra.tick(&op, case.id, *item, true, None).await.unwrap();
        }
    }
    v.app.load_all();
    v.settle().await;
    v.select(case.id);
    v.settle().await;
    (case.id, items.len() as u8)
}

#[tokio::test]
async fn the_last_tick_and_forward_typed_without_waiting_forward_the_case() {
    use crossterm::event::KeyEvent;
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let (id, last) = revocation_one_tick_short(&ra, &mut v).await;
    // Both keys arrive before the tick's answer.
    let n = char::from(b'0' + last);
    v.app.handle_key(KeyEvent::new(KeyCode::Char(n), KeyModifiers::NONE));
    v.app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    v.settle().await;
    let said = v.toasts().join(" | ");
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::RaReview, "{said}");
    assert!(!said.contains("checklist"), "{said}");
}

#[tokio::test]
async fn number_keys_typed_without_waiting_are_judged_after_the_tick_before_them() {
    use crossterm::event::KeyEvent;
    use ratu::domain::CheckItem;
    let ra = staffed().await;
    let ver1 = verifier();
    let id = ra.new_case(&ver1, siti_issuance(), &[]).await.unwrap().id;
    let mut v = Harness::signed_in(&ra, "ver1", Role::Verifier).await;
    v.select(id);
    v.settle().await;
    let fast = |v: &mut Harness, keys: &str| {
        for c in keys.chars() {
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            v.app.handle_key(KeyEvent::new(KeyCode::Char(c), m));
        }
    };
    // `1` `1`: the second sees the item ticked, and says so.
    fast(&mut v, "11");
    v.settle().await;
    assert!(ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
    let said = v.toasts();
    assert!(
        said.iter()
            .any(|t| t == &format!("Case {id}: tick · KTP matches the applicant")),
        "{said:?}"
    );
    assert!(said.iter().any(|t| t.contains("already ticked 1")), "{said:?}");
    // `U` `1` `1`: unticked (and said so), then ticked again.
    v.app.toasts.clear();
    fast(&mut v, "U11");
    v.settle().await;
    let said = v.toasts();
    let untick = said
        .iter()
        .position(|t| t.contains(": untick · KTP"))
        .expect("the untick is said");
    let tick = said
        .iter()
        .position(|t| t.contains(": tick · KTP"))
        .expect("then the tick");
    assert!(untick < tick, "{said:?}");
    assert!(ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
}

#[tokio::test]
async fn waiting_on_me_leaves_out_cases_waiting_on_the_applicant_or_on_hold() {
    use ratu::domain::case::workflow;
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let op = v.app.op.clone().unwrap();
    let elsewhere = |s: CaseState| {
        matches!(
            s,
            CaseState::AwaitingApplicantData | CaseState::AwaitingPassphrase | CaseState::OnHold
        )
    };
    // The verifier could reject or hold those, which is not waiting on them.
    let could_act_elsewhere = v
        .app
        .queue()
        .rows
        .iter()
        .any(|r| elsewhere(r.case.state) && workflow::allowed(&r.case, &op).iter().any(|a| a.ready.is_ok()));
    assert!(
        could_act_elsewhere,
        "the demo has cases waiting on the applicant or on hold"
    );
    v.key(KeyCode::Char('w')).await;
    let q = v.app.queue();
    assert!(!q.view.is_empty());
    for p in 0..q.view.len() {
        let c = &q.row(p).unwrap().case;
        assert!(
            !elsewhere(c.state),
            "case {} is {} and does not wait on the verifier",
            c.id,
            c.state
        );
    }
    assert_eq!(q.counts.waiting, q.view.len(), "the tab counts the same cases");
}

#[tokio::test]
async fn after_an_action_the_cursor_goes_to_the_next_case_waiting_on_me() {
    use crossterm::event::KeyEvent;
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let (id, last) = revocation_one_tick_short(&ra, &mut v).await;
    let n = char::from(b'0' + last);
    v.app.handle_key(KeyEvent::new(KeyCode::Char(n), KeyModifiers::NONE));
    v.app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    v.settle().await;
    assert_eq!(ra.case(id).await.unwrap().state, CaseState::RaReview);
    let q = v.app.queue();
    let at = q.view.iter().position(|&i| q.rows[i as usize].case.id == id).unwrap();
    let next = (at + 1..q.view.len())
        .chain(0..at)
        .find(|&p| q.row(p).unwrap().for_me)
        .expect("another case waits on the verifier");
    assert_eq!(
        q.cursor,
        next,
        "cursor on {:?}, the next waiting case is {:?}",
        q.selected().map(|r| (r.case.id, r.case.state)),
        q.row(next).map(|r| (r.case.id, r.case.state))
    );
    assert!(q.selected().unwrap().for_me);
}

#[tokio::test]
async fn a_case_number_in_the_filter_selects_that_case_first() {
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    v.key(KeyCode::Char('c')).await; // closed too: every case of the queue
    let q = v.app.queue();
    let ids: Vec<u64> = (0..q.view.len()).map(|p| q.row(p).unwrap().case.id).collect();
    // A number whose digits start a longer one listed before it (1 and 15).
    let (short, _) = ids
        .iter()
        .enumerate()
        .flat_map(|(i, a)| ids[..i].iter().map(move |b| (*a, *b)))
        .find(|(a, b)| b.to_string().starts_with(&a.to_string()) && a != b)
        .expect("two such numbers in the demo");
    v.key(KeyCode::Char('/')).await;
    v.chars(&short.to_string()).await;
    assert_eq!(v.app.queue().selected_id(), Some(short));
    v.key(KeyCode::Enter).await;
    v.key(KeyCode::Esc).await;
    v.key(KeyCode::Char('/')).await;
    v.chars(&format!("#{short}")).await;
    assert_eq!(v.app.queue().view.len(), 1);
    assert_eq!(v.app.queue().selected_id(), Some(short));
}

#[tokio::test]
async fn an_empty_list_says_which_filter_hides_what_and_toasts_do_not_stack() {
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    v.key(KeyCode::Char('w')).await;
    v.key(KeyCode::Char('/')).await;
    v.chars("zzzz").await;
    v.key(KeyCode::Enter).await;
    let screen = v.screen(160, 48);
    assert!(screen.contains("cases hidden by /zzzz (Esc clears)"), "{screen}");
    assert!(screen.contains("[waiting for me] (w clears)"), "{screen}");
    v.key(KeyCode::Esc).await;
    // The same toast three times: one toast, counted.
    for _ in 0..3 {
        v.key(KeyCode::Char('U')).await;
    }
    assert_eq!(v.app.toasts.len(), 1, "{:?}", v.toasts());
    assert!(v.screen(160, 48).contains("(×3)"));
}

#[tokio::test]
async fn at_80x24_the_checklist_shows_and_the_review_pane_stops_at_its_end() {
    let ra = tui_support::demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    v.app.resize(80, 24);
    let screen = v.screen(80, 24);
    assert!(screen.contains("── Checklist") && screen.contains("1 ["), "{screen}");
    v.key(KeyCode::Tab).await; // the review pane
    // Past the end (the pane is drawn after each key, as the console does).
    for _ in 0..120 {
        v.key(KeyCode::Char('j')).await;
        v.screen(80, 24);
    }
    let screen = v.screen(80, 24);
    // The pane's last line (history) is at its bottom, not scrolled away.
    let pane: Vec<&str> = screen.lines().skip(13).take(9).collect();
    let filled = pane
        .iter()
        .filter(|l| l.trim_matches(['│', ' ']).chars().count() > 3)
        .count();
    assert!(filled >= 6, "the review pane is blank:\n{screen}");
    assert_eq!(v.app.home.review.scroll, v.app.home.review.max_scroll.get());
    v.key(KeyCode::Char('k')).await;
    assert_eq!(
        v.app.home.review.scroll + 1,
        v.app.home.review.max_scroll.get(),
        "one k goes back one line"
    );
}

#[tokio::test]
async fn x_on_the_certificates_screen_revokes_for_a_ca_admin_and_says_why_not_for_others() {
    use ratu::domain::{CertStatus, RevocationReason};
    let ra = tui_support::demo_ra(40).await;
    let mut r = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    r.key(KeyCode::Char('K')).await;
    r.key(KeyCode::Char('X')).await;
    assert!(r.app.overlay.is_none());
    let said = r.toasts().join(" | ");
    assert!(
        said.contains("only a CA admin revokes a certificate directly"),
        "{said}"
    );

    let mut a = Harness::signed_in(&ra, "admin", Role::CaAdmin).await;
    a.key(KeyCode::Char('K')).await;
    let pos = a
        .app
        .certs
        .view
        .iter()
        .position(|&i| a.app.certs.rows[i as usize].1 == CertStatus::Valid)
        .expect("a valid certificate");
    a.app.certs.cursor = pos;
    let serial = a.app.certs.selected().unwrap().serial.clone();
    a.key(KeyCode::Char('X')).await;
    let screen = a.screen(160, 48);
    assert!(screen.contains("Reason: unspecified"), "{screen}");
    a.key(KeyCode::Right).await; // key compromise
    assert!(a.screen(160, 48).contains("Reason: key compromise"));
    a.key(KeyCode::Char('y')).await;
    let said = a.toasts().join(" | ");
    assert!(said.contains(&format!("certificate {serial} revoked")), "{said}");
    let (rec, status) = a.app.certs.rows.iter().find(|(c, _)| c.serial == serial).unwrap();
    assert_eq!(*status, CertStatus::Revoked);
    assert_eq!(rec.reason, Some(RevocationReason::KeyCompromise));
}

/// Enter on a case opens the certificates screen at the certificate it is
/// about; Enter there opens that certificate's newest case in its queue.
#[tokio::test(flavor = "multi_thread")]
async fn enter_follows_a_case_to_its_certificate_and_back() {
    let ra = tui_support::demo_ra(40).await;
    let mut h = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    // The reactivation queue: its first case is about a held certificate.
    let tab = CaseKind::ALL.iter().position(|k| *k == CaseKind::Reactivation).unwrap();
    while h.app.home.tab != tab {
        h.key(KeyCode::Char(']')).await;
    }
    let case = h.app.selected_case().cloned().expect("a reactivation case");
    let serial = case.cert_serial.clone().expect("about a certificate");
    h.app.request_show();
    h.settle().await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen, Screen::Certs, "{:?}", h.toasts());
    let shown = h.app.certs.selected().expect("the certificate under the cursor");
    assert_eq!(shown.serial, serial);
    let screen = h.screen(160, 48);
    assert!(screen.contains("on hold") || screen.contains("revoked"), "{screen}");

    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen, Screen::Queues, "{:?}", h.toasts());
    assert_eq!(h.app.home.tab, tab);
    assert_eq!(h.app.selected_case().map(|c| c.id), Some(case.id));
}

/// Enter on a certificate whose newest case is closed opens that case
/// (under its number's filter), not whatever tops the queue.
#[tokio::test(flavor = "multi_thread")]
async fn enter_on_a_certificate_opens_its_newest_case_even_when_closed() {
    let ra = tui_support::demo_ra(40).await;
    let admin = ratu::domain::Operator::new("admin", Role::CaAdmin);
    let mut target = None;
    for (rec, _) in ra.cert_list(&admin, None, None, 500).await.unwrap() {
        let cases = ra.cases_of_cert(&admin, &rec.serial).await.unwrap();
        if let Some(newest) = cases.into_iter().max_by_key(|c| c.created_at)
            && !newest.state.is_pending()
        {
            target = Some((rec.serial, newest));
            break;
        }
    }
    let (serial, case) = target.expect("a demo certificate whose newest case is closed");
    let mut h = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    h.app.open_cert(serial.clone());
    h.settle().await;
    assert_eq!(h.app.certs.selected().map(|r| r.serial.clone()), Some(serial));
    h.key(KeyCode::Enter).await;
    h.settle().await;
    assert_eq!(h.app.screen, Screen::Queues, "{:?}", h.toasts());
    assert_eq!(
        h.app.selected_case().map(|c| c.id),
        Some(case.id),
        "{:?}\n{}",
        h.toasts(),
        h.screen(160, 48)
    );
}

/// The hint offers the items an officer ticks: the agreement (item 5 of
/// an issuance) is the applicant's.
#[tokio::test(flavor = "multi_thread")]
async fn the_tick_hint_leaves_out_the_applicants_agreement() {
    let ra = tui_support::demo_ra(40).await;
    let mut h = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let mut offered = false;
    for _ in 0..40 {
        h.app.request_show();
        h.settle().await;
        let screen = h.screen(220, 48);
        assert!(!screen.contains("1-5"), "{screen}");
        if screen.contains("1-4 ") {
            offered = true;
            break;
        }
        h.key(KeyCode::Char('j')).await;
    }
    assert!(offered, "a case of the issuance queue offers ticks 1-4");
}

/// At sign-in the cursor is on the first case the operator can act on.
#[tokio::test(flavor = "multi_thread")]
async fn the_cursor_starts_on_the_first_case_waiting_on_the_operator() {
    let ra = tui_support::demo_ra(40).await;
    for (name, role) in [("petugas1", Role::RaOfficer), ("verifikator1", Role::Verifier)] {
        let h = Harness::signed_in(&ra, name, role).await;
        let q = h.app.queue();
        let first_mine = (0..q.view.len()).find(|&p| q.row(p).is_some_and(|r| r.for_me));
        assert_eq!(Some(q.cursor), first_mine, "{name}");
        assert!(
            q.selected().is_some_and(|r| r.for_me),
            "{name}: {:?}",
            q.selected().map(|r| r.case.state)
        );
    }
}

/// At 120×40 the review pane shows the data and the whole checklist before
/// any picture, and a tick keeps the pane where the operator scrolled it.
#[tokio::test(flavor = "multi_thread")]
async fn the_review_pane_puts_the_checklist_first_and_a_tick_keeps_the_scroll() {
    let ra = tui_support::demo_ra(40).await;
    let mut h = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    h.app.resize(120, 40);
    // A case a verifier ticks (the hint offers 1-4).
    let mut found = false;
    for _ in 0..40 {
        h.app.request_show();
        h.settle().await;
        if h.screen(120, 40).contains("1-4 ") {
            found = true;
            break;
        }
        h.key(KeyCode::Char('j')).await;
    }
    assert!(found, "{}", h.screen(120, 40));
    let screen = h.screen(120, 40);
    for item in ["1 [", "2 [", "3 [", "4 [", "5 ["] {
        assert!(
            screen.contains(item),
            "checklist item {item} shown at 120×40:\n{screen}"
        );
    }
    // At 80×24 the pane scrolls: scroll it, tick item 1, and the pane
    // stays where it was.
    h.app.resize(80, 24);
    h.screen(80, 24);
    h.key(KeyCode::Tab).await;
    for _ in 0..3 {
        h.key(KeyCode::Char('j')).await;
    }
    let scrolled = h.app.home.review.scroll;
    assert!(scrolled > 0, "the pane scrolled");
    h.key(KeyCode::Char('1')).await;
    h.settle().await;
    h.screen(80, 24);
    assert_eq!(h.app.home.review.scroll, scrolled, "{:?}", h.toasts());
}

/// After `e` (the applicant's link sent) the cursor stays on the case.
#[tokio::test(flavor = "multi_thread")]
async fn sending_the_applicant_their_link_leaves_the_cursor_on_the_case() {
    let ra = tui_support::demo_ra(40).await;
    let mut h = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let op = h.app.op.clone().unwrap();
    let q = h.app.queue();
    let id = (0..q.view.len())
        .filter_map(|p| q.row(p).map(|r| r.case.clone()))
        .find(|c| {
            ratu::domain::case::workflow::allowed(c, &op)
                .iter()
                .any(|a| a.action == ratu::domain::Action::SendToApplicant && a.ready.is_ok())
        })
        .map(|c| c.id)
        .expect("a case whose data link can be sent");
    h.select(id);
    h.settle().await;
    h.key(KeyCode::Char('e')).await;
    h.settle().await;
    if h.app.overlay.is_some() {
        h.key(KeyCode::Char('y')).await;
        h.settle().await;
    }
    assert_eq!(h.app.selected_case().map(|c| c.id), Some(id), "{:?}", h.toasts());
}
