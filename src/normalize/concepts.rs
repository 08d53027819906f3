//! Concept building: curated aliases, the rules' groups, head topics, a post's platform as
//! context, the organizers' overrides, and ids and labels that stay unique.

use super::*;
/// A post needs this many wanted ideas before a concept most of them name is its platform.
pub(super) const PLATFORM_MIN_IDEAS: usize = 4;

/// More than this many override rows that match nothing are one warning, not one each: a build
/// of another manifest shares `seeds/overrides.csv` with the default one, and its rows name posts
/// the other build does not read.
pub(super) const IDLE_OVERRIDES_LISTED: usize = 3;

/// The warnings for override rows that matched nothing (line, what was not found): one each
/// when they are few, one line listing their lines when they are many.
pub(super) fn idle_override_warnings(idle: Vec<(usize, String)>) -> Vec<String> {
    if idle.len() <= IDLE_OVERRIDES_LISTED {
        return idle.into_iter().map(|(line, what)| format!("overrides.csv:{line}: {what}")).collect();
    }
    let lines: Vec<String> = idle.iter().map(|(line, _)| line.to_string()).collect();
    vec![format!(
        "overrides.csv: {} rows match nothing in this build (lines {}): they name ideas or concepts of posts this \
         manifest does not read, or text that has changed",
        idle.len(),
        lines.join(", ")
    )]
}

/// Collects concepts and links, keeping ids unique.
pub(super) struct Builder<'a> {
    pub(super) items: &'a [Item],
    /// Each item's wording number, and how many wordings there are ([`wordings`]).
    pub(super) wording: &'a (Vec<u32>, usize),
    pub(super) concepts: Vec<Concept>,
    pub(super) links: Vec<ItemConcept>,
    pub(super) ids: Ids,
    pub(super) warnings: Vec<String>,
    /// Override rows that matched nothing: their line and what was not found.
    pub(super) idle_overrides: Vec<(usize, String)>,
    /// Every concept's label, so that no two share one.
    pub(super) labels: labels::Labels,
}

impl Builder<'_> {
    /// Whether a concept of these items covers so much of the build that it says nothing about
    /// any of them: more than [`CATCH_ALL_SHARE`] of the items and of the different wordings
    /// both, so copies of one idea never make a catch-all. Returns the wordings it covers.
    pub(super) fn catch_all(&self, members: impl Iterator<Item = usize>) -> Option<usize> {
        let (of_item, total) = self.wording;
        let limit = |n: usize| ((n as f64 * CATCH_ALL_SHARE) as usize).max(CATCH_ALL_MIN);
        let mut count = 0;
        let distinct: HashSet<u32> = members.inspect(|_| count += 1).map(|i| of_item[i]).collect();
        (count > limit(self.items.len()) && distinct.len() > limit(*total)).then_some(distinct.len())
    }

    /// Add a concept; returns its index in build order (renumbered by id in [`Self::finish`]).
    /// A label another concept has is qualified by the theme ([`labels`]).
    pub(super) fn add_concept(&mut self, label: &str, theme: &str, origin: ConceptOrigin, scope: Scope) -> usize {
        let label = self.labels.unique(label, theme);
        let id = self.ids.unique(text::slug(&label));
        self.labels.register(&label, self.concepts.len());
        self.concepts.push(Concept { concept_id: id, label, theme: theme.to_string(), origin, scope });
        self.concepts.len() - 1
    }

    pub(super) fn link(&mut self, item: usize, concept: usize, method: Method, score: f64) {
        self.links.push(ItemConcept { item, concept, method, score });
    }

    /// The concept an override names, by id or label, wherever its ideas went since.
    pub(super) fn named(&self, name: &str) -> Option<usize> {
        let at = self.concepts.iter().position(|c| c.concept_id == name || c.label == name);
        at.map(|c| self.labels.resolve(c)).or_else(|| self.labels.find(name))
    }

    /// The concept for a group the rules made under `label`: the concept that already has the
    /// label (the same words name the same topic), or a new one.
    pub(super) fn concept_for(&mut self, label: &str, theme: &str, origin: ConceptOrigin) -> usize {
        match self.labels.find(label) {
            Some(c) => c,
            None => self.add_concept(label, theme, origin, Scope::Topic),
        }
    }

    /// Add the curated concepts that have items; returns which were accepted.
    pub(super) fn alias_concepts(&mut self, seeds: &Seeds, analyzed: &[Analyzed]) -> Vec<bool> {
        let mut accepted = vec![false; seeds.concepts.len()];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); seeds.concepts.len()];
        for (i, a) in analyzed.iter().enumerate() {
            for &c in &a.concepts {
                members[c].push(i);
            }
        }
        for (c, (alias, members)) in seeds.concepts.iter().zip(members).enumerate() {
            if members.is_empty() {
                continue;
            }
            // A broad concept is never shared ground, so covering much is what it is for.
            if let Some(distinct) = self.catch_all(members.iter().copied()).filter(|_| alias.scope == Scope::Topic) {
                self.warnings.push(format!(
                    "concept {:?} would cover {distinct} of {} different ideas, so it tells them nothing: refused (narrow its aliases in aliases.csv)",
                    alias.label, self.wording.1
                ));
                continue;
            }
            accepted[c] = true;
            let concept = self.add_concept(&alias.label, &alias.theme, ConceptOrigin::Alias, alias.scope);
            for i in members {
                self.link(i, concept, Method::Alias, 1.0);
            }
        }
        accepted
    }

    pub(super) fn auto_concepts(
        &mut self,
        groups: &[group::Group],
        aliases: &[Vec<usize>],
        themes: &[ItemTheme],
        order: &HashMap<&str, usize>,
    ) {
        for g in groups {
            // A lone item an alias already explains needs no concept of its own.
            let members: Vec<&(usize, Method, f64)> =
                g.members.iter().filter(|(i, _, _)| g.members.len() > 1 || aliases[*i].is_empty()).collect();
            // Near-duplicates that one alias concept already joins need no second, auto concept.
            let shared_alias = members.iter().map(|m| &aliases[m.0]).fold(None::<Vec<usize>>, |acc, c| {
                Some(acc.map_or(c.clone(), |a| a.into_iter().filter(|x| c.contains(x)).collect()))
            });
            if members.is_empty()
                || shared_alias.is_some_and(|s| !s.is_empty())
                || self.catch_all(members.iter().map(|m| m.0)).is_some()
            {
                continue;
            }
            // Named after its earliest mention, so next year's posts never rename it.
            let items = self.items;
            let label_item =
                members.iter().map(|m| m.0).min_by_key(|&i| (items[i].year, items[i].text.chars().count(), i));
            let label = items[label_item.unwrap_or(members[0].0)].text.clone();
            let theme = majority_theme(members.iter().map(|m| themes[m.0].theme.as_str()), order);
            // Joining the concept of the same label: an alias concept may hold some already.
            let fresh = self.labels.find(&label).is_none();
            let concept = self.concept_for(&label, &theme, ConceptOrigin::Auto);
            for &&(i, method, score) in &members {
                if fresh || !aliases[i].iter().any(|&c| self.labels.resolve(c) == concept) {
                    self.link(i, concept, method, score);
                }
            }
        }
    }

    /// Ideas with the same head topic ([`topics`]) share a concept, unless a concept of
    /// subject scope already joins them all. A topic whose every word is common in the build
    /// ("Django") names no subject.
    pub(super) fn topic_concepts(
        &mut self,
        analyzed: &[Analyzed],
        common: &HashSet<String>,
        themes: &[ItemTheme],
        order: &HashMap<&str, usize>,
        vocabulary: &Vocabulary,
    ) {
        // A word common in the build names no subject ("Django" in a DjangoCon build): "Django
        // Fellows" and "our new fellow" are one topic. A topic of common words only names none.
        let mut by_key: BTreeMap<Vec<&str>, Vec<(usize, &str)>> = BTreeMap::new();
        for (i, a) in analyzed.iter().enumerate() {
            for t in &a.topics {
                let key: Vec<&str> =
                    t.key.iter().map(String::as_str).filter(|t| !common.contains(vocabulary::unmarked(t))).collect();
                if !key.is_empty() {
                    by_key.entry(key).or_default().push((i, t.label.as_str()));
                }
            }
        }
        let of_item = subjects_by_item(&self.links, &self.concepts, self.items.len());
        // Every concept of each item and every concept's size, kept up to date below.
        let mut linked: Vec<Vec<usize>> = vec![Vec::new(); self.items.len()];
        let mut size: Vec<usize> = vec![0; self.concepts.len()];
        for l in &self.links {
            linked[l.item].push(l.concept);
            size[l.concept] += 1;
        }
        let mut emptied: HashSet<usize> = HashSet::default();
        // Where each (item, concept) link is, made only when a topic meets a broad concept.
        let mut link_at: Option<HashMap<(usize, usize), usize>> = None;
        for mut members in by_key.into_values() {
            members.dedup_by_key(|m| m.0);
            if members.len() < 2 || self.catch_all(members.iter().map(|m| m.0)).is_some() {
                continue;
            }
            let first = &of_item[members[0].0];
            if first.iter().any(|c| members.iter().all(|(i, _)| of_item[*i].contains(c))) {
                continue;
            }
            let items = self.items;
            let &(_, label) = members
                .iter()
                .min_by_key(|(i, label)| (items[*i].year, label.chars().count(), *i))
                .expect("at least two members");
            // Named by the words its ideas share, not by one idea's qualifiers.
            let label = topics::naming(label, vocabulary);
            let theme = majority_theme(members.iter().map(|(i, _)| themes[*i].theme.as_str()), order);
            let concept = self.concept_for(&label, &theme, ConceptOrigin::Topic);
            let broad = self.concepts[concept].scope == Scope::Broad;
            for &(i, _) in &members {
                if broad && linked[i].contains(&concept) {
                    // An idea whose topic is the field itself names it as its subject
                    // ([`ItemConcept::names_subject`]), however else it was linked.
                    let at = link_at.get_or_insert_with(|| {
                        self.links.iter().enumerate().map(|(n, l)| ((l.item, l.concept), n)).collect()
                    });
                    if let Some(&n) = at.get(&(i, concept)) {
                        self.links[n].method = Method::Topic;
                    }
                }
                if !linked[i].contains(&concept) {
                    self.link(i, concept, Method::Topic, 1.0);
                    linked[i].push(concept);
                    size.resize(self.concepts.len(), 0);
                    size[concept] += 1;
                }
                // An idea that joined a topic needs no automatic concept of one idea beside it:
                // that one is emptied into the topic's (an override naming it reaches it there).
                for &c in &linked[i] {
                    if c != concept && size[c] == 1 && self.concepts[c].origin == ConceptOrigin::Auto {
                        emptied.insert(c);
                        self.labels.moved(c, concept);
                    }
                }
            }
        }
        self.links.retain(|l| !emptied.contains(&l.concept));
    }

    /// A subject most of a post's ideas name is the post's platform ("Rust" in a RustConf
    /// call): for an idea that names it only in passing ("teaching with Rust") it is context,
    /// not shared ground; an idea whose head topic names it ("Rust's next release") keeps it.
    pub(super) fn platform_context(&mut self, analyzed: &[Analyzed], m: &Matchers) {
        let items = self.items;
        let mut ideas: HashMap<&str, usize> = HashMap::new();
        for item in items.iter().filter(|i| i.polarity == Polarity::Wanted) {
            *ideas.entry(item.source_id.as_str()).or_default() += 1;
        }
        let mut named: HashMap<(&str, usize), usize> = HashMap::new();
        for l in &self.links {
            let item = &items[l.item];
            if item.polarity == Polarity::Wanted && l.names_subject(&self.concepts[l.concept]) {
                *named.entry((item.source_id.as_str(), l.concept)).or_default() += 1;
            }
        }
        let platform = |source: &str, concept: usize| {
            let all = ideas.get(source).copied().unwrap_or(0);
            all >= PLATFORM_MIN_IDEAS && named.get(&(source, concept)).copied().unwrap_or(0) * 2 >= all
        };
        for n in 0..self.links.len() {
            let (i, c) = (self.links[n].item, self.links[n].concept);
            if self.links[n].method == Method::Topic || !platform(&items[i].source_id, c) {
                continue;
            }
            let label = &self.concepts[c].label;
            let about = analyzed[i].topics.iter().any(|t| {
                let (terms, classes) = m.vocabulary.terms(&t.label);
                m.aliases.find_in(&terms, Some(&classes)).iter().any(|f| &m.seeds.concepts[*f.value].label == label)
            });
            if !about {
                self.links[n].method = Method::Context;
            }
        }
    }

    /// Organizers' corrections, applied after every rule so that they always win.
    pub(super) fn overrides(&mut self, overrides: &[Override], themes: &[ItemTheme]) {
        // Where each merged concept went, so a later row naming it reaches its items.
        let mut merged: HashMap<usize, usize> = HashMap::new();
        for o in overrides {
            if o.action == OverrideAction::Merge {
                self.merge(o, &mut merged);
                continue;
            }
            let Some(item) = find_item(self.items, &o.item) else {
                self.idle_overrides.push((o.line, format!("no item matches {:?}; the override does nothing", o.item)));
                continue;
            };
            match o.action {
                OverrideAction::Link => {
                    let concept = match self.named(&o.target) {
                        Some(c) => c,
                        None => self.add_concept(&o.target, &themes[item].theme, ConceptOrigin::Override, Scope::Topic),
                    };
                    self.links.retain(|l| !(l.item == item && l.concept == concept));
                    self.link(item, concept, Method::Override, 1.0);
                }
                OverrideAction::Unlink => {
                    let before = self.links.len();
                    let concept =
                        self.concepts.iter().position(|c| c.concept_id == o.target).map(|c| self.labels.resolve(c));
                    self.links.retain(|l| !(l.item == item && Some(l.concept) == concept));
                    if self.links.len() == before {
                        self.warnings.push(format!(
                            "overrides.csv:{}: {} is not linked to {:?}; nothing to unlink",
                            o.line, self.items[item].item_id, o.target
                        ));
                    }
                }
                OverrideAction::Merge => unreachable!("merge rows name concepts, handled above"),
                OverrideAction::Separate => {
                    let Some(other) = find_item(self.items, &o.target) else {
                        self.idle_overrides
                            .push((o.line, format!("no item matches {:?}; the override does nothing", o.target)));
                        continue;
                    };
                    let mine: HashSet<usize> =
                        self.links.iter().filter(|l| l.item == item).map(|l| l.concept).collect();
                    // The second item leaves every concept the two share; it gets one of its own below.
                    self.links.retain(|l| !(l.item == other && mine.contains(&l.concept)));
                }
            }
        }
    }

    /// A `merge` row: every item of the concept named in `item` moves into the target concept
    /// (each by id or label), which the merged concept leaves empty, so it is dropped.
    /// `merged` records where merged concepts went: "merge A into B" then "merge C into A" puts
    /// C's items in B too.
    pub(super) fn merge(&mut self, o: &Override, merged: &mut HashMap<usize, usize>) {
        let find = |name: &str| {
            let mut at = self.named(name)?;
            while let Some(&next) = merged.get(&at) {
                at = next;
            }
            Some(at)
        };
        let (from, into) = match (find(&o.item), find(&o.target)) {
            (Some(from), Some(into)) if from != into => (from, into),
            (Some(_), Some(_)) => return,
            (from, _) => {
                let missing = if from.is_none() { &o.item } else { &o.target };
                self.idle_overrides.push((o.line, format!("no concept is named {missing:?}; the merge does nothing")));
                return;
            }
        };
        let already: HashSet<usize> = self.links.iter().filter(|l| l.concept == into).map(|l| l.item).collect();
        self.links.retain(|l| !(l.concept == from && already.contains(&l.item)));
        for l in self.links.iter_mut().filter(|l| l.concept == from) {
            *l = ItemConcept { item: l.item, concept: into, method: Method::Override, score: 1.0 };
        }
        merged.insert(from, into);
    }

    /// Items no rule linked (all stop words, or separated by an override) get a concept of their own.
    pub(super) fn singletons(&mut self, themes: &[ItemTheme]) {
        let mut linked = vec![false; self.items.len()];
        for l in &self.links {
            linked[l.item] = true;
        }
        let items = self.items;
        for (i, (item, theme)) in items.iter().zip(themes).enumerate() {
            if !linked[i] {
                let concept = self.add_concept(&item.text, &theme.theme, ConceptOrigin::Auto, Scope::Topic);
                self.link(i, concept, Method::Fingerprint, 1.0);
            }
        }
    }

    /// Drop the concepts an override emptied, number the rest by id, and sort the links.
    pub(super) fn finish(mut self, item_themes: Vec<ItemTheme>) -> Taxonomy {
        let mut used = vec![false; self.concepts.len()];
        for l in &self.links {
            used[l.concept] = true;
        }
        let mut order: Vec<usize> = (0..self.concepts.len()).filter(|&c| used[c]).collect();
        order.sort_by(|&a, &b| self.concepts[a].concept_id.cmp(&self.concepts[b].concept_id));
        let mut renumber = vec![usize::MAX; self.concepts.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new;
        }
        let mut slots: Vec<Option<Concept>> = self.concepts.into_iter().map(Some).collect();
        let concepts: Vec<Concept> = order.iter().map(|&old| slots[old].take().expect("each concept once")).collect();
        for l in &mut self.links {
            l.concept = renumber[l.concept];
        }
        // Concepts are numbered in id order, so this is item order, then concept id.
        self.links.sort_by_key(|l| (l.item, l.concept));
        Taxonomy { item_themes, concepts, item_concepts: self.links, warnings: self.warnings, suggestions: Vec::new() }
    }
}

/// Concept ids given so far.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) used: HashSet<String>,
    /// Per base, the suffix to try next: a label shared by thousands of concepts takes its
    /// next free id at once, not after trying every earlier one.
    pub(super) next: HashMap<String, usize>,
}

impl Ids {
    /// `base`, or `base-2`, `base-3` … whichever is free first.
    pub(super) fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}
