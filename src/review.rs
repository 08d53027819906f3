//! The review loop: a person judges the build's suggestions (pairs of ideas the rules kept
//! apart that may be one topic) and each decision becomes a row of `seeds/overrides.csv`, so
//! the fix survives every later build.
//!
//! "Same topic" writes `link` (the second idea joins the first one's concept); "merge" writes
//! `merge` (every idea of the second one's concept moves into the first one's: the two
//! concepts are one topic, as a cluster merged in OpenRefine); "different" writes `separate`
//! (the pair never shares a concept, and is not proposed again). Items are
//! named `SOURCE: text`, which survives a post being renumbered. A decision about the second
//! idea holds for its copies too: the ideas of other posts worded the same (a list reposted
//! the next year) get a row each, or they would come back in the next build's queue.

use std::io::{self, Write};
use std::path::Path;

use polars::prelude::*;

/// One row of the `suggestions` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Stable id.
    pub suggestion_id: String,
    /// How alike, 0–1.
    pub score: f64,
    /// Why it was proposed.
    pub evidence: String,
    /// The concept the second idea would join.
    pub concept_id: String,
    /// Its label.
    pub concept_label: String,
    /// The first idea's source and text.
    pub source_a: String,
    /// Its text.
    pub text_a: String,
    /// The second idea's source.
    pub source_b: String,
    /// Its text.
    pub text_b: String,
    /// The ideas of other posts worded as the second one (source, text), in the build's order.
    pub copies_b: Vec<(String, String)>,
    /// The second idea's concept that the rules grouped, which a merge moves into the first
    /// one's: its label (the name a `merge` row uses, stable across builds) and how many items
    /// it has. `None` when B is only in curated concepts, or the build predates merges.
    pub concept_b: Option<(String, usize)>,
}

impl Suggestion {
    /// The items a merge would move, when that is more than "same topic" moves (B and its
    /// copies): only then is a merge worth offering.
    pub fn merge_reach(&self) -> Option<(&str, usize)> {
        self.concept_b
            .as_ref()
            .filter(|(_, items)| *items > 1 + self.copies_b.len())
            .map(|(label, items)| (label.as_str(), *items))
    }
}

/// A person's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// One topic: link the second idea into the first one's concept.
    Same,
    /// Different topics: keep them apart.
    Different,
    /// One topic, both concepts: every idea of the second one's concept joins the first one's.
    Merge,
}

/// Read `OUT/suggestions.parquet` (Parquet, not CSV: CSV cells are neutralised for
/// spreadsheets, and the texts must come back exactly).
pub fn read_suggestions(out: &Path) -> Result<Vec<Suggestion>, String> {
    let path = out.join("suggestions.parquet");
    let file = std::fs::File::open(&path).map_err(|e| {
        format!("cannot read {}: {e} (run `cfp-taxonomy build` first, or pass --out DIR)", path.display())
    })?;
    let frame = ParquetReader::new(file).finish().map_err(|e| format!("{}: {e}", path.display()))?;
    let text = |name: &str| -> Result<Vec<String>, String> {
        let column = frame.column(name).map_err(|e| format!("{}: {e}", path.display()))?;
        let strings = column.str().map_err(|e| format!("{}: column {name}: {e}", path.display()))?;
        Ok(strings.iter().map(|v| v.unwrap_or_default().to_string()).collect())
    };
    let scores: Vec<f64> = frame
        .column("score")
        .and_then(|c| c.f64().map(|s| s.iter().map(|v| v.unwrap_or(0.0)).collect()))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let (ids, evidence, concepts, labels) =
        (text("suggestion_id")?, text("evidence")?, text("concept_id")?, text("concept_label")?);
    let (source_a, text_a, source_b, text_b) = (text("source_a")?, text("text_a")?, text("source_b")?, text("text_b")?);
    let worded = wordings(out)?;
    // Builds before the merge action have no concept_b columns: merging is then not offered.
    let concept_b: Vec<Option<(String, usize)>> = match (text("concept_b_label"), frame.column("concept_b_items")) {
        (Ok(labels), Ok(counts)) => {
            let counts = counts.i64().map_err(|e| format!("{}: concept_b_items: {e}", path.display()))?;
            // An empty label: B is only in curated concepts, which are not merged away.
            labels
                .into_iter()
                .zip(counts.iter())
                .map(|(l, n)| (!l.is_empty()).then(|| (l, n.unwrap_or(0).max(0) as usize)))
                .collect()
        }
        _ => vec![None; frame.height()],
    };
    Ok((0..frame.height())
        .map(|i| Suggestion {
            suggestion_id: ids[i].clone(),
            score: scores[i],
            evidence: evidence[i].clone(),
            concept_id: concepts[i].clone(),
            concept_label: labels[i].clone(),
            source_a: source_a[i].clone(),
            text_a: text_a[i].clone(),
            source_b: source_b[i].clone(),
            text_b: text_b[i].clone(),
            copies_b: worded
                .get(&wording(&text_b[i]))
                .into_iter()
                .flatten()
                .filter(|(source, _)| *source != source_b[i])
                .cloned()
                .collect(),
            concept_b: concept_b[i].clone(),
        })
        .collect())
}

/// How an idea is worded, for finding its copies: as `eval` compares texts (folded, spaces
/// collapsed), so its count of what an answer fixes agrees with the rows written here.
fn wording(text: &str) -> String {
    crate::eval::comparable(text)
}

/// The build's ideas by wording: `OUT/items.parquet`'s sources and texts.
fn wordings(out: &Path) -> Result<std::collections::HashMap<String, Vec<(String, String)>>, String> {
    let path = out.join("items.parquet");
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let frame = ParquetReader::new(file)
        .with_columns(Some(vec!["source_id".into(), "text".into()]))
        .finish()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let column = |name: &str| -> Result<Vec<String>, String> {
        let c = frame.column(name).and_then(|c| c.str().cloned()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(c.iter().map(|v| v.unwrap_or_default().to_string()).collect())
    };
    let mut by_wording: std::collections::HashMap<String, Vec<(String, String)>> = std::collections::HashMap::new();
    for (source, text) in column("source_id")?.into_iter().zip(column("text")?) {
        by_wording.entry(wording(&text)).or_default().push((source, text));
    }
    Ok(by_wording)
}

/// The `overrides.csv` rows for a decision, `[action, item, target, note]` each: one for the
/// second idea, and one for each of its copies; a merge is one row naming the two concepts
/// (none when the build did not say which concept the second idea is in).
pub fn override_rows(s: &Suggestion, decision: Decision) -> Vec<[String; 4]> {
    let a = format!("{}: {}", s.source_a, s.text_a);
    let row = |b: String| -> [String; 4] {
        match decision {
            Decision::Same => {
                ["link".into(), b, s.concept_id.clone(), format!("review {}: same topic as {a}", s.suggestion_id)]
            }
            Decision::Different => {
                ["separate".into(), a.clone(), b, format!("review {}: different topics", s.suggestion_id)]
            }
            Decision::Merge => {
                ["merge".into(), b, s.concept_id.clone(), format!("review {}: one topic with {a}", s.suggestion_id)]
            }
        }
    };
    if decision == Decision::Merge {
        return s.concept_b.iter().map(|(label, _)| row(label.clone())).collect();
    }
    let copies = s.copies_b.iter().map(|(source, text)| (source, text));
    std::iter::once((&s.source_b, &s.text_b))
        .chain(copies)
        .map(|(source, text)| row(format!("{source}: {text}")))
        .collect()
}

/// Header and explanation of a new `overrides.csv`.
const NEW_FILE: &str = "# Organizers' corrections. They are applied after every automatic rule and always win; a row\n\
# that no longer matches anything is reported as a warning (run.json, and the build's log).\n\
#   action   link (put the item into the concept), unlink (take it out),\n\
#            separate (the item and the target item share no concept),\n\
#            merge (every item of the concept named in `item` moves into the target concept)\n\
#   item     SOURCE#NNN, or \"SOURCE: text of the item\" (survives renumbering); a concept for merge\n\
#   target   a concept id or label (link creates the concept if it is new); for separate, an item\n\
action,item,target,note\n";

/// Append rows to `overrides.csv` (created with its header when missing). The file is
/// written whole to a temporary file and renamed, so an interrupted review never leaves half a
/// row; comments and earlier rows are kept as they are.
pub fn append_overrides(path: &Path, rows: &[[String; 4]]) -> io::Result<()> {
    let mut text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => NEW_FILE.to_string(),
        Err(e) => return Err(e),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(io::Error::other)?;
    }
    text.push_str(&String::from_utf8_lossy(&writer.into_inner().map_err(|e| io::Error::other(e.to_string()))?));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion() -> Suggestion {
        Suggestion {
            suggestion_id: "s-1".into(),
            score: 0.5,
            evidence: "words alike".into(),
            concept_id: "caching".into(),
            concept_label: "Caching".into(),
            source_a: "a".into(),
            text_a: "Caching".into(),
            source_b: "b".into(),
            text_b: "=Caching, with Redis".into(),
            copies_b: Vec::new(),
            concept_b: Some(("Caching with Redis".into(), 3)),
        }
    }

    #[test]
    fn decisions_become_override_rows_that_seeds_read_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("themes.csv"), "id,label,scope\nweb,Web,x\n").unwrap();
        std::fs::write(dir.path().join("aliases.csv"), "concept,theme,aliases\n").unwrap();
        let path = dir.path().join("overrides.csv");
        append_overrides(&path, &override_rows(&suggestion(), Decision::Same)).unwrap();
        append_overrides(&path, &override_rows(&suggestion(), Decision::Different)).unwrap();
        let seeds = crate::seeds::load(dir.path()).unwrap();
        let o = &seeds.overrides;
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0].action, o[0].item.as_str(), o[0].target.as_str()),
            (crate::seeds::OverrideAction::Link, "b: =Caching, with Redis", "caching")
        );
        assert_eq!(
            (o[1].action, o[1].item.as_str(), o[1].target.as_str()),
            (crate::seeds::OverrideAction::Separate, "a: Caching", "b: =Caching, with Redis")
        );
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("# Organizers' corrections"));
    }

    #[test]
    fn a_decision_holds_for_the_copies_of_the_second_idea() {
        let s = Suggestion { copies_b: vec![("c".into(), "=caching,  with redis".into())], ..suggestion() };
        let items = |rows: Vec<[String; 4]>| rows.into_iter().map(|r| [r[0].clone(), r[1].clone()]).collect::<Vec<_>>();
        assert_eq!(
            items(override_rows(&s, Decision::Same)),
            [["link", "b: =Caching, with Redis"], ["link", "c: =caching,  with redis"]].map(|r| r.map(String::from))
        );
        assert_eq!(override_rows(&s, Decision::Different)[1][2], "c: =caching,  with redis");
        assert_eq!(wording(" =Caching,\twith Redis "), wording("=caching, with redis"));
    }

    #[test]
    fn a_merge_is_one_row_naming_both_concepts() {
        let s = Suggestion { copies_b: vec![("c".into(), "=caching,  with redis".into())], ..suggestion() };
        let rows = override_rows(&s, Decision::Merge);
        assert_eq!(rows.len(), 1, "the copies are in the merged concept already: {rows:?}");
        assert_eq!(rows[0][..3], ["merge", "Caching with Redis", "caching"].map(String::from));
        assert!(rows[0][3].starts_with("review s-1: one topic with a: Caching"), "{:?}", rows[0]);
        assert!(override_rows(&Suggestion { concept_b: None, ..s.clone() }, Decision::Merge).is_empty(), "curated");
        assert_eq!(s.merge_reach(), Some(("Caching with Redis", 3)), "three ideas, B and one copy among them");
        let alone = Suggestion { concept_b: Some(("Caching with Redis".into(), 2)), ..s };
        assert_eq!(alone.merge_reach(), None, "B and its copy only: the same as a link");
    }

    #[test]
    fn appending_keeps_comments_and_earlier_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("overrides.csv");
        std::fs::write(&path, "# mine\naction,item,target,note\nunlink,a#001,x,kept").unwrap();
        append_overrides(&path, &override_rows(&suggestion(), Decision::Different)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# mine\naction,item,target,note\nunlink,a#001,x,kept\nseparate,a: Caching,"),
            "{text}"
        );
    }
}
