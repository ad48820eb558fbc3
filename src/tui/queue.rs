//! One request queue held in memory: every case of a kind, the rows the
//! filters and sort let through (indices, so 100k cases stay cheap), the
//! cursor, the scroll offset and the marked cases.

use crate::domain::case::workflow;
use crate::domain::{Action, Case, CaseKind, CaseState, Operator};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

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

/// Actions that do not move a case on: being able to take them does not
/// make a case wait on the operator.
const SIDE_STEPS: [Action; 6] = [
    Action::Reject,
    Action::Hold,
    Action::Resume,
    Action::Cancel,
    Action::Return,
    Action::Untick,
];

/// The case waits on this operator's role now: one of the steps that move
/// it on is theirs (ready, or waiting on their own checklist). Cases
/// waiting on the applicant (their data, their passphrase) or on hold
/// wait on someone else, even where the operator could step in.
pub fn needs(case: &Case, op: &Operator) -> bool {
    if matches!(
        case.state,
        CaseState::AwaitingApplicantData | CaseState::AwaitingPassphrase | CaseState::OnHold
    ) {
        return false;
    }
    workflow::allowed(case, op)
        .iter()
        .any(|a| !SIDE_STEPS.contains(&a.action))
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
    pub rows: Vec<Row>,
    /// Indices into `rows`, filtered and sorted.
    pub view: Vec<u32>,
    /// Position in `view`.
    pub cursor: usize,
    /// First row drawn.
    pub offset: usize,
    pub marked: BTreeSet<u64>,
    pub loaded: bool,
    pub counts: QueueCounts,
    /// The filter text `view` was computed for (to narrow incrementally).
    applied: Option<Filters>,
}

impl Queue {
    pub fn new(kind: CaseKind) -> Queue {
        Queue {
            kind,
            rows: Vec::new(),
            view: Vec::new(),
            cursor: 0,
            offset: 0,
            marked: BTreeSet::new(),
            loaded: false,
            counts: QueueCounts::default(),
            applied: None,
        }
    }

    /// Replaces every case (a load or reload).
    pub fn set_cases(&mut self, cases: Vec<Case>, op: &Operator, f: &Filters, now: DateTime<Utc>) {
        let keep = self.selected_id();
        self.rows = cases.into_iter().map(|c| Row::new(c, op)).collect();
        self.loaded = true;
        self.marked.retain(|id| self.rows.iter().any(|r| r.case.id == *id));
        self.applied = None;
        self.refresh(f, now, keep, &op.name);
    }

    /// One case changed (after an action); filters are applied again.
    pub fn replace(&mut self, case: Case, op: &Operator, f: &Filters, now: DateTime<Utc>) {
        let keep_pos = self.cursor;
        let keep = self.selected_id();
        match self.rows.iter_mut().find(|r| r.case.id == case.id) {
            Some(r) => *r = Row::new(case, op),
            None => self.rows.push(Row::new(case, op)),
        }
        self.applied = None;
        self.refresh(f, now, keep, &op.name);
        if self.selected_id() != keep {
            // The case left the view: the next one takes its place.
            self.cursor = keep_pos.min(self.view.len().saturating_sub(1));
        }
    }

    pub fn row(&self, pos: usize) -> Option<&Row> {
        self.view.get(pos).and_then(|&i| self.rows.get(i as usize))
    }

    pub fn selected(&self) -> Option<&Row> {
        self.row(self.cursor)
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
            let rows = &self.rows;
            self.view.retain(|&i| rows[i as usize].hay.contains(&needle));
        } else {
            let mut view: Vec<u32> = (0..self.rows.len() as u32)
                .filter(|&i| self.passes(&self.rows[i as usize], f, &needle, op, now))
                .collect();
            let rows = &self.rows;
            let key = |i: &u32| &rows[*i as usize].case;
            match f.sort {
                SortKey::Oldest => view.sort_by_key(|i| (key(i).created_at, key(i).id)),
                SortKey::DueSoonest => view.sort_by_key(|i| (key(i).due_at, key(i).id)),
                SortKey::Name => view.sort_by(|a, b| key(a).subscriber.name.cmp(&key(b).subscriber.name)),
                SortKey::State => view.sort_by_key(|i| (key(i).state, key(i).created_at)),
            }
            // A number: the case with that number first.
            if let Some((id, _)) = exact_id(&f.text)
                && let Some(p) = view.iter().position(|&i| self.rows[i as usize].case.id == id)
            {
                let i = view.remove(p);
                view.insert(0, i);
            }
            self.view = view;
        }
        self.applied = Some(f.clone());
        self.counts = QueueCounts {
            waiting: self.rows.iter().filter(|r| r.for_me).count(),
            overdue: self.rows.iter().filter(|r| r.case.is_overdue(now)).count(),
            total: self.rows.len(),
        };
        self.cursor = keep
            .and_then(|id| self.view.iter().position(|&i| self.rows[i as usize].case.id == id))
            .unwrap_or(self.cursor)
            .min(self.view.len().saturating_sub(1));
    }

    /// Moves the cursor by `delta` rows and keeps it inside `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.view.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last.max(0)) as usize;
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + h {
            self.offset = self.cursor + 1 - h;
        }
        self.offset = self.offset.min(self.view.len().saturating_sub(1));
    }

    /// The first row to draw in `height` rows, so the cursor always shows.
    pub fn first_visible(&self, height: usize) -> usize {
        let h = height.max(1);
        let mut off = self.offset;
        if self.cursor < off {
            off = self.cursor;
        } else if self.cursor >= off + h {
            off = self.cursor + 1 - h;
        }
        off
    }

    /// After an action: the cursor goes to the next case that waits on
    /// the operator, from `from` on (the acted case's old place), then from
    /// the top; it stays when there is none.
    pub fn next_for_me(&mut self, from: usize, skip: Option<u64>, height: usize) {
        let n = self.view.len();
        let found = (from..n)
            .chain(0..from.min(n))
            .find(|&p| self.row(p).is_some_and(|r| r.for_me && Some(r.case.id) != skip));
        if let Some(p) = found {
            self.cursor = p;
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
