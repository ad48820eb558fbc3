use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ratu::cli::Cli::parse();
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
