//! Keys: Ctrl-C first, then the open overlay, then text entry of the
//! screen, then the keymap.

use super::app::{App, Screen};
use super::keymap::{Cmd, Key};
use super::overlays::{self, Overlay};
use super::screens::new_case::KeyAnswer;
use super::screens::signin::Leave;
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
            if self.overlay.is_none() && !self.home.deferred.is_empty() {
                self.replay();
            }
            return;
        }
        let consumed = match self.screen {
            Screen::SignIn => {
                match self.signin.key(k) {
                    Some(Leave::SignIn { name, pin }) => self.start_sign_in(name, pin),
                    Some(Leave::Quit) => self.quit = true,
                    None => {}
                }
                return;
            }
            Screen::NewCase => match self.on_screen(|a| &mut a.new_case, |f, cx| f.as_mut().map(|f| f.key(k, cx))) {
                Some(KeyAnswer::Back) => {
                    self.screen = Screen::Queues;
                    true
                }
                Some(KeyAnswer::Taken) => true,
                Some(KeyAnswer::Passed) | None => false,
            },
            Screen::Audit if self.audit.editing => self.on_screen(|a| &mut a.audit, |s, cx| s.filter_key(k, cx)),
            Screen::Certs if self.certs.editing => self.on_screen(|a| &mut a.certs, |s, cx| s.filter_key(k, cx)),
            Screen::Queues if self.home.filter_editing => self.on_screen(|a| &mut a.home, |h, cx| h.filter_key(k, cx)),
            _ => false,
        };
        if consumed {
            return;
        }
        if let Some(cmd) = self.keymap.command(&Key::from_event(&k)) {
            self.run_cmd(cmd);
        }
    }

    /// A key on the open overlay goes to it; what it gives back is open
    /// next, unless the key opened another (a command run from the
    /// palette).
    fn overlay_key(&mut self, k: KeyEvent) {
        let Some(ov) = self.overlay.take() else { return };
        let next = match ov {
            Overlay::Help { scroll } => overlays::help::key(self, k, scroll),
            Overlay::Document { index, scroll } => self.document_key(k, index, scroll),
            Overlay::Summary(s) => overlays::summary::key(k, s),
            Overlay::Confirm { message, then } => overlays::confirm::confirm_key(self, k, message, then),
            Overlay::Note {
                title,
                area,
                then,
                error,
            } => overlays::confirm::note_key(self, k, title, area, then, error),
            Overlay::Palette(p) => overlays::palette::keys::key(self, k, p),
            Overlay::Export(e) => overlays::export::keys::key(self, k, e),
            Overlay::Find(f) => overlays::find::keys::key(self, k, f),
        };
        if next.is_some() {
            self.overlay = next;
        }
    }
}
