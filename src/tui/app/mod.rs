//! The console's state, and the routing between the screens. Keys are in
//! `input.rs` and `commands.rs`, each screen in its folder under
//! `screens/`, drawing in `draw.rs` (a pure function of this state).
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | [`App`]: the session's state, tasks, toasts, the clock, and [`App::on_screen`] (a screen's state run with its `Cx`) |
//! | `session.rs` | signing in, a session that ends, following changes made elsewhere |
//! | `messages.rs` | [`App::handle_msg`]: each task's answer routed to the screen it is for |
//! | `queues.rs` | the app's side of the queues screen: its dialogs opened, a confirmed dialog carried out |
//!
//! ```text
//! ┌ title: ratu — RA · verifikator1 (verifier) · ⠋ ──────────────────────────┐
//! │ tabs:  Penerbitan 12·3·45 │ Pembaruan 4·0·20 │ Perubahan data … │ Penc… │
//! │ filter bar: /budi · sort oldest · [waiting] [overdue] · 2 marked        │
//! ├─ list (visible rows only) ─────────┬─ review pane ─────────────────────┤
//! │ ▶ 42  3d  !-5h  Siti Rahayu  Dinas…│ Case 42 · issuance · ra_review    │
//! │   57  2d   19h  Budi Santoso Badan…│ Applicant, warnings, documents,   │
//! │                                    │ checklist, history, certificates  │
//! ├────────────────────────────────────┴───────────────────────────────────┤
//! │ hint bar: a approve · x reject · H hold │ ? help · : commands · q quit  │
//! └──────────────────────────────────────────────── toasts (bottom right) ┘
//! ```
//! Below 120 columns the review pane is stacked under the list. Overlays
//! (help, palette, confirm, note, summary, export) are centred on top.

pub use crate::tui::route::{Focus, Screen};

mod messages;
mod queues;
mod session;
use crate::api::Office;
use crate::domain::Operator;
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Keymap;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::toast::{Level, Toast};
use crate::tui::screens::audit::AuditScreen;
use crate::tui::screens::ca::CaScreen;
use crate::tui::screens::certs::CertsScreen;
use crate::tui::screens::new_case::NewCaseForm;
pub use crate::tui::screens::queues::{QueuesScreen, Review};
use crate::tui::screens::signin::SignIn;
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::time::Instant;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Looks and words, from the config.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    pub strings: &'static Strings,
    /// The program that decodes documents under limits (`ratu` itself
    /// unless given: tests give the binary they built).
    pub renderer: Option<std::path::PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keymap: Keymap::default_map(),
            theme: Theme::default(),
            strings: &super::i18n::EN,
            renderer: None,
        }
    }
}

pub struct App {
    /// The queues screen, the console's home: a queue per kind, the
    /// filters, the review pane, the keys waiting on a case.
    pub home: QueuesScreen,
    pub ra: Office,
    tx: UnboundedSender<Msg>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub s: &'static Strings,
    pub op: Option<Operator>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Decoded documents and how this terminal draws images.
    pub docs: super::documents::Documents,
    pub signin: SignIn,
    pub new_case: Option<NewCaseForm>,
    pub audit: AuditScreen,
    pub certs: CertsScreen,
    pub ca: CaScreen,
    pub reports: super::screens::reports::ReportsScreen,
    pub toasts: Vec<Toast>,
    /// Tasks still running.
    pub pending: usize,
    pub spinner: usize,
    pub dirty: bool,
    pub quit: bool,
    /// The time drawn (ages, SLA badges); advanced by ticks.
    pub now: DateTime<Utc>,
    /// Terminal size, for page moves.
    pub size: (u16, u16),
    /// The task following changes made elsewhere (one at a time).
    follow: Option<tokio::task::AbortHandle>,
    /// What the operator had open when their session ended, given back
    /// when the same operator signs in again.
    stashed: Option<(String, Overlay)>,
    /// Why the store refuses writes now (no room on its disk, or it is
    /// read-only): shown in the title bar until there is room again.
    pub no_room: Option<String>,
}

impl Drop for App {
    /// The subscription to changes ends with the console (it holds the
    /// store open).
    fn drop(&mut self) {
        if let Some(f) = self.follow.take() {
            f.abort();
        }
    }
}

/// What the database client said when a session ran out, and what the
/// service says when it ended one (`RaError::SessionEnded`).
const SESSION_EXPIRED: [&str; 2] = ["session has expired", "the session ended ("];

fn session_over(text: &str) -> bool {
    SESSION_EXPIRED.iter().any(|s| text.contains(s))
}

impl App {
    pub fn new(
        ra: impl Into<Office>,
        settings: Settings,
        operator_name: Option<&str>,
    ) -> (App, UnboundedReceiver<Msg>) {
        let ra: Office = ra.into();
        let (tx, rx) = unbounded_channel();
        let now = ra.now();
        let app = App {
            ra,
            tx,
            home: QueuesScreen::default(),
            keymap: settings.keymap,
            theme: settings.theme,
            s: settings.strings,
            op: None,
            screen: Screen::SignIn,
            overlay: None,
            docs: super::documents::Documents::default().decoded_by(settings.renderer),
            signin: SignIn::new(operator_name),
            new_case: None,
            audit: AuditScreen::default(),
            certs: CertsScreen::default(),
            ca: CaScreen::default(),
            reports: Default::default(),
            toasts: Vec::new(),
            pending: 0,
            spinner: 0,
            dirty: true,
            quit: false,
            now,
            size: (80, 24),
            follow: None,
            stashed: None,
            no_room: None,
        };
        (app, rx)
    }

    /// Runs `fut` as a task; its message comes back through the channel.
    pub fn spawn<F>(&mut self, fut: F)
    where
        F: Future<Output = Msg> + Send + 'static,
    {
        self.pending += 1;
        self.dirty = true;
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(fut.await);
        });
    }

    /// What the screens draw with besides their own state.
    pub fn look(&self) -> crate::tui::look::Look<'_> {
        crate::tui::look::Look {
            s: self.s,
            theme: &self.theme,
            keys: &self.keymap,
            now: self.now,
            op: self.op.as_ref(),
            docs: &self.docs,
        }
    }

    /// What a screen asked for through its `Cx`: its tasks counted, its
    /// toasts shown.
    pub(crate) fn take_in(&mut self, (started, said): (usize, Vec<(Level, String)>)) {
        self.pending += started;
        self.dirty = true;
        for (level, text) in said {
            self.toast(level, text);
        }
    }

    /// Runs `f` on one screen's state (taken out of the app meanwhile)
    /// with the context a screen may use, then takes in what it asked for:
    /// the tasks it started and the toasts it said.
    pub(crate) fn on_screen<S: Default, R>(
        &mut self,
        state: fn(&mut App) -> &mut S,
        f: impl FnOnce(&mut S, &mut Cx) -> R,
    ) -> R {
        let mut screen = std::mem::take(state(self));
        let mut cx = Cx::new(
            &self.ra,
            self.op.as_ref(),
            self.s,
            &self.keymap,
            self.now,
            self.size,
            &self.tx,
        );
        let out = f(&mut screen, &mut cx);
        let asked = cx.finish();
        *state(self) = screen;
        self.take_in(asked);
        out
    }

    /// Waits until every running task has reported (tests, benches).
    pub async fn settle(&mut self, rx: &mut UnboundedReceiver<Msg>) {
        while self.pending > 0 {
            match tokio::time::timeout(std::time::Duration::from_secs(30), rx.recv()).await {
                Ok(Some(m)) => self.handle_msg(m),
                _ => break,
            }
        }
    }

    pub fn toast(&mut self, level: Level, text: impl Into<String>) {
        let text = text.into();
        if level == Level::Error && session_over(&text) && self.op.is_some() {
            self.session_ended(text.contains("ca_admin"));
            return;
        }
        match level {
            Level::Error => tracing::warn!(%text, "toast"),
            Level::Info => tracing::info!(%text, "toast"),
        }
        // The same toast again: counted, not stacked.
        if let Some(i) = self.toasts.iter().position(|t| t.level == level && t.text == text) {
            let mut t = self.toasts.remove(i);
            t.count += 1;
            t.born = Instant::now();
            self.toasts.push(t);
            self.dirty = true;
            return;
        }
        self.toasts.push(Toast {
            level,
            text,
            born: Instant::now(),
            count: 1,
        });
        if self.toasts.len() > 5 {
            self.toasts.remove(0);
        }
        self.dirty = true;
    }

    /// Timer: spinner frames while tasks run, toasts timing out, the clock.
    pub fn tick(&mut self, at: Instant) {
        if self.home.store_filter_due.is_some_and(|due| at >= due) {
            self.home.store_filter_due = None;
            self.ask_if_not_held();
        }
        if self.pending > 0 {
            self.spinner = self.spinner.wrapping_add(1);
            self.dirty = true;
        }
        let before = self.toasts.len();
        self.toasts.retain(|t| at.duration_since(t.born) < t.lifetime());
        if self.toasts.len() != before {
            self.dirty = true;
        }
        let now = self.ra.now();
        if now.timestamp() / 60 != self.now.timestamp() / 60 {
            self.now = now;
            self.dirty = true;
        }
    }

    pub fn spinner_frame(&self) -> &'static str {
        const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        if self.pending > 0 {
            FRAMES[self.spinner % FRAMES.len()]
        } else {
            " "
        }
    }

    /// A form holds typing that quitting would lose.
    pub fn has_dirty_form(&self) -> bool {
        self.new_case.as_ref().is_some_and(NewCaseForm::is_dirty)
            || self.overlay.as_ref().is_some_and(Overlay::is_dirty)
    }

    /// Rows of the case list, from the terminal size (see `draw.rs`).
    pub fn list_rows(&self) -> usize {
        super::layout::list_rows(self.size.0, self.size.1)
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        let rows = self.list_rows();
        for q in &mut self.home.queues {
            q.scroll_into_view(rows);
        }
        self.dirty = true;
    }
}
