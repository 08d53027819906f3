//! Near misses for a person to judge: pairs of ideas from different posts that the rules
//! kept apart but that look like one topic (OpenRefine's cluster review is the model).
//!
//! Two kinds of evidence propose a pair: their words are alike, but below the grouping
//! threshold; or one idea's head topic is part of the other's ("Hardware" and "Free and open
//! hardware"). Candidates come only from shared rare terms (the blocking of [`super::group`]),
//! so the work grows with the input. A pair an override already decides is not proposed again.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::group::{self, round_score, similarity};
use super::topics::Topic;
use crate::hash::sha256_hex;
use crate::model::{Concept, ConceptOrigin, Item};
use crate::seeds::{Override, OverrideAction};

/// Words at least this alike (and below the grouping threshold) make a suggestion.
pub const MIN_SIMILARITY: f64 = 0.4;
/// At most this many suggestions, best first: a review session, not a dump.
pub const MAX_SUGGESTIONS: usize = 500;

/// One pair of ideas that may be one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Stable across builds: derived from the two items' sources and texts.
    pub suggestion_id: String,
    /// The item whose concept the other would join.
    pub item_a: usize,
    /// The other item.
    pub item_b: usize,
    /// `item_a`'s concept (index into the taxonomy's concepts).
    pub concept: usize,
    /// `item_b`'s concept that the rules grouped (automatic or by head topic), which a merge
    /// would move into `concept`; `None` when its concepts are all curated ones (aliases and
    /// overrides are edited in `seeds/`, not merged away one review at a time).
    pub concept_b: Option<usize>,
    /// How alike they are, 0–1: weighted word overlap, or the share of the longer head
    /// topic that the shorter one covers.
    pub score: f64,
    /// Why they were proposed, for a person.
    pub evidence: String,
}

/// What the suggestions are made from.
pub struct Grouping<'a> {
    /// All items.
    pub items: &'a [Item],
    /// Each item's grouping key (rare distinct terms).
    pub keys: &'a [Vec<String>],
    /// Each item's topics.
    pub topics: &'a [Vec<Topic>],
    /// Each item's subject concepts ([`super::subjects_by_item`]), overrides applied.
    pub subjects: &'a [Vec<usize>],
    /// The concepts, to tell the rules' groups from curated concepts.
    pub concepts: &'a [Concept],
    /// The organizers' corrections, to leave out pairs already decided.
    pub overrides: &'a [Override],
    /// Each item's wording number: copies of one idea (the same folded text) share it.
    pub wordings: &'a [u32],
}

/// The near misses, best first.
pub fn suggest(input: &Grouping<'_>) -> Vec<Suggestion> {
    let subjects = input.subjects;
    let wordings = input.wordings;
    let decided = decided_pairs(input.items, wordings, input.overrides);
    let weights = group::weights(input.keys);
    let topic_terms: Vec<Vec<String>> = input
        .topics
        .iter()
        .map(|ts| {
            let mut t: Vec<String> = ts.iter().flat_map(|t| t.key.iter().cloned()).collect();
            t.sort();
            t.dedup();
            t
        })
        .collect();
    // Candidate pairs through shared terms of the key or of the topics.
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (key, topic)) in input.keys.iter().zip(&topic_terms).enumerate() {
        let terms = key.iter().filter(|t| !t.starts_with(group::CONTEXT)).chain(topic);
        let mut seen = HashSet::new();
        for t in terms {
            if seen.insert(t.as_str()) {
                postings.entry(t.as_str()).or_default().push(i);
            }
        }
    }
    let max_block = group::GroupOptions::default().max_block;
    let mut best: HashMap<(usize, usize), Suggestion> = HashMap::new();
    let mut looked: HashSet<(usize, usize)> = HashSet::new();
    for list in postings.values().filter(|l| l.len() <= max_block) {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                if !looked.insert((a, b)) || input.items[a].source_id == input.items[b].source_id {
                    continue;
                }
                if subjects[a].iter().any(|c| subjects[b].contains(c))
                    || decided.contains(&ordered(wordings[a], wordings[b]))
                {
                    continue;
                }
                let Some((score, evidence, from_b)) = evidence(input, a, b, &weights) else { continue };
                // The shorter idea's concept is the one to join ("Hardware" takes in the rest).
                let (into, other) = if from_b { (b, a) } else { (a, b) };
                let Some(&concept) = subjects[into].first() else { continue };
                let Some(&other_concept) = subjects[other].first() else { continue };
                let candidate = Suggestion {
                    suggestion_id: id(&input.items[into], &input.items[other]),
                    item_a: into,
                    item_b: other,
                    concept,
                    concept_b: subjects[other]
                        .iter()
                        .copied()
                        .find(|&c| matches!(input.concepts[c].origin, ConceptOrigin::Auto | ConceptOrigin::Topic)),
                    score,
                    evidence,
                };
                // One suggestion per pair of concepts: the best-scored pair of their items.
                let slot = (concept.min(other_concept), concept.max(other_concept));
                match best.get(&slot) {
                    Some(s)
                        if (s.score, std::cmp::Reverse(&s.suggestion_id))
                            >= (score, std::cmp::Reverse(&candidate.suggestion_id)) => {}
                    _ => {
                        best.insert(slot, candidate);
                    }
                }
            }
        }
    }
    let mut out: Vec<Suggestion> = best.into_values().collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| x.suggestion_id.cmp(&y.suggestion_id)));
    out.truncate(MAX_SUGGESTIONS);
    out
}

/// Why `a` and `b` may be one topic: `(score, evidence, whether b's head is inside a's)`.
/// A head topic inside the other's counts when its words are rare ones ("Hardware" in "Free
/// and open hardware", not "Django" in anything) and cover enough of the other's head.
fn evidence(input: &Grouping<'_>, a: usize, b: usize, weights: &HashMap<&str, f64>) -> Option<(f64, String, bool)> {
    let weight = |t: &str| weights.get(super::vocabulary::unmarked(t)).copied().unwrap_or(1.0);
    let mut found: Option<(f64, String, bool)> = None;
    for (x, y, from_b) in [(a, b, false), (b, a, true)] {
        let rare =
            |t: &String| input.keys[x].binary_search_by(|k| k.as_str().cmp(super::vocabulary::unmarked(t))).is_ok();
        for small in input.topics[x].iter().filter(|t| t.key.iter().all(rare)) {
            for big in &input.topics[y] {
                if big.key.len() <= small.key.len() || !small.key.iter().all(|t| big.key.binary_search(t).is_ok()) {
                    continue;
                }
                let share =
                    small.key.iter().map(|t| weight(t)).sum::<f64>() / big.key.iter().map(|t| weight(t)).sum::<f64>();
                if share >= MIN_SIMILARITY && found.as_ref().is_none_or(|f| share > f.0) {
                    let text = format!("the topic {:?} is part of {:?}", small.label, big.label);
                    found = Some((round_score(share), text, from_b));
                }
            }
        }
    }
    if found.is_none() {
        // Two head topics that share rare words ("learning" and "Strategies for effective
        // learning"): their weighted overlap, whatever the qualifiers add to the whole texts.
        for x in &input.topics[a] {
            for y in &input.topics[b] {
                let common: Vec<&String> = x.key.iter().filter(|t| y.key.binary_search(t).is_ok()).collect();
                // Only rare words are shared ground: "Django" and "Using Django" say nothing.
                let rare = |t: &&String| {
                    input.keys[a].binary_search_by(|k| k.as_str().cmp(super::vocabulary::unmarked(t))).is_ok()
                };
                if !common.iter().any(rare) {
                    continue;
                }
                let shared: f64 = common.iter().map(|t| weight(t)).sum();
                let union: f64 = x
                    .key
                    .iter()
                    .chain(y.key.iter().filter(|t| x.key.binary_search(t).is_err()))
                    .map(|t| weight(t))
                    .sum();
                let j = shared / union;
                if j >= MIN_SIMILARITY && found.as_ref().is_none_or(|f| j > f.0) {
                    let text = format!("the topics {:?} and {:?} share words", x.label, y.label);
                    found = Some((round_score(j), text, x.key.len() > y.key.len()));
                }
            }
        }
    }
    let s = similarity(&input.keys[a], &input.keys[b], weights);
    match found {
        // A head inside another says more than the overlap of all words; it keeps the higher score.
        Some((share, text, from_b)) => Some((share.max(round_score(s)), text, from_b)),
        None => (s >= MIN_SIMILARITY)
            .then(|| (round_score(s), format!("words alike ({s:.2}, below the grouping threshold)"), false)),
    }
}

/// A pair of wordings in one order, whichever order it was met in.
fn ordered(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// The pairs of wordings an override keeps apart (a `link` shows as a shared concept). An
/// answer is about two ideas, not two items: it holds for every copy of either idea, in
/// either order, so a review answer never comes back as the same pair swapped or reposted.
fn decided_pairs(items: &[Item], wordings: &[u32], overrides: &[Override]) -> HashSet<(u32, u32)> {
    let mut out = HashSet::new();
    for o in overrides.iter().filter(|o| o.action == OverrideAction::Separate) {
        if let (Some(a), Some(b)) = (super::find_item(items, &o.item), super::find_item(items, &o.target)) {
            out.insert(ordered(wordings[a], wordings[b]));
        }
    }
    out
}

/// A stable id: the two items' sources and texts, so it survives renumbering.
fn id(a: &Item, b: &Item) -> String {
    let hash = sha256_hex(format!("{}\u{1f}{}\u{1e}{}\u{1f}{}", a.source_id, a.text, b.source_id, b.text).as_bytes());
    format!("s-{}", &hash[..12])
}

#[cfg(test)]
mod tests {
    use crate::model::Item;
    use crate::normalize::normalize;
    use crate::seeds::{Override, OverrideAction, Seeds};

    fn item(source: &str, position: u32, text: &str) -> Item {
        crate::normalize::tests::item(source, 2030, position, text)
    }

    fn seeds() -> Seeds {
        let theme =
            crate::model::Theme { id: "t".into(), label: "T".into(), scope: String::new(), keywords: Vec::new() };
        Seeds { themes: vec![theme], ..Seeds::default() }
    }

    fn items() -> Vec<Item> {
        vec![
            item("a", 1, "Marketing"),
            item("b", 1, "Marketing your project"),
            item("a", 2, "Gardening: soil sensors and drip irrigation"),
            item("b", 2, "Orchards: soil sensors and drip irrigation"),
            item("c", 1, "Quantum knitting"),
        ]
    }

    #[test]
    fn near_misses_across_posts_are_proposed_once_with_their_evidence() {
        let items = items();
        let t = normalize(&items, &seeds());
        let pairs: Vec<(usize, usize)> = t.suggestions.iter().map(|s| (s.item_a, s.item_b)).collect();
        assert!(pairs.contains(&(0, 1)), "a head topic inside another: {:?}", t.suggestions);
        assert!(pairs.contains(&(2, 3)) || pairs.contains(&(3, 2)), "alike words: {:?}", t.suggestions);
        assert!(!pairs.iter().any(|&(a, b)| a == 4 || b == 4), "nothing alike");
        let marketing = t.suggestions.iter().find(|s| (s.item_a, s.item_b) == (0, 1)).unwrap();
        assert!(marketing.evidence.contains("\"Marketing\" is part of"), "{}", marketing.evidence);
        assert!(marketing.suggestion_id.starts_with("s-"));
        let orchards = t.suggestions.iter().find(|s| [s.item_a, s.item_b].contains(&2)).unwrap();
        assert!(orchards.evidence.starts_with("words alike"), "{}", orchards.evidence);
        let again = normalize(&items, &seeds());
        assert_eq!(t.suggestions, again.suggestions, "same input, same suggestions");
    }

    #[test]
    fn a_merge_is_offered_for_the_rules_groups_never_for_curated_concepts() {
        let mut seeds = seeds();
        let orchards = crate::seeds::AliasConcept {
            label: "Orchards".into(),
            theme: "t".into(),
            aliases: vec!["orchards".into()],
            scope: crate::model::Scope::Topic,
        };
        seeds.concepts = vec![orchards];
        let items = items();
        let t = normalize(&items, &seeds);
        let marketing = t.suggestions.iter().find(|s| (s.item_a, s.item_b) == (0, 1)).unwrap();
        let b = marketing.concept_b.expect("B's own group can be merged");
        assert!(t.item_concepts.iter().any(|l| l.item == 1 && l.concept == b));
        let orchards = t.suggestions.iter().find(|s| s.item_b == 3).expect("orchards proposed with B its idea");
        assert_eq!(orchards.concept_b, None, "B is only in the curated concept: {:?}", t.concepts);
    }

    #[test]
    fn head_topics_that_share_rare_words_are_proposed_whatever_their_qualifiers_say() {
        let mut items = items();
        items.push(item("a", 3, "Beekeeping hive weight monitors (LoRa, batteries, enclosures)"));
        items.push(item("c", 2, "Beekeeping hive weight sensors: a weekend build with kids, solder and code"));
        let t = normalize(&items, &seeds());
        let hives =
            t.suggestions.iter().find(|s| [s.item_a, s.item_b].contains(&5) && [s.item_a, s.item_b].contains(&6));
        let hives = hives.unwrap_or_else(|| panic!("{:?}", t.suggestions));
        assert!(hives.evidence.contains("share words"), "{}", hives.evidence);
    }

    #[test]
    fn a_pair_an_override_decides_is_not_proposed_again() {
        let items = items();
        let mut seeds = seeds();
        seeds.overrides = vec![Override {
            line: 2,
            action: OverrideAction::Separate,
            item: "a: Marketing".into(),
            target: "b: Marketing your project".into(),
        }];
        let t = normalize(&items, &seeds);
        assert!(!t.suggestions.iter().any(|s| (s.item_a, s.item_b) == (0, 1)), "{:?}", t.suggestions);
    }

    #[test]
    fn an_answer_holds_for_every_copy_of_either_idea_in_either_order() {
        // Both ideas reposted the next year: four items, four pairs across posts.
        let mut items = items();
        items.push(item("d", 1, "Marketing"));
        items.push(item("e", 1, "marketing your Project"));
        let mut seeds = seeds();
        let pair = |t: &crate::normalize::Taxonomy| {
            t.suggestions
                .iter()
                .filter(|s| {
                    let texts = [&items[s.item_a].text, &items[s.item_b].text].map(|t| t.to_lowercase());
                    texts.iter().any(|t| t == "marketing") && texts.iter().any(|t| t.contains("your project"))
                })
                .count()
        };
        assert!(pair(&normalize(&items, &seeds)) > 0, "the near miss is proposed before an answer");
        // The answer names one copy of each, in the order opposite to the suggestion's.
        seeds.overrides = vec![Override {
            line: 2,
            action: OverrideAction::Separate,
            item: "e: marketing your project".into(),
            target: "d: Marketing".into(),
        }];
        assert_eq!(pair(&normalize(&items, &seeds)), 0, "no copy of the answered pair comes back");
    }
}
