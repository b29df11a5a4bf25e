//! From a validated disclosure to its figures: energy, emissions on both Scope 2 bases, the
//! GHG scope of each, and per-unit figures, every figure with the formula and the inputs it
//! came from.
//!
//! No I/O and no formatting: the arithmetic is in [`formula`], and this module only decides
//! which inputs each formula gets. It assumes a disclosure that passed `validate`; on one that
//! did not, it still returns numbers (never panics), but they mean nothing.

mod boundary;
pub mod claims;
pub mod embodied;
pub mod energy;
pub mod esrs;
pub mod formula;
pub mod hourly;
pub mod lifecycle;
mod measurement;
mod per_unit;
mod results;
pub mod scenario;
mod site;
pub mod spread;
pub mod stated;
mod tiers;
mod totals;
pub mod uncertainty;
pub mod wording;

use std::collections::BTreeMap;

use crate::model::Disclosure;

pub use measurement::location_factor;
pub use results::{
    BoundaryTreatment, CompletionPart, Figure, HourFigures, HourlyLocation, HourlyMarket,
    HourlySite, MeasurementResult, PerUnit, Results, Scope, ScopeTotal, SiteResult, TierShare,
    Totals, Treatment, schema,
};
pub(crate) use results::{symbol, unit};
pub(crate) use site::instruments;

const KWH: &str = "kWh";
const KG: &str = "kgCO2e";
const MARKET_SHARE: &str =
    "market_based = site_market_based × facility_energy / site_facility_energy";

/// Computes every figure of `disclosure`, with 95 % intervals where inputs state their
/// uncertainty.
#[must_use]
pub fn assess(disclosure: &Disclosure) -> Results {
    let mut results = deterministic(disclosure);
    // The scenarios' simulations do not need the baseline's: both run at once. The scenarios
    // draw the baseline's numbers again (from the same seed), so they share its normal draws:
    // whichever reaches one first works it out (measured: as fast as the baseline first and
    // the scenarios after it, which would read every one).
    let normals = uncertainty::Normals::for_scenarios(disclosure);
    // What the baseline's draws take their random numbers for, which the scenarios' must match.
    let layout = if disclosure.scenarios.is_empty() {
        uncertainty::Layout::default()
    } else {
        uncertainty::layout(disclosure, &results)
    };
    let (simulated, draws) = crate::cores::both(
        || scenario::simulate(disclosure, &layout, normals.as_ref()),
        || uncertainty::propagate(disclosure, &mut results, normals.as_ref()),
    );
    results.scenarios = scenario::assess(disclosure, &results, draws.as_deref(), simulated);
    results.claims = claims::assess(disclosure, &results, draws.as_deref());
    results
}

/// The figures the rules that judge figures read: every central value, and each claim's
/// assessment with the draws of the totals its verdict needs; no scenario and no per-unit
/// interval.
#[must_use]
pub fn screen(disclosure: &Disclosure) -> Results {
    let mut results = deterministic(disclosure);
    if !disclosure.claims.is_empty() {
        let draws = uncertainty::total_draws(disclosure, &results, None);
        results.claims = claims::assess(disclosure, &results, draws.as_deref());
    }
    results
}

/// Computes every figure of `disclosure` at the central values of its inputs, without the
/// Monte Carlo propagation.
#[must_use]
pub fn deterministic(disclosure: &Disclosure) -> Results {
    let sites = &disclosure.sites;
    let site_index: BTreeMap<&str, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();

    let mut measurements: Vec<MeasurementResult> = disclosure
        .measurements
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let site = site_index.get(m.site.as_str()).map(|&s| (s, &sites[s]));
            let period = disclosure.period_of(m);
            measurement::measurement(i, m, site, period)
        })
        .collect();

    let site_results: Vec<SiteResult> = sites
        .iter()
        .enumerate()
        .map(|(s, site)| SiteResult {
            hourly: site::hourly(s, site, disclosure, &measurements),
            ..site::site_result(s, site, &measurements)
        })
        .collect();

    // Market-based emissions belong to the site (instruments cover the site's energy); each
    // measurement gets its share by facility energy.
    for result in &mut measurements {
        if let Some(site) = site_results.iter().find(|s| s.id == result.site) {
            result.market_based = Figure::new(
                formula::allocated(
                    site.market_based.value,
                    result.facility_energy.value,
                    site.facility_energy.value,
                ),
                KG,
                MARKET_SHARE,
                vec![
                    format!(
                        "/sites/{}",
                        site_index.get(site.id.as_str()).copied().unwrap_or(0)
                    ),
                    result
                        .facility_energy
                        .inputs
                        .first()
                        .cloned()
                        .unwrap_or_default(),
                ],
            );
        }
    }

    let embodied = embodied::assess(disclosure);
    let total = totals::totals(&measurements, &site_results, &embodied);
    let per_unit = per_unit::per_unit(disclosure, &measurements, &embodied);
    let boundary = boundary::boundary(disclosure);
    let lifecycle = lifecycle::assess(disclosure, &measurements);
    let mut results = Results {
        measurements,
        sites: site_results,
        total,
        per_unit,
        boundary,
        embodied,
        lifecycle,
        scenarios: Vec::new(),
        claims: Vec::new(),
        esrs: esrs::Esrs::default(),
    };
    results.esrs = esrs::assess(disclosure, &results);
    tiers::assign_tiers(disclosure, &mut results);
    results
}
