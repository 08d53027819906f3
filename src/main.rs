//! The cfp-taxonomy command: parse arguments, run the command, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

// The build makes and drops millions of small strings; glibc's allocator spent a fifth of
// the time of a 1,300-source build consolidating and unlinking chunks. Transparent huge pages
// are off (feature `no_thp`): with them, zeroing 2 MiB pages cost a fifth of a 13,000-source
// build and added 60 MB to a 1,300-source one (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
