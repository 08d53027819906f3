//! `cfp-taxonomy review`: go through the build's suggestions and record each decision in
//! `seeds/overrides.csv`. Interactive on a terminal or a pipe (one answer per line); with
//! `--accept`/`--merge`/`--reject` it records those ids and asks nothing.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use super::CliError;
use crate::review::{self, Decision, Suggestion};

/// Arguments of `review`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The output folder of a build (its suggestions table).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// The overrides file decisions are written to.
    #[arg(long, default_value = "seeds/overrides.csv")]
    pub overrides: PathBuf,
    /// Record these suggestion ids as the same topic, without asking.
    #[arg(long, value_name = "ID")]
    pub accept: Vec<String>,
    /// Record these suggestion ids as different topics, without asking.
    #[arg(long, value_name = "ID")]
    pub reject: Vec<String>,
    /// Merge the two concepts of these suggestion ids (every idea of B's concept joins A's),
    /// without asking.
    #[arg(long, value_name = "ID")]
    pub merge: Vec<String>,
    /// Only suggestions scored at least this (0–1).
    #[arg(long, default_value_t = 0.0)]
    pub min_score: f64,
    /// Print the suggestions and ask nothing.
    #[arg(long)]
    pub list: bool,
}

/// Review the suggestions.
pub fn run(args: &Args) -> Result<(), CliError> {
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(CliError::invalid(format!("--min-score must be between 0 and 1, not {}", args.min_score)));
    }
    let suggestions: Vec<Suggestion> = review::read_suggestions(&args.out)
        .map_err(CliError::failed)?
        .into_iter()
        .filter(|s| s.score >= args.min_score)
        .collect();
    if args.list {
        let text: String = suggestions.iter().map(describe).collect::<Vec<_>>().join("\n");
        return super::print_out(&format!("{text}\n{} suggestions\n", suggestions.len()));
    }
    if !args.accept.is_empty() || !args.reject.is_empty() || !args.merge.is_empty() {
        return decide_by_id(args, &suggestions);
    }
    interactive(args, &suggestions)
}

fn decide_by_id(args: &Args, suggestions: &[Suggestion]) -> Result<(), CliError> {
    let mut rows = Vec::new();
    let wanted = args
        .accept
        .iter()
        .map(|id| (id, Decision::Same))
        .chain(args.reject.iter().map(|id| (id, Decision::Different)))
        .chain(args.merge.iter().map(|id| (id, Decision::Merge)));
    let decisions = args.accept.len() + args.reject.len() + args.merge.len();
    for (id, decision) in wanted {
        let s = suggestions.iter().find(|s| &s.suggestion_id == id).ok_or_else(|| {
            CliError::invalid(format!("no suggestion {id} in {} (rebuilt since?)", args.out.display()))
        })?;
        if decision == Decision::Merge && s.concept_b.is_none() {
            return Err(CliError::invalid(format!(
                "{id}: B is only in curated concepts (edit seeds/aliases.csv for those), or {} predates merges",
                args.out.display()
            )));
        }
        rows.extend(review::override_rows(s, decision));
    }
    write(args, &rows)?;
    let copies = if rows.len() > decisions {
        format!(" ({} rows: the copies worded the same included)", rows.len())
    } else {
        String::new()
    };
    super::print_out(&format!("{decisions} decisions written to {}{copies}\n", args.overrides.display()))
}

fn interactive(args: &Args, suggestions: &[Suggestion]) -> Result<(), CliError> {
    if suggestions.is_empty() {
        return super::print_out("nothing to review: the build made no suggestions\n");
    }
    let stdin = std::io::stdin();
    let stdin_is_terminal = stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    let (mut same, mut merged, mut different) = (0, 0, 0);
    for (n, s) in suggestions.iter().enumerate() {
        let merge = if s.merge_reach().is_some() { "[m]erge, " } else { "" };
        super::print_out(&format!(
            "\n[{}/{}] {}\nSame topic? [y]es, {merge}[n]o, [s]kip, [q]uit: ",
            n + 1,
            suggestions.len(),
            describe(s)
        ))?;
        let answer = match lines.next() {
            Some(Ok(line)) => line.trim().to_ascii_lowercase(),
            // End of input ends the session; what was decided is already written.
            _ => break,
        };
        // A terminal shows what was typed; answers piped in are echoed, so the transcript
        // reads as a session did.
        if !stdin_is_terminal {
            super::print_out(&format!("{answer}\n"))?;
        }
        let decision = match answer.as_str() {
            "y" | "yes" => Decision::Same,
            "m" | "merge" if s.merge_reach().is_some() => Decision::Merge,
            "n" | "no" => Decision::Different,
            "q" | "quit" => break,
            _ => continue,
        };
        // Written at once, so quitting (or a closed terminal) keeps every decision made.
        write(args, &review::override_rows(s, decision))?;
        match decision {
            Decision::Same => same += 1,
            Decision::Merge => merged += 1,
            Decision::Different => different += 1,
        }
    }
    super::print_out(&format!(
        "\n{same} same, {merged} merged, {different} different: written to {}; run `make build-taxonomy` to apply them\n",
        args.overrides.display()
    ))
}

fn write(args: &Args, rows: &[[String; 4]]) -> Result<(), CliError> {
    review::append_overrides(&args.overrides, rows)
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", args.overrides.display())))
}

/// A suggestion as a person reads it.
fn describe(s: &Suggestion) -> String {
    let mut text = format!(
        "{}  score {:.2}  {}\n  A  {:<24} {}\n  B  {:<24} {}",
        s.suggestion_id, s.score, s.evidence, s.source_a, s.text_a, s.source_b, s.text_b
    );
    if !s.copies_b.is_empty() {
        let sources: Vec<&str> = s.copies_b.iter().map(|(source, _)| source.as_str()).collect();
        text.push_str(&format!("\n     worded the same in {} (the answer holds for them too)", sources.join(", ")));
    }
    text.push_str(&format!("\n  same topic: B joins {:?} ({})", s.concept_label, s.concept_id));
    if let Some((label, items)) = s.merge_reach() {
        text.push_str(&format!("\n  merge: all {items} ideas of {label:?} join it"));
    }
    text
}
