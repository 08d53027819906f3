//! A program as a CSV export of a CFP system: one row per session, with at least `title` and
//! `tags` (`;`-separated); `description` (or `abstract`) and `url` are read when present.

use super::{Program, talk};

/// The talks of a program CSV, or why it cannot be read. Rows that cannot be parsed are
/// skipped and counted in a warning.
pub fn read(text: &str) -> Result<Program, String> {
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("cannot read the CSV header: {e}"))?.clone();
    let column = |names: &[&str]| headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let title = column(&["title"]).ok_or("program CSV has no `title` column")?;
    let tags = column(&["tags"]).ok_or("program CSV has no `tags` column")?;
    let description = column(&["description", "abstract"]);
    let url = column(&["url"]);
    let mut program = Program::default();
    let mut bad_rows = 0;
    for record in reader.records() {
        let Ok(record) = record else {
            bad_rows += 1;
            continue;
        };
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let tags = field(Some(tags)).split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        program.talks.extend(talk(field(Some(title)), field(description), tags, field(url)));
    }
    if bad_rows > 0 {
        program.warnings.push(format!("{bad_rows} malformed CSV rows were skipped"));
    }
    Ok(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_talks_and_tags_and_skips_logistics() {
        let csv = "year,title,tags\n2030,Opening Remarks (Monday),\n2030,Fast ORM;,orm; performance ;\n2030,Keynote: People,\n2030,Lunch,\n2030,Orientation and Welcome,\n2030,Breaking changes,\n";
        let program = read(csv).unwrap();
        assert!(program.warnings.is_empty());
        let titles: Vec<_> = program.talks.iter().map(|t| t.draft.text.as_str()).collect();
        assert_eq!(titles, ["Fast ORM;", "Keynote: People", "Breaking changes"]);
        assert_eq!(program.talks[0].tags, ["orm", "performance"]);
    }

    #[test]
    fn description_and_url_columns_are_read_when_present() {
        let csv = "title,tags,Abstract,url\nFast ORM,orm,\"Queries, fewer\",https://c.example/talks/orm/\n";
        let talk = &read(csv).unwrap().talks[0];
        assert_eq!(
            (talk.draft.description.as_str(), talk.url.as_str()),
            ("Queries, fewer", "https://c.example/talks/orm/")
        );
    }

    #[test]
    fn missing_columns_are_reported() {
        assert_eq!(read("name,tags\nx,y\n").unwrap_err(), "program CSV has no `title` column");
        assert_eq!(read("title\nx\n").unwrap_err(), "program CSV has no `tags` column");
    }
}
