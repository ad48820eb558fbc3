//! The command line as clap sees it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "ratu",
    version,
    about = "Registration Authority console: request queues, review, certificates"
)]
pub struct Cli {
    /// Data folder (database, outbox, CA files).
    #[arg(long, global = true, env = "RATU_DATA")]
    pub data: Option<PathBuf>,
    /// Database URL: surrealkv://PATH (default: DATA/db), mem://, or ws://HOST:PORT for a shared server.
    #[arg(long, global = true, env = "RATU_DB")]
    pub db: Option<String>,
    #[arg(long, global = true, env = "RATU_DB_USER", hide = true)]
    pub db_user: Option<String>,
    #[arg(long, global = true, env = "RATU_DB_PASS", hide_env_values = true, hide = true)]
    pub db_pass: Option<String>,
    /// Config file (default: ~/.config/ratu/config.toml).
    #[arg(long, global = true, env = "RATU_CONFIG")]
    pub config: Option<PathBuf>,
    /// Operator to sign in as; the PIN is read without echo, or from RATU_PIN.
    #[arg(long, global = true, env = "RATU_OPERATOR")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Parsed once per run; the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Create the data folder, the schema and the first ca_admin.
    Init {
        /// Name of the first ca_admin.
        #[arg(long, default_value = "admin")]
        admin: String,
    },
    /// Operators and their roles.
    #[command(subcommand)]
    Operator(OperatorCmd),
    /// Cases in the four queues.
    #[command(subcommand)]
    Case(CaseCmd),
    /// The hash-chained audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// E-mails waiting in the outbox.
    #[command(subcommand)]
    Outbox(OutboxCmd),
    /// Make (or reuse) a demo data folder with operators and cases.
    Demo {
        /// Demo folder (default: DATA/demo).
        #[arg(long = "demo-dir")]
        data: Option<PathBuf>,
        /// Number of cases.
        #[arg(long, default_value_t = 200)]
        cases: usize,
    },
    /// Read a certificate, CRL, CSR or PKCS#12.
    Inspect { file: PathBuf },
    #[command(skip)]
    Console,
}

#[derive(Debug, Clone, Subcommand)]
pub enum OperatorCmd {
    /// Add an operator (ca_admin only); the PIN is read without echo.
    Add {
        name: String,
        #[arg(long)]
        role: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum AuditCmd {
    /// Check the whole chain; exit 3 and name the first broken event.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum OutboxCmd {
    /// Deliver unsent e-mails (.eml files, or the SMTP relay).
    Deliver,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Subcommand)]
pub enum CaseCmd {
    /// Open a case (verifier).
    New(NewCaseArgs),
    /// List cases, oldest first.
    List {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        state: Option<String>,
        /// Only pending cases past their due time.
        #[arg(long)]
        overdue: bool,
        /// Only open cases.
        #[arg(long)]
        pending: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Counts per queue and state.
    Counts {
        #[arg(long)]
        json: bool,
    },
    /// One case with documents, checklist, history and allowed actions.
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
        /// Show the NIK in clear (recorded in the audit trail).
        #[arg(long)]
        reveal_nik: bool,
    },
    /// Take an action: a transition name, or tick:ITEM / untick:ITEM.
    Act {
        id: u64,
        action: String,
        #[arg(long)]
        note: Option<String>,
        /// The version you reviewed; refused if the case changed since.
        #[arg(long)]
        version: Option<u64>,
    },
    /// Attach a document: KIND=PATH (PDF, JPEG or PNG, at most 10 MiB).
    Attach { id: u64, doc: String },
    /// Write a document back to a file, byte-identical.
    Export {
        doc_id: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct NewCaseArgs {
    /// issuance, renewal, update or revocation.
    pub kind: String,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub nik: String,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub agency: String,
    #[arg(long)]
    pub nip: Option<String>,
    #[arg(long)]
    pub npwp: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub position: Option<String>,
    /// pns, pppk or other (default: from the NIP).
    #[arg(long)]
    pub employment: Option<String>,
    /// Revocation reason (RFC 5280 name, e.g. keyCompromise).
    #[arg(long)]
    pub reason: Option<String>,
    /// Serial of the certificate concerned (renewal, update, revocation).
    #[arg(long)]
    pub serial: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Document KIND=PATH; repeat for several.
    #[arg(long = "doc")]
    pub docs: Vec<String>,
    #[arg(long)]
    pub json: bool,
}
