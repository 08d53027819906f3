//! Write a build's tables and files: all or nothing.
//!
//! Everything is written to a staging folder beside `--out` and swapped in only when every file
//! is complete, so a build that fails or is killed leaves the previous output as it was.

pub mod exports;
pub mod report;
pub mod tables;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

/// One output table: written as `NAME.parquet` and `NAME.csv`.
#[derive(Debug, Clone)]
pub struct Table {
    /// File stem and table name.
    pub name: &'static str,
    /// The rows.
    pub frame: DataFrame,
}

/// A file written as is (`run.json`, exports).
#[derive(Debug, Clone)]
pub struct File {
    /// Name inside the output folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Write all tables and files into `out`, replacing its previous content in one step.
pub fn write(out: &Path, tables: &mut [Table], files: &[File]) -> io::Result<()> {
    recover(out)?;
    let parent = parent_of(out);
    fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.staging-")).tempdir_in(&parent)?;
    for table in tables.iter_mut() {
        tables::write_parquet(&mut table.frame, &staging.path().join(format!("{}.parquet", table.name)))?;
        tables::write_csv(&mut table.frame, &staging.path().join(format!("{}.csv", table.name)))?;
    }
    for file in files {
        fs::write(staging.path().join(&file.name), &file.bytes)?;
    }
    let staged = staging.keep();
    swap(&staged, out)
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn backup_of(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    parent_of(out).join(format!(".{name}.previous"))
}

/// Two renames: the old output aside, the new one in. Between them `out` is briefly missing;
/// [`recover`] puts the previous output back if a build died right there.
fn swap(staged: &Path, out: &Path) -> io::Result<()> {
    let backup = backup_of(out);
    if backup.exists() {
        fs::remove_dir_all(&backup)?;
    }
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &backup)?;
    }
    if let Err(e) = fs::rename(staged, out) {
        if had_previous {
            let _ = fs::rename(&backup, out);
        }
        let _ = fs::remove_dir_all(staged);
        return Err(e);
    }
    if had_previous {
        fs::remove_dir_all(&backup)?;
    }
    Ok(())
}

/// Undo a swap that was cut between its two renames, and clear stale staging folders.
pub fn recover(out: &Path) -> io::Result<()> {
    let backup = backup_of(out);
    if !out.exists() && backup.exists() {
        fs::rename(&backup, out)?;
    }
    let parent = parent_of(out);
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.staging-");
    if let Ok(entries) = fs::read_dir(&parent) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn table() -> Table {
        let frame = DataFrame::new(2, vec![Column::new("a".into(), vec![1i64, 2])]).unwrap();
        Table { name: "t", frame }
    }

    #[test]
    fn replaces_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.csv"), "old").unwrap();
        write(&out, &mut [table()], &[File { name: "run.json".into(), bytes: b"{}".to_vec() }]).unwrap();
        let mut names: Vec<_> =
            fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["run.json", "t.csv", "t.parquet"]);
        assert_eq!(fs::read_to_string(out.join("t.csv")).unwrap(), "a\n1\n2\n");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn a_swap_cut_short_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let backup = backup_of(&out);
        fs::create_dir_all(&backup).unwrap();
        fs::write(backup.join("items.csv"), "kept").unwrap();
        fs::create_dir_all(dir.path().join(".output.staging-abc")).unwrap();
        recover(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("items.csv")).unwrap(), "kept");
        assert!(!dir.path().join(".output.staging-abc").exists());
    }
}
