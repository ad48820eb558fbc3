//! Toasts: short results and errors in the bottom-right corner, gone after
//! a few seconds (errors stay twice as long).

use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    pub born: Instant,
    /// How many times the same toast was raised while shown.
    pub count: usize,
}

impl Toast {
    pub fn lifetime(&self) -> Duration {
        match self.level {
            Level::Info => Duration::from_secs(4),
            Level::Error => Duration::from_secs(8),
        }
    }
}

/// The newest toasts, stacked up from the bottom-right of `area`.
pub fn draw(f: &mut Frame, area: Rect, toasts: &[Toast], t: &Theme) {
    let w = area.width.min(60);
    if w < 8 {
        return;
    }
    let mut bottom = area.bottom();
    for toast in toasts.iter().rev().take(3) {
        let text = if toast.count > 1 {
            format!("{} (×{})", toast.text, toast.count)
        } else {
            toast.text.clone()
        };
        let text = fit(&text, (w as usize - 4) * 3);
        let lines = (text.chars().count() as u16).div_ceil(w - 4).clamp(1, 3);
        let h = lines + 2;
        if bottom < area.y + h {
            break;
        }
        let r = Rect::new(area.right() - w, bottom - h, w, h);
        bottom -= h;
        let style = if toast.level == Level::Error { t.error } else { t.toast };
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(text, style)))
                .wrap(Wrap { trim: true })
                .block(Block::bordered().border_style(style).style(style)),
            r,
        );
    }
}
