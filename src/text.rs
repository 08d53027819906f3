//! Text and URL helpers every stage shares, and that depend on no stage: the leaf of the
//! module graph.
//!
//! Text folding: the same idea written in different years and styles must give the same terms.
//!
//! Unicode NFKC, case folding, typographic quotes and dashes, versions and years masked (so
//! "Django 5.2" in 2025 meets "Django 4.2" in 2023), stop words dropped, English stems.

use std::cell::RefCell;
use std::sync::LazyLock;

use foldhash::{HashMap, HashSet};

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// The term a version number becomes ("5.2", "6.x", "3", "1.10").
pub const VERSION: &str = "_ver_";
/// The term a year becomes ("2025").
pub const YEAR: &str = "_year_";

static YEARS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19[89]\d|20\d\d)\b").expect("static regex"));
static VERSIONS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d+(?:\.(?:\d+|x))*\b").expect("static regex"));
static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Function words that carry no topic. Kept short on purpose: topic words that happen to be
/// frequent ("django", "new") are weighed down by rarity in grouping, not dropped here.
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "but", "by", "can", "could", "did", "do", "does", "doing", "dont", "e", "eg", "etc", "even", "for",
    "from", "g", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "id", "ie",
    "if", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "let", "lets", "may", "me", "might", "more",
    "most", "much", "must", "my", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out",
    "over", "own", "s", "same", "she", "should", "so", "some", "such", "t", "than", "that", "thats", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
    "very", "via", "vs", "w", "want", "was", "we", "were", "what", "whats", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "within", "would", "you", "your", "youre", "yours", "yourself", "ll", "re", "ve",
    "d",
];

/// NFKC, lower case, and one spelling for quotes and dashes.
pub fn fold(text: &str) -> String {
    // Most ideas are plain ASCII, which NFKC and the quote and dash table leave as they are
    // (the backtick aside): lower-casing is all the work, and most of a build's normalizing.
    if text.is_ascii() && !text.contains('`') {
        return text.to_ascii_lowercase();
    }
    fold_unicode(text)
}

fn fold_unicode(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    nfkc.to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            other => other,
        })
        .collect()
}

/// True for the placeholder terms that stand for versions and years.
pub fn is_mask(term: &str) -> bool {
    term == VERSION || term == YEAR
}

/// The terms of a text, in order: folded, masked, stop words dropped, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_words(text, |w| out.push(if is_mask(w) { w.to_string() } else { stem(w) }));
    out
}

/// The terms of a text with the [`derivation`] of each word, in the same order.
pub fn terms_with_derivations(text: &str) -> (Vec<String>, Vec<u8>) {
    let (mut terms, mut classes) = (Vec::new(), Vec::new());
    for_words(text, |w| {
        let masked = is_mask(w);
        terms.push(if masked { w.to_string() } else { stem(w) });
        classes.push(if masked { 0 } else { derivation(w) });
    });
    (terms, classes)
}

/// The words of a text as written (folded, apostrophes joined), stop words kept: what a phrase
/// that needs its function words ("how I used Django") is compared with.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .replace('\'', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a label says, for telling whether two labels are one: its words as written, each
/// stemmed within its [`derivation`] ("Database" is "Databases", "Managers" is not
/// "Management"), numbers kept ("Django 4.2" is not "Django 5.2").
pub fn label_key(label: &str) -> String {
    let key: Vec<String> =
        words(label)
            .iter()
            .map(|w| {
                if w.chars().any(|c| c.is_ascii_digit()) { w.clone() } else { format!("{}~{}", stem(w), derivation(w)) }
            })
            .collect();
    if key.is_empty() { fold(label) } else { key.join(" ") }
}

/// True when a phrase begins with a function word ("in production", "at scale", "how I used
/// Django"): the word carries its meaning, and the rest alone would say something else.
pub fn starts_with_stop_word(phrase: &str) -> bool {
    words(phrase).first().is_some_and(|w| STOP_SET.contains(w.as_str()))
}

/// The one term a phrase of several words is left with once its stop words are dropped
/// ("well-being" is `well`, "vs code" is `code`), if so: a seed phrase like that would match
/// every text with that one word ("as well", "code"), not the phrase.
pub fn narrowed_to_one_word(phrase: &str) -> Option<String> {
    let written = words(phrase).len();
    match terms(phrase).as_slice() {
        [one] if written > 1 => Some(one.clone()),
        _ => None,
    }
}

/// Call `f` with each word of a text before stemming: folded, masked, stop words dropped.
fn for_words(text: &str, mut f: impl FnMut(&str)) {
    let folded = fold(text);
    // Apostrophes join their word ("what's" -> "whats") so contractions stay one token.
    let joined = folded.replace('\'', "");
    // Years and versions are all digits; text without any needs no masking.
    let masked = if joined.bytes().any(|b| b.is_ascii_digit()) {
        let years = YEARS.replace_all(&joined, " _year_ ");
        VERSIONS.replace_all(&years, " _ver_ ").into_owned()
    } else {
        joined
    };
    masked
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c == '_'))
        .filter(|w| !STOP_SET.contains(w))
        .for_each(&mut f);
}

/// Derivational endings the stemmer removes, in classes: "manager", "management" and
/// "managing" share the stem `manag`, "productivity" and "production" the stem `product`, but
/// they are not one topic. Endings are checked longest first; plurals share their class.
const DERIVATIONS: &[(&str, u8)] = &[
    ("ments", 1),
    ("ment", 1),
    ("ivities", 2),
    ("ivity", 2),
    ("ities", 3),
    ("ity", 3),
    ("ions", 4),
    ("ion", 4),
    ("ively", 5),
    ("ives", 5),
    ("ive", 5),
    ("ers", 6),
    ("er", 6),
    ("ors", 6),
    ("or", 6),
    ("ness", 7),
    ("isms", 8),
    ("ism", 8),
    ("ists", 9),
    ("ist", 9),
    ("ances", 10),
    ("ance", 10),
    ("ences", 10),
    ("ence", 10),
];

/// The class of the derivational ending of a folded word, 0 for none: words with one stem
/// but different derivations ("manager" and "management") are different words to an alias,
/// while inflections ("managers", "managing" and "manage") are not.
pub fn derivation(word: &str) -> u8 {
    if word.len() < 5 {
        return 0;
    }
    DERIVATIONS.iter().find(|(end, _)| word.ends_with(end)).map_or(0, |&(_, class)| class)
}

/// The stop words, hashed once: every word of every item is looked up.
static STOP_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Stems already computed on this thread: a corpus repeats a few thousand words hundreds of
/// thousands of times, and the Snowball stemmer is most of the cost of a term.
fn stem(word: &str) -> String {
    /// A bound on the memo, so a hostile page of endless distinct words cannot grow it.
    const MEMO_MAX: usize = 100_000;
    thread_local! {
        static MEMO: RefCell<HashMap<String, String>> = RefCell::new(HashMap::default());
    }
    MEMO.with_borrow_mut(|memo| {
        if let Some(s) = memo.get(word) {
            return s.clone();
        }
        let s = STEMMER.stem(word).into_owned();
        if memo.len() < MEMO_MAX {
            memo.insert(word.to_string(), s.clone());
        }
        s
    })
}

/// A readable, file- and URL-safe id from a label: ASCII letters and digits joined by `-`,
/// cut at a word boundary so ids stay short.
pub fn slug(label: &str) -> String {
    let folded: String = fold(label).nfkd().filter(char::is_ascii).collect();
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() && out.len() + word.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() { "untitled".to_string() } else { out }
}

/// Collapse runs of whitespace to one space and trim.
pub fn collapse(s: &str) -> String {
    // One pass into one string: every paragraph, heading and list entry of every post goes
    // through here.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Compare URLs without scheme, `www.`, trailing slash or fragment: host and path, lower-cased,
/// with the query kept (`?p=12` is a post of its own on many blogs).
pub fn normal_url(address: &str) -> String {
    let Ok(url) = url::Url::parse(address) else { return address.trim().trim_end_matches('/').to_lowercase() };
    let host = url.host_str().unwrap_or("").trim_start_matches("www.");
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    format!("{host}{port}{}{query}", url.path().trim_end_matches('/')).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_folds_as_the_unicode_path_does(text in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(fold(&text), fold_unicode(&text));
        }
    }

    #[test]
    fn folding_handles_width_case_quotes_and_dashes() {
        assert_eq!(fold("Ｄjango’s “New” Features — 2025"), "django's \"new\" features - 2025");
    }

    #[test]
    fn versions_and_years_are_masked_so_editions_meet() {
        assert_eq!(terms("What’s new in Django 5.x?"), ["new", "django", "_ver_"]);
        assert_eq!(terms("What's new in Django 4.2"), terms("What’s new in Django 6.0!"));
        assert_eq!(terms("Deployment options in 2025"), ["deploy", "option", "_year_"]);
        assert_eq!(terms("Python 3.13 features"), ["python", "_ver_", "featur"]);
    }

    #[test]
    fn derivations_are_told_apart_and_inflections_are_not() {
        let (stems, classes) = terms_with_derivations("manager management managing managers");
        assert!(stems.iter().all(|s| s == "manag"), "{stems:?}");
        assert_eq!(classes[0], classes[3], "plural of manager");
        assert_ne!(classes[0], classes[1]);
        assert_ne!(classes[1], classes[2]);
        assert_eq!(derivation("managing"), derivation("manage"));
        let (_, c) = terms_with_derivations("productivity production product");
        assert!(c[0] != c[1] && c[1] != c[2] && c[0] != c[2]);
    }

    #[test]
    fn stems_make_plurals_and_tenses_meet() {
        assert_eq!(terms("Testing frameworks"), terms("tests framework"));
        assert_eq!(terms("Co-Pilot"), ["co", "pilot"]);
    }

    #[test]
    fn slugs_are_ascii_and_short() {
        assert_eq!(slug("Django REST Framework"), "django-rest-framework");
        assert_eq!(slug("Café & Crème"), "cafe-creme");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
        assert_eq!(slug("!!!"), "untitled");
    }
}
