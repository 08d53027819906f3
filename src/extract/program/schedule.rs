//! A program as an HTML schedule or talk-list page, as conference sites serve it.
//!
//! Such a page holds far more than talks: day headings, time slots, breakfast and lunch,
//! registration, quiet rooms, sprints. The model: every session is a heading; a talk is a
//! session that links to a page of its own in a folder of such pages (`/talks/<slug>/`,
//! `/tutorials/<slug>/`). Meals link to one shared menu page or nowhere, rooms and registration
//! link nowhere, day headings link within the page. A folder counts when it holds at least
//! [`MIN_FOLDER`] linked sessions, so one news post linked from a "Lactation Room" slot is not a
//! talk folder. Then the logistics rule every program reader shares drops opening remarks,
//! orientation and lightning-talk slots, which do have pages.
//!
//! A page that links no session pages at all (a plain list of titles) is read from its session
//! headings instead, with a warning. Schedule pages carry no tags: the talks' themes come from
//! their titles.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::{Program, talk};
use crate::text::collapse;

/// Linked sessions a folder needs before its pages count as talk pages.
pub const MIN_FOLDER: usize = 3;

/// How far up from a heading a wrapping link is looked for (`<a><h3>Title</h3></a>`).
const LINK_ANCESTORS: usize = 3;

/// One heading of the page, with the page it links to.
struct Session {
    title: String,
    level: u8,
    page: Option<Url>,
}

/// The talks of a schedule page whose address is `base`.
pub fn read(doc: &Html, base: &str) -> Program {
    let base = Url::parse(base).ok();
    let sessions = sessions(doc, base.as_ref());
    let folders = talk_folders(&sessions);
    let mut program = Program::default();
    if folders.is_empty() {
        return from_headings(&sessions);
    }
    let mut seen = HashSet::new();
    for s in &sessions {
        let Some(page) = &s.page else { continue };
        if folders.contains(&folder(page)) && seen.insert(page.as_str().to_string()) {
            program.talks.extend(talk(&s.title, "", Vec::new(), page.as_str()));
        }
    }
    program
}

/// Every heading of the main content, in document order, with the page it links to: a link
/// inside the heading or one wrapped around it, resolved, without fragment, and not the page
/// itself.
fn sessions(doc: &Html, base: Option<&Url>) -> Vec<Session> {
    let root = ["main", "[role=main]", "body"]
        .iter()
        .find_map(|css| doc.select(&Selector::parse(css).expect("static selector")).next())
        .unwrap_or_else(|| doc.root_element());
    let link = Selector::parse("a[href]").expect("static selector");
    let mut out = Vec::new();
    // `descendants` walks the tree with an iterator: no recursion however deep the page nests.
    for node in root.descendants() {
        let Some(heading) = ElementRef::wrap(node) else { continue };
        let Some(level) = heading_level(heading.value().name()) else { continue };
        let title = collapse(&heading.text().collect::<String>());
        if title.is_empty() {
            continue;
        }
        let anchor = heading.select(&link).next().or_else(|| {
            heading
                .ancestors()
                .take(LINK_ANCESTORS)
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "a" && e.value().attr("href").is_some())
        });
        let page = anchor.and_then(|a| resolve(a.value().attr("href")?, base));
        let page = page.filter(|p| base.is_none_or(|b| !same_page(p, b)));
        out.push(Session { title, level, page });
    }
    out
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    let mut url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    url.set_fragment(None);
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn same_page(a: &Url, b: &Url) -> bool {
    crate::text::normal_url(a.as_str()) == crate::text::normal_url(b.as_str())
}

/// The folder of a page: its host and path without the last segment (`/talks/` for
/// `/talks/fast-orm/`).
fn folder(page: &Url) -> String {
    let path = page.path().trim_end_matches('/');
    let parent = path.rfind('/').map_or("", |i| &path[..i]);
    format!("{}{parent}/", page.host_str().unwrap_or(""))
}

/// Folders holding at least [`MIN_FOLDER`] distinct linked sessions, below the site's root.
fn talk_folders(sessions: &[Session]) -> HashSet<String> {
    let mut pages: HashMap<String, HashSet<&str>> = HashMap::new();
    for page in sessions.iter().filter_map(|s| s.page.as_ref()) {
        pages.entry(folder(page)).or_default().insert(page.as_str());
    }
    pages.into_iter().filter(|(f, p)| p.len() >= MIN_FOLDER && f.matches('/').count() >= 2).map(|(f, _)| f).collect()
}

/// A page with no session links: its sessions are the headings of the level that occurs most
/// below the page title, logistics left out.
fn from_headings(sessions: &[Session]) -> Program {
    let mut counts = [0usize; 7];
    for s in sessions.iter().filter(|s| s.level > 1) {
        counts[s.level as usize] += 1;
    }
    let Some(level) = (2..=6).max_by_key(|&l| (counts[l], l)).filter(|&l| counts[l] > 0) else {
        return Program::default();
    };
    let talks: Vec<_> = sessions
        .iter()
        .filter(|s| s.level as usize == level)
        .filter_map(|s| talk(&s.title, "", Vec::new(), ""))
        .collect();
    let warnings = if talks.is_empty() {
        Vec::new()
    } else {
        vec!["the schedule page links no talk pages: talks were read from its headings".to_string()]
    };
    Program { talks, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The talks of a page given as text.
    fn read(html: &str, base: &str) -> Program {
        super::read(&Html::parse_document(html), base)
    }

    const BASE: &str = "https://2030.conf.example/schedule/";

    fn titles(p: &Program) -> Vec<&str> {
        p.talks.iter().map(|t| t.draft.text.as_str()).collect()
    }

    /// A schedule with a day heading, meals linking one menu page, unlinked rooms, one news
    /// post, opening remarks with a page, talks linked from inside or around their headings,
    /// tutorials in a second folder, and one talk listed twice.
    const PAGE: &str = r##"<!doctype html><html><head><title>Schedule</title></head><body>
<nav><a href="/talks/">Talks</a></nav>
<main><h1>Full Schedule</h1>
<h2 id="d1"><a href="#d1">Talks: Monday</a></h2>
<ul>
<li><h3><time>8:00</time></h3><h4><a href="/menus/#monday-breakfast">Breakfast</a></h4></li>
<li><h4>Registration</h4><p>Lobby</p></li>
<li><h4><a href="/news/childcare/">Lactation Room</a></h4></li>
<li><h4><a href="/talks/opening-remarks-monday/">Opening Remarks</a></h4></li>
<li><a href="/talks/fast-orm/" class="event"><h3 class="title">Fast ORM</h3></a><p>Ada</p></li>
<li><h4><a href="https://2030.conf.example/talks/typing/">Typing   Django</a></h4></li>
<li><h4><a href="/talks/fast-orm/#abstract">Fast ORM</a></h4></li>
<li><h4><a href="/menus/#monday-lunch">Lunch</a></h4></li>
<li><h4><a href="../tutorials/htmx/">HTMX from zero</a></h4></li>
<li><h4><a href="/tutorials/celery/">Celery</a></h4></li>
<li><h4><a href="/tutorials/wagtail/">Wagtail</a></h4></li>
<li><h4><a href="/talks/lightning-talks-monday/">Lightning Talks</a></h4></li>
<li><h4>Sprints</h4></li>
</ul></main></body></html>"##;

    #[test]
    fn talks_are_sessions_with_pages_of_their_own_in_a_folder_of_them() {
        let program = read(PAGE, BASE);
        assert_eq!(titles(&program), ["Fast ORM", "Typing Django", "HTMX from zero", "Celery", "Wagtail"]);
        assert_eq!(program.talks[0].url.as_deref(), Some("https://2030.conf.example/talks/fast-orm/"));
        assert!(program.talks.iter().all(|t| t.tags.is_empty()), "a page has no tags");
        assert!(program.warnings.is_empty());
    }

    #[test]
    fn a_list_of_unlinked_titles_is_read_from_its_headings() {
        let page = "<main><h1>Talks</h1><h2>Day one</h2><h3>Fast ORM</h3><h3>Lunch</h3><h3>Typing Django</h3>\
                    <h3>Coffee Break</h3><h2>Day two</h2><h3>HTMX</h3></main>";
        let program = read(page, BASE);
        assert_eq!(titles(&program), ["Fast ORM", "Typing Django", "HTMX"]);
        assert_eq!(program.warnings.len(), 1);
        assert!(read("<main><p>Nothing here</p></main>", BASE).talks.is_empty());
    }

    #[test]
    fn deep_pages_are_walked_without_recursion() {
        let page = format!("<main>{}<h3><a href='/talks/a/'>A</a></h3></main>", "<span>".repeat(2_000));
        let program = read(&page, BASE);
        assert!(program.talks.len() <= 1);
    }
}
