//! Certificates: every certificate with its status (valid, expiring within
//! 30 days, expired, revoked, pending), a filter, a status toggle, and a
//! detail pane decoding the selected one.
//!
//! ```text
//! ┌ Certificates · 12/240 · expiring ──────┐┌ 59ae…65 ───────────────────┐
//! │ serial     status    until      holder ││ status, subject, issuer,   │
//! │ › 59ae…    expiring  2026-12-05 Siti…  ││ validity, key, extensions, │
//! └ / filter · s status · E export · r … ──┘└ fingerprints ──────────────┘
//! ```

use crate::domain::{Action, CertRecord, CertStatus};
use crate::ra::CertView;
use crate::tui::app::App;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Cmd;
use crate::tui::list::{FilteredList, filter_text_key};
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

/// The status filter cycles through these (None = all).
const STATUSES: [Option<CertStatus>; 6] = [
    None,
    Some(CertStatus::Valid),
    Some(CertStatus::Expiring),
    Some(CertStatus::Expired),
    Some(CertStatus::Revoked),
    Some(CertStatus::Pending),
];

/// The certificates screen's own commands.
pub const COMMANDS: &[Cmd] = &[
    Cmd::Filter,
    Cmd::Sort,
    Cmd::Follow,
    Cmd::Act(Action::Revoke),
    Cmd::Export,
    Cmd::Reload,
];

#[derive(Debug, Default)]
pub struct CertsScreen {
    /// The certificates held, those shown, the cursor (`Deref` reaches
    /// them).
    pub list: FilteredList<(CertRecord, CertStatus)>,
    pub loaded: bool,
    pub filter: String,
    pub editing: bool,
    pub status: Option<CertStatus>,
    pub detail: Option<Box<CertView>>,
}

impl CertsScreen {
    pub fn set(&mut self, rows: Vec<(CertRecord, CertStatus)>) {
        self.list.rows = rows;
        self.loaded = true;
        self.refilter();
    }

    pub fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        let status = self.status;
        self.list.filter(|(r, st)| {
            status.is_none_or(|s| s == *st)
                && (needle.is_empty()
                    || r.serial.contains(&needle)
                    // A NIK typed whole finds its holder's certificates.
                    || r.nik.as_deref() == Some(needle.as_str())
                    || r.holder.to_lowercase().contains(&needle)
                    || r.email.as_deref().is_some_and(|e| e.to_lowercase().contains(&needle))
                    || r.agency.as_deref().is_some_and(|a| a.to_lowercase().contains(&needle)))
        });
    }

    pub fn cycle_status(&mut self) {
        let i = STATUSES.iter().position(|s| *s == self.status).unwrap_or(0);
        self.status = STATUSES[(i + 1) % STATUSES.len()];
        self.refilter();
    }

    pub fn selected(&self) -> Option<&CertRecord> {
        self.list.selected().map(|(r, _)| r)
    }
}

impl App {
    pub(crate) fn certs_cmd(&mut self, c: Cmd) {
        let page = self.list_rows() as isize;
        let before = self.certs.cursor;
        match c {
            Cmd::Down => self.certs.move_by(1, page as usize),
            Cmd::Up => self.certs.move_by(-1, page as usize),
            Cmd::PageDown => self.certs.move_by(page, page as usize),
            Cmd::PageUp => self.certs.move_by(-page, page as usize),
            Cmd::Top => self.certs.move_by(isize::MIN / 2, page as usize),
            Cmd::Bottom => self.certs.move_by(isize::MAX / 2, page as usize),
            Cmd::Filter => self.certs.editing = true,
            Cmd::Sort => self.certs.cycle_status(),
            Cmd::Reload => self.reload_certs(),
            Cmd::Export => self.export_cert(),
            Cmd::Act(Action::Revoke) => self.ask_revoke_cert(),
            Cmd::Follow => self.follow_to_case(),
            _ => {}
        }
        if self.certs.cursor != before || c == Cmd::Sort {
            self.show_cert();
        }
    }

    pub(crate) fn certs_filter_key(&mut self, k: KeyEvent) -> bool {
        let certs = &mut self.certs;
        if !filter_text_key(&mut certs.filter, &mut certs.editing, k) {
            return false;
        }
        self.certs.refilter();
        self.show_cert();
        true
    }
}

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

impl std::ops::Deref for CertsScreen {
    type Target = FilteredList<(CertRecord, CertStatus)>;
    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

impl std::ops::DerefMut for CertsScreen {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.list
    }
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
