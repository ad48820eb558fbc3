//! Snapshots of every console screen on the demo data (mem://, fixed
//! clock) at 80×24 and 160×48, drawn on ratatui's TestBackend.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use ratu::domain::{CaseState, Role};
use tui_support::{Harness, demo_ra, render};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, h: &Harness) {
    for (w, ht) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), masked(&render(&h.app, w, ht)));
    }
}

/// The screen with long hex runs (certificate serials, which the demo
/// draws at random, and digests) as `#`s of the same width, so that the
/// snapshot holds the layout and not the randomness.
fn masked(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut run = String::new();
    // `cut`: the run ends in an ellipsis (a serial cut to fit).
    let flush = |run: &mut String, out: &mut String, cut: bool| {
        let digit = run.bytes().any(|b| b.is_ascii_digit());
        let letter = run.bytes().any(|b| b.is_ascii_lowercase());
        // A serial cut short by an overlay or a column still shows as a
        // long run, a run of digits and letters, or a run before "…".
        let hexy = (run.len() >= 9 && digit) || (run.len() >= 5 && digit && letter) || (run.len() >= 4 && cut);
        out.push_str(&if hexy { "#".repeat(run.len()) } else { run.clone() });
        run.clear();
    };
    for c in screen.chars() {
        if c.is_ascii_digit() || ('a'..='f').contains(&c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out, c == '…');
            out.push(c);
        }
    }
    flush(&mut run, &mut out, false);
    out
}

#[tokio::test]
async fn sign_in_screen() {
    let ra = demo_ra(0).await;
    let mut h = Harness::new(&ra);
    h.chars("petugas1").await;
    h.key(KeyCode::Tab).await;
    h.chars("000000").await;
    h.key(KeyCode::Enter).await;
    assert!(h.app.op.is_none(), "a wrong PIN does not sign in");
    snap("sign_in_refused", &h);
}

#[tokio::test]
async fn queue_screens_for_verifier_and_officer() {
    let ra = demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    snap("queues_issuance_verifier", &v);
    v.key(KeyCode::Char('?')).await;
    snap("help_overlay", &v);
    v.key(KeyCode::Esc).await;
    v.key(KeyCode::Char(':')).await;
    v.chars("rej").await;
    snap("palette_rej", &v);
    v.key(KeyCode::Esc).await;

    let mut r = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    r.key(KeyCode::Char('w')).await;
    snap("queues_issuance_officer_waiting", &r);
    r.key(KeyCode::Char(']')).await;
    r.key(KeyCode::Char(']')).await;
    r.key(KeyCode::Char(']')).await;
    snap("queues_revocation_officer_waiting", &r);
}

#[tokio::test]
async fn dialogs_confirm_note_summary() {
    let ra = demo_ra(40).await;
    let mut r = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    r.key(KeyCode::Char('w')).await;
    let q = r.app.queue();
    let pos = (0..q.view.len())
        .find(|&p| q.row(p).unwrap().case.state == CaseState::RaReview)
        .expect("an issuance case in RA review");
    let id = q.row(pos).unwrap().case.id;
    r.select(id);
    r.settle().await;
    r.key(KeyCode::Char('a')).await;
    snap("confirm_approve", &r);
    r.key(KeyCode::Char('n')).await;
    r.key(KeyCode::Char('x')).await;
    r.chars("Surat rekomendasi kedaluwarsa").await;
    snap("note_reject", &r);
    r.key(KeyCode::Esc).await;
    // Bulk: two marked, one reason, a summary.
    r.key(KeyCode::Char('w')).await;
    r.key(KeyCode::Char(' ')).await;
    r.key(KeyCode::Char(' ')).await;
    r.key(KeyCode::Char('H')).await;
    r.chars("Menunggu klarifikasi").await;
    r.key(KeyCode::Enter).await;
    snap("summary_bulk_hold", &r);
}

#[tokio::test]
async fn forms_new_case_no_passphrase_audit() {
    let ra = demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    v.key(KeyCode::Char('N')).await;
    v.chars("Siti Rahayu, S.Kom.").await;
    v.key(KeyCode::Tab).await;
    v.chars("32730112").await;
    snap("new_case_partial", &v);
    v.key(KeyCode::Esc).await;

    // A case awaiting the passphrase, in whichever queue has one.
    let mut found = None;
    for tab in 0..4 {
        v.app.home.tab = tab;
        v.app.refilter();
        let q = v.app.queue();
        if let Some(p) = (0..q.view.len()).find(|&p| q.row(p).unwrap().case.state == CaseState::AwaitingPassphrase) {
            found = Some(q.row(p).unwrap().case.id);
            break;
        }
    }
    // The applicant sets it on the applicant page: no form here.
    let id = found.expect("the demo has a case awaiting the passphrase");
    v.select(id);
    v.settle().await;
    v.key(KeyCode::Char('p')).await;
    assert_eq!(v.app.screen, ratu::tui::Screen::Queues);

    v.key_mod(KeyCode::Char('L'), KeyModifiers::SHIFT).await;
    v.key(KeyCode::Char('v')).await;
    snap_redacted("audit_verified", &v);
}

#[tokio::test]
async fn too_small_notice() {
    let ra = demo_ra(0).await;
    let h = Harness::new(&ra);
    insta::assert_snapshot!("too_small_40x10", render(&h.app, 40, 10));
}

#[tokio::test]
async fn queues_in_indonesian_with_the_high_contrast_theme() {
    let ra = demo_ra(20).await;
    let settings = ratu::tui::Settings {
        strings: &ratu::tui::i18n::ID,
        theme: ratu::tui::theme::Theme::named("high-contrast").unwrap(),
        ..tui_support::settings()
    };
    let mut h = Harness::with_settings(&ra, settings);
    h.app
        .signed_in(ratu::domain::Operator::new("petugas2", Role::RaOfficer));
    h.settle().await;
    snap("queues_indonesian", &h);
}

/// Serials, key ids and fingerprints are random per run: runs of 8 or more
/// hex digits become `#` (same width, so the layout still shows).
fn redact_hex(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut run = String::new();
    // Runs of 8 or more, and shorter ones cut off at a border.
    let flush = |run: &mut String, out: &mut String, cut: bool| {
        if run.chars().count() >= 8 || (cut && run.chars().count() >= 3) {
            out.extend(run.chars().map(|_| '#'));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in screen.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out, c == '│');
            out.push(c);
        }
    }
    flush(&mut run, &mut out, false);
    out
}

fn snap_redacted(name: &str, h: &Harness) {
    for (w, ht) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), redact_hex(&render(&h.app, w, ht)));
    }
}

#[tokio::test]
async fn certificates_and_ca_screens() {
    let ra = demo_ra(40).await;
    let mut a = Harness::signed_in(&ra, "admin", Role::CaAdmin).await;
    a.key(KeyCode::Char('K')).await;
    assert!(!a.app.certs.rows.is_empty(), "the demo has certificates");
    snap_redacted("certificates", &a);
    a.key(KeyCode::Char('s')).await;
    a.key(KeyCode::Char('s')).await;
    snap_redacted("certificates_expiring", &a);
    a.key(KeyCode::Char('B')).await;
    snap_redacted("ca_and_crl", &a);
    // The office's numbers for the demo's month, with its bar charts.
    a.key(KeyCode::Char('R')).await;
    assert!(
        matches!(a.app.reports.report, Some(Ok(_))),
        "{:?}",
        a.app.reports.report
    );
    snap_redacted("reports", &a);
}

fn indonesian(ra: &ratu::ra::Ra) -> Harness {
    let settings = ratu::tui::Settings {
        strings: &ratu::tui::i18n::ID,
        ..tui_support::settings()
    };
    Harness::with_settings(ra, settings)
}

#[tokio::test]
async fn review_help_certificates_and_ca_in_indonesian() {
    let ra = demo_ra(40).await;
    let mut v = indonesian(&ra);
    v.app.signed_in(
        ratu::domain::Operator::new("verifikator1", Role::Verifier).with_agencies(ratu::ra::demo::demo_agency_names()),
    );
    v.settle().await;
    v.key(KeyCode::Char('?')).await;
    snap("help_indonesian", &v);
    v.key(KeyCode::Esc).await;
    // A revocation case with its reason and history.
    v.key(KeyCode::Char(']')).await;
    v.key(KeyCode::Char(']')).await;
    v.key(KeyCode::Char(']')).await;
    // The linked certificate's serial is random per run.
    snap_redacted("review_revocation_indonesian", &v);

    let mut a = indonesian(&ra);
    a.app.signed_in(ratu::domain::Operator::new("admin", Role::CaAdmin));
    a.settle().await;
    a.key(KeyCode::Char('K')).await;
    snap_redacted("certificates_indonesian", &a);
    a.key(KeyCode::Char('B')).await;
    snap_redacted("ca_and_crl_indonesian", &a);

    // Find: a holder with an issued certificate, their cases and
    // certificates, in Indonesian.
    let op = a.app.op.clone().unwrap();
    let filter = ratu::domain::CaseFilter {
        state: Some(CaseState::Issued),
        limit: 1,
        ..Default::default()
    };
    let issued = ra.list(&op, &filter).await.unwrap().remove(0);
    a.key(KeyCode::Char('F')).await;
    a.chars(&issued.subscriber.name).await;
    a.key(KeyCode::Enter).await;
    snap_redacted("find_indonesian", &a);
}

/// The review pane of an issuance case: the KTP and the selfie side by
/// side (half-blocks on the test terminal), the recommendation letter's
/// page count and text; `V` shows each document full-screen.
#[tokio::test]
async fn review_pane_shows_ktp_and_selfie_side_by_side_and_a_pdf_full_screen() {
    let ra = demo_ra(40).await;
    let mut v = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    let q = v.app.queue();
    let pos = (0..q.view.len())
        .find(|&p| {
            let docs = &q.row(p).unwrap().case.documents;
            docs.contains(&ratu::domain::DocKind::Ktp) && docs.contains(&ratu::domain::DocKind::Selfie)
        })
        .expect("an issuance case with a KTP and a selfie");
    let id = q.row(pos).unwrap().case.id;
    v.select(id);
    v.settle().await;
    let wide = v.screen(160, 48);
    assert!(wide.contains("Identity check") && wide.contains("selfie"), "{wide}");
    assert!(
        wide.contains('▀') || wide.contains('▄'),
        "images in half-blocks:\n{wide}"
    );
    snap("review_documents", &v);
    // Scrolled to the documents: the letter's pages and first lines.
    v.key(KeyCode::Tab).await;
    for _ in 0..14 {
        v.key(KeyCode::Char('j')).await;
    }
    let wide = v.screen(160, 48);
    assert!(wide.contains("1 page") && wide.contains("SURAT REKOMENDASI"), "{wide}");
    snap("review_documents_scrolled", &v);
    v.key(KeyCode::Tab).await;
    v.key(KeyCode::Char('V')).await;
    snap("document_full_ktp", &v);
    // KTP, selfie, then the letter.
    v.key(KeyCode::Right).await;
    v.key(KeyCode::Right).await;
    let full = v.screen(160, 48);
    assert!(full.contains("CONTOH / SAMPLE") && full.contains("1 page"), "{full}");
    snap("document_full_pdf", &v);
    v.key(KeyCode::Esc).await;
    assert!(v.app.overlay.is_none());
}

/// Words of `text` that look like code: `snake_case` or `camelCase`
/// identifiers (not e-mail addresses, paths or hex).
fn identifiers(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "│┌┐└┘─·()[],:;→".contains(c))
        .filter(|w| !w.contains('@') && !w.contains('/') && !w.contains('.'))
        .filter(|w| {
            let snake = w.contains('_') && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            let camel = w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && w.chars().any(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphabetic());
            snake && !w.starts_with('_') && !w.ends_with('_') || camel
        })
        .map(str::to_string)
        .collect()
}

/// RFC 5280 names of the decoded certificate's extensions and key usages:
/// the standard's own words, shown as openssl shows them.
const X509_NAMES: [&str; 9] = [
    "keyUsage",
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "extendedKeyUsage",
    "emailProtection",
    "clientAuth",
    "subjectAltName",
    "basicConstraints",
];

/// Words only the English console shows, and only the Indonesian one.
const ENGLISH: [&str; 14] = [
    "awaiting",
    "review ",
    "checklist",
    "refused",
    "matches the",
    "Linked",
    "not after",
    "holder",
    "Case ",
    "approve",
    "forward",
    "ticked",
    "History",
    "Documents",
];
const INDONESIAN: [&str; 10] = [
    "Permohonan ",
    "centang",
    "tinjauan",
    "Daftar periksa",
    "Riwayat",
    "berlaku",
    "saring",
    "setujui",
    "pemilik",
    "diterbitkan",
];

#[test]
fn every_snapshot_is_in_one_language_without_identifiers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut problems = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("tui_screens__") || !name.ends_with(".snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The frame only, not insta's header.
        let frame = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        for id in identifiers(frame)
            .into_iter()
            .filter(|w| !X509_NAMES.contains(&w.as_str()))
        {
            problems.push(format!("{name}: identifier {id:?}"));
        }
        let other: &[&str] = if name.contains("indonesian") {
            &ENGLISH
        } else {
            &INDONESIAN
        };
        for w in other {
            if frame.contains(w) {
                problems.push(format!("{name}: other language {w:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The new-case form in Indonesian: labels in one language, focus marked
/// by a sign, the documents' format beside the field, the count of fields
/// to fix in words, Ctrl-U clearing a field, a name of digits refused.
#[tokio::test]
async fn the_new_case_form_speaks_one_language_and_marks_focus_without_colour() {
    let ra = demo_ra(0).await;
    let settings = ratu::tui::Settings {
        strings: &ratu::tui::i18n::ID,
        ..tui_support::settings()
    };
    let mut h = Harness::with_settings(&ra, settings);
    h.app
        .signed_in(ratu::domain::Operator::new("verifikator1", Role::Verifier));
    h.settle().await;
    h.key(KeyCode::Char('N')).await;
    h.chars("12345").await;
    let screen = h.screen(160, 48);
    for english in [
        "Name / Nama",
        "Phone / Telepon",
        "Position / Jabatan",
        "Agency / Instansi",
    ] {
        assert!(!screen.contains(english), "{english}:\n{screen}");
    }
    assert!(screen.contains("▶ Nama"), "focus marked by a sign:\n{screen}");
    assert!(screen.contains("jenis=path"), "the documents' format:\n{screen}");
    assert!(screen.contains("isian perlu diperbaiki"), "{screen}");
    assert!(
        screen.contains("tidak berisi huruf"),
        "a name of digits is refused, in Indonesian:\n{screen}"
    );
    assert!(
        screen.contains("wajib diisi") && !screen.contains("is required"),
        "{screen}"
    );
    h.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    assert_eq!(h.app.new_case.as_ref().unwrap().value("name"), "", "Ctrl-U clears");
    // Typing on the kind selector goes to the name, never changes the kind.
    h.key(KeyCode::BackTab).await;
    assert_eq!(h.app.new_case.as_ref().unwrap().focus, 0);
    h.chars("Budi Santoso").await;
    let form = h.app.new_case.as_ref().unwrap();
    assert_eq!(
        (form.kind, form.value("name").as_str()),
        (ratu::domain::CaseKind::Issuance, "Budi Santoso")
    );
}
