//! Which candidates are ideas: a small logistic model over shallow features of each candidate
//! and of the list it stands in, in the manner of boilerpipe and jusText.
//!
//! The structure rules ([`super::structure`]) propose candidates: list entries, idea headings,
//! their sub-items. Many pages hold lists that are not ideas at all (dates, session formats,
//! speaker perks, advice, contacts), and no phrase list written from a few posts tells them
//! apart on the next one. What does generalise is their *shape*: dates carry digits and month
//! names, advice is written in sentences addressed to the reader, perks and formats sit under
//! labels whose words recur across conferences, and ideas come in lists of short noun phrases.
//! Each candidate becomes a handful of such features; the weights are learned from the labelled
//! posts (`cfp-taxonomy train-extractor`) and written as a `feature,weight` CSV that a person
//! can review, and that `build --extraction-model FILE` applies. Word features (the words of
//! the section label) enter the model only when posts of at least [`MIN_EVENTS`] events use
//! them, so the wording of one post, or the topic of one conference, can never become a rule.
//!
//! A candidate the model rejects is dropped; its sub-items move up to its parent.
//!
//! The model is not applied by default: measured leave-one-post-out (`cfp-taxonomy eval`), it
//! does not yet beat the structure rules alone (docs/extraction.md has the figures).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::structure::{CandidateKind, Draft};
use crate::normalize::text::terms;

/// Word features must occur in the posts of at least this many events to be learned: a word
/// only one conference uses is that conference's topic, not the shape of an idea list.
pub const MIN_EVENTS: usize = 3;

/// L2 regularisation of the fit: larger keeps the weights small and the model plain.
pub const ALPHA: f64 = 1.0;

/// Named feature values of one candidate.
pub type Features = Vec<(String, f64)>;

/// Learned weights: a candidate is an idea when the logistic of their sum is at least
/// [`Model::threshold`].
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The bias term.
    pub intercept: f64,
    /// Weight per feature name; features not listed weigh nothing.
    pub weights: BTreeMap<String, f64>,
    /// Probability from which a candidate is kept.
    pub threshold: f64,
}

impl Model {
    /// Read the `feature,weight` CSV written by [`Model::to_csv`].
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut model = Model { intercept: 0.0, weights: BTreeMap::new(), threshold: 0.5 };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (n, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("extraction model line {}: {e}", n + 2))?;
            let (name, value) = (row.get(0).unwrap_or(""), row.get(1).unwrap_or(""));
            let value: f64 =
                value.parse().map_err(|_| format!("extraction model line {}: {value:?} is not a number", n + 2))?;
            match name {
                "(intercept)" => model.intercept = value,
                "(threshold)" => model.threshold = value,
                _ => {
                    model.weights.insert(name.to_string(), value);
                }
            }
        }
        Ok(model)
    }

    /// The model as reviewed data: one `feature,weight` row each, sorted, weights rounded.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("feature,weight\n");
        out.push_str(&format!("(intercept),{:.4}\n(threshold),{:.2}\n", self.intercept, self.threshold));
        for (name, weight) in &self.weights {
            if weight.abs() >= 5e-5 {
                let name =
                    if name.contains([',', '"']) { format!("\"{}\"", name.replace('"', "\"\"")) } else { name.clone() };
                out.push_str(&format!("{name},{weight:.4}\n"));
            }
        }
        out
    }

    /// The probability that a candidate with these features is an idea.
    pub fn probability(&self, features: &Features) -> f64 {
        let z: f64 =
            self.intercept + features.iter().map(|(n, v)| self.weights.get(n).copied().unwrap_or(0.0) * v).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The features of every candidate of one post.
pub fn features(drafts: &[Draft]) -> Vec<Features> {
    // Candidates of one list (same section, parent and depth) share a group: the shape of the
    // whole list says more than one entry does.
    let mut groups: HashMap<(&str, Option<usize>, u32), Vec<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        groups.entry((d.section.as_str(), d.parent, d.depth)).or_default().push(i);
    }
    let own: Vec<Own> = drafts.iter().map(Own::of).collect();
    drafts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let o = &own[i];
            let group = &groups[&(d.section.as_str(), d.parent, d.depth)];
            let share = |f: fn(&Own) -> bool| group.iter().filter(|&&j| f(&own[j])).count() as f64 / group.len() as f64;
            let mut f: Features = vec![
                ("words".into(), (1.0 + o.words as f64).ln()),
                ("long".into(), flag(o.words >= 15)),
                ("one_word".into(), flag(o.words <= 1)),
                ("question".into(), flag(o.question)),
                ("colon_end".into(), flag(o.colon_end)),
                ("sentence".into(), flag(o.sentence)),
                ("digits".into(), o.digits),
                ("date".into(), flag(o.date)),
                ("contact".into(), flag(o.contact)),
                ("commas".into(), flag(o.commas >= 2)),
                ("parens".into(), flag(o.parens)),
                ("starts_lower".into(), flag(o.starts_lower)),
                ("sub_item".into(), flag(d.depth > 0)),
                ("heading_idea".into(), flag(!d.description.is_empty())),
                ("no_section".into(), flag(d.section.is_empty())),
                ("group_size".into(), (group.len() as f64).ln_1p()),
                (
                    "group_words".into(),
                    group.iter().map(|&j| (1.0 + own[j].words as f64).ln()).sum::<f64>() / group.len() as f64,
                ),
                ("group_sentences".into(), share(|o| o.sentence)),
                ("group_dates".into(), share(|o| o.date || o.digits > 0.15)),
                ("group_questions".into(), share(|o| o.question)),
                ("group_contacts".into(), share(|o| o.contact)),
                ("has_children".into(), flag(drafts.iter().any(|c| c.parent == Some(i)))),
                ("heading".into(), flag(d.kind == CandidateKind::Heading)),
                ("inline".into(), flag(d.kind == CandidateKind::Inline)),
            ];
            let section: HashSet<String> = terms(&d.section).into_iter().collect();
            let mut section: Vec<String> = section.into_iter().collect();
            section.sort();
            f.extend(section.into_iter().map(|t| (format!("section:{t}"), 1.0)));

            f
        })
        .collect()
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// What a candidate's own text shows.
struct Own {
    words: usize,
    question: bool,
    colon_end: bool,
    sentence: bool,
    digits: f64,
    date: bool,
    contact: bool,
    commas: usize,
    parens: bool,
    starts_lower: bool,
}

impl Own {
    fn of(d: &Draft) -> Own {
        let t = d.text.trim();
        let chars = t.chars().count().max(1);
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        Own {
            words: t.split_whitespace().count(),
            question: t.ends_with('?'),
            colon_end: t.ends_with(':'),
            sentence: (t.ends_with('.') || t.ends_with('!')) && t.split_whitespace().count() > 6,
            digits: t.chars().filter(char::is_ascii_digit).count() as f64 / chars as f64,
            date: words.iter().any(|w| super::structure::DATE_WORDS.contains(w)),
            contact: t.contains('@')
                || lower.contains("http://")
                || lower.contains("https://")
                || lower.contains("www."),
            commas: t.matches(',').count(),
            parens: t.contains('('),
            starts_lower: t.chars().next().is_some_and(char::is_lowercase),
        }
    }
}

/// Keep the candidates the model accepts; a dropped candidate's sub-items move up to its
/// nearest kept ancestor, one level up for every level dropped.
pub fn keep(drafts: Vec<Draft>, model: &Model) -> Vec<Draft> {
    let all = features(&drafts);
    let p: Vec<f64> = all.iter().map(|f| model.probability(f)).collect();
    // A list is mostly ideas or mostly not: half of each decision is the list's.
    let mut groups: HashMap<(&str, Option<usize>, u32), (f64, usize)> = HashMap::new();
    for (d, &p) in drafts.iter().zip(&p) {
        let g = groups.entry((d.section.as_str(), d.parent, d.depth)).or_default();
        g.0 += p;
        g.1 += 1;
    }
    let kept: Vec<bool> = drafts
        .iter()
        .zip(&p)
        .map(|(d, &p)| {
            let (sum, n) = groups[&(d.section.as_str(), d.parent, d.depth)];
            0.5 * p + 0.5 * sum / n as f64 >= model.threshold
        })
        .collect();
    super::structure::select(drafts, &kept)
}

/// One labelled candidate for training.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Its features.
    pub features: Features,
    /// True for an idea.
    pub idea: bool,
    /// The event of the post it comes from (word features need several events).
    pub event: String,
}

/// Fit a model to labelled candidates.
pub fn train(samples: &[Sample]) -> Result<Model, String> {
    use linfa::prelude::*;
    use linfa_logistic::LogisticRegression;
    use ndarray::{Array1, Array2};

    // Word features count only when several events use them; shape features always count.
    let mut events_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for s in samples {
        for (name, _) in &s.features {
            events_of.entry(name.as_str()).or_default().insert(s.event.as_str());
        }
    }
    let mut names: Vec<&str> = events_of
        .iter()
        .filter(|(name, events)| !name.contains(':') || events.len() >= MIN_EVENTS)
        .map(|(name, _)| *name)
        .collect();
    names.sort_unstable();
    let column: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut x = Array2::<f64>::zeros((samples.len(), names.len()));
    for (row, s) in samples.iter().enumerate() {
        for (name, value) in &s.features {
            if let Some(&c) = column.get(name.as_str()) {
                x[[row, c]] = *value;
            }
        }
    }
    let y: Array1<bool> = samples.iter().map(|s| s.idea).collect();
    if !(y.iter().any(|&b| b) && y.iter().any(|&b| !b)) {
        return Err("training needs both ideas and non-ideas among the labelled candidates".into());
    }
    let fitted = LogisticRegression::default()
        .alpha(ALPHA)
        .max_iterations(500)
        .fit(&Dataset::new(x, y))
        .map_err(|e| format!("the fit failed: {e}"))?;
    // linfa orders the two classes itself: make the weights point toward "idea".
    let toward_idea = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let weights = names.iter().zip(fitted.params().iter()).map(|(n, w)| (n.to_string(), toward_idea * w)).collect();
    Ok(Model { intercept: toward_idea * fitted.intercept(), weights, threshold: 0.5 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Polarity;

    fn draft(section: &str, text: &str, parent: Option<usize>, depth: u32) -> Draft {
        Draft {
            section: section.into(),
            depth,
            parent,
            text: text.into(),
            description: String::new(),
            polarity: Polarity::Wanted,
            kind: CandidateKind::Entry,
        }
    }

    #[test]
    fn dropped_candidates_hand_their_sub_items_up() {
        let drafts = vec![
            draft("", "A", None, 0),
            draft("", "B", Some(0), 1),
            draft("", "C", Some(1), 2),
            draft("", "D", Some(0), 1),
        ];
        let kept = super::super::structure::select(drafts, &[true, false, true, true]);
        let shape: Vec<(&str, Option<usize>, u32)> =
            kept.iter().map(|d| (d.text.as_str(), d.parent, d.depth)).collect();
        assert_eq!(shape, [("A", None, 0), ("C", Some(0), 1), ("D", Some(0), 1)]);
        let kept = super::super::structure::select(kept, &[false, true, true]);
        assert!(kept.iter().all(|d| d.parent.is_none() && d.depth == 0));
    }

    #[test]
    fn dates_and_topics_look_different() {
        let drafts = vec![
            draft("Important dates", "March 1: CFP opens", None, 0),
            draft("Important dates", "April 15, 2030: notifications", None, 0),
            draft("Topics", "Caching", None, 0),
            draft("Topics", "Typing in practice", None, 0),
        ];
        let f = features(&drafts);
        let value = |i: usize, name: &str| f[i].iter().find(|(n, _)| n == name).map_or(0.0, |(_, v)| *v);
        assert_eq!((value(0, "date"), value(2, "date")), (1.0, 0.0));
        assert!(value(1, "digits") > 0.2 && value(3, "digits") == 0.0);
        assert_eq!((value(0, "group_dates"), value(3, "group_dates")), (1.0, 0.0));
        assert_eq!(value(0, "section:date"), 1.0, "section words are features (stemmed)");
    }

    #[test]
    fn a_trained_model_learns_the_shape_and_round_trips_as_csv() {
        let mut samples = Vec::new();
        for post in 0..4 {
            let drafts = vec![
                draft("Important dates", &format!("March {post}: CFP opens"), None, 0),
                draft("Important dates", "April 15: notifications are sent to speakers.", None, 0),
                draft("Topics", "Caching", None, 0),
                draft("Topics", "Typing in practice", None, 0),
            ];
            for (n, f) in features(&drafts).into_iter().enumerate() {
                samples.push(Sample { features: f, idea: n >= 2, event: format!("e{post}") });
            }
        }
        let model = train(&samples).unwrap();
        let unseen = vec![draft("Key dates", "May 3: talks announced", None, 0), draft("Ideas", "Search", None, 0)];
        let f = features(&unseen);
        assert!(model.probability(&f[0]) < 0.5 && model.probability(&f[1]) > 0.5);
        let again = Model::parse(&model.to_csv()).unwrap();
        assert!((again.probability(&f[1]) - model.probability(&f[1])).abs() < 1e-3);
    }
}
