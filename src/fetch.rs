//! Obtain each source's raw bytes: from a snapshot folder, the on-disk cache, or over HTTP.
//!
//! This is one of the two I/O edges of the pipeline. A source that cannot be read is not an
//! error of the build: it comes back as a [`Failure`] with the status and reason that end up in
//! the `sources` table, and the other sources go on.

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};

use crate::hash::sha256_hex;
use crate::model::{Credentials, Source, Status};

/// How sources are obtained.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Read `DIR/ID.EXT` instead of the network.
    pub snapshots: Option<PathBuf>,
    /// Where to read `DIR/ID.EXT` when the network fails (no route, DNS, timeout): the archive
    /// of what each URL serves. Not used for answers such as 404, which say the page is gone.
    pub archive: Option<PathBuf>,
    /// Where downloaded bodies are kept; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// Ignore cached bodies and download again (the cache is still refreshed).
    pub refresh: bool,
    /// Per-request timeout, connection to last byte.
    pub timeout: Duration,
    /// Extra attempts after a timeout or a 5xx answer.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Bodies larger than this (after decompression) are refused.
    pub max_bytes: u64,
    /// Sources read at once: downloads wait on the network, not the processor, so this does
    /// not follow the number of cores.
    pub concurrency: usize,
    /// Requests in flight to one host at once, so a manifest of one site's pages does not
    /// hammer it.
    pub per_host: usize,
    /// The whole fetch ends this long after it starts: sources not read by then are
    /// `unavailable`, and requests in flight are cut at it. `None`: no overall limit.
    pub deadline: Option<Duration>,
    /// The longest one source's download may take, every attempt and wait included.
    pub source_budget: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            snapshots: None,
            archive: None,
            cache_dir: Some(PathBuf::from(".cache/http")),
            refresh: false,
            timeout: Duration::from_secs(20),
            retries: 2,
            backoff: Duration::from_millis(500),
            // The largest real post is ~12 KB; 5 MiB leaves room for heavy pages and stops
            // a misbehaving server from filling memory.
            max_bytes: 5 * 1024 * 1024,
            concurrency: 16,
            per_host: 4,
            deadline: Some(Duration::from_secs(600)),
            // With a 15 s extraction budget, no source takes a minute.
            source_budget: Duration::from_secs(40),
        }
    }
}

/// Where a body came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file in the snapshot folder.
    Snapshot(PathBuf),
    /// The file the manifest names with `path`.
    File(PathBuf),
    /// Downloaded in this run.
    Network,
    /// Read from the cache, downloaded at the given time.
    Cache(String),
    /// The archived copy at this path, read because the network failed for the given reason.
    Archive {
        /// The archived file.
        path: PathBuf,
        /// Why the download failed.
        network_error: String,
    },
}

impl Origin {
    /// How the `sources.origin` column records it: an archived copy is a snapshot.
    pub fn recorded(&self) -> crate::model::Origin {
        match self {
            Origin::Snapshot(_) | Origin::Archive { .. } => crate::model::Origin::Snapshot,
            Origin::Network => crate::model::Origin::Network,
            Origin::Cache(_) => crate::model::Origin::Cache,
            Origin::File(_) => crate::model::Origin::File,
        }
    }

    /// For an archived copy, the line `sources.reason` and `run.json` give.
    pub fn fallback_reason(&self) -> Option<String> {
        match self {
            Origin::Archive { path, network_error } => {
                Some(format!("network failed ({network_error}); read the archived copy {}", path.display()))
            }
            _ => None,
        }
    }
}

/// A source's bytes, ready for extraction.
#[derive(Debug, Clone)]
pub struct Body {
    /// The raw bytes as served.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, when fetched over HTTP.
    pub content_type: Option<String>,
    /// Where the bytes came from.
    pub origin: Origin,
}

impl Body {
    /// Hex sha256 of the bytes, as recorded in `sources.sha256` and `run.json`.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

/// Why a source could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `unavailable`, `blocked` or `error`.
    pub status: Status,
    /// One line for the `sources.reason` column.
    pub reason: String,
    /// Where it went wrong.
    pub cause: Cause,
}

/// Where a failure happened, which decides whether an archived copy may stand in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cause {
    /// No answer: DNS, connection refused, no route, timeout, a body cut short.
    Network,
    /// The server answered, and the answer is not the page (404, 403, 5xx, too large, binary).
    Server,
    /// Nothing was asked of a server: a snapshot missing or unreadable, the body unparseable.
    Local,
}

impl Failure {
    /// A failure with its status, reason and cause.
    pub fn new(status: Status, reason: impl Into<String>, cause: Cause) -> Self {
        Failure { status, reason: reason.into(), cause }
    }
}

/// The outcome of obtaining one source.
pub type Fetched = Result<Body, Failure>;

/// Obtain every source, in manifest order, in parallel; `progress` advances once per source.
pub fn fetch_all(sources: &[Source], options: &FetchOptions, progress: &indicatif::ProgressBar) -> Vec<Fetched> {
    fetch_each(sources, options, progress, |_, fetched| fetched)
}

/// Obtain every source and hand each body to `then` as soon as it is read, on the worker that
/// read it; the results come back in manifest order. Only `options.concurrency` bodies are
/// held at once, so memory follows the work in flight, not the length of the manifest.
pub fn fetch_each<T: Send>(
    sources: &[Source],
    options: &FetchOptions,
    progress: &indicatif::ProgressBar,
    then: impl Fn(&Source, Fetched) -> T + Sync,
) -> Vec<T> {
    // Snapshots are local files: no host to spare, no network to wait for.
    let local = options.snapshots.is_some();
    let deadline = options.deadline.filter(|_| !local).map(|d| Instant::now() + d);
    let client = if local {
        None
    } else {
        match client(options) {
            Ok(c) => Some(c),
            Err(e) => {
                let failure = Failure::new(Status::Error, format!("cannot start the HTTP client: {e}"), Cause::Local);
                return sources.iter().map(|s| then(s, Err(failure.clone()))).collect();
            }
        }
    };
    let queue = Queue::new(sources, if local { usize::MAX } else { options.per_host.max(1) });
    let read = |i: usize| -> Fetched {
        let source = &sources[i];
        if let Some(path) = &source.path {
            return read_file(path, options.max_bytes);
        }
        match (&options.snapshots, &client) {
            (Some(dir), _) => read_snapshot(source, dir, options.max_bytes),
            (None, Some(client)) => fetch_or_archive(client, source, options, deadline),
            (None, None) => unreachable!("a client exists whenever there are no snapshots"),
        }
    };
    let work = || {
        let mut out = Vec::new();
        while let Some(next) = queue.next(deadline) {
            let (i, fetched) = match next {
                Next::Source(i) => {
                    let fetched = read(i);
                    queue.done(i);
                    (i, fetched)
                }
                Next::TooLate(i) => (i, Err(too_late(options))),
            };
            out.push((i, then(&sources[i], fetched)));
            progress.inc(1);
        }
        out
    };
    let workers = options.concurrency.clamp(1, sources.len().max(1));
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        // A worker the system will not start is one fewer; with none, this thread does the work.
        let handles: Vec<_> =
            (0..workers).filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok()).collect();
        if handles.is_empty() {
            return work();
        }
        handles.into_iter().flat_map(|h| h.join().expect("a fetch worker panicked")).collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

fn over_budget(options: &FetchOptions) -> Failure {
    let seconds = options.source_budget.as_secs_f64();
    Failure::new(
        Status::Unavailable,
        format!("gave up after {seconds:.0} s of tries (--source-budget)"),
        Cause::Network,
    )
}

fn too_late(options: &FetchOptions) -> Failure {
    let seconds = options.deadline.unwrap_or_default().as_secs();
    Failure::new(
        Status::Unavailable,
        format!("not fetched: the fetch deadline of {seconds} s passed first (--deadline)"),
        Cause::Network,
    )
}

/// The sources still to read, one queue per host, and the requests each host has in flight.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
    per_host: usize,
}

struct QueueState {
    /// Per host, its sources in manifest order; hosts in order of first appearance.
    waiting: Vec<(String, VecDeque<usize>)>,
    /// Requests in flight per host, indexed like `waiting`.
    active: Vec<usize>,
    /// The host index of each source.
    host_of: Vec<usize>,
    /// Where the next search for a host with room starts, so hosts take turns.
    turn: usize,
}

/// What a worker does next.
enum Next {
    /// Read this source.
    Source(usize),
    /// This source's turn came after the deadline.
    TooLate(usize),
}

impl Queue {
    fn new(sources: &[Source], per_host: usize) -> Queue {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut waiting: Vec<(String, VecDeque<usize>)> = Vec::new();
        let mut host_of = Vec::with_capacity(sources.len());
        for (i, s) in sources.iter().enumerate() {
            let host = url::Url::parse(s.download_url()).ok().and_then(|u| u.host_str().map(str::to_string));
            let host = host.unwrap_or_default();
            let h = *index.entry(host.clone()).or_insert_with(|| {
                waiting.push((host, VecDeque::new()));
                waiting.len() - 1
            });
            waiting[h].1.push_back(i);
            host_of.push(h);
        }
        let active = vec![0; waiting.len()];
        Queue { state: Mutex::new(QueueState { waiting, active, host_of, turn: 0 }), changed: Condvar::new(), per_host }
    }

    /// The next source whose host has room, waiting for one when every host with sources
    /// left is busy; after the deadline, the remaining sources one by one as too late.
    fn next(&self, deadline: Option<Instant>) -> Option<Next> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let hosts = state.waiting.len();
            if state.waiting.iter().all(|(_, q)| q.is_empty()) {
                return None;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let h = state.waiting.iter().position(|(_, q)| !q.is_empty())?;
                return state.waiting[h].1.pop_front().map(Next::TooLate);
            }
            let start = state.turn;
            let free = (0..hosts)
                .map(|k| (start + k) % hosts)
                .find(|&h| !state.waiting[h].1.is_empty() && state.active[h] < self.per_host);
            if let Some(h) = free {
                state.active[h] += 1;
                state.turn = (h + 1) % hosts;
                return state.waiting[h].1.pop_front().map(Next::Source);
            }
            state = match deadline {
                Some(d) => {
                    let wait = d.saturating_duration_since(Instant::now());
                    self.changed.wait_timeout(state, wait).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.changed.wait(state).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }

    /// Source `i` is read: its host has room again.
    fn done(&self, i: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let h = state.host_of[i];
        state.active[h] = state.active[h].saturating_sub(1);
        drop(state);
        self.changed.notify_all();
    }
}

/// The User-Agent names the tool and its version so site owners can tell who is asking.
pub fn user_agent() -> String {
    format!("cfp-taxonomy/{} (+https://github.com/cfp-taxonomy/cfp-taxonomy)", env!("CARGO_PKG_VERSION"))
}

fn client(options: &FetchOptions) -> reqwest::Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .user_agent(user_agent())
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
}

/// A post the manifest names with `path`: read whatever `--snapshots` says, since the file is
/// the post.
fn read_file(path: &Path, max_bytes: u64) -> Fetched {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > max_bytes
    {
        let reason = format!("{} is larger than the {max_bytes}-byte cap", path.display());
        return Err(Failure::new(Status::Error, reason, Cause::Local));
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(Body { bytes, content_type: None, origin: Origin::File(path.to_path_buf()) }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::new(
            Status::Unavailable,
            format!("no file {} (the manifest's path)", path.display()),
            Cause::Local,
        )),
        Err(e) => Err(Failure::new(Status::Error, format!("cannot read {}: {e}", path.display()), Cause::Local)),
    }
}

fn read_snapshot(source: &Source, dir: &Path, max_bytes: u64) -> Fetched {
    // The id was validated to letters, digits, `-` and `_`, so this path stays inside `dir`.
    let path = dir.join(format!("{}.{}", source.id, source.format.extension()));
    if let Ok(meta) = std::fs::metadata(&path)
        && meta.len() > max_bytes
    {
        let reason = format!("snapshot {} is larger than the {max_bytes}-byte cap", path.display());
        return Err(Failure::new(Status::Error, reason, Cause::Local));
    }
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Body { bytes, content_type: None, origin: Origin::Snapshot(path) }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let why = if source.snapshot { "" } else { " (the manifest says no archived copy exists)" };
            Err(Failure::new(Status::Unavailable, format!("no snapshot {}{why}", path.display()), Cause::Local))
        }
        Err(e) => Err(Failure::new(Status::Error, format!("cannot read {}: {e}", path.display()), Cause::Local)),
    }
}

#[derive(Serialize, Deserialize)]
struct CacheEntry {
    url: String,
    sha256: String,
    fetched_at: String,
    content_type: Option<String>,
}

fn cache_paths(dir: &Path, url: &str) -> (PathBuf, PathBuf) {
    let key = sha256_hex(url.as_bytes());
    (dir.join(format!("{key}.body")), dir.join(format!("{key}.json")))
}

fn read_cache(dir: &Path, url: &str) -> Option<Body> {
    let (body_path, meta_path) = cache_paths(dir, url);
    let entry: CacheEntry = serde_json::from_slice(&std::fs::read(meta_path).ok()?).ok()?;
    let bytes = std::fs::read(body_path).ok()?;
    // A body that no longer matches its recorded hash was damaged on disk: fetch again.
    (entry.url == url && sha256_hex(&bytes) == entry.sha256).then_some(Body {
        bytes,
        content_type: entry.content_type,
        origin: Origin::Cache(entry.fetched_at),
    })
}

fn write_cache(dir: &Path, url: &str, body: &Body) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (body_path, meta_path) = cache_paths(dir, url);
    let entry = CacheEntry {
        url: url.to_string(),
        sha256: body.sha256(),
        fetched_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        content_type: body.content_type.clone(),
    };
    // Body first, metadata last: an entry is only trusted once its metadata exists.
    write_atomic(dir, &body_path, &body.bytes)?;
    write_atomic(dir, &meta_path, &serde_json::to_vec_pretty(&entry)?)
}

fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// Download a source; when the network fails and an archive is configured, read its archived
/// copy instead.
fn fetch_or_archive(
    client: &reqwest::blocking::Client,
    source: &Source,
    options: &FetchOptions,
    deadline: Option<Instant>,
) -> Fetched {
    let failure = match fetch_one(client, source.download_url(), source.credentials.as_ref(), options, deadline) {
        Ok(body) => return Ok(body),
        Err(failure) => failure,
    };
    let Some(archive) = options.archive.as_ref().filter(|_| failure.cause == Cause::Network) else {
        return Err(failure);
    };
    match read_snapshot(source, archive, options.max_bytes) {
        Ok(body) => {
            let Origin::Snapshot(path) = body.origin else { unreachable!("read_snapshot gives snapshots") };
            tracing::info!(source = %source.id, reason = %failure.reason, "network failed: reading the archived copy");
            Ok(Body { origin: Origin::Archive { path, network_error: failure.reason }, ..body })
        }
        Err(missing) if missing.status == Status::Unavailable => {
            Err(Failure { reason: format!("{}; no archived copy in {}", failure.reason, archive.display()), ..failure })
        }
        Err(broken) => Err(broken),
    }
}

fn fetch_one(
    client: &reqwest::blocking::Client,
    url: &str,
    credentials: Option<&Credentials>,
    options: &FetchOptions,
    deadline: Option<Instant>,
) -> Fetched {
    if let Some(dir) = &options.cache_dir
        && !options.refresh
        && let Some(body) = read_cache(dir, url)
    {
        tracing::debug!(url, "cache hit");
        return Ok(body);
    }
    let mut attempt = 0;
    // No request, and no wait between requests, outlasts this source's budget or the fetch
    // deadline, whichever comes first.
    let own = Instant::now() + options.source_budget;
    let (end, own_first) = match deadline {
        Some(d) if d < own => (d, false),
        _ => (own, true),
    };
    let left = || end.saturating_duration_since(Instant::now());
    let body = loop {
        let timeout = options.timeout.min(left());
        if timeout.is_zero() {
            return Err(if own_first { over_budget(options) } else { too_late(options) });
        }
        match attempt_once(client, url, credentials, options.max_bytes, timeout) {
            Ok(body) => break body,
            Err(Attempt::Retry(failure, asked)) if attempt < options.retries => {
                // Saturating: a library caller may pass any number of retries.
                let backoff = options.backoff.saturating_mul(2u32.saturating_pow(attempt));
                // A server that says when to come back is waited for, within reason.
                if let Some(asked) = asked.filter(|a| *a > MAX_RETRY_AFTER) {
                    let reason = format!(
                        "{} asked to come back in {} s (Retry-After), longer than the {} s a source may wait",
                        failure.reason,
                        asked.as_secs(),
                        MAX_RETRY_AFTER.as_secs()
                    );
                    return Err(Failure { reason, ..failure });
                }
                let wait = backoff.max(asked.unwrap_or_default());
                if wait >= left() {
                    let limit = if own_first { "the source's --source-budget" } else { "the fetch --deadline" };
                    return Err(Failure {
                        reason: format!("{}; no time left to retry within {limit}", failure.reason),
                        ..failure
                    });
                }
                tracing::warn!(url, reason = %failure.reason, ?wait, "retrying");
                sleep(wait);
                attempt += 1;
            }
            Err(Attempt::Retry(failure, _) | Attempt::Final(failure)) => {
                let tries = if attempt > 0 { format!(" (after {} attempts)", attempt + 1) } else { String::new() };
                return Err(Failure { reason: format!("{}{tries}", failure.reason), ..failure });
            }
        }
    };
    if let Some(dir) = &options.cache_dir
        && let Err(e) = write_cache(dir, url, &body)
    {
        // A cache that cannot be written costs a download next time, not this build.
        tracing::warn!(url, error = %e, "cannot write the cache");
    }
    Ok(body)
}

/// The longest `Retry-After` a source waits for before a retry; a server asking for more is
/// given up on, so one source cannot hold the build.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

enum Attempt {
    /// Worth trying again: a timeout or a server error; with the wait the server asked for.
    Retry(Failure, Option<Duration>),
    /// Trying again will not help.
    Final(Failure),
}

fn attempt_once(
    client: &reqwest::blocking::Client,
    url: &str,
    credentials: Option<&Credentials>,
    max_bytes: u64,
    timeout: Duration,
) -> Result<Body, Attempt> {
    let started = std::time::Instant::now();
    let mut request = client.get(url).timeout(timeout);
    if let Some(c) = credentials {
        request = request.basic_auth(&c.user, c.password.as_ref());
    }
    let mut response = request.send().map_err(|e| classify(&e))?;
    let status = response.status();
    if !status.is_success() {
        let reason = format!("HTTP {status} from {url}");
        return Err(match status.as_u16() {
            401 | 403 | 407 | 451 => Attempt::Final(Failure::new(Status::Blocked, reason, Cause::Server)),
            404 | 410 => Attempt::Final(Failure::new(Status::Unavailable, reason, Cause::Server)),
            429 | 500..=599 => {
                Attempt::Retry(Failure::new(Status::Error, reason, Cause::Server), retry_after(response.headers()))
            }
            _ => Attempt::Final(Failure::new(Status::Error, reason, Cause::Server)),
        });
    }
    let content_type =
        response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    // A missing or wrong-but-textual type is tolerated (raw Markdown often comes as text/plain
    // or octet-stream); a type that says the body is not text at all is not read.
    if let Some(kind) = &content_type
        && is_binary(kind)
    {
        return Err(Attempt::Final(Failure::new(
            Status::Error,
            format!("{url} sent {kind}, not a page"),
            Cause::Server,
        )));
    }
    // Read in chunks against one deadline: reqwest's timeout applies to each read, so a server
    // that drips a byte at a time would otherwise hold the build for ever. Reading one byte past
    // the cap tells an oversized body from one exactly at it; the cap applies after
    // decompression, so a small gzip bomb is stopped too.
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match response.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let cause = root_cause(&e);
                let failure = if cause.contains("timed out") {
                    Failure::new(Status::Unavailable, format!("timed out reading the body of {url}"), Cause::Network)
                } else {
                    Failure::new(Status::Error, format!("body of {url} was cut short: {cause}"), Cause::Network)
                };
                return Err(Attempt::Retry(failure, None));
            }
        }
        if bytes.len() as u64 > max_bytes {
            return Err(Attempt::Final(Failure::new(
                Status::Error,
                format!("body of {url} is larger than the {max_bytes}-byte cap"),
                Cause::Server,
            )));
        }
        if started.elapsed() > timeout {
            let reason =
                format!("timed out: the body of {url} was still arriving after {:.1} s", timeout.as_secs_f64());
            return Err(Attempt::Retry(Failure::new(Status::Unavailable, reason, Cause::Network), None));
        }
    }
    Ok(Body { bytes, content_type, origin: Origin::Network })
}

fn classify(e: &reqwest::Error) -> Attempt {
    let cause = root_cause(e);
    let host = e.url().and_then(|u| u.host_str()).unwrap_or("the server").to_string();
    if e.is_timeout() {
        Attempt::Retry(Failure::new(Status::Unavailable, format!("timed out waiting for {host}"), Cause::Network), None)
    } else if e.is_redirect() {
        Attempt::Final(Failure::new(Status::Error, format!("too many redirects from {host}"), Cause::Server))
    } else if e.is_connect() {
        Attempt::Final(Failure::new(Status::Unavailable, format!("cannot connect to {host}: {cause}"), Cause::Network))
    } else {
        Attempt::Retry(
            Failure::new(Status::Unavailable, format!("request to {host} failed: {cause}"), Cause::Network),
            None,
        )
    }
}

/// Media types that are never a post or a program.
fn is_binary(content_type: &str) -> bool {
    let t = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    ["image/", "audio/", "video/", "font/"].iter().any(|p| t.starts_with(p))
        || ["application/pdf", "application/zip", "application/gzip", "application/x-tar"].contains(&t.as_str())
}

/// The innermost error message: the outer ones only repeat the URL and the layer that failed.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut current = e.source();
    while let Some(inner) = current {
        message = inner.to_string();
        current = inner.source();
    }
    message
}
