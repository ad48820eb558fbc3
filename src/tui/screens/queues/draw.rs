//! The queues screen: a tab per kind with its counts, the filter bar, the
//! case list (only the visible rows are built) and the review pane beside
//! it, or under it on narrow terminals.

use super::QueuesScreen;
use crate::domain::CaseKind;
use crate::domain::text::age;
use crate::tui::layout::WIDE;
use crate::tui::look::Look;
use crate::tui::route::Focus;
use crate::tui::screens::queues::SortKey;
use crate::tui::widgets::{sla, text::fit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

/// Width of the state column.
const STATE_W: usize = 16;

pub fn draw(h: &QueuesScreen, l: &Look, f: &mut Frame, area: Rect) {
    if area.height < 4 {
        return;
    }
    tabs(h, l, f, Rect::new(area.x, area.y, area.width, 1));
    filter_bar(h, l, f, Rect::new(area.x, area.y + 1, area.width, 1));
    let main = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
    let (list, review) = if area.width >= WIDE {
        let lw = main.width * 11 / 20;
        (
            Rect::new(main.x, main.y, lw, main.height),
            Rect::new(main.x + lw, main.y, main.width - lw, main.height),
        )
    } else {
        let lh = main.height / 2;
        (
            Rect::new(main.x, main.y, main.width, lh),
            Rect::new(main.x, main.y + lh, main.width, main.height - lh),
        )
    };
    case_list(h, l, f, list);
    super::review::draw(h, l, f, review);
}

/// The queue tabs, as wide as the terminal allows: every kind's name with
/// its waiting·overdue·total counts and the legend; then without the
/// legend; then short names; then short names with the waiting count only.
/// All six queues stay visible at 80 columns.
fn tabs(h: &QueuesScreen, l: &Look, f: &mut Frame, area: Rect) {
    let t = l.theme;
    let label = |kind: CaseKind, c: &crate::tui::screens::queues::QueueCounts, short: bool, all: bool| {
        let name = if short { l.s.kind_short(kind) } else { l.s.kind(kind) };
        if all {
            format!(" {name} {}·{}·{} ", c.waiting, c.overdue, c.total)
        } else {
            format!(" {name} {} ", c.waiting)
        }
    };
    let legend = format!(" {} · {} · {}", l.s.waiting, l.s.overdue, l.s.total);
    let fits = |short: bool, all: bool, with_legend: bool| {
        let tabs: usize = CaseKind::ALL
            .iter()
            .zip(&h.queues)
            .map(|(k, q)| label(*k, &q.counts, short, all).chars().count() + 1)
            .sum();
        tabs + if with_legend { legend.chars().count() } else { 0 } <= area.width as usize
    };
    let (short, all, with_legend) = [(false, true, true), (false, true, false), (true, true, false)]
        .into_iter()
        .find(|(s, a, l)| fits(*s, *a, *l))
        .unwrap_or((true, false, false));
    let mut spans = Vec::new();
    for (i, (kind, q)) in CaseKind::ALL.iter().zip(&h.queues).enumerate() {
        let style = if i == h.tab { t.selected } else { t.base };
        spans.push(Span::styled(label(*kind, &q.counts, short, all), style));
        spans.push(Span::styled("│", t.border));
    }
    if with_legend {
        spans.push(Span::styled(legend, t.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn filter_bar(h: &QueuesScreen, l: &Look, f: &mut Frame, area: Rect) {
    let (s, t, fl) = (l.s, l.theme, &h.filters);
    let mut spans = vec![];
    if h.filter_editing || !fl.text.is_empty() {
        spans.push(Span::styled(
            format!(" /{}{} ", fit(&fl.text, 40), if h.filter_editing { "▏" } else { "" }),
            t.accent,
        ));
    } else {
        spans.push(Span::styled(format!(" / {} ", s.filter), t.muted));
    }
    let sort = match fl.sort {
        SortKey::Oldest => s.sort_oldest,
        SortKey::DueSoonest => s.sort_due,
        SortKey::Name => s.sort_name,
        SortKey::State => s.sort_state,
    };
    spans.push(Span::styled(format!("· {}: {sort} ", s.sort), t.base));
    for (on, label) in [
        (fl.waiting, s.only_waiting),
        (fl.overdue, s.only_overdue),
        (fl.mine, s.only_mine),
        (fl.closed, s.with_closed),
    ] {
        if on {
            spans.push(Span::styled(format!("[{label}] "), t.accent));
        }
    }
    let q = h.queue();
    spans.push(Span::styled(format!("· {}/{} ", q.view.len(), q.rows.len()), t.muted));
    if !q.marked.is_empty() {
        spans.push(Span::styled(format!("· {} {} ", q.marked.len(), s.marked), t.marked));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Which filters hide every case of the queue, and the keys that clear them.
pub fn why_empty(h: &QueuesScreen, l: &Look) -> String {
    use crate::tui::keymap::Cmd;
    let (s, fl, k, q) = (l.s, &h.filters, &l.keys, h.queue());
    let mut by = Vec::new();
    if !fl.text.is_empty() {
        by.push(format!("/{} {}", fit(&fl.text, 20), s.clears(&k.key_label(Cmd::Back))));
    }
    for (on, label, cmd) in [
        (fl.waiting, s.only_waiting, Cmd::ToggleWaiting),
        (fl.overdue, s.only_overdue, Cmd::ToggleOverdue),
        (fl.mine, s.only_mine, Cmd::ToggleMine),
    ] {
        if on {
            by.push(format!("[{label}] {}", s.clears(&k.key_label(cmd))));
        }
    }
    let pending = q.rows.iter().filter(|r| r.case.state.is_pending()).count();
    if !fl.closed && pending < q.rows.len() {
        by.push(format!(
            "{} ({} {})",
            s.closed_hidden(),
            k.key_label(Cmd::ToggleClosed),
            s.with_closed
        ));
    }
    s.all_hidden(q.rows.len(), &by.join(" · "))
}

fn case_list(h: &QueuesScreen, l: &Look, f: &mut Frame, area: Rect) {
    let (s, t) = (l.s, l.theme);
    let q = h.queue();
    let focus = h.focus == Focus::List;
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", s.kind(q.kind)), t.accent))
        .border_style(if focus { t.border_focus } else { t.border });
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    if !q.loaded || q.view.is_empty() {
        let msg = if !q.loaded {
            s.loading.to_string()
        } else if q.rows.is_empty() {
            s.empty_queue.to_string()
        } else {
            why_empty(h, l)
        };
        f.render_widget(
            Paragraph::new(Span::styled(msg, t.muted)).wrap(ratatui::widgets::Wrap { trim: true }),
            Rect::new(inner.x + 1, inner.y + 1, inner.width - 1, inner.height - 1),
        );
        return;
    }
    let h = inner.height as usize - 1;
    let first = q.first_visible(h);
    let fixed = 1 + 6 + 4 + 5 + STATE_W + 6;
    let flex = (inner.width as usize).saturating_sub(fixed);
    let name_w = flex * 3 / 5;
    let agency_w = flex.saturating_sub(name_w);
    let rows = (first..(first + h).min(q.view.len())).filter_map(|pos| {
        let r = q.row(pos)?;
        let c = &r.case;
        let (badge, badge_style) = sla::badge(c, l.now, t);
        let marked = q.marked.contains(&c.id);
        let style = if pos == q.cursor {
            t.selected
        } else if marked {
            t.marked
        } else {
            t.base
        };
        let state_style = if c.state.is_closed() { t.closed } else { t.base };
        let mut badge_cell = Cell::from(badge);
        if pos != q.cursor {
            badge_cell = badge_cell.style(badge_style);
        }
        let mut state_cell = Cell::from(fit(s.state(c.state), STATE_W));
        if pos != q.cursor {
            state_cell = state_cell.style(state_style);
        }
        Some(
            Row::new(vec![
                Cell::from(if marked {
                    "●"
                } else if r.for_me {
                    "›"
                } else {
                    " "
                }),
                Cell::from(c.id.to_string()),
                Cell::from(age(c.created_at, l.now)),
                badge_cell,
                Cell::from(fit(&c.subscriber.name, name_w.max(1))),
                Cell::from(fit(&c.subscriber.agency, agency_w.max(1))),
                state_cell,
            ])
            .style(style),
        )
    });
    let header = Row::new(vec![
        "",
        s.col_id,
        s.col_age,
        s.col_sla,
        s.col_applicant,
        s.col_agency,
        s.col_state,
    ])
    .style(t.muted);
    let widths = [
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(name_w as u16),
        Constraint::Length(agency_w as u16),
        Constraint::Length(STATE_W as u16),
    ];
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), inner);
}
