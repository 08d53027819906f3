//! Data tests run on every build before anything is written, as dbt runs its tests: unique and
//! non-null ids, relationships between tables, accepted values. A violation fails the build and
//! names the rows, so a bug never reaches an analyst's notebook as quiet nonsense.

use foldhash::{HashSet, HashSetExt};

use crate::analyze::Analysis;
use crate::model::{Item, SourceRecord};
use crate::normalize::Taxonomy;

/// How many offending rows a message names before it counts the rest.
const NAMED: usize = 5;

/// One failed data test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `table.column`.
    pub column: String,
    /// The test that failed: `unique`, `not_null`, `relationship`, `accepted_values`.
    pub test: &'static str,
    /// The offending values, the first few.
    pub rows: Vec<String>,
    /// How many rows fail.
    pub count: usize,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} fails {} on {} rows: {}", self.column, self.test, self.count, self.rows.join(", "))?;
        if self.count > self.rows.len() {
            write!(f, ", …")?;
        }
        Ok(())
    }
}

struct Checker {
    violations: Vec<Violation>,
}

impl Checker {
    fn fail(&mut self, column: &str, test: &'static str, bad: Vec<String>) {
        if !bad.is_empty() {
            let count = bad.len();
            self.violations.push(Violation {
                column: column.into(),
                test,
                rows: bad.into_iter().take(NAMED).collect(),
                count,
            });
        }
    }

    fn unique_not_null<'a>(&mut self, column: &str, values: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        let mut nulls = Vec::new();
        let mut dupes = Vec::new();
        for (row, v) in values.enumerate() {
            if v.is_empty() {
                nulls.push(format!("row {}", row + 1));
            } else if !seen.insert(v) {
                dupes.push(v.to_string());
            }
        }
        self.fail(column, "not_null", nulls);
        self.fail(column, "unique", dupes);
    }

    fn accepted<'a>(&mut self, column: &str, values: impl Iterator<Item = &'a str>, allowed: &[&str]) {
        let bad: Vec<String> = values.filter(|v| !allowed.contains(v)).map(str::to_string).collect();
        self.fail(column, "accepted_values", bad);
    }

    fn relationship<'a>(&mut self, column: &str, values: impl Iterator<Item = &'a str>, parents: &HashSet<&str>) {
        let bad: Vec<String> = values.filter(|v| !parents.contains(v)).map(str::to_string).collect();
        self.fail(column, "relationship", bad);
    }
}

/// Every data test; an empty list means the build may be written.
pub fn check(sources: &[SourceRecord], items: &[Item], taxonomy: &Taxonomy, analysis: &Analysis) -> Vec<Violation> {
    let mut c = Checker { violations: Vec::new() };
    c.unique_not_null("sources.source_id", sources.iter().map(|s| s.source.id.as_str()));
    c.accepted(
        "sources.status",
        sources.iter().map(|s| s.status.as_str()),
        &["ok", "unavailable", "blocked", "error", "empty"],
    );
    c.unique_not_null("items.item_id", items.iter().map(|i| i.item_id.as_str()));
    let source_ids: HashSet<&str> = sources.iter().map(|s| s.source.id.as_str()).collect();
    c.relationship("items.source_id", items.iter().map(|i| i.source_id.as_str()), &source_ids);
    let item_ids: HashSet<&str> = items.iter().map(|i| i.item_id.as_str()).collect();
    c.relationship("items.parent_id", items.iter().filter_map(|i| i.parent_id.as_deref()), &item_ids);
    c.accepted("items.polarity", items.iter().map(|i| i.polarity.as_str()), &["wanted", "unwanted"]);
    if taxonomy.item_themes.len() != items.len() {
        c.fail(
            "items.theme",
            "not_null",
            vec![format!("{} themes for {} items", taxonomy.item_themes.len(), items.len())],
        );
    }
    c.unique_not_null("concepts.concept_id", taxonomy.concepts.iter().map(|k| k.concept_id.as_str()));
    // Links hold indices: every one must point at a row, and no item may link a concept twice.
    let bad_items: Vec<String> =
        taxonomy.item_concepts.iter().filter(|l| l.item >= items.len()).map(|l| format!("item #{}", l.item)).collect();
    c.fail("item_concepts.item_id", "relationship", bad_items);
    let bad_concepts: Vec<String> = taxonomy
        .item_concepts
        .iter()
        .filter(|l| l.concept >= taxonomy.concepts.len())
        .map(|l| format!("concept #{}", l.concept))
        .collect();
    c.fail("item_concepts.concept_id", "relationship", bad_concepts);
    c.accepted(
        "item_concepts.method",
        taxonomy.item_concepts.iter().map(|l| l.method.as_str()),
        &["alias", "fingerprint", "similar", "override", "topic", "context"],
    );
    c.accepted("concepts.scope", taxonomy.concepts.iter().map(|k| k.scope.as_str()), &["topic", "broad"]);
    let mut linked = vec![false; items.len()];
    for l in taxonomy.item_concepts.iter().filter(|l| l.item < items.len()) {
        linked[l.item] = true;
    }
    let unlinked: Vec<String> =
        items.iter().zip(&linked).filter(|(_, l)| !**l).map(|(i, _)| i.item_id.clone()).collect();
    c.fail("items.item_id", "has_concept", unlinked);
    let mut pairs: Vec<(usize, usize)> = taxonomy.item_concepts.iter().map(|l| (l.item, l.concept)).collect();
    pairs.sort_unstable();
    let name = |i: usize, k: usize| {
        let item = items.get(i).map_or("?", |x| x.item_id.as_str());
        let concept = taxonomy.concepts.get(k).map_or("?", |x| x.concept_id.as_str());
        format!("{item}→{concept}")
    };
    let doubled: Vec<String> = pairs.windows(2).filter(|w| w[0] == w[1]).map(|w| name(w[0].0, w[0].1)).collect();
    c.fail("item_concepts.(item_id, concept_id)", "unique", doubled);
    c.accepted(
        "trends.status",
        analysis.trends.iter().map(|t| t.status.as_str()),
        &["new", "recurring", "returning", "dropped"],
    );
    let bad_overlap: Vec<String> = analysis
        .overlap
        .iter()
        .filter(|o| {
            !(0.0..=1.0).contains(&o.jaccard)
                || !source_ids.contains(o.source_a.as_str())
                || !source_ids.contains(o.source_b.as_str())
        })
        .map(|o| format!("{}/{}", o.source_a, o.source_b))
        .collect();
    c.fail("overlap", "relationship", bad_overlap);
    c.violations.sort_by(|a, b| (&a.column, a.test).cmp(&(&b.column, b.test)));
    c.violations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Concept, ConceptOrigin, ItemConcept, Method, Polarity};
    use crate::normalize::ItemTheme;

    fn item(id: &str, source: &str, parent: Option<&str>) -> Item {
        Item {
            item_id: id.into(),
            source_id: source.into(),
            year: 2030,
            position: 1,
            section: None,
            depth: 0,
            parent_id: parent.map(str::to_string),
            text: "x".into(),
            description: None,
            polarity: Polarity::Wanted,
            tags: Vec::new(),
            url: None,
            confidence: Default::default(),
        }
    }

    /// The one concept of these tests.
    fn concept() -> Concept {
        Concept {
            concept_id: "c".into(),
            label: "C".into(),
            theme: "t".into(),
            origin: ConceptOrigin::Auto,
            scope: crate::model::Scope::Topic,
        }
    }

    #[test]
    fn broken_ids_and_relationships_are_named() {
        let items = vec![item("a#001", "a", None), item("a#001", "ghost", Some("a#999")), item("", "a", None)];
        let taxonomy = Taxonomy {
            item_themes: vec![ItemTheme { theme: "t".into(), method: crate::model::ThemeMethod::Keyword }; 3],
            concepts: vec![concept()],
            item_concepts: vec![
                ItemConcept { item: 0, concept: 5, method: Method::Alias, score: 1.0 },
                ItemConcept { item: 0, concept: 0, method: Method::Alias, score: 1.0 },
                ItemConcept { item: 0, concept: 0, method: Method::Alias, score: 1.0 },
            ],
            warnings: Vec::new(),
            suggestions: Vec::new(),
        };
        let v = check(&[], &items, &taxonomy, &Analysis::default());
        let named: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert!(named.contains(&"items.item_id fails unique on 1 rows: a#001".to_string()), "{named:#?}");
        assert!(named.contains(&"items.item_id fails not_null on 1 rows: row 3".to_string()), "{named:#?}");
        assert!(named.iter().any(|n| n.starts_with("items.source_id fails relationship on 3 rows")), "{named:#?}");
        assert!(named.contains(&"items.parent_id fails relationship on 1 rows: a#999".to_string()));
        assert!(named.contains(&"item_concepts.concept_id fails relationship on 1 rows: concept #5".to_string()));
        assert!(named.contains(&"item_concepts.(item_id, concept_id) fails unique on 1 rows: a#001→c".to_string()));
    }

    #[test]
    fn a_clean_build_passes() {
        let items = vec![item("a#001", "a", None)];
        let taxonomy = Taxonomy {
            item_themes: vec![ItemTheme { theme: "t".into(), method: crate::model::ThemeMethod::Keyword }],
            concepts: vec![concept()],
            item_concepts: vec![ItemConcept { item: 0, concept: 0, method: Method::Alias, score: 1.0 }],
            warnings: Vec::new(),
            suggestions: Vec::new(),
        };
        let source = crate::model::SourceRecord {
            source: crate::model::Source {
                id: "a".into(),
                title: "A".into(),
                author: None,
                event: "E".into(),
                year: 2030,
                published: None,
                kind: crate::model::Kind::Ideas,
                format: crate::model::Format::Markdown,
                url: "https://a.example/".into(),
                fetch_url: None,
                snapshot: true,
                path: None,
                line: 1,
                credentials: None,
            },
            status: crate::model::Status::Ok,
            reason: None,
            item_count: 1,
            sha256: None,
            origin: None,
            discovered_from: None,
        };
        assert_eq!(check(&[source], &items, &taxonomy, &Analysis::default()), Vec::new());
    }
}
