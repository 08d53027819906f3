//! Read ideas from a post's blocks, whatever tool wrote it.
//!
//! Posts come in two shapes. In a *list post* headings (or short label paragraphs) name
//! sections and each list entry is an idea. In a *heading post* each heading names an idea and
//! the prose under it describes it; lists under such a heading are its sub-ideas. The shape is
//! decided per post by counting which kind of heading dominates, so a new post needs no code.
//!
//! Headings that organise the page or talk to the reader ("Updates", "What did I miss?"),
//! catch-alls ("Much more!") and lists of links to other posts are not ideas.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Polarity;

use super::document::{BOLD_LINE_LEVEL, Block, Entry, Text};

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
    /// Prose under an idea heading.
    pub description: String,
    /// Wanted or unwanted.
    pub polarity: Polarity,
    /// What kind of text proposed it.
    pub kind: CandidateKind,
}

/// What kind of text proposed a candidate: the idea model weighs each kind differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CandidateKind {
    /// A list entry.
    #[default]
    Entry,
    /// A heading.
    Heading,
    /// One element of an enumeration inside a sentence ("topics like A, B and C").
    Inline,
}

/// Headings that organise the page or address the reader, matched at the start of the
/// folded heading text. Their whole subtree holds no ideas.
const ORGANISING: &[&str] = &[
    "update",
    "good luck",
    "pro-tip",
    "pro tip",
    "protip",
    "tl;dr",
    "tldr",
    "share your",
    "conclusion",
    "in conclusion",
    "thank",
    "faq",
    "frequently asked",
    "what did i miss",
    "what else",
    "what's missing",
    "what am i missing",
    "who do we want",
    "what others",
    "other lists",
    "other posts",
    "more ideas",
    "past editions",
    "previous years",
    "about me",
    "about this",
    "how to submit",
    "submitting",
    "submit ",
    "deadline",
    "call for proposals",
    "disclaimer",
    "further reading",
    "resources",
    "related posts",
    "comments",
    "final thoughts",
    "wrapping up",
    "wrap up",
    "p.s",
    "addendum",
    "something else",
    "anything else",
    "why submit",
    "why speak",
    "give a talk",
    "why you should",
    "how do i submit",
    "who should",
    "need help",
    "questions?",
    "table of contents",
    "contents",
    "see also",
    "acknowledg",
];

/// Words in a section label that mean "talks I do not want".
const UNWANTED: &[&str] = &[
    "don't want",
    "do not want",
    "dont want",
    "not want to see",
    "rather not",
    "please don't",
    "please do not",
    "unwanted",
    "talks to avoid",
    "avoid these",
    "no more talks",
];

/// Whole-entry texts that stand for "and everything else", not an idea.
const CATCH_ALL: &[&str] = &[
    "more",
    "much more",
    "and more",
    "and much more",
    "many more",
    "and many more",
    "etc",
    "and so on",
    "anything else",
    "something else",
    "something else entirely",
    "others",
    "and others",
    "your idea here",
    "your ideas here",
];

/// Anchor words that mark a link as pointing to another talk-idea post.
const POST_WORDS: &[&str] = &["idea", "talk", "topic", "list", "post", "blog", "suggestion", "inspiration"];

/// Fold case and typographic quotes so the phrase lists above match what authors type.
fn fold(s: &str) -> String {
    // ASCII has none of the curly quotes, so lower-casing is all there is to do.
    if s.is_ascii() && !s.contains('`') {
        return s.to_ascii_lowercase();
    }
    s.to_lowercase().replace(['\u{2019}', '\u{2018}', '`'], "'").replace(['\u{201c}', '\u{201d}'], "\"")
}

/// True for headings that organise the page rather than name ideas.
pub fn is_organising(heading: &str) -> bool {
    let h = fold(heading);
    let h = h.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A past year's list reprinted in a post ("2015 Ideas" in the 2016 post) is the author
    // asking again: its ideas are the post's (the labelling convention of ../shared/dev), so the
    // year alone does not make a heading organising.
    ORGANISING.iter().any(|p| h.starts_with(p))
}

/// Headings that name a part of the page when they are the whole heading: "Intro" is the
/// page's own part ("Introduction to asyncio" is an idea).
const PAGE_PARTS: &[&str] = &["intro", "introduction", "overview", "background", "summary", "tl;dr", "tldr", "preface"];

/// True for a heading that only names a part of the page: its own text and paragraphs are not
/// ideas, but the headings under it are read as if it were not there (authors nest a post's
/// idea headings under "## Intro" by accident of markup).
pub fn is_page_part(heading: &str) -> bool {
    let h = fold(heading);
    PAGE_PARTS.contains(&h.trim_matches(|c: char| !c.is_alphanumeric() && c != ';'))
}

/// True for a heading that announces talks someone wants: topics, ideas, or what people
/// "want to see" or "would like to see".
fn names_wanted_talks(heading: &str) -> bool {
    names_topics(heading) || fold(heading).contains("to see")
}

/// True for a byline or dateline heading ("gnat on 2003-02-10T19:53:35", "Posted March 3,
/// 2019 by Ana"): a few words around a date, which say who wrote the text below and when,
/// not what it is about. The text under it belongs to the heading above.
pub fn is_dateline(heading: &str) -> bool {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d").expect("static regex"));
    // Besides the date, a name and a word or two ("on", "posted by"); more words are a title.
    let words = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) && !DATE_WORDS.contains(&fold(w).as_str()))
        .count();
    words <= 4 && (ISO.is_match(heading) || is_date(heading))
}

/// True for "Much more!", "etc." and the like.
pub fn is_catch_all(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    if CATCH_ALL.contains(&t) {
        return true;
    }
    t.starts_with("whatever")
        && ["didn't mention", "did not mention", "i missed", "i forgot", " else"].iter().any(|p| t.contains(p))
}

/// True for a label that introduces talks the author does not want.
pub fn is_unwanted_label(label: &str) -> bool {
    let l = fold(label);
    UNWANTED.iter().any(|p| l.contains(p))
}

/// A short paragraph right before a list that names the list, like a heading would.
fn is_label(p: &Text) -> bool {
    let words = p.text.split_whitespace().count();
    let last = p.text.chars().last().unwrap_or('.');
    // "Frontend:" is a label; "There is a lot you can do here:" and "Please, none of these:"
    // introduce the list instead.
    let pointing = ["these", "this", "here", "following", "below"];
    let colon_label = last == ':'
        && words <= 4
        && !p.text.contains(',')
        && !p.text.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| pointing.contains(&w));
    (1..=10).contains(&words)
        && p.text.chars().count() <= 80
        && (colon_label || !".:;,!?".contains(last))
        && !p.mostly_links()
}

/// "3. Testing", "3) Testing", "3 - Testing", "(3) Testing", "#3 Testing" or "#3: Testing" ->
/// "Testing": the number orders the post, it is not the idea. "5 ways to test" keeps its
/// number: without a mark around it, a number is part of the title.
fn strip_number(heading: &str) -> &str {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\(\d{1,3}\)|#\d{1,3}[.:)]?|\d{1,3}(?:[.):]|\s*[-\u{2013}\u{2014}]))\s+(\S.*)$")
            .expect("static pattern")
    });
    NUMBERED.captures(heading).and_then(|c| c.get(1)).map_or(heading, |m| m.as_str())
}

/// Words after which a sentence lists examples: "topics like", "including", "such as".
const ENUMERATION_CUES: &[&str] = &[" like ", " including ", " include ", " such as ", " e.g. ", " e.g., ", ": "];

/// The longest element of an enumeration, in words: longer runs are clauses, not topics.
const ENUMERATION_WORDS: usize = 6;

/// The elements of an enumeration inside a sentence ("broader topics like deployment,
/// packaging, testing, and more"): at least three short elements after a cue, the catch-all
/// tail dropped. Empty when the paragraph has none.
pub fn enumeration(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in paragraph.split_inclusive(['.', '!', '?', ';']) {
        let lower = sentence.to_lowercase();
        // The last cue of the sentence opens the run.
        let Some((at, cue)) =
            ENUMERATION_CUES.iter().filter_map(|c| lower.rfind(c).map(|at| (at, c.len()))).max_by_key(|(at, _)| *at)
        else {
            continue;
        };
        let Some(run) = sentence.get(at + cue..) else { continue };
        let run = run.trim().trim_end_matches(['.', '!', '?', ';', ':']);
        let mut elements: Vec<String> = run
            .split(',')
            .flat_map(|part| {
                let part = part.trim();
                // "A and B" at the end of the run is two elements; "and more" is none.
                // "…, and more": the Oxford comma's "and" is not part of the element. An "and"
                // inside an element stays ("privacy and encryption" is one topic).
                let part = part.strip_prefix("and ").or_else(|| part.strip_prefix("or ")).unwrap_or(part);
                part.split(" as well as ").map(str::trim).collect::<Vec<_>>()
            })
            .map(|e| e.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(').to_string())
            .filter(|e| !e.is_empty() && !is_catch_all(e))
            .collect();
        elements.dedup();
        let short = elements.iter().all(|e| e.split_whitespace().count() <= ENUMERATION_WORDS);
        if elements.len() >= 3 && short {
            out.extend(elements);
        }
    }
    out
}

/// Verbs with which a question offers the reader a talk: "Want to talk about Django?".
const OFFER_VERBS: &[&str] = &["talk", "tell", "speak", "present", "share", "show"];

/// Words between the verb and its subject ("talk about", "tell people how").
const OFFER_LINKS: &[&str] = &["about", "on", "people", "us", "how", "a", "an", "the"];

/// Words of the proposal process. A question or a list about them is guidance on proposing
/// ("Want to submit a talk but not sure what to talk about?", "Submit your proposal early."),
/// not a topic.
const PROCESS_WORDS: &[&str] = &["propos", "submi", "review", "deadline", "cfp"];

/// True for a word of the proposal process ([`PROCESS_WORDS`]), in any ASCII case.
fn is_process_word(word: &str) -> bool {
    let w = word.as_bytes();
    PROCESS_WORDS.iter().any(|p| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// The sentences of a paragraph, each with its closing mark. A mark inside parentheses
/// ("(what's an L2 cache?)") ends no sentence.
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut from, mut depth) = (0, 0usize);
    for (at, c) in paragraph.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' | '!' | '?' if depth == 0 => {
                let sentence = paragraph[from..at + 1].trim();
                if !sentence.is_empty() {
                    out.push(sentence);
                }
                from = at + 1;
            }
            _ => {}
        }
    }
    let rest = paragraph[from..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The questions of a paragraph that offer a talk on a subject ("Want to talk about Django?",
/// "Is your company willing to talk about how it uses Perl?"): a question with a verb of
/// speaking and a subject after it. Each is a candidate as written. A question about the
/// proposal itself, or without a subject ("Not sure what to talk about?"), is none.
pub fn offers(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !paragraph.contains('?') {
        return out;
    }
    for sentence in sentences(paragraph).into_iter().filter(|s| s.ends_with('?')) {
        let lower = fold(sentence);
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let is_verb = |w: &&str| {
            OFFER_VERBS.iter().any(|v| w.strip_prefix(v).is_some_and(|rest| ["", "s", "ing"].contains(&rest)))
        };
        let Some(verb) = words.iter().position(is_verb) else { continue };
        let subject = words[verb + 1..].iter().filter(|w| !OFFER_LINKS.contains(w)).count();
        if subject >= 1 && !words.iter().any(|w| is_process_word(w)) {
            out.push(sentence.to_string());
        }
    }
    out
}

/// Words that open sentences of prose, not of a list written as sentences ("I think…",
/// "We want…").
const PRONOUNS: &[&str] = &["i", "you", "we", "it", "this", "that", "they", "he", "she", "there", "if", "and", "but"];

/// The longest sentence of a list written as sentences.
const PARALLEL_WORDS: usize = 10;

/// The sentences after the first that continue a list written as sentences: "Thoughts on tech
/// culture. Ideas on diversity. On mental health. On workplace issues. Anything else that …"
/// gives "Ideas on diversity.", "On mental health.", "On workplace issues.". A run is at least
/// three short sentences in a row, the first included, that share a word among their first two.
pub fn parallel(text: &str) -> Vec<String> {
    // Most entries are one short line: no run to find.
    if text.matches(['.', '!', '?']).nth(2).is_none() {
        return Vec::new();
    }
    let sentences = sentences(text);
    if sentences.len() < 3 {
        return Vec::new();
    }
    let opening = |s: &str| -> (usize, Vec<String>) {
        let mut words = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        let first: Vec<String> = words.by_ref().take(2).map(fold).collect();
        let count = first.len() + words.count();
        (count, first.into_iter().filter(|w| !PRONOUNS.contains(&w.as_str())).collect())
    };
    let heads: Vec<(usize, Vec<String>)> = sentences.iter().map(|s| opening(s)).collect();
    let short = |k: usize| heads[k].0 <= PARALLEL_WORDS;
    if !short(0) {
        return Vec::new();
    }
    // The run starts at the first sentence, the entry's own idea, and goes on while a word of
    // the first sentence's opening is shared.
    for word in &heads[0].1 {
        let run = (1..sentences.len()).take_while(|&k| short(k) && heads[k].1.contains(word)).count();
        if run >= 2 {
            return sentences[1..=run].iter().map(|s| s.to_string()).collect();
        }
    }
    Vec::new()
}

/// A list of guidance on proposing: most of its entries speak of proposals, submitting or
/// reviewing ("Submit your proposal early.", "Include an outline: reviewers …").
fn is_guidance(entries: &[Entry]) -> bool {
    let about_process =
        entries.iter().filter(|e| e.text.text.split(|c: char| !c.is_alphanumeric()).any(is_process_word)).count();
    // Dates name the process too; a list of them is a call's schedule, which tells a call apart.
    entries.len() >= 2 && about_process * 2 > entries.len() && !entries.iter().any(|e| is_date(&e.text.text))
}

/// A list whose every entry is a link to another talk-idea post.
fn is_link_list(entries: &[Entry]) -> bool {
    !entries.is_empty()
        && entries.iter().all(|e| e.children.is_empty() && e.text.mostly_links())
        && entries.iter().any(|e| {
            let t = fold(&e.text.text);
            POST_WORDS.iter().any(|w| t.contains(w))
        })
}

struct Node {
    heading: Option<Text>,
    level: u8,
    blocks: Vec<Block>,
    children: Vec<usize>,
}

/// The heading tree: node 0 is the content before any heading.
fn tree(blocks: Vec<Block>) -> Vec<Node> {
    let mut nodes = vec![Node { heading: None, level: 0, blocks: Vec::new(), children: Vec::new() }];
    let mut stack: Vec<(u8, usize)> = vec![(0, 0)];
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                let parent = stack.last().map_or(0, |(_, i)| *i);
                nodes.push(Node { heading: Some(text), level, blocks: Vec::new(), children: Vec::new() });
                let id = nodes.len() - 1;
                nodes[parent].children.push(id);
                stack.push((level, id));
            }
            other => {
                let current = stack.last().map_or(0, |(_, i)| *i);
                nodes[current].blocks.push(other);
            }
        }
    }
    nodes
}

/// Anchor texts that only point to more: the link itself is the whole message.
const POINTER_WORDS: &[&str] = &[
    "link",
    "here",
    "this",
    "more",
    "details",
    "source",
    "issue",
    "read more",
    "see more",
    "website",
    "slides",
    "video",
];

/// A list that describes rather than enumerates: one of its entries only points elsewhere
/// ("[link]", "See here"), and none asks a question. Under a heading it is the heading's
/// prose, written as bullets ("Discussion about …", the link to the issue), and the heading
/// names the idea.
fn is_descriptive(entries: &[Entry]) -> bool {
    let question = |e: &Entry| e.text.text.trim_end().ends_with('?');
    // Ideas are often written as sentences too: only a pointer tells a description apart.
    !entries.is_empty() && !entries.iter().any(question) && entries.iter().any(is_pointer)
}

/// "[link]", "See here": a pointer to more about something, not a topic of its own. A linked
/// topic ("[Caching](…)") names something; a pointer's words name only the link.
fn is_pointer(e: &Entry) -> bool {
    e.text.text.split_whitespace().count() <= 3
        && !e.text.anchors.is_empty()
        && e.text.anchors.iter().all(|a| POINTER_WORDS.contains(&fold(a.text.trim()).as_str()))
}

/// A row of addresses ("XMPP https://planet.jabber.org ralphm@ik.nu"): most of its words are
/// URLs or e-mail addresses, so it says where to find something, not what to talk about.
fn is_address_row(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let addresses = words.iter().filter(|w| w.contains("://") || (w.contains('@') && w.contains('.'))).count();
    addresses >= 1 && addresses * 2 >= words.len()
}

fn has_list(node: &Node) -> bool {
    node.blocks.iter().any(|b| matches!(b, Block::List(e) if !is_link_list(e) && !is_descriptive(e)))
}

fn has_prose(node: &Node) -> bool {
    node.blocks.iter().any(|b| matches!(b, Block::Paragraph(_)) || matches!(b, Block::List(e) if is_descriptive(e)))
}

/// A heading whose text first describes it in prose of its own, then leads into a list
/// ("### Explain a systems concept", what such a talk does, "A few concepts to tackle:", a
/// list) is an idea with sub-ideas. A label goes straight to its list, or says a word about
/// it first ("## Frontend", "My frontend topics are far from complete.", a list).
fn describes_before_listing(node: &Node) -> bool {
    let Some(list) =
        node.blocks.iter().position(|b| matches!(b, Block::List(e) if !is_link_list(e) && !is_descriptive(e)))
    else {
        return false;
    };
    let Some((Block::Paragraph(lead_in), before)) = node.blocks[..list].split_last() else { return false };
    if !lead_in.text.trim_end().ends_with(':') || is_label(lead_in) {
        return false;
    }
    // The description may share the lead-in's paragraph: "I imagine few have read the
    // compiler. So an awesome talk could be:".
    sentences(&lead_in.text).len() >= 3
        || before.iter().any(|b| matches!(b, Block::Paragraph(p) if !p.text.trim_end().ends_with(':') && !is_label(p)))
}

fn prose(node: &Node) -> String {
    let mut paragraphs: Vec<&str> = Vec::new();
    for block in &node.blocks {
        match block {
            Block::Paragraph(t) => paragraphs.push(t.text.as_str()),
            Block::List(entries) if is_descriptive(entries) => {
                paragraphs.extend(entries.iter().map(|e| e.text.text.as_str()));
            }
            _ => {}
        }
    }
    paragraphs.join("\n\n")
}

/// Read the ideas of a post. `title` is the page or front-matter title, used to recognise a
/// title heading.
pub fn ideas(blocks: Vec<Block>, title: Option<&str>) -> Vec<Draft> {
    // The title heading is dropped below, but it still says what the page is.
    let calls = title.is_some_and(is_call)
        || blocks.iter().any(|b| matches!(b, Block::Heading { text, .. } if is_call(&text.text)));
    let blocks = drop_title(blocks, title);
    let nodes = tree(blocks);
    let mut reader = Reader { topical: Vec::new(), nodes: &nodes, out: Vec::new(), heading_post: false, call: calls };
    reader.heading_post = reader.is_heading_post();
    let context = Context { section: String::new(), polarity: Polarity::Wanted, parent: None, depth: 0 };
    reader.list_content(0, &context);
    for &child in &nodes[0].children {
        reader.node(child, &context);
    }
    only_topic_lists(reader.out, &reader.topical, calls)
}

/// A title or heading that names a call for proposals ("Call for Participation", "CFP",
/// "Proposing a Talk", "Submit a talk").
fn is_call(text: &str) -> bool {
    let t = fold(text);
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let proposing = words.iter().any(|w| w.starts_with("propos") || w.starts_with("submit"))
        && words.iter().any(|w| ["talk", "talks", "session", "sessions", "paper", "papers"].contains(w));
    t.contains("call for") || proposing || words.iter().any(|w| *w == "cfp" || *w == "cfps")
}

/// The last sentence of a paragraph.
fn last_sentence(text: &str) -> &str {
    let t = text.trim_end();
    let body = t.trim_end_matches([':', '.', '!', '?']);
    [". ", "! ", "? "].iter().filter_map(|end| body.rfind(end)).max().map_or(t, |at| &t[at + 2..])
}

/// Words with which a call for proposals announces its list of topics.
const TOPIC_WORDS: &[&str] = &[
    "topic",
    "idea",
    "suggest",
    "subject",
    "categor",
    "what to propose",
    "inspir",
    "get you started",
    "get you thinking",
];

/// True for a label or lead-in that announces topics ("Suggested Topics", "Some ideas to talk
/// about:", "Topics include").
fn names_topics(text: &str) -> bool {
    // Collapsed, so "what  to\npropose" matches as written in the list above.
    let t = super::document::collapse(&fold(text));
    TOPIC_WORDS.iter().any(|w| t.contains(w))
}

/// A call for proposals that announces some of its lists as topics (among its lists
/// of dates, formats, perks and guidelines) has its ideas in those lists: the other lists, and
/// its headings, are not read. Pages that announce no list are read as before.
fn only_topic_lists(drafts: Vec<Draft>, topical: &[bool], calls: bool) -> Vec<Draft> {
    let announced = drafts.iter().zip(topical).any(|(d, &t)| t && d.kind != CandidateKind::Heading);
    // A call for proposals names itself or has its dates on the page; a personal post that
    // announces one of its lists as "ideas" has the rest of its ideas in other lists.
    let dated = drafts.iter().zip(topical).filter(|(d, t)| !**t && is_date(&d.text)).count() >= 2;
    if !announced || !(dated || calls) {
        return drafts;
    }
    let mut keep = vec![false; drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        let parent_kept = d.parent.is_none_or(|p| keep[p]);
        // Its headings with prose are the page's own parts ("Speaker Benefits", "Talk
        // Formats"), not ideas; sub-items go with their parent.
        keep[i] = parent_kept && (topical[i] || d.parent.is_some());
    }
    select(drafts, &keep)
}

/// Month and weekday names: the dates of a call for proposals.
pub const DATE_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True for a text that names a calendar date ("March 1: CFP opens", "Fri, 5 Jun").
pub fn is_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // A day is a number, or an ordinal ("1st", "31st").
    let day = |w: &&str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&&w[digits.len()..])
    };
    words.iter().any(|w| DATE_WORDS.contains(w)) && words.iter().any(day)
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

/// A lone top-level heading that opens the page is its title, not a section.
fn drop_title(mut blocks: Vec<Block>, title: Option<&str>) -> Vec<Block> {
    let levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    let Some(&top) = levels.iter().min() else { return blocks };
    let first = blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    if let Some(i) = first
        && let Block::Heading { level, text } = &blocks[i]
    {
        let lone_top = *level == top && levels.iter().filter(|&&l| l == top).count() == 1 && top == 1;
        let same_as_title = title.is_some_and(|t| fold(t).contains(&fold(&text.text)));
        if lone_top || same_as_title {
            blocks.remove(i);
        }
    }
    blocks
}

#[derive(Clone)]
struct Context {
    section: String,
    polarity: Polarity,
    parent: Option<usize>,
    depth: u32,
}

struct Reader<'a> {
    /// Per candidate: whether the list it stands in is announced as topics (its label or
    /// lead-in says "topics", "ideas", "suggested", …).
    topical: Vec<bool>,
    nodes: &'a [Node],
    out: Vec<Draft>,
    heading_post: bool,
    /// The page is a call for proposals: its headings with prose are its own parts.
    call: bool,
}

impl Reader<'_> {
    fn heading_text(&self, i: usize) -> &str {
        self.nodes[i].heading.as_ref().map_or("", |t| t.text.as_str())
    }

    fn organising(&self, i: usize) -> bool {
        let h = self.heading_text(i);
        is_organising(h) || is_catch_all(h)
    }

    /// More headings carry prose alone than carry lists: headings are the ideas.
    fn is_heading_post(&self) -> bool {
        let (mut prose_only, mut listing) = (0, 0);
        let mut stack: Vec<usize> = self.nodes[0].children.clone();
        while let Some(i) = stack.pop() {
            if self.organising(i) {
                continue;
            }
            if is_page_part(self.heading_text(i)) {
                stack.extend(&self.nodes[i].children);
                continue;
            }
            let node = &self.nodes[i];
            // Bold lines are counted as the headings of neither shape: a call for proposals
            // full of bold advice ("**1. Apply**") is not thereby a post of idea headings.
            if node.level == BOLD_LINE_LEVEL {
            } else if has_list(node) {
                listing += 1;
            } else if has_prose(node) {
                prose_only += 1;
            }
            stack.extend(&node.children);
        }
        prose_only >= 3 && prose_only > 2 * listing
    }

    fn node(&mut self, i: usize, context: &Context) {
        if self.organising(i) {
            // An update can add ideas: "### 2018-06-01 - What you said you want to see!".
            for &child in &self.nodes[i].children {
                if !self.organising(child) && names_wanted_talks(self.heading_text(child)) {
                    self.node(child, context);
                }
            }
            return;
        }
        if is_dateline(self.heading_text(i)) {
            self.list_content(i, context);
            for &child in &self.nodes[i].children {
                self.node(child, context);
            }
            return;
        }
        if is_dateline(self.heading_text(i)) {
            self.list_content(i, context);
            for &child in &self.nodes[i].children {
                self.node(child, context);
            }
            return;
        }
        if is_page_part(self.heading_text(i)) {
            for &child in &self.nodes[i].children {
                self.node(child, context);
            }
            return;
        }
        let node = &self.nodes[i];
        let heading = self.heading_text(i).to_string();
        let polarity = if is_unwanted_label(&heading) { Polarity::Unwanted } else { context.polarity };
        // A heading that announces unwanted talks labels them; it is never an idea itself.
        let bare = node.blocks.is_empty() && node.children.is_empty();
        // A heading over a list it announces as topics ("… topics including:") is that list's
        // section, whatever shape the rest of the post has.
        // (An idea heading may lead into sub-ideas after prose of its own: then the lead-in is
        // not all it says.)
        let describes = !self.call && !names_wanted_talks(&heading) && describes_before_listing(node);
        let announces_topics = (node.blocks.windows(2).any(|w| {
            matches!(w, [Block::Paragraph(p), Block::List(_)] if names_topics(&p.text) && p.text.trim_end().ends_with(':'))
        }) && !describes) || (names_topics(&heading) && !has_list(node) && node.blocks.iter().any(|b| {
            // "## Topics" over prose that names them ("Want to talk about caching?") is their label.
            matches!(b, Block::Paragraph(p) if !offers(&p.text).is_empty() || !enumeration(&p.text).is_empty())
        }));
        let is_idea = !is_unwanted_label(&heading)
            && !announces_topics
            && if self.heading_post {
                has_prose(node) || has_list(node) || bare
            } else {
                // In a list post a heading with prose and no list and no sub-headings names an
                // idea, unless it asks the reader something ("Why speak?").
                bare || (!has_list(node) && has_prose(node) && node.children.is_empty() && !heading.ends_with('?'))
                    || describes
            };
        if is_idea {
            let index =
                self.push(context, strip_number(&heading).to_string(), prose(node), polarity, CandidateKind::Heading);
            self.topical.push(false);
            let inner =
                Context { section: context.section.clone(), polarity, parent: Some(index), depth: context.depth + 1 };
            // The entries of its lists are grouped under the idea; its sub-headings are ideas
            // of their own, and a heading that is an idea names no section.
            let section = strip_number(&heading).trim_end_matches(':').trim_end().to_string();
            self.list_content(i, &Context { section, ..inner.clone() });
            for &child in &node.children {
                self.node(child, &inner);
            }
        } else {
            let section = heading.trim_end_matches(':').trim_end().to_string();
            let inner = Context { section, polarity, parent: context.parent, depth: context.depth };
            self.list_content(i, &inner);
            for &child in &node.children {
                self.node(child, &inner);
            }
        }
    }

    /// The lists of one node; a short label paragraph right before a list names its section.
    /// Outside idea headings, enumerations inside sentences are candidates too.
    fn list_content(&mut self, i: usize, context: &Context) {
        let blocks = &self.nodes[i].blocks;
        for (k, block) in blocks.iter().enumerate() {
            if let Block::Paragraph(p) = block
                && context.parent.is_none()
            {
                let candidates: Vec<String> = enumeration(&p.text).into_iter().chain(offers(&p.text)).collect();
                // An enumeration under the call's own heading is the call's scope. (Asked only
                // when there are candidates: most paragraphs have none, and some are long.)
                let topical = !candidates.is_empty()
                    && (names_topics(&p.text) || names_topics(&context.section) || is_call(&context.section));
                for element in candidates {
                    self.push(context, element, String::new(), context.polarity, CandidateKind::Inline);
                    self.topical.push(topical);
                }
            }
            let Block::List(entries) = block else { continue };
            // Under an idea heading a descriptive list is its prose (see `prose`), not ideas.
            if is_link_list(entries) || is_guidance(entries) || (context.parent.is_some() && is_descriptive(entries)) {
                continue;
            }
            let mut inner = context.clone();
            let mut topical = names_topics(&context.section);
            if k > 0
                && let Block::Paragraph(p) = &blocks[k - 1]
            {
                // The sentence that leads into the list announces it, not the paragraph's others
                // ("… present your ideas. We invite talks from people, including:").
                topical |= names_topics(last_sentence(&p.text));
                if is_label(p) && context.parent.is_none() {
                    inner.section = p.text.trim_end_matches(':').trim().to_string();
                } else if k > 1
                    && p.text.trim_end().ends_with(':')
                    && context.parent.is_none()
                    && let Block::Paragraph(label) = &blocks[k - 2]
                    && is_label(label)
                {
                    // "**Topics**", then a lead-in ("Suggested topics include:"), then the list:
                    // the label names it.
                    inner.section = label.text.trim_end_matches(':').trim().to_string();
                    topical |= names_topics(&label.text);
                }
                if is_unwanted_label(&p.text) {
                    inner.polarity = Polarity::Unwanted;
                }
            }
            let first = self.out.len();
            self.entries(entries, &inner);
            self.topical.resize(first, false);
            self.topical.resize(self.out.len(), topical);
        }
    }

    /// A list's entries in document order, each under the nearest entry above it that is an
    /// idea; an explicit stack, not recursion, walks the tree.
    fn entries(&mut self, entries: &[Entry], context: &Context) {
        let mut stack = vec![(entries.iter(), context.clone())];
        while let Some((siblings, context)) = stack.last_mut() {
            let Some(entry) = siblings.next() else {
                stack.pop();
                continue;
            };
            let context = context.clone();
            let text = &entry.text.text;
            // An empty, catch-all, pointer or address entry is no idea: its children stand
            // where it stood.
            if text.is_empty()
                || (is_catch_all(text) && entry.children.is_empty())
                || is_pointer(entry)
                || is_address_row(text)
            {
                stack.push((entry.children.iter(), context));
                continue;
            }
            let index =
                self.push(&context, text.clone(), entry.description.clone(), context.polarity, CandidateKind::Entry);
            let inner = Context { parent: Some(index), depth: context.depth + 1, ..context };
            for sentence in parallel(text) {
                self.push(&inner, sentence, String::new(), inner.polarity, CandidateKind::Inline);
            }
            stack.push((entry.children.iter(), inner));
        }
    }

    fn push(
        &mut self,
        context: &Context,
        text: String,
        description: String,
        polarity: Polarity,
        kind: CandidateKind,
    ) -> usize {
        self.out.push(Draft {
            section: context.section.clone(),
            depth: context.depth,
            parent: context.parent,
            text,
            description,
            polarity,
            kind,
        });
        self.out.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::markdown;

    #[test]
    fn pointers_and_address_rows_are_not_ideas() {
        let md = "# Ideas\n\n- Open source licenses? What do they mean?\n- [link](https://x.example/1)\n- Web components\n- XMPP https://planet.example.org news@planet.example.org\n- Caching with https://redis.io\n";
        let texts: Vec<String> = drafts(md).into_iter().map(|d| d.text).collect();
        assert_eq!(
            texts,
            ["Open source licenses? What do they mean?", "Web components", "Caching with https://redis.io"]
        );
        assert!(is_address_row("All projects https://planet.example.org planet@example.org"));
        assert!(!is_address_row("Caching with https://redis.io and Django"));
    }

    #[test]
    fn a_page_part_heading_is_skipped_but_the_headings_under_it_are_read() {
        let md = "# Talk ideas\n\n## Intro\n\n- July 2030\n- This is our backlog of ideas.\n\n### Service meshes\n\nWhy they matter.\n\n### Database migrations\n\nHow to run them.\n\n### Introduction to asyncio\n\nFor beginners.\n";
        let texts: Vec<String> = drafts(md).into_iter().map(|d| d.text).collect();
        assert_eq!(texts, ["Service meshes", "Database migrations", "Introduction to asyncio"]);
        assert!(is_page_part("Intro") && is_page_part("TL;DR:") && !is_page_part("Introduction to asyncio"));
    }

    #[test]
    fn the_last_sentence_of_a_lead_in_announces_its_list() {
        assert_eq!(
            last_sentence("Share your ideas! We invite talks from people, including:"),
            "We invite talks from people, including:"
        );
        assert_eq!(last_sentence("Topics include:"), "Topics include:");
        assert_eq!(last_sentence("Why? Because. Suggested topics:"), "Suggested topics:");
        // A CFP whose earlier sentence mentions ideas: the audience list is not a topic list.
        let md = "---\ntitle: Call for Proposals\n---\n\nPresent your ideas. We invite talks from people, including:\n\n- First time speakers\n- People who built things\n\n## Dates\n\n- Opens 8th May 2030\n- Closes 1st July 2030\n\n## Topics\n\nSuggested topics include:\n\n- Core Python\n- Web development\n";
        let texts: Vec<String> = drafts(md).into_iter().map(|d| d.text).collect();
        assert_eq!(texts, ["Core Python", "Web development"]);
    }

    fn drafts(md: &str) -> Vec<Draft> {
        let (title, blocks) = markdown::read(md);
        ideas(blocks, title.as_deref())
    }

    fn summary(d: &[Draft]) -> Vec<String> {
        d.iter().map(|d| format!("{}{}|{}|{:?}", "  ".repeat(d.depth as usize), d.text, d.section, d.parent)).collect()
    }

    #[test]
    fn list_post_uses_headings_and_label_paragraphs_as_sections() {
        let md = "# My list\n\nIntro words here.\n\nWeb Things\n\n- Forms\n- Views\n\n## Data\n\nThere is plenty to say here:\n\n- ORM\n  - Lookups\n- Much more!\n\n**Ops:**\n\n- Backups\n";
        assert_eq!(
            summary(&drafts(md)),
            [
                "Forms|Web Things|None",
                "Views|Web Things|None",
                "ORM|Data|None",
                "  Lookups|Data|Some(2)",
                "Backups|Ops|None"
            ]
        );
    }

    #[test]
    fn heading_post_gives_one_item_per_heading_with_sub_ideas() {
        let md = "## Caching at scale\n\nWhy it matters.\n\n## Async views\n\nMore prose.\n\n### Related: channels\n\nYes.\n\n\
                  ## Database tips\n\nThere is a lot:\n\n- Query plans\n- Replicas\n\n## Something else entirely?\n\nSubmit anyway.\n";
        let d = drafts(md);
        assert_eq!(
            summary(&d),
            [
                "Caching at scale||None",
                "Async views||None",
                "  Related: channels||Some(1)",
                "Database tips||None",
                "  Query plans|Database tips|Some(3)",
                "  Replicas|Database tips|Some(3)",
            ]
        );
        assert_eq!(d[0].description, "Why it matters.");
    }

    #[test]
    fn organising_headings_and_link_lists_are_not_ideas_and_a_reprinted_past_list_is() {
        let md = "## What others want to see\n\n- [Ann's talk ideas](https://a.example/ideas)\n\n\
                  ## Backend\n\n- Search\n\n## 2015 Ideas\n\n- Old idea\n\n## Updates\n\n### June\n\nThanks!\n\n\
                  ## Reading\n\n- [Her talk ideas post](https://b.example/p)\n";
        let (_, blocks) = markdown::read(md);
        let d = ideas(blocks, None);
        assert_eq!(summary(&d), ["Search|Backend|None", "Old idea|2015 Ideas|None"]);
    }

    #[test]
    fn unwanted_sections_keep_their_items_with_polarity() {
        let md = "## Wanted\n\n- Testing\n\n## Talks I don\u{2019}t want to see\n\nNone of these:\n\n- Crypto talks\n";
        let d = drafts(md);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].polarity, Polarity::Wanted);
        assert_eq!((d[1].text.as_str(), d[1].polarity), ("Crypto talks", Polarity::Unwanted));
    }

    #[test]
    fn bare_and_numbered_headings_are_ideas_and_reader_questions_are_not() {
        let md = "## 1. Security\n\n## 2) Testing\n\nWhy.\n\n## Backend\n\n- ORM\n\n## Why speak?\n\nBecause.\n";
        let d = drafts(md);
        assert_eq!(summary(&d), ["Security||None", "Testing||None", "ORM|Backend|None"]);
        assert_eq!(strip_number("#3: Caching"), "Caching");
        assert_eq!(strip_number("2025 ideas"), "2025 ideas");
        for numbered in ["1 - Testing", "(2) Testing", "#4 Testing", "3) Testing", "12. Testing", "7 \u{2013} Testing"]
        {
            assert_eq!(strip_number(numbered), "Testing", "{numbered}");
        }
        for title in ["5 ways to test", "3D printing", "1.10 release notes", "#hashtags"] {
            assert_eq!(strip_number(title), title);
        }
    }

    #[test]
    fn a_heading_whose_bullets_describe_it_is_the_idea() {
        let md = "## Backlog\n\n### Service meshes\n* Talk about sidecars and the control plane\n* [link](https://x.example/1)\n\n\
                  ### Typing\n* [link](https://x.example/2)\n\n## Topics\n\n- [Caching](https://x.example/c)\n- Search\n";
        let d = drafts(md);
        assert_eq!(
            summary(&d),
            ["Service meshes|Backlog|None", "Typing|Backlog|None", "Caching|Topics|None", "Search|Topics|None"]
        );
        assert_eq!(d[0].description, "Talk about sidecars and the control plane\n\nlink");
    }

    #[test]
    fn a_call_for_proposals_keeps_only_the_lists_it_announces_as_topics() {
        let cfp = "## Important dates\n\n- March 1, 2031: CFP opens\n- April 2, 2031: CFP closes\n\n\
                   ## Speaker benefits\n\n- Free ticket\n- Travel support\n\n## Venue\n\nA hall by the river.\n\n## Suggested topics\n\n- Caching\n- Typing\n\n\
                   ## Also\n\nSome ideas to get you started:\n\n- Search\n";
        assert_eq!(
            summary(&drafts(cfp)),
            ["Caching|Suggested topics|None", "Typing|Suggested topics|None", "Search|Also|None"]
        );
        // A personal post that calls one list "ideas" has no dates: every list is read.
        let post = "## Frontend\n\n- HTMX\n\n## Ideas from friends\n\n- Search\n";
        assert_eq!(summary(&drafts(post)).len(), 2);
        assert!(is_date("March 1, 2031: CFP opens") && is_date("31st August: deadline"));
        assert!(!is_date("Caching in March") && !is_date("Python 3.12") && !is_date("March of the 3rdparty apps"));
    }

    #[test]
    fn labels_above_lead_ins_and_headings_over_announced_topics_are_sections() {
        let md = "**Topics**\n\nSuggested topics for talks include:\n\n- Caching\n- Typing\n";
        assert_eq!(summary(&drafts(md)), ["Caching|Topics|None", "Typing|Topics|None"]);
        // A heading post, but this heading's list is announced as topics: it is a section.
        let md = "## Caching at scale\n\nWhy.\n\n## Async views\n\nHow.\n\n## Search\n\nFind.\n\n\
                  ## About the devroom\n\nWe host talks on topics including:\n\n- Routing\n- Switching\n";
        let d = drafts(md);
        assert_eq!(&summary(&d)[3..], ["Routing|About the devroom|None", "Switching|About the devroom|None"]);
    }

    #[test]
    fn enumerations_inside_sentences_are_candidates() {
        assert_eq!(
            enumeration(
                "We welcome talks. That might mean broader topics like deployment, packaging, testing, and more!"
            ),
            ["deployment", "packaging", "testing"]
        );
        assert_eq!(
            enumeration("Topics including: XMPP, SIP, WebRTC, privacy and encryption."),
            ["XMPP", "SIP", "WebRTC", "privacy and encryption"]
        );
        assert!(enumeration("Submit by Friday, June 1, and we will reply.").is_empty(), "no cue, no run");
        assert!(
            enumeration("We like long talks, which run over an hour and cover a lot of ground, and short ones.")
                .is_empty()
        );
        let md = "## Topics\n\nWe want talks on topics like caching, typing, and search.\n\n- Testing\n";
        let d = drafts(md);
        assert_eq!(
            summary(&d),
            ["caching|Topics|None", "typing|Topics|None", "search|Topics|None", "Testing|Topics|None"]
        );
        assert!(d[..3].iter().all(|d| d.kind == CandidateKind::Inline) && d[3].kind == CandidateKind::Entry);
    }

    #[test]
    fn questions_that_offer_a_talk_are_candidates() {
        assert_eq!(
            offers("Want to talk about caching? Great. Want to tell people how you brew beer with Python? Do!"),
            ["Want to talk about caching?", "Want to tell people how you brew beer with Python?"]
        );
        assert!(offers("Not sure what to talk about?").is_empty(), "no subject");
        assert!(offers("Want to submit a talk but not sure what to talk about?").is_empty(), "the process");
        assert!(offers("We love talks about caching.").is_empty(), "not a question");
        assert!(
            offers("I'd love talks that explain how caches work (what's an L2 cache?) and why.").is_empty(),
            "a question inside parentheses ends no sentence"
        );
        assert_eq!(sentences("One (a? b.) two. Three? Four"), ["One (a? b.) two.", "Three?", "Four"]);
        let md = "## Topics\n\nAnything goes. Want to talk about caching? Perfect.\n";
        assert_eq!(summary(&drafts(md)), ["Want to talk about caching?|Topics|None"]);
    }

    #[test]
    fn a_page_about_proposing_keeps_its_topics_not_its_advice() {
        assert!(is_call("Proposing a Talk") && is_call("Submit a talk!") && is_call("Call for Papers"));
        assert!(!is_call("Talks I'd like to see") && !is_call("Proposals for the new website"));
        let md = "# Proposing a Talk\n\n## Timeline\n\n- Speakers announced\n- Talks given\n\n\
                  ## Topics\n\nWant to talk about caching? Perfect.\n\n## Good ideas\n\n\
                  - Submit your proposal early.\n- Include an outline: reviewers like one.\n- Be kind.\n";
        assert_eq!(summary(&drafts(md)), ["Want to talk about caching?|Topics|None"]);
        let guidance = "## Ideas\n\n- Submit early.\n- Caching\n- Typing\n";
        assert_eq!(summary(&drafts(guidance)).len(), 3, "one entry about the process leaves a list of ideas");
    }

    #[test]
    fn a_byline_heading_names_no_section() {
        assert!(is_dateline("ana on 2003-02-10T19:53:35") && is_dateline("Posted March 3, 2019 by Ana"));
        assert!(!is_dateline("What's new in Django 5.2") && !is_dateline("2015 Ideas"));
        assert!(!is_dateline("2018-06-01 - What you said you want to see!"), "a dated title is a title");
        let md = "## Conference topics\n\n### ana on 2003-02-10T19:53:35\n\nHere are a few that came to mind this week:\n\n- Caching\n- Typing\n";
        assert_eq!(summary(&drafts(md)), ["Caching|Conference topics|None", "Typing|Conference topics|None"]);
    }

    #[test]
    fn a_heading_that_describes_itself_and_leads_into_a_list_is_an_idea_with_sub_ideas() {
        let md = "## Explain a systems concept\n\nDid you write a database? Explain how it works.\n\n\
                  A few concepts to tackle:\n\n- filesystems\n- threads\n\n\
                  ## Frontend\n\nMy frontend list is short this year.\n\n- CSS\n- HTMX\n\n\
                  ### Related: caching\n";
        assert_eq!(
            summary(&drafts(md)),
            [
                "Explain a systems concept||None",
                "  filesystems|Explain a systems concept|Some(0)",
                "  threads|Explain a systems concept|Some(0)",
                "CSS|Frontend|None",
                "HTMX|Frontend|None",
                "Related: caching|Frontend|None",
            ]
        );
        let call = format!("# Call for Proposals\n\n{md}");
        assert!(!summary(&drafts(&call)).iter().any(|d| d.starts_with("Explain")), "a call's headings are its parts");
    }

    #[test]
    fn a_list_written_as_sentences_inside_an_entry_gives_sub_ideas() {
        assert_eq!(
            parallel(
                "Thoughts on culture. Ideas on inclusion. On mental health. On workplace issues. Anything else helps."
            ),
            ["Ideas on inclusion.", "On mental health.", "On workplace issues."]
        );
        assert!(parallel("I love caching. I think it matters. I want more.").is_empty(), "prose, not a list");
        assert!(parallel("Caching at scale. Why it matters.").is_empty(), "two sentences are no run");
        let md = "## Topics\n\n- Culture talks. Talks on inclusion. Talks on health.\n- Caching\n";
        assert_eq!(
            summary(&drafts(md)),
            [
                "Culture talks. Talks on inclusion. Talks on health.|Topics|None",
                "  Talks on inclusion.|Topics|Some(0)",
                "  Talks on health.|Topics|Some(0)",
                "Caching|Topics|None"
            ]
        );
    }

    #[test]
    fn an_update_can_add_the_ideas_readers_asked_for() {
        let md = "## Ideas\n\n- Caching\n\n## Updates\n\nI fixed a typo.\n\n### Thanks\n\nThank you all.\n\n\
                  ### What you said you want to see\n\n- Search\n- Typing\n";
        assert_eq!(
            summary(&drafts(md)),
            [
                "Caching|Ideas|None",
                "Search|What you said you want to see|None",
                "Typing|What you said you want to see|None"
            ]
        );
    }

    #[test]
    fn phrase_rules() {
        assert!(is_organising("Pro-tip: Encourage someone to speak"));
        assert!(is_organising("What\u{2019}s missing?"));
        assert!(!is_organising("What's new in Django 1.10?"));
        assert!(!is_organising("2015 Ideas"), "a reprinted past list is the post's");
        assert!(is_catch_all("Much more!") && is_catch_all("etc."));
        assert!(is_catch_all("Whatever cool things you are doing that I didn\u{2019}t mention here"));
        assert!(!is_catch_all("More GraphQL talks."));
    }
}
