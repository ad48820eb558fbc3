//! The audit trail: events newest first, a filter, and a chain check.
//!
//! ```text
//! ┌ Audit trail · 1234 events · ✓ Chain intact ─────────────────┐
//! │ seq  time              actor        action      case detail │
//! │ …                                                           │
//! └ / filter · v verify chain · r reload · Esc back ────────────┘
//! ```
//!
//! `mod.rs` holds the screen's state, its commands and what it asks of
//! the office (through a [`Cx`]); `draw.rs` draws it.

mod draw;

use crate::domain::Action;
use crate::ra::{AuditLine, AuditReport, PAGE};
use crate::tui::cx::Cx;
use crate::tui::event::{AuditPage, Msg};
use crate::tui::keymap::Cmd;
use crate::tui::list::{FilteredList, filter_text_key, move_delta};
use crate::tui::overlays::toast::Level;
use crossterm::event::KeyEvent;
pub use draw::draw;

/// The audit screen's own commands.
pub const COMMANDS: &[Cmd] = &[Cmd::Filter, Cmd::Act(Action::Verify), Cmd::Reload];

#[derive(Debug, Default)]
pub struct AuditScreen {
    /// The events held, those shown, the cursor (`Deref` reaches them).
    pub list: FilteredList<AuditLine>,
    pub loaded: bool,
    pub filter: String,
    pub editing: bool,
    pub report: Option<Result<AuditReport, String>>,
    /// The store has older events than those held.
    pub more: bool,
    /// A page is on its way.
    pub asking: bool,
    /// The generation of the last first page asked; older answers are
    /// dropped.
    pub generation: u64,
    /// The search text of the last first page asked.
    pub asked_for: Option<String>,
}

impl AuditScreen {
    /// A page came in: a first page (`before` is `None`) replaces what is
    /// held, an older one is added below.
    pub fn page_in(&mut self, before: Option<u64>, lines: Vec<AuditLine>, page: usize) {
        self.asking = false;
        self.more = lines.len() >= page;
        match before {
            None => self.list.rows = lines,
            Some(_) => self.list.rows.extend(lines),
        }
        self.loaded = true;
        self.refilter();
    }

    /// The store is asked again for the filter: unless every event is held.
    pub fn wants_search(&self) -> bool {
        (self.more || self.asked_for.as_deref().is_some_and(|a| !a.is_empty()))
            && self.asked_for.as_deref() != Some(self.filter.trim().to_lowercase().as_str())
    }

    /// The oldest event held, when the cursor is within two screens of it
    /// and the store has older ones.
    pub fn wants_more(&self, height: usize) -> Option<u64> {
        if !self.more || self.asking || self.cursor + 2 * height.max(1) < self.view.len() {
            return None;
        }
        self.list.rows.last().map(|l| l.seq)
    }

    pub fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.list.filter(|l| {
            needle.is_empty()
                || l.actor.to_lowercase().contains(&needle)
                || l.action.to_lowercase().contains(&needle)
                || l.detail.to_lowercase().contains(&needle)
                || l.case_id.is_some_and(|c| c.to_string() == needle)
        });
    }
}

impl std::ops::Deref for AuditScreen {
    type Target = FilteredList<AuditLine>;
    fn deref(&self) -> &FilteredList<AuditLine> {
        &self.list
    }
}

impl std::ops::DerefMut for AuditScreen {
    fn deref_mut(&mut self) -> &mut FilteredList<AuditLine> {
        &mut self.list
    }
}

impl AuditScreen {
    /// One of the screen's commands (`COMMANDS`, or a move).
    pub fn cmd(&mut self, c: Cmd, cx: &mut Cx) {
        match c {
            _ if let Some(d) = move_delta(c, cx.rows) => self.move_by(d, cx.rows),
            Cmd::Filter => self.editing = true,
            Cmd::Reload => self.reload(cx),
            Cmd::Act(Action::Verify) => self.verify(cx),
            _ => {}
        }
        self.follow_up(cx);
    }

    /// A key while the filter is being typed; `false` when it is not the
    /// filter's.
    pub fn filter_key(&mut self, k: KeyEvent, cx: &mut Cx) -> bool {
        if !filter_text_key(&mut self.filter, &mut self.editing, k) {
            return false;
        }
        self.refilter();
        self.follow_up(cx);
        true
    }

    /// Reads the newest events again, under the filter as it is now.
    pub fn reload(&mut self, cx: &mut Cx) {
        self.ask(None, cx);
    }

    /// Checks the whole chain (the answer is `verified`).
    pub fn verify(&mut self, cx: &mut Cx) {
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::AuditVerified(ra.verify_audit().await.map_err(|e| e.to_string())) });
    }

    /// Asks for audit events older than `before` (the newest when `None`:
    /// a new search under the filter as it is now).
    fn ask(&mut self, before: Option<u64>, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let text = self
            .asked_for
            .clone()
            .filter(|_| before.is_some())
            .unwrap_or_else(|| self.filter.trim().to_lowercase());
        if before.is_none() {
            self.generation += 1;
            self.asked_for = Some(text.clone());
        }
        self.asking = true;
        let (generation, ra) = (self.generation, cx.ra.clone());
        cx.spawn(async move {
            let text = Some(text).filter(|t| !t.is_empty());
            let lines = ra
                .audit_page(&op, before, text.as_deref())
                .await
                .map_err(|e| e.to_string());
            Msg::Audit(Box::new(AuditPage {
                generation,
                before,
                lines,
            }))
        });
    }

    /// After a filter key or a move: the store is searched when the
    /// events held cannot answer, and older events read as the cursor
    /// nears the last held.
    pub fn follow_up(&mut self, cx: &mut Cx) {
        if self.wants_search() {
            self.ask(None, cx);
        } else if let Some(seq) = self.wants_more(cx.rows) {
            self.ask(Some(seq), cx);
        }
    }

    /// A page of events came in (an answer to an older question is
    /// dropped).
    pub fn arrived(&mut self, p: AuditPage, cx: &mut Cx) {
        if p.generation != self.generation {
            return;
        }
        match p.lines {
            Ok(lines) => self.page_in(p.before, lines, PAGE),
            Err(e) => {
                self.asking = false;
                cx.toast(Level::Error, e)
            }
        }
    }

    /// The chain check's answer.
    pub fn verified(&mut self, r: Result<AuditReport, String>) {
        self.report = Some(r);
    }
}
