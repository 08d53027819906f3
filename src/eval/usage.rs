//! Seed entries used by one post alone: such a post is scored without them, so that a seed
//! written for its wording does not count as generalising.

use super::*;

/// Which labelled posts use each seed entry (alias, theme keyword, vocabulary row): an entry
/// that only one post uses may have been written for that post's wording, so the post is
/// scored without it.
pub(super) struct Usage {
    /// Per concept, per alias: the posts whose items contain it.
    pub(super) aliases: Vec<Vec<BTreeSet<String>>>,
    /// Per theme, per keyword (none for a keyword the theme's definition names).
    pub(super) keywords: Vec<Vec<BTreeSet<String>>>,
    /// Per vocabulary row, per name: the term, then its synonyms. A synonym is fitted on its
    /// own, so one added to a widely used row for one post's wording is left out too.
    pub(super) vocabulary: Vec<Vec<BTreeSet<String>>>,
}

/// A seed entry, for [`Usage`].
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Entry {
    Alias(usize, usize),
    Keyword(usize, usize),
    Term(usize, usize),
}

impl Usage {
    pub(super) fn of(items: &[Item], seeds: &Seeds) -> Usage {
        let aliases = seeds.concepts.iter().enumerate().flat_map(|(c, concept)| {
            concept.aliases.iter().enumerate().map(move |(a, alias)| (alias.as_str(), Entry::Alias(c, a)))
        });
        // A keyword the theme's definition names (its `scope`, the contract's text: "security,
        // OWASP, authentication, privacy") was given, not fitted to any post: no post's use of
        // it counts, so it is never left out.
        let keywords = seeds.themes.iter().enumerate().flat_map(|(t, theme)| {
            let scope = crate::text::terms(&theme.scope);
            let given = move |k: &str| {
                let k = crate::text::terms(k);
                !k.is_empty() && scope.windows(k.len()).any(|w| w == k.as_slice())
            };
            theme
                .keywords
                .iter()
                .enumerate()
                .filter(move |(_, k)| !given(k))
                .map(move |(k, keyword)| (keyword.as_str(), Entry::Keyword(t, k)))
        });
        let terms = seeds.vocabulary.iter().enumerate().flat_map(|(v, term)| {
            std::iter::once(&term.term)
                .chain(&term.synonyms)
                .enumerate()
                .map(move |(n, name)| (name.as_str(), Entry::Term(v, n)))
        });
        // Loose matching (stems only) finds every post an entry could have been written for.
        let phrases = normalize::phrases::Phrases::new(aliases.chain(keywords).chain(terms));
        let mut usage = Usage {
            aliases: seeds.concepts.iter().map(|c| vec![BTreeSet::new(); c.aliases.len()]).collect(),
            keywords: seeds.themes.iter().map(|t| vec![BTreeSet::new(); t.keywords.len()]).collect(),
            vocabulary: seeds.vocabulary.iter().map(|t| vec![BTreeSet::new(); 1 + t.synonyms.len()]).collect(),
        };
        for item in items {
            // The section counts: an item's theme falls back on it.
            for text in [item.text.as_str(), item.section_text()] {
                for m in phrases.find(&crate::text::terms(text)) {
                    let set = match *m.value {
                        Entry::Alias(c, a) => &mut usage.aliases[c][a],
                        Entry::Keyword(t, k) => &mut usage.keywords[t][k],
                        Entry::Term(v, n) => &mut usage.vocabulary[v][n],
                    };
                    set.insert(item.source_id.clone());
                }
            }
        }
        usage
    }

    /// `seeds` without the entries that only the `held` posts use.
    pub(super) fn without(&self, seeds: &Seeds, held: &[&str]) -> Seeds {
        let only_held =
            |users: &BTreeSet<String>| !users.is_empty() && users.iter().all(|u| held.contains(&u.as_str()));
        let mut out = seeds.clone();
        for (concept, used) in out.concepts.iter_mut().zip(&self.aliases) {
            concept.aliases =
                concept.aliases.iter().zip(used).filter(|(_, u)| !only_held(u)).map(|(a, _)| a.clone()).collect();
        }
        for (theme, used) in out.themes.iter_mut().zip(&self.keywords) {
            theme.keywords =
                theme.keywords.iter().zip(used).filter(|(_, u)| !only_held(u)).map(|(k, _)| k.clone()).collect();
        }
        // A row goes when only the held posts use any of its names; else its synonyms that
        // only they use go.
        out.vocabulary = seeds
            .vocabulary
            .iter()
            .zip(&self.vocabulary)
            .filter(|(_, used)| {
                let users = || used.iter().flatten();
                users().next().is_none() || !users().all(|u| held.contains(&u.as_str()))
            })
            .map(|(v, used)| {
                let mut row = v.clone();
                row.synonyms =
                    v.synonyms.iter().zip(&used[1..]).filter(|(_, u)| !only_held(u)).map(|(s, _)| s.clone()).collect();
                row
            })
            .collect();
        out
    }
}

/// Score each post with the taxonomy built without that post's own seed entries, and each
/// labelled pair without the entries only its two posts use. `seeds_for` gives the seeds
/// without a set of posts' entries; most posts have none of their own, so each distinct seed
/// set is normalized once.
pub(super) fn score_held_out(
    gold: &Gold,
    items: &[Item],
    seeds_for: impl Fn(&[&str]) -> Seeds,
    normalize: impl Fn(&Seeds) -> Taxonomy + Sync,
) -> Report {
    let rows_of = |held: &[&str]| -> Vec<GoldItem> {
        gold.items.iter().filter(|g| held.contains(&g.source.as_str())).cloned().collect()
    };
    let mut by_posts: BTreeMap<(&str, &str), Vec<GoldPair>> = BTreeMap::new();
    for pair in &gold.pairs {
        let (a, b) = (pair.source_a.as_str(), pair.source_b.as_str());
        by_posts.entry((a.min(b), a.max(b))).or_default().push(pair.clone());
    }
    // Each held-out set: a post with its items scored, or two posts with their pairs scored.
    let posts: Vec<(Vec<&str>, Option<Vec<GoldPair>>)> =
        gold.sources().into_iter().map(|source| (vec![source], None)).collect();
    let n_posts = posts.len();
    let pairs = by_posts.into_iter().map(|((a, b), pairs)| (vec![a, b], Some(pairs)));
    let held_sets: Vec<(Vec<&str>, Option<Vec<GoldPair>>)> = posts.into_iter().chain(pairs).collect();
    let mut distinct: Vec<Seeds> = Vec::new();
    let seeds_of: Vec<usize> = held_sets
        .iter()
        .map(|(held, _)| {
            let seeds = seeds_for(held);
            distinct.iter().position(|s| *s == seeds).unwrap_or_else(|| {
                distinct.push(seeds);
                distinct.len() - 1
            })
        })
        .collect();
    let taxonomies: Vec<Taxonomy> = distinct.par_iter().map(&normalize).collect();
    let mut per_post: Vec<Report> = held_sets
        .par_iter()
        .zip(&seeds_of)
        .map(|((held, pairs), &k)| {
            let labels = match pairs {
                None => Gold { items: rows_of(held), pairs: Vec::new(), posts: vec![held[0].to_string()] },
                Some(pairs) => Gold { items: rows_of(held), pairs: pairs.clone(), posts: Vec::new() },
            };
            score(&labels, items, &taxonomies[k])
        })
        .collect();
    let per_pair = per_post.split_off(n_posts);
    let mut report = Report::default();
    for r in per_post {
        for post in r.posts {
            report.total.add(&post);
            report.posts.push(post);
        }
        report.misses.extend(r.misses);
    }
    for r in per_pair {
        report.pairs.add(&r.pairs);
        for (set, pairs) in &r.pairs_by_set {
            report.pairs_by_set.entry(set.clone()).or_default().add(pairs);
        }
        report.misses.extend(r.misses.into_iter().filter(|m| m.kind == MissKind::Pair));
    }
    report
}
