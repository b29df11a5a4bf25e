//! `wattprint explain CODE`

use std::fmt::Write as _;

use clap::Args;

use super::{Outcome, print};
use crate::error::Error;
use crate::validate::rules;

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. `pue`; without one, every rule is listed.
    pub code: Option<String>,
}

pub(super) fn run(args: &ExplainArgs) -> Result<Outcome, Error> {
    let Some(code) = &args.code else {
        let mut text = String::new();
        for rule in rules::RULES {
            let _ = writeln!(text, "{:<26} {}", rule.code, rule.summary);
        }
        print(&text)?;
        return Ok(Outcome::Clean);
    };
    let Some(rule) = rules::find(code) else {
        let what = crate::diagnostic::structural(code).ok_or_else(|| Error::Usage {
            message: format!("no rule has the code `{code}`"),
            hint: Some("`wattprint explain` lists the codes".to_owned()),
        })?;
        if crate::reference::resolve::CODES
            .iter()
            .any(|(c, _)| c == code)
        {
            print(&format!(
                "{code}: {what}\n\nWhy: a value taken from the reference data must come from a row that exists, so that the report can cite its source and year (`wattprint data` lists the rows).\n\nExample: `region: aws:eu-centrl-1` is not a region; write `region: aws:eu-central-1`.\n"
            ))?;
            return Ok(Outcome::Clean);
        }
        print(&format!(
            "{code}: {what}\n\nA check of the file's form against the JSON Schema (`wattprint schema`); the finding's help line says how to fix it.\n"
        ))?;
        return Ok(Outcome::Clean);
    };
    print(&format!(
        "{}: {}\n\nWhy: {}\n\nExample: {}\n",
        rule.code, rule.summary, rule.why, rule.example
    ))?;
    Ok(Outcome::Clean)
}
