//! `no-workload`: inference energy says how much service it delivered.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Phase};

pub static RULE: Rule = Rule {
    code: "no-workload",
    summary: "an inference measurement gives its workload, and no count of it is 0, so per-unit figures can be computed (warning)",
    why: "ISO/IEC 21031 (SCI) expresses the footprint per functional unit; without a count of units served, the energy of a request cannot be reported.",
    example: "phase: inference   # and no workload; fix: workload: { request: 18400000 }",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        if m.phase == Phase::Inference && m.workload.is_empty() {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    "inference energy with no workload: no per-unit figure can be given",
                )
                .at(format!("/measurements/{i}"))
                .help("add the units served, e.g. `workload: { request: 18400000 }`"),
            );
        }
        // A count of 0 states that nothing was served: the energy has no unit to fall on.
        for (unit, count) in &m.workload {
            if *count == 0.0 {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!("the workload counts 0 `{unit}`: no per-unit figure can be given for this energy"),
                    )
                    .at(format!("/measurements/{i}/workload/{}", crate::load::escape_key(unit)))
                    .help("give the units served in the measurement's period, e.g. `request: 18400000`, or leave the unit out"),
                );
            }
        }
    }
}
