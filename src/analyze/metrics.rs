//! Graph measures of concepts in the co-occurrence graph: which topics are central, and which
//! are asked for together.

use petgraph::graph::{NodeIndex, UnGraph};

use super::round;
use crate::graph::TaxonomyGraph;

/// Measures of one concept.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptMetrics {
    /// Concepts it is asked for together with.
    pub degree: u32,
    /// The same, counted over sources (an edge asked for in three posts counts three).
    pub weighted_degree: u32,
    /// PageRank in the co-occurrence graph (damping 0.85): high for topics next to many others.
    pub pagerank: f64,
    /// Community of concepts asked for together (1 = the largest).
    pub community: u32,
}

/// Measures of every concept, in `taxonomy.concepts` order.
pub fn metrics(graph: &TaxonomyGraph) -> Vec<ConceptMetrics> {
    let n = graph.concepts.len();
    let mut co: UnGraph<(), u32> = UnGraph::with_capacity(n, 0);
    for _ in 0..n {
        co.add_node(());
    }
    let edges = graph.co_occurrences();
    for &(a, b, w) in &edges {
        co.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
    }
    let ranks = page_rank(&co, 0.85);
    // Every post joins all its concepts, so raw co-occurrence links nearly everything. A
    // community is built from strong ties only: asked for together in at least two posts that
    // make up at least two thirds of the posts asking for either (on the corpus, one half still
    // chained most topics into one community).
    let posts = graph.sources_per_concept();
    let mut strong: UnGraph<(), u32> = UnGraph::with_capacity(n, 0);
    for _ in 0..n {
        strong.add_node(());
    }
    for &(a, b, w) in &edges {
        if is_strong_tie(w, posts[a], posts[b]) {
            strong.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
        }
    }
    let communities = communities(&strong);
    (0..n)
        .map(|c| {
            let node = NodeIndex::new(c);
            ConceptMetrics {
                degree: co.neighbors(node).count() as u32,
                weighted_degree: co.edges(node).map(|e| *e.weight()).sum(),
                pagerank: round(ranks.get(c).copied().unwrap_or(0.0)),
                community: communities[c],
            }
        })
        .collect()
}

/// Two concepts asked for together in `together` posts, out of `a` and `b` posts asking for
/// each: a strong tie when that is at least two posts and two thirds of the posts asking for
/// either.
pub fn is_strong_tie(together: u32, a: u32, b: u32) -> bool {
    let union = a + b - together;
    together >= 2 && 3 * together >= 2 * union
}

/// Weighted PageRank by power iteration over adjacency lists, O(iterations × edges).
///
/// petgraph's `page_rank` scans every node's edges for every pair of nodes in each iteration
/// (O(n² · degree)): seconds for a hundred concepts, hours for the thousands of concepts of a
/// decade of conferences. This is the textbook iteration instead, with dangling nodes' rank
/// spread evenly, stopped when the ranks move less than 1e-12 in total.
pub fn page_rank(g: &UnGraph<(), u32>, damping: f64) -> Vec<f64> {
    use petgraph::visit::EdgeRef;
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let adjacency: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|v| {
            g.edges(NodeIndex::new(v))
                .map(|e| {
                    let other = if e.source().index() == v { e.target().index() } else { e.source().index() };
                    (other, f64::from(*e.weight()))
                })
                .collect()
        })
        .collect();
    let out: Vec<f64> = adjacency.iter().map(|a| a.iter().map(|(_, w)| w).sum()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..200 {
        let dangling: f64 = (0..n).filter(|&v| out[v] == 0.0).map(|v| rank[v]).sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let mut next = vec![base; n];
        for v in 0..n {
            for &(u, w) in &adjacency[v] {
                next[u] += damping * rank[v] * w / out[v];
            }
        }
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < 1e-12 {
            break;
        }
    }
    rank
}

/// Label propagation with a fixed visiting order and ties to the smallest label, so the result
/// is the same on every run; communities are then numbered by size, largest first.
pub fn communities(g: &UnGraph<(), u32>) -> Vec<u32> {
    let n = g.node_count();
    let mut label: Vec<usize> = (0..n).collect();
    for _ in 0..100 {
        let mut changed = false;
        for v in 0..n {
            let mut weight: std::collections::BTreeMap<usize, u64> = std::collections::BTreeMap::new();
            for e in g.edges(NodeIndex::new(v)) {
                use petgraph::visit::EdgeRef;
                let other = if e.source().index() == v { e.target().index() } else { e.source().index() };
                *weight.entry(label[other]).or_default() += u64::from(*e.weight());
            }
            let Some(best) = weight.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(l, _)| *l) else {
                continue;
            };
            if best != label[v] && weight[&best] > weight.get(&label[v]).copied().unwrap_or(0) {
                label[v] = best;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut sizes: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
    for (v, &l) in label.iter().enumerate() {
        let e = sizes.entry(l).or_insert((0, v));
        e.0 += 1;
    }
    let mut order: Vec<(usize, usize, usize)> = sizes.into_iter().map(|(l, (size, first))| (l, size, first)).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let number: foldhash::HashMap<usize, u32> =
        order.iter().enumerate().map(|(i, (l, _, _))| (*l, i as u32 + 1)).collect();
    label.iter().map(|l| number[l]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_rank_sums_to_one_and_favours_the_hub() {
        let mut g: UnGraph<(), u32> = UnGraph::new_undirected();
        let v: Vec<NodeIndex> = (0..5).map(|_| g.add_node(())).collect();
        for leaf in 1..4 {
            g.add_edge(v[0], v[leaf], 1);
        }
        let r = page_rank(&g, 0.85);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r[0] > r[1] && r[1] > r[4], "{r:?}");
        assert!((r[1] - r[2]).abs() < 1e-12);
    }

    #[test]
    fn two_cliques_joined_by_a_thin_edge_are_two_communities() {
        let mut g: UnGraph<(), u32> = UnGraph::new_undirected();
        let v: Vec<NodeIndex> = (0..7).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (3, 6), (4, 6), (5, 6)] {
            g.add_edge(v[a], v[b], 3);
        }
        g.add_edge(v[2], v[3], 1);
        let c = communities(&g);
        assert_eq!(c, [2, 2, 2, 1, 1, 1, 1], "the larger community is numbered 1");
        assert_eq!(communities(&g), c, "deterministic");
    }
}
