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
    /// Database URL: surrealkv://PATH (default: DATA/db) or mem://; for `ratu serve`, also an
    /// existing SurrealDB server (ws://HOST:PORT) or TiKV (tikv://PD:PORT). Consoles and the
    /// CLI reach an office's service with --server instead.
    #[arg(long, global = true, env = "RATU_DB")]
    pub db: Option<String>,
    /// The office's service (`ratu serve --listen`): https://HOST:PORT, or http://127.0.0.1:PORT
    /// on the service's own machine. Every command then runs there, as the operator signed in.
    #[arg(long, global = true, env = "RATU_SERVER")]
    pub server: Option<String>,
    /// The office's root certificate to trust for --server (`ratu ca export` gives it); default:
    /// the root in the data folder's CA when there is one, else the system's roots.
    #[arg(long, global = true, env = "RATU_SERVER_CA")]
    pub server_ca: Option<PathBuf>,
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
    /// Agencies: the managed list a case's agency comes from.
    #[command(subcommand)]
    Agency(AgencyCmd),
    /// Cases in the queues: issuance, renewal, update, revocation, reset, reactivation.
    #[command(subcommand)]
    Case(CaseCmd),
    /// Holders: one per person (NIK), with their cases and certificates.
    #[command(subcommand)]
    Holder(HolderCmd),
    /// The hash-chained audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// E-mails waiting in the outbox.
    #[command(subcommand)]
    Outbox(OutboxCmd),
    /// Make (or reuse) a demo data folder with operators and cases: in
    /// --demo-dir, else in --data, else in the default data folder's demo/.
    Demo {
        /// Demo folder (the same as --data).
        #[arg(long = "demo-dir", id = "demo_dir")]
        demo_dir: Option<PathBuf>,
        /// Number of cases.
        #[arg(long, default_value_t = 200)]
        cases: usize,
        /// Where `ratu serve --publish` will answer for the demo: its
        /// certificates carry CRL and OCSP URLs there (unless the config
        /// names its own).
        #[arg(long, default_value = "127.0.0.1:8081")]
        publish: std::net::SocketAddr,
    },
    /// The certificate authority: set up, status, export.
    #[command(subcommand)]
    Ca(CaCmd),
    /// Certificate revocation lists.
    #[command(subcommand)]
    Crl(CrlCmd),
    /// Certificates: status, export, revocation, import.
    #[command(subcommand)]
    Cert(CertCmd),
    /// Read a certificate, CRL, CSR or PKCS#12 (PEM or DER); a PKCS#12's
    /// passphrase comes from RATU_P12_PASSPHRASE or is asked for.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The site service, the office's RA: it alone opens the database (a
    /// SurrealDB server in this process on DATA/db, loopback only) and
    /// serves the API consoles and the CLI reach with --server. Stops on
    /// SIGTERM or Ctrl-C.
    Serve {
        /// Where consoles, the CLI and other systems reach the API: HTTPS
        /// with --tls, or plain HTTP on a loopback address only (for a
        /// reverse proxy in front).
        #[arg(long, default_value = "127.0.0.1:8000")]
        listen: std::net::SocketAddr,
        /// Serve the API over TLS with a server certificate from this CA
        /// (profile tls-server), kept in DATA/serve/api-tls.* and renewed
        /// before it runs out.
        #[arg(long)]
        tls: bool,
        /// Let tools and backups reach the service's own SurrealDB server
        /// here (loopback only; root credential in DATA/serve/). None: it
        /// listens on a loopback port of its own choosing, for the service
        /// alone.
        #[arg(long, value_name = "ADDR")]
        db_listen: Option<std::net::SocketAddr>,
        /// Name of the first ca_admin, made at first start when no operator
        /// exists, with the PIN from RATU_PIN (or typed twice).
        #[arg(long, default_value = "admin")]
        admin: String,
        /// Serve relying parties over plain HTTP on this address: CRLs and
        /// CA certificates at the paths of crl_url, ca_issuers_url and
        /// root_crl_url, and OCSP at the path of ocsp_url.
        #[arg(long, value_name = "ADDR")]
        publish: Option<std::net::SocketAddr>,
        /// Serve the applicant page on this address (the one-time links
        /// of e-mails; set portal_url to the address applicants reach):
        /// plain HTTP behind the office's TLS reverse proxy, or TLS with
        /// --portal-tls.
        #[arg(long, value_name = "ADDR")]
        portal: Option<std::net::SocketAddr>,
        /// Serve the applicant page over TLS with a server certificate
        /// from this CA (profile tls-server) for portal_url's host and the
        /// --portal address, kept in DATA/serve/portal-tls.* and renewed
        /// before it runs out. Needs the CA passphrase when a certificate
        /// is due.
        #[arg(long, requires = "portal")]
        portal_tls: bool,
    },
    /// Back up the database (a consistent export, taken while others
    /// work), the CA folder and the configuration into one file encrypted
    /// under a passphrase (age; RATU_BACKUP_PASSPHRASE or asked twice).
    /// CA admin. On the service, run it where DATA/serve/root-credential is.
    Backup {
        /// The backup file to write (0600).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup onto an empty data folder (--data); the passphrase
    /// from RATU_BACKUP_PASSPHRASE or asked once.
    Restore { file: PathBuf },
    /// The office's numbers for a period: cases received and closed per
    /// kind, outcomes, processing time in working days against the service
    /// standard, certificates in force and expiring, revocations, and each
    /// officer's work. Overall and per agency (a verifier's: their own).
    Report(ReportArgs),
    /// The archive of closed cases (BagIt bags, signed by the office's CA)
    /// and the retention of personal documents.
    #[command(subcommand)]
    Archive(ArchiveCmd),
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
        /// A verifier's agency, from `ratu agency list` (repeat for
        /// several; a verifier needs at least one). Other roles see every
        /// agency and take none.
        #[arg(long = "agency", value_name = "NAME")]
        agencies: Vec<String>,
    },
    /// Give a verifier these agencies instead of theirs (ca_admin only).
    Agencies {
        name: String,
        /// An agency from `ratu agency list`; repeat for several.
        #[arg(long = "agency", value_name = "NAME", required = true)]
        agencies: Vec<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Disable an operator (ca_admin only): they cannot sign in, and their
    /// open sessions end at once. Audited.
    Disable { name: String },
    /// Enable a disabled operator again (ca_admin only). Audited.
    Enable { name: String },
    /// Change your own PIN (with NAME, a ca_admin sets a one-time PIN for
    /// that operator, to be changed at their next sign-in). The new PIN
    /// from RATU_NEW_PIN, or typed twice. Audited.
    Pin { name: Option<String> },
}

#[derive(Debug, Clone, Subcommand)]
pub enum AgencyCmd {
    /// Put an agency on the list (ca_admin only; audited).
    Add { name: String },
    /// The agencies on the list.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum HolderCmd {
    /// A holder's data (NIK masked), cases, certificates and history.
    Show {
        nik: String,
        /// Show the NIK in clear (audited).
        #[arg(long)]
        reveal_nik: bool,
        #[arg(long)]
        json: bool,
    },
    /// Find holders by name, NIK, e-mail or a certificate's serial.
    Search {
        text: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum ArchiveCmd {
    /// One bag per month of closure, for the whole months before the date,
    /// made (or, made before, read back) where the RA runs and written
    /// under --out. CA admin or auditor; needs the CA unlocked. Audited.
    Create {
        /// YYYY-MM-DD: the months that ended by then.
        #[arg(long = "closed-before")]
        closed_before: String,
        /// The folder the bags go into (one folder each).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a bag, or a folder of bags, from its files alone: the
    /// signature against the office's root, every file's hash, the audit
    /// events' links. Exit 3 and name the first difference.
    Verify {
        dir: PathBuf,
        /// The office's root certificate (default: the CA folder's root.pem).
        #[arg(long)]
        root: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// An archived case from its bag, read-only: data, documents with
    /// their hashes, events, certificates.
    Show {
        dir: PathBuf,
        case: u64,
        /// The office's root certificate (default: the CA folder's root.pem).
        #[arg(long)]
        root: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Remove the documents of archived cases past `retention_years`
    /// (each bag verified on disk first). CA admin. Audited.
    Purge {
        /// Say what would go; change nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
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
    /// Send the applicant the link of the step their case waits on again
    /// (identity data, set passphrase, download); voids the open one.
    ResendLink {
        id: u64,
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
    /// issuance, renewal, update, revocation, reset (forgotten passphrase) or reactivation (after a compromise).
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

#[derive(Debug, Clone, Subcommand)]
pub enum CaCmd {
    /// Create a root and an issuing CA (ca_admin); the new CA passphrase is
    /// read twice without echo, or from RATU_CA_PASSPHRASE.
    Init {
        /// p256 (default), p384, rsa2048, rsa3072, rsa4096 or ed25519.
        #[arg(long, default_value = "p256")]
        alg: String,
        #[arg(long, default_value = "Root CA Indonesia Demo G1")]
        root_cn: String,
        #[arg(long, default_value = "Demo Kementerian Komunikasi dan Informatika")]
        root_org: String,
        #[arg(long, default_value = "Demo CA DS G1")]
        issuing_cn: String,
        #[arg(long, default_value = "Demo Badan Siber dan Sandi Negara")]
        issuing_org: String,
        #[arg(long)]
        json: bool,
    },
    /// Adopt an existing issuing CA: certificate and key (PEM or DER;
    /// PKCS#8, PKCS#1 or SEC1; an encrypted key's passphrase from
    /// RATU_IMPORT_KEY_PASSPHRASE or asked).
    Import {
        #[arg(long)]
        cert: PathBuf,
        #[arg(long)]
        key: PathBuf,
        /// The root CA certificate that signed it.
        #[arg(long)]
        root: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The CA certificates and the last CRLs.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Write the root and issuing CA certificates (PEM) into a folder.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum CrlCmd {
    /// Sign and publish the CRLs now (ca_admin).
    Publish {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum CertCmd {
    /// Certificates, soonest expiry first.
    List {
        /// valid, expiring, expired, revoked or pending.
        #[arg(long)]
        status: Option<String>,
        /// Only those expiring within this window (e.g. 30d, 2w).
        #[arg(long)]
        expiring_within: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One certificate, decoded, with its status.
    Show {
        serial: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a certificate to a file (0600): pem, der (.cer) or chain (PEM with the CA certificates).
    Export {
        serial: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "pem")]
        format: String,
    },
    /// The applicant's PKCS#12 (.p12) with key and chain, opened and
    /// protected by their passphrase (RATU_APPLICANT_PASSPHRASE or asked).
    P12 {
        serial: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Revoke at once (ca_admin), e.g. for keyCompromise.
    Revoke {
        serial: String,
        #[arg(long)]
        reason: String,
        /// When the key was (or may have been) compromised (RFC 3339 or YYYY-MM-DD).
        #[arg(long)]
        invalidity: Option<String>,
    },
    /// Register existing certificates (a file or a folder) for status
    /// tracking; exits 1 if any certificate file could not be imported.
    Import {
        path: PathBuf,
        /// Whose they are: link them to the holder with this NIK (also
        /// links certificates already on record but not linked yet).
        #[arg(long)]
        nik: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Clear the wrong-passphrase lock of a certificate's PKCS#12 (ca_admin).
    #[command(name = "p12-unlock")]
    P12Unlock { serial: String },
    /// Queue the 30- and 7-day expiry reminders that are due.
    Watch,
}

/// `ratu report`: the period (default: this month), what to write.
#[derive(Debug, Clone, Args)]
#[command(group = clap::ArgGroup::new("period").multiple(false))]
pub struct ReportArgs {
    /// A month: 2026-11.
    #[arg(long, group = "period")]
    pub month: Option<String>,
    /// A quarter: 2026Q4.
    #[arg(long, group = "period")]
    pub quarter: Option<String>,
    /// A year: 2026.
    #[arg(long, group = "period")]
    pub year: Option<String>,
    /// From this day (with --to; both days included): 2026-11-01.
    #[arg(long, group = "period", requires = "to")]
    pub from: Option<String>,
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// One agency only.
    #[arg(long)]
    pub agency: Option<String>,
    /// The numbers as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Name, with each number, the cases or certificates it counts (JSON).
    #[arg(long)]
    pub trace: bool,
    /// Write an A4 PDF for the head of the Dinas.
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Write an XLSX workbook, one sheet per table.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write one CSV file per table into this folder.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Language of the text, PDF and workbook: id (default) or en.
    #[arg(long, default_value = "id")]
    pub lang: String,
}
