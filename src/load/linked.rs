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
    /// Reads `name` inside the folder: each folder on the way a real folder and the file a
    /// regular file, never a link (which could lead out of the folder) nor a pipe or device
    /// (which could block or never end).
    fn read(&self, name: &str) -> Result<Vec<u8>, LinkError> {
        check_name(name)?;
        let refused = |why: &str| LinkError::Read {
            name: name.to_owned(),
            reason: format!(
                "{why}; a disclosure's files are read as regular files inside its folder only"
            ),
        };
        let mut path = self.folder.clone();
        let mut parts: Vec<&str> = name.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        for part in parts {
            path.push(part);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(refused(&format!("`{part}` is a link or not a folder"))),
                Err(_) => {
                    return Err(LinkError::Missing {
                        name: name.to_owned(),
                        place: "beside the disclosure".to_owned(),
                    });
                }
            }
        }
        path.push(file);
        let listed = std::fs::symlink_metadata(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LinkError::Missing {
                name: name.to_owned(),
                place: "beside the disclosure".to_owned(),
            },
            _ => LinkError::Read {
                name: name.to_owned(),
                reason: e.to_string(),
            },
        })?;
        let read_error = |e: std::io::Error| LinkError::Read {
            name: name.to_owned(),
            reason: e.to_string(),
        };
        let Some((opened, _)) = super::open_listed(&path, &listed).map_err(read_error)? else {
            return Err(refused("it is a link or not a regular file"));
        };
        super::read_at_most(opened, self.limit)
            .map_err(read_error)?
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

    #[cfg(unix)]
    #[test]
    fn a_link_or_a_pipe_beside_the_disclosure_is_refused() {
        let dir = std::env::temp_dir().join(format!("wattprint-linked-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("real")).unwrap();
        crate::output::write_atomic(&dir.join("real/a.csv"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.join("real/a.csv"), dir.join("link.csv")).unwrap();
        std::os::unix::fs::symlink(dir.join("real"), dir.join("folder")).unwrap();
        let beside = Beside::of(&dir.join("d.yaml"), 10);
        assert_eq!(beside.read("real/a.csv"), Ok(b"x".to_vec()));
        for refused in ["link.csv", "folder/a.csv", "real"] {
            assert!(
                matches!(beside.read(refused), Err(LinkError::Read { .. })),
                "{refused}"
            );
        }
        assert!(matches!(
            beside.read("none.csv"),
            Err(LinkError::Missing { .. })
        ));
        crate::output::write_atomic(&dir.join("big.csv"), b"0123456789x").unwrap();
        assert!(matches!(
            beside.read("big.csv"),
            Err(LinkError::TooLarge { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
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
