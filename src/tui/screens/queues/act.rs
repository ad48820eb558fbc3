//! Case actions from the console: what the workflow allows decides which
//! dialog (if any) comes first; `ra` enforces the rules again and its
//! refusals come back as toasts (one case) or a summary (several).

use super::QueuesScreen;
use crate::domain::case::workflow::{self, TRANSITIONS};
use crate::domain::{Action, CheckItem};
use crate::tui::cx::Cx;
use crate::tui::event::{Msg, Outcome};
use crate::tui::i18n::Strings;
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

impl QueuesScreen {
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
        self.queues
            .iter()
            .find_map(|q| q.rows.iter().find(|r| r.case.id == id))
            .map(|r| &r.case)
    }

    /// An action on one of these cases is still running, or a key waits
    /// for one: a new key on them waits its turn.
    pub fn must_wait(&self, ids: &[u64]) -> bool {
        ids.iter().any(|id| self.busy.contains_key(id)) || self.deferred.iter().any(|d| d.touches(ids))
    }

    fn set_busy(&mut self, ids: impl IntoIterator<Item = u64>) {
        for id in ids {
            *self.busy.entry(id).or_default() += 1;
        }
    }

    /// An action on `id` has answered (and its result is in the list):
    /// keys that waited for it run now, against the case as it is now.
    /// `open`: a dialog is open on the console; the keys wait for it.
    pub fn release(&mut self, id: u64, open: bool, cx: &mut Cx) {
        if let Some(n) = self.busy.get_mut(&id) {
            *n -= 1;
            if *n == 0 {
                self.busy.remove(&id);
            }
        }
        if !open {
            self.replay(cx);
        }
    }

    /// Runs the waiting keys whose cases are free, in the order typed.
    /// A dialog opened by one stops the rest until it closes.
    pub fn replay(&mut self, cx: &mut Cx) {
        let mut i = 0;
        while i < self.deferred.len() {
            if self.dialog.is_some() {
                return;
            }
            let ids = self.deferred[i].ids();
            let blocked = ids.iter().any(|id| self.busy.contains_key(id))
                || self.deferred.iter().take(i).any(|d| d.touches(&ids));
            if blocked {
                i += 1;
                continue;
            }
            if let Some(d) = self.deferred.remove(i) {
                match d {
                    Deferred::Act { action, ids } => self.request_action_on(action, ids, cx),
                    Deferred::Tick { id, n, untick } => self.tick_case(id, n, untick, cx),
                }
            }
        }
    }

    /// A case-action key: dialogs first where the action needs them.
    pub fn request_action(&mut self, action: Action, cx: &mut Cx) {
        let ids = self.target_ids();
        self.request_action_on(action, ids, cx);
    }

    /// The action on these cases, judged against them as they are once
    /// every earlier action on them has answered.
    pub fn request_action_on(&mut self, action: Action, ids: Vec<u64>, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        if ids.is_empty() {
            return;
        }
        if self.must_wait(&ids) {
            self.deferred.push_back(Deferred::Act { action, ids });
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
                return self.execute(action, targets, None, cx);
            };
            if let Err(e) = allowed.ready {
                let text = format!("{} {id}: {}", cx.s.case_word, cx.s.refusal(&e));
                cx.toast(Level::Error, text);
                return;
            }
        }
        let then = Then::Act { action, targets };
        let n = match &then {
            Then::Act { targets, .. } => targets.len(),
            _ => 0,
        };
        let what = if n == 1 {
            format!("{} {id}", cx.s.case_word)
        } else {
            format!("{n} × {}", cx.s.case_word)
        };
        if note_required(action) {
            let mut area = TextArea::default();
            area.set_placeholder_text(cx.s.note_empty);
            self.dialog = Some(Overlay::Note {
                title: format!("{} · {what} · {}", cx.s.action(action), cx.s.note_title),
                area: Box::new(area),
                then,
                error: None,
            });
        } else if needs_confirm(action) || n > 1 {
            let kind = self.find_case(id).map(|c| c.kind);
            let then_what =
                cx.s.consequence(action, kind)
                    .map(|c| format!(" {c}"))
                    .unwrap_or_default();
            self.dialog = Some(Overlay::Confirm {
                message: format!("{}: {what}?{then_what}", cx.s.action(action)),
                then,
            });
        } else if let Then::Act { action, targets } = then {
            self.execute(action, targets, None, cx);
        }
    }

    /// Runs the action on every target, in one task: each case's step on
    /// its own, the certificates approvals lead to issued in batches.
    pub fn execute(&mut self, action: Action, targets: Vec<(u64, u64)>, note: Option<String>, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let ra = cx.ra.clone();
        // A decision moves on to the next case; sending the applicant their
        // link leaves the cursor on the case (its status is what one reads next).
        let advance = targets.len() == 1 && action != Action::SendToApplicant;
        let s = cx.s;
        self.set_busy(targets.iter().map(|t| t.0));
        cx.spawn(async move {
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
    pub fn arm_untick(&mut self, cx: &mut Cx) {
        self.untick_armed = true;
        let hint = cx.s.untick_which;
        cx.toast(Level::Info, hint.to_string());
    }

    /// Ticks item `n` of the selected case's checklist, or unticks it
    /// when the untick key came first. A number key never unticks by
    /// itself: on a ticked item it says how to untick. While an action on
    /// the case runs, the key waits for it.
    pub fn tick_item(&mut self, n: u8, cx: &mut Cx) {
        let untick = std::mem::take(&mut self.untick_armed);
        let Some(id) = self.queue().selected_id() else { return };
        if self.must_wait(&[id]) {
            self.deferred.push_back(Deferred::Tick { id, n, untick });
            return;
        }
        self.tick_case(id, n, untick, cx);
    }

    fn tick_case(&mut self, id: u64, n: u8, untick: bool, cx: &mut Cx) {
        let (Some(op), Some(case)) = (cx.op.cloned(), self.find_case(id).cloned()) else {
            return;
        };
        let items = CheckItem::for_kind(case.kind);
        let Some(&item) = items.get(usize::from(n).wrapping_sub(1)) else {
            cx.toast(
                Level::Error,
                format!("{} {}: {} 1–{}", cx.s.case_word, case.id, cx.s.checklist, items.len()),
            );
            return;
        };
        if !untick && case.is_ticked(item) {
            let key = cx.keys.key_label(crate::tui::keymap::Cmd::Untick);
            cx.toast(
                Level::Info,
                format!("{} {n}: {} {key} {n}", cx.s.already_ticked, cx.s.untick_with),
            );
            return;
        }
        let on = !untick;
        let action = if on { Action::Tick } else { Action::Untick };
        let (ra, s) = (cx.ra.clone(), cx.s);
        self.set_busy([case.id]);
        cx.spawn(async move {
            let r = ra.tick(&op, case.id, item, on, Some(case.version)).await;
            Msg::Acted {
                action,
                outcomes: vec![outcome(s, case.id, r)],
                advance: false,
                item: Some(item),
            }
        });
    }

    pub fn reveal_nik(&mut self, cx: &mut Cx) {
        let (Some(op), Some(id)) = (cx.op.cloned(), self.queue().selected_id()) else {
            return;
        };
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::Revealed(id, ra.reveal_nik(&op, id).await.map_err(|e| e.to_string())) });
    }

    /// Sends the selected case's applicant the link of the step it
    /// waits on again; the old link is voided (`Ra::resend_link`).
    pub fn resend_link(&mut self, cx: &mut Cx) {
        let (Some(op), Some(case)) = (cx.op.cloned(), self.selected_case().cloned()) else {
            return;
        };
        let (ra, s) = (cx.ra.clone(), cx.s);
        cx.spawn(async move {
            Msg::LinkResent(
                ra.resend_link(&op, case.id, Some(case.version))
                    .await
                    .map(|c| c.id)
                    .map_err(|e| s.error(&e)),
            )
        });
    }

    pub fn open_export(&mut self, cx: &mut Cx) {
        match &self.review.view {
            Some(v) if !v.documents.is_empty() => {
                self.dialog = Some(Overlay::Export(Box::new(Export::new(v.documents.clone()))));
            }
            Some(_) => cx.toast(Level::Error, format!("{}: —", cx.s.documents)),
            None => {}
        }
    }

    pub fn export(&mut self, doc_id: String, path: String, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let ra = cx.ra.clone();
        cx.spawn(async move {
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

impl QueuesScreen {
    /// The answers of an action on one or more cases: the counts again,
    /// each case put back, a toast or a summary, and the keys that waited.
    pub(crate) fn acted(
        &mut self,
        action: Action,
        outcomes: Vec<Outcome>,
        advance: bool,
        item: Option<CheckItem>,
        open: bool,
        cx: &mut Cx,
    ) {
        self.recount(cx);
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
                        format!("{} → {}", cx.s.action(action), cx.s.state(case.state)),
                    ));
                    if !bulk {
                        let text = match item {
                            Some(i) => format!(
                                "{} {}: {} · {}",
                                cx.s.case_word,
                                case.id,
                                cx.s.action(action),
                                cx.s.item(i)
                            ),
                            None => format!(
                                "{} {}: {} → {}",
                                cx.s.case_word,
                                case.id,
                                cx.s.action(action),
                                cx.s.state(case.state)
                            ),
                        };
                        cx.toast(Level::Info, text);
                    }
                    free.push(case.id);
                    self.put_case(case, advance && !bulk, cx);
                }
                Err(e) => {
                    if o.stale {
                        // Show what changed: read the case again (keys
                        // waiting on it run after that).
                        let (ra, op) = (cx.ra.clone(), cx.op.cloned());
                        let id = o.id;
                        cx.spawn(async move {
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
                        cx.toast(Level::Error, format!("{} {}: {e}", cx.s.case_word, o.id));
                    }
                    lines.push((o.id, false, e));
                }
            }
        }
        if bulk {
            self.queue_mut().marked.clear();
            self.dialog = Some(Overlay::Summary(Summary {
                title: cx.s.action(action).to_string(),
                lines,
                scroll: 0,
            }));
        }
        for id in free {
            self.release(id, open, cx);
        }
    }
}
