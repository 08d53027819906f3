//! One petgraph graph of everything: sources, items, concepts, themes and how they connect.
//!
//! The analyses read overlap and trends off this graph, and the exports write it out, so what
//! analysts see in Gephi is exactly what the tables were computed from.

use std::collections::BTreeSet;

use foldhash::HashMap;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{Hyperlink, Item, Method, Polarity, SourceRecord, Status, Theme};
use crate::normalize::Taxonomy;
use crate::text::normal_url;

/// What a node stands for; the index points into the slice it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// `sources[i]`.
    Source(usize),
    /// `items[i]`.
    Item(usize),
    /// `taxonomy.concepts[i]`.
    Concept(usize),
    /// `themes[i]`.
    Theme(usize),
}

/// How two nodes relate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Edge {
    /// Source → item: the post lists the idea.
    Mentions,
    /// Item → concept, with the rule and score behind it.
    NormalizesTo(Method, f64),
    /// Concept → theme.
    BelongsTo,
    /// Source → source: the post links to another post of the manifest.
    LinksTo,
    /// Concept → concept (lower index first): both are asked for in this many sources.
    CoOccurs(u32),
}

/// The graph with lookups from table rows to nodes.
#[derive(Debug, Clone)]
pub struct TaxonomyGraph {
    /// The graph itself.
    pub graph: DiGraph<Node, Edge>,
    /// Node of `sources[i]`.
    pub sources: Vec<NodeIndex>,
    /// Node of `items[i]`.
    pub items: Vec<NodeIndex>,
    /// Node of `taxonomy.concepts[i]`.
    pub concepts: Vec<NodeIndex>,
    /// Node of `themes[i]`.
    pub themes: Vec<NodeIndex>,
    /// For each source, the concepts of its wanted items (empty unless it was read).
    source_concepts: Vec<BTreeSet<usize>>,
    /// For each item, its source.
    item_source: Vec<Option<usize>>,
    /// For each concept, its items in item order: the analyses walk these once per concept,
    /// which is faster from a list than from the graph's edge chains.
    concept_items: Vec<Vec<usize>>,
    /// Sources that name more than [`CO_OCCURRENCE_MAX`] concepts, left out of co-occurrence.
    pub crowded: Vec<usize>,
}

/// A source naming more concepts than this adds no co-occurrence ties. Its pairs grow with the
/// square of its size: one post of 5,000 distinct ideas made 12.5 million ties, and the build
/// took 19 s and 1.9 GB. A list that long says little about which topics belong together.
/// Programs of a few hundred talks stay well under it.
pub const CO_OCCURRENCE_MAX: usize = 500;

/// Build the graph. Nodes and edges are added in table order, so the graph (and every export
/// of it) is the same for the same inputs.
pub fn build(
    sources: &[SourceRecord],
    items: &[Item],
    taxonomy: &Taxonomy,
    themes: &[Theme],
    links: &[Hyperlink],
) -> TaxonomyGraph {
    let mut graph = DiGraph::new();
    let source_nodes: Vec<NodeIndex> = (0..sources.len()).map(|i| graph.add_node(Node::Source(i))).collect();
    let theme_nodes: Vec<NodeIndex> = (0..themes.len()).map(|i| graph.add_node(Node::Theme(i))).collect();
    let concept_nodes: Vec<NodeIndex> =
        (0..taxonomy.concepts.len()).map(|i| graph.add_node(Node::Concept(i))).collect();
    let item_nodes: Vec<NodeIndex> = (0..items.len()).map(|i| graph.add_node(Node::Item(i))).collect();

    let source_index: HashMap<&str, usize> =
        sources.iter().enumerate().map(|(i, s)| (s.source.id.as_str(), i)).collect();
    let theme_index: HashMap<&str, usize> = themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();

    let mut item_source = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        if let Some(&s) = source_index.get(item.source_id.as_str()) {
            graph.add_edge(source_nodes[s], item_nodes[i], Edge::Mentions);
            item_source[i] = Some(s);
        }
    }
    let mut concept_items: Vec<Vec<usize>> = vec![Vec::new(); taxonomy.concepts.len()];
    for link in &taxonomy.item_concepts {
        graph.add_edge(item_nodes[link.item], concept_nodes[link.concept], Edge::NormalizesTo(link.method, link.score));
        concept_items[link.concept].push(link.item);
    }
    for list in &mut concept_items {
        list.sort_unstable();
        list.dedup();
    }
    for (c, concept) in taxonomy.concepts.iter().enumerate() {
        if let Some(&t) = theme_index.get(concept.theme.as_str()) {
            graph.add_edge(concept_nodes[c], theme_nodes[t], Edge::BelongsTo);
        }
    }
    // Concepts asked for together in one readable source (wanted items only), counted over
    // sources.
    let readable: Vec<bool> = sources.iter().map(|s| s.status == Status::Ok).collect();
    let mut per_source: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sources.len()];
    // Broad concepts ("Best practices") are no shared ground: overlap and co-occurrence
    // count subjects only ([`ItemConcept::names_subject`]).
    for link in &taxonomy.item_concepts {
        let (i, c) = (link.item, link.concept);
        if let Some(s) = item_source[i]
            && link.names_subject(&taxonomy.concepts[c])
            && readable[s]
            && items[i].polarity == Polarity::Wanted
        {
            per_source[s].insert(c);
        }
    }
    let mut counted: HashMap<(usize, usize), u32> = HashMap::default();
    let crowded: Vec<usize> = (0..sources.len()).filter(|&s| per_source[s].len() > CO_OCCURRENCE_MAX).collect();
    for set in per_source.iter().filter(|set| set.len() <= CO_OCCURRENCE_MAX) {
        let set: Vec<usize> = set.iter().copied().collect();
        for (x, &a) in set.iter().enumerate() {
            for &b in &set[x + 1..] {
                *counted.entry((a, b)).or_default() += 1;
            }
        }
    }
    // Sorted by pair, so the edge order (and every export) is the same run to run.
    let mut pairs: Vec<((usize, usize), u32)> = counted.into_iter().collect();
    pairs.sort_unstable();
    for ((a, b), n) in pairs {
        graph.add_edge(concept_nodes[a], concept_nodes[b], Edge::CoOccurs(n));
    }
    // A post that links to another post of the manifest: by its page or its download address.
    let by_url: HashMap<String, usize> = sources
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            [Some(&s.source.url), s.source.fetch_url.as_ref()].into_iter().flatten().map(move |u| (normal_url(u), i))
        })
        .collect();
    let mut seen = foldhash::HashSet::default();
    for link in links {
        if let (Some(&from), Some(&to)) = (source_index.get(link.source_id.as_str()), by_url.get(&link.target))
            && from != to
            && seen.insert((from, to))
        {
            graph.add_edge(source_nodes[from], source_nodes[to], Edge::LinksTo);
        }
    }
    TaxonomyGraph {
        graph,
        sources: source_nodes,
        items: item_nodes,
        concepts: concept_nodes,
        themes: theme_nodes,
        source_concepts: per_source,
        item_source,
        concept_items,
        crowded,
    }
}

impl TaxonomyGraph {
    /// Neighbours of `node` in `direction` that `pick` maps to a table index, sorted, distinct.
    fn neighbours(
        &self,
        node: NodeIndex,
        direction: Direction,
        pick: impl Fn(&Edge, Node) -> Option<usize>,
    ) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .edges_directed(node, direction)
            .filter_map(|e| {
                let other = if direction == Direction::Outgoing { e.target() } else { e.source() };
                pick(e.weight(), self.graph[other])
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Indexes of the items a source mentions, in item order.
    pub fn items_of_source(&self, source: usize) -> Vec<usize> {
        self.neighbours(self.sources[source], Direction::Outgoing, |e, n| match (e, n) {
            (Edge::Mentions, Node::Item(i)) => Some(i),
            _ => None,
        })
    }

    /// Indexes of the concepts an item normalizes to, sorted.
    pub fn concepts_of_item(&self, item: usize) -> Vec<usize> {
        self.neighbours(self.items[item], Direction::Outgoing, |_, n| match n {
            Node::Concept(c) => Some(c),
            _ => None,
        })
    }

    /// Indexes of the items linked to a concept, sorted.
    pub fn items_of_concept(&self, concept: usize) -> &[usize] {
        &self.concept_items[concept]
    }

    /// Co-occurrence edges `(concept a, concept b, sources)`, `a < b`, in a stable order.
    pub fn co_occurrences(&self) -> Vec<(usize, usize, u32)> {
        self.graph
            .edge_references()
            .filter_map(|e| match (e.weight(), self.graph[e.source()], self.graph[e.target()]) {
                (Edge::CoOccurs(n), Node::Concept(a), Node::Concept(b)) => Some((a, b, *n)),
                _ => None,
            })
            .collect()
    }

    /// For each concept, how many readable sources ask for it (wanted items), as counted for
    /// the co-occurrence edges.
    pub fn sources_per_concept(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.concepts.len()];
        for set in &self.source_concepts {
            for &c in set {
                counts[c] += 1;
            }
        }
        counts
    }

    /// The concepts of a source's wanted items, sorted (empty for a source that was not read).
    pub fn source_concepts(&self, source: usize) -> &BTreeSet<usize> {
        &self.source_concepts[source]
    }

    /// The index of the source an item comes from.
    pub fn source_of_item(&self, item: usize) -> Option<usize> {
        self.item_source.get(item).copied().flatten()
    }

    /// Indexes of the manifest sources a source links to, sorted.
    pub fn linked_sources(&self, source: usize) -> Vec<usize> {
        self.neighbours(self.sources[source], Direction::Outgoing, |e, n| match (e, n) {
            (Edge::LinksTo, Node::Source(s)) => Some(s),
            _ => None,
        })
    }
}
