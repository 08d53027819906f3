//! How each concept moves across the years of idea posts.
//!
//! Years are the years that have at least one readable ideas post, so a gap in publishing
//! (2019–2021 in the corpus) is not read as every topic being dropped. A concept is `new` the
//! first year it is asked for, `recurring` when it was also asked for in the previous such year,
//! `returning` when it comes back after a gap, and `dropped` (a row with zero mentions) the
//! first year it is missing after being asked for.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashMap;
use rayon::prelude::*;

use super::Built;
use crate::model::Kind;

/// One concept in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Index into `taxonomy.concepts`.
    pub concept: usize,
    /// The event year.
    pub year: i32,
    /// Wanted idea items naming the concept that year.
    pub mentions: u32,
    /// Distinct idea posts among them.
    pub sources: u32,
    /// `mentions` over all wanted ideas of the year.
    pub share: f64,
    /// How the concept stands that year.
    pub status: TrendStatus,
}

/// How a concept stands in one year, as the `trends.status` column spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendStatus {
    /// Asked for the first time.
    New,
    /// Also asked for in the previous idea year.
    Recurring,
    /// Back after a gap.
    Returning,
    /// Missing the first year after being asked for (a row with zero mentions).
    Dropped,
}

impl TrendStatus {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TrendStatus::New => "new",
            TrendStatus::Recurring => "recurring",
            TrendStatus::Returning => "returning",
            TrendStatus::Dropped => "dropped",
        }
    }
}

/// One theme in one year: its share of the ideas, and of the accepted talks.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeTrendRow {
    /// Index into the themes.
    pub theme: usize,
    /// The year.
    pub year: i32,
    /// Wanted ideas whose primary theme it is.
    pub ideas: u32,
    /// `ideas` over all wanted ideas of the year (0 when the year has none).
    pub share: f64,
    /// Accepted talks whose primary theme it is.
    pub talks: u32,
    /// `talks` over all talks of the year (0 when the year has no program).
    pub talk_share: f64,
}

/// The years with at least one readable ideas post, in order.
pub fn idea_years(input: Built<'_>) -> Vec<i32> {
    let years: BTreeSet<i32> =
        input.ok_sources().filter(|(_, s)| s.source.kind == Kind::Ideas).map(|(_, s)| s.source.year).collect();
    years.into_iter().collect()
}

/// Wanted idea items per year.
fn ideas_per_year(input: Built<'_>) -> BTreeMap<i32, u32> {
    let mut out = BTreeMap::new();
    for (i, item) in input.items.iter().enumerate() {
        if input.counts(i) && input.is_idea(i) {
            *out.entry(item.year).or_default() += 1;
        }
    }
    out
}

/// The longest run of consecutive idea-post years each concept was asked for.
pub fn longest_streaks(rows: &[TrendRow], concepts: usize) -> Vec<u32> {
    let mut best = vec![0u32; concepts];
    let mut run = vec![0u32; concepts];
    for r in rows {
        // Rows come by concept, then year; a `dropped` row (or a gap with no row) ends a run,
        // and the next present year starts one.
        if r.mentions == 0 {
            run[r.concept] = 0;
            continue;
        }
        run[r.concept] = if r.status == TrendStatus::Recurring { run[r.concept] + 1 } else { 1 };
        best[r.concept] = best[r.concept].max(run[r.concept]);
    }
    best
}

/// Theme shares per year, over the years that have ideas or a program.
pub fn theme_trends(input: Built<'_>, themes: &[crate::model::Theme]) -> Vec<ThemeTrendRow> {
    let index: HashMap<&str, usize> = themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let mut counts: BTreeMap<(i32, usize), (u32, u32)> = BTreeMap::new();
    let mut totals: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
    for (i, item) in input.items.iter().enumerate() {
        let kind = input.read_source_of(i).map(|s| input.sources[s].source.kind);
        let (Some(kind), Some(&theme)) = (kind, index.get(input.taxonomy.item_themes[i].theme.as_str())) else {
            continue;
        };
        if !input.counts(i) {
            continue;
        }
        let (c, t) = (counts.entry((item.year, theme)).or_default(), totals.entry(item.year).or_default());
        match kind {
            Kind::Ideas => {
                c.0 += 1;
                t.0 += 1;
            }
            Kind::Program => {
                c.1 += 1;
                t.1 += 1;
            }
        }
    }
    let ratio = |a: u32, b: u32| if b == 0 { 0.0 } else { super::round(f64::from(a) / f64::from(b)) };
    let mut rows = Vec::new();
    for (&year, &(ideas_total, talks_total)) in &totals {
        for theme in 0..themes.len() {
            let (ideas, talks) = counts.get(&(year, theme)).copied().unwrap_or((0, 0));
            rows.push(ThemeTrendRow {
                theme,
                year,
                ideas,
                share: ratio(ideas, ideas_total),
                talks,
                talk_share: ratio(talks, talks_total),
            });
        }
    }
    rows
}

/// Trend rows, by concept then year.
pub fn trends(input: Built<'_>) -> Vec<TrendRow> {
    let years = idea_years(input);
    let totals = ideas_per_year(input);
    // Concepts are independent: one list of rows each, in parallel, joined in concept order.
    let per_concept: Vec<Vec<TrendRow>> = (0..input.taxonomy.concepts.len())
        .into_par_iter()
        .map(|c| {
            let mut rows = Vec::new();
            let mut by_year: BTreeMap<i32, (u32, BTreeSet<Option<usize>>)> = BTreeMap::new();
            for &i in input.graph.items_of_concept(c) {
                if input.counts(i) && input.is_idea(i) {
                    let e = by_year.entry(input.items[i].year).or_default();
                    e.0 += 1;
                    e.1.insert(input.graph.source_of_item(i));
                }
            }
            let mut seen_before = false;
            let mut present_last = false;
            for &year in &years {
                match by_year.get(&year) {
                    Some((mentions, sources)) => {
                        let status = if !seen_before {
                            TrendStatus::New
                        } else if present_last {
                            TrendStatus::Recurring
                        } else {
                            TrendStatus::Returning
                        };
                        let share = super::round(
                            f64::from(*mentions) / f64::from(totals.get(&year).copied().unwrap_or(1).max(1)),
                        );
                        rows.push(TrendRow {
                            concept: c,
                            year,
                            mentions: *mentions,
                            sources: sources.len() as u32,
                            share,
                            status,
                        });
                        seen_before = true;
                        present_last = true;
                    }
                    None => {
                        if present_last {
                            rows.push(TrendRow {
                                concept: c,
                                year,
                                mentions: 0,
                                sources: 0,
                                share: 0.0,
                                status: TrendStatus::Dropped,
                            });
                        }
                        present_last = false;
                    }
                }
            }
            rows
        })
        .collect();
    per_concept.concat()
}
