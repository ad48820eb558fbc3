//! One request queue as the console holds it: the pages of cases read from
//! the store so far (the store filters; a page at a time, more as the
//! operator scrolls), the rows the filters and sort let through (indices),
//! the cursor, the scroll offset and the marked cases. A queue whose every
//! case fits in the pages read is filtered in memory from then on.
//!
//! The queues screen, a file per part:
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | a queue's state: rows, filters, sort, marks, keys waiting on a case |
//! | `keys.rs` | its commands and the filter's text entry |
//! | `list.rs` | the queue on screen, a changed case put back, the filters applied again |
//! | `act.rs` | case actions: confirm, note, bulk, ticks, links, exports |
//! | `paging.rs` | queues read page by page, counts from the store's tally |
//! | `draw.rs` | tabs, filter bar and case list |
//! | `review.rs` | the review pane of the selected case |

pub mod act;
pub mod draw;
pub mod keys;
pub mod list;
pub mod paging;
pub mod review;

use crate::domain::case::workflow;
use crate::domain::{Action, Case, CaseFilter, CaseKind, Operator};
use crate::tui::list::FilteredList;
use crate::tui::route::Focus;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::ops::{Deref, DerefMut};
use std::time::Instant;

/// The queues screen, the console's home: a queue per kind (the tab on
/// screen), the filters, the review pane of the selected case, and the
/// keys and actions waiting on a case.
#[derive(Debug)]
pub struct QueuesScreen {
    pub queues: Vec<Queue>,
    pub tab: usize,
    pub filters: Filters,
    pub filter_editing: bool,
    pub focus: Focus,
    pub review: Review,
    /// The untick key was pressed: the next number key unticks.
    pub untick_armed: bool,
    /// Cases with an action running (how many).
    pub busy: std::collections::BTreeMap<u64, usize>,
    /// Keys waiting for an earlier action on their case, in typed order.
    pub deferred: std::collections::VecDeque<Deferred>,
    /// When the store's counts were last asked for.
    pub counts_asked: Option<Instant>,
    /// The other queues' first pages and the counts, asked once the first
    /// page of the queue on screen is in (see `load_all`).
    pub rest_to_load: bool,
    /// When the store is asked for the filter text being typed.
    pub store_filter_due: Option<Instant>,
    /// A dialog the screen asks the console to open (a confirm, a note, a
    /// summary, the export prompt); the app takes it after each call.
    pub dialog: Option<crate::tui::overlays::Overlay>,
}

impl Default for QueuesScreen {
    fn default() -> Self {
        QueuesScreen {
            queues: CaseKind::ALL.iter().map(|k| Queue::new(*k)).collect(),
            tab: 0,
            filters: Filters::default(),
            filter_editing: false,
            focus: Focus::List,
            review: Review::default(),
            untick_armed: false,
            busy: Default::default(),
            deferred: Default::default(),
            counts_asked: None,
            rest_to_load: false,
            store_filter_due: None,
            dialog: None,
        }
    }
}

/// The review pane's extra data, loaded per case.
#[derive(Debug, Default)]
pub struct Review {
    pub view: Option<Box<crate::ra::CaseView>>,
    /// The case a `show` is running for.
    pub loading: Option<u64>,
    /// NIK shown in clear, for this case only.
    pub revealed: Option<(u64, String)>,
    pub scroll: u16,
    /// The case `scroll` is for: a new case starts at the top, the same
    /// one (after a tick) keeps its place.
    pub scrolled: Option<u64>,
    /// The furthest the pane scrolls, from its last drawing.
    pub max_scroll: std::cell::Cell<u16>,
}

/// A case and what the filters look at, computed once per load.
#[derive(Debug, Clone)]
pub struct Row {
    pub case: Case,
    /// Lower-case name, NIK, e-mail, agency and id, for `/`.
    hay: String,
    /// The case waits on the operator's role now (see `needs`).
    pub for_me: bool,
}

impl Row {
    pub fn new(case: Case, op: &Operator) -> Row {
        let s = &case.subscriber;
        let hay = format!(
            "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}",
            s.name, s.nik, s.email, s.agency, case.id
        )
        .to_lowercase();
        let for_me = needs(&case, op);
        Row { case, hay, for_me }
    }

    pub fn mine(&self, op: &str) -> bool {
        self.case.created_by == op || self.case.verified_by.as_deref() == Some(op)
    }
}

/// The case waits on this operator's role now (`workflow::waits_on`).
pub fn needs(case: &Case, op: &Operator) -> bool {
    workflow::waits_on(case, op)
}

/// The filter text as a case number: `153` (that case first, then other
/// matches) or `#153` (that case only; `true`).
pub fn exact_id(text: &str) -> Option<(u64, bool)> {
    let t = text.trim();
    let (digits, hash) = match t.strip_prefix('#') {
        Some(d) => (d, true),
        None => (t, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|id| (id, hash))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Oldest,
    DueSoonest,
    Name,
    State,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Oldest => SortKey::DueSoonest,
            SortKey::DueSoonest => SortKey::Name,
            SortKey::Name => SortKey::State,
            SortKey::State => SortKey::Oldest,
        }
    }
}

/// What the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub text: String,
    pub waiting: bool,
    pub overdue: bool,
    pub mine: bool,
    pub closed: bool,
    pub sort: SortKey,
}

impl Filters {
    /// The same filters; the sort is the console's own, not the store's.
    pub fn without_sort(&self) -> Filters {
        Filters {
            sort: SortKey::default(),
            ..self.clone()
        }
    }
}

/// Tab-title counts: waiting for my role, overdue, total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub waiting: usize,
    pub overdue: usize,
    pub total: usize,
}

#[derive(Debug, Clone)]
pub struct Queue {
    pub kind: CaseKind,
    /// The cases held, those shown, the cursor (`Deref` reaches them).
    pub list: FilteredList<Row>,
    pub marked: BTreeSet<u64>,
    pub loaded: bool,
    pub counts: QueueCounts,
    /// The filter text `view` was computed for (to narrow incrementally).
    applied: Option<Filters>,
    /// The store query the rows came from, and how many rows it gave.
    pub query: Option<CaseFilter>,
    pub fetched: usize,
    /// The store may hold more rows for `query`.
    pub more: bool,
    /// The generation of the last query asked; older answers are dropped.
    pub generation: u64,
    /// A page is on its way.
    pub asking: bool,
    /// Every case of the kind is held: `Some(false)` every pending case,
    /// `Some(true)` every case, closed too. Filters then run in memory.
    pub holds_all: Option<bool>,
    /// Counts from the store, for a queue not wholly held.
    pub store_counts: Option<QueueCounts>,
    /// The filters (sort aside) of the last query asked.
    pub asked_for: Option<Filters>,
}

/// The store query for a queue tab under the operator's filters: the
/// filters the store can run, a page of rows in the store's own order
/// (the console sorts what it holds).
pub fn store_query(kind: CaseKind, f: &Filters, op: &Operator, now: DateTime<Utc>, page: usize) -> CaseFilter {
    let (id, text) = match exact_id(&f.text) {
        Some((id, true)) => (Some(id), None),
        _ => (None, Some(f.text.trim().to_lowercase()).filter(|t| !t.is_empty())),
    };
    CaseFilter {
        kind: Some(kind),
        pending_only: !f.closed,
        overdue_at: f.overdue.then_some(now),
        mine: f.mine.then(|| op.name.clone()),
        states: f.waiting.then(|| workflow::moving_states(kind, op.role)),
        text,
        id,
        limit: page,
        unsorted: true,
        ..CaseFilter::default()
    }
}

/// A query that narrows nothing but closed or not: its pages, all read,
/// hold every case of the kind (pending, or all).
fn is_whole(q: &CaseFilter) -> bool {
    q.text.is_none() && q.id.is_none() && q.mine.is_none() && q.states.is_none() && q.overdue_at.is_none()
}

impl Queue {
    pub fn new(kind: CaseKind) -> Queue {
        Queue {
            kind,
            list: FilteredList::default(),
            marked: BTreeSet::new(),
            loaded: false,
            counts: QueueCounts::default(),
            applied: None,
            query: None,
            fetched: 0,
            more: false,
            generation: 0,
            asking: false,
            holds_all: None,
            store_counts: None,
            asked_for: None,
        }
    }

    /// Every case `f` could show is held already, so `f` runs in memory.
    pub fn covers(&self, f: &Filters) -> bool {
        // `#153` asks for that case closed or not.
        let closed = f.closed || matches!(exact_id(&f.text), Some((_, true)));
        match self.holds_all {
            Some(all) => all || !closed,
            None => false,
        }
    }

    /// A page of `query` came in: the first replaces what was held, a
    /// later one is added (a case already held is kept once).
    pub fn page_in(
        &mut self,
        start: usize,
        query: CaseFilter,
        cases: Vec<Case>,
        op: &Operator,
        f: &Filters,
        now: DateTime<Utc>,
    ) {
        self.asking = false;
        self.more = cases.len() >= query.limit;
        let n = cases.len();
        if start == 0 {
            self.holds_all = None;
            self.set_cases(cases, op, f, now);
            self.fetched = n;
        } else {
            let keep = self.selected_id();
            let held: BTreeSet<u64> = self.list.rows.iter().map(|r| r.case.id).collect();
            self.list.rows.extend(
                cases
                    .into_iter()
                    .filter(|c| !held.contains(&c.id))
                    .map(|c| Row::new(c, op)),
            );
            self.fetched += n;
            self.applied = None;
            self.refresh(f, now, keep, &op.name);
        }
        if !self.more && is_whole(&query) {
            self.holds_all = Some(!query.pending_only);
            self.refresh(f, now, self.selected_id(), &op.name);
        }
        self.query = Some(query);
    }

    /// The cursor is within two screens of the last row held and the
    /// store has more: the next page's first row.
    pub fn wants_more(&self, height: usize) -> Option<usize> {
        (self.more && !self.asking && self.list.cursor + 2 * height.max(1) >= self.list.view.len())
            .then_some(self.fetched)
    }

    /// Replaces every case (a load or reload).
    pub fn set_cases(&mut self, cases: Vec<Case>, op: &Operator, f: &Filters, now: DateTime<Utc>) {
        let keep = self.selected_id();
        let first = !self.loaded;
        self.list.rows = cases.into_iter().map(|c| Row::new(c, op)).collect();
        self.loaded = true;
        self.marked.retain(|id| self.list.rows.iter().any(|r| r.case.id == *id));
        self.applied = None;
        self.refresh(f, now, keep, &op.name);
        // At sign-in the cursor starts on the first case the operator can
        // act on, not on the oldest one.
        if first && let Some(p) = (0..self.list.view.len()).find(|&p| self.row(p).is_some_and(|r| r.for_me)) {
            self.list.cursor = p;
        }
    }

    /// One case changed (after an action); filters are applied again.
    pub fn replace(&mut self, case: Case, op: &Operator, f: &Filters, now: DateTime<Utc>) {
        let keep_pos = self.list.cursor;
        let keep = self.selected_id();
        match self.list.rows.iter_mut().find(|r| r.case.id == case.id) {
            Some(r) => *r = Row::new(case, op),
            None => self.list.rows.push(Row::new(case, op)),
        }
        self.applied = None;
        self.refresh(f, now, keep, &op.name);
        if self.selected_id() != keep {
            // The case left the view: the next one takes its place.
            self.list.cursor = keep_pos.min(self.list.view.len().saturating_sub(1));
        }
    }

    pub fn selected_id(&self) -> Option<u64> {
        self.selected().map(|r| r.case.id)
    }

    fn passes(&self, r: &Row, f: &Filters, needle: &str, op: &str, now: DateTime<Utc>) -> bool {
        let text = match exact_id(&f.text) {
            // `#153`: that case only (closed or filtered out or not).
            Some((id, true)) => return r.case.id == id,
            _ => needle.is_empty() || r.hay.contains(needle),
        };
        (f.closed || r.case.state.is_pending())
            && (!f.waiting || r.for_me)
            && (!f.overdue || r.case.is_overdue(now))
            && (!f.mine || r.mine(op))
            && text
    }

    /// Filters and sorts again, keeping the cursor on `keep` when it stays.
    /// When only the filter text grew, only the rows already shown are
    /// looked at again.
    pub fn refresh(&mut self, f: &Filters, now: DateTime<Utc>, keep: Option<u64>, op: &str) {
        let needle = f.text.to_lowercase();
        let narrowing = self.applied.as_ref().is_some_and(|a| {
            a.text.len() < f.text.len()
                && f.text.starts_with(&a.text)
                && Filters {
                    text: f.text.clone(),
                    ..a.clone()
                } == *f
        });
        if narrowing && exact_id(&f.text).is_none() {
            let rows = &self.list.rows;
            self.list.view.retain(|&i| rows[i as usize].hay.contains(&needle));
        } else {
            let mut view: Vec<u32> = (0..self.list.rows.len() as u32)
                .filter(|&i| self.passes(&self.list.rows[i as usize], f, &needle, op, now))
                .collect();
            let rows = &self.list.rows;
            let key = |i: &u32| &rows[*i as usize].case;
            match f.sort {
                SortKey::Oldest => view.sort_by_key(|i| (key(i).created_at, key(i).id)),
                SortKey::DueSoonest => view.sort_by_key(|i| (key(i).due_at, key(i).id)),
                SortKey::Name => view.sort_by(|a, b| key(a).subscriber.name.cmp(&key(b).subscriber.name)),
                SortKey::State => view.sort_by_key(|i| (key(i).state, key(i).created_at)),
            }
            // A number: the case with that number first.
            if let Some((id, _)) = exact_id(&f.text)
                && let Some(p) = view.iter().position(|&i| self.list.rows[i as usize].case.id == id)
            {
                let i = view.remove(p);
                view.insert(0, i);
            }
            self.list.view = view;
        }
        self.applied = Some(f.clone());
        // The tab's counts are the queue's, whatever the filter: from the
        // store, or from the rows when they are the whole queue; rows a
        // filter's query brought in (`#210`) leave them as they were.
        self.counts = match (self.holds_all, self.store_counts) {
            (None, Some(c)) => c,
            (None, None) => self.counts,
            (Some(_), _) => QueueCounts {
                waiting: self.list.rows.iter().filter(|r| r.for_me).count(),
                overdue: self.list.rows.iter().filter(|r| r.case.is_overdue(now)).count(),
                total: self.list.rows.iter().filter(|r| r.case.state.is_pending()).count(),
            },
        };
        self.list.cursor = keep
            .and_then(|id| self.list.position(|r| r.case.id == id))
            .unwrap_or(self.list.cursor)
            .min(self.list.view.len().saturating_sub(1));
    }

    /// After an action: the cursor goes to the next case that waits on
    /// the operator, from `from` on (the acted case's old place), then from
    /// the top; it stays when there is none.
    pub fn next_for_me(&mut self, from: usize, skip: Option<u64>, height: usize) {
        let n = self.list.view.len();
        let found = (from..n)
            .chain(0..from.min(n))
            .find(|&p| self.row(p).is_some_and(|r| r.for_me && Some(r.case.id) != skip));
        if let Some(p) = found {
            self.list.cursor = p;
        }
        self.scroll_into_view(height);
    }

    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_id()
            && !self.marked.remove(&id)
        {
            self.marked.insert(id);
        }
    }
}

impl Deref for Queue {
    type Target = FilteredList<Row>;
    fn deref(&self) -> &FilteredList<Row> {
        &self.list
    }
}

impl DerefMut for Queue {
    fn deref_mut(&mut self) -> &mut FilteredList<Row> {
        &mut self.list
    }
}

/// A key that waits for an earlier action on the same case to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deferred {
    Act { action: Action, ids: Vec<u64> },
    Tick { id: u64, n: u8, untick: bool },
}

impl Deferred {
    pub fn ids(&self) -> Vec<u64> {
        match self {
            Deferred::Act { ids, .. } => ids.clone(),
            Deferred::Tick { id, .. } => vec![*id],
        }
    }

    pub(crate) fn touches(&self, ids: &[u64]) -> bool {
        self.ids().iter().any(|i| ids.contains(i))
    }
}
