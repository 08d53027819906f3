//! `cfp-taxonomy train-extractor`: fit the idea model to labelled posts and write its weights
//! as a `feature,weight` CSV to review and to use with `build --extraction-model FILE`.

use std::path::PathBuf;

use super::CliError;
use crate::eval;

/// Arguments of `train-extractor`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A labelled set, as for `eval`. Repeat for several.
    #[arg(long = "set", value_name = "DIR", default_values = ["../shared/dev", "../shared/corpus"])]
    pub sets: Vec<PathBuf>,
    /// Where the weights go: by default the reviewed model that the next release build uses.
    #[arg(long, default_value = "seeds/extraction-model.csv")]
    pub out: PathBuf,
}

/// Fit and write.
pub fn run(args: &Args) -> Result<(), CliError> {
    let sets = super::eval::open(&args.sets)?;
    let model = eval::train(&sets).map_err(CliError::failed)?;
    std::fs::write(&args.out, model.to_csv())
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", args.out.display())))?;
    super::print_out(&format!(
        "wrote {} weights to {}; `cargo build --release` makes them the default, or pass `--extraction-model {}`\n",
        model.weights.len(),
        args.out.display(),
        args.out.display()
    ))
}
