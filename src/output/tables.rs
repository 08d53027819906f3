//! The output tables as polars frames, and their Parquet and CSV writers.
//!
//! Column names and types are the contract (`../shared/CONTRACT.md`) plus documented extras;
//! the README lists every column. Contract columns come first, in contract order.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use rayon::prelude::*;

use super::Table;
use crate::analyze::Analysis;
use crate::graph::TaxonomyGraph;
use crate::model::{ConceptOrigin, Hyperlink, Item, SourceRecord, Theme};
use crate::normalize::Taxonomy;
use crate::seeds::Seeds;

/// Everything the tables are made from.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    /// Sources with outcomes.
    pub sources: &'a [SourceRecord],
    /// All items.
    pub items: &'a [Item],
    /// Themes from the seeds.
    pub themes: &'a [Theme],
    /// Seeds (for alias lists).
    pub seeds: &'a Seeds,
    /// Themes and concepts of the items.
    pub taxonomy: &'a Taxonomy,
    /// Counts, overlap, trends.
    pub analysis: &'a Analysis,
    /// Links found in the posts.
    pub links: &'a [Hyperlink],
    /// The graph, for the links between posts.
    pub graph: &'a TaxonomyGraph,
}

fn frame(columns: Vec<Column>) -> PolarsResult<DataFrame> {
    let height = columns.first().map_or(0, Column::len);
    DataFrame::new(height, columns)
}

fn col<T, P>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
    P: ?Sized,
{
    Series::new(name.into(), values).into_column()
}

fn strings<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    values.collect()
}

/// Makes one table from the build's data.
type MakeTable = fn(Data<'_>) -> PolarsResult<DataFrame>;

/// Every table, in the order the README documents them.
const TABLES: [(&str, MakeTable); 12] = [
    ("sources", sources),
    ("items", items),
    ("concepts", concepts),
    ("item_concepts", item_concepts),
    ("overlap", overlap),
    ("trends", trends),
    ("themes", themes),
    ("theme_trends", theme_trends),
    ("coverage", coverage),
    ("concept_matrix", concept_matrix),
    ("links", links),
    ("suggestions", suggestions),
];

/// Every table, in the order the README documents them; made in parallel, since each reads
/// the data and none another table.
pub fn build(d: Data<'_>) -> PolarsResult<Vec<Table>> {
    TABLES.par_iter().map(|&(name, make)| Ok(Table { name, frame: make(d)? })).collect()
}

fn sources(d: Data<'_>) -> PolarsResult<DataFrame> {
    let s = d.sources;
    frame(vec![
        col("source_id", strings(s.iter().map(|r| r.source.id.as_str()))),
        col("title", strings(s.iter().map(|r| r.source.title.as_str()))),
        col("author", s.iter().map(|r| r.source.author.as_deref()).collect::<Vec<_>>()),
        col("year", s.iter().map(|r| r.source.year).collect::<Vec<i32>>()),
        col("kind", strings(s.iter().map(|r| r.source.kind.as_str()))),
        col("url", strings(s.iter().map(|r| r.source.url.as_str()))),
        col("status", strings(s.iter().map(|r| r.status.as_str()))),
        col("reason", s.iter().map(|r| r.reason.as_deref()).collect::<Vec<_>>()),
        col("item_count", s.iter().map(|r| i64::from(r.item_count)).collect::<Vec<i64>>()),
        col("sha256", s.iter().map(|r| r.sha256.as_deref()).collect::<Vec<_>>()),
        col("event", strings(s.iter().map(|r| r.source.event.as_str()))),
        col("format", strings(s.iter().map(|r| r.source.format.as_str()))),
        col("published", s.iter().map(|r| r.source.published.as_deref()).collect::<Vec<_>>()),
        col("fetch_url", s.iter().map(|r| r.source.fetch_url.as_deref()).collect::<Vec<_>>()),
        col("origin", s.iter().map(|r| r.origin.map(crate::model::Origin::as_str)).collect::<Vec<_>>()),
        col("discovered_from", s.iter().map(|r| r.discovered_from.as_deref()).collect::<Vec<_>>()),
        col(
            "links_to",
            (0..s.len())
                .map(|i| {
                    d.graph.linked_sources(i).iter().map(|&t| s[t].source.id.as_str()).collect::<Vec<_>>().join(";")
                })
                .collect::<Vec<String>>(),
        ),
    ])
}

fn items(d: Data<'_>) -> PolarsResult<DataFrame> {
    let it = d.items;
    let themes = &d.taxonomy.item_themes;
    frame(vec![
        col("item_id", strings(it.iter().map(|i| i.item_id.as_str()))),
        col("source_id", strings(it.iter().map(|i| i.source_id.as_str()))),
        col("year", it.iter().map(|i| i.year).collect::<Vec<i32>>()),
        col("position", it.iter().map(|i| i.position as i32).collect::<Vec<i32>>()),
        col("section", strings(it.iter().map(Item::section_text))),
        col("depth", it.iter().map(|i| i.depth as i32).collect::<Vec<i32>>()),
        col("parent_id", it.iter().map(|i| i.parent_id.as_deref()).collect::<Vec<_>>()),
        col("text", strings(it.iter().map(|i| i.text.as_str()))),
        col("polarity", strings(it.iter().map(|i| i.polarity.as_str()))),
        col("theme", strings(themes.iter().map(|t| t.theme.as_str()))),
        col("theme_method", strings(themes.iter().map(|t| t.method.as_str()))),
        col("description", strings(it.iter().map(Item::description_text))),
        col("tags", it.iter().map(|i| i.tags.join(";")).collect::<Vec<String>>()),
        col("url", strings(it.iter().map(|i| i.url.as_deref().unwrap_or("")))),
        col("confidence", strings(it.iter().map(|i| i.confidence.as_str()))),
    ])
}

fn concepts(d: Data<'_>) -> PolarsResult<DataFrame> {
    let c = &d.taxonomy.concepts;
    let s = &d.analysis.concepts;
    let aliases: HashMap<&str, String> =
        d.seeds.concepts.iter().map(|a| (a.label.as_str(), a.aliases.join(";"))).collect();
    frame(vec![
        col("concept_id", strings(c.iter().map(|x| x.concept_id.as_str()))),
        col("label", strings(c.iter().map(|x| x.label.as_str()))),
        col("theme", strings(c.iter().map(|x| x.theme.as_str()))),
        col("item_count", s.iter().map(|x| i64::from(x.item_count)).collect::<Vec<i64>>()),
        col("source_count", s.iter().map(|x| i64::from(x.source_count)).collect::<Vec<i64>>()),
        col("first_year", s.iter().map(|x| x.first_year).collect::<Vec<Option<i32>>>()),
        col("last_year", s.iter().map(|x| x.last_year).collect::<Vec<Option<i32>>>()),
        col("origin", strings(c.iter().map(|x| x.origin.as_str()))),
        col("scope", strings(c.iter().map(|x| x.scope.as_str()))),
        col("idea_count", s.iter().map(|x| i64::from(x.idea_count)).collect::<Vec<i64>>()),
        col("unwanted_count", s.iter().map(|x| i64::from(x.unwanted_count)).collect::<Vec<i64>>()),
        col("talk_count", s.iter().map(|x| i64::from(x.talk_count)).collect::<Vec<i64>>()),
        col("longest_streak", d.analysis.streaks.iter().map(|&x| i64::from(x)).collect::<Vec<i64>>()),
        col("degree", d.analysis.metrics.iter().map(|m| i64::from(m.degree)).collect::<Vec<i64>>()),
        col("weighted_degree", d.analysis.metrics.iter().map(|m| i64::from(m.weighted_degree)).collect::<Vec<i64>>()),
        col("pagerank", d.analysis.metrics.iter().map(|m| m.pagerank).collect::<Vec<f64>>()),
        col("community", d.analysis.metrics.iter().map(|m| i64::from(m.community)).collect::<Vec<i64>>()),
        col(
            "aliases",
            c.iter()
                .map(|x| {
                    if x.origin == ConceptOrigin::Alias {
                        aliases.get(x.label.as_str()).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .collect::<Vec<String>>(),
        ),
    ])
}

fn item_concepts(d: Data<'_>) -> PolarsResult<DataFrame> {
    let l = &d.taxonomy.item_concepts;
    frame(vec![
        col("item_id", strings(l.iter().map(|x| d.items[x.item].item_id.as_str()))),
        col("concept_id", strings(l.iter().map(|x| d.taxonomy.concepts[x.concept].concept_id.as_str()))),
        col("method", strings(l.iter().map(|x| x.method.as_str()))),
        col("score", l.iter().map(|x| x.score).collect::<Vec<f64>>()),
    ])
}

fn suggestions(d: Data<'_>) -> PolarsResult<DataFrame> {
    let s = &d.taxonomy.suggestions;
    let item = |i: usize| &d.items[i];
    let concept = |c: usize| &d.taxonomy.concepts[c];
    // How many items a merge would move: what a person weighs before merging two concepts.
    let items_of = |c: usize| i64::from(d.analysis.concepts[c].item_count);
    frame(vec![
        col("suggestion_id", strings(s.iter().map(|x| x.suggestion_id.as_str()))),
        col("score", s.iter().map(|x| x.score).collect::<Vec<f64>>()),
        col("evidence", strings(s.iter().map(|x| x.evidence.as_str()))),
        col("concept_id", strings(s.iter().map(|x| d.taxonomy.concepts[x.concept].concept_id.as_str()))),
        col("concept_label", strings(s.iter().map(|x| d.taxonomy.concepts[x.concept].label.as_str()))),
        col("item_a", strings(s.iter().map(|x| item(x.item_a).item_id.as_str()))),
        col("source_a", strings(s.iter().map(|x| item(x.item_a).source_id.as_str()))),
        col("text_a", strings(s.iter().map(|x| item(x.item_a).text.as_str()))),
        col("item_b", strings(s.iter().map(|x| item(x.item_b).item_id.as_str()))),
        col("source_b", strings(s.iter().map(|x| item(x.item_b).source_id.as_str()))),
        col("text_b", strings(s.iter().map(|x| item(x.item_b).text.as_str()))),
        // Empty (and 0 items) when B is only in curated concepts: nothing a merge should move.
        col("concept_b_id", strings(s.iter().map(|x| x.concept_b.map_or("", |c| concept(c).concept_id.as_str())))),
        col("concept_b_label", strings(s.iter().map(|x| x.concept_b.map_or("", |c| concept(c).label.as_str())))),
        col("concept_b_items", s.iter().map(|x| x.concept_b.map_or(0, items_of)).collect::<Vec<i64>>()),
    ])
}

fn overlap(d: Data<'_>) -> PolarsResult<DataFrame> {
    let o = &d.analysis.overlap;
    frame(vec![
        col("source_a", strings(o.iter().map(|x| x.source_a.as_str()))),
        col("source_b", strings(o.iter().map(|x| x.source_b.as_str()))),
        col("shared", o.iter().map(|x| i64::from(x.shared)).collect::<Vec<i64>>()),
        col("jaccard", o.iter().map(|x| x.jaccard).collect::<Vec<f64>>()),
        col("year", o.iter().map(|x| x.year).collect::<Vec<i32>>()),
        col("only_a", o.iter().map(|x| i64::from(x.only_a)).collect::<Vec<i64>>()),
        col("only_b", o.iter().map(|x| i64::from(x.only_b)).collect::<Vec<i64>>()),
    ])
}

fn trends(d: Data<'_>) -> PolarsResult<DataFrame> {
    let t = &d.analysis.trends;
    let ids = &d.taxonomy.concepts;
    frame(vec![
        col("concept_id", strings(t.iter().map(|x| ids[x.concept].concept_id.as_str()))),
        col("year", t.iter().map(|x| x.year).collect::<Vec<i32>>()),
        col("mentions", t.iter().map(|x| i64::from(x.mentions)).collect::<Vec<i64>>()),
        col("sources", t.iter().map(|x| i64::from(x.sources)).collect::<Vec<i64>>()),
        col("status", strings(t.iter().map(|x| x.status.as_str()))),
        col("share", t.iter().map(|x| x.share).collect::<Vec<f64>>()),
    ])
}

fn themes(d: Data<'_>) -> PolarsResult<DataFrame> {
    let mut items: HashMap<&str, i64> = HashMap::new();
    for t in &d.taxonomy.item_themes {
        *items.entry(t.theme.as_str()).or_default() += 1;
    }
    let mut concepts: HashMap<&str, i64> = HashMap::new();
    for c in &d.taxonomy.concepts {
        *concepts.entry(c.theme.as_str()).or_default() += 1;
    }
    let t = d.themes;
    frame(vec![
        col("theme_id", strings(t.iter().map(|x| x.id.as_str()))),
        col("label", strings(t.iter().map(|x| x.label.as_str()))),
        col("scope", strings(t.iter().map(|x| x.scope.as_str()))),
        col("item_count", t.iter().map(|x| items.get(x.id.as_str()).copied().unwrap_or(0)).collect::<Vec<i64>>()),
        col("concept_count", t.iter().map(|x| concepts.get(x.id.as_str()).copied().unwrap_or(0)).collect::<Vec<i64>>()),
    ])
}

fn theme_trends(d: Data<'_>) -> PolarsResult<DataFrame> {
    let t = &d.analysis.theme_trends;
    frame(vec![
        col("theme", strings(t.iter().map(|x| d.themes[x.theme].id.as_str()))),
        col("year", t.iter().map(|x| x.year).collect::<Vec<i32>>()),
        col("ideas", t.iter().map(|x| i64::from(x.ideas)).collect::<Vec<i64>>()),
        col("share", t.iter().map(|x| x.share).collect::<Vec<f64>>()),
        col("talks", t.iter().map(|x| i64::from(x.talks)).collect::<Vec<i64>>()),
        col("talk_share", t.iter().map(|x| x.talk_share).collect::<Vec<f64>>()),
    ])
}

fn coverage(d: Data<'_>) -> PolarsResult<DataFrame> {
    let c = &d.analysis.coverage;
    let ids = &d.taxonomy.concepts;
    frame(vec![
        col("year", c.iter().map(|x| x.year).collect::<Vec<i32>>()),
        col("concept_id", strings(c.iter().map(|x| ids[x.concept].concept_id.as_str()))),
        col("label", strings(c.iter().map(|x| ids[x.concept].label.as_str()))),
        col("theme", strings(c.iter().map(|x| ids[x.concept].theme.as_str()))),
        col("ideas", c.iter().map(|x| i64::from(x.ideas)).collect::<Vec<i64>>()),
        col("idea_sources", c.iter().map(|x| i64::from(x.idea_sources)).collect::<Vec<i64>>()),
        col("talks", c.iter().map(|x| i64::from(x.talks)).collect::<Vec<i64>>()),
        col("talk_titles", c.iter().map(|x| x.talk_titles.join(";")).collect::<Vec<String>>()),
        col("status", strings(c.iter().map(|x| x.status.as_str()))),
    ])
}

/// Sources with more columns than this make a matrix no spreadsheet opens; analysts then join
/// `items` and `item_concepts` instead.
pub const MATRIX_MAX_SOURCES: usize = 1000;

/// Concept by source: wanted items of each readable source that name the concept.
fn concept_matrix(d: Data<'_>) -> PolarsResult<DataFrame> {
    let readable: Vec<usize> = (0..d.sources.len())
        .filter(|&s| d.sources[s].status == crate::model::Status::Ok)
        .take(MATRIX_MAX_SOURCES)
        .collect();
    // Column of each source in the matrix, by source index.
    let mut column: Vec<Option<usize>> = vec![None; d.sources.len()];
    for (c, &s) in readable.iter().enumerate() {
        column[s] = Some(c);
    }
    let mut counts = vec![vec![0i64; d.taxonomy.concepts.len()]; readable.len()];
    for link in &d.taxonomy.item_concepts {
        if d.items[link.item].polarity != crate::model::Polarity::Wanted {
            continue;
        }
        if let Some(c) = d.graph.source_of_item(link.item).and_then(|s| column[s]) {
            counts[c][link.concept] += 1;
        }
    }
    let mut columns = vec![
        col("concept_id", strings(d.taxonomy.concepts.iter().map(|c| c.concept_id.as_str()))),
        col("label", strings(d.taxonomy.concepts.iter().map(|c| c.label.as_str()))),
    ];
    for (c, &s) in readable.iter().enumerate() {
        // A source id may be any word, including the two fixed column names.
        let id = d.sources[s].source.id.as_str();
        let name = if id == "concept_id" || id == "label" { format!("source_{id}") } else { id.to_string() };
        columns.push(col(&name, std::mem::take(&mut counts[c])));
    }
    frame(columns)
}

fn links(d: Data<'_>) -> PolarsResult<DataFrame> {
    let l = d.links;
    frame(vec![
        col("source_id", strings(l.iter().map(|x| x.source_id.as_str()))),
        col("url", strings(l.iter().map(|x| x.url.as_str()))),
        col("text", strings(l.iter().map(|x| x.text.as_str()))),
        col("context", strings(l.iter().map(|x| x.context.as_str()))),
    ])
}

fn io_error(e: PolarsError) -> io::Error {
    io::Error::other(e.to_string())
}

/// Write a frame as Parquet.
pub fn write_parquet(frame: &mut DataFrame, path: &Path) -> io::Result<()> {
    let file = BufWriter::new(File::create(path)?);
    ParquetWriter::new(file).finish(frame).map_err(io_error)?;
    Ok(())
}

/// First characters that make a spreadsheet run a cell as a formula (OWASP's list).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula gets a leading `'`, which spreadsheets show as
/// text. Only the CSV files are changed: Parquet keeps the exact text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}").into() } else { cell.into() }
}

/// Write a frame as CSV with a header, string cells neutralised against formula injection.
pub fn write_csv(frame: &mut DataFrame, path: &Path) -> io::Result<()> {
    let columns: Vec<Column> = frame
        .columns()
        .iter()
        .map(|c| {
            // Header cells too: `concept_matrix` names a column after each source id, and an
            // id may start with `-`.
            let name: PlSmallStr = neutralise(c.name()).as_ref().into();
            match c.str() {
                // Only a column with a formula-like cell is copied; the rest are shared as they are.
                Ok(strings) if strings.iter().any(|v| v.is_some_and(|v| v.starts_with(FORMULA_STARTS))) => {
                    let values: Vec<Option<String>> =
                        strings.iter().map(|v| v.map(|v| neutralise(v).into_owned())).collect();
                    Series::new(name, values).into_column()
                }
                _ => c.clone().with_name(name),
            }
        })
        .collect();
    let mut safe = DataFrame::new(frame.height(), columns).map_err(io_error)?;
    let mut file = BufWriter::new(File::create(path)?);
    CsvWriter::new(&mut file).include_header(true).finish(&mut safe).map_err(io_error)?;
    io::Write::flush(&mut file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_in_csv_only() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for bad in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Testing"), "Testing");
        let dir = tempfile::tempdir().unwrap();
        let mut frame = DataFrame::new(
            2,
            vec![
                Series::new("text".into(), &["=1+1", "ok"]).into_column(),
                Series::new("n".into(), &[-1i64, 2]).into_column(),
            ],
        )
        .unwrap();
        write_csv(&mut frame, &dir.path().join("t.csv")).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("t.csv")).unwrap(), "text,n\n'=1+1,-1\nok,2\n");
        // Header cells are cells too (`concept_matrix` names columns after source ids).
        let mut frame = DataFrame::new(1, vec![Series::new("-A1-B2".into(), &[1i64]).into_column()]).unwrap();
        write_csv(&mut frame, &dir.path().join("h.csv")).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("h.csv")).unwrap(), "'-A1-B2\n1\n");
    }
}
