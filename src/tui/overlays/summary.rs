//! What a bulk action did: each case, done or refused and why.

use super::Overlay;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, text::fit};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

#[derive(Debug, Clone)]
pub struct Summary {
    pub title: String,
    /// (case id, done?, what happened)
    pub lines: Vec<(u64, bool, String)>,
    pub scroll: u16,
}

pub fn draw(f: &mut Frame, area: Rect, sm: &Summary, s: &Strings, t: &Theme) {
    let h = (sm.lines.len() as u16 + 4).min(area.height);
    let r = centered(area, 90, h.max(5));
    f.render_widget(Clear, r);
    let ok = sm.lines.iter().filter(|l| l.1).count();
    let title = format!(
        " {} · {} · {ok} {} · {} {} ",
        s.summary_title,
        sm.title,
        s.done,
        sm.lines.len() - ok,
        s.refused
    );
    let block = Block::bordered()
        .title(Span::styled(fit(&title, r.width.saturating_sub(2) as usize), t.accent))
        .title_bottom(Line::from(Span::styled(" Esc / Enter ", t.muted)))
        .border_style(t.border_focus)
        .style(t.base);
    let w = r.width.saturating_sub(12) as usize;
    let lines: Vec<Line> = sm
        .lines
        .iter()
        .map(|(id, done, what)| {
            let (mark, style) = if *done { ("✓", t.ok) } else { ("✗", t.danger) };
            Line::from(vec![
                Span::styled(format!("{mark} {id:>6} "), style),
                Span::raw(fit(what, w)),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines).scroll((sm.scroll, 0)).block(block), r);
}

/// Keys on a bulk action's summary: j/k scroll, anything else closes it.
pub fn key(k: KeyEvent, mut s: Summary) -> Option<Overlay> {
    match k.code {
        KeyCode::Down | KeyCode::Char('j') => {
            s.scroll += 1;
            Some(Overlay::Summary(s))
        }
        KeyCode::Up | KeyCode::Char('k') => {
            s.scroll = s.scroll.saturating_sub(1);
            Some(Overlay::Summary(s))
        }
        _ => None,
    }
}
