//! Per-concept counts: how many items and posts name it, and in which years.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::Built;
use crate::model::{Kind, Polarity};

/// The measured columns of the `concepts` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptStats {
    /// Items linked to the concept, any polarity, ideas and talks.
    pub item_count: u32,
    /// Distinct sources of those items.
    pub source_count: u32,
    /// Earliest and latest year it appears in.
    pub first_year: Option<i32>,
    /// See `first_year`.
    pub last_year: Option<i32>,
    /// Wanted ideas.
    pub idea_count: u32,
    /// Unwanted ideas.
    pub unwanted_count: u32,
    /// Accepted talks.
    pub talk_count: u32,
}

/// Count each concept's items, sources and years.
pub fn stats(input: Built<'_>) -> Vec<ConceptStats> {
    (0..input.taxonomy.concepts.len())
        .into_par_iter()
        .map(|c| {
            let items = input.graph.items_of_concept(c);
            let sources: BTreeSet<Option<usize>> = items.iter().map(|&i| input.graph.source_of_item(i)).collect();
            let years: BTreeSet<i32> = items.iter().map(|&i| input.items[i].year).collect();
            let mut s = ConceptStats {
                item_count: items.len() as u32,
                source_count: sources.len() as u32,
                first_year: years.first().copied(),
                last_year: years.last().copied(),
                idea_count: 0,
                unwanted_count: 0,
                talk_count: 0,
            };
            for &i in items {
                match (input.kind_of(i), input.items[i].polarity) {
                    (Some(Kind::Program), _) => s.talk_count += 1,
                    (_, Polarity::Unwanted) => s.unwanted_count += 1,
                    _ => s.idea_count += 1,
                }
            }
            s
        })
        .collect()
}
