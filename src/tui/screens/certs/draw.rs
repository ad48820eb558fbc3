//! The certificates screen drawn: the list with each status in its
//! colour, and the detail pane decoding the selected certificate.

use super::CertsScreen;
use crate::domain::CertStatus;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

fn status_style(s: CertStatus, t: &Theme) -> Style {
    match s {
        CertStatus::Valid => t.ok,
        CertStatus::Expiring | CertStatus::Pending | CertStatus::Held => t.warn,
        CertStatus::Expired | CertStatus::Revoked => t.danger,
    }
}

pub fn draw(f: &mut Frame, area: Rect, c: &CertsScreen, hint: &str, s: &Strings, t: &Theme) {
    let [list, detail] = if area.width >= 120 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    };
    let status = c.status.map_or(String::new(), |st| format!(" · {}", s.cert_status(st)));
    let filter = if c.editing || !c.filter.is_empty() {
        format!(" · /{}{}", fit(&c.filter, 30), if c.editing { "▏" } else { "" })
    } else {
        String::new()
    };
    let block = focus_frame(
        Span::styled(
            format!(
                " {} · {}/{}{status}{filter} ",
                s.certs_title,
                c.view.len(),
                c.rows.len()
            ),
            t.accent,
        ),
        hint,
        list.width,
        t,
    );
    let inner = block.inner(list);
    f.render_widget(block, list);
    let h = inner.height.saturating_sub(1) as usize;
    if h > 0 {
        let off = c.first_visible(h);
        let rows = c.view.iter().skip(off).take(h).enumerate().map(|(i, &ri)| {
            let (r, st) = &c.rows[ri as usize];
            let style = if off + i == c.cursor { t.selected } else { t.base };
            Row::new(vec![
                Cell::from(fit(&r.serial, 12)),
                Cell::from(Span::styled(s.cert_status(*st), status_style(*st, t))),
                Cell::from(r.not_after.format("%Y-%m-%d").to_string()),
                Cell::from(fit(&r.holder, inner.width as usize)),
            ])
            .style(style)
        });
        let header = Row::new(["serial", "status", "not after", "holder"].map(|k| s.label(k))).style(t.muted);
        let widths = [
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Min(8),
        ];
        f.render_widget(Table::new(rows, widths).header(header), inner);
    }
    draw_detail(f, detail, c, s, t);
}

fn draw_detail(f: &mut Frame, area: Rect, c: &CertsScreen, s: &Strings, t: &Theme) {
    let block = Block::bordered().border_style(t.border).style(t.base);
    let Some(v) = c
        .detail
        .as_deref()
        .filter(|v| Some(&v.record.serial) == c.selected().map(|r| &r.serial))
    else {
        f.render_widget(block, area);
        return;
    };
    let r = &v.record;
    let w = area.width.saturating_sub(16) as usize;
    let kv = |k: &'static str, val: String| {
        Line::from(vec![
            Span::styled(format!("{:<13} ", s.label(k)), t.muted),
            Span::raw(fit(&val, w)),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(s.cert_status(v.status), status_style(v.status, t))),
        kv("serial", r.serial.clone()),
        kv("holder", r.holder.clone()),
        kv("subject", r.subject_dn.clone()),
        kv("issuer", r.issuer_dn.clone()),
        kv("not before", r.not_before.format("%Y-%m-%d %H:%M").to_string()),
        kv("not after", r.not_after.format("%Y-%m-%d %H:%M").to_string()),
        kv("profile", r.profile.clone()),
    ];
    if let Some(case) = r.case_id {
        lines.push(kv("case", case.to_string()));
    }
    if let Some(at) = r.revoked_at {
        let reason = s.reason(r.reason.unwrap_or(crate::domain::RevocationReason::Unspecified));
        lines.push(kv("revoked", format!("{} ({reason})", at.format("%Y-%m-%d %H:%M"))));
    }
    if let Some(d) = &v.decoded {
        if let Some(k) = &d.key {
            lines.push(kv("key", k.to_string()));
        }
        for e in &d.extensions {
            // The extension's name in words, whole: a long one on a line of
            // its own, its value under it.
            let name = extension_words(&e.name);
            if name.chars().count() > 13 {
                lines.push(Line::from(Span::styled(name, t.muted)));
                lines.push(Line::from(vec![Span::raw(" ".repeat(14)), Span::raw(fit(&e.value, w))]));
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{name:<13} "), t.muted),
                Span::raw(fit(&e.value, w)),
            ]));
        }
        lines.push(kv("sha256", d.sha256.clone()));
    }
    let title = Span::styled(format!(" {} ", fit(&r.serial, 20)), t.accent);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block.title(title)),
        area,
    );
}

/// An X.509 extension's name as people write it (`Authority Key ID`), not
/// its ASN.1 identifier (`authorityKeyIdentifier`); unknown ones split at
/// their capitals, a dotted OID as it is.
fn extension_words(name: &str) -> String {
    let known = match name {
        "authorityKeyIdentifier" => "Authority Key ID",
        "subjectKeyIdentifier" => "Subject Key ID",
        "keyUsage" => "Key Usage",
        "extKeyUsage" | "extendedKeyUsage" => "Extended Key Usage",
        "basicConstraints" => "Basic Constraints",
        "crlDistributionPoints" | "cRLDistributionPoints" => "CRL Distribution Points",
        "authorityInfoAccess" => "Authority Info Access",
        "certificatePolicies" => "Certificate Policies",
        "subjectAltName" => "Subject Alt Name",
        "ocspNoCheck" => "OCSP No Check",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}
