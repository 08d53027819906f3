//! Helpers shared by the end-to-end tests: paths, running the binary, reading output CSVs.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus`, which CI has beside the checkout.
pub fn corpus() -> PathBuf {
    let dir = root().join("../shared/corpus");
    assert!(dir.join("sources.toml").exists(), "the end-to-end tests need ../shared/corpus beside the checkout");
    dir
}

/// Run the built binary with `args` from the project folder.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cfp-taxonomy")).args(args).current_dir(root()).output().expect("run cfp-taxonomy")
}

/// One `[[source]]` entry of a test manifest (title and event are placeholders).
pub fn entry(id: &str, kind: &str, format: &str, year: i32, url: &str) -> String {
    format!(
        "[[source]]\nid = \"{id}\"\ntitle = \"{id}\"\nevent = \"E\"\nyear = {year}\nkind = \"{kind}\"\nformat = \"{format}\"\nurl = \"{url}\"\n\n"
    )
}

/// Build `sources` from the files in `snapshots` into `out`, asserting success.
pub fn build_from(sources: &Path, snapshots: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--sources",
        sources.to_str().unwrap(),
        "--snapshots",
        snapshots.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert!(output.status.success(), "build failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Build from the corpus snapshots into `out`, asserting success.
pub fn build_snapshots(out: &Path, extra: &[&str]) -> Output {
    build_from(&root().join("seeds/sources.toml"), &corpus(), out, extra)
}

/// A CSV table as rows of column -> value.
pub fn table(out: &Path, name: &str) -> Vec<HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(out.join(format!("{name}.csv"))).unwrap_or_else(|e| panic!("{name}.csv: {e}"));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// The header of a CSV table.
pub fn columns(out: &Path, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(out.join(format!("{name}.csv"))).unwrap();
    reader.headers().unwrap().iter().map(str::to_string).collect()
}

/// The tables every build writes.
pub const TABLES: &[&str] = &[
    "sources",
    "items",
    "concepts",
    "item_concepts",
    "overlap",
    "trends",
    "themes",
    "theme_trends",
    "coverage",
    "concept_matrix",
    "links",
    "suggestions",
];

/// The graph and taxonomy exports every build writes.
pub const EXPORTS: &[&str] = &["graph.graphml", "graph.dot", "graph.json", "taxonomy.ttl"];

/// Where skipped checks are listed for `make test`, which prints them after cargo's summary
/// (cargo counts a skipped test as passed, and hides its output).
pub const SKIPPED: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/skipped-checks.txt");

/// Whether a test that needs an outside tool may run: true when `ready`. Otherwise CI (which
/// installs every tool) fails with `message`, and elsewhere the test is skipped, loudly, and
/// listed in [`SKIPPED`].
pub fn tool_ready(ready: bool, what: &str, message: &str) -> bool {
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "{what}: {message}");
        eprintln!("\n!!!! SKIPPED {what}: {message} !!!!\n");
        use std::io::Write;
        let listed = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(SKIPPED)
            .and_then(|mut f| writeln!(f, "- {what}: {message}"));
        assert!(listed.is_ok(), "cannot list the skipped check in {SKIPPED}: {listed:?}");
    }
    ready
}
