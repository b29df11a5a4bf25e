//! `wattprint completions SHELL` and `wattprint man`: generated from the command-line
//! definition, so they never drift from it.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome, print};
use crate::error::Error;

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
}

pub(super) fn completions(args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "wattprint", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Clean)
}

pub(super) fn man() -> Result<Outcome, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(Error::Stdout)?;
    print(&String::from_utf8_lossy(&page))?;
    Ok(Outcome::Clean)
}
