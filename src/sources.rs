//! Read and validate the source manifest (`seeds/sources.toml`).
//!
//! Every problem is reported with the file, the line and the reason, because the person fixing
//! it is editing that file by hand. A table other than `[[source]]` is an error (a `[[sources]]`
//! typo would otherwise lose its post without a word); a key the manifest does not know is kept
//! out of the build and warned about, naming the nearest known key (`fetch_ulr` → `fetch_url`),
//! because the manifest is shared with other tools that may add their own.

use std::ops::Range;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{Credentials, Format, Kind, Source};

/// Years outside this range are typos, not conferences.
const YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

/// The keys a `[[source]]` entry may hold (`../shared/CONTRACT.md`).
pub const KNOWN_KEYS: [&str; 14] = [
    "id",
    "title",
    "author",
    "event",
    "year",
    "published",
    "kind",
    "format",
    "url",
    "fetch_url",
    "path",
    "snapshot",
    "provenance",
    "note",
];

/// A valid manifest: its sources, and what a person should look at (unknown keys).
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The sources, in manifest order.
    pub sources: Vec<Source>,
    /// One line per unknown key: file, line, the key and the nearest known one.
    pub warnings: Vec<String>,
}

/// A manifest that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {reason}", file.display(), at_line(*line))]
pub struct ManifestError {
    /// The manifest file.
    pub file: PathBuf,
    /// 1-based line of the problem; 0 when the file itself cannot be read (no line to name).
    pub line: usize,
    /// What is wrong, in words.
    pub reason: String,
}

#[derive(Deserialize)]
struct RawManifest {
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize)]
struct RawSource {
    id: Option<Spanned<String>>,
    title: Option<String>,
    author: Option<String>,
    event: Option<String>,
    year: Option<Spanned<i64>>,
    published: Option<toml::Value>,
    kind: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    fetch_url: Option<Spanned<String>>,
    path: Option<String>,
    snapshot: Option<bool>,
}

/// ":12" for line 12; nothing for a file that could not be read.
fn at_line(line: usize) -> String {
    if line == 0 { String::new() } else { format!(":{line}") }
}

/// Read and validate the manifest at `path`.
pub fn load(path: &Path) -> Result<Vec<Source>, ManifestError> {
    load_with_hash(path).map(|(manifest, _)| manifest.sources)
}

/// Read and validate the manifest, and return the sha256 of the bytes read (for `run.json`).
pub fn load_with_hash(path: &Path) -> Result<(Manifest, String), ManifestError> {
    let bytes = std::fs::read(path).map_err(|e| ManifestError {
        file: path.to_path_buf(),
        line: 0,
        reason: format!("cannot read the manifest: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ManifestError {
        file: path.to_path_buf(),
        line: 0,
        reason: format!("the manifest is not UTF-8: {e}"),
    })?;
    let hash = crate::hash::sha256_hex(text.as_bytes());
    Ok((parse_manifest(&text, path)?, hash))
}

/// Validate manifest text; `file` is only used in messages.
pub fn parse(text: &str, file: &Path) -> Result<Vec<Source>, ManifestError> {
    parse_manifest(text, file).map(|m| m.sources)
}

/// Validate manifest text, with a warning for each unknown key; `file` is only used in messages.
pub fn parse_manifest(text: &str, file: &Path) -> Result<Manifest, ManifestError> {
    let lines = Lines::new(text);
    let fail = |span: Option<Range<usize>>, reason: String| ManifestError {
        file: file.to_path_buf(),
        line: span.map_or(1, |s| lines.of(s.start)),
        reason,
    };
    let raw: RawManifest = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        fail(e.span(), format!("not valid TOML: {message}"))
    })?;
    // The same text as plain tables, to see the keys serde was not asked about.
    let tables: toml::Table = toml::from_str(text).unwrap_or_default();
    if let Some(other) = tables.keys().find(|k| k.as_str() != "source") {
        return Err(ManifestError {
            file: file.to_path_buf(),
            line: key_line(text, 0, other).unwrap_or(1),
            reason: format!(
                "unknown table `{other}`: every post is a `[[source]]` table (sources are listed as [[source]], singular)"
            ),
        });
    }
    if raw.source.is_empty() {
        return Err(fail(None, "no [[source]] entries".into()));
    }
    let entries = tables.get("source").and_then(toml::Value::as_array);
    let mut warnings = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut sources = Vec::with_capacity(raw.source.len());
    for (n, entry) in raw.source.into_iter().enumerate() {
        let span = entry.span();
        for key in entries.and_then(|e| e.get(n)).and_then(toml::Value::as_table).into_iter().flat_map(|t| t.keys()) {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let line = key_line(text, span.start, key).unwrap_or_else(|| lines.of(span.start));
                warnings.push(format!("{}:{line}: unknown key `{key}` is ignored ({})", file.display(), nearest(key)));
            }
        }
        let raw = entry.into_inner();
        let line = lines.of(span.start);
        let missing = |key: &str| fail(Some(span.clone()), format!("source is missing `{key}`"));

        let id = raw.id.ok_or_else(|| missing("id"))?;
        if !valid_id(id.get_ref()) {
            return Err(fail(
                Some(id.span()),
                format!("id {:?} may hold only letters, digits, `-` and `_`", id.get_ref()),
            ));
        }
        if let Some(first) = seen.insert(id.get_ref().clone(), line) {
            return Err(fail(Some(id.span()), format!("duplicate id {:?} (first used on line {first})", id.get_ref())));
        }
        let year = raw.year.ok_or_else(|| missing("year"))?;
        if !YEARS.contains(year.get_ref()) {
            return Err(fail(
                Some(year.span()),
                format!("year {} is out of range {}..={}", year.get_ref(), YEARS.start(), YEARS.end()),
            ));
        }
        let kind = raw.kind.ok_or_else(|| missing("kind"))?;
        let kind_value = match kind.get_ref().as_str() {
            "ideas" => Kind::Ideas,
            "program" => Kind::Program,
            other => {
                return Err(fail(Some(kind.span()), format!("unknown kind {other:?} (expected `ideas` or `program`)")));
            }
        };
        let format = raw.format.ok_or_else(|| missing("format"))?;
        let Some(format_value) = Format::parse(format.get_ref()) else {
            return Err(fail(
                Some(format.span()),
                format!("unknown format {:?} (expected `html`, `markdown`, `csv` or `ics`)", format.get_ref()),
            ));
        };
        // A post on disk needs no address; every other post is downloaded from one.
        let path = raw.path.filter(|p| !p.trim().is_empty()).map(|p| file.parent().unwrap_or(Path::new("")).join(p));
        let url = match raw.url {
            Some(url) => {
                check_url(&url).map_err(|r| fail(Some(url.span()), r))?;
                url
            }
            None if path.is_some() => Spanned::new(span.clone(), String::new()),
            None => return Err(missing("url` (or `path`, a file beside the manifest")),
        };
        if let Some(fetch_url) = &raw.fetch_url {
            check_url(fetch_url).map_err(|r| fail(Some(fetch_url.span()), r))?;
        }
        // The address downloaded carries the credentials that count.
        let (url, page_credentials) = split_credentials(&url.into_inner());
        let fetch_url = raw.fetch_url.map(|u| split_credentials(&u.into_inner()));
        let credentials = match &fetch_url {
            Some((_, c)) => c.clone(),
            None => page_credentials,
        };
        sources.push(Source {
            id: id.into_inner(),
            title: raw.title.ok_or_else(|| missing("title"))?,
            author: raw.author.filter(|a| !a.trim().is_empty()),
            event: raw.event.ok_or_else(|| missing("event"))?,
            year: *year.get_ref() as i32,
            // TOML dates are their own type; keep what the person wrote either way.
            published: raw.published.map(|v| match v {
                toml::Value::String(s) => s,
                other => other.to_string(),
            }),
            kind: kind_value,
            format: format_value,
            url,
            fetch_url: fetch_url.map(|(u, _)| u),
            snapshot: raw.snapshot.unwrap_or(true),
            path,
            line,
            credentials,
        });
    }
    Ok(Manifest { sources, warnings })
}

/// "did you mean `fetch_url`?" for a key close to a known one, else the known keys.
fn nearest(key: &str) -> String {
    let (distance, best) =
        KNOWN_KEYS.iter().map(|k| (strsim::damerau_levenshtein(key, k), *k)).min().unwrap_or((usize::MAX, "id"));
    if distance <= 2 || (distance <= 3 && key.len() > 6) {
        format!("did you mean `{best}`?")
    } else {
        format!("known keys: {}", KNOWN_KEYS.join(", "))
    }
}

/// The 1-based line, at or after byte `from`, that defines `key` (`key =`, `[key]`, `[[key]]`).
fn key_line(text: &str, from: usize, key: &str) -> Option<usize> {
    let start = text[..from.min(text.len())].matches('\n').count();
    text.lines().enumerate().skip(start).find_map(|(n, line)| {
        let l = line.trim_start().trim_start_matches('[').trim_start();
        let rest = l.strip_prefix(key).or_else(|| l.strip_prefix(&format!("\"{key}\"")))?;
        rest.trim_start().starts_with(['=', ']']).then_some(n + 1)
    })
}

/// A URL without its userinfo, and the userinfo (percent-decoded) when it had one.
pub fn split_credentials(url: &str) -> (String, Option<Credentials>) {
    let Ok(mut parsed) = url::Url::parse(url) else { return (url.to_string(), None) };
    if parsed.username().is_empty() && parsed.password().is_none() {
        return (url.to_string(), None);
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let credentials = Credentials { user: decode(parsed.username()), password: parsed.password().map(decode) };
    // Setting both cannot fail for the http(s) URLs the manifest accepts.
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    (parsed.to_string(), Some(credentials))
}

/// Ids become file names (`DIR/ID.html`), so they may not hold separators or dots.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_url(url: &Spanned<String>) -> Result<(), String> {
    let value = url.get_ref();
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        Ok(u) => Err(format!("url {value:?} uses {:?}; only http and https are fetched", u.scheme())),
        Err(e) => Err(format!("url {value:?} is not a valid URL: {e}")),
    }
}

/// Byte offsets where each line starts, so a span's line is a binary search, not a rescan of
/// the text (rescanning made a 13,000-source manifest take ten seconds).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// 1-based line of a byte offset.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[source]]
id = "a-2025"
title = "Ideas"
event = "Conf"
year = 2025
kind = "ideas"
format = "html"
url = "https://example.org/a"
provenance = "kept for people, ignored by the tool"

[[source]]
id = "b_2024"
title = "Program"
author = "Someone"
event = "Conf"
year = 2024
published = 2024-03-01
kind = "program"
format = "csv"
url = "https://example.org/b"
fetch_url = "https://example.org/b.csv"
snapshot = false
"#;

    fn err(text: &str) -> ManifestError {
        parse(text, Path::new("m.toml")).unwrap_err()
    }

    #[test]
    fn unknown_keys_are_warned_about_with_the_nearest_known_key() {
        let text = GOOD.replace(
            "snapshot = false",
            "snapshot = false\nfetch_ulr = \"https://x.org\"\nprovenance = \"p\"\nnote = \"n\"\nweird = 1",
        );
        let manifest = parse_manifest(&text, Path::new("m.toml")).unwrap();
        assert_eq!(manifest.sources.len(), 2, "an unknown key loses no source");
        assert_eq!(manifest.warnings.len(), 2, "{:?}", manifest.warnings);
        let line = |key: &str| text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
        assert_eq!(
            manifest.warnings[0],
            format!("m.toml:{}: unknown key `fetch_ulr` is ignored (did you mean `fetch_url`?)", line("fetch_ulr"))
        );
        let weird = format!("m.toml:{}: unknown key `weird` is ignored (known keys: id, title", line("weird"));
        assert!(manifest.warnings[1].starts_with(&weird), "{:?}", manifest.warnings);
    }

    #[test]
    fn a_table_other_than_source_is_an_error_naming_source() {
        let text = format!("{GOOD}\n[[sources]]\nid = \"c\"\n");
        let e = err(&text);
        assert_eq!(e.line, text.lines().position(|l| l == "[[sources]]").unwrap() + 1, "{e}");
        assert!(e.reason.contains("unknown table `sources`") && e.reason.contains("[[source]]"), "{e}");
        assert!(err("[settings]\nx = 1\n").reason.contains("unknown table `settings`"));
    }

    #[test]
    fn a_path_is_read_beside_the_manifest_and_makes_url_optional() {
        let text = "[[source]]\nid = \"mine\"\ntitle = \"t\"\nevent = \"E\"\nyear = 2031\nkind = \"ideas\"\nformat = \"markdown\"\npath = \"posts/mine.md\"\n";
        let sources = parse(text, Path::new("seeds/sources.toml")).unwrap();
        assert_eq!(sources[0].path.as_deref(), Some(Path::new("seeds/posts/mine.md")));
        assert_eq!(sources[0].url, "");
        let e = err(&text.replace("path = \"posts/mine.md\"\n", ""));
        assert!(e.reason.contains("missing `url` (or `path`"), "{e}");
    }

    #[test]
    fn reads_a_valid_manifest_and_ignores_unknown_keys() {
        let sources = parse(GOOD, Path::new("m.toml")).unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].id, "a-2025");
        assert_eq!(sources[0].line, 2);
        assert!(sources[0].snapshot);
        assert_eq!(sources[1].kind, Kind::Program);
        assert_eq!(sources[1].published.as_deref(), Some("2024-03-01"));
        assert_eq!(sources[1].download_url(), "https://example.org/b.csv");
        assert!(!sources[1].snapshot);
    }

    #[test]
    fn bad_toml_names_the_line() {
        let e = err("[[source]]\nid = \"x\"\ntitle = \n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.to_string().starts_with("m.toml:3: not valid TOML"), "{e}");
    }

    #[test]
    fn missing_id_names_the_entry() {
        let text = GOOD.replace("id = \"b_2024\"\n", "");
        let e = err(&text);
        assert_eq!(e.line, 12, "{e}");
        assert!(e.reason.contains("missing `id`"), "{e}");
    }

    #[test]
    fn duplicate_id_points_at_both_lines() {
        let e = err(&GOOD.replace("b_2024", "a-2025"));
        assert_eq!(e.line, 13);
        assert!(e.reason.contains("duplicate id \"a-2025\" (first used on line 2)"), "{e}");
    }

    #[test]
    fn unknown_format_and_kind_and_bad_year_are_rejected() {
        assert!(err(&GOOD.replace("\"csv\"", "\"pdf\"")).reason.contains("unknown format \"pdf\""));
        assert!(err(&GOOD.replace("\"program\"", "\"talks\"")).reason.contains("unknown kind"));
        let e = err(&GOOD.replace("2024\npublished", "20245\npublished"));
        assert!(e.reason.contains("year 20245 is out of range"), "{e}");
        assert_eq!(e.line, 17);
    }

    #[test]
    fn ids_that_could_escape_a_folder_and_non_http_urls_are_rejected() {
        assert!(err(&GOOD.replace("a-2025", "../etc")).reason.contains("may hold only"));
        assert!(
            err(&GOOD.replace("https://example.org/a", "file:///etc/passwd")).reason.contains("only http and https")
        );
        assert!(!valid_id("a.b") && !valid_id("") && valid_id("Ok_1-2"));
    }

    #[test]
    fn lines_are_found_by_offset() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!([0, 1, 2, 3, 4, 5, 6].map(|o| lines.of(o)), [1, 1, 2, 2, 2, 3, 4]);
    }

    #[test]
    fn a_missing_manifest_names_the_file_without_a_line() {
        let e = load(Path::new("no/such/sources.toml")).unwrap_err();
        assert!(e.to_string().starts_with("no/such/sources.toml: cannot read the manifest"), "{e}");
    }

    #[test]
    fn empty_manifest_is_an_error() {
        assert!(err("# nothing\n").reason.contains("no [[source]]"));
    }
}
