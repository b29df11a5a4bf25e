//! `wattprint schema`

use super::{Outcome, print};
use crate::error::Error;
use crate::model;

/// The schema as checked in at `schemas/disclosure.schema.json`.
#[must_use]
pub fn text() -> String {
    // Serialising a JSON value cannot fail.
    let mut text = serde_json::to_string_pretty(&model::schema()).unwrap_or_default();
    text.push('\n');
    text
}

pub(super) fn run() -> Result<Outcome, Error> {
    print(&text())?;
    Ok(Outcome::Clean)
}
