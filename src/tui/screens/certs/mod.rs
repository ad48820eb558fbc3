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
//!
//! `mod.rs` holds the screen's state, its commands and what it asks of
//! the office (through a [`Cx`]); `draw.rs` draws it.

mod draw;

use crate::domain::{Action, CertRecord, CertStatus, RevocationReason, Role};
use crate::ra::{CertFormat, CertView};
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use crate::tui::keymap::Cmd;
use crate::tui::list::{FilteredList, filter_text_key, move_delta};
use crate::tui::overlays::then::{REVOKE_REASONS, Then};
use crate::tui::overlays::toast::Level;
use crate::tui::widgets::text::fit;
use crossterm::event::KeyEvent;
pub use draw::draw;

/// Certificates loaded into the screen at most.
const CERTS_CAP: usize = 100_000;

/// What the certificates screen asks the console for.
#[derive(Debug)]
pub enum Leave {
    /// Ask before this revocation (a ca_admin's `X`).
    Confirm(Then),
}

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

impl CertsScreen {
    /// One of the screen's commands (`COMMANDS`, or a move). A new
    /// certificate under the cursor is decoded for the detail pane.
    pub fn cmd(&mut self, c: Cmd, cx: &mut Cx) -> Option<Leave> {
        let before = self.cursor;
        let mut leave = None;
        match c {
            _ if let Some(d) = move_delta(c, cx.rows) => self.move_by(d, cx.rows),
            Cmd::Filter => self.editing = true,
            Cmd::Sort => self.cycle_status(),
            Cmd::Reload => self.reload(cx),
            Cmd::Export => self.export(cx),
            Cmd::Act(Action::Revoke) => leave = self.ask_revoke(cx),
            Cmd::Follow => self.follow_to_case(cx),
            _ => {}
        }
        if self.cursor != before || c == Cmd::Sort {
            self.show(cx);
        }
        leave
    }

    /// A key while the filter is being typed; `false` when it is not the
    /// filter's.
    pub fn filter_key(&mut self, k: KeyEvent, cx: &mut Cx) -> bool {
        if !filter_text_key(&mut self.filter, &mut self.editing, k) {
            return false;
        }
        self.refilter();
        self.show(cx);
        true
    }

    pub fn reload(&mut self, cx: &mut Cx) {
        self.load(None, cx);
    }

    /// Loads the list; with `ensure`, that certificate is added when the
    /// list's cap leaves it out.
    pub fn load(&mut self, ensure: Option<String>, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let ra = cx.ra.clone();
        cx.spawn(async move {
            let mut rows = match ra.cert_list(&op, None, None, CERTS_CAP).await {
                Ok(rows) => rows,
                Err(e) => return Msg::Certs(Err(e.to_string())),
            };
            if let Some(serial) = ensure.filter(|s| !rows.iter().any(|(r, _)| &r.serial == s))
                && let Ok(v) = ra.cert_show(&op, &serial).await
            {
                rows.push((v.record, v.status));
            }
            Msg::Certs(Ok(rows))
        });
    }

    /// The list came in; the certificate under the cursor is decoded.
    pub fn arrived(&mut self, rows: Vec<(CertRecord, CertStatus)>, cx: &mut Cx) {
        self.set(rows);
        self.show(cx);
    }

    /// Loads the decoded certificate under the cursor for the detail pane.
    pub fn show(&mut self, cx: &mut Cx) {
        let (Some(op), Some(serial)) = (cx.op.cloned(), self.selected().map(|r| r.serial.clone())) else {
            return;
        };
        let ra = cx.ra.clone();
        cx.spawn(async move {
            Msg::CertShown(
                ra.cert_show(&op, &serial)
                    .await
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// `X`: a ca_admin revokes the selected certificate after a confirm
    /// that picks the reason; anyone else is told who may (an RA officer
    /// revokes through a revocation case).
    fn ask_revoke(&mut self, cx: &mut Cx) -> Option<Leave> {
        let op = cx.op?;
        let (rec, status) = self.list.selected().cloned()?;
        if op.role != Role::CaAdmin {
            cx.toast(Level::Error, cx.s.revoke_cert_role());
            return None;
        }
        if matches!(status, CertStatus::Revoked | CertStatus::Pending) {
            let text = format!("{}: {}", fit(&rec.serial, 20), cx.s.cert_status(status));
            cx.toast(Level::Error, text);
            return None;
        }
        Some(Leave::Confirm(Then::RevokeCert {
            serial: rec.serial,
            holder: rec.holder,
            reason: REVOKE_REASONS[0],
        }))
    }

    /// A ca_admin confirmed: the certificate is revoked at once (the
    /// answer, `Msg::CertRevoked`, reloads the list).
    pub fn revoke(&mut self, serial: String, reason: RevocationReason, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let (ra, s) = (cx.ra.clone(), cx.s);
        cx.spawn(async move {
            Msg::CertRevoked(
                ra.revoke_cert(&op, &serial, reason, None)
                    .await
                    .map(|r| r.serial)
                    .map_err(|e| s.error(&e)),
            )
        });
    }

    /// Writes the selected certificate as PEM (0600) into the working folder.
    fn export(&mut self, cx: &mut Cx) {
        let (Some(op), Some(serial)) = (cx.op.cloned(), self.selected().map(|r| r.serial.clone())) else {
            return;
        };
        let out = std::env::current_dir()
            .unwrap_or_default()
            .join(format!("cert-{serial}.pem"));
        let ra = cx.ra.clone();
        cx.spawn(async move {
            let r = ra.cert_export(&op, &serial, &out, CertFormat::Pem).await;
            Msg::Exported(r.map(|_| out.display().to_string()).map_err(|e| e.to_string()))
        });
    }

    /// From the selected certificate to its newest case (the answer,
    /// `Msg::CertCases`, opens it in its queue).
    fn follow_to_case(&mut self, cx: &mut Cx) {
        let (Some(op), Some(serial)) = (cx.op.cloned(), self.selected().map(|r| r.serial.clone())) else {
            return;
        };
        let (ra, s) = (cx.ra.clone(), cx.s);
        cx.spawn(async move { Msg::CertCases(ra.cases_of_cert(&op, &serial).await.map_err(|e| s.error(&e))) });
    }
}
