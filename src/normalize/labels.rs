//! One concept per label in a build.
//!
//! Two concepts with one label read as one topic in every table ("Community building" both new
//! and dropped in a diff), so a rule that would make a second concept of a label joins the
//! first instead: the same words name the same topic. Only a concept no rule chose (an idea
//! left on its own, or one an override creates) takes a qualified label when its words are
//! taken. A concept emptied into another (its only idea joined a topic) keeps pointing there,
//! so an override that names it reaches the ideas it had.

use foldhash::HashMap;

use crate::text;

/// The labels given so far, by what they say, and where emptied concepts went.
#[derive(Debug, Default)]
pub(super) struct Labels {
    by_label: HashMap<String, usize>,
    moved: HashMap<usize, usize>,
}

impl Labels {
    /// The concept that has this label (compared by [`text::label_key`]), wherever it went since.
    pub fn find(&self, label: &str) -> Option<usize> {
        self.by_label.get(&text::label_key(label)).map(|&c| self.resolve(c))
    }

    /// Where a concept's ideas are now: itself, or the concept it was emptied into.
    pub fn resolve(&self, mut concept: usize) -> usize {
        // Each move points to a concept made earlier or to a live one, so this ends; the bound
        // is a guard, not a limit anyone reaches.
        for _ in 0..self.moved.len() {
            match self.moved.get(&concept) {
                Some(&next) if next != concept => concept = next,
                _ => break,
            }
        }
        concept
    }

    /// Record `label` as `concept`'s (the first concept of a label keeps it).
    pub fn register(&mut self, label: &str, concept: usize) {
        self.by_label.entry(text::label_key(label)).or_insert(concept);
    }

    /// `from`'s ideas now belong to `into`.
    pub fn moved(&mut self, from: usize, into: usize) {
        if from != into {
            self.moved.insert(from, into);
        }
    }

    /// `label`, or when another concept has it, the label qualified by `qualifier` (and then
    /// numbered), so that no two concepts of a build share a label.
    pub fn unique(&self, label: &str, qualifier: &str) -> String {
        if !self.by_label.contains_key(&text::label_key(label)) {
            return label.to_string();
        }
        let qualified = format!("{label} ({qualifier})");
        if !self.by_label.contains_key(&text::label_key(&qualified)) {
            return qualified;
        }
        (2..)
            .map(|n| format!("{label} ({qualifier} {n})"))
            .find(|l| !self.by_label.contains_key(&text::label_key(l)))
            .expect("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_found_folded_and_follows_where_its_concept_went() {
        let mut labels = Labels::default();
        labels.register("Community building", 0);
        labels.register("Marketing", 1);
        labels.register("marketing", 2);
        labels.register("Managers", 5);
        assert_eq!(labels.find("COMMUNITY BUILDING"), Some(0));
        assert_eq!(labels.find("Community buildings"), Some(0), "one word, two inflections");
        assert_eq!(labels.find("Management"), None, "derivations are other words");
        assert_eq!(labels.find("Django 5.2"), None);
        assert_eq!(labels.find("Marketing"), Some(1), "the first concept of a label keeps it");
        labels.moved(1, 3);
        labels.moved(3, 4);
        assert_eq!(labels.find("marketing"), Some(4));
        assert_eq!(labels.resolve(2), 2);
    }

    #[test]
    fn a_taken_label_is_qualified_then_numbered() {
        let mut labels = Labels::default();
        assert_eq!(labels.unique("Design", "architecture"), "Design");
        labels.register("Design", 0);
        assert_eq!(labels.unique("design", "architecture"), "design (architecture)");
        labels.register("Design (architecture)", 1);
        assert_eq!(labels.unique("Design", "architecture"), "Design (architecture 2)");
    }
}
