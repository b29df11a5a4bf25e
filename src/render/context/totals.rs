//! The disclosure's totals and its totals by GHG scope.

use schemars::JsonSchema;
use serde::Serialize;

use super::{range, shown, shown_as};
use crate::compute::{self};
use crate::model::Disclosure;
use crate::text::number::{format, percent};

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
    /// Share of the IT energy resting on measurement (metered or device telemetry), e.g. `78 %`.
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
    /// Water consumed on and off site, m3 (4 significant figures, thousands grouped); empty when no
    /// site states it.
    water_m3: String,
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

pub(super) fn totals_row(d: &Disclosure, totals: &crate::compute::Totals) -> Totals {
    Totals {
        it_energy_mwh: shown(&totals.it_energy, "MWh"),
        facility_energy_mwh: shown(&totals.facility_energy, "MWh"),
        location_based_t: shown(&totals.location_based, "tCO2e"),
        market_based_t: shown(&totals.market_based, "tCO2e"),
        it_energy_mwh_interval: range(totals.it_energy.interval_in("MWh")),
        facility_energy_mwh_interval: range(totals.facility_energy.interval_in("MWh")),
        location_based_t_interval: range(totals.location_based.interval_in("tCO2e")),
        market_based_t_interval: range(totals.market_based.interval_in("tCO2e")),
        has_intervals: totals.facility_energy.interval.is_some(),
        monte_carlo: format!(
            "{} draws, seed {}",
            format(f64::from(d.methodology.monte_carlo.draws)),
            d.methodology.monte_carlo.seed
        ),
        measured_share: percent(totals.measured_share),
        estimated_share: percent(1.0 - totals.measured_share),
        embodied_t: shown(&totals.embodied, "tCO2e"),
        embodied_t_interval: range(totals.embodied.interval_in("tCO2e")),
        water_m3: totals
            .water
            .as_ref()
            .map_or_else(String::new, |w| shown(w, "m3")),
        tiers: totals
            .tiers
            .iter()
            .map(|t| format!("{} {}", percent(t.share), t.method.label()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The totals by GHG scope.
pub(super) fn scope_rows(totals: &compute::Totals) -> Vec<ScopeRow> {
    totals
        .by_scope
        .iter()
        .map(|s| ScopeRow {
            scope: s.scope.label(),
            facility_energy_mwh: shown_as(s.facility_energy, "kWh", "MWh"),
            location_based_t: shown_as(s.location_based, "kgCO2e", "tCO2e"),
            market_based_t: shown_as(s.market_based, "kgCO2e", "tCO2e"),
        })
        .collect()
}
