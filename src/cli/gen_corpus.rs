//! `cfp-taxonomy gen-corpus`: write a synthetic corpus and its manifest, for benchmarks.

use std::path::PathBuf;

use rayon::prelude::*;

use super::CliError;
use crate::synth;

/// Arguments of `gen-corpus`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// How many sources.
    #[arg(long = "sources", value_name = "N")]
    pub count: usize,
    /// The folder to write (files and `sources.toml`).
    #[arg(long)]
    pub out: PathBuf,
    /// The corpus seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
}

/// Generate and write the corpus.
pub fn run(args: &Args) -> Result<(), CliError> {
    let fail = |e: std::io::Error| CliError::failed(format!("cannot write {}: {e}", args.out.display()));
    std::fs::create_dir_all(&args.out).map_err(fail)?;
    let entries: Vec<String> = (0..args.count)
        .into_par_iter()
        .map(|i| {
            let s = synth::source(args.seed, i);
            std::fs::write(args.out.join(&s.file_name), &s.bytes).map(|()| s.manifest_entry)
        })
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    std::fs::write(args.out.join("sources.toml"), entries.concat()).map_err(fail)?;
    tracing::info!("wrote {} sources and sources.toml to {}", args.count, args.out.display());
    Ok(())
}
