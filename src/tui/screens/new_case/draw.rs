//! The new-case form drawn: each field with its label and the rule it
//! breaks, then whether the form can be sent.

use super::{FIELDS, NewCaseForm};
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(f: &mut Frame, area: Rect, form: &NewCaseForm, s: &Strings, t: &Theme) {
    let block = focus_frame(
        Span::styled(format!(" {} ", s.new_case_title), t.accent),
        s.new_case_hint,
        area.width,
        t,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let label_w = 26u16.min(inner.width / 3);
    let field_w = ((inner.width - label_w) / 2).max(10).min(inner.width - label_w);
    let err_w = inner.width.saturating_sub(label_w + field_w + 1);
    let mut y = inner.y;
    let row = |y: u16| Rect::new(inner.x, y, inner.width, 1);
    // Focus is marked by a sign as well as by colour (NO_COLOR, colour-blind users).
    let mark = |focused: bool| if focused { "▶ " } else { "  " };
    let kind_style = if form.focus == 0 { t.selected } else { t.base };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{}{:<w$}", mark(form.focus == 0), s.kind, w = label_w as usize - 2),
                t.muted,
            ),
            Span::styled(format!("◀ {} ▶", s.kind(form.kind)), kind_style),
        ])),
        row(y),
    );
    y += 1;
    for (i, (key, label)) in FIELDS.iter().enumerate() {
        if !form.shown(key) {
            continue;
        }
        if y >= inner.bottom().saturating_sub(1) {
            break;
        }
        let focused = form.focus == i + 1;
        let label = format!("{}{}", mark(focused), s.label(label));
        f.render_widget(
            Paragraph::new(Span::styled(fit(&label, label_w as usize - 1), t.muted)),
            Rect::new(inner.x, y, label_w, 1),
        );
        let mut area_w = form.fields[i].clone();
        area_w.set_style(if focused {
            t.selected
        } else {
            t.base.add_modifier(ratatui::style::Modifier::UNDERLINED)
        });
        if !focused {
            area_w.set_cursor_style(area_w.style());
        }
        f.render_widget(&area_w, Rect::new(inner.x + label_w, y, field_w, 1));
        if let Some(e) = form.error(key)
            && err_w > 2
        {
            f.render_widget(
                Paragraph::new(Span::styled(fit(&format!("✗ {}", s.rule(e)), err_w as usize), t.danger)),
                Rect::new(inner.x + label_w + field_w + 1, y, err_w, 1),
            );
        } else if *key == "documents" && err_w > 2 {
            // How documents are written, beside the field (the label is short).
            f.render_widget(
                Paragraph::new(Span::styled(fit(s.docs_field, err_w as usize), t.muted)),
                Rect::new(inner.x + label_w + field_w + 1, y, err_w, 1),
            );
        }
        y += 1;
    }
    if y < inner.bottom() {
        let status = if form.errors.is_empty() {
            Span::styled(format!("✓ {}", s.form_ok), t.ok)
        } else {
            Span::styled(format!("✗ {}", s.fields_to_fix(form.errors.len())), t.danger)
        };
        f.render_widget(Paragraph::new(status), row(inner.bottom() - 1));
    }
}
