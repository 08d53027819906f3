//! A build given pages nested tens of thousands deep finishes, with every good source read:
//! extraction runs on worker threads, whose stacks are small.

mod common;

use common::{build_from, entry, table};

#[test]
fn deeply_nested_posts_do_not_take_the_build_down() {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let mut manifest = String::new();
    for n in 0..3 {
        let id = format!("deep-{n}");
        std::fs::write(snaps.join(format!("{id}.md")), format!("{}an idea\n", "- ".repeat(20_000))).unwrap();
        manifest.push_str(&entry(&id, "ideas", "markdown", 2025, &format!("https://x.example/{id}")));
    }
    std::fs::write(snaps.join("good.md"), "# Ideas\n\n- Caching\n- Testing\n- Security\n").unwrap();
    manifest.push_str(&entry("good", "ideas", "markdown", 2025, "https://x.example/good"));
    let sources = dir.path().join("sources.toml");
    std::fs::write(&sources, manifest).unwrap();
    let out = dir.path().join("out");
    build_from(&sources, &snaps, &out, &[]);
    let rows = table(&out, "sources");
    assert!(rows.iter().all(|r| r["status"] == "ok"), "{rows:?}");
    let good = rows.iter().find(|r| r["source_id"] == "good").unwrap();
    assert_eq!(good["item_count"], "3");
}

#[test]
fn a_source_past_its_extraction_budget_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let big = format!("<main><ul>{}</ul></main>", "<li>An idea about caching and queues</li>".repeat(100_000));
    std::fs::write(snaps.join("big.html"), big).unwrap();
    std::fs::write(snaps.join("good.md"), "# Ideas\n\n- Caching\n- Testing\n- Security\n").unwrap();
    let manifest = entry("big", "ideas", "html", 2025, "https://x.example/big")
        + &entry("good", "ideas", "markdown", 2025, "https://x.example/good");
    let sources = dir.path().join("sources.toml");
    std::fs::write(&sources, manifest).unwrap();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    build_from(&sources, &snaps, &out, &["--extract-budget", "0.05"]);
    let rows = table(&out, "sources");
    let row = |id: &str| rows.iter().find(|r| r["source_id"] == id).unwrap().clone();
    assert_eq!(row("big")["status"], "error");
    assert!(row("big")["reason"].contains("--extract-budget"), "{:?}", row("big"));
    assert_eq!((row("good")["status"].as_str(), row("good")["item_count"].as_str()), ("ok", "3"));
    // The build did not wait for the abandoned extraction.
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}
