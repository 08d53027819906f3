//! `report.html`: one self-contained page for organizers — overlap heatmaps, theme shares,
//! trend lines, idea-to-program coverage, and a section per concept.
//!
//! No script, no font, no stylesheet from elsewhere: the file opens offline and shows the same
//! on every machine. Charts are SVG drawn here, each with a title, a description and a table
//! of the same numbers for screen readers. Every piece of source text goes through maud, which
//! escapes it.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashMap;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::tables::Data;
use crate::analyze::coverage::CoverageStatus;
use crate::analyze::heatmap::Heatmap;
use crate::model::{Kind, Polarity, Status};

/// Concepts drawn in the trend chart.
const TREND_LINES: usize = 8;
/// Above this many sources the report counts them by year and lists only those not read; the
/// `sources` table lists every one (13,000 rows made 2.7 MB of the page).
const SOURCES_LISTED: usize = 200;
/// Items listed under one concept; the `items` and `item_concepts` tables have the rest.
const ITEMS_PER_CONCEPT: usize = 100;
/// Talk titles listed for one concept and year; the `coverage` table has all of them. Across
/// hundreds of programs a year, listing every title made the report 18 MB.
const TALK_TITLES: usize = 12;

/// Eight hues that stay apart for the common colour blindnesses (Okabe and Ito's palette, with
/// grey for black so that labels stay readable on it).
const HUES: [&str; 8] = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#8c8c8c"];

/// How one theme (or trend line) is drawn: fifteen themes are more hues than anyone can tell
/// apart, so the first eight are solid hues and the next eight the same hues striped (lines:
/// dashed). Theme bars also carry their labels where the segment is wide enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fill {
    hue: &'static str,
    striped: bool,
}

impl Fill {
    fn nth(index: usize) -> Fill {
        Fill { hue: HUES[index % HUES.len()], striped: (index / HUES.len()) % 2 == 1 }
    }

    /// The SVG paint: the hue, or the stripes pattern [`stripes`] defines for `index`.
    fn paint(self, index: usize) -> String {
        if self.striped { format!("url(#stripes-{index})") } else { self.hue.to_string() }
    }

    /// The CSS background of a legend swatch drawn the same way.
    fn swatch(self) -> String {
        if self.striped {
            format!("background:repeating-linear-gradient(45deg,{0} 0 3px,#fff 3px 5px)", self.hue)
        } else {
            format!("background:{}", self.hue)
        }
    }

    /// A line's dash pattern: dashed when striped.
    fn dashes(self) -> &'static str {
        if self.striped { "7 4" } else { "none" }
    }
}

const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d0d0d0; --accent: #0b5cad; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
body { margin: 0; line-height: 1.5; background: #fff; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
h1 { font-size: 1.6rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; padding: 0; list-style: none; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; border: 1px solid #0003; }
details { margin: .5rem 0; }
article.concept { border-top: 1px solid var(--line); padding-top: .5rem; }
.status-ok { color: #11691a; } .status-bad { color: #a61b1b; }
@media (max-width: 40rem) { h1 { font-size: 1.3rem; } table { font-size: .8rem; } }
"#;

/// The stripes patterns of the themes drawn striped, for an SVG's `defs`.
fn stripes(count: usize) -> Markup {
    html! {
        defs {
            @for i in (0..count).filter(|&i| Fill::nth(i).striped) {
                pattern id=(format!("stripes-{i}")) patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)" {
                    rect width="6" height="6" fill=(Fill::nth(i).hue) {}
                    rect width="2" height="6" fill="#fff" {}
                }
            }
        }
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The whole report.
pub fn render(d: &Data<'_>) -> String {
    let ok = d.sources.iter().filter(|s| s.status == Status::Ok).count();
    let years: BTreeSet<i32> = d.items.iter().map(|i| i.year).collect();
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "no years".into(),
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "cfp-taxonomy report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Talk ideas and accepted talks, " (span) }
                    p.muted {
                        (ok) " of " (d.sources.len()) " sources read · " (d.items.len()) " items · "
                        (d.taxonomy.concepts.len()) " concepts · " (d.themes.len()) " themes"
                    }
                    nav aria-label="Sections" {
                        ul {
                            li { a href="#sources" { "Sources" } }
                            li { a href="#overlap" { "Overlap" } }
                            li { a href="#themes" { "Themes by year" } }
                            li { a href="#trends" { "Trends" } }
                            li { a href="#coverage" { "Ideas and program" } }
                            li { a href="#concepts" { "Concepts" } }
                            li { a href="#review" { "To review" } }
                        }
                    }
                }
                main {
                    (sources(d))
                    (overlap(d))
                    (themes(d))
                    (trends(d))
                    (coverage(d))
                    (concepts(d))
                    (review(d))
                }
                footer {
                    p.muted { "Made by cfp-taxonomy " (env!("CARGO_PKG_VERSION")) " from the tables beside this file." }
                }
            }
        }
    };
    page.into_string()
}

fn sources(d: &Data<'_>) -> Markup {
    if d.sources.len() > SOURCES_LISTED {
        return many_sources(d);
    }
    html! {
        section id="sources" aria-labelledby="sources-h" {
            h2 id="sources-h" { "Sources" }
            div.scroll {
                table {
                    caption.muted { "Every post and program in the manifest, and whether it could be read." }
                    thead { tr { th { "Source" } th { "Author" } th.num { "Year" } th { "Kind" } th { "Status" } th.num { "Items" } } }
                    tbody {
                        @for s in d.sources { (source_row(s)) }
                    }
                }
            }
        }
    }
}

fn source_row(s: &crate::model::SourceRecord) -> Markup {
    html! {
        tr {
            td { a href=(s.source.url) { (s.source.title) } }
            td { (s.source.author.as_deref().unwrap_or("")) }
            td.num { (s.source.year) }
            td { (s.source.kind.as_str()) }
            td {
                @if s.status == Status::Ok { span.status-ok { "ok" } }
                @else { span.status-bad { (s.status.as_str()) } ": " (s.reason.as_deref().unwrap_or("")) }
            }
            td.num { (s.item_count) }
        }
    }
}

/// A large manifest: the sources that need attention one by one, the rest counted by year.
fn many_sources(d: &Data<'_>) -> Markup {
    let mut by_year: BTreeMap<i32, (usize, usize, u32)> = BTreeMap::new();
    for s in d.sources {
        let e = by_year.entry(s.source.year).or_default();
        e.0 += 1;
        if s.status == Status::Ok {
            e.1 += 1;
            e.2 += s.item_count;
        }
    }
    let unread: Vec<&crate::model::SourceRecord> = d.sources.iter().filter(|s| s.status != Status::Ok).collect();
    html! {
        section id="sources" aria-labelledby="sources-h" {
            h2 id="sources-h" { "Sources" }
            p.muted { (d.sources.len()) " sources, counted by year; the sources table lists every one." }
            div.scroll {
                table {
                    caption.muted { "Sources per year and how many could be read." }
                    thead { tr { th.num { "Year" } th.num { "Sources" } th.num { "Read" } th.num { "Items" } } }
                    tbody {
                        @for (year, (all, read, items)) in by_year.iter().rev() {
                            tr { td.num { (year) } td.num { (all) } td.num { (read) } td.num { (items) } }
                        }
                    }
                }
            }
            @if !unread.is_empty() {
                div.scroll {
                    table {
                        caption.muted { "The " (unread.len()) " sources that could not be read, or held no ideas." }
                        thead { tr { th { "Source" } th { "Author" } th.num { "Year" } th { "Kind" } th { "Status" } th.num { "Items" } } }
                        tbody {
                            @for s in unread.iter().take(SOURCES_LISTED) { (source_row(s)) }
                        }
                    }
                }
                @if unread.len() > SOURCES_LISTED {
                    p.muted { "The first " (SOURCES_LISTED) " of " (unread.len()) "; the sources table has their reasons." }
                }
            }
        }
    }
}

/// One heatmap per year with at least two readable sources: cell colour and text = Jaccard.
fn overlap(d: &Data<'_>) -> Markup {
    html! {
        section id="overlap" aria-labelledby="overlap-h" {
            h2 id="overlap-h" { "Overlap between the posts of a year" }
            p.muted { "Each cell is the Jaccard similarity of two sources' concepts (shared concepts in brackets). Unwanted ideas do not count." }
            @for map in d.analysis.heatmaps.iter().rev().filter(|m| m.sources.len() > 1) {
                h3 { (map.year) }
                @if map.readable > map.sources.len() {
                    p.muted { "The " (map.sources.len()) " sources with the most items, of " (map.readable) "; the overlap table has the rest." }
                }
                (heatmap(map))
            }
        }
    }
}

fn heatmap(map: &Heatmap) -> Markup {
    let (year, ids) = (map.year, &map.sources);
    let (label_w, cell) = (150.0, 72.0);
    let n = ids.len() as f64;
    let top = 70.0;
    let (w, h) = (label_w + cell * n + 60.0, top + cell * n + 10.0);
    let title_id = format!("overlap-{year}-title");
    let desc_id = format!("overlap-{year}-desc");
    html! {
        figure {
            svg viewBox=(format!("0 0 {w} {h}")) width=(w) role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
                title id=(title_id) { "Overlap of the " (year) " sources" }
                desc id=(desc_id) { "Jaccard similarity between each pair of sources of " (year) ", from 0 (nothing shared) to 1 (same concepts)." }
                @for (c, id) in ids.iter().enumerate() {
                    @let (cx, cy) = (label_w + cell * (c as f64 + 0.3), top - 8.0);
                    text x=(cx) y=(cy) transform=(format!("rotate(-30 {cx} {cy})")) font-size="11" { (id) }
                }
                @for (r, a) in ids.iter().enumerate() {
                    text x=(label_w - 6.0) y=(top + cell * (r as f64 + 0.55)) text-anchor="end" font-size="11" { (a) }
                    @for (c, found) in map.cells[r].iter().enumerate() {
                        @let (shared, j) = (found.shared, found.jaccard);
                        @let shade = (255.0 - j * 200.0).round() as u8;
                        rect x=(label_w + cell * c as f64) y=(top + cell * r as f64) width=(cell - 2.0) height=(cell - 2.0)
                            fill=(format!("rgb({shade},{shade},255)")) {}
                        text x=(label_w + cell * (c as f64 + 0.5)) y=(top + cell * (r as f64 + 0.55)) text-anchor="middle" font-size="12"
                            fill=(if j > 0.55 { "#fff" } else { "#000" }) {
                            @if r == c { "—" } @else { (format!("{j:.2}")) " (" (shared) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// About how wide `label` is at 11 px, with room either side.
fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.2 + 8.0
}

/// One stacked bar per year: the themes' shares of the year's wanted ideas.
fn themes(d: &Data<'_>) -> Markup {
    // Per year: (theme, where its segment starts as a share of the bar, share, ideas).
    let mut years: BTreeMap<i32, Vec<(usize, f64, f64, u32)>> = BTreeMap::new();
    for r in d.analysis.theme_trends.iter().filter(|r| r.ideas > 0) {
        let parts = years.entry(r.year).or_default();
        let start = parts.last().map_or(0.0, |(_, x, share, _)| x + share);
        parts.push((r.theme, start, r.share, r.ideas));
    }
    let (label_w, bar_w, bar_h) = (50.0, 600.0, 26.0);
    let h = bar_h * years.len() as f64 + 10.0;
    html! {
        section id="themes" aria-labelledby="themes-h" {
            h2 id="themes-h" { "Themes by year" }
            p.muted { "The share of each year's ideas (in posts, not the program) by primary theme." }
            figure {
                svg viewBox=(format!("0 0 {} {h}", label_w + bar_w + 10.0)) width=(label_w + bar_w + 10.0) role="img" aria-labelledby="themes-title themes-desc" {
                    title id="themes-title" { "Theme shares of the ideas, by year" }
                    desc id="themes-desc" { "One bar per year; each coloured segment is a theme's share of that year's ideas. The table below lists the same numbers." }
                    (stripes(d.themes.len()))
                    @for (row, (year, parts)) in years.iter().enumerate() {
                        @let y = row as f64 * bar_h + 4.0;
                        text x=(label_w - 6.0) y=(y + bar_h * 0.6) text-anchor="end" font-size="12" { (year) }
                        @for (theme, x, share, ideas) in parts {
                            rect x=(label_w + x * bar_w) y=(y) width=(share * bar_w) height=(bar_h - 6.0) fill=(Fill::nth(*theme).paint(*theme)) {
                                title { (d.themes[*theme].label) ", " (year) ": " (ideas) " ideas (" (percent(*share)) ")" }
                            }
                            // Named in place where it fits, so no segment depends on its colour.
                            @if share * bar_w >= label_width(&d.themes[*theme].label) {
                                text x=(label_w + (x + share / 2.0) * bar_w) y=(y + bar_h * 0.5) text-anchor="middle" font-size="11" paint-order="stroke" stroke="#fff" stroke-width="3" aria-hidden="true" { (d.themes[*theme].label) }
                            }
                        }
                    }
                }
                figcaption {
                    ul.legend {
                        @for (i, t) in d.themes.iter().enumerate() {
                            li { span.swatch style=(Fill::nth(i).swatch()) {} (t.label) }
                        }
                    }
                }
            }
            details {
                summary { "The numbers (ideas and talks per theme and year)" }
                div.scroll {
                    table {
                        thead { tr { th { "Theme" } th.num { "Year" } th.num { "Ideas" } th.num { "Share" } th.num { "Talks" } th.num { "Talk share" } } }
                        tbody {
                            @for r in d.analysis.theme_trends.iter().filter(|r| r.ideas > 0 || r.talks > 0) {
                                tr {
                                    td { (d.themes[r.theme].label) } td.num { (r.year) } td.num { (r.ideas) }
                                    td.num { (percent(r.share)) } td.num { (r.talks) } td.num { (percent(r.talk_share)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Mentions per idea year of the concepts with the most wanted ideas.
fn trends(d: &Data<'_>) -> Markup {
    let years: Vec<i32> = d.analysis.trends.iter().map(|t| t.year).collect::<BTreeSet<_>>().into_iter().collect();
    let mut top: Vec<usize> =
        (0..d.taxonomy.concepts.len()).filter(|&c| d.analysis.concepts[c].idea_count > 0).collect();
    top.sort_by_key(|&c| {
        (std::cmp::Reverse(d.analysis.concepts[c].idea_count), d.taxonomy.concepts[c].concept_id.clone())
    });
    top.truncate(TREND_LINES);
    let mentions: HashMap<(usize, i32), u32> =
        d.analysis.trends.iter().map(|t| ((t.concept, t.year), t.mentions)).collect();
    let max = top
        .iter()
        .flat_map(|&c| years.iter().map(move |&y| (c, y)))
        .filter_map(|k| mentions.get(&k))
        .max()
        .copied()
        .unwrap_or(1)
        .max(1);
    let (left, top_pad, w, h) = (40.0, 10.0, 640.0, 260.0);
    let step = if years.len() > 1 { w / (years.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| left + step * i as f64;
    let y = |m: u32| top_pad + h - h * f64::from(m) / f64::from(max);
    html! {
        section id="trends" aria-labelledby="trends-h" {
            h2 id="trends-h" { "Trends of the most asked-for concepts" }
            p.muted { "Ideas naming each concept per year of idea posts (years without posts are skipped)." }
            figure {
                svg viewBox=(format!("0 0 {} {}", left + w + 20.0, top_pad + h + 30.0)) width=(left + w + 20.0) role="img" aria-labelledby="trends-title trends-desc" {
                    title id="trends-title" { "Mentions per year of the " (top.len()) " most asked-for concepts" }
                    desc id="trends-desc" { "One line per concept; the legend and the table below give the same numbers." }
                    line x1=(left) y1=(top_pad + h) x2=(left + w) y2=(top_pad + h) stroke="#999" {}
                    @for (i, year) in years.iter().enumerate() {
                        text x=(x(i)) y=(top_pad + h + 18.0) text-anchor="middle" font-size="12" { (year) }
                    }
                    text x=(left - 6.0) y=(top_pad + 4.0) text-anchor="end" font-size="11" { (max) }
                    text x=(left - 6.0) y=(top_pad + h) text-anchor="end" font-size="11" { "0" }
                    @for (n, &c) in top.iter().enumerate() {
                        @let points: Vec<String> = years.iter().enumerate().map(|(i, &yr)| format!("{:.1},{:.1}", x(i), y(mentions.get(&(c, yr)).copied().unwrap_or(0)))).collect();
                        polyline points=(points.join(" ")) fill="none" stroke=(Fill::nth(n).hue) stroke-dasharray=(Fill::nth(n).dashes()) stroke-width="2.5" {
                            title { (d.taxonomy.concepts[c].label) }
                        }
                    }
                }
                figcaption {
                    ul.legend {
                        @for (n, &c) in top.iter().enumerate() {
                            li { span.swatch style=(Fill::nth(n).swatch()) {} a href=(format!("#concept-{}", d.taxonomy.concepts[c].concept_id)) { (d.taxonomy.concepts[c].label) } }
                        }
                    }
                }
            }
            div.scroll {
                table {
                    thead { tr { th { "Concept" } @for y in &years { th.num { (y) } } } }
                    tbody {
                        @for &c in &top {
                            tr { td { (d.taxonomy.concepts[c].label) } @for yr in &years { td.num { (mentions.get(&(c, *yr)).copied().unwrap_or(0)) } } }
                        }
                    }
                }
            }
        }
    }
}

/// Programs without tags named in the coverage note at most; more would only be a long list.
const LISTED_UNTAGGED: usize = 20;

/// Per year: what was suggested and accepted, suggested only, accepted only.
fn coverage(d: &Data<'_>) -> Markup {
    let years: BTreeSet<i32> = d.analysis.coverage.iter().map(|c| c.year).collect();
    let concept = |c: usize| &d.taxonomy.concepts[c];
    // One pass over the items, not one per program: large builds have thousands of programs.
    let tagged: BTreeSet<&str> = d.items.iter().filter(|i| !i.tags.is_empty()).map(|i| i.source_id.as_str()).collect();
    let untagged: Vec<&str> = d
        .sources
        .iter()
        .filter(|s| s.source.kind == Kind::Program && s.status == Status::Ok)
        .map(|s| s.source.id.as_str())
        .filter(|id| !tagged.contains(id))
        .take(LISTED_UNTAGGED)
        .collect();
    html! {
        section id="coverage" aria-labelledby="coverage-h" {
            h2 id="coverage-h" { "Ideas and the accepted program" }
            p.muted { "For each year with both idea posts and a program: which suggested concepts got talks, which did not, and which talks no post suggested." }
            @if years.is_empty() { p { "No year has both idea posts and a program." } }
            @if !untagged.is_empty() {
                p.muted {
                    "Read from a schedule page or calendar feed without tags, so their talks are themed from their titles and descriptions: "
                    (untagged.join(", ")) "."
                }
            }
            @for year in years.iter().rev() {
                @let rows: Vec<_> = d.analysis.coverage.iter().filter(|c| c.year == *year).collect();
                h3 { (year) }
                @for (status, heading) in [(CoverageStatus::SuggestedAndAccepted, "Suggested and accepted"), (CoverageStatus::SuggestedOnly, "Suggested, no talk"), (CoverageStatus::AcceptedOnly, "Accepted, not suggested")] {
                    @let part: Vec<_> = rows.iter().filter(|c| c.status == status).collect();
                    details open[status == CoverageStatus::SuggestedAndAccepted] {
                        summary { (heading) " (" (part.len()) ")" }
                        div.scroll {
                            table {
                                thead { tr { th { "Concept" } th.num { "Ideas" } th.num { "Talks" } th { "Talk titles" } } }
                                tbody {
                                    @for c in part {
                                        tr {
                                            td { a href=(format!("#concept-{}", concept(c.concept).concept_id)) { (concept(c.concept).label) } }
                                            td.num { (c.ideas) } td.num { (c.talks) }
                                            td { (shown_titles(&c.talk_titles)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The first [`TALK_TITLES`] of a `;`-separated title list, `·`-separated, with how many more.
fn shown_titles(all: &[String]) -> String {
    let mut shown = all.iter().take(TALK_TITLES).map(String::as_str).collect::<Vec<_>>().join(" · ");
    if all.len() > TALK_TITLES {
        shown += &format!(" · and {} more (coverage table)", all.len() - TALK_TITLES);
    }
    shown
}

/// The concept index and one section per concept with its items and links to the posts.
fn concepts(d: &Data<'_>) -> Markup {
    let mut members: Vec<Vec<(usize, &crate::model::ItemConcept)>> = vec![Vec::new(); d.taxonomy.concepts.len()];
    for l in &d.taxonomy.item_concepts {
        members[l.concept].push((l.item, l));
    }
    for rows in &mut members {
        rows.sort_by_key(|(i, _)| (d.items[*i].year, *i));
    }
    let theme_label: HashMap<&str, &str> = d.themes.iter().map(|t| (t.id.as_str(), t.label.as_str())).collect();
    let mut order: Vec<usize> = (0..d.taxonomy.concepts.len()).collect();
    order.sort_by_key(|&c| {
        (std::cmp::Reverse(d.analysis.concepts[c].item_count), d.taxonomy.concepts[c].concept_id.clone())
    });
    html! {
        section id="concepts" aria-labelledby="concepts-h" {
            h2 id="concepts-h" { "Concepts" }
            p.muted { "Most items first. Each concept links to its items, the posts they come from, and why they belong to it." }
            div.scroll {
                table {
                    thead { tr { th { "Concept" } th { "Theme" } th.num { "Items" } th.num { "Sources" } th.num { "Years" } } }
                    tbody {
                        @for &c in &order {
                            @let k = &d.taxonomy.concepts[c];
                            @let s = &d.analysis.concepts[c];
                            tr {
                                td { a href=(format!("#concept-{}", k.concept_id)) { (k.label) } }
                                td { (theme_label.get(k.theme.as_str()).copied().unwrap_or("")) }
                                td.num { (s.item_count) } td.num { (s.source_count) }
                                td.num { (s.first_year.map(|y| y.to_string()).unwrap_or_default()) "–" (s.last_year.map(|y| y.to_string()).unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
            @for &c in &order {
                @let k = &d.taxonomy.concepts[c];
                @let rows = &members[c];
                article.concept id=(format!("concept-{}", k.concept_id)) aria-labelledby=(format!("concept-{}-h", k.concept_id)) {
                    h3 id=(format!("concept-{}-h", k.concept_id)) { (k.label) }
                    p.muted {
                        "Theme: " (theme_label.get(k.theme.as_str()).copied().unwrap_or("")) " · " (k.origin.as_str())
                        @if k.scope == crate::model::Scope::Broad { " · broad: a kind of talk or a wide field, not counted as shared ground" }
                        " · id " code { (k.concept_id) }
                        " · " a href="#concepts" { "back to the index" }
                    }
                    @if rows.len() > ITEMS_PER_CONCEPT {
                        p.muted { "The first " (ITEMS_PER_CONCEPT) " of " (rows.len()) " items; the items and item_concepts tables have all of them." }
                    }
                    ul {
                        @for &(i, link) in rows.iter().take(ITEMS_PER_CONCEPT) {
                            @let item = &d.items[i];
                            @let source = d.graph.source_of_item(i).map(|s| &d.sources[s]);
                            li {
                                (item.year) " · "
                                @if let Some(s) = source { a href=(s.source.url) { (s.source.title) } } @else { (item.source_id) }
                                @if source.is_some_and(|s| s.source.kind == Kind::Program) { " (accepted talk)" }
                                ": " (item.text)
                                @if item.polarity == Polarity::Unwanted { " — listed as unwanted" }
                                span.muted { " [" (link.method.as_str()) (if link.score < 1.0 { format!(" {:.2}", link.score) } else { String::new() }) "]" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The suggestions shown: the best ones; the `suggestions` table has them all.
const SUGGESTIONS_SHOWN: usize = 25;

/// Pairs of ideas that may be one topic, for an organizer to judge with `cfp-taxonomy review`.
fn review(d: &Data<'_>) -> Markup {
    let s = &d.taxonomy.suggestions;
    html! {
        section id="review" aria-labelledby="review-h" {
            h2 id="review-h" { "To review: ideas that may be one topic" }
            @if s.is_empty() {
                p.muted { "The build has no suggestions: every near miss it saw is decided." }
            } @else {
                p.muted {
                    (s.len()) " pairs of ideas from different posts share no subject but look alike. "
                    "Run " code { "cfp-taxonomy review" } " to judge them one by one, or "
                    code { "cfp-taxonomy review --accept ID" } " with an id of the first column; each answer goes to "
                    code { "seeds/overrides.csv" } " and holds in every later build."
                    @if s.len() > SUGGESTIONS_SHOWN { " The best " (SUGGESTIONS_SHOWN) " are shown; the suggestions table has them all." }
                }
                div.scroll {
                    table {
                        thead { tr { th { "Id" } th { "Idea" } th { "May be the same as" } th { "Why" } th.num { "Score" } } }
                        tbody {
                            @for x in s.iter().take(SUGGESTIONS_SHOWN) {
                                @let (a, b) = (&d.items[x.item_a], &d.items[x.item_b]);
                                tr {
                                    td { code { (x.suggestion_id) } }
                                    td { (a.text) span.muted { " (" (a.source_id) ")" } }
                                    td { (b.text) span.muted { " (" (b.source_id) ")" } }
                                    td { (x.evidence) }
                                    td.num { (format!("{:.2}", x.score)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CIE L*a*b* of an sRGB `#rrggbb` colour (D65).
    fn lab(hex: &str) -> [f64; 3] {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = (channel(1), channel(3), channel(5));
        let f = |v: f64| if v > 0.008856 { v.cbrt() } else { 7.787 * v + 16.0 / 116.0 };
        let x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
        let y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
        let z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
        [116.0 * y - 16.0, 500.0 * (x - y), 200.0 * (y - z)]
    }

    #[test]
    fn fifteen_themes_are_drawn_fifteen_ways_whose_hues_are_far_apart() {
        let fills: Vec<Fill> = (0..15).map(Fill::nth).collect();
        for (i, a) in fills.iter().enumerate() {
            for (j, b) in fills.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "themes {i} and {j} are drawn alike");
                // Two fills that differ only by hue must differ clearly (CIE76 ΔE: 2.3 is
                // the smallest difference anyone sees; 25 is a different colour name).
                if a.striped == b.striped {
                    let (p, q) = (lab(a.hue), lab(b.hue));
                    let distance = p.iter().zip(q).map(|(x, y)| (x - y).powi(2)).sum::<f64>().sqrt();
                    assert!(distance > 25.0, "themes {i} and {j}: {} and {} are ΔE {distance:.1} apart", a.hue, b.hue);
                }
            }
        }
        assert!(Fill::nth(8).paint(8).starts_with("url(#stripes-8)") && Fill::nth(8).swatch().contains("repeating"));
        let defs = stripes(15).into_string();
        assert_eq!(defs.matches("<pattern").count(), 7, "{defs}");
    }

    #[test]
    fn long_talk_title_lists_are_cut_with_a_count_and_titles_are_shown_whole() {
        let two = ["Nothing for Us, Without Us; Breaking Bias".to_string(), "B".to_string()];
        assert_eq!(shown_titles(&two), "Nothing for Us, Without Us; Breaking Bias · B");
        let many: Vec<String> = (0..15).map(|i| format!("T{i}")).collect();
        let shown = shown_titles(&many);
        assert!(shown.starts_with("T0 · T1") && shown.contains("T11") && !shown.contains("T12"), "{shown}");
        assert!(shown.ends_with("and 3 more (coverage table)"), "{shown}");
    }
}
