//! Lower a Markdown post (YAML front matter allowed) to [`Block`]s with pulldown-cmark.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::document::{BOLD_LINE_LEVEL, Block, Entry, TextBuilder, is_bold_line, push_entry};

/// `###Topics###`: a heading written without the space after its hashes. CommonMark reads it
/// as a paragraph; Python-Markdown, which Pelican sites use, as a heading, which is what the
/// author meant.
fn unspaced_heading(text: &str) -> Option<(u8, String)> {
    let hashes = text.len() - text.trim_start_matches('#').len();
    let rest = &text[hashes..];
    let inner = rest.trim_end_matches('#').trim();
    // One hash and no closing ones is as likely a hashtag as a heading: left a paragraph.
    let closed = rest.trim_end().ends_with('#');
    let fits = (1..=6).contains(&hashes)
        && (hashes >= 2 || closed)
        && rest.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !inner.is_empty()
        && inner.split_whitespace().count() <= 12
        && !inner.contains('\n');
    fits.then(|| (hashes as u8, inner.to_string()))
}

/// The front matter's `title:` when present, and the blocks of the post.
pub fn read(markdown: &str) -> (Option<String>, Vec<Block>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let mut state = State::default();
    let mut title = None;
    for event in Parser::new_ext(markdown, options) {
        // Raw HTML arrives in pieces split at blank lines; a table is read once it is whole.
        match &event {
            Event::Html(html) => {
                state.raw_html.push_str(html);
                continue;
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => continue,
            _ => state.flush_html(),
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => state.in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => state.in_metadata = false,
            Event::Text(t) if state.in_metadata => title = title.or_else(|| front_matter_title(&t)),
            _ if state.in_metadata => {}
            Event::Start(Tag::Heading { level, .. }) => state.heading = Some((level as u8, TextBuilder::default())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, b)) = state.heading.take() {
                    let text = b.finish();
                    if !text.text.is_empty() {
                        state.blocks.push(Block::Heading { level, text });
                    }
                }
            }
            Event::Start(Tag::Paragraph) => match state.items.last_mut() {
                // A later paragraph of a list entry explains the idea its first one names.
                Some(item) if !item.text.is_blank() => {
                    item.description.push("\n\n");
                    item.in_description = true;
                }
                Some(_) => {}
                None => {
                    state.paragraph = Some(TextBuilder::default());
                    state.bold = Bold::default();
                }
            },
            Event::Start(Tag::Strong) => state.open_bold(),
            Event::End(TagEnd::Strong) => state.close_bold(),
            // Blogs migrated from Blogger write their bold titles as raw `<b>…</b>`.
            Event::InlineHtml(html) => match bold_tag(&html) {
                Some(true) => state.open_bold(),
                Some(false) => state.close_bold(),
                None => {}
            },
            Event::End(TagEnd::Paragraph) => {
                if let Some(b) = state.paragraph.take() {
                    let mut text = b.finish();
                    if let Some((level, heading)) = unspaced_heading(&text.text) {
                        text.text = heading;
                        state.blocks.push(Block::Heading { level, text });
                    } else if state.bold.seen && !state.bold.outside && is_bold_line(&text.text) && text.link_chars == 0
                    {
                        state.blocks.push(Block::Heading { level: BOLD_LINE_LEVEL, text });
                    } else if !text.text.is_empty() {
                        state.blocks.push(Block::Paragraph(text));
                    }
                }
            }
            // A pipe table is a list of its rows, named by their first cell (as raw HTML tables).
            Event::Start(Tag::Table(_)) => state.table = Some(Table::default()),
            Event::Start(Tag::TableHead) => {
                if let Some(t) = state.table.as_mut() {
                    t.in_head = true;
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = state.table.as_mut() {
                    t.cells.clear();
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = state.table.as_mut() {
                    t.cell = Some(TextBuilder::default());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = state.table.as_mut()
                    && let Some(b) = t.cell.take()
                {
                    t.cells.push(b.finish());
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = state.table.as_mut() {
                    t.in_head = false;
                    t.cells.clear();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = state.table.as_mut() {
                    t.end_row();
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = state.table.take()
                    && !t.rows.is_empty()
                {
                    state.blocks.push(Block::List(t.rows));
                }
            }
            Event::Start(Tag::List(_)) => state.lists.push(Vec::new()),
            Event::End(TagEnd::List(_)) => {
                let entries = state.lists.pop().unwrap_or_default();
                match state.items.last_mut() {
                    Some(parent) => parent.children.extend(entries),
                    None if !entries.is_empty() => state.blocks.push(Block::List(entries)),
                    None => {}
                }
            }
            Event::Start(Tag::Item) => state.items.push(OpenItem::default()),
            Event::End(TagEnd::Item) => {
                if let Some(item) = state.items.pop() {
                    let description = item.description.finish_paragraphs();
                    let entry = Entry { text: item.text.finish(), description, children: item.children };
                    let depth = state.items.len();
                    if let Some(list) = state.lists.last_mut()
                        && (!entry.text.text.is_empty() || !entry.children.is_empty())
                    {
                        push_entry(list, entry, depth);
                    }
                }
            }
            Event::Start(Tag::Image { .. }) => state.images += 1,
            Event::End(TagEnd::Image) => state.images = state.images.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(b) = state.current() {
                    b.open_link(&dest_url);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(b) = state.current() {
                    b.close_link();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if state.paragraph.is_some() && state.items.is_empty() && !state.bold.open && !t.trim().is_empty() {
                    state.bold.outside = true;
                }
                if state.images == 0
                    && let Some(b) = state.current()
                {
                    b.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = state.current() {
                    b.push(" ");
                }
            }
            // Other raw HTML (embedded tweets, widgets) is not the author's list of ideas.
            _ => {}
        }
    }
    state.flush_html();
    (title, state.blocks)
}

/// The rows of the data tables in a piece of raw HTML, as list entries: the first cell names
/// the row ("Monitoring"), the others describe it ("Nagios, Icinga2, …"). Header rows are not
/// entries.
fn table_rows(html: &str) -> Vec<Entry> {
    let fragment = scraper::Html::parse_fragment(html);
    let row = scraper::Selector::parse("tr").expect("static selector");
    let cell = scraper::Selector::parse("td").expect("static selector");
    fragment
        .select(&row)
        .filter_map(|tr| {
            let cells: Vec<String> =
                tr.select(&cell).map(|td| crate::text::collapse(&td.text().collect::<String>())).collect();
            let first = cells.first().filter(|c| !c.is_empty())?;
            let text = super::document::Text { text: first.clone(), ..Default::default() };
            Some(Entry { text, description: cells[1..].join(" | "), children: Vec::new() })
        })
        .collect()
}

/// `Some(true)` for an inline `<b>` or `<strong>` tag, `Some(false)` for its end tag.
fn bold_tag(html: &str) -> Option<bool> {
    let tag = html.trim().to_ascii_lowercase();
    let (closing, name) = match tag.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => (false, tag.strip_prefix('<')?),
    };
    let name = name.trim_end_matches('>').split_whitespace().next()?;
    matches!(name, "b" | "strong").then_some(!closing)
}

/// Bullets people type in a tweet, which has no lists.
const TWEET_BULLETS: &[&str] = &["* ", "- ", "\u{2022} "];

/// The words of the tweets embedded in a piece of raw HTML (`<blockquote class="twitter-tweet">`,
/// as Twitter's embed code writes it): posts quote readers' suggestions this way. Each tweet's
/// text is read as prose, and its lines typed as bullets ("* Async battle: Celery vs RedisQ")
/// as a list. The author and date line after the text is not the suggestion.
fn tweet_blocks(html: &str) -> Vec<Block> {
    let fragment = scraper::Html::parse_fragment(html);
    let text = scraper::Selector::parse("blockquote.twitter-tweet > p").expect("static selector");
    let mut blocks = Vec::new();
    for p in fragment.select(&text) {
        let mut raw = String::new();
        for node in p.descendants() {
            match node.value() {
                scraper::Node::Text(t) => raw.push_str(t),
                scraper::Node::Element(e) if e.name() == "br" => raw.push('\n'),
                _ => {}
            }
        }
        // Lines of one kind in a row make one block: a paragraph, or a list.
        let first = blocks.len();
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let text = |t: &str| super::document::Text { text: crate::text::collapse(t), ..Default::default() };
            let bullet = TWEET_BULLETS.iter().find_map(|b| line.strip_prefix(b));
            let entry = |item: &str| Entry { text: text(item), description: String::new(), children: Vec::new() };
            match (bullet, blocks[first..].last_mut()) {
                (Some(item), Some(Block::List(entries))) => entries.push(entry(item)),
                (Some(item), _) => blocks.push(Block::List(vec![entry(item)])),
                (None, Some(Block::Paragraph(prose))) => *prose = text(&format!("{} {line}", prose.text)),
                (None, _) => blocks.push(Block::Paragraph(text(line))),
            }
        }
    }
    blocks
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    heading: Option<(u8, TextBuilder)>,
    paragraph: Option<TextBuilder>,
    lists: Vec<Vec<Entry>>,
    items: Vec<OpenItem>,
    images: usize,
    in_metadata: bool,
    /// Raw HTML blocks met since the last Markdown block.
    raw_html: String,
    /// Whether the paragraph being read is all bold.
    bold: Bold,
    /// The pipe table being read.
    table: Option<Table>,
}

/// The bold runs of the paragraph being read.
#[derive(Default)]
struct Bold {
    /// Inside `**…**` that opened the paragraph.
    open: bool,
    /// The paragraph opened with bold text.
    seen: bool,
    /// Text stood outside bold.
    outside: bool,
}

/// A pipe table being read.
#[derive(Default)]
struct Table {
    rows: Vec<Entry>,
    cells: Vec<super::document::Text>,
    cell: Option<TextBuilder>,
    in_head: bool,
}

impl Table {
    /// The row just read becomes an entry: its first cell names it, the others describe it.
    fn end_row(&mut self) {
        let mut cells = std::mem::take(&mut self.cells).into_iter();
        let Some(first) = cells.next().filter(|c| !c.text.is_empty()) else { return };
        let rest: Vec<String> = cells.map(|c| c.text).filter(|c| !c.is_empty()).collect();
        self.rows.push(Entry { text: first, description: rest.join(" | "), children: Vec::new() });
    }
}

/// A list entry being read.
#[derive(Default)]
struct OpenItem {
    text: TextBuilder,
    description: TextBuilder,
    in_description: bool,
    children: Vec<Entry>,
}

impl State {
    /// A table in the raw HTML just read becomes a list; anything else in it is dropped.
    fn flush_html(&mut self) {
        if self.raw_html.is_empty() {
            return;
        }
        let html = std::mem::take(&mut self.raw_html);
        if self.items.is_empty() && html.to_ascii_lowercase().contains("<table") {
            let rows = table_rows(&html);
            if !rows.is_empty() {
                self.blocks.push(Block::List(rows));
            }
        } else if self.items.is_empty() && html.contains("twitter-tweet") {
            self.blocks.extend(tweet_blocks(&html));
        }
    }

    /// Bold text starts: it may open the paragraph (a bold line) or an entry (its lead).
    fn open_bold(&mut self) {
        if self.paragraph.as_ref().is_some_and(TextBuilder::is_blank) {
            self.bold.open = true;
            self.bold.seen = true;
        }
        if let Some(b) = self.current() {
            b.open_bold();
        }
    }

    fn close_bold(&mut self) {
        self.bold.open = false;
        if let Some(b) = self.current() {
            b.close_bold();
        }
    }

    fn current(&mut self) -> Option<&mut TextBuilder> {
        if let Some(b) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            return Some(b);
        }
        if let Some((_, b)) = self.heading.as_mut() {
            return Some(b);
        }
        if let Some(item) = self.items.last_mut() {
            return Some(if item.in_description { &mut item.description } else { &mut item.text });
        }
        self.paragraph.as_mut()
    }
}

fn front_matter_title(yaml: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let value = line.strip_prefix("title:")?.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        Some(unquoted.replace("''", "'")).filter(|t| !t.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tweets_are_read_as_prose_and_their_typed_bullets_as_a_list() {
        let md = "## What you asked for\n\n<blockquote class=\"twitter-tweet\" data-lang=\"en\"><p lang=\"en\">Maybe a talk \
                  about caching?</p>&mdash; Ana (@ana) <a href=\"https://twitter.com/ana/status/1\">May 1, 2030</a></blockquote>\n\
                  <script async src=\"https://platform.twitter.com/widgets.js\"></script>\n\n\
                  <blockquote class=\"twitter-tweet\"><p>Some ideas:<br><br>* Search at scale<br>* Typing in &lt;templates&gt;</p>\
                  &mdash; Bo</blockquote>\n";
        let (_, blocks) = read(md);
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Heading { text, .. } => format!("h {}", text.text),
                Block::Paragraph(t) => format!("p {}", t.text),
                Block::List(entries) => {
                    format!("l {}", entries.iter().map(|e| e.text.text.as_str()).collect::<Vec<_>>().join(" | "))
                }
            })
            .collect();
        assert_eq!(
            texts,
            [
                "h What you asked for",
                "p Maybe a talk about caching?",
                "p Some ideas:",
                "l Search at scale | Typing in <templates>"
            ]
        );
    }

    #[test]
    fn raw_html_tables_are_lists_of_their_rows_and_other_raw_html_is_not_text() {
        let md = "## Topics\n\n<table>\n<thead><tr><th>Area</th><th>Projects</th></tr></thead>\n\n<tr>\n<td>Routing</td>\n<td>FRR, BIRD</td>\n</tr>\n\n\
                  <tr><td>Monitoring</td><td>Prometheus</td></tr>\n</table>\n\n<blockquote>a tweet</blockquote>\n\nAfter.\n";
        let (_, blocks) = read(md);
        let Block::List(rows) = &blocks[1] else { panic!("{blocks:?}") };
        let texts: Vec<(&str, &str)> = rows.iter().map(|e| (e.text.text.as_str(), e.description.as_str())).collect();
        assert_eq!(texts, [("Routing", "FRR, BIRD"), ("Monitoring", "Prometheus")]);
        assert!(matches!(&blocks[2], Block::Paragraph(t) if t.text == "After."), "{blocks:?}");
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn a_short_bold_line_is_a_heading_and_bold_inside_prose_or_links_is_not() {
        let md = "**Packaging without tears**\n\nWheels confuse us.\n\n**Note:** the CFP closes soon.\n\n\
                  [**Submit here!**](https://x.example/)\n\n**A whole bold sentence that is only emphasis.**\n";
        let (_, blocks) = read(md);
        assert!(
            matches!(&blocks[0], Block::Heading { level: BOLD_LINE_LEVEL, text } if text.text == "Packaging without tears")
        );
        assert!(blocks[1..].iter().all(|b| matches!(b, Block::Paragraph(_))), "{blocks:?}");
    }

    #[test]
    fn raw_bold_titles_and_bold_leads_are_kept() {
        let md = "<b>Packaging without tears</b>\n\nWhy wheels matter.\n\n<b>Typing in practice</b>\nWhere types pay.\n\n**Caching:** what to cache and when.\n";
        let (_, blocks) = read(md);
        assert!(
            matches!(&blocks[0], Block::Heading { level: BOLD_LINE_LEVEL, text } if text.text == "Packaging without tears")
        );
        let leads: Vec<Option<&str>> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.lead.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(leads, [None, Some("Typing in practice"), Some("Caching")]);
        assert_eq!(bold_tag("<STRONG class=x>"), Some(true));
        assert_eq!(bold_tag("</b>"), Some(false));
        assert_eq!(bold_tag("<br>"), None);
    }

    #[test]
    fn pipe_tables_are_lists_of_their_rows() {
        let md = "| Topic | Votes |\n| --- | --- |\n| Caching | 3 |\n| **Typing** in practice | 1 |\n";
        let (_, blocks) = read(md);
        let Block::List(rows) = &blocks[0] else { panic!("{blocks:?}") };
        let rows: Vec<(&str, &str)> = rows.iter().map(|e| (e.text.text.as_str(), e.description.as_str())).collect();
        assert_eq!(rows, [("Caching", "3"), ("Typing in practice", "1")]);
    }

    #[test]
    fn headings_without_a_space_after_the_hashes_are_headings() {
        let (_, blocks) = read("###PROPOSAL TYPES###\n\n- Talks\n\n#hashtag and more words\n");
        assert!(matches!(&blocks[0], Block::Heading { level: 3, text } if text.text == "PROPOSAL TYPES"));
        assert!(matches!(&blocks[2], Block::Paragraph(_)), "a hashtag opens a paragraph");
        assert_eq!(unspaced_heading("#Topics#"), Some((1, "Topics".into())));
        assert_eq!(unspaced_heading("#1 priority"), None);
        assert_eq!(unspaced_heading("# spaced is CommonMark's"), None);
        assert_eq!(unspaced_heading("####### seven"), None);
    }

    #[test]
    fn front_matter_is_skipped_and_its_title_kept() {
        let (title, blocks) = read("---\ntitle: 'Talks I''d like'\ntags:\n- x\n---\n\n## Idea\n\nWhy.\n");
        assert_eq!(title.as_deref(), Some("Talks I'd like"));
        assert_eq!(blocks.len(), 2);
        assert!(matches!(&blocks[0], Block::Heading { level: 2, text } if text.text == "Idea"));
    }

    #[test]
    fn nested_lists_of_any_marker_become_children() {
        let md = "- ORM\n    + QuerySets\n        * Lookups\n    + Expressions\n- Search\n";
        let (_, blocks) = read(md);
        let Block::List(entries) = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].text.text, "ORM");
        assert_eq!(entries[0].children.len(), 2);
        assert_eq!(entries[0].children[0].children[0].text.text, "Lookups");
    }

    #[test]
    fn setext_headings_links_and_loose_items() {
        let md = "Backend\n=======\n\n- [DRF](https://x.example) tips\n\n- Caching\n  with Redis\n\n  Why: speed.\n\n  And cost.\n";
        let (_, blocks) = read(md);
        assert!(matches!(&blocks[0], Block::Heading { level: 1, text } if text.text == "Backend"));
        let Block::List(entries) = &blocks[1] else { panic!() };
        assert_eq!(entries[0].text.text, "DRF tips");
        assert_eq!(entries[0].text.link_chars, 3);
        assert_eq!(entries[1].text.text, "Caching with Redis");
        assert_eq!(entries[1].description, "Why: speed.\n\nAnd cost.");
    }

    #[test]
    fn raw_html_and_images_are_not_text() {
        let (_, blocks) = read("<blockquote>tweet</blockquote>\n\n![alt words](x.png) Caption\n");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(crate::extract::document::Text { text: "Caption".into(), ..Default::default() })]
        );
    }
}
