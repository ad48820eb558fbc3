//! Confirm dialogs (y/n) and note dialogs (a reason typed in a textarea).

use super::{Overlay, Then};
use crate::tui::app::App;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use tui_textarea::TextArea;

pub fn draw_confirm(f: &mut Frame, area: Rect, message: &str, s: &Strings, t: &Theme) {
    let r = centered(area, 60, 7);
    f.render_widget(Clear, r);
    let block = focus_frame(
        Span::styled(format!(" {} ", s.confirm_title), t.accent),
        s.confirm_yes_no,
        r.width,
        t,
    );
    f.render_widget(
        Paragraph::new(fit(message, 400)).wrap(Wrap { trim: true }).block(block),
        r,
    );
}

pub fn draw_note(
    f: &mut Frame,
    area: Rect,
    title: &str,
    ta: &TextArea<'static>,
    error: Option<&str>,
    s: &Strings,
    t: &Theme,
) {
    let r = centered(area, 70, 10);
    f.render_widget(Clear, r);
    let mut block = focus_frame(
        Span::styled(fit(&format!(" {title} "), r.width.saturating_sub(2) as usize), t.accent),
        s.note_hint,
        r.width,
        t,
    );
    if let Some(e) = error {
        block = block.title_bottom(Line::from(Span::styled(format!(" {e} "), t.danger)).right_aligned());
    }
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(ta, inner);
}

/// Keys on a confirm: y or Enter goes ahead, n or Esc does not; ←/→ picks
/// another revocation reason.
pub fn confirm_key(app: &mut App, k: KeyEvent, message: String, then: Then) -> Option<Overlay> {
    match k.code {
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
            app.confirmed(then, None);
            None
        }
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => None,
        // The revocation reason: ←/→ picks another.
        KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::BackTab if matches!(then, Then::RevokeCert { .. }) => {
            let mut then = then;
            if let Then::RevokeCert { reason, .. } = &mut then {
                let n = super::REVOKE_REASONS.len();
                let i = super::REVOKE_REASONS.iter().position(|r| r == reason).unwrap_or(0);
                let back = matches!(k.code, KeyCode::Left | KeyCode::BackTab);
                *reason = super::REVOKE_REASONS[if back { (i + n - 1) % n } else { (i + 1) % n }];
            }
            Some(Overlay::Confirm {
                message: app.s.revoke_cert_question(&then),
                then,
            })
        }
        _ => Some(Overlay::Confirm { message, then }),
    }
}

/// Keys on a note: Enter sends it (Alt-Enter: a new line), Esc drops it.
pub fn note_key(
    app: &mut App,
    k: KeyEvent,
    title: String,
    mut area: Box<TextArea<'static>>,
    then: Then,
    error: Option<String>,
) -> Option<Overlay> {
    let esc = k.code == KeyCode::Esc;
    {
        if esc {
            None
        } else if k.code == KeyCode::Enter && !k.modifiers.contains(KeyModifiers::ALT) {
            let note = area.lines().join("\n").trim().to_string();
            if note.is_empty() {
                Some(Overlay::Note {
                    title,
                    area,
                    then,
                    error: Some(app.s.note_empty.to_string()),
                })
            } else {
                app.confirmed(then, Some(note));
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
}
