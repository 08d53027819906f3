//! The HTML report: self-contained, escaped, and clean in a real headless Chromium.

mod common;

use std::path::Path;
use std::process::Command;

/// A post whose ideas and title try to inject markup into the report.
fn hostile_build(dir: &Path) -> std::path::PathBuf {
    let snaps = dir.join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    std::fs::write(
        snaps.join("evil.md"),
        "## Ideas <img src=x onerror=alert(1)>\n\n- `<script>alert('idea')</script>` HTMX tricks\n- Testing \"quotes\" & <b>tags</b>\n",
    )
    .unwrap();
    let manifest = dir.join("sources.toml");
    std::fs::write(
        &manifest,
        "[[source]]\nid = \"evil\"\ntitle = \"</title><script>alert('title')</script>\"\nevent = \"E\"\nyear = 2031\nkind = \"ideas\"\nformat = \"markdown\"\nurl = \"https://evil.example/\\\"><script>x</script>\"\n",
    )
    .unwrap();
    let out = dir.join("output");
    common::build_from(&manifest, &snaps, &out, &[]);
    out
}

#[test]
fn every_piece_of_source_text_is_escaped_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = hostile_build(dir.path());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.to_lowercase().contains("<script"), "no script element in the report");
    assert!(!html.contains("<img"), "no img element in the report");
    assert!(html.contains("&lt;script&gt;alert('idea')&lt;/script&gt; HTMX tricks"), "the idea is shown as text");
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;"), "the title is shown as text");
    assert!(!html.contains("http://") && !html.contains("src=\"http"), "nothing is loaded from the network");
}

#[test]
fn a_large_manifest_is_counted_by_year_and_only_unread_sources_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let mut manifest = String::new();
    // 250 posts over two years; the last three have no snapshot.
    for n in 0..250 {
        if n < 247 {
            std::fs::write(snaps.join(format!("s{n}.md")), format!("## Ideas\n\n- Heron topic{n}\n")).unwrap();
        }
        let year = 2030 + n % 2;
        manifest += &common::entry(&format!("s{n}"), "ideas", "markdown", year, &format!("https://s{n}.example/"));
    }
    let path = dir.path().join("sources.toml");
    std::fs::write(&path, manifest).unwrap();
    let out = dir.path().join("output");
    common::build_from(&path, &snaps, &out, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = &html[html.find(r#"<section id="sources""#).unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("250 sources, counted by year; the sources table lists every one."));
    assert!(section.contains("The 3 sources that could not be read"), "the unread are listed");
    for id in ["s247", "s248", "s249"] {
        assert!(section.contains(&format!("https://{id}.example/")), "{id} is listed");
    }
    assert!(!section.contains("https://s0.example/"), "read sources are counted, not listed");
    // Even posts are 2030: s248 is unread there, s247 and s249 in 2031.
    let year_row =
        |year, read| format!(r#"<td class="num">{year}</td><td class="num">125</td><td class="num">{read}</td>"#);
    assert!(section.contains(&year_row(2030, 124)) && section.contains(&year_row(2031, 123)), "{section}");
}

/// Runs tests/browser/check-report.mjs. Needs node, Debian's chromium and `npm ci` in
/// tests/browser: `.ci/run` installs them; elsewhere the test says loudly that it did not run.
#[test]
fn the_report_loads_in_headless_chromium_without_errors_or_broken_links() {
    let browser = common::root().join("tests/browser");
    let ready = browser.join("node_modules/playwright-core").exists()
        && Path::new(&std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).exists()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let message = "needs node, /usr/bin/chromium and `npm ci` in tests/browser (see .ci/run)";
    if !common::tool_ready(ready, "the browser test of report.html", message) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    common::build_snapshots(&out, &[]);
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let result = Command::new("node")
        .arg(browser.join("check-report.mjs"))
        .arg(out.join("report.html"))
        .arg(&shots)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}{}", String::from_utf8_lossy(&result.stderr));
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(summary["links"].as_u64().unwrap() > 100, "{summary}");
    assert_eq!(summary["charts"].as_u64().unwrap(), 5, "three overlap heatmaps, theme bars, trend lines");
    for shot in ["report-desktop.png", "report-phone.png"] {
        assert!(shots.join(shot).metadata().unwrap().len() > 10_000, "{shot}");
    }

    // The hostile post too: its escaped text must not run or load anything.
    let evil = hostile_build(&dir.path().join("evil"));
    let result = Command::new("node")
        .arg(browser.join("check-report.mjs"))
        .arg(evil.join("report.html"))
        .arg(&shots)
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stdout));

    // A generated corpus of 300 sources: capped heatmaps, sources counted by year, cut title
    // lists; still no broken link and nothing wider than a phone.
    let corpus = dir.path().join("generated");
    let generated = common::run(&["gen-corpus", "--sources", "300", "--out", corpus.to_str().unwrap(), "-q"]);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let large = dir.path().join("large");
    common::build_from(&corpus.join("sources.toml"), &corpus, &large, &[]);
    let html = std::fs::read_to_string(large.join("report.html")).unwrap();
    assert!(html.contains("sources, counted by year") && html.contains("sources with the most items, of"));
    let result = Command::new("node")
        .arg(browser.join("check-report.mjs"))
        .arg(large.join("report.html"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The review table names each suggestion by the id `cfp-taxonomy review --accept` takes.
#[test]
fn the_review_table_shows_the_ids_review_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::build_snapshots(&out, &[]);
    let suggestions = common::table(&out, "suggestions");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("review --accept ID"), "the report says how to use the ids");
    for s in suggestions.iter().take(3) {
        assert!(html.contains(&format!("<code>{}</code>", s["suggestion_id"])), "{} is shown", s["suggestion_id"]);
    }
}
