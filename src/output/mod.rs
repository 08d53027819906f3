//! Write a build's tables and files: all or nothing.
//!
//! Everything is written to a staging folder beside `--out` and swapped in only when every file
//! is complete, so a build that fails or is killed leaves the previous output as it was.

pub mod exports;
pub mod report;
pub mod tables;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;
use rayon::prelude::*;

/// One output table: written as `NAME.parquet` and `NAME.csv`.
#[derive(Debug, Clone)]
pub struct Table {
    /// File stem and table name.
    pub name: &'static str,
    /// The rows.
    pub frame: DataFrame,
}

/// Writes a file's bytes to the writer it is given.
type Writer<'a> = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + Send + Sync + 'a>;

/// A file of the output folder besides the tables (`run.json`, exports, the report), written
/// straight into the staging folder so large exports never sit in memory whole.
pub struct File<'a> {
    /// Name inside the output folder.
    pub name: String,
    write: Writer<'a>,
}

impl<'a> File<'a> {
    /// A file whose bytes are already made.
    pub fn bytes(name: &str, bytes: Vec<u8>) -> File<'a> {
        File { name: name.to_string(), write: Box::new(move |w| w.write_all(&bytes)) }
    }

    /// A file written by `write` when the output folder is.
    pub fn streamed(name: &str, write: impl Fn(&mut dyn Write) -> io::Result<()> + Send + Sync + 'a) -> File<'a> {
        File { name: name.to_string(), write: Box::new(write) }
    }
}

impl std::fmt::Debug for File<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("File").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Write all tables and files into `out`, replacing its previous content in one step.
///
/// Tables and files are written in parallel: each is its own file, so the bytes do not depend
/// on the order they are written in.
pub fn write(out: &Path, tables: &mut [Table], files: &[File<'_>]) -> io::Result<()> {
    recover(out)?;
    let parent = parent_of(out);
    fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.staging-")).tempdir_in(&parent)?;
    let dir = staging.path();
    let (written, streamed) = rayon::join(
        || {
            tables.par_iter_mut().try_for_each(|table| {
                tables::write_parquet(&mut table.frame, &dir.join(format!("{}.parquet", table.name)))?;
                tables::write_csv(&mut table.frame, &dir.join(format!("{}.csv", table.name)))
            })
        },
        || {
            files.par_iter().try_for_each(|file| {
                let mut w = io::BufWriter::with_capacity(1 << 20, fs::File::create(dir.join(&file.name))?);
                (file.write)(&mut w)?;
                w.flush()
            })
        },
    );
    written?;
    streamed?;
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
        write(&out, &mut [table()], &[File::bytes("run.json", b"{}".to_vec())]).unwrap();
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
