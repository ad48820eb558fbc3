//! ratu: a terminal console for a Registration Authority and its
//! Certificate Authority. Arrows point down only:
//! `cli`, `tui` → `api` (one interface: `ra` here, or the service's API);
//! `serve` → `api`, `ra`; `ra` → `ca`, `store`, `audit`, `notify` → `domain`;
//! `tui`, `serve` → `preview` (documents decoded under limits) → `domain`;
//! `cli`, `tui` → `report` (a report's words, text, CSV, XLSX, PDF) → `domain`;
//! `crash` (named crash points, empty outside test builds) is a leaf any
//! wing may pass.

// The release build lays out the futures of the in-process SurrealDB
// server (`serve`) deeper than the default limit of 128 allows.
#![recursion_limit = "256"]

pub mod api;
pub mod audit;
pub mod ca;
pub mod cli;
pub mod config;
pub mod crash;
pub mod domain;
pub mod notify;
pub mod preview;
pub mod ra;
pub mod report;
pub mod serve;
pub mod store;
pub mod tui;
