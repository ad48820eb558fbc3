//! The reports screen drawn: a heading, two bar charts, then the report's
//! tables as text.

use super::ReportsScreen;
use crate::domain::report::{ALL_AGENCIES, Cell, Report};
use crate::report::Words;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

/// (label, value) of a column of a table, one bar per agency.
fn bars_of(r: &Report, table: &str, column: &str, w: Words) -> Vec<(String, u64)> {
    let Some(t) = r.table(table) else { return Vec::new() };
    let Some(c) = t.columns.iter().position(|x| x == column) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .filter(|row| !matches!(row.first(), Some(Cell::Text(a)) if a == ALL_AGENCIES))
        // An agency with no value (no case closed) has no bar.
        .filter_map(|row| {
            let label = row.first().map(|c| w.cell(c)).unwrap_or_default();
            let v = row.get(c).and_then(Cell::as_f64)?;
            Some((label, v.round().max(0.0) as u64))
        })
        .collect()
}

fn chart<'a>(title: &'a str, rows: &'a [(String, u64)], width: u16, max: Option<u64>, t: &Theme) -> BarChart<'a> {
    let label_w = (width / 3).clamp(6, 28) as usize;
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(l, v)| Bar::default().value(*v).label(Line::from(fit(l, label_w))))
        .collect();
    let mut c = BarChart::default()
        .block(Block::new().title(Span::styled(title, t.accent)))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(t.accent)
        .value_style(t.base)
        .data(BarGroup::default().bars(&bars));
    if let Some(m) = max {
        c = c.max(m);
    }
    c
}

pub fn draw(f: &mut Frame, area: Rect, rs: &ReportsScreen, hint: &str, s: &Strings, t: &Theme) {
    let w = Words::new(s.lang);
    let period = rs.period.map(|p| p.to_string()).unwrap_or_default();
    let scope = rs
        .agency
        .as_deref()
        .map(crate::domain::text::visible)
        .unwrap_or_else(|| w.every_agency().into());
    let block = focus_frame(
        Span::styled(
            format!(" {} · {period} · {} ", s.reports_title, fit(&scope, 40)),
            t.accent,
        ),
        hint,
        area.width,
        t,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let report = match &rs.report {
        None => return f.render_widget(Paragraph::new(Span::styled("…", t.muted)), inner),
        Some(Err(e)) => {
            return f.render_widget(
                Paragraph::new(Span::styled(fit(e, inner.width as usize), t.danger)),
                inner,
            );
        }
        Some(Ok(r)) => r,
    };
    let received = bars_of(report, "received", "total", w);
    let within = bars_of(report, "processing", "within_share", w);
    let rows = received.len().max(within.len()).clamp(1, 8) as u16;
    let chart_h = if inner.height >= 20 { rows + 1 } else { 0 };
    let [head, charts, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(chart_h), Constraint::Min(1)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&crate::domain::text::visible(&report.office), 40), t.base),
            Span::styled(format!(" · {}", w.standard(report.service_days)), t.muted),
        ])),
        head,
    );
    if chart_h > 0 {
        let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
        f.render_widget(chart(w.chart_received(), &received, left.width, None, t), left);
        f.render_widget(chart(w.chart_within(), &within, right.width, Some(100), t), right);
    }
    let lines: Vec<Line> = rs
        .text
        .iter()
        .map(|l| Line::from(fit(l, body.width as usize)))
        .collect();
    let max = (lines.len() as u16).saturating_sub(body.height);
    f.render_widget(Paragraph::new(lines).scroll((rs.scroll.min(max), 0)), body);
}
