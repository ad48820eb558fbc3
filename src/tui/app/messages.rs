//! Each task's answer routed to the screen it is for. The screens with a
//! [`crate::tui::cx::Cx`] take theirs through [`App::on_screen`].

use super::App;
use crate::tui::event::Msg;
use crate::tui::overlays::toast::Level;
use crate::tui::route::Screen;

impl App {
    pub fn handle_msg(&mut self, m: Msg) {
        if !m.is_unasked() {
            self.pending = self.pending.saturating_sub(1);
        }
        self.dirty = true;
        match m {
            Msg::SignedIn(Ok(op)) => {
                self.handle_msg_signed_in(op);
                self.housekeeping();
            }
            Msg::SignedIn(Err(e)) => {
                self.signin.busy = false;
                self.signin.error = Some(e);
            }
            Msg::Page(p) => self.page_in(*p),
            Msg::Found(text, r) => self.found(text, r),
            Msg::Counts(r) => self.counts_in(r),
            Msg::Shown(id, r) => {
                if self.home.review.loading == Some(id) {
                    self.home.review.loading = None;
                }
                match r {
                    Ok(v) if self.queue().selected_id() == Some(id) => {
                        self.home.review.view = Some(v);
                        self.load_documents();
                    }
                    Ok(_) => {}
                    Err(e) => self.toast(Level::Error, e),
                }
                // The cursor may have moved on while this loaded.
                if self.queue().selected_id() != Some(id) {
                    self.request_show();
                }
            }
            Msg::Acted {
                action,
                outcomes,
                advance,
                item,
            } => self.acted(action, outcomes, advance, item),
            Msg::Reread(id, r) => {
                match r {
                    Ok(case) => self.put_case(case, false),
                    Err(e) => self.toast(Level::Error, e),
                }
                self.release(id);
            }
            Msg::Fresh(Ok(case)) => self.put_case(case, false),
            Msg::Changed(id) => {
                let Some(op) = self.op.clone() else { return };
                let ra = self.ra.clone();
                self.spawn(
                    async move { Msg::ChangedElsewhere(ra.case_seen_by(&op, id).await.map_err(|e| e.to_string())) },
                );
            }
            Msg::ChangedElsewhere(Ok(None)) => {}
            Msg::ChangedElsewhere(Ok(Some(case))) => {
                let mine = self.op.as_ref().is_some_and(|o| o.name == case.updated_by);
                let shown = self
                    .home
                    .review
                    .view
                    .as_ref()
                    .is_some_and(|v| v.case.id == case.id && v.case.version < case.version);
                if shown && !mine {
                    self.toast(
                        Level::Info,
                        format!(
                            "{} {}: {} {} · v{}",
                            self.s.case_word, case.id, self.s.changed_by, case.updated_by, case.version
                        ),
                    );
                }
                self.put_case(case, false);
                self.recount();
            }
            Msg::ChangedElsewhere(Err(e)) | Msg::LiveLost(e) => self.toast(Level::Error, e),
            Msg::LiveBack => {
                self.toast(Level::Info, self.s.connection_back);
                self.load_all();
            }
            Msg::Fresh(Err(e)) => self.toast(Level::Error, e),
            Msg::Revealed(id, Ok(nik)) => {
                self.home.review.revealed = Some((id, nik));
                self.toast(Level::Info, self.s.nik_revealed);
            }
            Msg::Revealed(_, Err(e)) => self.toast(Level::Error, e),
            Msg::Document(sha, p) => self.document_decoded(sha, *p),
            Msg::LinkResent(Ok(id)) => {
                let done = format!("{} {id}: {}", self.s.case_word, self.s.link_resent);
                self.toast(Level::Info, done);
            }
            Msg::LinkResent(Err(e)) => self.toast(Level::Error, e),
            Msg::Created(Ok(case)) => {
                self.new_case = None;
                self.screen = Screen::Queues;
                let id = case.id;
                self.toast(
                    Level::Info,
                    format!(
                        "{} {id}: {} · {}",
                        self.s.case_word,
                        self.s.kind(case.kind),
                        self.s.state(case.state)
                    ),
                );
                self.show_case(case);
            }
            Msg::CertCases(Ok(cases)) => self.show_cert_cases(cases),
            Msg::CertCases(Err(e)) => self.toast(Level::Error, e),
            Msg::Created(Err(e)) => {
                if let Some(f) = &mut self.new_case {
                    f.busy = false;
                }
                self.toast(Level::Error, e);
            }
            Msg::Exported(Ok(path)) => self.toast(Level::Info, format!("→ {path}")),
            Msg::Exported(Err(e)) => self.toast(Level::Error, e),
            Msg::Audit(p) => self.on_screen(|a| &mut a.audit, |s, cx| s.arrived(*p, cx)),
            Msg::Certs(Ok(rows)) => self.on_screen(|a| &mut a.certs, |s, cx| s.arrived(rows, cx)),
            Msg::CertShown(Ok(v)) => self.certs.detail = Some(v),
            Msg::Certs(Err(e)) | Msg::CertShown(Err(e)) | Msg::Reminded(Err(e)) => self.toast(Level::Error, e),
            Msg::CaStatus(r) => self.ca.status = Some(r),
            Msg::Report(r) => self.reports.arrived(r, self.s),
            Msg::CrlPublished(Ok(p), asked) => self.on_screen(|a| &mut a.ca, |s, cx| s.published(p, asked, cx)),
            Msg::CrlPublished(Err(e), _) => self.toast(Level::Error, e),
            Msg::Reminded(Ok(n)) if n > 0 => {
                let text = self.s.reminders_queued(n);
                self.toast(Level::Info, text)
            }
            Msg::Reminded(Ok(_)) => {}
            Msg::Room(why) => {
                self.dirty |= why.is_some() != self.no_room.is_some();
                self.no_room = why;
            }
            Msg::CertRevoked(Ok(serial)) => {
                let text = self.s.cert_revoked(&serial);
                self.toast(Level::Info, text);
                self.on_screen(|a| &mut a.certs, |s, cx| s.reload(cx));
            }
            Msg::CertRevoked(Err(e)) => self.toast(Level::Error, e),
            Msg::AuditVerified(r) => self.audit.verified(r),
        }
    }
}
