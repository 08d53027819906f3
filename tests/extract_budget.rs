//! One source past its extraction budget ends `error`; the build goes on. In a file of its own
//! so that no other test competes for the processor while the budget is measured.

mod common;

use common::{build_from, entry, table};

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
    build_from(&sources, &snaps, &out, &["--extract-budget", "0.1"]);
    let rows = table(&out, "sources");
    let row = |id: &str| rows.iter().find(|r| r["source_id"] == id).unwrap().clone();
    assert_eq!(row("big")["status"], "error");
    assert!(row("big")["reason"].contains("--extract-budget"), "{:?}", row("big"));
    assert_eq!((row("good")["status"].as_str(), row("good")["item_count"].as_str()), ("ok", "3"));
    // The build did not wait for the abandoned extraction.
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}
