//! Accepted programs, read from what conference sites publish: a CSV export of the CFP system
//! ([`csv`]), an iCalendar feed ([`ics`]), or an HTML schedule or talk-list page
//! ([`schedule`]). Each gives one [`Talk`] per session that someone proposed; breaks, meals,
//! sprints, opening remarks and lightning-talk slots are left out the same way for all three.

pub mod csv;
pub mod ics;
pub mod schedule;

use super::candidates::Draft;
use crate::model::Polarity;
use crate::text::collapse;

/// Sessions every program has that are not talks anyone proposed.
const LOGISTICS: &[&str] = &[
    "orientation",
    "opening remarks",
    "closing remarks",
    "lightning talks",
    "break",
    "coffee break",
    "coffee",
    "lunch",
    "breakfast",
    "continental breakfast",
    "dinner",
    "snacks",
    "registration",
    "check-in",
    "sprints",
    "sprint",
    "social event",
    "reception",
    "happy hour",
    "quiet room",
    "lactation room",
    "speaker green room",
    "private wellness room",
];

/// A program session turned into a draft, with what the program says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talk {
    /// The talk as a draft item.
    pub draft: Draft,
    /// Its tags or categories, trimmed, empty ones dropped.
    pub tags: Vec<String>,
    /// The talk's own page, when the program links one.
    pub url: Option<String>,
}

impl Talk {
    /// An idea of a post: a draft with no tags and no page of its own.
    pub fn idea(draft: Draft) -> Talk {
        Talk { draft, tags: Vec::new(), url: None }
    }
}

/// The talks of one program, and what a person should know about reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Program {
    /// Talks in program order.
    pub talks: Vec<Talk>,
    /// Rows skipped, events without a title, and the like.
    pub warnings: Vec<String>,
}

/// True for rows such as "Opening Remarks (Monday)" or "Lunch".
pub fn is_logistics(title: &str) -> bool {
    let t = title.to_lowercase();
    let t = t.trim();
    // Whole words only: "Breaking changes" is a talk, "Break" is not.
    LOGISTICS.iter().any(|l| {
        t.strip_prefix(l).is_some_and(|rest| {
            rest.is_empty() || [" (", ":", " and ", " -", " &", " –"].iter().any(|sep| rest.starts_with(sep))
        })
    })
}

/// A talk from a session's title, description, tags and page; `None` for logistics and
/// untitled sessions.
pub fn talk(title: &str, description: &str, tags: Vec<String>, url: &str) -> Option<Talk> {
    let text = collapse(title);
    if text.is_empty() || is_logistics(&text) {
        return None;
    }
    let draft = Draft {
        section: String::new(),
        depth: 0,
        parent: None,
        text,
        description: collapse(description),
        polarity: Polarity::Wanted,
        kind: super::candidates::CandidateKind::Entry,
        confidence: crate::model::Confidence::High,
    };
    Some(Talk { draft, tags, url: Some(url.trim().to_string()).filter(|u| !u.is_empty()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistics_are_whole_words_at_the_start() {
        for t in ["Lunch", "Opening Remarks (Monday)", "Lightning Talks (Tuesday)", "Coffee Break", "Sprints – Day 1"]
        {
            assert!(is_logistics(t), "{t}");
        }
        for t in ["Breaking changes", "Keynote: People", "Lunchtime ORM tricks", "Registration flows in Django"] {
            assert!(!is_logistics(t), "{t}");
        }
    }

    #[test]
    fn a_talk_keeps_its_text_description_tags_and_page() {
        let t = talk("  Fast\n ORM ", "An  hour\nof queries", vec!["orm".into()], " https://c.example/talks/orm/ ")
            .unwrap();
        assert_eq!((t.draft.text.as_str(), t.draft.description.as_str()), ("Fast ORM", "An hour of queries"));
        assert_eq!((t.tags, t.url.as_deref()), (vec!["orm".to_string()], Some("https://c.example/talks/orm/")));
        assert_eq!(talk("Lunch", "", Vec::new(), ""), None);
        assert_eq!(talk("  ", "", Vec::new(), ""), None);
    }
}
