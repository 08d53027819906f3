//! What a body really is, whatever the manifest declares: told from its bytes first, then its
//! `Content-Type`.
//!
//! Manifests go stale: a blog moves from raw Markdown to a rendered page, a conference site
//! replaces its CSV export with a schedule page or a calendar feed. Reading an HTML page as
//! Markdown finds nothing, and reading it as CSV fails on a missing column, so the format is
//! checked here and a mismatch is read as what was served, with a warning, instead.
//! The bytes decide when they carry a signature (a doctype, `<html>`, `BEGIN:VCALENDAR`); the
//! header decides only what the bytes leave open, because servers label raw Markdown as
//! `text/plain`, `application/octet-stream` or `text/html` alike.

use crate::model::Format;

/// What a body that is not text is ("a PNG image"), told from its magic numbers, or from NUL
/// bytes in its first 8 KiB (text in UTF-16 carries a byte-order mark and is text). `None` for
/// text.
pub fn binary(bytes: &[u8]) -> Option<String> {
    if let Some(kind) = infer::get(bytes) {
        let what = match kind.matcher_type() {
            infer::MatcherType::Text => None,
            infer::MatcherType::Image => Some("image"),
            infer::MatcherType::Archive => Some("archive"),
            infer::MatcherType::Audio => Some("audio file"),
            infer::MatcherType::Video => Some("video"),
            infer::MatcherType::Font => Some("font"),
            infer::MatcherType::Book | infer::MatcherType::Doc => Some("document"),
            infer::MatcherType::App | infer::MatcherType::Custom => Some("program or data file"),
        };
        if let Some(what) = what {
            return Some(format!("a {} {what} ({})", kind.extension().to_uppercase(), kind.mime_type()));
        }
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    (!utf16 && bytes.iter().take(8192).any(|&b| b == 0)).then(|| "binary data (it holds NUL bytes)".to_string())
}

/// The format a body is written in.
pub fn served_format(bytes: &[u8], content_type: Option<&str>, declared: Format) -> Format {
    let head = start(bytes);
    if starts_with_ignore_case(head, b"begin:vcalendar") {
        return Format::Ics;
    }
    if is_html_start(head) {
        return Format::Html;
    }
    match content_type.map(essence).as_deref() {
        // A header that says HTML is believed when the body opens with a tag: a Markdown file
        // sent as text/html still starts with text or front matter.
        Some("text/html" | "application/xhtml+xml") if head.first() == Some(&b'<') => Format::Html,
        Some("text/calendar") => Format::Ics,
        _ => declared,
    }
}

/// The media type without parameters, lower-cased: `text/html; charset=utf-8` → `text/html`.
pub fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The body from its first meaningful byte: after a byte-order mark, white space, HTML
/// comments and an XML declaration.
fn start(bytes: &[u8]) -> &[u8] {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Bounded: a page of a million comments is not worth reading to its end for this.
    for _ in 0..64 {
        rest = rest.trim_ascii_start();
        let skipped = if rest.starts_with(b"<!--") {
            find(rest, b"-->").map(|end| &rest[end + 3..])
        } else if rest.starts_with(b"<?xml") {
            find(rest, b"?>").map(|end| &rest[end + 2..])
        } else {
            None
        };
        match skipped {
            Some(next) => rest = next,
            None => break,
        }
    }
    rest
}

fn is_html_start(head: &[u8]) -> bool {
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"].iter().any(|sig| {
        starts_with_ignore_case(head, sig)
            && head.get(sig.len()).is_none_or(|&b| b == b'>' || b.is_ascii_whitespace() || b == b'/')
    })
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_by_its_opening_whatever_was_declared() {
        let page = b"\xEF\xBB\xBF\n<!-- built by a generator -->\n<!DOCTYPE html>\n<html lang=en>";
        assert_eq!(served_format(page, Some("text/plain"), Format::Markdown), Format::Html);
        assert_eq!(served_format(b"<html><body>", None, Format::Csv), Format::Html);
        assert_eq!(served_format(b"<?xml version=\"1.0\"?>\n<html xmlns=x>", None, Format::Markdown), Format::Html);
    }

    #[test]
    fn calendars_are_told_by_bytes_or_header() {
        assert_eq!(served_format(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", None, Format::Html), Format::Ics);
        assert_eq!(served_format(b"begin:vcalendar\n", Some("text/plain"), Format::Csv), Format::Ics);
        assert_eq!(served_format(b"", Some("text/calendar; charset=utf-8"), Format::Html), Format::Ics);
    }

    #[test]
    fn markdown_and_csv_keep_the_declared_format() {
        let md = b"---\ntitle: Ideas\n---\n\n# Talks\n\n- <abbr>ORM</abbr> tricks\n";
        assert_eq!(served_format(md, Some("text/plain; charset=utf-8"), Format::Markdown), Format::Markdown);
        assert_eq!(served_format(md, Some("text/html"), Format::Markdown), Format::Markdown, "no tag at the start");
        assert_eq!(served_format(b"title,tags\nA,b\n", Some("text/csv"), Format::Csv), Format::Csv);
        assert_eq!(served_format(b"<htmlish> is not html", None, Format::Markdown), Format::Markdown);
    }

    #[test]
    fn a_header_saying_html_is_believed_for_a_tag_soup_body() {
        assert_eq!(served_format(b"<div><ul><li>x</li></ul></div>", Some("text/html"), Format::Markdown), Format::Html);
    }

    #[test]
    fn binary_bodies_are_named_and_text_is_not() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
        assert_eq!(binary(&png).as_deref(), Some("a PNG image (image/png)"));
        assert!(binary(b"%PDF-1.7\n%\xe2\xe3").is_some_and(|w| w.contains("PDF")));
        assert_eq!(binary(b"abc\0def").as_deref(), Some("binary data (it holds NUL bytes)"));
        assert_eq!(binary(b"# Ideas\n\n- Caching\n"), None);
        assert_eq!(binary(b"<!doctype html><html><p>x</p></html>"), None, "HTML is text");
        assert_eq!(binary(&[0xFF, 0xFE, b'#', 0, b' ', 0]), None, "UTF-16 text has NUL bytes and a BOM");
    }

    #[test]
    fn unclosed_comments_do_not_hang() {
        let mut page = b"<!--".repeat(100_000);
        page.extend_from_slice(b"<html>");
        assert_eq!(served_format(&page, None, Format::Markdown), Format::Markdown);
    }
}
