//! Writing outputs whole or not at all: bytes go to a temporary file beside the target, are
//! flushed to disk, and only then renamed over it. A failure at any point leaves the old file
//! (or no file) and removes the temporary one.
//!
//! The temporary file is created new (`O_EXCL`) under a name no other process can guess
//! ahead of time, so a symbolic link planted in its place is never followed; and an output
//! must be a regular file or not exist yet, so a rename never replaces a device
//! (`-o /dev/null` as root) or a template's own files.

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

/// An output that would replace a file the user edits (a starting or imported disclosure).
#[derive(Debug, thiserror::Error)]
#[error("`{}` already exists", output.display())]
pub struct ExistsError {
    /// The output named.
    pub output: PathBuf,
}

/// An output that would be written inside a folder of inputs (a template folder).
#[derive(Debug, thiserror::Error)]
#[error("the output `{}` is inside the template folder `{}`, whose files are inputs", output.display(), folder.display())]
pub struct InsideInputsError {
    /// The output named.
    pub output: PathBuf,
    /// The folder it is in.
    pub folder: PathBuf,
}

/// Refuses an `output` inside `folder` (by whatever path either is named): a template's
/// files are inputs of the report, and writing among them would change the template.
///
/// # Errors
/// [`InsideInputsError`] naming the folder.
pub fn refuse_writing_into(output: &Path, folder: &Path) -> Result<(), InsideInputsError> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (fs::canonicalize(parent), fs::canonicalize(folder)) {
        (Ok(parent), Ok(folder_path)) if parent.starts_with(&folder_path) => {
            Err(InsideInputsError {
                output: output.to_path_buf(),
                folder: folder.to_path_buf(),
            })
        }
        _ => Ok(()),
    }
}

/// Refuses to replace an existing `output` unless `force`: the policy for files a user edits
/// after wattprint writes them (`init`, `import`), where a slip in `-o` would lose their work.
/// Reports and telemetry tables are regenerated from their inputs instead, and are refused
/// only over an input ([`refuse_overwriting_inputs`]).
///
/// # Errors
/// [`ExistsError`] naming the file.
pub fn refuse_replacing(output: &Path, force: bool) -> Result<(), ExistsError> {
    if force || !output.exists() {
        return Ok(());
    }
    Err(ExistsError {
        output: output.to_path_buf(),
    })
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

/// `path` without its `.` parts: `./m.yaml` and `m.yaml` name the same file.
#[must_use]
pub fn without_dots(path: &Path) -> std::path::PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Whether two paths name one file: the same device and inode on Unix (hard links too),
/// the same canonical path elsewhere; or, for files not there yet, the same path once `.`
/// parts are dropped.
#[must_use]
pub fn same_file(a: &Path, b: &Path) -> bool {
    if without_dots(a) == without_dots(b) {
        return true;
    }
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

/// Writes `bytes` to `path` atomically. `path` must be a regular file or not exist: a
/// device, a pipe or a folder is refused, never replaced.
///
/// # Errors
/// [`WriteError`] when the output is not a regular file, or the temporary file cannot be
/// created, written, synced or renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Writes to `path` atomically what `write` writes, as [`write_atomic`] does, streamed through
/// a buffer rather than held whole: a fleet's ingested log is hundreds of megabytes.
///
/// # Errors
/// As [`write_atomic`], and any error `write` returns; the temporary file is then removed.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let (file, temporary) = temporary_beside(path).map_err(fail)?;
    let result = (|| {
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        // The file is closed at the end of this statement, before the rename (which Windows
        // requires).
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&temporary);
        return Err(fail(source));
    }
    Ok(())
}

/// Checks that [`write_atomic`] could write `path` now: it is a regular file or nothing, and a
/// temporary file can be made beside it (and is removed). For a command that writes two files,
/// so that the second failing for a folder that is not there leaves the first unwritten.
///
/// # Errors
/// [`WriteError`] as [`write_atomic`] would return it.
pub fn probe(path: &Path) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    // The file is closed before it is removed (which Windows requires).
    let (_, temporary) = temporary_beside(path).map_err(fail)?;
    fs::remove_file(&temporary).map_err(fail)
}

/// A new temporary file beside `path`, once `path` is known to be a regular file or nothing: a
/// device, a pipe or a folder is refused, never replaced.
fn temporary_beside(path: &Path) -> io::Result<(File, PathBuf)> {
    if fs::metadata(path).is_ok_and(|existing| !existing.is_file()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a device, a pipe or a folder); name a file to write",
        ));
    }
    let directory = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    create_temporary(directory, name)
}

/// Opens `path` as a new file, failing when anything is there already, a symbolic link
/// included (`O_CREAT | O_EXCL`, which never follows a link).
fn open_new(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Creates a new temporary file beside the output, `.NAME.<unique>.tmp`, failing rather than
/// opening anything already there (a file, or a link planted to redirect the write).
fn create_temporary(directory: &Path, name: &std::ffi::OsStr) -> io::Result<(File, PathBuf)> {
    use std::hash::{BuildHasher, Hasher};
    let mut last = None;
    for attempt in 0..16_u32 {
        // The standard library's hasher is seeded randomly per process: a name nobody can
        // predict, without a crate or a clock read.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u32(attempt);
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{:016x}.tmp", hasher.finish()));
        let temporary = directory.join(temporary_name);
        match open_new(&temporary) {
            Ok(file) => return Ok((file, temporary)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name was free")))
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
    fn a_writer_that_fails_leaves_nothing_behind() {
        let folder = std::env::temp_dir().join(format!("wattprint-stream-{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        let out = folder.join("cells.csv");
        let result = write_atomic_with(&out, |w| {
            w.write_all(&vec![b'x'; 200_000])?;
            Err(io::Error::other("the disk is full"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
        fs::remove_dir(&folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        // Regression (issue 17): as root, `-o /dev/null` renamed a temporary file over it.
        let error = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert_eq!(error.source.kind(), io::ErrorKind::InvalidInput);
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_a_temporary_name_is_not_followed() {
        // Regression (issue 17): `.NAME.PID.tmp` was predictable and a symlink there was
        // followed. A link planted where the temporary file is created is refused, and the
        // file it points at is untouched.
        let dir = std::env::temp_dir().join(format!("wattprint-plant-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        write_atomic(&victim, b"precious").unwrap();
        let planted = dir.join(".r.md.tmp");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let error = open_new(&planted).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        // And two temporary names for one output never coincide.
        let (_, a) = create_temporary(&dir, std::ffi::OsStr::new("r.md")).unwrap();
        let (_, b) = create_temporary(&dir, std::ffi::OsStr::new("r.md")).unwrap();
        assert_ne!(a, b);
        fs::remove_dir_all(&dir).unwrap();
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
