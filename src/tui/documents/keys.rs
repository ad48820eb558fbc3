//! Keys of the full-screen document: ←/→ (or the queue keys) go through
//! the case's documents, ↑/↓ scroll a PDF's text, Esc (or the view key
//! again) closes; other keys are kept for the list.

use crate::tui::app::App;
use crate::tui::keymap::{Cmd, Key};
use crate::tui::overlays::Overlay;
use crate::tui::overlays::toast::Level;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// Opens the shown case's first document (KTP first) full-screen.
    pub fn open_document(&mut self) {
        let has = self
            .home
            .review
            .view
            .as_ref()
            .is_some_and(|v| Some(v.case.id) == self.queue().selected_id() && !v.documents.is_empty());
        if has {
            self.overlay = Some(Overlay::Document { index: 0, scroll: 0 });
        } else {
            self.toast(Level::Info, self.s.no_documents);
        }
    }

    pub(crate) fn document_key(&mut self, k: KeyEvent, index: usize, scroll: u16) -> Option<Overlay> {
        let n = self
            .home
            .review
            .view
            .as_ref()
            .map_or(0, |v| super::ordered(&v.documents).len())
            .max(1);
        if k.code == KeyCode::Esc {
            return None;
        }
        let (index, scroll) = match self.keymap.command(&Key::from_event(&k)) {
            Some(Cmd::Back | Cmd::ViewDocument | Cmd::Quit) => return None,
            Some(Cmd::NextQueue | Cmd::NextPane) => ((index + 1) % n, 0),
            Some(Cmd::PrevQueue) => ((index + n - 1) % n, 0),
            Some(Cmd::Down) => (index, scroll.saturating_add(1)),
            Some(Cmd::Up) => (index, scroll.saturating_sub(1)),
            Some(Cmd::PageDown) => (index, scroll.saturating_add(10)),
            Some(Cmd::PageUp) => (index, scroll.saturating_sub(10)),
            Some(Cmd::Top) => (index, 0),
            _ => (index, scroll),
        };
        Some(Overlay::Document { index, scroll })
    }
}
