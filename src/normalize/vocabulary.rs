//! The field's vocabulary (`seeds/vocabulary.csv`): every name of a term is read as the term
//! ("K8s" as "Kubernetes", "CI" as "continuous integration"), and facet words ("intro",
//! "tips", "case study") are marked, since they name the kind of talk, not its subject.

use super::phrases::Phrases;
use crate::seeds::{Term, TermKind};
use crate::text::terms_with_derivations;

/// A text read through the vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Terms, names replaced by their term's.
    pub terms: Vec<String>,
    /// Derivation class of each term ([`crate::text::derivation`]).
    pub classes: Vec<u8>,
    /// Whether each term belongs to a facet word.
    pub facet: Vec<bool>,
    /// For each term that is a language or a framework, its kind: what a community may be
    /// built around.
    pub platform: Vec<Option<TermKind>>,
    /// How many words of the text each term stands for: "machine learning" is two words read
    /// as one term, "ML" one. A keyword match weighs what was written, so an acronym is no
    /// more specific than the word it abbreviates.
    pub written: Vec<u8>,
}

impl Reading {
    /// True for a text of facet words only ("For beginners"): it names a kind of talk, no subject.
    pub fn only_facets(&self) -> bool {
        !self.facet.is_empty() && self.facet.iter().all(|f| *f)
    }
}

/// The vocabulary, indexed once per build.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Every name (the term's own included) to its row.
    names: Phrases<usize>,
    /// Each row's term (one term, words joined by `_`), its derivation class, its kind.
    rows: Vec<(String, u8, TermKind)>,
}

impl Vocabulary {
    /// Index the rows of `vocabulary.csv`.
    pub fn new(terms: &[Term]) -> Self {
        // A term of several words is one word to everything downstream: "machine learning"
        // is not "learning", and "performance" inside "load testing" names nothing.
        let rows: Vec<(String, u8, TermKind)> = terms
            .iter()
            .map(|t| {
                let (terms, classes) = terms_with_derivations(&t.term);
                match terms.as_slice() {
                    [one] => (one.clone(), classes[0], t.kind),
                    _ => (terms.join("_"), 0, t.kind),
                }
            })
            .collect();
        let names = Phrases::exact(terms.iter().enumerate().flat_map(|(i, t)| {
            std::iter::once(t.term.as_str()).chain(t.synonyms.iter().map(String::as_str)).map(move |n| (n, i))
        }));
        Vocabulary { names, rows }
    }

    /// Read a text: its terms, each name of a term replaced by the term (longest name first,
    /// left to right), with facet words marked. A facet row's own term is one of its names, so
    /// every facet word is found here.
    pub fn read(&self, text: &str) -> Reading {
        let (terms, classes) = terms_with_derivations(text);
        let found = self.names.find_in(&terms, Some(&classes));
        if found.is_empty() {
            let facet = vec![false; terms.len()];
            let written = vec![1; terms.len()];
            let platform = vec![None; terms.len()];
            return Reading { terms, classes, facet, written, platform };
        }
        let mut out = Reading::default();
        let mut words = terms.into_iter().zip(classes).enumerate();
        while let Some((at, (term, class))) = words.next() {
            match found.iter().filter(|m| m.start == at).max_by_key(|m| m.len) {
                Some(m) => {
                    let (term, class, kind) = &self.rows[*m.value];
                    out.terms.push(term.clone());
                    out.classes.push(*class);
                    out.facet.push(*kind == TermKind::Facet);
                    out.platform.push(kind.own_theme().map(|_| *kind));
                    out.written.push(u8::try_from(m.len).unwrap_or(u8::MAX));
                    // The name's other words are read as part of it.
                    for _ in 1..m.len {
                        words.next();
                    }
                }
                None => {
                    out.terms.push(term);
                    out.classes.push(class);
                    out.facet.push(false);
                    out.platform.push(None);
                    out.written.push(1);
                }
            }
        }
        out
    }

    /// [`Vocabulary::read`] without the facet marks: what phrase indexes need.
    pub fn terms(&self, text: &str) -> (Vec<String>, Vec<u8>) {
        let r = self.read(text);
        (r.terms, r.classes)
    }
}

/// A term with its derivation class, when it has one: `manag~1` is "management", `manag`
/// "managing". Topic keys compare words this way.
pub fn marked(term: &str, class: u8) -> String {
    if class == 0 { term.to_string() } else { format!("{term}~{class}") }
}

/// The stem of a [`marked`] term.
pub fn unmarked(term: &str) -> &str {
    term.split_once('~').map_or(term, |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let row = Term::new;
        Vocabulary::new(&[
            row("kubernetes", TermKind::Topic, &["k8s"]),
            row("continuous integration", TermKind::Topic, &["ci", "ci/cd"]),
            row("introduction", TermKind::Facet, &["intro", "gentle introduction"]),
            row("case study", TermKind::Facet, &[]),
        ])
    }

    #[test]
    fn names_are_read_as_their_term() {
        let v = vocabulary();
        assert_eq!(v.read("K8s for Django").terms, v.read("Kubernetes for Django").terms);
        assert_eq!(v.read("CI/CD pipelines").terms, ["continu_integr", "pipelin"]);
        assert_eq!(v.read("Continuous integration").terms, ["continu_integr"]);
    }

    #[test]
    fn facet_words_are_marked() {
        let v = vocabulary();
        let r = v.read("An intro to Django Unicorn");
        assert_eq!(r.terms, ["introduct", "django", "unicorn"]);
        assert_eq!(r.facet, [true, false, false]);
        let r = v.read("A case study of caching");
        assert_eq!(r.terms, ["case_studi", "cach"]);
        assert_eq!(r.facet, [true, false]);
    }
}
