//! The floor for `make bench`: parse every file of a corpus folder with scraper (HTML),
//! pulldown-cmark (Markdown) and csv (programs) and nothing else, on all cores, so the whole
//! build can be compared with the cost of reading its inputs.
//!
//! Usage: cargo run --release --example parse_floor -- DIR

use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse_floor DIR");
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(&dir).expect("a corpus folder").filter_map(|e| Some(e.ok()?.path())).collect();
    files.sort();
    let started = Instant::now();
    let (elements, bytes): (usize, usize) = files
        .par_iter()
        .map(|path| {
            let Ok(bytes) = std::fs::read(path) else { return (0, 0) };
            let text = String::from_utf8_lossy(&bytes);
            let n = match path.extension().and_then(|e| e.to_str()) {
                Some("html") => scraper::Html::parse_document(&text).tree.nodes().count(),
                Some("md") => {
                    pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
                        .count()
                }
                Some("csv") => csv::Reader::from_reader(bytes.as_slice()).records().count(),
                _ => 0,
            };
            (n, bytes.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let ms = started.elapsed().as_millis();
    println!(
        "parse-only floor: {ms} ms for {} files, {:.1} MB, {elements} nodes/events/rows",
        files.len(),
        bytes as f64 / 1e6
    );
}
