//! Confirm dialogs (y/n) and note dialogs (a reason typed in a textarea).

use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use tui_textarea::TextArea;

pub fn draw_confirm(f: &mut Frame, area: Rect, message: &str, s: &Strings, t: &Theme) {
    let r = centered(area, 60, 7);
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", s.confirm_title), t.accent))
        .title_bottom(Line::from(Span::styled(s.confirm_yes_no, t.muted)))
        .border_style(t.border_focus)
        .style(t.base);
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
    let mut block = Block::bordered()
        .title(Span::styled(
            fit(&format!(" {title} "), r.width.saturating_sub(2) as usize),
            t.accent,
        ))
        .title_bottom(Line::from(Span::styled(
            fit(s.note_hint, r.width.saturating_sub(4) as usize),
            t.muted,
        )))
        .border_style(t.border_focus)
        .style(t.base);
    if let Some(e) = error {
        block = block.title_bottom(Line::from(Span::styled(format!(" {e} "), t.danger)).right_aligned());
    }
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(ta, inner);
}
