//! `wattprint schema [disclosure|results|reference-data|context|report]`

use clap::{Args, ValueEnum};

use super::{Outcome, print};
use crate::compute;
use crate::error::Error;

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema: of the input, of `compute --format json`'s output, of a `--data` file, or
    /// of what a report template reads.
    #[arg(value_enum, default_value_t = Which::Disclosure)]
    pub which: Which,
}

/// The schemas wattprint publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// The input format (`schemas/disclosure.schema.json`).
    Disclosure,
    /// The results `compute --format json` prints (`schemas/results.schema.json`).
    Results,
    /// Reference data files given with `--data` (`schemas/reference-data.schema.json`).
    ReferenceData,
    /// What a report template reads (`schemas/context.schema.json`).
    Context,
    /// A JSON report, `{ manifest, results }` (`schemas/report.schema.json`).
    Report,
}

/// The schema as checked in under `schemas/`.
#[must_use]
pub fn text(which: Which) -> String {
    let mut schema = match which {
        Which::Disclosure => crate::validate::schema(),
        Which::Results => compute::schema(),
        Which::ReferenceData => crate::reference::UserData::schema(),
        Which::Context => crate::render::context::schema(),
        Which::Report => crate::render::report_schema(),
    };
    crate::model::standard_formats(&mut schema);
    // Serialising a JSON value cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

pub(super) fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    print(&text(args.which))?;
    Ok(Outcome::Clean)
}
