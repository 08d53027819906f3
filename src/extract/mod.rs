//! Bytes to items: decode, lower to blocks, read the ideas (or talks), number them.

pub mod candidates;
pub mod cues;
pub mod document;
pub mod fit;
pub mod html;
pub mod judge;
pub mod markdown;
pub mod page;
pub mod program;
pub mod sniff;

use encoding_rs::Encoding;

use crate::model::{Confidence, Format, Hyperlink, Item, Kind, Source, Status};
use document::Block;

/// What one source gave.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The page or front-matter title, when there is one.
    pub title: Option<String>,
    /// Ideas or talks in document order.
    pub items: Vec<Item>,
    /// Every http(s) link in the content, resolved against the source URL.
    pub links: Vec<Hyperlink>,
    /// Things a person should know (replaced bytes, skipped rows).
    pub warnings: Vec<String>,
    /// Why no item was found, when none was: what the page's main content held.
    pub empty_reason: Option<String>,
    /// The format the body was read as: the declared one unless the bytes said otherwise.
    pub served: Format,
    /// How the post's ideas were found when the idea model kept none of its main content:
    /// its items are then marked [`crate::model::Confidence::Low`].
    pub rescue: Option<Rescue>,
}

/// What a post gives when the idea model keeps none of its main content. No post with
/// anything idea-like is left empty without saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rescue {
    /// The post's best-scoring block (a list, a run of headings, an enumeration).
    BestBlock,
    /// The main content gave nothing: what the model keeps of the whole page, site furniture
    /// included (or that page's best-scoring block).
    WholePage,
}

impl Rescue {
    /// One line for `sources.reason`, `run.json` and the warning.
    pub fn reason(self, items: usize) -> String {
        match self {
            Rescue::BestBlock => format!(
                "the idea model kept nothing: its best-scoring block ({items} items) is kept with confidence = low"
            ),
            Rescue::WholePage => format!(
                "the post's main content gave no idea: {items} items read from the whole page (site furniture included) are kept with confidence = low"
            ),
        }
    }
}

/// The ideas of a post under `model`: what the model keeps of its main content (`page`, with
/// its `features`), else that content's best-scoring block, else what the whole page gives
/// (`whole`, read only then), each rescue marked low confidence.
pub fn post_ideas<'a>(
    page: &candidates::Page,
    features: &[judge::Features],
    whole: impl FnOnce() -> Option<std::borrow::Cow<'a, candidates::Page>>,
    model: &judge::Model,
) -> (Vec<candidates::Draft>, Option<Rescue>) {
    let (drafts, best_block) = judge::ideas(page, features, model);
    if !drafts.is_empty() {
        return (drafts, best_block.then_some(Rescue::BestBlock));
    }
    let Some(whole) = whole() else { return (drafts, None) };
    let (mut drafts, _) = judge::ideas(&whole, &judge::features(&whole), model);
    for d in &mut drafts {
        d.confidence = Confidence::Low;
    }
    let rescue = (!drafts.is_empty()).then_some(Rescue::WholePage);
    (drafts, rescue)
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

/// Extract the items of one source from its raw bytes, read as what they are (see [`sniff`]):
/// a body served in another format than the manifest declares is read as served, with a
/// warning, and never parsed as the wrong format. Ideas are judged by the built-in idea model.
pub fn extract(source: &Source, bytes: &[u8], content_type: Option<&str>) -> Result<Extraction, Unreadable> {
    extract_with(source, bytes, content_type, &judge::Model::builtin())
}

/// [`extract`] with another idea model (one written by `train-extractor`).
pub fn extract_with(
    source: &Source,
    bytes: &[u8],
    content_type: Option<&str>,
    model: &judge::Model,
) -> Result<Extraction, Unreadable> {
    if let Some(what) = sniff::binary(bytes) {
        return Err(Unreadable { status: Status::Error, reason: format!("the body is {what}, not text") });
    }
    let served = sniff::served_format(bytes, content_type, source.format);
    let (text, replaced) = decode(bytes, content_type, served);
    let mut warnings = Vec::new();
    if served != source.format {
        warnings.push(mismatch(source, served, content_type));
    }
    if replaced > 0 {
        warnings.push(format!("{}: {replaced} undecodable byte sequences were replaced", source.id));
    }
    let error = |reason: String| Unreadable { status: Status::Error, reason };
    let program = match (source.kind, served) {
        (_, Format::Csv) => Some(program::csv::read(&text).map_err(error)?),
        (Kind::Program, Format::Ics) => Some(program::ics::read(&text).map_err(error)?),
        (Kind::Program, Format::Html) => Some(program::schedule::read(&parse_html(&text)?, source.download_url())),
        (Kind::Ideas, Format::Ics) => {
            return Err(error(format!(
                "{} serves an iCalendar feed, not a post of ideas (declare it `kind = \"program\"`)",
                source.download_url()
            )));
        }
        (_, Format::Html | Format::Markdown) => None,
    };
    let mut rescue = None;
    let read = match program {
        Some(program) => {
            warnings.extend(program.warnings.into_iter().map(|w| format!("{}: {w}", source.id)));
            let reason = match served {
                Format::Html => "no talks in the program: the page links no talk pages and has no session headings",
                _ => "no talks in the program",
            };
            Read { title: None, talks: program.talks, links: Vec::new(), empty_reason: reason.to_string() }
        }
        None => {
            let Parsed { title, blocks, doc } = parse_post(&text, served)?;
            let links = links(source, &blocks);
            let shape = page::Shape::of(&blocks);
            let page = candidates::read(blocks, title.as_deref());
            let whole = || doc.as_ref().map(|doc| std::borrow::Cow::Owned(whole_page(doc, title.as_deref())));
            let (drafts, rescued) = post_ideas(&page, &judge::features(&page), whole, model);
            rescue = rescued;
            if let Some(rescue) = rescue {
                warnings.push(format!(
                    "{}: {}: check it with `cfp-taxonomy extract --candidates`",
                    source.id,
                    rescue.reason(drafts.len())
                ));
            }
            // A page that is not a post (sign-in wall, error page) says so instead of giving
            // its few stray list items as ideas.
            if let Some((status, reason)) = page::verdict(title.as_deref(), &text, served, drafts.len()) {
                return Err(Unreadable { status, reason });
            }
            let empty_reason =
                format!("no talk ideas found ({shape}; {} candidates, none scored as an idea)", page.candidates.len());
            Read { title, talks: drafts.into_iter().map(program::Talk::idea).collect(), links, empty_reason }
        }
    };
    let items = items(source, read.talks);
    let empty_reason = items.is_empty().then_some(read.empty_reason);
    Ok(Extraction { title: read.title, items, links: read.links, warnings, empty_reason, served, rescue })
}

/// What reading a body gives before its drafts are numbered as items.
struct Read {
    title: Option<String>,
    /// Each item to be, with the tags and page a program gives it (none for a post's ideas).
    talks: Vec<program::Talk>,
    links: Vec<Hyperlink>,
    /// Why the body gave no item, should it give none.
    empty_reason: String,
}

/// Number the drafts of one source as its items; a draft's parent index becomes its parent's id.
fn items(source: &Source, talks: Vec<program::Talk>) -> Vec<Item> {
    let ids: Vec<String> = (1..=talks.len()).map(|p| item_id(&source.id, p)).collect();
    talks
        .into_iter()
        .enumerate()
        .map(|(i, program::Talk { draft: d, tags, url })| Item {
            item_id: ids[i].clone(),
            source_id: source.id.clone(),
            year: source.year,
            position: i as u32 + 1,
            section: Some(d.section).filter(|s| !s.is_empty()),
            depth: d.depth,
            parent_id: d.parent.map(|p| ids[p].clone()),
            text: d.text,
            description: Some(d.description).filter(|s| !s.is_empty()),
            polarity: d.polarity,
            tags,
            url,
            confidence: d.confidence,
        })
        .collect()
}

/// The items of an ideas post's drafts (what [`extract`] gives for them): for scoring a post
/// under many models without reading it again.
pub fn idea_items(source: &Source, drafts: Vec<candidates::Draft>) -> Vec<Item> {
    items(source, drafts.into_iter().map(program::Talk::idea).collect())
}

/// Every candidate of an ideas post, before the idea model judges them (what the model is
/// trained on, and what `extract --candidates` shows), from one reading of its body.
pub struct Candidates {
    /// The candidates of the post's main content.
    pub page: candidates::Page,
    /// For an HTML page, the candidates of the whole page, site furniture included: what
    /// [`post_ideas`] reads when the main content gives nothing.
    pub whole: Option<candidates::Page>,
}

/// The [`Candidates`] of an ideas post; `None` for programs and unreadable bodies.
pub fn candidates(source: &Source, bytes: &[u8], content_type: Option<&str>) -> Option<Candidates> {
    let served = sniff::served_format(bytes, content_type, source.format);
    if source.kind != Kind::Ideas
        || !matches!(served, Format::Html | Format::Markdown)
        || sniff::binary(bytes).is_some()
    {
        return None;
    }
    let (text, _) = decode(bytes, content_type, served);
    let Parsed { title, blocks, doc } = parse_post(&text, served).ok()?;
    let whole = doc.as_ref().map(|doc| whole_page(doc, title.as_deref()));
    Some(Candidates { page: candidates::read(blocks, title.as_deref()), whole })
}

/// The candidates of a whole HTML page, site furniture included ([`html::read_whole`]).
fn whole_page(doc: &scraper::Html, title: Option<&str>) -> candidates::Page {
    candidates::read(html::read_whole(doc), title)
}

/// A post's text read once, as HTML or Markdown.
struct Parsed {
    title: Option<String>,
    /// The blocks of its main content.
    blocks: Vec<document::Block>,
    /// The parsed page, for HTML: to read whole if the main content gives nothing.
    doc: Option<scraper::Html>,
}

/// A post's text read as `served` (HTML or Markdown); a page nested too deep to read is
/// refused.
fn parse_post(text: &str, served: Format) -> Result<Parsed, Unreadable> {
    if served == Format::Html {
        let doc = parse_html(text)?;
        let (title, blocks) = html::read(&doc);
        return Ok(Parsed { title, blocks, doc: Some(doc) });
    }
    let (title, blocks) = markdown::read(text);
    Ok(Parsed { title, blocks, doc: None })
}

/// The warning for a body served in another format than declared.
fn mismatch(source: &Source, served: Format, content_type: Option<&str>) -> String {
    let header = content_type.map(|t| format!(" ({})", sniff::essence(t))).unwrap_or_default();
    format!(
        "{}: declared format = \"{}\", but {} serves {}{header}: read as {}; set format = \"{}\" in the manifest",
        source.id,
        source.format.as_str(),
        source.download_url(),
        served.describe(),
        served.as_str(),
        served.as_str()
    )
}

/// A parsed page; one nested deeper than [`html::MAX_NESTING`] is refused ([`html::parse`]).
fn parse_html(text: &str) -> Result<scraper::Html, Unreadable> {
    html::parse(text).map_err(|reason| Unreadable { status: Status::Error, reason })
}

/// `SOURCE#NNN`: `#` cannot appear in a source id, so item ids never collide across sources.
pub fn item_id(source_id: &str, position: usize) -> String {
    format!("{source_id}#{position:03}")
}

/// Decode by BOM, then the declared charset (header, then `<meta>`), then UTF-8. Returns the
/// text and how many sequences could not be decoded and were replaced.
pub fn decode(bytes: &[u8], content_type: Option<&str>, format: Format) -> (String, usize) {
    let declared = match content_type.and_then(charset_param) {
        Some(label) => Encoding::for_label(label.as_bytes()),
        None if format == Format::Html => {
            meta_charset(bytes).and_then(|l| Encoding::for_label(l.as_bytes())).map(in_meta)
        }
        None => None,
    };
    let encoding = declared.unwrap_or(encoding_rs::UTF_8);
    // `decode` lets a BOM override the declared charset, as browsers do.
    let (text, _, had_errors) = encoding.decode(bytes);
    let replaced = if had_errors { text.matches('\u{FFFD}').count() } else { 0 };
    (text.into_owned(), replaced)
}

/// A charset declared in a `<meta>` element, as the HTML standard reads it: a page that says
/// UTF-16 in ASCII bytes cannot be UTF-16 (browsers read it as UTF-8), and x-user-defined
/// means windows-1252.
fn in_meta(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16BE || encoding == encoding_rs::UTF_16LE {
        encoding_rs::UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    }
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

fn links(source: &Source, blocks: &[Block]) -> Vec<Hyperlink> {
    let base = url::Url::parse(&source.url).ok();
    // Each anchor with the text of the block it sits in, which tells "posts by Drew Winstel"
    // from a link in an idea.
    let mut anchors: Vec<(&document::Anchor, &str)> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => {
                anchors.extend(text.anchors.iter().map(|a| (a, text.text.as_str())))
            }
            Block::List(list) => {
                for e in document::preorder(list) {
                    anchors.extend(e.text.anchors.iter().map(|a| (a, e.text.text.as_str())));
                }
            }
        }
    }
    anchors
        .into_iter()
        .filter_map(|(a, context)| {
            let mut url = match &base {
                Some(b) => b.join(&a.href).ok()?,
                None => url::Url::parse(&a.href).ok()?,
            };
            url.set_fragment(None);
            let same_page =
                base.as_ref().is_some_and(|b| b.as_str().trim_end_matches('/') == url.as_str().trim_end_matches('/'));
            (matches!(url.scheme(), "http" | "https") && !same_page).then(|| Hyperlink {
                source_id: source.id.clone(),
                target: crate::text::normal_url(url.as_str()),
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
            path: None,
            line: 1,
            credentials: None,
        }
    }

    #[test]
    fn items_get_positions_ids_and_parents() {
        let md = "## Talks I'd like to see\n\n- ORM internals\n  - Custom lookups\n- [Caching at scale](../caching/)\n";
        let e = extract(&source(Format::Markdown), md.as_bytes(), None).unwrap();
        let ids: Vec<_> = e.items.iter().map(|i| (i.item_id.as_str(), i.parent_id.as_deref(), i.depth)).collect();
        assert_eq!(ids, [("t-2030#001", None, 0), ("t-2030#002", Some("t-2030#001"), 1), ("t-2030#003", None, 0)]);
        assert_eq!(e.items[1].section.as_deref(), Some("Talks I'd like to see"));
        assert_eq!(e.items[0].polarity, Polarity::Wanted);
        assert_eq!(e.links[0].url, "https://blog.example/posts/caching/");
        assert_eq!(e.links[0].context, "Caching at scale");
    }

    #[test]
    fn a_meta_charset_of_utf_16_is_read_as_utf_8_as_browsers_do() {
        let page = "<html><head><meta charset=\"utf-16\"></head><body><main><ul><li>Caf\u{e9} talks</li></ul></main></body></html>";
        let (text, replaced) = decode(page.as_bytes(), None, Format::Html);
        assert_eq!((text.as_str(), replaced), (page, 0));
        let source = Source::adhoc("x", Format::Html, 2030, "https://x.example/");
        let items = extract(&source, page.as_bytes(), Some("text/html")).unwrap().items;
        assert_eq!(items[0].text, "Caf\u{e9} talks", "the page is not emptied");
        let user_defined = b"<meta charset=x-user-defined><p>Caf\xe9</p>";
        assert!(decode(user_defined, None, Format::Html).0.contains("Caf\u{e9}"));
    }

    #[test]
    fn declared_charsets_are_honoured_and_bad_bytes_counted() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body><main><h2>Talk ideas</h2><ul><li>Caf\xe9 culture</li><li>Packaging</li></ul></main></body></html>";
        let e = extract(&source(Format::Html), latin1, None).unwrap();
        assert_eq!(e.items[0].text, "Café culture");
        let (text, replaced) = decode(b"ok \xff\xfe!", Some("text/markdown; charset=utf-8"), Format::Markdown);
        assert_eq!((text.as_str(), replaced), ("ok \u{FFFD}\u{FFFD}!", 2));
        let e = extract(&source(Format::Markdown), b"## Talk ideas\n\n- Caching \xff\n- Packaging\n", None).unwrap();
        assert_eq!(e.warnings, ["t-2030: 1 undecodable byte sequences were replaced"]);
    }

    #[test]
    fn ideas_the_reader_took_for_site_furniture_are_read_from_the_whole_page() {
        // The body is the form's column; the ideas stand in a column named like a sidebar.
        let page = br#"<html><head><title>Speak at our meetup</title></head><body>
            <div class="content"><h1>Speak at our meetup</h1><p>Fill in the form below.</p></div>
            <div class="sidebar"><h2>Talk ideas</h2><p>Not sure what to talk about? Some ideas:</p>
            <ul><li>Caching at scale</li><li>Testing async code</li><li>Packaging without tears</li></ul></div>
            </body></html>"#;
        let e = extract(&source(Format::Html), page, None).unwrap();
        let texts: Vec<&str> = e.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["Caching at scale", "Testing async code", "Packaging without tears"]);
        assert!(e.items.iter().all(|i| i.confidence == Confidence::Low && i.section_text() == "Talk ideas"));
        assert_eq!(e.rescue, Some(Rescue::WholePage));
        assert!(e.warnings[0].contains("read from the whole page"), "{:?}", e.warnings);
        // A page whose main content holds its ideas is read as before: the sidebar stays out.
        let with_body = String::from_utf8_lossy(page).replace(
            "<p>Fill in the form below.</p>",
            "<ul><li>Search that works</li><li>Typing in practice</li></ul>",
        );
        let e = extract(&source(Format::Html), with_body.as_bytes(), None).unwrap();
        assert!(e.rescue.is_none() && !e.items.is_empty(), "{:?}", e.items);
        assert!(e.items.iter().all(|i| !i.text.contains("Caching")), "{:?}", e.items);
    }

    #[test]
    fn a_program_without_title_is_unreadable() {
        let err = extract(&source(Format::Csv), b"name\nx\n", None).unwrap_err();
        assert_eq!(err.status, Status::Error);
        assert!(err.reason.contains("no `title` column"));
    }
}
