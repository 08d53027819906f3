//! The command line as a person and a script meet it: help, logging levels, plain stderr in
//! pipes, exit codes.

mod common;

use common::{corpus, run};

fn build_args<'a>(out: &'a str, corpus: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["build", "--snapshots", corpus, "--out", out];
    args.extend_from_slice(extra);
    args
}

#[test]
fn help_lists_every_subcommand_with_examples_and_exit_codes() {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    for word in ["build", "fetch", "extract", "explain", "diff", "Examples:", "Exit status:"] {
        assert!(help.contains(word), "{word} missing from --help");
    }
    let build_help = String::from_utf8(run(&["build", "--help"]).stdout).unwrap();
    assert!(build_help.contains("--snapshots <DIR>") && build_help.contains("--follow-links"));
}

#[test]
fn logs_follow_quiet_and_verbose_and_stay_plain_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (out, corpus) = (dir.path().join("o"), corpus());
    let (out, corpus) = (out.to_str().unwrap(), corpus.to_str().unwrap());
    let normal = run(&build_args(out, corpus, &[]));
    let stderr = String::from_utf8(normal.stderr).unwrap();
    assert!(stderr.contains("WARN") && stderr.contains("schilling-2025: unavailable"), "{stderr}");
    assert!(!stderr.contains('\r') && !stderr.contains('\x1b'), "no progress bar or colour in a pipe: {stderr:?}");
    let stdout = String::from_utf8(normal.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one closing line: {stdout}");
    assert!(stdout.starts_with("wrote 12 tables") && stdout.trim_end().ends_with("report.html"), "{stdout}");
    let quiet = run(&build_args(out, corpus, &["-q"]));
    assert!(quiet.status.success() && quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(quiet.stdout.is_empty(), "-q prints nothing");
    let verbose = run(&build_args(out, corpus, &["-v"]));
    assert!(String::from_utf8(verbose.stderr).unwrap().contains(" INFO "), "-v shows INFO");
}

#[test]
fn fetch_reports_every_source_and_exit_codes_tell_failure_kinds_apart() {
    let corpus = corpus();
    let result = run(&["fetch", "--snapshots", corpus.to_str().unwrap()]);
    assert!(result.status.success());
    let text = String::from_utf8(result.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("michel-2025") && l.contains(" ok ")));
    assert!(text.lines().any(|l| l.starts_with("gbadago-2025") && l.contains("unavailable")));
    // Every source of the manifest is counted; the two without an archived copy are not obtained.
    let listed = common::manifest_len(&common::root().join("seeds/sources.toml"));
    let missing = text.lines().filter(|l| l.contains("unavailable")).count();
    assert!(missing >= 2, "{text}");
    assert!(text.ends_with(&format!("{} of {listed} sources obtained\n", listed - missing)), "{text}");
    let empty = tempfile::tempdir().unwrap();
    let none = run(&["fetch", "--snapshots", empty.path().to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(run(&["build", "--no-such-flag"]).status.code(), Some(2), "usage errors exit 2");
    let bad_timeout = run(&["build", "--timeout", "-1"]);
    assert_eq!(bad_timeout.status.code(), Some(2));
}

#[test]
fn gen_corpus_writes_a_corpus_that_builds_and_is_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for path in [&a, &b] {
        assert!(run(&["gen-corpus", "--sources", "40", "--out", path.to_str().unwrap()]).status.success());
    }
    let files = |p: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(&a), files(&b), "same seed, same bytes");
    assert_eq!(files(&a).len(), 41, "40 sources and sources.toml");
    let out = dir.path().join("out");
    common::build_from(&a.join("sources.toml"), &a, &out, &[]);
    let sources = common::table(&out, "sources");
    assert!(sources.iter().all(|s| s["status"] == "ok"), "every generated source is readable");
    let kinds = |k: &str| sources.iter().filter(|s| s["kind"] == k).count();
    assert_eq!((kinds("ideas"), kinds("program")), (34, 6));
}

#[test]
fn out_of_range_numbers_are_usage_errors_not_panics() {
    let corpus = corpus();
    let corpus = corpus.to_str().unwrap();
    for arg in ["--timeout=1e20", "--backoff=1e20", "--timeout=-1", "--timeout=NaN", "--retries=1000"] {
        let output = run(&["build", "--snapshots", corpus, "--out", "/nonexistent/never-written", arg]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{arg}: {stderr}");
        let name = arg.split('=').next().unwrap();
        assert!(stderr.starts_with(&format!("error: {name} must be")), "{arg}: {stderr}");
    }
}

/// A typo in the manifest never loses a post silently: a `[[sources]]` table stops the build
/// (exit 2, naming `[[source]]`), and a misspelt key is named in a warning with the key meant.
#[test]
fn manifest_typos_are_an_error_or_a_warning_never_silence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# Ideas\n\n- Caching at scale\n- Typing in practice\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# Ideas\n\n- Search with Postgres\n- Packaging\n").unwrap();
    let first = common::entry("a", "ideas", "markdown", 2031, "https://example.org/a");
    let second = common::entry("b", "ideas", "markdown", 2031, "https://example.org/b");
    let manifest = dir.path().join("sources.toml");
    let out = dir.path().join("out");
    let build = |text: &str| {
        std::fs::write(&manifest, text).unwrap();
        let (m, s, o) = (manifest.to_str().unwrap(), dir.path().to_str().unwrap(), out.to_str().unwrap());
        run(&["build", "--sources", m, "--snapshots", s, "--out", o])
    };

    let plural = build(&format!("{first}{}", second.replace("[[source]]", "[[sources]]")));
    let stderr = String::from_utf8_lossy(&plural.stderr);
    assert_eq!(plural.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown table `sources`") && stderr.contains("[[source]]"), "{stderr}");
    assert!(!out.exists(), "nothing is written");

    let misspelt =
        build(&format!("{first}{}", second.replace("url =", "fetch_ulr = \"https://example.org/b.md\"\nurl =")));
    let stderr = String::from_utf8_lossy(&misspelt.stderr);
    assert!(misspelt.status.success(), "{stderr}");
    assert!(stderr.contains("unknown key `fetch_ulr` is ignored (did you mean `fetch_url`?)"), "{stderr}");
    let run_json = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run_json.contains("fetch_ulr"), "the warning is recorded in run.json");
    assert_eq!(common::table(&out, "sources").len(), 2, "both posts are built");
}

/// A post on disk is added with `path` (relative to the manifest, `url` optional) and built
/// without `--snapshots`; a missing file is that source's `unavailable`, not the build's end.
#[test]
fn a_manifest_path_reads_a_local_post_without_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/mine.md"),
        "# Talks I'd like to see\n\n- Caching at scale\n- Typing in practice\n",
    )
    .unwrap();
    let manifest = dir.path().join("sources.toml");
    let entry = |id: &str, file: &str| {
        format!(
            "[[source]]\nid = \"{id}\"\ntitle = \"Mine\"\nevent = \"E\"\nyear = 2031\nkind = \"ideas\"\nformat = \"markdown\"\npath = \"{file}\"\n\n"
        )
    };
    std::fs::write(&manifest, format!("{}{}", entry("mine", "posts/mine.md"), entry("gone", "posts/gone.md"))).unwrap();
    let out = dir.path().join("out");
    let output = run(&["build", "--sources", manifest.to_str().unwrap(), "--out", out.to_str().unwrap(), "--no-cache"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let sources = common::table(&out, "sources");
    let mine = sources.iter().find(|s| s["source_id"] == "mine").unwrap();
    assert_eq!((mine["status"].as_str(), mine["origin"].as_str(), mine["url"].as_str()), ("ok", "file", ""));
    let gone = sources.iter().find(|s| s["source_id"] == "gone").unwrap();
    assert_eq!(gone["status"], "unavailable");
    assert!(gone["reason"].contains("gone.md"), "{}", gone["reason"]);
    let items: Vec<String> = common::table(&out, "items").into_iter().map(|i| i["text"].clone()).collect();
    assert_eq!(items, ["Caching at scale", "Typing in practice"]);
}

/// A picture saved under a post's name is an error that says what it is, in a build (that
/// source only) and in `extract` (a non-zero exit), never "no ideas found" in replaced bytes.
#[test]
fn a_binary_body_is_an_error_naming_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
    png.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(dir.path().join("picture.md"), &png).unwrap();
    std::fs::write(dir.path().join("post.md"), "# Ideas\n\n- Caching at scale\n- Typing in practice\n").unwrap();
    let manifest = dir.path().join("sources.toml");
    let entries = format!(
        "{}{}",
        common::entry("picture", "ideas", "markdown", 2031, "https://example.org/picture"),
        common::entry("post", "ideas", "markdown", 2031, "https://example.org/post")
    );
    std::fs::write(&manifest, entries).unwrap();
    let out = dir.path().join("out");
    common::build_from(&manifest, dir.path(), &out, &[]);
    let sources = common::table(&out, "sources");
    let picture = sources.iter().find(|s| s["source_id"] == "picture").unwrap();
    assert_eq!(picture["status"], "error");
    assert_eq!(picture["reason"], "the body is a PNG image (image/png), not text");
    assert_eq!(sources.iter().find(|s| s["source_id"] == "post").unwrap()["status"], "ok");

    let extract = run(&["extract", dir.path().join("picture.md").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&extract.stderr);
    assert!(!extract.status.success(), "{stderr}");
    assert!(stderr.contains("PNG image"), "{stderr}");
}

/// A call whose ideas stand in a column named like a sidebar beside its form is not lost: the
/// build reads the whole page, keeps what it gives with `confidence = low`, and says so in
/// `sources.reason`; `extract --candidates` shows the whole page's candidates.
#[test]
fn ideas_in_a_column_named_like_furniture_are_kept_with_low_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<html><head><title>Speak at our meetup</title></head><body>
        <div class="content"><h1>Speak at our meetup</h1><p>Fill in the form below.</p></div>
        <div class="sidebar"><h2>Talk ideas</h2><p>Not sure what to talk about? Some ideas:</p>
        <ul><li>Caching at scale</li><li>Testing async code</li></ul></div></body></html>"#;
    std::fs::write(dir.path().join("meetup.html"), page).unwrap();
    let manifest = dir.path().join("sources.toml");
    std::fs::write(&manifest, common::entry("meetup", "ideas", "html", 2031, "https://example.org/meetup")).unwrap();
    let out = dir.path().join("out");
    common::build_from(&manifest, dir.path(), &out, &[]);
    let sources = common::table(&out, "sources");
    assert_eq!(sources[0]["status"], "ok");
    assert!(sources[0]["reason"].contains("read from the whole page"), "{}", sources[0]["reason"]);
    let items = common::table(&out, "items");
    let got: Vec<(&str, &str)> = items.iter().map(|i| (i["text"].as_str(), i["confidence"].as_str())).collect();
    assert_eq!(got, [("Caching at scale", "low"), ("Testing async code", "low")]);

    let shown = run(&["extract", dir.path().join("meetup.html").to_str().unwrap(), "--candidates"]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(
        stdout.contains("the whole page, site furniture included") && stdout.contains("Testing async code"),
        "{stdout}"
    );
}

/// `explain` keeps its columns apart however long a source id is.
#[test]
fn explain_columns_fit_long_source_ids() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a-very-long-source-identifier-for-a-2031-post";
    std::fs::write(dir.path().join(format!("{long}.md")), "# Ideas\n\n- Caching at scale\n- Testing\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# Ideas\n\n- Caching for beginners\n").unwrap();
    let manifest = dir.path().join("sources.toml");
    let entries = format!(
        "{}{}",
        common::entry(long, "ideas", "markdown", 2031, "https://example.org/a"),
        common::entry("b", "ideas", "markdown", 2031, "https://example.org/b")
    );
    std::fs::write(&manifest, entries).unwrap();
    let out = dir.path().join("out");
    common::build_from(&manifest, dir.path(), &out, &[]);
    let explain = run(&["explain", "caching", "--out", out.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&explain.stdout);
    let row = text.lines().find(|l| l.contains(long)).unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains(&format!("{long}  ")), "the id and the next column stay apart: {row:?}");
}
