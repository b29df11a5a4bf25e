//! The `wattprint` binary: parse the command line, run it, print any error with its causes,
//! and exit 0 (done, clean), 1 (findings at error level) or 2 (usage or I/O error).

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use wattprint::cli::{Cli, Console, Outcome};

/// The colour `--color` asks for, read before clap parses, so that clap's own help and usage
/// errors obey it too (with `auto`, clap follows `NO_COLOR`, `CLICOLOR` and `TERM` itself).
fn colour_asked() -> clap::ColorChoice {
    let mut args = std::env::args_os().skip(1);
    let mut asked = None;
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--color") => args.next(),
            Some(text) => text.strip_prefix("--color=").map(Into::into),
            None => None,
        };
        if let Some(value) = value {
            asked = value.into_string().ok();
        }
    }
    match asked.as_deref() {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

fn main() -> ExitCode {
    let matches = Cli::command().color(colour_asked()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let console = Console::new(&cli.global);
    match wattprint::cli::run(&cli, &console) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            console.error(&error, error.hint());
            ExitCode::from(2)
        }
    }
}
