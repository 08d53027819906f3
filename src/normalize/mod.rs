//! Items to a taxonomy: a primary theme for every item, concepts shared across posts and
//! years, and the reason for every item-to-concept link.
//!
//! Curated aliases (`seeds/aliases.csv`) are matched first. Items no alias explains, and
//! near-duplicates of each other, are grouped automatically ([`group`]). Themes are scored from
//! the theme keywords (`seeds/themes.csv`) and the item's alias concepts, then fall back to the
//! item's section label, its parent, and its description.

mod concepts;
mod explain;
pub mod group;
mod labels;
pub mod phrases;
pub mod suggest;
mod themes;
pub mod topics;
pub mod vocabulary;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};
use rayon::prelude::*;

use crate::model::{Concept, ConceptOrigin, Item, ItemConcept, Method, Polarity, Scope, ThemeMethod};
use crate::seeds::{Override, OverrideAction, Seeds, TermKind};
use crate::text;
use phrases::Phrases;
use topics::Topic;
use vocabulary::Vocabulary;

use concepts::*;
pub use explain::{TextReading, ThemeEvidence, read_text};
pub use themes::theme_for;
use themes::*;

/// An item's primary theme and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTheme {
    /// Theme id.
    pub theme: String,
    /// Which rule chose it.
    pub method: ThemeMethod,
}

/// The result of normalization.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    /// One per item, in item order.
    pub item_themes: Vec<ItemTheme>,
    /// Every concept with at least one item, sorted by id.
    pub concepts: Vec<Concept>,
    /// Item-to-concept links in item order, then concept id (indices into the items and
    /// into `concepts`).
    pub item_concepts: Vec<ItemConcept>,
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

/// Normalize all items of a build together (grouping needs to see every item).
pub fn normalize(items: &[Item], seeds: &Seeds) -> Taxonomy {
    let m = Matchers::new(seeds);
    // Per item, independent of the others: terms, alias matches, theme scores.
    let mut analyzed: Vec<Analyzed> = items.par_iter().map(|item| m.analyze(item)).collect();
    themes::read_platforms(items, &mut analyzed, &m);
    let item_themes = assign_themes(items, &analyzed, &m);
    let stems: Vec<Vec<String>> =
        analyzed.par_iter().map(|a| distinct(a.terms.iter().filter(|t| !text::is_mask(t)).cloned())).collect();
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
    let accepted = b.alias_concepts(seeds, &analyzed);
    // What each item's accepted alias concepts are: refused catch-alls join nothing.
    let aliases: Vec<Vec<usize>> =
        analyzed.iter().map(|a| a.concepts.iter().copied().filter(|&c| accepted[c]).collect()).collect();
    b.auto_concepts(&groups, &aliases, &item_themes, &m.theme_index);
    b.topic_concepts(&analyzed, &common, &item_themes, &m.theme_index, &m.vocabulary);
    b.platform_context(&analyzed, &m);
    b.overrides(&seeds.overrides, &item_themes);
    let idle = std::mem::take(&mut b.idle_overrides);
    b.warnings.extend(idle_override_warnings(idle));
    b.singletons(&item_themes);
    let mut taxonomy = b.finish(item_themes);
    let subjects = subjects_by_item(&taxonomy.item_concepts, &taxonomy.concepts, items.len());
    let themed = themes::from_concepts(&mut taxonomy.item_themes, items, &subjects, &m);
    rethemed_concepts(&mut taxonomy, &themed, &m.theme_index);
    let topics: Vec<Vec<Topic>> = analyzed.into_iter().map(|a| a.topics).collect();
    taxonomy.suggestions = suggest::suggest(&suggest::Grouping {
        items,
        keys: &keys,
        topics: &topics,
        subjects: &subjects,
        concepts: &taxonomy.concepts,
        overrides: &seeds.overrides,
        wordings: &wording.0,
    });
    taxonomy
}

/// A group's theme is its members' most common one: when ideas took their concept's theme,
/// the rules' groups they are in count them again (curated concepts keep their own theme).
fn rethemed_concepts(taxonomy: &mut Taxonomy, themed: &[usize], order: &HashMap<&str, usize>) {
    if themed.is_empty() {
        return;
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for l in &taxonomy.item_concepts {
        members.entry(l.concept).or_default().push(l.item);
    }
    for (c, of) in members {
        let rules = matches!(taxonomy.concepts[c].origin, ConceptOrigin::Auto | ConceptOrigin::Topic);
        if rules && of.iter().any(|i| themed.binary_search(i).is_ok()) {
            let theme = majority_theme(of.iter().map(|&i| taxonomy.item_themes[i].theme.as_str()), order);
            taxonomy.concepts[c].theme = theme;
        }
    }
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
            if let Some(section) = item.section.as_deref().filter(|_| key.len() < 2) {
                let context = text::terms(section).into_iter().filter(|t| !text::is_mask(t));
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

fn distinct(terms: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = terms.collect();
    v.sort();
    v.dedup();
    v
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
            section: None,
            depth: 0,
            parent_id: None,
            text: text.into(),
            description: None,
            polarity: Polarity::Wanted,
            tags: Vec::new(),
            url: None,
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
        t.item_concepts
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
    fn an_idea_no_rule_themes_takes_the_theme_of_its_concepts_other_ideas() {
        let items = [
            item("a", 2030, 1, "Sharding"),
            item("b", 2030, 1, "Sharding with Postgres"),
            item("c", 2030, 1, "Sharding with Postgres"),
            item("a", 2030, 2, "Beekeeping"),
            item("b", 2030, 2, "Beekeeping with an ORM"),
        ];
        let t = normalize(&items, &seeds());
        let shard = t.item_concepts.iter().find(|l| l.item == 0).map(|l| l.concept);
        assert!(t.item_concepts.iter().any(|l| l.item == 1 && Some(l.concept) == shard), "{:?}", t.concepts);
        assert_eq!(t.item_themes[0], ItemTheme { theme: "data".into(), method: ThemeMethod::Concept });
        assert_eq!(t.concepts[shard.unwrap()].theme, "data");
        assert_eq!(t.item_themes[3].method, ThemeMethod::Fallback, "one themed idea is not a concept's theme");
    }

    #[test]
    fn an_idea_no_rule_themes_takes_the_theme_most_of_its_list_shares() {
        let in_list = |position: u32, text: &str, section: &str| Item {
            section: Some(section.to_string()).filter(|s| !s.is_empty()),
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
    fn a_posts_own_language_is_read_as_python_and_its_framework_as_django_core() {
        let mut seeds = seeds();
        let theme = |id: &str, keywords: &[&str]| Theme {
            id: id.into(),
            label: id.into(),
            scope: String::new(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        };
        seeds.themes.push(theme("python", &[]));
        seeds.themes.push(theme("django-core", &[]));
        seeds.themes.push(theme("quality", &["testing"]));
        // JavaScript is a frontend keyword wherever it is not the community's own language.
        seeds.themes[0].keywords.push("javascript".into());
        seeds.vocabulary = vec![
            Term::new("javascript", TermKind::Language, &["node.js"]),
            Term::new("rails", TermKind::Framework, &[]),
        ];
        let posts: [(&str, &[&str]); 3] = [
            ("node", &["Node.js scripting", "Testing Node.js services", "Node.js at scale", "Postgres tuning"]),
            ("rails", &["The state of Rails", "Rails internals", "Rails and Postgres"]),
            ("django", &["Node.js scripting", "Admin tricks", "Forms", "Signals"]),
        ];
        let items: Vec<Item> = posts
            .iter()
            .flat_map(|(post, ideas)| ideas.iter().zip(1..).map(|(idea, n)| item(post, 2030, n, idea)))
            .collect();
        let t = normalize(&items, &seeds);
        let themes: Vec<&str> = t.item_themes.iter().map(|t| t.theme.as_str()).collect();
        // Most of the Node meetup's ideas name Node.js: it says whose ideas they are, and
        // every other keyword outweighs it.
        assert_eq!(themes[..4], ["python", "quality", "python", "data"]);
        assert_eq!(themes[4..7], ["django-core", "django-core", "data"]);
        let methods: Vec<ThemeMethod> = t.item_themes[..3].iter().map(|t| t.method).collect();
        assert_eq!(methods, [ThemeMethod::Platform, ThemeMethod::Keyword, ThemeMethod::Platform]);
        // Named once in a post about something else, Node.js is a frontend subject.
        assert_eq!(themes[7], "web");
    }

    #[test]
    fn an_idea_of_facet_words_only_takes_its_sections_theme() {
        let mut seeds = seeds();
        seeds.themes[2].keywords.push("beginners".into());
        seeds.vocabulary = vec![Term::new("beginner", TermKind::Facet, &["newcomer"])];
        let items = [
            Item { section: Some("Postgres".into()), ..item("a", 2030, 1, "For beginners") },
            Item { section: Some("Postgres".into()), ..item("a", 2030, 2, "CSS for beginners") },
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
        let of = subjects_by_item(&t.item_concepts, &t.concepts, t.item_themes.len());
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
        let subjects = subjects_by_item(&t.item_concepts, &t.concepts, items.len());
        assert!(subjects[1].iter().all(|c| !subjects[2].contains(c)), "teaching and embedding share no subject");
    }
}
