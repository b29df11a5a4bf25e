//! Net-positive impact claims, screened. Avoided emissions are computed in the order of the
//! five steps of chapter 5 of the WBCSD Guidance on Avoided Emissions (2023): the reference
//! scenario (without the AI system) and the solution (with it) per functional unit, the AI
//! system's own footprint counted in the solution's life cycle (Step 3), their difference over
//! the units delivered (Step 4), the rebound effect taken off, then the organisation's share
//! (Step 5, company scale). The avoided emissions are reported apart from the inventory and
//! never netted into it. Before the figures, the guidance's three eligibility gates (chapter 4)
//! are screened from what the disclosure states. Chapters, gates and steps are cited by the
//! names the guidance's contents give them; their section numbers (but §5.8 and §6.1, seen
//! there) are not printed, as they were not checked.
//!
//! The section titles cited were seen in a copy of the guidance's contents; what each gate and
//! step asks is wattprint's reading, not quoted from the guidance (see
//! `templates/net-positive/README.md`).
//!
//! Each criterion passes, fails or is not evidenced, with its reason; the verdict follows from
//! them: any failure means the claim **does not meet** wattprint's screening criteria, else
//! anything not evidenced means **insufficient evidence**, else it **meets** them. The verdict
//! is a screening result, not a legal conclusion: whether a claim is lawful is for a court or
//! an authority to say.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::stated::{self, Bound, Over};
use super::uncertainty::{self, Interval, TotalDraw};
use super::wording::Class;
use super::{Results, lifecycle};
use crate::model::quantity;
use crate::model::{
    Claim, ContributionRole, Disclosure, FossilFuels, Phase, ReferenceKind, Uncertainty,
};
use crate::text::number::{format as number, percent};
use crate::text::says_nothing;

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
    /// From the difference of the scenarios to the net figure: gross, the AI system's
    /// footprint, avoided emissions, after rebound, net impact attributed to the organisation.
    pub steps: Vec<Step>,
    /// The criteria, in order.
    pub criteria: Vec<Criterion>,
    /// The verdict.
    pub verdict: Verdict,
    /// The criteria that decided it.
    pub decided_by: Vec<&'static str>,
}

/// The part of the AI system's own footprint over the period that its measurements give,
/// kgCO2e, as (operational, training): location-based emissions of inference, and of training
/// the share allocated to the period where an allocation is stated, else the training measured
/// in the period in full (never both, so nothing counts twice), each measurement weighed as
/// [`lifecycle::footprint_weight`] and every draw weigh it. The rest of the footprint is the
/// hardware's embodied emissions and a provider's published training ([`published_training`]).
fn measured_footprint(results: &Results) -> (f64, f64) {
    let weighted = |inference: bool| -> f64 {
        results
            .measurements
            .iter()
            .filter(|m| (m.phase == Phase::Inference) == inference)
            .map(|m| {
                m.location_based.value
                    * lifecycle::footprint_weight(&results.lifecycle, &m.model, m.phase)
            })
            .sum()
    };
    (weighted(true), weighted(false))
}

/// The training a claim's own footprint counts from providers' published figures: the share
/// allocated to the period of each model's published training ([`lifecycle::published_part`],
/// with the fine-tuning the disclosure measures on top counted among the measurements), with
/// the uncertainty the published figure states (kgCO2e).
fn published_training<'a>(disclosure: &Disclosure, results: &'a Results) -> Vec<Published<'a>> {
    results
        .lifecycle
        .iter()
        .filter_map(|l| {
            let model = disclosure.system.models.iter().find(|m| m.id == l.model)?;
            let published = lifecycle::published_part(disclosure, model)?;
            let allocated = l.allocated_training.as_ref()?.value;
            let training = l.training.as_ref()?.value;
            // All of the training published: the allocated figure itself, to its last digit.
            let part = if disclosure.training_runs(&model.id).next().is_none() {
                allocated
            } else {
                published.value.kg() * (allocated / training)
            };
            Some(Published {
                model: &l.model,
                kg: part,
                uncertainty: published.uncertainty,
            })
        })
        .collect()
}

/// The part of one model's published training a claim's footprint counts.
struct Published<'a> {
    /// The model's id, which seeds its draws.
    model: &'a str,
    /// kgCO2e.
    kg: f64,
    /// The uncertainty the published figure states.
    uncertainty: Option<Uncertainty>,
}

/// The draws of the AI system's own footprint, where any of its inputs is uncertain: the
/// measurements' emissions as each draw of the disclosure's simulation (`draws`) weighs them,
/// with embodied; a provider's published training drawn from its own stated uncertainty
/// (independent of the rest, so its numbers pair with nothing); the central figures where
/// nothing is drawn. `central` is the footprint without the published training.
fn footprint_draws(
    draws: Option<&[TotalDraw]>,
    central: f64,
    published: &[Published],
    n: usize,
    seed: u64,
) -> Option<Vec<f64>> {
    if draws.is_none() && published.iter().all(|p| p.uncertainty.is_none()) {
        return None;
    }
    let mut own: Vec<f64> = match draws {
        Some(d) => (0..n)
            .map(|i| {
                let t = &d[i % d.len()];
                t.footprint_kg + t.embodied_kg
            })
            .collect(),
        None => vec![central; n],
    };
    for p in published {
        let seed = uncertainty::stream_seed(seed, "published training", p.model);
        let training = uncertainty::sample(p.kg, p.uncertainty, n, seed);
        for (total, kg) in own.iter_mut().zip(training) {
            *total += kg;
        }
    }
    Some(own)
}

/// The waterfall's figures for one draw (or the central values), in the guidance's order:
/// the scenarios' difference over the units delivered, the AI system's own footprint, which is
/// part of the solution's life cycle (Step 3), the avoided emissions (Step 4), less the rebound
/// effect, and the organisation's share of them (Step 5). The rebound effect is the extra use
/// an efficiency gain brings about: it takes from avoided emissions, and leaves emissions the
/// solution adds (avoided emissions below zero) as they are rather than making them smaller.
fn waterfall(
    reference: f64,
    solution: f64,
    volume: f64,
    own: f64,
    rebound: f64,
    share: f64,
) -> [f64; 5] {
    let gross = (reference - solution) * volume;
    let avoided = gross - own;
    // The first attack of 2026-12-02: 100 t added read as 85 t after a 15 % rebound.
    let after_rebound = if avoided > 0.0 {
        avoided * (1.0 - rebound)
    } else {
        avoided
    };
    [gross, own, avoided, after_rebound, after_rebound * share]
}

/// Assesses every claim of `disclosure` against its `results`, whose Monte Carlo draws of
/// the totals (from [`uncertainty::propagate`]) are `draws`.
#[must_use]
pub fn assess(
    disclosure: &Disclosure,
    results: &Results,
    draws: Option<&[TotalDraw]>,
) -> Vec<ClaimResult> {
    let (operational, training) = measured_footprint(results);
    let embodied = results.total.embodied.value;
    let published = published_training(disclosure, results);
    let own = operational + embodied + (training + published.iter().map(|p| p.kg).sum::<f64>());
    let drawn_part = operational + embodied + training;
    let settings = disclosure.methodology.monte_carlo;
    let n = usize::try_from(settings.draws.max(1)).unwrap_or(1);
    // An attack of 2026-12-02 found the footprint's draws scaled from the total, training's
    // grid uncertainty with it; training was then held at its central figure.
    let own_draws = footprint_draws(draws, drawn_part, &published, n, settings.seed);
    disclosure
        .claims
        .iter()
        .map(|claim| {
            let rebound = claim
                .rebound
                .as_ref()
                .map_or(0.0, crate::model::Rebound::total);
            let share = claim.attribution.share;
            let central = waterfall(
                claim.reference.emissions_per_unit.value.kg(),
                claim.solution.emissions_per_unit.value.kg(),
                claim.volume,
                own,
                rebound,
                share,
            );
            let uncertain = claim.reference.emissions_per_unit.uncertainty.is_some()
                || claim.solution.emissions_per_unit.uncertainty.is_some()
                || own_draws.is_some();
            let seed = uncertainty::stream_seed(settings.seed, "claim", &claim.id);
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
                    // A stream of its own: one made from the reference's seed by arithmetic
                    // met it for seeds anyone can solve for, and the two draws cancelled (a
                    // review of 2026-12-02).
                    uncertainty::stream_seed(settings.seed, "claim solution", &claim.id),
                );
                let draws: Vec<[f64; 5]> = (0..n)
                    .map(|i| {
                        let o = own_draws.as_ref().map_or(own, |d| d[i % d.len()]);
                        waterfall(r[i], s[i], claim.volume, o, rebound, share)
                    })
                    .collect();
                (0..5)
                    .map(|j| uncertainty::interval_of(draws.iter().map(|d| d[j]).collect()))
                    .collect()
            });
            let labels = [
                "reference less solution, over the units delivered",
                "the AI system's own footprint",
                "avoided emissions",
                "after rebound",
                "net impact attributed to the organisation",
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
            let criteria = criteria(disclosure, claim, results, &steps[4]);
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

/// The findings of a criterion that checks several things: the worst outcome among them, and
/// each finding that is not a pass, or `passed` when all pass.
fn findings(found: Vec<(Outcome, String)>, passed: String) -> (Outcome, String) {
    let worst = if found.iter().any(|(o, _)| *o == Outcome::Fail) {
        Outcome::Fail
    } else if found.is_empty() {
        Outcome::Pass
    } else {
        Outcome::NotEvidenced
    };
    let reason = if found.is_empty() {
        passed
    } else {
        found
            .into_iter()
            .map(|(_, text)| text)
            .collect::<Vec<_>>()
            .join("; ")
    };
    (worst, reason)
}

/// The day `years` calendar years before `day` (29 February goes to 28 February).
fn years_before(day: NaiveDate, years: i64) -> Option<NaiveDate> {
    u32::try_from(years * 12)
        .ok()
        .and_then(|months| day.checked_sub_months(chrono::Months::new(months)))
}

/// `value` rounded down to three significant figures (314.77 to 314), so that a figure written
/// as suggested never exceeds it.
fn rounded_down(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return value;
    }
    let step = 10f64.powf(value.log10().floor() - 2.0);
    (value / step).floor() * step
}

/// Tonnes, as reasons write them.
fn tonnes(kg: f64) -> String {
    format!("{} tCO2e", number(quantity::convert(kg, "kgCO2e", "tCO2e")))
}

/// Every criterion of `claim`, whose net impact is `net`: the guidance's three gates first,
/// then the figures, then the statement.
fn criteria(
    disclosure: &Disclosure,
    claim: &Claim,
    results: &Results,
    net: &Step,
) -> Vec<Criterion> {
    vec![
        credibility(disclosure),
        alignment(claim),
        contribution(claim),
        reference(claim),
        counted(disclosure, results),
        rebound(claim),
        net_positive(claim, net),
        amount(disclosure, claim, net),
        evidence(disclosure, claim),
        criterion(
            "separate",
            "avoided emissions are reported apart from the inventory, never netted into it",
            "WBCSD Guidance on Avoided Emissions (2023), §6.1 \"Guidelines for reporting avoided emissions\"; the rule is wattprint's reading of it",
            Outcome::Pass,
            "wattprint reports them in their own section; the Scope 2 and Scope 3 figures are unchanged".to_owned(),
        ),
        offsets(claim),
        wording(claim, Class::Generic),
        wording(claim, Class::Impact),
    ]
}

/// WBCSD Gate 1: the organisation acts on its own emissions before it claims to avoid others'.
fn credibility(disclosure: &Disclosure) -> Criterion {
    let action = disclosure.organisation.climate_action.as_ref();
    let mut found = Vec::new();
    match action.and_then(|a| a.target.as_ref()) {
        None => found.push((
            Outcome::NotEvidenced,
            "no emission-reduction target is stated (`organisation.climate_action.target`)".to_owned(),
        )),
        Some(t) if !t.science_based => found.push((
            Outcome::Fail,
            format!("the target \"{}\" is not science-based: set one validated as in line with 1.5 °C (e.g. by the Science Based Targets initiative)", t.description),
        )),
        Some(t) if says_nothing(&t.description) || says_nothing(&t.source) => found.push((
            Outcome::NotEvidenced,
            "the target is not described, or names no source where it is published or validated".to_owned(),
        )),
        Some(_) => {}
    }
    match action.and_then(|a| a.inventory.as_ref()) {
        None => found.push((
            Outcome::NotEvidenced,
            "no published greenhouse-gas inventory is stated (`organisation.climate_action.inventory`)".to_owned(),
        )),
        Some(i) => {
            let missing: Vec<String> = (1..=3)
                .filter(|s| !i.scopes.contains(s))
                .map(|s| s.to_string())
                .collect();
            if !missing.is_empty() {
                found.push((
                    Outcome::Fail,
                    format!("the {} inventory leaves out Scope {}: publish all three scopes", i.year, missing.join(" and ")),
                ));
            } else if says_nothing(&i.source) {
                found.push((
                    Outcome::NotEvidenced,
                    "the inventory names no place where it is published".to_owned(),
                ));
            }
            let end = disclosure.reporting_period.end.year();
            if i.year > end {
                found.push((
                    Outcome::Fail,
                    format!("the inventory's year {} is after the reporting period, which ends in {end}", i.year),
                ));
            } else if i64::from(end - i.year) > EVIDENCE_YEARS {
                found.push((
                    Outcome::Fail,
                    format!("the latest published inventory is for {}, more than {EVIDENCE_YEARS} years before the period's end: publish a current one", i.year),
                ));
            }
        }
    }
    let passed = action
        .and_then(|a| Some((a.target.as_ref()?, a.inventory.as_ref()?)))
        .map_or_else(String::new, |(t, i)| {
            format!(
                "science-based target: {} ({}); Scope 1–3 inventory {} published: {}",
                t.description, t.source, i.year, i.source
            )
        });
    let (outcome, reason) = findings(found, passed);
    criterion(
        "credibility",
        "the organisation has a science-based target and publishes its Scope 1–3 inventory",
        "WBCSD Guidance on Avoided Emissions (2023), Chapter 4, Gate 1 \"Climate action credibility\"; the two conditions are wattprint's reading of the gate",
        outcome,
        reason,
    )
}

/// WBCSD Gate 2: the solution is in line with a 1.5 °C pathway, against a fair reference.
fn alignment(claim: &Claim) -> Criterion {
    let mut found = Vec::new();
    match &claim.alignment {
        None => found.push((
            Outcome::NotEvidenced,
            "the solution's alignment with a 1.5 °C pathway is not assessed (`alignment`)"
                .to_owned(),
        )),
        Some(a) => {
            if a.fossil_fuels == FossilFuels::Extends {
                found.push((
                    Outcome::Fail,
                    "the solution makes fossil-fuel extraction or a fossil-fuelled asset cheaper, more efficient or longer-lived".to_owned(),
                ));
            }
            if a.reference == ReferenceKind::Legacy {
                found.push((
                    Outcome::Fail,
                    "the reference is a legacy practice, which makes the difference look larger: compare with the current practice or the market average".to_owned(),
                ));
            }
            if !a.beyond_market {
                found.push((
                    Outcome::Fail,
                    "the solution does no better than the market would do anyway, so the difference is not its own".to_owned(),
                ));
            }
            if says_nothing(&a.source) {
                found.push((
                    Outcome::NotEvidenced,
                    "the assessment names no source".to_owned(),
                ));
            }
        }
    }
    let passed = claim.alignment.as_ref().map_or_else(String::new, |a| {
        format!(
            "{}; reference: {}; beyond the market ({})",
            match a.fossil_fuels {
                FossilFuels::None => "no fossil-fuel use is involved",
                FossilFuels::Reduces =>
                    "it cuts fossil fuel burned without extending any fossil asset",
                FossilFuels::Extends => "",
            },
            a.reference.label(),
            a.source
        )
    });
    let (outcome, reason) = findings(found, passed);
    criterion(
        "alignment",
        "the solution keeps no fossil asset going, does better than the market, and is held against a fair reference",
        "WBCSD Guidance on Avoided Emissions (2023), Chapter 4, Gate 2 \"Latest climate science alignment\"; the three conditions are wattprint's reading of the gate",
        outcome,
        reason,
    )
}

/// WBCSD Gate 3 and §5.8: the organisation's part is real, its share is stated, and the figures
/// are specific to the solution.
fn contribution(claim: &Claim) -> Criterion {
    let mut found = Vec::new();
    match &claim.contribution {
        None => found.push((
            Outcome::NotEvidenced,
            "the solution's part in the avoided emissions is not stated (`contribution`)"
                .to_owned(),
        )),
        Some(c) if c.role == ContributionRole::Minor => found.push((
            Outcome::Fail,
            "the solution's part is minor: the avoided emissions would largely happen without it"
                .to_owned(),
        )),
        Some(c) if c.role == ContributionRole::Enabling && claim.attribution.share >= 1.0 => {
            found.push((
                Outcome::Fail,
                "an enabling solution shares the avoided emissions with those who act on it, yet the attribution claims all of them: state the organisation's share (`attribution.share`) and why".to_owned(),
            ));
        }
        Some(c) if says_nothing(&c.source) => {
            found.push((
                Outcome::NotEvidenced,
                "the contribution names no source".to_owned(),
            ));
        }
        Some(_) => {}
    }
    if says_nothing(&claim.attribution.source) {
        found.push((
            Outcome::NotEvidenced,
            "the attribution names no source (`attribution.source`)".to_owned(),
        ));
    }
    let generic: Vec<&str> = [
        ("reference", &claim.reference),
        ("solution", &claim.solution),
    ]
    .into_iter()
    .filter(|(_, s)| !s.emissions_per_unit.method.is_measured())
    .map(|(side, _)| side)
    .collect();
    if !generic.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the {} {} not measured for this solution (`method`): a claim about it needs activity data specific to it, e.g. from a measured pilot",
                generic.join(" and "),
                if generic.len() > 1 { "figures' activity data are" } else { "figure's activity data are" }
            ),
        ));
    }
    let passed = claim.contribution.as_ref().map_or_else(String::new, |c| {
        format!(
            "{} role ({}); {} attributed ({}); both figures rest on activity data measured for this solution (`method`)",
            c.role.label(),
            c.source,
            percent(claim.attribution.share),
            claim.attribution.source
        )
    });
    let (outcome, reason) = findings(found, passed);
    criterion(
        "contribution",
        "the solution's part is direct or enabling, the organisation's share is stated, and the figures are specific to the solution",
        "WBCSD Guidance on Avoided Emissions (2023), Chapter 4, Gate 3 \"Contribution legitimacy\" and §5.8 \"Assessing the specificity level of a claim\"; the conditions are wattprint's reading of them",
        outcome,
        reason,
    )
}

/// WBCSD Step 2: a documented reference that emits more than the solution.
fn reference(claim: &Claim) -> Criterion {
    let reference = claim.reference.emissions_per_unit.value.kg();
    let solution = claim.solution.emissions_per_unit.value.kg();
    let (outcome, reason) = if reference <= solution {
        (
            Outcome::Fail,
            format!(
                "the reference emits {reference} kgCO2e per unit, no more than the solution's {solution}: nothing is avoided"
            ),
        )
    } else {
        match &claim.reference.basis {
            _ if says_nothing(&claim.reference.description) || says_nothing(&claim.solution.description) => (
                Outcome::NotEvidenced,
                "the reference or the solution does not say what happens in it (`description`)".to_owned(),
            ),
            Some(basis) if !says_nothing(basis) && !says_nothing(&claim.reference.emissions_per_unit.source) => (
                Outcome::Pass,
                format!("{basis} ({})", claim.reference.emissions_per_unit.source),
            ),
            _ => (
                Outcome::NotEvidenced,
                "the reference gives no activity data and factor (`basis`), or no source, behind its figure".to_owned(),
            ),
        }
    };
    criterion(
        "reference",
        "the reference scenario is documented and emits more than the solution",
        "WBCSD Guidance on Avoided Emissions (2023), Chapter 5, Step 2 \"Define the reference scenario\"",
        outcome,
        reason,
    )
}

/// WBCSD Step 3: the AI system's own footprint is counted in full. A model whose training is
/// not stated is not evidence that it has none.
fn counted(disclosure: &Disclosure, results: &Results) -> Criterion {
    // Whether inference is measured, not whether it emits: inference on a grid of no
    // emissions is counted at zero (an attack of 2026-12-02: "no inference is measured").
    let operational = disclosure
        .measurements
        .iter()
        .any(|m| m.phase == Phase::Inference);
    let embodied = results.total.embodied.value > 0.0;
    let untrained: Vec<&crate::model::Model> = disclosure
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
            // Training of no emissions (a grid that emits nothing) allocated is allocated.
            !results.lifecycle.iter().any(|l| {
                l.model == m.id
                    && l.allocated_training.as_ref().is_some_and(|a| {
                        a.value > 0.0 || l.training.as_ref().is_some_and(|t| t.value <= 0.0)
                    })
            })
        })
        .collect();
    let mut found = Vec::new();
    if !operational {
        found.push((
            Outcome::NotEvidenced,
            "no inference is measured, so the AI system's operation is not counted (`measurements` with `phase: inference`)".to_owned(),
        ));
    }
    if !embodied {
        found.push((
            Outcome::NotEvidenced,
            "no embodied emissions of the hardware are stated (`hardware[].embodied`)".to_owned(),
        ));
    }
    found.extend(training_not_counted(disclosure, results, &untrained));
    found.extend(training_in_part(disclosure, results));
    let (outcome, reason) = findings(
        found,
        "operational, embodied and allocated training emissions are counted in the solution's life cycle".to_owned(),
    );
    criterion(
        "footprint",
        "the AI system's own footprint is fully counted: operation, hardware, training",
        "WBCSD Guidance on Avoided Emissions (2023), Chapter 5, Step 3 \"Assess the life cycle emissions of the solution and the reference scenario\"",
        outcome,
        reason,
    )
}

/// What of the models' training the footprint leaves out, each with its fix: `untrained` are
/// the models serving inference with no training allocated to the period.
fn training_not_counted(
    disclosure: &Disclosure,
    results: &Results,
    untrained: &[&crate::model::Model],
) -> Vec<(Outcome, String)> {
    let mut found = Vec::new();
    // Training measured in the period is counted in full where no allocation is stated
    // (`measured_footprint`): the finding says so rather than that none is counted (review of
    // 2026-12-02).
    // A review of 2026-12-02: the advice named `upstream_training` where it was stated; the
    // sixteenth session's note: so it did for a model with runs measured here beside it.
    // An allocation that gives nothing counts nothing, whatever is measured or published (an
    // attack of 2026-12-02: a share of 0 was said to count the training measured in full).
    let (nothing, untrained): (Vec<&crate::model::Model>, Vec<&crate::model::Model>) =
        untrained.iter().partition(|m| {
            results
                .lifecycle
                .iter()
                .any(|l| l.model == m.id && l.allocated_training.is_some())
        });
    if !nothing.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the allocation of {} gives none of its training to the period, so none is counted: state the share of the training this period bears (`allocation`, above 0)",
                ids(&nothing)
            ),
        ));
    }
    // The organisation's own model trained before the period: its published figures are not
    // read as a provider's, so the advice to state them would not be followed (an attack of
    // 2026-12-02).
    let runs = |m: &&crate::model::Model| disclosure.training_runs(&m.id).next().is_some();
    let (own, untrained): (Vec<&crate::model::Model>, Vec<&crate::model::Model>) = untrained
        .iter()
        .partition(|m| m.provided_by(&disclosure.organisation.name) && !runs(m));
    if !own.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the training emissions of {} are not counted: wattprint counts the training of the organisation's own models from the training measured in this disclosure, and none is (training in an earlier period has no site or grid factor here)",
                ids(&own)
            ),
        ));
    }
    let (published, unpublished): (Vec<&crate::model::Model>, Vec<&crate::model::Model>) =
        untrained.iter().partition(|m| {
            m.upstream_training
                .as_ref()
                .is_some_and(|t| t.emissions.is_some())
        });
    let (measured, unstated): (Vec<&crate::model::Model>, Vec<&crate::model::Model>) =
        unpublished.iter().copied().partition(runs);
    let (published_and_measured, published): (Vec<&crate::model::Model>, Vec<_>) =
        published.iter().copied().partition(runs);
    if !unstated.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the training emissions of {} are not counted: state the organisation's training measurements or the provider's published figures (`upstream_training`), and their `allocation` to the period (a share above 0)",
                ids(&unstated)
            ),
        ));
    }
    if !published.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the published training emissions of {} are not counted: state their `allocation` to the period (a share above 0)",
                ids(&published)
            ),
        ));
    }
    if !published_and_measured.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the published training emissions of {} are not counted, only the training measured in this period: state the `allocation` of the model's training to the period (a share above 0)",
                ids(&published_and_measured)
            ),
        ));
    }
    if !measured.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the training of {} is counted as measured in this period only, not the model's whole training: state the training record (the organisation's or the provider's published figures, `upstream_training`) and its `allocation` to the period (a share above 0)",
                ids(&measured)
            ),
        ));
    }
    found
}

/// What of the training of the models the footprint counts only in part, each with its fix:
/// another provider's model trained further here without its provider's training, fine-tuning
/// of the organisation's own model with nothing of what it builds on, a record beyond the
/// measurements.
fn training_in_part(disclosure: &Disclosure, results: &Results) -> Vec<(Outcome, String)> {
    let mut found = Vec::new();
    // Another provider's model trained further here: its provider's training is part of it,
    // and counting only the runs measured here would leave it out (a review of 2026-12-02).
    for model in &disclosure.system.models {
        if !model.provided_by(&disclosure.organisation.name)
            && disclosure.training_runs(&model.id).next().is_some()
            && lifecycle::published_part(disclosure, model).is_none()
        {
            found.push((
                Outcome::NotEvidenced,
                format!(
                    "the training of `{}` counts this disclosure's training measurements of it, not its provider's training: state the provider's published emissions (`upstream_training.emissions`)",
                    model.id
                ),
            ));
        }
    }
    // Fine-tuning of the organisation's own model with nothing said of the training it builds on.
    let fine_tuned: Vec<&crate::model::Model> = disclosure
        .system
        .models
        .iter()
        .filter(|m| {
            m.provided_by(&disclosure.organisation.name)
                && lifecycle::fine_tuning_only(disclosure, m)
        })
        .collect();
    if !fine_tuned.is_empty() {
        found.push((
            Outcome::NotEvidenced,
            format!(
                "the training of {} counts only the fine-tuning measured here, not the training it builds on (training before this period has no site or grid factor here)",
                ids(&fine_tuned)
            ),
        ));
    }
    // A record of more training than the measurements hold, or may hold: the allocated share
    // is of the measured part only. A model with no training measured has its finding above;
    // one whose provider's published emissions are counted has the rest of its training in
    // them.
    for model in &disclosure.system.models {
        let Some(record) = lifecycle::record(disclosure, &results.measurements, model) else {
            continue;
        };
        if disclosure.training_runs(&model.id).next().is_none()
            || lifecycle::published_part(disclosure, model).is_some()
        {
            continue;
        }
        let fix = if model.provided_by(&disclosure.organisation.name) {
            "the rest has no site or grid factor in this disclosure, so the footprint leaves it out"
        } else {
            "measure the rest, or give its emissions as the model's published figures"
        };
        let stated = number(record.stated / 1000.0);
        match (record.fit(), record.why_unsplit()) {
            (lifecycle::Fit::Beyond, _) => found.push((
                Outcome::NotEvidenced,
                format!(
                    "the training of `{}` counts what its measurements hold, {} on the boundary of its training record (`training.energy`), not the {stated} MWh the record states: {fix}",
                    model.id,
                    record.held(),
                ),
            )),
            (lifecycle::Fit::Undecided, Some(why)) => found.push((
                Outcome::NotEvidenced,
                format!(
                    "the training of `{}` counts what its measurements hold, {} on the boundary of its training record (`training.energy`), so whether the record's {stated} MWh is more training than they hold is not known: {why}",
                    model.id,
                    record.held(),
                ),
            )),
            _ => {}
        }
    }
    found
}

/// The ids of `models` as a finding names them: `` `a`, `b` ``.
fn ids(models: &[&crate::model::Model]) -> String {
    models
        .iter()
        .map(|m| format!("`{}`", m.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rebound(claim: &Claim) -> Criterion {
    let (outcome, reason) = match &claim.rebound {
        None => (
            Outcome::NotEvidenced,
            "no rebound estimate is given (`rebound`)".to_owned(),
        ),
        Some(r) if says_nothing(&r.source) => (
            Outcome::NotEvidenced,
            "the rebound estimate names no source (`rebound.source`)".to_owned(),
        ),
        Some(r) => (
            Outcome::Pass,
            format!(
                "direct {}{}: {}",
                percent(r.direct.fraction()),
                r.indirect.map_or_else(String::new, |i| format!(
                    ", indirect {}",
                    percent(i.fraction())
                )),
                r.source
            ),
        ),
    };
    criterion(
        "rebound",
        "the rebound effect is assessed",
        "wattprint's screening policy: the extra use an efficiency gain brings about is taken off the avoided emissions",
        outcome,
        reason,
    )
}

fn net_positive(claim: &Claim, net: &Step) -> Criterion {
    let low = net.interval.map_or(net.value, |i| i.low);
    // Without the scenarios' uncertainties the interval holds only the footprint's, and the
    // low end says nothing about the avoided emissions: missing data never helps.
    let unstated: Vec<&str> = [
        ("reference", &claim.reference),
        ("solution", &claim.solution),
    ]
    .into_iter()
    .filter(|(_, s)| s.emissions_per_unit.uncertainty.is_none())
    .map(|(side, _)| side)
    .collect();
    let (outcome, reason) = if net.value <= 0.0 {
        (
            Outcome::Fail,
            format!("the net impact itself is {}", tonnes(net.value)),
        )
    } else if !unstated.is_empty() {
        (
            Outcome::NotEvidenced,
            format!(
                "the {} figure{} state{} no uncertainty, so the 95 % interval of the net impact cannot be computed: state `uncertainty`",
                unstated.join(" and "),
                if unstated.len() > 1 { "s" } else { "" },
                if unstated.len() > 1 { "" } else { "s" },
            ),
        )
    } else if low > 0.0 {
        (
            Outcome::Pass,
            format!("net impact, low end: {}", tonnes(low)),
        )
    } else {
        (
            Outcome::Fail,
            format!("net impact, low end: {}", tonnes(low)),
        )
    };
    criterion(
        "net-positive",
        "the lower bound of the 95 % interval of the net impact is still positive",
        "wattprint's screening policy, not a rule of Directive (EU) 2024/825: a net-positive claim should hold at the low end of the 95 % interval of its net impact",
        outcome,
        reason,
    )
}

/// A rate's length of time of `days` in words: " a day", " an hour", " per 365.2 days".
#[allow(
    clippy::float_cmp,
    reason = "the statement reader's lengths of time are exact"
)]
fn per_length(days: f64) -> String {
    if days == 1.0 {
        " a day".to_owned()
    } else if days * 24.0 == 1.0 {
        " an hour".to_owned()
    } else if days < 1.0 {
        format!(" per {} hours", number(days * 24.0))
    } else {
        format!(" per {} days", number(days))
    }
}

/// `a` held against the net impact `net` over what it is counted over: whether the net impact
/// supports it, and the finding in words, with the figure it was held against.
fn held(a: &stated::Amount, claim: &Claim, net: &Step, period_days: f64) -> (bool, String) {
    let (low, high) = net
        .interval
        .map_or((net.value, net.value), |i| (i.low, i.high));
    // The net impact over what the amount is counted over, and how that is written.
    let (scale, unit, over) = match a.over {
        Over::Period => (1.0, "tCO2e", String::new()),
        Over::Unit if claim.volume > 0.0 => (
            1.0 / claim.volume,
            "kgCO2e",
            format!(" per {}", claim.functional_unit),
        ),
        Over::Unit => (0.0, "kgCO2e", format!(" per {}", claim.functional_unit)),
        Over::Days(days) => (days / period_days, "tCO2e", per_length(days)),
    };
    let shown = |kg: f64| {
        let value = if unit == "tCO2e" {
            quantity::convert(kg, "kgCO2e", "tCO2e")
        } else {
            kg
        };
        format!("{} {unit}", number(value))
    };
    let (central, low, high) = (net.value * scale, low * scale, high * scale);
    let (limit, against) = match a.bound {
        Bound::About => (central, "the net impact"),
        Bound::AtLeast => (low, "the low end of the net impact's 95 % interval"),
    };
    let stated = match a.bound {
        Bound::About => shown(a.kg),
        Bound::AtLeast => format!("at least {}", shown(a.kg)),
    };
    if a.kg <= limit {
        return (
            true,
            format!(
                "\"{}\" ({stated}{over}) is no more than {against}, {}{over}",
                a.text,
                shown(limit)
            ),
        );
    }
    // A fix that, written as suggested, passes: the figures rounded down, never up.
    let fix = if central <= 0.0 {
        "no amount avoided can be claimed".to_owned()
    } else if low <= 0.0 {
        format!("state at most {}", shown(rounded_down(central)))
    } else {
        format!(
            "state at most {}, or \"more than {}\"",
            shown(rounded_down(central)),
            shown(rounded_down(low))
        )
    };
    (
        false,
        format!(
            "\"{}\" states {stated}{over}, more than {against} supports, {} (net impact {}, 95 % interval {} to {}): {fix}",
            a.text,
            shown(limit),
            shown(central),
            shown(low),
            shown(high),
        ),
    )
}

/// Every amount of emissions the statement names is one the net impact supports: no more than
/// the central figure, a floor ("more than") no more than the low end of the 95 % interval;
/// a rate per unit against the net impact per unit, a rate per year or month against the net
/// impact over the same length of the reporting period.
fn amount(disclosure: &Disclosure, claim: &Claim, net: &Step) -> Criterion {
    let reading = stated::read(&claim.statement);
    #[allow(
        clippy::cast_precision_loss,
        reason = "a reporting period's days, far below 2^52"
    )]
    let period_days = disclosure.reporting_period.days() as f64;
    let findings: Vec<(bool, String)> = reading
        .amounts
        .iter()
        .map(|a| held(a, claim, net, period_days))
        .collect();
    let overstated: Vec<&str> = findings
        .iter()
        .filter(|(supported, _)| !supported)
        .map(|(_, finding)| finding.as_str())
        .collect();
    let (outcome, reason) = if !reading.unread.is_empty() {
        (
            Outcome::Fail,
            format!(
                "the statement names an amount wattprint cannot read ({}): write every amount in digits with its unit, and a rate as \"per day\", \"a year\" or \"per route\", e.g. \"about 300 tonnes of CO2e a year\"",
                reading
                    .unread
                    .iter()
                    .map(|u| format!("\"{u}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    } else if reading.amounts.is_empty() {
        (
            Outcome::Fail,
            if net.value > 0.0 {
                format!(
                    "the statement names no amount of emissions, so it cannot be held against the evidence: say how much is avoided, at most {}",
                    tonnes(net.value)
                )
            } else {
                format!(
                    "the statement names no amount of emissions, and the net impact ({}) supports none",
                    tonnes(net.value)
                )
            },
        )
    } else if overstated.is_empty() {
        (
            Outcome::Pass,
            findings
                .iter()
                .map(|(_, finding)| finding.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        )
    } else {
        (Outcome::Fail, overstated.join("; "))
    };
    // A share passes no check here: say so, or "pass" would read as if it had been held.
    let reason = if reading.shares.is_empty() {
        reason
    } else {
        format!(
            "{reason}; the statement's {} {} not held against the figures: wattprint reads amounts of emissions, and what a share is of (a route's length, the fuel, the emissions) is for a reader to check",
            reading.shares.join(", "),
            if reading.shares.len() == 1 {
                "is"
            } else {
                "are"
            }
        )
    };
    criterion(
        "amount",
        "the statement says how much is avoided, and no more than the net impact supports",
        "wattprint's screening policy: each amount the statement names is no more than the central net impact, and a floor (\"more than\") no more than the low end of its 95 % interval; an amount per unit or per length of time (a year, a month, a day, an hour) is held against the net impact per unit or over that much of the period",
        outcome,
        reason,
    )
}

fn evidence(disclosure: &Disclosure, claim: &Claim) -> Criterion {
    let end = disclosure.reporting_period.end;
    let newest: Option<NaiveDate> = claim.evidence.iter().map(|e| e.date).max();
    let unnamed = claim
        .evidence
        .iter()
        .filter(|e| says_nothing(&e.title) || says_nothing(&e.source))
        .count();
    let (outcome, reason) = match newest {
        None => (
            Outcome::NotEvidenced,
            "no evidence is listed (`evidence`)".to_owned(),
        ),
        Some(d) if Some(d) < years_before(end, EVIDENCE_YEARS) => (
            Outcome::Fail,
            format!(
                "the newest evidence is from {d}, more than {EVIDENCE_YEARS} years before the period's end: add current evidence"
            ),
        ),
        Some(_) if unnamed > 0 => (
            Outcome::NotEvidenced,
            format!(
                "{unnamed} piece(s) of evidence name no title or no source where they can be found"
            ),
        ),
        Some(d) => (
            Outcome::Pass,
            format!("{} piece(s); the newest from {d}", claim.evidence.len()),
        ),
    };
    criterion(
        "evidence",
        "evidence is listed, named, and recent",
        "wattprint's screening policy, not a rule of Directive (EU) 2024/825: evidence older than three years before the end of the reporting period is taken as out of date",
        outcome,
        reason,
    )
}

fn offsets(claim: &Claim) -> Criterion {
    let offsets = claim.offsets.as_ref().filter(|o| o.used);
    let named: Vec<String> = super::wording::terms_in(&claim.statement)
        .into_iter()
        .filter(|f| f.term.class == Class::Offsetting)
        .map(|f| format!("\"{}\"", f.text))
        .collect();
    let mut found = Vec::new();
    if let Some(o) = offsets {
        found.push((
            Outcome::Fail,
            format!("the claim relies on {}", o.description),
        ));
    }
    // Whether offsets are relied on is a fact of the claim: unstated, it is not evidence that
    // none is.
    if claim.offsets.is_none() {
        found.push((
            Outcome::NotEvidenced,
            "whether offsets or credits are relied on is not stated (`offsets: { used: false, description: … }`)".to_owned(),
        ));
    }
    if !named.is_empty() {
        found.push((
            Outcome::Fail,
            format!(
                "the statement names offsetting ({}): a claim of avoided emissions rests on them alone",
                named.join(", ")
            ),
        ));
    }
    let (outcome, reason) = findings(found, "none is used or named".to_owned());
    criterion(
        "offsets",
        "no offset or credit supports the claim, in the inputs or in the statement",
        "Directive 2005/29/EC (business-to-consumer commercial practices), Annex I as amended by Directive (EU) 2024/825: claims of a neutral, reduced or positive impact based on offsetting are among the practices considered unfair in all circumstances, from 27 September 2026",
        outcome,
        reason,
    )
}

/// The statement uses no term of `class` (Annex I to Directive 2005/29/EC as amended by Directive
/// (EU) 2024/825; points 4a and 4c by secondary sources, the numbers not checked, so the
/// documents print none).
fn wording(claim: &Claim, class: Class) -> Criterion {
    let terms: Vec<String> = super::wording::terms_in(&claim.statement)
        .into_iter()
        .filter(|f| f.term.class == class)
        .map(|f| format!("\"{}\" ({})", f.text, f.term.source))
        .collect();
    let outcome = if terms.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    match class {
        Class::Generic => criterion(
            "wording",
            "the wording is specific, not a generic environmental claim",
            "Directive 2005/29/EC (business-to-consumer commercial practices), Annex I as amended by Directive (EU) 2024/825: generic environmental claims without recognised excellent environmental performance are among the practices considered unfair in all circumstances, from 27 September 2026",
            outcome,
            if terms.is_empty() {
                "the statement uses none of the generic environmental terms wattprint looks for (it reads listed terms, not the statement's meaning)".to_owned()
            } else {
                format!(
                    "the statement uses generic terms: {}; say what is avoided and how much instead",
                    terms.join(", ")
                )
            },
        ),
        Class::Impact | Class::Offsetting => criterion(
            "impact-wording",
            "the statement claims no neutral, reduced or positive impact on the environment as such",
            "Directive 2005/29/EC (business-to-consumer commercial practices), Annex I as amended by Directive (EU) 2024/825 (such claims are among the practices considered unfair in all circumstances where they rest on offsetting, from 27 September 2026); avoided emissions occur outside the inventory (the WBCSD Guidance on Avoided Emissions (2023) defines them so), and wattprint's policy is that they cannot support such a claim either",
            outcome,
            if terms.is_empty() {
                // wattprint reads the statement for listed terms, not for its meaning: it cannot
                // say that no such claim is made.
                "the statement uses none of the terms of neutral, reduced or positive impact wattprint looks for (it reads listed terms, not the statement's meaning)".to_owned()
            } else {
                format!(
                    "the statement claims a neutral or positive impact: {}; state the avoided emissions and the footprint apart instead",
                    terms.join(", ")
                )
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_waterfall_follows_a_hand_calculation() {
        // (2.0 − 1.2) kg × 1,000,000 units = 800,000 kg; less 50,000 kg of the AI system's
        // footprint, 750,000 kg avoided; 15 % rebound leaves 637,500; 60 % attributed, 382,500.
        let [gross, own, avoided, after, net] = waterfall(2.0, 1.2, 1e6, 50_000.0, 0.15, 0.6);
        assert!((gross - 800_000.0).abs() < 1e-6 && (own - 50_000.0).abs() < 1e-9);
        assert!((avoided - 750_000.0).abs() < 1e-6);
        assert!((after - 637_500.0).abs() < 1e-6);
        assert!((net - 382_500.0).abs() < 1e-6);
        // A solution that emits more: (1.0 − 1.1) kg × 1,000,000 = −100,000 kg, less 50,000 kg
        // of footprint, −150,000 kg; the rebound leaves it (−127,500 kg would read as less
        // added); 60 % attributed, −90,000 kg.
        let [_, _, avoided, after, net] = waterfall(1.0, 1.1, 1e6, 50_000.0, 0.15, 0.6);
        assert!((avoided + 150_000.0).abs() < 1e-6);
        assert!((after + 150_000.0).abs() < 1e-6);
        assert!((net + 90_000.0).abs() < 1e-6);
    }

    #[test]
    fn suggested_figures_are_rounded_down() {
        // 314,771.6 kg written as suggested must not exceed it: 314,000 kg.
        assert!((rounded_down(314_771.6) - 314_000.0).abs() < 1e-6);
        assert!((rounded_down(2.623) - 2.62).abs() < 1e-9);
        assert!((rounded_down(99.99) - 99.9).abs() < 1e-9);
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
