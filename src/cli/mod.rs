//! The command line (clap): headless subcommands for scripting, with
//! `--json` on every listing and show.

mod agencies;
mod archive;
mod args;
mod backup;
mod cases;
mod cert_output;
mod certs;
mod holders;
mod output;
mod report;
mod session;

pub use args::{Cli, Command};

/// Where the demo's applicant links point: the local service's `--portal`.
pub const DEMO_PORTAL: &str = "127.0.0.1:8080";

use crate::api::{Client, ClientOptions, Office};
use crate::config::{Config, default_config_file, default_data_dir, read_file_config};
use crate::domain::DbTarget;
use crate::ra::{Clock, Ra, demo};
use anyhow::{Result, bail};
use args::{ArchiveCmd, AuditCmd, OperatorCmd, OutboxCmd};
use std::io::IsTerminal;
use std::path::PathBuf;

/// How long the CLI and the console wait for the service to connect and
/// to answer one request, unless the config's `timeout` says otherwise.
pub const SERVER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Opens the console; signs in directly with `--operator` and `RATU_PIN`.
async fn console(ra: Office, cfg: &Config, cli: &Cli, config_file: Option<PathBuf>) -> Result<()> {
    let opts = crate::tui::Options {
        operator: cli.operator.clone(),
        pin: match &cli.operator {
            Some(_) => crate::secret::given("RATU_PIN")?.map(|p| p.to_string()),
            None => None,
        },
        config_file,
        theme: cfg.theme.clone(),
        lang: cfg.ra.lang,
        log_file: Some(crate::config::console_log_file(&cfg.data_dir)),
        mouse: cfg.mouse,
    };
    // With RATU_CA_PASSPHRASE the CA is unlocked: approvals issue and the
    // CRL is kept fresh while the console runs.
    session::unlock_ca(&ra, false)?;
    crate::tui::run(ra, opts).await
}

/// Runs one command. Errors come back as one line for stderr.
pub async fn run(cli: Cli) -> Result<()> {
    let config_path = cli.config.clone().or_else(default_config_file);
    let file = match &config_path {
        Some(p) => read_file_config(p).map_err(anyhow::Error::msg)?,
        None => Default::default(),
    };
    let base = cli.data.clone();
    let server = cli.server.clone().or_else(|| file.server.clone());
    let server_ca = cli.server_ca.clone().or_else(|| file.server_ca.clone());
    let timeout = file.timeout.map_or(SERVER_TIMEOUT, std::time::Duration::from_secs);
    if server.is_none()
        && let Some(url) = cli.db.as_ref().or(file.db.as_ref())
        && (url.starts_with("ws://") || url.starts_with("wss://"))
    {
        bail!(
            "--db {url} is where ratu serve keeps its database; consoles and the CLI reach the office's service with --server URL (ratu serve prints it)"
        );
    }
    let db = match cli.db.as_ref().or(file.db.as_ref()) {
        Some(url) => Some(DbTarget::parse(url, cli.db_user.clone(), cli.db_pass.clone()).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let command = cli.command.clone().unwrap_or(Command::Console);
    if let Command::Serve { .. } = command {
        bail!("ratu serve is started by the binary, on a runtime of its own");
    }
    let data_dir = match &command {
        Command::Demo { demo_dir, .. } => demo_dir
            .clone()
            .or(base)
            .unwrap_or_else(|| default_data_dir().join("demo")),
        _ => base.unwrap_or_else(default_data_dir),
    };
    let is_demo = matches!(cli.command, Some(Command::Demo { .. }));
    let own_portal = file.portal_url.is_some();
    let own_urls = file.crl_url.is_some() || file.ocsp_url.is_some() || file.ca_issuers_url.is_some();
    let mut cfg = Config::build(data_dir, db, file).map_err(anyhow::Error::msg)?;
    // The demo's links open on the local service's applicant page
    // (`ratu --data DEMO serve --portal 127.0.0.1:8080`).
    if is_demo && !own_portal {
        cfg.ra.portal_url = format!("http://{DEMO_PORTAL}");
    }
    // The demo's certificates name where its service publishes
    // (`ratu --data DEMO serve --publish 127.0.0.1:8081`).
    if let Command::Demo { publish, .. } = &command
        && !own_urls
    {
        cfg.ra.ca.urls_under(&format!("http://{publish}"));
    }
    // A demo on its own folder is marked complete when made; one killed
    // midway is made again.
    let demo_db = match (&command, &cfg.db) {
        (Command::Demo { .. }, DbTarget::Embedded(db)) => Some(db.clone()),
        _ => None,
    };
    if let Some(db) = &demo_db
        && demo::prepare_demo_dir(&cfg.data_dir, db)? == demo::DemoDir::Interrupted
    {
        println!(
            "The demo in {} was interrupted; making it again.",
            cfg.data_dir.display()
        );
    }
    if let Command::Inspect { file, json } = &command {
        // Our records are consulted when there is a database to open; a
        // missing one is not created just to read a file.
        let ra = match &cfg.db {
            DbTarget::Embedded(p) if !p.exists() => None,
            t => Ra::open(t, cfg.ra.clone(), Clock::System).await.ok(),
        };
        let done = certs::inspect(ra.as_ref(), file, *json).await;
        if let Some(ra) = ra {
            close(Office::from(ra)).await;
        }
        return done;
    }
    if let Command::Restore { file } = &command {
        return backup::restore(file, &cfg.data_dir).await;
    }
    // The bags' files and the office's root, nothing else.
    if let Command::Archive(c @ (ArchiveCmd::Verify { .. } | ArchiveCmd::Show { .. })) = &command {
        return archive::offline(&cfg, c);
    }
    if let Some(url) = server {
        if matches!(command, Command::Init { .. } | Command::Demo { .. }) {
            bail!("ratu init and ratu demo make a data folder of their own; leave out --server (and RATU_SERVER)");
        }
        // The office's root: given, else the one in this data folder's CA.
        let ca_file = server_ca.or_else(|| {
            let root = cfg.ra.ca.dir.join("root.pem");
            root.exists().then_some(root)
        });
        let client = Client::new(&ClientOptions { url, ca_file, timeout })?;
        let office = Office::Remote(client);
        let done = dispatch(&office, command, &cfg, &cli, config_path, false).await;
        office.close(CLOSE_LIMIT).await;
        return done;
    }
    // Only `init` and `demo` make a data folder; any other command on a
    // folder with no store makes nothing and says where to start.
    if let DbTarget::Embedded(db) = &cfg.db
        && !db.exists()
        && !matches!(command, Command::Init { .. } | Command::Demo { .. })
    {
        bail!(
            "no ratu data folder at {}: make one with `ratu init` (an office) or `ratu demo` (a demo to try), give --data DIR, or reach the office's service with --server URL",
            cfg.data_dir.display()
        );
    }
    let office = Office::from(Ra::open(&cfg.db, cfg.ra.clone(), Clock::System).await?);
    let done = dispatch(&office, command, &cfg, &cli, config_path, demo_db.is_some()).await;
    close(office).await;
    done
}

/// The RA in this process, for the commands that run on a data folder.
fn local(office: &Office) -> Result<&Ra> {
    office
        .local()
        .ok_or_else(|| anyhow::anyhow!("this command runs on a data folder, not through the service"))
}

/// How long ratu waits, on its way out, for an embedded database to write
/// its memory table out and let go of its folder.
const CLOSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Closes the database cleanly before the process ends, so that the next
/// open does not replay the write-ahead log (see `Ra::close`).
async fn close(ra: Office) {
    if !ra.close(CLOSE_LIMIT).await {
        eprintln!(
            "ratu: the database was still closing after {} s; it will recover its log at the next open",
            CLOSE_LIMIT.as_secs()
        );
    }
}

/// Runs a command on the RA (here, or at the service).
async fn dispatch(
    ra: &Office,
    command: Command,
    cfg: &Config,
    cli: &Cli,
    config_path: Option<PathBuf>,
    own_demo: bool,
) -> Result<()> {
    match command {
        Command::Init { admin } => session::init(local(ra)?, cfg, &admin).await,
        Command::Demo { cases, .. } => {
            cases::demo(local(ra)?, cfg, cases).await?;
            if own_demo {
                demo::mark_demo_complete(&cfg.data_dir)?;
            }
            if std::io::stdout().is_terminal() {
                return console(ra.clone(), cfg, cli, config_path).await;
            }
            Ok(())
        }
        Command::Operator(OperatorCmd::Add { name, role, agencies }) => {
            let op = session::sign_in(ra, cli).await?;
            agencies::add_operator(ra, &op, &name, &role, &agencies).await
        }
        Command::Operator(OperatorCmd::Agencies { name, agencies }) => {
            let op = session::sign_in(ra, cli).await?;
            agencies::set(ra, &op, &name, &agencies).await
        }
        Command::Agency(c) => {
            let op = session::sign_in(ra, cli).await?;
            agencies::run(ra, &op, c).await
        }
        Command::Operator(OperatorCmd::List { json }) => {
            session::sign_in(ra, cli).await?;
            output::operators(&ra.operators().await?, json)
        }
        Command::Operator(OperatorCmd::Disable { name }) => {
            let op = session::sign_in(ra, cli).await?;
            ra.set_operator_enabled(&op, &name, false).await?;
            println!("{name} is disabled; their open sessions ended");
            Ok(())
        }
        Command::Operator(OperatorCmd::Enable { name }) => {
            let op = session::sign_in(ra, cli).await?;
            ra.set_operator_enabled(&op, &name, true).await?;
            println!("{name} is enabled again");
            Ok(())
        }
        Command::Operator(OperatorCmd::Pin { name }) => session::pin(ra, cli, name.as_deref()).await,
        Command::Case(c) => {
            let op = session::sign_in(ra, cli).await?;
            let r = cases::run(ra, &op, c).await;
            cases::deliver_outbox(ra, &op, cfg, false).await?;
            r
        }
        Command::Holder(c) => {
            let op = session::sign_in(ra, cli).await?;
            holders::run(ra, &op, c).await
        }
        Command::Audit(AuditCmd::Verify { json }) => {
            session::sign_in(ra, cli).await?;
            let report = ra.verify_audit().await?;
            output::audit_report(&report, json)?;
            if report.broken.is_some() {
                std::process::exit(3);
            }
            Ok(())
        }
        Command::Outbox(OutboxCmd::Deliver) => {
            let op = session::sign_in(ra, cli).await?;
            let n = cases::deliver_outbox(ra, &op, cfg, true).await?;
            println!("{n} e-mail(s) delivered");
            Ok(())
        }
        Command::Console => {
            if !std::io::stdout().is_terminal() {
                bail!("the console needs a terminal; for scripts use the subcommands (ratu --help)");
            }
            console(ra.clone(), cfg, cli, config_path).await
        }
        Command::Ca(c) => {
            let op = session::sign_in(ra, cli).await?;
            certs::ca(ra, &op, c).await
        }
        Command::Crl(c) => {
            let op = session::sign_in(ra, cli).await?;
            certs::crl(ra, &op, c).await
        }
        Command::Cert(c) => {
            let op = session::sign_in(ra, cli).await?;
            let r = certs::cert(ra, &op, c).await;
            cases::deliver_outbox(ra, &op, cfg, false).await?;
            r
        }
        Command::Archive(c) => {
            let op = session::sign_in(ra, cli).await?;
            archive::run(ra, &op, c).await
        }
        Command::Backup { out } => {
            let op = session::sign_in(ra, cli).await?;
            backup::backup(ra, &op, cfg, config_path.as_deref(), &out).await
        }
        Command::Report(args) => {
            let op = session::sign_in(ra, cli).await?;
            report::run(ra, &op, &args).await
        }
        Command::Inspect { .. } | Command::Serve { .. } | Command::Restore { .. } => Ok(()),
    }
}
