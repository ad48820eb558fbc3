//! Hostile applicant text and tiny terminals through the real render path:
//! no panic, and no raw ESC (or other control character) in any cell.

mod tui_support;

use chrono::Duration;
use crossterm::event::KeyCode;
use ratu::domain::identity::Nik;
use ratu::domain::{Case, CaseKind, EmploymentStatus, NewCase, Operator, Role, Sla, Subscriber};
use ratu::tui::screens::queues::Filters;
use tui_support::{Harness, ra_mem, t0, terminal};

fn hostile_names() -> Vec<String> {
    vec![
        "Budi\x1b[2J\x1b]0;pwned\x07 Santoso".into(),
        "\x1b[31mMerah\x1b[0m\r\nBaris baru\tTab".into(),
        "A".repeat(10_000),
        "نور الهدى عبد الله".into(),
        "\u{202e}olleH dlroW\u{202c} \u{2066}iso\u{2069}".into(),
        "Putu 🇮🇩👩‍💻 Ayu ✨".into(),
        "日本語の名前とても長い名前".repeat(50),
        "\u{9b}31mC1 CSI\u{85}NEL".into(),
        "z\u{0301}\u{0301}\u{0301}algo".into(),
    ]
}

fn hostile_case(i: usize, name: String) -> Case {
    let sub = Subscriber {
        name: name.clone(),
        nik: Nik::parse(&format!("327301120390{:04}", i + 1)).unwrap(),
        nip: None,
        npwp: None,
        email: format!("\x1b[5m{i}@x.go.id"),
        phone: Some("\x07\x07".into()),
        agency: name.clone(),
        unit: Some("\u{202e}tinU".into()),
        position: Some("\x1b]8;;http://evil\x07link\x1b]8;;\x07".into()),
        employment: EmploymentStatus::Other,
    };
    let new = NewCase {
        kind: CaseKind::Issuance,
        subscriber: sub,
        revocation_reason: None,
        cert_serial: Some("\x1bP+q\x1b\\".into()),
        note: None,
    };
    let mut c = Case::open(
        i as u64 + 1,
        new,
        "ver1",
        t0() - Duration::hours(i as i64 * 7),
        Sla::default(),
    );
    c.last_note = Some(name);
    c
}

fn assert_clean(app: &ratu::tui::App, w: u16, h: u16) {
    let t = terminal(app, w, h);
    for cell in t.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control character in a cell at {w}×{h}: {:?}",
            cell.symbol()
        );
    }
}

#[tokio::test]
async fn hostile_strings_render_as_placeholders_at_every_size() {
    let ra = ra_mem().await;
    let mut h = Harness::new(&ra);
    let op = Operator::new("ver1", Role::Verifier);
    h.app.op = Some(op.clone());
    h.app.screen = ratu::tui::Screen::Queues;
    let cases: Vec<Case> = hostile_names()
        .into_iter()
        .enumerate()
        .map(|(i, n)| hostile_case(i, n))
        .collect();
    let now = h.app.now;
    h.app.home.queues[0].set_cases(cases, &op, &Filters::default(), now);
    let screen = h.screen(160, 48);
    assert!(
        screen.contains("\\u{1b}[2J"),
        "escape codes are drawn as placeholders:\n{screen}"
    );
    for (w, ht) in [(160, 48), (80, 24), (200, 60), (61, 17), (59, 15)] {
        for pos in 0..9 {
            h.app.queue_mut().cursor = pos;
            assert_clean(&h.app, w, ht);
        }
    }
    // The help, palette and filter bar with hostile input too.
    h.key(KeyCode::Char('/')).await;
    h.chars("\u{1b}[2J").await;
    assert_clean(&h.app, 120, 40);
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char(':')).await;
    h.chars("\u{7}\u{1b}").await;
    assert_clean(&h.app, 120, 40);
}

#[tokio::test]
async fn tiny_sizes_and_resize_storms_never_panic() {
    let ra = tui_support::demo_ra(12).await;
    let mut h = Harness::signed_in(&ra, "verifikator1", Role::Verifier).await;
    for w in 1..=20u16 {
        for ht in 1..=5u16 {
            assert_clean(&h.app, w, ht);
        }
    }
    for (w, ht) in [(1, 1), (2, 2), (20, 5), (80, 3), (3, 80), (60, 16), (300, 100)] {
        h.app.resize(w, ht);
        h.key(KeyCode::Char('j')).await;
        assert_clean(&h.app, w, ht);
    }
    // Every overlay and screen at a few odd sizes.
    for key in ['?', ':', 'N', 'L'] {
        h.key(KeyCode::Esc).await;
        h.key(KeyCode::Char(key)).await;
        for (w, ht) in [(60, 16), (61, 17), (79, 23), (1, 1), (33, 7)] {
            assert_clean(&h.app, w, ht);
        }
    }
}
