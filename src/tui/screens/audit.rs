//! The audit trail: events newest first, a filter, and a chain check.
//!
//! ```text
//! ┌ Audit trail · 1234 events · ✓ Chain intact ─────────────────┐
//! │ seq  time              actor        action      case detail │
//! │ …                                                           │
//! └ / filter · v verify chain · r reload · Esc back ────────────┘
//! ```

use crate::domain::Action;
use crate::ra::{AuditLine, AuditReport};
use crate::tui::app::App;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Cmd;
use crate::tui::list::{FilteredList, filter_text_key};
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

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

impl App {
    pub(crate) fn audit_cmd(&mut self, c: Cmd) {
        let page = self.list_rows() as isize;
        match c {
            Cmd::Down => self.audit.move_by(1, page as usize),
            Cmd::Up => self.audit.move_by(-1, page as usize),
            Cmd::PageDown => self.audit.move_by(page, page as usize),
            Cmd::PageUp => self.audit.move_by(-page, page as usize),
            Cmd::Top => self.audit.move_by(isize::MIN / 2, page as usize),
            Cmd::Bottom => self.audit.move_by(isize::MAX / 2, page as usize),
            Cmd::Filter => self.audit.editing = true,
            Cmd::Reload => self.reload_audit(),
            Cmd::Act(Action::Verify) => self.verify_audit(),
            _ => {}
        }
        self.audit_follow_up();
    }

    pub(crate) fn audit_filter_key(&mut self, k: KeyEvent) -> bool {
        let audit = &mut self.audit;
        if !filter_text_key(&mut audit.filter, &mut audit.editing, k) {
            return false;
        }
        self.audit.refilter();
        self.audit_follow_up();
        true
    }
}

pub fn draw(f: &mut Frame, area: Rect, a: &AuditScreen, hint: &str, s: &Strings, t: &Theme) {
    let chain = match &a.report {
        None => Span::raw(""),
        Some(Ok(r)) if r.broken.is_none() => Span::styled(format!(" · ✓ {} ({})", s.chain_ok, r.events), t.ok),
        Some(Ok(r)) => Span::styled(
            format!(
                " · ✗ {}: {}",
                s.chain_broken,
                r.broken.as_ref().map(|b| b.to_string()).unwrap_or_default()
            ),
            t.danger,
        ),
        Some(Err(e)) => Span::styled(format!(" · ✗ {e}"), t.danger),
    };
    let filter = if a.editing || !a.filter.is_empty() {
        Span::styled(
            format!(" · /{}{}", fit(&a.filter, 30), if a.editing { "▏" } else { "" }),
            t.accent,
        )
    } else {
        Span::raw("")
    };
    let title = Line::from(vec![
        Span::styled(
            format!(
                " {} · {}/{}{} ",
                s.audit_title,
                a.view.len(),
                a.rows.len(),
                if a.more { "+" } else { "" }
            ),
            t.accent,
        ),
        filter,
        chain,
    ]);
    let block = focus_frame(title, hint, area.width, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height.saturating_sub(1) as usize;
    if h == 0 {
        return;
    }
    let off = a.first_visible(h);
    let rows = a.view.iter().skip(off).take(h).enumerate().map(|(i, &li)| {
        let l = &a.rows[li as usize];
        let style = if off + i == a.cursor { t.selected } else { t.base };
        Row::new(vec![
            Cell::from(l.seq.to_string()),
            Cell::from(l.at.format("%Y-%m-%d %H:%M").to_string()),
            Cell::from(fit(&s.actor(&l.actor), 14)),
            Cell::from(fit(&s.event(&l.action), 16)),
            Cell::from(l.case_id.map(|c| c.to_string()).unwrap_or_default()),
            Cell::from(fit(&s.event_detail(&l.action, &l.detail), inner.width as usize)),
        ])
        .style(style)
    });
    let header =
        Row::new(["seq", "time (UTC)", "actor", "action", "case", "detail"].map(|k| s.label(k))).style(t.muted);
    let widths = [
        Constraint::Length(6),
        Constraint::Length(16),
        Constraint::Length(14),
        Constraint::Length(16),
        Constraint::Length(6),
        Constraint::Min(10),
    ];
    f.render_widget(Table::new(rows, widths).header(header), inner);
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
