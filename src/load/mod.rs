//! Reading input files: bytes → text → JSON value with the span of every value.
//!
//! `load` is the only stage that reads input files. It knows YAML and positions; it does not
//! know what a disclosure must contain (that is `validate`).

pub mod hourly;
mod index;
pub mod linked;
mod yaml;

pub use yaml::escape as escape_key;
pub use yaml::parse as parse_yaml;
pub use yaml::{HIDDEN, INVISIBLE, invisible};

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use index::SpanIndex;
pub use yaml::Limits;

use crate::diagnostic::Diagnostic;

/// A failure to read an input file (as opposed to a problem in its content).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened or read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The file is larger than the limit (`--max-input-size`).
    #[error("`{path}` is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A file a disclosure names (an hourly CSV) cannot be had where it is looked for.
    #[error("cannot read `{path}`, which the disclosure names")]
    Linked {
        /// Where it was looked for.
        path: PathBuf,
        /// Why not.
        #[source]
        source: linked::LinkError,
    },
}

/// An input file's text, kept for quoting lines in diagnostics. Cloning it shares the text:
/// a large input is held once, however many steps keep it.
#[derive(Debug, Clone)]
pub struct Source {
    path: PathBuf,
    /// The file exactly as read, byte-order mark included (it is valid UTF-8).
    raw: std::sync::Arc<str>,
}

impl Source {
    /// A source from text already in memory (tests, embedded inputs).
    #[must_use]
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            raw: std::sync::Arc::from(text.into()),
        }
    }

    /// The path the source was read from, as given.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text, without a byte-order mark.
    #[must_use]
    pub fn text(&self) -> &str {
        self.raw.strip_prefix('\u{feff}').unwrap_or(&self.raw)
    }

    /// The file's bytes exactly as read (what the evidence hashes and embeds).
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        self.raw.as_bytes()
    }

    /// Line `number` (1-based) without its line break. Lines end as YAML ends them (YAML 1.2,
    /// §5.4): at `\n`, `\r\n` or a lone `\r`, so that the line the parser names is the one
    /// quoted, and its columns are counted on it.
    #[must_use]
    pub fn line(&self, number: usize) -> Option<&str> {
        let mut rest = self.text();
        for _ in 1..number {
            let at = rest.find(['\n', '\r'])?;
            let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
            rest = &rest[at + skip..];
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        number.checked_sub(1).map(|_| &rest[..end])
    }
}

impl crate::diagnostic::Quoted for Source {
    fn path(&self) -> &Path {
        self.path()
    }

    fn line(&self, number: usize) -> Option<&str> {
        self.line(number)
    }
}

/// Reads the file at `path`.
///
/// # Errors
/// [`LoadError`] when the file cannot be read; a file that is too large or not UTF-8 is a
/// content problem and comes back as a diagnostic instead.
pub fn read(path: &Path, limits: Limits) -> Result<Result<Source, Diagnostic>, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let located = |d: Diagnostic| d.located(path, None);
    let Some(bytes) = read_at_most(file, limits.max_bytes).map_err(read_error)? else {
        return Ok(Err(located(
            Diagnostic::error(
                "file-too-large",
                format!(
                    "the file is larger than the limit of {} bytes",
                    limits.max_bytes
                ),
            )
            .help("a disclosure is a few kilobytes; check that this is the right file, or raise the limit with --max-input-size"),
        )));
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            // The place of the first byte that is not UTF-8 (helper 74: the finding had none,
            // nor its SARIF result a region): the text before it is.
            let before = std::str::from_utf8(&error.as_bytes()[..error.utf8_error().valid_up_to()])
                .unwrap_or_default();
            let at = crate::diagnostic::Position {
                line: 1 + before.matches('\n').count(),
                column: 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count()),
            };
            return Ok(Err(Diagnostic::error(
                "file-encoding",
                "the file is not valid UTF-8 from here on",
            )
            .help("save it as UTF-8 (YAML files must be Unicode)")
            .located(path, Some(crate::diagnostic::Span { start: at, end: at }))));
        }
    };
    Ok(Ok(Source {
        path: path.to_path_buf(),
        raw: std::sync::Arc::from(text),
    }))
}

/// Reads `reader` to its end, or gives `None` when it holds more than `limit` bytes, reading
/// no further than one byte past the limit: a hostile input never fills memory.
///
/// # Errors
/// A read failure.
pub fn read_at_most(reader: impl Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Opens `path`, which a folder listing (`symlink_metadata`, `DirEntry::metadata`) described as
/// `listed`, and gives the open file with its metadata when it is that very regular file: a
/// link or another file put in its place since the listing is refused (`None`), never
/// followed out of the folder.
///
/// # Errors
/// A failure to open the file or read its metadata.
pub fn open_listed(
    path: &Path,
    listed: &std::fs::Metadata,
) -> io::Result<Option<(File, std::fs::Metadata)>> {
    if !listed.is_file() {
        return Ok(None);
    }
    let file = File::open(path)?;
    let opened = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (listed.dev(), listed.ino()) {
            return Ok(None);
        }
    }
    Ok(opened.is_file().then_some((file, opened)))
}

/// Reads the file at `path` as bytes, refusing what is not a regular file: a named pipe or a
/// device given as a report to verify or compare, or as the full inputs of one, would hold
/// `open` until something writes to it (an attack of 2026-12-03, helpers 61 and 63).
///
/// # Errors
/// As [`bytes`], and [`LoadError::Read`] for a path that is not a regular file.
pub fn file_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    if let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_file()
    {
        return Err(LoadError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a folder, a named pipe or a device): give the file itself",
            ),
        });
    }
    bytes(path, limit)
}

/// Reads the file at `path` as bytes (a report to verify or compare, a log).
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read, [`LoadError::TooLarge`] when it has more
/// than `limit` bytes (read no further than that).
pub fn bytes(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    read_at_most(File::open(path).map_err(read_error)?, limit)
        .map_err(read_error)?
        .ok_or_else(|| LoadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        })
}

/// A parsed input file: its JSON value and where each value stands in the text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it came from.
    pub source: Source,
    /// The YAML content as JSON, ready for schema validation and deserialisation.
    pub value: Value,
    /// Where each value stands in the text.
    pub index: SpanIndex,
}

impl Document {
    /// Places `diagnostic` in this document's file, at the value its pointer names.
    #[must_use]
    pub fn place(&self, diagnostic: Diagnostic) -> Diagnostic {
        let span = diagnostic
            .span
            .or_else(|| self.index.locate(&diagnostic.pointer));
        diagnostic.located(self.source.path(), span)
    }
}

/// Parses `source` as one YAML document.
///
/// # Errors
/// Every syntax or limit problem found, located in the file.
pub fn document(source: Source, limits: Limits) -> Result<Document, Vec<Diagnostic>> {
    match yaml::parse(source.text(), limits) {
        Ok((value, index)) => Ok(Document {
            source,
            value,
            index,
        }),
        Err(findings) => Err(findings
            .into_iter()
            .map(|d| {
                let span = d.span;
                d.located(source.path(), span)
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::Source;

    #[test]
    fn lines_end_as_yaml_ends_them() {
        // Attack, 2026-12-02: a file whose lines end in a lone `\r` (classic Mac) had no line 2
        // to quote, and its SARIF columns were counted on the wrong text.
        for text in [
            "a: 1\nb: 2\n",
            "a: 1\r\nb: 2\r\n",
            "a: 1\rb: 2\r",
            "\u{feff}a: 1\rb: 2",
        ] {
            let source = Source::from_text("x.yaml", text);
            assert_eq!(source.line(1), Some("a: 1"), "{text:?}");
            assert_eq!(source.line(2), Some("b: 2"), "{text:?}");
            assert_eq!(source.line(0), None);
        }
        assert_eq!(Source::from_text("x.yaml", "a\r\n\r\nb").line(3), Some("b"));
        assert_eq!(Source::from_text("x.yaml", "a\n").line(3), None);
    }
}
