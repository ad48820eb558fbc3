//! The queues screen's keys: its commands (moving, the filters, marks,
//! the review pane, and the case actions the workflow allows) and the
//! filter's text entry.

use super::QueuesScreen;
use crate::tui::cx::Cx;
use crate::tui::keymap::Cmd;
use crate::tui::route::Focus;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The queues screen's own commands, in the order its help lists them.
pub fn commands() -> Vec<Cmd> {
    let mut v = vec![
        Cmd::NextQueue,
        Cmd::PrevQueue,
        Cmd::NextPane,
        Cmd::Filter,
        Cmd::Sort,
        Cmd::ToggleWaiting,
        Cmd::ToggleOverdue,
        Cmd::ToggleMine,
        Cmd::ToggleClosed,
        Cmd::Mark,
        Cmd::Reload,
        Cmd::RevealNik,
        Cmd::ResendLink,
        Cmd::Follow,
        Cmd::Export,
        Cmd::ViewDocument,
        Cmd::Back,
    ];
    v.extend(
        Cmd::all()
            .into_iter()
            .filter(|c| matches!(c, Cmd::Act(_) | Cmd::Tick(_) | Cmd::Untick)),
    );
    v
}

impl QueuesScreen {
    /// One of the screen's commands. Following a case to its certificate
    /// and a document full-screen come back for the app to run; a dialog
    /// to open waits in `dialog`.
    pub fn cmd(&mut self, c: Cmd, cx: &mut Cx) -> Option<Cmd> {
        let rows = cx.rows;
        match c {
            Cmd::Back => {
                if !self.queue().marked.is_empty() {
                    self.queue_mut().marked.clear();
                } else if !self.filters.text.is_empty() {
                    self.filters.text.clear();
                    self.refilter(cx);
                } else {
                    self.focus = Focus::List;
                }
            }
            Cmd::Down if self.focus == Focus::Review => {
                self.review.scroll = self.review.scroll.saturating_add(1).min(self.review.max_scroll.get())
            }
            Cmd::Up if self.focus == Focus::Review => {
                self.review.scroll = self.review.scroll.min(self.review.max_scroll.get()).saturating_sub(1)
            }
            Cmd::Down => self.move_cursor(1, rows, cx),
            Cmd::Up => self.move_cursor(-1, rows, cx),
            Cmd::PageDown => self.move_cursor(rows as isize, rows, cx),
            Cmd::PageUp => self.move_cursor(-(rows as isize), rows, cx),
            Cmd::Top => self.move_cursor(isize::MIN / 2, rows, cx),
            Cmd::Bottom => self.move_cursor(isize::MAX / 2, rows, cx),
            Cmd::NextPane => {
                self.focus = if self.focus == Focus::List {
                    Focus::Review
                } else {
                    Focus::List
                }
            }
            Cmd::NextQueue => self.switch_tab(1, cx),
            Cmd::PrevQueue => self.switch_tab(-1, cx),
            Cmd::Filter => self.filter_editing = true,
            Cmd::Sort => {
                self.filters.sort = self.filters.sort.next();
                self.refilter(cx);
            }
            Cmd::ToggleWaiting | Cmd::ToggleOverdue | Cmd::ToggleMine | Cmd::ToggleClosed => {
                let f = &mut self.filters;
                let flag = match c {
                    Cmd::ToggleWaiting => &mut f.waiting,
                    Cmd::ToggleOverdue => &mut f.overdue,
                    Cmd::ToggleMine => &mut f.mine,
                    _ => &mut f.closed,
                };
                *flag = !*flag;
                self.refilter(cx);
            }
            Cmd::Mark => {
                self.queue_mut().toggle_mark();
                self.move_cursor(1, rows, cx);
            }
            Cmd::Reload => {
                self.review.view = None;
                self.load_all(cx);
            }
            Cmd::RevealNik => self.reveal_nik(cx),
            Cmd::ResendLink => self.resend_link(cx),
            Cmd::Export => self.open_export(cx),
            Cmd::Act(a) => self.request_action(a, cx),
            Cmd::Tick(n) => self.tick_item(n, cx),
            Cmd::Untick => self.arm_untick(cx),
            // To another screen, or a case's document full-screen: the app's.
            Cmd::Follow | Cmd::ViewDocument => return Some(c),
            _ => {}
        }
        None
    }

    /// A case number typed in the filter: the cursor on that case.
    fn onto_exact_id(&mut self, cx: &mut Cx) {
        let Some((id, _)) = crate::tui::screens::queues::exact_id(&self.filters.text) else {
            return;
        };
        if self.queue().row(0).is_some_and(|r| r.case.id == id) && self.queue().cursor != 0 {
            let rows = cx.rows;
            self.queue_mut().cursor = 0;
            self.queue_mut().scroll_into_view(rows);
            self.request_show(cx);
        }
    }

    fn move_cursor(&mut self, d: isize, rows: usize, cx: &mut Cx) {
        self.queue_mut().move_by(d, rows);
        self.request_show(cx);
    }

    fn switch_tab(&mut self, d: isize, cx: &mut Cx) {
        let n = self.queues.len() as isize;
        self.tab = (self.tab as isize + d).rem_euclid(n) as usize;
        self.review.view = None;
        self.refilter(cx);
    }

    pub(crate) fn filter_key(&mut self, k: KeyEvent, cx: &mut Cx) -> bool {
        match k.code {
            KeyCode::Enter => {
                self.filter_editing = false;
                if self.store_filter_due.take().is_some() {
                    self.ask_if_not_held(cx);
                }
            }
            KeyCode::Esc => {
                self.filter_editing = false;
                self.filters.text.clear();
                self.refilter(cx);
            }
            KeyCode::Backspace => {
                self.filters.text.pop();
                self.refilter_typed(cx);
                self.onto_exact_id(cx);
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filters.text.push(c);
                self.refilter_typed(cx);
                self.onto_exact_id(cx);
            }
            KeyCode::Down | KeyCode::Up => return false,
            _ => {}
        }
        true
    }
}
