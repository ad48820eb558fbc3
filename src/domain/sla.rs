//! Service level: a case is due a number of days after submission (seed 001:
//! 1 to 3 days); open cases past that are overdue.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sla {
    pub days: u32,
}

impl Default for Sla {
    fn default() -> Self {
        Self { days: 3 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaStatus {
    /// More than a day left.
    OnTime,
    /// Less than a day left.
    DueSoon,
    Overdue,
    /// Closed cases are past the service level.
    Closed,
}

impl Sla {
    pub fn due(self, submitted: DateTime<Utc>) -> DateTime<Utc> {
        submitted + Duration::days(i64::from(self.days))
    }

    pub fn status(due: DateTime<Utc>, closed: bool, now: DateTime<Utc>) -> SlaStatus {
        if closed {
            SlaStatus::Closed
        } else if now > due {
            SlaStatus::Overdue
        } else if due - now < Duration::days(1) {
            SlaStatus::DueSoon
        } else {
            SlaStatus::OnTime
        }
    }
}
