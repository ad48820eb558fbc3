//! The queues screen's keys: its commands (moving, the filters, marks,
//! the review pane, and the case actions the workflow allows) and the
//! filter's text entry.

use crate::domain::Role;
use crate::tui::app::{App, Focus, Screen};
use crate::tui::keymap::Cmd;
use crate::tui::overlays::toast::Level;
use crate::tui::screens::new_case::NewCaseForm;
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

impl App {
    pub(crate) fn queues_cmd(&mut self, c: Cmd) {
        let rows = self.list_rows();
        match c {
            Cmd::Back => {
                if !self.queue().marked.is_empty() {
                    self.queue_mut().marked.clear();
                } else if !self.home.filters.text.is_empty() {
                    self.home.filters.text.clear();
                    self.refilter();
                } else {
                    self.home.focus = Focus::List;
                }
            }
            Cmd::Down if self.home.focus == Focus::Review => {
                self.home.review.scroll = self
                    .home
                    .review
                    .scroll
                    .saturating_add(1)
                    .min(self.home.review.max_scroll.get())
            }
            Cmd::Up if self.home.focus == Focus::Review => {
                self.home.review.scroll = self
                    .home
                    .review
                    .scroll
                    .min(self.home.review.max_scroll.get())
                    .saturating_sub(1)
            }
            Cmd::Down => self.move_cursor(1, rows),
            Cmd::Up => self.move_cursor(-1, rows),
            Cmd::PageDown => self.move_cursor(rows as isize, rows),
            Cmd::PageUp => self.move_cursor(-(rows as isize), rows),
            Cmd::Top => self.move_cursor(isize::MIN / 2, rows),
            Cmd::Bottom => self.move_cursor(isize::MAX / 2, rows),
            Cmd::NextPane => {
                self.home.focus = if self.home.focus == Focus::List {
                    Focus::Review
                } else {
                    Focus::List
                }
            }
            Cmd::NextQueue => self.switch_tab(1),
            Cmd::PrevQueue => self.switch_tab(-1),
            Cmd::Filter => self.home.filter_editing = true,
            Cmd::Sort => {
                self.home.filters.sort = self.home.filters.sort.next();
                self.refilter();
            }
            Cmd::ToggleWaiting | Cmd::ToggleOverdue | Cmd::ToggleMine | Cmd::ToggleClosed => {
                let f = &mut self.home.filters;
                let flag = match c {
                    Cmd::ToggleWaiting => &mut f.waiting,
                    Cmd::ToggleOverdue => &mut f.overdue,
                    Cmd::ToggleMine => &mut f.mine,
                    _ => &mut f.closed,
                };
                *flag = !*flag;
                self.refilter();
            }
            Cmd::Mark => {
                self.queue_mut().toggle_mark();
                self.move_cursor(1, rows);
            }
            Cmd::Reload => {
                self.home.review.view = None;
                self.load_all();
            }
            Cmd::RevealNik => self.reveal_nik(),
            Cmd::ResendLink => self.resend_link(),
            Cmd::Follow => self.follow_to_cert(),
            Cmd::Export => self.open_export(),
            Cmd::ViewDocument => self.open_document(),
            Cmd::Act(a) => self.request_action(a),
            Cmd::Tick(n) => self.tick_item(n),
            Cmd::Untick => self.arm_untick(),
            _ => {}
        }
    }

    /// A case number typed in the filter: the cursor on that case.
    fn onto_exact_id(&mut self) {
        let Some((id, _)) = crate::tui::screens::queues::exact_id(&self.home.filters.text) else {
            return;
        };
        if self.queue().row(0).is_some_and(|r| r.case.id == id) && self.queue().cursor != 0 {
            let rows = self.list_rows();
            self.queue_mut().cursor = 0;
            self.queue_mut().scroll_into_view(rows);
            self.request_show();
        }
    }

    fn move_cursor(&mut self, d: isize, rows: usize) {
        self.queue_mut().move_by(d, rows);
        self.request_show();
    }

    fn switch_tab(&mut self, d: isize) {
        let n = self.home.queues.len() as isize;
        self.home.tab = (self.home.tab as isize + d).rem_euclid(n) as usize;
        self.home.review.view = None;
        self.refilter();
    }

    pub(crate) fn filter_key(&mut self, k: KeyEvent) -> bool {
        match k.code {
            KeyCode::Enter => {
                self.home.filter_editing = false;
                if self.home.store_filter_due.take().is_some() {
                    self.ask_if_not_held();
                }
            }
            KeyCode::Esc => {
                self.home.filter_editing = false;
                self.home.filters.text.clear();
                self.refilter();
            }
            KeyCode::Backspace => {
                self.home.filters.text.pop();
                self.refilter_typed();
                self.onto_exact_id();
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.home.filters.text.push(c);
                self.refilter_typed();
                self.onto_exact_id();
            }
            KeyCode::Down | KeyCode::Up => return false,
            _ => {}
        }
        true
    }

    pub(crate) fn open_new_case(&mut self) {
        if self.op.as_ref().is_some_and(|o| o.role != Role::Verifier) {
            let text = self.s.only_verifier_opens();
            self.toast(Level::Error, text);
            return;
        }
        if self.new_case.is_none() {
            self.new_case = Some(NewCaseForm::default());
        }
        self.screen = Screen::NewCase;
    }
}
