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

/// `(position, depth, section, text)`; long texts are given by their first words.
type Sample = (u32, u32, &'static str, &'static str);

const EXPECTED: &[(&str, usize, &[Sample])] = &[
    (
        "michel-2025",
        44,
        &[
            (10, 0, "Interesting Django Use Cases and Case Studies", "Lesser known architectures and patterns, when"),
            (32, 0, "Opinionated Django", "HTML over the Wire and ecosystem"),
        ],
    ),
    (
        "michel-2024",
        55,
        &[
            (1, 0, "New Features and Future Outlook", "New Django features"),
            (55, 0, "Python/Django and Open Source", "How to get started with open"),
        ],
    ),
    (
        "winstel-2025",
        35,
        &[
            (1, 0, "", "Developing for good in the current political climate"),
            (18, 2, "Database tips and tricks", "How to structure your ORM queries for better performance"),
        ],
    ),
    (
        "winstel-2024",
        30,
        &[
            (3, 0, "", "New features in Django 5.1"),
            (
                26,
                2,
                "GPTs, LLMs, and AIs, oh my!",
                "Can you justify using that much cloud computing in a climate crisis?",
            ),
        ],
    ),
    (
        "triplett-2024",
        29,
        &[
            (1, 0, "", "Modern Django"),
            (3, 0, "Theme: Rust", "What can a Django developer take"),
            (29, 0, "Talks I don\u{2019}t want to see", "Your product unless you are sponsoring."),
        ],
    ),
    (
        "triplett-2023",
        31,
        &[
            // The heading describes itself before it leads into its list: an idea with sub-ideas.
            (6, 0, "", "Embracing HTML and lightweight front-end frameworks"),
            (7, 1, "Embracing HTML and lightweight front-end frameworks", "HTMx and intermediate content"),
            (31, 0, "Panels", "DSF board - to see what's"),
        ],
    ),
    (
        "triplett-2022",
        38,
        &[(6, 0, "Embracing HTML", "An intro to HTMx"), (38, 0, "Deep Dives", "Production-Ready Django")],
    ),
    (
        "triplett-2018",
        22,
        &[
            (1, 0, "", "Deep Dives"),
            (2, 0, "", "What's new in Django 2.x"),
            (5, 2, "What's new in Django 2.x", "Simplified URL routing syntax"),
            (13, 0, "MOAR", "More GraphQL talks."),
            // Readers' suggestions, quoted as embedded tweets under "Updates".
            (18, 0, "2018-06-01 - What you said you want to see!", "Since we all have to work with Javascript"),
            (19, 0, "2018-06-01 - What you said you want to see!", "My favorite full stack: Django + Vuejs"),
        ],
    ),
    (
        "triplett-2017",
        72,
        &[
            (1, 0, "Essential Skills", "12 Factor App"),
            (42, 2, "Backend", "Advanced Lookups"),
            (69, 0, "Your Feedback", "API design via Renato Oliveira"),
        ],
    ),
    (
        "triplett-2016",
        35,
        &[
            (1, 0, "Django Technology Pairings", "Javascript or JS Frameworks: React.js, Vue.js,"),
            (14, 0, "What's new in Django 1.10?", "An overview of the good parts"),
            (19, 0, "General", "Community building"),
            (29, 0, "Community input (what you tweeted)", "Accessibility via @williln"),
        ],
    ),
    ("program-2025", 40, &[]),
    ("program-2024", 54, &[]),
    ("program-2023", 51, &[]),
];

#[test]
fn every_corpus_post_gives_its_expected_items() {
    for (id, count, samples) in EXPECTED {
        let items = items(id);
        assert_eq!(items.len(), *count, "{id}: {:#?}", items.iter().map(|i| &i.text).collect::<Vec<_>>());
        for (position, depth, section, text) in *samples {
            let item = &items[*position as usize - 1];
            assert_eq!((item.depth, item.section.as_str()), (*depth, *section), "{id} #{position}");
            assert!(item.text.starts_with(text), "{id} #{position}: {:?} should start with {text:?}", item.text);
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
