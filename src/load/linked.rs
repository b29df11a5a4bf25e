//! The files a disclosure names (its hourly CSVs). Where they are read from is the caller's
//! choice: beside the disclosure on disk, among the attachments of a report being verified, or
//! among files a page was given. Whichever it is, a name may not leave the disclosure's folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a named file cannot be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// A name that is not a plain path inside the disclosure's folder.
    #[error("`{name}` is not a path inside the disclosure's folder ({why})")]
    Name {
        /// The name as written.
        name: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// No such file where it is looked for.
    #[error("`{name}` is not there ({place})")]
    Missing {
        /// The name as written.
        name: String,
        /// Where it was looked for, in words.
        place: String,
    },
    /// The file is larger than the limit.
    #[error("`{name}` is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The name as written.
        name: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file exists but could not be read.
    #[error("`{name}` cannot be read: {reason}")]
    Read {
        /// The name as written.
        name: String,
        /// What the operating system said.
        reason: String,
    },
}

/// Where the files a disclosure names are read from; shared by the threads that read them.
pub trait Linked: Sync {
    /// The bytes of the file `name` names, a name [`check_name`] accepted.
    ///
    /// # Errors
    /// [`LinkError`] when the file is not there, too large or unreadable.
    fn read(&self, name: &str) -> Result<Vec<u8>, LinkError>;
}

/// Checks that `name` is a relative path of plain folder and file names separated by `/`:
/// no root, drive, `.` or `..`, backslash or control character, so that it names the same file
/// on every system and never one outside the disclosure's folder.
///
/// # Errors
/// [`LinkError::Name`] saying which rule `name` breaks.
pub fn check_name(name: &str) -> Result<(), LinkError> {
    let refuse = |why| {
        Err(LinkError::Name {
            name: name.to_owned(),
            why,
        })
    };
    if name.is_empty() || name.len() > 1024 {
        return refuse("empty, or longer than 1,024 bytes");
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '\\' || c == ':')
    {
        return refuse("a backslash, colon or control character");
    }
    if name.starts_with('/') {
        return refuse("it starts at the root");
    }
    if name
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return refuse("an empty, `.` or `..` part");
    }
    Ok(())
}

/// Files read from the folder of the disclosure that names them.
#[derive(Debug, Clone)]
pub struct Beside {
    folder: PathBuf,
    limit: u64,
}

impl Beside {
    /// Files beside `disclosure` (a path as given), read up to `limit` bytes each.
    #[must_use]
    pub fn of(disclosure: &Path, limit: u64) -> Self {
        Self {
            folder: disclosure
                .parent()
                .map_or_else(PathBuf::new, Path::to_path_buf),
            limit,
        }
    }
}

impl Linked for Beside {
    fn read(&self, name: &str) -> Result<Vec<u8>, LinkError> {
        check_name(name)?;
        let path = self.folder.join(name);
        let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LinkError::Missing {
                name: name.to_owned(),
                place: "beside the disclosure".to_owned(),
            },
            _ => LinkError::Read {
                name: name.to_owned(),
                reason: e.to_string(),
            },
        })?;
        super::read_at_most(file, self.limit)
            .map_err(|e| LinkError::Read {
                name: name.to_owned(),
                reason: e.to_string(),
            })?
            .ok_or_else(|| LinkError::TooLarge {
                name: name.to_owned(),
                limit: self.limit,
            })
    }
}

/// Files a report carries (or a page was given), by name: nothing is read from elsewhere.
#[derive(Debug, Clone, Default)]
pub struct Carried(pub BTreeMap<String, Vec<u8>>);

impl Linked for Carried {
    fn read(&self, name: &str) -> Result<Vec<u8>, LinkError> {
        check_name(name)?;
        self.0.get(name).cloned().ok_or_else(|| LinkError::Missing {
            name: name.to_owned(),
            place: "not among the files given with the disclosure".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_stays_inside_the_folder() {
        for good in ["a.csv", "hourly/inference.csv", "2026/01/grid de.csv"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../secret.csv",
            "hourly/../../x",
            "./a.csv",
            "a//b.csv",
            "a/",
            "C:\\x.csv",
            "c:x.csv",
            "a\\..\\b",
            "a\nb",
        ] {
            assert!(
                matches!(check_name(bad), Err(LinkError::Name { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn carried_files_are_read_by_name_only() {
        let carried = Carried(BTreeMap::from([("h.csv".to_owned(), b"x".to_vec())]));
        assert_eq!(carried.read("h.csv"), Ok(b"x".to_vec()));
        assert!(matches!(
            carried.read("g.csv"),
            Err(LinkError::Missing { .. })
        ));
        assert!(matches!(
            carried.read("../h.csv"),
            Err(LinkError::Name { .. })
        ));
    }
}
