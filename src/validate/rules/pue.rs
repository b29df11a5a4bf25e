//! `pue`: a PUE is at least 1, and a very high one is worth a second look.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, PUE_PLAUSIBLE_MAX};

pub static RULE: Rule = Rule {
    code: "pue",
    summary: "PUE is at least 1 (error), so is the low end of its uncertainty range (error), and at most 3 (warning above)",
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
                    .at(pointer.clone())
                    .help("PUE is facility energy ÷ IT energy, so it is at least 1; check the operator's report")
                    .required_by("ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III (PUE)"),
            );
        } else if let Some(low) = pue.uncertainty.map(|u| pue.value * u.low_end())
            // Below zero, rule `negative` names the range; `1.14 ÷ 1.14` may round below 1
            // (helper 75), so a hair under it is 1.
            && (0.0..1.0 - 1e-9).contains(&low)
        {
            // The draws of a PUE stop at 1 (`compute::uncertainty`); a stated range that goes
            // below it would pile them there and narrow the interval (an attack of 2026-12-03,
            // helper 74: PUE 1.05 ± 10 % put facility energy below the metered IT energy).
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "the uncertainty reaches PUE {} at its low end, below 1",
                        crate::text::number::significant(low, 3)
                    ),
                )
                .at(format!("{at}/pue/uncertainty"))
                .help(format!(
                    "PUE is at least 1, so its range may start at most {} % below {}: write a smaller spread, or `{{ distribution: triangular, below: …, above: … }}` for an uneven one",
                    crate::text::number::plain(((pue.value - 1.0) / pue.value * 100.0 * 10.0).floor() / 10.0),
                    pue.value
                ))
                .required_by("ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III (PUE)"),
            );
        }
        if pue.value.is_finite() && pue.value > PUE_PLAUSIBLE_MAX {
            out.push(
                Diagnostic::warning(RULE.code, format!("PUE {} is implausibly high", pue.value))
                    .at(pointer)
                    .help("data centres report PUEs between about 1.05 and 2; check the value"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::diagnostic::Severity;

    /// The (severity, pointer) of each finding of the rule on the minimal fixture with its PUE
    /// written `pue`.
    fn flagged(pue: &str) -> Vec<(Severity, String)> {
        let disclosure =
            super::super::minimal_edited(&[("pue: { value: 1.35,", &format!("pue: {{ {pue},"))]);
        let mut out = Vec::new();
        check(&disclosure, &mut out);
        out.into_iter().map(|d| (d.severity, d.pointer)).collect()
    }

    #[test]
    fn the_low_end_of_a_pues_range_is_at_least_one() {
        let at = "/sites/0/pue/uncertainty".to_owned();
        assert!(flagged("value: 1.35, uncertainty: 10%").is_empty());
        // 1.05 × (1 − 10 %) = 0.945 (helper 74's case).
        assert_eq!(
            flagged("value: 1.05, uncertainty: 10%"),
            vec![(Severity::Error, at.clone())]
        );
        // 1.2 × (1 − 20 %) = 0.96; 1.2 ÷ 1.25 = 0.96 for a log-normal ×/÷ 1.25.
        for spread in [
            "{ distribution: uniform, below: 20%, above: 20% }",
            "{ distribution: lognormal, relative: 25% }",
        ] {
            assert_eq!(
                flagged(&format!("value: 1.2, uncertainty: {spread}")),
                vec![(Severity::Error, at.clone())],
                "{spread}"
            );
        }
        // At 1 exactly, though its arithmetic rounds below (1.14 ÷ 1.14).
        assert!(
            flagged("value: 1.14, uncertainty: { distribution: lognormal, relative: 14% }")
                .is_empty()
        );
        // An uneven range that stays above 1: 1.2 × (1 − 15 %) = 1.02.
        assert!(
            flagged(
                "value: 1.2, uncertainty: { distribution: triangular, below: 15%, above: 40% }"
            )
            .is_empty()
        );
    }
}
