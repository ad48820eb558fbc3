//! A folder per screen: its state, its keys and commands, what it asks of
//! the office, and its drawing. `Screen` (in `route.rs`) names them.
//!
//! | folder | screen |
//! |---|---|
//! | `signin/` | operator name and PIN |
//! | `queues/` | the six request queues, the review pane, case actions |
//! | `new_case/` | the new-case form |
//! | `audit/` | the audit trail and its chain check |
//! | `certs/` | certificates, their status and detail |
//! | `ca/` | the CA and its CRLs |
//! | `reports/` | the office's numbers for a period |
//!
//! Every screen takes a [`crate::tui::cx::Cx`] (what a screen may use of
//! the console: the office, the operator, the words, the time, tasks and
//! toasts) instead of the app, and draws from its own state and a
//! [`crate::tui::look::Look`]. What only the app can do (open a dialog,
//! switch screens, follow a case to its certificate) comes back as a small
//! request: `signin::Leave`, `certs::Leave`, `new_case::KeyAnswer`,
//! `QueuesScreen::dialog`. `tui/app/` carries these out.

pub mod audit;
pub mod ca;
pub mod certs;
pub mod new_case;
pub mod queues;
pub mod reports;
pub mod signin;
