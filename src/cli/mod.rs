//! The command line: one module per subcommand, each with its arguments and `run`.

pub mod build;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod fetch;
pub mod gen_corpus;
pub mod review;
pub mod rows;
pub mod train_extractor;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::fetch::FetchOptions;

use clap::{Parser, Subcommand};

/// Exit status for a build that could not produce output (no source readable, disk error).
pub const EXIT_FAILED: u8 = 1;
/// Exit status for invalid input the user must fix (manifest, seeds, arguments).
pub const EXIT_INVALID: u8 = 2;

/// A failed command: what to print and which exit status to use.
#[derive(Debug)]
pub struct CliError {
    /// One line for stderr.
    pub message: String,
    /// The process exit status.
    pub code: u8,
}

impl CliError {
    /// The build could not produce output.
    pub fn failed(message: impl Into<String>) -> Self {
        CliError { message: message.into(), code: EXIT_FAILED }
    }

    /// The user's input is invalid.
    pub fn invalid(message: impl Into<String>) -> Self {
        CliError { message: message.into(), code: EXIT_INVALID }
    }
}

const AFTER_HELP: &str = "\
Examples:
  cfp-taxonomy build                                  fetch every source, write output/
  cfp-taxonomy build --snapshots ../shared/corpus     build offline from saved copies
  cfp-taxonomy build --follow-links                   also read the posts the sources link to
  cfp-taxonomy fetch                                  download into the cache; show what is reachable
  cfp-taxonomy extract new-post.html                  the ideas read from one file, as a table
  cfp-taxonomy extract new-post.md --json             the same as JSON, with the links found
  cfp-taxonomy explain new-django-features            the items behind a concept, rule and score
  cfp-taxonomy explain \"type checking\"                the concepts a text names or appears in
  cfp-taxonomy diff 2024 2025                         concepts new, dropped and recurring
  cfp-taxonomy review                                 judge suggested merges; decisions go to seeds/overrides.csv
  cfp-taxonomy eval --misses                          score against ../shared/dev and ../shared/corpus labels

Exit status: 0 the build wrote its outputs (some sources may be unavailable: see
sources.csv); 1 no source could be read or the output could not be written;
2 the manifest, seeds or arguments are invalid.";

/// Turn conference talk-idea posts into one topic taxonomy.
#[derive(Debug, Parser)]
#[command(name = "cfp-taxonomy", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// More log output (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the manifest, fetch and parse every source, write tables to --out.
    Build(build::Args),
    /// Download every source into the cache and show what could be read (no tables written).
    Fetch(fetch::Args),
    /// Show the items of one HTML, Markdown or CSV file (check a post before adding it).
    Extract(extract::Args),
    /// Show why a concept exists: its items, and the rule and score behind each.
    Explain(explain::Args),
    /// Compare two years: the concepts that are new, dropped and recurring.
    Diff(diff::Args),
    /// Score the tool against labelled posts: recall, precision, sections, themes, pairs.
    Eval(eval::Args),
    /// Judge the build's suggestions (ideas that may be one topic); decisions go to seeds/overrides.csv.
    Review(review::Args),
    /// Fit the extractor's idea model to labelled posts (a feature,weight CSV).
    TrainExtractor(train_extractor::Args),
    /// Write a synthetic corpus of N sources and its manifest (for benchmarks).
    GenCorpus(gen_corpus::Args),
}

/// Run a subcommand.
pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Build(args) => build::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Review(args) => review::run(&args),
        Command::TrainExtractor(args) => train_extractor::run(&args),
        Command::GenCorpus(args) => gen_corpus::run(&args),
    }
}

/// Where sources come from and how they are downloaded: shared by `build` and `fetch`.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// The source manifest.
    #[arg(long, default_value = "seeds/sources.toml")]
    pub sources: PathBuf,
    /// Read each source from DIR/ID.html, DIR/ID.md, DIR/ID.csv or DIR/ID.ics; make no network
    /// request.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// When the network fails for a source (no connection, DNS, timeout), read its archived
    /// copy DIR/ID.EXT instead; the source is recorded with origin `snapshot` and the reason.
    #[arg(long, value_name = "DIR", conflicts_with = "snapshots")]
    pub archive: Option<PathBuf>,
    /// Where downloaded pages are cached, so a second build needs no network.
    #[arg(long, value_name = "DIR", default_value = ".cache/http")]
    pub cache: PathBuf,
    /// Do not read or write the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Download again even when a page is cached.
    #[arg(long)]
    pub refresh: bool,
    /// Seconds before one HTTP request is abandoned.
    #[arg(long, default_value_t = 20.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Further attempts after a timeout or a server error.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Seconds to wait before the first retry (doubled for each further one).
    #[arg(long, default_value_t = 0.5, value_name = "SECONDS")]
    pub backoff: f64,
    /// Largest body accepted, in bytes (after decompression).
    #[arg(long, default_value_t = 5 * 1024 * 1024, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Sources read at once (downloads wait on the network, so this is not the core count).
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub concurrency: usize,
    /// Requests in flight to one host at once.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub per_host: usize,
    /// Seconds the whole fetch may take; sources not read by then are `unavailable`.
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS")]
    pub deadline: f64,
    /// Seconds one source's download may take, every attempt and wait included.
    #[arg(long, default_value_t = 40.0, value_name = "SECONDS")]
    pub source_budget: f64,
}

/// A duration argument, or the usage error that names it. A day bounds every wait: larger
/// values are typing slips, and would overflow the clock arithmetic of deadlines and doubled
/// backoffs.
pub fn seconds(name: &str, v: f64) -> Result<Duration, CliError> {
    if v.is_finite() && (0.0..=MAX_SECONDS).contains(&v) {
        Ok(Duration::from_secs_f64(v))
    } else {
        Err(CliError::invalid(format!("--{name} must be a number of seconds from 0 to {MAX_SECONDS}, not {v}")))
    }
}

/// The largest duration argument, in seconds (a day).
pub const MAX_SECONDS: f64 = 86_400.0;
/// The most `--retries`: with doubling waits, ten already span hours of backoff.
pub const MAX_RETRIES: u32 = 10;
/// The most `--concurrency` (and `--per-host`): each is a thread with its own stack.
pub const MAX_WORKERS: usize = 256;

impl SourceArgs {
    /// The fetch stage's options, or why an argument is invalid.
    pub fn fetch_options(&self) -> Result<FetchOptions, CliError> {
        for (name, n) in [("concurrency", self.concurrency), ("per-host", self.per_host)] {
            if !(1..=MAX_WORKERS).contains(&n) {
                return Err(CliError::invalid(format!("--{name} must be from 1 to {MAX_WORKERS}, not {n}")));
            }
        }
        if self.retries > MAX_RETRIES {
            return Err(CliError::invalid(format!("--retries must be at most {MAX_RETRIES}, not {}", self.retries)));
        }
        Ok(FetchOptions {
            snapshots: self.snapshots.clone(),
            archive: self.archive.clone(),
            cache_dir: (!self.no_cache).then(|| self.cache.clone()),
            refresh: self.refresh,
            timeout: seconds("timeout", self.timeout)?,
            retries: self.retries,
            backoff: seconds("backoff", self.backoff)?,
            max_bytes: self.max_bytes,
            concurrency: self.concurrency,
            per_host: self.per_host,
            deadline: Some(seconds("deadline", self.deadline)?),
            source_budget: seconds("source-budget", self.source_budget)?,
        })
    }
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// True under `-q`: commands print nothing but errors.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A progress bar on stderr when it is a terminal (and not `-q`); hidden otherwise, so logs and
/// pipes get no control characters.
pub fn progress(len: u64, stage: &'static str) -> indicatif::ProgressBar {
    if QUIET.load(Ordering::Relaxed) || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(stage);
    bar
}

/// An idea model written by `train-extractor`, or why it cannot be used.
pub fn load_model(path: &std::path::Path) -> Result<crate::extract::judge::Model, CliError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| CliError::invalid(format!("cannot read {}: {e}", path.display())))?;
    crate::extract::judge::Model::parse(&text).map_err(|e| CliError::invalid(format!("{}: {e}", path.display())))
}

/// Write to stdout. A closed pipe (`| head`) ends the output quietly, as Unix tools do.
pub fn print_out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::failed(format!("cannot write: {e}"))),
        _ => Ok(()),
    }
}

/// Log to stderr: warnings by default, errors only with `-q`, more with `-v`. Colour only on a
/// terminal and never when `NO_COLOR` is set.
pub fn init_logging(verbose: u8, quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CFP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("cfp_taxonomy={level}")));
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .without_time()
        .try_init();
}
