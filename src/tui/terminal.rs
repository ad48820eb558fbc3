//! Entering and leaving the terminal: raw mode, alternate screen, hidden
//! cursor; restored on the way out, on error (Drop) and on panic (hook).
//! Frames are drawn inside synchronized updates so the terminal shows them
//! whole.

use super::app::App;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};

pub struct Tui {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal before the default panic message prints.
pub fn install_panic_hook() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::preview::decoding() {
            // Caught and shown as "cannot read" in the pane.
            tracing::warn!(%info, "document decoder");
            return;
        }
        restore();
        tracing::error!(%info, "panic");
        prev(info);
    }));
}

impl Tui {
    /// `mouse`: capture the mouse (off by default, so text can be selected
    /// over SSH).
    pub fn enter(mouse: bool) -> io::Result<Tui> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste, cursor::Hide) {
            restore();
            return Err(e);
        }
        if mouse && let Err(e) = execute!(out, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())?;
        Ok(Tui { terminal })
    }

    /// One frame, whole.
    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        draw_synced(&mut self.terminal, app)
    }
}

/// Draws a frame between Begin/EndSynchronizedUpdate (used by the console
/// and the byte-count bench).
pub fn draw_synced<W: Write>(terminal: &mut Terminal<CrosstermBackend<W>>, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| super::draw::draw(app, f))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}
