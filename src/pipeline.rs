//! One whole build: manifest → fetch → extract → normalize → graph → analyze → output, with
//! the rounds of `--follow-links`, the warnings, the timings and `run.json`.
//!
//! The command (`cli::build`) only turns arguments into a [`Config`] and prints the
//! [`Summary`]; everything a build decides lives here, so other front ends and tests run the
//! same build.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use foldhash::HashSet;
use serde::Serialize;

use crate::analyze::{self, Analysis};
use crate::extract::{self, Extraction, judge};
use crate::fetch::{self, Cause, FetchOptions, Origin};
use crate::model::{Hyperlink, Item, Kind, Source, SourceRecord, Status};
use crate::output::{self, exports, tables};
use crate::{checks, discover, graph, normalize, seeds, sources};

/// What a build reads and where it writes.
#[derive(Debug, Clone)]
pub struct Config {
    /// The source manifest.
    pub manifest: PathBuf,
    /// Folder with `themes.csv`, `aliases.csv` and `overrides.csv`.
    pub seeds: PathBuf,
    /// Where the outputs go; replaced as a whole only when the build succeeds.
    pub out: PathBuf,
    /// How sources are obtained.
    pub fetch: FetchOptions,
    /// Read the idea posts the sources link to: how deep, and how many at most.
    pub follow: Option<Follow>,
    /// How the graph files show items; `None` chooses by the number of items.
    pub graph_items: Option<exports::Items>,
    /// The idea model that judges the extractor's candidates (by default the built-in one).
    pub extraction_model: judge::Model,
    /// The longest one source's extraction may take; past it the source ends `error` and the
    /// build goes on.
    pub extract_budget: Duration,
}

/// The default [`Config::extract_budget`]: a real post takes milliseconds. With the download
/// budget (40 s), no source takes a minute.
pub const EXTRACT_BUDGET: Duration = Duration::from_secs(15);

/// The limits of `--follow-links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follow {
    /// How many links deep.
    pub depth: u32,
    /// At most this many sources are added.
    pub max_sources: usize,
}

/// Why a build wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The manifest or a seed file is invalid: the person must fix it.
    #[error("{0}")]
    Invalid(String),
    /// No source could be read, the data tests failed, or the output could not be written.
    #[error("{0}")]
    Failed(String),
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Every source with its outcome, discovered ones included.
    pub records: Vec<SourceRecord>,
    /// Rows per table written.
    pub rows: BTreeMap<&'static str, usize>,
    /// Everything worth a person's attention, as written to `run.json`.
    pub warnings: Vec<String>,
}

/// The progress bars a front end shows; hidden ones cost nothing.
pub type Bars<'a> = &'a dyn Fn(u64, &'static str) -> indicatif::ProgressBar;

/// What `run.json` records about a build.
#[derive(Debug, Serialize)]
struct RunInfo {
    tool: &'static str,
    version: &'static str,
    manifest: InputFile,
    seeds: Vec<InputFile>,
    sources: Vec<SourceRun>,
    rows: BTreeMap<&'static str, usize>,
    warnings: Vec<String>,
    timings_ms: BTreeMap<&'static str, u128>,
}

#[derive(Debug, Serialize)]
struct InputFile {
    path: String,
    sha256: String,
}

#[derive(Debug, Serialize)]
struct SourceRun {
    source_id: String,
    status: &'static str,
    sha256: Option<String>,
    origin: Option<&'static str>,
    reason: Option<String>,
}

/// What the build keeps of a body once it is read: its hash and where it came from. The
/// bytes themselves are dropped on the worker that read them.
struct Read {
    sha256: String,
    origin: fetch::Origin,
}

/// One source's outcome before it becomes a record.
type Outcome = Result<(Read, Extraction), fetch::Failure>;

/// The sources of one build as they are read, round after round.
#[derive(Default)]
struct Reading {
    records: Vec<SourceRecord>,
    items: Vec<Item>,
    links: Vec<Hyperlink>,
    warnings: Vec<String>,
    /// Sources read from the archive because the network failed.
    archived: Vec<String>,
    /// Sources the network failed for, with no archived copy.
    unreachable: Vec<String>,
    /// The first network error, for the one line that sums up an offline build.
    network_error: Option<String>,
}

/// Run a build and write its outputs.
pub fn build(config: &Config, bars: Bars<'_>) -> Result<Summary, Error> {
    let mut timings = Timings::start();
    let (manifest, manifest_sha) =
        sources::load_with_hash(&config.manifest).map_err(|e| Error::Invalid(e.to_string()))?;
    let seeds = seeds::load(&config.seeds).map_err(|e| Error::Invalid(e.to_string()))?;
    for warning in &manifest.warnings {
        tracing::warn!("{warning}");
    }
    timings.lap("manifest");

    let reading = read_sources(&manifest.sources, config, bars, &mut timings);
    let Reading { records, items, links, warnings: read_warnings, .. } = reading;
    let mut warnings = manifest.warnings;
    warnings.extend(read_warnings);
    if !records.iter().any(|r| r.status == Status::Ok) {
        return Err(Error::Failed(no_source_message(&records, config.fetch.snapshots.is_some())));
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
        analyze::Built { sources: &records, items: &items, taxonomy: &taxonomy, graph: &graph },
        &seeds.themes,
    );
    timings.lap("analyze");
    let violations = checks::check(&records, &items, &taxonomy, &analysis);
    if !violations.is_empty() {
        let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
        return Err(Error::Failed(format!(
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
    let mut built = tables::build(data).map_err(|e| Error::Failed(format!("cannot assemble the tables: {e}")))?;
    let rows: BTreeMap<&'static str, usize> = built.iter().map(|t| (t.name, t.frame.height())).collect();
    let info = RunInfo {
        tool: "cfp-taxonomy",
        version: env!("CARGO_PKG_VERSION"),
        manifest: InputFile { path: config.manifest.display().to_string(), sha256: manifest_sha },
        seeds: seeds.files.iter().map(|(f, h)| InputFile { path: f.clone(), sha256: h.clone() }).collect(),
        sources: records
            .iter()
            .map(|r| SourceRun {
                source_id: r.source.id.clone(),
                status: r.status.as_str(),
                sha256: r.sha256.clone(),
                origin: r.origin.map(crate::model::Origin::as_str),
                reason: r.reason.clone(),
            })
            .collect(),
        rows: rows.clone(),
        warnings: warnings.clone(),
        timings_ms: timings.finish("tables"),
    };
    let run_json = serde_json::to_vec_pretty(&info).map_err(|e| Error::Failed(e.to_string()))?;
    let shape = config.graph_items.unwrap_or_else(|| exports::Items::for_count(items.len()));
    let mut files = exports::files(&data, &graph, shape);
    files.push(output::File::streamed("report.html", |w| w.write_all(output::report::render(&data).as_bytes())));
    files.push(output::File::bytes("run.json", run_json));
    output::write(&config.out, &mut built, &files).map_err(|e| {
        Error::Failed(format!("cannot write {}: {e} (the previous output is unchanged)", config.out.display()))
    })?;
    drop(files);
    Ok(Summary { records, rows, warnings })
}

/// Fetch and extract the manifest's sources and, with `follow`, the posts they link to.
fn read_sources(manifest: &[Source], config: &Config, bars: Bars<'_>, timings: &mut Timings) -> Reading {
    // Manifest sources first; with --follow-links, each round reads the posts the previous
    // round linked to, until the depth or the budget of discovered sources is spent.
    let mut known: HashSet<String> = manifest
        .iter()
        .flat_map(|s| [Some(&s.url), s.fetch_url.as_ref()])
        .flatten()
        .map(|u| crate::text::normal_url(u))
        .collect();
    let mut ids: HashSet<String> = manifest.iter().map(|s| s.id.clone()).collect();
    let (max_depth, mut budget) = config.follow.map_or((0, 0), |f| (f.depth, f.max_sources));
    let mut round: Vec<(Source, Option<String>)> = manifest.iter().cloned().map(|s| (s, None)).collect();
    let mut depth = 0;
    let mut reading = Reading { records: Vec::with_capacity(manifest.len()), ..Reading::default() };
    // Shared with the threads that extract under a time budget.
    let model = Arc::new(config.extraction_model.clone());
    while !round.is_empty() {
        let sources: Vec<Source> = round.iter().map(|(s, _)| s.clone()).collect();
        let bar = bars(sources.len() as u64, "read");
        // Each body is extracted where it was fetched, then dropped: memory follows the
        // sources in flight, not the manifest.
        let extracted = fetch::fetch_each(&sources, &config.fetch, &bar, |source, fetched| {
            extract_one(source, fetched, model.clone(), config.extract_budget)
        });
        bar.finish_and_clear();
        // Reserved once: half a million items grown by doubling were copied about twice over.
        let extracted_items: usize = extracted.iter().flatten().map(|(_, e)| e.items.len()).sum();
        reading.items.reserve(extracted_items);
        let mut next = Vec::new();
        for ((source, discovered_from), outcome) in round.into_iter().zip(extracted) {
            let (record, extraction) = reading.record(source, discovered_from, outcome);
            if let Some(extraction) = extraction {
                if record.status == Status::Ok && record.source.kind == Kind::Ideas && depth < max_depth && budget > 0 {
                    let found =
                        discover::sources_from_links(&record.source, &extraction.links, &mut known, &mut ids, budget);
                    budget -= found.len();
                    next.extend(found.into_iter().map(|s| (s, Some(record.source.id.clone()))));
                }
                reading.items.extend(extraction.items);
                reading.links.extend(extraction.links);
                for warning in &extraction.warnings {
                    tracing::warn!("{warning}");
                }
                reading.warnings.extend(extraction.warnings);
            }
            reading.records.push(record);
        }
        timings.lap("read");
        round = next;
        depth += 1;
    }
    reading.warn_network(config.fetch.archive.as_ref());
    reading
}

impl Reading {
    /// The `sources` row of one outcome, and the extraction when there is one. Every source
    /// that is not `ok` is a warning; so is one read from the archive.
    fn record(
        &mut self,
        source: Source,
        discovered_from: Option<String>,
        outcome: Outcome,
    ) -> (SourceRecord, Option<Extraction>) {
        let (record, extraction, network) = match outcome {
            Ok((body, extraction)) => {
                // `body` is what was kept of it: hash and origin.
                let status = if extraction.items.is_empty() { Status::Empty } else { Status::Ok };
                let fallback = body.origin.fallback_reason();
                if let Origin::Archive { network_error, .. } = &body.origin {
                    self.archived.push(source.id.clone());
                    self.network_error.get_or_insert_with(|| network_error.clone());
                }
                // A post whose ideas the model did not find says so, with what was kept instead.
                let low = extraction.rescue.map(|r| r.reason(extraction.items.len()));
                let parts: Vec<String> =
                    [extraction.empty_reason.clone(), low, fallback.clone()].into_iter().flatten().collect();
                let reason = (!parts.is_empty()).then(|| parts.join("; "));
                let record = SourceRecord {
                    source,
                    status,
                    reason,
                    item_count: extraction.items.len() as u32,
                    sha256: Some(body.sha256),
                    origin: Some(body.origin.recorded()),
                    discovered_from,
                };
                (record, Some(extraction), fallback.is_some())
            }
            Err(failure) => {
                let network = failure.cause == Cause::Network;
                if network {
                    self.unreachable.push(source.id.clone());
                    self.network_error.get_or_insert_with(|| failure.reason.clone());
                }
                let record = SourceRecord {
                    source,
                    status: failure.status,
                    reason: Some(failure.reason),
                    item_count: 0,
                    sha256: None,
                    origin: None,
                    discovered_from,
                };
                (record, None, network)
            }
        };
        if record.status != Status::Ok || network {
            let message =
                format!("{}: {} ({})", record.source.id, record.status, record.reason.as_deref().unwrap_or(""));
            // Network failures are summed up in one line at the end: fifteen lines saying the
            // machine is offline say it fourteen times too often.
            if network {
                tracing::info!("{message}");
            } else {
                tracing::warn!("{message}");
            }
            self.warnings.push(message);
        }
        (record, extraction)
    }

    /// One line for every source the network failed for: how many were read from the archive
    /// and which could not be read at all.
    fn warn_network(&mut self, archive: Option<&PathBuf>) {
        let Some(first) = &self.network_error else { return };
        let failed = self.archived.len() + self.unreachable.len();
        let mut line = format!("the network failed for {failed} of {} sources ({first})", self.records.len());
        if let Some(dir) = archive.filter(|_| !self.archived.is_empty()) {
            line.push_str(&format!(": {} read from the archive {}", self.archived.len(), dir.display()));
        }
        if !self.unreachable.is_empty() {
            let what = if archive.is_some() { "no archived copy" } else { "no archive configured (--archive DIR)" };
            line.push_str(&format!("; unavailable, {what}: {}", self.unreachable.join(", ")));
        }
        tracing::warn!("{line}");
        self.warnings.push(line);
    }
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

/// Extract one fetched body within `budget`, keeping only its hash and origin.
///
/// The extraction runs on a helper thread of the worker: a page that would take longer (a
/// shape no rule anticipated) ends the source with `error`, and the build goes on. Rust cannot
/// stop a thread, so a helper past its budget is left to finish in the background, its result
/// dropped, and the worker starts a new one; the readers' own limits (depth, size) keep such
/// pages rare.
fn extract_one(source: &Source, fetched: fetch::Fetched, model: Arc<judge::Model>, budget: Duration) -> Outcome {
    let body = fetched?;
    let read = Read { sha256: body.sha256(), origin: body.origin };
    let job = Job { source: source.clone(), bytes: body.bytes, content_type: body.content_type, model };
    match Helper::run(job, budget) {
        Ok(Ok(e)) => Ok((read, e)),
        Ok(Err(e)) => Err(fetch::Failure::new(e.status, e.reason, Cause::Local)),
        Err(reason) => Err(fetch::Failure::new(Status::Error, reason, Cause::Local)),
    }
}

/// One extraction for a [`Helper`].
struct Job {
    source: Source,
    bytes: Vec<u8>,
    content_type: Option<String>,
    model: Arc<judge::Model>,
}

type JobResult = Result<Extraction, extract::Unreadable>;

/// A thread that extracts for one worker, so the worker can stop waiting for it.
struct Helper {
    jobs: std::sync::mpsc::Sender<Job>,
    results: std::sync::mpsc::Receiver<JobResult>,
}

thread_local! {
    /// The helper of this worker, started on its first job and after one is abandoned.
    static HELPER: std::cell::RefCell<Option<Helper>> = const { std::cell::RefCell::new(None) };
}

impl Helper {
    fn start() -> std::io::Result<Helper> {
        let (jobs, inbox) = std::sync::mpsc::channel::<Job>();
        let (outbox, results) = std::sync::mpsc::channel();
        std::thread::Builder::new().name("extract".into()).stack_size(8 * 1024 * 1024).spawn(move || {
            // Ends when its worker hangs up: the build is over, or this helper was abandoned.
            for job in inbox {
                let e = extract::extract_with(&job.source, &job.bytes, job.content_type.as_deref(), &job.model);
                if outbox.send(e).is_err() {
                    break;
                }
            }
        })?;
        Ok(Helper { jobs, results })
    }

    /// Run `job` on this worker's helper and wait at most `budget` for it.
    fn run(job: Job, budget: Duration) -> Result<JobResult, String> {
        HELPER.with_borrow_mut(|slot| {
            if slot.is_none() {
                *slot = Some(Helper::start().map_err(|e| format!("cannot start an extraction: {e}"))?);
            }
            let helper = slot.as_ref().expect("started above");
            helper.jobs.send(job).map_err(|_| "the extraction thread stopped".to_string())?;
            match helper.results.recv_timeout(budget) {
                Ok(result) => Ok(result),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    *slot = None;
                    Err("the page could not be read: its extraction stopped (please report the page)".to_string())
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    // Abandoned: it finishes on its own, and this worker starts afresh.
                    *slot = None;
                    Err(format!(
                        "reading the page took longer than {:.1} s (--extract-budget): not read",
                        budget.as_secs_f64()
                    ))
                }
            }
        })
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
        "check that --snapshots names the folder holding ID.html, ID.md, ID.csv or ID.ics files"
    } else {
        "check the network, or build offline with --snapshots DIR or --archive DIR (make build-taxonomy ARCHIVE=DIR)"
    };
    format!("no source could be read, nothing was written: {}; {hint}", listed.join("; "))
}
