//! A program as an iCalendar feed (RFC 5545), as conference sites publish for calendar apps:
//! one `VEVENT` per session. The title is `SUMMARY`, the description `DESCRIPTION` (without
//! its speaker line), the talk's page `URL`, and the tags `CATEGORIES` where present.
//!
//! Unfolding, unescaping and `CATEGORIES` lists are the `icalendar` crate's work.

use icalendar::{CalendarComponent, Component, EventLike, EventStatus};

use super::{Program, talk};

/// Components nest two or three deep in real feeds (calendar, event, alarm); the parser
/// recurses per level, so deeper input is refused before it is parsed.
const MAX_NESTING: usize = 16;

/// The talks of a calendar feed, or why it cannot be read.
pub fn read(text: &str) -> Result<Program, String> {
    let unfolded = icalendar::parser::unfold(text);
    let depth = nesting(&unfolded);
    if depth > MAX_NESTING {
        return Err(format!("the calendar nests components {depth} levels deep (at most {MAX_NESTING}): not read"));
    }
    let parsed = icalendar::parser::read_calendar(&unfolded).map_err(|e| {
        let first = e.lines().map(str::trim).find(|l| !l.is_empty() && *l != "error:").unwrap_or("").to_string();
        format!("not a valid iCalendar feed: {}", first.chars().take(160).collect::<String>())
    })?;
    let calendar = icalendar::Calendar::from(parsed);
    let mut program = Program::default();
    let (mut untitled, mut cancelled) = (0, 0);
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        if event.get_status() == Some(EventStatus::Cancelled) {
            cancelled += 1;
            continue;
        }
        let Some(summary) = event.get_summary().filter(|s| !s.trim().is_empty()) else {
            untitled += 1;
            continue;
        };
        let description = without_speaker_lines(event.get_description().unwrap_or(""));
        let tags = event
            .get_categories()
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        program.talks.extend(talk(summary, &description, tags, event.get_url().unwrap_or("")));
    }
    if untitled > 0 {
        program.warnings.push(format!("{untitled} calendar events without a SUMMARY were skipped"));
    }
    if cancelled > 0 {
        program.warnings.push(format!("{cancelled} cancelled calendar events were skipped"));
    }
    if program.talks.is_empty() && untitled + cancelled == 0 && !has_events(&calendar) {
        return Err("the calendar holds no events".into());
    }
    Ok(program)
}

fn has_events(calendar: &icalendar::Calendar) -> bool {
    calendar.components.iter().any(|c| matches!(c, CalendarComponent::Event(_)))
}

/// The deepest `BEGIN:` nesting of unfolded calendar text: after unfolding, every content line
/// is a line of its own, so this count is exact, not an estimate.
fn nesting(unfolded: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for line in unfolded.lines() {
        // Bytes, not `str` slices: the line may open with a character wider than one byte.
        let starts = |prefix: &[u8]| {
            line.trim_start().as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix))
        };
        if starts(b"BEGIN:") {
            depth += 1;
            deepest = deepest.max(depth);
        } else if starts(b"END:") {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

/// Feeds put who speaks in the description ("Presenter: Ada Lovelace"); names are not topics.
fn without_speaker_lines(description: &str) -> String {
    const LABELS: &[&str] = &["presenter:", "presenters:", "speaker:", "speakers:", "presented by"];
    description
        .lines()
        .filter(|line| {
            let l = line.trim_start().to_lowercase();
            !LABELS.iter().any(|label| l.starts_with(label))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A feed written the way RFC 5545 allows: CRLF, a folded SUMMARY and DESCRIPTION, escaped
    /// commas and semicolons, CATEGORIES, a timezone, an alarm, logistics and a cancelled event.
    const FEED: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20300101T000000Z\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2@t\r\nDTSTAMP:20300101T000000Z\r\nSUMMARY:Caching\\, queues and the O\r\n RM\\; a field guide\r\n\
DESCRIPTION:Presenter: Ada Lovelace\\n\\nWhat to cache\\, and when.\r\n  Measured.\r\nURL:https://c.example/talks/caching/\r\n\
CATEGORIES:Performance,Data\\, storage\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:3@t\r\nDTSTAMP:20300101T000000Z\r\nSUMMARY:Gone talk\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:4@t\r\nDTSTAMP:20300101T000000Z\r\nSUMMARY:Typing Django\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn reads_events_with_folded_lines_escapes_and_categories() {
        let program = read(FEED).unwrap();
        let titles: Vec<_> = program.talks.iter().map(|t| t.draft.text.as_str()).collect();
        assert_eq!(titles, ["Caching, queues and the ORM; a field guide", "Typing Django"]);
        let caching = &program.talks[0];
        assert_eq!(caching.draft.description, "What to cache, and when. Measured.");
        assert_eq!(caching.url.as_deref(), Some("https://c.example/talks/caching/"));
        assert_eq!(caching.tags, ["Performance", "Data, storage"]);
        assert_eq!(program.warnings, ["1 cancelled calendar events were skipped"]);
    }

    #[test]
    fn line_feeds_alone_read_the_same_as_crlf() {
        let lf = FEED.replace("\r\n", "\n");
        assert_eq!(read(&lf).unwrap(), read(FEED).unwrap());
    }

    #[test]
    fn broken_and_hostile_calendars_are_reasons_not_panics() {
        assert!(read("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").unwrap_err().starts_with("not a valid iCalendar feed"));
        let deep = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:X\n".repeat(50_000);
        assert!(read(&deep).unwrap_err().contains("levels deep"));
        assert!(read("BEGIN:VCALENDAR\né\nEND:VCALENDAR\n").is_err(), "a line opening with a wide character");
        assert_eq!(read("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n").unwrap_err(), "the calendar holds no events");
    }
}
