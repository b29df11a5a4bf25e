//! The `wattprint` binary: parse the command line, run it, print any error with its causes,
//! and exit 0 (done, clean), 1 (findings at error level) or 2 (usage or I/O error).

use std::process::ExitCode;

use clap::Parser;
use wattprint::cli::{Cli, Console, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
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
