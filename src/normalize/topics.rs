//! The subject an idea names, not only its words.
//!
//! Ideas are written as a head topic with qualifiers ("Security (OWASP Top 10)", "Personal
//! growth: how the community helped me", "Caching - Redis, per-view"), as enumerations of
//! topics ("HTMX/Alpine/Tailwind", "Docker and Kubernetes"), or as a bare topic ("Caching").
//! Two ideas whose head topics are the same are about the same thing whatever their
//! qualifiers say; the qualifiers' words would keep a word-overlap measure from seeing it.
//!
//! A topic's key is its terms read through the vocabulary (so "K8s" is "Kubernetes"),
//! without facet words ("intro to", "tips", "best practices"), with derivations kept apart
//! ("management" is not "managing").

use super::vocabulary::{Reading, Vocabulary, marked};

/// Where a head ends: a qualifier, an example list, a question or a second sentence.
const CUTS: &[&str] = &[
    "(",
    "[",
    ":",
    " - ",
    " – ",
    " — ",
    "?",
    "!",
    ";",
    ". ",
    " e.g",
    " i.e",
    " such as ",
    " like ",
    " including ",
    " via ",
];

/// What separates the topics of an enumeration.
const SEPARATORS: &[&str] = &["/", ",", " & ", " and ", " or ", " vs. ", " vs ", " versus ", " + "];

/// An enumeration's parts are names, not clauses: at most this many words each.
const MAX_PART_WORDS: usize = 3;

/// One topic an idea names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Its terms, [`marked`] with their derivation, sorted and distinct.
    pub key: Vec<String>,
    /// Its words as written, for a concept's label.
    pub label: String,
}

/// Where a head's subject ends and its setting begins: "Using Pandas with Django",
/// "Career development in FLOSS", "Licensing issues for developers". Cut only when the words before name a subject: "What's new
/// in Django 4" is about Django 4, not about what is new.
const CONTEXTS: &[&str] = &[" with ", " in ", " to ", " for "];

/// What introduces examples of a subject.
const EXAMPLES: &[&str] = &[" e.g", "(e.g", "for example", "for instance", " such as ", " including "];

/// Where the examples of an idea begin, if it gives any (after a subject: not at the start).
pub fn examples_at(text: &str) -> Option<usize> {
    EXAMPLES.iter().filter_map(|e| find_folded(text, e).find(|&at| at > 0)).min()
}

/// The head of an idea: the text before its first qualifier.
pub fn head(text: &str) -> &str {
    let cut = CUTS.iter().filter_map(|c| text.find(c)).filter(|&at| at > 0).min().unwrap_or(text.len());
    text[..cut].trim()
}

/// Where `needle` (lower-case ASCII) occurs in `text`, ignoring ASCII case, in order.
fn find_folded(text: &str, needle: &str) -> impl Iterator<Item = usize> {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    // The needle is ASCII, so a match starts and ends on character boundaries.
    (0..(hay.len() + 1).saturating_sub(needle.len()))
        .filter(move |&at| hay[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

/// The parts of a head that enumerates short names; the head itself otherwise.
pub fn parts(head: &str) -> Vec<&str> {
    let mut parts = vec![head];
    for sep in SEPARATORS {
        parts = parts.into_iter().flat_map(|p| split_folded(p, sep)).collect();
    }
    let parts: Vec<&str> = parts.into_iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    let names = parts.len() >= 2 && parts.iter().all(|p| p.split_whitespace().count() <= MAX_PART_WORDS);
    if names { parts } else { vec![head] }
}

/// An enumeration's topics as names. In a list of three or more, a one-word part before a
/// last part of several words may share its last word, or not: "Django, Python and web dev
/// communities" names Python communities, "Javascript, JS or Node frameworks" names
/// JavaScript; both readings are kept. A pair is left alone: "Django and Distributed System
/// Design" is not about Django design.
pub fn names(head: &str) -> Vec<String> {
    let parts = parts(head);
    let last = parts.last().copied().unwrap_or_default();
    let shared = match last.rsplit_once(' ') {
        Some((_, word)) if parts.len() >= 3 => Some(word),
        _ => None,
    };
    let mut out: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    if let Some(word) = shared {
        out.extend(parts.iter().filter(|p| !p.contains(' ') && **p != last).map(|p| format!("{p} {word}")));
    }
    out
}

/// Split on `sep`, ignoring ASCII case ("Django AND Python").
fn split_folded<'a>(text: &'a str, sep: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut from = 0;
    // Matches that overlap one already taken are skipped, as `str::split` would.
    for at in find_folded(text, sep) {
        if at >= from {
            out.push(&text[from..at]);
            from = at + sep.len();
        }
    }
    out.push(&text[from..]);
    out
}

/// The topics of an idea: its head, or each name its head enumerates. Parts left with no
/// subject word (only facets, versions or stop words) name no topic. `whole` is the text's
/// own reading, used as it is when the head is the whole text (most ideas have no qualifier).
pub fn topics(text: &str, whole: &Reading, vocabulary: &Vocabulary) -> Vec<Topic> {
    let head = head(text);
    // "Want to talk about X", "Stories about X", "Learning more about X": what the idea is about
    // is X, whatever the words that lead to it.
    if let Some(at) = find_folded(head, LEAD).find(|&at| at > 0) {
        let about = head[at + LEAD.len()..].trim();
        let found = subject(about, None, vocabulary);
        if !found.is_empty() {
            return found;
        }
    }
    let is_whole = head.len() == text.trim().len();
    let found = subject(head, is_whole.then_some(whole), vocabulary);
    if found.is_empty() && !is_whole {
        // "Related: the Django admin", "Intro - Channels": a head of signpost or facet words
        // before a colon or a dash leads to the subject; any other qualifier stays one.
        let start = text.len() - text.trim_start().len() + head.len();
        let rest = text[start..].trim_start();
        if let Some(rest) = LEADS_ON.iter().find_map(|mark| rest.strip_prefix(mark)) {
            let rest = rest.trim();
            return topics(rest, &vocabulary.read(rest), vocabulary);
        }
    }
    found
}

/// What follows a head that names no subject and introduces one.
const LEADS_ON: &[&str] = &[":", "-", "–", "—"];

/// What leads to an idea's subject.
const LEAD: &str = " about ";

/// The topics of a head: its subject before its setting, or the whole head.
fn subject(head: &str, whole: Option<&Reading>, vocabulary: &Vocabulary) -> Vec<Topic> {
    let mut cuts: Vec<usize> = CONTEXTS.iter().flat_map(|c| find_folded(head, c)).filter(|&at| at > 0).collect();
    cuts.sort_unstable();
    for at in cuts {
        let found = topics_of(head[..at].trim(), None, vocabulary);
        if !found.is_empty() {
            return found;
        }
    }
    topics_of(head, whole, vocabulary)
}

/// The topics of one head; `whole` is its reading when the caller has it.
fn topics_of(head: &str, whole: Option<&Reading>, vocabulary: &Vocabulary) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for part in names(head) {
        let part = part.as_str();
        let own;
        let reading = match whole {
            Some(whole) if part.len() == head.len() => whole,
            _ => {
                own = vocabulary.read(part);
                &own
            }
        };
        let key = key_of(reading);
        if !key.is_empty() && !out.iter().any(|t| t.key == key) {
            let label = part.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            out.push(Topic { key, label });
        }
    }
    out
}

/// A reading's subject terms: no facets, versions or years, [`marked`], sorted and distinct.
fn key_of(reading: &Reading) -> Vec<String> {
    let mut key: Vec<String> = reading
        .terms
        .iter()
        .zip(&reading.classes)
        .zip(&reading.facet)
        .filter(|((t, _), facet)| !**facet && !crate::text::is_mask(t))
        .map(|((t, &c), _)| marked(t, c))
        .collect();
    key.sort();
    key.dedup();
    key
}

/// Longer topics are left as written: trimming reads the text once per word removed.
const MAX_NAMING_WORDS: usize = 12;

/// The fewest words of a topic, as written, that still name it: a concept named after one
/// idea's topic must describe every idea of that topic, so what the idea adds around it goes
/// ("What's new in Python 3.11" names Python; "An intro to Django Unicorn", Django Unicorn).
pub fn naming(topic: &str, vocabulary: &Vocabulary) -> String {
    let words: Vec<&str> = topic.split_whitespace().collect();
    let key = key_of(&vocabulary.read(topic));
    let (mut from, mut to) = (0, words.len());
    if !key.is_empty() && words.len() <= MAX_NAMING_WORDS {
        // The shortest span that reads as the same key, the earliest of equals.
        let names = |from: usize, to: usize| key_of(&vocabulary.read(&words[from..to].join(" "))) == key;
        if let Some(span) = (1..words.len())
            .find_map(|len| (0..=words.len() - len).find(|&at| names(at, at + len)).map(|at| (at, at + len)))
        {
            (from, to) = span;
        }
    }
    let named = words[from..to].join(" ");
    let named = named.trim_matches(|c: char| !c.is_alphanumeric());
    let mut chars = named.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => named.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::{Term, TermKind};

    fn vocabulary() -> Vocabulary {
        let row = Term::new;
        Vocabulary::new(&[
            row("internet of things", TermKind::Topic, &["iot"]),
            row("introduction", TermKind::Facet, &["intro"]),
            row("best practices", TermKind::Facet, &[]),
            row("development", TermKind::Facet, &[]),
            row("using", TermKind::Facet, &[]),
            row("new", TermKind::Facet, &["what's new"]),
        ])
    }

    fn keys(text: &str) -> Vec<Vec<String>> {
        let v = vocabulary();
        topics(text, &v.read(text), &v).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn a_head_of_signpost_or_facet_words_leads_to_the_subject_after_its_colon() {
        assert_eq!(keys("Intro: Django Channels"), keys("Django Channels"));
        assert_eq!(keys("Best practices - caching"), keys("Caching"));
        assert!(keys("Best practices (for example caching)").is_empty(), "examples are not the subject");
        assert!(keys("What's new?").is_empty());
    }

    #[test]
    fn a_topic_is_named_by_the_fewest_words_that_still_name_it() {
        let v = vocabulary();
        assert_eq!(naming("What's new in Python 3.11", &v), "Python");
        assert_eq!(naming("An intro to Django Unicorn", &v), "Django Unicorn");
        assert_eq!(naming("internet of things best practices", &v), "Internet of things");
        assert_eq!(naming("Caching", &v), "Caching");
        assert_eq!(naming("What's new", &v), "What's new", "a topic of facets only is left as written");
    }

    #[test]
    fn the_head_is_the_text_before_its_qualifiers() {
        assert_eq!(head("Security (OWASP Top 10 and Django)"), "Security");
        assert_eq!(head("Personal growth: how the community helped me"), "Personal growth");
        assert_eq!(head("Network Programming - Socket programming"), "Network Programming");
        assert_eq!(head("Caching"), "Caching");
        assert_eq!(head("(Español) list"), "(Español) list", "a text that starts with a cut keeps it");
    }

    #[test]
    fn enumerations_of_names_are_split_and_clauses_are_not() {
        assert_eq!(parts("HTMX/Alpine/Tailwind"), ["HTMX", "Alpine", "Tailwind"]);
        assert_eq!(parts("Docker and Kubernetes"), ["Docker", "Kubernetes"]);
        assert_eq!(
            parts("Hardware, Embedded Linux, Internet of Things"),
            ["Hardware", "Embedded Linux", "Internet of Things"]
        );
        assert_eq!(
            parts("How to contribute to Django and third party projects"),
            ["How to contribute to Django and third party projects"]
        );
    }

    #[test]
    fn same_head_same_key_whatever_the_qualifiers_and_facets() {
        assert_eq!(keys("Caching"), keys("Caching (Redis, Valkey, per-view)"));
        assert_eq!(keys("An intro to Django Unicorn"), keys("Django Unicorn"));
        assert_eq!(keys("Django Testing best practices"), keys("Django testing"));
        assert_ne!(keys("Django Testing best practices"), keys("Django Deployment best practices"));
        assert!(keys("Embedded software & IOT").contains(&keys("Internet of Things")[0]));
        assert_ne!(keys("Management"), keys("Managing"), "derivations are different words");
        assert!(keys("Best practices").is_empty(), "a facet alone names no subject");
    }

    #[test]
    fn a_subject_is_read_before_its_setting() {
        assert_eq!(keys("Using Pandas with Django"), keys("Pandas"));
        assert_eq!(keys("Career development in open source"), keys("Career development"));
        assert_eq!(keys("How to contribute to Django"), keys("Contributing to the Rust compiler"));
        assert_eq!(keys("What's new in Django 4"), keys("Django"), "nothing but facets before the cut: read on");
        assert_ne!(keys("What's new in Django 4"), keys("What's new in Wagtail"));
        assert_eq!(keys("Testing with pytest"), keys("Testing"));
        // Its audience or purpose is a setting too.
        assert_eq!(
            keys("Licensing and policy issues for users and/or developers"),
            keys("Licensing and policy issues")
        );
        assert!(keys("Licensing and policy issues for users").contains(&keys("Licensing")[0]));
    }

    #[test]
    fn what_an_idea_is_about_follows_its_lead_in() {
        assert_eq!(keys("Want to talk about Django Unicorn?"), keys("Django Unicorn"));
        assert_eq!(keys("Stories about the Internet of Things"), keys("IoT"));
        assert_eq!(keys("What tools I haven't heard about"), keys("What tools I haven't heard"), "nothing after it");
    }

    #[test]
    fn words_before_a_shared_last_word_name_one_topic_each() {
        assert_eq!(
            names("Testing, typing and linting tools"),
            ["Testing", "typing", "linting tools", "Testing tools", "typing tools"]
        );
        assert_eq!(names("Django and Distributed System Design"), ["Django", "Distributed System Design"]);
        let both = keys("The Django, Python and web dev communities");
        assert!(both.contains(&keys("Python communities")[0]), "{both:?}");
        assert!(both.contains(&keys("Python")[0]), "the one-word part alone is kept too: {both:?}");
        assert_eq!(names("Docker and Kubernetes"), ["Docker", "Kubernetes"], "no shared word");
    }
}
