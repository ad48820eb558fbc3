//! Keys: Ctrl-C first, then the open overlay, then text entry of the
//! screen, then the keymap.

use super::app::{App, Focus, Screen};
use super::keymap::{Cmd, Key};
use super::overlays::palette::Palette;
use super::overlays::toast::Level;
use super::overlays::{Overlay, Then};
use super::screens::new_case::NewCaseForm;
use crate::domain::{Action, Role};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

impl App {
    pub fn handle_event(&mut self, e: Event) {
        match e {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Resize(w, h) => self.resize(w, h),
            Event::Paste(text) => self.paste(&text),
            Event::Mouse(m) => match m.kind {
                crossterm::event::MouseEventKind::ScrollDown => self.run_cmd(Cmd::Down),
                crossterm::event::MouseEventKind::ScrollUp => self.run_cmd(Cmd::Up),
                _ => {}
            },
            _ => {}
        }
    }

    fn paste(&mut self, text: &str) {
        let one_line: String = text.chars().filter(|c| !c.is_control()).collect();
        if let Some(Overlay::Note { area, .. }) = &mut self.overlay {
            area.insert_str(text);
        } else if self.screen == Screen::NewCase
            && let Some(ta) = self.new_case.as_mut().and_then(|f| f.focused())
        {
            ta.insert_str(&one_line);
            if let Some(f) = &mut self.new_case {
                f.validate();
            }
        }
        self.dirty = true;
    }

    pub fn handle_key(&mut self, k: KeyEvent) {
        self.dirty = true;
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        if self.overlay.is_some() {
            self.overlay_key(k);
            // Keys that waited behind the dialog run now.
            if self.overlay.is_none() && !self.deferred.is_empty() {
                self.replay();
            }
            return;
        }
        let consumed = match self.screen {
            Screen::SignIn => return self.sign_in_key(k),
            Screen::NewCase => self.new_case_key(k),
            Screen::Audit if self.audit.editing => self.audit_filter_key(k),
            Screen::Certs if self.certs.editing => self.certs_filter_key(k),
            Screen::Queues if self.filter_editing => self.filter_key(k),
            _ => false,
        };
        if consumed {
            return;
        }
        if let Some(cmd) = self.keymap.command(&Key::from_event(&k)) {
            self.run_cmd(cmd);
        }
    }

    /// Runs a command (from a key or the palette).
    pub fn run_cmd(&mut self, cmd: Cmd) {
        self.dirty = true;
        let rows = self.list_rows();
        match (self.screen, cmd) {
            (Screen::SignIn, _) => {}
            (_, Cmd::Quit) => {
                if self.has_dirty_form() {
                    self.overlay = Some(Overlay::Confirm {
                        message: self.s.quit_dirty.to_string(),
                        then: Then::Quit,
                    });
                } else {
                    self.quit = true;
                }
            }
            (_, Cmd::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            (_, Cmd::Palette) => self.overlay = Some(Overlay::Palette(Palette::default())),
            (Screen::Queues, Cmd::Back) => {
                if !self.queue().marked.is_empty() {
                    self.queue_mut().marked.clear();
                } else if !self.filters.text.is_empty() {
                    self.filters.text.clear();
                    self.refilter();
                } else {
                    self.focus = Focus::List;
                }
            }
            (_, Cmd::Back) | (_, Cmd::Queues) => self.screen = Screen::Queues,
            (_, Cmd::NewCase) => self.open_new_case(),
            (_, Cmd::Audit) => self.open_audit(),
            (_, Cmd::Certs) => self.open_certs(),
            (_, Cmd::Ca) => self.open_ca(),
            (Screen::Certs, Cmd::Follow) => self.follow_to_case(),
            (Screen::Audit, c) => self.audit_cmd(c),
            (Screen::Certs, c) => self.certs_cmd(c),
            (Screen::Ca, Cmd::PublishCrl) => self.publish_crl(),
            (Screen::Ca, Cmd::Reload) => self.reload_ca(),
            (Screen::Queues, Cmd::Down) if self.focus == Focus::Review => {
                self.review.scroll = self.review.scroll.saturating_add(1).min(self.review.max_scroll.get())
            }
            (Screen::Queues, Cmd::Up) if self.focus == Focus::Review => {
                self.review.scroll = self.review.scroll.min(self.review.max_scroll.get()).saturating_sub(1)
            }
            (Screen::Queues, Cmd::Down) => self.move_cursor(1, rows),
            (Screen::Queues, Cmd::Up) => self.move_cursor(-1, rows),
            (Screen::Queues, Cmd::PageDown) => self.move_cursor(rows as isize, rows),
            (Screen::Queues, Cmd::PageUp) => self.move_cursor(-(rows as isize), rows),
            (Screen::Queues, Cmd::Top) => self.move_cursor(isize::MIN / 2, rows),
            (Screen::Queues, Cmd::Bottom) => self.move_cursor(isize::MAX / 2, rows),
            (Screen::Queues, Cmd::NextPane) => {
                self.focus = if self.focus == Focus::List {
                    Focus::Review
                } else {
                    Focus::List
                }
            }
            (Screen::Queues, Cmd::NextQueue) => self.switch_tab(1),
            (Screen::Queues, Cmd::PrevQueue) => self.switch_tab(-1),
            (Screen::Queues, Cmd::Filter) => self.filter_editing = true,
            (Screen::Queues, Cmd::Sort) => {
                self.filters.sort = self.filters.sort.next();
                self.refilter();
            }
            (Screen::Queues, Cmd::ToggleWaiting) => {
                self.filters.waiting = !self.filters.waiting;
                self.refilter();
            }
            (Screen::Queues, Cmd::ToggleOverdue) => {
                self.filters.overdue = !self.filters.overdue;
                self.refilter();
            }
            (Screen::Queues, Cmd::ToggleMine) => {
                self.filters.mine = !self.filters.mine;
                self.refilter();
            }
            (Screen::Queues, Cmd::ToggleClosed) => {
                self.filters.closed = !self.filters.closed;
                self.refilter();
            }
            (Screen::Queues, Cmd::Mark) => {
                self.queue_mut().toggle_mark();
                self.move_cursor(1, rows);
            }
            (Screen::Queues, Cmd::Reload) => {
                self.review.view = None;
                self.load_all();
            }
            (Screen::Queues, Cmd::RevealNik) => self.reveal_nik(),
            (Screen::Queues, Cmd::ResendLink) => self.resend_link(),
            (Screen::Queues, Cmd::Follow) => self.follow_to_cert(),
            (Screen::Queues, Cmd::Export) => self.open_export(),
            (Screen::Queues, Cmd::ViewDocument) => self.open_document(),
            (Screen::Queues, Cmd::Act(a)) => self.request_action(a),
            (Screen::Queues, Cmd::Tick(n)) => self.tick_item(n),
            (Screen::Queues, Cmd::Untick) => self.arm_untick(),
            _ => {}
        }
    }

    /// A case number typed in the filter: the cursor on that case.
    fn onto_exact_id(&mut self) {
        let Some((id, _)) = super::queue::exact_id(&self.filters.text) else {
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
        let n = self.queues.len() as isize;
        self.tab = (self.tab as isize + d).rem_euclid(n) as usize;
        self.review.view = None;
        self.refilter();
    }

    fn open_new_case(&mut self) {
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

    fn audit_cmd(&mut self, c: Cmd) {
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

    fn certs_cmd(&mut self, c: Cmd) {
        let page = self.list_rows() as isize;
        let before = self.certs.cursor;
        match c {
            Cmd::Down => self.certs.move_by(1, page as usize),
            Cmd::Up => self.certs.move_by(-1, page as usize),
            Cmd::PageDown => self.certs.move_by(page, page as usize),
            Cmd::PageUp => self.certs.move_by(-page, page as usize),
            Cmd::Top => self.certs.move_by(isize::MIN / 2, page as usize),
            Cmd::Bottom => self.certs.move_by(isize::MAX / 2, page as usize),
            Cmd::Filter => self.certs.editing = true,
            Cmd::Sort => self.certs.cycle_status(),
            Cmd::Reload => self.reload_certs(),
            Cmd::Export => self.export_cert(),
            Cmd::Act(Action::Revoke) => self.ask_revoke_cert(),
            _ => {}
        }
        if self.certs.cursor != before || c == Cmd::Sort {
            self.show_cert();
        }
    }

    fn certs_filter_key(&mut self, k: KeyEvent) -> bool {
        match k.code {
            KeyCode::Enter => self.certs.editing = false,
            KeyCode::Esc => {
                self.certs.editing = false;
                self.certs.filter.clear();
            }
            KeyCode::Backspace => {
                self.certs.filter.pop();
            }
            KeyCode::Char(c) => self.certs.filter.push(c),
            _ => return false,
        }
        self.certs.refilter();
        self.show_cert();
        true
    }

    fn filter_key(&mut self, k: KeyEvent) -> bool {
        match k.code {
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Esc => {
                self.filter_editing = false;
                self.filters.text.clear();
                self.refilter();
            }
            KeyCode::Backspace => {
                self.filters.text.pop();
                self.refilter();
                self.onto_exact_id();
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filters.text.push(c);
                self.refilter();
                self.onto_exact_id();
            }
            KeyCode::Down | KeyCode::Up => return false,
            _ => {}
        }
        true
    }

    fn audit_filter_key(&mut self, k: KeyEvent) -> bool {
        match k.code {
            KeyCode::Enter => self.audit.editing = false,
            KeyCode::Esc => {
                self.audit.editing = false;
                self.audit.filter.clear();
            }
            KeyCode::Backspace => {
                self.audit.filter.pop();
            }
            KeyCode::Char(c) => self.audit.filter.push(c),
            _ => return false,
        }
        self.audit.refilter();
        self.audit_follow_up();
        true
    }

    fn sign_in_key(&mut self, k: KeyEvent) {
        if self.signin.busy {
            return;
        }
        match k.code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => self.signin.field ^= 1,
            KeyCode::Enter if self.signin.field == 0 => self.signin.field = 1,
            KeyCode::Enter => {
                let (name, pin) = self.signin.take();
                self.start_sign_in(name, pin);
            }
            KeyCode::Esc => self.quit = true,
            _ => {
                self.signin.focused().input(k);
            }
        }
    }

    fn new_case_key(&mut self, k: KeyEvent) -> bool {
        let Some(form) = &mut self.new_case else { return false };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.screen = Screen::Queues,
            KeyCode::Char('s') if ctrl => self.submit_new_case(),
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => form.next_field(false),
            KeyCode::BackTab | KeyCode::Up => form.next_field(true),
            KeyCode::Left if form.focus == 0 => form.cycle_kind(true),
            KeyCode::Right | KeyCode::Char(' ') if form.focus == 0 => form.cycle_kind(false),
            _ if ctrl && k.code == KeyCode::Char('q') => return false,
            _ => {
                if let Some(ta) = form.focused() {
                    ta.input(k);
                    form.validate();
                }
            }
        }
        true
    }

    fn overlay_key(&mut self, k: KeyEvent) {
        let Some(ov) = self.overlay.take() else { return };
        let esc = k.code == KeyCode::Esc;
        self.overlay = match ov {
            Overlay::Help { scroll } => match self.keymap.command(&Key::from_event(&k)) {
                Some(Cmd::Down) => Some(Overlay::Help { scroll: scroll + 1 }),
                Some(Cmd::Up) => Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                }),
                _ => None,
            },
            Overlay::Document { index, scroll } => self.document_key(k, index, scroll),
            Overlay::Summary(mut s) => match k.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    s.scroll += 1;
                    Some(Overlay::Summary(s))
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    s.scroll = s.scroll.saturating_sub(1);
                    Some(Overlay::Summary(s))
                }
                _ => None,
            },
            Overlay::Confirm { message, then } => match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    self.confirmed(then, None);
                    None
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => None,
                // The revocation reason: ←/→ picks another.
                KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::BackTab
                    if matches!(then, Then::RevokeCert { .. }) =>
                {
                    let mut then = then;
                    if let Then::RevokeCert { reason, .. } = &mut then {
                        let n = super::overlays::REVOKE_REASONS.len();
                        let i = super::overlays::REVOKE_REASONS
                            .iter()
                            .position(|r| r == reason)
                            .unwrap_or(0);
                        let back = matches!(k.code, KeyCode::Left | KeyCode::BackTab);
                        *reason = super::overlays::REVOKE_REASONS[if back { (i + n - 1) % n } else { (i + 1) % n }];
                    }
                    Some(Overlay::Confirm {
                        message: self.s.revoke_cert_question(&then),
                        then,
                    })
                }
                _ => Some(Overlay::Confirm { message, then }),
            },
            Overlay::Note {
                title,
                mut area,
                then,
                error,
            } => {
                if esc {
                    None
                } else if k.code == KeyCode::Enter && !k.modifiers.contains(KeyModifiers::ALT) {
                    let note = area.lines().join("\n").trim().to_string();
                    if note.is_empty() {
                        Some(Overlay::Note {
                            title,
                            area,
                            then,
                            error: Some(self.s.note_empty.to_string()),
                        })
                    } else {
                        self.confirmed(then, Some(note));
                        None
                    }
                } else {
                    if k.code == KeyCode::Enter {
                        area.insert_newline();
                    } else {
                        area.input(k);
                    }
                    Some(Overlay::Note {
                        title,
                        area,
                        then,
                        error,
                    })
                }
            }
            Overlay::Palette(mut p) => match k.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let cmd = p.chosen(self.s);
                    self.overlay = None;
                    if let Some(c) = cmd {
                        self.run_cmd(c);
                    }
                    return;
                }
                KeyCode::Down | KeyCode::Tab => {
                    p.selected = (p.selected + 1).min(p.matches(self.s).len().saturating_sub(1));
                    Some(Overlay::Palette(p))
                }
                KeyCode::Up | KeyCode::BackTab => {
                    p.selected = p.selected.saturating_sub(1);
                    Some(Overlay::Palette(p))
                }
                KeyCode::Backspace => {
                    p.query.pop();
                    p.selected = 0;
                    Some(Overlay::Palette(p))
                }
                KeyCode::Char(c) => {
                    p.query.push(c);
                    p.selected = 0;
                    Some(Overlay::Palette(p))
                }
                _ => Some(Overlay::Palette(p)),
            },
            Overlay::Export(mut e) => match k.code {
                KeyCode::Esc => None,
                KeyCode::Up => {
                    e.cycle(-1);
                    Some(Overlay::Export(e))
                }
                KeyCode::Down => {
                    e.cycle(1);
                    Some(Overlay::Export(e))
                }
                KeyCode::Enter => {
                    if let Some(d) = e.docs.get(e.doc) {
                        self.export(d.id.clone(), e.target());
                    }
                    None
                }
                _ => {
                    e.path.input(k);
                    Some(Overlay::Export(e))
                }
            },
        };
    }
}
