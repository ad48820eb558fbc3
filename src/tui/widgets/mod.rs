//! Small drawing helpers shared by screens and overlays.

pub mod field;
pub mod sla;
pub mod text;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The frame of the dialog or screen with focus: `title` on top, the key
/// `hint` fitted along the bottom border of a frame `width` wide.
pub fn focus_frame<'a>(title: impl Into<Line<'a>>, hint: &str, width: u16, t: &super::theme::Theme) -> Block<'a> {
    Block::bordered()
        .title(title)
        .title_bottom(Line::from(Span::styled(
            text::fit(hint, width.saturating_sub(4) as usize),
            t.muted,
        )))
        .border_style(t.border_focus)
        .style(t.base)
}

/// A `w`×`h` box centred in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}
