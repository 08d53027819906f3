//! The real fetch path against a server on 127.0.0.1: no test here reaches the internet.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use common::{corpus, run, table};

/// A local server: files from a folder, plus a few routes that misbehave on purpose.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    agents: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let agents = Arc::new(Mutex::new(Vec::new()));
        let flaky = Arc::new(AtomicUsize::new(0));
        let busy = Arc::new(AtomicUsize::new(0));
        let (s, log, dir) = (server.clone(), requests.clone(), dir.to_path_buf());
        let agents_log = agents.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let path = request.url().to_string();
                let agent = request.headers().iter().find(|h| h.field.equiv("User-Agent")).map(|h| h.value.to_string());
                log.lock().unwrap().push(path.clone());
                agents_log.lock().unwrap().push(agent.unwrap_or_default());
                let response = match path.as_str() {
                    "/flaky.md" if flaky.fetch_add(1, Ordering::SeqCst) == 0 => {
                        tiny_http::Response::from_string("busy").with_status_code(500)
                    }
                    "/flaky.md" => tiny_http::Response::from_string(
                        "# Talk ideas\n\n- Caching at scale\n- Async views\n- Search\n",
                    ),
                    // Too many requests: come back in a second, then it answers.
                    "/busy.md" if busy.fetch_add(1, Ordering::SeqCst) == 0 => {
                        tiny_http::Response::from_string("slow down")
                            .with_status_code(429)
                            .with_header(tiny_http::Header::from_bytes("Retry-After", "1").unwrap())
                    }
                    "/busy.md" => tiny_http::Response::from_string("# Ideas\n\n- Caching\n- Testing\n- Search\n"),
                    "/later.md" => tiny_http::Response::from_string("come back tomorrow")
                        .with_status_code(503)
                        .with_header(tiny_http::Header::from_bytes("Retry-After", "86400").unwrap()),
                    "/forbidden.html" => tiny_http::Response::from_string("no").with_status_code(403),
                    // LinkedIn's way: a sign-in page with status 200.
                    "/wall.html" => tiny_http::Response::from_string(
                        "<html><head><title>Sign Up | LinkedIn</title></head><body><main><h1>Join now</h1>\
                         <form><input type=\"password\"></form><ul><li>Sign in</li></ul></main></body></html>",
                    ),
                    "/huge.md" => tiny_http::Response::from_string("- idea\n".repeat(200_000)),
                    // Basic authentication for "reviewer" / "p@ss w0rd".
                    "/private.md" => {
                        let authorized = request.headers().iter().any(|h| {
                            h.field.equiv("Authorization") && h.value.as_str() == "Basic cmV2aWV3ZXI6cEBzcyB3MHJk"
                        });
                        if authorized {
                            tiny_http::Response::from_string("# Ideas\n\n- Caching\n- Testing\n- Security\n")
                        } else {
                            tiny_http::Response::from_string("who are you").with_status_code(401)
                        }
                    }
                    _ => match std::fs::read(dir.join(path.trim_start_matches('/'))) {
                        Ok(bytes) => tiny_http::Response::from_data(bytes),
                        Err(_) => tiny_http::Response::from_string("not here").with_status_code(404),
                    },
                };
                let _ = request.respond(response);
            }
        });
        Server { port, requests, agents, server, thread: Some(thread) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut *self.requests.lock().unwrap())
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

/// The corpus manifest with every download address pointed at `url(ID.EXT)`.
fn local_manifest(url: impl Fn(&str) -> String) -> String {
    let sources = cfp_taxonomy::sources::load(&corpus().join("sources.toml")).unwrap();
    sources
        .iter()
        .map(|s| {
            format!(
                "[[source]]\nid = {:?}\ntitle = {:?}\nevent = {:?}\nyear = {}\nkind = {:?}\nformat = {:?}\nurl = {:?}\n{}\n",
                s.id,
                s.title,
                s.event,
                s.year,
                s.kind.as_str(),
                s.format.as_str(),
                url(&format!("{}.{}", s.id, s.format.extension())),
                s.author.as_ref().map(|a| format!("author = {a:?}")).unwrap_or_default(),
            )
        })
        .collect()
}

fn build(manifest: &Path, out: &Path, cache: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        "--sources",
        manifest.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--cache",
        cache.to_str().unwrap(),
        "--backoff",
        "0.01",
        "--timeout",
        "5",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn building_over_http_matches_the_snapshot_build_and_the_cache_makes_a_second_build_request_nothing() {
    let server = Server::start(&corpus());
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("sources.toml");
    std::fs::write(&manifest, local_manifest(|p| server.url(p))).unwrap();
    let (out, cache) = (dir.path().join("output"), dir.path().join("cache"));

    let first = build(&manifest, &out, &cache, &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(server.take_requests().len(), 15, "one request per source");
    let agents = server.agents.lock().unwrap().clone();
    assert!(
        agents.iter().all(|a| a.starts_with(&format!("cfp-taxonomy/{} ", env!("CARGO_PKG_VERSION")))),
        "{agents:?}"
    );
    let sources: HashMap<String, HashMap<String, String>> =
        table(&out, "sources").into_iter().map(|s| (s["source_id"].clone(), s)).collect();
    for id in ["schilling-2025", "gbadago-2025"] {
        assert_eq!(sources[id]["status"], "unavailable");
        assert!(sources[id]["reason"].contains("HTTP 404"), "{:?}", sources[id]);
    }
    assert_eq!(sources["michel-2025"]["origin"], "network");
    assert_eq!(sources["michel-2025"]["item_count"], "44");

    // The same items, concepts and analyses as a build from the snapshot files.
    let snap = dir.path().join("snapshot-output");
    common::build_snapshots(&snap, &[]);
    for name in ["concepts", "item_concepts", "overlap", "trends"] {
        let a = std::fs::read(out.join(format!("{name}.csv"))).unwrap();
        let b = std::fs::read(snap.join(format!("{name}.csv"))).unwrap();
        assert!(a == b, "{name}.csv differs between the HTTP and snapshot builds");
    }
    // Items too, but for the talk pages a schedule links: they resolve against the host served.
    let without_url =
        |dir: &Path| table(dir, "items").into_iter().map(|mut r| r.remove("url").map(|_| r)).collect::<Vec<_>>();
    assert!(without_url(&out) == without_url(&snap), "items.csv differs between the HTTP and snapshot builds");

    // Second build: every page that was read comes from the cache; only the two missing
    // pages are asked for again (failures are not cached, they may be transient).
    let second = build(&manifest, &out, &cache, &[]);
    assert!(second.status.success());
    let mut asked = server.take_requests();
    asked.sort();
    assert_eq!(asked, ["/gbadago-2025.html", "/schilling-2025.html"]);
    let sources = table(&out, "sources");
    assert!(sources.iter().filter(|s| s["status"] == "ok").all(|s| s["origin"] == "cache"));
}

#[test]
fn misbehaving_servers_give_each_source_its_status_and_the_build_goes_on() {
    let server = Server::start(&corpus());
    let dir = tempfile::tempdir().unwrap();
    let entry = |id: &str, format: &str, path: &str| common::entry(id, "ideas", format, 2030, &server.url(path));
    let manifest = dir.path().join("sources.toml");
    let text = [
        entry("good", "html", "michel-2025.html"),
        entry("flaky", "markdown", "flaky.md"),
        entry("forbidden", "html", "forbidden.html"),
        entry("wall", "html", "wall.html"),
        entry("missing", "html", "missing.html"),
        entry("huge", "markdown", "huge.md"),
    ]
    .concat();
    std::fs::write(&manifest, text).unwrap();
    let out = dir.path().join("output");
    let result = build(&manifest, &out, &dir.path().join("cache"), &["--max-bytes", "100000", "--retries", "2"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"));
    let sources: HashMap<String, HashMap<String, String>> =
        table(&out, "sources").into_iter().map(|s| (s["source_id"].clone(), s)).collect();
    let status = |id: &str| (sources[id]["status"].as_str(), sources[id]["reason"].as_str());
    assert_eq!(status("good").0, "ok");
    assert_eq!(status("flaky").0, "ok", "a 500 is retried");
    assert_eq!(sources["flaky"]["item_count"], "3");
    assert_eq!(status("forbidden").0, "blocked");
    assert!(status("forbidden").1.contains("403"));
    assert_eq!(status("missing").0, "unavailable");
    assert_eq!(status("wall").0, "blocked");
    assert!(status("wall").1.contains("sign-in wall"), "{:?}", status("wall"));
    assert_eq!(status("huge").0, "error");
    assert!(status("huge").1.contains("100000-byte cap"), "{:?}", status("huge"));
    let asked = server.take_requests();
    assert_eq!(asked.iter().filter(|p| *p == "/flaky.md").count(), 2);
    assert_eq!(asked.iter().filter(|p| *p == "/missing.html").count(), 1, "a 404 is not retried");
}

#[test]
fn with_the_network_down_the_build_fails_in_one_line_naming_the_sources_and_keeps_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    common::build_snapshots(&out, &[]);
    let before = std::fs::read(out.join("items.parquet")).unwrap();

    // Nothing listens on port 9 of the loopback address: every connection is refused.
    let manifest = dir.path().join("sources.toml");
    std::fs::write(&manifest, local_manifest(|p| format!("http://127.0.0.1:9/{p}"))).unwrap();
    let result = build(&manifest, &out, &dir.path().join("cache"), &["--retries", "0"]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    let error_lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error_lines.len(), 1, "{stderr}");
    let line = error_lines[0];
    assert!(line.contains("no source could be read"), "{line}");
    assert!(line.contains("--snapshots"), "the message says what to do next: {line}");
    for id in ["michel-2025", "winstel-2025", "program-2023"] {
        assert!(line.contains(id), "{id} is named: {line}");
    }
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
    assert_eq!(std::fs::read(out.join("items.parquet")).unwrap(), before, "the previous output is intact");

    // An invalid manifest: exit 2 with file and line, output untouched.
    std::fs::write(&manifest, "[[source]]\nid = \"a\"\nyear = \"soon\"\n").unwrap();
    let result = build(&manifest, &out, &dir.path().join("cache"), &[]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.starts_with(&format!("error: {}:3: ", manifest.display())), "{stderr}");
    assert_eq!(std::fs::read(out.join("items.parquet")).unwrap(), before);
}

#[test]
fn follow_links_fetches_the_posts_a_source_links_to_within_depth_and_budget() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    let fixture = common::root().join("tests/fixtures/extract/microblog-mixed.md");
    std::fs::copy(&fixture, site.join("ann-talk-ideas.md")).unwrap();
    std::fs::copy(&fixture, site.join("bo-topics.md")).unwrap();
    let server = Server::start(&site);
    let seed = format!(
        "<html><body><main><ul><li>Testing</li><li>Caching</li><li>Security</li></ul>\
         <p>More ideas: <a href=\"{}\">Ann</a>, <a href=\"{}\">Bo</a>, and a <a href=\"{}\">single talk</a>.</p>\
         </main></body></html>",
        server.url("ann-talk-ideas.md"),
        server.url("bo-topics.md"),
        server.url("talks/one-talk/"),
    );
    std::fs::write(site.join("seed.html"), seed).unwrap();
    let manifest = dir.path().join("sources.toml");
    std::fs::write(&manifest, common::entry("seed", "ideas", "html", 2031, &server.url("seed.html"))).unwrap();
    let out = dir.path().join("output");
    let result = build(&manifest, &out, &dir.path().join("cache"), &["--follow-links", "--max-discovered", "1"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let sources = table(&out, "sources");
    assert_eq!(sources.len(), 2, "the budget of one discovered source holds: {sources:?}");
    let found = &sources[1];
    assert_eq!(
        (found["discovered_from"].as_str(), found["status"].as_str(), found["format"].as_str()),
        ("seed", "ok", "markdown")
    );
    assert_eq!(found["item_count"], "7");
    let asked = server.take_requests();
    assert!(!asked.iter().any(|p| p.contains("one-talk")), "single talk pages are not followed: {asked:?}");
    assert!(!asked.iter().any(|p| p.contains("bo-topics")), "over budget: {asked:?}");
}

/// Every file under `dir`, read as text where it is text.
fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text.push_str(&all_text(&path));
        } else {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    text
}

#[test]
fn credentials_in_a_manifest_url_are_sent_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let manifest = dir.path().join("sources.toml");
    let private = format!("http://reviewer:p%40ss%20w0rd@127.0.0.1:{}/private.md", server.port);
    let missing = format!("http://reviewer:p%40ss%20w0rd@127.0.0.1:{}/gone.md", server.port);
    let entries = common::entry("private", "ideas", "markdown", 2025, &private)
        + &common::entry("gone", "ideas", "markdown", 2025, &missing);
    std::fs::write(&manifest, entries).unwrap();
    let (out, cache) = (dir.path().join("out"), dir.path().join("cache"));
    let output = build(&manifest, &out, &cache, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let sources = table(&out, "sources");
    let private_row = sources.iter().find(|r| r["source_id"] == "private").unwrap();
    assert_eq!(
        (private_row["status"].as_str(), private_row["item_count"].as_str()),
        ("ok", "3"),
        "the credentials were sent"
    );
    assert_eq!(private_row["url"], format!("http://127.0.0.1:{}/private.md", server.port));
    for secret in ["p@ss", "p%40ss", "reviewer"] {
        assert!(!stderr.contains(secret), "stderr shows {secret}: {stderr}");
        assert!(!all_text(&out).contains(secret), "the output shows {secret}");
        assert!(!all_text(&cache).contains(secret), "the cache shows {secret}");
    }
}

#[test]
fn retry_after_is_waited_for_within_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let manifest = dir.path().join("sources.toml");
    let url = |path: &str| format!("http://127.0.0.1:{}/{path}", server.port);
    let entries = common::entry("busy", "ideas", "markdown", 2025, &url("busy.md"))
        + &common::entry("later", "ideas", "markdown", 2025, &url("later.md"));
    std::fs::write(&manifest, entries).unwrap();
    let (out, cache) = (dir.path().join("out"), dir.path().join("cache"));
    let started = std::time::Instant::now();
    let output = build(&manifest, &out, &cache, &[]);
    let elapsed = started.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let sources = table(&out, "sources");
    let status = |id: &str| sources.iter().find(|r| r["source_id"] == id).unwrap().clone();
    assert_eq!(status("busy")["status"], "ok");
    // The backoff is 0.01 s: only the server's Retry-After explains a second's wait.
    assert!(elapsed >= std::time::Duration::from_secs(1), "Retry-After: 1 was not waited for: {elapsed:?}");
    let later = status("later");
    assert_eq!(later["status"], "error");
    assert!(later["reason"].contains("Retry-After"), "{later:?}");
    assert!(elapsed < std::time::Duration::from_secs(20), "a day's Retry-After is not waited for: {elapsed:?}");
    let requests = server.requests.lock().unwrap().clone();
    assert_eq!(requests.iter().filter(|r| *r == "/busy.md").count(), 2);
    assert_eq!(requests.iter().filter(|r| *r == "/later.md").count(), 1, "given up at once");
}
