//! The cfp-taxonomy command: parse arguments, run the command, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cfp_taxonomy::cli::Cli::parse();
    cfp_taxonomy::cli::init_logging(cli.verbose, cli.quiet);
    match cfp_taxonomy::cli::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, so scripts and people see the reason without a backtrace.
            eprintln!("error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
