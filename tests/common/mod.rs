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

/// The figures of the user docs that a test computes: every `<!-- figure:NAME -->` block of
/// README.md and docs/*.md, by name, with the test that owns it.
pub mod figures {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    const OPEN: &str = "<!-- figure:";
    const CLOSE: &str = "<!-- /figure -->";

    /// The figures `tests/eval.rs` computes from `cfp-taxonomy eval`; `tests/docs_figures.rs`
    /// computes every other one from a build of the shared corpus.
    pub const FROM_EVAL: &[&str] =
        &["readme-eval", "extraction-eval", "normalization-eval", "normalization-review-sim"];

    /// README.md and every Markdown file of docs/.
    pub fn files() -> Vec<PathBuf> {
        let root = super::root();
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        files.insert(0, root.join("README.md"));
        files
    }

    /// Every figure block of `text`: (name, byte range of its body).
    pub fn blocks(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = text[from..].find(OPEN).map(|i| from + i) {
            let name_end = at + text[at..].find("-->").expect("a figure marker ends with -->");
            let name = text[at + OPEN.len()..name_end].trim().to_string();
            let body_start = name_end + 3;
            let body_end =
                body_start + text[body_start..].find(CLOSE).unwrap_or_else(|| panic!("figure {name} is not closed"));
            found.push((name, body_start..body_end));
            from = body_end + CLOSE.len();
        }
        found
    }

    /// Compare the docs' blocks named in `computed` with what was computed. With
    /// `CFP_UPDATE_DOCS` set (`make docs-figures`) the blocks are rewritten instead; otherwise
    /// a stale block fails, naming the file, the figure and the command that fixes it.
    pub fn check(computed: &BTreeMap<String, String>) {
        let update = std::env::var_os("CFP_UPDATE_DOCS").is_some();
        let mut placed = Vec::new();
        let mut stale = Vec::new();
        for file in files() {
            let text = std::fs::read_to_string(&file).unwrap();
            let mut fresh = String::with_capacity(text.len());
            let mut copied = 0;
            for (name, range) in blocks(&text) {
                let Some(figure) = computed.get(&name) else { continue };
                placed.push(name.clone());
                let wanted = format!("\n{}\n", figure.trim_end());
                if text[range.clone()] != wanted {
                    stale.push(format!(
                        "{} figure:{name}\n  docs say:  {}\n  computed:  {}",
                        file.display(),
                        text[range.clone()].trim(),
                        figure.trim()
                    ));
                }
                fresh.push_str(&text[copied..range.start]);
                fresh.push_str(&wanted);
                copied = range.end;
            }
            fresh.push_str(&text[copied..]);
            if update && fresh != text {
                std::fs::write(&file, fresh).unwrap();
            }
        }
        let unplaced: Vec<_> = computed.keys().filter(|k| !placed.contains(k)).collect();
        assert!(unplaced.is_empty(), "figures computed but found in no doc: {unplaced:?}");
        assert!(
            update || stale.is_empty(),
            "{} figure(s) of the docs drifted from what the code computes; run `make docs-figures` and commit:\n{}",
            stale.len(),
            stale.join("\n")
        );
    }
}

/// How many sources a manifest lists: tests compare with it, so a post added to
/// `seeds/sources.toml` moves no test.
pub fn manifest_len(manifest: &Path) -> usize {
    let text = std::fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["source"].as_array().map_or(0, Vec::len)
}

/// How many themes `seeds/themes.csv` defines, read as a build reads it.
pub fn seed_themes() -> usize {
    cfp_taxonomy::seeds::load(&root().join("seeds")).expect("the seeds load").themes.len()
}
