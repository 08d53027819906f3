//! Extraction of every post in ../shared/corpus: expected counts and a sample of items per post
//! (position, depth, section, text), checked by hand against the posts.

mod common;

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Item, Polarity};

fn items(id: &str) -> Vec<Item> {
    let corpus = common::corpus();
    let sources = cfp_taxonomy::sources::load(&corpus.join("sources.toml")).unwrap();
    let source = sources.iter().find(|s| s.id == id).unwrap();
    let bytes = std::fs::read(corpus.join(format!("{id}.{}", source.format.extension()))).unwrap();
    extract(source, &bytes, None).unwrap().items
}

/// `(section, text)` of an item the post must give; long texts are given by their first words.
type Sample = (&'static str, &'static str);

/// Each post: its item count where it is pinned (the seed post, whose 44 ideas must all read, and the
/// programs, which no model judges), and items it must give.
const EXPECTED: &[(&str, Option<usize>, &[Sample])] = &[
    (
        "michel-2025",
        Some(44),
        &[
            ("Interesting Django Use Cases and Case Studies", "Lesser known architectures and patterns, when"),
            ("Opinionated Django", "HTML over the Wire and ecosystem"),
        ],
    ),
    (
        "michel-2024",
        None,
        &[
            ("New Features and Future Outlook", "New Django features"),
            ("Python/Django and Open Source", "How to get started with open"),
        ],
    ),
    (
        "winstel-2025",
        None,
        &[
            ("", "Developing for good in the current political climate"),
            ("Database tips and tricks", "How to structure your ORM queries for better performance"),
        ],
    ),
    (
        "winstel-2024",
        None,
        &[
            ("", "New features in Django 5.1"),
            ("GPTs, LLMs, and AIs, oh my!", "Can you justify using that much cloud computing in a climate crisis?"),
        ],
    ),
    (
        "triplett-2024",
        None,
        &[
            ("", "Modern Django"),
            ("Theme: Rust", "What can a Django developer take"),
            ("Talks I don\u{2019}t want to see", "Your product unless you are sponsoring."),
        ],
    ),
    (
        "triplett-2023",
        None,
        &[
            ("Embracing HTML and lightweight front-end frameworks", "HTMx and intermediate content"),
            ("Panels", "DSF board - to see what's"),
        ],
    ),
    ("triplett-2022", None, &[("Embracing HTML", "An intro to HTMx"), ("Deep Dives", "Production-Ready Django")]),
    (
        "triplett-2018",
        None,
        &[
            ("", "Deep Dives"),
            ("What's new in Django 2.x", "Simplified URL routing syntax"),
            ("MOAR", "More GraphQL talks."),
            // Readers' suggestions, quoted as embedded tweets under "Updates": their lines typed
            // as bullets are entries.
            ("2018-06-01 - What you said you want to see!", "Async battle: Celery vs RedisQ"),
            ("2018-06-01 - What you said you want to see!", "My favorite full stack: Django + Vuejs"),
        ],
    ),
    (
        "triplett-2017",
        None,
        &[
            ("Essential Skills", "12 Factor App"),
            ("Backend", "Advanced Lookups"),
            ("Your Feedback", "API design via Renato Oliveira"),
        ],
    ),
    (
        "triplett-2016",
        None,
        &[
            ("Django Technology Pairings", "Javascript or JS Frameworks: React.js, Vue.js,"),
            ("What's new in Django 1.10?", "An overview of the good parts"),
            ("General", "Community building"),
            ("Community input (what you tweeted)", "Accessibility via @williln"),
        ],
    ),
    ("program-2025", Some(40), &[]),
    ("program-2024", Some(54), &[]),
    ("program-2023", Some(51), &[]),
];

#[test]
fn every_corpus_post_gives_its_expected_items() {
    for (id, count, samples) in EXPECTED {
        let items = items(id);
        if let Some(count) = count {
            assert_eq!(items.len(), *count, "{id}: {:#?}", items.iter().map(|i| &i.text).collect::<Vec<_>>());
        }
        for (section, text) in *samples {
            let item = items.iter().find(|i| i.text.starts_with(text));
            let item = item.unwrap_or_else(|| panic!("{id}: no item starts with {text:?}"));
            assert_eq!(item.section_text(), *section, "{id}: {text:?}");
        }
        // Parents come before their children and are one level up.
        for item in &items {
            if let Some(parent) = &item.parent_id {
                let p = items.iter().find(|i| &i.item_id == parent).unwrap();
                assert!(p.position < item.position && p.depth + 1 == item.depth, "{id}: {}", item.text);
            }
        }
    }
}

#[test]
fn the_seed_post_reads_whole_in_its_sections() {
    let items = items("michel-2025");
    let sections: std::collections::BTreeSet<&str> = items.iter().map(|i| i.section_text()).collect();
    assert_eq!((items.len(), sections.len()), (44, 15), "{sections:?}");
    assert!(!sections.contains(""), "every idea of the seed post sits under its heading");
}

#[test]
fn a_reprinted_past_list_is_read_and_reader_questions_and_link_lists_are_not() {
    let t2016: Vec<String> = items("triplett-2016").into_iter().map(|i| i.text).collect();
    assert!(
        t2016.iter().any(|t| t == "Community building"),
        "the 2015 list reprinted in the 2016 post is the author asking again (the labels say so)"
    );
    let t2018 = items("triplett-2018");
    assert!(!t2018.iter().any(|i| i.text.contains("Free Talk Ideas") || i.text.contains("Who do we want")));
    let t2023 = items("triplett-2023");
    assert!(!t2023.iter().any(|i| i.text.contains("Mastodon") || i.text.contains("Django Forum")));
    let unwanted = items("triplett-2024").into_iter().filter(|i| i.polarity == Polarity::Unwanted).count();
    assert_eq!(unwanted, 11);
}
