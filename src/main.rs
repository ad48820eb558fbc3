use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `ratu case list | head` ends quietly, like other command-line tools,
    // instead of panicking on a closed pipe.
    // SAFETY: called first thing, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        ratu::store::set_process_defaults();
    }
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
