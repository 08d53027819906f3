//! Output integrity: a build killed while writing leaves the previous output complete.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn staging_dirs(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".output.staging-"))
        .collect()
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    common::build_snapshots(&out, &[]);
    let before = snapshot(&out);

    // A bigger build, so that writing its files takes a while: 600 copies of the fixtures.
    let snaps = dir.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let fixtures = common::root().join("tests/fixtures/extract");
    let mut manifest = String::new();
    for n in 0..600 {
        let (file, format) =
            if n % 2 == 0 { ("jekyll-headings.html", "html") } else { ("setext-nested.md", "markdown") };
        let ext = if format == "html" { "html" } else { "md" };
        std::fs::copy(fixtures.join(file), snaps.join(format!("s{n}.{ext}"))).unwrap();
        manifest += &common::entry(&format!("s{n}"), "ideas", format, 2020 + n % 10, &format!("https://s{n}.example/"));
    }
    let path = dir.path().join("sources.toml");
    std::fs::write(&path, manifest).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cfp-taxonomy"))
        .args([
            "build",
            "-q",
            "--sources",
            path.to_str().unwrap(),
            "--snapshots",
            snaps.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .current_dir(common::root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it the moment it has started writing its files (a staging folder with a file in it).
    let started = Instant::now();
    let killed_while_writing = loop {
        let writing = staging_dirs(dir.path())
            .iter()
            .any(|d| std::fs::read_dir(dir.path().join(d)).is_ok_and(|mut e| e.next().is_some()));
        if writing {
            child.kill().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let _ = child.wait();
    assert!(killed_while_writing, "the build finished before it could be killed while writing");
    assert!(!staging_dirs(dir.path()).is_empty(), "the half-written staging folder is left behind");
    assert_eq!(snapshot(&out), before, "the previous output is complete and unchanged");

    // The next build cleans up the leftovers and replaces the output whole.
    common::build_snapshots(&out, &[]);
    assert!(staging_dirs(dir.path()).is_empty());
    assert_eq!(snapshot(&out).keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
}
