//! `:` command palette: fuzzy search over every command by name and
//! description; Enter runs the one selected.
//!
//! `keys.rs` holds what its keys do to the console.

pub mod keys;

use crate::tui::fuzzy;
use crate::tui::i18n::Strings;
use crate::tui::keymap::{Cmd, Keymap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
}

impl Palette {
    /// Commands matching the query, best first.
    pub fn matches(&self, s: &Strings) -> Vec<Cmd> {
        let mut scored: Vec<(i32, usize, Cmd)> = Cmd::all()
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let text = format!("{} {}", c.name(), s.describe(c));
                fuzzy::score(&self.query, &text).map(|sc| (sc, i, c))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|x| x.2).collect()
    }

    pub fn chosen(&self, s: &Strings) -> Option<Cmd> {
        self.matches(s).get(self.selected).copied()
    }
}

pub fn draw(f: &mut Frame, area: Rect, p: &Palette, keys: &Keymap, s: &Strings, t: &Theme) {
    let r = centered(area, 64, 16);
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", s.palette_title), t.accent))
        .border_style(t.border_focus)
        .style(t.base);
    let inner = block.inner(r);
    f.render_widget(block, r);
    if inner.height == 0 {
        return;
    }
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(":", t.accent),
            Span::raw(fit(&p.query, inner.width.saturating_sub(2) as usize)),
            Span::styled("▏", t.accent),
        ])),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let h = inner.height.saturating_sub(1) as usize;
    let matches = p.matches(s);
    let off = p.selected.saturating_sub(h.saturating_sub(1));
    let w = inner.width as usize;
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, c)| {
            let style = if i == p.selected { t.selected } else { t.base };
            let key = keys.key_label(*c);
            Line::from(Span::styled(fit(&format!("{:<8} {}", key, s.describe(*c)), w), style))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y + 1, inner.width, inner.height.saturating_sub(1)),
    );
}
