//! Export a document of the case to a file (0600; the export is audited).
//!
//! `keys.rs` holds what its keys do to the console.

pub mod keys;

use crate::domain::case::DocumentInfo;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use tui_textarea::TextArea;

#[derive(Debug)]
pub struct Export {
    pub docs: Vec<DocumentInfo>,
    pub doc: usize,
    pub path: TextArea<'static>,
}

/// A file name from untrusted text: letters, digits, `.`, `-`, `_` only.
pub fn safe_file_name(s: &str) -> String {
    let n: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    n.trim_start_matches('.').to_string()
}

impl Export {
    pub fn new(docs: Vec<DocumentInfo>) -> Export {
        let mut e = Export {
            docs,
            doc: 0,
            path: TextArea::default(),
        };
        e.suggest();
        e
    }

    fn suggest(&mut self) {
        if let Some(d) = self.docs.get(self.doc) {
            self.path = TextArea::new(vec![format!("case{}-{}", d.case_id, safe_file_name(&d.file_name))]);
            self.path.move_cursor(tui_textarea::CursorMove::End);
        }
    }

    pub fn cycle(&mut self, d: isize) {
        if self.docs.is_empty() {
            return;
        }
        let n = self.docs.len() as isize;
        self.doc = ((self.doc as isize + d).rem_euclid(n)) as usize;
        self.suggest();
    }

    pub fn target(&self) -> String {
        self.path.lines().first().cloned().unwrap_or_default()
    }
}

pub fn draw(f: &mut Frame, area: Rect, e: &Export, s: &Strings, t: &Theme) {
    let r = centered(area, 72, 7);
    f.render_widget(Clear, r);
    let block = focus_frame(
        Span::styled(format!(" {} ", s.export_title), t.accent),
        s.export_hint,
        r.width,
        t,
    );
    let inner = block.inner(r);
    f.render_widget(block, r);
    if inner.height < 3 {
        return;
    }
    let w = inner.width as usize;
    let line = match e.docs.get(e.doc) {
        Some(d) => format!(
            "{}/{} {} · {} · {} bytes · sha256 {}",
            e.doc + 1,
            e.docs.len(),
            d.kind,
            d.file_name,
            d.size,
            &d.sha256[..d.sha256.len().min(16)]
        ),
        None => "—".into(),
    };
    f.render_widget(
        Paragraph::new(fit(&line, w)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let mut ta = e.path.clone();
    ta.set_style(t.selected);
    f.render_widget(&ta, Rect::new(inner.x, inner.y + 2, inner.width, 1));
}
