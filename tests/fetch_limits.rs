//! Fetching at scale against a slow server on 127.0.0.1: bounded requests in flight per host,
//! whatever the core count, and one deadline for the whole fetch.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{entry, run, table};

/// A server answering every request after `delay`, each on its own thread, counting the most
/// requests it had in flight at once.
struct SlowServer {
    port: u16,
    most_in_flight: Arc<AtomicUsize>,
}

impl SlowServer {
    fn start(delay: Duration) -> SlowServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let (in_flight, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (s, now, max) = (server.clone(), in_flight.clone(), most.clone());
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let (now, max) = (now.clone(), max.clone());
                std::thread::spawn(move || {
                    let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(current, Ordering::SeqCst);
                    std::thread::sleep(delay);
                    now.fetch_sub(1, Ordering::SeqCst);
                    let body = "# Ideas\n\n- Caching\n- Testing\n- Search\n";
                    let _ = request.respond(tiny_http::Response::from_string(body));
                });
            }
        });
        SlowServer { port, most_in_flight: most }
    }
}

fn manifest(dir: &std::path::Path, urls: &[String]) -> std::path::PathBuf {
    let text: String =
        urls.iter().enumerate().map(|(i, u)| entry(&format!("s{i:03}"), "ideas", "markdown", 2025, u)).collect();
    let path = dir.join("sources.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn build(manifest: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--sources", manifest.to_str().unwrap(), "--out", out.to_str().unwrap(), "--no-cache"];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn requests_in_flight_are_bounded_per_host_and_overall() {
    let server = SlowServer::start(Duration::from_millis(200));
    let dir = tempfile::tempdir().unwrap();
    // Two host names for one server: each gets its own limit.
    let urls: Vec<String> = (0..24)
        .map(|i| {
            let host = if i % 2 == 0 { "127.0.0.1" } else { "localhost" };
            format!("http://{host}:{}/p{i}.md", server.port)
        })
        .collect();
    let sources = manifest(dir.path(), &urls);
    let out = dir.path().join("out");
    let output = build(&sources, &out, &["--per-host", "3", "--concurrency", "5"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(table(&out, "sources").iter().all(|r| r["status"] == "ok"));
    let most = server.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 5, "--concurrency 5, yet {most} requests at once");
    assert!(most > 3, "two hosts of 3 each under a limit of 5 overlap: {most}");
    let server_one = SlowServer::start(Duration::from_millis(200));
    let one_host: Vec<String> = (0..12).map(|i| format!("http://127.0.0.1:{}/q{i}.md", server_one.port)).collect();
    let sources = manifest(dir.path(), &one_host);
    let output = build(&sources, &dir.path().join("out2"), &["--per-host", "2"]);
    assert!(output.status.success());
    assert_eq!(server_one.most_in_flight.load(Ordering::SeqCst), 2, "one host, --per-host 2");
}

#[test]
fn the_fetch_ends_at_its_deadline_and_the_build_goes_on() {
    let server = SlowServer::start(Duration::from_secs(1));
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = (0..40).map(|i| format!("http://127.0.0.1:{}/p{i}.md", server.port)).collect();
    let sources = manifest(dir.path(), &urls);
    let out = dir.path().join("out");
    let started = Instant::now();
    let output = build(&sources, &out, &["--per-host", "2", "--deadline", "2.5"]);
    let elapsed = started.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // 40 one-second pages two at a time would take 20 s.
    assert!(elapsed < Duration::from_secs(8), "the deadline held the build for {elapsed:?}");
    let rows = table(&out, "sources");
    let ok = rows.iter().filter(|r| r["status"] == "ok").count();
    let late: Vec<_> = rows.iter().filter(|r| r["status"] == "unavailable").collect();
    assert!((2..=8).contains(&ok), "{ok} read before the deadline");
    assert_eq!(ok + late.len(), 40);
    assert!(late.iter().all(|r| r["reason"].contains("deadline")), "{late:?}");
}

#[test]
fn one_source_gives_up_within_its_budget_whatever_the_retries() {
    let server = SlowServer::start(Duration::from_secs(30));
    let dir = tempfile::tempdir().unwrap();
    let sources = manifest(dir.path(), &[format!("http://127.0.0.1:{}/never.md", server.port)]);
    let out = dir.path().join("out");
    let started = Instant::now();
    // Eleven attempts of two seconds would take 22 s; the budget ends them at 3.
    let output =
        build(&sources, &out, &["--timeout", "2", "--retries", "10", "--backoff", "0.1", "--source-budget", "3"]);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "no source could be read");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--source-budget"), "{stderr}");
}
