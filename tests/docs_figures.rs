//! The figures that README.md and docs/ quote from the shared corpus, computed from a build of
//! it. A figure that drifts fails here; `make docs-figures` rewrites the blocks instead. The
//! build reads the corpus's own manifest, so adding a post to `seeds/sources.toml` moves none
//! of them; a seed change that moves one is a change to what the docs promise, and the docs
//! are rewritten with it.

mod common;

use common::figures;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

type Row = HashMap<String, String>;

fn rows(out: &Path, table: &str, keep: impl Fn(&Row) -> bool) -> Vec<Row> {
    common::table(out, table).into_iter().filter(|r| keep(r)).collect()
}

fn num(row: &Row, column: &str) -> f64 {
    row[column].parse().unwrap_or_else(|_| panic!("{column} = {:?} is not a number", row[column]))
}

/// "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => "none".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "1 post", "2 posts".
fn count(n: &str, noun: &str) -> String {
    if n == "1" { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn percent(share: f64) -> String {
    let p = format!("{:.1}", share * 100.0);
    format!("{}%", p.trim_end_matches(".0"))
}

/// The first `lines` lines of `cfp-taxonomy diff 2024 2025`, as a shell session.
fn diff_session(out: &Path, lines: usize) -> String {
    let shown = common::run(&["diff", "2024", "2025", "--out", out.to_str().unwrap()]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let text = String::from_utf8(shown.stdout).unwrap();
    let mut kept: Vec<&str> = text.lines().take(lines).collect();
    if text.lines().count() > lines {
        kept.push("…");
    }
    format!("```\n$ cfp-taxonomy diff 2024 2025\n{}\n```", kept.join("\n"))
}

/// Subjects (topic concepts) named by wanted items of `source`.
fn subjects(out: &Path, source: &str) -> BTreeSet<String> {
    let items: BTreeSet<String> = rows(out, "items", |r| r["source_id"] == source && r["polarity"] == "wanted")
        .into_iter()
        .map(|r| r["item_id"].clone())
        .collect();
    let topics: BTreeSet<String> =
        rows(out, "concepts", |r| r["scope"] == "topic").into_iter().map(|r| r["concept_id"].clone()).collect();
    rows(out, "item_concepts", |r| items.contains(&r["item_id"]) && topics.contains(&r["concept_id"]))
        .into_iter()
        .map(|r| r["concept_id"].clone())
        .collect()
}

fn shared_subjects(out: &Path) -> String {
    let (a, b) = ("michel-2025", "winstel-2025");
    let shared: BTreeSet<String> = subjects(out, a).intersection(&subjects(out, b)).cloned().collect();
    let concepts = rows(out, "concepts", |r| shared.contains(&r["concept_id"]));
    // The examples are the shared subjects asked for most often, so they are the telling ones.
    let mut named: Vec<(i64, String)> =
        concepts.iter().map(|c| (-(num(c, "idea_count") as i64), c["label"].clone())).collect();
    named.sort();
    let examples: Vec<String> = named.iter().take(4).map(|(_, l)| l.clone()).collect();
    let pair = rows(out, "overlap", |r| r["source_a"] == a && r["source_b"] == b);
    let pair = pair.first().expect("the two 2025 lists are an overlap row");
    format!(
        "On the shared corpus this gives {} subjects, among them {}\n(`overlap` has the pair as one row: `shared = {}`, `jaccard = {:.3}`).",
        shared.len(),
        and_list(&examples),
        pair["shared"],
        num(pair, "jaccard")
    )
}

fn unreadable(out: &Path) -> String {
    let mut by_status: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows(out, "sources", |r| r["status"] != "ok") {
        by_status.entry(r["status"].clone()).or_default().push(format!("`{}`", r["source_id"]));
    }
    let parts: Vec<String> = by_status.iter().map(|(status, ids)| format!("{}: `{status}`", and_list(ids))).collect();
    format!("{}; `reason` says why.", parts.join("; "))
}

fn items_2025(out: &Path) -> String {
    let kinds: HashMap<String, String> =
        rows(out, "sources", |_| true).into_iter().map(|r| (r["source_id"].clone(), r["kind"].clone())).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows(out, "items", |r| r["year"] == "2025") {
        *counts.entry(r["source_id"].clone()).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let parts: Vec<String> = counts
        .iter()
        .map(|(s, n)| if kinds[s] == "program" { format!("`{s}` {n} (accepted talks)") } else { format!("`{s}` {n}") })
        .collect();
    parts.join(", ")
}

fn streaks(out: &Path) -> String {
    let mut concepts = rows(out, "concepts", |_| true);
    concepts.sort_by(|a, b| {
        num(b, "longest_streak").total_cmp(&num(a, "longest_streak")).then(a["concept_id"].cmp(&b["concept_id"]))
    });
    let parts: Vec<String> = concepts
        .iter()
        .take(5)
        .map(|c| format!("`{}` (from {}) {}", c["concept_id"], c["first_year"], c["longest_streak"]))
        .collect();
    format!("{}: idea-post years in a row.", parts.join(", "))
}

fn why_item(out: &Path) -> String {
    let item =
        rows(out, "items", |r| r["source_id"] == "triplett-2022" && r["text"] == "What's new in Django development?*");
    let item = &item.first().expect("the 2022 idea is extracted")["item_id"];
    let links: Vec<String> = rows(out, "item_concepts", |r| &r["item_id"] == item)
        .iter()
        .map(|r| format!("`{}` by `{}`", r["concept_id"], r["method"]))
        .collect();
    format!("{} (`override` is a row of `seeds/overrides.csv`).", and_list(&links))
}

fn overlap_2025(out: &Path) -> String {
    let mut pairs = rows(out, "overlap", |r| r["year"] == "2025");
    pairs.sort_by(|a, b| num(b, "shared").total_cmp(&num(a, "shared")).then(a["source_a"].cmp(&b["source_a"])));
    let parts: Vec<String> = pairs
        .iter()
        .map(|p| {
            format!(
                "`{}` and `{}` share {} (Jaccard {:.3})",
                p["source_a"],
                p["source_b"],
                p["shared"],
                num(p, "jaccard")
            )
        })
        .collect();
    format!("{}; broad concepts such as \"Best practices\" do not count.", parts.join("; "))
}

fn htmx(out: &Path) -> String {
    let mut years = rows(out, "trends", |r| r["concept_id"] == "htmx");
    years.sort_by(|a, b| a["year"].cmp(&b["year"]));
    let parts: Vec<String> = years
        .iter()
        .map(|y| {
            format!(
                "{} `{}` ({} in {})",
                y["year"],
                y["status"],
                count(&y["mentions"], "mention"),
                count(&y["sources"], "post")
            )
        })
        .collect();
    format!("{}.", parts.join(", "))
}

fn themes_2025(out: &Path) -> String {
    let mut themes = rows(out, "theme_trends", |r| r["year"] == "2025");
    let gap = |r: &Row| num(r, "talk_share") - num(r, "share");
    themes.sort_by(|a, b| gap(b).total_cmp(&gap(a)).then(a["theme"].cmp(&b["theme"])));
    let parts: Vec<String> = themes
        .iter()
        .take(3)
        .map(|t| {
            format!(
                "`{}` ({} of ideas, {} of talks)",
                t["theme"],
                percent(num(t, "share")),
                percent(num(t, "talk_share"))
            )
        })
        .collect();
    format!(
        "{}; the 2025 talks come from a calendar feed without tags, so they are themed from their titles and descriptions.",
        parts.join(", ")
    )
}

fn coverage_2025(out: &Path) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows(out, "coverage", |r| r["year"] == "2025") {
        *counts.entry(r["status"].clone()).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("`{s}` {n}")).collect();
    format!("{} concepts.", parts.join(", "))
}

fn matrix_htmx(out: &Path) -> String {
    let row = rows(out, "concept_matrix", |r| r["concept_id"] == "htmx");
    let row = row.first().expect("HTMX is a concept");
    let parts: Vec<String> = common::columns(out, "concept_matrix")
        .into_iter()
        .filter(|c| c != "concept_id" && c != "label" && row[c] != "0")
        .map(|c| format!("`{c}` {}", row[&c]))
        .collect();
    format!("{}; every other source 0.", parts.join(", "))
}

fn links_winstel(out: &Path) -> String {
    let links = rows(out, "links", |r| r["url"].contains("winstel.dev/2025"));
    let parts: Vec<String> = links.iter().map(|l| format!("`{}`, anchor \"{}\"", l["source_id"], l["text"])).collect();
    format!("{} (`sources.links_to` lists it too).", and_list(&parts))
}

fn pagerank(out: &Path) -> String {
    let mut concepts = rows(out, "concepts", |_| true);
    concepts
        .sort_by(|a, b| num(b, "pagerank").total_cmp(&num(a, "pagerank")).then(a["concept_id"].cmp(&b["concept_id"])));
    let parts: Vec<String> = concepts.iter().take(3).map(|c| c["label"].clone()).collect();
    format!("{}: the topics asked for beside the most others.", and_list(&parts))
}

/// The first `lines` lines of `cfp-taxonomy explain QUERY`, as a shell session.
fn explain_session(out: &Path, query: &str, lines: usize) -> String {
    let shown = common::run(&["explain", query, "--out", out.to_str().unwrap()]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let text = String::from_utf8(shown.stdout).unwrap();
    let shell = if query.contains(' ') { format!("\"{query}\"") } else { query.to_string() };
    let kept: Vec<&str> = text.lines().take(lines).collect();
    format!("```\n$ cfp-taxonomy explain {shell}\n{}\n…\n```", kept.join("\n"))
}

/// A review session that answers the first two suggestions "different" and quits, and the
/// rows it adds to the overrides file.
fn review_session(out: &Path, dir: &Path) -> String {
    let overrides = dir.join("overrides.csv");
    std::fs::copy(common::root().join("seeds/overrides.csv"), &overrides).unwrap();
    let before = std::fs::read_to_string(&overrides).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cfp-taxonomy"))
        .args(["review", "--out", out.to_str().unwrap(), "--overrides", overrides.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"n\nn\nq\n").unwrap();
    let shown = child.wait_with_output().unwrap();
    assert!(shown.status.success());
    let session = String::from_utf8(shown.stdout).unwrap().replace(overrides.to_str().unwrap(), "seeds/overrides.csv");
    let after = std::fs::read_to_string(&overrides).unwrap();
    let added: Vec<String> =
        after.lines().filter(|l| !before.lines().any(|b| b == *l)).map(|l| format!("+{l}")).collect();
    format!("```\n$ cfp-taxonomy review\n{}\n$ git diff seeds/overrides.csv\n{}\n```", session.trim(), added.join("\n"))
}

#[test]
fn the_figures_in_the_docs_are_what_a_build_of_the_shared_corpus_gives() {
    let corpus = common::corpus();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::build_from(&corpus.join("sources.toml"), &corpus, &out, &[]);

    let mut computed: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |name: &str, text: String| computed.insert(name.to_string(), text);
    put("readme-shared-subjects", shared_subjects(&out));
    put("readme-diff", diff_session(&out, 1));
    put("cli-diff", diff_session(&out, 5));
    put("worked-unreadable", unreadable(&out));
    put("worked-items-2025", items_2025(&out));
    put("worked-streaks", streaks(&out));
    put("worked-why-item", why_item(&out));
    put("worked-overlap-2025", overlap_2025(&out));
    put("worked-htmx", htmx(&out));
    put("worked-themes-2025", themes_2025(&out));
    put("worked-coverage-2025", coverage_2025(&out));
    put("worked-matrix-htmx", matrix_htmx(&out));
    put("worked-links-winstel", links_winstel(&out));
    put("worked-pagerank", pagerank(&out));
    put("normalization-review", review_session(&out, dir.path()));
    put("normalization-explain-concept", explain_session(&out, "new-django-features", 8));
    put("normalization-explain-text", explain_session(&out, "Using Django in machine learning projects", 7));
    figures::check(&computed);

    // Every figure block of the docs is computed by this test or by tests/eval.rs.
    for file in figures::files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (name, _) in figures::blocks(&text) {
            assert!(
                computed.contains_key(&name) || figures::FROM_EVAL.contains(&name.as_str()),
                "{}: figure:{name} is computed by no test",
                file.display()
            );
        }
    }
}

#[test]
fn a_figure_block_is_found_whole() {
    let text = "a\n<!-- figure:one -->\n1 of 2\n<!-- /figure -->\nb <!-- figure:two -->x<!-- /figure --> c";
    let found = figures::blocks(text);
    assert_eq!(found.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["one", "two"]);
    assert_eq!(&text[found[0].1.clone()], "\n1 of 2\n");
    assert_eq!(&text[found[1].1.clone()], "x");
}

#[test]
fn the_readme_is_short_and_says_how_to_run_the_binary_and_add_each_kind_of_post() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(readme.lines().count() <= 300, "README.md has {} lines: move reference to docs/", readme.lines().count());
    for needed in
        ["cargo install --path .", "target/release/cfp-taxonomy", "make test", "path = ", "--snapshots", "--archive"]
    {
        assert!(readme.contains(needed), "the README does not say {needed:?}");
    }
    // Every page it sends a reader to exists.
    for link in readme.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
        if !link.starts_with("http") && !link.starts_with('#') {
            assert!(common::root().join(link).exists(), "README links to {link}, which does not exist");
        }
    }
}
