//! The list under the cursor: the queue on screen, a changed case put
//! back in its queue, the filters applied again, and the review pane asked
//! for the selected case.

use super::Queue;
use crate::domain::{Case, CaseKind};
use crate::tui::app::App;
use crate::tui::event::Msg;
use std::time::Instant;

/// The pause in typing a filter after which the store is asked.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

impl App {
    pub fn queue(&self) -> &Queue {
        &self.home.queues[self.home.tab]
    }

    pub fn queue_mut(&mut self) -> &mut Queue {
        &mut self.home.queues[self.home.tab]
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.queue().selected().map(|r| &r.case)
    }

    /// Loads the review data of the selected case unless already there.
    pub fn request_show(&mut self) {
        self.page_if_near_end();
        let Some(id) = self.queue().selected_id() else {
            self.home.review.view = None;
            return;
        };
        if self.home.review.revealed.as_ref().is_some_and(|(r, _)| *r != id) {
            self.home.review.revealed = None;
        }
        let have = self.home.review.view.as_ref().is_some_and(|v| v.case.id == id);
        if have || self.home.review.loading == Some(id) {
            return;
        }
        if self.home.review.scrolled != Some(id) {
            self.home.review.scroll = 0;
            self.home.review.scrolled = Some(id);
        }
        let Some(op) = self.op.clone() else { return };
        self.home.review.loading = Some(id);
        let ra = self.ra.clone();
        self.spawn(async move { Msg::Shown(id, ra.show(&op, id).await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// Puts a changed case into its queue.
    pub fn put_case(&mut self, case: Case, advance: bool) {
        let Some(op) = self.op.clone() else { return };
        let idx = CaseKind::ALL.iter().position(|k| *k == case.kind).unwrap_or(0);
        let rows = self.list_rows();
        let (f, now) = (self.home.filters.clone(), self.now);
        let id = case.id;
        let q = &mut self.home.queues[idx];
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
        if self.home.review.view.as_ref().is_some_and(|v| v.case.id == id) {
            self.home.review.view = None;
        }
        self.request_show();
    }

    /// The filters changed: the rows held are filtered again, and the
    /// store is asked when they cannot answer.
    pub fn refilter(&mut self) {
        self.home.store_filter_due = None;
        self.refilter_held();
        self.ask_if_not_held();
    }

    /// The filter text changed under the operator's fingers: the rows held
    /// narrow at once; the store is asked once typing pauses (or on Enter),
    /// not for every key.
    pub fn refilter_typed(&mut self) {
        self.refilter_held();
        self.home.store_filter_due = Some(Instant::now() + TYPING_PAUSE);
    }

    fn refilter_held(&mut self) {
        let (f, now) = (self.home.filters.clone(), self.now);
        let op = self.op.as_ref().map(|o| o.name.clone()).unwrap_or_default();
        let rows = self.list_rows();
        let q = &mut self.home.queues[self.home.tab];
        let keep = q.selected_id();
        q.refresh(&f, now, keep, &op);
        q.scroll_into_view(rows);
        self.request_show();
        self.dirty = true;
    }
}
