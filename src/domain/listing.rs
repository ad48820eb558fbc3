//! Plain types of the lists the front-ends show: the filter of a case list,
//! the case counts per queue, and a CA's last CRL publication.

use super::{CaseKind, CaseState};
use chrono::{DateTime, Utc};

/// Filters of `case list`.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub state: Option<CaseState>,
    pub pending_only: bool,
    pub overdue_at: Option<DateTime<Utc>>,
    pub limit: usize,
    /// Only cases of these agencies (a verifier's); `None`: every agency.
    pub agencies: Option<Vec<String>>,
}

/// Counts of cases per kind and state.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
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
}
