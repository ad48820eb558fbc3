//! The office's numbers for a period (`R`): a heading, bar charts of the
//! cases received per agency and of the share within the service
//! standard, then every table of the report, as `ratu report` prints them.
//! `[`/`]` the period before or after, `s` month → quarter → year, Tab the
//! next agency (or all), `r` again, `j`/`k` scroll.
//!
//! ```text
//! ┌ Laporan · 2026-11 · Semua instansi ─────────────────────────────┐
//! │ Dinas Komunikasi dan Informatika · standar 3 hari kerja         │
//! │ Permohonan masuk        │ % sesuai standar                       │
//! │ Dinas Kesehatan ███ 12  │ Dinas Kesehatan ██████████ 92          │
//! │ Permohonan masuk per jenis …                                   │
//! └ [ periode sebelum · ] sesudah · s bulan/triwulan/tahun · Esc ──┘
//! ```

use crate::domain::report::{ALL_AGENCIES, Cell, Period, PeriodKind, Report, ReportAsk};
use crate::report::{Words, text};
use crate::tui::app::App;
use crate::tui::event::Msg;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Cmd;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

#[derive(Debug, Default)]
pub struct ReportsScreen {
    /// The period asked for (none until the screen is first opened).
    pub period: Option<Period>,
    /// One agency, or all the operator sees.
    pub agency: Option<String>,
    /// The agencies the last report of every agency named, to step through.
    pub agencies: Vec<String>,
    pub report: Option<Result<Box<Report>, String>>,
    /// The report's tables as text, made once when it arrives.
    pub text: Vec<String>,
    pub scroll: u16,
}

/// The screen's own commands.
pub const COMMANDS: &[Cmd] = &[Cmd::PrevQueue, Cmd::NextQueue, Cmd::Sort, Cmd::NextPane, Cmd::Reload];

/// The same kind of period holding `day`'s period's first day.
fn as_kind(p: Period, kind: PeriodKind) -> Period {
    let y = p.from.format("%Y").to_string();
    let m: u32 = p.from.format("%m").to_string().parse().unwrap_or(1);
    let r = match kind {
        PeriodKind::Month | PeriodKind::Days => Period::month(&format!("{y}-{m:02}")),
        PeriodKind::Quarter => Period::quarter(&format!("{y}Q{}", (m - 1) / 3 + 1)),
        PeriodKind::Year => Period::year(&y),
    };
    r.unwrap_or(p)
}

impl App {
    pub fn open_reports(&mut self) {
        self.screen = crate::tui::app::Screen::Reports;
        if self.reports.period.is_none() {
            self.reports.period = Some(Period::month_of(self.now.date_naive()));
        }
        self.reload_report();
    }

    pub fn reload_report(&mut self) {
        let (Some(op), Some(period)) = (self.op.clone(), self.reports.period) else {
            return;
        };
        let ask = ReportAsk {
            period,
            agency: self.reports.agency.clone(),
            trace: false,
        };
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Report(ra.report(&op, &ask).await.map(Box::new).map_err(|e| e.to_string())) });
    }

    pub(crate) fn report_in(&mut self, r: Result<Box<Report>, String>) {
        if let Ok(rep) = &r
            && self.reports.agency.is_none()
        {
            self.reports.agencies = rep
                .table("received")
                .map(|t| {
                    t.rows
                        .iter()
                        .filter_map(|row| match row.first() {
                            Some(Cell::Text(a)) if a != ALL_AGENCIES => Some(a.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
        self.reports.text = match &r {
            Ok(rep) => text::render_within(rep, Words::new(self.s.lang), 30)
                .lines()
                .skip(3)
                .map(str::to_string)
                .collect(),
            Err(_) => Vec::new(),
        };
        self.reports.report = Some(r);
    }

    pub(crate) fn reports_cmd(&mut self, c: Cmd) {
        let rs = &mut self.reports;
        let Some(p) = rs.period else { return };
        match c {
            Cmd::PrevQueue => rs.period = Some(p.previous()),
            Cmd::NextQueue => rs.period = Some(p.next()),
            Cmd::Sort => {
                let next = match p.kind {
                    PeriodKind::Month | PeriodKind::Days => PeriodKind::Quarter,
                    PeriodKind::Quarter => PeriodKind::Year,
                    PeriodKind::Year => PeriodKind::Month,
                };
                rs.period = Some(as_kind(p, next));
            }
            Cmd::NextPane => {
                let all = &rs.agencies;
                rs.agency = match &rs.agency {
                    None => all.first().cloned(),
                    Some(a) => all.iter().position(|x| x == a).and_then(|i| all.get(i + 1)).cloned(),
                };
            }
            Cmd::Down => {
                rs.scroll = rs.scroll.saturating_add(1);
                return;
            }
            Cmd::Up => {
                rs.scroll = rs.scroll.saturating_sub(1);
                return;
            }
            Cmd::PageDown => {
                rs.scroll = rs.scroll.saturating_add(self.size.1 / 2);
                return;
            }
            Cmd::PageUp => {
                rs.scroll = rs.scroll.saturating_sub(self.size.1 / 2);
                return;
            }
            Cmd::Top => {
                rs.scroll = 0;
                return;
            }
            Cmd::Bottom => {
                rs.scroll = u16::MAX / 2;
                return;
            }
            Cmd::Reload => {}
            _ => return,
        }
        rs.scroll = 0;
        self.reload_report();
    }
}

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
