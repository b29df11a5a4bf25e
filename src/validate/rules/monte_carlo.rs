//! `monte-carlo`: the simulation that gives the 95 % intervals draws enough to place their ends.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "monte-carlo",
    summary: "`methodology.monte_carlo.draws` is at least 1,000",
    why: "A 95 % interval's ends are the 2.5th and 97.5th percentiles of the draws: with 2 draws they are two random values, which may both lie above the central figure, and with none there is no interval at all. At 1,000 draws each end rests on 25 draws beyond it.",
    example: "monte_carlo: { draws: 2 }   # fix: leave `draws` out (10,000) or write at least 1000",
    check: Check::Disclosure(check),
};

/// The fewest draws that place a 95 % interval's ends on 25 draws each.
pub const FEWEST_DRAWS: u32 = 1_000;

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let draws = d.methodology.monte_carlo.draws;
    if draws < FEWEST_DRAWS {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("{draws} draws are too few to place the ends of a 95 % interval"),
            )
            .at("/methodology/monte_carlo/draws")
            .help("leave `draws` out for 10,000, or write at least 1000"),
        );
    }
}
