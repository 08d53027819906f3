//! Tell a post from a page that only stands where one should: a sign-in wall, an error page.
//!
//! Servers often answer 200 with such pages (LinkedIn does for every unauthenticated client),
//! so the status code alone cannot be trusted. A page is judged by its title and form fields,
//! and only when it yields almost no ideas: a real post with a login box in its sidebar is a post.

use std::fmt;

use super::document::Block;
use crate::model::{Format, Status};

/// Titles of sign-in walls and bot checks.
const WALL_TITLES: &[&str] = &[
    "sign in",
    "sign up",
    "log in",
    "login",
    "join linkedin",
    "authwall",
    "access denied",
    "attention required",
    "just a moment",
    "are you a robot",
    "captcha",
    "verify you are human",
    "subscribe to continue",
    "members only",
    "forbidden",
];

/// Titles of error pages.
const ERROR_TITLES: &[&str] =
    &["404", "not found", "page not found", "500", "server error", "internal error", "error", "gone", "unavailable"];

/// Fewer ideas than this and a wall or error signal means the page is not a post.
const FEW: usize = 3;

/// Is this page a post? `None` when it is (or may be); otherwise the status and reason.
pub fn verdict(title: Option<&str>, text: &str, format: Format, ideas: usize) -> Option<(Status, String)> {
    if format != Format::Html || ideas >= FEW {
        return None;
    }
    let folded = title.unwrap_or("").to_lowercase();
    let shown = title.unwrap_or("").chars().take(80).collect::<String>();
    let password = text.to_ascii_lowercase().contains("type=\"password\"") || text.contains("type=password");
    if WALL_TITLES.iter().any(|w| folded.contains(w)) || password {
        return Some((Status::Blocked, format!("the server sent a sign-in wall, not the post (title {shown:?})")));
    }
    if ERROR_TITLES
        .iter()
        .any(|w| folded.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w) || folded.contains(w) && w.contains(' '))
    {
        return Some((Status::Error, format!("the server sent an error page, not the post (title {shown:?})")));
    }
    None
}

/// How much structure a page's main content has, for messages about empty pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Headings found.
    pub headings: usize,
    /// Paragraphs found.
    pub paragraphs: usize,
    /// Lists found.
    pub lists: usize,
}

impl Shape {
    /// Count the blocks of a page.
    pub fn of(blocks: &[Block]) -> Shape {
        let mut s = Shape { headings: 0, paragraphs: 0, lists: 0 };
        for b in blocks {
            match b {
                Block::Heading { .. } => s.headings += 1,
                Block::Paragraph(_) => s.paragraphs += 1,
                Block::List(_) => s.lists += 1,
            }
        }
        s
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "main content has {} headings, {} paragraphs, {} lists", self.headings, self.paragraphs, self.lists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_walls_and_error_pages_are_named() {
        let wall = verdict(Some("Sign Up | LinkedIn"), "<form><input type=\"password\"></form>", Format::Html, 0);
        assert_eq!(wall.unwrap().0, Status::Blocked);
        let error = verdict(Some("Page not found – My Blog"), "", Format::Html, 1).unwrap();
        assert_eq!(error.0, Status::Error);
        assert!(error.1.contains("Page not found"));
    }

    #[test]
    fn posts_are_posts_even_with_a_login_box() {
        assert_eq!(verdict(Some("Talk ideas"), "<input type=\"password\">", Format::Html, 12), None);
        assert_eq!(verdict(Some("Error handling talks I'd like"), "", Format::Html, 5), None);
        assert_eq!(verdict(Some("Ideas"), "", Format::Html, 0), None, "an empty post is empty, not blocked");
        assert_eq!(verdict(Some("Terrorism studies"), "", Format::Html, 0), None, "whole words only");
    }
}
