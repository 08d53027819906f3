//! Scoring one build against the labels: each post's ideas found, what else it emits, sections,
//! themes, and whether labelled pairs share a concept.

use super::*;

/// What happened to one post.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PostScore {
    /// The source id.
    pub source: String,
    /// The labelled set the post belongs to.
    pub set: String,
    /// Required ideas labelled.
    pub required: usize,
    /// Required ideas found.
    pub found: usize,
    /// Items the tool emitted for the post.
    pub emitted: usize,
    /// Emitted items that match a required or optional idea.
    pub correct: usize,
    /// Emitted items that match an `ignore` row: left out of precision.
    pub ignored: usize,
    /// Found required ideas with the right section.
    pub section_ok: usize,
    /// Found required ideas with a theme among the acceptable ones.
    pub theme_ok: usize,
    /// Found required ideas that have acceptable themes labelled.
    pub themed: usize,
}

impl PostScore {
    /// Found over required (1 when nothing is required).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.required)
    }

    /// Correct over emitted, leaving out items that match `ignore` rows.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.emitted - self.ignored)
    }

    /// Right sections over found required ideas.
    pub fn section(&self) -> f64 {
        ratio(self.section_ok, self.found)
    }

    /// Right themes over found required ideas with themes.
    pub fn theme(&self) -> f64 {
        ratio(self.theme_ok, self.themed)
    }

    pub(super) fn add(&mut self, other: &PostScore) {
        self.required += other.required;
        self.found += other.found;
        self.emitted += other.emitted;
        self.correct += other.correct;
        self.ignored += other.ignored;
        self.section_ok += other.section_ok;
        self.theme_ok += other.theme_ok;
        self.themed += other.themed;
    }
}

pub(super) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// How the labelled pairs fared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PairScore {
    /// Same-topic pairs labelled.
    pub same: usize,
    /// Same-topic pairs whose two ideas were both found: what normalisation is judged on
    /// (extraction has its own measure).
    pub same_found: usize,
    /// Same-topic pairs whose ideas share a concept.
    pub same_ok: usize,
    /// Different-topic pairs labelled.
    pub distinct: usize,
    /// Different-topic pairs whose two ideas were both found.
    pub distinct_found: usize,
    /// Different-topic pairs whose ideas were both found and share no concept.
    pub distinct_ok: usize,
    /// Same-topic pairs found but sharing no concept that the review queue (`suggestions`)
    /// proposes as one topic: what an organizer can fix by answering "same topic".
    pub same_suggested: usize,
    /// Different-topic pairs sharing no concept that the review queue proposes all the same:
    /// what the organizer must answer "different" to.
    pub distinct_suggested: usize,
}

impl PairScore {
    /// Same-topic pairs that share a concept, over those whose ideas were both found.
    pub fn same_share(&self) -> f64 {
        ratio(self.same_ok, self.same_found)
    }

    /// Different-topic pairs that share none, over those whose ideas were both found.
    pub fn distinct_share(&self) -> f64 {
        ratio(self.distinct_ok, self.distinct_found)
    }

    /// Same-topic pairs that share a concept, over all labelled: a pair with an idea not
    /// found counts as missed, so extraction and normalisation are measured together.
    pub fn same_share_labelled(&self) -> f64 {
        ratio(self.same_ok, self.same)
    }

    /// Different-topic pairs found and sharing none, over all labelled.
    pub fn distinct_share_labelled(&self) -> f64 {
        ratio(self.distinct_ok, self.distinct)
    }

    /// `same 71/74 (0.959), distinct 48/50 (0.960)`: the found pairs, as `eval` prints them.
    pub fn counts(&self) -> String {
        format!(
            "same {}/{} ({:.3}), distinct {}/{} ({:.3})",
            self.same_ok,
            self.same_found,
            self.same_share(),
            self.distinct_ok,
            self.distinct_found,
            self.distinct_share()
        )
    }

    pub(super) fn add(&mut self, other: &PairScore) {
        self.same += other.same;
        self.same_found += other.same_found;
        self.same_ok += other.same_ok;
        self.distinct += other.distinct;
        self.distinct_found += other.distinct_found;
        self.distinct_ok += other.distinct_ok;
        self.same_suggested += other.same_suggested;
        self.distinct_suggested += other.distinct_suggested;
    }
}

/// One thing the tool got wrong, for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// The post.
    pub source: String,
    /// What kind of miss.
    pub kind: MissKind,
    /// The gold key or the emitted text.
    pub text: String,
    /// What was expected or got, where it helps.
    pub detail: String,
}

/// The kinds of [`Miss`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissKind {
    /// A required idea no item matches.
    NotFound,
    /// An emitted item that matches no idea.
    NotAnIdea,
    /// A found idea under the wrong section.
    Section,
    /// A found idea with a theme that is not acceptable.
    Theme,
    /// A same-topic pair without a shared concept, or a distinct pair with one.
    Pair,
}

impl fmt::Display for MissKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MissKind::NotFound => "not found",
            MissKind::NotAnIdea => "not an idea",
            MissKind::Section => "section",
            MissKind::Theme => "theme",
            MissKind::Pair => "pair",
        })
    }
}

/// The score of a build against its labels.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// One row per labelled post, in label order.
    pub posts: Vec<PostScore>,
    /// The posts added up (micro-averaged: every idea counts once).
    pub total: PostScore,
    /// The pairs.
    pub pairs: PairScore,
    /// The pairs of each labelled set.
    pub pairs_by_set: BTreeMap<String, PairScore>,
    /// Everything that went wrong.
    pub misses: Vec<Miss>,
    /// The labelled pairs whose two ideas were found: (item, item, relation), items by index
    /// in the scored build.
    #[serde(skip)]
    pub found_pairs: Vec<(usize, usize, Relation)>,
}

/// Score `items` (with their themes and concepts in `taxonomy`) against `gold`.
pub fn score(gold: &Gold, items: &[Item], taxonomy: &Taxonomy) -> Report {
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        by_source.entry(item.source_id.as_str()).or_default().push(i);
    }
    let texts: Vec<String> = items.iter().map(|i| comparable(&i.text)).collect();
    let mut report = Report::default();
    // (source, comparable key) → the item its gold row matched.
    let mut matched_keys: HashMap<(String, String), usize> = HashMap::new();
    for source in gold.sources() {
        let rows: Vec<&GoldItem> = gold.items.iter().filter(|g| g.source == source).collect();
        let candidates = by_source.get(source).map(Vec::as_slice).unwrap_or(&[]);
        let matches = match_rows(&rows, candidates, &texts);
        let set = rows.first().map(|r| r.set.clone()).unwrap_or_default();
        let mut post = PostScore { source: source.to_string(), set, emitted: candidates.len(), ..PostScore::default() };
        let mut used: HashSet<usize> = HashSet::default();
        for (row, found) in rows.iter().zip(&matches) {
            if let Some(i) = *found {
                matched_keys.entry((source.to_string(), comparable(&row.key))).or_insert(i);
                used.insert(i);
            }
            match (row.level, *found) {
                (Level::Required, None) => {
                    post.required += 1;
                    report.misses.push(miss(source, MissKind::NotFound, &row.key, ""));
                }
                (Level::Required, Some(i)) => {
                    post.required += 1;
                    post.found += 1;
                    post.correct += 1;
                    let item = &items[i];
                    if section_ok(&row.section, item.section_text()) {
                        post.section_ok += 1;
                    } else {
                        let detail = format!("labelled {:?}, got {:?}", row.section, item.section);
                        report.misses.push(miss(source, MissKind::Section, &item.text, &detail));
                    }
                    let themes: Vec<&str> = row.themes.split(';').map(str::trim).filter(|t| !t.is_empty()).collect();
                    if !themes.is_empty() {
                        post.themed += 1;
                        let (theme, method) =
                            taxonomy.item_themes.get(i).map_or(("", ""), |t| (t.theme.as_str(), t.method.as_str()));
                        if themes.contains(&theme) {
                            post.theme_ok += 1;
                        } else {
                            let detail = format!("labelled {}, got {theme} by {method}", row.themes);
                            report.misses.push(miss(source, MissKind::Theme, &item.text, &detail));
                        }
                    }
                }
                (Level::Optional, Some(_)) => post.correct += 1,
                (Level::Ignore, Some(_)) => post.ignored += 1,
                (Level::Optional | Level::Ignore | Level::Noise, _) => {}
            }
        }
        for &i in candidates.iter().filter(|i| !used.contains(i)) {
            report.misses.push(miss(source, MissKind::NotAnIdea, &items[i].text, ""));
        }
        report.total.add(&post);
        report.posts.push(post);
    }
    report.pairs_by_set =
        score_pairs(gold, &by_source, &texts, &matched_keys, taxonomy, &mut report.misses, &mut report.found_pairs);
    report.pairs = report.pairs_by_set.values().fold(PairScore::default(), |mut all, s| {
        all.add(s);
        all
    });
    report
}

pub(super) fn miss(source: &str, kind: MissKind, text: &str, detail: &str) -> Miss {
    Miss { source: source.to_string(), kind, text: text.chars().take(120).collect(), detail: detail.to_string() }
}

/// Each row's item: greedy in row order, equality before prefix before substring.
pub(super) fn match_rows(rows: &[&GoldItem], candidates: &[usize], texts: &[String]) -> Vec<Option<usize>> {
    let mut taken: HashSet<usize> = HashSet::default();
    rows.iter()
        .map(|row| {
            // Noise rows document what must not be an idea: they take no item.
            if row.level == Level::Noise {
                return None;
            }
            let key = comparable(&row.key);
            let free = || candidates.iter().copied().filter(|i| !taken.contains(i));
            let found = free()
                .find(|&i| texts[i] == key)
                .or_else(|| free().find(|&i| texts[i].starts_with(&key)))
                .or_else(|| free().find(|&i| texts[i].contains(&key)));
            if let Some(i) = found {
                taken.insert(i);
            }
            found
        })
        .collect()
}

/// A labelled section must be part of the reported one; an empty label wants an empty section.
pub(super) fn section_ok(labelled: &str, reported: &str) -> bool {
    let (labelled, reported) = (comparable_section(labelled), comparable_section(reported));
    if labelled.is_empty() { reported.is_empty() } else { reported.contains(&labelled) }
}

pub(super) fn score_pairs(
    gold: &Gold,
    by_source: &HashMap<&str, Vec<usize>>,
    texts: &[String],
    matched: &HashMap<(String, String), usize>,
    taxonomy: &Taxonomy,
    misses: &mut Vec<Miss>,
    found: &mut Vec<(usize, usize, Relation)>,
) -> BTreeMap<String, PairScore> {
    // A broad concept ("Best practices") is not shared ground: two ideas are the same topic
    // when they share a subject.
    let subjects = normalize::subjects_by_item(&taxonomy.item_concepts, &taxonomy.concepts, texts.len());
    // A pair's key is a gold key, or (for posts labelled only by prefix) the start of an item.
    let find = |source: &str, key: &str| -> Option<usize> {
        let key = comparable(key);
        matched.get(&(source.to_string(), key.clone())).copied().or_else(|| {
            let items = by_source.get(source)?;
            items.iter().copied().find(|&i| texts[i].starts_with(&key))
        })
    };
    // Answering "same topic" links the second idea and its copies (the same wording in other
    // posts) into the first one's concept: a proposal fixes the pairs of its first idea with any
    // of them.
    let suggested: HashSet<(usize, &str)> =
        taxonomy.suggestions.iter().map(|s| (s.item_a, texts[s.item_b].as_str())).collect();
    let proposes =
        |a: usize, b: usize| suggested.contains(&(a, texts[b].as_str())) || suggested.contains(&(b, texts[a].as_str()));
    let mut by_set: BTreeMap<String, PairScore> = BTreeMap::new();
    for pair in &gold.pairs {
        let score = by_set.entry(pair.set.clone()).or_default();
        let (a, b) = (find(&pair.source_a, &pair.key_a), find(&pair.source_b, &pair.key_b));
        if let (Some(a), Some(b)) = (a, b) {
            found.push((a, b, pair.relation));
            match pair.relation {
                Relation::Same => score.same_found += 1,
                Relation::Distinct => score.distinct_found += 1,
            }
        }
        let common: Option<Vec<usize>> = match (a, b) {
            (Some(a), Some(b)) => {
                let of = |i: usize| subjects.get(i).map(Vec::as_slice).unwrap_or(&[]);
                Some(of(a).iter().copied().filter(|c| of(b).contains(c)).collect())
            }
            _ => None,
        };
        let shared = common.as_ref().map(|c| !c.is_empty());
        let proposed = match (a, b, shared) {
            (Some(a), Some(b), Some(false)) => proposes(a, b),
            _ => false,
        };
        match pair.relation {
            Relation::Same if proposed => score.same_suggested += 1,
            Relation::Distinct if proposed => score.distinct_suggested += 1,
            _ => {}
        }
        let ok = match pair.relation {
            Relation::Same => {
                score.same += 1;
                shared == Some(true)
            }
            Relation::Distinct => {
                score.distinct += 1;
                shared == Some(false)
            }
        };
        if ok {
            match pair.relation {
                Relation::Same => score.same_ok += 1,
                Relation::Distinct => score.distinct_ok += 1,
            }
        } else {
            let detail = match (shared, pair.relation) {
                (None, _) => "an idea of the pair was not extracted".to_string(),
                (Some(_), Relation::Same) => "same topic, no shared concept".to_string(),
                (Some(_), Relation::Distinct) => {
                    let labels: Vec<&str> =
                        common.iter().flatten().map(|&c| taxonomy.concepts[c].label.as_str()).collect();
                    format!("different topics, sharing {}", labels.join("; "))
                }
            };
            let text = format!("{} / {}", pair.key_a, pair.key_b);
            misses.push(Miss {
                source: format!("{} / {}", pair.source_a, pair.source_b),
                kind: MissKind::Pair,
                text,
                detail,
            });
        }
    }
    by_set
}
