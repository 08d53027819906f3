//! The overlap heatmaps of the report: for each year, the Jaccard similarity of every pair of
//! the sources drawn. A large year's `overlap` table keeps only each source's nearest, so the
//! cells of the sources drawn are computed here, in full.

use super::Built;
use super::overlap::jaccard;

/// Sources in one year's heatmap: beyond this a heatmap is unreadable, so the sources with the
/// most items are drawn and the table `overlap` has the rest.
pub const HEATMAP_SOURCES: usize = 24;

/// One year's heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// The year.
    pub year: i32,
    /// The sources drawn, in manifest order (the largest ones when the year has many).
    pub sources: Vec<String>,
    /// The readable sources of the year, drawn or not.
    pub readable: usize,
    /// `cells[a][b]`: the overlap of sources `a` and `b`; the diagonal is a source with itself.
    pub cells: Vec<Vec<Cell>>,
}

/// The overlap of two sources.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cell {
    /// Concepts both name.
    pub shared: u32,
    /// Their Jaccard similarity (1 on the diagonal).
    pub jaccard: f64,
}

/// One heatmap per year with a readable source, earliest year first.
pub fn heatmaps(input: Built<'_>) -> Vec<Heatmap> {
    let mut by_year: std::collections::BTreeMap<i32, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, s) in input.ok_sources() {
        by_year.entry(s.source.year).or_default().push(i);
    }
    by_year
        .into_iter()
        .map(|(year, mut sources)| {
            let readable = sources.len();
            if readable > HEATMAP_SOURCES {
                // A stable sort keeps manifest order among sources of equal size.
                sources.sort_by_key(|&s| std::cmp::Reverse(input.sources[s].item_count));
                sources.truncate(HEATMAP_SOURCES);
            }
            let sets: Vec<_> = sources.iter().map(|&s| input.graph.source_concepts(s)).collect();
            let cells = sets
                .iter()
                .enumerate()
                .map(|(a, sa)| {
                    sets.iter()
                        .enumerate()
                        .map(|(b, sb)| {
                            if a == b {
                                return Cell { shared: 0, jaccard: 1.0 };
                            }
                            let shared = sa.intersection(sb).count() as u32;
                            Cell {
                                shared,
                                jaccard: jaccard(shared, sa.len() as u32 - shared, sb.len() as u32 - shared),
                            }
                        })
                        .collect()
                })
                .collect();
            let sources = sources.iter().map(|&s| input.sources[s].source.id.clone()).collect();
            Heatmap { year, sources, readable, cells }
        })
        .collect()
}
