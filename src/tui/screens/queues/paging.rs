//! Queues and the audit trail read page by page from the store: the first
//! page of each queue at sign-in, the next as the cursor nears the end of
//! what is held, and a filter the held pages cannot answer asked of the
//! store. Counts of a queue not wholly held come from the store's tally.

use super::QueuesScreen;
use crate::domain::CaseKind;
use crate::domain::case::workflow;
use crate::ra::PAGE;
use crate::tui::cx::Cx;
use crate::tui::event::{Msg, Page};
use crate::tui::overlays::toast::Level;
use crate::tui::screens::queues::{QueueCounts, store_query};

fn index(kind: CaseKind) -> usize {
    CaseKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl QueuesScreen {
    /// Reads every queue's first page and the counts: the queue on screen
    /// first, the rest once a first page is in. On two cores the other
    /// pages and the counts (which count overdue cases over each queue)
    /// would share the first page's time, and it is the one drawn.
    pub fn load_all(&mut self, cx: &mut Cx) {
        self.rest_to_load = true;
        self.ask_page(self.tab, 0, cx);
    }

    fn load_rest(&mut self, cx: &mut Cx) {
        if !std::mem::take(&mut self.rest_to_load) {
            return;
        }
        for idx in 0..self.queues.len() {
            if idx != self.tab {
                self.ask_page(idx, 0, cx);
            }
        }
        self.ask_counts(cx);
    }

    /// Asks the store for queue `idx`'s rows from `start` on: under the
    /// filters as they are now when `start` is 0 (a new query), else the
    /// next page of the query held.
    pub fn ask_page(&mut self, idx: usize, start: usize, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        let Some(q) = self.queues.get_mut(idx) else { return };
        let query = match (start, &q.query) {
            (0, _) => {
                q.generation += 1;
                q.asked_for = Some(self.filters.without_sort());
                store_query(q.kind, &self.filters, &op, cx.now, PAGE)
            }
            (_, Some(held)) => held.clone(),
            (_, None) => return,
        };
        q.asking = true;
        let (kind, generation, ra) = (q.kind, q.generation, cx.ra.clone());
        cx.spawn(async move {
            let cases = ra
                .list(&op, &query.page(start, query.limit))
                .await
                .map_err(|e| e.to_string());
            Msg::Page(Box::new(Page {
                kind,
                generation,
                start,
                query,
                cases,
            }))
        });
    }

    /// The current tab's filters changed: a queue that does not hold every
    /// case they could show asks the store (once per distinct filter).
    pub fn ask_if_not_held(&mut self, cx: &mut Cx) {
        let f = self.filters.without_sort();
        let q = &self.queues[self.tab];
        if !q.covers(&f) && q.asked_for.as_ref() != Some(&f) {
            self.ask_page(self.tab, 0, cx);
        }
    }

    /// The next page of the current tab when the cursor nears the end of
    /// the rows held.
    pub fn page_if_near_end(&mut self, cx: &mut Cx) {
        let rows = cx.rows;
        let q = &self.queues[self.tab];
        // Only the pages of the query for the filters shown: while a
        // narrower filter waits for the store, the held query's further
        // pages would only be filtered away.
        if q.asked_for.as_ref() != Some(&self.filters.without_sort()) {
            return;
        }
        if let Some(start) = q.wants_more(rows) {
            self.ask_page(self.tab, start, cx);
        }
    }

    pub fn page_in(&mut self, p: Page, cx: &mut Cx) {
        if p.start == 0 {
            self.load_rest(cx);
        }
        let Some(op) = cx.op.cloned() else { return };
        let idx = index(p.kind);
        let (f, now, rows) = (self.filters.clone(), cx.now, cx.rows);
        let q = &mut self.queues[idx];
        if q.generation != p.generation {
            return;
        }
        match p.cases {
            Ok(cases) => {
                q.page_in(p.start, p.query, cases, &op, &f, now);
                q.scroll_into_view(rows);
                if idx == self.tab {
                    if p.start == 0 {
                        self.review.view = None;
                    }
                    self.request_show(cx);
                }
            }
            Err(e) => {
                q.asking = false;
                let text = format!("{}: {e}", cx.s.kind(p.kind));
                cx.toast(Level::Error, text)
            }
        }
    }

    /// Counts asked again after a change, when a queue is not wholly held
    /// and the last were asked over two seconds ago.
    pub fn recount(&mut self, cx: &mut Cx) {
        let stale = self
            .counts_asked
            .is_none_or(|t| t.elapsed() > std::time::Duration::from_secs(2));
        if stale && self.queues.iter().any(|q| q.holds_all.is_none()) {
            self.ask_counts(cx);
        }
    }

    /// Tab counts from the store (the tally; overdue counted in each
    /// queue), for queues not wholly held.
    pub fn ask_counts(&mut self, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        self.counts_asked = Some(std::time::Instant::now());
        let ra = cx.ra.clone();
        cx.spawn(async move {
            let r: Result<Vec<(CaseKind, QueueCounts)>, String> = async {
                let counts = ra.counts(&op).await?;
                let mut out = Vec::new();
                for kind in CaseKind::ALL {
                    let waiting = workflow::moving_states(kind, op.role)
                        .into_iter()
                        .map(|s| counts.get(kind, s))
                        .sum::<u64>();
                    out.push((
                        kind,
                        QueueCounts {
                            waiting: waiting as usize,
                            overdue: ra.overdue_count(&op, kind).await? as usize,
                            total: counts.pending(kind) as usize,
                        },
                    ));
                }
                Ok::<_, crate::ra::RaError>(out)
            }
            .await
            .map_err(|e| e.to_string());
            Msg::Counts(r)
        });
    }

    pub fn counts_in(&mut self, r: Result<Vec<(CaseKind, QueueCounts)>, String>, cx: &mut Cx) {
        match r {
            Ok(all) => {
                let (now, op) = (cx.now, cx.op.map(|o| o.name.clone()).unwrap_or_default());
                let f = self.filters.clone();
                for (kind, c) in all {
                    let q = &mut self.queues[index(kind)];
                    q.store_counts = Some(c);
                    let keep = q.selected_id();
                    q.refresh(&f, now, keep, &op);
                }
            }
            Err(e) => cx.toast(Level::Error, e),
        }
    }
}
