//! Lower an HTML page to [`Block`]s: find the post body, drop the site around it.

use foldhash::{HashMap, HashMapExt};
use scraper::{ElementRef, Html, Node, Selector};

use super::document::{BOLD_LINE_LEVEL, Block, Entry, MAX_LIST_DEPTH, Text, TextBuilder, is_bold_line, push_entry};

/// Deeper nesting than this is not a post anyone wrote by hand; stop instead of recursing.
const MAX_DEPTH: usize = 256;

/// Elements that hold no prose of the page: scripts, forms, menus, media.
const MACHINERY_TAGS: &[&str] = &[
    "nav", "script", "style", "noscript", "form", "search", "button", "svg", "iframe", "template", "select",
    "textarea", "img", "video", "audio", "canvas",
];

/// Elements that frame a post with the site's own text; read only when the whole page is.
const FRAME_TAGS: &[&str] = &["aside", "footer", "header"];

/// Class and id words that mark site furniture rather than content (whole words).
const FURNITURE: &[&str] = &[
    "nav", "navbar", "prev", "next", "pager", "share", "social", "menu", "toc", "skip", "banner", "tags", "byline",
    "meta", "widget", "ad", "ads", "advert",
];

/// Parts of class and id words that mark furniture wherever they appear ("commentlist",
/// "sphinxsidebar", "jp-relatedposts", "site-footer").
const FURNITURE_PARTS: &[&str] = &[
    "sidebar",
    "comment",
    "navigation",
    "footer",
    "breadcrumb",
    "pagination",
    "sharing",
    "sharedaddy",
    "related",
    "subscribe",
    "newsletter",
    "cookie",
    "masthead",
    "author-bio",
    "authorbio",
    "postmeta",
    "post-meta",
    "entry-meta",
    "disqus",
    "signup",
    "toctree",
];

/// ARIA roles of furniture.
const FURNITURE_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "search", "complementary"];

/// Pages nested deeper than this are refused before parsing (real posts stay under 100).
pub const MAX_NESTING: usize = 1000;

/// Elements that do not nest: void elements, and those HTML closes implicitly and authors
/// often leave open.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li",
    "dt", "dd", "option", "tr", "td", "th", "!doctype",
];

/// The deepest element nesting of a page, estimated by one linear scan of its tags, stopping
/// as soon as it passes `limit`. The HTML parser's work grows with the square of the depth, so
/// this runs first: a page of 80,000 nested `div`s would otherwise hold a build for minutes.
///
/// The scan reads tags as the parser does where it matters for depth: `<div/>` opens a `div`
/// (HTML ignores the slash, except inside `svg` and `math`), and an end tag closes only an
/// element that is open, so stray end tags cannot hide nesting. [`parse`] checks the parsed
/// tree too, so an estimate that is still fooled cannot let a deep page through.
pub fn nesting_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // How many of each name are open, so an end tag knows in O(1) whether it closes anything.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let (mut foreign, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        if !bytes.get(start).is_some_and(|b| b.is_ascii_alphabetic() || (*b == b'!' && !closing)) {
            continue;
        }
        let end = bytes[start..].iter().position(|&b| b == b'>').map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        let name: String =
            tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect::<String>().to_ascii_lowercase();
        i = end;
        if name.starts_with('!') || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if counts.get(&name).is_some_and(|&n| n > 0) {
                // Everything opened inside it closes with it.
                while let Some(top) = open.pop() {
                    *counts.entry(top.clone()).or_default() -= 1;
                    if matches!(top.as_str(), "svg" | "math") {
                        foreign -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
            continue;
        }
        if foreign > 0 && tag.ends_with('/') {
            continue;
        }
        if matches!(name.as_str(), "svg" | "math") {
            foreign += 1;
        }
        *counts.entry(name.clone()).or_default() += 1;
        open.push(name);
        deepest = deepest.max(open.len());
        if deepest > limit {
            return deepest;
        }
    }
    deepest
}

/// The deepest element nesting of a parsed page, walked without recursion.
pub fn tree_depth(doc: &Html) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) if node.value().is_element() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(node) if node.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// Parse a page that is not nested deeper than [`MAX_NESTING`]: estimated before parsing, so
/// the parser's quadratic work never starts on an absurd page, and measured on the parsed tree,
/// which no markup trick can fool.
pub fn parse(html: &str) -> Result<Html, String> {
    let too_deep = || format!("the page nests elements more than {MAX_NESTING} levels deep: not read");
    if nesting_depth(html, MAX_NESTING) > MAX_NESTING {
        return Err(too_deep());
    }
    let doc = Html::parse_document(html);
    if tree_depth(&doc) > MAX_NESTING {
        return Err(too_deep());
    }
    Ok(doc)
}

/// The page's `<title>` and the blocks of its main content.
pub fn read(doc: &Html) -> (Option<String>, Vec<Block>) {
    let mut blocks = Vec::new();
    if let Some(root) = main_content(doc) {
        walk(root, &mut blocks, 0, is_furniture);
    }
    (title(doc), blocks)
}

/// The page's `<title>`, when it has one with text.
pub fn title(doc: &Html) -> Option<String> {
    select_first(doc, "title").map(|t| crate::text::collapse(&t.text().collect::<String>())).filter(|t| !t.is_empty())
}

/// The blocks of the whole `<body>`, site furniture included: only what never holds text a
/// person wrote (scripts, forms, menus, media) is skipped. Read when the main content gave no
/// idea at all, since a page's own words sometimes sit in an element named like furniture (a
/// call's guidelines in a `sidebar` column beside its form).
pub fn read_whole(doc: &Html) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(body) = select_first(doc, "body") {
        walk(body, &mut blocks, 0, is_machinery);
    }
    blocks
}

fn is_machinery(el: ElementRef<'_>) -> bool {
    MACHINERY_TAGS.contains(&el.value().name())
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    doc.select(&selector).next()
}

/// The post body: an explicit landmark when the page has one, else the element holding the
/// most paragraph and list text, else `<body>`.
fn main_content(doc: &Html) -> Option<ElementRef<'_>> {
    for css in ["main", "[role=main]", "article"] {
        let selector = Selector::parse(css).expect("static selector");
        // Listing pages hold several articles; the post is the one with the most text.
        if let Some(best) = doc.select(&selector).max_by_key(|e| content_chars(*e))
            && content_chars(best) > 0
        {
            return Some(best);
        }
    }
    densest_block(doc).or_else(|| select_first(doc, "body"))
}

/// Characters of paragraph, list-item and heading text inside `el`, each element counting only
/// its own text nodes: summing every descendant's text per element would be quadratic on a
/// deeply nested page.
fn content_chars(el: ElementRef<'_>) -> usize {
    let selector = Selector::parse("p, li, h2, h3, h4").expect("static selector");
    el.select(&selector).map(own_text_len).sum()
}

fn own_text_len(el: ElementRef<'_>) -> usize {
    el.children().filter_map(|n| n.value().as_text().map(|t| t.trim().len())).sum()
}

/// The `div`/`section` whose direct paragraphs, lists and headings hold the most text.
fn densest_block(doc: &Html) -> Option<ElementRef<'_>> {
    let selector = Selector::parse("div, section").expect("static selector");
    let list_items = Selector::parse(":scope > ul > li, :scope > ol > li").expect("static selector");
    doc.select(&selector)
        .filter(|e| !is_furniture(*e))
        .map(|e| {
            let direct: usize = e
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "p" | "h2" | "h3" | "h4"))
                .map(own_text_len)
                .sum();
            let items: usize = e.select(&list_items).map(own_text_len).sum();
            (direct + items, e)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, e)| e)
}

fn is_furniture(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if MACHINERY_TAGS.contains(&e.name()) || FRAME_TAGS.contains(&e.name()) {
        return true;
    }
    if e.attr("role").is_some_and(|r| FURNITURE_ROLES.contains(&r)) || e.attr("hidden").is_some() {
        return true;
    }
    let names: Vec<String> = e
        .attr("class")
        .into_iter()
        .chain(e.attr("id"))
        .flat_map(str::split_whitespace)
        .map(str::to_ascii_lowercase)
        .collect();
    names.iter().any(|name| {
        FURNITURE_PARTS.iter().any(|p| name.contains(p)) || name.split(['-', '_']).any(|w| FURNITURE.contains(&w))
    })
}

/// Visit the elements under `el` in document order, `depth` being `el`'s own. `visit` gets each
/// element with its parent's depth and says whether to go into it; nothing deeper than
/// [`MAX_DEPTH`] is visited. An explicit stack of children still to visit, so a deep page
/// costs memory in proportion to its depth, never stack.
fn visit_elements<'a>(el: ElementRef<'a>, depth: usize, mut visit: impl FnMut(ElementRef<'a>, usize) -> bool) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut stack = vec![(el.children(), depth)];
    while let Some((children, depth)) = stack.last_mut() {
        let depth = *depth;
        let Some(node) = children.next() else {
            stack.pop();
            continue;
        };
        let Some(child) = ElementRef::wrap(node) else { continue };
        if visit(child, depth) && depth < MAX_DEPTH {
            stack.push((child.children(), depth + 1));
        }
    }
}

/// The blocks under `el`, in document order, without the elements `skip` names.
fn walk(el: ElementRef<'_>, out: &mut Vec<Block>, depth: usize, skip: fn(ElementRef<'_>) -> bool) {
    visit_elements(el, depth, |child, depth| {
        if skip(child) {
            return false;
        }
        match child.value().name() {
            name @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => {
                let level = name.as_bytes()[1] - b'0';
                let text = inline_text(child, depth);
                if !text.text.is_empty() {
                    out.push(Block::Heading { level, text });
                }
            }
            "p" | "dt" | "dd" | "pre" => {
                let mut text = inline_text(child, depth);
                text.lead = bold_lead(child, depth)
                    .filter(|l| text.text.len() > l.len() + 1 && text.text.starts_with(l.as_str()));
                if text.text.is_empty() {
                } else if all_bold(child) && is_bold_line(&text.text) && text.link_chars == 0 {
                    out.push(Block::Heading { level: BOLD_LINE_LEVEL, text });
                } else {
                    out.push(Block::Paragraph(text));
                }
            }
            // A data table is a list of its rows, named by their first cell; a table that lays
            // out a page (it holds paragraphs, lists or other tables) is read through.
            "table" => {
                let layout = Selector::parse(
                    "table table, table p, table ul, table ol, table div, table h1, table h2, table h3",
                )
                .expect("static selector");
                if child.select(&layout).next().is_some() {
                    return true;
                }
                let rows = table_rows(child, depth);
                if !rows.is_empty() {
                    out.push(Block::List(rows));
                }
            }
            "ul" | "ol" => {
                let entries = list_entries(child, depth, 0);
                if !entries.is_empty() {
                    out.push(Block::List(entries));
                }
            }
            _ => return true,
        }
        false
    });
}

/// The text of the `strong` or `b` element that opens a paragraph, when one does.
fn bold_lead(p: ElementRef<'_>, depth: usize) -> Option<String> {
    let first = p.children().find(|n| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(_) => true,
        _ => false,
    })?;
    let el = ElementRef::wrap(first).filter(|e| matches!(e.value().name(), "strong" | "b"))?;
    let lead = inline_text(el, depth + 1).text.trim_end_matches([':', ' ']).to_string();
    (!lead.is_empty()).then_some(lead)
}

/// The rows of a data table as list entries: the first cell names the row, the others
/// describe it; header rows (`th` only) are not entries.
fn table_rows(table: ElementRef<'_>, depth: usize) -> Vec<Entry> {
    let row = Selector::parse("tr").expect("static selector");
    let cell = Selector::parse("td").expect("static selector");
    table
        .select(&row)
        .filter_map(|tr| {
            let cells: Vec<Text> = tr.select(&cell).map(|td| inline_text(td, depth + 1)).collect();
            let first = cells.first().filter(|c| !c.text.is_empty())?.clone();
            let rest: Vec<&str> = cells[1..].iter().map(|c| c.text.as_str()).filter(|c| !c.is_empty()).collect();
            Some(Entry { text: first, description: rest.join(" | "), children: Vec::new() })
        })
        .collect()
}

/// True when every piece of text of a paragraph sits in one `strong` or `b` element.
fn all_bold(p: ElementRef<'_>) -> bool {
    let mut bold = p.children().filter(|n| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(_) => true,
        _ => false,
    });
    matches!((bold.next(), bold.next()), (Some(only), None)
        if ElementRef::wrap(only).is_some_and(|e| matches!(e.value().name(), "strong" | "b")))
}

/// The entries of a list `level` lists deep (0 for a top-level list), `depth` elements deep.
/// It calls itself once per list level, and only below [`MAX_LIST_DEPTH`]: from there on the
/// entries are read flat, as the entry trees keep them.
fn list_entries(list: ElementRef<'_>, depth: usize, level: usize) -> Vec<Entry> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let mut out = Vec::new();
    for li in items_of(list) {
        let mut children = Vec::new();
        if level + 1 < MAX_LIST_DEPTH {
            for nested in lists_in(li, depth + 1) {
                children.extend(list_entries(nested.0, nested.1, level + 1));
            }
        } else {
            children = flat_entries(li, depth + 1);
        }
        let entry = entry_of(li, depth, children);
        if !entry.text.text.is_empty() || !entry.children.is_empty() {
            push_entry(&mut out, entry, level);
        }
    }
    out
}

/// The items of a list, without furniture.
fn items_of(list: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    list.children().filter_map(ElementRef::wrap).filter(|li| li.value().name() == "li" && !is_furniture(*li))
}

/// An entry of one list item: a first paragraph names the idea and the others explain it.
fn entry_of(li: ElementRef<'_>, depth: usize, children: Vec<Entry>) -> Entry {
    let paragraphs: Vec<ElementRef<'_>> =
        li.children().filter_map(ElementRef::wrap).filter(|c| c.value().name() == "p").collect();
    if paragraphs.len() > 1 {
        let rest: Vec<String> = paragraphs[1..].iter().map(|p| inline_text(*p, depth).text).collect();
        Entry { text: inline_text(paragraphs[0], depth), description: rest.join("\n\n"), children }
    } else {
        Entry { text: inline_text(li, depth), description: String::new(), children }
    }
}

/// The lists nested in `el`, however deep in wrappers (`<p>`, `<div>`) they sit, with their
/// depth: the outermost ones, in document order.
fn lists_in(el: ElementRef<'_>, depth: usize) -> Vec<(ElementRef<'_>, usize)> {
    let mut found = Vec::new();
    visit_elements(el, depth, |child, depth| match child.value().name() {
        "ul" | "ol" => {
            found.push((child, depth + 1));
            false
        }
        _ => true,
    });
    found
}

/// Every entry of the lists nested in `li`, in document order and without children: how the
/// entry trees keep lists deeper than [`MAX_LIST_DEPTH`] ([`push_entry`]).
fn flat_entries(li: ElementRef<'_>, depth: usize) -> Vec<Entry> {
    let mut out = Vec::new();
    // Lists still to read, last first, so that each item's own lists come before its siblings.
    let mut pending: Vec<(ElementRef<'_>, usize)> = lists_in(li, depth).into_iter().rev().collect();
    while let Some((list, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        // Each item, then everything under it, before the next item: stacked in reverse.
        let mut items: Vec<(ElementRef<'_>, usize)> = items_of(list).map(|li| (li, depth)).collect();
        items.reverse();
        while let Some((li, depth)) = items.pop() {
            let entry = entry_of(li, depth, Vec::new());
            if !entry.text.text.is_empty() {
                out.push(entry);
            }
            for (nested, nested_depth) in lists_in(li, depth + 1).into_iter().rev() {
                if nested_depth <= MAX_DEPTH {
                    let nested_items: Vec<ElementRef<'_>> = items_of(nested).collect();
                    items.extend(nested_items.into_iter().rev().map(|li| (li, nested_depth)));
                }
            }
        }
    }
    out
}

/// The text of an element, leaving out nested lists, permalink anchors and furniture.
fn inline_text(el: ElementRef<'_>, depth: usize) -> Text {
    let mut builder = TextBuilder::default();
    collect_inline(el, &mut builder, depth);
    builder.finish()
}

/// What ends an element in [`collect_inline`]: its link, and the space after a block.
#[derive(Default, Clone, Copy)]
struct Closing {
    link: bool,
    space: bool,
}

fn collect_inline(el: ElementRef<'_>, b: &mut TextBuilder, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    // Each frame: the children still to read, their depth, and what closes their element.
    let mut stack = vec![(el.children(), depth, Closing::default())];
    while let Some((children, depth, _)) = stack.last_mut() {
        let depth = *depth;
        let Some(node) = children.next() else {
            if let Some((_, _, closing)) = stack.pop() {
                close(b, closing);
            }
            continue;
        };
        match node.value() {
            Node::Text(t) => b.push(t),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(node) else { continue };
                let name = e.name();
                if matches!(name, "ul" | "ol" | "script" | "style")
                    || e.attr("class").is_some_and(|c| c.split_whitespace().any(|w| w == "headerlink"))
                {
                    continue;
                }
                if matches!(name, "br" | "p" | "div") {
                    b.push(" ");
                }
                if name == "a" {
                    b.open_link(e.attr("href").unwrap_or(""));
                }
                let closing = Closing { link: name == "a", space: matches!(name, "p" | "div") };
                if depth < MAX_DEPTH {
                    stack.push((child.children(), depth + 1, closing));
                } else {
                    close(b, closing);
                }
            }
            _ => {}
        }
    }
}

fn close(b: &mut TextBuilder, closing: Closing) {
    if closing.link {
        b.close_link();
    }
    if closing.space {
        b.push(" ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a page given as text (parsed without the depth checks of [`parse`]).
    fn read(html: &str) -> (Option<String>, Vec<Block>) {
        super::read(&Html::parse_document(html))
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, text } => format!("h{level}:{}", text.text),
                Block::Paragraph(t) => format!("p:{}", t.text),
                Block::List(entries) => format!("list:{}", entries.len()),
            })
            .collect()
    }

    #[test]
    fn reads_the_main_landmark_and_skips_site_furniture() {
        let html = r##"<html><head><title>My ideas</title></head><body>
            <nav><ul><li>Home</li><li>About</li></ul></nav>
            <main><h1>Ideas <a class="headerlink" href="#x">¶</a></h1>
              <p>Web</p><ul><li><p>Forms</p></li><li>Views <ul><li>Generic</li></ul></li></ul>
              <div class="post-prev-next"><ul><li>Older post</li></ul></div>
            </main>
            <aside><ul><li>Tag cloud</li></ul></aside>
            <footer><ul><li>Copyright</li></ul></footer></body></html>"##;
        let (title, blocks) = read(html);
        assert_eq!(title.as_deref(), Some("My ideas"));
        assert_eq!(texts(&blocks), ["h1:Ideas", "p:Web", "list:2"]);
        let Block::List(entries) = &blocks[2] else { panic!() };
        assert_eq!(entries[1].text.text, "Views");
        assert_eq!(entries[1].children[0].text.text, "Generic");
    }

    #[test]
    fn without_landmarks_the_densest_block_wins() {
        let html = r#"<body><div class="top">Site name</div>
            <div id="content"><h2>Talks</h2><ul><li>One idea that is long enough</li></ul></div>
            <div class="sidebar"><ul><li>Archive link with plenty of text in it</li></ul></div></body>"#;
        let (_, blocks) = read(html);
        assert_eq!(texts(&blocks), ["h2:Talks", "list:1"]);
    }

    #[test]
    fn blog_furniture_is_recognised_by_class_parts() {
        let html = r#"<article><h2>Ideas</h2><ul><li>Testing</li></ul>
            <ol class="commentlist"><li>Great post!</li></ol>
            <div id="jp-relatedposts"><ul><li>Other post</li></ul></div>
            <div class="post-meta"><ul><li>Tagged: django</li></ul></div></article>"#;
        let (_, blocks) = read(html);
        assert_eq!(texts(&blocks), ["h2:Ideas", "list:1"]);
    }

    #[test]
    fn entries_of_several_paragraphs_keep_the_first_as_the_idea() {
        let (_, blocks) = read("<main><ul><li><p>Async views</p><p>Why they matter.</p><p>More.</p></li></ul></main>");
        let Block::List(entries) = &blocks[0] else { panic!() };
        assert_eq!(entries[0].text.text, "Async views");
        assert_eq!(entries[0].description, "Why they matter.\n\nMore.");
    }

    #[test]
    fn link_text_is_counted() {
        let (_, blocks) = read(r#"<main><ul><li><a href="https://x.example/">Someone's list</a></li></ul></main>"#);
        let Block::List(entries) = &blocks[0] else { panic!() };
        assert!(entries[0].text.mostly_links());
        assert_eq!(entries[0].text.anchors[0].href, "https://x.example/");
    }

    #[test]
    fn nesting_is_measured_without_parsing() {
        assert_eq!(nesting_depth("<html><body><div><p>a<br>b<p>c</div></body></html>", 100), 3);
        assert_eq!(nesting_depth("<!DOCTYPE html><ul><li>x<li>y</ul><img src=x/>", 100), 1);
        assert_eq!(nesting_depth(&"<div>".repeat(5000), 1000), 1001, "stops just past the limit");
    }

    #[test]
    fn lists_deeper_than_the_cap_are_read_flat_in_document_order() {
        let levels = MAX_LIST_DEPTH + 8;
        let open: String = (0..levels).map(|l| format!("<ul><li>level {l}<div>")).collect();
        let html = format!("<main>{open}{}</main>", "</div></li></ul>".repeat(levels));
        let (_, blocks) = read(&html);
        let Block::List(entries) = &blocks[0] else { panic!("{blocks:?}") };
        // Walk the tree: one chain down to the cap, then the rest as its children, in order.
        let mut texts = Vec::new();
        let mut level = &entries[..];
        let mut depth = 0;
        while let [first, ..] = level {
            texts.push(first.text.text.clone());
            if first.children.len() > 1 {
                assert_eq!(depth, MAX_LIST_DEPTH - 1);
                assert!(first.children.iter().all(|c| c.children.is_empty()));
                texts.extend(first.children.iter().map(|c| c.text.text.clone()));
                break;
            }
            level = &first.children;
            depth += 1;
        }
        let expected: Vec<String> = (0..levels).map(|l| format!("level {l}")).collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn absurd_nesting_stops_instead_of_overflowing() {
        let html = format!("<main>{}<p>deep</p>{}</main>", "<div>".repeat(5000), "</div>".repeat(5000));
        let (_, blocks) = read(&html);
        assert!(blocks.len() <= 1);
    }
}
