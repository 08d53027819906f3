//! Theme assignment: each item's own words against the theme keywords and its alias concepts,
//! then its section, parent, list and description when its words say nothing.

use super::*;

/// The theme a short text alone points to (its keywords and aliases): how a program tag such
/// as "JS/HTMX/misc frontend tech" or "FrontEnd" is mapped onto the themes.
pub fn theme_for(seeds: &Seeds, text: &str) -> Option<String> {
    let m = Matchers::new(seeds);
    m.whole_tag(text).or_else(|| m.best_for(text)).map(|t| seeds.themes[t].id.clone())
}

pub(super) struct Analyzed {
    pub(super) terms: Vec<String>,
    /// The subjects the item names ([`topics`]).
    pub(super) topics: Vec<Topic>,
    /// Alias concept indexes matched, distinct, in seed order.
    pub(super) concepts: Vec<usize>,
    /// The best-scored theme from keywords and aliases in the item's own text (and tags);
    /// only the winner is kept, since half a million score vectors are memory for nothing.
    pub(super) best: Option<usize>,
    /// True when the score came from program tags.
    pub(super) from_tags: bool,
    /// The languages and frameworks the item names, distinct ([`TermKind::Language`]).
    pub(super) platforms: Vec<(String, TermKind)>,
    /// True when `best` is the theme of the post's own language or framework, which the
    /// idea names and nothing else ([`Matchers::best_in_context`]).
    pub(super) by_platform: bool,
}

/// A post's own language or framework is named by at least this share of its ideas ...
pub const PLATFORM_SHARE: f64 = 1.0 / 3.0;
/// ... and by at least this many.
pub const PLATFORM_MIN: usize = 3;

/// A theme keyword. Two keywords are the same when they point to the same theme, so a phrase
/// listed as a keyword and also being the theme's name counts once, at the keyword's weight.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keyword {
    pub(super) theme: usize,
    pub(super) weight: f64,
}

impl PartialEq for Keyword {
    fn eq(&self, other: &Self) -> bool {
        self.theme == other.theme
    }
}

/// The seed phrases, indexed once per build.
pub(super) struct Matchers<'a> {
    pub(super) seeds: &'a Seeds,
    /// Theme and weight of each keyword.
    pub(super) themes: Phrases<Keyword>,
    pub(super) aliases: Phrases<usize>,
    /// Keywords that begin with a function word, by their words: each names a whole tag.
    pub(super) whole_tags: HashMap<String, usize>,
    pub(super) theme_index: HashMap<&'a str, usize>,
    pub(super) vocabulary: Vocabulary,
}

impl<'a> Matchers<'a> {
    pub(super) fn new(seeds: &'a Seeds) -> Self {
        // A theme's own id and label name it too, at half weight: a tag that is a theme's
        // name ("Python") maps to it, while a passing mention loses to a real keyword.
        let keywords = seeds.themes.iter().enumerate().flat_map(|(i, t)| {
            let own = [
                (t.id.as_str(), Keyword { theme: i, weight: 0.5 }),
                (t.label.as_str(), Keyword { theme: i, weight: 0.5 }),
            ];
            t.keywords.iter().map(move |k| (k.as_str(), Keyword { theme: i, weight: 1.0 })).chain(own)
        });
        let aliases =
            seeds.concepts.iter().enumerate().flat_map(|(i, c)| c.aliases.iter().map(move |a| (a.as_str(), i)));
        let vocabulary = Vocabulary::new(&seeds.vocabulary);
        // A keyword that begins with a function word names a tag ("How I used Django"), matched
        // whole: in running text its other words alone ("using Django") would say far less.
        let (whole_tags, keywords): (Vec<_>, Vec<_>) = keywords.partition(|(k, _)| text::starts_with_stop_word(k));
        let whole_tags = whole_tags.into_iter().map(|(k, kw)| (text::words(k).join(" "), kw.theme)).collect();
        let implied = implied_keywords(seeds, &keywords, &vocabulary);
        Matchers {
            seeds,
            themes: Phrases::read_with(keywords.into_iter().chain(implied), true, |p| vocabulary.terms(p)),
            aliases: Phrases::read_with(aliases, true, |p| vocabulary.terms(p)),
            whole_tags,
            theme_index: seeds.themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect(),
            vocabulary,
        }
    }

    pub(super) fn analyze(&self, item: &Item) -> Analyzed {
        let reading = self.vocabulary.read(&item.text);
        let topics = topics::topics(&item.text, &reading, &self.vocabulary);
        // An idea made only of facet words ("For beginners" under "Channels") names the kind of
        // talk, not its area: its section or parent says where it belongs.
        let only_facets = reading.only_facets();
        // An idea's examples are instances of its subject, not the subject: "Deep dives into
        // the internals of Django (e.g. REST Framework)" is about internals.
        let mut concepts: Vec<usize> = match topics::examples_at(&item.text) {
            Some(at) => {
                let (t, c) = self.vocabulary.terms(&item.text[..at]);
                self.aliases.find_in(&t, Some(&c)).iter().map(|m| *m.value).collect()
            }
            None => self.aliases.find_in(&reading.terms, Some(&reading.classes)).iter().map(|m| *m.value).collect(),
        };
        let mut scores = vec![0.0; self.seeds.themes.len()];
        let mut from_tags = false;
        // Organisers' tags are their own classification of the talk: they decide its theme first.
        for (k, tag) in item.tags.iter().enumerate() {
            let tag_reading = self.vocabulary.read(tag);
            // Earlier tags weigh a little more: organisers list the main subject first.
            let weight = 1.0 / (1.0 + 0.25 * k as f64);
            if let Some(theme) = self.whole_tag(tag) {
                scores[theme] += span_words(&tag_reading, 0, tag_reading.terms.len()) * weight;
                from_tags = true;
            }
            for m in self.themes.find_in(&tag_reading.terms, Some(&tag_reading.classes)) {
                scores[m.value.theme] += span_words(&tag_reading, m.start, m.len) * m.value.weight * weight;
                from_tags = true;
            }
            concepts
                .extend(self.aliases.find_in(&tag_reading.terms, Some(&tag_reading.classes)).iter().map(|m| *m.value));
        }
        if !from_tags && !only_facets {
            self.own_words(&item.text, &reading, &mut scores, None, &[]);
        }
        concepts.sort_unstable();
        concepts.dedup();
        let mut platforms: Vec<(String, TermKind)> =
            reading.terms.iter().zip(&reading.platform).filter_map(|(t, k)| k.map(|k| (t.clone(), k))).collect();
        platforms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        platforms.dedup_by(|a, b| a.0 == b.0);
        Analyzed {
            terms: reading.terms,
            topics,
            concepts,
            best: best(&scores),
            from_tags,
            platforms,
            by_platform: false,
        }
    }

    /// The theme of an idea of a post built around `own` (its languages and frameworks): a
    /// mention of them says which community the idea comes from, not what it is about, so
    /// the idea's other keywords and aliases decide, and only when there are none is it the
    /// theme that community's language or framework is read as.
    /// Returns the theme and whether it is the platform's.
    pub(super) fn best_in_context(&self, item: &Item, own: &[(String, TermKind)]) -> (Option<usize>, bool) {
        let reading = self.vocabulary.read(&item.text);
        if reading.only_facets() {
            return (None, false);
        }
        let mut scores = vec![0.0; self.seeds.themes.len()];
        self.own_words(&item.text, &reading, &mut scores, None, own);
        if let Some(theme) = best(&scores) {
            return (Some(theme), false);
        }
        // The first of its own platforms the idea names.
        let named = reading.terms.iter().find_map(|term| own.iter().find(|(t, _)| t == term));
        let theme = named.and_then(|(_, kind)| kind.own_theme()).and_then(|id| self.theme_index.get(id).copied());
        (theme, theme.is_some())
    }

    /// Score an idea's own words (`reading` is the text's): the whole text, and its head once
    /// more, since the head names the idea and its qualifiers only narrow it ("Libraries &
    /// Frameworks: e.g. ORM in Django" is about libraries). Matches made only of `own` terms
    /// (its post's own languages and frameworks) count for nothing.
    pub(super) fn own_words(
        &self,
        text: &str,
        reading: &vocabulary::Reading,
        scores: &mut [f64],
        mut trace: Option<&mut Vec<ThemeEvidence>>,
        own: &[(String, TermKind)],
    ) {
        self.score(reading, scores, trace.as_deref_mut(), own);
        let head = topics::head(text);
        if head.len() < text.trim().len() {
            self.score(&self.vocabulary.read(head), scores, trace, own);
        }
    }

    /// Add theme keyword and alias matches, each weighted by its length in words, but for
    /// those made only of `own` terms; `trace` records each one for `explain`.
    pub(super) fn score(
        &self,
        r: &vocabulary::Reading,
        scores: &mut [f64],
        mut trace: Option<&mut Vec<ThemeEvidence>>,
        own: &[(String, TermKind)],
    ) {
        let only_own = |start: usize, len: usize| {
            !own.is_empty() && r.terms[start..start + len].iter().all(|t| own.iter().any(|(o, _)| o == t))
        };
        for m in self.themes.find_in(&r.terms, Some(&r.classes)) {
            if only_own(m.start, m.len) {
                continue;
            }
            let weight = span_words(r, m.start, m.len) * m.value.weight;
            scores[m.value.theme] += weight;
            if let Some(t) = trace.as_deref_mut() {
                t.push(self.evidence(m.value.theme, "keyword", r.terms[m.start..m.start + m.len].join(" "), weight));
            }
        }
        // Aliases count half: some curated concepts name a format ("Deep dives", "Panels")
        // rather than a subject, and must not outvote the subject's keywords.
        for m in self.aliases.find_in(&r.terms, Some(&r.classes)) {
            let concept = &self.seeds.concepts[*m.value];
            if only_own(m.start, m.len) {
                continue;
            }
            if let Some(&theme) = self.theme_index.get(concept.theme.as_str()) {
                let weight = span_words(r, m.start, m.len) * 0.5;
                scores[theme] += weight;
                if let Some(t) = trace.as_deref_mut() {
                    t.push(self.evidence(theme, "alias", concept.label.clone(), weight));
                }
            }
        }
    }

    pub(super) fn evidence(&self, theme: usize, kind: &'static str, matched: String, weight: f64) -> ThemeEvidence {
        ThemeEvidence { theme: self.seeds.themes[theme].id.clone(), kind, matched, weight }
    }

    /// The theme of a keyword that names this whole tag ("How I used Django"), if one does.
    pub(super) fn whole_tag(&self, tag: &str) -> Option<usize> {
        self.whole_tags.get(&text::words(tag).join(" ")).copied()
    }

    pub(super) fn best_for(&self, text: &str) -> Option<usize> {
        let mut scores = vec![0.0; self.seeds.themes.len()];
        self.score(&self.vocabulary.read(text), &mut scores, None, &[]);
        best(&scores)
    }
}

/// Keywords for the vocabulary's terms of several words that no keyword names: each takes the
/// theme its own words score. The vocabulary reads "diversity and inclusion" as one term, which
/// hides the words "diversity" and "inclusion" from the community theme's keywords; a term
/// inherits what its words mean, whatever the row order of either file.
pub(super) fn implied_keywords<'s>(
    seeds: &'s Seeds,
    keywords: &[(&str, Keyword)],
    vocabulary: &Vocabulary,
) -> Vec<(&'s str, Keyword)> {
    let read = Phrases::read_with(keywords.iter().copied(), true, |p| vocabulary.terms(p));
    let plain = Phrases::exact(keywords.iter().copied());
    let mut out = Vec::new();
    for term in seeds.vocabulary.iter().filter(|t| t.kind != crate::seeds::TermKind::Facet) {
        let (own, _) = vocabulary.terms(&term.term);
        let (words, classes) = text::terms_with_derivations(&term.term);
        if words.len() < 2 || !read.find(&own).is_empty() {
            continue;
        }
        let mut scores = vec![0.0; seeds.themes.len()];
        for m in plain.find_in(&words, Some(&classes)) {
            scores[m.value.theme] += m.len as f64 * m.value.weight;
        }
        if let Some(theme) = best(&scores) {
            out.push((term.term.as_str(), Keyword { theme, weight: 1.0 }));
        }
    }
    out
}

/// The length in words, as written, of the `len` terms from `start`: longer phrases are more
/// specific.
pub(super) fn span_words(r: &vocabulary::Reading, start: usize, len: usize) -> f64 {
    r.written[start..start + len].iter().map(|&w| f64::from(w)).sum()
}

pub(super) fn best(scores: &[f64]) -> Option<usize> {
    let (i, s) = scores.iter().enumerate().fold((0, 0.0), |acc, (i, &s)| if s > acc.1 { (i, s) } else { acc });
    (s > 0.0).then_some(i)
}

/// Each post's own languages and frameworks: those named by at least [`PLATFORM_SHARE`] of its
/// wanted ideas, and [`PLATFORM_MIN`] or more ("Kotlin" in a Kotlin devroom's call, "Rails" in
/// a Rails conference's).
pub(super) fn own_platforms<'i>(items: &'i [Item], analyzed: &[Analyzed]) -> HashMap<&'i str, Vec<(String, TermKind)>> {
    let mut ideas: HashMap<&str, usize> = HashMap::new();
    let mut named: BTreeMap<(&str, &str), (usize, TermKind)> = BTreeMap::new();
    for (item, a) in items.iter().zip(analyzed).filter(|(i, _)| i.polarity == Polarity::Wanted) {
        *ideas.entry(item.source_id.as_str()).or_default() += 1;
        for (term, kind) in &a.platforms {
            named.entry((item.source_id.as_str(), term.as_str())).or_insert((0, *kind)).0 += 1;
        }
    }
    let mut out: HashMap<&str, Vec<(String, TermKind)>> = HashMap::new();
    for ((source, term), (n, kind)) in named {
        let all = ideas.get(source).copied().unwrap_or(0);
        if n >= PLATFORM_MIN && n as f64 >= PLATFORM_SHARE * all as f64 {
            out.entry(source).or_default().push((term.to_string(), kind));
        }
    }
    out
}

/// Theme the ideas of posts built around a language or framework ([`own_platforms`]) with it
/// read in context ([`Matchers::best_in_context`]).
pub(super) fn read_platforms(items: &[Item], analyzed: &mut [Analyzed], m: &Matchers) {
    let own = own_platforms(items, analyzed);
    if own.is_empty() {
        return;
    }
    for (item, a) in items.iter().zip(analyzed.iter_mut()) {
        let Some(own) = own.get(item.source_id.as_str()) else { continue };
        if a.from_tags || !a.platforms.iter().any(|(t, _)| own.iter().any(|(o, _)| o == t)) {
            continue;
        }
        (a.best, a.by_platform) = m.best_in_context(item, own);
    }
}

pub(super) fn assign_themes(items: &[Item], analyzed: &[Analyzed], m: &Matchers) -> Vec<ItemTheme> {
    let themes = &m.seeds.themes;
    let fallback = themes.iter().position(|t| t.id == "use-cases").unwrap_or(themes.len() - 1);
    let mut section_cache: HashMap<(&str, &str), Option<usize>> = HashMap::new();
    let index: HashMap<&str, usize> = items.iter().enumerate().map(|(i, it)| (it.item_id.as_str(), i)).collect();
    let mut out: Vec<ItemTheme> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let own = analyzed[i].best.map(|t| {
            let method = match (analyzed[i].from_tags, analyzed[i].by_platform) {
                (true, _) => ThemeMethod::Tag,
                (false, true) => ThemeMethod::Platform,
                (false, false) => ThemeMethod::Keyword,
            };
            (t, method)
        });
        let chosen = own
            .or_else(|| {
                let key = (item.source_id.as_str(), item.section_text());
                let t = *section_cache.entry(key).or_insert_with(|| m.best_for(item.section_text()));
                t.map(|t| (t, ThemeMethod::Section))
            })
            .or_else(|| {
                // Parents precede their children, so the parent's theme is already known.
                let p = item.parent_id.as_deref().and_then(|p| index.get(p)).filter(|&&p| p < i)?;
                m.theme_index.get(out[*p].theme.as_str()).map(|&t| (t, ThemeMethod::Parent))
            })
            .or_else(|| m.best_for(item.description_text()).map(|t| (t, ThemeMethod::Description)))
            // A talk whose tags name no theme is still judged by its title.
            .or_else(|| {
                if item.tags.is_empty() { None } else { m.best_for(&item.text).map(|t| (t, ThemeMethod::Keyword)) }
            })
            .unwrap_or((fallback, ThemeMethod::Fallback));
        out.push(ItemTheme { theme: themes[chosen.0].id.clone(), method: chosen.1 });
    }
    siblings(&mut out, items, m);
    out
}

/// Ideas no rule themed take the theme most of their list shares: a list is usually one
/// area's ideas ("Hiring", "Public speaking" and "Raise negotiation" under "Essential skills",
/// beside "Leadership" and "Project management", which keywords theme as career). The list is
/// the ideas of one post with one section and one parent; at least half of its keyword-themed
/// ideas, and two or more, must agree.
pub(super) fn siblings(out: &mut [ItemTheme], items: &[Item], m: &Matchers) {
    pub(super) fn list(i: &Item) -> (&str, &str, Option<&str>) {
        (i.source_id.as_str(), i.section_text(), i.parent_id.as_deref())
    }
    let mut by_list: HashMap<(&str, &str, Option<&str>), BTreeMap<usize, usize>> = HashMap::new();
    // A list of talks the author does not want is a list of dislikes, not one area.
    for (theme, item) in out.iter().zip(items).filter(|(_, i)| i.polarity == Polarity::Wanted) {
        if matches!(theme.method, ThemeMethod::Keyword | ThemeMethod::Platform | ThemeMethod::Tag) {
            *by_list.entry(list(item)).or_default().entry(m.theme_index[theme.theme.as_str()]).or_default() += 1;
        }
    }
    for (theme, item) in out.iter_mut().zip(items) {
        if theme.method != ThemeMethod::Fallback || item.polarity != Polarity::Wanted {
            continue;
        }
        let Some(counts) = by_list.get(&list(item)) else { continue };
        let total: usize = counts.values().sum();
        // Most ideas, then theme order: the same answer on every run.
        let Some((&t, &n)) = counts.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) else { continue };
        if n >= 2 && 2 * n >= total {
            theme.theme = m.seeds.themes[t].id.clone();
            theme.method = ThemeMethod::Siblings;
        }
    }
}

/// Ideas no rule themed take the theme most of their concept's other ideas have, from any
/// post: a concept is one topic, and a topic is usually one area ("Self-hosting a Mastodon
/// instance" joins the ideas that name their deployment words). Only the ideas whose own words
/// (or tags) chose their theme vote; at least half of them, and two or more, must agree, as
/// for a list's siblings. Returns the ideas it themed.
pub(super) fn from_concepts(
    out: &mut [ItemTheme],
    items: &[Item],
    subjects: &[Vec<usize>],
    m: &Matchers,
) -> Vec<usize> {
    let concepts = subjects.iter().flatten().copied().max().map_or(0, |c| c + 1);
    let mut by_concept: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); concepts];
    for ((theme, item), of) in out.iter().zip(items).zip(subjects) {
        if item.polarity == Polarity::Wanted
            && matches!(theme.method, ThemeMethod::Keyword | ThemeMethod::Platform | ThemeMethod::Tag)
        {
            for &c in of {
                *by_concept[c].entry(m.theme_index[theme.theme.as_str()]).or_default() += 1;
            }
        }
    }
    let mut themed = Vec::new();
    for (i, ((theme, item), of)) in out.iter_mut().zip(items).zip(subjects).enumerate() {
        if theme.method != ThemeMethod::Fallback || item.polarity != Polarity::Wanted {
            continue;
        }
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in of {
            for (&t, &n) in &by_concept[c] {
                *counts.entry(t).or_default() += n;
            }
        }
        let total: usize = counts.values().sum();
        let Some((&t, &n)) = counts.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) else { continue };
        if n >= 2 && 2 * n >= total {
            theme.theme = m.seeds.themes[t].id.clone();
            theme.method = ThemeMethod::Concept;
            themed.push(i);
        }
    }
    themed
}

pub(super) fn majority_theme<'a>(themes: impl Iterator<Item = &'a str>, order: &HashMap<&str, usize>) -> String {
    let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for t in themes {
        *counts.entry((order.get(t).copied().unwrap_or(usize::MAX), t)).or_default() += 1;
    }
    // Most members first; among equals, the theme listed first in themes.csv.
    let max = counts.values().copied().max().unwrap_or(0);
    counts.into_iter().find(|(_, c)| *c == max).map(|((_, t), _)| t.to_string()).unwrap_or_default()
}
