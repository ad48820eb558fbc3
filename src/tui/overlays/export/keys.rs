//! The export dialog's keys, and what they ask of the console.

use super::Export;
use crate::tui::app::App;
use crate::tui::overlays::Overlay;
use crossterm::event::{KeyCode, KeyEvent};

/// Keys on the export dialog: ↑/↓ pick the document, typing edits the
/// path, Enter exports, Esc closes.
pub fn key(app: &mut App, k: KeyEvent, mut e: Box<Export>) -> Option<Overlay> {
    match k.code {
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
                app.export(d.id.clone(), e.target());
            }
            None
        }
        _ => {
            e.path.input(k);
            Some(Overlay::Export(e))
        }
    }
}
