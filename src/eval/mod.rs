//! Measure the tool against hand labels: which ideas it finds, what else it emits, whether
//! sections and themes are right, and whether same-topic ideas share a concept.
//!
//! A labelled set is a folder with `sources.toml`, the posts (in `corpus/` or the folder
//! itself, named `ID.EXT` as for `--snapshots`) and `gold/items.csv` and `gold/pairs.csv` in the
//! format of `../shared/dev/README.md`. [`run`] reads every set, extracts and normalizes all
//! their posts together (pairs reach across sets), and [`score`]s the result.
//!
//! Matching follows the labelling conventions: keys and item texts are compared after NFKC,
//! case folding, one spelling for quotes and dashes, and collapsed white space; each gold row,
//! in file order (required rows first), takes the first unmatched item of its post that equals
//! its key, else the first that starts with it, else the first that contains it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt, HashSet};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::extract::candidates::{self, CandidateKind};
use crate::extract::judge;
use crate::fetch::{self, FetchOptions};
use crate::model::{Confidence, Item, Kind};
use crate::normalize::{self, Taxonomy};
use crate::seeds::Seeds;
use crate::sources;
use crate::text::collapse;
use crate::text::fold;

mod gold;
mod render;
pub mod review;
mod score;
mod usage;

pub use gold::*;
pub use render::*;
pub use score::*;
use usage::*;

/// A labelled set on disk.
#[derive(Debug, Clone)]
pub struct Set {
    /// The set's manifest.
    pub manifest: PathBuf,
    /// The folder of `ID.EXT` files.
    pub posts: PathBuf,
    /// Its labels.
    pub gold: Gold,
}

impl Set {
    /// A set folder: `sources.toml`, the posts in `corpus/` (or the folder itself), `gold/`.
    pub fn open(dir: &Path) -> Result<Set, String> {
        let manifest = dir.join("sources.toml");
        if !manifest.exists() {
            return Err(format!("{} has no sources.toml: not a labelled set", dir.display()));
        }
        let posts = if dir.join("corpus").is_dir() { dir.join("corpus") } else { dir.to_path_buf() };
        let gold = Gold::load(&dir.join("gold"))?;
        Ok(Set { manifest, posts, gold })
    }
}

/// One labelled post, read once: its candidates, their features and their labels.
struct Post {
    source: crate::model::Source,
    /// `None` for a post that could not be read or is not an ideas page: it scores as one
    /// with no items.
    page: Option<candidates::Page>,
    /// The whole page, site furniture included, for an HTML post: read when the main content
    /// gives nothing, as a build does.
    whole: Option<candidates::Page>,
    features: Vec<judge::Features>,
    /// Per candidate: an idea (a required or optional row matches it), not one, or left out
    /// of training (an `ignore` row matches it).
    labels: Vec<Option<bool>>,
}

impl Post {
    /// Its items when its candidates are kept as `keep` says.
    fn items(&self, keep: impl Fn(&candidates::Page, &[judge::Features]) -> Vec<candidates::Draft>) -> Vec<Item> {
        match &self.page {
            Some(page) => crate::extract::idea_items(&self.source, keep(page, &self.features)),
            None => Vec::new(),
        }
    }

    /// Its items under `model`, as a build gives them.
    fn items_under(&self, model: &judge::Model) -> Vec<Item> {
        self.items(|page, features| {
            let whole = || self.whole.as_ref().map(std::borrow::Cow::Borrowed);
            crate::extract::post_ideas(page, features, whole, model).0
        })
    }

    /// Its training samples.
    fn samples(&self) -> impl Iterator<Item = judge::Sample> + '_ {
        self.features
            .iter()
            .zip(&self.labels)
            .filter_map(|(features, idea)| Some(judge::Sample { features: *features, idea: (*idea)? }))
    }
}

/// The labelled posts of every set, read and labelled, and their labels together. Every ideas
/// source of a set's manifest is a labelled post: one without a gold row is a hard negative.
fn read_sets(sets: &[Set]) -> Result<(Vec<Post>, Gold), String> {
    let mut posts = Vec::new();
    let mut gold = Gold::default();
    for set in sets {
        let manifest = sources::load(&set.manifest).map_err(|e| e.to_string())?;
        let sources: Vec<_> = manifest.into_iter().filter(|s| s.kind == Kind::Ideas && s.snapshot).collect();
        let options = FetchOptions { snapshots: Some(set.posts.clone()), cache_dir: None, ..FetchOptions::default() };
        let fetched = fetch::fetch_all(&sources, &options, &indicatif::ProgressBar::hidden());
        for (source, body) in sources.into_iter().zip(fetched) {
            // A labelled post that cannot be read scores as one with no items.
            let read = body.ok().and_then(|b| crate::extract::candidates(&source, &b.bytes, b.content_type.as_deref()));
            let (page, whole) = read.map_or((None, None), |r| (Some(r.page), r.whole));
            gold.posts.push(source.id.clone());
            posts.push(Post { source, page, whole, features: Vec::new(), labels: Vec::new() });
        }
        gold.items.extend(set.gold.items.iter().cloned());
        gold.pairs.extend(set.gold.pairs.iter().cloned());
    }
    posts.par_iter_mut().for_each(|post| label(post, &gold));
    Ok((posts, gold))
}

/// Compute a post's features and label its candidates against the gold rows.
fn label(post: &mut Post, gold: &Gold) {
    let Some(page) = &post.page else { return };
    let texts: Vec<String> = page.candidates.iter().map(|c| comparable(&c.text)).collect();
    let rows: Vec<&GoldItem> = gold.items.iter().filter(|g| g.source == post.source.id).collect();
    let all: Vec<usize> = (0..texts.len()).collect();
    let mut labels: Vec<Option<bool>> = vec![Some(false); texts.len()];
    for (row, found) in rows.iter().zip(match_rows(&rows, &all, &texts)) {
        if let Some(i) = found {
            labels[i] = match row.level {
                Level::Required | Level::Optional => Some(true),
                Level::Ignore | Level::Noise => None,
            };
        }
    }
    post.features = judge::features(page);
    post.labels = labels;
}

/// The tool against the labels, three ways.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Each post extracted with a model fitted without it: the figure that tells how the
    /// tool does on posts it has not seen.
    pub leave_one_post_out: Report,
    /// Every post extracted with the model fitted on all of them (what `train-extractor`
    /// writes): how well the model fits, not how it generalises.
    pub in_sample: Report,
    /// Every list entry, heading and bold line kept, no model: the naive reading the model
    /// has to beat.
    pub baseline: Report,
    /// Posts for which no model could be fitted (too few labelled candidates without them):
    /// scored with the built-in model in the leave-one-post-out report.
    pub unfitted: Vec<String>,
    /// The pairs before any answer and after an organizer answers the best 10 and 25
    /// suggestions of the queue ([`review`]), on the ideas found leave-one-post-out.
    pub review: Vec<review::Simulated>,
}

/// How many suggestions the simulated organizer answers: none first, the figure to compare with.
pub const REVIEW_ANSWERS: [usize; 3] = [0, 10, 25];

/// Fit the idea model on every labelled post of `sets`.
pub fn train(sets: &[Set]) -> Result<judge::Model, String> {
    let (posts, _) = read_sets(sets)?;
    let samples: Vec<judge::Sample> = posts.iter().flat_map(Post::samples).collect();
    judge::train(&samples.iter().collect::<Vec<_>>())
}

/// Read every set's labelled posts once and score them leave-one-post-out, in sample, and
/// with the naive baseline. Posts of all sets are normalized together, since pairs reach
/// across sets.
/// `threshold` replaces the fitted models' threshold, to see the trade-off between recall and
/// precision.
pub fn run(sets: &[Set], seeds: &Seeds, threshold: Option<f64>) -> Result<Evaluation, String> {
    let (posts, gold) = read_sets(sets)?;
    let per_post: Vec<Vec<judge::Sample>> = posts.iter().map(|p| p.samples().collect()).collect();
    let all: Vec<&judge::Sample> = per_post.iter().flatten().collect();
    let with_threshold = |mut m: judge::Model| {
        if let Some(t) = threshold {
            m.threshold = t;
        }
        m
    };
    let fitted = judge::train(&all).ok().map(with_threshold);
    let builtin = judge::Model::builtin();
    let held_out: Vec<(Vec<Item>, bool)> = (0..posts.len())
        .into_par_iter()
        .map(|k| {
            let others: Vec<&judge::Sample> =
                per_post.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, s)| s.iter()).collect();
            let model = judge::train_from(&others, fitted.as_ref()).ok().map(with_threshold);
            (posts[k].items_under(model.as_ref().unwrap_or(&builtin)), model.is_some())
        })
        .collect();
    let unfitted =
        posts.iter().zip(&held_out).filter(|(_, (_, fitted))| !fitted).map(|(p, _)| p.source.id.clone()).collect();
    let report = |items: Vec<Item>| {
        let taxonomy = normalize::normalize(&items, seeds);
        score(&gold, &items, &taxonomy)
    };
    let held_out_items: Vec<Item> = held_out.into_iter().flat_map(|(items, _)| items).collect();
    let usage = Usage::of(&held_out_items, seeds);
    let leave_one_post_out = score_held_out(
        &gold,
        &held_out_items,
        |held| usage.without(seeds, held),
        |seeds| normalize::normalize(&held_out_items, seeds),
    );
    let naive = |page: &candidates::Page, _: &[judge::Features]| {
        let kept: Vec<bool> = page
            .candidates
            .iter()
            .map(|c| matches!(c.kind, CandidateKind::Entry | CandidateKind::Heading | CandidateKind::BoldLine))
            .collect();
        page.drafts(&kept, Confidence::High)
    };
    let review = review::simulate(&gold, &held_out_items, seeds, &REVIEW_ANSWERS);
    Ok(Evaluation {
        review,
        leave_one_post_out,
        in_sample: report(posts.iter().flat_map(|p| p.items_under(fitted.as_ref().unwrap_or(&builtin))).collect()),
        baseline: report(posts.iter().flat_map(|p| p.items(naive)).collect()),
        unfitted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Concept, ConceptOrigin, ItemConcept, Method};
    use crate::normalize::ItemTheme;

    fn item(source: &str, n: usize, text: &str, section: &str) -> Item {
        Item {
            section: Some(section.to_string()).filter(|s| !s.is_empty()),
            ..crate::normalize::tests::item(source, 2030, n as u32, text)
        }
    }

    fn gold(rows: &[(&str, &str, &str, &str, &str)], pairs: &[(&str, &str, &str, &str, &str)]) -> Gold {
        let items = rows
            .iter()
            .map(|(s, level, themes, section, key)| GoldItem {
                source: s.to_string(),
                level: match *level {
                    "required" => Level::Required,
                    "optional" => Level::Optional,
                    "ignore" => Level::Ignore,
                    _ => Level::Noise,
                },
                themes: themes.to_string(),
                section: section.to_string(),
                key: key.to_string(),
                set: "set".into(),
            })
            .collect();
        let pairs = pairs
            .iter()
            .map(|(r, sa, ka, sb, kb)| GoldPair {
                relation: if *r == "same" { Relation::Same } else { Relation::Distinct },
                source_a: sa.to_string(),
                key_a: ka.to_string(),
                source_b: sb.to_string(),
                key_b: kb.to_string(),
                set: "set".into(),
            })
            .collect();
        Gold { items, pairs, posts: Vec::new() }
    }

    #[test]
    fn a_seed_entry_only_the_held_out_post_uses_is_left_out_synonyms_one_by_one() {
        use crate::seeds::{Term, TermKind};
        let seeds = Seeds {
            vocabulary: vec![
                Term::new("kubernetes", TermKind::Topic, &["k8s", "kube"]),
                Term::new("new", TermKind::Facet, &["upcoming"]),
                Term::new("gardening", TermKind::Topic, &[]),
            ],
            ..Seeds::default()
        };
        let items = [
            item("a", 1, "K8s at scale", ""),
            item("b", 1, "Kubernetes operators", ""),
            item("b", 2, "New Django features", ""),
            item("a", 2, "Upcoming Python features", ""),
            item("a", 3, "Gardening with Django", ""),
        ];
        let usage = Usage::of(&items, &seeds);
        let rows = |held: &[&str]| -> Vec<(String, Vec<String>)> {
            usage.without(&seeds, held).vocabulary.into_iter().map(|t| (t.term, t.synonyms)).collect()
        };
        let kept = rows(&["a"]);
        assert_eq!(kept[0], ("kubernetes".to_string(), vec!["kube".to_string()]), "k8s: only post a says it");
        assert_eq!(kept[1], ("new".to_string(), Vec::<String>::new()), "upcoming: only post a says it");
        assert_eq!(kept.len(), 2, "gardening: a row only post a uses goes whole");
        assert_eq!(rows(&["b"]).len(), 3);
    }

    #[test]
    fn a_theme_keyword_the_themes_definition_names_was_given_not_fitted() {
        let theme = crate::model::Theme {
            id: "security".into(),
            label: "Security".into(),
            scope: "security, OWASP, authentication, privacy".into(),
            keywords: vec!["authentication".into(), "csrf".into(), "privacy".into()],
        };
        let seeds = Seeds { themes: vec![theme], ..Seeds::default() };
        let items = [item("a", 1, "Authentication", ""), item("a", 2, "CSRF tokens", ""), item("b", 1, "Privacy", "")];
        let usage = Usage::of(&items, &seeds);
        let kept = usage.without(&seeds, &["a"]).themes.remove(0).keywords;
        assert_eq!(kept, ["authentication", "privacy"], "csrf: only post a uses it, and the scope does not name it");
    }

    fn taxonomy(themes: &[&str], links: &[(usize, usize)]) -> Taxonomy {
        let concept = |n: usize| Concept {
            concept_id: format!("c{n}"),
            label: format!("C{n}"),
            theme: "data".into(),
            origin: ConceptOrigin::Auto,
            scope: crate::model::Scope::Topic,
        };
        Taxonomy {
            item_themes: themes
                .iter()
                .map(|t| ItemTheme { theme: t.to_string(), method: crate::model::ThemeMethod::Keyword })
                .collect(),
            concepts: (0..3).map(concept).collect(),
            item_concepts: links
                .iter()
                .map(|&(item, concept)| ItemConcept { item, concept, method: Method::Similar, score: 1.0 })
                .collect(),
            warnings: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    #[test]
    fn recall_precision_sections_and_themes_follow_the_labelling_conventions() {
        let items = vec![
            item("a", 1, "Caching at scale", "Data:"),
            item("a", 2, "“Typing” Django — gradually", "Python"),
            item("a", 3, "Important dates", ""),
            item("a", 4, "Anything else you like", ""),
            item("a", 5, "GitHub Actions", "Tools"),
        ];
        let g = gold(
            &[
                ("a", "required", "data;performance", "Data", "caching"),
                ("a", "required", "python", "Types", "\"typing\" django - grad"),
                ("a", "required", "quality", "", "Git"),
                ("a", "required", "quality", "", "Search"),
                ("a", "ignore", "", "", "anything else"),
                ("a", "noise", "", "", "Important dates"),
            ],
            &[],
        );
        let t = taxonomy(&["data", "ecosystem", "data", "data", "quality"], &[]);
        let report = score(&g, &items, &t);
        let p = &report.posts[0];
        // Found: caching (equal after folding? no: prefix), typing (prefix after quote and dash
        // folding), Git (substring of GitHub Actions); Search is missing.
        assert_eq!((p.required, p.found), (4, 3));
        assert_eq!((p.emitted, p.ignored, p.correct), (5, 1, 3));
        assert!((p.precision() - 0.75).abs() < 1e-9, "the noise row's item is a false positive");
        assert_eq!(p.section_ok, 1, "Data: holds Data; Python does not hold Types; Git wants no section");
        assert_eq!((p.theme_ok, p.themed), (2, 3));
        let kinds: Vec<MissKind> = report.misses.iter().map(|m| m.kind).collect();
        assert!(kinds.contains(&MissKind::NotFound) && kinds.contains(&MissKind::NotAnIdea));
    }

    #[test]
    fn equality_wins_over_prefix_and_rows_take_items_in_order() {
        let items = vec![item("a", 1, "Git hooks", ""), item("a", 2, "Git", "")];
        let g = gold(&[("a", "required", "", "", "Git"), ("a", "required", "", "", "Git hooks")], &[]);
        let report = score(&g, &items, &taxonomy(&["x", "x"], &[]));
        assert_eq!(report.posts[0].found, 2);
        assert!(report.misses.is_empty(), "{:?}", report.misses);
    }

    #[test]
    fn pairs_share_a_concept_or_not_and_unextracted_ideas_count_as_wrong() {
        let items =
            vec![item("a", 1, "Kubernetes", ""), item("b", 1, "K8s in production", ""), item("b", 2, "ORM tips", "")];
        let g = gold(
            &[("a", "required", "", "", "Kubernetes"), ("b", "required", "", "", "K8s")],
            &[
                ("same", "a", "Kubernetes", "b", "K8s"),
                ("distinct", "a", "Kubernetes", "b", "ORM tips"),
                ("same", "a", "Kubernetes", "b", "Serverless"),
            ],
        );
        let report = score(&g, &items, &taxonomy(&["x", "x", "x"], &[(0, 1), (1, 1), (2, 2)]));
        assert_eq!(
            report.pairs,
            PairScore {
                same: 2,
                same_found: 1,
                same_ok: 1,
                distinct: 1,
                distinct_found: 1,
                distinct_ok: 1,
                ..PairScore::default()
            }
        );
        // The pair whose second idea ("Serverless") was never found is not normalisation's miss.
        assert_eq!((report.pairs.same_share(), report.pairs.same_share_labelled()), (1.0, 0.5));
        let report = score(&g, &items, &taxonomy(&["x", "x", "x"], &[(0, 1), (2, 1)]));
        assert_eq!(
            report.pairs,
            PairScore {
                same: 2,
                same_found: 1,
                same_ok: 0,
                distinct: 1,
                distinct_found: 1,
                distinct_ok: 0,
                ..PairScore::default()
            }
        );
        // The review queue proposing a pair the rules left apart is counted, for either label.
        let mut t = taxonomy(&["x", "x", "x"], &[(0, 0), (1, 1), (2, 2)]);
        let proposal = |item_a: usize, item_b: usize| crate::normalize::suggest::Suggestion {
            suggestion_id: format!("s-{item_a}{item_b}"),
            item_a,
            item_b,
            concept: 0,
            concept_b: None,
            score: 0.5,
            evidence: String::new(),
        };
        t.suggestions = vec![proposal(1, 0), proposal(0, 2)];
        let report = score(&g, &items, &t);
        assert_eq!((report.pairs.same_suggested, report.pairs.distinct_suggested), (1, 1));
        assert!(render(&report).contains("review queue: proposes 1 of the 1 missed"), "{}", render(&report));
    }

    #[test]
    fn the_table_has_a_row_per_post_and_a_total() {
        let items = vec![item("a", 1, "Caching", ""), item("b", 1, "Typing", "")];
        let g = gold(&[("a", "required", "", "", "Caching"), ("b", "required", "", "", "Search")], &[]);
        let table = render(&score(&g, &items, &taxonomy(&["x", "x"], &[])));
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[1].starts_with("a ") && lines[2].starts_with("b ") && lines[3].starts_with("all "), "{table}");
        assert!(lines[3].contains("0.500"), "{table}");
        assert!(!table.contains("set:"), "one set needs no line of its own: {table}");
    }

    #[test]
    fn each_labelled_set_gets_its_themes_and_pairs_on_a_line() {
        let items = vec![item("a", 1, "Caching", ""), item("b", 1, "Search", "")];
        let mut g = gold(
            &[("a", "required", "x", "", "Caching"), ("b", "required", "y", "", "Search")],
            &[("same", "a", "Caching", "b", "Search")],
        );
        g.items[1].set = "dev".into();
        let table = render(&score(&g, &items, &taxonomy(&["x", "x"], &[(0, 1), (1, 1)])));
        assert!(table.contains("dev: theme 0.000; pairs same 0/0 (1.000)"), "{table}");
        assert!(table.contains("set: theme 1.000; pairs same 1/1 (1.000)"), "{table}");
    }
}
