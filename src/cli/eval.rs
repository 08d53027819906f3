//! `cfp-taxonomy eval`: score the tool against labelled posts (recall, precision, sections,
//! themes, same- and different-topic pairs), leave-one-post-out and in sample, and list what
//! it got wrong.

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
    /// Which figures the table shows: `loo` (each post with the idea model fitted without it),
    /// `in-sample` (the model fitted on every post), or `baseline` (every list entry, heading
    /// and bold line, no model).
    #[arg(long, value_parser = ["loo", "in-sample", "baseline"], default_value = "loo")]
    pub show: String,
    /// Also list every miss: ideas not found, items that are not ideas, wrong sections and
    /// themes, pairs judged wrong.
    #[arg(long)]
    pub misses: bool,
    /// Keep candidates from this score instead of the fitted threshold (0 to 1): to see what
    /// recall a lower one buys and what precision it costs.
    #[arg(long, value_name = "T")]
    pub threshold: Option<f64>,
    /// Print all three reports as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Score and print.
pub fn run(args: &Args) -> Result<(), CliError> {
    let seeds = seeds::load(&args.seeds).map_err(|e| CliError::invalid(e.to_string()))?;
    let sets = open(&args.sets)?;
    if args.threshold.is_some_and(|t| !(0.0..=1.0).contains(&t)) {
        return Err(CliError::invalid("--threshold takes a number from 0 to 1"));
    }
    let evaluation = eval::run(&sets, &seeds, args.threshold).map_err(CliError::invalid)?;
    if args.json {
        let json = serde_json::to_string_pretty(&evaluation).map_err(|e| CliError::failed(e.to_string()))?;
        return super::print_out(&format!("{json}\n"));
    }
    let (report, heading) = match args.show.as_str() {
        "in-sample" => (&evaluation.in_sample, "in sample: the idea model fitted on every post"),
        "baseline" => (&evaluation.baseline, "baseline: every list entry, heading and bold line, no model"),
        _ => (&evaluation.leave_one_post_out, "leave-one-post-out: each post with the idea model fitted without it"),
    };
    let mut out = format!("{heading}\n{}", eval::render(report));
    for (name, other) in [
        ("in sample", &evaluation.in_sample),
        ("baseline", &evaluation.baseline),
        ("leave-one-post-out", &evaluation.leave_one_post_out),
    ] {
        if !std::ptr::eq(other, report) {
            out.push_str(&format!("{name}: {}\n", eval::summary(other)));
            out.push_str(&eval::by_set(other, "  "));
        }
    }
    for r in &evaluation.review {
        out.push_str(&format!("{}\n", eval::review::render(r)));
    }
    if !evaluation.unfitted.is_empty() {
        out.push_str(&format!(
            "no model could be fitted without {} (too few labelled candidates): scored with the built-in model\n",
            evaluation.unfitted.join(", ")
        ));
    }
    if args.misses {
        out.push('\n');
        out.push_str(&eval::render_misses(report));
    }
    super::print_out(&out)
}

/// Open every set folder, or say which is not one.
pub fn open(dirs: &[PathBuf]) -> Result<Vec<eval::Set>, CliError> {
    dirs.iter().map(|d| eval::Set::open(d)).collect::<Result<Vec<_>, _>>().map_err(CliError::invalid)
}
