//! Hostile content: the extractor never panics, and absurd documents are capped, not followed
//! into stack overflow. A bounded property-test run (proptest) stands in CI for the fuzz target
//! in fuzz/ (`cargo +nightly fuzz run extract`).

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Format, Source};
use proptest::prelude::*;

fn source(format: Format) -> Source {
    Source::adhoc("x", format, 2031, "https://x.example/p/")
}

/// Every way a body is read: ideas as HTML or Markdown, programs as CSV, calendar or page.
fn readers() -> Vec<Source> {
    let mut schedule = source(Format::Html);
    schedule.kind = cfp_taxonomy::model::Kind::Program;
    vec![source(Format::Html), source(Format::Markdown), source(Format::Csv), source(Format::Ics), schedule]
}

/// Fragments that make parsers work: tags, list markers, headings, entities, odd bytes.
fn markup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<h2>",
        "</h2>",
        "<main>",
        "<p>",
        "<a href=\"",
        "\">",
        "</a>",
        "<script>",
        "<!--",
        "-->",
        "&amp;",
        "&#xFFFF;",
        "\n- ",
        "\n  - ",
        "\n## ",
        "\n===\n",
        "```",
        "[x](",
        ")",
        "**",
        "\"",
        ",",
        ";",
        "\n",
        "\u{0}",
        "\u{FEFF}",
        "é",
        "\u{202E}",
        "talk ideas",
        "BEGIN:VCALENDAR\r\n",
        "BEGIN:VEVENT\n",
        "END:VEVENT\n",
        "SUMMARY:",
        "\r\n ",
        "\\,",
        "<h3><a href=\"/talks/",
        "/\">",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        for reader in readers() {
            let _ = extract(&reader, &bytes, None);
            let _ = extract(&reader, &bytes, Some("text/html; charset=shift_jis"));
        }
    }

    #[test]
    fn markup_soup_never_panics_and_items_stay_well_formed(text in markup()) {
        for reader in readers() {
            if let Ok(e) = extract(&reader, text.as_bytes(), None) {
                for (n, item) in e.items.iter().enumerate() {
                    prop_assert_eq!(item.position as usize, n + 1);
                    if let Some(p) = &item.parent_id {
                        let parent = e.items.iter().find(|i| &i.item_id == p).unwrap();
                        prop_assert!(parent.position < item.position && parent.depth + 1 == item.depth);
                    }
                }
            }
        }
    }
}

#[test]
fn absurdly_deep_documents_are_capped_not_followed_into_a_stack_overflow() {
    let depth = 50_000;
    let started = std::time::Instant::now();
    let html = format!("<main>{}<p>deep</p>{}</main>", "<div><ul><li>".repeat(depth), "</li></ul></div>".repeat(depth));
    let refused = extract(&source(Format::Html), html.as_bytes(), None).unwrap_err();
    assert_eq!(refused.status, cfp_taxonomy::model::Status::Error);
    assert!(refused.reason.contains("more than 1000 levels deep"), "{}", refused.reason);
    assert!(started.elapsed().as_secs() < 5, "refused before parsing: {:?}", started.elapsed());
    // Just under the limit it is read, with the walk's own depth cap.
    let html = format!("<main>{}<p>deep</p>{}</main>", "<div><ul><li>".repeat(300), "</li></ul></div>".repeat(300));
    let read = extract(&source(Format::Html), html.as_bytes(), None).map_or(0, |e| e.items.len());
    assert!(read <= 300, "nesting is capped: {read}");
    let quotes = format!("{}- idea\n", "> ".repeat(depth));
    let _ = extract(&source(Format::Markdown), quotes.as_bytes(), None);
    let lists: String = (0..2_000).map(|d| format!("{}- level {d}\n", "  ".repeat(d))).collect();
    let e = extract(&source(Format::Markdown), lists.as_bytes(), None).unwrap();
    assert!(!e.items.is_empty());
}

#[test]
fn an_enormous_flat_document_is_read_in_linear_time() {
    let html = format!("<main><ul>{}</ul></main>", "<li>An idea about caching and queues</li>".repeat(100_000));
    let started = std::time::Instant::now();
    let e = extract(&source(Format::Html), html.as_bytes(), None).unwrap();
    assert_eq!(e.items.len(), 100_000);
    // Generous even for a debug build on a loaded 2-core machine: quadratic work would take minutes.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// Extract on a thread with the 2 MiB stack Rust gives a spawned thread: a walk that follows
/// the input's nesting would overflow it and abort the whole process.
fn extract_on_small_stack(format: Format, body: String) -> Vec<cfp_taxonomy::model::Item> {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || extract(&source(format), body.as_bytes(), None).map(|e| e.items).unwrap_or_default())
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn nesting_of_any_depth_is_read_within_a_fixed_depth() {
    let cap = cfp_taxonomy::extract::document::MAX_LIST_DEPTH as u32;
    // 20,000 list markers on one line: 40 KB of Markdown.
    let markers = format!("{}deep idea\n", "- ".repeat(20_000));
    let items = extract_on_small_stack(Format::Markdown, markers);
    assert_eq!(items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), ["deep idea"]);
    // Each level an idea of its own: (nearly) every one is kept, none deeper than the cap, in
    // order. The idea model judges each; the walk itself drops none.
    let levels: String = (0..5_000).map(|d| format!("{}- level {d}\n", "  ".repeat(d))).collect();
    let items = extract_on_small_stack(Format::Markdown, levels);
    assert!(items.len() >= 4_990, "{}", items.len());
    assert!(items.windows(2).all(|w| w[0].position < w[1].position));
    assert!(items.iter().all(|i| i.depth <= cap), "depth capped at {cap}");
    assert_eq!(items.last().map(|i| i.text.as_str()), Some("level 4999"));
    let html = format!("<main>{}<p>deep</p>{}</main>", "<ul><li>idea".repeat(200), "</li></ul>".repeat(200));
    let items = extract_on_small_stack(Format::Html, html);
    assert!(!items.is_empty() && items.iter().all(|i| i.depth <= cap));
}

#[test]
fn markup_tricks_cannot_walk_around_the_depth_limit() {
    let refused = |html: String| {
        let started = std::time::Instant::now();
        let e = extract(&source(Format::Html), html.as_bytes(), None).unwrap_err();
        assert!(e.reason.contains("levels deep"), "{}", e.reason);
        started.elapsed()
    };
    // HTML ignores the slash of `<div/>`, and an end tag closes nothing that is not open: both
    // pages nest 50,000 deep, and are refused before the parser's quadratic work starts.
    assert!(refused(format!("<main>{}</main>", "<div/>".repeat(50_000))).as_secs() < 5);
    assert!(refused(format!("<main>{}</main>", "<div></b></i>".repeat(50_000))).as_secs() < 5);
    // Nested tables are four elements a level in the parsed tree, one in the markup: the
    // parsed tree decides.
    let tables = format!("<main>{}idea{}</main>", "<table><tr><td>".repeat(400), "</td></tr></table>".repeat(400));
    refused(tables);
    // Self-closing tags inside SVG really close: an icon of many paths is not deep.
    let icons = format!("<main><ul><li>Caching</li></ul><svg>{}</svg></main>", "<path d=\"M0\"/>".repeat(5_000));
    let items = extract(&source(Format::Html), icons.as_bytes(), None).unwrap().items;
    assert_eq!(items[0].text, "Caching");
}
