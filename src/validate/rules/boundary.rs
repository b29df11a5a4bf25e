//! `boundary`: every measurement says what its meter saw.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{BoundaryPart, Disclosure};

/// The part as written in the YAML: its serde name, so the two cannot drift apart.
fn part_key(part: BoundaryPart) -> String {
    serde_json::to_value(part)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub static RULE: Rule = Rule {
    code: "boundary",
    summary: "every measurement lists at least one part of the system in its boundary, and completes it only with parts outside it, never a meter at the facility's supply, each by one share (a fraction of the measured energy, at most 10) or energy",
    why: "Without a boundary a reader cannot tell whether the figure covers accelerators only or the whole serving system; Elsworth et al. 2025 show the two can differ by a factor of more than two.",
    example: "boundary: []   # fix: boundary: [accelerators, host]",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        for (part, completion) in &m.completion {
            let at = format!("/measurements/{i}/completion/{}", part_key(*part));
            let mut problem = |message: String, help: &str| {
                out.push(
                    Diagnostic::error(RULE.code, message)
                        .at(&at)
                        .help(help.to_owned()),
                );
            };
            if *part == BoundaryPart::Facility {
                problem(
                    "facility overhead cannot be completed here".to_owned(),
                    "give the site's `pue`; facility overhead is added through it",
                );
            } else if m.boundary.contains(&BoundaryPart::Facility) {
                // An attack of 2026-12-02: the part was taken as facility energy, then the
                // PUE taken out of it, and the meter's own figure said to be the facility's.
                problem(
                    format!(
                        "`{}` completes a meter at the facility's supply: the part's IT energy would need its own share of the overhead, which the meter's figure cannot separate",
                        part_key(*part)
                    ),
                    "give the part as a measurement of its own (its energy, `boundary` without `facility`, the same site), so that the site's PUE adds its overhead",
                );
            } else if m.boundary.contains(part) {
                problem(
                    format!(
                        "`{}` is inside the meter's boundary and would be counted twice",
                        part_key(*part)
                    ),
                    "remove it from `completion` or from `boundary`",
                );
            }
            match (completion.share, completion.energy) {
                (Some(share), None) if !(share.is_finite() && share >= 0.0) => problem(
                    format!("the share {share} is negative or not finite"),
                    "write the part's energy as a share of the measured energy, e.g. 0.43",
                ),
                // A percentage written as a number (43 for 43 %) makes the part draw 43 times
                // what the meter measured.
                (Some(share), None) if share > 10.0 => out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("the share {share} makes this part draw {share} times the measured energy"),
                    )
                    .at(format!("{at}/share"))
                    .help("write the share as a fraction of the measured energy: 0.43 for 43 %"),
                ),
                (Some(share), None) if share > 1.0 => out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!("the share {share} makes this part draw more than the measured energy itself"),
                    )
                    .at(format!("{at}/share"))
                    .help("check that the share is a fraction of the measured energy (0.43 for 43 %)"),
                ),
                (Some(_), None) | (None, Some(_)) => {}
                _ => problem(
                    "give either `share` or `energy`".to_owned(),
                    "e.g. `share: 0.43` (of the measured energy) or `energy: 1.2 MWh`",
                ),
            }
        }
        if m.boundary.is_empty() {
            out.push(
                Diagnostic::error(RULE.code, "the boundary is empty")
                    .at(format!("/measurements/{i}/boundary"))
                    .help("list what the meter saw: accelerators, host, idle_capacity, networking, storage, facility"),
            );
        }
    }
}
