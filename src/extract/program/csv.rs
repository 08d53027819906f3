//! A program as a CSV export of a CFP system: one row per session, with at least `title`;
//! `tags` (`;`-separated), `description` (or `abstract`) and `url` are read when present. Without
//! tags, a talk is themed from its title, as the talks of pages and feeds are.

use super::{Program, talk};

/// The talks of a program CSV, or why it cannot be read. Rows that cannot be parsed are
/// skipped and counted in a warning.
pub fn read(text: &str) -> Result<Program, String> {
    // The csv crate ends an unclosed quoted field at the end of the file, which would make
    // every row after it part of one talk's title.
    if let Some(line) = unclosed_quote(text) {
        return Err(format!(
            "the CSV opens a quoted field on line {line} that never closes, so every later row would be \
             read as part of it: close the quote (a quote inside a quoted field is written \"\")"
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("cannot read the CSV header: {e}"))?.clone();
    let column = |names: &[&str]| headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let title = column(&["title"]).ok_or_else(|| {
        let found: Vec<String> = headers.iter().map(|h| format!("`{}`", h.trim())).collect();
        format!("program CSV has no `title` column (its columns: {})", found.join(", "))
    })?;
    let tags = column(&["tags"]);
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
        let tags = field(tags).split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        program.talks.extend(talk(field(Some(title)), field(description), tags, field(url)));
    }
    if bad_rows > 0 {
        program.warnings.push(format!("{bad_rows} malformed CSV rows were skipped"));
    }
    Ok(program)
}

/// The line of a quoted field still open at the end of `text`, read as the csv crate reads
/// it: a quote opens a field only at its start, `""` inside it is a quote, and a quote closes it.
fn unclosed_quote(text: &str) -> Option<usize> {
    let (mut line, mut opened_on) = (1, 0);
    let (mut quoted, mut at_field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if at_field_start => {
                quoted = true;
                opened_on = line;
            }
            b',' | b'\n' | b'\r' => {
                at_field_start = true;
                continue;
            }
            _ => {}
        }
        at_field_start = false;
    }
    quoted.then_some(opened_on)
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
            (talk.draft.description.as_str(), talk.url.as_deref().unwrap_or("")),
            ("Queries, fewer", "https://c.example/talks/orm/")
        );
    }

    #[test]
    fn an_unclosed_quote_fails_the_program_instead_of_swallowing_the_rows_after_it() {
        let csv = "title,tags\n\"Fast ORM,orm\nAsync views,performance\nSearch,data\n";
        let e = read(csv).unwrap_err();
        assert!(e.contains("line 2 that never closes"), "{e}");
        // Quotes that are closed, doubled or in the middle of a field are fine.
        let fine = "title,tags,description\n\"Fast, \"\"ORM\"\"\",orm,\"two\nlines\"\nA 5\" talk,x,y\n";
        let titles: Vec<String> = read(fine).unwrap().talks.iter().map(|t| t.draft.text.clone()).collect();
        assert_eq!(titles, ["Fast, \"ORM\"", "A 5\" talk"]);
    }

    #[test]
    fn missing_columns_are_reported() {
        assert_eq!(
            read("name,tags\nx,y\n").unwrap_err(),
            "program CSV has no `title` column (its columns: `name`, `tags`)"
        );
        let untagged = read("title\nFast ORM\n").unwrap();
        assert_eq!(untagged.talks.len(), 1, "tags are optional");
        assert!(untagged.talks[0].tags.is_empty());
    }
}
