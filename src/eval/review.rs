//! A simulated review: what the found-pair figures become after an organizer answers the
//! best suggestions of the queue.
//!
//! The organizer knows the labelled pairs: a suggestion whose two ideas are a labelled
//! same-topic pair is answered "same topic" (the second idea and its copies join the first
//! one's concept, as `cfp-taxonomy review` writes it); any other answer changes no figure (a
//! "different" answer only keeps the pair out of the queue), so it is read and left alone. The
//! queue is that of one build of every labelled post, as an organizer sees it.

use foldhash::{HashMap, HashMapExt, HashSet};
use serde::Serialize;

use super::{Gold, PairScore, Relation, comparable, score};
use crate::model::Item;
use crate::normalize;
use crate::seeds::{Override, OverrideAction, Seeds};

/// The pairs after some answers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Simulated {
    /// Suggestions read, best first.
    pub answers: usize,
    /// Suggestions in the queue before any answer.
    pub queue: usize,
    /// Of them, how many are labelled pairs (same or different topic): the only answers the
    /// labels know.
    pub labelled: usize,
    /// How many of them were labelled same-topic pairs, answered "same topic".
    pub same_answers: usize,
    /// The labelled pairs after the answers.
    pub pairs: PairScore,
}

/// The figures after the best `n` suggestions are answered, for each `n` of `answers`.
pub fn simulate(gold: &Gold, items: &[Item], seeds: &Seeds, answers: &[usize]) -> Vec<Simulated> {
    let first = normalize::normalize(items, seeds);
    let wording: Vec<String> = items.iter().map(|i| comparable(&i.text)).collect();
    // The labelled same-topic pairs as the scoring found them, by wording: an answer is about
    // two ideas, whichever copies the queue shows.
    let found = score(gold, items, &first).found_pairs;
    let pairs = |relation: Option<Relation>| -> HashSet<(&str, &str)> {
        found
            .iter()
            .filter(|(_, _, r)| relation.is_none_or(|want| *r == want))
            .map(|&(a, b, _)| ordered(&wording[a], &wording[b]))
            .collect()
    };
    let (same, labelled) = (pairs(Some(Relation::Same)), pairs(None));
    let queue = first.suggestions.len();
    let labelled = first
        .suggestions
        .iter()
        .filter(|s| labelled.contains(&ordered(&wording[s.item_a], &wording[s.item_b])))
        .count();
    let mut by_wording: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in wording.iter().enumerate() {
        by_wording.entry(w.as_str()).or_default().push(i);
    }
    answers
        .iter()
        .map(|&n| {
            let mut seeds = seeds.clone();
            let mut same_answers = 0;
            for s in first.suggestions.iter().take(n) {
                let (a, b) = (wording[s.item_a].as_str(), wording[s.item_b].as_str());
                if !same.contains(&ordered(a, b)) {
                    continue;
                }
                same_answers += 1;
                // As `review` writes "same topic": the second idea and every copy of it join.
                let concept = &first.concepts[s.concept].concept_id;
                for &i in &by_wording[b] {
                    seeds.overrides.push(Override {
                        line: 0,
                        action: OverrideAction::Link,
                        item: format!("{}: {}", items[i].source_id, items[i].text),
                        target: concept.clone(),
                    });
                }
            }
            let taxonomy = normalize::normalize(items, &seeds);
            Simulated { answers: n, queue, labelled, same_answers, pairs: score(gold, items, &taxonomy).pairs }
        })
        .collect()
}

/// One line of `eval`'s output.
pub fn render(r: &Simulated) -> String {
    let when = match r.answers {
        0 => format!(
            "simulated review, one build's queue with every seed ({} suggestions, {} of them labelled pairs): before any answer",
            r.queue, r.labelled
        ),
        n => format!(
            "  after the best {n} suggestions are answered ({} joined a labelled same-topic pair)",
            r.same_answers
        ),
    };
    format!("{when}: pairs {}", r.pairs.counts())
}

fn ordered<'w>(a: &'w str, b: &'w str) -> (&'w str, &'w str) {
    if a <= b { (a, b) } else { (b, a) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldPair;

    fn item(source: &str, n: u32, text: &str) -> Item {
        crate::normalize::tests::item(source, 2030, n, text)
    }

    fn pair(a: (&str, &str), b: (&str, &str), relation: Relation) -> GoldPair {
        GoldPair {
            set: "test".into(),
            source_a: a.0.into(),
            key_a: a.1.into(),
            source_b: b.0.into(),
            key_b: b.1.into(),
            relation,
        }
    }

    #[test]
    fn answering_a_labelled_same_pair_joins_it_and_other_answers_change_nothing() {
        let items = vec![
            item("a", 1, "Marketing"),
            item("b", 1, "Marketing your project"),
            item("c", 1, "Marketing your project"),
            item("a", 2, "Quantum knitting"),
            item("b", 2, "Sourdough starters"),
        ];
        let theme =
            crate::model::Theme { id: "t".into(), label: "T".into(), scope: String::new(), keywords: Vec::new() };
        let seeds = Seeds { themes: vec![theme], ..Seeds::default() };
        let gold = Gold {
            pairs: vec![
                pair(("a", "Marketing"), ("b", "Marketing your project"), Relation::Same),
                pair(("a", "Marketing"), ("c", "Marketing your project"), Relation::Same),
                pair(("a", "Quantum knitting"), ("b", "Sourdough starters"), Relation::Distinct),
            ],
            ..Gold::default()
        };
        let before = score(&gold, &items, &normalize::normalize(&items, &seeds)).pairs;
        assert_eq!((before.same_ok, before.distinct_ok), (0, 1), "the rules keep the pair apart");
        let after = simulate(&gold, &items, &seeds, &[0, 10]);
        assert_eq!((after[0].answers, after[0].same_answers, after[0].pairs.same_ok), (0, 0, 0));
        assert!(after[0].labelled >= 1 && after[0].labelled <= after[0].queue, "{after:?}");
        assert!(render(&after[0]).contains(&format!("({} suggestions, ", after[0].queue)), "{}", render(&after[0]));
        assert_eq!(after[1].same_answers, 1, "{after:?}");
        assert_eq!(
            (after[1].pairs.same_ok, after[1].pairs.distinct_ok),
            (2, 1),
            "one answer joins the second idea and its copy"
        );
    }
}
