//! `cfp-taxonomy extract FILE`: show the items the tool reads from one file, to check a new post
//! before adding it to the manifest.

use std::path::PathBuf;

use serde::Serialize;

use super::CliError;
use crate::extract;
use crate::model::{Format, Kind, Source};

/// Arguments of `extract`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// An HTML page, a Markdown file, a program CSV or an iCalendar feed.
    pub file: PathBuf,
    /// How the file is written; by default from its extension (.html/.htm, .md/.markdown, .csv,
    /// .ics). A body that is plainly another format (an HTML page saved as .md) is read as what it is.
    #[arg(long, value_parser = ["html", "markdown", "csv", "ics"])]
    pub format: Option<String>,
    /// What the file lists: `ideas`, or `program` (accepted talks: a schedule page, a calendar
    /// feed or a CSV export). By default `program` for .csv and .ics files, `ideas` otherwise.
    #[arg(long, value_parser = ["ideas", "program"])]
    pub kind: Option<String>,
    /// The event year the post is for (tells a past edition's list from this year's).
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// The post's address, to resolve relative links.
    #[arg(long, default_value = "https://example.invalid/post")]
    pub url: String,
    /// Print JSON (items and links) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// An idea model written by `train-extractor`, instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// List every candidate the reader proposed, with its score, whether it was kept and the
    /// features that set its score apart from the post's other candidates: to see why an item was dropped.
    #[arg(long, conflicts_with = "json")]
    pub candidates: bool,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    item_id: &'a str,
    position: u32,
    depth: u32,
    parent_id: Option<&'a str>,
    section: &'a str,
    polarity: &'static str,
    confidence: &'static str,
    text: &'a str,
    description: &'a str,
    tags: &'a [String],
    url: &'a str,
}

/// Extract one file and print its items.
pub fn run(args: &Args) -> Result<(), CliError> {
    let format = match args.format.as_deref().and_then(Format::parse) {
        Some(format) => format,
        None => guess_format(&args.file)?,
    };
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::invalid(format!("cannot read {}: {e}", args.file.display())))?;
    let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let id = if id.is_empty() { "file".to_string() } else { id };
    let mut source = Source::adhoc(&id, format, args.year, &args.url);
    source.title = stem;
    match args.kind.as_deref() {
        Some("program") => source.kind = Kind::Program,
        Some("ideas") => source.kind = Kind::Ideas,
        _ => {}
    }
    let model = match args.model.as_deref() {
        Some(path) => super::load_model(path)?,
        None => extract::judge::Model::builtin(),
    };
    if args.candidates {
        let read = extract::candidates(&source, &bytes, None).ok_or_else(|| {
            CliError::invalid(format!(
                "{}: candidates are shown for posts of ideas (HTML or Markdown)",
                args.file.display()
            ))
        })?;
        let mut table = candidates_table(&read.page, &model);
        // When the main content gives nothing, a build reads the whole page: show that too.
        let features = extract::judge::features(&read.page);
        let whole = || read.whole.as_ref().map(std::borrow::Cow::Borrowed);
        if extract::post_ideas(&read.page, &features, whole, &model).1 == Some(extract::Rescue::WholePage)
            && let Some(whole) = &read.whole
        {
            table.push_str("\nthe main content gave no idea; the whole page, site furniture included:\n");
            table.push_str(&candidates_table(whole, &model));
        }
        return super::print_out(&table);
    }
    let extraction = extract::extract_with(&source, &bytes, None, &model)
        .map_err(|e| CliError::failed(format!("{}: {} ({})", args.file.display(), e.status, e.reason)))?;
    for warning in &extraction.warnings {
        tracing::warn!("{warning}");
    }
    if args.json {
        let items: Vec<JsonItem<'_>> = extraction
            .items
            .iter()
            .map(|i| JsonItem {
                item_id: &i.item_id,
                position: i.position,
                depth: i.depth,
                parent_id: i.parent_id.as_deref(),
                section: i.section_text(),
                polarity: i.polarity.as_str(),
                confidence: i.confidence.as_str(),
                text: &i.text,
                description: i.description_text(),
                tags: &i.tags,
                url: i.url.as_deref().unwrap_or(""),
            })
            .collect();
        let links: Vec<serde_json::Value> = extraction
            .links
            .iter()
            .map(|l| serde_json::json!({"url": l.url, "text": l.text, "context": l.context}))
            .collect();
        // `format` is what the file was read as: the declared one unless its bytes said otherwise.
        let doc = serde_json::json!({"title": extraction.title, "format": extraction.served.as_str(), "items": items, "links": links});
        let json = serde_json::to_string_pretty(&doc).map_err(|e| CliError::failed(e.to_string()))?;
        super::print_out(&format!("{json}\n"))?;
    } else {
        super::print_out(&table(&extraction))?;
    }
    if let Some(reason) = &extraction.empty_reason {
        eprintln!("{}: {reason}", args.file.display());
    }
    Ok(())
}

fn guess_format(file: &std::path::Path) -> Result<Format, CliError> {
    let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => Ok(Format::Html),
        "md" | "markdown" => Ok(Format::Markdown),
        "csv" => Ok(Format::Csv),
        "ics" | "ical" | "ifb" => Ok(Format::Ics),
        _ => Err(CliError::invalid(format!(
            "cannot tell the format of {}: pass --format html|markdown|csv|ics",
            file.display()
        ))),
    }
}

/// A plain-text table: position, polarity, section, and the idea indented by depth.
fn table(e: &extract::Extraction) -> String {
    let width = e.items.iter().map(|i| i.section_text().chars().count()).max().unwrap_or(0).clamp(7, 40);
    let mut out = format!("{:>4}  {:<8}  {:<width$}  idea\n", "pos", "polarity", "section");
    for i in &e.items {
        let section: String = i.section_text().chars().take(width).collect();
        let indent = "  ".repeat(i.depth as usize);
        out.push_str(&format!(
            "{:>4}  {:<8}  {:<width$}  {indent}{}\n",
            i.position,
            i.polarity.as_str(),
            section,
            i.text
        ));
    }
    out.push_str(&format!("{} items, {} links\n", e.items.len(), e.links.len()));
    if let Some(rescue) = e.rescue {
        out.push_str(&format!("{}\n", rescue.reason(e.items.len())));
    }
    out
}

/// Every candidate: kept or not, its score, its kind, its text, and the features that set its
/// score apart from the post's other candidates most (weight × difference from the post's mean).
fn candidates_table(page: &extract::candidates::Page, model: &extract::judge::Model) -> String {
    let features = extract::judge::features(page);
    let decision = extract::judge::decide(page, &features, model);
    let means = extract::judge::means(&features);
    let mut out = format!("keep  score  {:<9}  candidate  (what set its score apart in this post)\n", "kind");
    for (i, c) in page.candidates.iter().enumerate() {
        let mark = match (decision.kept[i], decision.fallback) {
            (true, false) => "yes",
            (true, true) => "low",
            (false, _) => "",
        };
        let text: String = c.text.chars().take(70).collect();
        let reasons: Vec<String> = model
            .reasons(&features[i], &means, 3)
            .into_iter()
            .map(|(name, moved)| format!("{name} {moved:+.1}"))
            .collect();
        out.push_str(&format!(
            "{mark:<4}  {:.2}   {:<9}  {}{text}  ({})\n",
            decision.score[i],
            c.kind.as_str(),
            "  ".repeat(c.depth as usize),
            reasons.join(", ")
        ));
    }
    let kept = decision.kept.iter().filter(|k| **k).count();
    out.push_str(&format!(
        "{} candidates, {kept} kept (threshold {:.2}; a score is half the candidate's, half its block's)\n",
        page.candidates.len(),
        model.threshold
    ));
    out
}
