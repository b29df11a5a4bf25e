//! The folder a server's batches are kept in until the output is written: `plan.json` (what
//! was asked, so that a run with other arguments never mixes its batches in) and one CSV part
//! a batch (`device,start,joules,covered_s,missing_s,gap_estimate_joules`, numbers written so
//! they read back to the same bits), each written whole or not at all.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Cell;
use crate::output;

/// Makes `folder` ready for the run `plan` describes: created with the plan where it does not
/// exist, kept where it holds the same plan (its parts are the run's, done before).
///
/// # Errors
/// Why the folder cannot be used: it holds another run's plan, or cannot be created.
pub fn prepare(folder: &Path, plan: &Value) -> Result<(), String> {
    let file = folder.join("plan.json");
    match std::fs::read(&file) {
        Ok(bytes) => {
            if serde_json::from_slice::<Value>(&bytes).ok().as_ref() == Some(plan) {
                Ok(())
            } else {
                Err(format!(
                    "{} holds the batches of a run with other arguments, or of a server whose GPUs have changed since",
                    folder.display()
                ))
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(folder)
                .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
            output::write_atomic(&file, plan.to_string().as_bytes()).map_err(|e| e.to_string())
        }
        Err(error) => Err(format!("cannot read {}: {error}", file.display())),
    }
}

/// The part file of batch `index`.
#[must_use]
pub fn path(folder: &Path, index: usize) -> PathBuf {
    folder.join(format!("batch-{index:06}.csv"))
}

/// Writes a batch's cells to `file`, whole or not at all.
///
/// # Errors
/// Any error writing the file.
pub fn write(file: &Path, cells: &[(String, i64, Cell)]) -> Result<(), output::WriteError> {
    output::write_atomic_with(file, |out| {
        let mut writer = ::csv::Writer::from_writer(out);
        for (device, start, c) in cells {
            writer.serialize((
                device,
                start,
                c.joules,
                c.covered_s,
                c.missing_s,
                c.gap_estimate_joules,
            ))?;
        }
        writer.flush()
    })
}

/// The cells of the parts, in order, read one part at a time; an error stops the rows and is
/// kept for [`Rows::finish`].
pub struct Rows {
    parts: std::vec::IntoIter<PathBuf>,
    current: std::vec::IntoIter<(String, i64, Cell)>,
    error: Option<String>,
}

impl Rows {
    /// The rows of `parts`.
    #[must_use]
    pub fn new(parts: Vec<PathBuf>) -> Self {
        Rows {
            parts: parts.into_iter(),
            current: Vec::new().into_iter(),
            error: None,
        }
    }

    /// Whether every part was read, once the rows have run out.
    ///
    /// # Errors
    /// The first part that could not be read, and why.
    pub fn finish(&mut self) -> Result<(), String> {
        self.error.take().map_or(Ok(()), Err)
    }
}

/// One part's cells.
fn read(file: &Path) -> Result<Vec<(String, i64, Cell)>, String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    reader
        .deserialize::<(String, i64, f64, f64, f64, f64)>()
        .map(|row| {
            row.map(|(device, start, joules, covered_s, missing_s, gap)| {
                (
                    device,
                    start,
                    Cell {
                        joules,
                        covered_s,
                        missing_s,
                        gap_estimate_joules: gap,
                    },
                )
            })
            .map_err(|e| format!("{}: {e}", file.display()))
        })
        .collect()
}

impl Iterator for Rows {
    type Item = (String, i64, Cell);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.current.next() {
                return Some(row);
            }
            if self.error.is_some() {
                return None;
            }
            let file = self.parts.next()?;
            match read(&file) {
                Ok(cells) => self.current = cells.into_iter(),
                Err(error) => self.error = Some(error),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_reads_back_to_the_same_bits() {
        let folder = std::env::temp_dir().join(format!("wattprint-parts-{}", std::process::id()));
        let plan = serde_json::json!({"server": "http://127.0.0.1:9090"});
        prepare(&folder, &plan).unwrap();
        prepare(&folder, &plan).unwrap();
        assert!(prepare(&folder, &serde_json::json!({"server": "other"})).is_err());
        let cells = vec![(
            "node,\"1\":gpu0".to_owned(),
            3600,
            Cell {
                joules: 0.1 + 0.2,
                covered_s: 1.0 / 3.0,
                missing_s: 0.0,
                gap_estimate_joules: 1e-300,
            },
        )];
        write(&path(&folder, 0), &cells).unwrap();
        let mut rows = Rows::new(vec![path(&folder, 0)]);
        assert_eq!(rows.next(), Some(cells[0].clone()));
        assert_eq!(rows.next(), None);
        rows.finish().unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
