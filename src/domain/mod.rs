//! Pure types and rules, no I/O.

pub mod agency;
pub mod agreement;
pub mod audit;
pub mod calendar;
pub mod case;
mod cert;
mod db_target;
mod holder;
pub mod identity;
pub mod link;
mod listing;
mod named;
pub mod passphrase;
pub mod report;
mod revocation;
mod role;
mod sla;
pub mod space;
mod subscriber;
pub mod text;

pub use case::{Action, Case, CaseKind, CaseState, CheckItem, DocKind, NewCase};
pub use cert::{CertRecord, CertState, CertStatus, EXPIRING_DAYS, parse_window};
pub use db_target::DbTarget;
pub use holder::{FieldChange, Holder, HolderChange, apply_changes, changes_between};
pub use identity::FieldError;
pub use link::{Link, LinkRefusal, LinkStep, LinkToken};
pub use listing::{CaseFilter, Counts, CrlState};
pub use revocation::RevocationReason;
pub use role::{Operator, Role, validate_operator_name};
pub use sla::{Sla, SlaStatus};
pub use subscriber::{EmploymentStatus, Subscriber, SubscriberForm};
