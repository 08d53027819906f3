//! Which posts of the same year ask for the same topics.
//!
//! Each source is the set of concepts of its wanted items; unwanted ideas are kept apart, since
//! two authors warning against crypto talks do not overlap in what they want to hear.

use super::Input;

/// One pair of sources of the same year.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlapRow {
    /// The year both sources are for.
    pub year: i32,
    /// The pair, ordered by manifest position.
    pub source_a: String,
    /// See `source_a`.
    pub source_b: String,
    /// Concepts both name.
    pub shared: u32,
    /// Concepts only `source_a` names.
    pub only_a: u32,
    /// Concepts only `source_b` names.
    pub only_b: u32,
    /// `shared / (shared + only_a + only_b)`; 0 when both are empty.
    pub jaccard: f64,
}

/// Above this many readable sources in a year, pairs that share nothing are left out, so the
/// table grows with the overlaps, not with the square of the sources.
pub const SPARSE_ABOVE: usize = 50;

/// Every pair of readable sources of the same year (only those sharing a concept, in a year
/// with more than [`SPARSE_ABOVE`] sources).
pub fn overlap(input: Input<'_>) -> Vec<OverlapRow> {
    let sets = |s: usize| input.graph.source_concepts(s);
    let ok: Vec<usize> = input.ok_sources().map(|(i, _)| i).collect();
    let mut per_year: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for &s in &ok {
        *per_year.entry(input.sources[s].source.year).or_default() += 1;
    }
    let mut rows = Vec::new();
    for (x, &a) in ok.iter().enumerate() {
        for &b in &ok[x + 1..] {
            let (sa, sb) = (&input.sources[a].source, &input.sources[b].source);
            if sa.year != sb.year {
                continue;
            }
            let shared = sets(a).intersection(sets(b)).count() as u32;
            if shared == 0 && per_year[&sa.year] > SPARSE_ABOVE {
                continue;
            }
            let only_a = sets(a).len() as u32 - shared;
            let only_b = sets(b).len() as u32 - shared;
            let union = shared + only_a + only_b;
            let jaccard = if union == 0 { 0.0 } else { round(f64::from(shared) / f64::from(union)) };
            rows.push(OverlapRow {
                year: sa.year,
                source_a: sa.id.clone(),
                source_b: sb.id.clone(),
                shared,
                only_a,
                only_b,
                jaccard,
            });
        }
    }
    rows.sort_by(|p, q| (p.year, &p.source_a, &p.source_b).cmp(&(q.year, &q.source_a, &q.source_b)));
    rows
}

/// Six decimals: enough for any comparison, and the same text on every platform.
pub fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
