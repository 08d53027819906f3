//! The default manifest against what the world serves: `../shared/corpus` and `../shared/live`
//! hold what each URL returns, served here from 127.0.0.1 under the URLs' own hosts and paths
//! and with the Content-Type those hosts send. Offline, the archive stands in.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use cfp_taxonomy::extract::extract;
use cfp_taxonomy::model::{Format, Kind, Source};
use common::{corpus, run, table};

/// What a real host sends for a file of this kind: GitHub's raw host sends Markdown as
/// text/plain, GitHub Pages sends pages as text/html and feeds as text/calendar.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("md") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        _ => "text/csv; charset=utf-8",
    }
}

/// `https://host/path` → `/host/path`: the route a URL is served under here.
fn route(url: &str) -> String {
    let url = url::Url::parse(url).unwrap();
    format!("/{}{}", url.host_str().unwrap(), url.path())
}

/// A server of files by route, each with its Content-Type; anything else is a 404.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(routes: BTreeMap<String, (PathBuf, String)>) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (s, log) = (server.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("").to_string();
                log.lock().unwrap().push(path.clone());
                let response = match routes.get(&path) {
                    Some((file, kind)) => {
                        let header = tiny_http::Header::from_bytes("Content-Type", kind.as_bytes()).unwrap();
                        tiny_http::Response::from_data(std::fs::read(file).unwrap()).with_header(header)
                    }
                    None => tiny_http::Response::from_data(b"<html><title>404</title></html>".to_vec())
                        .with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        Server { port, requests, server, thread: Some(thread) }
    }

    /// The manifest text with every `https://host/…` pointed at this server's `/host/…`.
    fn rewrite(&self, manifest: &str) -> String {
        manifest.replace("https://", &format!("http://127.0.0.1:{}/", self.port))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn manifest() -> Vec<Source> {
    cfp_taxonomy::sources::load(&common::root().join("seeds/sources.toml")).unwrap()
}

/// The archived copy of a source, named by its id and declared format, when there is one.
fn archived(source: &Source) -> Option<PathBuf> {
    Some(corpus().join(format!("{}.{}", source.id, source.format.extension()))).filter(|p| p.exists())
}

/// Routes for every default-manifest source with an archived copy (at its download URL) and
/// for every page of `../shared/live` (at the live URL `PROVENANCE.md` gives it).
fn world() -> BTreeMap<String, (PathBuf, String)> {
    let mut routes = BTreeMap::new();
    let live = corpus().join("../live");
    let provenance = std::fs::read_to_string(live.join("PROVENANCE.md")).unwrap();
    for row in provenance.lines().filter(|l| l.starts_with("| program-")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let file = live.join(cells[1].split_whitespace().next().unwrap());
        let url = cells[3];
        if url.starts_with("https://") && file.exists() {
            routes.insert(route(url), (file.clone(), content_type(&file).to_string()));
        }
    }
    for source in manifest() {
        if let Some(file) = archived(&source) {
            routes.insert(route(source.download_url()), (file.clone(), content_type(&file).to_string()));
        }
    }
    routes
}

fn by_id(rows: Vec<HashMap<String, String>>, key: &str) -> BTreeMap<String, HashMap<String, String>> {
    rows.into_iter().map(|r| (r[key].clone(), r)).collect()
}

/// Items of one source, every column but `url` (resolved against a different host here).
fn items_of(out: &Path, source: &str) -> Vec<Vec<(String, String)>> {
    table(out, "items")
        .into_iter()
        .filter(|r| r["source_id"] == source)
        .map(|r| {
            let mut row: Vec<(String, String)> = r.into_iter().filter(|(k, _)| k != "url").collect();
            row.sort();
            row
        })
        .collect()
}

#[test]
fn the_default_manifest_reads_every_archived_source_over_http_as_the_snapshot_build_does() {
    let server = Server::start(world());
    let dir = tempfile::tempdir().unwrap();
    let manifest_path = dir.path().join("sources.toml");
    let text = std::fs::read_to_string(common::root().join("seeds/sources.toml")).unwrap();
    std::fs::write(&manifest_path, server.rewrite(&text)).unwrap();
    let (out, snap) = (dir.path().join("http"), dir.path().join("snapshot"));
    let built = run(&[
        "build",
        "--sources",
        manifest_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
        "--retries",
        "0",
    ]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let mut asked = server.requests.lock().unwrap().clone();
    let mut expected: Vec<String> = manifest().iter().map(|s| route(s.download_url())).collect();
    asked.sort();
    expected.sort();
    assert_eq!(asked, expected, "one request per source, at the address the manifest gives");
    common::build_snapshots(&snap, &[]);

    let http = by_id(table(&out, "sources"), "source_id");
    let offline = by_id(table(&snap, "sources"), "source_id");
    let mut archived_count = 0;
    for source in manifest() {
        let row = &http[&source.id];
        if archived(&source).is_none() {
            assert_ne!(row["status"], "ok", "{}: nothing serves it here", source.id);
            continue;
        }
        archived_count += 1;
        assert_eq!((row["status"].as_str(), row["origin"].as_str()), ("ok", "network"), "{}: {row:?}", source.id);
        assert_eq!(row["sha256"], offline[&source.id]["sha256"], "{}: the same bytes", source.id);
        assert_eq!(items_of(&out, &source.id), items_of(&snap, &source.id), "{}: the same items", source.id);
        if source.kind == Kind::Program {
            let talks: usize = row["item_count"].parse().unwrap();
            assert!((40..=60).contains(&talks), "{}: {talks} talks", source.id);
        }
    }
    assert!(archived_count >= 13, "the archive holds the 13 sources of the default manifest");
    let run_json = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(!run_json.contains("declared format"), "every source serves the format it declares: {run_json}");

    // Program talks link their own pages, on the host that served the program.
    let items = table(&out, "items");
    let talk = items.iter().find(|i| i["source_id"] == "program-2024" && i["text"].contains("Passkeys")).unwrap();
    assert!(talk["url"].ends_with("/talks/passkeys-your-password-free-future/"), "{talk:?}");
}

#[test]
fn offline_the_archive_stands_in_with_one_warning_line_and_answers_are_not_network_failures() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of the loopback address: every connection is refused, as on a
    // machine without network.
    let text = std::fs::read_to_string(common::root().join("seeds/sources.toml")).unwrap();
    let manifest_path = dir.path().join("sources.toml");
    std::fs::write(&manifest_path, text.replace("https://", "http://127.0.0.1:9/")).unwrap();
    let out = dir.path().join("output");
    let args = |archive: &Path| {
        vec![
            "build".to_string(),
            "--sources".into(),
            manifest_path.display().to_string(),
            "--out".into(),
            out.display().to_string(),
            "--no-cache".into(),
            "--retries".into(),
            "0".into(),
            "--archive".into(),
            archive.display().to_string(),
        ]
    };
    let built = run(&args(&corpus()).iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(warnings.len(), 1, "one clear line: {stderr}");
    assert!(warnings[0].contains("read from the archive"), "{}", warnings[0]);
    assert!(warnings[0].contains("schilling-2025"), "the sources with no copy are named: {}", warnings[0]);

    let sources = by_id(table(&out, "sources"), "source_id");
    for source in manifest() {
        let row = &sources[&source.id];
        match archived(&source) {
            Some(file) => {
                assert_eq!((row["status"].as_str(), row["origin"].as_str()), ("ok", "snapshot"), "{row:?}");
                assert!(row["reason"].starts_with("network failed (cannot connect"), "{row:?}");
                assert!(row["reason"].contains(&file.display().to_string()), "{row:?}");
            }
            None => {
                assert_eq!(row["status"], "unavailable", "{row:?}");
                assert!(row["reason"].contains("no archived copy"), "{row:?}");
            }
        }
    }
    let run_json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let said = run_json["warnings"].to_string();
    assert!(said.contains("network failed"), "run.json says the network failed: {said}");

    // A server that answers 404 has answered: the page is gone, and the archive is not read.
    let server = Server::start(BTreeMap::new());
    let entry = common::entry("michel-2025", "ideas", "html", 2025, "https://gone.example/post/");
    std::fs::write(&manifest_path, server.rewrite(&entry)).unwrap();
    let built = run(&args(&corpus()).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(built.status.code(), Some(1), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(String::from_utf8_lossy(&built.stderr).contains("HTTP 404"));
}

/// Own small fixtures, served the way real hosts serve them.
#[test]
fn a_body_in_another_format_than_declared_is_read_as_served_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    // A blog post page where the manifest declares Markdown (the Jekyll page, not its source).
    std::fs::write(
        site.join("post.html"),
        "<!DOCTYPE html><html><head><title>Talk ideas</title></head><body><nav><a href=/>Home</a></nav>\
         <main><h1>Talk ideas</h1><ul><li>Caching at scale</li><li>Typing Django</li><li>HTMX forms</li></ul></main></body></html>",
    )
    .unwrap();
    // A schedule page where the manifest declares a CSV export.
    let talk = |slug: &str, title: &str| format!("<li><h3><a href=\"/talks/{slug}/\">{title}</a></h3></li>");
    std::fs::write(
        site.join("schedule.html"),
        format!(
            "<!doctype html><html><body><main><h1>Schedule</h1><ul><li><h3>Lunch</h3></li>{}{}{}</ul></main></body></html>",
            talk("orm", "Fast ORM"),
            talk("types", "Typing Django"),
            talk("htmx", "HTMX forms")
        ),
    )
    .unwrap();
    std::fs::write(site.join("feed.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Fast ORM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").unwrap();
    let routes = [
        ("/c.example/post/", "post.html", "text/html; charset=utf-8"),
        ("/c.example/talks/", "schedule.html", "text/html; charset=utf-8"),
        ("/c.example/feed/", "feed.ics", "text/calendar"),
    ]
    .into_iter()
    .map(|(r, f, t)| (r.to_string(), (site.join(f), t.to_string())))
    .collect();
    let server = Server::start(routes);
    let manifest = [
        common::entry("post", "ideas", "markdown", 2030, "https://c.example/post/"),
        common::entry("program", "program", "csv", 2030, "https://c.example/talks/"),
        common::entry("feed-as-post", "ideas", "html", 2030, "https://c.example/feed/"),
    ]
    .concat();
    let manifest_path = dir.path().join("sources.toml");
    std::fs::write(&manifest_path, server.rewrite(&manifest)).unwrap();
    let out = dir.path().join("out");
    let built =
        run(&["build", "--sources", manifest_path.to_str().unwrap(), "--out", out.to_str().unwrap(), "--no-cache"]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    let sources = by_id(table(&out, "sources"), "source_id");
    assert_eq!((sources["post"]["status"].as_str(), sources["post"]["item_count"].as_str()), ("ok", "3"));
    assert_eq!((sources["program"]["status"].as_str(), sources["program"]["item_count"].as_str()), ("ok", "3"));
    assert_eq!(sources["feed-as-post"]["status"], "error");
    assert!(sources["feed-as-post"]["reason"].contains("serves an iCalendar feed"), "{:?}", sources["feed-as-post"]);
    let run_json = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run_json.contains("post: declared format = \\\"markdown\\\""), "{run_json}");
    assert!(run_json.contains("serves an HTML page (text/html): read as html"), "{run_json}");
    assert!(stderr.contains("declared format"), "the warning is shown too: {stderr}");

    // `extract` says what a file was read as: a page saved as .md is a page.
    let saved = dir.path().join("post.md");
    std::fs::copy(site.join("post.html"), &saved).unwrap();
    let shown = run(&["extract", saved.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!((json["format"].as_str(), json["items"].as_array().map(Vec::len)), (Some("html"), Some(3)));
}

/// The three real program files, and the other shapes of the same programs.
#[test]
fn real_programs_give_the_talks_of_their_exports() {
    let read = |file: &Path, format: Format, url: &str| -> Vec<(String, String)> {
        let mut source = Source::adhoc("p", format, 2030, url);
        source.kind = Kind::Program;
        let bytes = std::fs::read(file).unwrap();
        let e = extract(&source, &bytes, None).unwrap_or_else(|e| panic!("{}: {}", file.display(), e.reason));
        assert!(e.warnings.is_empty(), "{}: {:?}", file.display(), e.warnings);
        e.items.into_iter().map(|i| (i.text, i.url.unwrap_or_default())).collect()
    };
    // CSV exports carry the same titles, some HTML-escaped by the export.
    let csv_titles = |year: i32| -> Vec<String> {
        read(&corpus().join(format!("program-{year}.csv")), Format::Csv, "https://x.example/")
            .into_iter()
            .map(|(t, _)| t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            .collect()
    };
    let titles = |talks: &[(String, String)]| talks.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let live = corpus().join("../live");

    let ics = read(&corpus().join("program-2025.ics"), Format::Ics, "https://2025.djangocon.us/schedule/");
    assert_eq!(sorted(titles(&ics)), sorted(csv_titles(2025)), "the feed and the export agree");
    assert!(ics.iter().all(|(_, url)| url.starts_with("https://2025.djangocon.us/talks/")));
    let page = read(&live.join("program-2025-schedule.html"), Format::Html, "https://2025.djangocon.us/schedule/");
    assert_eq!(sorted(titles(&page)), sorted(titles(&ics)), "the 2025 schedule page lists the feed's talks");

    let talks_2023 = read(&corpus().join("program-2023.html"), Format::Html, "https://2023.djangocon.us/talks/");
    assert_eq!(sorted(titles(&talks_2023)), sorted(csv_titles(2023)));
    let schedule_2023 =
        read(&live.join("program-2023-schedule.html"), Format::Html, "https://2023.djangocon.us/schedule/");
    for (title, url) in &schedule_2023 {
        assert!(csv_titles(2023).contains(title) || url.contains("/tutorials/"), "{title} {url}");
    }

    let schedule_2024 = read(&corpus().join("program-2024.html"), Format::Html, "https://2024.djangocon.us/schedule/");
    let export = csv_titles(2024);
    for title in &export {
        assert!(titles(&schedule_2024).contains(title), "{title} is on the 2024 schedule page");
    }
    for (title, url) in &schedule_2024 {
        assert!(export.contains(title) || url.contains("/tutorials/"), "only talks and tutorials: {title} {url}");
    }
    for talks in [&ics, &talks_2023, &schedule_2024] {
        assert!((40..=60).contains(&talks.len()), "{} talks", talks.len());
        for (title, _) in talks.iter() {
            let lower = title.to_lowercase();
            assert!(
                !["lunch", "breakfast", "break", "registration", "lightning talks", "opening remarks"]
                    .iter()
                    .any(|w| lower.starts_with(w)),
                "logistics are not talks: {title}"
            );
        }
    }
}
