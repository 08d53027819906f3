//! The review loop end to end: a build proposes near misses, a person's decisions go to
//! `overrides.csv`, and the next build applies them and stops proposing them.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{build_from, corpus, root, run, table};

/// A copy of the project's seeds, so decisions do not touch the real `overrides.csv`.
fn seeds_copy(dir: &Path) -> std::path::PathBuf {
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
        }
    }
    seeds
}

fn build(seeds: &Path, out: &Path) {
    build_from(&root().join("seeds/sources.toml"), &corpus(), out, &["--seeds", seeds.to_str().unwrap()]);
}

/// A build of the shared corpus with a copy of the seeds: (its folder, the seeds, the output).
fn first_build() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds_copy(dir.path());
    let out = dir.path().join("out");
    build(&seeds, &out);
    (dir, seeds, out)
}

/// The concepts of the item with this source and text.
fn concepts_of(out: &Path, source: &str, text: &str) -> Vec<String> {
    let items = table(out, "items");
    let id = &items.iter().find(|i| i["source_id"] == source && i["text"] == text).expect("item")["item_id"];
    table(out, "item_concepts").into_iter().filter(|l| &l["item_id"] == id).map(|l| l["concept_id"].clone()).collect()
}

#[test]
fn accepted_and_rejected_suggestions_become_overrides_that_the_next_build_applies() {
    let (_dir, seeds, out) = first_build();
    let suggestions = table(&out, "suggestions");
    assert!(suggestions.len() >= 2, "the corpus has near misses to review");
    for s in &suggestions {
        let score: f64 = s["score"].parse().unwrap();
        assert!((0.4..=1.0).contains(&score), "{s:?}");
        assert_ne!(s["source_a"], s["source_b"], "pairs reach across posts");
        assert!(!concepts_of(&out, &s["source_a"], &s["text_a"]).is_empty());
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let queue = format!("{} pairs of ideas from different posts share no subject", suggestions.len());
    assert!(report.contains(&queue) && report.contains("cfp-taxonomy review"), "the report points to the review");
    let (yes, no) = (&suggestions[0], &suggestions[1]);
    let overrides = seeds.join("overrides.csv");
    let (out_arg, overrides_arg) = (out.to_str().unwrap(), overrides.to_str().unwrap());
    let decided = run(&[
        "review",
        "--out",
        out_arg,
        "--overrides",
        overrides_arg,
        "--accept",
        &yes["suggestion_id"],
        "--reject",
        &no["suggestion_id"],
    ]);
    assert!(decided.status.success(), "{}", String::from_utf8_lossy(&decided.stderr));
    assert!(String::from_utf8_lossy(&decided.stdout).contains("2 decisions written"));
    // One row for B, and one for each idea of another post worded as B (a reposted list).
    let worded = |t: &str| t.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let copies = table(&out, "items")
        .iter()
        .filter(|i| i["source_id"] != yes["source_b"] && worded(&i["text"]) == worded(&yes["text_b"]))
        .count();
    let written = std::fs::read_to_string(&overrides).unwrap();
    let accepted = written.lines().filter(|l| l.contains(&format!("review {}:", yes["suggestion_id"]))).count();
    assert_eq!(accepted, 1 + copies, "{written}");

    build(&seeds, &out);
    let after = table(&out, "suggestions");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains(&format!("{} pairs of ideas", after.len())), "the report's queue is the table's");
    for s in [yes, no] {
        assert!(!after.iter().any(|a| a["suggestion_id"] == s["suggestion_id"]), "{} is decided", s["suggestion_id"]);
    }
    assert!(
        concepts_of(&out, &yes["source_b"], &yes["text_b"]).contains(&yes["concept_id"]),
        "accepted: B joined A's concept"
    );
    let (a, b) = (concepts_of(&out, &no["source_a"], &no["text_a"]), concepts_of(&out, &no["source_b"], &no["text_b"]));
    assert!(a.iter().all(|c| !b.contains(c)), "rejected: the pair shares no concept: {a:?} {b:?}");
    let log = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(!log.contains("overrides.csv:"), "every written override matches an item: {log}");
}

#[test]
fn a_merge_moves_every_idea_of_the_second_concept_into_the_first() {
    let (_dir, seeds, out) = first_build();
    let suggestions = table(&out, "suggestions");
    // The largest concept a merge would move: the case a merge is for.
    let s = suggestions.iter().max_by_key(|s| s["concept_b_items"].parse::<usize>().unwrap()).unwrap();
    let links = table(&out, "item_concepts");
    let moved: Vec<String> =
        links.iter().filter(|l| l["concept_id"] == s["concept_b_id"]).map(|l| l["item_id"].clone()).collect();
    assert_eq!(moved.len().to_string(), s["concept_b_items"], "the table says how many ideas a merge moves");
    let overrides = seeds.join("overrides.csv");
    let (out_arg, overrides_arg) = (out.to_str().unwrap(), overrides.to_str().unwrap());
    let listed = run(&["review", "--out", out_arg, "--list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains(&format!("merge: all {} ideas of", s["concept_b_items"])), "{listed}");
    let decided = run(&["review", "--out", out_arg, "--overrides", overrides_arg, "--merge", &s["suggestion_id"]]);
    assert!(decided.status.success(), "{}", String::from_utf8_lossy(&decided.stderr));
    let written = std::fs::read_to_string(&overrides).unwrap();
    assert!(written.lines().any(|l| l.starts_with("merge,")), "{written}");

    build(&seeds, &out);
    let links = table(&out, "item_concepts");
    for item in &moved {
        assert!(
            links.iter().any(|l| &l["item_id"] == item && l["concept_id"] == s["concept_id"]),
            "{item} moved into {}",
            s["concept_id"]
        );
    }
    assert!(!links.iter().any(|l| l["concept_id"] == s["concept_b_id"]), "the merged concept is gone");
    assert!(!table(&out, "suggestions").iter().any(|a| a["suggestion_id"] == s["suggestion_id"]), "decided");
    let log = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(!log.contains("overrides.csv:"), "the merge row matched its concepts: {log}");
}

#[test]
fn an_interactive_session_reads_one_answer_per_line_and_keeps_what_was_decided() {
    let (_dir, seeds, out) = first_build();
    let overrides = seeds.join("overrides.csv");
    let before = std::fs::read_to_string(&overrides).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cfp-taxonomy"))
        .args(["review", "--out", out.to_str().unwrap(), "--overrides", overrides.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // Skip one, reject one, then the input ends: the session stops, the decision stays.
    child.stdin.take().unwrap().write_all(b"s\nn\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("[1/") && stdout.contains("Same topic?") && stdout.contains("0 same, 0 merged, 1 different"),
        "{stdout}"
    );
    assert!(stdout.contains("[q]uit: s\n") && stdout.contains("[q]uit: n\n"), "piped answers are echoed: {stdout}");
    let after = std::fs::read_to_string(&overrides).unwrap();
    assert!(after.starts_with(&before), "earlier rows and comments are kept");
    let added: Vec<&str> = after[before.len()..].lines().filter(|l| !l.is_empty()).collect();
    // One answer: a row for the pair, and one per copy of the second idea worded the same.
    assert!(!added.is_empty() && added.iter().all(|l| l.starts_with("separate,")), "{added:?}");
    let id = |l: &str| l.split("review ").nth(1).and_then(|r| r.split(':').next()).map(str::to_string);
    assert!(added.iter().all(|l| id(l) == id(added[0])), "one suggestion's rows: {added:?}");
    let unknown = run(&[
        "review",
        "--out",
        out.to_str().unwrap(),
        "--overrides",
        overrides.to_str().unwrap(),
        "--accept",
        "s-nope",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn an_answer_holds_for_every_copy_of_both_ideas_in_both_orders() {
    // Two posts of 2024 reposted in 2025: "Marketing" and "Marketing your project" each twice.
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    let fillers = |post: &str| -> String {
        ["Quantum knitting", "Sourdough", "Birdwatching", "Chess openings", "Origami", "Beekeeping"]
            .iter()
            .map(|f| format!("- {f} for {post}\n"))
            .collect()
    };
    let mut manifest = String::new();
    for (id, year, idea) in [
        ("short-2024", 2024, "Marketing"),
        ("short-2025", 2025, "Marketing"),
        ("long-2024", 2024, "Marketing your project"),
        ("long-2025", 2025, "Marketing your project"),
    ] {
        std::fs::write(posts.join(format!("{id}.md")), format!("# Talks I want\n\n- {idea}\n{}", fillers(id))).unwrap();
        manifest.push_str(&common::entry(id, "ideas", "markdown", year, &format!("https://example.org/{id}")));
    }
    let sources = dir.path().join("sources.toml");
    std::fs::write(&sources, manifest).unwrap();
    let seeds = seeds_copy(dir.path());
    let out = dir.path().join("out");
    let seeds_arg = ["--seeds", seeds.to_str().unwrap()];
    build_from(&sources, &posts, &out, &seeds_arg);
    let about_marketing = |out: &Path| {
        table(out, "suggestions")
            .into_iter()
            .filter(|s| [&s["text_a"], &s["text_b"]].iter().all(|t| t.starts_with("Marketing")))
            .collect::<Vec<_>>()
    };
    let first = about_marketing(&out);
    assert_eq!(first.len(), 1, "one suggestion for the pair of ideas: {first:?}");
    let answered = run(&[
        "review",
        "--out",
        out.to_str().unwrap(),
        "--overrides",
        seeds.join("overrides.csv").to_str().unwrap(),
        "--reject",
        &first[0]["suggestion_id"],
    ]);
    assert!(answered.status.success(), "{}", String::from_utf8_lossy(&answered.stderr));
    build_from(&sources, &posts, &out, &seeds_arg);
    assert!(about_marketing(&out).is_empty(), "no copy of either idea brings the pair back, in either order");
}
