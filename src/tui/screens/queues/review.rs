//! The review pane: applicant data (NIK masked unless revealed through
//! `ra`, which audits it), validation warnings, documents, the checklist
//! with who ticked what, history, and linked certificates. Drawn at once
//! from the list's copy of the case; documents and history follow when
//! `ra.show` reports.

use super::QueuesScreen;
use crate::domain::case::workflow;
use crate::domain::{Case, CheckItem};
use crate::tui::documents;
use crate::tui::look::Look;
use crate::tui::route::Focus;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::safe;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Longest applicant string drawn.
const MAX: usize = 200;

fn field<'a>(t: &Theme, label: &str, value: String) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{label:<12} "), t.muted), Span::raw(value)])
}

fn heading<'a>(t: &Theme, s: &str) -> Line<'a> {
    Line::from(Span::styled(format!("── {s}"), t.accent))
}

/// Warnings a reviewer should see: broken rules in the stored data,
/// overdue, hostile characters, and what the next steps still wait on.
pub fn warnings(case: &Case, l: &Look) -> Vec<String> {
    let mut w = Vec::new();
    if let Err(errs) = case.subscriber.form().validate_all() {
        w.extend(errs.into_iter().map(|e| format!("{} {}", e.field, e.rule)));
    }
    if case.is_overdue(l.now) {
        w.push(format!(
            "{} ({} {})",
            l.s.overdue,
            l.s.label("due"),
            case.due_at.format("%Y-%m-%d %H:%M")
        ));
    }
    if let Some(op) = &l.op {
        for a in workflow::allowed(case, op) {
            if let Err(e) = a.ready {
                w.push(l.s.refusal(&e));
            }
        }
    }
    w
}

/// The pane's lines. `compact` (a short pane, as at 80×24): the checklist
/// and warnings come right after the title, before the applicant's data.
/// The pane's lines, and where the documents begin (the data, warnings
/// and checklist come before them).
pub fn lines<'a>(h: &QueuesScreen, l: &Look, case: &Case, compact: bool) -> (Vec<Line<'a>>, usize) {
    let (s, t) = (l.s, l.theme);
    let sub = &case.subscriber;
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{} {}", s.case_word, case.id), t.accent),
        Span::raw(format!(
            " · {} · {} · {} {}",
            s.kind(case.kind),
            s.state(case.state),
            s.version,
            case.version
        )),
    ])];
    let head_len = out.len();
    out.push(heading(t, s.applicant));
    out.push(field(t, s.label("Name"), safe(&sub.name, MAX)));
    let nik = match &h.review.revealed {
        Some((id, nik)) if *id == case.id => format!("{nik}  ({})", s.label("revealed")),
        _ => sub.nik.masked(),
    };
    out.push(field(t, s.label("NIK"), nik));
    if let Some(nip) = &sub.nip {
        out.push(field(t, s.label("NIP"), nip.to_string()));
    }
    if let Some(npwp) = &sub.npwp {
        out.push(field(t, s.label("NPWP"), safe(npwp.as_str(), 40)));
    }
    out.push(field(t, s.label("E-mail"), safe(&sub.email, MAX)));
    if let Some(p) = &sub.phone {
        out.push(field(t, s.label("Phone"), safe(p, 40)));
    }
    out.push(field(t, s.label("Agency"), safe(&sub.agency, MAX)));
    for (label, v) in [("Unit", &sub.unit), ("Position", &sub.position)] {
        if let Some(v) = v {
            out.push(field(t, s.label(label), safe(v, MAX)));
        }
    }
    out.push(field(t, s.label("Status"), s.employment(sub.employment).to_string()));
    out.push(field(
        t,
        s.label("Opened"),
        format!(
            "{} {} {}",
            case.created_at.format("%Y-%m-%d %H:%M"),
            s.label("by"),
            s.actor(&case.created_by)
        ),
    ));
    if let Some(v) = &case.verified_by {
        out.push(field(t, s.label("Verified"), safe(v, 40)));
    }
    if let Some(n) = &case.last_note {
        out.push(field(t, s.label("Note"), safe(n, MAX)));
    }
    let applicant_end = out.len();
    let warns = warnings(case, l);
    if !warns.is_empty() {
        out.push(heading(t, s.warnings));
        out.extend(
            warns
                .into_iter()
                .map(|w| Line::from(Span::styled(format!("⚠ {}", safe(&w, MAX)), t.warn))),
        );
    }
    let checks_from = out.len();
    out.push(heading(t, s.checklist));
    for (i, item) in CheckItem::for_kind(case.kind).iter().enumerate() {
        let tick = case.checklist.iter().find(|x| x.item == *item);
        let (mark, who) = match tick {
            Some(x) => ("x", format!(" — {} {}", s.actor(&x.by), x.at.format("%m-%d %H:%M"))),
            None => (" ", String::new()),
        };
        out.push(Line::from(vec![
            Span::styled(
                format!("{} [{mark}] ", i + 1),
                if tick.is_some() { t.ok } else { t.base },
            ),
            Span::raw(s.item(*item)),
            Span::styled(who, t.muted),
        ]));
    }
    if compact {
        // title · checklist · warnings · applicant · the rest
        let mut checks = out.split_off(checks_from);
        let warns = out.split_off(applicant_end);
        let applicant = out.split_off(head_len);
        checks.extend(warns);
        out.extend(checks);
        out.extend(applicant);
    }
    let view = h.review.view.as_ref().filter(|v| v.case.id == case.id);
    let documents_at = out.len();
    out.push(heading(t, s.documents));
    match view {
        Some(v) if v.documents.is_empty() => out.push(Line::from(Span::styled("—", t.muted))),
        Some(v) => {
            // Each content once (the same file sent again is counted), a
            // kind's versions numbered, each with who sent it and when.
            let mut distinct: Vec<(&crate::domain::case::DocumentInfo, usize)> = Vec::new();
            for d in &v.documents {
                match distinct.iter_mut().find(|(x, _)| x.sha256 == d.sha256) {
                    Some(e) => e.1 += 1,
                    None => distinct.push((d, 1)),
                }
            }
            for (i, (d, sent)) in distinct.iter().enumerate() {
                let versions = distinct.iter().filter(|(x, _)| x.kind == d.kind).count();
                let version = match versions {
                    1 => String::new(),
                    _ => {
                        let k = distinct[..=i].iter().filter(|(x, _)| x.kind == d.kind).count();
                        format!(" v{k}/{versions}")
                    }
                };
                out.push(Line::from(vec![
                    Span::raw(format!("{:<18} ", format!("{}{version}", s.doc(d.kind)))),
                    Span::raw(format!("{:>8} B ", d.size)),
                    Span::raw(safe(&d.file_name, 60)),
                ]));
                let again = match sent {
                    1 => String::new(),
                    n => format!(" · {n}×"),
                };
                out.push(Line::from(Span::styled(
                    format!(
                        "  {} {} · sha256 {}{again}",
                        s.actor(&d.added_by),
                        d.added_at.format("%m-%d %H:%M"),
                        &d.sha256[..d.sha256.len().min(16)]
                    ),
                    t.muted,
                )));
                out.extend(crate::tui::documents::view::pane_lines(l, d));
            }
        }
        None => {
            let kinds: Vec<&str> = case.documents.iter().map(|d| s.doc(*d)).collect();
            out.push(Line::from(Span::styled(
                format!("{} … {}", kinds.join(", "), s.loading),
                t.muted,
            )));
        }
    }
    let others: Vec<&crate::ra::HolderCert> = view
        .map(|v| {
            v.holder_certs
                .iter()
                .filter(|h| v.target.as_ref().is_none_or(|c| c.serial != h.serial))
                .collect()
        })
        .unwrap_or_default();
    if case.cert_serial.is_some() || case.revocation_reason.is_some() || !others.is_empty() {
        out.push(heading(t, s.certificates));
        match view.and_then(|v| v.target.as_ref()) {
            Some(c) => {
                out.push(field(t, s.label("Serial"), safe(&c.serial, 80)));
                out.push(field(
                    t,
                    s.label("Status"),
                    format!(
                        "{} · {} → {}",
                        s.cert_status(c.status),
                        c.not_before.format("%Y-%m-%d"),
                        c.not_after.format("%Y-%m-%d")
                    ),
                ));
                out.push(field(t, s.label("Issuer"), safe(&c.issuer, 80)));
            }
            None => {
                if let Some(serial) = &case.cert_serial {
                    out.push(field(t, s.label("Serial"), safe(serial, 80)));
                }
            }
        }
        if let Some(r) = case.revocation_reason {
            out.push(field(t, s.label("Reason"), s.reason(r).to_string()));
        }
        // The holder's other certificates, newest first, with their status.
        for c in &others {
            out.push(Line::from(vec![
                Span::styled(format!("{:<12} ", s.label("Also holds")), t.muted),
                Span::raw(format!("{} ", safe(&c.serial, 16))),
                Span::raw(format!(
                    "{} · {}",
                    s.cert_status(c.status),
                    c.not_after.format("%Y-%m-%d")
                )),
            ]));
        }
    }
    if !case.changes.is_empty() {
        out.push(heading(t, s.label("Proposed changes")));
        for c in &case.changes {
            out.push(Line::from(vec![
                Span::styled(format!("{:<10} ", s.field_name(&c.field)), t.muted),
                Span::raw(safe(c.old.as_deref().unwrap_or("-"), 40)),
                Span::styled(" → ", t.accent),
                Span::raw(safe(c.new.as_deref().unwrap_or("-"), 40)),
            ]));
        }
    }
    out.push(heading(t, s.history));
    match view {
        Some(v) => {
            for h in &v.history {
                out.push(Line::from(vec![
                    Span::styled(format!("{} ", h.at.format("%m-%d %H:%M")), t.muted),
                    Span::raw(format!("{} {} ", s.actor(&h.actor), s.event(&h.action))),
                    Span::styled(safe(&s.event_detail(&h.action, &h.detail), MAX), t.muted),
                ]));
            }
        }
        None => out.push(Line::from(Span::styled(s.loading, t.muted))),
    }
    (out, documents_at)
}

/// Lines after wrapping to `width` (close to what the Paragraph does).
fn wrapped(lines: &[Line], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    let n: usize = lines.iter().map(|l| l.width().div_ceil(w).max(1)).sum();
    u16::try_from(n).unwrap_or(u16::MAX)
}

pub fn draw(h: &QueuesScreen, l: &Look, f: &mut Frame, area: Rect) {
    let t = l.theme;
    let focus = h.focus == Focus::Review;
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", l.s.review), t.accent))
        .border_style(if focus { t.border_focus } else { t.border });
    let Some(case) = h.selected_case() else {
        f.render_widget(Paragraph::new(Span::styled(l.s.no_case, t.muted)).block(block), area);
        return;
    };
    let inner = block.inner(area);
    let (lines, documents_at) = lines(h, l, case, inner.height < 20);
    // The KTP and the selfie side by side at the foot of the pane, when it
    // is tall enough; the rest scrolls above them.
    let images = match h.review.view.as_ref().filter(|v| v.case.id == case.id) {
        Some(v) => documents::view::images(l, &v.documents),
        None => Vec::new(),
    };
    // The data and the checklist come first: the strip takes only what
    // they leave (at least 8 rows, else none: `V` shows the images).
    let first = wrapped(&lines[..documents_at], inner.width);
    let strip = match documents::view::strip_height(inner.height, images.len()) {
        0 => 0,
        h => match inner.height.saturating_sub(first) {
            room if room >= 8 => h.min(room),
            _ => 0,
        },
    };
    let text = Rect {
        height: inner.height - strip,
        ..inner
    };
    // The scroll stops where the last line shows.
    let max = wrapped(&lines, text.width).saturating_sub(text.height);
    h.review.max_scroll.set(max);
    f.render_widget(block, area);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((h.review.scroll.min(max), 0)),
        text,
    );
    if strip > 0 {
        let foot = Rect {
            y: text.bottom(),
            height: strip,
            ..inner
        };
        documents::view::strip(l, f, foot, &images);
    }
}
