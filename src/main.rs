//! The `wattprint` binary: parse the command line, run it, print any error with its causes,
//! and exit 0 (done, clean), 1 (findings at error level) or 2 (usage or I/O error).

use std::process::ExitCode;

use clap::Parser;
use wattprint::cli::{Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match wattprint::cli::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            let mut cause = std::error::Error::source(&error);
            while let Some(c) = cause {
                eprintln!("  caused by: {c}");
                cause = c.source();
            }
            if let Some(hint) = error.hint() {
                eprintln!("  hint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}
