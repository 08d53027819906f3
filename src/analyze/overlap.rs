//! Which posts of the same year ask for the same topics.
//!
//! Each source is the set of concepts of its wanted items; unwanted ideas are kept apart, since
//! two authors warning against crypto talks do not overlap in what they want to hear.
//!
//! A year of a few dozen posts gets every pair. A year of thousands would give millions of
//! pairs, most of them noise, so there each source keeps its [`NEIGHBOURS`] most similar
//! sources: the table grows with the sources, not with their square. Candidates come from an
//! inverted index (concept → sources), so pairs that share nothing are never looked at, and
//! each source scans at most [`SCAN_BUDGET`] entries of it, rarest concept first. In a year
//! whose few concepts are each named by many posts, comparing bit sets of concepts costs less
//! than the index, and the cheaper of the two is used; both find the same nearest.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::{Built, round};

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
pub fn overlap(input: Built<'_>) -> Vec<OverlapRow> {
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
    year_pairs_within(sets, SCAN_BUDGET)
}

/// How many postings one source may scan for candidates. Within it the nearest are exact
/// (13,000 generated sources scan about 16,000 each). A source whose concepts are each named
/// by thousands of posts of its year scans its rarest concepts up to here and measures the
/// likeliest candidates exactly: its nearest are then approximate, but the work per source is
/// bounded, so the stage cannot grow with the square of a year's posts.
pub const SCAN_BUDGET: usize = 65_536;

/// When the budget cut a scan short, this many candidates (most shared concepts among those
/// scanned) are measured exactly before the nearest are chosen.
const VERIFIED: usize = 4 * NEIGHBOURS;

fn year_pairs_within(sets: &[&BTreeSet<usize>], budget: usize) -> Vec<(usize, usize, u32)> {
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
    // Whichever way is cheaper for this year: both give the exact shared counts of every pair
    // that shares something (unless the scan budget cuts the index short), so they choose the
    // same nearest.
    let scan: usize = sets.iter().map(|set| set.iter().map(|&c| postings[c].len()).sum::<usize>().min(budget)).sum();
    let mut dense = vec![usize::MAX; width];
    let mut named = 0;
    for (c, list) in postings.iter().enumerate() {
        if !list.is_empty() {
            dense[c] = named;
            named += 1;
        }
    }
    let words = named.div_ceil(64).max(1);
    let mut pairs = if sets.len() * sets.len() * words < scan {
        nearest_by_bits(sets, &dense, words)
    } else {
        nearest_by_index(sets, &postings, budget)
    };
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Each source against every other as bit sets of the year's concepts: cheaper than the index
/// when a year's few concepts are each named by a large share of its posts (the generated
/// corpus: 129 concepts, 1,300 posts a year).
fn nearest_by_bits(sets: &[&BTreeSet<usize>], dense: &[usize], words: usize) -> Vec<(usize, usize, u32)> {
    let mut bits = vec![0u64; sets.len() * words];
    for (s, set) in sets.iter().enumerate() {
        for &c in *set {
            bits[s * words + dense[c] / 64] |= 1 << (dense[c] % 64);
        }
    }
    let row = |s: usize| &bits[s * words..(s + 1) * words];
    (0..sets.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            let met: Vec<(u32, usize)> = (0..sets.len())
                .filter(|&b| b != a)
                .map(|b| (row(a).iter().zip(row(b)).map(|(x, y)| (x & y).count_ones()).sum::<u32>(), b))
                .filter(|&(shared, _)| shared > 0)
                .collect();
            nearest(sets, a, met)
        })
        .collect()
}

/// Per source: shared counts with the sources it meets through its concepts, rarest concept
/// first, in one reused counter per thread, within the scan budget.
fn nearest_by_index(sets: &[&BTreeSet<usize>], postings: &[Vec<u32>], budget: usize) -> Vec<(usize, usize, u32)> {
    (0..sets.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; sets.len()], Vec::new()),
            |(counts, met), a| {
                let mut order: Vec<usize> = sets[a].iter().copied().collect();
                order.sort_by_key(|&c| (postings[c].len(), c));
                let mut left = budget;
                let mut complete = true;
                for c in order {
                    let list = &postings[c];
                    let take = list.len().min(left);
                    complete &= take == list.len();
                    for &b in &list[..take] {
                        let b = b as usize;
                        if b != a {
                            if counts[b] == 0 {
                                met.push(b);
                            }
                            counts[b] += 1;
                        }
                    }
                    left -= take;
                    if left == 0 {
                        break;
                    }
                }
                // `met` is in the order sources were first met, rarest concept first.
                let mut met_counts: Vec<(u32, usize, usize)> =
                    met.drain(..).enumerate().map(|(first, b)| (std::mem::take(&mut counts[b]), first, b)).collect();
                if !complete {
                    // Counts cover only the concepts scanned: measure the likeliest exactly,
                    // most shared first, then those met through rarer concepts.
                    if met_counts.len() > VERIFIED {
                        met_counts.select_nth_unstable_by(VERIFIED - 1, |x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
                        met_counts.truncate(VERIFIED);
                    }
                    for (shared, _, b) in &mut met_counts {
                        *shared = sets[a].intersection(sets[*b]).count() as u32;
                    }
                }
                nearest(sets, a, met_counts.into_iter().map(|(shared, _, b)| (shared, b)).collect())
            },
        )
        .flatten()
        .collect()
}

/// Source `a`'s [`NEIGHBOURS`] nearest among `met` (`(shared, b)` with exact counts), as
/// `(low, high, shared)` pairs.
fn nearest(sets: &[&BTreeSet<usize>], a: usize, met: Vec<(u32, usize)>) -> Vec<(usize, usize, u32)> {
    let mut near: Vec<(f64, u32, usize)> = met
        .into_iter()
        .map(|(shared, b)| (jaccard(shared, sets[a].len() as u32 - shared, sets[b].len() as u32 - shared), shared, b))
        .collect();
    let nearer =
        |x: &(f64, u32, usize), y: &(f64, u32, usize)| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2));
    // The order is total (ties end at the index), so the nearest are the same whichever way
    // they are selected; selecting first saves sorting all met.
    if near.len() > NEIGHBOURS {
        near.select_nth_unstable_by(NEIGHBOURS - 1, nearer);
        near.truncate(NEIGHBOURS);
    }
    near.into_iter().map(|(_, shared, b)| (a.min(b), a.max(b), shared)).collect()
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
    fn a_scan_cut_short_by_the_budget_still_finds_twins_with_exact_counts() {
        // 400 sources all name concept 1000 and 1001; twins share a rare concept. A budget of 64
        // postings cannot cover the common concepts, but the rare one is scanned first.
        let owned: Vec<BTreeSet<usize>> = (0..400).map(|s| [s / 2, 1000, 1001].into_iter().collect()).collect();
        let refs: Vec<&BTreeSet<usize>> = owned.iter().collect();
        let pairs = year_pairs_within(&refs, 64);
        for t in 0..200 {
            assert!(pairs.contains(&(2 * t, 2 * t + 1, 3)), "twins {t}");
        }
        // Every count is exact, not the part of it the scan saw.
        for &(a, b, shared) in &pairs {
            assert_eq!(shared as usize, owned[a].intersection(&owned[b]).count());
        }
        assert!(pairs.len() <= 400 * NEIGHBOURS);
        // With room for every posting, the same sets give the exact nearest.
        assert_eq!(year_pairs_within(&refs, usize::MAX).len(), year_pairs(&refs).len());
    }

    #[test]
    fn bit_sets_and_the_index_choose_the_same_nearest() {
        // 300 sources of 3 to 12 concepts out of 40, from a fixed seed: dense enough that
        // ties and shared-nothing pairs both occur.
        let mut rng = fastrand::Rng::with_seed(7);
        let owned: Vec<BTreeSet<usize>> =
            (0..300).map(|_| (0..rng.usize(3..13)).map(|_| rng.usize(0..40)).collect()).collect();
        let refs: Vec<&BTreeSet<usize>> = owned.iter().collect();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); 40];
        for (s, set) in owned.iter().enumerate() {
            for &c in set {
                postings[c].push(s as u32);
            }
        }
        let dense: Vec<usize> = (0..40).collect();
        let sorted = |mut v: Vec<(usize, usize, u32)>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        let by_bits = sorted(nearest_by_bits(&refs, &dense, 1));
        assert_eq!(by_bits, sorted(nearest_by_index(&refs, &postings, usize::MAX)));
        assert_eq!(by_bits, year_pairs(&refs));
    }

    #[test]
    fn jaccard_is_shared_over_union_and_zero_for_nothing() {
        assert_eq!(jaccard(1, 1, 1), 0.333333);
        assert_eq!(jaccard(0, 0, 0), 0.0);
    }
}
