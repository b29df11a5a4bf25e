//! A net-positive claim as reports show it: the waterfall, the criteria and the evidence.

use schemars::JsonSchema;
use serde::Serialize;

use super::{range, shown_as};
use crate::compute::Results;
use crate::compute::uncertainty::Interval;
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{format, percent, plain};

/// A net-positive claim as reports show it.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ClaimRow {
    /// The claim's identifier.
    id: String,
    /// The sentence to be published, word for word.
    statement: String,
    /// What one unit of the claimed service is, e.g. "one parcel delivered".
    functional_unit: String,
    /// Units delivered with the AI system in the period (4 significant figures, thousands grouped).
    volume: String,
    /// The reference scenario: what happens without the AI system.
    reference: ClaimSide,
    /// The solution scenario: what happens with the AI system.
    solution: ClaimSide,
    /// Share of the avoided emissions the organisation may claim, e.g. `60 %`.
    attribution: String,
    /// Why that share is attributed to the organisation.
    attribution_source: String,
    /// The rebound effect as `direct 10 %, indirect 5 %: source`, or `not assessed`.
    rebound: String,
    /// The waterfall in tCO2e, from gross avoided emissions to the net impact.
    steps: Vec<ClaimStep>,
    /// True when a step has a 95 % interval: the report then names the draws and the seed
    /// that give them again.
    has_intervals: bool,
    /// The criteria the claim is tested against, in order.
    criteria: Vec<CriterionRow>,
    /// The screening result: `meets wattprint's screening criteria`, `does not meet wattprint's
    /// screening criteria` or `insufficient evidence`.
    verdict: &'static str,
    /// True when the claim meets every screening criterion.
    meets_criteria: bool,
    /// Ids of the criteria that decided the verdict, comma-separated.
    decided_by: String,
    /// The evidence the claim rests on, in input order.
    evidence: Vec<EvidenceRow>,
    /// The offsets or credits the claim relies on, or `none`.
    offsets: String,
}

/// One side of a claim, reference or solution: emissions per functional unit and their source.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ClaimSide {
    /// What happens, in a sentence.
    description: String,
    /// Emissions per functional unit, kgCO2e (up to 4 significant figures, thousands grouped).
    per_unit_kg: String,
    /// The activity data and factor behind the figure; empty when not stated.
    basis: String,
    /// How the figure was obtained, e.g. `metered`, `supplier reported`, `default factor`.
    method: &'static str,
    /// Where the figure comes from.
    source: String,
}

/// One figure of a claim's waterfall, from gross avoided emissions to the net impact.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ClaimStep {
    /// What the figure is: `gross avoided emissions`, `after rebound`,
    /// `attributed to the organisation`, `the AI system's own footprint` or `net impact`.
    label: &'static str,
    /// The figure, tCO2e (4 significant figures, thousands grouped).
    t: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty.
    interval: String,
}

/// One criterion a claim is tested against, and how it came out.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct CriterionRow {
    /// Stable identifier, e.g. `reference`, `net-positive`, `offsets`.
    id: &'static str,
    /// What the criterion requires.
    requirement: &'static str,
    /// The guidance or law it comes from.
    basis: &'static str,
    /// How it came out: `pass`, `fail` or `not evidenced`.
    outcome: &'static str,
    /// Why it came out so.
    reason: String,
}

/// A piece of evidence a claim rests on.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct EvidenceRow {
    /// Its kind: `measured pilot`, `measurement`, `study` or `document`.
    kind: &'static str,
    /// Its title.
    title: String,
    /// When it was completed or published (`YYYY-MM-DD`).
    date: String,
    /// Where to find it.
    source: String,
}

pub(super) fn claim_rows(d: &Disclosure, results: &Results) -> Vec<ClaimRow> {
    use crate::compute::claims::{Outcome, Verdict};
    let side = |s: &crate::model::ClaimScenario| ClaimSide {
        description: s.description.clone(),
        per_unit_kg: plain(s.emissions_per_unit.value.kg()),
        basis: s.basis.clone().unwrap_or_default(),
        method: s.emissions_per_unit.method.label(),
        source: s.emissions_per_unit.source.clone(),
    };
    d.claims
        .iter()
        .zip(&results.claims)
        .map(|(c, r)| ClaimRow {
            id: c.id.clone(),
            statement: c.statement.clone(),
            functional_unit: c.functional_unit.clone(),
            volume: format(c.volume),
            reference: side(&c.reference),
            solution: side(&c.solution),
            attribution: percent(c.attribution.share),
            attribution_source: c.attribution.source.clone(),
            rebound: c.rebound.as_ref().map_or_else(
                || "not assessed".to_owned(),
                |b| {
                    // An indirect rebound not stated is not assessed: "indirect 0 %" would say
                    // it was found to be none.
                    format!(
                        "direct {}, indirect {}: {}",
                        percent(b.direct.fraction()),
                        b.indirect
                            .map_or_else(|| "not assessed".to_owned(), |i| percent(i.fraction())),
                        b.source
                    )
                },
            ),
            steps: r
                .steps
                .iter()
                .map(|s| ClaimStep {
                    label: s.label,
                    t: shown_as(s.value, "kgCO2e", "tCO2e"),
                    interval: range(s.interval.map(|i| Interval {
                        low: convert(i.low, "kgCO2e", "tCO2e"),
                        high: convert(i.high, "kgCO2e", "tCO2e"),
                    })),
                })
                .collect(),
            has_intervals: r.steps.iter().any(|s| s.interval.is_some()),
            criteria: r
                .criteria
                .iter()
                .map(|k| CriterionRow {
                    id: k.id,
                    requirement: k.requirement,
                    basis: k.basis,
                    outcome: match k.outcome {
                        Outcome::Pass => "pass",
                        Outcome::Fail => "fail",
                        Outcome::NotEvidenced => "not evidenced",
                    },
                    reason: k.reason.clone(),
                })
                .collect(),
            verdict: r.verdict.label(),
            meets_criteria: r.verdict == Verdict::MeetsCriteria,
            decided_by: r.decided_by.join(", "),
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    kind: e.kind.label(),
                    title: e.title.clone(),
                    date: e.date.to_string(),
                    source: e.source.clone(),
                })
                .collect(),
            offsets: c
                .offsets
                .as_ref()
                .filter(|o| o.used)
                .map_or_else(|| "none".to_owned(), |o| o.description.clone()),
        })
        .collect()
}
