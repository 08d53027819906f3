//! Which candidates are ideas: one trained scorer over every candidate of a post.
//!
//! The candidate reader ([`super::candidates`]) proposes everything that could be an idea. Each
//! candidate becomes a fixed vector of shallow, generic features of its text, its markup, its
//! context and its block (the list, enumeration or run of headings it stands in), chosen before
//! looking at any post's misses: dates carry digits and month names, advice is written in
//! sentences addressed to the reader, perks and formats sit under labels whose words recur
//! across conferences, ideas come in lists of short noun phrases. What earlier versions decided
//! with rules ("this page is a call", "this lead-in announces topics", "this heading organises
//! the page") are features here, weighed against everything else, never gates.
//!
//! A logistic model over them (fitted by [`fit`] for `cfp-taxonomy train-extractor`) gives each
//! candidate a probability; half of each decision is its block's mean, since a list's entries
//! mostly share one fate. The weights are reviewed data, `seeds/extraction-model.csv`, built
//! into the binary and used by default.
//!
//! When the model keeps nothing of a post that has lists, headings or enumerations, its
//! best-scoring block is kept, marked [`Confidence::Low`]: a post is never lost silently
//! (and when its main content gives nothing at all, [`crate::extract::post_ideas`] reads the
//! whole page).

use crate::text::fold;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt};

use super::candidates::{Candidate, CandidateKind, Draft, Page};
use super::cues::{self, CUES};
use super::fit;
use crate::model::Confidence;

/// L2 regularisation of the fit: larger keeps the weights small and the model plain.
pub const ALPHA: f64 = 1.0;

/// The score from which a trained model keeps a candidate: the best F1 of the
/// leave-one-post-out sweep `cfp-taxonomy eval --threshold T` over 0.3, 0.4, 0.5.
pub const THRESHOLD: f64 = 0.4;

/// The share of a candidate's decision that is its block's mean probability.
pub const BLOCK_WEIGHT: f64 = 0.5;

/// The lowest mean score of a block the fallback keeps: below it a post has nothing that
/// looks like ideas at all (a page of advice, a letter) and ends `empty`.
pub const FALLBACK_FLOOR: f64 = 0.1;

/// The model built into the binary: `seeds/extraction-model.csv`.
pub const DEFAULT_MODEL: &str = include_str!("../../seeds/extraction-model.csv");

/// Learned weights: a candidate is an idea when its smoothed probability is at least
/// [`Model::threshold`].
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The bias term.
    pub intercept: f64,
    /// One weight per feature of [`FEATURES`], in that order.
    pub weights: Vec<f64>,
    /// Probability from which a candidate is kept.
    pub threshold: f64,
}

impl Model {
    /// The model built into the binary.
    pub fn builtin() -> Model {
        // The file is checked by a unit test, so this cannot fail in a released binary.
        Model::parse(DEFAULT_MODEL).unwrap_or_else(|_| Model { intercept: 0.0, weights: vec![0.0; N], threshold: 0.5 })
    }

    /// Read the `feature,weight` CSV written by [`Model::to_csv`]. A feature this version does
    /// not compute is an error: the model was written by another version.
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut model = Model { intercept: 0.0, weights: vec![0.0; N], threshold: 0.5 };
        let column: HashMap<&str, usize> = FEATURES.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (n, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("extraction model line {}: {e}", n + 2))?;
            let (name, value) = (row.get(0).unwrap_or(""), row.get(1).unwrap_or(""));
            let value: f64 =
                value.parse().map_err(|_| format!("extraction model line {}: {value:?} is not a number", n + 2))?;
            match name {
                "(intercept)" => model.intercept = value,
                "(threshold)" => model.threshold = value,
                _ => match column.get(name) {
                    Some(&c) => model.weights[c] = value,
                    None => {
                        return Err(format!(
                            "extraction model line {}: unknown feature {name:?} (a model of another version: rerun `cfp-taxonomy train-extractor`)",
                            n + 2
                        ));
                    }
                },
            }
        }
        Ok(model)
    }

    /// The model as reviewed data: one `feature,weight` row each, in feature order.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let rows =
            [("(intercept)", format!("{:.4}", self.intercept)), ("(threshold)", format!("{:.2}", self.threshold))]
                .into_iter()
                .chain(FEATURES.iter().zip(&self.weights).map(|(name, weight)| (*name, format!("{weight:.4}"))));
        // Writing records to memory cannot fail.
        let _ = w.write_record(["feature", "weight"]);
        for (name, value) in rows {
            let _ = w.write_record([name, value.as_str()]);
        }
        w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
    }

    /// The probability that a candidate with these features is an idea.
    pub fn probability(&self, features: &Features) -> f64 {
        let z: f64 = self.intercept + features.iter().zip(&self.weights).map(|(v, w)| v * w).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The features that set one candidate's score apart from the rest of its post most,
    /// strongest first: weight × (its value − the post's mean value, `means`). A feature every
    /// candidate of the post shares explains no decision within it.
    pub fn reasons(&self, features: &Features, means: &Features, n: usize) -> Vec<(&'static str, f64)> {
        let mut moved: Vec<(&'static str, f64)> = FEATURES
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, self.weights[i] * (features[i] - means[i])))
            .filter(|(_, m)| m.abs() >= 0.05)
            .collect();
        moved.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        moved.truncate(n);
        moved
    }
}

/// The mean of each feature over a post's candidates.
pub fn means(features: &[Features]) -> Features {
    let mut sum = [0.0; N];
    for f in features {
        for (s, v) in sum.iter_mut().zip(f) {
            *s += v;
        }
    }
    let n = features.len().max(1) as f64;
    sum.map(|s| s / n)
}

/// The names of the features, in the order of a [`Features`] vector.
pub const FEATURES: [&str; N] = [
    // The text itself.
    "words",
    "one_word",
    "long",
    "very_long",
    "ends_question",
    "ends_period",
    "ends_colon",
    "ends_exclamation",
    "colon_inside",
    "parentheses",
    "dash_inside",
    "commas",
    "several_sentences",
    "digit_share",
    "date",
    "month_name",
    "year",
    "address",
    "money",
    "capitalised_share",
    "all_caps",
    "starts_lower",
    "starts_digit",
    "starts_question_word",
    "starts_imperative",
    "starts_ing",
    "starts_pronoun",
    "starts_quote",
    "catch_all",
    "pointer",
    "address_row",
    "link_share",
    "whole_link",
    "idea_words",
    "admin_words",
    "process_words",
    "offers_a_talk",
    "names_topics",
    "organising_phrase",
    "page_part_phrase",
    "unwanted_phrase",
    "bold_lead",
    "copies",
    // The kind of candidate.
    "kind:entry",
    "kind:heading",
    "kind:bold_line",
    "kind:bold_lead",
    "kind:inline",
    "kind:question",
    "kind:sentence",
    // Where it stands.
    "depth",
    "nested",
    "block_size",
    "block_position",
    "block_first",
    "has_children",
    "has_description",
    "heading_level",
    "has_heading",
    "has_label",
    "context_topics",
    "context_organising",
    "context_page_part",
    "context_question",
    "context_call",
    "context_unwanted",
    "context_dateline",
    "context_admin_words",
    "context_idea_words",
    "lead_in",
    "lead_in_topics",
    "lead_in_colon",
    "lead_in_admin_words",
    "lead_in_idea_words",
    // The page.
    "page_call",
    "page_position",
    "page_candidates",
    "page_headings",
    "page_prose_headings",
    // A heading's contents.
    "heading_lists",
    "heading_prose",
    "heading_bare",
    "heading_sub_headings",
    "heading_prose_then_list",
    "heading_in_prose_post",
    "heading_in_call",
    "heading_lists_in_list_post",
    // Its block.
    "block_dates",
    "block_questions",
    "block_sentences",
    "block_links",
    "block_addresses",
    "block_starts_lower",
    "block_colons",
    "block_imperatives",
    "block_words",
    "block_words_spread",
    "block_admin_words",
    "block_idea_words",
    "block_capitalised",
    "block_process",
    "block_catch_alls",
    // An enumeration element.
    "run_elements",
    "run_topics",
    "run_admin_words",
    "run_short",
];

/// The value of a candidate's kind (one-hot). Larger than 1 so that the fit's L2 penalty hardly
/// shrinks it: each kind keeps its own base rate, and more candidates of one kind (longer
/// enumerations read) do not move the common intercept, and with it every other kind's scores.
const KIND_SCALE: f64 = 5.0;

/// The most words of an element of an enumeration that names topics ("caching", "search and
/// typing"); longer ones are read too, and weighed by the model.
const SHORT_ELEMENT_WORDS: f64 = 6.0;

/// How many features a candidate has.
pub const N: usize = 106;

/// The feature values of one candidate, in the order of [`FEATURES`].
pub type Features = [f64; N];

/// What a candidate's own text shows, kept per candidate for its block's means.
#[derive(Default, Clone, Copy)]
struct Own {
    words: f64,
    date: bool,
    question: bool,
    sentence: bool,
    links: bool,
    address: bool,
    starts_lower: bool,
    colon: bool,
    imperative: bool,
    admin: f64,
    idea: f64,
    capitalised: f64,
    process: bool,
    catch_all: bool,
    names_topics: bool,
    organising: bool,
    page_part: bool,
    unwanted: bool,
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// The administrative and idea words of `seeds/cues.csv`, each as one automaton.
static ADMIN: LazyLock<cues::WordList> = LazyLock::new(|| cues::WordList::new(&CUES.admin_word));
static IDEA: LazyLock<cues::WordList> = LazyLock::new(|| cues::WordList::new(&CUES.idea_word));

/// The features of every candidate of one post.
pub fn features(page: &Page) -> Vec<Features> {
    let cs = &page.candidates;
    let total = cs.len().max(1) as f64;
    let folded: Vec<String> = cs.iter().map(|c| fold(&c.text)).collect();
    let own: Vec<Own> = cs.iter().zip(&folded).map(|(c, f)| own(c, f)).collect();
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for f in &folded {
        *copies.entry(f.as_str()).or_default() += 1;
    }
    // Block means of the own features.
    let blocks = page.block_sizes.len();
    let mut sums = vec![[0.0f64; 15]; blocks];
    for (c, o) in cs.iter().zip(&own) {
        let s = &mut sums[c.block];
        let v = [
            flag(o.date),
            flag(o.question),
            flag(o.sentence),
            flag(o.links),
            flag(o.address),
            flag(o.starts_lower),
            flag(o.colon),
            flag(o.imperative),
            o.words,
            o.words * o.words,
            o.admin,
            o.idea,
            o.capitalised,
            flag(o.process),
            flag(o.catch_all),
        ];
        for (a, b) in s.iter_mut().zip(v) {
            *a += b;
        }
    }
    // The longest candidate of each block: an enumeration of short elements names topics, one
    // with a long element is more often a run of clauses.
    let mut longest = vec![0.0f64; blocks];
    for (c, o) in cs.iter().zip(&own) {
        longest[c.block] = longest[c.block].max(o.words);
    }
    let means: Vec<[f64; 15]> = sums
        .iter()
        .zip(&page.block_sizes)
        .map(|(s, &n)| {
            let n = n.max(1) as f64;
            let mut m = s.map(|v| v / n);
            m[9] = (m[9] - m[8] * m[8]).max(0.0).sqrt();
            m
        })
        .collect();
    // The share of headings that carry prose and no list: a post of idea headings.
    let headings = &page.headings;
    let content_headings = headings.iter().filter(|h| !cues::is_organising(&h.text)).count().max(1) as f64;
    let prose_headings =
        headings.iter().filter(|h| !cues::is_organising(&h.text) && h.paragraphs > 0 && h.lists == 0).count() as f64
            / content_headings;
    let heading_features: Vec<HeadingCues> = headings.iter().map(|h| HeadingCues::of(&h.text)).collect();
    // The candidates of a block share their heading, label and lead-in: what those say is read
    // once per block.
    let mut contexts: Vec<Option<BlockContext>> = vec![None; blocks];
    for c in cs {
        if contexts[c.block].is_none() {
            contexts[c.block] = Some(BlockContext::of(c, headings));
        }
    }
    let mut own_heading_of: Vec<Option<usize>> = vec![None; cs.len()];
    for (h, heading) in headings.iter().enumerate() {
        own_heading_of[heading.candidate] = Some(h);
    }

    cs.iter()
        .enumerate()
        .map(|(i, c)| {
            let o = &own[i];
            let f = &folded[i];
            let t = c.text.trim();
            let m = &means[c.block];
            let heading = c.heading.map(|h| (&headings[h], &heading_features[h]));
            let context = |g: fn(&HeadingCues) -> bool| flag(heading.is_some_and(|(_, h)| g(h)));
            let b = contexts[c.block].unwrap_or_default();
            let own_heading = own_heading_of[i].map(|h| &headings[h]);
            let is_heading = flag(c.kind.is_heading());
            let kind = |k: CandidateKind| KIND_SCALE * flag(c.kind == k);
            let run = c.kind == CandidateKind::Inline && c.depth == 0;
            let words: Vec<&str> =
                f.split(|ch: char| !ch.is_alphanumeric() && ch != '\'').filter(|w| !w.is_empty()).collect();
            let first = words.first().copied().unwrap_or("");
            let values: Features = [
                o.words,
                flag(o.words <= 2f64.ln()),
                flag(o.words >= 16f64.ln()),
                flag(o.words >= 31f64.ln()),
                flag(t.ends_with('?')),
                flag(t.ends_with('.')),
                flag(t.ends_with(':')),
                flag(t.ends_with('!')),
                flag(t.trim_end_matches(':').contains(':')),
                flag(t.contains('(')),
                flag(t.contains(" - ") || t.contains(" \u{2013} ") || t.contains(" \u{2014} ")),
                (t.matches(',').count().min(5)) as f64 / 5.0,
                flag(cues::sentences(t).len() > 1),
                t.chars().filter(char::is_ascii_digit).count() as f64 / t.chars().count().max(1) as f64,
                flag(o.date),
                flag(words.iter().any(|w| cues::is_date_word(w))),
                flag(words.iter().any(|w| {
                    w.len() == 4
                        && (w.starts_with("19") || w.starts_with("20"))
                        && w.chars().all(|c| c.is_ascii_digit())
                })),
                flag(o.address),
                flag(t.contains(['$', '\u{20ac}', '\u{a3}'])),
                o.capitalised,
                flag(t.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !t.chars().any(char::is_lowercase)),
                flag(o.starts_lower),
                flag(t.chars().next().is_some_and(|c| c.is_ascii_digit())),
                flag(cues::has(&CUES.question_word, first)),
                flag(o.imperative),
                flag(first.len() > 4 && first.ends_with("ing")),
                flag(cues::has(&CUES.pronoun, first)),
                flag(t.starts_with(['"', '\u{201c}', '\''])),
                flag(o.catch_all),
                flag(c.kind == CandidateKind::Entry && t.split_whitespace().count() <= 3 && c.link_share >= 0.9),
                flag(cues::is_address_row(t)),
                c.link_share,
                flag(c.link_share >= 0.9),
                o.idea,
                o.admin,
                flag(o.process),
                flag(t.ends_with('?') && !cues::offers(t).is_empty()),
                flag(o.names_topics),
                flag(o.organising),
                flag(o.page_part),
                flag(o.unwanted),
                flag(c.bold_lead),
                flag(copies.get(f.as_str()).copied().unwrap_or(0) > 1),
                kind(CandidateKind::Entry),
                kind(CandidateKind::Heading),
                kind(CandidateKind::BoldLine),
                kind(CandidateKind::BoldLead),
                kind(CandidateKind::Inline),
                kind(CandidateKind::Question),
                kind(CandidateKind::Sentence),
                (c.depth.min(3)) as f64 / 3.0,
                flag(c.depth > 0),
                (page.block_sizes[c.block] as f64).ln_1p(),
                c.index as f64 / (page.block_sizes[c.block].max(2) - 1) as f64,
                flag(c.index == 0),
                flag(c.children > 0),
                flag(!c.description.is_empty()),
                heading.map_or(0.0, |(h, _)| h.level as f64 / 7.0),
                flag(heading.is_some()),
                flag(c.label.is_some()),
                flag(heading.is_some_and(|(_, h)| h.topics) || b.label_topics),
                context(|h| h.organising),
                context(|h| h.page_part),
                context(|h| h.question),
                context(|h| h.call),
                flag(heading.is_some_and(|(_, h)| h.unwanted) || b.label_unwanted),
                context(|h| h.dateline),
                b.context_admin,
                b.context_idea,
                flag(b.lead),
                flag(b.lead_topics),
                flag(b.lead_colon),
                b.lead_admin,
                b.lead_idea,
                flag(page.call),
                i as f64 / total,
                total.ln(),
                (headings.len() as f64).ln_1p(),
                prose_headings,
                own_heading.map_or(0.0, |h| flag(h.lists > 0)),
                own_heading.map_or(0.0, |h| flag(h.paragraphs > 0)),
                own_heading.map_or(0.0, |h| flag(h.paragraphs == 0 && h.lists == 0 && h.sub_headings == 0)),
                own_heading.map_or(0.0, |h| flag(h.sub_headings > 0)),
                own_heading.map_or(0.0, |h| flag(h.paragraphs > 0 && h.lists > 0)),
                is_heading * prose_headings,
                is_heading * flag(page.call),
                own_heading.map_or(0.0, |h| flag(h.lists > 0) * (1.0 - prose_headings)),
                m[0],
                m[1],
                m[2],
                m[3],
                m[4],
                m[5],
                m[6],
                m[7],
                m[8],
                m[9],
                m[10],
                m[11],
                m[12],
                m[13],
                m[14],
                if run { (page.block_sizes[c.block] as f64).ln() } else { 0.0 },
                flag(run && (b.lead_topics || b.lead_idea > 0.0)),
                if run { b.lead_admin } else { 0.0 },
                flag(run && longest[c.block] <= (1.0 + SHORT_ELEMENT_WORDS).ln()),
            ];
            values
        })
        .collect()
}

/// What the heading, label and lead-in of a block say, read once per block.
#[derive(Debug, Clone, Copy, Default)]
struct BlockContext {
    label_topics: bool,
    label_unwanted: bool,
    context_admin: f64,
    context_idea: f64,
    lead: bool,
    lead_topics: bool,
    lead_colon: bool,
    lead_admin: f64,
    lead_idea: f64,
}

impl BlockContext {
    fn of(c: &Candidate, headings: &[super::candidates::HeadingInfo]) -> BlockContext {
        let label = c.label.as_deref().map(fold).unwrap_or_default();
        let lead = fold(&c.lead_in);
        let context = format!("{} {label}", c.heading.map(|h| fold(&headings[h].text)).unwrap_or_default());
        BlockContext {
            label_topics: cues::names_topics(&label),
            label_unwanted: cues::is_unwanted_label(&label),
            context_admin: ADMIN.count(&context),
            context_idea: IDEA.count(&context),
            lead: !lead.is_empty(),
            lead_topics: cues::names_topics(&lead),
            lead_colon: lead.trim_end().ends_with(':'),
            lead_admin: ADMIN.count(&lead),
            lead_idea: IDEA.count(&lead),
        }
    }
}

/// What a heading says of the candidates under it.
struct HeadingCues {
    topics: bool,
    organising: bool,
    page_part: bool,
    question: bool,
    call: bool,
    unwanted: bool,
    dateline: bool,
}

impl HeadingCues {
    fn of(text: &str) -> HeadingCues {
        HeadingCues {
            topics: cues::names_topics(text) || fold(text).contains("to see"),
            organising: cues::is_organising(text) || cues::is_catch_all(text),
            page_part: cues::is_page_part(text),
            question: text.trim_end().ends_with('?'),
            call: cues::is_call(text),
            unwanted: cues::is_unwanted_label(text),
            dateline: cues::is_dateline(text),
        }
    }
}

fn own(c: &Candidate, folded: &str) -> Own {
    let t = c.text.trim();
    let phrases = cues::Folded::of(t);
    let words = t.split_whitespace().count();
    let first = folded.split(|ch: char| !ch.is_alphanumeric() && ch != '\'').find(|w| !w.is_empty()).unwrap_or("");
    let capitalised = {
        let (mut alphabetic, mut upper) = (0usize, 0usize);
        for first in t.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()) {
            alphabetic += 1;
            upper += usize::from(first.is_uppercase());
        }
        if alphabetic == 0 { 0.0 } else { upper as f64 / alphabetic as f64 }
    };
    Own {
        words: (1.0 + words as f64).ln(),
        date: cues::is_date(t),
        question: t.ends_with('?'),
        sentence: (t.ends_with('.') || t.ends_with('!')) && words > 6,
        links: c.link_share >= 0.6,
        address: t.contains('@')
            || folded.contains("http://")
            || folded.contains("https://")
            || folded.contains("www."),
        starts_lower: t.chars().next().is_some_and(char::is_lowercase),
        colon: t.trim_end_matches(':').contains(':'),
        imperative: cues::has(&CUES.imperative, first),
        admin: ADMIN.count(folded),
        idea: IDEA.count(folded),
        capitalised,
        process: cues::has_process_word(folded),
        catch_all: phrases.catch_all(),
        names_topics: phrases.names_topics(),
        organising: phrases.organising(),
        page_part: phrases.page_part(),
        unwanted: phrases.unwanted_label(),
    }
}

/// The scorer's verdict on one post.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Per candidate: the model's probability.
    pub probability: Vec<f64>,
    /// Per candidate: the probability smoothed toward its block's mean, which is compared to
    /// the threshold.
    pub score: Vec<f64>,
    /// Per candidate: kept as an idea.
    pub kept: Vec<bool>,
    /// The model kept nothing and the fallback kept the best block.
    pub fallback: bool,
}

/// Score every candidate of a page with `model` (features from [`features`]).
pub fn decide(page: &Page, features: &[Features], model: &Model) -> Decision {
    let probability: Vec<f64> = features.iter().map(|f| model.probability(f)).collect();
    let mut sums = vec![0.0; page.block_sizes.len()];
    for (c, p) in page.candidates.iter().zip(&probability) {
        sums[c.block] += p;
    }
    let mean = |b: usize| sums[b] / page.block_sizes[b].max(1) as f64;
    let score: Vec<f64> = page
        .candidates
        .iter()
        .zip(&probability)
        .map(|(c, p)| (1.0 - BLOCK_WEIGHT) * p + BLOCK_WEIGHT * mean(c.block))
        .collect();
    // Two texts are never ideas, whatever their list: "and more", "etc." and the like stand
    // for everything else, and a label that announces unwanted talks names them. Each is one
    // candidate: this can never empty a list or a post.
    let mut kept: Vec<bool> = score
        .iter()
        .zip(&page.candidates)
        .map(|(s, c)| *s >= model.threshold && !cues::is_catch_all(&c.text) && !cues::is_unwanted_label(&c.text))
        .collect();
    let mut fallback = false;
    if !kept.iter().any(|k| *k) {
        // The best block among those the post's structure gives (lists, headings, runs),
        // first in the post on a tie.
        let best = page.candidates.iter().filter(|c| c.kind.is_structural()).map(|c| c.block).fold(
            None::<usize>,
            |best, b| match best {
                Some(a) if mean(a) >= mean(b) => Some(a),
                _ => Some(b),
            },
        );
        if let Some(b) = best
            && mean(b) >= FALLBACK_FLOOR
        {
            for (k, c) in kept.iter_mut().zip(&page.candidates) {
                *k = c.block == b;
            }
            fallback = true;
        }
    }
    Decision { probability, score, kept, fallback }
}

/// The ideas of a page under `model` (its `features` from [`features`]): its kept candidates
/// as drafts, and whether the fallback kept them.
pub fn ideas(page: &Page, features: &[Features], model: &Model) -> (Vec<Draft>, bool) {
    let decision = decide(page, features, model);
    let confidence = if decision.fallback { Confidence::Low } else { Confidence::High };
    (page.drafts(&decision.kept, confidence), decision.fallback)
}

/// One labelled candidate for training.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Its features.
    pub features: Features,
    /// True for an idea.
    pub idea: bool,
}

/// Fit a model to labelled candidates. Posts contribute in proportion to their candidates.
pub fn train(samples: &[&Sample]) -> Result<Model, String> {
    train_from(samples, None)
}

/// Fit a model to labelled candidates, the solver starting from `start` (a model fitted on
/// nearly the same candidates) instead of from zero: the same optimum within the solver's
/// tolerance, reached in a fraction of the steps.
pub fn train_from(samples: &[&Sample], start: Option<&Model>) -> Result<Model, String> {
    let start = start.map(|m| fit::Fitted { weights: m.weights.clone(), intercept: m.intercept });
    let fitted = fit::logistic(samples.iter().map(|s| (&s.features[..], s.idea)), ALPHA, start.as_ref())?;
    Ok(Model { intercept: fitted.intercept, weights: fitted.weights, threshold: THRESHOLD })
}

/// A model's weights by name, for a person to read.
pub fn weights_by_name(model: &Model) -> BTreeMap<&'static str, f64> {
    FEATURES.iter().copied().zip(model.weights.iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{candidates, markdown};

    fn page(md: &str) -> Page {
        let (title, blocks) = markdown::read(md);
        candidates::read(blocks, title.as_deref())
    }

    fn value(f: &Features, name: &str) -> f64 {
        f[FEATURES.iter().position(|n| *n == name).expect("a feature")]
    }

    #[test]
    fn every_feature_has_one_name() {
        let mut names = FEATURES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N);
    }

    #[test]
    fn the_builtin_model_reads_and_round_trips() {
        let model = Model::parse(DEFAULT_MODEL).expect("seeds/extraction-model.csv is a model of this version");
        assert_eq!(Model::parse(&model.to_csv()).unwrap(), model);
        assert!(Model::parse("feature,weight\nno_such_feature,1\n").unwrap_err().contains("unknown feature"));
    }

    #[test]
    fn dates_and_topics_look_different() {
        let p = page(
            "## Important dates\n\n- March 1: CFP opens\n- April 15, 2030: notifications\n\n## Topics\n\n- Caching\n- Typing in practice\n",
        );
        let f = features(&p);
        let at = |t: &str| p.candidates.iter().position(|c| c.text == t).unwrap();
        assert_eq!((value(&f[at("March 1: CFP opens")], "date"), value(&f[at("Caching")], "date")), (1.0, 0.0));
        assert_eq!(value(&f[at("Caching")], "block_dates"), 0.0);
        assert_eq!(value(&f[at("March 1: CFP opens")], "block_dates"), 1.0);
        assert_eq!(value(&f[at("Caching")], "context_topics"), 1.0);
        assert!(value(&f[at("March 1: CFP opens")], "context_admin_words") > 0.0);
    }

    #[test]
    fn a_trained_model_learns_the_shape() {
        let mut samples = Vec::new();
        for post in 0..4 {
            let md = format!(
                "## Important dates\n\n- March {post}: CFP opens\n- April 15: notifications are sent to speakers.\n\n## Topics\n\n- Caching\n- Typing in practice\n"
            );
            let p = page(&md);
            for (c, f) in p.candidates.iter().zip(features(&p)) {
                samples.push(Sample {
                    features: f,
                    idea: c.heading.is_some_and(|h| p.headings[h].text == "Topics") && !c.kind.is_heading(),
                });
            }
        }
        let refs: Vec<&Sample> = samples.iter().collect();
        let model = train(&refs).unwrap();
        let unseen = page("## Key dates\n\n- May 3: talks announced\n\n## Ideas\n\n- Search\n");
        let (drafts, fallback) = ideas(&unseen, &features(&unseen), &model);
        assert_eq!(drafts.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), ["Search"]);
        assert!(!fallback);
    }

    #[test]
    fn a_post_whose_candidates_all_score_low_keeps_its_best_block_marked_low() {
        // A model that rejects everything, a little less so for lists.
        let mut model = Model { intercept: -3.0, weights: vec![0.0; N], threshold: 0.5 };
        model.weights[FEATURES.iter().position(|n| *n == "kind:entry").unwrap()] = 1.5 / KIND_SCALE;
        let p = page("Some words here.\n\n## Things\n\n- Caching\n- Typing\n");
        let (drafts, fallback) = ideas(&p, &features(&p), &model);
        assert!(fallback);
        assert_eq!(drafts.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), ["Caching", "Typing"]);
        assert!(drafts.iter().all(|d| d.confidence == Confidence::Low));
        // Nothing idea-like at all: the post may end empty.
        model.intercept = -8.0;
        let (drafts, fallback) = ideas(&p, &features(&p), &model);
        assert!(drafts.is_empty() && !fallback);
    }
}
