//! The palette dialog's keys, and what they ask of the console.

use super::Palette;
use crate::tui::app::App;
use crate::tui::overlays::Overlay;
use crossterm::event::{KeyCode, KeyEvent};

/// Keys on the palette: typing narrows, ↑/↓ pick, Enter runs the command
/// picked (which may open an overlay of its own).
pub fn key(app: &mut App, k: KeyEvent, mut p: Palette) -> Option<Overlay> {
    match k.code {
        KeyCode::Esc => None,
        KeyCode::Enter => {
            if let Some(c) = p.chosen(app.s) {
                app.run_cmd(c);
            }
            None
        }
        KeyCode::Down | KeyCode::Tab => {
            p.selected = (p.selected + 1).min(p.matches(app.s).len().saturating_sub(1));
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
    }
}
