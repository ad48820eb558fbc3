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
//! The smaller screens take a [`crate::tui::cx::Cx`] (what a screen may
//! use of the console) instead of the app. The queues screen is the
//! console's home: its keys and actions (`keys.rs`, `act.rs`, `paging.rs`)
//! still work on the app itself, from above it.

pub mod audit;
pub mod ca;
pub mod certs;
pub mod new_case;
pub mod queues;
pub mod reports;
pub mod signin;
