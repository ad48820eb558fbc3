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
//!
//! `mod.rs` holds the screen's state, its commands and what it asks of
//! the office (through a [`Cx`]); `draw.rs` draws it.

mod draw;

use crate::domain::report::{ALL_AGENCIES, Cell, Period, PeriodKind, Report, ReportAsk};
use crate::report::{Words, text};
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Cmd;
pub use draw::draw;

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

impl ReportsScreen {
    /// The screen opens on this month the first time, as it was after.
    pub fn open(&mut self, cx: &mut Cx) {
        if self.period.is_none() {
            self.period = Some(Period::month_of(cx.now.date_naive()));
        }
        self.reload(cx);
    }

    /// Asks for the report of the period and agency shown.
    pub fn reload(&mut self, cx: &mut Cx) {
        let (Some(op), Some(period)) = (cx.op.cloned(), self.period) else {
            return;
        };
        let ask = ReportAsk {
            period,
            agency: self.agency.clone(),
            trace: false,
        };
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::Report(ra.report(&op, &ask).await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// The report came in: its text is made once, here.
    pub fn arrived(&mut self, r: Result<Box<Report>, String>, s: &Strings) {
        if let Ok(rep) = &r
            && self.agency.is_none()
        {
            self.agencies = rep
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
        self.text = match &r {
            Ok(rep) => text::render_within(rep, Words::new(s.lang), 30)
                .lines()
                .skip(3)
                .map(str::to_string)
                .collect(),
            Err(_) => Vec::new(),
        };
        self.report = Some(r);
    }

    /// One of the screen's commands, or a scroll.
    pub fn cmd(&mut self, c: Cmd, cx: &mut Cx) {
        let half = cx.size.1 / 2;
        let rs = &mut *self;
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
                rs.scroll = rs.scroll.saturating_add(half);
                return;
            }
            Cmd::PageUp => {
                rs.scroll = rs.scroll.saturating_sub(half);
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
        self.reload(cx);
    }
}
