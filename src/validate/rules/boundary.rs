//! `boundary`: every measurement says what its meter saw.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "boundary",
    summary: "every measurement lists at least one part of the system in its boundary",
    why: "Without a boundary a reader cannot tell whether the figure covers accelerators only or the whole serving system; Elsworth et al. 2025 show the two can differ by a factor of more than two.",
    example: "boundary: []   # fix: boundary: [accelerators, host]",
    check,
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        if m.boundary.is_empty() {
            out.push(
                Diagnostic::error(RULE.code, "the boundary is empty")
                    .at(format!("/measurements/{i}/boundary"))
                    .help("list what the meter saw: accelerators, host, idle_capacity, networking, storage, facility"),
            );
        }
    }
}
