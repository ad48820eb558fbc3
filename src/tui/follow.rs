//! Following a case to its certificate, and a certificate to its case:
//! Enter on a case opens the certificates screen at the certificate the
//! case is about (or the holder's newest); Enter on a certificate opens
//! its newest case in its queue.

use super::app::{App, Screen};
use super::overlays::toast::Level;
use crate::domain::{Case, CaseKind};

impl App {
    /// From the selected case to its certificate on the certificates screen.
    pub fn follow_to_cert(&mut self) {
        let selected = self.selected_case().map(|c| c.id);
        let serial = self
            .home
            .review
            .view
            .as_ref()
            .filter(|v| Some(v.case.id) == selected)
            .and_then(|v| {
                v.target
                    .as_ref()
                    .or_else(|| v.holder_certs.first())
                    .map(|c| c.serial.clone())
            });
        let Some(serial) = serial else {
            self.toast(Level::Info, self.s.no_certificate);
            return;
        };
        self.open_cert(serial);
    }

    /// The certificates screen on the certificate `serial`.
    pub fn open_cert(&mut self, serial: String) {
        self.certs.filter = serial.clone();
        self.certs.status = None;
        self.screen = Screen::Certs;
        self.on_screen(|a| &mut a.certs, |s, cx| s.load(Some(serial), cx));
    }

    /// The cases of a certificate arrived: its newest is shown in its queue.
    pub fn show_cert_cases(&mut self, cases: Vec<Case>) {
        match cases.into_iter().max_by_key(|c| c.created_at) {
            Some(case) => {
                self.screen = Screen::Queues;
                // A closed case shows under its number's filter (`#ID`
                // lets it through, closed or not).
                if !case.state.is_pending() && !self.home.filters.closed {
                    self.home.filters.text = format!("#{}", case.id);
                    self.refilter();
                }
                self.show_case(case);
            }
            None => self.toast(Level::Info, self.s.no_case_of_cert),
        }
    }

    /// Puts `case` in its queue, on that queue's tab, under the cursor (or
    /// says which filter hides it).
    pub fn show_case(&mut self, case: Case) {
        let idx = CaseKind::ALL.iter().position(|k| *k == case.kind).unwrap_or(0);
        self.home.tab = idx;
        let id = case.id;
        self.put_case(case, false);
        let rows = self.list_rows();
        let q = &mut self.home.queues[idx];
        match q.position(|r| r.case.id == id) {
            Some(pos) => {
                q.cursor = pos;
                q.scroll_into_view(rows);
                self.request_show();
            }
            None => {
                let text = format!("{} {id}: {}", self.s.case_word, self.s.hidden_by_filter);
                self.toast(Level::Info, text);
            }
        }
    }
}
