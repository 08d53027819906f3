//! `cfp-taxonomy eval` end to end: a labelled set of our own with known answers, and the
//! shared sets read whole.

mod common;

use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_small_labelled_set_gets_the_scores_a_person_would_count() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set");
    write(&set.join("sources.toml"), &common::entry("ours-2030", "ideas", "markdown", 2030, "https://ours.example/"));
    // Three ideas under a label, one date list that is not ideas.
    write(
        &set.join("corpus/ours-2030.md"),
        "# Call for talks\n\n## Topics\n\n- Caching at scale\n- Typing Django\n- Deploying with containers\n\n## Dates\n\n- March 1: CFP opens\n",
    );
    write(
        &set.join("gold/items.csv"),
        "source,level,themes,section,key\n\
         ours-2030,required,data;performance,Topics,Caching\n\
         ours-2030,required,python,Topics,Typing Django\n\
         ours-2030,required,deployment,Topics,Deploying\n\
         ours-2030,required,security,Topics,Security audits\n",
    );
    write(&set.join("gold/pairs.csv"), "relation,source_a,key_a,source_b,key_b\n");
    let shown = common::run(&["eval", "--set", set.to_str().unwrap(), "--json"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let evaluation: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(evaluation["unfitted"][0], "ours-2030", "one post alone trains no model");
    let report = &evaluation["baseline"];
    let total = &report["total"];
    assert_eq!((total["required"].as_u64(), total["found"].as_u64()), (Some(4), Some(3)));
    assert_eq!(total["section_ok"].as_u64(), Some(3), "all three under Topics");
    let emitted = total["emitted"].as_u64().unwrap();
    assert_eq!(total["correct"].as_u64(), Some(3));
    assert!(emitted >= 3, "{report}");

    let table = common::run(&["eval", "--set", set.to_str().unwrap(), "--misses"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("ours-2030: not found (1)") && text.contains("Security audits"), "{text}");

    let missing = common::run(&["eval", "--set", dir.path().join("nowhere").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2), "a folder that is not a set is a usage error");
}

/// `eval --json` of both shared sets, run once for the tests that read it: a full evaluation
/// fits the idea model once per labelled post.
fn shared_evaluation() -> &'static std::process::Output {
    static SHOWN: std::sync::OnceLock<std::process::Output> = std::sync::OnceLock::new();
    SHOWN.get_or_init(|| {
        let corpus = common::corpus();
        let dev = corpus.join("../dev");
        let shown = common::run(&["eval", "--set", dev.to_str().unwrap(), "--set", corpus.to_str().unwrap(), "--json"]);
        assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
        shown
    })
}

#[test]
fn the_shared_sets_are_scored_post_by_post_and_the_corpus_keeps_its_numbers() {
    let corpus = common::corpus();
    let dev = corpus.join("../dev");
    let shown = shared_evaluation();
    let evaluation: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let report = &evaluation["leave_one_post_out"];
    let required = |dir: &Path| {
        let mut reader = csv::Reader::from_path(dir.join("gold/items.csv")).unwrap();
        reader.records().filter(|r| &r.as_ref().unwrap()[1] == "required").count() as u64
    };
    assert_eq!(report["total"]["required"].as_u64(), Some(required(&dev) + required(&corpus)));
    // Every ideas post of both manifests is scored, those without a gold row included.
    let ideas_posts = |dir: &Path| {
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("sources.toml")).unwrap()).unwrap();
        manifest["source"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                s["kind"].as_str() == Some("ideas") && s.get("snapshot").and_then(|v| v.as_bool()) != Some(false)
            })
            .count()
    };
    let posts = report["posts"].as_array().unwrap();
    assert_eq!(posts.len(), ideas_posts(&dev) + ideas_posts(&corpus));
    // The seed post reads whole, leave-one-post-out: every idea found, in its sections.
    let michel = posts.iter().find(|p| p["source"] == "michel-2025").unwrap();
    assert_eq!(michel["required"], michel["found"], "{michel}");
    assert_eq!(michel["section_ok"], michel["found"], "{michel}");
    let pairs = &report["pairs"];
    let count = |dir: &Path| csv::Reader::from_path(dir.join("gold/pairs.csv")).unwrap().records().count() as u64;
    assert_eq!(pairs["same"].as_u64().unwrap() + pairs["distinct"].as_u64().unwrap(), count(&dev) + count(&corpus));
    // Each set's pairs are reported on their own too, in every report.
    for kind in ["leave_one_post_out", "in_sample", "baseline"] {
        let by_set = &evaluation[kind]["pairs_by_set"];
        for (set, dir) in [("dev", &dev), ("corpus", &corpus)] {
            let p = &by_set[set];
            assert_eq!(p["same"].as_u64().unwrap() + p["distinct"].as_u64().unwrap(), count(dir), "{kind} {set}");
            assert!(p["same_found"].as_u64() <= p["same"].as_u64(), "{kind} {set}");
            assert!(p["same_ok"].as_u64() <= p["same_found"].as_u64(), "{kind} {set}");
            assert!(p["distinct_ok"].as_u64() <= p["distinct_found"].as_u64(), "{kind} {set}");
        }
    }
    assert!(michel["set"] == "corpus", "{michel}");
    // Every post was judged by a model fitted without it, and the figures are fractions.
    assert_eq!(evaluation["unfitted"].as_array().map(Vec::len), Some(0));
    for kind in ["leave_one_post_out", "in_sample", "baseline"] {
        let t = &evaluation[kind]["total"];
        assert!(
            t["found"].as_u64() <= t["required"].as_u64() && t["correct"].as_u64() <= t["emitted"].as_u64(),
            "{kind}"
        );
        assert_eq!(evaluation[kind]["posts"].as_array().unwrap().len(), posts.len(), "{kind}");
    }
    // The model keeps fewer non-ideas than the baseline of every list item and heading.
    let precision = |kind: &str| {
        let t = &evaluation[kind]["total"];
        t["correct"].as_f64().unwrap() / (t["emitted"].as_f64().unwrap() - t["ignored"].as_f64().unwrap())
    };
    assert!(precision("leave_one_post_out") > precision("baseline") + 0.2);
    // The simulated review: before any answer, then after 10 and 25; answers only ever join
    // labelled same-topic pairs, so the same-topic figure cannot fall.
    let review = evaluation["review"].as_array().unwrap();
    let answers: Vec<u64> = review.iter().map(|r| r["answers"].as_u64().unwrap()).collect();
    assert_eq!(answers, [0, 10, 25]);
    let same_ok = |r: &serde_json::Value| r["pairs"]["same_ok"].as_u64().unwrap();
    assert!(review.windows(2).all(|w| same_ok(&w[1]) >= same_ok(&w[0])), "{review:?}");
    assert!(review.iter().all(|r| r["same_answers"].as_u64() <= r["answers"].as_u64()));
    docs_figures(&evaluation);
}

/// Counts of one report, over every post or over one set's posts.
struct Scores {
    required: f64,
    found: f64,
    emitted: f64,
    correct: f64,
    section_ok: f64,
    theme_ok: f64,
    themed: f64,
    posts: usize,
}

impl Scores {
    fn of(report: &serde_json::Value, set: Option<&str>) -> Scores {
        let posts: Vec<&serde_json::Value> =
            report["posts"].as_array().unwrap().iter().filter(|p| set.is_none_or(|s| p["set"] == s)).collect();
        let sum = |key: &str| posts.iter().map(|p| p[key].as_f64().unwrap()).sum::<f64>();
        Scores {
            required: sum("required"),
            found: sum("found"),
            emitted: sum("emitted") - sum("ignored"),
            correct: sum("correct"),
            section_ok: sum("section_ok"),
            theme_ok: sum("theme_ok"),
            themed: sum("themed"),
            posts: posts.len(),
        }
    }

    fn extraction(&self) -> String {
        format!(
            "{:.3} | {:.3} | {:.3}",
            self.found / self.required,
            self.correct / self.emitted,
            self.section_ok / self.found
        )
    }
}

/// same and distinct pair shares of a `pairs` object, over the pairs whose ideas were found.
fn pair_scores(pairs: &serde_json::Value) -> String {
    let share = |ok: &str, all: &str| pairs[ok].as_f64().unwrap() / pairs[all].as_f64().unwrap();
    format!("{:.3} | {:.3}", share("same_ok", "same_found"), share("distinct_ok", "distinct_found"))
}

/// The eval figures README.md, docs/extraction.md and docs/normalization.md quote.
fn docs_figures(evaluation: &serde_json::Value) {
    let loo = &evaluation["leave_one_post_out"];
    let (all, dev, corpus) = (Scores::of(loo, None), Scores::of(loo, Some("dev")), Scores::of(loo, Some("corpus")));
    let in_sample = Scores::of(&evaluation["in_sample"], None);
    let baseline = Scores::of(&evaluation["baseline"], None);
    let pairs = |report: &serde_json::Value| {
        report["same_found"].as_u64().unwrap() + report["distinct_found"].as_u64().unwrap()
    };
    let theme = |s: &Scores| format!("{:.3}", s.theme_ok / s.themed);
    let mut computed = std::collections::BTreeMap::new();
    computed.insert(
        "readme-eval".to_string(),
        format!(
            "| leave-one-post-out, {} required ideas, {} found pairs | recall | precision | section | theme | same pairs | distinct pairs |\n\
             | --- | --- | --- | --- | --- | --- | --- |\n\
             | the model | {} | {} | {} |",
            all.required,
            pairs(&loo["pairs"]),
            all.extraction(),
            theme(&all),
            pair_scores(&loo["pairs"])
        ),
    );
    computed.insert(
        "extraction-eval".to_string(),
        format!(
            "`cfp-taxonomy eval`: `../shared/dev` ({} posts) and `../shared/corpus` ({} posts), {} required ideas.\n\n\
             | | recall | precision | section |\n\
             | --- | --- | --- | --- |\n\
             | **leave-one-post-out, both sets** | {} |\n\
             | leave-one-post-out, `../shared/dev` | {} |\n\
             | leave-one-post-out, `../shared/corpus` | {} |\n\
             | in sample, both sets | {} |\n\
             | baseline (every list entry, heading, bold line), both sets | {} |",
            dev.posts,
            corpus.posts,
            all.required,
            all.extraction(),
            dev.extraction(),
            corpus.extraction(),
            in_sample.extraction(),
            baseline.extraction()
        ),
    );
    let by_set = &loo["pairs_by_set"];
    computed.insert(
        "normalization-eval".to_string(),
        format!(
            "`cfp-taxonomy eval`: {} same-topic and {} different-topic pairs whose two ideas were found, the themes of {} found ideas.\n\n\
             | | same pairs | distinct pairs | themes |\n\
             | --- | --- | --- | --- |\n\
             | **leave-one-post-out, both sets** | {} | {} |\n\
             | leave-one-post-out, `../shared/dev` | {} | {} |\n\
             | leave-one-post-out, `../shared/corpus` | {} | {} |\n\
             | in sample, both sets | {} | {} |",
            loo["pairs"]["same_found"],
            loo["pairs"]["distinct_found"],
            all.themed,
            pair_scores(&loo["pairs"]),
            theme(&all),
            pair_scores(&by_set["dev"]),
            theme(&dev),
            pair_scores(&by_set["corpus"]),
            theme(&corpus),
            pair_scores(&evaluation["in_sample"]["pairs"]),
            theme(&in_sample)
        ),
    );
    let review: Vec<String> = evaluation["review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("| {} | {} | {} |", r["answers"], r["same_answers"], pair_scores(&r["pairs"])))
        .collect();
    let before = &evaluation["review"][0];
    computed.insert(
        "normalization-review-sim".to_string(),
        format!(
            "A queue of {} suggestions, {} of them labelled pairs.\n\n\
             | answers read | of them labelled same-topic pairs | same pairs | distinct pairs |\n| --- | --- | --- | --- |\n{}",
            before["queue"],
            before["labelled"],
            review.join("\n")
        ),
    );
    common::figures::check(&computed);
}

#[test]
fn the_embedding_measurement_script_reads_the_pairs_as_eval_counts_them() {
    // scripts/embedding_pairs.py needs a model to embed, but its reading of `eval --json` and
    // the labels needs only Python: it must agree with eval's own pair figures.
    let corpus = common::corpus();
    let shown = shared_evaluation();
    let evaluation: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eval.json");
    std::fs::write(&path, &shown.stdout).unwrap();
    let script = "import json, sys\nfrom pathlib import Path\nsys.path.insert(0, 'scripts')\nimport embedding_pairs as e\n\
                  rows = e.pairs(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))\n\
                  print(e.figures(rows, lambda p: p['joined']))\n";
    let python = std::env::var("CFP_PYTHON").unwrap_or_else(|_| "python3".into());
    let output = std::process::Command::new(python)
        .args(["-c", script, path.to_str().unwrap(), corpus.join("..").to_str().unwrap()])
        .current_dir(common::root())
        .output()
        .expect("python runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let p = &evaluation["leave_one_post_out"]["pairs"];
    let share = |ok: &str, all: &str| p[ok].as_f64().unwrap() / p[all].as_f64().unwrap();
    let expected = format!("same {:.3}, distinct {:.3}", share("same_ok", "same"), share("distinct_ok", "distinct"));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), expected);
}

#[test]
fn a_trained_model_is_written_as_reviewable_weights_and_used_by_build_and_extract() {
    let corpus = common::corpus();
    let dev = corpus.join("../dev");
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.csv");
    let trained = common::run(&[
        "train-extractor",
        "--set",
        dev.to_str().unwrap(),
        "--set",
        corpus.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
    ]);
    assert!(trained.status.success(), "{}", String::from_utf8_lossy(&trained.stderr));
    let weights = std::fs::read_to_string(&model).unwrap();
    assert!(weights.starts_with("feature,weight\n(intercept),"), "{weights}");
    assert!(weights.contains("\nblock_dates,"), "shape features are learned: {weights}");
    let builtin = std::fs::read_to_string(common::root().join("seeds/extraction-model.csv")).unwrap();
    assert_eq!(
        weights, builtin,
        "seeds/extraction-model.csv is what train-extractor fits on ../shared/dev and ../shared/corpus: rerun it"
    );
    // A call with one date list and one topic list.
    let page = dir.path().join("cfp.md");
    std::fs::write(
        &page,
        "# Call\n\n## Important dates\n\n- March 1, 2031: CFP opens\n- April 2, 2031: CFP closes\n- May 9, 2031: speakers notified\n\n## Talks we hope for\n\n- Caching\n- Typing\n- Deployment\n- Search\n- Security\n- Testing\n",
    )
    .unwrap();
    let kept = |extra: &[&str]| {
        let mut args = vec!["extract", page.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let shown = common::run(&args);
        assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
        let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        json["items"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let topics = ["Caching", "Typing", "Deployment", "Search", "Security", "Testing"];
    assert_eq!(kept(&[]), topics, "the built-in model keeps the topics, not the dates or the headings");
    assert_eq!(kept(&["--model", model.to_str().unwrap()]), topics);
    // A model a person edits is applied as written: here everything but dates and headings.
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, "feature,weight\n(intercept),4\n(threshold),0.5\ndate,-20\nkind:heading,-20\n").unwrap();
    assert_eq!(kept(&["--model", edited.to_str().unwrap()]), topics);
    std::fs::write(&edited, "feature,weight\n(intercept),4\n(threshold),0.5\nkind:heading,-20\n").unwrap();
    assert_eq!(kept(&["--model", edited.to_str().unwrap()]).len(), 9, "without the date weight the dates are kept");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "feature,weight\nwords,heavy\n").unwrap();
    assert_eq!(
        common::run(&["extract", page.to_str().unwrap(), "--model", bad.to_str().unwrap()]).status.code(),
        Some(2)
    );
    std::fs::write(&bad, "feature,weight\ngroup_dates,1\n").unwrap();
    let old = common::run(&["extract", page.to_str().unwrap(), "--model", bad.to_str().unwrap()]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("train-extractor"), "a model of another version says so");
}

#[test]
fn candidates_show_why_each_was_kept_or_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("cfp.md");
    std::fs::write(&page, "## Important dates\n\n- March 1, 2031: CFP opens\n\n## Topics\n\n- Caching\n- Typing\n")
        .unwrap();
    let shown = common::run(&["extract", page.to_str().unwrap(), "--candidates"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let text = String::from_utf8_lossy(&shown.stdout);
    let line = |t: &str| text.lines().find(|l| l.contains(t)).unwrap_or_else(|| panic!("{t}: {text}")).to_string();
    assert!(line("Caching").starts_with("yes"), "{text}");
    assert!(!line("CFP opens").starts_with("yes"), "{text}");
    assert!(line("CFP opens").contains("entry") && line("CFP opens").contains('('), "kind and reasons: {text}");
    assert!(text.contains("candidates,"), "{text}");
}
