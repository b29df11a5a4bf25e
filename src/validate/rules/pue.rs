//! `pue`: a PUE is at least 1, and a very high one is worth a second look.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, PUE_PLAUSIBLE_MAX};

pub static RULE: Rule = Rule {
    code: "pue",
    summary: "PUE is at least 1 (error) and at most 3 (warning above)",
    why: "PUE is facility energy over IT energy (ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III); below 1 the facility would create energy. Values above 3 are far outside what data centres report and usually a typo.",
    example: "pue: { value: 0.9, … }   # fix: the operator's reported PUE, e.g. value: 1.35",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (at, site) in super::sites(d) {
        let Some(pue) = &site.pue else { continue };
        let pointer = format!("{at}/pue/value");
        if !pue.value.is_finite() || pue.value < 1.0 {
            out.push(
                Diagnostic::error(RULE.code, format!("PUE {} is below 1", pue.value))
                    .at(pointer)
                    .help("PUE is facility energy ÷ IT energy, so it is at least 1; check the operator's report")
                    .required_by("ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III (PUE)"),
            );
        } else if pue.value > PUE_PLAUSIBLE_MAX {
            out.push(
                Diagnostic::warning(RULE.code, format!("PUE {} is implausibly high", pue.value))
                    .at(pointer)
                    .help("data centres report PUEs between about 1.05 and 2; check the value"),
            );
        }
    }
}
