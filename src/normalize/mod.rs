//! Items to a taxonomy: a primary theme for every item, concepts shared across posts and
//! years, and the reason for every item-to-concept link.
//!
//! Curated aliases (`seeds/aliases.csv`) are matched first. Items no alias explains, and
//! near-duplicates of each other, are grouped automatically ([`group`]). Themes are scored from
//! the theme keywords (`seeds/themes.csv`) and the item's alias concepts, then fall back to the
//! item's section label, its parent, and its description.

pub mod group;
pub mod phrases;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::model::{Concept, Item, ItemConcept, Method};
use crate::seeds::Seeds;
use phrases::Phrases;

/// An item's primary theme and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTheme {
    /// Theme id.
    pub theme: String,
    /// `tag`, `keyword`, `section`, `parent`, `description` or `fallback`.
    pub method: &'static str,
}

/// The result of normalisation.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    /// One per item, in item order.
    pub item_themes: Vec<ItemTheme>,
    /// Every concept with at least one item, sorted by id.
    pub concepts: Vec<Concept>,
    /// Item-to-concept links in item order, then concept id.
    pub links: Vec<ItemConcept>,
}

/// Normalise all items of a build together (grouping needs to see every item).
pub fn normalize(items: &[Item], seeds: &Seeds) -> Taxonomy {
    let m = Matchers::new(seeds);
    let theme_index = &m.theme_index;

    // Per item, independent of the others: terms, alias matches, theme scores.
    let analysed: Vec<Analysed> = items.par_iter().map(|item| m.analyse(item)).collect();

    let item_themes = assign_themes(items, &analysed, &m);

    // Grouping keys: distinct non-mask terms, without the ones too common to tell ideas apart.
    let raw_keys: Vec<Vec<String>> =
        analysed.iter().map(|a| distinct(a.terms.iter().filter(|t| !text::is_mask(t)).cloned())).collect();
    let common = group::common_terms(&raw_keys, group::GroupOptions::default().common_share);
    let rare = |k: &[String]| -> Vec<String> { k.iter().filter(|t| !common.contains(*t)).cloned().collect() };
    let keys: Vec<Vec<String>> = raw_keys
        .iter()
        .zip(items)
        .map(|(k, item)| {
            let mut key = rare(k);
            // "For beginners" means nothing without its section ("Channels"): a key of fewer
            // than two rare terms carries its section's terms, marked as context so that they
            // keep such items apart but never make two items look alike.
            if key.len() < 2 && !item.section.is_empty() {
                let context = text::terms(&item.section).into_iter().filter(|t| !text::is_mask(t));
                key = distinct(key.into_iter().chain(context.map(|t| format!("{}{t}", group::CONTEXT))));
            }
            // Nothing but common words: such an item meets only its exact twin.
            if key.iter().all(|t| t.starts_with(group::CONTEXT)) {
                key = distinct(key.into_iter().chain(k.iter().map(|t| format!("{}{t}", group::CONTEXT))));
            }
            key
        })
        .collect();
    let groups = group::group(&keys, group::GroupOptions::default());

    let mut concepts: Vec<Concept> = Vec::new();
    let mut links: Vec<ItemConcept> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut linked: HashSet<usize> = HashSet::new();
    let mut alias_members: Vec<Vec<usize>> = vec![Vec::new(); seeds.concepts.len()];
    for (i, a) in analysed.iter().enumerate() {
        for &c in &a.concepts {
            alias_members[c].push(i);
        }
    }
    for (alias, members) in seeds.concepts.iter().zip(alias_members) {
        if members.is_empty() {
            continue;
        }
        let id = unique_id(text::slug(&alias.label), &mut used_ids);
        for i in members {
            linked.insert(i);
            links.push(ItemConcept {
                item_id: items[i].item_id.clone(),
                concept_id: id.clone(),
                method: Method::Alias,
                score: 1.0,
            });
        }
        concepts.push(Concept {
            concept_id: id,
            label: alias.label.clone(),
            theme: alias.theme.clone(),
            origin: "alias",
        });
    }
    for g in &groups {
        // A lone item an alias already explains needs no concept of its own.
        let members: Vec<&(usize, Method, f64)> =
            g.members.iter().filter(|(i, _, _)| g.members.len() > 1 || analysed[*i].concepts.is_empty()).collect();
        // Near-duplicates that one alias concept already joins need no second, auto concept.
        let shared_alias = members.iter().map(|m| &analysed[m.0].concepts).fold(None::<Vec<usize>>, |acc, c| {
            Some(acc.map_or(c.clone(), |a| a.into_iter().filter(|x| c.contains(x)).collect()))
        });
        if members.is_empty() || shared_alias.is_some_and(|s| !s.is_empty()) {
            continue;
        }
        let label_item =
            members.iter().map(|m| m.0).min_by_key(|&i| (items[i].text.chars().count(), i)).unwrap_or(members[0].0);
        let label = items[label_item].text.clone();
        let id = unique_id(text::slug(&label), &mut used_ids);
        let theme = majority_theme(members.iter().map(|m| item_themes[m.0].theme.as_str()), theme_index);
        for &&(i, method, score) in &members {
            links.push(ItemConcept { item_id: items[i].item_id.clone(), concept_id: id.clone(), method, score });
            linked.insert(i);
        }
        concepts.push(Concept { concept_id: id, label, theme, origin: "auto" });
    }
    // Items whose text is nothing but stop words and numbers still get a concept of their own.
    for (i, item) in items.iter().enumerate() {
        if !linked.contains(&i) {
            let id = unique_id(text::slug(&item.text), &mut used_ids);
            links.push(ItemConcept {
                item_id: item.item_id.clone(),
                concept_id: id.clone(),
                method: Method::Fingerprint,
                score: 1.0,
            });
            concepts.push(Concept {
                concept_id: id,
                label: item.text.clone(),
                theme: item_themes[i].theme.clone(),
                origin: "auto",
            });
        }
    }
    let order: HashMap<&str, usize> = items.iter().enumerate().map(|(i, it)| (it.item_id.as_str(), i)).collect();
    links.sort_by(|a, b| (order[a.item_id.as_str()], &a.concept_id).cmp(&(order[b.item_id.as_str()], &b.concept_id)));
    concepts.sort_by(|a, b| a.concept_id.cmp(&b.concept_id));
    Taxonomy { item_themes, concepts, links }
}

struct Analysed {
    terms: Vec<String>,
    /// Alias concept indexes matched, distinct, in seed order.
    concepts: Vec<usize>,
    /// Theme scores from keywords and aliases in the item's own text (and tags).
    scores: Vec<f64>,
    /// True when the score came from program tags.
    from_tags: bool,
}

/// The seed phrases, indexed once per build.
struct Matchers<'a> {
    seeds: &'a Seeds,
    themes: Phrases<usize>,
    aliases: Phrases<usize>,
    theme_index: HashMap<&'a str, usize>,
}

impl<'a> Matchers<'a> {
    fn new(seeds: &'a Seeds) -> Self {
        let keywords =
            seeds.themes.iter().enumerate().flat_map(|(i, t)| t.keywords.iter().map(move |k| (k.as_str(), i)));
        let aliases =
            seeds.concepts.iter().enumerate().flat_map(|(i, c)| c.aliases.iter().map(move |a| (a.as_str(), i)));
        Matchers {
            seeds,
            themes: Phrases::new(keywords),
            aliases: Phrases::new(aliases),
            theme_index: seeds.themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect(),
        }
    }

    fn analyse(&self, item: &Item) -> Analysed {
        let terms = text::terms(&item.text);
        let mut concepts: Vec<usize> = self.aliases.find(&terms).iter().map(|m| *m.value).collect();
        let mut scores = vec![0.0; self.seeds.themes.len()];
        let mut from_tags = false;
        // Organisers' tags are their own classification of the talk: they decide its theme first.
        for tag in &item.tags {
            let tag_terms = text::terms(tag);
            for m in self.themes.find(&tag_terms) {
                scores[*m.value] += m.len as f64;
                from_tags = true;
            }
            concepts.extend(self.aliases.find(&tag_terms).iter().map(|m| *m.value));
        }
        if !from_tags {
            self.score(&terms, &mut scores);
        }
        concepts.sort_unstable();
        concepts.dedup();
        Analysed { terms, concepts, scores, from_tags }
    }

    /// Add theme keyword and alias matches, each weighted by its length in terms.
    fn score(&self, terms: &[String], scores: &mut [f64]) {
        for m in self.themes.find(terms) {
            scores[*m.value] += m.len as f64;
        }
        for m in self.aliases.find(terms) {
            if let Some(&t) = self.theme_index.get(self.seeds.concepts[*m.value].theme.as_str()) {
                scores[t] += m.len as f64;
            }
        }
    }

    fn best_for(&self, text: &str) -> Option<usize> {
        let mut scores = vec![0.0; self.seeds.themes.len()];
        self.score(&text::terms(text), &mut scores);
        best(&scores)
    }
}

fn best(scores: &[f64]) -> Option<usize> {
    let (i, s) = scores.iter().enumerate().fold((0, 0.0), |acc, (i, &s)| if s > acc.1 { (i, s) } else { acc });
    (s > 0.0).then_some(i)
}

fn assign_themes(items: &[Item], analysed: &[Analysed], m: &Matchers) -> Vec<ItemTheme> {
    let themes = &m.seeds.themes;
    let fallback = themes.iter().position(|t| t.id == "use-cases").unwrap_or(themes.len() - 1);
    let mut section_cache: HashMap<(&str, &str), Option<usize>> = HashMap::new();
    let index: HashMap<&str, usize> = items.iter().enumerate().map(|(i, it)| (it.item_id.as_str(), i)).collect();
    let mut out: Vec<ItemTheme> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let own = best(&analysed[i].scores).map(|t| (t, if analysed[i].from_tags { "tag" } else { "keyword" }));
        let chosen = own
            .or_else(|| {
                let key = (item.source_id.as_str(), item.section.as_str());
                let t = *section_cache.entry(key).or_insert_with(|| m.best_for(&item.section));
                t.map(|t| (t, "section"))
            })
            .or_else(|| {
                // Parents precede their children, so the parent's theme is already known.
                let p = item.parent_id.as_deref().and_then(|p| index.get(p)).filter(|&&p| p < i)?;
                m.theme_index.get(out[*p].theme.as_str()).map(|&t| (t, "parent"))
            })
            .or_else(|| m.best_for(&item.description).map(|t| (t, "description")))
            // A talk whose tags name no theme is still judged by its title.
            .or_else(|| if item.tags.is_empty() { None } else { m.best_for(&item.text).map(|t| (t, "keyword")) })
            .unwrap_or((fallback, "fallback"));
        out.push(ItemTheme { theme: themes[chosen.0].id.clone(), method: chosen.1 });
    }
    out
}

fn majority_theme<'a>(themes: impl Iterator<Item = &'a str>, order: &HashMap<&str, usize>) -> String {
    let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for t in themes {
        *counts.entry((order.get(t).copied().unwrap_or(usize::MAX), t)).or_default() += 1;
    }
    // Most members first; among equals, the theme listed first in themes.csv.
    let max = counts.values().copied().max().unwrap_or(0);
    counts.into_iter().find(|(_, c)| *c == max).map(|((_, t), _)| t.to_string()).unwrap_or_default()
}

fn distinct(terms: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = terms.collect();
    v.sort();
    v.dedup();
    v
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
