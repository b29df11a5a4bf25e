//! What the terminal gets: colour where a person reads it, and as much as `--quiet` or
//! `--verbose` asks for. Every message a command prints for people (not its output proper)
//! goes through [`Console`], so that these flags hold everywhere.

use std::io::IsTerminal;
use std::time::Instant;

use anstyle::{AnsiColor, Style};
use clap::{Args, ValueEnum};

use crate::diagnostic::{self, Colour, Diagnostic, Severity};
use crate::load::Source;

/// Options every subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// When to colour messages: `auto` colours a terminal that supports it (not `TERM=dumb`)
    /// unless `NO_COLOR` or `CLICOLOR=0` is set, and any stream when `CLICOLOR_FORCE` is.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print errors only: no warnings, notes or progress.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each step (load, validate, compute, render, write) with its timing.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// A reference data file extending or overriding the built-in dataset
    /// (`wattprint schema reference-data`).
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<std::path::PathBuf>,
    /// Treat every warning as an error: a disclosure with any finding is not reported.
    #[arg(long, global = true)]
    pub strict: bool,
    /// Refuse input files larger than this many MiB (telemetry logs, which are streamed, are
    /// not bound by it).
    #[arg(long, global = true, value_name = "MIB", default_value_t = 16)]
    pub max_input_size: u64,
    /// Refuse YAML nested deeper than this.
    #[arg(long, global = true, value_name = "LEVELS", default_value_t = 64)]
    pub max_depth: usize,
    /// Refuse YAML that expands to more values than this, counting alias expansions.
    #[arg(long, global = true, value_name = "VALUES", default_value_t = 500_000)]
    pub max_nodes: usize,
    /// Refuse disclosures that ask for more Monte Carlo draws than this.
    #[arg(long, global = true, value_name = "DRAWS", default_value_t = 1_000_000)]
    pub max_draws: u32,
    /// Stop a report (or a verification) whose rendering holds more than this many MiB of
    /// memory: a template's loops can otherwise build a document of any size (Linux).
    #[arg(long, global = true, value_name = "MIB", default_value_t = 2048)]
    pub max_memory: u64,
    /// Stop a report (or a verification) whose rendering takes longer than this: a template's
    /// loops can otherwise run without end.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 300)]
    pub max_render_seconds: u64,
}

impl GlobalArgs {
    /// The input limits the flags set.
    #[must_use]
    pub fn limits(&self) -> crate::load::Limits {
        crate::load::Limits {
            max_bytes: self.max_input_size.saturating_mul(1024 * 1024),
            max_depth: self.max_depth,
            max_nodes: self.max_nodes,
            max_draws: self.max_draws,
            max_memory_mib: self.max_memory,
            max_render_seconds: self.max_render_seconds,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal that supports it, as `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and
    /// `TERM` say.
    Auto,
    /// Always colour, even into a pipe.
    Always,
    /// Never colour.
    Never,
}

/// How much a command says besides its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings and notes.
    Normal,
    /// Also each step of the pipeline.
    Verbose,
}

/// What the environment says about colour, read by anstyle-query, which follows the
/// conventions of no-color.org (`NO_COLOR`), bixense.com/clicolors (`CLICOLOR`,
/// `CLICOLOR_FORCE`) and terminfo (`TERM=dumb` has no colour).
#[derive(Debug, Clone, Copy, Default)]
struct Environment {
    /// `NO_COLOR` is set and not empty.
    no_color: bool,
    /// `CLICOLOR`: `Some(false)` for `0`.
    clicolor: Option<bool>,
    /// `CLICOLOR_FORCE` is set and not `0`.
    clicolor_force: bool,
    /// `TERM` names a terminal with colour (not `dumb`), or a CI system runs, whose log
    /// viewers show colour.
    term_supports_color: bool,
}

impl Environment {
    fn read() -> Environment {
        Environment {
            no_color: anstyle_query::no_color(),
            clicolor: anstyle_query::clicolor(),
            clicolor_force: anstyle_query::clicolor_force(),
            term_supports_color: anstyle_query::term_supports_color() || anstyle_query::is_ci(),
        }
    }
}

/// Whether a stream gets colour: `--color always` or `never` decides when given; else, in the
/// order anstream follows, `NO_COLOR` turns it off, `CLICOLOR_FORCE` on, `CLICOLOR=0` off, and
/// a terminal gets it when `TERM` supports colour (or `CLICOLOR=1`, or in CI).
fn colour(choice: ColorChoice, terminal: bool, env: Environment) -> Colour {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !env.no_color
                && (env.clicolor_force
                    || (env.clicolor != Some(false)
                        && terminal
                        && (env.term_supports_color || env.clicolor == Some(true))))
        }
    };
    if on { Colour::Ansi } else { Colour::Never }
}

/// The two streams' colour and the verbosity, decided once from the flags and environment.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    stdout: Colour,
    stderr: Colour,
    /// Whether standard error is a terminal, where progress can be redrawn in place.
    stderr_terminal: bool,
    verbosity: Verbosity,
    started: Instant,
}

impl Console {
    /// Decides colour and verbosity from `args`, the environment and the terminals attached.
    #[must_use]
    pub fn new(args: &GlobalArgs) -> Console {
        let env = Environment::read();
        let verbosity = if args.quiet {
            Verbosity::Quiet
        } else if args.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        Console {
            stdout: colour(args.color, std::io::stdout().is_terminal(), env),
            stderr: colour(args.color, std::io::stderr().is_terminal(), env),
            stderr_terminal: std::io::stderr().is_terminal(),
            verbosity,
            started: Instant::now(),
        }
    }

    /// Colour for text written to standard output.
    #[must_use]
    pub fn stdout_colour(&self) -> Colour {
        self.stdout
    }

    /// How much to say.
    #[must_use]
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// The findings worth showing at this verbosity: `--quiet` keeps errors only.
    #[must_use]
    pub fn shown<'a>(&self, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
        diagnostics
            .iter()
            .filter(|d| self.verbosity > Verbosity::Quiet || d.severity == Severity::Error)
            .collect()
    }

    /// Prints `diagnostics` to standard error, as `--quiet` allows.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic], sources: &[Source]) {
        let shown: Vec<Diagnostic> = self.shown(diagnostics).into_iter().cloned().collect();
        if !shown.is_empty() {
            eprint!("{}", diagnostic::render_human(&shown, sources, self.stderr));
        }
    }

    /// Whether to show progress: standard error is a terminal and `--quiet` is not given.
    #[must_use]
    pub fn shows_progress(&self) -> bool {
        self.stderr_terminal && self.verbosity > Verbosity::Quiet
    }

    /// A note for people (`wrote report.pdf`), silenced by `--quiet`.
    pub fn note(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            let style = self.style(Style::new().bold());
            eprintln!("{style}note{style:#}: {message}");
        }
    }

    /// A step of the pipeline with the time since the start, shown by `--verbose` only.
    pub fn step(&self, message: &str) {
        if self.verbosity == Verbosity::Verbose {
            let elapsed = self.started.elapsed().as_secs_f64() * 1000.0;
            let style = self.style(Style::new().fg_color(Some(AnsiColor::Cyan.into())));
            eprintln!("{style}{elapsed:>8.1} ms{style:#} {message}");
        }
    }

    /// An error of the tool itself, with its causes and a hint; always printed.
    pub fn error(&self, error: &dyn std::error::Error, hint: Option<&str>) {
        let red = self.style(Style::new().bold().fg_color(Some(AnsiColor::Red.into())));
        let bold = self.style(Style::new().bold());
        eprintln!("{red}error{red:#}{bold}: {error}{bold:#}");
        let mut cause = error.source();
        while let Some(c) = cause {
            eprintln!("  caused by: {c}");
            cause = c.source();
        }
        if let Some(hint) = hint {
            eprintln!("  {bold}hint{bold:#}: {hint}");
        }
    }

    fn style(&self, style: Style) -> Style {
        match self.stderr {
            Colour::Ansi => style,
            Colour::Never => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_terminal_conventions() {
        let terminal = Environment {
            term_supports_color: true,
            ..Environment::default()
        };
        assert_eq!(colour(ColorChoice::Auto, true, terminal), Colour::Ansi);
        assert_eq!(colour(ColorChoice::Auto, false, terminal), Colour::Never);
        assert_eq!(colour(ColorChoice::Never, true, terminal), Colour::Never);
        // TERM=dumb: a terminal without colour.
        let dumb = Environment::default();
        assert_eq!(colour(ColorChoice::Auto, true, dumb), Colour::Never);
        // NO_COLOR wins over everything but an explicit --color always (no-color.org).
        let no_color = Environment {
            no_color: true,
            clicolor_force: true,
            ..terminal
        };
        assert_eq!(colour(ColorChoice::Auto, true, no_color), Colour::Never);
        assert_eq!(colour(ColorChoice::Always, false, no_color), Colour::Ansi);
        // CLICOLOR_FORCE colours a pipe; CLICOLOR=0 keeps a terminal plain.
        let forced = Environment {
            clicolor_force: true,
            ..dumb
        };
        assert_eq!(colour(ColorChoice::Auto, false, forced), Colour::Ansi);
        let off = Environment {
            clicolor: Some(false),
            ..terminal
        };
        assert_eq!(colour(ColorChoice::Auto, true, off), Colour::Never);
    }
}
