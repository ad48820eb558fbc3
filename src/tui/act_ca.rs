//! Certificate and CA commands, and the housekeeping the console does
//! while it runs: publishing the CRL before its nextUpdate lapses and
//! queueing expiry reminders. Each runs as a task through `ra`.

use super::app::{App, Screen};
use super::event::Msg;
use crate::domain::Role;
use crate::ra::runs_expiry_watch;

impl App {
    pub fn open_certs(&mut self) {
        self.screen = Screen::Certs;
        self.on_screen(|a| &mut a.certs, |s, cx| s.reload(cx));
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

    pub fn open_ca(&mut self) {
        self.screen = Screen::Ca;
        self.on_screen(|a| &mut a.ca, |s, cx| s.reload(cx));
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
