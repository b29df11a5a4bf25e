//! Hardware and its embodied emissions attributed to the period.

use schemars::JsonSchema;
use serde::Serialize;

use super::shown;
use crate::compute::energy::{self};
use crate::compute::{Results, embodied};
use crate::model::Disclosure;
use crate::text::number::{percent, plain};

/// A hardware item that states embodied emissions, and those attributed to the period.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct HardwareRow {
    /// The hardware item's identifier.
    id: String,
    /// What it is, e.g. "8x H100 SXM server".
    description: String,
    /// How many of it serve the system.
    count: u32,
    /// The id of the model it serves, or `all models` when shared.
    model: String,
    /// Embodied emissions of one unit, kgCO2e (up to 4 significant figures, thousands grouped).
    embodied_per_unit_kg: String,
    /// Amortisation lifetime, years (up to 4 significant figures, thousands grouped).
    lifetime_years: String,
    /// Hours reserved for the system (up to 4 significant figures, thousands grouped); the period's
    /// hours when not stated.
    reserved_h: String,
    /// Share of the hardware reserved for the system, e.g. `50 %`; `100 %` when not stated.
    share: String,
    /// How the embodied emissions were obtained, e.g. `default factor`.
    method: &'static str,
    /// The life-cycle assessment or dataset they come from.
    source: String,
    /// Embodied emissions for the period, tCO2e (4 significant figures, thousands grouped).
    attributed_t: String,
}

pub(super) fn hardware_rows(d: &Disclosure, results: &Results) -> Vec<HardwareRow> {
    let period_hours = energy::period_hours(d.reporting_period);
    d.hardware
        .iter()
        .filter_map(|h| {
            let embodied = h.embodied.as_ref()?;
            let attributed = results.embodied.iter().find(|e| e.hardware == h.id)?;
            Some(HardwareRow {
                id: h.id.clone(),
                description: h.description.clone(),
                count: h.count,
                model: h.model.clone().unwrap_or_else(|| "all models".to_owned()),
                embodied_per_unit_kg: plain(embodied.value.kg()),
                lifetime_years: plain(
                    embodied.lifetime.hours() / crate::model::quantity::HOURS_PER_YEAR,
                ),
                reserved_h: plain(embodied::reserved_hours(h, period_hours)),
                share: percent(h.share.unwrap_or(1.0)),
                method: embodied.method.label(),
                source: embodied.source.clone(),
                attributed_t: shown(&attributed.emissions, "tCO2e"),
            })
        })
        .collect()
}
