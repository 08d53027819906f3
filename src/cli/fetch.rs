//! `cfp-taxonomy fetch`: download every source into the cache and show what could be read,
//! without building anything — to warm the cache before going offline, or to check a manifest.

use super::CliError;
use crate::fetch::{self, Origin};
use crate::sources;

/// Arguments of `fetch`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the sources come from.
    #[command(flatten)]
    pub input: super::SourceArgs,
}

/// Fetch and report, one line per source. Exits 1 when no source could be obtained.
pub fn run(args: &Args) -> Result<(), CliError> {
    let manifest = sources::load(&args.input.sources).map_err(|e| CliError::invalid(e.to_string()))?;
    let options = args.input.fetch_options()?;
    let bar = super::progress(manifest.len() as u64, "fetch");
    // Only the size and origin of each body are kept: a manifest of large pages is not held.
    let fetched = fetch::fetch_each(&manifest, &options, &bar, |_, fetched| fetched.map(|b| (b.bytes.len(), b.origin)));
    bar.finish_and_clear();
    let width = manifest.iter().map(|s| s.id.len()).max().unwrap_or(6).max(6);
    let mut out = format!("{:<width$}  {:<11}  {:>9}  detail\n", "source", "status", "bytes");
    let mut obtained = 0;
    for (source, result) in manifest.iter().zip(&fetched) {
        let line = match result {
            Ok((bytes, origin)) => {
                obtained += 1;
                let origin = match origin {
                    Origin::Snapshot(p) => format!("snapshot {}", p.display()),
                    Origin::File(p) => format!("file {}", p.display()),
                    Origin::Network => format!("downloaded {}", source.download_url()),
                    Origin::Cache(at) => format!("cached {at}"),
                    Origin::Archive { path, network_error } => {
                        format!("archived {} (network failed: {network_error})", path.display())
                    }
                };
                format!("{:<width$}  {:<11}  {:>9}  {origin}\n", source.id, "ok", bytes)
            }
            Err(f) => format!("{:<width$}  {:<11}  {:>9}  {}\n", source.id, f.status.as_str(), "-", f.reason),
        };
        out.push_str(&line);
    }
    out.push_str(&format!("{obtained} of {} sources obtained\n", manifest.len()));
    super::print_out(&out)?;
    if obtained == 0 {
        return Err(CliError::failed("no source could be obtained; check the network or the manifest's URLs"));
    }
    Ok(())
}
