//! Extraction on the team's own fixtures: one small post per shape and tool (Sphinx, Jekyll,
//! WordPress, micro.blog-style Markdown, setext headings, FAQ pages, sign-in walls, error pages).
//! Each `NAME.expected` lists `depth|section|polarity|text` per item, or just the status.

use std::path::Path;

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Format, Source, Status};

fn source(format: Format) -> Source {
    Source::adhoc("fixture", format, 2031, "https://blog.example/2031/post/")
}

/// `(name, got, expected)` for every fixture: lines of `depth|section|polarity|text` or a status.
fn results() -> Vec<(String, Vec<String>, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".expected"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "fixtures are missing: {names:?}");
    names
        .into_iter()
        .map(|name| {
            let stem = name.trim_end_matches(".expected");
            let (path, format) = [("html", Format::Html), ("md", Format::Markdown)]
                .into_iter()
                .map(|(ext, f)| (dir.join(format!("{stem}.{ext}")), f))
                .find(|(p, _)| p.exists())
                .unwrap_or_else(|| panic!("no input for {name}"));
            let expected: Vec<String> =
                std::fs::read_to_string(dir.join(&name)).unwrap().lines().map(str::to_string).collect();
            let got = match extract(&source(format), &std::fs::read(&path).unwrap(), None) {
                Err(e) => vec![e.status.as_str().to_string()],
                Ok(x) if x.items.is_empty() => vec![Status::Empty.as_str().to_string()],
                Ok(x) => x
                    .items
                    .iter()
                    .map(|i| format!("{}|{}|{}|{}", i.depth, i.section_text(), i.polarity.as_str(), i.text))
                    .collect(),
            };
            (stem.to_string(), got, expected)
        })
        .collect()
}

#[test]
fn every_page_that_is_not_a_post_gets_its_status_and_no_fixture_gives_a_stray_item() {
    for (name, got, expected) in results() {
        if expected.len() == 1 && !expected[0].contains('|') {
            assert_eq!(got, expected, "{name}: a page that is not a post of ideas says what it is");
            continue;
        }
        // Every item is a labelled idea, at its depth, in its section, with its polarity.
        for g in &got {
            assert!(expected.contains(g), "{name}: {g:?} is not one of {expected:#?}");
        }
    }
}

#[test]
fn precision_recall_and_sections_over_all_fixtures() {
    let (mut matched, mut got_total, mut expected_total, mut sections_right) = (0, 0, 0, 0);
    for (_, got, expected) in results() {
        if expected.len() == 1 && !expected[0].contains('|') {
            continue;
        }
        let text = |l: &String| l.rsplit('|').next().unwrap_or("").to_string();
        got_total += got.len();
        expected_total += expected.len();
        for e in &expected {
            if let Some(g) = got.iter().find(|g| text(g) == text(e)) {
                matched += 1;
                sections_right += usize::from(g.split('|').nth(1) == e.split('|').nth(1));
            }
        }
    }
    let precision = matched as f64 / got_total as f64;
    let recall = matched as f64 / expected_total as f64;
    let sections = sections_right as f64 / matched as f64;
    eprintln!(
        "fixtures: precision {precision:.3}, recall {recall:.3}, sections {sections:.3} over {expected_total} ideas"
    );
    // These posts were written by the team, never trained on: a small unseen set. The model
    // misses a few entries that end their lists near the threshold (0.30 to 0.38 against 0.4).
    assert!(precision >= 0.97 && recall >= 0.85 && sections >= 0.95, "{precision} {recall} {sections}");
}
