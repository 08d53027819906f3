//! `cfp-taxonomy explain QUERY`: why a concept exists — its items, and the rule and score that
//! put each one there — read from a built output folder. QUERY is a concept id or label, or any
//! text: then the concepts it names or appears in are listed, with the aliases it matches.

use std::collections::HashMap;
use std::path::PathBuf;

use super::CliError;
use super::rows::{self, ConceptRow, ItemRow, LinkRow};
use crate::normalize;
use crate::text;

/// Arguments of `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A concept id (`htmx`), a label ("New Django features"), or any text ("type checking").
    pub query: String,
    /// The output folder of a build.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Folder with aliases.csv, to show which aliases a text matches.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Explain a concept or a text.
pub fn run(args: &Args) -> Result<(), CliError> {
    let concepts: Vec<ConceptRow> = rows::read(&args.out, "concepts")?;
    let links: Vec<LinkRow> = rows::read(&args.out, "item_concepts")?;
    let items: HashMap<String, ItemRow> =
        rows::read::<ItemRow>(&args.out, "items")?.into_iter().map(|r| (r.item_id.clone(), r)).collect();
    let query = text::fold(args.query.trim());
    let exact = concepts.iter().find(|c| c.concept_id == args.query.trim() || text::fold(&c.label) == query);
    let chosen: Vec<&ConceptRow> = match exact {
        Some(c) => vec![c],
        None => {
            // Concepts whose label, or one of whose items, contains the text.
            let mut hits: Vec<&ConceptRow> = concepts
                .iter()
                .filter(|c| {
                    text::fold(&c.label).contains(&query)
                        || links.iter().any(|l| {
                            l.concept_id == c.concept_id
                                && items.get(&l.item_id).is_some_and(|i| text::fold(&i.text).contains(&query))
                        })
                })
                .collect();
            hits.sort_by_key(|c| std::cmp::Reverse(c.item_count));
            hits
        }
    };
    // Read as the build reads it; without usable seeds, folded and stemmed only.
    let normalize::TextReading { terms, aliases, topics, theme, evidence } = match crate::seeds::load(&args.seeds) {
        Ok(seeds) => normalize::read_text(&seeds, &args.query),
        Err(_) => normalize::TextReading { terms: text::terms(&args.query), ..Default::default() },
    };
    let detail = |c: &ConceptRow| -> Vec<(&LinkRow, &ItemRow)> {
        let mut rows: Vec<(&LinkRow, &ItemRow)> = links
            .iter()
            .filter(|l| l.concept_id == c.concept_id)
            .filter_map(|l| items.get(&l.item_id).map(|i| (l, i)))
            .collect();
        rows.sort_by(|a, b| (a.1.year, &a.1.item_id).cmp(&(b.1.year, &b.1.item_id)));
        rows
    };
    if args.json {
        let doc = serde_json::json!({
            "query": args.query,
            "terms": terms,
            "aliases": aliases.iter().map(|(label, alias)| serde_json::json!({"concept": label, "alias": alias})).collect::<Vec<_>>(),
            "topics": topics.iter().map(|t| serde_json::json!({"label": t.label, "key": t.key})).collect::<Vec<_>>(),
            "theme": theme,
            "theme_evidence": evidence.iter().map(|e| serde_json::json!({
                "theme": e.theme, "kind": e.kind, "matched": e.matched, "weight": e.weight,
            })).collect::<Vec<_>>(),
            "concepts": chosen.iter().map(|c| serde_json::json!({
                "concept": c,
                "items": detail(c).into_iter().map(|(l, i)| serde_json::json!({
                    "item_id": i.item_id, "source_id": i.source_id, "year": i.year, "text": i.text,
                    "method": l.method, "score": l.score,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        let json = serde_json::to_string_pretty(&doc).map_err(|e| CliError::failed(e.to_string()))?;
        return super::print_out(&format!("{json}\n"));
    }
    let mut out = String::new();
    if exact.is_none() {
        // How the build reads the text, shown even when nothing matches it: a person checking a
        // new idea's wording wants its topics and theme most when it meets nothing.
        out.push_str(&format!("terms of {:?}: {}\n", args.query, terms.join(" ")));
        for (label, alias) in &aliases {
            out.push_str(&format!("matches the alias {alias:?} of {label:?}\n"));
        }
        for t in &topics {
            out.push_str(&format!("names the topic {:?} (key: {})\n", t.label, t.key.join(" ")));
        }
        // Why an idea written so gets its theme: what a person checks when a theme looks wrong.
        match &theme {
            Some(theme) => {
                out.push_str(&format!("its own words theme it {theme}:\n"));
                for e in &evidence {
                    out.push_str(&format!("  {:<8} {:<40} {:<12} +{}\n", e.kind, e.matched, e.theme, e.weight));
                }
            }
            None => out.push_str("its own words name no theme: its section, parent or list decides\n"),
        }
    }
    if chosen.is_empty() && aliases.is_empty() {
        if !args.json {
            super::print_out(&out)?;
        }
        return Err(CliError::failed(format!(
            "no concept, item or alias matches {:?} (its terms: {})",
            args.query,
            terms.join(" ")
        )));
    }
    // One concept in detail; several are listed, most items first.
    if let [c] = chosen.as_slice() {
        out.push_str(&format!(
            "{} — {:?}\n  theme {}, {} (aliases: {})\n  {} items in {} sources, {}–{}\n\n",
            c.concept_id,
            c.label,
            c.theme,
            c.origin,
            if c.aliases.is_empty() { "none" } else { &c.aliases },
            c.item_count,
            c.source_count,
            year(c.first_year),
            year(c.last_year)
        ));
        let rows = detail(c);
        // Columns as wide as their longest value, so long source ids never run into the next.
        let width = |column: &str, of: &dyn Fn(&(&LinkRow, &ItemRow)) -> usize| {
            rows.iter().map(of).max().unwrap_or(0).max(column.len()) + 2
        };
        let source = width("source", &|(_, i)| i.source_id.chars().count());
        let method = width("method", &|(l, _)| l.method.chars().count());
        out.push_str(&format!("{:<6}{:<source$}{:<method$}{:<7}item\n", "year", "source", "method", "score"));
        for (l, i) in &rows {
            out.push_str(&format!(
                "{:<6}{:<source$}{:<method$}{:<7}{}\n",
                i.year,
                i.source_id,
                l.method,
                // As the table writes it ("1.0", "0.853").
                format!("{:?}", l.score),
                i.text
            ));
        }
    } else if !chosen.is_empty() {
        out.push_str(&format!("{} concepts:\n", chosen.len()));
        let id = chosen.iter().map(|c| c.concept_id.chars().count()).max().unwrap_or(0);
        for c in &chosen {
            out.push_str(&format!("  {:<id$} {:>3} items  {}\n", c.concept_id, c.item_count, c.label));
        }
        out.push_str("run `cfp-taxonomy explain ID` for one of them\n");
    }
    super::print_out(&out)
}

/// A year as the table shows it: empty when the concept has none.
fn year(y: Option<i32>) -> String {
    y.map(|y| y.to_string()).unwrap_or_default()
}
