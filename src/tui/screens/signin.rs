//! Sign-in: operator name and PIN (masked).
//!
//! ```text
//!            ┌ Sign in ─────────────────────┐
//!            │ Operator  [verifikator1    ] │
//!            │ PIN       [••••••          ] │
//!            │ sign-in failed: …            │
//!            └ Tab · Enter · Ctrl-C ────────┘
//! ```

use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::field;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use tui_textarea::TextArea;
use zeroize::Zeroize;

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

pub fn draw(f: &mut Frame, area: Rect, st: &SignIn, s: &Strings, t: &Theme, spinner: &str) {
    let r = centered(area, 56, 8);
    f.render_widget(Clear, r);
    let block = focus_frame(
        Span::styled(format!(" {} · {} ", s.app_title, s.sign_in_title), t.accent),
        s.sign_in_hint,
        r.width,
        t,
    );
    let inner = block.inner(r);
    f.render_widget(block, r);
    if inner.height < 2 || inner.width < 12 {
        return;
    }
    let lw = 10u16;
    for (i, entry) in [(s.operator, &st.name), (s.pin, &st.pin)].into_iter().enumerate() {
        field::draw(f, inner, 1 + i as u16, lw, entry, st.field == i, t);
    }
    let y = inner.y + 4;
    if y < inner.bottom() {
        let line = if st.busy {
            Span::styled(format!("{spinner} {}", s.signing_in), t.accent)
        } else if let Some(e) = &st.error {
            Span::styled(fit(e, inner.width as usize - 2), t.danger)
        } else {
            Span::raw("")
        };
        f.render_widget(Paragraph::new(line), Rect::new(inner.x + 1, y, inner.width - 2, 1));
    }
}

impl crate::tui::app::App {
    pub(crate) fn sign_in_key(&mut self, k: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
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
}
