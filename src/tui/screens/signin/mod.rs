//! Sign-in: operator name and PIN (masked).
//!
//! ```text
//!            ┌ Sign in ─────────────────────┐
//!            │ Operator  [verifikator1    ] │
//!            │ PIN       [••••••          ] │
//!            │ sign-in failed: …            │
//!            └ Tab · Enter · Ctrl-C ────────┘
//! ```
//!
//! `mod.rs` holds the form and its keys; `draw.rs` draws it.

mod draw;

use crossterm::event::{KeyCode, KeyEvent};
pub use draw::draw;
use tui_textarea::TextArea;
use zeroize::Zeroize;

/// What the sign-in form asks the console for.
#[derive(Debug, PartialEq, Eq)]
pub enum Leave {
    /// Sign in with this name and PIN.
    SignIn { name: String, pin: String },
    /// Esc: leave the console.
    Quit,
}

#[derive(Debug)]
pub struct SignIn {
    pub name: TextArea<'static>,
    pub pin: TextArea<'static>,
    /// 0 name, 1 PIN.
    pub field: usize,
    pub error: Option<String>,
    pub busy: bool,
}

impl SignIn {
    pub fn new(name: Option<&str>) -> SignIn {
        let mut pin = TextArea::default();
        pin.set_mask_char('•');
        let field = usize::from(name.is_some());
        SignIn {
            name: TextArea::new(vec![name.unwrap_or_default().to_string()]),
            pin,
            field,
            error: None,
            busy: false,
        }
    }

    pub fn focused(&mut self) -> &mut TextArea<'static> {
        if self.field == 0 { &mut self.name } else { &mut self.pin }
    }

    /// Name and PIN, the PIN field wiped.
    pub fn take(&mut self) -> (String, String) {
        let name = self.name.lines().first().cloned().unwrap_or_default();
        let mut lines = std::mem::take(&mut self.pin).into_lines();
        let pin = lines.first().cloned().unwrap_or_default();
        lines.iter_mut().for_each(Zeroize::zeroize);
        self.pin.set_mask_char('•');
        (name.trim().to_string(), pin)
    }
}

impl SignIn {
    /// A key on the form: Tab and the arrows move between the fields,
    /// Enter moves on or signs in, Esc leaves; nothing while a sign-in
    /// is running.
    pub fn key(&mut self, k: KeyEvent) -> Option<Leave> {
        if self.busy {
            return None;
        }
        match k.code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => self.field ^= 1,
            KeyCode::Enter if self.field == 0 => self.field = 1,
            KeyCode::Enter => {
                let (name, pin) = self.take();
                return Some(Leave::SignIn { name, pin });
            }
            KeyCode::Esc => return Some(Leave::Quit),
            _ => {
                self.focused().input(k);
            }
        }
        None
    }
}
