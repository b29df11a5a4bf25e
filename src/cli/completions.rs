//! `wattprint completions SHELL` and `wattprint man`: generated from the command-line
//! definition, so they never drift from it.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome, print};
use crate::error::Error;
use crate::output;

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

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write a page for every command into this folder (`wattprint.1`, `wattprint-validate.1`,
    /// …) instead of printing the top-level page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The EXIT STATUS section every page ends with, in roff: the codes `main` returns, the same
/// for every command.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Done: no finding at error level.
.TP
\fB1\fR
Findings at error level were reported (validate, compute, report, verify, export), a report
did not verify, or a change passed diff's \fB\-\-fail\-above\fR.
.TP
\fB2\fR
A usage or input/output error: a bad option, a file that cannot be read or written, reference
data that does not load.
"#;

/// The page of `command` in roff, with its EXIT STATUS.
fn page(command: clap::Command) -> Result<String, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(Error::Stdout)?;
    let mut page = String::from_utf8_lossy(&page).into_owned();
    page.push_str(EXIT_STATUS);
    Ok(page)
}

pub(super) fn man(args: &ManArgs) -> Result<Outcome, Error> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let Some(dir) = &args.dir else {
        print(&page(root)?)?;
        return Ok(Outcome::Clean);
    };
    // The top-level page names each command's page `wattprint-NAME(1)`: write them all.
    let mut commands = vec![root.clone()];
    let mut next = 0;
    while next < commands.len() {
        let children: Vec<clap::Command> = commands[next]
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .cloned()
            .collect();
        commands.extend(children);
        next += 1;
    }
    std::fs::create_dir_all(dir).map_err(|source| output::WriteError {
        path: dir.clone(),
        source,
    })?;
    for command in commands {
        let name = format!(
            "{}.1",
            command.get_display_name().unwrap_or(command.get_name())
        );
        output::write_atomic(&dir.join(name), page(command)?.as_bytes())?;
    }
    Ok(Outcome::Clean)
}
