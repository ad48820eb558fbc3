//! The audit screen drawn: a title with the count, the filter and the
//! chain check, then one row per event.

use super::AuditScreen;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

pub fn draw(f: &mut Frame, area: Rect, a: &AuditScreen, hint: &str, s: &Strings, t: &Theme) {
    let chain = match &a.report {
        None => Span::raw(""),
        Some(Ok(r)) if r.broken.is_none() => Span::styled(format!(" · ✓ {} ({})", s.chain_ok, r.events), t.ok),
        Some(Ok(r)) => Span::styled(
            format!(
                " · ✗ {}: {}",
                s.chain_broken,
                r.broken.as_ref().map(|b| b.to_string()).unwrap_or_default()
            ),
            t.danger,
        ),
        Some(Err(e)) => Span::styled(format!(" · ✗ {e}"), t.danger),
    };
    let filter = if a.editing || !a.filter.is_empty() {
        Span::styled(
            format!(" · /{}{}", fit(&a.filter, 30), if a.editing { "▏" } else { "" }),
            t.accent,
        )
    } else {
        Span::raw("")
    };
    let title = Line::from(vec![
        Span::styled(
            format!(
                " {} · {}/{}{} ",
                s.audit_title,
                a.view.len(),
                a.rows.len(),
                if a.more { "+" } else { "" }
            ),
            t.accent,
        ),
        filter,
        chain,
    ]);
    let block = focus_frame(title, hint, area.width, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height.saturating_sub(1) as usize;
    if h == 0 {
        return;
    }
    let off = a.first_visible(h);
    let rows = a.view.iter().skip(off).take(h).enumerate().map(|(i, &li)| {
        let l = &a.rows[li as usize];
        let style = if off + i == a.cursor { t.selected } else { t.base };
        Row::new(vec![
            Cell::from(l.seq.to_string()),
            Cell::from(l.at.format("%Y-%m-%d %H:%M").to_string()),
            Cell::from(fit(&s.actor(&l.actor), 14)),
            Cell::from(fit(&s.event(&l.action), 16)),
            Cell::from(l.case_id.map(|c| c.to_string()).unwrap_or_default()),
            Cell::from(fit(&s.event_detail(&l.action, &l.detail), inner.width as usize)),
        ])
        .style(style)
    });
    let header =
        Row::new(["seq", "time (UTC)", "actor", "action", "case", "detail"].map(|k| s.label(k))).style(t.muted);
    let widths = [
        Constraint::Length(6),
        Constraint::Length(16),
        Constraint::Length(14),
        Constraint::Length(16),
        Constraint::Length(6),
        Constraint::Min(10),
    ];
    f.render_widget(Table::new(rows, widths).header(header), inner);
}
