//! Read the reviewed reference data in `seeds/`: themes and concept aliases.
//!
//! Like dbt seeds, these files change through review, like code; the build only reads them.
//! A broken seed stops the build with the file, row and reason, since the taxonomy would be
//! wrong without it.

use std::path::{Path, PathBuf};

use foldhash::{HashSet, HashSetExt};
use serde::Deserialize;

use crate::hash::sha256_hex;
use crate::model::{Scope, Theme};

/// A curated concept with the phrases that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasConcept {
    /// The concept's label; its id is derived from it.
    pub label: String,
    /// Its theme id.
    pub theme: String,
    /// Phrases that, found in an item, link the item to the concept.
    pub aliases: Vec<String>,
    /// `broad` for a kind of talk or a wide field (the optional `scope` column).
    pub scope: Scope,
}

/// What a row of `vocabulary.csv` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A subject with its other names: every name is read as the term.
    Topic,
    /// A word for the kind of talk ("intro", "tips", "case study"), not its subject: left out
    /// when ideas are compared by their head topic.
    Facet,
    /// A programming language or runtime a community can be built around (Go, Kotlin,
    /// Node.js): a topic, and in a post a third of whose ideas name it, that community's own
    /// language, themed `python` by analogy (the labelling conventions).
    Language,
    /// A web framework a community can be built around (Rails, Laravel): a topic, and in a
    /// post a third of whose ideas name it, that community's own framework, themed
    /// `django-core` by analogy.
    Framework,
}

impl TermKind {
    /// The theme a community's own language or framework is read as.
    pub fn own_theme(self) -> Option<&'static str> {
        match self {
            TermKind::Language => Some("python"),
            TermKind::Framework => Some("django-core"),
            TermKind::Topic | TermKind::Facet => None,
        }
    }
}

/// One row of `vocabulary.csv`: a term of the field and its other names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The name everything is read as.
    pub term: String,
    /// Topic or facet.
    pub kind: TermKind,
    /// Acronyms, synonyms and spellings of the term.
    pub synonyms: Vec<String>,
}

impl Term {
    /// A row, as `vocabulary.csv` would give it.
    pub fn new(term: &str, kind: TermKind, synonyms: &[&str]) -> Term {
        Term { term: term.to_string(), kind, synonyms: synonyms.iter().map(|s| s.to_string()).collect() }
    }
}

/// What an override row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideAction {
    /// Put the item into the target concept (an existing id, or a new label).
    Link,
    /// Take the item out of the target concept.
    Unlink,
    /// Keep the item and the target item out of any concept together.
    Separate,
    /// Move every item of one concept (named in `item`, by id or label) into the target
    /// concept: the two are one topic (a cluster merged, as in OpenRefine).
    Merge,
}

/// One row of `seeds/overrides.csv`: an organizer's correction that always wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// 1-based line in the file, for reports.
    pub line: usize,
    /// What to do.
    pub action: OverrideAction,
    /// `SOURCE#NNN`, or `SOURCE: text of the item`; for `merge`, the concept merged away (id
    /// or label).
    pub item: String,
    /// A concept id or label (`link`, `unlink`, `merge`) or another item (`separate`).
    pub target: String,
}

/// Everything the normalization stage needs from `seeds/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seeds {
    /// Themes in file order (the order breaks ties).
    pub themes: Vec<Theme>,
    /// Curated concepts.
    pub concepts: Vec<AliasConcept>,
    /// The field's vocabulary (`vocabulary.csv`, optional): synonyms and facet words.
    pub vocabulary: Vec<Term>,
    /// Organizers' corrections (`overrides.csv`, optional).
    pub overrides: Vec<Override>,
    /// `(file name, sha256)` of every seed read, for `run.json`.
    pub files: Vec<(String, String)>,
}

/// A seed file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {reason}", file.display(), row.map(|r| format!(":{r}")).unwrap_or_default())]
pub struct SeedError {
    /// The seed file.
    pub file: PathBuf,
    /// 1-based line, when one row is at fault.
    pub row: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

#[derive(Deserialize)]
struct ThemeRow {
    id: String,
    label: String,
    scope: String,
    #[serde(default)]
    keywords: String,
}

#[derive(Deserialize)]
struct OverrideRow {
    action: String,
    item: String,
    target: String,
}

#[derive(Deserialize)]
struct AliasRow {
    concept: String,
    theme: String,
    aliases: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
struct TermRow {
    term: String,
    kind: String,
    #[serde(default)]
    synonyms: String,
}

/// Read `themes.csv` and `aliases.csv` from `dir`.
pub fn load(dir: &Path) -> Result<Seeds, SeedError> {
    let mut files = Vec::new();
    let themes_path = dir.join("themes.csv");
    let rows: Vec<(usize, ThemeRow)> = read_csv(&themes_path, &mut files)?;
    let mut ids = HashSet::new();
    let mut themes = Vec::new();
    for (line, row) in rows {
        let id = row.id.trim().to_string();
        if id.is_empty() || !crate::sources::valid_id(&id) {
            return Err(SeedError { file: themes_path, row: Some(line), reason: format!("bad theme id {id:?}") });
        }
        if !ids.insert(id.clone()) {
            return Err(SeedError { file: themes_path, row: Some(line), reason: format!("duplicate theme id {id:?}") });
        }
        let keywords = split_list(&row.keywords);
        // A keyword that begins with a function word is matched against whole tags only.
        if let Some(reason) =
            keywords.iter().filter(|k| !crate::text::starts_with_stop_word(k)).find_map(|k| narrowed(k))
        {
            return Err(SeedError { file: themes_path, row: Some(line), reason: format!("theme {id:?}: {reason}") });
        }
        themes.push(Theme { id, label: row.label.trim().to_string(), scope: row.scope.trim().to_string(), keywords });
    }
    if themes.is_empty() {
        return Err(SeedError { file: themes_path, row: None, reason: "no themes".into() });
    }
    let aliases_path = dir.join("aliases.csv");
    let rows: Vec<(usize, AliasRow)> = read_csv(&aliases_path, &mut files)?;
    let mut labels = HashSet::new();
    let mut concepts = Vec::new();
    for (line, row) in rows {
        let fail = |reason: String| SeedError { file: aliases_path.clone(), row: Some(line), reason };
        let label = row.concept.trim().to_string();
        if label.is_empty() {
            return Err(fail("empty concept label".into()));
        }
        if !labels.insert(crate::text::slug(&label)) {
            return Err(fail(format!("concept {label:?} is listed twice (or two labels give one id)")));
        }
        let theme = row.theme.trim().to_string();
        if !ids.contains(&theme) {
            return Err(fail(format!("concept {label:?} names unknown theme {theme:?}")));
        }
        let aliases = split_list(&row.aliases);
        if aliases.iter().any(|a| crate::text::terms(a).is_empty()) {
            return Err(fail(format!("concept {label:?} has an alias made only of stop words")));
        }
        if let Some(reason) = aliases.iter().find_map(|a| narrowed(a)) {
            return Err(fail(format!("concept {label:?}: {reason}")));
        }
        let scope = match row.scope.trim() {
            "" | "topic" => Scope::Topic,
            "broad" => Scope::Broad,
            other => return Err(fail(format!("unknown scope {other:?} (expected topic or broad)"))),
        };
        concepts.push(AliasConcept { label, theme, aliases, scope });
    }
    let vocabulary = read_vocabulary(&dir.join("vocabulary.csv"), &mut files)?;
    let overrides_path = dir.join("overrides.csv");
    let mut overrides = Vec::new();
    // Overrides are optional: a project starts without corrections.
    if overrides_path.exists() {
        let rows: Vec<(usize, OverrideRow)> = read_csv(&overrides_path, &mut files)?;
        for (line, row) in rows {
            let fail = |reason: String| SeedError { file: overrides_path.clone(), row: Some(line), reason };
            let action = match row.action.trim() {
                "link" => OverrideAction::Link,
                "unlink" => OverrideAction::Unlink,
                "separate" => OverrideAction::Separate,
                "merge" => OverrideAction::Merge,
                other => {
                    return Err(fail(format!("unknown action {other:?} (expected link, unlink, separate or merge)")));
                }
            };
            let (item, target) = (row.item.trim().to_string(), row.target.trim().to_string());
            if item.is_empty() || target.is_empty() {
                return Err(fail("an override needs an item and a target".into()));
            }
            overrides.push(Override { line, action, item, target });
        }
    }
    Ok(Seeds { themes, concepts, vocabulary, overrides, files })
}

/// `vocabulary.csv`: optional, so a project can start without one.
fn read_vocabulary(path: &Path, files: &mut Vec<(String, String)>) -> Result<Vec<Term>, SeedError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let rows: Vec<(usize, TermRow)> = read_csv(path, files)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, row) in rows {
        let fail = |reason: String| SeedError { file: path.to_path_buf(), row: Some(line), reason };
        let kind = match row.kind.trim() {
            "topic" => TermKind::Topic,
            "facet" => TermKind::Facet,
            "language" => TermKind::Language,
            "framework" => TermKind::Framework,
            other => {
                return Err(fail(format!("unknown kind {other:?} (expected topic, facet, language or framework)")));
            }
        };
        let term = row.term.trim().to_string();
        let synonyms = split_list(&row.synonyms);
        for name in std::iter::once(&term).chain(&synonyms) {
            let terms = crate::text::terms(name);
            if terms.iter().all(|t| crate::text::is_mask(t)) {
                return Err(fail(format!("{name:?} is made only of stop words, versions or years")));
            }
            if let Some(reason) = narrowed(name) {
                return Err(fail(reason));
            }
            // One name read as two terms would make the result depend on the row order.
            if !seen.insert(terms.join(" ")) {
                return Err(fail(format!("{name:?} is listed twice (or folds like an earlier name)")));
            }
        }
        out.push(Term { term, kind, synonyms });
    }
    Ok(out)
}

/// Why a seed phrase cannot be used as written, if it is one whose stop words leave a single
/// word ("in production" would match every "production").
fn narrowed(phrase: &str) -> Option<String> {
    crate::text::narrowed_to_one_word(phrase).map(|word| {
        format!("{phrase:?} is read as {word:?} alone once its stop words are dropped, so it would match every text with that word; write that word, or a phrase that keeps two")
    })
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn read_csv<T: for<'de> Deserialize<'de>>(
    path: &Path,
    files: &mut Vec<(String, String)>,
) -> Result<Vec<(usize, T)>, SeedError> {
    let bytes = std::fs::read(path).map_err(|e| SeedError {
        file: path.to_path_buf(),
        row: None,
        reason: format!("cannot read the seed file: {e} (pass --seeds DIR to use another folder)"),
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    files.push((name, sha256_hex(&bytes)));
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for record in reader.deserialize::<T>() {
        match record {
            Ok(row) => rows.push(row),
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                return Err(SeedError { file: path.to_path_buf(), row: line, reason: e.to_string() });
            }
        }
    }
    // Line numbers for rows read fine: csv positions are only exposed on errors, so recount.
    let mut line_reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(bytes.as_slice());
    let lines = line_reader.records().filter_map(Result::ok).map(|r| r.position().map_or(0, |p| p.line() as usize));
    Ok(lines.zip(rows).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, themes: &str, aliases: &str) {
        std::fs::write(dir.join("themes.csv"), themes).unwrap();
        std::fs::write(dir.join("aliases.csv"), aliases).unwrap();
    }

    #[test]
    fn reads_themes_and_aliases() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "id,label,scope,keywords\nweb,Web,the web,html; css\n",
            "concept,theme,aliases\nHTMX,web,htmx; html over the wire\n",
        );
        let seeds = load(dir.path()).unwrap();
        assert_eq!(seeds.themes[0].keywords, ["html", "css"]);
        assert_eq!(seeds.concepts[0].aliases, ["htmx", "html over the wire"]);
        assert_eq!(seeds.files.len(), 2);
    }

    #[test]
    fn unknown_theme_and_duplicates_name_the_row() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "id,label,scope\nweb,Web,x\n",
            "concept,theme,aliases\n# a comment\nHTMX,web,htmx\nAI,ai-ml,ai\n",
        );
        let e = load(dir.path()).unwrap_err();
        assert_eq!(e.row, Some(4), "{e}");
        assert!(e.to_string().contains("unknown theme \"ai-ml\""), "{e}");
        write(dir.path(), "id,label,scope\nweb,Web,x\nweb,Web,y\n", "concept,theme,aliases\n");
        let e = load(dir.path()).unwrap_err();
        assert_eq!(e.row, Some(3), "{e}");
        assert!(e.to_string().contains("themes.csv:3: duplicate theme id \"web\""), "{e}");
    }

    #[test]
    fn a_phrase_its_stop_words_leave_one_word_is_refused_in_every_file() {
        let dir = tempfile::tempdir().unwrap();
        // "well-being" would be read as "well" and match "works as well".
        write(
            dir.path(),
            "id,label,scope,keywords\ncareer,Career,x,self care; well-being\n",
            "concept,theme,aliases\n",
        );
        let e = load(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("themes.csv:2: theme \"career\": \"well-being\" is read as \"well\" alone"),
            "{e}"
        );
        write(
            dir.path(),
            "id,label,scope\nops,Ops,x\n",
            "concept,theme,aliases\nDeploying,ops,deploying; in production\n",
        );
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("aliases.csv:2: concept \"Deploying\": \"in production\""), "{e}");
        write(
            dir.path(),
            "id,label,scope\nops,Ops,x\n",
            "concept,theme,aliases\nDeploying,ops,deploying; fun and profit\n",
        );
        std::fs::write(
            dir.path().join("vocabulary.csv"),
            "term,kind,synonyms\nvisual studio code,topic,vscode; vs code\n",
        )
        .unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("vocabulary.csv:2: \"vs code\" is read as \"code\" alone"), "{e}");
        std::fs::write(dir.path().join("vocabulary.csv"), "term,kind,synonyms\nvisual studio code,topic,vscode\n")
            .unwrap();
        assert!(load(dir.path()).is_ok(), "phrases that keep two words are fine");
    }

    #[test]
    fn vocabulary_kinds_are_read_and_an_unknown_kind_names_the_ones_there_are() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "id,label,scope\nweb,Web,x\n", "concept,theme,aliases\n");
        let vocabulary = dir.path().join("vocabulary.csv");
        std::fs::write(&vocabulary, "term,kind,synonyms\ngo,language,golang\nrails,framework,ruby on rails\n").unwrap();
        let seeds = load(dir.path()).unwrap();
        let kinds: Vec<(TermKind, Option<&str>)> =
            seeds.vocabulary.iter().map(|t| (t.kind, t.kind.own_theme())).collect();
        assert_eq!(kinds, [(TermKind::Language, Some("python")), (TermKind::Framework, Some("django-core"))]);
        std::fs::write(&vocabulary, "term,kind,synonyms\ngo,platform,golang\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("vocabulary.csv:2: unknown kind \"platform\" (expected topic, facet, language"),
            "{e}"
        );
    }

    #[test]
    fn overrides_are_optional_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "id,label,scope\nweb,Web,x\n", "concept,theme,aliases\n");
        assert!(load(dir.path()).unwrap().overrides.is_empty());
        std::fs::write(
            dir.path().join("overrides.csv"),
            "action,item,target,note\nlink,a#001,htmx,why\nseparate,a: Forms,b#002,\n",
        )
        .unwrap();
        let seeds = load(dir.path()).unwrap();
        assert_eq!(
            seeds.overrides[1],
            Override { line: 3, action: OverrideAction::Separate, item: "a: Forms".into(), target: "b#002".into() }
        );
        assert_eq!(seeds.files.len(), 3);
        std::fs::write(dir.path().join("overrides.csv"), "action,item,target\nmerge,Forms,htmx\n").unwrap();
        assert_eq!(load(dir.path()).unwrap().overrides[0].action, OverrideAction::Merge);
        std::fs::write(dir.path().join("overrides.csv"), "action,item,target\nfuse,a#001,x\n").unwrap();
        assert!(load(dir.path()).unwrap_err().to_string().contains("overrides.csv:2: unknown action \"fuse\""));
    }

    #[test]
    fn missing_folder_says_what_to_do() {
        let e = load(Path::new("/nonexistent/seeds")).unwrap_err();
        assert!(e.to_string().contains("--seeds"), "{e}");
    }
}
