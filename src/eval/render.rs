//! The reports as text: the per-post table, the per-set lines, the summary and the misses.

use super::*;

/// The report as a table: one row per post, the total, the pairs.
pub fn render(report: &Report) -> String {
    let width = report.posts.iter().map(|p| p.source.len()).max().unwrap_or(4).max(5);
    let mut out = format!(
        "{:<width$}  {:>8}  {:>6}  {:>7}  {:>7}  {:>9}  {:>7}  {:>6}\n",
        "post", "required", "found", "recall", "emitted", "precision", "section", "theme"
    );
    let row = |p: &PostScore, name: &str| {
        format!(
            "{:<width$}  {:>8}  {:>6}  {:>7.3}  {:>7}  {:>9.3}  {:>7.3}  {:>6.3}\n",
            name,
            p.required,
            p.found,
            p.recall(),
            p.emitted,
            p.precision(),
            p.section(),
            p.theme()
        )
    };
    for p in &report.posts {
        out.push_str(&row(p, &p.source));
    }
    out.push_str(&row(&report.total, "all"));
    let pairs = &report.pairs;
    out.push_str(&format!(
        "pairs whose ideas were both found: same {}/{} share a concept ({:.3}); distinct {}/{} share none ({:.3})\n",
        pairs.same_ok,
        pairs.same_found,
        pairs.same_share(),
        pairs.distinct_ok,
        pairs.distinct_found,
        pairs.distinct_share()
    ));
    out.push_str(&format!(
        "all labelled pairs (an idea not found is a miss): same {}/{} ({:.3}); distinct {}/{} ({:.3})\n",
        pairs.same_ok,
        pairs.same,
        pairs.same_share_labelled(),
        pairs.distinct_ok,
        pairs.distinct,
        pairs.distinct_share_labelled()
    ));
    out.push_str(&format!(
        "review queue: proposes {} of the {} missed same-topic pairs whose ideas were found, and {} different-topic pairs\n",
        pairs.same_suggested,
        report.misses.iter().filter(|m| m.kind == MissKind::Pair && m.detail.starts_with("same topic")).count(),
        pairs.distinct_suggested
    ));
    out.push_str(&by_set(report, ""));
    out
}

/// One line per labelled set (when there are several): its themes and its pairs, so that each
/// set's figures can be read on their own while pairs reaching across sets are still scored.
pub fn by_set(report: &Report, indent: &str) -> String {
    let mut themes: BTreeMap<&str, PostScore> = BTreeMap::new();
    for post in &report.posts {
        themes.entry(post.set.as_str()).or_default().add(post);
    }
    if themes.len() < 2 {
        return String::new();
    }
    let mut out = String::new();
    for (set, total) in themes {
        let p = report.pairs_by_set.get(set).cloned().unwrap_or_default();
        out.push_str(&format!("{indent}{set}: theme {:.3}; pairs {}\n", total.theme(), p.counts()));
    }
    out
}

/// The totals in one line.
pub fn summary(report: &Report) -> String {
    let (t, p) = (&report.total, &report.pairs);
    format!(
        "recall {:.3}, precision {:.3}, section {:.3}, theme {:.3}; pairs same {:.3}, distinct {:.3}",
        t.recall(),
        t.precision(),
        t.section(),
        t.theme(),
        p.same_share(),
        p.distinct_share()
    )
}

/// The misses, grouped by post and kind.
pub fn render_misses(report: &Report) -> String {
    let mut grouped: BTreeMap<(&str, MissKind), Vec<&Miss>> = BTreeMap::new();
    for m in &report.misses {
        grouped.entry((m.source.as_str(), m.kind)).or_default().push(m);
    }
    let mut out = String::new();
    for ((source, kind), misses) in grouped {
        out.push_str(&format!("{source}: {kind} ({})\n", misses.len()));
        for m in misses {
            let detail = if m.detail.is_empty() { String::new() } else { format!("  [{}]", m.detail) };
            out.push_str(&format!("    {}{detail}\n", m.text));
        }
    }
    out
}
