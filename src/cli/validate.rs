//! `wattprint validate PATH…`

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Outcome, Session, Verbosity, load, print};
use crate::check::Extent;
use crate::diagnostic;
use crate::error::Error;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Disclosure files to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
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

pub(super) fn run(args: &ValidateArgs, session: &Session) -> Result<Outcome, Error> {
    let console = session.console;
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for path in &args.paths {
        let loaded = load(path, session, Extent::Rules)?;
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
        DiagnosticFormat::Sarif => print(&diagnostic::render_sarif(
            &diagnostics,
            &crate::check::codes(),
            env!("CARGO_PKG_VERSION"),
            std::env::current_dir().ok().as_deref(),
        ))?,
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
