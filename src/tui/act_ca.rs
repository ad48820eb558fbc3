//! Certificate and CA commands, and the housekeeping the console does
//! while it runs: publishing the CRL before its nextUpdate lapses and
//! queueing expiry reminders. Each runs as a task through `ra`.

use super::app::{App, Screen};
use super::event::Msg;
use super::overlays::toast::Level;
use super::overlays::{Overlay, REVOKE_REASONS, Then};
use super::widgets::text::fit;
use crate::domain::{CertStatus, Role};
use crate::ra::{CertFormat, runs_expiry_watch};

/// Certificates loaded into the screen at most.
const CERTS_CAP: usize = 100_000;

impl App {
    pub fn open_certs(&mut self) {
        self.screen = Screen::Certs;
        self.reload_certs();
    }

    pub fn reload_certs(&mut self) {
        self.load_certs(None);
    }

    /// Loads the certificates screen's list; with `ensure`, that
    /// certificate is added when the list's cap leaves it out.
    pub fn load_certs(&mut self, ensure: Option<String>) {
        let Some(op) = self.op.clone() else { return };
        let ra = self.ra.clone();
        self.spawn(async move {
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

    /// Loads the decoded certificate under the cursor for the detail pane.
    pub fn show_cert(&mut self) {
        let (Some(op), Some(serial)) = (self.op.clone(), self.certs.selected().map(|r| r.serial.clone())) else {
            return;
        };
        let ra = self.ra.clone();
        self.spawn(async move {
            Msg::CertShown(
                ra.cert_show(&op, &serial)
                    .await
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// `X` on the certificates screen: a ca_admin revokes the selected
    /// certificate after a confirm that picks the reason; anyone else is
    /// told who may (an RA officer revokes through a revocation case).
    pub fn ask_revoke_cert(&mut self) {
        let Some(op) = self.op.clone() else { return };
        let Some((rec, status)) = self.certs.list.selected().cloned() else {
            return;
        };
        if op.role != Role::CaAdmin {
            let text = self.s.revoke_cert_role();
            self.toast(Level::Error, text);
            return;
        }
        if matches!(status, CertStatus::Revoked | CertStatus::Pending) {
            let text = format!("{}: {}", fit(&rec.serial, 20), self.s.cert_status(status));
            self.toast(Level::Error, text);
            return;
        }
        let then = Then::RevokeCert {
            serial: rec.serial,
            holder: rec.holder,
            reason: REVOKE_REASONS[0],
        };
        self.overlay = Some(Overlay::Confirm {
            message: self.s.revoke_cert_question(&then),
            then,
        });
    }

    pub fn revoke_cert(&mut self, serial: String, reason: crate::domain::RevocationReason) {
        let Some(op) = self.op.clone() else { return };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move {
            Msg::CertRevoked(
                ra.revoke_cert(&op, &serial, reason, None)
                    .await
                    .map(|r| r.serial)
                    .map_err(|e| s.error(&e)),
            )
        });
    }

    /// Writes the selected certificate as PEM (0600) into the working folder.
    pub fn export_cert(&mut self) {
        let (Some(op), Some(serial)) = (self.op.clone(), self.certs.selected().map(|r| r.serial.clone())) else {
            return;
        };
        let out = std::env::current_dir()
            .unwrap_or_default()
            .join(format!("cert-{serial}.pem"));
        let ra = self.ra.clone();
        self.spawn(async move {
            let r = ra.cert_export(&op, &serial, &out, CertFormat::Pem).await;
            Msg::Exported(r.map(|_| out.display().to_string()).map_err(|e| e.to_string()))
        });
    }

    pub fn open_ca(&mut self) {
        self.screen = Screen::Ca;
        self.reload_ca();
    }

    pub fn reload_ca(&mut self) {
        let ra = self.ra.clone();
        self.spawn(async move { Msg::CaStatus(ra.ca_status().await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// `P` on the CA screen: a ca_admin publishes now.
    pub fn publish_crl(&mut self) {
        let Some(op) = self.op.clone() else { return };
        // The service holds its own CA, and says so itself if it is locked.
        if self.ra.local().is_some_and(|ra| !ra.ca_is_unlocked()) {
            let text = self.s.ca_locked_publish();
            self.toast(Level::Error, text);
            return;
        }
        let ra = self.ra.clone();
        self.spawn(async move { Msg::CrlPublished(ra.publish_crl(&op).await.map_err(|e| e.to_string()), true) });
    }

    /// At sign-in and every few minutes, on the embedded store: publish the
    /// CRL when less than a quarter of its interval is left (only with the
    /// CA unlocked), and queue the expiry reminders that are due (a
    /// ca_admin or RA officer only). An auditor's console changes nothing;
    /// on an office's service these are the service's duties.
    /// Asks whether the store has room for writes (here, or at the
    /// office's service); the answer goes to the title bar.
    pub fn check_room(&mut self) {
        if self.op.is_none() {
            return;
        }
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Room(ra.no_room().await.unwrap_or(None)) });
    }

    pub fn housekeeping(&mut self) {
        let Some(op) = self.op.clone() else { return };
        if op.role == Role::Auditor {
            return;
        }
        let Some(ra) = self.ra.local().cloned() else { return };
        if ra.ca_is_unlocked() {
            let ra = ra.clone();
            self.spawn(async move {
                let r = match ra.crl_due().await {
                    Ok(true) => ra.publish_crl_now().await,
                    Ok(false) => return Msg::Reminded(Ok(0)),
                    Err(e) => Err(e),
                };
                Msg::CrlPublished(r.map_err(|e| e.to_string()), false)
            });
        }
        if runs_expiry_watch(&op) {
            self.spawn(async move { Msg::Reminded(ra.expiry_watch(&op).await.map_err(|e| e.to_string())) });
        }
    }
}
