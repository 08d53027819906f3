//! The shape every post is lowered to before its ideas are read: headings, paragraphs, lists.
//!
//! HTML and Markdown differ in syntax but not in how authors organise ideas, so both readers
//! produce these blocks and one set of rules ([`super::structure`]) reads ideas from them.

use crate::text::collapse;

/// A hyperlink met in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Where it points, as written.
    pub href: String,
    /// Its visible text.
    pub text: String,
}

/// Text with the share of it that sits inside links, which tells link lists from ideas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// Whitespace-collapsed text.
    pub text: String,
    /// Characters of `text` that are link anchors.
    pub link_chars: usize,
    /// The links inside.
    pub anchors: Vec<Anchor>,
    /// The bold (`**…**`, `<b>`, `<strong>`) text that opens it, when it opens with bold and
    /// goes on after it: "**Packaging** Why wheels matter." names an idea, then describes it.
    pub lead: Option<String>,
}

impl Text {
    /// True when most of the text is link anchors.
    pub fn mostly_links(&self) -> bool {
        let total = self.text.chars().count();
        total > 0 && self.link_chars * 10 >= total * 6
    }
}

/// One list entry with its nested entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The entry's first paragraph: the idea itself.
    pub text: Text,
    /// Further paragraphs of the entry, which explain the idea.
    pub description: String,
    /// Entries of lists nested inside this one.
    pub children: Vec<Entry>,
}

/// Lists nested deeper than this are read as if they were at this depth. No post nests ideas
/// that far by hand, and a bound on the depth of every entry tree keeps each walk over it (and
/// its drop) shallow, whatever the page: 20,000 nested list markers are 40 KB of Markdown.
pub const MAX_LIST_DEPTH: usize = 32;

/// Add `entry`, an entry at nesting `depth` (0 for a top-level list), to its list. At
/// [`MAX_LIST_DEPTH`] its children become its siblings; since inner entries are finished
/// first, everything deeper ends up at the cap, in document order.
pub fn push_entry(list: &mut Vec<Entry>, mut entry: Entry, depth: usize) {
    if depth >= MAX_LIST_DEPTH {
        let children = std::mem::take(&mut entry.children);
        list.push(entry);
        list.extend(children);
    } else {
        list.push(entry);
    }
}

/// Every entry of a list tree in document order (each before its children), walked with an
/// explicit stack.
pub fn preorder(entries: &[Entry]) -> impl Iterator<Item = &Entry> {
    let mut stack = vec![entries.iter()];
    std::iter::from_fn(move || {
        loop {
            let top = stack.last_mut()?;
            match top.next() {
                Some(entry) => {
                    stack.push(entry.children.iter());
                    return Some(entry);
                }
                None => {
                    stack.pop();
                }
            }
        }
    })
}

/// The level given to a paragraph that is one short bold line ("**Packaging without
/// tears**"): below every real heading, so it nests under them, and read as a heading.
pub const BOLD_LINE_LEVEL: u8 = 7;

/// The most words a bold line may have to stand as a heading; longer bold text is emphasis.
pub const BOLD_LINE_WORDS: usize = 12;

/// True for the text of a paragraph that is all bold and reads as a heading: short, and not a
/// sentence. (A bold link is a call to action, not a heading: the readers check that too.)
pub fn is_bold_line(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    (1..=BOLD_LINE_WORDS).contains(&words) && !t.ends_with('.')
}

/// A block of a post's main content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `h1`..`h6` or `#`..`######` (setext too); a short bold line is one at
    /// [`BOLD_LINE_LEVEL`].
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading's text.
        text: Text,
    },
    /// A paragraph of prose (or a short label before a list).
    Paragraph(Text),
    /// A bulleted or numbered list.
    List(Vec<Entry>),
}

/// Builds a [`Text`] from pieces, tracking which pieces are link anchors.
#[derive(Debug, Default)]
pub struct TextBuilder {
    raw: String,
    links: Vec<(String, usize)>,
    anchors: Vec<Anchor>,
    link_chars: usize,
    /// Where the opening bold run starts in `raw`, while it is open.
    bold_from: Option<usize>,
    /// The opening bold run, once closed.
    lead: Option<String>,
}

impl TextBuilder {
    /// Append plain text.
    pub fn push(&mut self, s: &str) {
        self.raw.push_str(s);
    }

    /// Mark the start of a link to `href`.
    pub fn open_link(&mut self, href: &str) {
        self.links.push((href.to_string(), self.raw.len()));
    }

    /// Mark the end of the innermost open link.
    pub fn close_link(&mut self) {
        if let Some((href, start)) = self.links.pop() {
            let text = collapse(&self.raw[start..]);
            self.link_chars += text.chars().count();
            if !href.is_empty() {
                self.anchors.push(Anchor { href, text });
            }
        }
    }

    /// Mark the start of bold text; only a run that opens the text is its lead.
    pub fn open_bold(&mut self) {
        if self.lead.is_none() && self.bold_from.is_none() && self.is_blank() {
            self.bold_from = Some(self.raw.len());
        }
    }

    /// Mark the end of bold text.
    pub fn close_bold(&mut self) {
        if let Some(from) = self.bold_from.take() {
            let lead = collapse(&self.raw[from..]);
            if !lead.is_empty() {
                self.lead = Some(lead);
            }
        }
    }

    /// True when nothing but whitespace was pushed.
    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// Finish as paragraphs: whitespace collapsed within each, blank lines kept between them.
    pub fn finish_paragraphs(self) -> String {
        let paragraphs: Vec<String> = self.raw.split("\n\n").map(collapse).filter(|p| !p.is_empty()).collect();
        paragraphs.join("\n\n")
    }

    /// Finish: collapse whitespace and drop permalink marks authors' tools append to headings.
    pub fn finish(mut self) -> Text {
        while !self.links.is_empty() {
            self.close_link();
        }
        let text = collapse(self.raw.trim_end_matches(['¶', '#', '§', ' ', '\n']));
        let link_chars = self.link_chars.min(text.chars().count());
        // A lead is only worth keeping when more text follows it.
        let lead = self
            .lead
            .map(|l| l.trim_end_matches([':', ' ']).to_string())
            .filter(|l| !l.is_empty() && text.len() > l.len() + 1 && text.starts_with(l.as_str()));
        Text { text, link_chars, anchors: self.anchors, lead }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_collapses_space_and_counts_link_text() {
        let mut b = TextBuilder::default();
        b.push("  See ");
        b.open_link("https://a.example/x");
        b.push("the   list");
        b.close_link();
        b.push(" here ¶");
        let t = b.finish();
        assert_eq!(t.text, "See the list here");
        assert_eq!(t.link_chars, 8);
        assert_eq!(t.anchors, vec![Anchor { href: "https://a.example/x".into(), text: "the list".into() }]);
        assert!(!t.mostly_links());
    }

    #[test]
    fn an_opening_bold_run_followed_by_more_text_is_the_lead() {
        let mut b = TextBuilder::default();
        b.open_bold();
        b.push("Packaging:");
        b.close_bold();
        b.push(" why wheels matter");
        assert_eq!(b.finish().lead.as_deref(), Some("Packaging"));
        let mut b = TextBuilder::default();
        b.push("Say ");
        b.open_bold();
        b.push("this");
        b.close_bold();
        assert_eq!(b.finish().lead, None, "bold inside the text is emphasis");
        let mut b = TextBuilder::default();
        b.open_bold();
        b.push("All bold");
        b.close_bold();
        assert_eq!(b.finish().lead, None, "an all-bold line is a bold line, not a lead");
    }

    #[test]
    fn mostly_links_needs_six_tenths() {
        let t = Text { text: "0123456789".into(), link_chars: 6, ..Text::default() };
        assert!(t.mostly_links());
        let t = Text { text: "0123456789".into(), link_chars: 5, ..Text::default() };
        assert!(!t.mostly_links());
    }
}
