//! Items to a taxonomy: a primary theme for every item, concepts shared across posts and
//! years, and the reason for every item-to-concept link.
//!
//! Curated aliases (`seeds/aliases.csv`) are matched first. Items no alias explains, and
//! near-duplicates of each other, are grouped automatically ([`group`]). Themes are scored from
//! the theme keywords (`seeds/themes.csv`) and the item's alias concepts, then fall back to the
//! item's section label, its parent, and its description.

pub mod group;
mod labels;
pub mod phrases;
pub mod suggest;
pub mod topics;
pub mod vocabulary;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};
use rayon::prelude::*;

use crate::model::{Concept, ConceptOrigin, Item, ItemConcept, Method, Polarity, Scope, ThemeMethod};
use crate::seeds::{Override, OverrideAction, Seeds};
use crate::text;
use phrases::Phrases;
use topics::Topic;
use vocabulary::Vocabulary;

/// An item's primary theme and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTheme {
    /// Theme id.
    pub theme: String,
    /// Which rule chose it.
    pub method: ThemeMethod,
}

/// The result of normalisation.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    /// One per item, in item order.
    pub item_themes: Vec<ItemTheme>,
    /// Every concept with at least one item, sorted by id.
    pub concepts: Vec<Concept>,
    /// Item-to-concept links in item order, then concept id (indices into the items and
    /// into `concepts`).
    pub links: Vec<ItemConcept>,
    /// Catch-all concepts refused, overrides that no longer match: things a person should fix.
    pub warnings: Vec<String>,
    /// Pairs of ideas the rules kept apart that may be one topic, for review.
    pub suggestions: Vec<suggest::Suggestion>,
}

/// A subject concept covering more than this share of all items and of all the different
/// wordings (and more than [`CATCH_ALL_MIN`] of each) says nothing about any of them: it is
/// refused, and its items keep their other links. Copies of one idea are one wording; broad
/// concepts are never refused.
pub const CATCH_ALL_SHARE: f64 = 0.25;
/// Below this many different ideas no concept is a catch-all.
pub const CATCH_ALL_MIN: usize = 10;

/// Normalise all items of a build together (grouping needs to see every item).
pub fn normalize(items: &[Item], seeds: &Seeds) -> Taxonomy {
    let m = Matchers::new(seeds);
    // Per item, independent of the others: terms, alias matches, theme scores.
    let analysed: Vec<Analysed> = items.par_iter().map(|item| m.analyse(item)).collect();
    let item_themes = assign_themes(items, &analysed, &m);
    let stems: Vec<Vec<String>> =
        analysed.par_iter().map(|a| distinct(a.terms.iter().filter(|t| !text::is_mask(t)).cloned())).collect();
    let common = group::common_terms(&stems, group::GroupOptions::default().common_share);
    let keys = grouping_keys(items, &stems, &common);
    let groups = group::group(&keys, group::GroupOptions::default());

    let wording = wordings(items);
    let mut b = Builder {
        items,
        wording: &wording,
        concepts: Vec::new(),
        links: Vec::new(),
        ids: Ids::default(),
        warnings: Vec::new(),
        idle_overrides: Vec::new(),
        labels: labels::Labels::default(),
    };
    let accepted = b.alias_concepts(seeds, &analysed);
    // What each item's accepted alias concepts are: refused catch-alls join nothing.
    let aliases: Vec<Vec<usize>> =
        analysed.iter().map(|a| a.concepts.iter().copied().filter(|&c| accepted[c]).collect()).collect();
    b.auto_concepts(&groups, &aliases, &item_themes, &m.theme_index);
    b.topic_concepts(&analysed, &common, &item_themes, &m.theme_index, &m.vocabulary);
    b.platform_context(&analysed, &m);
    b.overrides(&seeds.overrides, &item_themes);
    let idle = std::mem::take(&mut b.idle_overrides);
    b.warnings.extend(idle_override_warnings(idle));
    b.singletons(&item_themes);
    let mut taxonomy = b.finish(item_themes);
    let topics: Vec<Vec<Topic>> = analysed.into_iter().map(|a| a.topics).collect();
    taxonomy.suggestions = suggest::suggest(&suggest::Input {
        items,
        keys: &keys,
        topics: &topics,
        subjects: &subjects_by_item(&taxonomy.links, &taxonomy.concepts, items.len()),
        concepts: &taxonomy.concepts,
        overrides: &seeds.overrides,
        wordings: &wording.0,
    });
    taxonomy
}

/// A post needs this many wanted ideas before a concept most of them name is its platform.
const PLATFORM_MIN_IDEAS: usize = 4;

/// More than this many override rows that match nothing are one warning, not one each: a build
/// of another manifest shares `seeds/overrides.csv` with the default one, and its rows name posts
/// the other build does not read.
const IDLE_OVERRIDES_LISTED: usize = 3;

/// The warnings for override rows that matched nothing (line, what was not found): one each
/// when they are few, one line listing their lines when they are many.
fn idle_override_warnings(idle: Vec<(usize, String)>) -> Vec<String> {
    if idle.len() <= IDLE_OVERRIDES_LISTED {
        return idle.into_iter().map(|(line, what)| format!("overrides.csv:{line}: {what}")).collect();
    }
    let lines: Vec<String> = idle.iter().map(|(line, _)| line.to_string()).collect();
    vec![format!(
        "overrides.csv: {} rows match nothing in this build (lines {}): they name ideas or concepts of posts this \
         manifest does not read, or text that has changed",
        idle.len(),
        lines.join(", ")
    )]
}

/// The theme a short text alone points to (its keywords and aliases): how a program tag such
/// as "JS/HTMX/misc frontend tech" or "FrontEnd" is mapped onto the themes.
pub fn theme_for(seeds: &Seeds, text: &str) -> Option<String> {
    let m = Matchers::new(seeds);
    m.whole_tag(text).or_else(|| m.best_for(text)).map(|t| seeds.themes[t].id.clone())
}

/// Grouping keys: each item's distinct non-mask stems (`stems`), without the `common` ones
/// that are too common to tell ideas apart.
fn grouping_keys(items: &[Item], stems: &[Vec<String>], common: &HashSet<String>) -> Vec<Vec<String>> {
    let rare = |k: &[String]| -> Vec<String> { k.iter().filter(|t| !common.contains(*t)).cloned().collect() };
    stems
        .par_iter()
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
        .collect()
}

/// Each item's wording, numbered: items with the same folded text share a number. Ten
/// thousand copies of one post are one post's ideas to the catch-all rule.
fn wordings(items: &[Item]) -> (Vec<u32>, usize) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let of_item = items
        .iter()
        .map(|i| {
            let next = seen.len() as u32;
            *seen.entry(text::fold(&i.text)).or_insert(next)
        })
        .collect();
    (of_item, seen.len())
}

/// Collects concepts and links, keeping ids unique.
struct Builder<'a> {
    items: &'a [Item],
    /// Each item's wording number, and how many wordings there are ([`wordings`]).
    wording: &'a (Vec<u32>, usize),
    concepts: Vec<Concept>,
    links: Vec<ItemConcept>,
    ids: Ids,
    warnings: Vec<String>,
    /// Override rows that matched nothing: their line and what was not found.
    idle_overrides: Vec<(usize, String)>,
    /// Every concept's label, so that no two share one.
    labels: labels::Labels,
}

impl Builder<'_> {
    /// Whether a concept of these items covers so much of the build that it says nothing about
    /// any of them: more than [`CATCH_ALL_SHARE`] of the items and of the different wordings
    /// both, so copies of one idea never make a catch-all. Returns the wordings it covers.
    fn catch_all(&self, members: impl Iterator<Item = usize>) -> Option<usize> {
        let (of_item, total) = self.wording;
        let limit = |n: usize| ((n as f64 * CATCH_ALL_SHARE) as usize).max(CATCH_ALL_MIN);
        let mut count = 0;
        let distinct: HashSet<u32> = members.inspect(|_| count += 1).map(|i| of_item[i]).collect();
        (count > limit(self.items.len()) && distinct.len() > limit(*total)).then_some(distinct.len())
    }

    /// Add a concept; returns its index in build order (renumbered by id in [`Self::finish`]).
    /// A label another concept has is qualified by the theme ([`labels`]).
    fn add_concept(&mut self, label: &str, theme: &str, origin: ConceptOrigin, scope: Scope) -> usize {
        let label = self.labels.unique(label, theme);
        let id = self.ids.unique(text::slug(&label));
        self.labels.register(&label, self.concepts.len());
        self.concepts.push(Concept { concept_id: id, label, theme: theme.to_string(), origin, scope });
        self.concepts.len() - 1
    }

    fn link(&mut self, item: usize, concept: usize, method: Method, score: f64) {
        self.links.push(ItemConcept { item, concept, method, score });
    }

    /// The concept an override names, by id or label, wherever its ideas went since.
    fn named(&self, name: &str) -> Option<usize> {
        let at = self.concepts.iter().position(|c| c.concept_id == name || c.label == name);
        at.map(|c| self.labels.resolve(c)).or_else(|| self.labels.find(name))
    }

    /// The concept for a group the rules made under `label`: the concept that already has the
    /// label (the same words name the same topic), or a new one.
    fn concept_for(&mut self, label: &str, theme: &str, origin: ConceptOrigin) -> usize {
        match self.labels.find(label) {
            Some(c) => c,
            None => self.add_concept(label, theme, origin, Scope::Topic),
        }
    }

    /// Add the curated concepts that have items; returns which were accepted.
    fn alias_concepts(&mut self, seeds: &Seeds, analysed: &[Analysed]) -> Vec<bool> {
        let mut accepted = vec![false; seeds.concepts.len()];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); seeds.concepts.len()];
        for (i, a) in analysed.iter().enumerate() {
            for &c in &a.concepts {
                members[c].push(i);
            }
        }
        for (c, (alias, members)) in seeds.concepts.iter().zip(members).enumerate() {
            if members.is_empty() {
                continue;
            }
            // A broad concept is never shared ground, so covering much is what it is for.
            if let Some(distinct) = self.catch_all(members.iter().copied()).filter(|_| alias.scope == Scope::Topic) {
                self.warnings.push(format!(
                    "concept {:?} would cover {distinct} of {} different ideas, so it tells them nothing: refused (narrow its aliases in aliases.csv)",
                    alias.label, self.wording.1
                ));
                continue;
            }
            accepted[c] = true;
            let concept = self.add_concept(&alias.label, &alias.theme, ConceptOrigin::Alias, alias.scope);
            for i in members {
                self.link(i, concept, Method::Alias, 1.0);
            }
        }
        accepted
    }

    fn auto_concepts(
        &mut self,
        groups: &[group::Group],
        aliases: &[Vec<usize>],
        themes: &[ItemTheme],
        order: &HashMap<&str, usize>,
    ) {
        for g in groups {
            // A lone item an alias already explains needs no concept of its own.
            let members: Vec<&(usize, Method, f64)> =
                g.members.iter().filter(|(i, _, _)| g.members.len() > 1 || aliases[*i].is_empty()).collect();
            // Near-duplicates that one alias concept already joins need no second, auto concept.
            let shared_alias = members.iter().map(|m| &aliases[m.0]).fold(None::<Vec<usize>>, |acc, c| {
                Some(acc.map_or(c.clone(), |a| a.into_iter().filter(|x| c.contains(x)).collect()))
            });
            if members.is_empty()
                || shared_alias.is_some_and(|s| !s.is_empty())
                || self.catch_all(members.iter().map(|m| m.0)).is_some()
            {
                continue;
            }
            // Named after its earliest mention, so next year's posts never rename it.
            let items = self.items;
            let label_item =
                members.iter().map(|m| m.0).min_by_key(|&i| (items[i].year, items[i].text.chars().count(), i));
            let label = items[label_item.unwrap_or(members[0].0)].text.clone();
            let theme = majority_theme(members.iter().map(|m| themes[m.0].theme.as_str()), order);
            // Joining the concept of the same label: an alias concept may hold some already.
            let fresh = self.labels.find(&label).is_none();
            let concept = self.concept_for(&label, &theme, ConceptOrigin::Auto);
            for &&(i, method, score) in &members {
                if fresh || !aliases[i].iter().any(|&c| self.labels.resolve(c) == concept) {
                    self.link(i, concept, method, score);
                }
            }
        }
    }

    /// Ideas with the same head topic ([`topics`]) share a concept, unless a concept of
    /// subject scope already joins them all. A topic whose every word is common in the build
    /// ("Django") names no subject.
    fn topic_concepts(
        &mut self,
        analysed: &[Analysed],
        common: &HashSet<String>,
        themes: &[ItemTheme],
        order: &HashMap<&str, usize>,
        vocabulary: &Vocabulary,
    ) {
        // A word common in the build names no subject ("Django" in a DjangoCon build): "Django
        // Fellows" and "our new fellow" are one topic. A topic of common words only names none.
        let mut by_key: BTreeMap<Vec<&str>, Vec<(usize, &str)>> = BTreeMap::new();
        for (i, a) in analysed.iter().enumerate() {
            for t in &a.topics {
                let key: Vec<&str> =
                    t.key.iter().map(String::as_str).filter(|t| !common.contains(vocabulary::unmarked(t))).collect();
                if !key.is_empty() {
                    by_key.entry(key).or_default().push((i, t.label.as_str()));
                }
            }
        }
        let of_item = subjects_by_item(&self.links, &self.concepts, self.items.len());
        // Every concept of each item and every concept's size, kept up to date below.
        let mut linked: Vec<Vec<usize>> = vec![Vec::new(); self.items.len()];
        let mut size: Vec<usize> = vec![0; self.concepts.len()];
        for l in &self.links {
            linked[l.item].push(l.concept);
            size[l.concept] += 1;
        }
        let mut emptied: HashSet<usize> = HashSet::default();
        // Where each (item, concept) link is, made only when a topic meets a broad concept.
        let mut link_at: Option<HashMap<(usize, usize), usize>> = None;
        for mut members in by_key.into_values() {
            members.dedup_by_key(|m| m.0);
            if members.len() < 2 || self.catch_all(members.iter().map(|m| m.0)).is_some() {
                continue;
            }
            let first = &of_item[members[0].0];
            if first.iter().any(|c| members.iter().all(|(i, _)| of_item[*i].contains(c))) {
                continue;
            }
            let items = self.items;
            let &(_, label) = members
                .iter()
                .min_by_key(|(i, label)| (items[*i].year, label.chars().count(), *i))
                .expect("at least two members");
            // Named by the words its ideas share, not by one idea's qualifiers.
            let label = topics::naming(label, vocabulary);
            let theme = majority_theme(members.iter().map(|(i, _)| themes[*i].theme.as_str()), order);
            let concept = self.concept_for(&label, &theme, ConceptOrigin::Topic);
            let broad = self.concepts[concept].scope == Scope::Broad;
            for &(i, _) in &members {
                if broad && linked[i].contains(&concept) {
                    // An idea whose topic is the field itself names it as its subject
                    // ([`ItemConcept::names_subject`]), however else it was linked.
                    let at = link_at.get_or_insert_with(|| {
                        self.links.iter().enumerate().map(|(n, l)| ((l.item, l.concept), n)).collect()
                    });
                    if let Some(&n) = at.get(&(i, concept)) {
                        self.links[n].method = Method::Topic;
                    }
                }
                if !linked[i].contains(&concept) {
                    self.link(i, concept, Method::Topic, 1.0);
                    linked[i].push(concept);
                    size.resize(self.concepts.len(), 0);
                    size[concept] += 1;
                }
                // An idea that joined a topic needs no automatic concept of one idea beside it:
                // that one is emptied into the topic's (an override naming it reaches it there).
                for &c in &linked[i] {
                    if c != concept && size[c] == 1 && self.concepts[c].origin == ConceptOrigin::Auto {
                        emptied.insert(c);
                        self.labels.moved(c, concept);
                    }
                }
            }
        }
        self.links.retain(|l| !emptied.contains(&l.concept));
    }

    /// A subject most of a post's ideas name is the post's platform ("Rust" in a RustConf
    /// call): for an idea that names it only in passing ("teaching with Rust") it is context,
    /// not shared ground; an idea whose head topic names it ("Rust's next release") keeps it.
    fn platform_context(&mut self, analysed: &[Analysed], m: &Matchers) {
        let items = self.items;
        let mut ideas: HashMap<&str, usize> = HashMap::new();
        for item in items.iter().filter(|i| i.polarity == Polarity::Wanted) {
            *ideas.entry(item.source_id.as_str()).or_default() += 1;
        }
        let mut named: HashMap<(&str, usize), usize> = HashMap::new();
        for l in &self.links {
            let item = &items[l.item];
            if item.polarity == Polarity::Wanted && l.names_subject(&self.concepts[l.concept]) {
                *named.entry((item.source_id.as_str(), l.concept)).or_default() += 1;
            }
        }
        let platform = |source: &str, concept: usize| {
            let all = ideas.get(source).copied().unwrap_or(0);
            all >= PLATFORM_MIN_IDEAS && named.get(&(source, concept)).copied().unwrap_or(0) * 2 >= all
        };
        for n in 0..self.links.len() {
            let (i, c) = (self.links[n].item, self.links[n].concept);
            if self.links[n].method == Method::Topic || !platform(&items[i].source_id, c) {
                continue;
            }
            let label = &self.concepts[c].label;
            let about = analysed[i].topics.iter().any(|t| {
                let (terms, classes) = m.vocabulary.terms(&t.label);
                m.aliases.find_in(&terms, Some(&classes)).iter().any(|f| &m.seeds.concepts[*f.value].label == label)
            });
            if !about {
                self.links[n].method = Method::Context;
            }
        }
    }

    /// Organizers' corrections, applied after every rule so that they always win.
    fn overrides(&mut self, overrides: &[Override], themes: &[ItemTheme]) {
        // Where each merged concept went, so a later row naming it reaches its items.
        let mut merged: HashMap<usize, usize> = HashMap::new();
        for o in overrides {
            if o.action == OverrideAction::Merge {
                self.merge(o, &mut merged);
                continue;
            }
            let Some(item) = find_item(self.items, &o.item) else {
                self.idle_overrides.push((o.line, format!("no item matches {:?}; the override does nothing", o.item)));
                continue;
            };
            match o.action {
                OverrideAction::Link => {
                    let concept = match self.named(&o.target) {
                        Some(c) => c,
                        None => self.add_concept(&o.target, &themes[item].theme, ConceptOrigin::Override, Scope::Topic),
                    };
                    self.links.retain(|l| !(l.item == item && l.concept == concept));
                    self.link(item, concept, Method::Override, 1.0);
                }
                OverrideAction::Unlink => {
                    let before = self.links.len();
                    let concept =
                        self.concepts.iter().position(|c| c.concept_id == o.target).map(|c| self.labels.resolve(c));
                    self.links.retain(|l| !(l.item == item && Some(l.concept) == concept));
                    if self.links.len() == before {
                        self.warnings.push(format!(
                            "overrides.csv:{}: {} is not linked to {:?}; nothing to unlink",
                            o.line, self.items[item].item_id, o.target
                        ));
                    }
                }
                OverrideAction::Merge => unreachable!("merge rows name concepts, handled above"),
                OverrideAction::Separate => {
                    let Some(other) = find_item(self.items, &o.target) else {
                        self.idle_overrides
                            .push((o.line, format!("no item matches {:?}; the override does nothing", o.target)));
                        continue;
                    };
                    let mine: HashSet<usize> =
                        self.links.iter().filter(|l| l.item == item).map(|l| l.concept).collect();
                    // The second item leaves every concept the two share; it gets one of its own below.
                    self.links.retain(|l| !(l.item == other && mine.contains(&l.concept)));
                }
            }
        }
    }

    /// A `merge` row: every item of the concept named in `item` moves into the target concept
    /// (each by id or label), which the merged concept leaves empty, so it is dropped.
    /// `merged` records where merged concepts went: "merge A into B" then "merge C into A" puts
    /// C's items in B too.
    fn merge(&mut self, o: &Override, merged: &mut HashMap<usize, usize>) {
        let find = |name: &str| {
            let mut at = self.named(name)?;
            while let Some(&next) = merged.get(&at) {
                at = next;
            }
            Some(at)
        };
        let (from, into) = match (find(&o.item), find(&o.target)) {
            (Some(from), Some(into)) if from != into => (from, into),
            (Some(_), Some(_)) => return,
            (from, _) => {
                let missing = if from.is_none() { &o.item } else { &o.target };
                self.idle_overrides.push((o.line, format!("no concept is named {missing:?}; the merge does nothing")));
                return;
            }
        };
        let already: HashSet<usize> = self.links.iter().filter(|l| l.concept == into).map(|l| l.item).collect();
        self.links.retain(|l| !(l.concept == from && already.contains(&l.item)));
        for l in self.links.iter_mut().filter(|l| l.concept == from) {
            *l = ItemConcept { item: l.item, concept: into, method: Method::Override, score: 1.0 };
        }
        merged.insert(from, into);
    }

    /// Items no rule linked (all stop words, or separated by an override) get a concept of their own.
    fn singletons(&mut self, themes: &[ItemTheme]) {
        let mut linked = vec![false; self.items.len()];
        for l in &self.links {
            linked[l.item] = true;
        }
        let items = self.items;
        for (i, (item, theme)) in items.iter().zip(themes).enumerate() {
            if !linked[i] {
                let concept = self.add_concept(&item.text, &theme.theme, ConceptOrigin::Auto, Scope::Topic);
                self.link(i, concept, Method::Fingerprint, 1.0);
            }
        }
    }

    /// Drop the concepts an override emptied, number the rest by id, and sort the links.
    fn finish(mut self, item_themes: Vec<ItemTheme>) -> Taxonomy {
        let mut used = vec![false; self.concepts.len()];
        for l in &self.links {
            used[l.concept] = true;
        }
        let mut order: Vec<usize> = (0..self.concepts.len()).filter(|&c| used[c]).collect();
        order.sort_by(|&a, &b| self.concepts[a].concept_id.cmp(&self.concepts[b].concept_id));
        let mut renumber = vec![usize::MAX; self.concepts.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new;
        }
        let mut slots: Vec<Option<Concept>> = self.concepts.into_iter().map(Some).collect();
        let concepts: Vec<Concept> = order.iter().map(|&old| slots[old].take().expect("each concept once")).collect();
        for l in &mut self.links {
            l.concept = renumber[l.concept];
        }
        // Concepts are numbered in id order, so this is item order, then concept id.
        self.links.sort_by_key(|l| (l.item, l.concept));
        Taxonomy { item_themes, concepts, links: self.links, warnings: self.warnings, suggestions: Vec::new() }
    }
}

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
        m.own_words(text, &reading, &mut scores, Some(&mut evidence));
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

/// Each item's subject concepts in link order ([`ItemConcept::names_subject`]): what two ideas
/// must share to be one topic. Broad concepts ("Best practices") are left out.
pub fn subjects_by_item(links: &[ItemConcept], concepts: &[Concept], items: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); items];
    for l in links.iter().filter(|l| l.names_subject(&concepts[l.concept])) {
        out[l.item].push(l.concept);
    }
    out
}

/// An item by `SOURCE#NNN`, or by `SOURCE: text` (text compared folded, whitespace collapsed),
/// which survives edits that renumber a post.
pub fn find_item(items: &[Item], reference: &str) -> Option<usize> {
    if let Some(i) = items.iter().position(|i| i.item_id == reference) {
        return Some(i);
    }
    let (source, text) = reference.split_once(':')?;
    let wanted = text::fold(&crate::text::collapse(text));
    items.iter().position(|i| i.source_id == source.trim() && text::fold(&i.text) == wanted)
}

struct Analysed {
    terms: Vec<String>,
    /// The subjects the item names ([`topics`]).
    topics: Vec<Topic>,
    /// Alias concept indexes matched, distinct, in seed order.
    concepts: Vec<usize>,
    /// The best-scored theme from keywords and aliases in the item's own text (and tags);
    /// only the winner is kept, since half a million score vectors are memory for nothing.
    best: Option<usize>,
    /// True when the score came from program tags.
    from_tags: bool,
}

/// A theme keyword. Two keywords are the same when they point to the same theme, so a phrase
/// listed as a keyword and also being the theme's name counts once, at the keyword's weight.
#[derive(Debug, Clone, Copy)]
struct Keyword {
    theme: usize,
    weight: f64,
}

impl PartialEq for Keyword {
    fn eq(&self, other: &Self) -> bool {
        self.theme == other.theme
    }
}

/// The seed phrases, indexed once per build.
struct Matchers<'a> {
    seeds: &'a Seeds,
    /// Theme and weight of each keyword.
    themes: Phrases<Keyword>,
    aliases: Phrases<usize>,
    /// Keywords that begin with a function word, by their words: each names a whole tag.
    whole_tags: HashMap<String, usize>,
    theme_index: HashMap<&'a str, usize>,
    vocabulary: Vocabulary,
}

impl<'a> Matchers<'a> {
    fn new(seeds: &'a Seeds) -> Self {
        // A theme's own id and label name it too, at half weight: a tag that is a theme's
        // name ("Python") maps to it, while a passing mention loses to a real keyword.
        let keywords = seeds.themes.iter().enumerate().flat_map(|(i, t)| {
            let own = [
                (t.id.as_str(), Keyword { theme: i, weight: 0.5 }),
                (t.label.as_str(), Keyword { theme: i, weight: 0.5 }),
            ];
            t.keywords.iter().map(move |k| (k.as_str(), Keyword { theme: i, weight: 1.0 })).chain(own)
        });
        let aliases =
            seeds.concepts.iter().enumerate().flat_map(|(i, c)| c.aliases.iter().map(move |a| (a.as_str(), i)));
        let vocabulary = Vocabulary::new(&seeds.vocabulary);
        // A keyword that begins with a function word names a tag ("How I used Django"), matched
        // whole: in running text its other words alone ("using Django") would say far less.
        let (whole_tags, keywords): (Vec<_>, Vec<_>) = keywords.partition(|(k, _)| text::starts_with_stop_word(k));
        let whole_tags = whole_tags.into_iter().map(|(k, kw)| (text::words(k).join(" "), kw.theme)).collect();
        let implied = implied_keywords(seeds, &keywords, &vocabulary);
        Matchers {
            seeds,
            themes: Phrases::read_with(keywords.into_iter().chain(implied), true, |p| vocabulary.terms(p)),
            aliases: Phrases::read_with(aliases, true, |p| vocabulary.terms(p)),
            whole_tags,
            theme_index: seeds.themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect(),
            vocabulary,
        }
    }

    fn analyse(&self, item: &Item) -> Analysed {
        let reading = self.vocabulary.read(&item.text);
        let topics = topics::topics(&item.text, &reading, &self.vocabulary);
        // An idea made only of facet words ("For beginners" under "Channels") names the kind of
        // talk, not its area: its section or parent says where it belongs.
        let only_facets = reading.only_facets();
        // An idea's examples are instances of its subject, not the subject: "Deep dives into
        // the internals of Django (e.g. REST Framework)" is about internals.
        let mut concepts: Vec<usize> = match topics::examples_at(&item.text) {
            Some(at) => {
                let (t, c) = self.vocabulary.terms(&item.text[..at]);
                self.aliases.find_in(&t, Some(&c)).iter().map(|m| *m.value).collect()
            }
            None => self.aliases.find_in(&reading.terms, Some(&reading.classes)).iter().map(|m| *m.value).collect(),
        };
        let mut scores = vec![0.0; self.seeds.themes.len()];
        let mut from_tags = false;
        // Organisers' tags are their own classification of the talk: they decide its theme first.
        for (k, tag) in item.tags.iter().enumerate() {
            let tag_reading = self.vocabulary.read(tag);
            // Earlier tags weigh a little more: organisers list the main subject first.
            let weight = 1.0 / (1.0 + 0.25 * k as f64);
            if let Some(theme) = self.whole_tag(tag) {
                scores[theme] += span_words(&tag_reading, 0, tag_reading.terms.len()) * weight;
                from_tags = true;
            }
            for m in self.themes.find_in(&tag_reading.terms, Some(&tag_reading.classes)) {
                scores[m.value.theme] += span_words(&tag_reading, m.start, m.len) * m.value.weight * weight;
                from_tags = true;
            }
            concepts
                .extend(self.aliases.find_in(&tag_reading.terms, Some(&tag_reading.classes)).iter().map(|m| *m.value));
        }
        if !from_tags && !only_facets {
            self.own_words(&item.text, &reading, &mut scores, None);
        }
        concepts.sort_unstable();
        concepts.dedup();
        Analysed { terms: reading.terms, topics, concepts, best: best(&scores), from_tags }
    }

    /// Score an idea's own words (`reading` is the text's): the whole text, and its head once
    /// more, since the head names the idea and its qualifiers only narrow it ("Libraries &
    /// Frameworks: e.g. ORM in Django" is about libraries).
    fn own_words(
        &self,
        text: &str,
        reading: &vocabulary::Reading,
        scores: &mut [f64],
        mut trace: Option<&mut Vec<ThemeEvidence>>,
    ) {
        self.score(reading, scores, trace.as_deref_mut());
        let head = topics::head(text);
        if head.len() < text.trim().len() {
            self.score(&self.vocabulary.read(head), scores, trace);
        }
    }

    /// Add theme keyword and alias matches, each weighted by its length in words; `trace`
    /// records each one for `explain`.
    fn score(&self, r: &vocabulary::Reading, scores: &mut [f64], mut trace: Option<&mut Vec<ThemeEvidence>>) {
        for m in self.themes.find_in(&r.terms, Some(&r.classes)) {
            let weight = span_words(r, m.start, m.len) * m.value.weight;
            scores[m.value.theme] += weight;
            if let Some(t) = trace.as_deref_mut() {
                t.push(self.evidence(m.value.theme, "keyword", r.terms[m.start..m.start + m.len].join(" "), weight));
            }
        }
        // Aliases count half: some curated concepts name a format ("Deep dives", "Panels")
        // rather than a subject, and must not outvote the subject's keywords.
        for m in self.aliases.find_in(&r.terms, Some(&r.classes)) {
            let concept = &self.seeds.concepts[*m.value];
            if let Some(&theme) = self.theme_index.get(concept.theme.as_str()) {
                let weight = span_words(r, m.start, m.len) * 0.5;
                scores[theme] += weight;
                if let Some(t) = trace.as_deref_mut() {
                    t.push(self.evidence(theme, "alias", concept.label.clone(), weight));
                }
            }
        }
    }

    fn evidence(&self, theme: usize, kind: &'static str, matched: String, weight: f64) -> ThemeEvidence {
        ThemeEvidence { theme: self.seeds.themes[theme].id.clone(), kind, matched, weight }
    }

    /// The theme of a keyword that names this whole tag ("How I used Django"), if one does.
    fn whole_tag(&self, tag: &str) -> Option<usize> {
        self.whole_tags.get(&text::words(tag).join(" ")).copied()
    }

    fn best_for(&self, text: &str) -> Option<usize> {
        let mut scores = vec![0.0; self.seeds.themes.len()];
        self.score(&self.vocabulary.read(text), &mut scores, None);
        best(&scores)
    }
}

/// Keywords for the vocabulary's terms of several words that no keyword names: each takes the
/// theme its own words score. The vocabulary reads "diversity and inclusion" as one term, which
/// hides the words "diversity" and "inclusion" from the community theme's keywords; a term
/// inherits what its words mean, whatever the row order of either file.
fn implied_keywords<'s>(
    seeds: &'s Seeds,
    keywords: &[(&str, Keyword)],
    vocabulary: &Vocabulary,
) -> Vec<(&'s str, Keyword)> {
    let read = Phrases::read_with(keywords.iter().copied(), true, |p| vocabulary.terms(p));
    let plain = Phrases::exact(keywords.iter().copied());
    let mut out = Vec::new();
    for term in seeds.vocabulary.iter().filter(|t| t.kind == crate::seeds::TermKind::Topic) {
        let (own, _) = vocabulary.terms(&term.term);
        let (words, classes) = text::terms_with_derivations(&term.term);
        if words.len() < 2 || !read.find(&own).is_empty() {
            continue;
        }
        let mut scores = vec![0.0; seeds.themes.len()];
        for m in plain.find_in(&words, Some(&classes)) {
            scores[m.value.theme] += m.len as f64 * m.value.weight;
        }
        if let Some(theme) = best(&scores) {
            out.push((term.term.as_str(), Keyword { theme, weight: 1.0 }));
        }
    }
    out
}

/// The length in words, as written, of the `len` terms from `start`: longer phrases are more
/// specific.
fn span_words(r: &vocabulary::Reading, start: usize, len: usize) -> f64 {
    r.written[start..start + len].iter().map(|&w| f64::from(w)).sum()
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
        let own =
            analysed[i].best.map(|t| (t, if analysed[i].from_tags { ThemeMethod::Tag } else { ThemeMethod::Keyword }));
        let chosen = own
            .or_else(|| {
                let key = (item.source_id.as_str(), item.section.as_str());
                let t = *section_cache.entry(key).or_insert_with(|| m.best_for(&item.section));
                t.map(|t| (t, ThemeMethod::Section))
            })
            .or_else(|| {
                // Parents precede their children, so the parent's theme is already known.
                let p = item.parent_id.as_deref().and_then(|p| index.get(p)).filter(|&&p| p < i)?;
                m.theme_index.get(out[*p].theme.as_str()).map(|&t| (t, ThemeMethod::Parent))
            })
            .or_else(|| m.best_for(&item.description).map(|t| (t, ThemeMethod::Description)))
            // A talk whose tags name no theme is still judged by its title.
            .or_else(|| {
                if item.tags.is_empty() { None } else { m.best_for(&item.text).map(|t| (t, ThemeMethod::Keyword)) }
            })
            .unwrap_or((fallback, ThemeMethod::Fallback));
        out.push(ItemTheme { theme: themes[chosen.0].id.clone(), method: chosen.1 });
    }
    siblings(&mut out, items, m);
    out
}

/// Ideas no rule themed take the theme most of their list shares: a list is usually one
/// area's ideas ("Hiring", "Public speaking" and "Raise negotiation" under "Essential skills",
/// beside "Leadership" and "Project management", which keywords theme as career). The list is
/// the ideas of one post with one section and one parent; at least half of its keyword-themed
/// ideas, and two or more, must agree.
fn siblings(out: &mut [ItemTheme], items: &[Item], m: &Matchers) {
    fn list(i: &Item) -> (&str, &str, Option<&str>) {
        (i.source_id.as_str(), i.section.as_str(), i.parent_id.as_deref())
    }
    let mut by_list: HashMap<(&str, &str, Option<&str>), BTreeMap<usize, usize>> = HashMap::new();
    // A list of talks the author does not want is a list of dislikes, not one area.
    for (theme, item) in out.iter().zip(items).filter(|(_, i)| i.polarity == Polarity::Wanted) {
        if matches!(theme.method, ThemeMethod::Keyword | ThemeMethod::Tag) {
            *by_list.entry(list(item)).or_default().entry(m.theme_index[theme.theme.as_str()]).or_default() += 1;
        }
    }
    for (theme, item) in out.iter_mut().zip(items) {
        if theme.method != ThemeMethod::Fallback || item.polarity != Polarity::Wanted {
            continue;
        }
        let Some(counts) = by_list.get(&list(item)) else { continue };
        let total: usize = counts.values().sum();
        // Most ideas, then theme order: the same answer on every run.
        let Some((&t, &n)) = counts.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) else { continue };
        if n >= 2 && 2 * n >= total {
            theme.theme = m.seeds.themes[t].id.clone();
            theme.method = ThemeMethod::Siblings;
        }
    }
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

/// Concept ids given so far.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    /// Per base, the suffix to try next: a label shared by thousands of concepts takes its
    /// next free id at once, not after trying every earlier one.
    next: HashMap<String, usize>,
}

impl Ids {
    /// `base`, or `base-2`, `base-3` … whichever is free first.
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Polarity, Theme};
    use crate::seeds::{AliasConcept, Term, TermKind};

    /// A wanted idea with no section (also used by the tests of [`super::suggest`]).
    pub(crate) fn item(source: &str, year: i32, position: u32, text: &str) -> Item {
        Item {
            item_id: crate::extract::item_id(source, position as usize),
            source_id: source.into(),
            year,
            position,
            section: String::new(),
            depth: 0,
            parent_id: None,
            text: text.into(),
            description: String::new(),
            polarity: Polarity::Wanted,
            tags: Vec::new(),
            url: String::new(),
            confidence: Default::default(),
        }
    }

    fn seeds() -> Seeds {
        let theme = |id: &str, keywords: &[&str]| Theme {
            id: id.into(),
            label: id.into(),
            scope: String::new(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        };
        let concept = |label: &str, theme: &str, aliases: &[&str]| AliasConcept {
            label: label.into(),
            theme: theme.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            scope: Scope::Topic,
        };
        Seeds {
            themes: vec![
                theme("web", &["html", "css", "frontend"]),
                theme("data", &["database", "orm", "postgres"]),
                theme("use-cases", &["case study"]),
            ],
            concepts: vec![
                concept("HTMX", "web", &["htmx", "html over the wire"]),
                concept("PostgreSQL", "data", &["postgres", "postgresql"]),
                concept("Everything", "web", &["django"]),
            ],
            vocabulary: Vec::new(),
            overrides: Vec::new(),
            files: Vec::new(),
        }
    }

    fn concepts_of(t: &Taxonomy, items: &[Item], item: &Item) -> Vec<(String, &'static str)> {
        let i = items.iter().position(|x| x.item_id == item.item_id).unwrap();
        t.links
            .iter()
            .filter(|l| l.item == i)
            .map(|l| (t.concepts[l.concept].concept_id.clone(), l.method.as_str()))
            .collect()
    }

    /// A small corpus: two years, aliases, near-duplicates and a catch-all alias ("django").
    fn corpus() -> Vec<Item> {
        let mut items = vec![
            item("a", 2030, 1, "HTMX with Django forms"),
            item("a", 2030, 2, "Django and Postgres full-text search"),
            item("a", 2030, 3, "Lessons from running Django at a newspaper"),
            item("b", 2031, 1, "HTML over the wire in Django"),
            item("b", 2031, 2, "Lessons from running Django at newspapers"),
            item("b", 2031, 3, "Django Deployment to Kubernetes"),
        ];
        items.extend((4..20).map(|p| item("c", 2031, p, &format!("Django topic number {p} about gardening {p}"))));
        items
    }

    #[test]
    fn aliases_link_across_wordings_and_a_catch_all_alias_is_refused() {
        let items = corpus();
        let t = normalize(&items, &seeds());
        assert!(concepts_of(&t, &items, &items[0]).contains(&("htmx".into(), "alias")));
        assert!(concepts_of(&t, &items, &items[3]).contains(&("htmx".into(), "alias")), "html over the wire is HTMX");
        assert!(concepts_of(&t, &items, &items[1]).contains(&("postgresql".into(), "alias")));
        assert!(!t.concepts.iter().any(|c| c.concept_id == "everything"), "every item says django");
        assert!(t.warnings.iter().any(|w| w.contains("\"Everything\" would cover")), "{:?}", t.warnings);
        assert!(items.iter().all(|i| !concepts_of(&t, &items, i).is_empty()), "every item keeps a concept");
    }

    #[test]
    fn near_duplicates_share_an_auto_concept_named_after_the_earliest_mention() {
        let items = corpus();
        let t = normalize(&items, &seeds());
        let a = concepts_of(&t, &items, &items[2]);
        let b = concepts_of(&t, &items, &items[4]);
        let shared: Vec<_> = a.iter().filter(|c| b.iter().any(|d| d.0 == c.0)).collect();
        assert_eq!(shared.len(), 1, "{a:?} {b:?}");
        assert_eq!(shared[0].0, "lessons-from-running-django-at-a-newspaper");
        // Different ideas do not meet.
        assert!(concepts_of(&t, &items, &items[5]).iter().all(|c| !a.contains(c)));
        let theme = &t.concepts.iter().find(|c| c.concept_id == "htmx").unwrap().theme;
        assert_eq!(theme, "web");
    }

    #[test]
    fn concept_ids_do_not_change_when_a_later_year_is_added() {
        let items = corpus();
        let earlier: Vec<Item> = items.iter().filter(|i| i.year == 2030).cloned().collect();
        // Without the catch-all alias, which is a concept among three items but not among twenty.
        let mut seeds = seeds();
        seeds.concepts.pop();
        let before = normalize(&earlier, &seeds);
        let after = normalize(&items, &seeds);
        for item in &earlier {
            for (id, _) in concepts_of(&before, &earlier, item) {
                assert!(concepts_of(&after, &items, item).iter().any(|c| c.0 == id), "{} lost {id}", item.text);
            }
        }
    }

    #[test]
    fn overrides_link_unlink_and_separate_and_report_what_no_longer_matches() {
        let items = corpus();
        let mut seeds = seeds();
        let o = |line, action, item: &str, target: &str| Override {
            line,
            action,
            item: item.into(),
            target: target.into(),
        };
        seeds.overrides = vec![
            o(2, OverrideAction::Link, "b#003", "Kubernetes"),
            o(3, OverrideAction::Unlink, "a: Django and Postgres full-text search", "postgresql"),
            o(4, OverrideAction::Separate, "a#003", "b: Lessons from running Django at newspapers"),
            o(5, OverrideAction::Link, "z#001", "htmx"),
            o(6, OverrideAction::Link, "a#002", "htmx"),
        ];
        let t = normalize(&items, &seeds);
        assert!(concepts_of(&t, &items, &items[5]).contains(&("kubernetes".into(), "override")));
        assert_eq!(t.concepts.iter().find(|c| c.concept_id == "kubernetes").unwrap().origin, ConceptOrigin::Override);
        assert!(!concepts_of(&t, &items, &items[1]).iter().any(|c| c.0 == "postgresql"));
        assert!(concepts_of(&t, &items, &items[1]).contains(&("htmx".into(), "override")));
        let (a, b) = (concepts_of(&t, &items, &items[2]), concepts_of(&t, &items, &items[4]));
        assert!(a.iter().all(|c| !b.iter().any(|d| d.0 == c.0)), "separated: {a:?} {b:?}");
        assert!(!b.is_empty(), "the separated item keeps a concept of its own");
        assert!(
            t.warnings.iter().any(|w| w.starts_with("overrides.csv:5: no item matches \"z#001\"")),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn a_merge_moves_every_item_of_one_concept_into_another() {
        let mut items = corpus();
        items.push(item("d", 2032, 1, "Full-text search with Postgres"));
        items.push(item("d", 2032, 2, "Server-sent HTML fragments"));
        let mut seeds = seeds();
        let o = |line, item: &str, target: &str| Override {
            line,
            action: OverrideAction::Merge,
            item: item.into(),
            target: target.into(),
        };
        seeds.overrides = vec![
            o(2, "PostgreSQL", "htmx"),
            o(3, "htmx", "nowhere"),
            o(4, "Quantum", "htmx"),
            // A later row naming the merged concept reaches where it went.
            o(5, "Server-sent HTML fragments", "postgresql"),
        ];
        let t = normalize(&items, &seeds);
        assert!(!t.concepts.iter().any(|c| c.concept_id == "postgresql"), "the merged concept is gone");
        let full_text = items.len() - 2;
        for i in [1, full_text] {
            assert!(concepts_of(&t, &items, &items[i]).contains(&("htmx".into(), "override")), "item {i}");
        }
        assert!(concepts_of(&t, &items, &items[0]).contains(&("htmx".into(), "alias")), "HTMX keeps its own");
        assert!(concepts_of(&t, &items, &items[full_text + 1]).contains(&("htmx".into(), "override")), "followed");
        for (line, name) in [(3, "nowhere"), (4, "Quantum")] {
            let warning = format!("overrides.csv:{line}: no concept is named {name:?}; the merge does nothing");
            assert!(t.warnings.contains(&warning), "{:?}", t.warnings);
        }
    }

    #[test]
    fn many_idle_overrides_are_one_warning_a_few_are_each_named() {
        let what = "no item matches \"x\"; the override does nothing";
        let idle = |line: usize| (line, what.to_string());
        let few = idle_override_warnings(vec![idle(3), idle(5)]);
        assert_eq!(few, [format!("overrides.csv:3: {what}"), format!("overrides.csv:5: {what}")]);
        let many = idle_override_warnings([3, 5, 8, 13, 21].map(idle).to_vec());
        assert_eq!(many.len(), 1, "{many:?}");
        assert!(
            many[0].starts_with("overrides.csv: 5 rows match nothing in this build (lines 3, 5, 8, 13, 21)"),
            "{many:?}"
        );
    }

    #[test]
    fn copies_of_one_post_are_its_ideas_not_catch_alls() {
        // Three ideas, each in 5,000 posts: a third of all items each, but three ideas.
        let ideas = ["Caching with Redis", "Postgres full-text search", "HTMX forms"];
        let items: Vec<Item> = (0..5_000)
            .flat_map(|s| ideas.iter().enumerate().map(move |(p, t)| item(&format!("s{s}"), 2030, p as u32 + 1, t)))
            .collect();
        let started = std::time::Instant::now();
        let t = normalize(&items, &seeds());
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let mut labels: Vec<&str> = t.concepts.iter().map(|c| c.label.as_str()).collect();
        labels.sort();
        assert_eq!(labels, ["Caching with Redis", "HTMX", "PostgreSQL"], "one concept per idea");
        // Generous for a debug build: labels repeated thousands of times once took quadratic time.
        assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    }

    #[test]
    fn an_idea_no_rule_themes_takes_the_theme_most_of_its_list_shares() {
        let in_list = |position: u32, text: &str, section: &str| Item {
            section: section.into(),
            ..item("a", 2030, position, text)
        };
        let items = [
            in_list(1, "Postgres at scale", "Backend"),
            in_list(2, "The ORM", "Backend"),
            in_list(3, "Notifications", "Backend"),
            in_list(4, "CSS", "Look and feel"),
            in_list(5, "Gardening", "Look and feel"),
            in_list(6, "Beekeeping", "Elsewhere"),
            Item { polarity: Polarity::Unwanted, ..in_list(7, "Crypto", "Backend") },
        ];
        let t = normalize(&items, &seeds());
        assert_eq!(t.item_themes[6].method, ThemeMethod::Fallback, "talks the author does not want are no area");
        assert_eq!(t.item_themes[2], ItemTheme { theme: "data".into(), method: ThemeMethod::Siblings });
        assert_eq!(t.item_themes[4].method, ThemeMethod::Fallback, "one themed sibling is not a list's theme");
        assert_eq!(t.item_themes[5].method, ThemeMethod::Fallback);
    }

    #[test]
    fn theme_keywords_meet_inflections_and_the_words_inside_vocabulary_terms() {
        let mut seeds = seeds();
        seeds.themes.push(Theme {
            id: "community".into(),
            label: "Community".into(),
            scope: String::new(),
            keywords: vec!["diversity".into(), "productivity".into()],
        });
        seeds.themes[1].keywords.push("machine learning".into());
        seeds.vocabulary = vec![
            Term::new("diversity and inclusion", TermKind::Topic, &["dei"]),
            Term::new("machine learning", TermKind::Topic, &["ml"]),
            Term::new("cascading style sheets", TermKind::Topic, &["css"]),
        ];
        let items = [
            item("a", 2030, 1, "DEI in open source"),
            item("a", 2030, 2, "Diversity and inclusion"),
            item("a", 2030, 3, "Production-ready CSS"),
            item("a", 2030, 4, "Databases and productivity"),
            item("a", 2030, 5, "CSS for machine learning"),
            item("a", 2030, 6, "CSS for ML"),
            item("a", 2030, 7, "Image management"),
        ];
        seeds.concepts.push(AliasConcept {
            label: "Managers".into(),
            theme: "community".into(),
            aliases: vec!["manager".into()],
            scope: Scope::Topic,
        });
        let t = normalize(&items, &seeds);
        let themes: Vec<&str> = t.item_themes.iter().map(|t| t.theme.as_str()).collect();
        // The vocabulary reads "diversity and inclusion" as one term; it keeps what its words mean.
        assert_eq!(themes[..2], ["community", "community"]);
        // "production" is not "productivity", though the stemmer gives both one stem.
        assert_eq!(themes[2], "web");
        // Two keywords of one word each: a tie goes to the theme listed first.
        assert_eq!(themes[3], "data");
        // A match weighs the words written: "machine learning" is two, "CSS" and "ML" one each,
        // whatever the vocabulary reads them as.
        assert_eq!(themes[4..6], ["data", "web"]);
        // Nor does an alias theme a derivation of its word: "management" is not "manager".
        assert_eq!(t.item_themes[6].method, ThemeMethod::Fallback);
    }

    #[test]
    fn an_idea_of_facet_words_only_takes_its_sections_theme() {
        let mut seeds = seeds();
        seeds.themes[2].keywords.push("beginners".into());
        seeds.vocabulary = vec![Term::new("beginner", TermKind::Facet, &["newcomer"])];
        let items = [
            Item { section: "Postgres".into(), ..item("a", 2030, 1, "For beginners") },
            Item { section: "Postgres".into(), ..item("a", 2030, 2, "CSS for beginners") },
        ];
        let t = normalize(&items, &seeds);
        assert_eq!(t.item_themes[0], ItemTheme { theme: "data".into(), method: ThemeMethod::Section });
        assert_eq!(t.item_themes[1], ItemTheme { theme: "web".into(), method: ThemeMethod::Keyword });
    }

    #[test]
    fn a_keyword_that_begins_with_a_function_word_names_a_whole_tag() {
        let mut seeds = seeds();
        seeds.themes[2].keywords.push("how I used Django".into());
        let mut talk = item("p", 2030, 1, "Gardening with Django");
        talk.tags = vec!["How I Used Django".into()];
        let idea = item("a", 2030, 1, "Using Django for CSS");
        let t = normalize(&[talk, idea], &seeds);
        assert_eq!(t.item_themes[0], ItemTheme { theme: "use-cases".into(), method: ThemeMethod::Tag });
        assert_eq!(t.item_themes[1].theme, "web", "\"using Django\" in a title is not the tag");
    }

    #[test]
    fn examples_of_a_subject_do_not_make_it_the_subject() {
        let items = [
            item("a", 2030, 1, "Deep dives into internals (e.g. HTMX)"),
            item("a", 2030, 2, "Frontend tricks such as HTMX"),
            item("b", 2031, 1, "HTMX: the good parts"),
        ];
        let t = normalize(&items, &seeds());
        let htmx = |i: usize| concepts_of(&t, &items, &items[i]).iter().any(|(c, _)| c == "htmx");
        assert!(!htmx(0) && !htmx(1), "an example is an instance, not the idea's subject");
        assert!(htmx(2), "a qualifier after the subject keeps it");
    }

    #[test]
    fn program_tags_decide_a_talks_theme_first_tag_first() {
        let mut talk = item("p", 2030, 1, "A talk about gardening");
        talk.tags = vec!["Databases".into(), "CSS".into()];
        let t = normalize(&[talk], &seeds());
        assert_eq!(t.item_themes[0], ItemTheme { theme: "data".into(), method: ThemeMethod::Tag });
    }

    /// Whether items `a` and `b` share a subject concept.
    fn share_subject(t: &Taxonomy, a: usize, b: usize) -> bool {
        let of = subjects_by_item(&t.links, &t.concepts, t.item_themes.len());
        of[a].iter().any(|c| of[b].contains(c))
    }

    #[test]
    fn a_head_topic_is_compared_without_the_words_common_in_the_build() {
        // "Django" is in more than an eighth of this build's ideas: it names no subject.
        let mut items: Vec<Item> =
            (1..40).map(|p| item("filler", 2030, p, &format!("Django idea {p} on subject{p}"))).collect();
        items.push(item("a", 2031, 1, "Django Fellows - current and past"));
        items.push(item("b", 2031, 1, "Learning more about our fellows"));
        items.push(item("c", 2031, 1, "Django testing"));
        items.push(item("d", 2031, 1, "Django deployment"));
        let t = normalize(&items, &seeds());
        assert!(share_subject(&t, 39, 40), "Django Fellows ~ our fellows");
        assert!(!share_subject(&t, 41, 42), "a topic is still its own: testing is not deployment");
    }

    #[test]
    fn a_posts_platform_named_in_passing_is_context_and_named_as_the_subject_is_shared() {
        let mut seeds = seeds();
        seeds.concepts.push(AliasConcept {
            label: "Rust".into(),
            theme: "web".into(),
            aliases: vec!["rust".into()],
            scope: Scope::Topic,
        });
        let texts = [
            "Rust's next release",
            "Teaching with Rust",
            "Embedding other languages in Rust",
            "Rust for gamedev",
            "Quantum knitting",
        ];
        let mut items: Vec<Item> =
            texts.iter().enumerate().map(|(n, t)| item("rustconf", 2030, n as u32 + 1, t)).collect();
        items.push(item("other", 2030, 1, "Teaching with Rust"));
        let t = normalize(&items, &seeds);
        let method =
            |i: usize| concepts_of(&t, &items, &items[i]).into_iter().find(|(c, _)| c == "rust").map(|(_, m)| m);
        assert_eq!(method(0), Some("alias"), "an idea about the platform itself keeps it as its subject");
        assert_eq!(method(3), Some("alias"), "its head names it");
        assert_eq!(method(1), Some("context"), "in passing, after its subject");
        assert_eq!(method(2), Some("context"));
        assert_eq!(method(5), Some("alias"), "a post about other things: Rust is what the idea names");
        let subjects = subjects_by_item(&t.links, &t.concepts, items.len());
        assert!(subjects[1].iter().all(|c| !subjects[2].contains(c)), "teaching and embedding share no subject");
    }
}
