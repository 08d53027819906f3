//! The Parquet files open in the readers analysts use, with the types docs/tables.md states.
//!
//! Needs a Python with pyarrow, polars, pandas and duckdb: `.ci/run` installs them in a venv
//! and sets CFP_PYTHON. Outside CI, without them, the test says loudly that it did not run.

mod common;

use std::process::Command;

fn python() -> String {
    std::env::var("CFP_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn readers_ready(python: &str, what: &str) -> bool {
    let available = Command::new(python)
        .args(["-c", "import pyarrow, polars, pandas, duckdb, networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    let message = format!("{python} lacks pyarrow/polars/pandas/duckdb/networkx; set CFP_PYTHON (see .ci/run)");
    common::tool_ready(available, what, &message)
}

#[test]
fn pyarrow_polars_pandas_duckdb_and_networkx_read_every_table_and_graph() {
    let python = python();
    if !readers_ready(&python, "the Parquet reader check") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    common::build_snapshots(&out, &[]);
    let folded = dir.path().join("folded");
    common::build_snapshots(&folded, &["--graph-items", "folded"]);
    let script = common::root().join("tests/read_outputs.py");
    let result = Command::new(&python).arg(script).arg(&out).arg(&folded).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}{}", String::from_utf8_lossy(&result.stderr));
    assert!(stdout.starts_with("ok: 12 tables"), "{stdout}");
    assert!(stdout.contains("ok: folded graph files read by networkx"), "{stdout}");
    eprintln!("{stdout}");
}

/// The ```python and ```sql blocks of docs/analysts.md, run from a folder holding `output/`.
#[test]
fn the_snippets_in_docs_analysts_md_run_against_a_real_build() {
    let python = python();
    if !readers_ready(&python, "the docs/analysts.md snippets") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    common::build_snapshots(&dir.path().join("output"), &[]);
    let doc = std::fs::read_to_string(common::root().join("docs/analysts.md")).unwrap();
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in doc.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) if lang == "python" || lang == "sql" => {
                current = Some((lang.to_string(), String::new()))
            }
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            _ => {}
        }
    }
    assert!(blocks.len() >= 6, "{} snippets", blocks.len());
    for (lang, body) in blocks {
        let code =
            if lang == "sql" { format!("import duckdb\nprint(duckdb.sql({body:?}).fetchall())\n") } else { body };
        let result = Command::new(&python).arg("-c").arg(&code).current_dir(dir.path()).output().unwrap();
        assert!(result.status.success(), "snippet failed:\n{code}\n{}", String::from_utf8_lossy(&result.stderr));
    }
}

/// A post whose text holds characters XML forbids (`&#1;`, a raw U+0001) still gives a
/// `graph.graphml` that networkx reads, and JSON that Python reads.
#[test]
fn graph_files_stay_readable_whatever_the_posts_hold() {
    let python = python();
    if !readers_ready(&python, "the hostile graph check") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    std::fs::write(
        snaps.join("odd.html"),
        "<html><body><main><ul><li>Caching &#1; and queues</li><li>Bell \u{7} ringing</li><li>Testing \u{fffe} tools</li></ul></main></body></html>",
    )
    .unwrap();
    let sources = dir.path().join("sources.toml");
    std::fs::write(&sources, common::entry("odd", "ideas", "html", 2025, "https://x.example/odd")).unwrap();
    let out = dir.path().join("out");
    common::build_from(&sources, &snaps, &out, &[]);
    let script = "import json, sys, networkx as nx\n\
        g = nx.read_graphml(sys.argv[1] + '/graph.graphml')\n\
        labels = [d.get('label', '') for _, d in g.nodes(data=True)]\n\
        assert any(l.startswith('Caching') for l in labels), labels\n\
        j = nx.node_link_graph(json.load(open(sys.argv[1] + '/graph.json')), edges='links')\n\
        assert j.number_of_nodes() == g.number_of_nodes()\n\
        print('ok')";
    let result = Command::new(&python).args(["-c", script, out.to_str().unwrap()]).output().unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
}
