//! Every piece of a post that could be a talk idea, with its context, deciding nothing.
//!
//! A post is lowered to blocks ([`super::document`]); this reader turns every heading, bold
//! line, bold-led paragraph, list entry (tables arrive as lists of their rows), element of an
//! enumeration inside a sentence ("topics like A, B and C"), question and prose sentence into
//! a [`Candidate`], and records what surrounds it: the heading above, the label or lead-in
//! sentence of its list, its siblings, its place in the post. It drops nothing: which
//! candidates are ideas is decided by one trained scorer ([`super::judge`]) that sees all of
//! them, so no phrase a rule was written for can remove a whole list or post.

use crate::model::{Confidence, Polarity};

use super::cues;
use super::document::{BOLD_LINE_LEVEL, Block, Entry, Text};

/// What kind of text proposed a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CandidateKind {
    /// A list entry or a table row.
    #[default]
    Entry,
    /// A heading (`h1`–`h6`, ATX or setext).
    Heading,
    /// A paragraph that is one short bold line.
    BoldLine,
    /// The bold run that opens a paragraph ("**Packaging:** why wheels matter").
    BoldLead,
    /// One element of an enumeration inside a sentence ("topics like A, B and C"), or one
    /// sentence of a list written as sentences inside an entry.
    Inline,
    /// A question of a paragraph ("Want to talk about Django?").
    Question,
    /// Any other sentence of a paragraph.
    Sentence,
}

impl CandidateKind {
    /// Every kind, in the order the model's one-hot features use.
    pub const ALL: [CandidateKind; 7] = [
        CandidateKind::Entry,
        CandidateKind::Heading,
        CandidateKind::BoldLine,
        CandidateKind::BoldLead,
        CandidateKind::Inline,
        CandidateKind::Question,
        CandidateKind::Sentence,
    ];

    /// The name `extract --candidates` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateKind::Entry => "entry",
            CandidateKind::Heading => "heading",
            CandidateKind::BoldLine => "bold line",
            CandidateKind::BoldLead => "bold lead",
            CandidateKind::Inline => "inline",
            CandidateKind::Question => "question",
            CandidateKind::Sentence => "sentence",
        }
    }

    /// A heading or a bold line: it names the section of what follows it.
    pub fn is_heading(self) -> bool {
        matches!(self, CandidateKind::Heading | CandidateKind::BoldLine)
    }

    /// A kind whose block stands on its own in the post's structure (a list, a run of
    /// headings): what the fallback may keep when the scorer keeps nothing.
    pub fn is_structural(self) -> bool {
        !matches!(self, CandidateKind::Question | CandidateKind::Sentence)
    }
}

/// One idea before it gets its source, position and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The label the post groups it under.
    pub section: String,
    /// 0 for top-level ideas.
    pub depth: u32,
    /// Index of the enclosing draft.
    pub parent: Option<usize>,
    /// The idea as written.
    pub text: String,
    /// Prose under an idea heading, or after a bold lead.
    pub description: String,
    /// Wanted or unwanted.
    pub polarity: Polarity,
    /// What kind of text proposed it.
    pub kind: CandidateKind,
    /// Whether the scorer kept it, or the fallback did when it kept nothing else.
    pub confidence: Confidence,
}

/// A heading of the post and what stands under it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingInfo {
    /// Its text, a leading number ("3. Testing") removed.
    pub text: String,
    /// 1–6, or [`BOLD_LINE_LEVEL`] for a bold line.
    pub level: u8,
    /// The heading it stands under.
    pub parent: Option<usize>,
    /// Its own candidate.
    pub candidate: usize,
    /// Paragraphs directly under it (before the next heading).
    pub paragraphs: usize,
    /// Lists directly under it.
    pub lists: usize,
    /// Headings nested under it.
    pub sub_headings: usize,
    /// Its prose, which describes it when it names an idea.
    pub prose: String,
}

/// One candidate idea and its context.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What proposed it.
    pub kind: CandidateKind,
    /// The text as written (a heading's leading number removed).
    pub text: String,
    /// Further paragraphs of an entry, prose under a heading, text after a bold lead.
    pub description: String,
    /// Share of the text that is link anchors.
    pub link_share: f64,
    /// The enclosing candidate: the entry it is nested in, or the heading above it.
    pub parent: Option<usize>,
    /// Nesting inside its list: 0 for a top-level entry.
    pub depth: u32,
    /// The nearest heading above it (an index into [`Page::headings`]); for a heading, the
    /// heading it stands under.
    pub heading: Option<usize>,
    /// A short label paragraph right before its list ("**Topics**", "Frontend:").
    pub label: Option<String>,
    /// The sentence that leads into its list, or the sentence an inline element stands in.
    pub lead_in: String,
    /// Candidates of one list level, one enumeration, one paragraph's sentences or one run of
    /// sibling headings share a block: a list's entries mostly share one fate.
    pub block: usize,
    /// Its place in the block, from 0.
    pub index: usize,
    /// Entries nested under it.
    pub children: usize,
    /// Wanted, or under a label that says the author does not want it.
    pub polarity: Polarity,
    /// An entry whose text opens with a bold run ("**Web** - Django, Flask").
    pub bold_lead: bool,
}

/// A post read as candidates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The title or a heading names a call for proposals.
    pub call: bool,
    /// The post's headings, in document order.
    pub headings: Vec<HeadingInfo>,
    /// Every candidate, in document order; parents come before their children.
    pub candidates: Vec<Candidate>,
    /// How many candidates each block has.
    pub block_sizes: Vec<usize>,
}

/// The longest sentence read as a candidate, in words: longer ones are explanations.
const SENTENCE_WORDS: usize = 40;

/// Read every candidate of a post. `title` is the page or front-matter title: a heading that
/// repeats it is the title, not a candidate.
pub fn read(blocks: Vec<Block>, title: Option<&str>) -> Page {
    let call = title.is_some_and(cues::is_call)
        || blocks.iter().any(|b| matches!(b, Block::Heading { text, .. } if cues::is_call(&text.text)));
    let blocks = cues::drop_title(blocks, title);
    let mut reader = Reader {
        page: Page { call, ..Page::default() },
        stack: Vec::new(),
        heading_blocks: Vec::new(),
        lead_blocks: Vec::new(),
    };
    for (k, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => reader.heading(*level, text),
            Block::Paragraph(p) => reader.paragraph(p),
            Block::List(entries) => {
                let before = k.checked_sub(1).map(|j| &blocks[j]);
                let before2 = k.checked_sub(2).map(|j| &blocks[j]);
                reader.list(entries, before, before2);
            }
        }
    }
    reader.page
}

struct Reader {
    page: Page,
    /// Open headings: (level, heading index).
    stack: Vec<(u8, usize)>,
    /// The block of the run of sibling headings under each parent: (parent, level, block).
    heading_blocks: Vec<(Option<usize>, u8, usize)>,
    /// The block of the bold-led paragraphs under each heading: like sibling headings, a run
    /// of "**Title**: prose" paragraphs is one structure whose entries mostly share one fate.
    lead_blocks: Vec<(Option<usize>, usize)>,
}

impl Reader {
    fn current(&self) -> Option<usize> {
        self.stack.last().map(|&(_, h)| h)
    }

    fn new_block(&mut self) -> usize {
        self.page.block_sizes.push(0);
        self.page.block_sizes.len() - 1
    }

    /// Whether a heading above says the author does not want these talks.
    fn unwanted(&self) -> bool {
        self.stack.iter().any(|&(_, h)| cues::is_unwanted_label(&self.page.headings[h].text))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: CandidateKind,
        text: String,
        description: String,
        link_share: f64,
        parent: Option<usize>,
        depth: u32,
        block: usize,
        context: (&Option<String>, &str, Polarity),
    ) -> usize {
        let (label, lead_in, polarity) = context;
        let index = self.page.block_sizes[block];
        self.page.block_sizes[block] += 1;
        self.page.candidates.push(Candidate {
            kind,
            text,
            description,
            link_share,
            parent,
            depth,
            heading: self.current(),
            label: label.clone(),
            lead_in: lead_in.to_string(),
            block,
            index,
            children: 0,
            polarity,
            bold_lead: false,
        });
        if let Some(p) = parent
            && kind == CandidateKind::Entry
            && self.page.candidates[p].kind == CandidateKind::Entry
        {
            self.page.candidates[p].children += 1;
        }
        self.page.candidates.len() - 1
    }

    fn heading_candidate(&self) -> Option<usize> {
        self.current().map(|h| self.page.headings[h].candidate)
    }

    fn heading(&mut self, level: u8, text: &Text) {
        while self.stack.last().is_some_and(|&(l, _)| l >= level) {
            self.stack.pop();
        }
        let parent = self.current();
        if let Some(p) = parent {
            self.page.headings[p].sub_headings += 1;
        }
        let block = match self.heading_blocks.iter().find(|(p, l, _)| *p == parent && *l == level) {
            Some(&(_, _, b)) => b,
            None => {
                let b = self.new_block();
                self.heading_blocks.push((parent, level, b));
                b
            }
        };
        let kind = if level == BOLD_LINE_LEVEL { CandidateKind::BoldLine } else { CandidateKind::Heading };
        let clean = cues::strip_number(&text.text).to_string();
        let polarity =
            if self.unwanted() || cues::is_unwanted_label(&clean) { Polarity::Unwanted } else { Polarity::Wanted };
        let parent_candidate = self.heading_candidate();
        let candidate = self.push(
            kind,
            clean.clone(),
            String::new(),
            share(text),
            parent_candidate,
            0,
            block,
            (&None, "", polarity),
        );
        // The candidate records the heading it stands under; the heading is pushed after.
        self.page.headings.push(HeadingInfo {
            text: clean,
            level,
            parent,
            candidate,
            paragraphs: 0,
            lists: 0,
            sub_headings: 0,
            prose: String::new(),
        });
        self.stack.push((level, self.page.headings.len() - 1));
    }

    fn paragraph(&mut self, p: &Text) {
        let polarity = if self.unwanted() { Polarity::Unwanted } else { Polarity::Wanted };
        let parent = self.heading_candidate();
        if let Some(h) = self.current() {
            let heading = &mut self.page.headings[h];
            heading.paragraphs += 1;
            if !heading.prose.is_empty() {
                heading.prose.push_str("\n\n");
            }
            heading.prose.push_str(&p.text);
            let prose = heading.prose.clone();
            let candidate = heading.candidate;
            self.page.candidates[candidate].description = prose;
        }
        if let Some(lead) = &p.lead {
            let block = match self.lead_blocks.iter().find(|(h, _)| *h == self.current()) {
                Some(&(_, b)) => b,
                None => {
                    let b = self.new_block();
                    self.lead_blocks.push((self.current(), b));
                    b
                }
            };
            let rest = p.text[lead.len()..].trim_start_matches([':', ' ', '-', '\u{2013}', '\u{2014}']).to_string();
            self.push(CandidateKind::BoldLead, lead.clone(), rest, 0.0, parent, 0, block, (&None, "", polarity));
        }
        for run in cues::runs(&p.text) {
            let block = self.new_block();
            for element in run.elements {
                self.push(
                    CandidateKind::Inline,
                    element,
                    String::new(),
                    0.0,
                    parent,
                    0,
                    block,
                    (&None, run.sentence, polarity),
                );
            }
        }
        let block = self.new_block();
        for sentence in cues::sentences(&p.text) {
            // Counted no further than the limit: a paragraph can be megabytes of one sentence.
            let words = sentence.split_whitespace().take(SENTENCE_WORDS + 1).count();
            if !(2..=SENTENCE_WORDS).contains(&words) {
                continue;
            }
            let kind = if sentence.ends_with('?') { CandidateKind::Question } else { CandidateKind::Sentence };
            self.push(kind, sentence.to_string(), String::new(), share(p), parent, 0, block, (&None, "", polarity));
        }
    }

    fn list(&mut self, entries: &[Entry], before: Option<&Block>, before2: Option<&Block>) {
        if let Some(h) = self.current() {
            self.page.headings[h].lists += 1;
        }
        let mut label = None;
        let mut lead_in = String::new();
        let mut polarity = if self.unwanted() { Polarity::Unwanted } else { Polarity::Wanted };
        if let Some(Block::Paragraph(p)) = before {
            lead_in = cues::last_sentence(&p.text).to_string();
            if cues::is_label(p) {
                label = Some(p.text.trim_end_matches(':').trim().to_string());
            } else if p.text.trim_end().ends_with(':')
                && let Some(Block::Paragraph(l)) = before2
                && cues::is_label(l)
            {
                // "**Topics**", then "Suggested topics include:", then the list.
                label = Some(l.text.trim_end_matches(':').trim().to_string());
            }
            if cues::is_unwanted_label(&p.text) {
                polarity = Polarity::Unwanted;
            }
        } else if let Some(Block::Heading { level: BOLD_LINE_LEVEL, .. }) = before {
            // A bold line is a heading already: the candidate's heading names the list.
        }
        let parent = self.heading_candidate();
        let block = self.new_block();
        // Each frame: the siblings still to read, their block, their parent and depth.
        let mut stack = vec![(entries.iter(), block, parent, 0u32)];
        while let Some((siblings, block, parent, depth)) = stack.last_mut() {
            let (block, parent, depth) = (*block, *parent, *depth);
            let Some(entry) = siblings.next() else {
                stack.pop();
                continue;
            };
            let text = &entry.text.text;
            if text.is_empty() {
                // An empty entry (an image, a bare link) proposes nothing: its children stand
                // where it stood.
                if !entry.children.is_empty() {
                    stack.push((entry.children.iter(), block, parent, depth));
                }
                continue;
            }
            let index = self.push(
                CandidateKind::Entry,
                text.clone(),
                entry.description.clone(),
                share(&entry.text),
                parent,
                depth,
                block,
                (&label, &lead_in, polarity),
            );
            self.page.candidates[index].bold_lead = entry.text.lead.is_some();
            let sentences = cues::parallel(text);
            if !sentences.is_empty() {
                let inner = self.new_block();
                for sentence in sentences {
                    self.push(
                        CandidateKind::Inline,
                        sentence,
                        String::new(),
                        0.0,
                        Some(index),
                        depth + 1,
                        inner,
                        (&label, text, polarity),
                    );
                }
            }
            if !entry.children.is_empty() {
                let inner = self.new_block();
                stack.push((entry.children.iter(), inner, Some(index), depth + 1));
            }
        }
    }
}

fn share(text: &Text) -> f64 {
    let chars = text.text.chars().count();
    if chars == 0 { 0.0 } else { text.link_chars as f64 / chars as f64 }
}

impl Page {
    /// The drafts of the candidates marked in `kept`, with their sections and parents: a
    /// candidate's section is the label of its list, or the nearest heading above it that
    /// names a part of the post (for a heading, the nearest one that is not an idea itself);
    /// a dropped candidate's sub-items move up to its nearest kept ancestor.
    pub fn drafts(&self, kept: &[bool], confidence: Confidence) -> Vec<Draft> {
        let drafts: Vec<Draft> = self
            .candidates
            .iter()
            .map(|c| Draft {
                section: self.section(c, kept),
                depth: c.depth,
                parent: c.parent,
                text: c.text.clone(),
                description: c.description.clone(),
                polarity: c.polarity,
                kind: c.kind,
                confidence,
            })
            .collect();
        select(drafts, kept)
    }

    fn section(&self, c: &Candidate, kept: &[bool]) -> String {
        if let Some(label) = &c.label {
            return label.clone();
        }
        let mut at = c.heading;
        while let Some(h) = at {
            let heading = &self.headings[h];
            let names = !cues::is_page_part(&heading.text)
                && !cues::is_dateline(&heading.text)
                && !cues::is_instruction(&heading.text);
            // An idea heading names the section of its own list entries, not of the headings
            // under it: those are ideas of the same section.
            if names && !(c.kind.is_heading() && kept[heading.candidate]) {
                return heading.text.trim_end_matches(':').trim_end().to_string();
            }
            at = heading.parent;
        }
        String::new()
    }
}

/// The drafts marked in `kept`, with parents and depths repaired: a dropped draft's sub-items
/// move up to its nearest kept ancestor.
pub fn select(drafts: Vec<Draft>, kept: &[bool]) -> Vec<Draft> {
    let mut new_index: Vec<Option<usize>> = vec![None; drafts.len()];
    let mut out: Vec<Draft> = Vec::new();
    // Parents come before their children, so one pass in order sees every parent first.
    let mut lifted: Vec<Option<usize>> = vec![None; drafts.len()];
    for (i, mut d) in drafts.into_iter().enumerate() {
        let parent = d.parent.and_then(|p| if kept[p] { new_index[p] } else { lifted[p] });
        if !kept[i] {
            lifted[i] = parent;
            continue;
        }
        d.depth = parent.map_or(0, |p| out[p].depth + 1);
        d.parent = parent;
        new_index[i] = Some(out.len());
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::markdown;

    fn page(md: &str) -> Page {
        let (title, blocks) = markdown::read(md);
        read(blocks, title.as_deref())
    }

    fn texts(page: &Page, kind: CandidateKind) -> Vec<&str> {
        page.candidates.iter().filter(|c| c.kind == kind).map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn every_list_entry_heading_and_prose_element_is_a_candidate() {
        let md = "# Call for Proposals\n\n## Important dates\n\n- March 1, 2031: CFP opens\n\n\
                  ## Topics\n\nWe are looking for talks on topics like caching, typing, and search.\n\n\
                  **Web**\n\n- HTMX\n  - Forms\n- Want to talk about views?\n\n\
                  <b>Packaging</b>\nWhy wheels matter.\n";
        let p = page(md);
        assert!(p.call, "the title names a call");
        assert_eq!(texts(&p, CandidateKind::Heading), ["Important dates", "Topics"]);
        assert_eq!(texts(&p, CandidateKind::BoldLine), ["Web"]);
        assert_eq!(texts(&p, CandidateKind::BoldLead), ["Packaging"]);
        assert_eq!(
            texts(&p, CandidateKind::Entry),
            ["March 1, 2031: CFP opens", "HTMX", "Forms", "Want to talk about views?"]
        );
        assert_eq!(texts(&p, CandidateKind::Inline), ["caching", "typing", "search"]);
        let forms = p.candidates.iter().find(|c| c.text == "Forms").unwrap();
        assert_eq!((forms.depth, p.candidates[forms.parent.unwrap()].text.as_str()), (1, "HTMX"));
        let htmx = p.candidates.iter().find(|c| c.text == "HTMX").unwrap();
        assert_eq!(p.headings[htmx.heading.unwrap()].text, "Web", "a bold line is the heading of its list");
        assert_eq!(htmx.children, 1);
    }

    #[test]
    fn sections_follow_the_decisions() {
        let md =
            "## Backend\n\n### Caching at scale\n\nWhy it matters.\n\n- Redis\n\n## Intro\n\n### Search\n\nFind.\n";
        let p = page(md);
        let idx = |t: &str| p.candidates.iter().position(|c| c.text == t).unwrap();
        let mut kept = vec![false; p.candidates.len()];
        for t in ["Caching at scale", "Redis", "Search"] {
            kept[idx(t)] = true;
        }
        let d = p.drafts(&kept, Confidence::High);
        let shape: Vec<(&str, &str, u32)> = d.iter().map(|d| (d.text.as_str(), d.section.as_str(), d.depth)).collect();
        assert_eq!(
            shape,
            [("Caching at scale", "Backend", 0), ("Redis", "Caching at scale", 1), ("Search", "", 0)],
            "an idea heading names its entries' section; a page part names none"
        );
    }

    #[test]
    fn dropped_candidates_hand_their_sub_items_up() {
        let draft = |text: &str, parent: Option<usize>, depth: u32| Draft {
            section: String::new(),
            depth,
            parent,
            text: text.into(),
            description: String::new(),
            polarity: Polarity::Wanted,
            kind: CandidateKind::Entry,
            confidence: Confidence::High,
        };
        let drafts = vec![draft("A", None, 0), draft("B", Some(0), 1), draft("C", Some(1), 2), draft("D", Some(0), 1)];
        let kept = select(drafts, &[true, false, true, true]);
        let shape: Vec<(&str, Option<usize>, u32)> =
            kept.iter().map(|d| (d.text.as_str(), d.parent, d.depth)).collect();
        assert_eq!(shape, [("A", None, 0), ("C", Some(0), 1), ("D", Some(0), 1)]);
    }

    #[test]
    fn bold_led_paragraphs_under_one_heading_are_one_block() {
        // Blogs migrated from Blogger write `<b>Title</b>` lines followed by their prose.
        let p = page(
            "## Ideas\n\n<b>Legacy apps</b> How do you test code nobody understands?\n\n\
             <b>Background jobs</b> A million a day.\n\n## Else\n\n**Venue** Downtown.\n",
        );
        let block = |text: &str| p.candidates.iter().find(|c| c.text == text).map(|c| c.block);
        assert!(block("Legacy apps").is_some(), "{:?}", p.candidates);
        assert_eq!(block("Legacy apps"), block("Background jobs"), "siblings share one fate");
        assert_ne!(block("Legacy apps"), block("Venue"), "another heading's run is another block");
        assert_eq!(p.block_sizes[block("Legacy apps").unwrap()], 2);
    }

    #[test]
    fn unwanted_labels_give_their_candidates_polarity() {
        let p = page("## Wanted\n\n- Testing\n\n## Talks I don\u{2019}t want to see\n\n- Crypto talks\n");
        let crypto = p.candidates.iter().find(|c| c.text == "Crypto talks").unwrap();
        assert_eq!(crypto.polarity, Polarity::Unwanted);
        assert_eq!(p.candidates.iter().find(|c| c.text == "Testing").unwrap().polarity, Polarity::Wanted);
    }
}
