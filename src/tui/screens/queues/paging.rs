//! Queues and the audit trail read page by page from the store: the first
//! page of each queue at sign-in, the next as the cursor nears the end of
//! what is held, and a filter the held pages cannot answer asked of the
//! store. Counts of a queue not wholly held come from the store's tally.

use crate::domain::CaseKind;
use crate::domain::case::workflow;
use crate::ra::PAGE;
use crate::tui::app::App;
use crate::tui::event::{Msg, Page};
use crate::tui::overlays::toast::Level;
use crate::tui::screens::queues::{QueueCounts, store_query};

fn index(kind: CaseKind) -> usize {
    CaseKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl App {
    /// Reads every queue's first page and the counts: the queue on screen
    /// first, the rest once a first page is in. On two cores the other
    /// pages and the counts (which count overdue cases over each queue)
    /// would share the first page's time, and it is the one drawn.
    pub fn load_all(&mut self) {
        self.home.rest_to_load = true;
        self.ask_page(self.home.tab, 0);
    }

    fn load_rest(&mut self) {
        if !std::mem::take(&mut self.home.rest_to_load) {
            return;
        }
        for idx in 0..self.home.queues.len() {
            if idx != self.home.tab {
                self.ask_page(idx, 0);
            }
        }
        self.ask_counts();
    }

    /// Asks the store for queue `idx`'s rows from `start` on: under the
    /// filters as they are now when `start` is 0 (a new query), else the
    /// next page of the query held.
    pub fn ask_page(&mut self, idx: usize, start: usize) {
        let Some(op) = self.op.clone() else { return };
        let Some(q) = self.home.queues.get_mut(idx) else { return };
        let query = match (start, &q.query) {
            (0, _) => {
                q.generation += 1;
                q.asked_for = Some(self.home.filters.without_sort());
                store_query(q.kind, &self.home.filters, &op, self.now, PAGE)
            }
            (_, Some(held)) => held.clone(),
            (_, None) => return,
        };
        q.asking = true;
        let (kind, generation, ra) = (q.kind, q.generation, self.ra.clone());
        self.spawn(async move {
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
    pub fn ask_if_not_held(&mut self) {
        let f = self.home.filters.without_sort();
        let q = &self.home.queues[self.home.tab];
        if !q.covers(&f) && q.asked_for.as_ref() != Some(&f) {
            self.ask_page(self.home.tab, 0);
        }
    }

    /// The next page of the current tab when the cursor nears the end of
    /// the rows held.
    pub fn page_if_near_end(&mut self) {
        let rows = self.list_rows();
        let q = &self.home.queues[self.home.tab];
        // Only the pages of the query for the filters shown: while a
        // narrower filter waits for the store, the held query's further
        // pages would only be filtered away.
        if q.asked_for.as_ref() != Some(&self.home.filters.without_sort()) {
            return;
        }
        if let Some(start) = q.wants_more(rows) {
            self.ask_page(self.home.tab, start);
        }
    }

    pub fn page_in(&mut self, p: Page) {
        if p.start == 0 {
            self.load_rest();
        }
        let Some(op) = self.op.clone() else { return };
        let idx = index(p.kind);
        let (f, now, rows) = (self.home.filters.clone(), self.now, self.list_rows());
        let q = &mut self.home.queues[idx];
        if q.generation != p.generation {
            return;
        }
        match p.cases {
            Ok(cases) => {
                q.page_in(p.start, p.query, cases, &op, &f, now);
                q.scroll_into_view(rows);
                if idx == self.home.tab {
                    if p.start == 0 {
                        self.home.review.view = None;
                    }
                    self.request_show();
                }
            }
            Err(e) => {
                q.asking = false;
                let text = format!("{}: {e}", self.s.kind(p.kind));
                self.toast(Level::Error, text)
            }
        }
    }

    /// Counts asked again after a change, when a queue is not wholly held
    /// and the last were asked over two seconds ago.
    pub fn recount(&mut self) {
        let stale = self
            .home
            .counts_asked
            .is_none_or(|t| t.elapsed() > std::time::Duration::from_secs(2));
        if stale && self.home.queues.iter().any(|q| q.holds_all.is_none()) {
            self.ask_counts();
        }
    }

    /// Tab counts from the store (the tally; overdue counted in each
    /// queue), for queues not wholly held.
    pub fn ask_counts(&mut self) {
        let Some(op) = self.op.clone() else { return };
        self.home.counts_asked = Some(std::time::Instant::now());
        let ra = self.ra.clone();
        self.spawn(async move {
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

    pub fn counts_in(&mut self, r: Result<Vec<(CaseKind, QueueCounts)>, String>) {
        match r {
            Ok(all) => {
                let (now, op) = (self.now, self.op.as_ref().map(|o| o.name.clone()).unwrap_or_default());
                let f = self.home.filters.clone();
                for (kind, c) in all {
                    let q = &mut self.home.queues[index(kind)];
                    q.store_counts = Some(c);
                    let keep = q.selected_id();
                    q.refresh(&f, now, keep, &op);
                }
            }
            Err(e) => self.toast(Level::Error, e),
        }
    }
}
