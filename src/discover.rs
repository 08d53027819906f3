//! Links that point to other talk-idea posts, turned into sources of their own.
//!
//! Authors link each other's lists ("for even more ideas, see posts by …"), so one seed post
//! leads to the rest. A link counts when its address or anchor says it is a list of talk ideas
//! (`talk-ideas`, `topics`, `talks-i-want-to-see`, …): links to single talk pages, slides,
//! videos or social posts do not.

use foldhash::HashSet;

use crate::model::{Format, Hyperlink, Kind, Source};
use crate::text::slug;

/// Words in an address or anchor that mark a list of talk ideas.
const POST_MARKS: &[&str] = &[
    "idea",
    "topic",
    "inspiration",
    "want-to-see",
    "like-to-see",
    "love-to-hear",
    "love-hear",
    "would-love",
    "want to see",
    "like to see",
    "love to hear",
    "would love",
    "suggestion",
    "wishlist",
    "wish-list",
];

/// Hosts whose pages are never posts of ideas (videos, social posts, code hosting).
const NOT_POSTS: &[&str] = &[
    "twitter.com",
    "x.com",
    "youtube.com",
    "youtu.be",
    "bsky.app",
    "github.com",
    "docs.djangoproject.com",
    "pretalx.com",
    "time.is",
    "knowyourmeme.com",
];

/// True when the link looks like another list of talk ideas.
pub fn is_post_link(link: &Hyperlink) -> bool {
    let Ok(url) = url::Url::parse(&link.url) else { return false };
    let host = url.host_str().unwrap_or("").trim_start_matches("www.").to_lowercase();
    if NOT_POSTS.iter().any(|h| host == *h || host.ends_with(&format!(".{h}"))) {
        return false;
    }
    let path = url.path().to_lowercase();
    let anchor = link.text.to_lowercase();
    POST_MARKS.iter().any(|m| path.contains(m) || anchor.contains(m))
}

/// New sources for the post links of `parent`, skipping addresses in `known` (normalized with
/// [`crate::text::normal_url`]) and ids in `ids`; both sets are updated. At most `limit` are returned.
pub fn sources_from_links(
    parent: &Source,
    links: &[Hyperlink],
    known: &mut HashSet<String>,
    ids: &mut HashSet<String>,
    limit: usize,
) -> Vec<Source> {
    let mut out = Vec::new();
    for link in links.iter().filter(|l| is_post_link(l)) {
        if out.len() >= limit {
            break;
        }
        if !known.insert(link.target.clone()) {
            continue;
        }
        let Ok(url) = url::Url::parse(&link.url) else { continue };
        let host = url.host_str().unwrap_or("site").trim_start_matches("www.");
        let last = url.path_segments().and_then(|mut s| s.rfind(|p| !p.is_empty())).unwrap_or("");
        let last = last.trim_end_matches(".html").trim_end_matches(".md");
        let base = slug(&format!("{host} {last}"));
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let format = if url.path().ends_with(".md") || url.path().ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Html
        };
        let title = if link.text.trim().is_empty() { link.url.clone() } else { link.text.clone() };
        out.push(Source {
            id,
            title,
            author: None,
            event: parent.event.clone(),
            year: parent.year,
            published: None,
            kind: Kind::Ideas,
            format,
            url: url.to_string(),
            fetch_url: None,
            snapshot: true,
            path: None,
            line: parent.line,
            credentials: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, text: &str) -> Hyperlink {
        Hyperlink {
            source_id: "seed".into(),
            url: url.into(),
            target: crate::text::normal_url(url),
            text: text.into(),
            context: String::new(),
        }
    }

    fn parent() -> Source {
        Source {
            id: "seed".into(),
            title: "Seed".into(),
            author: None,
            event: "Conf".into(),
            year: 2030,
            published: None,
            kind: Kind::Ideas,
            format: Format::Html,
            url: "https://seed.example/ideas/".into(),
            fetch_url: None,
            snapshot: true,
            path: None,
            line: 1,
            credentials: None,
        }
    }

    #[test]
    fn lists_of_ideas_are_followed_and_single_talks_videos_and_social_posts_are_not() {
        assert!(is_post_link(&link("https://a.example/2030/01/02/talk-ideas-for-conf/", "Ann")));
        assert!(is_post_link(&link("https://b.example/blog/talks-i-want-to-see-at-conf-2030/", "Bo")));
        assert!(is_post_link(&link("https://c.example/pulse/conf-talks-we-would-love-hear-cy/", "Cy")));
        assert!(is_post_link(&link("https://d.example/p/123", "Dee's topic list")));
        assert!(!is_post_link(&link("https://2019.conf.example/talks/using-django-as-a-micro-framework/", "talk")));
        assert!(!is_post_link(&link("https://youtube.com/watch?v=idea", "my ideas video")));
        assert!(!is_post_link(&link("https://twitter.com/someone/status/1", "talk ideas thread")));
    }

    #[test]
    fn new_sources_inherit_the_year_and_get_unique_ids() {
        let links = [
            link("https://a.example/2030/talk-ideas/", "Ann's ideas"),
            link("https://a.example/2030/talk-ideas", "again, without the slash"),
            link("https://b.example/raw/talk-ideas.md", "Bo"),
            link("https://seed.example/ideas/", "self"),
        ];
        let mut known = HashSet::from_iter([crate::text::normal_url("https://seed.example/ideas/")]);
        let mut ids = HashSet::from_iter(["seed".to_string()]);
        let found = sources_from_links(&parent(), &links, &mut known, &mut ids, 10);
        let summary: Vec<_> = found.iter().map(|s| (s.id.as_str(), s.year, s.format)).collect();
        assert_eq!(
            summary,
            [("a-example-talk-ideas", 2030, Format::Html), ("b-example-talk-ideas", 2030, Format::Markdown)]
        );
        let capped = sources_from_links(
            &parent(),
            &[link("https://c.example/ideas", "x"), link("https://d.example/ideas", "y")],
            &mut known,
            &mut ids,
            1,
        );
        assert_eq!(capped.len(), 1);
    }
}
