//! The cues a reader of a post goes by: phrases that organise a page, announce topics, name a
//! call for proposals, a date, a catch-all. Each is a feature of the idea model
//! ([`super::judge`]), never a decision on its own.

use crate::text::fold;
use std::sync::LazyLock;

use regex::Regex;

use super::document::{Block, Entry, Text};

/// The phrase lists, reviewed data: `seeds/cues.csv` as it was when the binary was built.
pub const CUES_CSV: &str = include_str!("../../seeds/cues.csv");

/// The phrase lists of `seeds/cues.csv`, one field per `list` name, phrases folded to lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cues {
    /// Headings that organise the page or address the reader (matched at the start).
    pub organising: Vec<String>,
    /// Words in a label that mean "talks I do not want".
    pub unwanted: Vec<String>,
    /// Whole texts that stand for "and everything else".
    pub catch_all: Vec<String>,
    /// Anchor words of a link to another talk-idea post.
    pub post_word: Vec<String>,
    /// Headings that name a part of the page ("Intro").
    pub page_part: Vec<String>,
    /// Words after which a sentence lists examples ("like", "such as", ":").
    pub enumeration_cue: Vec<String>,
    /// The cues as searched for: a word cue with a space on each side, a mark with one after.
    pub enumeration_cue_padded: Vec<String>,
    /// Verbs with which a question offers a talk ("talk", "tell").
    pub offer_verb: Vec<String>,
    /// Words between such a verb and its subject ("about", "how").
    pub offer_link: Vec<String>,
    /// Word beginnings of the proposal process ("propos", "submi").
    pub process_word: Vec<String>,
    /// Words that open sentences of prose, not of a list written as sentences.
    pub prose_opener: Vec<String>,
    /// Anchor texts that only point to more ("link", "here").
    pub pointer_word: Vec<String>,
    /// Words with which a label or lead-in announces topics.
    pub topic_word: Vec<String>,
    /// Month and weekday names.
    pub date_word: Vec<String>,
    /// Words that speak of talk ideas (a feature of the idea model).
    pub idea_word: Vec<String>,
    /// Words of an event's administration: dates, formats, perks, people (a feature).
    pub admin_word: Vec<String>,
    /// First words that tell the reader to do something (a feature).
    pub imperative: Vec<String>,
    /// First words of a question (a feature).
    pub question_word: Vec<String>,
    /// Pronouns that open prose (a feature).
    pub pronoun: Vec<String>,
    /// Words that make a short paragraph before a list lead into it instead of naming it: it
    /// points ("these", "below") or is a clause ("include", "could"). "Frontend:" names its
    /// list; "Possible topics include:" introduces it.
    pub lead_in_word: Vec<String>,
    /// Nouns of what a call for proposals asks for ("talks", "papers").
    pub call_noun: Vec<String>,
}

impl Cues {
    /// Read a `list,phrase` CSV; an unknown list name is an error.
    pub fn parse(text: &str) -> Result<Cues, String> {
        let mut cues = Cues::default();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for (n, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("cues line {}: {e}", n + 2))?;
            let (list, phrase) = (row.get(0).unwrap_or(""), row.get(1).unwrap_or("").trim().to_lowercase());
            let target = match list {
                "organising" => &mut cues.organising,
                "unwanted" => &mut cues.unwanted,
                "catch_all" => &mut cues.catch_all,
                "post_word" => &mut cues.post_word,
                "page_part" => &mut cues.page_part,
                "enumeration_cue" => &mut cues.enumeration_cue,
                "offer_verb" => &mut cues.offer_verb,
                "offer_link" => &mut cues.offer_link,
                "process_word" => &mut cues.process_word,
                "prose_opener" => &mut cues.prose_opener,
                "pointer_word" => &mut cues.pointer_word,
                "topic_word" => &mut cues.topic_word,
                "date_word" => &mut cues.date_word,
                "idea_word" => &mut cues.idea_word,
                "admin_word" => &mut cues.admin_word,
                "imperative" => &mut cues.imperative,
                "question_word" => &mut cues.question_word,
                "pronoun" => &mut cues.pronoun,
                "lead_in_word" => &mut cues.lead_in_word,
                "call_noun" => &mut cues.call_noun,
                other => return Err(format!("cues line {}: unknown list {other:?}", n + 2)),
            };
            if phrase.is_empty() {
                return Err(format!("cues line {}: an empty phrase", n + 2));
            }
            target.push(phrase);
        }
        cues.enumeration_cue_padded = cues
            .enumeration_cue
            .iter()
            .map(|c| if c.starts_with(char::is_alphanumeric) { format!(" {c} ") } else { format!("{c} ") })
            .collect();
        Ok(cues)
    }
}

/// The built-in cues. A unit test reads the file, so the fallback to no cues never happens in
/// a released binary.
pub static CUES: LazyLock<Cues> = LazyLock::new(|| Cues::parse(CUES_CSV).unwrap_or_default());

/// True when `list` holds `word` exactly.
pub fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|p| p == word)
}

/// A text folded once for the phrase lists, so a caller that asks several questions of one text
/// (the scorer asks five of every candidate) folds it once.
pub struct Folded(String);

impl Folded {
    /// Fold `text`.
    pub fn of(text: &str) -> Folded {
        Folded(fold(text))
    }

    /// See [`is_organising`].
    pub fn organising(&self) -> bool {
        let h = self.0.trim_start_matches(|c: char| !c.is_alphanumeric());
        // A past year's list reprinted in a post ("2015 Ideas" in the 2016 post) is the author
        // asking again: its ideas are the post's (the labelling convention of ../shared/dev), so
        // the year alone does not make a heading organising.
        CUES.organising.iter().any(|p| h.starts_with(p.as_str()))
    }

    /// See [`is_page_part`].
    pub fn page_part(&self) -> bool {
        has(&CUES.page_part, self.0.trim_matches(|c: char| !c.is_alphanumeric() && c != ';'))
    }

    /// See [`is_catch_all`].
    pub fn catch_all(&self) -> bool {
        let t = self.0.trim_matches(|c: char| !c.is_alphanumeric()).trim();
        if has(&CUES.catch_all, t) {
            return true;
        }
        t.starts_with("whatever")
            && ["didn't mention", "did not mention", "i missed", "i forgot", " else"].iter().any(|p| t.contains(p))
    }

    /// See [`is_unwanted_label`].
    pub fn unwanted_label(&self) -> bool {
        UNWANTED.is_match(&self.0)
    }

    /// See [`names_topics`].
    pub fn names_topics(&self) -> bool {
        // Collapsed, so "what  to\npropose" matches as written in the list above; most texts
        // are collapsed already.
        let t = &self.0;
        let collapsed = t.trim() == t && !t.contains("  ") && !t.contains(|c: char| c.is_whitespace() && c != ' ');
        let t = if collapsed { std::borrow::Cow::Borrowed(t.as_str()) } else { crate::text::collapse(t).into() };
        TOPIC.is_match(&t)
    }
}

/// A word list searched in one pass: how many of its phrases a text holds.
pub struct WordList(aho_corasick::AhoCorasick);

impl WordList {
    /// One automaton for `phrases`.
    pub fn new(phrases: &[String]) -> WordList {
        // The phrases come from the reviewed cues file; a list that cannot be built matches
        // nothing rather than stopping a build (a unit test builds both).
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(phrases)
            .unwrap_or_else(|_| aho_corasick::AhoCorasick::new(Vec::<String>::new()).expect("an empty automaton"));
        WordList(automaton)
    }

    /// How many different phrases of the list occur in the folded text, capped at three and
    /// scaled to 0–1.
    pub fn count(&self, folded: &str) -> f64 {
        let mut seen = [usize::MAX; 3];
        let mut n = 0;
        for m in self.0.find_overlapping_iter(folded) {
            let id = m.pattern().as_usize();
            if !seen[..n].contains(&id) {
                seen[n] = id;
                n += 1;
                if n == 3 {
                    break;
                }
            }
        }
        n as f64 / 3.0
    }

    /// True when the text holds a phrase of the list.
    pub fn is_match(&self, folded: &str) -> bool {
        self.0.is_match(folded)
    }

    /// Where the last phrase of the list starts in the text, and its length; of two phrases at
    /// one place, the one listed later.
    pub fn last(&self, folded: &str) -> Option<(usize, usize)> {
        self.0
            .find_overlapping_iter(folded)
            .map(|m| (m.start(), m.pattern().as_usize(), m.len()))
            .max_by_key(|&(at, pattern, _)| (at, pattern))
            .map(|(at, _, len)| (at, len))
    }

    /// True when a word of the text starts with a phrase of the list.
    pub fn starts_a_word(&self, folded: &str) -> bool {
        self.0
            .find_overlapping_iter(folded)
            .any(|m| !folded[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
    }
}

/// The phrase lists searched in every candidate, each as one automaton.
static TOPIC: LazyLock<WordList> = LazyLock::new(|| WordList::new(&CUES.topic_word));
static UNWANTED: LazyLock<WordList> = LazyLock::new(|| WordList::new(&CUES.unwanted));
static PROCESS: LazyLock<WordList> = LazyLock::new(|| WordList::new(&CUES.process_word));
static ENUMERATION_CUES: LazyLock<WordList> = LazyLock::new(|| WordList::new(&CUES.enumeration_cue_padded));
static DATE_WORDS: LazyLock<foldhash::HashSet<String>> = LazyLock::new(|| CUES.date_word.iter().cloned().collect());

/// True for a month or weekday name (folded).
pub fn is_date_word(word: &str) -> bool {
    DATE_WORDS.contains(word)
}

/// True when a word of the folded text begins with a word of the proposal process.
pub fn has_process_word(folded: &str) -> bool {
    PROCESS.starts_a_word(folded)
}

/// True for a heading that tells the reader how to take part ("Submit a talk", "How to submit
/// a session"): it stands over a call's topics without naming them, as "Intro" does. "What to
/// propose" and "Call for papers" name what follows and are not such headings.
pub fn is_instruction(heading: &str) -> bool {
    let words = crate::text::words(heading);
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    (has(&CUES.imperative, word(0)) || (word(0), word(1)) == ("how", "to")) && has_process_word(&words.join(" "))
}

/// True for headings that organise the page rather than name ideas.
pub fn is_organising(heading: &str) -> bool {
    Folded::of(heading).organising()
}

/// True for a heading that only names a part of the page: its own text and paragraphs are not
/// ideas, but the headings under it are read as if it were not there (authors nest a post's
/// idea headings under "## Intro" by accident of markup).
pub fn is_page_part(heading: &str) -> bool {
    Folded::of(heading).page_part()
}

/// True for a heading that announces talks someone wants: topics, ideas, or what people
/// "want to see" or "would like to see".
pub fn names_wanted_talks(heading: &str) -> bool {
    names_topics(heading) || fold(heading).contains("to see")
}

/// True for a byline or dateline heading ("gnat on 2003-02-10T19:53:35", "Posted March 3,
/// 2019 by Ana"): a few words around a date, which say who wrote the text below and when,
/// not what it is about. The text under it belongs to the heading above.
pub fn is_dateline(heading: &str) -> bool {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d").expect("static regex"));
    // Besides the date, a name and a word or two ("on", "posted by"); more words are a title.
    if !(ISO.is_match(heading) || is_date(heading)) {
        return false;
    }
    let words = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) && !is_date_word(&fold(w)))
        .count();
    words <= 4
}

/// True for "Much more!", "etc." and the like.
pub fn is_catch_all(text: &str) -> bool {
    Folded::of(text).catch_all()
}

/// True for a label that introduces talks the author does not want.
pub fn is_unwanted_label(label: &str) -> bool {
    Folded::of(label).unwanted_label()
}

/// A short paragraph right before a list that names the list, like a heading would.
pub fn is_label(p: &Text) -> bool {
    let words = p.text.split_whitespace().count();
    let last = p.text.chars().last().unwrap_or('.');
    // "Frontend:" is a label; "There is a lot you can do here:", "Please, none of these:" and
    // "Possible topics include:" introduce the list instead: the list's section is then the
    // heading above, as a reader would name it.
    let colon_label = last == ':'
        && words <= 4
        && !p.text.contains(',')
        && !p.text.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| has(&CUES.lead_in_word, w));
    (1..=10).contains(&words)
        && p.text.chars().count() <= 80
        && (colon_label || !".:;,!?".contains(last))
        && !p.mostly_links()
}

/// "3. Testing", "3) Testing", "3 - Testing", "(3) Testing", "#3 Testing" or "#3: Testing" ->
/// "Testing": the number orders the post, it is not the idea. "5 ways to test" keeps its
/// number: without a mark around it, a number is part of the title.
pub fn strip_number(heading: &str) -> &str {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\(\d{1,3}\)|#\d{1,3}[.:)]?|\d{1,3}(?:[.):]|\s*[-\u{2013}\u{2014}]))\s+(\S.*)$")
            .expect("static pattern")
    });
    NUMBERED.captures(heading).and_then(|c| c.get(1)).map_or(heading, |m| m.as_str())
}

/// The longest element of an enumeration, in words: a run with a longer one is a run of
/// clauses, not of topics. Generous on purpose ("a side project you've been working on"): the
/// idea model weighs runs of short elements apart (`run_short`).
const ENUMERATION_WORDS: usize = 10;

/// An enumeration inside a sentence: the sentence and its elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    /// The sentence that holds the run, with its cue.
    pub sentence: &'a str,
    /// The elements, catch-alls left out.
    pub elements: Vec<String>,
}

/// The enumerations inside a paragraph's sentences ("broader topics like deployment,
/// packaging, testing, and more"; "talks on caching and search"): at least two short elements
/// after a cue, the catch-all tail dropped.
pub fn runs(paragraph: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    for sentence in paragraph.split_inclusive(['.', '!', '?', ';']) {
        // A space before the sentence, so that a word cue opens it too ("Talk about A, B or
        // C."): word cues are matched with a space on each side.
        let lower = format!(" {}", sentence.to_lowercase());
        // The last cue of the sentence opens the run.
        // One pass for all cues; on a tie the cue listed last wins, as it always has.
        let Some((at, cue)) = ENUMERATION_CUES.last(&lower) else {
            continue;
        };
        let Some(run) = sentence.get(at + cue - 1..) else { continue };
        let run = run.trim().trim_end_matches(['.', '!', '?', ';', ':']);
        let parts: Vec<&str> = run.split(',').collect();
        // "caching and search": without a comma the "and" is what separates the elements; in
        // a comma run an "and" inside an element stays ("privacy and encryption").
        let parts: Vec<&str> =
            if parts.len() == 1 { run.split(" and ").flat_map(|p| p.split(" or ")).collect() } else { parts };
        let mut elements: Vec<String> = parts
            .iter()
            .flat_map(|part| {
                let part = part.trim();
                // "…, and more": the Oxford comma's "and" is not part of the element.
                let part = part.strip_prefix("and ").or_else(|| part.strip_prefix("or ")).unwrap_or(part);
                part.split(" as well as ").map(str::trim).collect::<Vec<_>>()
            })
            .map(|e| e.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(').to_string())
            .filter(|e| !e.is_empty() && !is_catch_all(e))
            .collect();
        elements.dedup();
        let short = elements.iter().all(|e| e.split_whitespace().count() <= ENUMERATION_WORDS);
        if elements.len() >= 2 && short {
            out.push(Run { sentence: sentence.trim(), elements });
        }
    }
    out
}

/// The elements of every enumeration of a paragraph ([`runs`]).
pub fn enumeration(paragraph: &str) -> Vec<String> {
    runs(paragraph).into_iter().flat_map(|r| r.elements).collect()
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
            CUES.offer_verb
                .iter()
                .any(|v| w.strip_prefix(v.as_str()).is_some_and(|rest| ["", "s", "ing"].contains(&rest)))
        };
        let Some(verb) = words.iter().position(is_verb) else { continue };
        let subject = words[verb + 1..].iter().filter(|w| !has(&CUES.offer_link, w)).count();
        if subject >= 1 && !has_process_word(&lower) {
            out.push(sentence.to_string());
        }
    }
    out
}

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
        (count, first.into_iter().filter(|w| !has(&CUES.prose_opener, w)).collect())
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
pub fn is_guidance(entries: &[Entry]) -> bool {
    let about_process = entries.iter().filter(|e| has_process_word(&e.text.text.to_ascii_lowercase())).count();
    // Dates name the process too; a list of them is a call's schedule, which tells a call apart.
    entries.len() >= 2 && about_process * 2 > entries.len() && !entries.iter().any(|e| is_date(&e.text.text))
}

/// A list whose every entry is a link to another talk-idea post.
pub fn is_link_list(entries: &[Entry]) -> bool {
    !entries.is_empty()
        && entries.iter().all(|e| e.children.is_empty() && e.text.mostly_links())
        && entries.iter().any(|e| {
            let t = fold(&e.text.text);
            CUES.post_word.iter().any(|w| t.contains(w.as_str()))
        })
}

/// A list that describes rather than enumerates: one of its entries only points elsewhere
/// ("[link]", "See here"), and none asks a question. Under a heading it is the heading's
/// prose, written as bullets ("Discussion about …", the link to the issue), and the heading
/// names the idea.
pub fn is_descriptive(entries: &[Entry]) -> bool {
    let question = |e: &Entry| e.text.text.trim_end().ends_with('?');
    // Ideas are often written as sentences too: only a pointer tells a description apart.
    !entries.is_empty() && !entries.iter().any(question) && entries.iter().any(is_pointer)
}

/// "[link]", "See here": a pointer to more about something, not a topic of its own. A linked
/// topic ("[Caching](…)") names something; a pointer's words name only the link.
pub fn is_pointer(e: &Entry) -> bool {
    e.text.text.split_whitespace().count() <= 3
        && !e.text.anchors.is_empty()
        && e.text.anchors.iter().all(|a| has(&CUES.pointer_word, &fold(a.text.trim())))
}

/// A row of addresses ("XMPP https://planet.jabber.org ralphm@ik.nu"): most of its words are
/// URLs or e-mail addresses, so it says where to find something, not what to talk about.
pub fn is_address_row(text: &str) -> bool {
    if !text.contains("://") && !text.contains('@') {
        return false;
    }
    let (mut words, mut addresses) = (0usize, 0usize);
    for w in text.split_whitespace() {
        words += 1;
        addresses += usize::from(w.contains("://") || (w.contains('@') && w.contains('.')));
    }
    addresses >= 1 && addresses * 2 >= words
}

/// A title or heading that names a call for proposals ("Call for Participation", "CFP",
/// "Proposing a Talk", "Submit a talk").
pub fn is_call(text: &str) -> bool {
    let t = fold(text);
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let proposing = words.iter().any(|w| w.starts_with("propos") || w.starts_with("submit"))
        && words.iter().any(|w| has(&CUES.call_noun, w));
    t.contains("call for") || proposing || words.iter().any(|w| *w == "cfp" || *w == "cfps")
}

/// The last sentence of a paragraph.
pub fn last_sentence(text: &str) -> &str {
    let t = text.trim_end();
    let body = t.trim_end_matches([':', '.', '!', '?']);
    [". ", "! ", "? "].iter().filter_map(|end| body.rfind(end)).max().map_or(t, |at| &t[at + 2..])
}

/// True for a label or lead-in that announces topics ("Suggested Topics", "Some ideas to talk
/// about:", "Topics include").
pub fn names_topics(text: &str) -> bool {
    Folded::of(text).names_topics()
}

/// True for a text that names a calendar date ("March 1: CFP opens", "Fri, 5 Jun").
pub fn is_date(text: &str) -> bool {
    // A date needs a day, and a day needs a digit: most texts end here, without allocating.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // A day is a number, or an ordinal ("1st", "31st").
    let day = |w: &&str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&&w[digits.len()..])
    };
    words.iter().any(day) && words.iter().any(|w| is_date_word(w))
}

/// A lone top-level heading that opens the page is its title, not a section.
pub fn drop_title(mut blocks: Vec<Block>, title: Option<&str>) -> Vec<Block> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cues_file_reads() {
        let cues = Cues::parse(CUES_CSV).expect("seeds/cues.csv");
        assert!(has(&cues.date_word, "march") && has(&cues.enumeration_cue_padded, " such as "));
        assert!(has(&cues.enumeration_cue_padded, ": "));
        assert!(Cues::parse("list,phrase\nno_such_list,x\n").unwrap_err().contains("unknown list"));
    }

    #[test]
    fn pointers_and_address_rows() {
        assert!(is_address_row("All projects https://planet.example.org planet@example.org"));
        assert!(!is_address_row("Caching with https://redis.io and Django"));
    }

    #[test]
    fn headings_that_tell_how_to_take_part() {
        for h in ["Submit a talk", "How to submit a session", "Submit your proposal!"] {
            assert!(is_instruction(h), "{h}");
        }
        for h in ["What to Propose", "Call for Papers", "Give a talk on testing", "How to test Django"] {
            assert!(!is_instruction(h), "{h}");
        }
    }

    #[test]
    fn page_parts_and_bylines() {
        assert!(is_page_part("Intro") && is_page_part("TL;DR:") && !is_page_part("Introduction to asyncio"));
        assert!(is_dateline("ana on 2003-02-10T19:53:35") && is_dateline("Posted March 3, 2019 by Ana"));
        assert!(!is_dateline("What's new in Django 5.2") && !is_dateline("2015 Ideas"));
        assert!(!is_dateline("2018-06-01 - What you said you want to see!"), "a dated title is a title");
    }

    #[test]
    fn the_last_sentence_of_a_lead_in_announces_its_list() {
        assert_eq!(
            last_sentence("Share your ideas! We invite talks from people, including:"),
            "We invite talks from people, including:"
        );
        assert_eq!(last_sentence("Topics include:"), "Topics include:");
        assert_eq!(last_sentence("Why? Because. Suggested topics:"), "Suggested topics:");
        assert!(names_topics("Suggested topics:") && !names_topics("Important dates"));
    }

    #[test]
    fn a_label_names_its_list_and_a_lead_in_introduces_it() {
        let p = |s: &str| Text { text: s.into(), ..Text::default() };
        for label in ["Frontend:", "**Topics**", "Web and APIs", "Data science:"] {
            assert!(is_label(&p(label.trim_matches('*'))), "{label}");
        }
        for lead_in in ["Possible topics include:", "Other talks could cover:", "Please, none of these:", "See below:"]
        {
            assert!(!is_label(&p(lead_in)), "{lead_in}");
        }
    }

    #[test]
    fn numbers_that_order_a_post_are_not_part_of_the_idea() {
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
    fn dates_and_calls() {
        assert!(is_date("March 1, 2031: CFP opens") && is_date("31st August: deadline"));
        assert!(!is_date("Caching in March") && !is_date("Python 3.12") && !is_date("March of the 3rdparty apps"));
        assert!(is_call("Proposing a Talk") && is_call("Submit a talk!") && is_call("Call for Papers"));
        assert!(!is_call("Talks I'd like to see") && !is_call("Proposals for the new website"));
    }

    #[test]
    fn enumerations_inside_sentences() {
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
        assert_eq!(enumeration("There is always interest in topics like caching and search."), ["caching", "search"]);
        assert_eq!(
            enumeration(
                "Lightning talks are short. Talk about a tool you love, a side project you've been working on, or a story."
            ),
            ["a tool you love", "a side project you've been working on", "a story"],
            "a cue that opens the sentence; an element of seven words"
        );
        assert!(enumeration("Submit by Friday, June 1, and we will reply.").is_empty(), "no cue, no run");
        assert!(
            enumeration("We like long talks, which run over an hour and cover a lot of ground, and short ones.")
                .is_empty()
        );
    }

    #[test]
    fn questions_that_offer_a_talk() {
        assert_eq!(
            offers("Want to talk about caching? Great. Want to tell people how you brew beer with Python? Do!"),
            ["Want to talk about caching?", "Want to tell people how you brew beer with Python?"]
        );
        assert!(offers("Not sure what to talk about?").is_empty(), "no subject");
        assert!(offers("Want to submit a talk but not sure what to talk about?").is_empty(), "the process");
        assert!(offers("We love talks about caching.").is_empty(), "not a question");
        assert_eq!(sentences("One (a? b.) two. Three? Four"), ["One (a? b.) two.", "Three?", "Four"]);
    }

    #[test]
    fn a_list_written_as_sentences_inside_an_entry() {
        assert_eq!(
            parallel(
                "Thoughts on culture. Ideas on inclusion. On mental health. On workplace issues. Anything else helps."
            ),
            ["Ideas on inclusion.", "On mental health.", "On workplace issues."]
        );
        assert!(parallel("I love caching. I think it matters. I want more.").is_empty(), "prose, not a list");
        assert!(parallel("Caching at scale. Why it matters.").is_empty(), "two sentences are no run");
    }

    #[test]
    fn word_lists_count_different_phrases_up_to_three() {
        let list =
            WordList::new(&["date".to_string(), "deadline".to_string(), "venue".to_string(), "ticket".to_string()]);
        assert_eq!(list.count("the deadline date"), 2.0 / 3.0, "\"date\" and \"deadline\", once each");
        assert_eq!(list.count("date, deadline, venue, ticket"), 1.0);
        assert_eq!(list.count("caching"), 0.0);
        assert!(TOPIC.0.patterns_len() > 0 && UNWANTED.0.patterns_len() > 0, "the cues file gives both lists");
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
