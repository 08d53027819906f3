//! Network faults, each from a server on 127.0.0.1 that misbehaves on purpose. Every case must
//! end with the source's status and reason recorded, the other sources built, and no panic.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use common::{run, table};

/// A raw HTTP/1.1 server: each path answers as its case says. It stops when dropped.
struct BadServer {
    port: u16,
    stop: Arc<AtomicBool>,
}

fn respond(mut stream: TcpStream, gzip_bomb: Arc<Vec<u8>>) {
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap_or(0);
    let request = String::from_utf8_lossy(&buf[..n]).to_string();
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let head = |status: &str, headers: &str| format!("HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n");
    let page = "<html><body><main><ul><li>Testing</li><li>Caching</li><li>Security</li></ul></main></body></html>";
    let _ = match path.as_str() {
        // Accepts, then says nothing until the client gives up.
        "/silent.html" => {
            thread::sleep(Duration::from_secs(4));
            Ok(())
        }
        // One byte every 300 ms: never finishes within the timeout.
        "/drip.html" => {
            let _ = stream.write_all(head("200 OK", "Content-Type: text/html\r\nContent-Length: 1000\r\n").as_bytes());
            for _ in 0..15 {
                if stream.write_all(b"<").is_err() {
                    break;
                }
                thread::sleep(Duration::from_millis(300));
            }
            Ok(())
        }
        // Promises 5000 bytes, sends 40, hangs up.
        "/truncated.html" => stream
            .write_all(head("200 OK", "Content-Type: text/html\r\nContent-Length: 5000\r\n").as_bytes())
            .and_then(|()| stream.write_all(&page.as_bytes()[..40])),
        "/loop.html" => stream.write_all(head("302 Found", "Location: /loop.html\r\nContent-Length: 0\r\n").as_bytes()),
        "/image.html" => stream.write_all(
            format!(
                "{}{}",
                head("200 OK", &format!("Content-Type: image/png\r\nContent-Length: {}\r\n", page.len())),
                page
            )
            .as_bytes(),
        ),
        "/untyped.html" => stream.write_all(
            format!("{}{}", head("200 OK", &format!("Content-Length: {}\r\n", page.len())), page).as_bytes(),
        ),
        // Windows-1252 declared by the server: "Café" must come out right.
        "/latin1.html" => {
            let body: &[u8] =
                b"<html><body><main><ul><li>Caf\xe9 talks</li><li>Na\xefve caching</li></ul></main></body></html>";
            let h = head(
                "200 OK",
                &format!("Content-Type: text/html; charset=windows-1252\r\nContent-Length: {}\r\n", body.len()),
            );
            stream.write_all(h.as_bytes()).and_then(|()| stream.write_all(body))
        }
        // Not UTF-8 and nothing declared: bad bytes are replaced and counted.
        "/garbled.md" => {
            let body: &[u8] = b"## Ideas\n\n- Good idea\n- Bad \xff\xfe bytes\n";
            let h = head("200 OK", &format!("Content-Type: text/markdown\r\nContent-Length: {}\r\n", body.len()));
            stream.write_all(h.as_bytes()).and_then(|()| stream.write_all(body))
        }
        // 20 KB on the wire that inflate to 20 MB.
        "/bomb.html" => {
            let h = head(
                "200 OK",
                &format!(
                    "Content-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n",
                    gzip_bomb.len()
                ),
            );
            stream.write_all(h.as_bytes()).and_then(|()| stream.write_all(&gzip_bomb))
        }
        _ => stream.write_all(
            format!(
                "{}{}",
                head("200 OK", &format!("Content-Type: text/html\r\nContent-Length: {}\r\n", page.len())),
                page
            )
            .as_bytes(),
        ),
    };
}

impl BadServer {
    fn start() -> BadServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..20 {
            gz.write_all(&chunk).unwrap();
        }
        let bomb = Arc::new(gz.finish().unwrap());
        thread::spawn(move || {
            // Bounded: the server lives at most 60 s even if a test forgets it.
            let started = std::time::Instant::now();
            while !flag.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(60) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        let bomb = bomb.clone();
                        thread::spawn(move || respond(stream, bomb));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        BadServer { port, stop }
    }
}

impl Drop for BadServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[test]
fn every_network_fault_is_recorded_and_the_good_sources_are_built() {
    let server = BadServer::start();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("good", "html", "good.html"),
        ("silent", "html", "silent.html"),
        ("drip", "html", "drip.html"),
        ("truncated", "html", "truncated.html"),
        ("loop", "html", "loop.html"),
        ("image", "html", "image.html"),
        ("untyped", "html", "untyped.html"),
        ("latin1", "html", "latin1.html"),
        ("garbled", "markdown", "garbled.md"),
        ("bomb", "html", "bomb.html"),
    ];
    let manifest: String = cases
        .iter()
        .map(|(id, format, path)| {
            common::entry(id, "ideas", format, 2031, &format!("http://127.0.0.1:{}/{path}", server.port))
        })
        .collect();
    let path = dir.path().join("sources.toml");
    std::fs::write(&path, manifest).unwrap();
    let out = dir.path().join("output");
    let started = std::time::Instant::now();
    let result = run(&[
        "build",
        "--sources",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
        "--timeout",
        "1",
        "--retries",
        "1",
        "--backoff",
        "0.05",
        "--max-bytes",
        "1000000",
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30), "faults are bounded by the timeout");
    let sources: HashMap<String, (String, String)> = table(&out, "sources")
        .into_iter()
        .map(|s| (s["source_id"].clone(), (s["status"].clone(), s["reason"].clone())))
        .collect();
    let expect = |id: &str, status: &str, words: &str| {
        let (got, reason) = &sources[id];
        assert_eq!(got, status, "{id}: {reason}");
        assert!(reason.contains(words), "{id}: {reason:?} should mention {words:?}");
    };
    expect("good", "ok", "");
    expect("silent", "unavailable", "timed out");
    expect("drip", "unavailable", "timed out");
    expect("truncated", "error", "cut short");
    expect("loop", "error", "too many redirects");
    expect("image", "error", "image/png, not a page");
    expect("untyped", "ok", "");
    expect("latin1", "ok", "");
    expect("garbled", "ok", "");
    expect("bomb", "error", "1000000-byte cap");
    let items = table(&out, "items");
    assert!(items.iter().any(|i| i["text"] == "Café talks" && i["source_id"] == "latin1"));
    assert!(items.iter().any(|i| i["text"] == "Bad \u{FFFD}\u{FFFD} bytes"));
    let run_json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let warnings: Vec<&str> = run_json["warnings"].as_array().unwrap().iter().filter_map(|w| w.as_str()).collect();
    assert!(warnings.contains(&"garbled: 2 undecodable byte sequences were replaced"), "{warnings:?}");
}
