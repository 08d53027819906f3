//! End to end on the real posts in ../shared/corpus, built from snapshots.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use common::{build_snapshots, corpus, table};

/// One build shared by the read-only tests of this file.
fn built() -> &'static std::path::Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_snapshots(&dir.path().join("output"), &[]);
        dir
    })
    .path()
}

fn out() -> std::path::PathBuf {
    built().join("output")
}

fn items_of(source: &str) -> Vec<HashMap<String, String>> {
    table(&out(), "items").into_iter().filter(|i| i["source_id"] == source).collect()
}

#[test]
fn every_contract_table_is_written_as_parquet_and_csv_with_contract_columns() {
    let contract: &[(&str, &[&str])] = &[
        (
            "sources",
            &["source_id", "title", "author", "year", "kind", "url", "status", "reason", "item_count", "sha256"],
        ),
        (
            "items",
            &["item_id", "source_id", "year", "position", "section", "depth", "parent_id", "text", "polarity", "theme"],
        ),
        ("concepts", &["concept_id", "label", "theme", "item_count", "source_count", "first_year", "last_year"]),
        ("item_concepts", &["item_id", "concept_id", "method", "score"]),
        ("overlap", &["source_a", "source_b", "shared", "jaccard"]),
        ("trends", &["concept_id", "year", "mentions", "sources", "status"]),
    ];
    for (name, cols) in contract {
        assert!(out().join(format!("{name}.parquet")).metadata().unwrap().len() > 0, "{name}.parquet");
        let header = common::columns(&out(), name);
        assert_eq!(&header[..cols.len()], *cols, "{name} starts with the contract columns in order");
    }
    let run: serde_json::Value = serde_json::from_slice(&std::fs::read(out().join("run.json")).unwrap()).unwrap();
    assert_eq!(run["rows"]["items"].as_u64().unwrap() as usize, table(&out(), "items").len());
    assert!(run["timings_ms"]["total"].is_number());
    assert_eq!(
        run["sources"].as_array().unwrap().len(),
        common::manifest_len(&common::root().join("seeds/sources.toml"))
    );
}

#[test]
fn sources_without_a_snapshot_are_unavailable_with_a_reason_and_the_rest_are_ok() {
    let sources = table(&out(), "sources");
    assert_eq!(sources.len(), common::manifest_len(&common::root().join("seeds/sources.toml")));
    for s in &sources {
        if ["schilling-2025", "gbadago-2025"].contains(&s["source_id"].as_str()) {
            assert_eq!(s["status"], "unavailable", "{s:?}");
            assert!(s["reason"].contains("no snapshot"), "{s:?}");
            assert_eq!(s["item_count"], "0");
        } else {
            assert_eq!(s["status"], "ok", "{s:?}");
            assert!(s["reason"].is_empty());
            assert_eq!(s["sha256"].len(), 64);
            assert!(s["item_count"].parse::<u32>().unwrap() > 0);
        }
    }
}

#[test]
fn links_between_posts_of_the_manifest_are_recorded() {
    let sources: HashMap<String, String> =
        table(&out(), "sources").into_iter().map(|s| (s["source_id"].clone(), s["links_to"].clone())).collect();
    // The seed post links Drew Winstel's post; Jeff Triplett's 2024 post links both 2024 lists.
    assert!(sources["michel-2025"].split(';').any(|s| s == "winstel-2025"), "{:?}", sources["michel-2025"]);
    assert!(sources["triplett-2024"].split(';').any(|s| s == "winstel-2024"), "{:?}", sources["triplett-2024"]);
    let links = table(&out(), "links");
    assert!(links.iter().all(|l| l["url"].starts_with("http")));
    assert!(links.iter().any(|l| l["source_id"] == "michel-2025" && l["text"] == "Drew Winstel"));
}

#[test]
fn michel_2025_gives_its_44_ideas_under_15_labels_and_nothing_from_the_page_around_them() {
    let items = items_of("michel-2025");
    assert_eq!(items.len(), 44);
    let sections: Vec<&str> = items.iter().map(|i| i["section"].as_str()).collect::<Vec<_>>();
    let mut distinct: Vec<&str> = Vec::new();
    for s in sections {
        if distinct.last() != Some(&s) {
            distinct.push(s);
        }
    }
    assert_eq!(
        distinct,
        [
            "New Features and Future Outlook",
            "Django Software Foundation",
            "Diversity",
            "Interesting Django Use Cases and Case Studies",
            "API",
            "Highly Resilient, Large Scale Systems",
            "Database and Caching",
            "AI",
            "Raising Your Game",
            "Opinionated Django",
            "Using Django for social good",
            "How to Use Popular CMS",
            "Python Packaging and Open Source",
            "Novel Uses for Django",
            "Team, Leadership, Building",
        ]
    );
    assert_eq!(items[0]["text"], "New Django features");
    assert_eq!(
        items[43]["text"],
        "Interesting mental models, productivity methods, learning approaches, the counter-intuitive"
    );
    let texts: HashSet<&str> = items.iter().map(|i| i["text"].as_str()).collect();
    for furniture in [
        "About Me",
        "My Blog",
        "2024 Recap",
        "Happy 20th Birthday, Django!",
        "PyCon US 2024 Recap",
        "Documentation overview",
    ] {
        assert!(!texts.iter().any(|t| t.contains(furniture)), "{furniture} leaked into the items");
    }
    assert!(items.iter().all(|i| i["depth"] == "0" && i["parent_id"].is_empty() && i["polarity"] == "wanted"));
    let positions: Vec<u32> = items.iter().map(|i| i["position"].parse().unwrap()).collect();
    assert_eq!(positions, (1..=44).collect::<Vec<_>>());
}

/// The idea headings of the Markdown file, read from the corpus itself (links reduced to text).
fn headings(file: &str) -> Vec<(usize, String)> {
    let md = std::fs::read_to_string(corpus().join(file)).unwrap();
    let link = regex_lite(&md);
    md.lines()
        .filter_map(|l| {
            let level = l.chars().take_while(|&c| c == '#').count();
            (level >= 2 && l[level..].starts_with(' ')).then(|| (level, link(&l[level + 1..])))
        })
        .collect()
}

/// `[text](url)` -> `text`, without pulling a regex crate into the tests.
fn regex_lite(_: &str) -> impl Fn(&str) -> String {
    |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match (after.find("]("), after.find(')')) {
                (Some(close), Some(end)) if close < end => {
                    out.push_str(&after[..close]);
                    rest = &after[end + 1..];
                }
                _ => {
                    out.push('[');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out.trim().to_string()
    }
}

#[test]
fn winstel_2025_gives_one_item_per_idea_heading_with_sub_lists_as_children() {
    let items = items_of("winstel-2025");
    let expected: Vec<(usize, String)> =
        headings("winstel-2025.md").into_iter().filter(|(_, h)| h != "Something else entirely?").collect();
    assert_eq!(expected.len(), 25, "the post has 25 idea headings besides its catch-all");
    let mut found_headings = 0;
    for (level, heading) in &expected {
        let found: Vec<_> = items.iter().filter(|i| &i["text"] == heading).collect();
        assert!(found.len() <= 1, "heading {heading:?} once at most");
        if let Some(item) = found.first() {
            found_headings += 1;
            assert!(item["depth"].parse::<usize>().unwrap() <= level - 2, "{heading:?}");
            assert!(!item["description"].is_empty(), "{heading:?} keeps its prose as description");
        }
    }
    // The idea model judges every heading; most of this post's are ideas to it.
    assert!(found_headings * 5 >= expected.len() * 4, "{found_headings} of {}", expected.len());
    let by_id: HashMap<&str, &HashMap<String, String>> = items.iter().map(|i| (i["item_id"].as_str(), i)).collect();
    let replicas = items.iter().find(|i| i["text"] == "Using multiple read replicas for speed").unwrap();
    assert_eq!(replicas["depth"], "2");
    assert_eq!(by_id[replicas["parent_id"].as_str()]["text"], "Query optimization (within the ORM)");
    // Catch-alls are not ideas.
    assert!(!items.iter().any(|i| i["text"] == "Much more!" || i["text"] == "Something else entirely?"));
    // Every item is a heading or an entry of a list under one: no prose sentence became an item.
    let post = std::fs::read_to_string(common::corpus().join("winstel-2025.md")).unwrap();
    let link = regex_lite(&post);
    for item in &items {
        let text = &item["text"];
        let listed = post.lines().any(|l| {
            let l = link(l.trim_start());
            (l.starts_with('#') || l.starts_with("- ") || l.starts_with("* ")) && l.contains(text.as_str())
        });
        assert!(listed, "{text:?} is a heading or a list entry");
    }
}

#[test]
fn unwanted_talks_are_kept_with_their_polarity() {
    let items = items_of("triplett-2024");
    let unwanted: Vec<&str> =
        items.iter().filter(|i| i["polarity"] == "unwanted").map(|i| i["text"].as_str()).collect();
    assert_eq!(unwanted.len(), 11, "{unwanted:?}");
    assert!(unwanted.contains(&"crypto talks"));
    assert!(items.iter().filter(|i| i["polarity"] == "wanted").any(|i| i["text"] == "Using Django forms with htmx"));
}

#[test]
fn programs_give_one_item_per_talk_with_its_page_and_without_logistics() {
    for program in ["program-2023", "program-2024", "program-2025"] {
        let items = items_of(program);
        assert!(!items.iter().any(|i| i["text"].starts_with("Opening Remarks") || i["text"] == "Orientation"));
        assert!(!items.iter().any(|i| i["text"].starts_with("Lightning Talks")));
        assert!(items.iter().any(|i| i["text"].starts_with("Keynote")), "keynotes are talks");
        assert!(items.iter().all(|i| i["url"].contains("djangocon.us/")), "{program}: every talk links its page");
        // The pages and the feed carry no tags: themes come from the talks' own words.
        assert!(items.iter().all(|i| i["tags"].is_empty() && i["theme_method"] != "tag"), "{program}");
    }
    let feed = items_of("program-2025");
    assert!(feed.iter().filter(|i| !i["description"].is_empty()).count() > 30, "the feed's abstracts are kept");
    assert!(!feed.iter().any(|i| i["description"].starts_with("Presenter")), "without the speaker line");
    let report = std::fs::read_to_string(out().join("report.html")).unwrap();
    let note =
        &report[report.find("Read from a schedule page or calendar feed without tags").expect("the report says so")..];
    let note = &note[..note.find("</p>").unwrap()];
    assert!(["program-2023", "program-2024", "program-2025"].iter().all(|p| note.contains(p)), "{note}");
}

#[test]
fn every_item_has_a_known_theme_and_at_least_one_concept() {
    let themes: HashSet<String> = table(&out(), "themes").into_iter().map(|t| t["theme_id"].clone()).collect();
    assert_eq!(themes.len(), common::seed_themes());
    let items = table(&out(), "items");
    let linked: HashSet<String> = table(&out(), "item_concepts").into_iter().map(|l| l["item_id"].clone()).collect();
    for i in &items {
        assert!(themes.contains(&i["theme"]), "{i:?}");
        assert!(linked.contains(&i["item_id"]), "{} has no concept", i["item_id"]);
    }
    let concepts: HashSet<String> = table(&out(), "concepts").into_iter().map(|c| c["concept_id"].clone()).collect();
    for l in table(&out(), "item_concepts") {
        assert!(concepts.contains(&l["concept_id"]), "{l:?}");
        assert!(["alias", "fingerprint", "similar", "override", "topic", "context"].contains(&l["method"].as_str()));
    }
    // The theme fits on known cases.
    let theme_of = |text: &str| items.iter().find(|i| i["text"] == text).map(|i| i["theme"].clone()).unwrap();
    assert_eq!(theme_of("Security (OWASP 10 and Django)"), "security");
    assert_eq!(theme_of("Django Ninja compared to Django Rest Framework"), "apis");
    assert_eq!(theme_of("Multi-tenancy"), "architecture");
    assert_eq!(theme_of("Reducing carbon footprint"), "community");
}

fn concepts_of(text: &str, source: &str) -> BTreeSet<String> {
    let items = table(&out(), "items");
    let id = &items.iter().find(|i| i["text"] == text && i["source_id"] == source).unwrap_or_else(|| panic!("{text}"))
        ["item_id"];
    table(&out(), "item_concepts")
        .into_iter()
        .filter(|l| &l["item_id"] == id)
        .map(|l| l["concept_id"].clone())
        .collect()
}

#[test]
fn near_duplicate_ideas_across_posts_and_years_share_a_concept() {
    let shared = |a: &BTreeSet<String>, b: &BTreeSet<String>| a.intersection(b).count() > 0;
    let django_2025 = concepts_of("New Django features", "michel-2025");
    let winstel = concepts_of("New features in Django 5.2 (or better yet, 6.0!)", "winstel-2025");
    let triplett = concepts_of("What\u{2019}s new in Django 5.x?", "triplett-2024");
    let python = concepts_of("New Python features of interest to Django devs", "michel-2025");
    let common: BTreeSet<_> = django_2025.intersection(&winstel).cloned().collect();
    assert!(shared(&common, &triplett), "{django_2025:?} {winstel:?} {triplett:?}");
    assert!(!shared(&common, &python), "the Python features idea is another topic: {python:?}");
    assert!(shared(&concepts_of("Multi-tenancy", "michel-2024"), &concepts_of("Multi-tenancy", "michel-2025")));
    assert!(shared(
        &concepts_of("Security", "winstel-2024"),
        &concepts_of("Security (OWASP 10 and Django)", "michel-2025")
    ));
    assert!(shared(
        &concepts_of("Database/Django performance tuning at scale", "michel-2024"),
        &concepts_of("Database/Django performance tuning at scale", "michel-2025")
    ));
}

#[test]
fn overlap_compares_same_year_sources_and_obeys_the_jaccard_formula() {
    let overlap = table(&out(), "overlap");
    let sources: HashMap<String, HashMap<String, String>> =
        table(&out(), "sources").into_iter().map(|s| (s["source_id"].clone(), s)).collect();
    assert!(overlap.iter().any(|o| o["source_a"] == "michel-2025" && o["source_b"] == "winstel-2025"));
    for o in &overlap {
        let (a, b) = (&sources[&o["source_a"]], &sources[&o["source_b"]]);
        assert_eq!(a["year"], b["year"], "{o:?}");
        assert!(a["status"] == "ok" && b["status"] == "ok");
        let n = |k: &str| o[k].parse::<f64>().unwrap();
        let union = n("shared") + n("only_a") + n("only_b");
        assert!((n("jaccard") - n("shared") / union).abs() < 1e-6, "{o:?}");
        assert!(n("shared") <= (n("shared") + n("only_a")).min(n("shared") + n("only_b")));
    }
    // Unavailable sources are not compared.
    assert!(!overlap.iter().any(|o| o["source_a"].starts_with("schilling") || o["source_b"].starts_with("schilling")));
}

#[test]
fn trend_statuses_follow_the_years_of_idea_posts() {
    let trends = table(&out(), "trends");
    let years = [2016, 2017, 2018, 2022, 2023, 2024, 2025];
    let mut by_concept: HashMap<String, Vec<(i32, String, u32)>> = HashMap::new();
    for t in &trends {
        by_concept.entry(t["concept_id"].clone()).or_default().push((
            t["year"].parse().unwrap(),
            t["status"].clone(),
            t["mentions"].parse().unwrap(),
        ));
    }
    for (concept, rows) in by_concept {
        let mut seen = false;
        let mut last_present = false;
        let mut rows = rows.into_iter().peekable();
        for year in years {
            let row = rows.next_if(|r| r.0 == year);
            let expected = match (&row, seen, last_present) {
                (Some(r), _, _) if r.2 > 0 && !seen => Some("new"),
                (Some(r), _, true) if r.2 > 0 => Some("recurring"),
                (Some(r), _, false) if r.2 > 0 => Some("returning"),
                (_, _, true) => Some("dropped"),
                _ => None,
            };
            assert_eq!(row.as_ref().map(|r| r.1.as_str()), expected, "{concept} in {year}");
            let present = row.as_ref().is_some_and(|r| r.2 > 0);
            seen |= present;
            last_present = present;
        }
        assert!(rows.next().is_none(), "{concept} has rows for years without idea posts");
    }
    let status =
        |c: &str, y: &str| trends.iter().find(|t| t["concept_id"] == c && t["year"] == y).map(|t| t["status"].clone());
    assert_eq!(status("multi-tenancy", "2024").as_deref(), Some("new"));
    assert_eq!(status("multi-tenancy", "2025").as_deref(), Some("recurring"));
}

#[test]
fn two_builds_of_the_same_inputs_are_byte_identical_whatever_the_thread_count() {
    let other = tempfile::tempdir().unwrap();
    let out2 = other.path().join("output");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cfp-taxonomy"))
        .args(["build", "--snapshots", corpus().to_str().unwrap(), "--out", out2.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut files: Vec<String> = common::EXPORTS.iter().map(|f| f.to_string()).collect();
    for name in common::TABLES {
        files.push(format!("{name}.parquet"));
        files.push(format!("{name}.csv"));
    }
    for file in files {
        assert!(
            std::fs::read(out().join(&file)).unwrap() == std::fs::read(out2.join(&file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn follow_links_from_the_seed_post_finds_the_three_posts_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    let manifest = std::fs::read_to_string(corpus.join("sources.toml")).unwrap();
    // Only the seed post: the manifest entry of michel-2025, up to the next [[source]].
    let start = manifest.find("id = \"michel-2025\"").unwrap();
    let start = manifest[..start].rfind("[[source]]").unwrap();
    let end = manifest[start + 10..].find("[[source]]").map_or(manifest.len(), |e| start + 10 + e);
    let seed_only = dir.path().join("seed.toml");
    std::fs::write(&seed_only, &manifest[start..end]).unwrap();
    let out = dir.path().join("output");
    common::build_from(&seed_only, &corpus, &out, &["--follow-links"]);
    let sources = table(&out, "sources");
    let found: BTreeSet<String> = sources
        .iter()
        .filter(|s| s["discovered_from"] == "michel-2025")
        .map(|s| cfp_taxonomy::text::normal_url(&s["url"]))
        .collect();
    let expected: BTreeSet<String> = [
        "https://winstel.dev/2025/02/12/talk-ideas-for-dcus-25/",
        "https://www.better-simple.com/django/2025/04/02/talks-i-want-to-see-at-djangocon-us-2025/",
        "https://www.linkedin.com/pulse/djangocon-us-2025-talks-we-would-love-hear-abigail-afi-gbadago-vcbhf/",
    ]
    .iter()
    .map(|u| cfp_taxonomy::text::normal_url(u))
    .collect();
    assert_eq!(found, expected);
    for s in sources.iter().filter(|s| !s["discovered_from"].is_empty()) {
        assert_eq!(s["year"], "2025");
        assert_eq!(s["status"], "unavailable", "offline, a discovered post without a snapshot is unavailable: {s:?}");
    }
}

#[test]
fn explain_shows_the_items_rules_and_scores_behind_a_concept() {
    let out = out();
    let run = |args: &[&str]| {
        let mut all = vec!["explain"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", out.to_str().unwrap()]);
        common::run(&all)
    };
    let result = run(&["new-django-features"]);
    assert!(result.status.success());
    let text = String::from_utf8_lossy(&result.stdout);
    assert!(text.starts_with("new-django-features — \"New Django features\""), "{text}");
    // Columns are as wide as their values: compare a row's words, not its spacing.
    let rows: Vec<String> = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(rows.iter().any(|r| r == "2025 michel-2025 alias 1.0 New Django features"), "{text}");
    assert!(
        rows.iter().any(|r| r.contains("override 1.0 What's new in Django development?*")),
        "the seeds' override shows: {text}"
    );
    let result = run(&["type checking"]);
    let text = String::from_utf8_lossy(&result.stdout);
    assert!(text.contains("matches the alias \"type checking\" of \"Typing\""), "{text}");
    // And why an idea written so would get its theme: each keyword and alias that counted.
    assert!(text.contains("its own words theme it python:"), "{text}");
    assert!(text.contains("alias    Typing"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&run(&["Django caching", "--json"]).stdout).unwrap();
    assert_eq!(json["theme"], "data", "{json}");
    assert!(json["theme_evidence"].as_array().unwrap().iter().any(|e| e["kind"] == "keyword"), "{json}");
    // The head topics it names: what another idea must share, key for key, to be one topic.
    let result = run(&["Caching (Redis, per-view) in Django"]);
    let text = String::from_utf8_lossy(&result.stdout);
    assert!(text.contains("names the topic \"Caching\" (key: cach)"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&run(&["Docker and K8s tips", "--json"]).stdout).unwrap();
    let labels: Vec<&str> = json["topics"].as_array().unwrap().iter().map(|t| t["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Docker", "K8s tips"], "{json}");
    assert_eq!(json["topics"][1]["key"][0], "kubernet", "K8s is read as Kubernetes, tips left out: {json}");
    let json: serde_json::Value = serde_json::from_slice(&run(&["htmx", "--json"]).stdout).unwrap();
    assert_eq!(json["concepts"][0]["concept"]["concept_id"], "htmx");
    assert!(json["concepts"][0]["items"].as_array().unwrap().len() >= 10);
    let missing = run(&["zebra crossing"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no concept, item or alias matches"));
    // How the build would read such an idea is still shown: that is when a person needs it most.
    let shown = String::from_utf8_lossy(&missing.stdout);
    assert!(shown.contains("terms of \"zebra crossing\"") && shown.contains("names the topic"), "{shown}");
}

#[test]
fn no_two_concepts_share_a_label_and_a_topic_is_named_by_words_all_its_ideas_have() {
    use cfp_taxonomy::text;
    let concepts = table(&out(), "concepts");
    let mut seen: HashMap<String, String> = HashMap::new();
    for c in &concepts {
        if let Some(other) = seen.insert(text::label_key(&c["label"]), c["concept_id"].clone()) {
            panic!("{} and {other} are both labelled {:?}", c["concept_id"], c["label"]);
        }
        let words = text::words(&c["label"]);
        assert!(
            !(words.len() == 1 && ["related", "note", "update", "intro", "misc"].contains(&words[0].as_str())),
            "a signpost word is no label: {c:?}"
        );
    }
    // Terms found in more than 12% of the ideas name no topic (docs/normalization.md, 3b).
    let items: HashMap<String, Vec<String>> =
        table(&out(), "items").into_iter().map(|i| (i["item_id"].clone(), text::terms(&i["text"]))).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for terms in items.values() {
        for t in terms.iter().collect::<HashSet<_>>() {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let common = |t: &str| df.get(t).copied().unwrap_or(0) * 100 > items.len() * 12;
    let labels: HashMap<String, &HashMap<String, String>> =
        concepts.iter().filter(|c| c["origin"] == "topic").map(|c| (c["concept_id"].clone(), c)).collect();
    let mut checked = 0;
    for link in table(&out(), "item_concepts").into_iter().filter(|l| l["method"] == "topic") {
        let Some(concept) = labels.get(&link["concept_id"]) else { continue };
        let has = &items[&link["item_id"]];
        for t in text::terms(&concept["label"]).iter().filter(|t| !common(t) && !text::is_mask(t)) {
            assert!(
                has.contains(t),
                "{:?} is labelled {:?}, which {} does not say",
                concept["concept_id"],
                concept["label"],
                link["item_id"]
            );
        }
        checked += 1;
    }
    assert!(checked > 10, "head-topic concepts were checked");
}
