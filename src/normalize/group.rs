//! Group near-duplicate ideas without a curated alias: key collision, then similarity.
//!
//! First every item's key (its distinct stems, rare enough to mean something) is compared for
//! equality, like OpenRefine's fingerprint clustering. Then keys are merged when their
//! token-set similarity, weighted by rarity, passes a threshold. Candidates come only from
//! shared rare terms (blocking), so the work grows with the input, not its square.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::Method;

/// Prefix of context terms: they count in similarity but never propose a candidate pair.
pub const CONTEXT: &str = "§";

/// How the grouping behaves; the defaults were chosen on the corpus (see docs/normalization.md).
#[derive(Debug, Clone, Copy)]
pub struct GroupOptions {
    /// Weighted Jaccard needed to merge two keys.
    pub threshold: f64,
    /// Terms in more than this share of items are too common to group by ("django").
    pub common_share: f64,
    /// Posting lists longer than this are skipped when looking for candidates.
    pub max_block: usize,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions { threshold: 0.7, common_share: 0.12, max_block: 64 }
    }
}

/// One group: its members with the rule and score that placed each.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `(item index, method, score)`, in item order.
    pub members: Vec<(usize, Method, f64)>,
}

/// A similarity as tables show it: three decimals, enough to rank and stable across platforms.
pub fn round_score(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Rarity weight of every term: `ln(1 + N / df)`.
pub fn weights(keys: &[Vec<String>]) -> HashMap<&str, f64> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    for key in keys {
        for t in key {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let n = keys.len().max(1) as f64;
    df.into_iter().map(|(t, d)| (t, (1.0 + n / d as f64).ln())).collect()
}

/// Terms too common to tell ideas apart, given every item's distinct terms.
pub fn common_terms(keys: &[Vec<String>], share: f64) -> HashSet<String> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    for key in keys {
        for t in key {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    // Below a few dozen items every word is "rare"; do not drop anything.
    if keys.len() < 40 {
        return HashSet::new();
    }
    let limit = (keys.len() as f64 * share).ceil() as usize;
    df.into_iter().filter(|(_, d)| *d > limit).map(|(t, _)| t.to_string()).collect()
}

/// Weighted Jaccard of two sorted, distinct term lists.
pub fn similarity(a: &[String], b: &[String], w: &HashMap<&str, f64>) -> f64 {
    let weight = |t: &String| w.get(t.as_str()).copied().unwrap_or(1.0);
    let (mut shared, mut union) = (0.0, 0.0);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                shared += weight(x);
                union += weight(x);
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                union += weight(x);
                i += 1;
            }
            (Some(_), Some(y)) => {
                union += weight(y);
                j += 1;
            }
            (Some(x), None) => {
                union += weight(x);
                i += 1;
            }
            (None, Some(y)) => {
                union += weight(y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    if union == 0.0 { 0.0 } else { shared / union }
}

/// Group items by their keys (sorted, distinct terms). Items with an empty key form no group.
pub fn group(keys: &[Vec<String>], options: GroupOptions) -> Vec<Group> {
    // 1. Key collision.
    let mut by_key: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if !key.is_empty() {
            by_key.entry(key.as_slice()).or_default().push(i);
        }
    }
    let distinct: Vec<(&[String], Vec<usize>)> = by_key.into_iter().collect();
    let distinct_keys: Vec<Vec<String>> = distinct.iter().map(|(k, _)| k.to_vec()).collect();
    let w = weights(&distinct_keys);

    // 2. Similar keys, found through shared terms, merged with union-find.
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, key) in distinct_keys.iter().enumerate() {
        for t in key.iter().filter(|t| !t.starts_with(CONTEXT)) {
            postings.entry(t.as_str()).or_default().push(k);
        }
    }
    let mut parent: Vec<usize> = (0..distinct.len()).collect();
    let mut best: Vec<f64> = vec![1.0; distinct.len()];
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut terms: Vec<&&str> = postings.keys().collect();
    terms.sort();
    for t in terms {
        let list = &postings[*t];
        if list.len() > options.max_block {
            continue;
        }
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                if !seen.insert((a, b)) {
                    continue;
                }
                let s = similarity(&distinct_keys[a], &distinct_keys[b], &w);
                if s >= options.threshold {
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    if ra != rb {
                        // The smaller root wins so the result does not depend on visiting order.
                        let (lo, hi) = (ra.min(rb), ra.max(rb));
                        parent[hi] = lo;
                    }
                    best[a] = if best[a] == 1.0 { s } else { best[a].max(s) };
                    best[b] = if best[b] == 1.0 { s } else { best[b].max(s) };
                }
            }
        }
    }

    // 3. Collect: members of the root key are fingerprint matches, the rest joined by similarity.
    let mut groups: BTreeMap<usize, Vec<(usize, Method, f64)>> = BTreeMap::new();
    for k in 0..distinct.len() {
        let root = find(&mut parent, k);
        for &item in &distinct[k].1 {
            let member = if root == k || best[k] >= 1.0 {
                (item, Method::Fingerprint, 1.0)
            } else {
                (item, Method::Similar, round_score(best[k]))
            };
            groups.entry(root).or_default().push(member);
        }
    }
    let mut out: Vec<Group> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by_key(|m| m.0);
            Group { members }
        })
        .collect();
    out.sort_by_key(|g| g.members[0].0);
    out
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(words: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        k.sort();
        k.dedup();
        k
    }

    #[test]
    fn equal_keys_collide_and_similar_keys_merge() {
        let keys = vec![
            key(&["workgroup", "structur", "progress", "updat"]),
            key(&["orchestr", "workflow"]),
            key(&["workgroup", "structur", "opportun", "updat"]),
            key(&["orchestr", "workflow"]),
            key(&["recurs"]),
            vec![],
        ];
        let groups = group(&keys, GroupOptions { threshold: 0.5, ..Default::default() });
        let members: Vec<Vec<usize>> = groups.iter().map(|g| g.members.iter().map(|m| m.0).collect()).collect();
        assert_eq!(members, [vec![0, 2], vec![1, 3], vec![4]]);
        assert_eq!(groups[1].members[1].1, Method::Fingerprint);
        let similar = groups[0].members.iter().find(|m| m.1 == Method::Similar).unwrap();
        assert!(similar.2 >= 0.5 && similar.2 < 1.0);
    }

    #[test]
    fn context_terms_separate_but_never_join() {
        let keys = vec![key(&["beginn", "§channel"]), key(&["expert", "§channel"]), key(&["beginn", "§api"])];
        let groups = group(&keys, GroupOptions::default());
        assert_eq!(groups.len(), 3);
    }

    #[test]
    fn different_topics_stay_apart() {
        let keys = vec![key(&["new", "python", "featur"]), key(&["new", "django", "featur", "orm"]), key(&["secur"])];
        let groups = group(&keys, GroupOptions::default());
        assert_eq!(groups.len(), 3);
    }

    #[test]
    fn similarity_is_weighted_jaccard() {
        let w: HashMap<&str, f64> = [("a", 1.0), ("b", 3.0), ("c", 1.0)].into_iter().collect();
        let s = similarity(&key(&["a", "b"]), &key(&["b", "c"]), &w);
        assert!((s - 3.0 / 5.0).abs() < 1e-9);
        assert_eq!(similarity(&[], &[], &w), 0.0);
    }

    #[test]
    fn common_terms_need_enough_items() {
        let mut keys = vec![key(&["django", "x"]); 10];
        assert!(common_terms(&keys, 0.12).is_empty());
        keys.extend((0..40).map(|i| key(&[&format!("t{i}")])));
        assert_eq!(common_terms(&keys, 0.12), HashSet::from_iter(["django".to_string(), "x".to_string()]));
    }
}
