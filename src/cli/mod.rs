//! The command line: clap types, one file per subcommand, each resolving its arguments and
//! calling the pipeline. Nothing outside this module knows clap.

mod completions;
mod compute;
mod console;
mod data;
mod diff;
mod explain;
mod export;
mod guard;
mod import;
mod ingest;
mod init;
mod report;
mod schema;
mod table;
mod templates;
mod validate;
mod verify;

use std::io::{self, Write};
use std::path::Path;

use clap::{Parser, Subcommand};

pub use console::{ColorChoice, Console, GlobalArgs, Verbosity};

use crate::check::{self, Clean, Extent};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::linked::Beside;
use crate::load::{self, Limits, Source};
use crate::reference::UserError;
use crate::validate::Validator;

/// Energy and emissions disclosures for AI systems, from YAML to PDF.
#[derive(Debug, Parser)]
#[command(name = "wattprint", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour and verbosity, taken by every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check disclosures against the schema and the semantic rules.
    Validate(validate::ValidateArgs),
    /// Print the computed figures of a disclosure.
    Compute(compute::ComputeArgs),
    /// Write a report (PDF, Typst, Markdown or JSON) of a disclosure.
    Report(report::ReportArgs),
    /// Print the JSON Schema of the disclosure format, or of the computed results.
    Schema(schema::SchemaArgs),
    /// List the built-in report templates.
    Templates,
    /// Explain a diagnostic code: what it checks, why, and how to fix it.
    Explain(explain::ExplainArgs),
    /// Write a complete, commented starting disclosure for a role and an operation.
    Init(init::InitArgs),
    /// Recompute a PDF report from the input it carries and compare every figure.
    Verify(verify::VerifyArgs),
    /// Show every figure's change between two releases; gate on it with --fail-above.
    Diff(diff::DiffArgs),
    /// Integrate raw power or energy telemetry into energy per device and period.
    Ingest(Box<ingest::IngestArgs>),
    /// Turn CodeCarbon runs or a Hugging Face model card's emissions into disclosure YAML.
    Import(import::ImportArgs),
    /// Write a disclosure's figures as a Hugging Face card block or an Impact Framework manifest.
    Export(export::ExportArgs),
    /// List and search the reference data: grid factors, cloud regions, providers, hardware.
    Data(data::DataArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write every command's page with --dir.
    Man(completions::ManArgs),
}

/// How a command ended, short of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, no finding at error level.
    Clean,
    /// Findings at error level were reported.
    Findings,
}

/// What the subcommands that read disclosures share: the terminal, and the validator with
/// the reference data their defaults resolve from (the built-in dataset, extended by
/// `--data FILE`).
pub(crate) struct Session<'a> {
    console: &'a Console,
    /// Bounds on every input file.
    limits: Limits,
    validator: Validator,
    /// The user's reference data file, when `--data` names one.
    data_file: Option<Source>,
    /// Whether warnings count as errors (`--strict`).
    strict: bool,
}

impl<'a> Session<'a> {
    fn new(global: &GlobalArgs, console: &'a Console) -> Result<Session<'a>, Error> {
        let limits = global.limits();
        let Some(path) = &global.data else {
            return Ok(Session {
                console,
                limits,
                validator: Validator::new().with_max_draws(limits.max_draws),
                data_file: None,
                strict: global.strict,
            });
        };
        let source = load::read(path, limits)?.map_err(|finding| {
            console.diagnostics(std::slice::from_ref(&finding), &[]);
            Error::ReferenceData {
                file: path.display().to_string(),
                problems: 1,
            }
        })?;
        let validator =
            Validator::with_reference_file(source.clone()).map_err(|UserError(findings)| {
                console.diagnostics(&findings, std::slice::from_ref(&source));
                Error::ReferenceData {
                    file: path.display().to_string(),
                    problems: findings.len(),
                }
            })?;
        console.step(&format!("read the reference data in {}", path.display()));
        Ok(Session {
            console,
            limits,
            validator: validator.with_max_draws(limits.max_draws),
            data_file: Some(source),
            strict: global.strict,
        })
    }
}

/// Runs the command `cli` describes.
///
/// # Errors
/// An [`Error`] for anything other than findings in the input.
pub fn run(cli: &Cli, console: &Console) -> Result<Outcome, Error> {
    let session = || Session::new(&cli.global, console);
    match &cli.command {
        Command::Validate(args) => validate::run(args, console, session()),
        Command::Compute(args) => compute::run(args, &session()?),
        Command::Report(args) => report::run(args, cli.global.limits(), session),
        Command::Schema(args) => schema::run(args),
        Command::Templates => templates::run(),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args, console),
        Command::Verify(args) => verify::run(args, console, cli.global.limits()),
        Command::Diff(args) => diff::run(args, &session()?),
        Command::Import(args) => import::run(args, console, cli.global.limits()),
        Command::Ingest(args) => ingest::run(args, console, cli.global.limits()),
        Command::Export(args) => export::run(args, &session()?),
        Command::Data(args) => data::run(args, &session()?),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}

/// The result of checking one file.
pub(crate) struct Loaded {
    /// The file, when it could be read as text.
    source: Option<Source>,
    /// The disclosure and its figures, or every finding when any is an error.
    checked: Result<Clean, Vec<Diagnostic>>,
}

impl Loaded {
    /// Every finding: the errors, or a clean disclosure's warnings.
    fn diagnostics(&self) -> &[Diagnostic] {
        match &self.checked {
            Ok(clean) => &clean.warnings,
            Err(findings) => findings,
        }
    }
}

/// Reads the disclosure at `path` and checks it, computing its figures to `extent`.
pub(crate) fn load(path: &Path, session: &Session, extent: Extent) -> Result<Loaded, Error> {
    Ok(match load::read(path, session.limits)? {
        Ok(source) => Loaded {
            source: Some(source.clone()),
            checked: strictly(
                check::source(
                    source,
                    &session.validator,
                    session.limits,
                    extent,
                    &Beside::of(path, session.limits.max_bytes),
                ),
                session.strict,
            ),
        },
        Err(diagnostic) => Loaded {
            source: None,
            checked: Err(vec![diagnostic]),
        },
    })
}

/// `checked`, with every warning made an error when `strict`.
fn strictly(
    checked: Result<Clean, Vec<Diagnostic>>,
    strict: bool,
) -> Result<Clean, Vec<Diagnostic>> {
    match checked {
        Ok(clean) if strict && !clean.warnings.is_empty() => Err(clean
            .warnings
            .into_iter()
            .map(Diagnostic::as_error)
            .collect()),
        Err(findings) if strict => Err(findings.into_iter().map(Diagnostic::as_error).collect()),
        checked => checked,
    }
}

/// Loads `path` for a command that needs a clean disclosure: findings go to standard error,
/// and `None` means there were errors among them.
pub(crate) fn load_clean(
    path: &Path,
    session: &Session,
    extent: Extent,
) -> Result<Option<Clean>, Error> {
    let loaded = load(path, session, extent)?;
    let sources: Vec<Source> = loaded.source.iter().cloned().collect();
    session.console.diagnostics(loaded.diagnostics(), &sources);
    let Ok(clean) = loaded.checked else {
        return Ok(None);
    };
    session.console.step(&format!(
        "loaded, validated and computed {} ({} warning(s), {} reference value(s))",
        path.display(),
        clean.warnings.len(),
        clean.reference.len()
    ));
    Ok(Some(clean))
}

/// Refuses to write `output` over an hourly CSV that the disclosure at `disclosure` names
/// (`linked`, paths from its folder), unless `force`: those files are inputs as much as the
/// disclosure, pinned by their hashes (an attack of 2026-12-02 wrote a PDF over one).
pub(crate) fn refuse_overwriting_linked(
    output: &Path,
    disclosure: &Path,
    linked: &[crate::check::hourly::LinkedFile],
    force: bool,
) -> Result<(), Error> {
    let folder = disclosure.parent().unwrap_or_else(|| Path::new(""));
    let paths: Vec<std::path::PathBuf> = linked.iter().map(|f| folder.join(&f.name)).collect();
    let inputs: Vec<&Path> = paths.iter().map(std::path::PathBuf::as_path).collect();
    Ok(crate::output::refuse_overwriting_inputs(
        output, &inputs, force,
    )?)
}

/// Writes `text` to standard output; a closed pipe (`| head`) ends quietly.
pub(crate) fn print(text: &str) -> Result<(), Error> {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to standard output what `write` writes, through a buffer; a closed pipe (`| head`)
/// ends quietly.
pub(crate) fn print_with(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}
