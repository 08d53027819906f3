//! Read an accepted-program CSV (a CFP system's session export): one item per talk.

use super::structure::Draft;
use crate::model::Polarity;

/// Sessions every program has that are not talks anyone proposed.
const LOGISTICS: &[&str] = &[
    "orientation",
    "opening remarks",
    "closing remarks",
    "lightning talks",
    "break",
    "lunch",
    "breakfast",
    "registration",
    "sprints",
    "sprint",
    "social event",
    "reception",
    "happy hour",
];

/// A program row turned into a draft, with its tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talk {
    /// The talk as a draft item.
    pub draft: Draft,
    /// Its `;`-separated tags, trimmed, empty ones dropped.
    pub tags: Vec<String>,
}

/// True for rows such as "Opening Remarks (Monday)" or "Lunch".
pub fn is_logistics(title: &str) -> bool {
    let t = title.to_lowercase();
    let t = t.trim();
    // Whole words only: "Breaking changes" is a talk, "Break" is not.
    LOGISTICS.iter().any(|l| {
        t.strip_prefix(l).is_some_and(|rest| {
            rest.is_empty() || [" (", ":", " and ", " -", " &"].iter().any(|sep| rest.starts_with(sep))
        })
    })
}

/// The talks of a program CSV, or why it cannot be read. Rows that cannot be parsed are
/// skipped and counted in the returned warning count.
pub fn talks(text: &str) -> Result<(Vec<Talk>, usize), String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("cannot read the CSV header: {e}"))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let title = column("title").ok_or("program CSV has no `title` column")?;
    let tags = column("tags").ok_or("program CSV has no `tags` column")?;
    let mut out = Vec::new();
    let mut bad_rows = 0;
    for record in reader.records() {
        let Ok(record) = record else {
            bad_rows += 1;
            continue;
        };
        let text = crate::extract::document::collapse(record.get(title).unwrap_or(""));
        if text.is_empty() || is_logistics(&text) {
            continue;
        }
        let tags = record
            .get(tags)
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let draft = Draft {
            section: String::new(),
            depth: 0,
            parent: None,
            text,
            description: String::new(),
            polarity: Polarity::Wanted,
        };
        out.push(Talk { draft, tags });
    }
    Ok((out, bad_rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_talks_and_tags_and_skips_logistics() {
        let csv = "year,title,tags\n2030,Opening Remarks (Monday),\n2030,Fast ORM;,orm; performance ;\n2030,Keynote: People,\n2030,Lunch,\n2030,Orientation and Welcome,\n2030,Breaking changes,\n";
        let (talks, bad) = talks(csv).unwrap();
        assert_eq!(bad, 0);
        let titles: Vec<_> = talks.iter().map(|t| t.draft.text.as_str()).collect();
        assert_eq!(titles, ["Fast ORM;", "Keynote: People", "Breaking changes"]);
        assert_eq!(talks[0].tags, ["orm", "performance"]);
    }

    #[test]
    fn missing_columns_are_reported() {
        assert_eq!(talks("name,tags\nx,y\n").unwrap_err(), "program CSV has no `title` column");
        assert_eq!(talks("title\nx\n").unwrap_err(), "program CSV has no `tags` column");
    }
}
