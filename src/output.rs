//! Writing outputs whole or not at all: bytes go to a temporary file beside the target, are
//! flushed to disk, and only then renamed over it. A failure at any point leaves the old file
//! (or no file) and removes the temporary one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A failure to write an output file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{path}`")]
pub struct WriteError {
    /// The output file concerned.
    pub path: PathBuf,
    /// What the operating system said.
    #[source]
    pub source: io::Error,
}

/// An output that would replace one of the command's own inputs.
#[derive(Debug, thiserror::Error)]
#[error("the output `{}` is the input `{}`", output.display(), input.display())]
pub struct OverwriteError {
    /// The output named.
    pub output: PathBuf,
    /// The input it is.
    pub input: PathBuf,
}

/// Refuses to write `output` over any of `inputs`, by whatever path either is named (links
/// included), unless `force`: a slip in `-o` must not destroy the file a report is made from.
///
/// # Errors
/// [`OverwriteError`] naming the input.
pub fn refuse_overwriting_inputs(
    output: &Path,
    inputs: &[&Path],
    force: bool,
) -> Result<(), OverwriteError> {
    if force || !output.exists() {
        return Ok(());
    }
    match inputs.iter().find(|input| same_file(output, input)) {
        Some(input) => Err(OverwriteError {
            output: output.to_path_buf(),
            input: input.to_path_buf(),
        }),
        None => Ok(()),
    }
}

/// Whether two paths name one file: the same device and inode on Unix (hard links too),
/// the same canonical path elsewhere.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// Writes `bytes` to `path` atomically.
///
/// # Errors
/// [`WriteError`] when the temporary file cannot be created, written, synced or renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = directory.join(temporary_name);
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&temporary);
        return Err(fail(source));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let missing = std::env::temp_dir()
            .join("wattprint-no-such-dir")
            .join("x.pdf");
        assert!(write_atomic(&missing, b"x").is_err());
        assert!(!missing.exists());
    }

    #[test]
    fn a_write_replaces_the_old_file_whole() {
        let dir = std::env::temp_dir().join(format!("wattprint-output-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("report.md");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
