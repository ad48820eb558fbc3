//! ratu: a terminal console for a Registration Authority and its
//! Certificate Authority. The house, arrows pointing down only:
//!
//! ```text
//!  front-ends    cli (command line)    tui (console)    serve (HTTP routes, applicant page, duties)
//!                  │    └── report ──────┤ └── preview ────┤   (a report's files; documents under limits)
//!                  └───────────┬─────────┘                 │
//!  one interface              api  (Office: `ra` here, or the service's API)
//!                              │                           │
//!  use-cases                   ra  (roles, four eyes, approve in `ra/act.rs`, the demo)
//!                  ┌───────────┼───────────┐
//!  wings           ca          store       notify
//!                  (no DB)     (SurrealDB) (e-mail)
//!                  └───────────┼───────────┘
//!  core                      domain  (pure: cases, the workflow table, identity
//!                                     numbers, the audit chain, reports' tables)
//!  leaves          locale (text per language, `assets/locales/{id,en}/*.ftl`),
//!                  secret (the one secret reader), crash (named crash points)
//! ```
//!
//! `config` reads the config file into `ra`'s, `ca`'s and `store`'s
//! settings: the front-ends call it, and it sits above the wings it fills.
//! The front-ends also name `ra`'s types (a case's view, an audit line)
//! that travel through `api`. `python3 tools/look.py .` counts the
//! circles between modules (none). README.md's "Layout" names the folders
//! a newcomer looks in first.

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
