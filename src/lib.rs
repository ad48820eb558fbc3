//! ratu: a terminal console for a Registration Authority and its
//! Certificate Authority. The house, arrows pointing down only:
//!
//! ```text
//!  front-ends   cli (this command line)   tui (the console)   serve (the site service)
//!                    │                        │                 │  its HTTP routes, the
//!                    └──────────┬─────────────┘                 │  applicant page, duties
//!  one interface               api  (Office: `ra` here, or the service's API)
//!                               │                               │
//!  use-cases                    ra  (roles, four eyes, approve in `ra/act.rs`, the demo)
//!                 ┌─────────┬───┴─────┬──────────┐
//!  wings          ca        store     notify     report, preview
//!                 (no DB)   (SurrealDB) (e-mail) (a report's files; documents under limits)
//!                 └─────────┴────┬────┴──────────┘
//!  core                        domain  (pure: cases, the workflow table, identity
//!                                       numbers, the audit chain, reports' tables)
//!  leaves         locale (text per language: `assets/locales/{id,en}/*.ftl`),
//!                 secret (the one secret reader), config, crash (named crash points)
//! ```
//!
//! `tui`, `serve` → `preview`; `cli`, `tui` → `report`; any wing may use a
//! leaf. README.md's "Layout" names the folders a newcomer looks in first.

// The release build lays out the futures of the in-process SurrealDB
// server (`serve`) deeper than the default limit of 128 allows.
#![recursion_limit = "256"]

pub mod api;
pub mod ca;
pub mod cli;
pub mod config;
pub mod crash;
pub mod domain;
pub mod locale;
pub mod notify;
pub mod preview;
pub mod ra;
pub mod report;
pub mod secret;
pub mod serve;
pub mod store;
pub mod tui;
