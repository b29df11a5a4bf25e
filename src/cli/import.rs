//! `wattprint import codecarbon|huggingface FILE`

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::init::RoleArg;
use super::{Console, Outcome, print};
use crate::error::Error;
use crate::ingest::{codecarbon, huggingface};
use crate::load::{self, Limits};
use crate::model::Phase;
use crate::output;

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format to read.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// Formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// CodeCarbon's emissions.csv: each run becomes a measurement, each place a site.
    Codecarbon(CodecarbonArgs),
    /// A Hugging Face model card's `co2_eq_emissions`: a model entry with upstream training.
    Huggingface(HuggingfaceArgs),
}

/// Arguments of `import codecarbon`.
#[derive(Debug, Args)]
pub struct CodecarbonArgs {
    /// The emissions.csv CodeCarbon wrote.
    pub path: PathBuf,
    /// The organisation that publishes the disclosure.
    #[arg(long)]
    pub organisation: String,
    /// Its role under the EU AI Act.
    #[arg(long, value_enum, default_value_t = RoleArg::Provider)]
    pub role: RoleArg,
    /// The model the runs trained or served (default: CodeCarbon's project name).
    #[arg(long)]
    pub model: Option<String>,
    /// The phase of the runs.
    #[arg(long, value_enum, default_value_t = PhaseArg::Training)]
    pub phase: PhaseArg,
    /// Where to write the disclosure (default: standard output); never overwritten.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Arguments of `import huggingface`.
#[derive(Debug, Args)]
pub struct HuggingfaceArgs {
    /// The model card (README.md with YAML front matter) or its metadata as YAML.
    pub path: PathBuf,
    /// The organisation that provides the model.
    #[arg(long)]
    pub provider: String,
    /// The model's name (default: the card's `model-index` name).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the model entry (default: standard output); never overwritten.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Life-cycle phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhaseArg {
    /// Pre-training.
    Training,
    /// Fine-tuning.
    FineTuning,
    /// Serving.
    Inference,
}

pub(super) fn run(args: &ImportArgs, console: &Console, limits: Limits) -> Result<Outcome, Error> {
    let (text, output) = match &args.format {
        ImportFormat::Codecarbon(args) => {
            (codecarbon(args, limits.max_bytes)?, args.output.as_deref())
        }
        ImportFormat::Huggingface(args) => {
            (huggingface(args, limits.max_bytes)?, args.output.as_deref())
        }
    };
    match output {
        None => print(&text)?,
        Some(path) => {
            refuse_overwrite(path)?;
            output::write_atomic(path, text.as_bytes())?;
            console.note(&format!(
                "wrote {}; review it, then run `wattprint validate`",
                path.display()
            ));
        }
    }
    Ok(Outcome::Clean)
}

fn refuse_overwrite(path: &Path) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Usage {
            message: format!(
                "`{}` exists; import never overwrites a file",
                path.display()
            ),
            hint: Some("choose another name with -o, or move the file away".to_owned()),
        });
    }
    Ok(())
}

fn codecarbon(args: &CodecarbonArgs, limit: u64) -> Result<String, Error> {
    let bytes = load::bytes(&args.path, limit)?;
    let runs = codecarbon::read(&args.path, &bytes)?;
    let options = codecarbon::Options {
        organisation: args.organisation.clone(),
        role: match args.role {
            RoleArg::Provider => "provider",
            RoleArg::Deployer => "deployer",
            RoleArg::Both => "both",
        },
        model: args.model.clone(),
        phase: match args.phase {
            PhaseArg::Training => Phase::Training,
            PhaseArg::FineTuning => Phase::FineTuning,
            PhaseArg::Inference => Phase::Inference,
        },
    };
    Ok(codecarbon::disclosure(&args.path, &runs, &options)?)
}

fn huggingface(args: &HuggingfaceArgs, limit: u64) -> Result<String, Error> {
    let bytes = load::bytes(&args.path, limit)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Usage {
        message: format!("`{}` is not UTF-8 text", args.path.display()),
        hint: Some("pass the model card's README.md".to_owned()),
    })?;
    let block = huggingface::read(&args.path, &text)?;
    let name = args
        .name
        .clone()
        .or_else(|| block.name.clone())
        .ok_or_else(|| Error::Usage {
            message: format!(
                "the card `{}` does not name its model (no `model-index`)",
                args.path.display()
            ),
            hint: Some("pass the model's name with --name".to_owned()),
        })?;
    Ok(huggingface::model_entry(
        &args.path,
        &block,
        &name,
        &args.provider,
    ))
}
