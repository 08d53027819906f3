//! `cfp-taxonomy eval`: score the tool against labelled posts (recall, precision, sections,
//! themes, same- and different-topic pairs), and list what it got wrong.

use std::path::PathBuf;

use super::CliError;
use crate::{eval, seeds};

/// Arguments of `eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A labelled set: a folder with sources.toml, the posts (in corpus/ or the folder itself)
    /// and gold/items.csv, gold/pairs.csv. Repeat for several; pairs may reach across sets.
    #[arg(long = "set", value_name = "DIR", default_values = ["../shared/dev", "../shared/corpus"])]
    pub sets: Vec<PathBuf>,
    /// Folder with themes.csv, aliases.csv and overrides.csv.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Also list every miss: ideas not found, items that are not ideas, wrong sections and
    /// themes, pairs judged wrong.
    #[arg(long)]
    pub misses: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Score and print.
pub fn run(args: &Args) -> Result<(), CliError> {
    let seeds = seeds::load(&args.seeds).map_err(|e| CliError::invalid(e.to_string()))?;
    let sets =
        args.sets.iter().map(|d| eval::Set::open(d)).collect::<Result<Vec<_>, _>>().map_err(CliError::invalid)?;
    let report = eval::run(&sets, &seeds).map_err(CliError::invalid)?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| CliError::failed(e.to_string()))?;
        return super::print_out(&format!("{json}\n"));
    }
    let mut out = eval::render(&report);
    if args.misses {
        out.push('\n');
        out.push_str(&eval::render_misses(&report));
    }
    super::print_out(&out)
}
