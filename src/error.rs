//! Failures of the tool or its environment (as opposed to findings about the input, which are
//! diagnostics). `main` prints them with their causes and exits with code 2.

use crate::clock::ClockError;
use crate::load::LoadError;
use crate::output::WriteError;
use crate::render::RenderError;

/// Anything that stops a command other than findings in the input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// An output would replace an input.
    #[error(transparent)]
    Overwrite(#[from] crate::output::OverwriteError),
    /// An output would replace a file the user edits.
    #[error(transparent)]
    Exists(#[from] crate::output::ExistsError),
    /// An output would be written among a template's files.
    #[error(transparent)]
    InsideInputs(#[from] crate::output::InsideInputsError),
    /// A template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Another tool's record could not be imported.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    /// The `--data` file cannot be used.
    #[error("the reference data file `{file}` has {problems} problem(s)")]
    ReferenceData {
        /// The file.
        file: String,
        /// How many findings were printed.
        problems: usize,
    },
    /// No document for an audience can be made from this disclosure.
    #[error("no document for {audience} can be made from this disclosure: {reason}")]
    AudienceRefused {
        /// The audience.
        audience: &'static str,
        /// Why.
        reason: String,
    },
    /// A disclosure lacks what an export format needs.
    #[error(transparent)]
    Export(#[from] crate::render::export::ExportError),
    /// A report to verify could not be read.
    #[error(transparent)]
    Verify(#[from] crate::evidence::read::VerifyError),
    /// The previous period's disclosure cannot be this one's comparative.
    #[error(transparent)]
    Previous(#[from] crate::check::previous::PreviousError),
    /// `SOURCE_DATE_EPOCH` is malformed.
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// The command line asks for something that cannot be done.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// Standard output could not be written (other than a closed pipe).
    #[error("cannot write to standard output")]
    Stdout(#[source] std::io::Error),
}

impl Error {
    /// A hint to print after the message, if there is one.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. } => hint.as_deref(),
            Error::Render(RenderError::UnknownTemplate { .. }) => {
                Some("`wattprint templates` lists them")
            }
            Error::Ingest(error) => error.hint(),
            Error::Overwrite(_) => {
                Some("name another output file, or pass --force if replacing the input is meant")
            }
            Error::InsideInputs(_) => Some("write the report outside the template folder"),
            Error::Exists(_) => Some("choose another name with -o, or pass --force to replace it"),
            Error::Load(LoadError::TooLarge { .. }) => {
                Some("check that this is the right file, or raise the limit with --max-input-size")
            }
            Error::Export(error) => Some(&error.hint),
            Error::Previous(error) => Some(error.hint()),
            Error::Verify(crate::evidence::read::VerifyError::NotInFolder { .. }) => Some(
                "put the file in the folder under that name: `report` writes a JSON report's inputs beside it, and records a hidden file (`.input.yaml`) without its leading dots",
            ),
            Error::ReferenceData { .. } => Some(
                "fix the findings above; `wattprint schema reference-data` describes the format",
            ),
            _ => None,
        }
    }
}
