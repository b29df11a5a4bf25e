//! `wattprint explain CODE`

use std::fmt::Write as _;

use clap::Args;

use super::{Outcome, print};
use crate::check;
use crate::diagnostic::CodeKind;
use crate::error::Error;
use crate::text::suggest;

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. `pue`; without one, every rule is listed.
    pub code: Option<String>,
}

pub(super) fn run(args: &ExplainArgs) -> Result<Outcome, Error> {
    let codes = check::codes();
    let Some(code) = &args.code else {
        let mut text = String::new();
        for rule in codes
            .iter()
            .filter(|c| matches!(c.kind, CodeKind::Rule { .. }))
        {
            let _ = writeln!(text, "{:<26} {}", rule.code, rule.summary);
        }
        print(&text)?;
        return Ok(Outcome::Clean);
    };
    let Some(found) = codes.iter().find(|c| c.code == code) else {
        let nearest = suggest::nearest(code, codes.iter().map(|c| c.code));
        let hint = match suggest::did_you_mean(&nearest) {
            Some(question) => format!("{question} `wattprint explain` lists the codes"),
            None => "`wattprint explain` lists the codes".to_owned(),
        };
        return Err(Error::Usage {
            message: format!("no rule has the code `{code}`"),
            hint: Some(hint),
        });
    };
    print(&found.explanation())?;
    Ok(Outcome::Clean)
}
