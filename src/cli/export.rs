//! `wattprint export huggingface|impact-framework DISCLOSURE`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Outcome, Session, load_clean, print};
use crate::check::{Clean, Extent};
use crate::error::Error;
use crate::evidence::FileName;
use crate::output;
use crate::render::export;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// Formats `export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// The `co2_eq_emissions` block of a Hugging Face model card.
    Huggingface(HuggingfaceArgs),
    /// A Green Software Foundation Impact Framework manifest that `if-run` recomputes.
    ImpactFramework(ImpactFrameworkArgs),
}

/// Arguments of `export huggingface`.
#[derive(Debug, Args)]
pub struct HuggingfaceArgs {
    /// The disclosure file.
    pub path: PathBuf,
    /// The model whose card it is (needed when the disclosure has several).
    #[arg(long)]
    pub model: Option<String>,
    /// Where to write the block (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write even where the output is one of the inputs (refused otherwise).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `export impact-framework`.
#[derive(Debug, Args)]
pub struct ImpactFrameworkArgs {
    /// The disclosure file.
    pub path: PathBuf,
    /// Where to write the manifest (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write even where the output is one of the inputs (refused otherwise).
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(args: &ExportArgs, session: &Session) -> Result<Outcome, Error> {
    let (path, output, force) = match &args.format {
        ExportFormat::Huggingface(a) => (&a.path, &a.output, a.force),
        ExportFormat::ImpactFramework(a) => (&a.path, &a.output, a.force),
    };
    if let Some(out) = output {
        output::refuse_overwriting_inputs(out, &[path.as_path()], force)?;
    }
    let Some(Clean {
        disclosure,
        results,
        linked,
        ..
    }) = load_clean(path, session, Extent::Rules)?
    else {
        return Ok(Outcome::Findings);
    };
    if let Some(out) = output {
        super::refuse_overwriting_linked(out, path, &linked, force)?;
    }
    let text = match &args.format {
        ExportFormat::Huggingface(a) => {
            export::huggingface(&disclosure, &results, a.model.as_deref())?
        }
        ExportFormat::ImpactFramework(_) => {
            // The file name only: an export names no host path.
            export::impact_framework(&disclosure, &results, FileName::of(path).as_str())
        }
    };
    match output {
        None => print(&text)?,
        Some(out) => output::write_atomic(out, text.as_bytes())?,
    }
    Ok(Outcome::Clean)
}
