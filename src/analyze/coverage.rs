//! Ideas against the accepted program of the same year: which suggested topics got talks, which
//! did not, and which accepted topics no one suggested.

use std::collections::{BTreeMap, BTreeSet};

use super::Built;
use crate::model::{Kind, Polarity};

/// One concept in one year that has both idea posts and a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    /// The year.
    pub year: i32,
    /// Index into `taxonomy.concepts`.
    pub concept: usize,
    /// Wanted ideas naming it that year.
    pub ideas: u32,
    /// Idea posts among them.
    pub idea_sources: u32,
    /// Accepted talks naming it that year.
    pub talks: u32,
    /// Their titles, in program order (the table joins them with `;`).
    pub talk_titles: Vec<String>,
    /// Whether it was suggested, accepted, or both.
    pub status: CoverageStatus,
}

/// Whether a concept of a year was suggested, accepted, or both, as `coverage.status` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CoverageStatus {
    /// Asked for in an idea post and given a talk.
    SuggestedAndAccepted,
    /// Asked for, with no talk.
    SuggestedOnly,
    /// A talk no post asked for.
    AcceptedOnly,
}

impl CoverageStatus {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageStatus::SuggestedAndAccepted => "suggested_and_accepted",
            CoverageStatus::SuggestedOnly => "suggested_only",
            CoverageStatus::AcceptedOnly => "accepted_only",
        }
    }
}

/// Coverage rows by year, then concept.
pub fn coverage(input: Built<'_>) -> Vec<CoverageRow> {
    let years = |kind: Kind| -> BTreeSet<i32> {
        input.ok_sources().filter(|(_, s)| s.source.kind == kind).map(|(_, s)| s.source.year).collect()
    };
    let both: BTreeSet<i32> = years(Kind::Ideas).intersection(&years(Kind::Program)).copied().collect();
    let mut rows = Vec::new();
    for &year in &both {
        let mut per: BTreeMap<usize, (u32, BTreeSet<usize>, Vec<&str>)> = BTreeMap::new();
        for (i, item) in input.items.iter().enumerate() {
            if item.year != year || item.polarity != Polarity::Wanted {
                continue;
            }
            let Some(source) = input.read_source_of(i) else { continue };
            let kind = input.sources[source].source.kind;
            for c in input.graph.concepts_of_item(i) {
                let e = per.entry(c).or_default();
                match kind {
                    Kind::Ideas => {
                        e.0 += 1;
                        e.1.insert(source);
                    }
                    Kind::Program => e.2.push(item.text.as_str()),
                }
            }
        }
        for (concept, (ideas, sources, talks)) in per {
            let status = match (ideas > 0, talks.is_empty()) {
                (true, false) => CoverageStatus::SuggestedAndAccepted,
                (true, true) => CoverageStatus::SuggestedOnly,
                _ => CoverageStatus::AcceptedOnly,
            };
            rows.push(CoverageRow {
                year,
                concept,
                ideas,
                idea_sources: sources.len() as u32,
                talks: talks.len() as u32,
                talk_titles: talks.iter().map(|t| t.to_string()).collect(),
                status,
            });
        }
    }
    let ids = &input.taxonomy.concepts;
    rows.sort_by(|a, b| (a.year, &ids[a.concept].concept_id).cmp(&(b.year, &ids[b.concept].concept_id)));
    rows
}
