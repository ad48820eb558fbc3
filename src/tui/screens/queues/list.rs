//! The list under the cursor: the queue on screen, a changed case put
//! back in its queue, the filters applied again, and the review pane asked
//! for the selected case.

use super::{Queue, QueuesScreen};
use crate::domain::{Case, CaseKind};
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use std::time::Instant;

/// The pause in typing a filter after which the store is asked.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

impl QueuesScreen {
    pub fn queue(&self) -> &Queue {
        &self.queues[self.tab]
    }

    pub fn queue_mut(&mut self) -> &mut Queue {
        &mut self.queues[self.tab]
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.queue().selected().map(|r| &r.case)
    }

    /// Loads the review data of the selected case unless already there.
    pub fn request_show(&mut self, cx: &mut Cx) {
        self.page_if_near_end(cx);
        let Some(id) = self.queue().selected_id() else {
            self.review.view = None;
            return;
        };
        if self.review.revealed.as_ref().is_some_and(|(r, _)| *r != id) {
            self.review.revealed = None;
        }
        let have = self.review.view.as_ref().is_some_and(|v| v.case.id == id);
        if have || self.review.loading == Some(id) {
            return;
        }
        if self.review.scrolled != Some(id) {
            self.review.scroll = 0;
            self.review.scrolled = Some(id);
        }
        let Some(op) = cx.op.cloned() else { return };
        self.review.loading = Some(id);
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::Shown(id, ra.show(&op, id).await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// Puts a changed case into its queue.
    pub fn put_case(&mut self, case: Case, advance: bool, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let idx = CaseKind::ALL.iter().position(|k| *k == case.kind).unwrap_or(0);
        let rows = cx.rows;
        let (f, now) = (self.filters.clone(), cx.now);
        let id = case.id;
        let q = &mut self.queues[idx];
        let was = q.position(|r| r.case.id == id);
        let selected = q.selected_id() == Some(id);
        q.replace(case, &op, &f, now);
        if advance && selected {
            // On to the next case that waits on the operator.
            let from = match q.position(|r| r.case.id == id) {
                Some(p) => p + 1,
                None => was.unwrap_or(q.cursor),
            };
            q.next_for_me(from, Some(id), rows);
        }
        q.scroll_into_view(rows);
        if self.review.view.as_ref().is_some_and(|v| v.case.id == id) {
            self.review.view = None;
        }
        self.request_show(cx);
    }

    /// The filters changed: the rows held are filtered again, and the
    /// store is asked when they cannot answer.
    pub fn refilter(&mut self, cx: &mut Cx) {
        self.store_filter_due = None;
        self.refilter_held(cx);
        self.ask_if_not_held(cx);
    }

    /// The filter text changed under the operator's fingers: the rows held
    /// narrow at once; the store is asked once typing pauses (or on Enter),
    /// not for every key.
    pub fn refilter_typed(&mut self, cx: &mut Cx) {
        self.refilter_held(cx);
        self.store_filter_due = Some(Instant::now() + TYPING_PAUSE);
    }

    fn refilter_held(&mut self, cx: &mut Cx) {
        let (f, now) = (self.filters.clone(), cx.now);
        let op = cx.op.map(|o| o.name.clone()).unwrap_or_default();
        let rows = cx.rows;
        let q = &mut self.queues[self.tab];
        let keep = q.selected_id();
        q.refresh(&f, now, keep, &op);
        q.scroll_into_view(rows);
        self.request_show(cx);
    }
}
