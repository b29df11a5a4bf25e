//! Net-positive impact claims, tested. Avoided emissions are computed the way the WBCSD
//! Guidance on Avoided Emissions (2023) lays out: the reference scenario (without the AI
//! system) less the solution scenario (with it), per functional unit, times the units
//! delivered; then the rebound effect taken off, then the organisation's attributed share;
//! then the AI system's own footprint over the same period set against it. The avoided
//! emissions are reported apart from the inventory and never netted into it (GHG Protocol).
//!
//! Each criterion passes, fails or is not evidenced, with its reason; the verdict follows from
//! them: any failure means the claim **does not meet** wattprint's screening criteria, else
//! anything not evidenced means **insufficient evidence**, else it **meets** them. The verdict
//! is a screening result, not a legal conclusion: whether a claim is lawful is for a court or
//! an authority to say.

use chrono::NaiveDate;
use serde::Serialize;

use super::Results;
use super::uncertainty::{self, Interval, TotalDraw};
use super::wording::Class;
use crate::model::quantity;
use crate::model::{Claim, Disclosure};

/// Evidence older than this many years before the end of the reporting period does not
/// substantiate a claim about that period.
pub const EVIDENCE_YEARS: i64 = 3;

/// How a criterion came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// The inputs do not say.
    NotEvidenced,
}

/// One criterion of the assessment.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Criterion {
    /// Stable identifier.
    pub id: &'static str,
    /// What it requires.
    pub requirement: &'static str,
    /// The text it comes from.
    pub basis: &'static str,
    /// How it came out.
    pub outcome: Outcome,
    /// Why.
    pub reason: String,
}

/// The screening result of a claim: whether it meets wattprint's criteria, never whether it is
/// lawful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every criterion passes.
    MeetsCriteria,
    /// At least one criterion fails.
    DoesNotMeet,
    /// None fails, but at least one is not evidenced.
    InsufficientEvidence,
}

impl Verdict {
    /// The verdict as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Verdict::MeetsCriteria => "meets wattprint's screening criteria",
            Verdict::DoesNotMeet => "does not meet wattprint's screening criteria",
            Verdict::InsufficientEvidence => "insufficient evidence",
        }
    }
}

/// A figure of the waterfall, kgCO2e, with its 95 % interval when inputs state uncertainties.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Step {
    /// What it is.
    pub label: &'static str,
    /// Its value, kgCO2e.
    pub value: f64,
    /// Its 95 % interval.
    pub interval: Option<Interval>,
}

/// A claim assessed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ClaimResult {
    /// The claim's id.
    pub id: String,
    /// From gross avoided emissions to the net figure: gross, after rebound, attributed,
    /// the AI system's footprint, net.
    pub steps: Vec<Step>,
    /// The criteria, in order.
    pub criteria: Vec<Criterion>,
    /// The verdict.
    pub verdict: Verdict,
    /// The criteria that decided it.
    pub decided_by: Vec<&'static str>,
}

/// The AI system's own footprint over the period, kgCO2e, as (operational, embodied,
/// training): location-based emissions of inference, embodied emissions attributed to the
/// period, and training: the share allocated to the period where an allocation is stated,
/// else the training measured in the period in full (never both, so nothing counts twice).
fn footprint(results: &Results) -> (f64, f64, f64) {
    let inference: f64 = results
        .measurements
        .iter()
        .filter(|m| m.phase == crate::model::Phase::Inference)
        .map(|m| m.location_based.value)
        .sum();
    let training: f64 = results
        .lifecycle
        .iter()
        .map(|l| match &l.allocated_training {
            Some(allocated) => allocated.value,
            None => results
                .measurements
                .iter()
                .filter(|m| m.model == l.model && m.phase != crate::model::Phase::Inference)
                .map(|m| m.location_based.value)
                .sum(),
        })
        .sum();
    (inference, results.total.embodied.value, training)
}

/// The waterfall's figures for one draw (or the central values).
fn waterfall(
    reference: f64,
    solution: f64,
    volume: f64,
    rebound: f64,
    share: f64,
    own: f64,
) -> [f64; 5] {
    let gross = (reference - solution) * volume;
    let after_rebound = gross * (1.0 - rebound);
    let attributed = after_rebound * share;
    [gross, after_rebound, attributed, own, attributed - own]
}

/// Assesses every claim of `disclosure` against its `results`, whose Monte Carlo draws of
/// the totals (from [`uncertainty::propagate`]) are `draws`.
#[must_use]
pub fn assess(
    disclosure: &Disclosure,
    results: &Results,
    draws: Option<&[TotalDraw]>,
) -> Vec<ClaimResult> {
    let (operational, embodied, training) = footprint(results);
    let own = operational + embodied + training;
    let settings = disclosure.methodology.monte_carlo;
    let n = usize::try_from(settings.draws.max(1)).unwrap_or(1);
    // The footprint's draws, where its inputs are uncertain: the operational part varies as
    // the location-based total does, embodied as drawn, training at its central value.
    let total = results.total.location_based.value;
    let share = if total > 0.0 {
        operational / total
    } else {
        0.0
    };
    let own_draws: Option<Vec<f64>> = draws.map(|d| {
        d.iter()
            .map(|t| t.location_kg * share + t.embodied_kg + training)
            .collect()
    });
    disclosure
        .claims
        .iter()
        .enumerate()
        .map(|(k, claim)| {
            let rebound = claim.rebound.as_ref().map_or(0.0, |r| {
                r.direct.fraction() + r.indirect.map_or(0.0, crate::model::Percent::fraction)
            });
            let share = claim.attribution.share;
            let central = waterfall(
                claim.reference.emissions_per_unit.value.kg(),
                claim.solution.emissions_per_unit.value.kg(),
                claim.volume,
                rebound,
                share,
                own,
            );
            let uncertain = claim.reference.emissions_per_unit.uncertainty.is_some()
                || claim.solution.emissions_per_unit.uncertainty.is_some()
                || own_draws.is_some();
            let seed = settings.seed.wrapping_add(1 + k as u64);
            let intervals: Option<Vec<Interval>> = uncertain.then(|| {
                let r = uncertainty::sample(
                    claim.reference.emissions_per_unit.value.kg(),
                    claim.reference.emissions_per_unit.uncertainty,
                    n,
                    seed,
                );
                let s = uncertainty::sample(
                    claim.solution.emissions_per_unit.value.kg(),
                    claim.solution.emissions_per_unit.uncertainty,
                    n,
                    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                );
                let draws: Vec<[f64; 5]> = (0..n)
                    .map(|i| {
                        let o = own_draws.as_ref().map_or(own, |d| d[i % d.len()]);
                        waterfall(r[i], s[i], claim.volume, rebound, share, o)
                    })
                    .collect();
                (0..5)
                    .map(|j| uncertainty::interval_of(draws.iter().map(|d| d[j]).collect()))
                    .collect()
            });
            let labels = [
                "gross avoided emissions",
                "after rebound",
                "attributed to the organisation",
                "the AI system's own footprint",
                "net impact",
            ];
            let steps: Vec<Step> = labels
                .iter()
                .zip(central)
                .enumerate()
                .map(|(j, (label, value))| Step {
                    label,
                    value,
                    interval: intervals.as_ref().map(|v| v[j]),
                })
                .collect();
            let net_low = steps[4].interval.map_or(steps[4].value, |i| i.low);
            let criteria = criteria(disclosure, claim, results, net_low);
            let (verdict, decided_by) = verdict(&criteria);
            ClaimResult {
                id: claim.id.clone(),
                steps,
                criteria,
                verdict,
                decided_by,
            }
        })
        .collect()
}

/// The verdict the criteria give, and the criteria that decided it.
#[must_use]
pub fn verdict(criteria: &[Criterion]) -> (Verdict, Vec<&'static str>) {
    let of = |outcome: Outcome| -> Vec<&'static str> {
        criteria
            .iter()
            .filter(|c| c.outcome == outcome)
            .map(|c| c.id)
            .collect()
    };
    let failed = of(Outcome::Fail);
    if !failed.is_empty() {
        return (Verdict::DoesNotMeet, failed);
    }
    let missing = of(Outcome::NotEvidenced);
    if !missing.is_empty() {
        return (Verdict::InsufficientEvidence, missing);
    }
    (
        Verdict::MeetsCriteria,
        criteria.iter().map(|c| c.id).collect(),
    )
}

fn criterion(
    id: &'static str,
    requirement: &'static str,
    basis: &'static str,
    outcome: Outcome,
    reason: String,
) -> Criterion {
    Criterion {
        id,
        requirement,
        basis,
        outcome,
        reason,
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one criterion after another, each with its requirement, basis and reason"
)]
fn criteria(
    disclosure: &Disclosure,
    claim: &Claim,
    results: &Results,
    net_low: f64,
) -> Vec<Criterion> {
    let reference = claim.reference.emissions_per_unit.value.kg();
    let solution = claim.solution.emissions_per_unit.value.kg();
    let mut out = Vec::new();
    out.push(criterion(
        "reference",
        "the reference scenario is documented and plausible",
        "WBCSD Guidance on Avoided Emissions (2023): a documented, plausible reference scenario",
        if reference <= solution {
            Outcome::Fail
        } else if claim.reference.emissions_per_unit.source.trim().is_empty()
            || claim.reference.basis.is_none()
        {
            Outcome::NotEvidenced
        } else {
            Outcome::Pass
        },
        if reference <= solution {
            format!("the reference emits {reference} kgCO2e per unit, no more than the solution's {solution}: nothing is avoided")
        } else if claim.reference.basis.is_none() {
            "the reference gives no activity data and factor (`basis`) behind its figure".to_owned()
        } else {
            format!("{} ({})", claim.reference.basis.clone().unwrap_or_default(), claim.reference.emissions_per_unit.source)
        },
    ));
    let embodied = results.total.embodied.value > 0.0;
    // Every model that serves must have its training counted: the organisation's own, or the
    // provider's published figure, allocated to the period. A model whose training is not
    // stated is not evidence that it has none.
    let untrained: Vec<&str> = disclosure
        .system
        .models
        .iter()
        .filter(|m| {
            disclosure
                .measurements
                .iter()
                .any(|x| x.model == m.id && x.phase == crate::model::Phase::Inference)
        })
        .filter(|m| {
            !results
                .lifecycle
                .iter()
                .any(|l| l.model == m.id && l.allocated_training.is_some())
        })
        .map(|m| m.id.as_str())
        .collect();
    let training = untrained.is_empty();
    out.push(criterion(
        "footprint",
        "the AI system's own footprint is fully counted: operation, hardware, training",
        "WBCSD Guidance on Avoided Emissions (2023): the solution's own emissions are part of the assessment",
        if embodied && training { Outcome::Pass } else { Outcome::NotEvidenced },
        match (embodied, training) {
            (true, true) => "operational, embodied and allocated training emissions are counted".to_owned(),
            (false, _) => "no embodied emissions of the hardware are stated (`hardware[].embodied`)".to_owned(),
            (true, false) => format!(
                "the training emissions of {} are not counted: state the organisation's training measurements or the provider's published figures (`upstream_training`), and their `allocation` to the period",
                untrained.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
        },
    ));
    out.push(criterion(
        "separate",
        "avoided emissions are reported apart from the inventory, never netted into it",
        "GHG Protocol Corporate Standard; WBCSD Guidance on Avoided Emissions (2023)",
        Outcome::Pass,
        "wattprint reports them in their own section; the Scope 2 and Scope 3 figures are unchanged".to_owned(),
    ));
    out.push(criterion(
        "rebound",
        "the rebound effect is assessed",
        "WBCSD Guidance on Avoided Emissions (2023): consider rebound effects",
        if claim.rebound.is_some() {
            Outcome::Pass
        } else {
            Outcome::NotEvidenced
        },
        claim.rebound.as_ref().map_or_else(
            || "no rebound estimate is given (`rebound`)".to_owned(),
            |r| {
                format!(
                    "direct {}{}: {}",
                    crate::text::number::percent(r.direct.fraction()),
                    r.indirect.map_or_else(String::new, |i| format!(
                        ", indirect {}",
                        crate::text::number::percent(i.fraction())
                    )),
                    r.source
                )
            },
        ),
    ));
    out.push(criterion(
        "net-positive",
        "the lower bound of the 95 % interval of the net impact is still positive",
        "wattprint's screening policy, not a rule of Directive (EU) 2024/825: a net-positive claim should hold at the low end of the 95 % interval of its net impact",
        if net_low > 0.0 { Outcome::Pass } else { Outcome::Fail },
        format!("net impact, low end: {} tCO2e", crate::text::number::format(quantity::convert(net_low, "kgCO2e", "tCO2e"))),
    ));
    let end = disclosure.reporting_period.end;
    let newest: Option<NaiveDate> = claim.evidence.iter().map(|e| e.date).max();
    out.push(criterion(
        "evidence",
        "evidence supports the claim and is recent",
        "wattprint's screening policy, not a rule of Directive (EU) 2024/825: evidence older than three years before the end of the reporting period is taken as out of date",
        match newest {
            None => Outcome::NotEvidenced,
            Some(d) if (end - d).num_days() > EVIDENCE_YEARS * 365 => Outcome::Fail,
            Some(_) => Outcome::Pass,
        },
        match newest {
            None => "no evidence is listed (`evidence`)".to_owned(),
            Some(d) => format!("{} piece(s); the newest from {d}", claim.evidence.len()),
        },
    ));
    let offsets = claim.offsets.as_ref().is_some_and(|o| o.used);
    out.push(criterion(
        "offsets",
        "no offset or credit supports the claim",
        "Directive (EU) 2024/825 (business-to-consumer commercial practices), Annex I, point 4c: claims of neutral, reduced or positive impact based on offsetting are banned from 27 September 2026",
        if offsets { Outcome::Fail } else { Outcome::Pass },
        claim.offsets.as_ref().filter(|o| o.used).map_or_else(
            || "none is used".to_owned(),
            |o| format!("the claim relies on {}", o.description),
        ),
    ));
    let terms = super::wording::terms_in(&claim.statement);
    let of_class = |class: Class| -> Vec<String> {
        terms
            .iter()
            .filter(|t| t.class == class)
            .map(|t| format!("\"{}\" ({})", t.text, t.source))
            .collect()
    };
    let generic = of_class(Class::Generic);
    out.push(criterion(
        "wording",
        "the wording is specific, not a generic environmental claim",
        "Directive (EU) 2024/825 (business-to-consumer commercial practices), Annex I, point 4a: generic environmental claims are banned without recognised excellent environmental performance",
        if generic.is_empty() { Outcome::Pass } else { Outcome::Fail },
        if generic.is_empty() {
            "no generic environmental term is used".to_owned()
        } else {
            format!("the statement uses generic terms: {}; say what is avoided and how much instead", generic.join(", "))
        },
    ));
    let impact = of_class(Class::Impact);
    out.push(criterion(
        "impact-wording",
        "the statement claims no neutral, reduced or positive impact on the environment as such",
        "Directive (EU) 2024/825 (business-to-consumer commercial practices), Annex I, point 4c (such claims are banned where they rest on offsetting); WBCSD Guidance on Avoided Emissions (2023): avoided emissions are reported apart from the inventory and never netted against it, so they cannot support such a claim either",
        if impact.is_empty() { Outcome::Pass } else { Outcome::Fail },
        if impact.is_empty() {
            "no claim of neutral or positive impact is made".to_owned()
        } else {
            format!("the statement claims a neutral or positive impact: {}; state the avoided emissions and the footprint apart instead", impact.join(", "))
        },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_waterfall_follows_a_hand_calculation() {
        // (2.0 − 1.2) kg × 1,000,000 units = 800,000 kg gross; 15 % rebound leaves 680,000;
        // 60 % attributed is 408,000; less 50,000 kg of footprint, 358,000 kg net.
        let [gross, after, attributed, own, net] = waterfall(2.0, 1.2, 1e6, 0.15, 0.6, 50_000.0);
        assert!((gross - 800_000.0).abs() < 1e-6);
        assert!((after - 680_000.0).abs() < 1e-6);
        assert!((attributed - 408_000.0).abs() < 1e-6);
        assert!((own - 50_000.0).abs() < 1e-9 && (net - 358_000.0).abs() < 1e-6);
    }

    #[test]
    fn the_verdict_follows_the_criteria() {
        let c = |id, outcome| criterion(id, "", "", outcome, String::new());
        let all = [c("a", Outcome::Pass), c("b", Outcome::Pass)];
        assert_eq!(verdict(&all).0, Verdict::MeetsCriteria);
        let missing = [c("a", Outcome::Pass), c("b", Outcome::NotEvidenced)];
        assert_eq!(
            verdict(&missing),
            (Verdict::InsufficientEvidence, vec!["b"])
        );
        let failed = [c("a", Outcome::Fail), c("b", Outcome::NotEvidenced)];
        assert_eq!(verdict(&failed), (Verdict::DoesNotMeet, vec!["a"]));
    }
}
