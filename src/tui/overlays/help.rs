//! `?` help: generated from the keymap, so it always says what the keys
//! really do (including the config's overrides).

use super::Overlay;
use crate::tui::app::App;
use crate::tui::app::Screen;
use crate::tui::commands;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Key;
use crate::tui::keymap::{Cmd, Keymap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, text::fit};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// The screen's help, from the lists of commands it answers
/// (`commands::sections`): a heading per section (keys empty), then one
/// line per command: its keys and what it does there.
pub fn lines(keys: &Keymap, s: &Strings, screen: Screen) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (section, cmds) in commands::sections(screen) {
        out.push((String::new(), s.help_section(section).to_string()));
        for c in cmds {
            let k: Vec<String> = keys.keys(c).iter().map(|k| k.to_string()).collect();
            out.push((k.join(" "), s.describe_on(screen, c)));
        }
    }
    out.push(("C-c".to_string(), s.describe(Cmd::Quit)));
    out
}

pub fn draw(f: &mut Frame, area: Rect, scroll: u16, screen: Screen, keys: &Keymap, s: &Strings, t: &Theme) {
    let r = centered(area, 100, area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", s.help_title), t.accent))
        .title_bottom(Line::from(Span::styled(" j/k · Esc ", t.muted)))
        .border_style(t.border_focus)
        .style(t.base);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let all = lines(keys, s, screen);
    // Two columns when there is room.
    let cols = if inner.width >= 90 { 2 } else { 1 };
    let col_w = inner.width / cols;
    let mut per_col = all.len().div_ceil(cols as usize);
    // A heading never ends a column: it goes over with its lines.
    if cols > 1 && all.get(per_col - 1).is_some_and(|(k, _)| k.is_empty()) {
        per_col -= 1;
    }
    for c in 0..cols {
        let items: Vec<Line> = all
            .iter()
            .skip(c as usize * per_col)
            .take(if c + 1 == cols { usize::MAX } else { per_col })
            .flat_map(|(k, d)| {
                if k.is_empty() {
                    return vec![Line::from(Span::styled(fit(d, col_w as usize), t.muted))];
                }
                // A long description goes on over the next lines, under
                // itself, never cut.
                let room = col_w.saturating_sub(14).max(8) as usize;
                wrap_words(d, room)
                    .into_iter()
                    .enumerate()
                    .map(|(i, part)| {
                        let key = if i == 0 {
                            format!("{:>12} ", fit(k, 12))
                        } else {
                            " ".repeat(13)
                        };
                        Line::from(vec![Span::styled(key, t.accent), Span::raw(part)])
                    })
                    .collect()
            })
            .collect();
        let area = Rect::new(inner.x + c * col_w, inner.y, col_w, inner.height);
        f.render_widget(Paragraph::new(items).scroll((scroll, 0)), area);
    }
}

/// `text` in lines of at most `width` columns, broken between words (a
/// word longer than a line is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        let used = unicode_width::UnicodeWidthStr::width(last.as_str());
        let w = unicode_width::UnicodeWidthStr::width(word);
        if used > 0 && used + 1 + w > width {
            lines.push(fit(word, width));
        } else {
            if used > 0 {
                last.push(' ');
            }
            last.push_str(&fit(word, width.saturating_sub(used + usize::from(used > 0)).max(1)));
        }
    }
    lines
}

/// Keys on the help: j/k scroll, anything else closes it.
pub fn key(app: &App, k: KeyEvent, scroll: u16) -> Option<Overlay> {
    match app.keymap.command(&Key::from_event(&k)) {
        Some(Cmd::Down) => Some(Overlay::Help { scroll: scroll + 1 }),
        Some(Cmd::Up) => Some(Overlay::Help {
            scroll: scroll.saturating_sub(1),
        }),
        _ => None,
    }
}
