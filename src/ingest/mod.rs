//! Other tools' records brought in as disclosure inputs, so that figures people already have
//! need not be retyped: CodeCarbon's `emissions.csv` runs become measured energy on sites
//! carrying CodeCarbon's grid factors, and a Hugging Face model card's `co2_eq_emissions`
//! becomes a model's upstream training figures. Each importer writes YAML that `validate`
//! accepts, with comments saying where every value came from and what to review.

pub mod codecarbon;
pub mod country;
pub mod huggingface;
pub mod telemetry;

use std::path::PathBuf;

/// A record another tool wrote that cannot be brought in.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file does not have the shape of the format.
    #[error("{}: {message}", place(file, *line))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// 1-based line, or 0 for the whole file.
        line: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// A Prometheus-compatible server could not give what was asked of it.
    #[error("{server}: {message}")]
    Server {
        /// The server, as `--prometheus` named it.
        server: String,
        /// What went wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The CSV cannot be read as CSV.
    #[error("{file}: not a readable CSV file")]
    Csv {
        /// The file.
        file: PathBuf,
        /// Why.
        #[source]
        source: csv::Error,
    },
}

/// `file:line`, or the file alone for line 0 (the whole file).
fn place(file: &std::path::Path, line: usize) -> String {
    if line == 0 {
        file.display().to_string()
    } else {
        format!("{}:{line}", file.display())
    }
}

impl IngestError {
    /// How to fix the problem.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        match self {
            IngestError::Invalid { hint, .. } | IngestError::Server { hint, .. } => Some(hint),
            IngestError::Csv { .. } => {
                Some("export the file again from the tool that wrote it, or check its encoding")
            }
        }
    }
}
