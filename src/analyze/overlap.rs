//! Which posts of the same year ask for the same topics.
//!
//! Each source is the set of concepts of its wanted items; unwanted ideas are kept apart, since
//! two authors warning against crypto talks do not overlap in what they want to hear.
//!
//! A year of a few dozen posts gets every pair. A year of thousands would give millions of
//! pairs, most of them noise, so there each source keeps its [`NEIGHBOURS`] most similar
//! sources: the table grows with the sources, not with their square. Candidates come from an
//! inverted index (concept → sources), so pairs that share nothing are never looked at.

use std::collections::BTreeSet;

use rayon::prelude::*;

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

/// Up to this many readable sources in a year, every pair of them is written.
pub const SPARSE_ABOVE: usize = 50;

/// In a larger year, each source keeps this many nearest sources (by Jaccard, then shared
/// concepts, then manifest order).
pub const NEIGHBOURS: usize = 10;

/// The pairs of readable sources of the same year worth a row: all of them in a small year,
/// each source's nearest in a large one. Rows are sorted by year, then ids.
pub fn overlap(input: Input<'_>) -> Vec<OverlapRow> {
    let mut years: std::collections::BTreeMap<i32, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, s) in input.ok_sources() {
        years.entry(s.source.year).or_default().push(i);
    }
    let mut rows = Vec::new();
    for (year, members) in years {
        let sets: Vec<&BTreeSet<usize>> = members.iter().map(|&s| input.graph.source_concepts(s)).collect();
        for (a, b, shared) in year_pairs(&sets) {
            let (sa, sb) = (&input.sources[members[a]].source, &input.sources[members[b]].source);
            let only_a = sets[a].len() as u32 - shared;
            let only_b = sets[b].len() as u32 - shared;
            rows.push(OverlapRow {
                year,
                source_a: sa.id.clone(),
                source_b: sb.id.clone(),
                shared,
                only_a,
                only_b,
                jaccard: jaccard(shared, only_a, only_b),
            });
        }
    }
    rows.sort_by(|p, q| (p.year, &p.source_a, &p.source_b).cmp(&(q.year, &q.source_a, &q.source_b)));
    rows
}

/// `shared / union`, rounded; 0 for two empty sets.
pub fn jaccard(shared: u32, only_a: u32, only_b: u32) -> f64 {
    let union = shared + only_a + only_b;
    if union == 0 { 0.0 } else { round(f64::from(shared) / f64::from(union)) }
}

/// `(a, b, shared)` with `a < b`, sorted, for one year's concept sets.
pub fn year_pairs(sets: &[&BTreeSet<usize>]) -> Vec<(usize, usize, u32)> {
    if sets.len() <= SPARSE_ABOVE {
        let mut pairs = Vec::new();
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                pairs.push((a, b, sets[a].intersection(sets[b]).count() as u32));
            }
        }
        return pairs;
    }
    let width = sets.iter().filter_map(|s| s.last()).max().map_or(0, |c| c + 1);
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); width];
    for (s, set) in sets.iter().enumerate() {
        for &c in *set {
            postings[c].push(s as u32);
        }
    }
    // Per source, shared counts with every source it meets through a concept, in one reused
    // counter per thread; then its nearest. Each thread's order does not matter: the pairs are
    // sorted below.
    let mut pairs: Vec<(usize, usize, u32)> = (0..sets.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; sets.len()], Vec::new()),
            |(counts, met), a| {
                for &c in sets[a] {
                    for &b in &postings[c] {
                        let b = b as usize;
                        if b != a {
                            if counts[b] == 0 {
                                met.push(b);
                            }
                            counts[b] += 1;
                        }
                    }
                }
                let mut near: Vec<(f64, u32, usize)> = met
                    .drain(..)
                    .map(|b| {
                        let shared = std::mem::take(&mut counts[b]);
                        (jaccard(shared, sets[a].len() as u32 - shared, sets[b].len() as u32 - shared), shared, b)
                    })
                    .collect();
                let nearer = |x: &(f64, u32, usize), y: &(f64, u32, usize)| {
                    y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2))
                };
                // The order is total (ties end at the index), so the nearest are the same
                // whichever way they are selected; selecting first saves sorting all met.
                if near.len() > NEIGHBOURS {
                    near.select_nth_unstable_by(NEIGHBOURS - 1, nearer);
                    near.truncate(NEIGHBOURS);
                }
                near.into_iter().map(|(_, shared, b)| (a.min(b), a.max(b), shared)).collect::<Vec<_>>()
            },
        )
        .flatten()
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Six decimals: enough for any comparison, and the same text on every platform.
pub fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(spec: &[&[usize]]) -> Vec<BTreeSet<usize>> {
        spec.iter().map(|s| s.iter().copied().collect()).collect()
    }

    #[test]
    fn a_small_year_gets_every_pair_even_those_sharing_nothing() {
        let owned = sets(&[&[1, 2, 3], &[2, 3], &[9]]);
        let refs: Vec<&BTreeSet<usize>> = owned.iter().collect();
        assert_eq!(year_pairs(&refs), [(0, 1, 2), (0, 2, 0), (1, 2, 0)]);
    }

    #[test]
    fn a_large_year_keeps_each_sources_nearest_and_never_pairs_that_share_nothing() {
        // 60 sources in 30 twins: twins share concepts {2t, 2t+1}, and all share concept 1000,
        // except source 59, which shares nothing with anybody.
        let mut owned: Vec<BTreeSet<usize>> =
            (0..59).map(|s| [2 * (s / 2), 2 * (s / 2) + 1, 1000].into_iter().collect()).collect();
        owned.push([5000].into_iter().collect());
        let refs: Vec<&BTreeSet<usize>> = owned.iter().collect();
        let pairs = year_pairs(&refs);
        assert!(pairs.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert!(pairs.iter().all(|&(a, b, _)| a < b && b != 59));
        // Every twin pair is there, with its exact count, and outranks the weaker ties.
        for t in 0..29 {
            assert!(pairs.contains(&(2 * t, 2 * t + 1, 3)), "twins {t}");
        }
        // Each source keeps its twin and nine others (ties go to the earlier sources): the
        // table is bounded by sources × NEIGHBOURS, not their square.
        assert!(pairs.len() <= 60 * NEIGHBOURS, "{}", pairs.len());
        for s in 0..59 {
            let degree = pairs.iter().filter(|p| p.0 == s || p.1 == s).count();
            assert!(degree >= NEIGHBOURS, "source {s} has {degree} neighbours");
        }
    }

    #[test]
    fn jaccard_is_shared_over_union_and_zero_for_nothing() {
        assert_eq!(jaccard(1, 1, 1), 0.333333);
        assert_eq!(jaccard(0, 0, 0), 0.0);
    }
}
