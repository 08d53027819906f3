//! The questions organizers ask, answered from the graph: how big and how old each concept
//! is, which posts of a year overlap, and which topics are new, recurring, returning or dropped.

pub mod concepts;
pub mod coverage;
pub mod heatmap;
pub mod metrics;
pub mod overlap;
pub mod trends;

use crate::graph::TaxonomyGraph;
use crate::model::{Item, Kind, Polarity, SourceRecord, Status};
use crate::normalize::Taxonomy;

/// Six decimals: enough for any comparison, and the same text on every platform. Every ratio
/// the tables hold goes through here.
pub fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Everything the analyses read.
#[derive(Debug, Clone, Copy)]
pub struct Built<'a> {
    /// Every manifest source with its outcome.
    pub sources: &'a [SourceRecord],
    /// Every item of every readable source.
    pub items: &'a [Item],
    /// Themes and concepts of the items.
    pub taxonomy: &'a Taxonomy,
    /// The graph built from the above.
    pub graph: &'a TaxonomyGraph,
}

/// All analysis tables.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// One row per concept, in `taxonomy.concepts` order.
    pub concepts: Vec<concepts::ConceptStats>,
    /// Pairs of sources of the same year.
    pub overlap: Vec<overlap::OverlapRow>,
    /// Concepts per year.
    pub trends: Vec<trends::TrendRow>,
    /// Longest run of consecutive idea years, per concept.
    pub streaks: Vec<u32>,
    /// Themes per year.
    pub theme_trends: Vec<trends::ThemeTrendRow>,
    /// Graph measures, per concept.
    pub metrics: Vec<metrics::ConceptMetrics>,
    /// Ideas against the program, per year and concept.
    pub coverage: Vec<coverage::CoverageRow>,
    /// The report's overlap heatmaps, per year.
    pub heatmaps: Vec<heatmap::Heatmap>,
}

/// Run every analysis.
pub fn analyze(input: Built<'_>, themes: &[crate::model::Theme]) -> Analysis {
    let trends = trends::trends(input);
    let streaks = trends::longest_streaks(&trends, input.taxonomy.concepts.len());
    let concepts = concepts::stats(input);
    let overlap = overlap::overlap(input);
    let theme_trends = trends::theme_trends(input, themes);
    let metrics = metrics::metrics(input.graph);
    let coverage = coverage::coverage(input);
    let heatmaps = heatmap::heatmaps(input);
    Analysis { concepts, overlap, trends, streaks, theme_trends, metrics, coverage, heatmaps }
}

impl Built<'_> {
    /// True for items that count as a request for a talk: wanted, from a readable source.
    pub fn counts(&self, item: usize) -> bool {
        self.items[item].polarity == Polarity::Wanted
    }

    /// Sources that were read, with their indexes.
    pub fn ok_sources(&self) -> impl Iterator<Item = (usize, &SourceRecord)> {
        self.sources.iter().enumerate().filter(|(_, s)| s.status == Status::Ok)
    }

    /// The index of an item's source, when that source was read.
    pub fn read_source_of(&self, item: usize) -> Option<usize> {
        self.graph.source_of_item(item).filter(|&s| self.sources[s].status == Status::Ok)
    }

    /// The kind of the source an item comes from.
    pub fn kind_of(&self, item: usize) -> Option<Kind> {
        self.graph.source_of_item(item).map(|s| self.sources[s].source.kind)
    }

    /// True when the item comes from an ideas post (not a program).
    pub fn is_idea(&self, item: usize) -> bool {
        self.kind_of(item) == Some(Kind::Ideas)
    }
}
