//! `wattprint templates`

use std::fmt::Write as _;

use super::{Outcome, print};
use crate::error::Error;
use crate::render::Template;

pub(super) fn run() -> Result<Outcome, Error> {
    let mut text = String::new();
    for (name, description) in Template::builtins() {
        let _ = writeln!(text, "{name:<12} {description}");
    }
    print(&text)?;
    Ok(Outcome::Clean)
}
