//! `wattprint validate PATH…`

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Console, Outcome, Session, Verbosity, load, print};
use crate::check::Extent;
use crate::diagnostic;
use crate::error::Error;
use crate::load::Source;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Disclosure files to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// The folder SARIF locations are relative to (default: the root of the Git repository
    /// holding the working folder, else the working folder).
    #[arg(long, value_name = "DIR")]
    pub sarif_base: Option<PathBuf>,
}

/// Output formats for findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// `file:line:col: error[code]: …` with the offending line quoted.
    Human,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other CI systems.
    Sarif,
}

pub(super) fn run(
    args: &ValidateArgs,
    console: &Console,
    session: Result<Session, Error>,
) -> Result<Outcome, Error> {
    // A SARIF log is written whatever happens, so that a pipeline's upload step never receives
    // an empty file: a file that cannot be checked becomes a tool execution notification, and
    // the exit status stays 2.
    let sarif = args.format == DiagnosticFormat::Sarif;
    let session = match session {
        Ok(session) => session,
        Err(error) if sarif => {
            // The error names the file as typed, perhaps an absolute host path, which the
            // log does not publish; stderr has it.
            let failure = diagnostic::Failure {
                file: None,
                message: "the reference data given by `--data` could not be loaded; the error is printed on stderr".to_owned(),
            };
            print_sarif(args, &[], &[], &[failure])?;
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    let mut failures = Vec::new();
    let mut first_error = None;
    for path in &args.paths {
        let loaded = match load(path, &session, Extent::Rules) {
            Ok(loaded) => loaded,
            Err(error) if sarif => {
                failures.push(diagnostic::Failure {
                    file: Some(path.clone()),
                    message: causes(&error),
                });
                first_error.get_or_insert(error);
                continue;
            }
            Err(error) => return Err(error),
        };
        console.step(&format!(
            "checked {}: {} finding(s)",
            path.display(),
            loaded.diagnostics().len()
        ));
        diagnostics.extend_from_slice(loaded.diagnostics());
        sources.extend(loaded.source);
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == diagnostic::Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        DiagnosticFormat::Json => print(&diagnostic::render_json(&diagnostics))?,
        DiagnosticFormat::Sarif => {
            print_sarif(args, &diagnostics, &sources, &failures)?;
            if let Some(error) = first_error {
                return Err(error);
            }
        }
        DiagnosticFormat::Human => {
            // `--quiet` drops warnings from the human listing only: JSON and SARIF are read
            // by machines that filter for themselves.
            let shown: Vec<_> = console.shown(&diagnostics).into_iter().cloned().collect();
            let mut text = diagnostic::render_human(&shown, &sources, console.stdout_colour());
            let files = args.paths.len();
            let noun = if files == 1 { "file" } else { "files" };
            let _ = match (errors, warnings, console.verbosity()) {
                (_, _, Verbosity::Quiet) => Ok(()),
                (0, 0, _) => writeln!(text, "{files} {noun} checked: no problems found"),
                _ => writeln!(
                    text,
                    "{files} {noun} checked: {errors} error(s), {warnings} warning(s)"
                ),
            };
            print(&text)?;
        }
    }
    Ok(if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Why a file could not be read, for a SARIF notification: the error's causes, without its
/// message, which names the file as typed (perhaps an absolute host path the log does not
/// publish; the notification's location names the file).
fn causes(error: &Error) -> String {
    let mut text = "the file could not be read".to_owned();
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        let _ = write!(text, ": {c}");
        cause = c.source();
    }
    text
}

fn print_sarif(
    args: &ValidateArgs,
    diagnostics: &[diagnostic::Diagnostic],
    sources: &[Source],
    failures: &[diagnostic::Failure],
) -> Result<(), Error> {
    let working = std::env::current_dir().ok();
    let base = match &args.sarif_base {
        Some(base) => std::path::absolute(base).ok(),
        None => working.as_deref().map(repository_root),
    };
    print(&diagnostic::render_sarif(
        diagnostics,
        &diagnostic::SarifRun {
            catalogue: &crate::check::codes(),
            tool_version: env!("CARGO_PKG_VERSION"),
            base: base.as_deref(),
            working: working.as_deref(),
            sources,
            failures,
        },
    ))
}

/// The root of the Git repository holding `folder` (the nearest ancestor with a `.git`),
/// which code scanning resolves locations against; `folder` itself outside any repository.
fn repository_root(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|ancestor| ancestor.join(".git").exists())
        .unwrap_or(folder)
        .to_path_buf()
}
