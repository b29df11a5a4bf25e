//! Figures per functional unit.

use schemars::JsonSchema;
use serde::Serialize;

use super::{shown, shown_interval};
use crate::compute::Results;
use crate::model::Disclosure;
use crate::text::number::format;

/// Energy and emissions per unit of one functional unit, for one model or all together.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(super) struct PerUnitRow {
    /// The functional unit's id.
    unit: String,
    /// What one unit is, as the input describes it.
    description: String,
    /// The model's id, or `all models`.
    model: String,
    /// Units of service delivered (4 significant figures, thousands grouped).
    units: String,
    /// Facility energy per unit, Wh (4 significant figures, thousands grouped).
    energy_wh: String,
    /// Location-based emissions per unit, gCO2e (4 significant figures, thousands grouped).
    location_based_g: String,
    /// Market-based emissions per unit, gCO2e (4 significant figures, thousands grouped).
    market_based_g: String,
    /// Embodied emissions per unit, gCO2e (4 significant figures, thousands grouped).
    embodied_g: String,
    /// SCI (ISO/IEC 21031), gCO2e per unit (4 significant figures, thousands grouped).
    sci_g: String,
    /// 95 % interval, written `low–high` in Wh; empty when the inputs state no uncertainty.
    energy_wh_interval: String,
    /// 95 % interval, written `low–high` in gCO2e; empty when the inputs state no uncertainty.
    location_based_g_interval: String,
    /// 95 % interval, written `low–high` in gCO2e; empty when the inputs state no uncertainty.
    market_based_g_interval: String,
    /// 95 % interval, written `low–high` in gCO2e; empty when the inputs state no uncertainty.
    sci_g_interval: String,
    /// Water per unit, mL (4 significant figures, thousands grouped); empty when no site states it.
    pub(super) water_ml: String,
    /// 95 % interval of the water per unit, written `low–high` in mL; empty when the inputs
    /// state no uncertainty or no site states water.
    water_ml_interval: String,
}

pub(super) fn per_unit_rows(d: &Disclosure, results: &Results) -> Vec<PerUnitRow> {
    results
        .per_unit
        .iter()
        .map(|p| PerUnitRow {
            description: d
                .functional_units
                .iter()
                .find(|f| f.id == p.functional_unit)
                .map_or_else(String::new, |f| f.description.clone()),
            unit: p.functional_unit.clone(),
            model: p.model.clone().unwrap_or_else(|| "all models".to_owned()),
            units: format(p.units),
            energy_wh: shown(&p.energy, "Wh"),
            location_based_g: shown(&p.location_based, "gCO2e"),
            market_based_g: shown(&p.market_based, "gCO2e"),
            embodied_g: shown(&p.embodied, "gCO2e"),
            sci_g: shown(&p.sci, "gCO2e"),
            energy_wh_interval: shown_interval(&p.energy, "Wh"),
            location_based_g_interval: shown_interval(&p.location_based, "gCO2e"),
            market_based_g_interval: shown_interval(&p.market_based, "gCO2e"),
            sci_g_interval: shown_interval(&p.sci, "gCO2e"),
            water_ml: p
                .water
                .as_ref()
                .map_or_else(String::new, |w| shown(w, "mL")),
            water_ml_interval: p
                .water
                .as_ref()
                .map_or_else(String::new, |w| shown_interval(w, "mL")),
        })
        .collect()
}
