//! The app's side of the queues screen: runs the screen with its `Cx`
//! and opens the dialog it asks for, carries out a confirmed dialog, and
//! gives the screen the answers of its tasks. Timers, other screens and
//! the tests reach the queues through these.

use super::App;
use crate::domain::{Action, Case, CaseKind, CheckItem};
use crate::tui::cx::Cx;
use crate::tui::event::Outcome;
use crate::tui::keymap::Cmd;
use crate::tui::overlays::Then;
use crate::tui::screens::queues::{Queue, QueuesScreen};

/// The app's handles on the queues screen: its own routing (answers,
/// timers, other screens) and the tests reach the screen through these.
impl App {
    /// Runs `f` on the queues screen with its `Cx`, then opens the dialog
    /// it asked for, if any. Unlike `App::on_screen` the screen is borrowed
    /// apart from the rest of the app, not taken out: nearly every key and
    /// answer reaches it.
    pub(crate) fn on_home<R>(&mut self, f: impl FnOnce(&mut QueuesScreen, &mut Cx) -> R) -> R {
        let mut cx = Cx::new(
            &self.ra,
            self.op.as_ref(),
            self.s,
            &self.keymap,
            self.now,
            self.size,
            &self.tx,
        );
        let out = f(&mut self.home, &mut cx);
        let asked = cx.finish();
        self.take_in(asked);
        if let Some(d) = self.home.dialog.take() {
            self.overlay = Some(d);
        }
        out
    }

    /// A command of the queues screen (`QueuesScreen::cmd`); following a
    /// case to its certificate and a document full-screen are the app's.
    pub(crate) fn queues_cmd(&mut self, c: Cmd) {
        match self.on_home(|h, cx| h.cmd(c, cx)) {
            Some(Cmd::Follow) => self.follow_to_cert(),
            Some(Cmd::ViewDocument) => self.open_document(),
            _ => {}
        }
    }

    /// Runs what a confirmed dialog asked for.
    pub fn confirmed(&mut self, then: Then, note: Option<String>) {
        match then {
            Then::Act { action, targets } => self.on_home(|h, cx| h.execute(action, targets, note, cx)),
            Then::Quit => self.quit = true,
            Then::RevokeCert { serial, reason, .. } => {
                self.on_screen(|a| &mut a.certs, |s, cx| s.revoke(serial, reason, cx))
            }
        }
    }

    /// Keys that waited behind a dialog run once none is open.
    pub fn replay(&mut self) {
        if self.overlay.is_none() {
            self.on_home(|h, cx| h.replay(cx))
        }
    }

    /// An action on `id` answered: keys that waited for it run, unless a
    /// dialog is open (they run when it closes).
    pub fn release(&mut self, id: u64) {
        let open = self.overlay.is_some();
        self.on_home(|h, cx| h.release(id, open, cx))
    }

    pub fn acted(&mut self, action: Action, outcomes: Vec<Outcome>, advance: bool, item: Option<CheckItem>) {
        let open = self.overlay.is_some();
        self.on_home(|h, cx| h.acted(action, outcomes, advance, item, open, cx))
    }

    /// Writes a document of the shown case to `path` (the export prompt).
    pub fn export(&mut self, doc_id: String, path: String) {
        self.on_home(|h, cx| h.export(doc_id, path, cx))
    }

    pub fn queue(&self) -> &Queue {
        self.home.queue()
    }

    pub fn queue_mut(&mut self) -> &mut Queue {
        self.home.queue_mut()
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.home.selected_case()
    }

    pub fn request_show(&mut self) {
        self.on_home(|h, cx| h.request_show(cx))
    }

    pub fn put_case(&mut self, case: Case, advance: bool) {
        self.on_home(|h, cx| h.put_case(case, advance, cx))
    }

    pub fn refilter(&mut self) {
        self.on_home(|h, cx| h.refilter(cx))
    }

    pub fn load_all(&mut self) {
        self.on_home(|h, cx| h.load_all(cx))
    }

    pub fn ask_if_not_held(&mut self) {
        self.on_home(|h, cx| h.ask_if_not_held(cx))
    }

    pub fn recount(&mut self) {
        self.on_home(|h, cx| h.recount(cx))
    }

    pub fn page_in(&mut self, p: crate::tui::event::Page) {
        self.on_home(|h, cx| h.page_in(p, cx))
    }

    pub fn counts_in(&mut self, r: Result<Vec<(CaseKind, crate::tui::screens::queues::QueueCounts)>, String>) {
        self.on_home(|h, cx| h.counts_in(r, cx))
    }
}
