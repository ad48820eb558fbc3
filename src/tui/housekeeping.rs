//! What the console does on its own while it runs, on the embedded store:
//! publishing the CRL before its nextUpdate lapses, queueing expiry
//! reminders, and asking whether the store has room for writes. Each runs
//! as a task through `ra`.

use super::app::App;
use super::event::Msg;
use crate::domain::Role;
use crate::ra::runs_expiry_watch;

impl App {
    /// Asks whether the store has room for writes (here, or at the
    /// office's service); the answer goes to the title bar.
    pub fn check_room(&mut self) {
        if self.op.is_none() {
            return;
        }
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Room(ra.no_room().await.unwrap_or(None)) });
    }

    /// At sign-in and every few minutes, on the embedded store: publish the
    /// CRL when less than a quarter of its interval is left (only with the
    /// CA unlocked), and queue the expiry reminders that are due (a
    /// ca_admin or RA officer only). An auditor's console changes nothing;
    /// on an office's service these are the service's duties.
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
