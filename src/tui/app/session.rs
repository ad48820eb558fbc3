//! Signing in and out: the sign-in task, a session the database or a
//! ca_admin ends (the form again, an open dialog kept), and the live
//! subscription that follows changes made elsewhere.

use super::{App, session_over};
use crate::domain::Operator;
use crate::tui::event::Msg;
use crate::tui::route::Screen;
use crate::tui::screens::signin::SignIn;

impl App {
    pub fn start_sign_in(&mut self, name: String, pin: String) {
        self.signin.busy = true;
        self.signin.error = None;
        let ra = self.ra.clone();
        self.spawn(async move {
            let r = ra.sign_in(&name, &pin).await.map_err(|e| e.to_string());
            drop(zeroize::Zeroizing::new(pin));
            Msg::SignedIn(r)
        });
    }

    /// Signs in without the form (tests, `--operator` with `RATU_PIN`).
    pub fn signed_in(&mut self, op: Operator) {
        self.handle_msg_signed_in(op);
    }

    /// The database ended the operator's session (12 h after sign-in): the
    /// sign-in form again, the operator's name filled in. An open dialog
    /// (a half-typed note) is kept for them.
    /// Back to sign-in; `by_admin`: a ca_admin ended the session (not its
    /// 12 hours).
    pub(super) fn session_ended(&mut self, by_admin: bool) {
        let Some(op) = self.op.take() else { return };
        tracing::info!(operator = %op.name, "session ended");
        if let Some(f) = self.follow.take() {
            f.abort();
        }
        if let Some(o) = self.overlay.take() {
            self.stashed = Some((op.name.clone(), o));
        }
        self.signin = SignIn::new(Some(&op.name));
        let why = if by_admin {
            self.s.session_closed
        } else {
            self.s.session_ended
        };
        self.signin.error = Some(why.to_string());
        self.screen = Screen::SignIn;
        self.dirty = true;
    }

    pub(super) fn handle_msg_signed_in(&mut self, op: Operator) {
        tracing::info!(operator = %op.name, role = %op.role, "signed in");
        if let Some((name, o)) = self.stashed.take()
            && name == op.name
        {
            self.overlay = Some(o);
        }
        self.signin.busy = false;
        self.op = Some(op);
        self.screen = Screen::Queues;
        self.load_all();
        self.follow_changes();
    }

    /// Subscribes to changes made elsewhere: each changed case is re-read
    /// and put into its queue (and the review pane), without a key press.
    pub(super) fn follow_changes(&mut self) {
        let (ra, tx) = (self.ra.clone(), self.tx.clone());
        let closed = self.s.connection_lost;
        if let Some(f) = self.follow.take() {
            f.abort();
        }
        let task = tokio::spawn(async move {
            // On the site service a restart ends the subscription: the
            // database client reconnects by itself, and the subscription is
            // taken up again once it can be (lists reloaded then).
            let mut lost = false;
            loop {
                match ra.watch_cases().await {
                    Ok(mut changes) => {
                        if std::mem::take(&mut lost) && tx.send(Msg::LiveBack).is_err() {
                            return;
                        }
                        // Until the subscription ends (the service
                        // restarted) or the connection is lost.
                        while let Some(r) = changes.next().await {
                            let m = match r {
                                Ok(id) => Msg::Changed(id),
                                // The console goes back to sign-in: nothing
                                // to reconnect to.
                                Err(e) if session_over(&e.to_string()) => {
                                    let _ = tx.send(Msg::LiveLost(e.to_string()));
                                    return;
                                }
                                Err(e) => {
                                    tracing::warn!("live updates stopped: {e}");
                                    break;
                                }
                            };
                            if tx.send(m).is_err() {
                                return;
                            }
                        }
                        if tx.send(Msg::LiveLost(closed.into())).is_err() {
                            return;
                        }
                        lost = true;
                    }
                    Err(e) if !lost => {
                        if tx.send(Msg::LiveLost(e.to_string())).is_err() {
                            return;
                        }
                        lost = true;
                    }
                    Err(_) => {}
                }
                if tx.is_closed() {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
        self.follow = Some(task.abort_handle());
    }
}
