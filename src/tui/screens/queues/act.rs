//! Case actions from the console: what the workflow allows decides which
//! dialog (if any) comes first; `ra` enforces the rules again and its
//! refusals come back as toasts (one case) or a summary (several).

use crate::domain::case::workflow::{self, TRANSITIONS};
use crate::domain::{Action, CheckItem};
use crate::tui::app::App;
use crate::tui::event::{Msg, Outcome};
use crate::tui::i18n::Strings;
use crate::tui::keymap::Cmd;
use crate::tui::overlays::export::Export;
use crate::tui::overlays::summary::Summary;
use crate::tui::overlays::toast::Level;
use crate::tui::overlays::{Overlay, Then};
use crate::tui::screens::queues::Deferred;
use tui_textarea::TextArea;

/// Actions that cannot be undone ask before they run.
fn needs_confirm(a: Action) -> bool {
    matches!(a, Action::Approve | Action::Apply | Action::Revoke | Action::Issue)
}

fn note_required(a: Action) -> bool {
    TRANSITIONS.iter().any(|t| t.action == a && t.note_required)
}

impl App {
    /// A command of the queues screen that acts on a case, opens a dialog
    /// or another screen (`QueuesScreen::cmd` gives these back).
    pub(crate) fn case_cmd(&mut self, c: Cmd) {
        match c {
            Cmd::RevealNik => self.reveal_nik(),
            Cmd::ResendLink => self.resend_link(),
            Cmd::Follow => self.follow_to_cert(),
            Cmd::Export => self.open_export(),
            Cmd::ViewDocument => self.open_document(),
            Cmd::Act(a) => self.request_action(a),
            Cmd::Tick(n) => self.tick_item(n),
            Cmd::Untick => self.arm_untick(),
            _ => {}
        }
    }

    /// Marked cases of the queue, else the selected one.
    pub fn target_ids(&self) -> Vec<u64> {
        let q = self.queue();
        if q.marked.is_empty() {
            return q.selected_id().into_iter().collect();
        }
        q.rows
            .iter()
            .filter(|r| q.marked.contains(&r.case.id))
            .map(|r| r.case.id)
            .collect()
    }

    /// Marked cases of the queue, else the selected one: (id, version).
    pub fn targets(&self) -> Vec<(u64, u64)> {
        self.versions(&self.target_ids())
    }

    /// The cases as the console holds them now: (id, version).
    fn versions(&self, ids: &[u64]) -> Vec<(u64, u64)> {
        ids.iter()
            .filter_map(|&id| self.find_case(id).map(|c| (id, c.version)))
            .collect()
    }

    /// A case of any queue, as the console holds it now.
    pub fn find_case(&self, id: u64) -> Option<&crate::domain::Case> {
        self.home
            .queues
            .iter()
            .find_map(|q| q.rows.iter().find(|r| r.case.id == id))
            .map(|r| &r.case)
    }

    /// An action on one of these cases is still running, or a key waits
    /// for one: a new key on them waits its turn.
    pub fn must_wait(&self, ids: &[u64]) -> bool {
        ids.iter().any(|id| self.home.busy.contains_key(id)) || self.home.deferred.iter().any(|d| d.touches(ids))
    }

    fn set_busy(&mut self, ids: impl IntoIterator<Item = u64>) {
        for id in ids {
            *self.home.busy.entry(id).or_default() += 1;
        }
    }

    /// An action on `id` has answered (and its result is in the list):
    /// keys that waited for it run now, against the case as it is now.
    pub fn release(&mut self, id: u64) {
        if let Some(n) = self.home.busy.get_mut(&id) {
            *n -= 1;
            if *n == 0 {
                self.home.busy.remove(&id);
            }
        }
        self.replay();
    }

    /// Runs the waiting keys whose cases are free, in the order typed.
    /// A dialog opened by one stops the rest until it closes.
    pub fn replay(&mut self) {
        let mut i = 0;
        while i < self.home.deferred.len() {
            if self.overlay.is_some() {
                return;
            }
            let ids = self.home.deferred[i].ids();
            let blocked = ids.iter().any(|id| self.home.busy.contains_key(id))
                || self.home.deferred.iter().take(i).any(|d| d.touches(&ids));
            if blocked {
                i += 1;
                continue;
            }
            if let Some(d) = self.home.deferred.remove(i) {
                match d {
                    Deferred::Act { action, ids } => self.request_action_on(action, ids),
                    Deferred::Tick { id, n, untick } => self.tick_case(id, n, untick),
                }
            }
        }
    }

    /// A case-action key: dialogs first where the action needs them.
    pub fn request_action(&mut self, action: Action) {
        let ids = self.target_ids();
        self.request_action_on(action, ids);
    }

    /// The action on these cases, judged against them as they are once
    /// every earlier action on them has answered.
    pub fn request_action_on(&mut self, action: Action, ids: Vec<u64>) {
        let Some(op) = self.op.clone() else { return };
        if ids.is_empty() {
            return;
        }
        if self.must_wait(&ids) {
            self.home.deferred.push_back(Deferred::Act { action, ids });
            self.dirty = true;
            return;
        }
        let targets = self.versions(&ids);
        let Some(&(id, _)) = targets.first() else { return };
        if targets.len() == 1 {
            let Some(case) = self.find_case(id).cloned() else {
                return;
            };
            let allowed = workflow::allowed(&case, &op).into_iter().find(|a| a.action == action);
            let Some(allowed) = allowed else {
                // Not possible here: ra says why (state, role, four eyes).
                return self.execute(action, targets, None);
            };
            if let Err(e) = allowed.ready {
                let text = format!("{} {id}: {}", self.s.case_word, self.s.refusal(&e));
                self.toast(Level::Error, text);
                return;
            }
        }
        let then = Then::Act { action, targets };
        let n = match &then {
            Then::Act { targets, .. } => targets.len(),
            _ => 0,
        };
        let what = if n == 1 {
            format!("{} {id}", self.s.case_word)
        } else {
            format!("{n} × {}", self.s.case_word)
        };
        if note_required(action) {
            let mut area = TextArea::default();
            area.set_placeholder_text(self.s.note_empty);
            self.overlay = Some(Overlay::Note {
                title: format!("{} · {what} · {}", self.s.action(action), self.s.note_title),
                area: Box::new(area),
                then,
                error: None,
            });
        } else if needs_confirm(action) || n > 1 {
            let kind = self.find_case(id).map(|c| c.kind);
            let then_what = self
                .s
                .consequence(action, kind)
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            self.overlay = Some(Overlay::Confirm {
                message: format!("{}: {what}?{then_what}", self.s.action(action)),
                then,
            });
        } else if let Then::Act { action, targets } = then {
            self.execute(action, targets, None);
        }
        self.dirty = true;
    }

    /// Runs the action on every target, in one task: each case's step on
    /// its own, the certificates approvals lead to issued in batches.
    pub fn execute(&mut self, action: Action, targets: Vec<(u64, u64)>, note: Option<String>) {
        let Some(op) = self.op.clone() else { return };
        let ra = self.ra.clone();
        // A decision moves on to the next case; sending the applicant their
        // link leaves the cursor on the case (its status is what one reads next).
        let advance = targets.len() == 1 && action != Action::SendToApplicant;
        let s = self.s;
        self.set_busy(targets.iter().map(|t| t.0));
        self.spawn(async move {
            let seen: Vec<(u64, Option<u64>)> = targets.iter().map(|&(id, v)| (id, Some(v))).collect();
            let results = ra.act_many(&op, &seen, action, note.as_deref()).await;
            let outcomes = results.into_iter().map(|(id, r)| outcome(s, id, r)).collect();
            Msg::Acted {
                action,
                outcomes,
                advance,
                item: None,
            }
        });
    }

    /// The untick key: the next number key unticks its item.
    pub fn arm_untick(&mut self) {
        self.home.untick_armed = true;
        let hint = self.s.untick_which;
        self.toast(Level::Info, hint.to_string());
    }

    /// Ticks item `n` of the selected case's checklist, or unticks it
    /// when the untick key came first. A number key never unticks by
    /// itself: on a ticked item it says how to untick. While an action on
    /// the case runs, the key waits for it.
    pub fn tick_item(&mut self, n: u8) {
        let untick = std::mem::take(&mut self.home.untick_armed);
        let Some(id) = self.queue().selected_id() else { return };
        if self.must_wait(&[id]) {
            self.home.deferred.push_back(Deferred::Tick { id, n, untick });
            self.dirty = true;
            return;
        }
        self.tick_case(id, n, untick);
    }

    fn tick_case(&mut self, id: u64, n: u8, untick: bool) {
        let (Some(op), Some(case)) = (self.op.clone(), self.find_case(id).cloned()) else {
            return;
        };
        let items = CheckItem::for_kind(case.kind);
        let Some(&item) = items.get(usize::from(n).wrapping_sub(1)) else {
            self.toast(
                Level::Error,
                format!(
                    "{} {}: {} 1–{}",
                    self.s.case_word,
                    case.id,
                    self.s.checklist,
                    items.len()
                ),
            );
            return;
        };
        if !untick && case.is_ticked(item) {
            let key = self.keymap.key_label(crate::tui::keymap::Cmd::Untick);
            self.toast(
                Level::Info,
                format!("{} {n}: {} {key} {n}", self.s.already_ticked, self.s.untick_with),
            );
            return;
        }
        let on = !untick;
        let action = if on { Action::Tick } else { Action::Untick };
        let (ra, s) = (self.ra.clone(), self.s);
        self.set_busy([case.id]);
        self.spawn(async move {
            let r = ra.tick(&op, case.id, item, on, Some(case.version)).await;
            Msg::Acted {
                action,
                outcomes: vec![outcome(s, case.id, r)],
                advance: false,
                item: Some(item),
            }
        });
    }

    /// Runs what a confirmed dialog asked for.
    pub fn confirmed(&mut self, then: Then, note: Option<String>) {
        match then {
            Then::Act { action, targets } => self.execute(action, targets, note),
            Then::Quit => self.quit = true,
            Then::RevokeCert { serial, reason, .. } => {
                self.on_screen(|a| &mut a.certs, |s, cx| s.revoke(serial, reason, cx))
            }
        }
    }

    pub fn reveal_nik(&mut self) {
        let (Some(op), Some(id)) = (self.op.clone(), self.queue().selected_id()) else {
            return;
        };
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Revealed(id, ra.reveal_nik(&op, id).await.map_err(|e| e.to_string())) });
    }

    /// Sends the selected case's applicant the link of the step it
    /// waits on again; the old link is voided (`Ra::resend_link`).
    pub fn resend_link(&mut self) {
        let (Some(op), Some(case)) = (self.op.clone(), self.selected_case().cloned()) else {
            return;
        };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move {
            Msg::LinkResent(
                ra.resend_link(&op, case.id, Some(case.version))
                    .await
                    .map(|c| c.id)
                    .map_err(|e| s.error(&e)),
            )
        });
    }

    pub fn open_export(&mut self) {
        match &self.home.review.view {
            Some(v) if !v.documents.is_empty() => {
                self.overlay = Some(Overlay::Export(Box::new(Export::new(v.documents.clone()))));
            }
            Some(_) => self.toast(Level::Error, format!("{}: —", self.s.documents)),
            None => {}
        }
    }

    pub fn export(&mut self, doc_id: String, path: String) {
        let Some(op) = self.op.clone() else { return };
        let ra = self.ra.clone();
        self.spawn(async move {
            let out = std::path::PathBuf::from(&path);
            Msg::Exported(
                ra.export_document(&op, &doc_id, &out)
                    .await
                    .map(|i| format!("{path} ({} bytes, sha256 {})", i.size, &i.sha256[..16]))
                    .map_err(|e| e.to_string()),
            )
        });
    }
}

fn outcome(s: &Strings, id: u64, r: crate::ra::Result<crate::domain::Case>) -> Outcome {
    let stale = r.as_ref().err().is_some_and(crate::ra::RaError::is_stale);
    Outcome {
        id,
        result: r.map_err(|e| s.error(&e)),
        stale,
    }
}

impl App {
    /// The answers of an action on one or more cases: the counts again,
    /// each case put back, a toast or a summary, and the keys that waited.
    pub(crate) fn acted(&mut self, action: Action, outcomes: Vec<Outcome>, advance: bool, item: Option<CheckItem>) {
        self.recount();
        let bulk = outcomes.len() > 1;
        let mut lines = Vec::new();
        // Keys that waited on these cases run once every result is in.
        let mut free = Vec::new();
        for o in outcomes {
            match o.result {
                Ok(case) => {
                    lines.push((
                        o.id,
                        true,
                        format!("{} → {}", self.s.action(action), self.s.state(case.state)),
                    ));
                    if !bulk {
                        let text = match item {
                            Some(i) => format!(
                                "{} {}: {} · {}",
                                self.s.case_word,
                                case.id,
                                self.s.action(action),
                                self.s.item(i)
                            ),
                            None => format!(
                                "{} {}: {} → {}",
                                self.s.case_word,
                                case.id,
                                self.s.action(action),
                                self.s.state(case.state)
                            ),
                        };
                        self.toast(Level::Info, text);
                    }
                    free.push(case.id);
                    self.put_case(case, advance && !bulk);
                }
                Err(e) => {
                    if o.stale {
                        // Show what changed: read the case again (keys
                        // waiting on it run after that).
                        let (ra, op) = (self.ra.clone(), self.op.clone());
                        let id = o.id;
                        self.spawn(async move {
                            let r = match op {
                                Some(op) => ra.case_seen_by(&op, id).await.map_err(|e| e.to_string()),
                                None => Ok(None),
                            };
                            Msg::Reread(
                                id,
                                r.and_then(|c| c.ok_or_else(|| format!("case {id} is not yours to see"))),
                            )
                        });
                    } else {
                        free.push(o.id);
                    }
                    if !bulk {
                        self.toast(Level::Error, format!("{} {}: {e}", self.s.case_word, o.id));
                    }
                    lines.push((o.id, false, e));
                }
            }
        }
        if bulk {
            self.queue_mut().marked.clear();
            self.overlay = Some(Overlay::Summary(Summary {
                title: self.s.action(action).to_string(),
                lines,
                scroll: 0,
            }));
        }
        for id in free {
            self.release(id);
        }
    }
}
