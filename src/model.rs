//! The plain data every stage shares: sources, items, themes, concepts and their links.
//!
//! Nothing here does I/O or holds behaviour beyond naming and formatting, so that every stage
//! can be tested with values built by hand.

use std::fmt;
use std::path::PathBuf;

/// What a source lists: ideas people would like to hear, or the talks that were accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A "talks I'd like to see" post.
    Ideas,
    /// An accepted program.
    Program,
}

impl Kind {
    /// The manifest and table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ideas => "ideas",
            Kind::Program => "program",
        }
    }
}

/// How a source's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A web page.
    Html,
    /// A Markdown file, with or without YAML front matter.
    Markdown,
    /// A program export with at least `title` and `tags` columns.
    Csv,
    /// An iCalendar feed (RFC 5545) of a program: one event per session.
    Ics,
}

impl Format {
    /// The manifest spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Ics => "ics",
        }
    }

    /// The manifest spelling's inverse: `None` for an unknown name.
    pub fn parse(name: &str) -> Option<Format> {
        [Format::Html, Format::Markdown, Format::Csv, Format::Ics].into_iter().find(|f| f.as_str() == name)
    }

    /// What a person calls this format in a message.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Html => "an HTML page",
            Format::Markdown => "Markdown",
            Format::Csv => "a CSV file",
            Format::Ics => "an iCalendar feed",
        }
    }

    /// The file extension a snapshot of this format has.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Ics => "ics",
        }
    }
}

/// One entry of the source manifest, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Letters, digits, `-` and `_` only, so it is safe as a file name.
    pub id: String,
    /// The post's title.
    pub title: String,
    /// Who wrote it, when known.
    pub author: Option<String>,
    /// The conference, e.g. "DjangoCon US".
    pub event: String,
    /// The event year the post is for.
    pub year: i32,
    /// Publication date as written in the manifest.
    pub published: Option<String>,
    /// Ideas or program.
    pub kind: Kind,
    /// How the body is written.
    pub format: Format,
    /// The page a person reads.
    pub url: String,
    /// What to download when it differs from `url` (a raw Markdown file, say).
    pub fetch_url: Option<String>,
    /// False when no archived copy exists, so snapshots are not expected for it.
    pub snapshot: bool,
    /// A file on disk read instead of downloading (the manifest's `path`, resolved against the
    /// manifest's folder).
    pub path: Option<PathBuf>,
    /// Line of the `[[source]]` header in the manifest, for messages.
    pub line: usize,
    /// A user and password the manifest wrote into a URL (`https://user:secret@host/`). The
    /// URLs above hold none, so nothing the build writes or prints can show them; the fetcher
    /// sends them as HTTP basic authentication.
    pub credentials: Option<Credentials>,
}

/// A URL's userinfo, kept out of every URL the tool shows.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password, when one was given.
    pub password: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output lands in logs and panics: the secret never does.
        f.write_str("Credentials(redacted)")
    }
}

impl Source {
    /// A source outside any manifest (a file given to `extract`, a test, a fuzz input):
    /// ideas unless it is a CSV program.
    pub fn adhoc(id: &str, format: Format, year: i32, url: &str) -> Source {
        Source {
            id: id.to_string(),
            title: id.to_string(),
            author: None,
            event: String::new(),
            year,
            published: None,
            kind: if matches!(format, Format::Csv | Format::Ics) { Kind::Program } else { Kind::Ideas },
            format,
            url: url.to_string(),
            fetch_url: None,
            snapshot: true,
            path: None,
            line: 0,
            credentials: None,
        }
    }

    /// The address to download.
    pub fn download_url(&self) -> &str {
        self.fetch_url.as_deref().unwrap_or(&self.url)
    }
}

/// The outcome of reading one source, as recorded in the `sources` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Read and gave items.
    Ok,
    /// Could not be obtained: no snapshot, unreachable, not found.
    Unavailable,
    /// The server refused us or served a sign-in wall.
    Blocked,
    /// Obtained but broken: server error, oversized body, unparseable content.
    Error,
    /// Read, but it holds no ideas.
    Empty,
}

impl Status {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Unavailable => "unavailable",
            Status::Blocked => "blocked",
            Status::Error => "error",
            Status::Empty => "empty",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the author asks for a talk or asks people not to give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Polarity {
    /// An idea the author would like to see.
    #[default]
    Wanted,
    /// Listed under "talks I don't want to see" and the like.
    Unwanted,
}

impl Polarity {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Wanted => "wanted",
            Polarity::Unwanted => "unwanted",
        }
    }
}

/// How sure the extractor is that an item is an idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Confidence {
    /// The idea model kept it (or it is a program's talk).
    #[default]
    High,
    /// The model kept nothing of its post, so its best-scoring block was kept instead, or what
    /// the whole page gives when the post's main content gave nothing (a post is never lost
    /// silently); a person should check it.
    Low,
}

impl Confidence {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Low => "low",
        }
    }
}

/// One idea (or accepted talk) as extracted, before any normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `SOURCE#NNN`: stable for the same input because `NNN` is the document position.
    pub item_id: String,
    /// The source it came from.
    pub source_id: String,
    /// The source's event year.
    pub year: i32,
    /// 1-based order in the source.
    pub position: u32,
    /// The label the post groups it under, if any.
    pub section: Option<String>,
    /// 0 for top-level ideas, 1 for their sub-items, and so on.
    pub depth: u32,
    /// The enclosing item, for sub-items.
    pub parent_id: Option<String>,
    /// The idea as written, whitespace collapsed.
    pub text: String,
    /// Prose under an idea heading or after a bold lead (none for plain list items).
    pub description: Option<String>,
    /// Wanted or unwanted.
    pub polarity: Polarity,
    /// Program tags (empty for ideas).
    pub tags: Vec<String>,
    /// The talk's own page, for a program item whose program links one.
    pub url: Option<String>,
    /// Whether the idea model kept it, or the fallback did (see [`Confidence`]).
    pub confidence: Confidence,
}

impl Item {
    /// Its section, or `""` when it has none (as the tables write it).
    pub fn section_text(&self) -> &str {
        self.section.as_deref().unwrap_or("")
    }

    /// Its description, or `""` when it has none.
    pub fn description_text(&self) -> &str {
        self.description.as_deref().unwrap_or("")
    }
}

/// A theme from `seeds/themes.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Stable id, e.g. `frontend`.
    pub id: String,
    /// Human label.
    pub label: String,
    /// What the theme covers, in words.
    pub scope: String,
    /// Phrases whose presence points to this theme.
    pub keywords: Vec<String>,
}

/// Why an item is linked to a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// A curated alias from `seeds/aliases.csv` matched.
    Alias,
    /// The item's key words equal another item's after folding and stemming.
    Fingerprint,
    /// Weighted token-set similarity above the threshold.
    Similar,
    /// An organizer's row in `seeds/overrides.csv`.
    Override,
    /// The item's head topic (or one topic of an enumeration) is another item's.
    Topic,
    /// The concept is the platform the item's whole post is about ("Rust" in a RustConf call),
    /// named in passing ("teaching with Rust"): context, not the idea's subject.
    Context,
}

impl Method {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Alias => "alias",
            Method::Fingerprint => "fingerprint",
            Method::Similar => "similar",
            Method::Override => "override",
            Method::Topic => "topic",
            Method::Context => "context",
        }
    }
}

/// How an item's primary theme was chosen (`items.theme_method`), in the order the rules are
/// tried (docs/normalization.md, section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThemeMethod {
    /// A program talk's tags, scored against the theme keywords.
    Tag,
    /// The item's own text.
    Keyword,
    /// Its own words name nothing but the post's own language or framework, read by analogy
    /// as `python` or `django-core`.
    Platform,
    /// Its section label.
    Section,
    /// Its parent item's theme.
    Parent,
    /// The prose under it.
    Description,
    /// The theme most of its list shares.
    Siblings,
    /// The theme most of its concept's other ideas have.
    Concept,
    /// No rule applied: the default theme.
    Fallback,
}

impl ThemeMethod {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeMethod::Tag => "tag",
            ThemeMethod::Keyword => "keyword",
            ThemeMethod::Platform => "platform",
            ThemeMethod::Section => "section",
            ThemeMethod::Parent => "parent",
            ThemeMethod::Description => "description",
            ThemeMethod::Siblings => "siblings",
            ThemeMethod::Concept => "concept",
            ThemeMethod::Fallback => "fallback",
        }
    }
}

/// A topic that items from different posts and years share.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// Derived from the label, so it is the same in every run and year.
    pub concept_id: String,
    /// Human label.
    pub label: String,
    /// Primary theme id.
    pub theme: String,
    /// Where the concept comes from.
    pub origin: ConceptOrigin,
    /// Whether sharing it makes two ideas the same topic.
    pub scope: Scope,
}

/// Whether a concept names a subject, or only a kind of talk or a wide field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// A subject: ideas that share it are about the same thing (overlap counts it).
    #[default]
    Topic,
    /// A kind of talk or a field too wide to compare by ("Best practices", "Case studies"):
    /// kept for trends and browsing, never counted as shared ground by overlap.
    Broad,
}

impl Scope {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Topic => "topic",
            Scope::Broad => "broad",
        }
    }
}

/// Where a concept comes from, as the `concepts.origin` column spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConceptOrigin {
    /// A curated alias from `seeds/aliases.csv`.
    Alias,
    /// Grouped automatically from items' wording.
    Auto,
    /// An organizer's row in `seeds/overrides.csv`.
    Override,
    /// Ideas whose head topic is the same ([`Method::Topic`]).
    Topic,
}

impl ConceptOrigin {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConceptOrigin::Alias => "alias",
            ConceptOrigin::Auto => "auto",
            ConceptOrigin::Override => "override",
            ConceptOrigin::Topic => "topic",
        }
    }
}

impl fmt::Display for ConceptOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item-to-concept link with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemConcept {
    /// The item: its index in the build's items. Indices, not ids, so that the million links
    /// of a large build are compared and looked up as numbers; tables write the ids.
    pub item: usize,
    /// The concept: its index in `Taxonomy::concepts`.
    pub concept: usize,
    /// Which rule made the link.
    pub method: Method,
    /// How strongly: 1.0 for exact rules, the similarity otherwise.
    pub score: f64,
}

impl ItemConcept {
    /// Whether the link makes the concept the item's subject, shared ground with the other
    /// ideas it names: a `topic` concept always; a broad one ("Containers") only for an idea
    /// whose head topic is the field itself, since two ideas that ask for "Containers" ask for
    /// the same thing while "Docker" and "Kubernetes" do not.
    pub fn names_subject(&self, concept: &Concept) -> bool {
        self.method != Method::Context && (concept.scope == Scope::Topic || self.method == Method::Topic)
    }
}

/// A link found in a source's text, kept so links to other posts are not lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    /// The source it was found in.
    pub source_id: String,
    /// Where it points.
    pub url: String,
    /// `url` normalised once ([`crate::text::normal_url`]): what it is compared by, with the
    /// manifest's addresses and with the other links.
    pub target: String,
    /// Its anchor text.
    pub text: String,
    /// The text of the paragraph, heading or list entry it sits in (200 characters at most).
    pub context: String,
}

/// Where a source's body came from, as the `sources.origin` column spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file of a snapshot folder (`--snapshots`), or of the archive when the network failed.
    Snapshot,
    /// Downloaded in this run.
    Network,
    /// The download cache, filled by an earlier run.
    Cache,
    /// A file the manifest names with `path`.
    File,
}

impl Origin {
    /// The table spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Snapshot => "snapshot",
            Origin::Network => "network",
            Origin::Cache => "cache",
            Origin::File => "file",
        }
    }
}

/// A source with the outcome of reading it: one row of the `sources` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRecord {
    /// The manifest entry.
    pub source: Source,
    /// How reading it went.
    pub status: Status,
    /// Why it is not `ok`; `None` when it is.
    pub reason: Option<String>,
    /// Items extracted from it.
    pub item_count: u32,
    /// Hex sha256 of the raw body, when one was obtained.
    pub sha256: Option<String>,
    /// Where the body came from, when one was obtained.
    pub origin: Option<Origin>,
    /// The source whose links led to this one, for sources found by `--follow-links`.
    pub discovered_from: Option<String>,
}
