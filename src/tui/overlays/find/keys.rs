//! The find dialog's keys, and what they ask of the console.

use super::{Find, Target};
use crate::ra::HolderView;
use crate::tui::app::App;
use crate::tui::event::Msg;
use crate::tui::overlays::Overlay;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Keys on the find dialog: typing edits the text, Enter searches (or,
/// on results of the text as typed, goes to the pick), ↑/↓ pick, Esc
/// closes.
pub fn key(app: &mut App, k: KeyEvent, mut f: Box<Find>) -> Option<Overlay> {
    match k.code {
        KeyCode::Esc => return None,
        KeyCode::Enter if f.asked.as_deref() != Some(f.input.trim()) => {
            let text = f.input.trim().to_string();
            f.asked = Some(text.clone());
            f.busy = true;
            f.error = None;
            app.find_holders(text);
        }
        KeyCode::Enter => {
            match f.targets().get(f.selected).cloned() {
                Some(Target::Case(id)) => app.go_to_case(id),
                Some(Target::Cert(serial)) => app.open_cert(serial),
                None => return Some(Overlay::Find(f)),
            }
            return None;
        }
        KeyCode::Down | KeyCode::Tab => f.selected = (f.selected + 1).min(f.targets().len().saturating_sub(1)),
        KeyCode::Up | KeyCode::BackTab => f.selected = f.selected.saturating_sub(1),
        KeyCode::Backspace => {
            f.input.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() => f.input.push(c),
        _ => {}
    }
    Some(Overlay::Find(f))
}

impl App {
    pub fn open_find(&mut self) {
        self.overlay = Some(Overlay::Find(Box::default()));
    }

    fn find_holders(&mut self, text: String) {
        let Some(op) = self.op.clone() else { return };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move { Msg::Found(text.clone(), ra.holder_find(&op, &text).await.map_err(|e| s.error(&e))) });
    }

    /// Holders found: shown if the dialog still asks for that text.
    pub fn found(&mut self, text: String, r: Result<Vec<HolderView>, String>) {
        let Some(Overlay::Find(f)) = &mut self.overlay else {
            return;
        };
        if f.asked.as_deref() != Some(text.as_str()) {
            return;
        }
        f.busy = false;
        f.selected = 0;
        match r {
            Ok(v) => {
                f.error = v.is_empty().then(|| self.s.find_none.to_string());
                f.results = v;
            }
            Err(e) => {
                f.results.clear();
                f.error = Some(e);
            }
        }
    }

    /// Case `id` in its queue (as this operator may see it).
    fn go_to_case(&mut self, id: u64) {
        let Some(op) = self.op.clone() else { return };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move {
            Msg::CertCases(
                ra.case_seen_by(&op, id)
                    .await
                    .map(|c| c.into_iter().collect())
                    .map_err(|e| s.error(&e)),
            )
        });
    }
}
