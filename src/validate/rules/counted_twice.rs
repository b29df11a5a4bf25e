//! `counted-twice`: units of service are counted once, not once per measurement of them.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::Disclosure;
use crate::text::number::plain;

pub static RULE: Rule = Rule {
    code: "counted-twice",
    summary: "two measurements of one model, phase and time do not both count the same units of service (warning)",
    why: "Per-unit figures divide the energy of every measurement by the units all of them count (ISO/IEC 21031, SCI). Two measurements of one training run (its dynamic and its idle energy, say), each with `workload: { run: 1 }`, count two runs and halve the energy per run: BLOOM's 50.5 t per run would read 25.27 t.",
    example: "two measurements of one run, each with workload: { run: 1 }   # fix: keep the workload in one of them",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (j, later) in d.measurements.iter().enumerate() {
        for earlier in &d.measurements[..j] {
            let (a, b) = (d.period_of(earlier), d.period_of(later));
            let overlap = a.start <= b.end && b.start <= a.end;
            if earlier.model != later.model || earlier.phase != later.phase || !overlap {
                continue;
            }
            for (unit, count) in &later.workload {
                if earlier.workload.get(unit) != Some(count) || *count <= 0.0 {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "`{unit}` is counted here and in `{}` alike ({} each), so per-unit figures count {} in all",
                            earlier.id,
                            plain(*count),
                            plain(count * 2.0)
                        ),
                    )
                    .at(format!("/measurements/{j}/workload/{}", escape_key(unit)))
                    .help("if both measure parts of the same work (dynamic and idle energy of one run, say), keep its workload in one of them"),
                );
            }
        }
    }
}
