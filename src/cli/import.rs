//! `wattprint import codecarbon|huggingface FILE`

use std::path::PathBuf;

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
    /// Where to write the disclosure (default: standard output); an existing file is
    /// replaced only with --force.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists (never the runs file itself).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `import huggingface`.
#[derive(Debug, Args)]
pub struct HuggingfaceArgs {
    /// The model card (README.md with YAML front matter) or its metadata as YAML.
    pub path: PathBuf,
    /// The organisation that provides the model.
    #[arg(long)]
    pub provider: String,
    /// The model's name (default: the card's `model-index` name, else its `model_name`, else
    /// its heading, `# Model Card for NAME`).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the model entry (default: standard output); an existing file is
    /// replaced only with --force.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists (never the model card itself).
    #[arg(long)]
    pub force: bool,
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
    let (input, output, force) = match &args.format {
        ImportFormat::Codecarbon(a) => (&a.path, a.output.as_deref(), a.force),
        ImportFormat::Huggingface(a) => (&a.path, a.output.as_deref(), a.force),
    };
    if let Some(path) = output {
        // The record imported is never replaced, not even with --force.
        output::refuse_overwriting_inputs(path, &[input], false)?;
        output::refuse_replacing(path, force)?;
    }
    let text = match &args.format {
        ImportFormat::Codecarbon(args) => codecarbon(args, limits.max_bytes)?,
        ImportFormat::Huggingface(args) => huggingface(args, limits.max_bytes)?,
    };
    match output {
        None => print(&text)?,
        Some(path) => {
            output::write_atomic(path, text.as_bytes())?;
            console.note(&format!(
                "wrote {}; review it, then run `wattprint validate`",
                path.display()
            ));
        }
    }
    Ok(Outcome::Clean)
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
