//! Embodied emissions of the hardware (ISO/IEC 21031 SCI term M), amortised over the time the
//! hardware is reserved for the system and the share of it reserved, reported beside the energy
//! inventory. Amortised, they are not GHG Protocol Scope 3 category 2 (capital goods), which
//! counts hardware in full in the year it is bought (see [`super::esrs::Ghg`]).

use schemars::JsonSchema;
use serde::Serialize;

use super::{Figure, energy, formula};
use crate::model::{Disclosure, Duration, Hardware};

const EMBODIED: &str =
    "embodied = count × embodied_per_unit × (reserved_hours ÷ lifetime_hours) × share";

/// The embodied emissions attributed to one hardware item.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EmbodiedResult {
    /// The hardware item's id.
    pub hardware: String,
    /// The model it serves, or `None` when shared by all.
    pub model: Option<String>,
    /// Embodied emissions attributed to the reporting period (kgCO2e).
    pub emissions: Figure,
}

/// Embodied emissions of every hardware item that states them, in input order.
#[must_use]
pub fn assess(disclosure: &Disclosure) -> Vec<EmbodiedResult> {
    let period_hours = energy::period_hours(disclosure.reporting_period);
    disclosure
        .hardware
        .iter()
        .enumerate()
        .filter_map(|(h, item)| {
            let embodied = item.embodied.as_ref()?;
            let reserved = reserved_hours(item, period_hours);
            let kg = formula::embodied(
                f64::from(item.count) * embodied.value.kg(),
                reserved,
                embodied.lifetime.hours(),
                item.share.unwrap_or(1.0),
            );
            Some(EmbodiedResult {
                hardware: item.id.clone(),
                model: item.model.clone(),
                emissions: Figure::new(kg, "kgCO2e", EMBODIED, vec![format!("/hardware/{h}")]),
            })
        })
        .collect()
}

/// Hours `item` is reserved for the system: as given, or the whole reporting period.
#[must_use]
pub fn reserved_hours(item: &Hardware, period_hours: f64) -> f64 {
    item.reserved.map_or(period_hours, Duration::hours)
}
