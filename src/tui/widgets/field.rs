//! One labelled single-line text entry: the label, then the text area,
//! highlighted when focused and underlined otherwise.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use tui_textarea::TextArea;

/// Draws `label` (`label_width` wide) and `ta` on row `row` of `area`.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    row: u16,
    label_width: u16,
    (label, ta): (&str, &TextArea<'_>),
    focused: bool,
    t: &Theme,
) {
    let y = area.y + row;
    if y >= area.bottom() {
        return;
    }
    f.render_widget(
        Paragraph::new(Span::styled(label.to_string(), t.muted)),
        Rect::new(area.x + 1, y, label_width, 1),
    );
    let mut ta = ta.clone();
    let style = if focused {
        t.selected
    } else {
        t.base.add_modifier(Modifier::UNDERLINED)
    };
    ta.set_style(style);
    ta.set_cursor_line_style(style);
    f.render_widget(
        &ta,
        Rect::new(
            area.x + 1 + label_width,
            y,
            area.width.saturating_sub(label_width + 2),
            1,
        ),
    );
}
