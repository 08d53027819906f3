//! How each concept moves across the years of idea posts.
//!
//! Years are the years that have at least one readable ideas post, so a gap in publishing
//! (2019–2021 in the corpus) is not read as every topic being dropped. A concept is `new` the
//! first year it is asked for, `recurring` when it was also asked for in the previous such year,
//! `returning` when it comes back after a gap, and `dropped` (a row with zero mentions) the
//! first year it is missing after being asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Input;
use crate::model::Kind;

/// One concept in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRow {
    /// Index into `taxonomy.concepts`.
    pub concept: usize,
    /// The event year.
    pub year: i32,
    /// Wanted idea items naming the concept that year.
    pub mentions: u32,
    /// Distinct idea posts among them.
    pub sources: u32,
    /// `new`, `recurring`, `returning` or `dropped`.
    pub status: &'static str,
}

/// Trend rows, by concept then year.
pub fn trends(input: Input<'_>) -> Vec<TrendRow> {
    let kinds: HashMap<&str, Kind> = input.sources.iter().map(|s| (s.source.id.as_str(), s.source.kind)).collect();
    let years: BTreeSet<i32> =
        input.ok_sources().filter(|(_, s)| s.source.kind == Kind::Ideas).map(|(_, s)| s.source.year).collect();
    let years: Vec<i32> = years.into_iter().collect();
    let mut rows = Vec::new();
    for c in 0..input.taxonomy.concepts.len() {
        let mut by_year: BTreeMap<i32, (u32, BTreeSet<&str>)> = BTreeMap::new();
        for i in input.graph.items_of_concept(c) {
            if input.counts(i) && input.is_idea(i, &kinds) {
                let e = by_year.entry(input.items[i].year).or_default();
                e.0 += 1;
                e.1.insert(input.items[i].source_id.as_str());
            }
        }
        let mut seen_before = false;
        let mut present_last = false;
        for &year in &years {
            match by_year.get(&year) {
                Some((mentions, sources)) => {
                    let status = if !seen_before {
                        "new"
                    } else if present_last {
                        "recurring"
                    } else {
                        "returning"
                    };
                    rows.push(TrendRow {
                        concept: c,
                        year,
                        mentions: *mentions,
                        sources: sources.len() as u32,
                        status,
                    });
                    seen_before = true;
                    present_last = true;
                }
                None => {
                    if present_last {
                        rows.push(TrendRow { concept: c, year, mentions: 0, sources: 0, status: "dropped" });
                    }
                    present_last = false;
                }
            }
        }
    }
    rows
}
