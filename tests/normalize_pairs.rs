//! Hand-labelled pairs of ideas (tests/fixtures/pairs.csv, the team's own wording) normalized
//! with the project's seeds: same-topic pairs must share a concept, different-topic pairs must
//! not, and the primary theme must be the one a person picks.

mod common;

use std::collections::{BTreeMap, HashSet};

use cfp_taxonomy::model::{Item, Polarity};

#[derive(serde::Deserialize)]
struct Pair {
    label: String,
    a: String,
    theme_a: String,
    b: String,
    theme_b: String,
}

#[test]
fn labelled_pairs_share_concepts_exactly_when_they_are_one_topic() {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(common::root().join("tests/fixtures/pairs.csv"))
        .unwrap();
    let pairs: Vec<Pair> = reader.deserialize().map(Result::unwrap).collect();
    // Each distinct wording is one item, as if every idea came from its own post.
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for p in &pairs {
        texts.insert(p.a.clone(), p.theme_a.clone());
        texts.insert(p.b.clone(), p.theme_b.clone());
    }
    let items: Vec<Item> = texts
        .keys()
        .enumerate()
        .map(|(n, text)| Item {
            item_id: format!("p{n}#001"),
            source_id: format!("p{n}"),
            year: 2031,
            position: 1,
            section: None,
            depth: 0,
            parent_id: None,
            text: text.clone(),
            description: None,
            polarity: Polarity::Wanted,
            tags: Vec::new(),
            url: None,
            confidence: Default::default(),
        })
        .collect();
    let seeds = cfp_taxonomy::seeds::load(&common::root().join("seeds")).unwrap();
    let t = cfp_taxonomy::normalize::normalize(&items, &seeds);
    let concepts = |text: &str| -> HashSet<String> {
        let i = items.iter().position(|i| i.text == text).unwrap();
        t.item_concepts.iter().filter(|l| l.item == i).map(|l| t.concepts[l.concept].concept_id.clone()).collect()
    };
    let (mut same, mut same_ok, mut diff, mut diff_ok) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for p in &pairs {
        let shared = concepts(&p.a).intersection(&concepts(&p.b)).count() > 0;
        if p.label == "same" {
            same += 1;
            same_ok += usize::from(shared);
        } else {
            diff += 1;
            diff_ok += usize::from(!shared);
        }
        if shared != (p.label == "same") {
            misses.push(format!("{} | {} | {}: {:?} {:?}", p.label, p.a, p.b, concepts(&p.a), concepts(&p.b)));
        }
    }
    let themes_right = items.iter().zip(&t.item_themes).filter(|(i, th)| texts[&i.text] == th.theme).count();
    let wrong_themes: Vec<String> = items
        .iter()
        .zip(&t.item_themes)
        .filter(|(i, th)| texts[&i.text] != th.theme)
        .map(|(i, th)| format!("{}: {} (want {})", i.text, th.theme, texts[&i.text]))
        .collect();
    let same_rate = same_ok as f64 / same as f64;
    let diff_rate = diff_ok as f64 / diff as f64;
    let theme_rate = themes_right as f64 / items.len() as f64;
    eprintln!(
        "pairs: same-topic share a concept {same_rate:.3} ({same}), different-topic share none {diff_rate:.3} ({diff}), themes right {theme_rate:.3} ({})",
        items.len()
    );
    eprintln!("{misses:#?}\n{wrong_themes:#?}");
    assert!(same_rate >= 0.93 && diff_rate >= 0.95, "{misses:#?}");
    assert!(theme_rate >= 0.90, "{wrong_themes:#?}");
}
