//! `ratu serve`, the site service: the RA of an office. It alone opens the
//! database: a real SurrealDB server in this process (the
//! `surrealdb-server` crate) on the data folder's `db` (SurrealKV, fsync on
//! every commit), on loopback only and reached with the root credential
//! only the service holds. Consoles, the command line and other systems
//! call its verbs over the API (`api/`) at `--listen`: HTTPS with
//! `--tls`, plain HTTP on loopback (behind a reverse proxy).
//!
//! With `--db ws://…` it uses an existing SurrealDB server instead, signed
//! in as that server's root user; with `--db tikv://PD:2379` (cargo
//! feature `tikv`) its own server stores on TiKV.
//!
//! With `--portal ADDR` it serves the applicant page (`portal/`), over
//! TLS with `--portal-tls` (a certificate from this CA).
//!
//! With `--publish ADDR` it also serves relying parties over plain HTTP:
//! CRLs and CA certificates at the URLs written into certificates, and
//! the OCSP responder (`publish.rs`).
//!
//! It holds the CA and runs the CA's duties (`duties`).
//!
//! A front-end like `cli` and `tui`: it calls `ra` and `domain`.

pub mod api;
mod credential;
mod duties;
pub mod net;
pub mod portal;
pub mod publish;
mod server;
mod storage;
mod tls;

pub use credential::{ROOT_USER, credential_file};
pub use server::Server as DatabaseServer;
pub use storage::Storage;

use crate::domain::DbTarget;
use crate::domain::Role;
use crate::ra::{Clock, Ra, RaConfig};
use anyhow::{Context, Result, bail};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What `ratu serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The data folder: the database in `db/`, the root credential in `serve/`.
    pub data_dir: PathBuf,
    /// Where consoles, the CLI and other systems reach the API.
    pub listen: SocketAddr,
    /// The API over TLS (a certificate from this CA); without it the API
    /// listens on loopback only.
    pub tls: bool,
    /// Where the database server listens for tools (loopback only); none:
    /// a loopback port for the service alone.
    pub db_listen: Option<SocketAddr>,
    /// The first ca_admin's name, made at first start when no operator
    /// exists yet, with the PIN from RATU_PIN or typed twice on a terminal.
    pub admin: String,
    /// Where the database is (`--db`).
    pub storage: Storage,
    /// The site's config file (CA URLs, CRL interval, e-mail delivery).
    pub config: Option<PathBuf>,
    /// Where relying parties fetch CRLs, CA certificates and OCSP answers
    /// over plain HTTP (none: not served).
    pub publish: Option<SocketAddr>,
    /// Where applicants open their one-time links (none: not served).
    pub portal: Option<SocketAddr>,
    /// The applicant page over TLS with a certificate from this CA
    /// (otherwise plain HTTP, for a reverse proxy in front).
    pub portal_tls: bool,
}

/// The database URL for a server listening on `listen`.
fn db_url(listen: SocketAddr) -> String {
    format!("ws://{listen}")
}

/// The URL consoles and the CLI give as `--server`.
pub fn api_url(listen: SocketAddr, tls: bool) -> String {
    format!("{}://{listen}", if tls { "https" } else { "http" })
}

/// A loopback port free now, for the database server the service alone uses.
fn free_loopback() -> Result<SocketAddr> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("cannot find a free loopback port")?;
    Ok(l.local_addr()?)
}

/// Runs the service until SIGTERM or Ctrl-C, on a runtime of its own
/// (SurrealDB's parser wants deeper stacks than tokio's default).
pub fn run(opts: Options) -> Result<()> {
    init_logging();
    let stack = if cfg!(debug_assertions) { 20 } else { 10 } << 20;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(stack)
        .thread_name("ratu-serve")
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(serve(opts))
}

/// One line per event on stdout (journald-friendly); `RATU_LOG` filters
/// (default: `info`, the storage engine's own chatter at `warn`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RATU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .with_ansi(false)
        .with_target(std::env::var_os("RATU_LOG").is_some())
        .try_init();
}

const DEFAULT_LOG: &str = "info,surrealkv=error,surrealdb::core::kvs=warn";

async fn serve(opts: Options) -> Result<()> {
    if !opts.tls && !opts.listen.ip().is_loopback() {
        bail!(
            "--listen {}: without --tls the API listens on a loopback address only (put a TLS reverse proxy in front, or add --tls)",
            opts.listen
        );
    }
    if let Some(d) = opts.db_listen
        && !d.ip().is_loopback()
    {
        bail!("--db-listen {d}: the database server listens on a loopback address only");
    }
    // The addresses are taken before the database opens.
    let api_listener = bind(opts.listen, "--listen")?;
    let publish = opts.publish.map(publish::bind).transpose()?;
    let portal = opts.portal.map(portal::bind).transpose()?;
    std::fs::create_dir_all(&opts.data_dir).with_context(|| format!("cannot create {}", opts.data_dir.display()))?;
    // A data folder it cannot write to (a full or read-only disk) is said
    // so at once, with what to do, before anything else is tried.
    let probe = opts.data_dir.join(".ratu-write-test");
    std::fs::write(&probe, b"").map_err(|e| {
        anyhow::anyhow!(crate::domain::text::with_disk_hint(format!(
            "the data folder {} is not writable: {e}",
            opts.data_dir.display()
        )))
    })?;
    let _ = std::fs::remove_file(probe);
    let (server, target, url) = match &opts.storage {
        Storage::Existing { url, user, pass } => {
            let target = DbTarget::Remote {
                url: url.clone(),
                root: Some((user.clone(), pass.clone())),
            };
            (None, target, url.clone())
        }
        own => {
            let (pass, first_start) = credential::load_or_create(&opts.data_dir)?;
            if first_start {
                tracing::info!(
                    file = %credential_file(&opts.data_dir).display(),
                    "root credential generated"
                );
            }
            let db_addr = match opts.db_listen {
                Some(a) => a,
                None => free_loopback()?,
            };
            let server = match own {
                Storage::Tikv(pd) => server::Server::start(pd, pd, db_addr, ROOT_USER, &pass).await?,
                _ => server::Server::start_surrealkv(&opts.data_dir.join("db"), db_addr, ROOT_USER, &pass).await?,
            };
            // Connect to ourselves as root: the schema and the first ca_admin.
            let target = DbTarget::Remote {
                url: db_url(server::loopback(db_addr)),
                root: Some((ROOT_USER.to_string(), pass)),
            };
            (Some(server), target, db_url(db_addr))
        }
    };
    let (stop_duties, stopped) = tokio::sync::watch::channel(false);
    let started = async {
        let ra = connect(&target, server.as_ref(), &opts).await?;
        // Room is asked of the database's own folder where the service
        // hosts it (it may be a volume of its own), else of the data folder.
        ra.guard_space(&match opts.storage {
            Storage::Own => opts.data_dir.join("db"),
            _ => opts.data_dir.clone(),
        });
        ra.apply_server_schema().await?;
        first_admin(&ra, &opts.admin).await?;
        ra.purge_sessions().await?;
        let mut site = duties::prepare(&ra, &opts)?;
        let listeners = 1 + usize::from(opts.publish.is_some()) + usize::from(opts.portal.is_some());
        let files = site.net.fit_file_limit(listeners);
        tracing::info!(
            files,
            per_listener = site.net.limits.total,
            per_address = site.net.limits.per_address,
            trusted_proxies = ?site.net.proxies,
            "connection limits"
        );
        let serve_dir = opts.data_dir.join("serve");
        let mut tls = match (opts.portal_tls, opts.portal) {
            (true, Some(addr)) => {
                let portal_url = site.ra.config().portal_url.clone();
                if !portal_url.starts_with("https://") {
                    tracing::warn!(%portal_url, "the applicant page serves TLS but portal_url is not https://: the e-mailed links will not open; set portal_url = \"https://…\"");
                }
                let names = tls::names(&portal_url, addr);
                Some(tls::Tls::prepare(&site.ra, &serve_dir, crate::ra::PORTAL_TLS, names).await?)
            }
            _ => None,
        };
        // The API's certificate names the host of `server` in the site's
        // config (what consoles give as --server) and the --listen address.
        let api_tls = match opts.tls {
            true => {
                let url = site.server_url.clone().unwrap_or_default();
                let names = tls::names(&url, opts.listen);
                Some(tls::Tls::prepare(&site.ra, &serve_dir, crate::ra::API_TLS, names).await?)
            }
            false => None,
        };
        let duties = duties::start(&site, stopped.clone());
        let backup = api::Backup {
            target: target.clone(),
            config: opts.config.clone().filter(|c| c.is_file()),
            work_dir: opts.data_dir.join("serve"),
        };
        let api = api::start(
            site.ra.clone(),
            backup,
            api_listener,
            stopped.clone(),
            api_tls,
            &site.net,
        )?;
        let servers = publish
            .map(|l| publish::start(site.ra.clone(), l, stopped.clone(), &site.net))
            .transpose()
            .and_then(|p| {
                Ok((
                    p,
                    match portal {
                        Some(l) => Some(portal::start(site.ra.clone(), l, stopped, tls.take(), &site.net)?),
                        None => None,
                    },
                ))
            });
        let (publisher, applicants) = match servers {
            Ok(p) => p,
            Err(e) => {
                let _ = stop_duties.send(true);
                return Err(e);
            }
        };
        anyhow::Ok((duties, publisher, applicants, api))
    };
    let (duties, publisher, applicants, api) = match started.await {
        Ok(d) => d,
        Err(e) => {
            if let Some(server) = server {
                server.stop().await;
            }
            return Err(e);
        }
    };

    let server_url = api_url(opts.listen, opts.tls);
    tracing::info!(api = %server_url, database = %url, "ratu serve ready");
    println!("consoles connect with: ratu --server {server_url}");

    let server_stopped = async {
        match &server {
            Some(s) => s.stopped().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        signal = wait_for_signal() => tracing::info!(%signal, "stopping"),
        why = server_stopped => tracing::warn!(%why, "the database server stopped"),
    }
    // The batch in hand is finished before the database goes.
    let _ = stop_duties.send(true);
    // The database server stops on the same signal by itself: work that
    // cannot finish without it resumes at the next start (intent first).
    if tokio::time::timeout(Duration::from_secs(10), duties).await.is_err() {
        tracing::warn!("the duties did not finish in 10 s; what they had in hand resumes at the next start");
    }
    if tokio::time::timeout(Duration::from_secs(5), api).await.is_err() {
        tracing::warn!("the API did not close its connections in time");
    }
    if let Some(p) = publisher
        && tokio::time::timeout(Duration::from_secs(5), p).await.is_err()
    {
        tracing::warn!("the publication server did not close its connections in time");
    }
    if let Some(p) = applicants
        && tokio::time::timeout(Duration::from_secs(5), p).await.is_err()
    {
        tracing::warn!("the applicant page did not close its connections in time");
    }
    if let Some(server) = server {
        server.stop().await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// A listener taken before the database opens; `what` names its flag.
fn bind(addr: SocketAddr, what: &str) -> Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr} ({what})"))?;
    l.set_nonblocking(true)
        .with_context(|| format!("cannot listen on {addr} ({what})"))?;
    Ok(l)
}

/// Opens the store as root once the server listens (our own binds in the
/// background; an existing one may be starting too); gives up when our
/// server stopped or after 30 s.
async fn connect(target: &DbTarget, server: Option<&server::Server>, opts: &Options) -> Result<Ra> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        match Ra::open(target, RaConfig::default(), Clock::System).await {
            Ok(ra) => return Ok(ra),
            Err(e) if e.is_sign_in_refused() => {
                let reason = e.to_string();
                match opts.storage {
                    Storage::Existing { ref url, ref user, .. } => {
                        bail!("{url} refused the root user {user}: check RATU_DB_USER and RATU_DB_PASS ({reason})")
                    }
                    _ => bail!(
                        "the database's root user does not accept the credential in {}: it belongs to another database ({reason})",
                        credential_file(&opts.data_dir).display()
                    ),
                }
            }
            Err(e) => {
                if let Some(why) = server.and_then(|s| s.failed()) {
                    bail!("the database server stopped: {why}");
                }
                if tokio::time::Instant::now() > deadline {
                    return Err(e).context("the database server does not answer");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// The first ca_admin, when there is no operator yet.
async fn first_admin(ra: &Ra, admin: &str) -> Result<()> {
    if !ra.is_empty().await? {
        return Ok(());
    }
    let prompt = format!("new PIN for the first ca_admin {admin}");
    let pin = crate::secret::read("RATU_PIN", &prompt, crate::secret::Ask::Twice)?;
    match pin {
        Some(pin) => {
            let op = ra.add_operator(None, admin, Role::CaAdmin, &pin).await?;
            tracing::info!(operator = %op.name, "first ca_admin made");
        }
        None => tracing::warn!(
            "no operator yet: start ratu serve again with RATU_PIN set (or on a terminal) to make the first ca_admin {admin}"
        ),
    }
    Ok(())
}

async fn wait_for_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
        // Without signal handlers, Ctrl-C through tokio's portable one.
        let _ = tokio::signal::ctrl_c().await;
        return "interrupt";
    };
    tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    }
}
