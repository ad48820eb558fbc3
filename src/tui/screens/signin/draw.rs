//! The sign-in form drawn, centred: the two fields and the last error.

use super::SignIn;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::field;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};

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
