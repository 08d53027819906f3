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
    let report: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
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

#[test]
fn the_shared_sets_are_scored_post_by_post_and_the_corpus_keeps_its_numbers() {
    let corpus = common::corpus();
    let dev = corpus.join("../dev");
    let shown = common::run(&["eval", "--set", dev.to_str().unwrap(), "--set", corpus.to_str().unwrap(), "--json"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let report: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let required = |dir: &Path| {
        let mut reader = csv::Reader::from_path(dir.join("gold/items.csv")).unwrap();
        reader.records().filter(|r| &r.as_ref().unwrap()[1] == "required").count() as u64
    };
    assert_eq!(report["total"]["required"].as_u64(), Some(required(&dev) + required(&corpus)));
    let posts = report["posts"].as_array().unwrap();
    let michel = posts.iter().find(|p| p["source"] == "michel-2025").unwrap();
    assert_eq!(
        (michel["required"].as_u64(), michel["found"].as_u64(), michel["emitted"].as_u64()),
        (Some(44), Some(44), Some(44))
    );
    let pairs = &report["pairs"];
    let count = |dir: &Path| csv::Reader::from_path(dir.join("gold/pairs.csv")).unwrap().records().count() as u64;
    assert_eq!(pairs["same"].as_u64().unwrap() + pairs["distinct"].as_u64().unwrap(), count(&dev) + count(&corpus));
}
