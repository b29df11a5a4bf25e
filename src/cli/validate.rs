//! `wattprint validate PATH…`

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
    for (path, checked) in args.paths.iter().zip(check_all(&args.paths, &session)) {
        // A file that cannot be checked does not take the other files' findings with it (an
        // attack of 2026-12-03, helper 74): they are printed, and the exit status is 2.
        let (found, source) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                failures.push(diagnostic::Failure {
                    file: Some(path.clone()),
                    message: causes(&error),
                });
                first_error.get_or_insert(error);
                continue;
            }
        };
        console.step(&format!(
            "checked {}: {} finding(s)",
            path.display(),
            found.len()
        ));
        diagnostics.extend(found);
        sources.extend(source);
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == diagnostic::Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        DiagnosticFormat::Json => print(&diagnostic::render_json(&diagnostics))?,
        DiagnosticFormat::Sarif => print_sarif(args, &diagnostics, &sources, &failures)?,
        DiagnosticFormat::Human => {
            // `--quiet` drops warnings from the human listing only: JSON and SARIF are read
            // by machines that filter for themselves.
            let shown: Vec<_> = console.shown(&diagnostics).into_iter().cloned().collect();
            let mut text = diagnostic::render_human(&shown, &sources, console.stdout_colour());
            let files = args.paths.len() - failures.len();
            let noun = if files == 1 { "file" } else { "files" };
            let _ = match (errors, warnings, console.verbosity()) {
                // Every file unreadable: their errors say so (helper 75: "0 files checked: no
                // problems found").
                (_, _, Verbosity::Quiet) => Ok(()),
                _ if files == 0 => Ok(()),
                (0, 0, _) => writeln!(text, "{files} {noun} checked: no problems found"),
                _ => writeln!(
                    text,
                    "{files} {noun} checked: {errors} error(s), {warnings} warning(s)"
                ),
            };
            print(&text)?;
        }
    }
    if let Some(error) = first_error {
        return Err(error);
    }
    Ok(if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// One file's findings, and its text when it could be read as text.
type Checked = (Vec<diagnostic::Diagnostic>, Option<Source>);

/// The findings and text of each file, in the order given, checked on every core: a pipeline
/// that validates a repository's thousand disclosures in one call waits for its slowest core,
/// not for the sum. Each file is checked alone, so the findings are the same as one by one.
fn check_all(paths: &[PathBuf], session: &Session) -> Vec<Result<Checked, Error>> {
    let check = |path: &PathBuf| {
        load(path, session, Extent::Rules).map(|loaded| {
            let found = match loaded.checked {
                Ok(clean) => clean.warnings,
                Err(findings) => findings,
            };
            (found, loaded.source)
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(paths.len());
    if workers <= 1 {
        return paths.iter().map(check).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<_>> = std::iter::repeat_with(|| None).take(paths.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else {
                            return done;
                        };
                        // The files share the cores: each one's computations stay on its worker.
                        done.push((i, crate::cores::on_this_thread(|| check(path))));
                    }
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (i, checked) in done {
                        slots[i] = Some(checked);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    slots.into_iter().flatten().collect()
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

/// Prints the SARIF log. A `--sarif-base` that does not exist is a usage error, returned after
/// the log (which says so, and names files by their names alone) is printed.
fn print_sarif(
    args: &ValidateArgs,
    diagnostics: &[diagnostic::Diagnostic],
    sources: &[Source],
    failures: &[diagnostic::Failure],
) -> Result<(), Error> {
    let working = std::env::current_dir().ok();
    let mut failures = failures.to_vec();
    let mut refused = None;
    let base = match &args.sarif_base {
        // Links and `..` resolved, as each file's path is.
        Some(base) => {
            if let Ok(base) = std::fs::canonicalize(base).and_then(|b| {
                if b.is_dir() {
                    Ok(b)
                } else {
                    Err(std::io::ErrorKind::NotADirectory.into())
                }
            }) {
                Some(base)
            } else {
                failures.push(diagnostic::Failure {
                    file: None,
                    message: "the --sarif-base folder does not exist (or is not a folder), so files are named by their names alone".to_owned(),
                });
                refused = Some(Error::Usage {
                    message: format!("the --sarif-base folder `{}` does not exist or is not a folder", base.display()),
                    hint: Some("name the folder SARIF locations are relative to, e.g. the repository's root".to_owned()),
                });
                None
            }
        }
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
            failures: &failures,
        },
    ))?;
    refused.map_or(Ok(()), Err)
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
