//! The use-cases. Each checks the actor's role and the four-eyes rule,
//! moves the case through its state machine, and writes the change, its
//! audit event and its e-mails in one transaction. The CLI and the console
//! call only this (through `api`).
//!
//! Where to start: `act.rs` (acting on a case; approving, read top to
//! bottom, down to the batch-then-single issuing), `issuance.rs` (signing
//! a certificate, intent first), `cases.rs` (opening, ticking, reading
//! cases), `applicant.rs` and `links.rs` (the applicant's own steps),
//! `duties.rs` (what the service does on its own), `demo/` (the demo).

mod act;
mod agencies;
mod applicant;
pub mod archive;
mod auth;
pub mod backup;
mod ca_setup;
mod cases;
mod certs;
mod clock;
mod console;
mod crl;
pub mod demo;
mod documents;
mod duties;
mod error;
mod expiry;
mod hold;
mod holders;
mod issuance;
mod links;
mod ocsp;
mod ocsp_lookup;
mod outbox;
mod portal_tls;
mod publication;
mod report;
mod revocation;
mod scope;
mod sessions;
mod targets;
mod verify;

/// The CA types the front-ends name: what `ca init` is asked for, and a
/// decoded certificate, CRL, CSR or PKCS#12.
pub use crate::ca::{HierarchySpec, Inspection, first_certificate_der, write_atomic};
pub use crate::store::StoreError;
pub use act::ISSUE_BATCH;
pub use applicant::{ApplicantData, Upload};
pub use auth::{hash_pin, verify_pin};
pub use ca_setup::{CaStatus, DEMO_CA_PASSPHRASE};
pub use cases::{CaseView, HistoryEntry};
pub use certs::{CertFormat, CertView, ImportReport, InspectReport, inspect_file_only, read_import_files};
pub use clock::Clock;
pub use console::{AuditLine, CaseChanges, PAGE};
pub use crl::Published;
pub use documents::write_private;
pub use duties::{DutySettings, SERVICE_OPERATOR};
pub use error::RaError;
pub use expiry::{days_left, runs_expiry_watch};
pub use holders::{HolderCase, HolderCert, HolderLine, HolderView};
pub use issuance::{Issued, P12_MAX_FAILURES};
pub use links::{LINK_PLACEHOLDER, OpenedLink};
pub use ocsp::OCSP_SIGNER_DAYS;
pub use outbox::Delivered;
pub use portal_tls::{API_TLS, PORTAL_TLS, TLS_PROFILE, TlsIdentity, TlsUse};
pub use publication::{Publication, PublishedFile, url_path};
pub use revocation::normalize_serial;
pub use sessions::{ADDRESS_LIMIT, LOCK_MINUTES, PIN_LIMIT, SESSION_HOURS, Session};
pub use verify::AuditReport;

use crate::ca::{CaUrls, KeyAlg, Profiles};
use crate::domain::audit::AuditEvent;
use crate::domain::{Case, Operator, Sla};
use crate::locale::Lang;
use crate::store::{Batch, EventRef, Store, append_audit};
use ca_setup::UnlockedCa;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// The most rows one listing answers with (cases, certificates): a
/// client that asks for more gets this many, so one call cannot make the
/// service read a whole table into memory.
pub const MAX_PAGE: usize = 1000;

pub type Result<T> = std::result::Result<T, RaError>;

tokio::task_local! {
    /// The address of the client whose request the service is running:
    /// written into the audit events of that request.
    pub static CLIENT: String;
}

/// Refuses `op` unless their role is one of `roles`; `what` says why.
pub(crate) fn require_role(op: &Operator, roles: &[crate::domain::Role], what: &str) -> Result<()> {
    if roles.contains(&op.role) {
        Ok(())
    } else {
        Err(RaError::NotAllowed(format!(
            "{} is signed in as {}; {what}",
            op.name, op.role
        )))
    }
}

/// Settings the use-cases need.
#[derive(Debug, Clone)]
pub struct RaConfig {
    pub sla: Sla,
    pub lang: Lang,
    pub mail_from: String,
    /// Where applicants open their links: `{portal_url}/l/TOKEN` (the
    /// address of `ratu serve --portal`, or the reverse proxy before it).
    pub portal_url: String,
    /// How long a one-time link stays valid.
    pub link_lifetime: chrono::Duration,
    /// Free space kept on the data folder's disk (config `min_free`).
    pub min_free: crate::domain::space::MinFree,
    /// The subscriber agreement applicants accept (assets/agreement/).
    pub agreement: crate::domain::agreement::Agreement,
    pub ca: CaSettings,
    /// The archive's folder, its monthly duty and the retention.
    pub archive: archive::ArchiveSettings,
    /// What the office's reports say and count by.
    pub report: ReportSettings,
}

/// The office's name on its reports, its service standard and calendar.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    /// Config `office_name`.
    pub office: String,
    /// Config `service_days`: working days the office allows itself.
    pub service_days: u32,
    /// Config `utc_offset` and `holidays`.
    pub calendar: crate::domain::calendar::Calendar,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            office: "Dinas Komunikasi dan Informatika".into(),
            service_days: 3,
            calendar: Default::default(),
        }
    }
}

/// Where the CA lives and how it issues.
#[derive(Debug, Clone)]
pub struct CaSettings {
    /// CA certificates and encrypted keys (0700).
    pub dir: PathBuf,
    /// Where CRLs and CA certificates are published.
    pub publish_dir: PathBuf,
    /// CRL DP and AIA caIssuers of issued certificates.
    pub urls: CaUrls,
    /// CRL DP of the issuing CA's certificate (the root's CRL).
    pub root_crl_url: Option<String>,
    /// nextUpdate = thisUpdate + this.
    pub crl_interval: chrono::Duration,
    pub profiles: Profiles,
    /// Profile of certificates issued from cases.
    pub profile: String,
    /// Key type generated for applicants at the set-passphrase step.
    pub subscriber_alg: KeyAlg,
}

impl Default for CaSettings {
    /// Folders under the system temp dir, one per process: what tests and
    /// benches get unless they say otherwise (`Config` always does).
    fn default() -> Self {
        // One folder per process, named by its id and start time: a later
        // process that happens to get the same id must not find this one's
        // CA (a demo would then skip making its own).
        static TMP: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let tmp = TMP
            .get_or_init(|| {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default();
                std::env::temp_dir().join(format!("ratu-{}-{nanos}", std::process::id()))
            })
            .clone();
        Self {
            dir: tmp.join("ca"),
            publish_dir: tmp.join("publish"),
            urls: CaUrls::default(),
            root_crl_url: None,
            crl_interval: chrono::Duration::hours(24),
            profiles: Profiles::builtin(),
            profile: "signing".into(),
            subscriber_alg: KeyAlg::Rsa2048,
        }
    }
}

impl Default for RaConfig {
    fn default() -> Self {
        let ca = CaSettings::default();
        // Beside the CA folder: the same per-process folder for tests.
        let archive = archive::ArchiveSettings {
            dir: ca.dir.with_file_name("archive"),
            duty: false,
            retention_years: archive::DEFAULT_RETENTION_YEARS,
        };
        Self {
            sla: Sla::default(),
            lang: Lang::Id,
            mail_from: "RA Diskominfo <ra@diskominfo.go.id>".into(),
            portal_url: "https://ra.diskominfo.go.id".into(),
            link_lifetime: chrono::Duration::hours(i64::from(crate::domain::link::DEFAULT_LINK_HOURS)),
            min_free: Default::default(),
            agreement: crate::domain::agreement::Agreement::current(),
            ca,
            archive,
            report: ReportSettings::default(),
        }
    }
}

/// The registration authority: a store, settings, a clock, and the CA once
/// it is unlocked (its keys decrypted in memory only).
#[derive(Clone)]
pub struct Ra {
    store: Store,
    cfg: RaConfig,
    clock: Clock,
    ca: Arc<RwLock<Option<Arc<UnlockedCa>>>>,
    /// The OCSP responder, once the CA issued its certificate.
    ocsp: Arc<RwLock<Option<Arc<ocsp::Responder>>>>,
}

impl Ra {
    /// Opens the database `target` (the schema applied or checked) and an
    /// RA on it: what the front-ends start from.
    pub async fn open(target: &crate::domain::DbTarget, cfg: RaConfig, clock: Clock) -> Result<Self> {
        Ok(Self::new(Store::open(target).await?, cfg, clock))
    }

    /// The same store under another configuration (the service opens the
    /// store first, then reads the site's configuration).
    pub fn with_config(&self, cfg: RaConfig) -> Self {
        Self::new(self.store.clone(), cfg, self.clock)
    }

    /// The service's server schema (as root): no operator access, every
    /// table closed to other users.
    pub async fn apply_server_schema(&self) -> Result<()> {
        Ok(self.store.apply_server_schema().await?)
    }

    pub fn new(store: Store, cfg: RaConfig, clock: Clock) -> Self {
        store.set_min_free(cfg.min_free);
        Self {
            store,
            cfg,
            clock,
            ca: Arc::default(),
            ocsp: Arc::default(),
        }
    }

    /// Lets go of the store and waits (at most `limit`) until an embedded
    /// database has shut down cleanly; see [`Store::close`]. False when
    /// another handle kept it open.
    pub async fn close(self, limit: std::time::Duration) -> bool {
        let Self { store, ca, ocsp, .. } = self;
        drop((ca, ocsp));
        store.close(limit).await
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Why writes are refused now (the data folder read-only, or below its
    /// free-space reserve), in one line; none when there is room.
    pub fn no_room(&self) -> Option<String> {
        self.store.no_room().map(|r| r.to_string())
    }

    /// Watches `dir` for room before every write (the service's data
    /// folder, whatever database it uses).
    pub fn guard_space(&self, dir: &std::path::Path) {
        self.store.guard_space(dir);
        self.store.set_min_free(self.cfg.min_free);
    }

    pub fn config(&self) -> &RaConfig {
        &self.cfg
    }

    /// Adds the audit event for `op` doing `action` to the batch.
    fn audit(&self, b: &mut Batch, op: &str, action: &str, case: Option<&Case>, detail: impl Into<String>) -> EventRef {
        let mut ev = AuditEvent::new(self.now(), op, action, case.map(|c| c.id), detail);
        ev.from = CLIENT.try_with(Clone::clone).ok();
        append_audit(b, &ev.body(), ev.case_id)
    }

    /// Auditors read; nobody else is refused a read.
    fn can_read(_op: &Operator) -> bool {
        true
    }
}
