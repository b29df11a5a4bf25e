//! `claim`: a net-positive claim is supported by its own assessment, and its shares can be.

use super::Rule;
use crate::compute::Results;
use crate::compute::claims::Verdict;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "claim",
    summary: "a net-positive claim's statement is supported by its assessment (warning), and its shares lie between 0 and 1",
    why: "Directive (EU) 2024/825 (business-to-consumer commercial practices) bans generic environmental claims and claims of neutral, reduced or positive impact based on offsetting; the WBCSD Guidance on Avoided Emissions (2023) sets three eligibility gates (§4) and assesses avoided emissions in five steps (§5.2), the solution's life cycle, and so the AI system's own footprint, among them. wattprint screens a claim against these and its own stated policies; the result is not a legal conclusion.",
    example: "statement: \"EcoChat saves the planet\" with offsets; fix: state the avoided emissions a measured pilot supports, without offsets",
    check,
};

fn check(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    let inventory = d
        .organisation
        .climate_action
        .as_ref()
        .and_then(|a| a.inventory.as_ref());
    if let Some(inventory) = inventory {
        for (k, scope) in inventory.scopes.iter().enumerate() {
            if !(1..=3).contains(scope) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("Scope {scope} is not a GHG Protocol scope"),
                    )
                    .at(format!("/organisation/climate_action/inventory/scopes/{k}"))
                    .help("list the scopes the inventory covers, from 1, 2 and 3"),
                );
            }
        }
    }
    let mut assessable = vec![true; d.claims.len()];
    for (i, claim) in d.claims.iter().enumerate() {
        if !(0.0..=1.0).contains(&claim.attribution.share) {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "an attribution share of {} is not between 0 and 1",
                        claim.attribution.share
                    ),
                )
                .at(format!("/claims/{i}/attribution/share"))
                .help(
                    "write the share of the avoided emissions the organisation may claim, e.g. 0.5",
                ),
            );
        }
        if !(claim.volume.is_finite() && claim.volume >= 0.0) {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "the volume is not a number of units of at least 0",
                )
                .at(format!("/claims/{i}/volume"))
                .help("write the units delivered over the reporting period"),
            );
        }
    }
    // Fail closed where the arithmetic leaves the numbers (the bounds of rule `plausible` keep
    // it within them): a step that is no number passes no criterion.
    for (i, assessed) in results.claims.iter().enumerate() {
        if assessable.get(i).copied().unwrap_or(false)
            && let Some(step) = assessed.steps.iter().find(|s| !s.value.is_finite())
        {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the claim's {} is no finite number", step.label),
                )
                .at(format!("/claims/{i}/volume"))
                .help("check `volume` and the scenarios' `emissions_per_unit`: their product is beyond what a number holds"),
            );
        }
    }
    // A verdict on a claim whose share or volume is out of range would judge numbers that
    // mean nothing: that claim has its finding already.
    let claims = results
        .claims
        .iter()
        .enumerate()
        .filter(|(i, _)| assessable.get(*i).copied().unwrap_or(false));
    for (i, assessed) in claims {
        if assessed.verdict == Verdict::MeetsCriteria {
            continue;
        }
        let reasons: Vec<String> = assessed
            .criteria
            .iter()
            .filter(|c| assessed.decided_by.contains(&c.id))
            .map(|c| format!("{}: {}", c.id, c.reason))
            .collect();
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "the statement {}: {}",
                    assessed.verdict.label(),
                    reasons.join("; ")
                ),
            )
            .at(format!("/claims/{i}/statement"))
            .help("publish only a statement that meets the criteria; `wattprint report FILE -t net-positive` shows each criterion, its source and its reason"),
        );
    }
}
