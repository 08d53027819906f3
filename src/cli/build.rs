//! `cfp-taxonomy build`: manifest → fetch → extract → normalize → graph → analyze → output
//! (the build itself is [`crate::pipeline`]).

use std::path::PathBuf;

use super::CliError;
use crate::model::Status;
use crate::output::exports::Items;
use crate::pipeline;

/// Arguments of `build`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the sources come from.
    #[command(flatten)]
    pub input: super::SourceArgs,
    /// Where the tables go; replaced as a whole only when the build succeeds.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Folder with themes.csv, aliases.csv and overrides.csv.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Also read the talk-idea posts that the sources link to (recorded with `discovered_from`).
    #[arg(long)]
    pub follow_links: bool,
    /// How many links deep --follow-links goes.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub follow_depth: u32,
    /// At most this many sources are added by --follow-links.
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub max_discovered: usize,
    /// How graph.graphml and graph.json show items: `nodes` (source → item → concept),
    /// `folded` (source → concept, weighted by items), or `auto` (folded above 20,000 items).
    #[arg(long, value_enum, default_value_t = GraphItems::Auto, value_name = "HOW")]
    pub graph_items: GraphItems,
    /// An idea model written by `train-extractor`, instead of the built-in one
    /// (`seeds/extraction-model.csv` as it was when the binary was built).
    #[arg(long, value_name = "FILE")]
    pub extraction_model: Option<PathBuf>,
    /// Seconds one source's extraction may take; past it the source ends `error`.
    #[arg(long, default_value_t = pipeline::EXTRACT_BUDGET.as_secs_f64(), value_name = "SECONDS")]
    pub extract_budget: f64,
}

/// The `--graph-items` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphItems {
    /// Nodes up to [`crate::output::exports::ITEM_NODES_MAX`] items, folded above.
    Auto,
    /// Every item a node.
    Nodes,
    /// Items folded into weighted source → concept edges.
    Folded,
}

/// Run a build: arguments to a configuration, the pipeline, one line of outcome.
pub fn run(args: &Args) -> Result<(), CliError> {
    let config = pipeline::Config {
        manifest: args.input.sources.clone(),
        seeds: args.seeds.clone(),
        out: args.out.clone(),
        fetch: args.input.fetch_options()?,
        follow: args
            .follow_links
            .then_some(pipeline::Follow { depth: args.follow_depth, max_sources: args.max_discovered }),
        graph_items: match args.graph_items {
            GraphItems::Auto => None,
            GraphItems::Nodes => Some(Items::Nodes),
            GraphItems::Folded => Some(Items::Folded),
        },
        extraction_model: match args.extraction_model.as_deref() {
            Some(path) => super::load_model(path)?,
            None => crate::extract::judge::Model::builtin(),
        },
        extract_budget: super::seconds("extract-budget", args.extract_budget)?,
    };
    let summary = pipeline::build(&config, &super::progress).map_err(|e| match e {
        pipeline::Error::Invalid(m) => CliError::invalid(m),
        pipeline::Error::Failed(m) => CliError::failed(m),
    })?;
    let ok = summary.records.iter().filter(|r| r.status == Status::Ok).count();
    tracing::info!(
        "wrote {} tables to {}: {ok}/{} sources read, {} items, {} concepts",
        summary.rows.len(),
        args.out.display(),
        summary.records.len(),
        summary.rows["items"],
        summary.rows["concepts"]
    );
    // The one line a person needs after a build: what was written, and where to look.
    if !super::quiet() {
        println!(
            "wrote {} tables (Parquet and CSV), the graph files and the report to {}: {ok}/{} sources read, {} items, {} concepts; open {}",
            summary.rows.len(),
            args.out.display(),
            summary.records.len(),
            summary.rows["items"],
            summary.rows["concepts"],
            args.out.join("report.html").display()
        );
    }
    Ok(())
}
