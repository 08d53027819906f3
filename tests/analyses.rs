//! The analysis tables and exports on ../shared/corpus: numbers checkable by hand, invariants,
//! and the exports read back.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use common::table;

fn out() -> std::path::PathBuf {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        common::build_snapshots(&dir.path().join("output"), &[]);
        dir
    })
    .path()
    .join("output")
}

type Row = HashMap<String, String>;

fn concepts_by_item() -> HashMap<String, BTreeSet<String>> {
    let mut m: HashMap<String, BTreeSet<String>> = HashMap::new();
    for l in table(&out(), "item_concepts") {
        m.entry(l["item_id"].clone()).or_default().insert(l["concept_id"].clone());
    }
    m
}

#[test]
fn ideas_michel_repeats_from_2024_to_2025_are_recurring_concepts() {
    // Katherine Michel kept many ideas word for word from 2024 to 2025: every concept of such an
    // idea was asked for in 2024 (the idea-post year before 2025), so in 2025 it is recurring.
    let items = table(&out(), "items");
    let texts_2024: HashSet<&str> =
        items.iter().filter(|i| i["source_id"] == "michel-2024").map(|i| i["text"].as_str()).collect();
    let repeated: Vec<&Row> =
        items.iter().filter(|i| i["source_id"] == "michel-2025" && texts_2024.contains(i["text"].as_str())).collect();
    assert!(repeated.len() >= 20, "{} ideas repeated", repeated.len());
    let trends = table(&out(), "trends");
    let status =
        |c: &str, y: &str| trends.iter().find(|t| t["concept_id"] == c && t["year"] == y).map(|t| t["status"].clone());
    let by_item = concepts_by_item();
    for item in repeated {
        for concept in &by_item[&item["item_id"]] {
            assert_eq!(status(concept, "2025").as_deref(), Some("recurring"), "{concept} of {:?}", item["text"]);
        }
    }
}

#[test]
fn trend_shares_theme_shares_and_streaks_add_up() {
    let items = table(&out(), "items");
    let sources: HashMap<String, Row> =
        table(&out(), "sources").into_iter().map(|s| (s["source_id"].clone(), s)).collect();
    let ideas_in = |year: &str| {
        items
            .iter()
            .filter(|i| i["year"] == year && i["polarity"] == "wanted" && sources[&i["source_id"]]["kind"] == "ideas")
            .count()
    };
    for t in table(&out(), "trends") {
        let expected = t["mentions"].parse::<f64>().unwrap() / ideas_in(&t["year"]) as f64;
        assert!((t["share"].parse::<f64>().unwrap() - expected).abs() < 1e-6, "{t:?}");
    }
    let theme_trends = table(&out(), "theme_trends");
    for year in ["2016", "2024", "2025"] {
        let rows: Vec<&Row> = theme_trends.iter().filter(|r| r["year"] == year).collect();
        assert_eq!(rows.len(), common::seed_themes(), "every theme has a row in {year}");
        let share: f64 = rows.iter().map(|r| r["share"].parse::<f64>().unwrap()).sum();
        assert!((share - 1.0).abs() < 1e-4, "{year}: {share}");
        let ideas: usize = rows.iter().map(|r| r["ideas"].parse::<usize>().unwrap()).sum();
        assert_eq!(ideas, ideas_in(year));
    }
    let talks_2025: usize =
        theme_trends.iter().filter(|r| r["year"] == "2025").map(|r| r["talks"].parse::<usize>().unwrap()).sum();
    assert_eq!(talks_2025, 40, "every 2025 talk has one primary theme");
    let concepts: HashMap<String, Row> =
        table(&out(), "concepts").into_iter().map(|c| (c["concept_id"].clone(), c)).collect();
    // New Django features is asked for from the first idea-post year on: 2016 ("What's new in
    // Django 1.9?" in the 2015 list the 2016 post reprints; "What's new in Django 1.10?" is a
    // section there). Its streak is the longest run of consecutive idea-post years among the
    // years of its ideas, counted here from the items themselves.
    assert_eq!(concepts["new-django-features"]["first_year"], "2016");
    let idea_years: BTreeSet<&str> = items
        .iter()
        .filter(|i| sources[&i["source_id"]]["kind"] == "ideas" && i["polarity"] == "wanted")
        .map(|i| i["year"].as_str())
        .collect();
    let by_item = concepts_by_item();
    let asked: BTreeSet<&str> = items
        .iter()
        .filter(|i| by_item.get(&i["item_id"]).is_some_and(|c| c.contains("new-django-features")))
        .filter(|i| sources[&i["source_id"]]["kind"] == "ideas" && i["polarity"] == "wanted")
        .map(|i| i["year"].as_str())
        .collect();
    let (mut run, mut longest) = (0, 0);
    for year in &idea_years {
        run = if asked.contains(year) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    assert!(asked.len() >= 5, "asked for in most idea-post years: {asked:?}");
    assert_eq!(concepts["new-django-features"]["longest_streak"], longest.to_string(), "{asked:?} of {idea_years:?}");
    let mut pagerank = 0.0;
    for c in concepts.values() {
        pagerank += c["pagerank"].parse::<f64>().unwrap();
        assert!(c["community"].parse::<u32>().unwrap() >= 1);
        assert!(c["degree"].parse::<u32>().unwrap() <= c["weighted_degree"].parse::<u32>().unwrap());
    }
    assert!((pagerank - 1.0).abs() < 1e-3, "PageRank sums to 1: {pagerank}");
}

#[test]
fn coverage_tells_suggested_from_accepted_topics() {
    let coverage = table(&out(), "coverage");
    let years: BTreeSet<&str> = coverage.iter().map(|c| c["year"].as_str()).collect();
    assert_eq!(years, BTreeSet::from(["2023", "2024", "2025"]), "years with both ideas and a program");
    for c in &coverage {
        let (ideas, talks) = (c["ideas"].parse::<u32>().unwrap(), c["talks"].parse::<u32>().unwrap());
        let expected = match (ideas > 0, talks > 0) {
            (true, true) => "suggested_and_accepted",
            (true, false) => "suggested_only",
            (false, true) => "accepted_only",
            _ => panic!("a row with neither ideas nor talks: {c:?}"),
        };
        assert_eq!(c["status"], expected);
        let titles = if c["talk_titles"].is_empty() { 0 } else { c["talk_titles"].split(';').count() };
        assert!(titles >= talks as usize, "{c:?}");
    }
    let row =
        |year: &str, concept: &str| coverage.iter().find(|c| c["year"] == year && c["concept_id"] == concept).cloned();
    let htmx = row("2024", "htmx").expect("HTMX was asked for in 2024");
    assert_eq!(htmx["idea_sources"], "3", "Michel, Winstel and Triplett all asked for HTMX in 2024");
    let ai = row("2025", "ai-and-llms").unwrap();
    assert_eq!(ai["status"], "suggested_and_accepted");
    assert!(ai["talk_titles"].contains("Django Reimagined For The Age of AI"));
}

#[test]
fn the_wide_matrix_counts_each_sources_wanted_items_per_concept() {
    let matrix = table(&out(), "concept_matrix");
    let header = common::columns(&out(), "concept_matrix");
    let readable: Vec<String> =
        table(&out(), "sources").into_iter().filter(|s| s["status"] == "ok").map(|s| s["source_id"].clone()).collect();
    assert_eq!(&header[2..], readable.as_slice());
    let htmx = matrix.iter().find(|r| r["concept_id"] == "htmx").unwrap();
    assert_eq!(htmx["michel-2025"], "1");
    let total: u32 = readable.iter().map(|s| htmx[s].parse::<u32>().unwrap()).sum();
    let concepts: HashMap<String, Row> =
        table(&out(), "concepts").into_iter().map(|c| (c["concept_id"].clone(), c)).collect();
    let c = &concepts["htmx"];
    assert_eq!(total, c["idea_count"].parse::<u32>().unwrap() + c["talk_count"].parse::<u32>().unwrap());
}

#[test]
fn graph_exports_read_back_with_every_node_and_edge() {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out().join("graph.json")).unwrap()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let count = |name: &str| table(&out(), name).len();
    assert_eq!(nodes.len(), count("sources") + count("items") + count("concepts") + count("themes"));
    let ids: HashSet<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let links = json["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .all(|l| ids.contains(l["source"].as_str().unwrap()) && ids.contains(l["target"].as_str().unwrap()))
    );
    let kind = |k: &str| links.iter().filter(|l| l["kind"] == k).count();
    assert_eq!(kind("mentions"), count("items"));
    assert_eq!(kind("normalises_to"), count("item_concepts"));
    assert_eq!(kind("belongs_to"), count("concepts"));
    assert!(kind("co_occurs") > 0 && kind("links_to") > 0);

    // GraphML: the same graph, with typed keys.
    let graphml = std::fs::read_to_string(out().join("graph.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), links.len());
    assert!(graphml.contains(r#"attr.name="year" attr.type="int""#));

    // SKOS: every theme and concept is a skos:Concept; every concept has one broader theme.
    let ttl = std::fs::read(out().join("taxonomy.ttl")).unwrap();
    let mut concepts = 0;
    let mut broader: HashMap<String, usize> = HashMap::new();
    for t in oxttl::TurtleParser::new().for_slice(&ttl) {
        let t = t.expect("taxonomy.ttl is valid Turtle");
        let object = t.object.to_string();
        if t.predicate.as_str().ends_with("#type") && object.ends_with("core#Concept>") {
            concepts += 1;
        }
        if t.predicate.as_str().ends_with("core#broader") {
            *broader.entry(t.subject.to_string()).or_default() += 1;
        }
    }
    assert_eq!(concepts, count("themes") + count("concepts"));
    assert_eq!(broader.len(), count("concepts"));
    assert!(broader.values().all(|&n| n == 1));
    let ttl = String::from_utf8(std::fs::read(out().join("taxonomy.ttl")).unwrap()).unwrap();
    assert!(ttl.contains("\"drf\"@en"), "curated aliases are skos:altLabel");
}

#[test]
fn folded_graph_exports_carry_each_sources_items_as_weighted_concept_edges() {
    let dir = tempfile::tempdir().unwrap();
    let folded = dir.path().join("output");
    common::build_snapshots(&folded, &["--graph-items", "folded"]);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(folded.join("graph.json")).unwrap()).unwrap();
    assert_eq!(json["graph"]["items"], "folded");
    let nodes = json["nodes"].as_array().unwrap();
    let count = |name: &str| table(&out(), name).len();
    assert_eq!(nodes.len(), count("sources") + count("concepts") + count("themes"), "no item nodes");
    let links = json["links"].as_array().unwrap();
    let mentions: Vec<&serde_json::Value> = links.iter().filter(|l| l["kind"] == "mentions").collect();
    assert!(mentions.iter().all(|l| {
        l["source"].as_str().unwrap().starts_with("source:") && l["target"].as_str().unwrap().starts_with("concept:")
    }));
    // Every item–concept link is counted once, in its source's edge to the concept.
    let weights: f64 = mentions.iter().map(|l| l["weight"].as_f64().unwrap()).sum();
    assert_eq!(weights as usize, count("item_concepts"));
    let michel_htmx = mentions
        .iter()
        .find(|l| l["source"] == "source:michel-2025" && l["target"] == "concept:htmx")
        .expect("michel-2025 asks for htmx");
    let by_hand = table(&out(), "item_concepts")
        .iter()
        .filter(|l| l["concept_id"] == "htmx" && l["item_id"].starts_with("michel-2025#"))
        .count();
    assert_eq!(michel_htmx["weight"].as_f64().unwrap() as usize, by_hand);
    let graphml = std::fs::read_to_string(folded.join("graph.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), links.len());
    assert!(graphml.contains(r#"<data key="graph_items">folded</data>"#));
    // The default for a small build keeps item nodes.
    let full: serde_json::Value = serde_json::from_slice(&std::fs::read(out().join("graph.json")).unwrap()).unwrap();
    assert_eq!(full["graph"]["items"], "nodes");
}

#[test]
fn dot_renders_with_graphviz() {
    let dot = out().join("graph.dot");
    let text = std::fs::read_to_string(&dot).unwrap();
    let themes_and_concepts = table(&out(), "themes").len() + table(&out(), "concepts").len();
    assert_eq!(text.matches("shape = ").count(), themes_and_concepts, "one node per theme and concept");
    // `timeout` so a graph Graphviz cannot lay out fails the test instead of hanging CI.
    let r = std::process::Command::new("timeout").args(["120", "dot", "-Tsvg"]).arg(&dot).output();
    let r = r.unwrap_or_else(|e| panic!("cannot run `timeout dot`: {e}"));
    // 127: `timeout` found no `dot` to run.
    let installed = r.status.code() != Some(127);
    if common::tool_ready(installed, "rendering graph.dot", "Graphviz `dot` is not installed (.ci/run installs it)") {
        assert!(r.status.success(), "dot failed or timed out: {}", String::from_utf8_lossy(&r.stderr));
        assert!(String::from_utf8_lossy(&r.stdout).contains("<svg"));
    }
}

#[test]
fn diff_between_two_years_agrees_with_the_trends() {
    let result = common::run(&["diff", "2024", "2025", "--json", "--out", out().to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let diff: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let ids = |k: &str| -> BTreeSet<String> {
        diff[k].as_array().unwrap().iter().map(|c| c["concept_id"].as_str().unwrap().to_string()).collect()
    };
    // 2024 is the idea-post year before 2025, so the 2025 trend statuses say the same thing.
    let trends = table(&out(), "trends");
    let with = |statuses: &[&str]| -> BTreeSet<String> {
        trends
            .iter()
            .filter(|t| t["year"] == "2025" && statuses.contains(&t["status"].as_str()))
            .map(|t| t["concept_id"].clone())
            .collect()
    };
    assert_eq!(ids("recurring"), with(&["recurring"]));
    assert_eq!(ids("new"), with(&["new", "returning"]));
    assert_eq!(ids("dropped"), with(&["dropped"]));
    let text = common::run(&["diff", "2024", "2025", "--out", out().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("2024 → 2025: "));
    let missing = common::run(&["diff", "2019", "2025", "--out", out().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no idea posts for 2019"));
}

#[test]
fn in_a_year_with_many_sources_overlap_keeps_only_pairs_that_share_something() {
    // 60 posts: the first two share an idea, the others each ask for something of their own.
    let out = build_year_of_60(|n| {
        if n < 2 {
            vec!["Zebra crossings for web forms".into()]
        } else {
            vec![format!("Unique topic number{n} walrus{n}")]
        }
    });
    let overlap = table(&out.path().join("output"), "overlap");
    assert_eq!(overlap.len(), 1, "not 60 * 59 / 2 rows: {}", overlap.len());
    assert_eq!(
        (overlap[0]["source_a"].as_str(), overlap[0]["source_b"].as_str(), overlap[0]["shared"].as_str()),
        ("p0", "p1", "1")
    );
}

#[test]
fn in_a_year_where_every_post_shares_a_topic_overlap_keeps_each_posts_nearest() {
    // 60 posts all ask for accessible forms; twins (p0, p1), (p2, p3), … also share a second idea.
    // Three ideas of their own each keep the shared one under the catch-all limit.
    let out = build_year_of_60(|n| {
        let mut ideas =
            vec!["Zebra crossings for web forms".into(), format!("Twin topic kestrel{} heron{}", n / 2, n / 2)];
        ideas.extend((0..3).map(|k| format!("Unique topic number{n} walrus{n} otter{k}")));
        ideas
    });
    let overlap = table(&out.path().join("output"), "overlap");
    assert!(overlap.len() <= 60 * 10, "each post keeps its 10 nearest, not all 1,770 pairs: {}", overlap.len());
    for t in 0..30 {
        let (a, b) = (format!("p{}", 2 * t), format!("p{}", 2 * t + 1));
        let jaccard = |r: &Row| r["jaccard"].parse::<f64>().unwrap();
        let twins = overlap.iter().find(|r| r["source_a"] == a && r["source_b"] == b).map(jaccard);
        let best = overlap.iter().filter(|r| r["source_a"] == a || r["source_b"] == a).map(jaccard).fold(0.0, f64::max);
        assert_eq!(twins, Some(best), "{a} and {b} are each other's nearest");
    }
    for n in 0..60 {
        let id = format!("p{n}");
        let rows = overlap.iter().filter(|r| r["source_a"] == id || r["source_b"] == id).count();
        assert!(rows >= 10, "{id} keeps 10 neighbours, has {rows}");
    }
}

#[test]
fn a_post_of_hundreds_of_distinct_ideas_adds_no_co_occurrence_and_says_so() {
    // Its 600 ideas would make 179,700 co-occurrence ties; the small post's three make three.
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let long: String = (0..600).map(|n| format!("- Quokka{n} wombat{n} idea\n")).collect();
    std::fs::write(snaps.join("long.md"), format!("## Ideas\n\n{long}")).unwrap();
    std::fs::write(snaps.join("short.md"), "## Ideas\n\n- Kestrel forms\n- Heron caching\n- Osprey queues\n").unwrap();
    let manifest = common::entry("long", "ideas", "markdown", 2031, "https://long.example/")
        + &common::entry("short", "ideas", "markdown", 2031, "https://short.example/");
    let path = dir.path().join("sources.toml");
    std::fs::write(&path, manifest).unwrap();
    let out = dir.path().join("output");
    common::build_from(&path, &snaps, &out, &[]);
    let run: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let warned =
        run["warnings"].as_array().unwrap().iter().any(|w| {
            w.as_str().unwrap().starts_with("long: names 600 concepts, more than 500: left out of co-occurrence")
        });
    assert!(warned, "{}", run["warnings"]);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    let ties = json["links"].as_array().unwrap().iter().filter(|l| l["kind"] == "co_occurs").count();
    assert_eq!(ties, 3, "only the short post's three pairs");
    assert_eq!(table(&out, "concepts").len(), 603);
}

/// Build 60 Markdown posts of 2031, post `n` listing `ideas(n)`.
fn build_year_of_60(ideas: impl Fn(usize) -> Vec<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let mut manifest = String::new();
    for n in 0..60 {
        let list: String = ideas(n).iter().map(|i| format!("- {i}\n")).collect();
        std::fs::write(snaps.join(format!("p{n}.md")), format!("## Ideas\n\n{list}")).unwrap();
        manifest += &common::entry(&format!("p{n}"), "ideas", "markdown", 2031, &format!("https://p{n}.example/"));
    }
    let path = dir.path().join("sources.toml");
    std::fs::write(&path, manifest).unwrap();
    common::build_from(&path, &snaps, &dir.path().join("output"), &[]);
    dir
}
