//! Bytes to items: decode, lower to blocks, read the ideas (or talks), number them.

pub mod document;
pub mod html;
pub mod markdown;
pub mod page;
pub mod program;
pub mod structure;

use encoding_rs::Encoding;

use crate::model::{Format, Item, Link, Source, Status};
use document::{Block, Entry};

/// What one source gave.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The page or front-matter title, when there is one.
    pub title: Option<String>,
    /// Ideas or talks in document order.
    pub items: Vec<Item>,
    /// Every http(s) link in the content, resolved against the source URL.
    pub links: Vec<Link>,
    /// Things a person should know (replaced bytes, skipped rows).
    pub warnings: Vec<String>,
    /// Why no item was found, when none was: what the page's main content held.
    pub empty_reason: Option<String>,
}

/// A body that holds no post: a sign-in wall, an error page, a broken program export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Unreadable {
    /// `blocked` or `error`.
    pub status: Status,
    /// One line for `sources.reason`.
    pub reason: String,
}

/// Extract the items of one source from its raw bytes.
pub fn extract(source: &Source, bytes: &[u8], content_type: Option<&str>) -> Result<Extraction, Unreadable> {
    let (text, replaced) = decode(bytes, content_type, source.format);
    let mut warnings = Vec::new();
    let mut empty_reason = None;
    if replaced > 0 {
        warnings.push(format!("{}: {replaced} undecodable byte sequences were replaced", source.id));
    }
    let (title, drafts, tags, links) = match source.format {
        Format::Csv => {
            let (talks, bad_rows) =
                program::talks(&text).map_err(|reason| Unreadable { status: Status::Error, reason })?;
            if bad_rows > 0 {
                warnings.push(format!("{}: {bad_rows} malformed CSV rows were skipped", source.id));
            }
            let (drafts, tags) = talks.into_iter().map(|t| (t.draft, t.tags)).unzip();
            (None, drafts, tags, Vec::new())
        }
        Format::Html | Format::Markdown => {
            if source.format == Format::Html {
                let depth = html::nesting_depth(&text, html::MAX_NESTING);
                if depth > html::MAX_NESTING {
                    let reason =
                        format!("the page nests elements more than {} levels deep: not read", html::MAX_NESTING);
                    return Err(Unreadable { status: Status::Error, reason });
                }
            }
            let (title, blocks) = match source.format {
                Format::Html => html::read(&text),
                _ => markdown::read(&text),
            };
            let links = links(source, &blocks);
            let shape = page::Shape::of(&blocks);
            let drafts = structure::ideas(blocks, title.as_deref(), source.year);
            // A page that is not a post (sign-in wall, error page) says so instead of giving
            // its few stray list items as ideas.
            if let Some((status, reason)) = page::verdict(title.as_deref(), &text, source.format, drafts.len()) {
                return Err(Unreadable { status, reason });
            }
            if drafts.is_empty() {
                empty_reason = Some(format!("no talk ideas found ({shape})"));
            }
            let tags = vec![Vec::new(); drafts.len()];
            (title, drafts, tags, links)
        }
    };
    let ids: Vec<String> = (1..=drafts.len()).map(|p| item_id(&source.id, p)).collect();
    let items: Vec<Item> = drafts
        .into_iter()
        .zip(tags)
        .enumerate()
        .map(|(i, (d, tags))| Item {
            item_id: ids[i].clone(),
            source_id: source.id.clone(),
            year: source.year,
            position: i as u32 + 1,
            section: d.section,
            depth: d.depth,
            parent_id: d.parent.map(|p| ids[p].clone()),
            text: d.text,
            description: d.description,
            polarity: d.polarity,
            tags,
        })
        .collect();
    let empty_reason =
        if items.is_empty() { empty_reason.or_else(|| Some("no talks in the program".into())) } else { None };
    Ok(Extraction { title, items, links, warnings, empty_reason })
}

/// `SOURCE#NNN`: `#` cannot appear in a source id, so item ids never collide across sources.
pub fn item_id(source_id: &str, position: usize) -> String {
    format!("{source_id}#{position:03}")
}

/// Decode by BOM, then the declared charset (header, then `<meta>`), then UTF-8. Returns the
/// text and how many sequences could not be decoded and were replaced.
pub fn decode(bytes: &[u8], content_type: Option<&str>, format: Format) -> (String, usize) {
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| if format == Format::Html { meta_charset(bytes) } else { None })
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    let encoding = declared.unwrap_or(encoding_rs::UTF_8);
    // `decode` lets a BOM override the declared charset, as browsers do.
    let (text, _, had_errors) = encoding.decode(bytes);
    let replaced = if had_errors { text.matches('\u{FFFD}').count() } else { 0 };
    (text.into_owned(), replaced)
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The charset a page declares in its first kilobyte, as browsers look for it.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

fn links(source: &Source, blocks: &[Block]) -> Vec<Link> {
    let base = reqwest::Url::parse(&source.url).ok();
    // Each anchor with the text of the block it sits in, which tells "posts by Drew Winstel"
    // from a link in an idea.
    let mut anchors: Vec<(&document::Anchor, &str)> = Vec::new();
    fn entries<'a>(list: &'a [Entry], out: &mut Vec<(&'a document::Anchor, &'a str)>) {
        for e in list {
            out.extend(e.text.anchors.iter().map(|a| (a, e.text.text.as_str())));
            entries(&e.children, out);
        }
    }
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => {
                anchors.extend(text.anchors.iter().map(|a| (a, text.text.as_str())))
            }
            Block::List(list) => entries(list, &mut anchors),
        }
    }
    anchors
        .into_iter()
        .filter_map(|(a, context)| {
            let mut url = match &base {
                Some(b) => b.join(&a.href).ok()?,
                None => reqwest::Url::parse(&a.href).ok()?,
            };
            url.set_fragment(None);
            let same_page =
                base.as_ref().is_some_and(|b| b.as_str().trim_end_matches('/') == url.as_str().trim_end_matches('/'));
            (matches!(url.scheme(), "http" | "https") && !same_page).then(|| Link {
                source_id: source.id.clone(),
                url: url.to_string(),
                text: a.text.clone(),
                context: context.chars().take(200).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Polarity};

    fn source(format: Format) -> Source {
        Source {
            id: "t-2030".into(),
            title: "T".into(),
            author: None,
            event: "Conf".into(),
            year: 2030,
            published: None,
            kind: Kind::Ideas,
            format,
            url: "https://blog.example/posts/ideas/".into(),
            fetch_url: None,
            snapshot: true,
            line: 1,
        }
    }

    #[test]
    fn items_get_positions_ids_and_parents() {
        let md = "## Data\n\n- ORM\n  - Lookups\n- [Caching](../caching/)\n";
        let e = extract(&source(Format::Markdown), md.as_bytes(), None).unwrap();
        let ids: Vec<_> = e.items.iter().map(|i| (i.item_id.as_str(), i.parent_id.as_deref(), i.depth)).collect();
        assert_eq!(ids, [("t-2030#001", None, 0), ("t-2030#002", Some("t-2030#001"), 1), ("t-2030#003", None, 0)]);
        assert_eq!(e.items[1].section, "Data");
        assert_eq!(e.items[0].polarity, Polarity::Wanted);
        assert_eq!(e.links[0].url, "https://blog.example/posts/caching/");
        assert_eq!(e.links[0].context, "Caching");
    }

    #[test]
    fn declared_charsets_are_honoured_and_bad_bytes_counted() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body><main><ul><li>Caf\xe9</li></ul></main></body></html>";
        let e = extract(&source(Format::Html), latin1, None).unwrap();
        assert_eq!(e.items[0].text, "Café");
        let (text, replaced) = decode(b"ok \xff\xfe!", Some("text/markdown; charset=utf-8"), Format::Markdown);
        assert_eq!((text.as_str(), replaced), ("ok \u{FFFD}\u{FFFD}!", 2));
        let e = extract(&source(Format::Markdown), b"- ok \xff\n", None).unwrap();
        assert_eq!(e.warnings, ["t-2030: 1 undecodable byte sequences were replaced"]);
    }

    #[test]
    fn a_program_without_title_is_unreadable() {
        let err = extract(&source(Format::Csv), b"name\nx\n", None).unwrap_err();
        assert_eq!(err.status, Status::Error);
        assert!(err.reason.contains("no `title` column"));
    }
}
