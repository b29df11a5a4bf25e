//! Design scenarios as reports show them, ranked by location-based saving.

use schemars::JsonSchema;
use serde::Serialize;

use super::{range, shown_as};
use crate::compute::Results;
use crate::text::number::{format, percent};

/// A design scenario as reports show it, ranked by location-based saving.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ScenarioRow {
    /// The scenario's identifier.
    id: String,
    /// What the scenario does.
    description: String,
    /// Each lever, described as applied, in order.
    levers: Vec<String>,
    /// Facility energy in the scenario, `MWh` (4 significant figures, thousands grouped).
    facility_energy_mwh: String,
    /// Location-based emissions in the scenario, tCO2e (4 significant figures, thousands grouped).
    location_based_t: String,
    /// Market-based emissions in the scenario, tCO2e (4 significant figures, thousands grouped).
    market_based_t: String,
    /// Facility energy saved, `MWh` (4 significant figures, thousands grouped).
    energy_saving_mwh: String,
    /// The energy saving as a share of the baseline's, e.g. `12 %`.
    energy_saving_share: String,
    /// 95 % interval, written `low–high` in `MWh`; empty when the inputs state no uncertainty.
    energy_saving_interval: String,
    /// Location-based emissions saved, tCO2e (4 significant figures, thousands grouped).
    location_saving_t: String,
    /// The location-based saving as a share of the baseline's, e.g. `12 %`.
    location_saving_share: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty.
    location_saving_interval: String,
    /// Market-based emissions saved, tCO2e (4 significant figures, thousands grouped).
    market_saving_t: String,
    /// The market-based saving as a share of the baseline's, e.g. `12 %`.
    market_saving_share: String,
    /// 95 % interval, written `low–high` in tCO2e; empty when the inputs state no uncertainty.
    market_saving_interval: String,
    /// Location-based emissions saved with the grid's hourly factors, tCO2e, with its share of
    /// the baseline's hourly figure and its 95 % interval when inputs state uncertainties,
    /// `0.5 (3 %), 95 %: 0.4–0.6`; empty without hourly factors. What a `shift` lever changes.
    hourly_location_saving: String,
    /// Market-based emissions saved by the proposed hourly method (consultation draft, not in
    /// force), tCO2e with its share and interval, as `hourly_location_saving`; empty without
    /// hourly figures.
    hourly_market_saving: String,
    /// Why the hourly savings are not given though the baseline has hourly figures (the
    /// scenario moves energy to or from a site without them), in words; empty otherwise.
    hourly_withheld: String,
    /// True when an hourly saving's central figure lies outside its 95 % interval, which the
    /// document then explains: hour-by-hour matching is not linear in the energy.
    hourly_outside: bool,
    /// Why the savings have no 95 % interval though the inputs state uncertainties (the
    /// scenario's draws do not pair with the baseline's), in words; empty otherwise.
    unpaired: String,
    /// The quality figures the levers trade, as the inputs state them.
    quality: Vec<crate::compute::scenario::QualityTrade>,
    /// Facility energy per functional unit before and after, for each unit and model.
    per_unit: Vec<ScenarioUnitRow>,
}

/// Facility energy per functional unit in the baseline and in a scenario.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ScenarioUnitRow {
    /// The functional unit's id.
    unit: String,
    /// The model's id, or `all models`.
    model: String,
    /// Facility energy per unit in the baseline, Wh (4 significant figures, thousands grouped).
    baseline_wh: String,
    /// Facility energy per unit in the scenario, Wh (4 significant figures, thousands grouped).
    scenario_wh: String,
}

/// An hourly saving as `0.5 (3 %), 95 %: 0.4–0.6` in tCO2e; empty without one.
fn hourly(saving: Option<&crate::compute::scenario::Saving>) -> String {
    saving.map_or_else(String::new, |s| {
        let within = range(s.interval_in("tCO2e"));
        if within.is_empty() {
            format!("{} ({})", format(s.in_("tCO2e")), share(s))
        } else {
            format!("{} ({}), 95 %: {within}", format(s.in_("tCO2e")), share(s))
        }
    })
}

/// A saving's share of the baseline, e.g. `12 %`, or that there is none of a baseline of zero.
pub fn share(saving: &crate::compute::scenario::Saving) -> String {
    saving
        .share
        .map_or_else(|| "of a baseline of 0".to_owned(), percent)
}

/// Whether `saving`'s central figure lies outside its interval. Hour-by-hour matching is not
/// linear in the energy (an hour's consumption beyond its matched generation is not matched),
/// so the draws' 95 % may leave the central figure out, and the document says why.
fn outside(saving: Option<&crate::compute::scenario::Saving>) -> bool {
    saving.is_some_and(|s| {
        let central = s.in_("tCO2e");
        s.interval_in("tCO2e")
            .is_some_and(|i| central < i.low || central > i.high)
    })
}

pub(super) fn scenario_rows(results: &Results) -> Vec<ScenarioRow> {
    use crate::compute::scenario::Saving;
    // Energy savings in MWh, emissions savings in tCO2e.
    let interval = |s: &Saving| range(s.interval_in(s.unit.dimension.total_unit()));
    let mut rows: Vec<(f64, ScenarioRow)> = results
        .scenarios
        .iter()
        .map(|s| {
            (
                s.location_saving.value,
                ScenarioRow {
                    id: s.id.clone(),
                    description: s.description.clone(),
                    levers: s.levers.clone(),
                    facility_energy_mwh: shown_as(s.facility_energy, "kWh", "MWh"),
                    location_based_t: shown_as(s.location_based, "kgCO2e", "tCO2e"),
                    market_based_t: shown_as(s.market_based, "kgCO2e", "tCO2e"),
                    energy_saving_mwh: format(s.energy_saving.in_("MWh")),
                    energy_saving_share: share(&s.energy_saving),
                    energy_saving_interval: interval(&s.energy_saving),
                    location_saving_t: format(s.location_saving.in_("tCO2e")),
                    location_saving_share: share(&s.location_saving),
                    location_saving_interval: interval(&s.location_saving),
                    market_saving_t: format(s.market_saving.in_("tCO2e")),
                    market_saving_share: share(&s.market_saving),
                    market_saving_interval: interval(&s.market_saving),
                    hourly_location_saving: hourly(s.hourly_location_saving.as_ref()),
                    hourly_market_saving: hourly(s.hourly_market_saving.as_ref()),
                    hourly_withheld: s.hourly_withheld.clone().unwrap_or_default(),
                    hourly_outside: outside(s.hourly_location_saving.as_ref())
                        || outside(s.hourly_market_saving.as_ref()),
                    unpaired: s.unpaired.clone().unwrap_or_default(),
                    quality: s.quality.clone(),
                    per_unit: s
                        .per_unit
                        .iter()
                        .map(|p| ScenarioUnitRow {
                            unit: p.unit.clone(),
                            model: p.model.clone().unwrap_or_else(|| "all models".to_owned()),
                            baseline_wh: format(p.baseline_wh),
                            scenario_wh: format(p.scenario_wh),
                        })
                        .collect(),
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows.into_iter().map(|(_, row)| row).collect()
}
