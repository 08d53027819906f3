//! `cfp-taxonomy diff YEAR_A YEAR_B`: the concepts that are new, dropped and recurring between
//! two years of idea posts, read from a built output folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::CliError;
use super::rows::{self, ConceptRow, TrendRow};

/// Arguments of `diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The earlier year.
    pub from: i32,
    /// The later year.
    pub to: i32,
    /// The output folder of a build.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One concept asked for in a year: `(label, theme, mentions)`.
type Asked = BTreeMap<String, (String, String, u32)>;

/// Compare two years.
pub fn run(args: &Args) -> Result<(), CliError> {
    let trends: Vec<TrendRow> = rows::read(&args.out, "trends")?;
    let concepts: BTreeMap<String, (String, String)> = rows::read::<ConceptRow>(&args.out, "concepts")?
        .into_iter()
        .map(|c| (c.concept_id, (c.label, c.theme)))
        .collect();
    let years: BTreeSet<i32> = trends.iter().map(|t| t.year).collect();
    let asked = |year: i32| -> Result<Asked, CliError> {
        if !years.contains(&year) {
            let known: Vec<String> = years.iter().map(i32::to_string).collect();
            return Err(CliError::invalid(format!(
                "no idea posts for {year} in {} (years: {})",
                args.out.display(),
                known.join(", ")
            )));
        }
        Ok(trends
            .iter()
            .filter(|t| t.year == year && t.mentions > 0)
            .map(|t| {
                let (label, theme) = concepts.get(&t.concept_id).cloned().unwrap_or_default();
                (t.concept_id.clone(), (label, theme, t.mentions))
            })
            .collect())
    };
    let (a, b) = (asked(args.from)?, asked(args.to)?);
    let new: Vec<(&String, &(String, String, u32))> = b.iter().filter(|(k, _)| !a.contains_key(*k)).collect();
    let dropped: Vec<(&String, &(String, String, u32))> = a.iter().filter(|(k, _)| !b.contains_key(*k)).collect();
    let recurring: Vec<(&String, &(String, String, u32))> = b.iter().filter(|(k, _)| a.contains_key(*k)).collect();
    if args.json {
        let list = |rows: &[(&String, &(String, String, u32))]| -> Vec<serde_json::Value> {
            rows.iter()
                .map(|(id, (label, theme, n))| serde_json::json!({"concept_id": id, "label": label, "theme": theme, "mentions": n}))
                .collect()
        };
        let doc = serde_json::json!({
            "from": args.from, "to": args.to,
            "new": list(&new), "dropped": list(&dropped), "recurring": list(&recurring),
        });
        let json = serde_json::to_string_pretty(&doc).map_err(|e| CliError::failed(e.to_string()))?;
        return super::print_out(&format!("{json}\n"));
    }
    let mut out = format!(
        "{} → {}: {} new, {} dropped, {} recurring concepts\n",
        args.from,
        args.to,
        new.len(),
        dropped.len(),
        recurring.len()
    );
    for (title, rows, year) in
        [("new", &new, args.to), ("dropped", &dropped, args.from), ("recurring", &recurring, args.to)]
    {
        out.push_str(&format!("\n{title} (mentions in {year}):\n"));
        for (id, (label, theme, n)) in rows.iter() {
            out.push_str(&format!("  {n:>3}  {:<14} {:<45} {label}\n", theme, id));
        }
    }
    super::print_out(&out)
}
