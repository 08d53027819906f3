//! The rows of a build's own tables as the commands read them back: one serde struct per
//! table, so a renamed or retyped column fails with the table and line named, not a panic.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::CliError;

/// A row of `concepts.csv`: the columns a command reads (others are skipped).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ConceptRow {
    /// The concept's id.
    pub concept_id: String,
    /// Its label.
    pub label: String,
    /// Its primary theme.
    pub theme: String,
    /// Items linked to it.
    pub item_count: u32,
    /// Sources those items come from.
    pub source_count: u32,
    /// First year it is mentioned.
    pub first_year: Option<i32>,
    /// Last year it is mentioned.
    pub last_year: Option<i32>,
    /// Where it comes from (`alias`, `auto`, `topic`, `override`).
    pub origin: String,
    /// Its curated aliases, `; `-separated as the table writes them.
    pub aliases: String,
}

/// A row of `items.csv`: the columns a command reads.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ItemRow {
    /// The item's id.
    pub item_id: String,
    /// Its post or program.
    pub source_id: String,
    /// The year of its source.
    pub year: i32,
    /// Its text.
    pub text: String,
}

/// A row of `item_concepts.csv`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LinkRow {
    /// The item.
    pub item_id: String,
    /// The concept.
    pub concept_id: String,
    /// The rule that made the link.
    pub method: String,
    /// Its score, 0–1.
    pub score: f64,
}

/// A row of `trends.csv`: the columns a command reads.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TrendRow {
    /// The concept.
    pub concept_id: String,
    /// The year.
    pub year: i32,
    /// Its mentions that year.
    pub mentions: u32,
}

/// Every row of `OUT/TABLE.csv`.
pub fn read<T: DeserializeOwned>(out: &Path, table: &str) -> Result<Vec<T>, CliError> {
    let path = out.join(format!("{table}.csv"));
    let mut reader = csv::Reader::from_path(&path).map_err(|e| {
        CliError::failed(format!(
            "cannot read {}: {e} (run `cfp-taxonomy build` first, or pass --out DIR)",
            path.display()
        ))
    })?;
    reader
        .deserialize()
        .map(|r| r.map_err(|e| CliError::failed(format!("{}: {e} (a table of another version?)", path.display()))))
        .collect()
}
