//! The hand labels: `gold/items.csv` and `gold/pairs.csv` of a labelled set, and the
//! comparable form of keys and texts the matching uses.

use super::*;

/// How much a gold row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An idea a careful reader would list: missing it costs recall.
    Required,
    /// Fine either way: finding it is right, missing it costs nothing.
    Optional,
    /// Neither right nor wrong: an item matching it is left out of precision.
    Ignore,
    /// Documentation of text that must not be an idea: an item matching it is a false positive.
    Noise,
}

/// One row of `gold/items.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldItem {
    /// The source id.
    pub source: String,
    /// How much it counts.
    pub level: Level,
    /// Acceptable primary themes, best first (`;`-separated in the file).
    pub themes: String,
    /// The section the post groups it under; empty when none.
    pub section: String,
    /// The first words of the idea, or a distinctive part of the sentence that carries it.
    pub key: String,
    /// The labelled set the row comes from (its folder's name).
    #[serde(skip)]
    pub set: String,
}

/// Same topic or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// An organizer would count the two as one topic: they should share a concept.
    Same,
    /// Different topics that share words: they should share no concept.
    Distinct,
}

/// One row of `gold/pairs.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldPair {
    /// Same or distinct.
    pub relation: Relation,
    /// The first idea's source and key.
    pub source_a: String,
    /// Its key.
    pub key_a: String,
    /// The second idea's source.
    pub source_b: String,
    /// Its key.
    pub key_b: String,
    /// The labelled set the row comes from (its folder's name).
    #[serde(skip)]
    pub set: String,
}

/// The labels of one or more sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    /// Every labelled idea, in file order.
    pub items: Vec<GoldItem>,
    /// Every labelled pair.
    pub pairs: Vec<GoldPair>,
    /// Every labelled post, those without a gold row (hard negatives) included.
    pub posts: Vec<String>,
}

impl Gold {
    /// Read `DIR/items.csv` and `DIR/pairs.csv` (the latter may be missing).
    pub fn load(dir: &Path) -> Result<Gold, String> {
        let mut items: Vec<GoldItem> = read_csv(&dir.join("items.csv"))?;
        let pairs_path = dir.join("pairs.csv");
        let mut pairs: Vec<GoldPair> = if pairs_path.exists() { read_csv(&pairs_path)? } else { Vec::new() };
        // `SET/gold/`: the set is named after its folder.
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let folder = if dir.file_name().is_some_and(|n| n == "gold") { dir.parent() } else { Some(dir.as_path()) };
        let set = folder.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        items.iter_mut().for_each(|i| i.set.clone_from(&set));
        pairs.iter_mut().for_each(|p| p.set.clone_from(&set));
        Ok(Gold { items, pairs, posts: Vec::new() })
    }

    /// The labelled posts: those the labels cover, in first-seen order, then the posts
    /// without a gold row (hard negatives: everything emitted there is wrong).
    pub fn sources(&self) -> Vec<&str> {
        let mut seen = HashSet::default();
        self.items
            .iter()
            .map(|g| g.source.as_str())
            .chain(self.posts.iter().map(String::as_str))
            .filter(|s| seen.insert(*s))
            .collect()
    }
}

pub(super) fn read_csv<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    reader
        .deserialize()
        .enumerate()
        .map(|(n, row)| row.map_err(|e| format!("{}:{}: {e}", path.display(), n + 2)))
        .collect()
}

/// The form keys and texts are compared in.
pub fn comparable(text: &str) -> String {
    collapse(&fold(text))
}

/// Sections are compared without the trailing punctuation labels carry.
pub(super) fn comparable_section(text: &str) -> String {
    comparable(text).trim_end_matches([':', '?', '!', '.', ' ']).to_string()
}
