use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A document decoder under hard limits, started by a console or the
    // service for one untrusted document (`ratu::preview::sandbox`).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(ratu::preview::sandbox::ARG) {
        return ratu::preview::sandbox::child_main(&args[1..]);
    }
    // `ratu case list | head` ends quietly, like other command-line tools,
    // instead of panicking on a closed pipe.
    // SAFETY: called first thing, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        ratu::store::set_process_defaults();
    }
    let cli = ratu::cli::Cli::parse();
    if let Some(opts) = serve_options(&cli) {
        return match opts.and_then(ratu::serve::run) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ratu: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ratu: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(ratu::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ratu: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The service's options when the command is `serve` (the data folder as
/// for every command): `--db` names an existing SurrealDB server (`ws://`,
/// signed in as its root user from RATU_DB_USER and RATU_DB_PASS or
/// RATU_DB_PASS_FILE) or TiKV's placement driver (`tikv://`).
fn serve_options(cli: &ratu::cli::Cli) -> Option<anyhow::Result<ratu::serve::Options>> {
    let Some(ratu::cli::Command::Serve {
        listen,
        tls,
        db_listen,
        admin,
        publish,
        portal,
        portal_tls,
    }) = &cli.command
    else {
        return None;
    };
    let storage = match cli.db.as_deref() {
        None => ratu::serve::Storage::Own,
        Some(url) => match ratu::serve::Storage::parse(url, cli.db_user.clone(), cli.db_pass.clone()) {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        },
    };
    Some(Ok(ratu::serve::Options {
        data_dir: cli.data.clone().unwrap_or_else(ratu::config::default_data_dir),
        listen: *listen,
        tls: *tls,
        db_listen: *db_listen,
        admin: admin.clone(),
        storage,
        publish: *publish,
        portal: *portal,
        portal_tls: *portal_tls,
        config: cli.config.clone().or_else(ratu::config::default_config_file),
    }))
}
