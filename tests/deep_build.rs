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
