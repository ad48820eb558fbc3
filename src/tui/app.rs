//! The console's state and how background results change it. Keys are in
//! `input.rs`, case actions in `act.rs`, drawing in `draw.rs` (a pure
//! function of this state).
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

use super::event::{Msg, Outcome};
use super::i18n::Strings;
use super::keymap::Keymap;
use super::overlays::Overlay;
use super::overlays::summary::Summary;
use super::overlays::toast::{Level, Toast};
use super::queue::{Filters, Queue};
use super::screens::audit::AuditScreen;
use super::screens::ca::CaScreen;
use super::screens::certs::CertsScreen;
use super::screens::new_case::NewCaseForm;
use super::screens::signin::SignIn;
use super::theme::Theme;
use crate::api::Office;
use crate::domain::{Action, Case, CaseKind, CheckItem, Operator};
use crate::ra::CaseView;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::time::Instant;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    SignIn,
    Queues,
    NewCase,
    Audit,
    Certs,
    Ca,
    Reports,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Review,
}

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

/// The review pane's extra data, loaded per case.
#[derive(Debug, Default)]
pub struct Review {
    pub view: Option<Box<CaseView>>,
    /// The case a `show` is running for.
    pub loading: Option<u64>,
    /// NIK shown in clear, for this case only.
    pub revealed: Option<(u64, String)>,
    pub scroll: u16,
    /// The case `scroll` is for: a new case starts at the top, the same
    /// one (after a tick) keeps its place.
    pub scrolled: Option<u64>,
    /// The furthest the pane scrolls, from its last drawing.
    pub max_scroll: std::cell::Cell<u16>,
}

pub struct App {
    pub ra: Office,
    tx: UnboundedSender<Msg>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub s: &'static Strings,
    pub op: Option<Operator>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub queues: Vec<Queue>,
    pub tab: usize,
    pub filters: Filters,
    pub filter_editing: bool,
    pub focus: Focus,
    pub review: Review,
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
    /// The untick key was pressed: the next number key unticks.
    pub untick_armed: bool,
    /// Cases with an action running (how many).
    pub busy: std::collections::BTreeMap<u64, usize>,
    /// Keys waiting for an earlier action on their case, in typed order.
    pub deferred: std::collections::VecDeque<super::act::Deferred>,
    /// The task following changes made elsewhere (one at a time).
    follow: Option<tokio::task::AbortHandle>,
    /// What the operator had open when their session ended, given back
    /// when the same operator signs in again.
    stashed: Option<(String, Overlay)>,
    /// When the store's counts were last asked for.
    pub counts_asked: Option<Instant>,
    /// The other queues' first pages and the counts, asked once the first
    /// page of the queue on screen is in (see `load_all`).
    pub rest_to_load: bool,
    /// When the store is asked for the filter text being typed.
    pub store_filter_due: Option<Instant>,
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

/// The pause in typing a filter after which the store is asked.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

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
            keymap: settings.keymap,
            theme: settings.theme,
            s: settings.strings,
            op: None,
            screen: Screen::SignIn,
            overlay: None,
            queues: CaseKind::ALL.iter().map(|k| Queue::new(*k)).collect(),
            tab: 0,
            filters: Filters::default(),
            filter_editing: false,
            focus: Focus::List,
            review: Review::default(),
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
            untick_armed: false,
            busy: Default::default(),
            deferred: Default::default(),
            follow: None,
            stashed: None,
            counts_asked: None,
            rest_to_load: false,
            store_filter_due: None,
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
        if self.store_filter_due.is_some_and(|due| at >= due) {
            self.store_filter_due = None;
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

    pub fn queue(&self) -> &Queue {
        &self.queues[self.tab]
    }

    pub fn queue_mut(&mut self) -> &mut Queue {
        &mut self.queues[self.tab]
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.queue().selected().map(|r| &r.case)
    }

    /// A form holds typing that quitting would lose.
    pub fn has_dirty_form(&self) -> bool {
        self.new_case.as_ref().is_some_and(NewCaseForm::is_dirty)
            || self.overlay.as_ref().is_some_and(Overlay::is_dirty)
    }

    /// Rows of the case list, from the terminal size (see `draw.rs`).
    pub fn list_rows(&self) -> usize {
        super::draw::list_rows(self.size.0, self.size.1)
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        let rows = self.list_rows();
        for q in &mut self.queues {
            q.scroll_into_view(rows);
        }
        self.dirty = true;
    }

    // --- tasks -----------------------------------------------------------

    pub fn start_sign_in(&mut self, name: String, pin: String) {
        self.signin.busy = true;
        self.signin.error = None;
        let ra = self.ra.clone();
        self.spawn(async move {
            let r = ra.sign_in(&name, &pin).await.map_err(|e| e.to_string());
            drop(zeroize::Zeroizing::new(pin));
            Msg::SignedIn(r)
        });
    }

    /// Signs in without the form (tests, `--operator` with `RATU_PIN`).
    pub fn signed_in(&mut self, op: Operator) {
        self.handle_msg_signed_in(op);
    }

    /// Loads the review data of the selected case unless already there.
    pub fn request_show(&mut self) {
        self.page_if_near_end();
        let Some(id) = self.queue().selected_id() else {
            self.review.view = None;
            return;
        };
        if self.review.revealed.as_ref().is_some_and(|(r, _)| *r != id) {
            self.review.revealed = None;
        }
        let have = self.review.view.as_ref().is_some_and(|v| v.case.id == id);
        if have || self.review.loading == Some(id) {
            return;
        }
        if self.review.scrolled != Some(id) {
            self.review.scroll = 0;
            self.review.scrolled = Some(id);
        }
        let Some(op) = self.op.clone() else { return };
        self.review.loading = Some(id);
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Shown(id, ra.show(&op, id).await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// Puts a changed case into its queue.
    pub fn put_case(&mut self, case: Case, advance: bool) {
        let Some(op) = self.op.clone() else { return };
        let idx = CaseKind::ALL.iter().position(|k| *k == case.kind).unwrap_or(0);
        let rows = self.list_rows();
        let (f, now) = (self.filters.clone(), self.now);
        let id = case.id;
        let q = &mut self.queues[idx];
        let was = q.position(|r| r.case.id == id);
        let selected = q.selected_id() == Some(id);
        q.replace(case, &op, &f, now);
        if advance && selected {
            // On to the next case that waits on the operator.
            let from = match q.position(|r| r.case.id == id) {
                Some(p) => p + 1,
                None => was.unwrap_or(q.cursor),
            };
            q.next_for_me(from, Some(id), rows);
        }
        q.scroll_into_view(rows);
        if self.review.view.as_ref().is_some_and(|v| v.case.id == id) {
            self.review.view = None;
        }
        self.request_show();
    }

    /// The filters changed: the rows held are filtered again, and the
    /// store is asked when they cannot answer.
    pub fn refilter(&mut self) {
        self.store_filter_due = None;
        self.refilter_held();
        self.ask_if_not_held();
    }

    /// The filter text changed under the operator's fingers: the rows held
    /// narrow at once; the store is asked once typing pauses (or on Enter),
    /// not for every key.
    pub fn refilter_typed(&mut self) {
        self.refilter_held();
        self.store_filter_due = Some(Instant::now() + TYPING_PAUSE);
    }

    fn refilter_held(&mut self) {
        let (f, now) = (self.filters.clone(), self.now);
        let op = self.op.as_ref().map(|o| o.name.clone()).unwrap_or_default();
        let rows = self.list_rows();
        let q = &mut self.queues[self.tab];
        let keep = q.selected_id();
        q.refresh(&f, now, keep, &op);
        q.scroll_into_view(rows);
        self.request_show();
        self.dirty = true;
    }

    // --- results ---------------------------------------------------------

    /// The database ended the operator's session (12 h after sign-in): the
    /// sign-in form again, the operator's name filled in. An open dialog
    /// (a half-typed note) is kept for them.
    /// Back to sign-in; `by_admin`: a ca_admin ended the session (not its
    /// 12 hours).
    fn session_ended(&mut self, by_admin: bool) {
        let Some(op) = self.op.take() else { return };
        tracing::info!(operator = %op.name, "session ended");
        if let Some(f) = self.follow.take() {
            f.abort();
        }
        if let Some(o) = self.overlay.take() {
            self.stashed = Some((op.name.clone(), o));
        }
        self.signin = SignIn::new(Some(&op.name));
        let why = if by_admin {
            self.s.session_closed
        } else {
            self.s.session_ended
        };
        self.signin.error = Some(why.to_string());
        self.screen = Screen::SignIn;
        self.dirty = true;
    }

    fn handle_msg_signed_in(&mut self, op: Operator) {
        tracing::info!(operator = %op.name, role = %op.role, "signed in");
        if let Some((name, o)) = self.stashed.take()
            && name == op.name
        {
            self.overlay = Some(o);
        }
        self.signin.busy = false;
        self.op = Some(op);
        self.screen = Screen::Queues;
        self.load_all();
        self.follow_changes();
    }

    /// Subscribes to changes made elsewhere: each changed case is re-read
    /// and put into its queue (and the review pane), without a key press.
    fn follow_changes(&mut self) {
        let (ra, tx) = (self.ra.clone(), self.tx.clone());
        let closed = self.s.connection_lost;
        if let Some(f) = self.follow.take() {
            f.abort();
        }
        let task = tokio::spawn(async move {
            // On the site service a restart ends the subscription: the
            // database client reconnects by itself, and the subscription is
            // taken up again once it can be (lists reloaded then).
            let mut lost = false;
            loop {
                match ra.watch_cases().await {
                    Ok(mut changes) => {
                        if std::mem::take(&mut lost) && tx.send(Msg::LiveBack).is_err() {
                            return;
                        }
                        // Until the subscription ends (the service
                        // restarted) or the connection is lost.
                        while let Some(r) = changes.next().await {
                            let m = match r {
                                Ok(id) => Msg::Changed(id),
                                // The console goes back to sign-in: nothing
                                // to reconnect to.
                                Err(e) if session_over(&e.to_string()) => {
                                    let _ = tx.send(Msg::LiveLost(e.to_string()));
                                    return;
                                }
                                Err(e) => {
                                    tracing::warn!("live updates stopped: {e}");
                                    break;
                                }
                            };
                            if tx.send(m).is_err() {
                                return;
                            }
                        }
                        if tx.send(Msg::LiveLost(closed.into())).is_err() {
                            return;
                        }
                        lost = true;
                    }
                    Err(e) if !lost => {
                        if tx.send(Msg::LiveLost(e.to_string())).is_err() {
                            return;
                        }
                        lost = true;
                    }
                    Err(_) => {}
                }
                if tx.is_closed() {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
        self.follow = Some(task.abort_handle());
    }

    pub fn handle_msg(&mut self, m: Msg) {
        if !m.is_unasked() {
            self.pending = self.pending.saturating_sub(1);
        }
        self.dirty = true;
        match m {
            Msg::SignedIn(Ok(op)) => {
                self.handle_msg_signed_in(op);
                self.housekeeping();
            }
            Msg::SignedIn(Err(e)) => {
                self.signin.busy = false;
                self.signin.error = Some(e);
            }
            Msg::Page(p) => self.page_in(*p),
            Msg::Found(text, r) => self.found(text, r),
            Msg::Counts(r) => self.counts_in(r),
            Msg::Shown(id, r) => {
                if self.review.loading == Some(id) {
                    self.review.loading = None;
                }
                match r {
                    Ok(v) if self.queue().selected_id() == Some(id) => {
                        self.review.view = Some(v);
                        self.load_documents();
                    }
                    Ok(_) => {}
                    Err(e) => self.toast(Level::Error, e),
                }
                // The cursor may have moved on while this loaded.
                if self.queue().selected_id() != Some(id) {
                    self.request_show();
                }
            }
            Msg::Acted {
                action,
                outcomes,
                advance,
                item,
            } => self.acted(action, outcomes, advance, item),
            Msg::Reread(id, r) => {
                match r {
                    Ok(case) => self.put_case(case, false),
                    Err(e) => self.toast(Level::Error, e),
                }
                self.release(id);
            }
            Msg::Fresh(Ok(case)) => self.put_case(case, false),
            Msg::Changed(id) => {
                let Some(op) = self.op.clone() else { return };
                let ra = self.ra.clone();
                self.spawn(
                    async move { Msg::ChangedElsewhere(ra.case_seen_by(&op, id).await.map_err(|e| e.to_string())) },
                );
            }
            Msg::ChangedElsewhere(Ok(None)) => {}
            Msg::ChangedElsewhere(Ok(Some(case))) => {
                let mine = self.op.as_ref().is_some_and(|o| o.name == case.updated_by);
                let shown = self
                    .review
                    .view
                    .as_ref()
                    .is_some_and(|v| v.case.id == case.id && v.case.version < case.version);
                if shown && !mine {
                    self.toast(
                        Level::Info,
                        format!(
                            "{} {}: {} {} · v{}",
                            self.s.case_word, case.id, self.s.changed_by, case.updated_by, case.version
                        ),
                    );
                }
                self.put_case(case, false);
                self.recount();
            }
            Msg::ChangedElsewhere(Err(e)) | Msg::LiveLost(e) => self.toast(Level::Error, e),
            Msg::LiveBack => {
                self.toast(Level::Info, self.s.connection_back);
                self.load_all();
            }
            Msg::Fresh(Err(e)) => self.toast(Level::Error, e),
            Msg::Revealed(id, Ok(nik)) => {
                self.review.revealed = Some((id, nik));
                self.toast(Level::Info, self.s.nik_revealed);
            }
            Msg::Revealed(_, Err(e)) => self.toast(Level::Error, e),
            Msg::Document(sha, p) => self.document_decoded(sha, *p),
            Msg::LinkResent(Ok(id)) => {
                let done = format!("{} {id}: {}", self.s.case_word, self.s.link_resent);
                self.toast(Level::Info, done);
            }
            Msg::LinkResent(Err(e)) => self.toast(Level::Error, e),
            Msg::Created(Ok(case)) => {
                self.new_case = None;
                self.screen = Screen::Queues;
                let id = case.id;
                self.toast(
                    Level::Info,
                    format!(
                        "{} {id}: {} · {}",
                        self.s.case_word,
                        self.s.kind(case.kind),
                        self.s.state(case.state)
                    ),
                );
                self.show_case(case);
            }
            Msg::CertCases(Ok(cases)) => self.show_cert_cases(cases),
            Msg::CertCases(Err(e)) => self.toast(Level::Error, e),
            Msg::Created(Err(e)) => {
                if let Some(f) = &mut self.new_case {
                    f.busy = false;
                }
                self.toast(Level::Error, e);
            }
            Msg::Exported(Ok(path)) => self.toast(Level::Info, format!("→ {path}")),
            Msg::Exported(Err(e)) => self.toast(Level::Error, e),
            Msg::Audit(p) => self.audit_in(*p),
            Msg::Certs(Ok(rows)) => {
                self.certs.set(rows);
                self.show_cert();
            }
            Msg::CertShown(Ok(v)) => self.certs.detail = Some(v),
            Msg::Certs(Err(e)) | Msg::CertShown(Err(e)) | Msg::Reminded(Err(e)) => self.toast(Level::Error, e),
            Msg::CaStatus(r) => self.ca.status = Some(r),
            Msg::Report(r) => self.report_in(r),
            Msg::CrlPublished(Ok(p), asked) => {
                if asked {
                    let text = self.s.crl_published(p.number, p.entries, p.held);
                    self.toast(Level::Info, text);
                }
                self.reload_ca();
            }
            Msg::CrlPublished(Err(e), _) => self.toast(Level::Error, e),
            Msg::Reminded(Ok(n)) if n > 0 => {
                let text = self.s.reminders_queued(n);
                self.toast(Level::Info, text)
            }
            Msg::Reminded(Ok(_)) => {}
            Msg::Room(why) => {
                self.dirty |= why.is_some() != self.no_room.is_some();
                self.no_room = why;
            }
            Msg::CertRevoked(Ok(serial)) => {
                let text = self.s.cert_revoked(&serial);
                self.toast(Level::Info, text);
                self.reload_certs();
            }
            Msg::CertRevoked(Err(e)) => self.toast(Level::Error, e),
            Msg::AuditVerified(r) => {
                self.audit.report = Some(r.map_err(|e| e.to_string()));
            }
        }
    }

    fn acted(&mut self, action: Action, outcomes: Vec<Outcome>, advance: bool, item: Option<CheckItem>) {
        self.recount();
        let bulk = outcomes.len() > 1;
        let mut lines = Vec::new();
        // Keys that waited on these cases run once every result is in.
        let mut free = Vec::new();
        for o in outcomes {
            match o.result {
                Ok(case) => {
                    lines.push((
                        o.id,
                        true,
                        format!("{} → {}", self.s.action(action), self.s.state(case.state)),
                    ));
                    if !bulk {
                        let text = match item {
                            Some(i) => format!(
                                "{} {}: {} · {}",
                                self.s.case_word,
                                case.id,
                                self.s.action(action),
                                self.s.item(i)
                            ),
                            None => format!(
                                "{} {}: {} → {}",
                                self.s.case_word,
                                case.id,
                                self.s.action(action),
                                self.s.state(case.state)
                            ),
                        };
                        self.toast(Level::Info, text);
                    }
                    free.push(case.id);
                    self.put_case(case, advance && !bulk);
                }
                Err(e) => {
                    if o.stale {
                        // Show what changed: read the case again (keys
                        // waiting on it run after that).
                        let (ra, op) = (self.ra.clone(), self.op.clone());
                        let id = o.id;
                        self.spawn(async move {
                            let r = match op {
                                Some(op) => ra.case_seen_by(&op, id).await.map_err(|e| e.to_string()),
                                None => Ok(None),
                            };
                            Msg::Reread(
                                id,
                                r.and_then(|c| c.ok_or_else(|| format!("case {id} is not yours to see"))),
                            )
                        });
                    } else {
                        free.push(o.id);
                    }
                    if !bulk {
                        self.toast(Level::Error, format!("{} {}: {e}", self.s.case_word, o.id));
                    }
                    lines.push((o.id, false, e));
                }
            }
        }
        if bulk {
            self.queue_mut().marked.clear();
            self.overlay = Some(Overlay::Summary(Summary {
                title: self.s.action(action).to_string(),
                lines,
                scroll: 0,
            }));
        }
        for id in free {
            self.release(id);
        }
    }
}
