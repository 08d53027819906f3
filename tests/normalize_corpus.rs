//! Normalization with the project's own seeds on the real programs and posts.

mod common;

use std::collections::BTreeSet;

use cfp_taxonomy::normalize::theme_for;

fn seeds() -> cfp_taxonomy::seeds::Seeds {
    cfp_taxonomy::seeds::load(&common::root().join("seeds")).unwrap()
}

/// Every tag the 2023, 2024 and 2025 programs use, with the theme it must map to.
const TAGS: &[(&str, &str)] = &[
    ("AI", "ai-ml"),
    ("APIs", "apis"),
    ("CI/CD", "deployment"),
    ("CMS", "ecosystem"),
    ("Caching", "data"),
    ("Climate", "community"),
    ("Community", "community"),
    ("Data Pipelines", "data"),
    ("Data Science", "ai-ml"),
    ("Databases", "data"),
    ("Debugging", "quality"),
    ("Deployment", "deployment"),
    ("Design Patterns", "architecture"),
    ("Dev Experience", "quality"),
    ("Docs", "quality"),
    ("FrontEnd", "frontend"),
    ("GitOps", "deployment"),
    ("Inclusion", "community"),
    ("JS/HTMX/misc frontend tech", "frontend"),
    ("Migrations", "data"),
    ("Networking", "performance"),
    ("ORM", "data"),
    ("Performance", "performance"),
    ("Postgres", "data"),
    ("Python", "python"),
    ("Templates", "frontend"),
    ("Testing", "quality"),
    ("Threading", "python"),
    ("Use-Case", "use-cases"),
    ("Web Dev", "frontend"),
    ("accessibility", "community"),
    ("api", "apis"),
    ("async", "performance"),
    ("career", "career"),
    ("career development", "career"),
    ("celery", "performance"),
    ("cms", "ecosystem"),
    ("community", "community"),
    ("data analysis/ipython", "data"),
    ("deployment", "deployment"),
    ("diversity", "community"),
    ("external services", "apis"),
    ("frontend", "frontend"),
    ("gis", "data"),
    ("how I used Django", "use-cases"),
    ("inclusion", "community"),
    ("infrastructure", "deployment"),
    ("internals", "django-core"),
    ("non-ORM Django internals", "django-core"),
    ("non-postgres DB", "data"),
    ("open-source", "ecosystem"),
    ("optimization/speed", "performance"),
    ("orm", "data"),
    ("performance", "performance"),
    ("postgres", "data"),
    ("python", "python"),
    ("security", "security"),
    ("testing", "quality"),
    ("thirdparty", "ecosystem"),
    ("usecase", "use-cases"),
    ("wagtail/butter/other CMS", "ecosystem"),
];

#[test]
fn program_tags_of_every_year_map_to_the_same_themes() {
    let seeds = seeds();
    let corpus = common::corpus();
    let mut seen = BTreeSet::new();
    for year in [2023, 2024, 2025] {
        let mut reader = csv::Reader::from_path(corpus.join(format!("program-{year}.csv"))).unwrap();
        for row in reader.deserialize::<std::collections::HashMap<String, String>>() {
            for tag in row.unwrap()["tags"].split(';').map(str::trim).filter(|t| !t.is_empty()) {
                seen.insert(tag.to_string());
            }
        }
    }
    let listed: BTreeSet<String> = TAGS.iter().map(|(t, _)| t.to_string()).collect();
    assert_eq!(seen, listed, "the table covers exactly the tags the programs use");
    let wrong: Vec<String> = TAGS
        .iter()
        .filter_map(|(tag, theme)| {
            let got = theme_for(&seeds, tag);
            (got.as_deref() != Some(*theme)).then(|| format!("{tag}: {got:?} (want {theme})"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Drifting spellings of one subject meet.
    for variants in [
        &["JS/HTMX/misc frontend tech", "frontend", "FrontEnd", "Web Dev"][..],
        &["usecase", "Use-Case", "how I used Django"],
    ] {
        let themes: BTreeSet<_> = variants.iter().map(|t| theme_for(&seeds, t)).collect();
        assert_eq!(themes.len(), 1, "{variants:?}");
    }
}
