//! Find known phrases (aliases, theme keywords) in a term sequence.
//!
//! Phrases go through the same folding and stemming as the text, so "Django REST Framework",
//! "django-rest-framework" and "Django Rest Frameworks" all match one alias.

use foldhash::{HashMap, HashMapExt};

use crate::text::terms_with_derivations;

/// A set of phrases, each carrying a value (a concept or a theme).
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    /// Terms, derivation classes of the words, value.
    phrases: Vec<(Vec<String>, Vec<u8>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    /// Whether words must also have the same derivation ([`Phrases::exact`]).
    exact: bool,
}

/// One phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'a, T> {
    /// The phrase's value.
    pub value: &'a T,
    /// Index of the first matched term.
    pub start: usize,
    /// How many terms matched: longer phrases are more specific.
    pub len: usize,
}

impl<T: PartialEq> Phrases<T> {
    /// Index the phrases; phrases made only of stop words are ignored, and so is a phrase that
    /// folds to the same terms as an earlier one with an equal value ("migration" and
    /// "migrations"), so that one word is never counted twice.
    pub fn new<'p>(phrases: impl IntoIterator<Item = (&'p str, T)>) -> Self {
        Self::build(phrases, false)
    }

    /// Like [`Phrases::new`], but a word matches only its inflections ("manager",
    /// "managers"), not its derivations ("management"): what concept aliases need, since one
    /// stem can name different topics ("productivity", "production").
    pub fn exact<'p>(phrases: impl IntoIterator<Item = (&'p str, T)>) -> Self {
        Self::build(phrases, true)
    }

    fn build<'p>(phrases: impl IntoIterator<Item = (&'p str, T)>, exact: bool) -> Self {
        Self::read_with(phrases, exact, terms_with_derivations)
    }

    /// Index phrases read by `read` (terms and derivation classes): the vocabulary reads
    /// aliases as it reads the text, so "k8s" in an alias meets "Kubernetes" in an idea.
    pub fn read_with<'p>(
        phrases: impl IntoIterator<Item = (&'p str, T)>,
        exact: bool,
        read: impl Fn(&str) -> (Vec<String>, Vec<u8>),
    ) -> Self {
        let mut out = Phrases { phrases: Vec::new(), by_first: HashMap::new(), exact };
        for (phrase, value) in phrases {
            let (t, classes) = read(phrase);
            let Some(first) = t.first() else { continue };
            let known = out.by_first.get(first).into_iter().flatten().any(|&p| {
                let (terms, c, v) = &out.phrases[p];
                *terms == t && (!exact || *c == classes) && *v == value
            });
            if !known {
                out.by_first.entry(first.clone()).or_default().push(out.phrases.len());
                out.phrases.push((t, classes, value));
            }
        }
        out
    }

    /// Every occurrence of every phrase in `text_terms`, in text order (derivations unchecked).
    pub fn find<'a>(&'a self, text_terms: &[String]) -> Vec<Match<'a, T>> {
        self.find_in(text_terms, None)
    }

    /// Every occurrence in a text's terms and their derivation classes
    /// ([`crate::text::terms_with_derivations`]); an [`Phrases::exact`] set checks them.
    pub fn find_in<'a>(&'a self, text_terms: &[String], classes: Option<&[u8]>) -> Vec<Match<'a, T>> {
        let mut found = Vec::new();
        for (start, term) in text_terms.iter().enumerate() {
            for &p in self.by_first.get(term).into_iter().flatten() {
                let (phrase, phrase_classes, value) = &self.phrases[p];
                let words_match = match classes {
                    Some(c) if self.exact => c.get(start..start + phrase.len()) == Some(phrase_classes.as_slice()),
                    _ => true,
                };
                if words_match && text_terms[start..].starts_with(phrase) {
                    found.push(Match { value, start, len: phrase.len() });
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::terms;

    #[test]
    fn phrases_that_fold_alike_are_indexed_once_per_value() {
        let p = Phrases::new([("migration", 1), ("migrations", 1), ("migrations", 2)]);
        let found: Vec<_> = p.find(&terms("Migrations")).iter().map(|m| *m.value).collect();
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn exact_phrases_match_inflections_but_not_derivations() {
        let p = Phrases::exact([("manager", 1), ("production", 2)]);
        let find = |text: &str| -> Vec<i32> {
            let (t, c) = terms_with_derivations(text);
            p.find_in(&t, Some(&c)).iter().map(|m| *m.value).collect()
        };
        assert_eq!(find("For new managers"), [1]);
        assert!(find("Network management").is_empty());
        assert!(find("Productivity hacks").is_empty());
        assert_eq!(find("Production-ready Django"), [2]);
    }

    #[test]
    fn finds_folded_and_stemmed_phrases_in_order() {
        let p = Phrases::new([("Django REST Framework", 1), ("DRF", 1), ("testing", 2), ("the", 3)]);
        let t = terms("Tests for django-rest-frameworks and DRF");
        let found: Vec<_> = p.find(&t).iter().map(|m| (*m.value, m.start, m.len)).collect();
        assert_eq!(found, [(2, 0, 1), (1, 1, 3), (1, 4, 1)]);
    }
}
