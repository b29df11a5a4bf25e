//! `wattprint init [--role R] [--operation O] [-o FILE]`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Console, Outcome};
use crate::error::Error;
use crate::model::{Operation, Role, starter};
use crate::output;

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The organisation's role under the EU AI Act.
    #[arg(long, value_enum, default_value_t = RoleArg::Deployer)]
    pub role: RoleArg,
    /// Who operates the site where the energy is used.
    #[arg(long, value_enum, default_value_t = OperationArg::Colocation)]
    pub operation: OperationArg,
    /// The file to write; an existing file is replaced only with --force.
    #[arg(long, short, default_value = "disclosure.yaml")]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Roles under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Develops the model and places it on the market.
    Provider,
    /// Uses the system under its authority.
    Deployer,
    /// Both.
    Both,
}

/// Site operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OperationArg {
    /// The organisation's own data centre.
    Own,
    /// Rented space in a colocation data centre.
    Colocation,
    /// A public cloud.
    Cloud,
}

pub(super) fn run(args: &InitArgs, console: &Console) -> Result<Outcome, Error> {
    output::refuse_replacing(&args.output, args.force)?;
    let role = match args.role {
        RoleArg::Provider => Role::Provider,
        RoleArg::Deployer => Role::Deployer,
        RoleArg::Both => Role::Both,
    };
    let operation = match args.operation {
        OperationArg::Own => Operation::Own,
        OperationArg::Colocation => Operation::Colocation,
        OperationArg::Cloud => Operation::Cloud,
    };
    output::write_atomic(
        &args.output,
        starter::disclosure(role, operation).as_bytes(),
    )?;
    console.note(&format!(
        "wrote {}; replace the example values, then run `wattprint validate {}`",
        args.output.display(),
        args.output.display()
    ));
    Ok(Outcome::Clean)
}
