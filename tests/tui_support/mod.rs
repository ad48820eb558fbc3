//! Helpers for the console tests: an app on a mem:// store with a fixed
//! clock, keys fed like a terminal would, and the frame as text.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratu::domain::{Case, CaseKind, CaseState, NewCase, Operator, Role, Sla, SubscriberForm};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use ratu::tui::event::Msg;
use ratu::tui::{App, Settings, i18n};
use tokio::sync::mpsc::UnboundedReceiver;

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

/// Made-up issuance case `i` (numbered `i + 1`, opened 20 s after the one
/// before) in `state`, for lists longer than a page.
/// The agency of every made-up case.
pub const BULK_AGENCY: &str = "Dinas Komunikasi dan Informatika Kota Bandung";

/// Case `i` of a made-up office where the first four of every `every`
/// cases are open (draft, verifier review, RA review, awaiting the
/// passphrase) and the rest issued.
pub fn mixed_case(i: usize, every: usize) -> Case {
    let open = [
        CaseState::Draft,
        CaseState::VerifierReview,
        CaseState::RaReview,
        CaseState::AwaitingPassphrase,
    ];
    bulk_case(i, open.get(i % every).copied().unwrap_or(CaseState::Issued))
}

pub fn bulk_case(i: usize, state: CaseState) -> Case {
    let serial = i % 9999 + 1;
    let yy = (i / 9999) % 100;
    let sub = SubscriberForm {
        name: format!("Pemohon Uji {i}"),
        // Born on 12 March (13 March past 999,900 cases) of year `yy`.
        nik: format!("3273011{}03{yy:02}{serial:04}", 2 + i / 999_900),
        email: format!("pemohon{i}@bandung.go.id"),
        agency: BULK_AGENCY.into(),
        ..Default::default()
    }
    .validate()
    .expect("valid made-up applicant");
    let t = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
    let new = NewCase {
        kind: CaseKind::Issuance,
        subscriber: sub,
        revocation_reason: None,
        cert_serial: None,
        note: None,
    };
    let mut c = Case::open(
        i as u64 + 1,
        new,
        "verifikator1",
        t + chrono::Duration::seconds(i as i64 * 20),
        Sla::default(),
    );
    c.state = state;
    c
}

pub async fn ra_mem() -> Ra {
    let store = Store::open(&DbTarget::Memory).await.expect("store opens");
    Ra::new(store, RaConfig::default(), Clock::Fixed(t0()))
}

/// The demo (`n` cases) on mem://, at the fixed time.
pub async fn demo_ra(n: usize) -> Ra {
    let ra = ra_mem().await;
    ra.make_demo(n, 2026).await.expect("demo");
    ra
}

pub fn settings() -> Settings {
    Settings {
        strings: &i18n::EN,
        // Documents are decoded by the binary this build made.
        renderer: Some(env!("CARGO_BIN_EXE_ratu").into()),
        ..Settings::default()
    }
}

pub struct Harness {
    pub app: App,
    pub rx: UnboundedReceiver<Msg>,
}

impl Harness {
    pub fn new(ra: &Ra) -> Harness {
        Harness::with_settings(ra, settings())
    }

    pub fn with_settings(ra: &Ra, settings: Settings) -> Harness {
        let (mut app, rx) = App::new(ra.clone(), settings, None);
        app.resize(160, 48);
        Harness { app, rx }
    }

    /// Signed in as `name` with `role` without the form (with their
    /// agencies, when the store knows them).
    pub async fn signed_in(ra: &Ra, name: &str, role: Role) -> Harness {
        let mut h = Harness::new(ra);
        let known = ra.operators().await.unwrap_or_default();
        let op = known
            .into_iter()
            .find(|o| o.name == name && o.role == role)
            .unwrap_or_else(|| Operator::new(name, role));
        h.app.signed_in(op);
        h.settle().await;
        h
    }

    pub async fn settle(&mut self) {
        self.app.settle(&mut self.rx).await;
    }

    /// One key, then every task it started has reported.
    pub async fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE).await;
    }

    pub async fn key_mod(&mut self, code: KeyCode, m: KeyModifiers) {
        let m = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => m | KeyModifiers::SHIFT,
            _ => m,
        };
        self.app.handle_key(KeyEvent::new(code, m));
        self.settle().await;
    }

    pub async fn chars(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    pub fn screen(&self, w: u16, h: u16) -> String {
        render(&self.app, w, h)
    }

    pub fn toasts(&self) -> Vec<String> {
        self.app.toasts.iter().map(|t| t.text.clone()).collect()
    }

    /// Moves the cursor onto case `id` in the current queue.
    pub fn select(&mut self, id: u64) {
        let rows = self.app.list_rows();
        let q = self.app.queue_mut();
        let pos = q
            .view
            .iter()
            .position(|&i| q.rows[i as usize].case.id == id)
            .unwrap_or_else(|| panic!("case {id} is not in the list"));
        q.cursor = pos;
        q.scroll_into_view(rows);
        self.app.request_show();
    }
}

pub fn terminal(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| ratu::tui::draw::draw(app, f)).expect("draw");
    t
}

/// The frame as text, one line per row.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let t = terminal(app, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
