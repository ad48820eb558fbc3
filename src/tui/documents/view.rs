//! Drawing documents: the identity strip of the review pane (KTP and
//! selfie side by side), a PDF's page count and text under its line, and
//! one document full-screen.
//!
//! ```text
//! ├─ review pane ─────────────────────────────┤
//! │ applicant, checklist, documents, history  │  (scrolls)
//! │ ── Cek identitas · V lihat ────────────── │
//! │ KTP                  │ Swafoto             │  (fixed at the bottom)
//! │ ▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀     │ ▀▀▀▀▀▀▀▀▀▀          │
//! ```

use super::{Limit, Preview};
use crate::domain::case::{DocumentInfo, MediaType};
use crate::ra::CaseView;
use crate::tui::keymap::Cmd;
use crate::tui::look::Look;
use crate::tui::widgets::text::safe;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui_image::{FilterType, Image, Resize};

/// Text lines of a PDF shown in the review pane.
const PANE_TEXT_LINES: usize = 3;

/// The images of the shown case for the identity strip: a KTP and a
/// selfie first, each picture once (an applicant may send the KTP the
/// verifier already attached).
pub fn images<'a>(l: &Look, docs: &'a [DocumentInfo]) -> Vec<&'a DocumentInfo> {
    super::ordered(docs)
        .into_iter()
        .filter(|d| d.media_type != MediaType::Pdf)
        .filter(|d| !matches!(l.docs.get(&d.sha256).map(|p| &**p), Some(Preview::Pdf { .. })))
        .collect()
}

/// Rows the identity strip takes in a review pane `inner_height` tall
/// (0: no strip).
pub fn strip_height(inner_height: u16, images: usize) -> u16 {
    if images == 0 || inner_height < 20 {
        0
    } else {
        (inner_height / 3).clamp(8, 14)
    }
}

/// The identity strip: up to two images side by side, each titled.
pub fn strip(l: &Look, f: &mut Frame, area: Rect, images: &[&DocumentInfo]) {
    let (s, t) = (l.s, l.theme);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let key = l.keys.key_label(Cmd::ViewDocument);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("── {} · ", s.identity_check), t.accent),
            Span::styled(key, t.accent),
            Span::styled(format!(" {}", s.describe(Cmd::ViewDocument)), t.muted),
        ])),
        head,
    );
    let cols = Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).split(body);
    for (d, col) in images.iter().take(2).zip(cols.iter()) {
        let [title, pic] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(*col);
        f.render_widget(Paragraph::new(Span::styled(s.doc(d.kind), t.muted)), title);
        let pic = Rect {
            width: pic.width.saturating_sub(1),
            ..pic
        };
        document(l, f, pic, d, 0);
    }
}

/// One document in `area`: the picture, or a PDF's pages and text
/// (scrolled by `scroll`), or the line saying why it cannot be shown.
pub fn document(l: &Look, f: &mut Frame, area: Rect, d: &DocumentInfo, scroll: u16) {
    let (s, t) = (l.s, l.theme);
    match l.docs.get(&d.sha256).map(|p| &**p) {
        None => f.render_widget(Paragraph::new(Span::styled(s.loading, t.muted)), area),
        Some(p @ (Preview::Unreadable(_) | Preview::Refused(_))) => f.render_widget(
            Paragraph::new(Span::styled(format!("{}: {}", s.cannot_read, why_not(l, p)), t.warn))
                .wrap(Wrap { trim: true }),
            area,
        ),
        Some(Preview::Image(img)) => picture(l, f, area, &d.sha256, img),
        Some(Preview::Pdf { pages, text, page }) => {
            let mut lines = vec![Line::from(Span::styled(s.pages(*pages), t.accent))];
            lines.extend(pdf_text(l, text, usize::MAX));
            // The first page's picture beside its text, where there is room.
            let area = match page {
                Some(img) if area.width >= 60 && area.height >= 10 => {
                    let [pic, rest] =
                        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
                    picture(
                        l,
                        f,
                        Rect {
                            width: pic.width.saturating_sub(1),
                            ..pic
                        },
                        &d.sha256,
                        img,
                    );
                    rest
                }
                _ => area,
            };
            f.render_widget(
                Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)),
                area,
            );
        }
    }
}

fn pdf_text<'a>(l: &Look, text: &str, max: usize) -> Vec<Line<'a>> {
    let mut out: Vec<Line> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(max)
        .map(|l| Line::from(safe(l, 200)))
        .collect();
    if out.is_empty() {
        out.push(Line::from(Span::styled(l.s.no_text_layer, l.theme.muted)));
    }
    out
}

/// Lines under a document's line in the review pane: a PDF's pages and
/// the start of its text, or why it cannot be read.
pub fn pane_lines<'a>(l: &Look, d: &DocumentInfo) -> Vec<Line<'a>> {
    let (s, t) = (l.s, l.theme);
    match l.docs.get(&d.sha256).map(|p| &**p) {
        Some(Preview::Pdf { pages, text, .. }) => {
            let mut out = vec![Line::from(Span::styled(format!("  {}", s.pages(*pages)), t.accent))];
            out.extend(pdf_text(l, text, PANE_TEXT_LINES).into_iter().map(|l| {
                let mut spans = vec![Span::raw("  │ ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
            out
        }
        Some(p @ (Preview::Unreadable(_) | Preview::Refused(_))) => vec![Line::from(Span::styled(
            format!("  {}: {}", s.cannot_read, why_not(l, p)),
            t.warn,
        ))],
        _ => Vec::new(),
    }
}

/// Why a document is not shown, in the operator's language where it is
/// ours to say (a decoder's own message stays as it said it).
fn why_not(look: &Look, p: &Preview) -> String {
    match p {
        Preview::Refused(l) => look.s.doc_limit[match l {
            Limit::Memory => 0,
            Limit::Time => 1,
            Limit::Output => 2,
            Limit::Crashed => 3,
            Limit::Size => 4,
        }]
        .to_string(),
        Preview::Unreadable(why) => safe(why, 160),
        _ => String::new(),
    }
}

/// An image scaled into `area`, encoded once per size.
fn picture(l: &Look, f: &mut Frame, area: Rect, sha256: &str, img: &::image::DynamicImage) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let key = (sha256.to_string(), area.width, area.height);
    let mut encoded = l.docs.encoded.borrow_mut();
    if !encoded.contains_key(&key) {
        if encoded.len() >= 32 {
            encoded.clear();
        }
        let resize = Resize::Scale(Some(FilterType::Triangle));
        match l.docs.picker.new_protocol(img.clone(), area.into(), resize) {
            Ok(p) => {
                encoded.insert(key.clone(), p);
            }
            Err(e) => {
                let text = format!("{}: {}", l.s.cannot_read, safe(&e.to_string(), 160));
                f.render_widget(Paragraph::new(Span::styled(text, l.theme.warn)), area);
                return;
            }
        }
    }
    if let Some(p) = encoded.get(&key) {
        f.render_widget(Image::new(p), area);
    }
}

/// A document full-screen over `area`: ←/→ goes through the case's
/// documents, j/k scrolls a PDF's text, Esc closes.
pub fn full(l: &Look, view: Option<&CaseView>, f: &mut Frame, area: Rect, index: usize, scroll: u16) {
    let (s, t) = (l.s, l.theme);
    f.render_widget(Clear, area);
    let docs = view.map(|v| super::ordered(&v.documents)).unwrap_or_default();
    let Some(d) = docs.get(index.min(docs.len().saturating_sub(1))) else {
        f.render_widget(
            Paragraph::new(Span::styled("—", t.muted)).block(Block::bordered().border_style(t.border_focus)),
            area,
        );
        return;
    };
    let title = format!(
        " {} · {} ({}/{}) ",
        s.doc(d.kind),
        safe(&d.file_name, 60),
        index.min(docs.len() - 1) + 1,
        docs.len()
    );
    let block = Block::bordered()
        .title(Span::styled(title, t.accent))
        .title_bottom(Span::styled(format!(" {} ", s.document_hint), t.muted))
        .border_style(t.border_focus);
    let inner = block.inner(area);
    f.render_widget(block, area);
    document(l, f, inner, d, scroll);
}
