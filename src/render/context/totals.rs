//! The disclosure's totals and its totals by GHG scope.

use schemars::JsonSchema;
use serde::Serialize;

use super::{shown, shown_as_within, shown_interval};
use crate::compute::{self, Results};
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{format, shown_points, whole_percents};

/// Totals over the whole disclosure.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct Totals {
    /// IT energy, before facility overhead, `MWh` (4 significant figures, thousands grouped).
    it_energy_mwh: String,
    /// Energy including facility overhead, `MWh` (4 significant figures, thousands grouped).
    facility_energy_mwh: String,
    /// Location-based emissions, tCO2e (4 significant figures, thousands grouped).
    location_based_t: String,
    /// Market-based emissions, tCO2e (4 significant figures, thousands grouped).
    market_based_t: String,
    /// 95 % interval, written `low–high` in `MWh`; empty when the inputs state no uncertainty.
    it_energy_mwh_interval: String,
    /// 95 % interval, written `low–high` in `MWh`; empty when the inputs state no uncertainty.
    facility_energy_mwh_interval: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty.
    location_based_t_interval: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty.
    market_based_t_interval: String,
    /// True when the totals carry 95 % intervals, i.e. an input they rest on states an uncertainty.
    has_intervals: bool,
    /// The Monte Carlo settings behind the intervals, e.g. `10,000 draws, seed 2024`.
    monte_carlo: String,
    /// True when there is IT energy to share among methods (some measurement above 0 kWh).
    has_it_energy: bool,
    /// Share of the IT energy resting on measurement (metered or device telemetry), e.g. `78 %`;
    /// `—` without IT energy.
    measured_share: String,
    /// Share of the IT energy not resting on measurement, e.g. `22 %`.
    estimated_share: String,
    /// IT energy by method tier, most direct first, e.g. `78 % metered, 22 % default factor`.
    tiers: String,
    /// Embodied emissions of the hardware, tCO2e (4 significant figures, thousands grouped).
    embodied_t: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty or
    /// there are no embodied emissions.
    embodied_t_interval: String,
    /// Water used, m3 (4 significant figures, thousands grouped); empty when no site states
    /// it; `not given: …` naming the sites that do not, when some do. `water_basis` says where.
    water_m3: String,
    /// 95 % interval, written `low–high` in m3; empty when the inputs state no uncertainty or
    /// there is no water figure.
    water_m3_interval: String,
    /// Where the water figure was used, as the sites' inputs allow: `on and off site` (WUE
    /// and the water intensity of electricity), `on site` (WUE only) or `off site, generating
    /// the electricity`, or `as each site states it (fra: on site; par: off site, …)` where the
    /// sites state different parts; empty without a water figure.
    water_basis: String,
    /// What the market-based total rests on: `contracts and residual mix`, or says that the
    /// grid average stands in where a site states neither (GHG Protocol Scope 2 Guidance, 6.3).
    market_basis: &'static str,
    /// The facility energy's label: `Energy including facility overhead`, or says where the
    /// overhead is left out because a site states no PUE.
    facility_label: &'static str,
    /// The same, as a phrase after a figure: `facility overhead included`, or where not.
    overhead_phrase: &'static str,
    /// What the facility overhead (energy beyond IT energy) rests on, in a sentence, e.g.
    /// `Facility overhead, 14.2 MWh, rests on a PUE that is supplier reported.`; empty
    /// without overhead.
    overhead_basis: String,
}

/// Facility energy and emissions falling in one GHG scope.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ScopeRow {
    /// The scope: `Scope 2` (own or colocation sites) or `Scope 3, cat. 1` (cloud).
    scope: &'static str,
    /// Energy including facility overhead, `MWh` (4 significant figures, thousands grouped).
    facility_energy_mwh: String,
    /// Location-based emissions, tCO2e (4 significant figures, thousands grouped).
    location_based_t: String,
    /// Market-based emissions, tCO2e (4 significant figures, thousands grouped).
    market_based_t: String,
}

pub(super) fn totals_row(d: &Disclosure, results: &crate::compute::Results) -> Totals {
    let totals = &results.total;
    let parts = water_parts(d);
    let not_given = water_not_given(&parts);
    let measured = measured_shares(&totals.tiers, totals.measured_share);
    Totals {
        it_energy_mwh: shown(&totals.it_energy, "MWh"),
        facility_energy_mwh: shown(&totals.facility_energy, "MWh"),
        location_based_t: shown(&totals.location_based, "tCO2e"),
        market_based_t: shown(&totals.market_based, "tCO2e"),
        it_energy_mwh_interval: shown_interval(&totals.it_energy, "MWh"),
        facility_energy_mwh_interval: shown_interval(&totals.facility_energy, "MWh"),
        location_based_t_interval: shown_interval(&totals.location_based, "tCO2e"),
        market_based_t_interval: shown_interval(&totals.market_based, "tCO2e"),
        has_intervals: totals.facility_energy.interval.is_some(),
        monte_carlo: format!(
            "{} draws, seed {}",
            format(f64::from(d.methodology.monte_carlo.draws)),
            d.methodology.monte_carlo.seed
        ),
        has_it_energy: is_whole(&totals.tiers),
        measured_share: measured.0,
        estimated_share: measured.1,
        embodied_t: shown(&totals.embodied, "tCO2e"),
        embodied_t_interval: shown_interval(&totals.embodied, "tCO2e"),
        water_basis: water_basis(&parts, totals.water.is_some() || !not_given.is_empty()),
        water_m3: totals.water.as_ref().map_or(not_given, |w| shown(w, "m3")),
        water_m3_interval: totals
            .water
            .as_ref()
            .map_or_else(String::new, |w| shown_interval(w, "m3")),
        tiers: tier_shares(&totals.tiers),
        market_basis: market_basis(d.sites.iter(), &results.sites),
        overhead_basis: overhead_basis(d, totals),
        facility_label: overhead_included(d).0,
        overhead_phrase: overhead_included(d).1,
    }
}

/// The IT energy's method tiers as `48 % device telemetry, 23 % …`, the shares adding up to
/// 100 % as a reader adds them: what every report and `compute`'s table print.
#[must_use]
pub fn tier_shares(tiers: &[compute::TierShare]) -> String {
    if !is_whole(tiers) {
        return NO_IT_ENERGY.to_owned();
    }
    tier_percents(tiers)
        .iter()
        .zip(tiers)
        .map(|(&points, t)| format!("{} {}", shown_points(points, t.share), t.method.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the shares of the IT energy read when there is none to share (every measurement 0 kWh).
const NO_IT_ENERGY: &str = "no IT energy";

/// Whether the tiers' shares make a whole: not where the IT energy is zero, when every share
/// is 0 and a share of 0 % measured would leave "100 % estimated" of nothing.
fn is_whole(tiers: &[compute::TierShare]) -> bool {
    (tiers.iter().map(|t| t.share).sum::<f64>() - 1.0).abs() < 1e-9
}

/// Each method tier's share of the IT energy as whole percentage points adding up to 100.
#[must_use]
pub fn tier_percents(tiers: &[compute::TierShare]) -> Vec<f64> {
    let shares: Vec<f64> = tiers.iter().map(|t| t.share).collect();
    whole_percents(&shares)
}

/// What of the IT energy rests on measurement and what does not (`measured`, a fraction), as
/// `63 %` and `37 %`: the sum of the measured tiers' points as [`tier_shares`] prints them, so
/// that a reader adding those finds the same figure, and the rest of 100 %; `—` for both
/// where there is no IT energy.
#[must_use]
pub fn measured_shares(tiers: &[compute::TierShare], measured: f64) -> (String, String) {
    if !is_whole(tiers) {
        return ("—".to_owned(), "—".to_owned());
    }
    let measured_points: f64 = tier_percents(tiers)
        .iter()
        .zip(tiers)
        .filter(|(_, t)| t.method.is_measured())
        .map(|(p, _)| p)
        .sum();
    (
        shown_points(measured_points, measured),
        shown_points(100.0 - measured_points, 1.0 - measured),
    )
}

/// How far the facility energy includes the overhead, as a label and as a phrase after a figure:
/// a site that states no PUE counts its IT energy alone.
fn overhead_included(d: &Disclosure) -> (&'static str, &'static str) {
    // A site's overhead is in its figures through its PUE, or through meters that all saw the
    // facility (they measured it).
    let stated = d
        .sites
        .iter()
        .filter(|s| s.pue.is_some() || d.metered_at_the_facility(&s.id))
        .count();
    if stated == d.sites.len() {
        (
            "Energy including facility overhead",
            "facility overhead included",
        )
    } else if stated == 0 {
        (
            "Energy at the facility, overhead not included (no site states a PUE)",
            "facility overhead not included, no site stating a PUE",
        )
    } else {
        (
            "Energy including facility overhead where a site states its PUE or meters it",
            "facility overhead included where a site states its PUE or meters it",
        )
    }
}

/// The part of its water a site states: on site (its WUE), off site (generating its
/// electricity), or both; `None` for neither.
fn water_part(s: &crate::model::Site) -> Option<&'static str> {
    match (s.wue.is_some(), s.electricity_water.is_some()) {
        (true, true) => Some("on and off site"),
        (true, false) => Some("on site"),
        (false, true) => Some("off site, generating the electricity"),
        (false, false) => None,
    }
}

/// Each site a measurement is at, and the part of its water it states.
fn water_parts(d: &Disclosure) -> Vec<(&str, Option<&'static str>)> {
    d.sites
        .iter()
        .filter(|s| d.measurements.iter().any(|m| m.site == s.id))
        .map(|s| (s.id.as_str(), water_part(s)))
        .collect()
}

/// Where some sites state water and others do not, no total is given (a sum over some sites
/// would read as the whole): `not given: fra states no water figure`; empty otherwise.
fn water_not_given(parts: &[(&str, Option<&str>)]) -> String {
    let silent: Vec<&str> = parts
        .iter()
        .filter(|(_, part)| part.is_none())
        .map(|&(site, _)| site)
        .collect();
    if silent.is_empty() || parts.iter().all(|(_, part)| part.is_none()) {
        return String::new();
    }
    let verb = if silent.len() == 1 { "states" } else { "state" };
    format!("not given: {} {verb} no water figure", silent.join(", "))
}

/// Where the water of the sites that state it is used: on site (WUE), off site (generating the
/// electricity), or both; site by site where the sites state different parts, since the total
/// then leaves out what each does not state (review of 2026-12-02: "on and off site" for one
/// site's on-site water and another's off-site water).
fn water_basis(parts: &[(&str, Option<&'static str>)], has_water: bool) -> String {
    if !has_water {
        return String::new();
    }
    let stating: Vec<(&str, &str)> = parts
        .iter()
        .filter_map(|&(site, part)| part.map(|p| (site, p)))
        .collect();
    match stating.first() {
        Some(&(_, first)) if stating.iter().all(|&(_, p)| p == first) => first.to_owned(),
        _ => format!(
            "as each site states it ({})",
            stating
                .iter()
                .map(|(site, p)| format!("{site}: {p}"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// What the market-based figure of `sites` rests on: a site without contracts or a residual mix
/// falls back to the grid average (GHG Protocol Scope 2 Guidance, section 6.3). Only sites that
/// used energy (their `results`) and instruments that cover some count: a spare site's
/// contracts put nothing in the figure (helper 69).
pub(super) fn market_basis<'a>(
    sites: impl Iterator<Item = &'a crate::model::Site>,
    results: &[crate::compute::SiteResult],
) -> &'static str {
    let (mut all, mut given, mut contracts) = (0, 0, 0);
    let used = |site: &crate::model::Site| {
        results
            .iter()
            .any(|r| r.id == site.id && r.facility_energy.value > 0.0)
    };
    for site in sites.filter(|s| used(s)) {
        all += 1;
        if let Some(market) = &site.grid.market_based {
            given += 1;
            contracts += usize::from(market.instruments.iter().any(|i| i.energy.kwh() > 0.0));
        }
    }
    match (given == all, given == 0, contracts > 0) {
        (_, true, _) => "the grid average: no site states contracts or a residual mix",
        (true, _, true) => "contracts and residual mix",
        (true, _, false) => "the residual mix: no site states contractual instruments",
        (false, _, true) => {
            "contracts and residual mix; the grid average where a site states neither"
        }
        (false, _, false) => "the residual mix; the grid average where a site states none",
    }
}

/// The facility overhead and the methods of the PUE values it rests on.
fn overhead_basis(d: &Disclosure, totals: &compute::Totals) -> String {
    let overhead = totals.facility_energy.in_("MWh") - totals.it_energy.in_("MWh");
    if overhead <= 0.0 {
        return String::new();
    }
    let mut methods: Vec<&str> = d
        .sites
        .iter()
        .filter_map(|s| s.pue.as_ref().map(|p| p.method.label()))
        .collect();
    methods.sort_unstable();
    methods.dedup();
    let pue = if methods.len() == 1 {
        "a PUE that is"
    } else {
        "PUE values that are"
    };
    format!(
        "Facility overhead, {} MWh, rests on {pue} {}.",
        format(overhead),
        methods.join(" or ")
    )
}

/// The fuel burned for the system at its own or colocation sites (`combustion`, Scope 1), in a
/// sentence: the reports' totals and scope rows are of electricity, and a table by GHG scope
/// without it would read as if nothing were burned (the first attack of 2026-12-02). Empty
/// when the disclosure states none.
pub(super) fn fuel_burned(d: &Disclosure, results: &Results) -> String {
    if d.combustion.is_empty() {
        return String::new();
    }
    let kwh: f64 = d.combustion.iter().map(|c| c.energy.value.kwh()).sum();
    format!(
        "Fuel burned for the system at its own or colocation sites (Scope 1: {}): {} MWh, {} tCO₂e. It is not in the figures above, which are of the electricity the system used; the esrs-e1 report gives it as gross Scope 1 (ESRS E1-6).",
        d.combustion
            .iter()
            .map(|c| c.description.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        format(convert(kwh, "kWh", "MWh")),
        format(convert(results.esrs.ghg.scope1, "kgCO2e", "tCO2e")),
    )
}

/// The totals by GHG scope.
pub(super) fn scope_rows(d: &Disclosure, results: &Results) -> Vec<ScopeRow> {
    results
        .total
        .by_scope
        .iter()
        .zip(compute::spread::scopes(d, results))
        .map(|(s, spread)| ScopeRow {
            scope: s.scope.label(),
            facility_energy_mwh: shown_as_within(
                s.facility_energy,
                ("kWh", "MWh"),
                spread.facility,
            ),
            location_based_t: shown_as_within(
                s.location_based,
                ("kgCO2e", "tCO2e"),
                spread.location,
            ),
            market_based_t: shown_as_within(s.market_based, ("kgCO2e", "tCO2e"), spread.market),
        })
        .collect()
}
