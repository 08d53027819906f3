//! `cfp-taxonomy build`: manifest → fetch → extract → normalize → graph → analyze → output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use foldhash::HashSet;
use rayon::prelude::*;
use serde::Serialize;

use super::CliError;
use crate::analyze::{self, Analysis};
use crate::extract::{self, Extraction};
use crate::fetch::{self, Origin};
use crate::model::{Item, Kind, Link, Source, SourceRecord, Status};
use crate::output::{self, tables};
use crate::{checks, discover, graph, normalize, seeds, sources};

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
}

/// The `--graph-items` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphItems {
    /// Nodes up to [`output::exports::ITEM_NODES_MAX`] items, folded above.
    Auto,
    /// Every item a node.
    Nodes,
    /// Items folded into weighted source → concept edges.
    Folded,
}

/// What `run.json` records about a build.
#[derive(Debug, Serialize)]
struct RunInfo {
    tool: &'static str,
    version: &'static str,
    manifest: Input,
    seeds: Vec<Input>,
    sources: Vec<SourceRun>,
    rows: BTreeMap<&'static str, usize>,
    warnings: Vec<String>,
    timings_ms: BTreeMap<&'static str, u128>,
}

#[derive(Debug, Serialize)]
struct Input {
    path: String,
    sha256: String,
}

#[derive(Debug, Serialize)]
struct SourceRun {
    source_id: String,
    status: &'static str,
    sha256: Option<String>,
    origin: Option<&'static str>,
}

/// Run a build.
pub fn run(args: &Args) -> Result<(), CliError> {
    let mut timings = Timings::start();
    let (manifest, manifest_sha) =
        sources::load_with_hash(&args.input.sources).map_err(|e| CliError::invalid(e.to_string()))?;
    let seeds = seeds::load(&args.seeds).map_err(|e| CliError::invalid(e.to_string()))?;
    timings.lap("manifest");

    let options = args.input.fetch_options()?;
    // Manifest sources first; with --follow-links, each round reads the posts the previous
    // round linked to, until the depth or the budget of discovered sources is spent.
    let mut known: HashSet<String> = manifest
        .iter()
        .flat_map(|s| [Some(&s.url), s.fetch_url.as_ref()])
        .flatten()
        .map(|u| discover::normal_url(u))
        .collect();
    let mut ids: HashSet<String> = manifest.iter().map(|s| s.id.clone()).collect();
    let mut budget = if args.follow_links { args.max_discovered } else { 0 };
    let mut round: Vec<(Source, Option<String>)> = manifest.iter().cloned().map(|s| (s, None)).collect();
    let mut depth = 0;
    let mut records = Vec::with_capacity(manifest.len());
    let mut items: Vec<Item> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    while !round.is_empty() {
        let sources: Vec<Source> = round.iter().map(|(s, _)| s.clone()).collect();
        let bar = super::progress(sources.len() as u64, "fetch");
        let fetched = fetch::fetch_all(&sources, &options, &bar);
        bar.finish_and_clear();
        timings.lap("fetch");
        let bar = super::progress(sources.len() as u64, "extract");
        let extracted = read_all(&sources, fetched, &bar);
        bar.finish_and_clear();
        // Reserved once: half a million items grown by doubling were copied about twice over.
        let extracted_items: usize = extracted.iter().flatten().map(|(_, e)| e.items.len()).sum();
        items.reserve(extracted_items);
        let mut next = Vec::new();
        for ((source, discovered_from), outcome) in round.into_iter().zip(extracted) {
            let (record, extraction) = record(source, discovered_from, outcome);
            if let Some(extraction) = extraction {
                if record.status == Status::Ok
                    && record.source.kind == Kind::Ideas
                    && depth < args.follow_depth
                    && budget > 0
                {
                    let found =
                        discover::sources_from_links(&record.source, &extraction.links, &mut known, &mut ids, budget);
                    budget -= found.len();
                    next.extend(found.into_iter().map(|s| (s, Some(record.source.id.clone()))));
                }
                items.extend(extraction.items);
                links.extend(extraction.links);
                warnings.extend(extraction.warnings);
            }
            if record.status != Status::Ok {
                let message =
                    format!("{}: {} ({})", record.source.id, record.status, record.reason.as_deref().unwrap_or(""));
                tracing::warn!("{message}");
                warnings.push(message);
            }
            records.push(record);
        }
        timings.lap("extract");
        round = next;
        depth += 1;
    }
    if !records.iter().any(|r| r.status == Status::Ok) {
        return Err(CliError::failed(no_source_message(&records, args.input.snapshots.is_some())));
    }

    let taxonomy = normalize::normalize(&items, &seeds);
    for warning in &taxonomy.warnings {
        tracing::warn!("{warning}");
    }
    warnings.extend(taxonomy.warnings.iter().cloned());
    timings.lap("normalize");
    let graph = graph::build(&records, &items, &taxonomy, &seeds.themes, &links);
    for &s in &graph.crowded {
        let message = format!(
            "{}: names {} concepts, more than {}: left out of co-occurrence (co_occurs edges, communities)",
            records[s].source.id,
            graph.source_concepts(s).len(),
            graph::CO_OCCURRENCE_MAX
        );
        tracing::warn!("{message}");
        warnings.push(message);
    }
    timings.lap("graph");
    let analysis: Analysis = analyze::analyze(
        analyze::Input { sources: &records, items: &items, taxonomy: &taxonomy, graph: &graph },
        &seeds.themes,
    );
    timings.lap("analyze");
    let violations = checks::check(&records, &items, &taxonomy, &analysis);
    if !violations.is_empty() {
        let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
        return Err(CliError::failed(format!(
            "the build failed its data tests, nothing was written (please report this): {}",
            listed.join("; ")
        )));
    }

    let data = tables::Data {
        sources: &records,
        items: &items,
        themes: &seeds.themes,
        seeds: &seeds,
        taxonomy: &taxonomy,
        analysis: &analysis,
        links: &links,
        graph: &graph,
    };
    let mut built = tables::build(data).map_err(|e| CliError::failed(format!("cannot assemble the tables: {e}")))?;
    let rows: BTreeMap<&'static str, usize> = built.iter().map(|t| (t.name, t.frame.height())).collect();
    let info = RunInfo {
        tool: "cfp-taxonomy",
        version: env!("CARGO_PKG_VERSION"),
        manifest: Input { path: args.input.sources.display().to_string(), sha256: manifest_sha },
        seeds: seeds.files.iter().map(|(f, h)| Input { path: f.clone(), sha256: h.clone() }).collect(),
        sources: records
            .iter()
            .map(|r| SourceRun {
                source_id: r.source.id.clone(),
                status: r.status.as_str(),
                sha256: r.sha256.clone(),
                origin: r.origin,
            })
            .collect(),
        rows: rows.clone(),
        warnings,
        timings_ms: timings.finish("tables"),
    };
    let run_json = serde_json::to_vec_pretty(&info).map_err(|e| CliError::failed(e.to_string()))?;
    let shape = match args.graph_items {
        GraphItems::Auto => output::exports::Items::for_count(items.len()),
        GraphItems::Nodes => output::exports::Items::Nodes,
        GraphItems::Folded => output::exports::Items::Folded,
    };
    let mut files = output::exports::files(&data, &graph, shape);
    files.push(output::File::streamed("report.html", |w| w.write_all(output::report::render(&data).as_bytes())));
    files.push(output::File::bytes("run.json", run_json));
    output::write(&args.out, &mut built, &files).map_err(|e| {
        CliError::failed(format!("cannot write {}: {e} (the previous output is unchanged)", args.out.display()))
    })?;

    let ok = records.iter().filter(|r| r.status == Status::Ok).count();
    tracing::info!(
        "wrote {} tables to {}: {ok}/{} sources read, {} items, {} concepts",
        rows.len(),
        args.out.display(),
        records.len(),
        rows["items"],
        rows["concepts"]
    );
    Ok(())
}

/// Milliseconds per stage; a stage met twice (fetch rounds) adds up.
struct Timings {
    started: Instant,
    last: Instant,
    ms: BTreeMap<&'static str, u128>,
}

impl Timings {
    fn start() -> Self {
        let now = Instant::now();
        Timings { started: now, last: now, ms: BTreeMap::new() }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        *self.ms.entry(stage).or_default() += (now - self.last).as_millis();
        self.last = now;
    }

    fn finish(&mut self, stage: &'static str) -> BTreeMap<&'static str, u128> {
        self.lap(stage);
        self.ms.insert("total", self.started.elapsed().as_millis());
        self.ms.clone()
    }
}

/// Extract every fetched body, in parallel, keeping source order.
fn read_all(
    sources: &[Source],
    fetched: Vec<fetch::Fetched>,
    bar: &indicatif::ProgressBar,
) -> Vec<Result<(fetch::Body, Extraction), fetch::Failure>> {
    sources
        .par_iter()
        .zip(fetched)
        .map(|(source, fetched)| {
            let body = fetched?;
            let result = match extract::extract(source, &body.bytes, body.content_type.as_deref()) {
                Ok(e) => Ok((body, e)),
                Err(e) => Err(fetch::Failure { status: e.status, reason: e.reason }),
            };
            bar.inc(1);
            result
        })
        .collect()
}

/// The `sources` row of one outcome, and the extraction when there is one.
fn record(
    source: Source,
    discovered_from: Option<String>,
    outcome: Result<(fetch::Body, Extraction), fetch::Failure>,
) -> (SourceRecord, Option<Extraction>) {
    match outcome {
        Ok((body, extraction)) => {
            let status = if extraction.items.is_empty() { Status::Empty } else { Status::Ok };
            let record = SourceRecord {
                source,
                status,
                reason: extraction.empty_reason.clone(),
                item_count: extraction.items.len() as u32,
                sha256: Some(body.sha256()),
                origin: Some(match body.origin {
                    Origin::Snapshot(_) => "snapshot",
                    Origin::Network => "network",
                    Origin::Cache(_) => "cache",
                }),
                discovered_from,
            };
            (record, Some(extraction))
        }
        Err(failure) => {
            let record = SourceRecord {
                source,
                status: failure.status,
                reason: Some(failure.reason),
                item_count: 0,
                sha256: None,
                origin: None,
                discovered_from,
            };
            (record, None)
        }
    }
}

/// One line naming every source and why it failed, and what to try next.
fn no_source_message(records: &[SourceRecord], offline: bool) -> String {
    // Group by status so fifteen sources failing for one reason read as one sentence.
    let mut groups: BTreeMap<&str, (Vec<&str>, &str)> = BTreeMap::new();
    for r in records {
        let entry = groups.entry(r.status.as_str()).or_insert((Vec::new(), r.reason.as_deref().unwrap_or("no items")));
        entry.0.push(r.source.id.as_str());
    }
    let listed: Vec<String> = groups
        .iter()
        .map(|(status, (ids, reason))| format!("{} {status} ({}; first reason: {reason})", ids.len(), ids.join(", ")))
        .collect();
    let hint = if offline {
        "check that --snapshots names the folder holding ID.html, ID.md or ID.csv files"
    } else {
        "check the network, or build offline with --snapshots DIR (make build-taxonomy SNAPSHOTS=DIR)"
    };
    format!("no source could be read, nothing was written: {}; {hint}", listed.join("; "))
}
