//! What `explain TEXT` shows: how the build reads one text, with the seed matchers built once.

use super::*;
/// How the build reads one text: what `explain TEXT` shows.
#[derive(Debug, Clone, Default)]
pub struct TextReading {
    /// Its terms, through the vocabulary.
    pub terms: Vec<String>,
    /// Every curated alias it matches, as `(concept label, alias)`, in text order.
    pub aliases: Vec<(String, String)>,
    /// The head topics it names (section 3b of docs/normalization.md): what another idea must
    /// share, key for key, to be one topic by its wording.
    pub topics: Vec<Topic>,
    /// The theme its own words point to: `None` when nothing matches, or when the text is only
    /// facet words (then its section, parent or list decides).
    pub theme: Option<String>,
    /// Every keyword and alias match behind that theme.
    pub evidence: Vec<ThemeEvidence>,
}

/// Read `text` as the build reads an idea, with the seed matchers built once.
pub fn read_text(seeds: &Seeds, text: &str) -> TextReading {
    let m = Matchers::new(seeds);
    let reading = m.vocabulary.read(text);
    let names = seeds.concepts.iter().flat_map(|c| c.aliases.iter().map(move |a| (a.as_str(), (&c.label, a))));
    let names = Phrases::read_with(names, true, |p| m.vocabulary.terms(p));
    let mut aliases: Vec<(String, String)> = names
        .find_in(&reading.terms, Some(&reading.classes))
        .into_iter()
        .map(|found| (found.value.0.clone(), found.value.1.clone()))
        .collect();
    aliases.dedup();
    let topics = topics::topics(text, &reading, &m.vocabulary);
    let (mut scores, mut evidence) = (vec![0.0; seeds.themes.len()], Vec::new());
    if !reading.only_facets() {
        m.own_words(text, &reading, &mut scores, Some(&mut evidence), &[]);
    }
    let theme = best(&scores).map(|t| seeds.themes[t].id.clone());
    TextReading { terms: reading.terms, aliases, topics, theme, evidence }
}

/// One match that counted toward an idea's theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeEvidence {
    /// The theme it counts for.
    pub theme: String,
    /// `keyword` or `alias`.
    pub kind: &'static str,
    /// The keyword's terms as read, or the alias's concept.
    pub matched: String,
    /// What it added.
    pub weight: f64,
}
