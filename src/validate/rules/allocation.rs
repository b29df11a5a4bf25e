//! `allocation`: a model's training allocation is one share between 0 and 1, or expected
//! lifetime units of a declared functional unit.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "allocation",
    summary: "a training allocation gives either a share between 0 and 1 or the expected lifetime units of one declared functional unit, at least the units this period served",
    why: "Allocated training emissions are reported beside the inventory; an allocation above 100 %, or split over units that were never served, would overstate or hide them.",
    example: "allocation: { share: 1.2 }   # fix: allocation: { expected_lifetime_units: { request: 9.2e9 } }",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (k, model) in d.system.models.iter().enumerate() {
        let Some(allocation) = &model.allocation else {
            continue;
        };
        let at = format!("/system/models/{k}/allocation");
        let units = &allocation.expected_lifetime_units;
        match (allocation.share, units.len()) {
            (Some(_), 0) | (None, 1) => {}
            (None, 0) => out.push(
                Diagnostic::error(
                    RULE.code,
                    "the allocation gives neither a share nor expected lifetime units",
                )
                .at(&at)
                .help("give `share: 0.05` or `expected_lifetime_units: { request: 9.2e9 }`"),
            ),
            _ => out.push(
                Diagnostic::error(RULE.code, "the allocation gives more than one basis")
                    .at(&at)
                    .help("keep either `share` or a single entry of `expected_lifetime_units`"),
            ),
        }
        if let Some(share) = allocation.share
            && !(0.0..=1.0).contains(&share)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the share {share} is not between 0 and 1"),
                )
                .at(format!("{at}/share"))
                .help("write the share of the training attributed to this period, e.g. 0.05"),
            );
        }
        for (unit, expected) in units {
            let pointer = format!("{at}/expected_lifetime_units/{}", escape_key(unit));
            if !d.functional_units.iter().any(|f| &f.id == unit) {
                out.push(
                    Diagnostic::error(RULE.code, format!("no functional unit has the id `{unit}`"))
                        .at(&pointer)
                        .help("use the id of a declared functional unit"),
                );
            } else if !(expected.is_finite() && *expected > 0.0) {
                out.push(
                    Diagnostic::error(RULE.code, "expected lifetime units must be above zero")
                        .at(&pointer)
                        .help("write how many units the model is expected to serve over its life"),
                );
            } else {
                // The period's share is served ÷ expected: above 1, more than the whole
                // training would be attributed to one period.
                let served = d.units_served(&model.id, unit);
                if served > *expected {
                    let count = crate::text::number::plain;
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            format!(
                                "the period served {} units of `{unit}`, more than the {} expected over the model's whole life: more than its whole training would be attributed to this period",
                                count(served),
                                count(*expected)
                            ),
                        )
                        .at(&pointer)
                        .help("write the units the model is now expected to serve over its whole life, this period's included"),
                    );
                }
            }
        }
    }
}
