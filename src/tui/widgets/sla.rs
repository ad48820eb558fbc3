//! The SLA badge: time left until the case is due, coloured by how much.

use crate::domain::{Case, Sla, SlaStatus};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use ratatui::style::Style;

/// Badge text and style: `2d`, `5h` left; `-3h` past due; `—` closed.
pub fn badge(case: &Case, now: DateTime<Utc>, t: &Theme) -> (String, Style) {
    let status = Sla::status(case.due_at, case.state.is_closed(), now);
    let left = case.due_at - now;
    let text = |mins: i64| {
        let a = mins.abs();
        let v = if a < 60 {
            format!("{a}m")
        } else if a < 48 * 60 {
            format!("{}h", a / 60)
        } else {
            format!("{}d", a / 1440)
        };
        if mins < 0 { format!("-{v}") } else { v }
    };
    match status {
        SlaStatus::OnTime => (text(left.num_minutes()), t.ok),
        SlaStatus::DueSoon => (text(left.num_minutes()), t.warn),
        SlaStatus::Overdue => (format!("!{}", text(left.num_minutes())), t.danger),
        SlaStatus::Closed => ("—".into(), t.closed),
    }
}
