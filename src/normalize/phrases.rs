//! Find known phrases (aliases, theme keywords) in a term sequence.
//!
//! Phrases go through the same folding and stemming as the text, so "Django REST Framework",
//! "django-rest-framework" and "Django Rest Frameworks" all match one alias.

use foldhash::{HashMap, HashMapExt};

use super::text::terms;

/// A set of phrases, each carrying a value (a concept or a theme).
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    phrases: Vec<(Vec<String>, T)>,
    by_first: HashMap<String, Vec<usize>>,
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
        let mut out = Phrases { phrases: Vec::new(), by_first: HashMap::new() };
        for (phrase, value) in phrases {
            let t = terms(phrase);
            let Some(first) = t.first() else { continue };
            let known = out
                .by_first
                .get(first)
                .into_iter()
                .flatten()
                .any(|&p| out.phrases[p].0 == t && out.phrases[p].1 == value);
            if !known {
                out.by_first.entry(first.clone()).or_default().push(out.phrases.len());
                out.phrases.push((t, value));
            }
        }
        out
    }

    /// Every occurrence of every phrase in `text_terms`, in text order.
    pub fn find<'a>(&'a self, text_terms: &[String]) -> Vec<Match<'a, T>> {
        let mut found = Vec::new();
        for (start, term) in text_terms.iter().enumerate() {
            for &p in self.by_first.get(term).into_iter().flatten() {
                let (phrase, value) = &self.phrases[p];
                if text_terms[start..].starts_with(phrase) {
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

    #[test]
    fn phrases_that_fold_alike_are_indexed_once_per_value() {
        let p = Phrases::new([("migration", 1), ("migrations", 1), ("migrations", 2)]);
        let found: Vec<_> = p.find(&terms("Migrations")).iter().map(|m| *m.value).collect();
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn finds_folded_and_stemmed_phrases_in_order() {
        let p = Phrases::new([("Django REST Framework", 1), ("DRF", 1), ("testing", 2), ("the", 3)]);
        let t = terms("Tests for django-rest-frameworks and DRF");
        let found: Vec<_> = p.find(&t).iter().map(|m| (*m.value, m.start, m.len)).collect();
        assert_eq!(found, [(2, 0, 1), (1, 1, 3), (1, 4, 1)]);
    }
}
