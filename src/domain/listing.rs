//! Plain types of the lists the front-ends show: the filter of a case list,
//! the case counts per queue, and a CA's last CRL publication.

use super::{CaseKind, CaseState};
use chrono::{DateTime, Utc};

/// Filters of `case list`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub state: Option<CaseState>,
    pub pending_only: bool,
    pub overdue_at: Option<DateTime<Utc>>,
    pub limit: usize,
    /// Only cases of these agencies (a verifier's); `None`: every agency.
    pub agencies: Option<Vec<String>>,
    /// Rows skipped before the first one returned (the console's pages).
    pub start: usize,
    /// Lower-case text found in the holder's name, NIK, e-mail or agency,
    /// or in the case number.
    pub text: Option<String>,
    /// Opened or verified by this operator.
    pub mine: Option<String>,
    /// Only cases in one of these states (the console's "waiting on me":
    /// the states where the operator's role moves a case on).
    pub states: Option<Vec<CaseState>>,
    /// This case only (`#153`), whatever its state.
    pub id: Option<u64>,
    /// Rows in the store's own order, not sorted by creation: the store
    /// stops reading at the page's end instead of sorting every match
    /// (the console pages this way and sorts what it holds).
    pub unsorted: bool,
}

impl CaseFilter {
    /// The same filter, `n` rows from `start` on.
    pub fn page(&self, start: usize, n: usize) -> CaseFilter {
        CaseFilter {
            start,
            limit: n,
            ..self.clone()
        }
    }
}

/// Counts of cases per kind and state.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub by_kind_state: Vec<(CaseKind, CaseState, u64)>,
}

impl Counts {
    pub fn get(&self, kind: CaseKind, state: CaseState) -> u64 {
        self.by_kind_state
            .iter()
            .find(|(k, s, _)| *k == kind && *s == state)
            .map_or(0, |x| x.2)
    }

    pub fn pending(&self, kind: CaseKind) -> u64 {
        self.by_kind_state
            .iter()
            .filter(|(k, s, _)| *k == kind && s.is_pending())
            .map(|x| x.2)
            .sum()
    }

    pub fn total(&self, kind: CaseKind) -> u64 {
        self.by_kind_state
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|x| x.2)
            .sum()
    }
}

/// A CA's last CRL publication: number, thisUpdate, nextUpdate, entries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct CrlState {
    pub number: u64,
    pub this_update: Option<DateTime<Utc>>,
    pub next_update: Option<DateTime<Utc>>,
    pub entries: Option<u64>,
    /// The hold counter (`counter:crl_holds`) the CRL was signed at.
    #[serde(default)]
    pub holds: Option<u64>,
    /// Of the entries listed, how many are certificates on hold
    /// (certificateHold) when it was signed.
    #[serde(default)]
    pub held: Option<u64>,
}

impl CrlState {
    /// Every entry the CRL lists: revocations and holds (the one count
    /// shown everywhere, holds named apart).
    pub fn listed(&self) -> u64 {
        self.entries.unwrap_or(0) + self.held.unwrap_or(0)
    }
}
