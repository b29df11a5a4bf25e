//! Figures per functional unit, for all models and per model (ISO/IEC 21031 SCI).

use super::{Figure, MeasurementResult, PerUnit, embodied, formula};
use crate::model::{Disclosure, Phase};

const PER_UNIT_EMBODIED: &str = "embodied_per_unit = embodied ÷ Σ units × 1000";
const SCI: &str = "sci = (facility_energy × grid_average_factor + embodied) ÷ Σ units";
const PER_UNIT_WATER: &str = "water_per_unit = Σ water ÷ Σ units × 1000";
const PER_UNIT_ENERGY: &str = "energy_per_unit = Σ facility_energy / Σ units × 1000";
const PER_UNIT_EMISSIONS: &str = "emissions_per_unit = Σ emissions / Σ units × 1000";

pub(super) fn per_unit(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    embodied: &[embodied::EmbodiedResult],
) -> Vec<PerUnit> {
    let context = UnitContext {
        disclosure,
        measurements,
        embodied,
    };
    let mut out = Vec::new();
    for unit in &disclosure.functional_units {
        let serving = serving(disclosure, &unit.id, None);
        out.extend(unit_figures(&context, &unit.id, None, &serving));
        let models: Vec<&str> = disclosure
            .system
            .models
            .iter()
            .map(|m| m.id.as_str())
            .filter(|id| {
                serving
                    .iter()
                    .any(|&i| disclosure.measurements[i].model == *id)
            })
            .collect();
        // With one model the per-model line would repeat the all-models line.
        if models.len() > 1 {
            for model in models {
                let own = self::serving(disclosure, &unit.id, Some(model));
                out.extend(unit_figures(&context, &unit.id, Some(model), &own));
            }
        }
    }
    out
}

/// The measurements that count `unit`, of `model` alone when given, in input order.
fn serving(disclosure: &Disclosure, unit: &str, model: Option<&str>) -> Vec<usize> {
    disclosure
        .measurements
        .iter()
        .enumerate()
        .filter(|(_, m)| m.serves(unit) && model.is_none_or(|id| m.model == id))
        .map(|(i, _)| i)
        .collect()
}

/// The embodied emissions behind per-unit line `line` (kgCO2e), item by item in the order of
/// `embodied`: the Monte Carlo simulation draws each item's uncertainty on its own, and a line
/// carries only the items that served it.
pub(super) fn embodied_by_item(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    embodied: &[embodied::EmbodiedResult],
    line: &PerUnit,
) -> Vec<f64> {
    let context = UnitContext {
        disclosure,
        measurements,
        embodied,
    };
    let model = line.model.as_deref();
    let serving = serving(disclosure, &line.functional_unit, model);
    serving_embodied(&context, model, &serving).collect()
}

/// What every per-unit line needs besides its own measurements.
struct UnitContext<'a> {
    disclosure: &'a Disclosure,
    measurements: &'a [MeasurementResult],
    embodied: &'a [embodied::EmbodiedResult],
}

/// The embodied emissions of the hardware behind `serving`, the measurements of `model` (all
/// models when `None`): each item's share is that of the energy it served, the measurements of
/// its model (every model's when shared) and of its phase (every phase's when it serves all)
/// that are among `serving`. Hardware that serves training only adds nothing to the units of
/// service, so the figure is the same in every audience's document, with or without it.
fn serving_embodied<'a>(
    c: &'a UnitContext<'_>,
    model: Option<&'a str>,
    serving: &'a [usize],
) -> impl Iterator<Item = f64> + 'a {
    let served_by = |own: Option<&str>, phase: Option<Phase>, i: usize| {
        let m = &c.disclosure.measurements[i];
        own.is_none_or(|id| m.model == id) && phase.is_none_or(|p| m.phase == p)
    };
    let facility = |i: usize| c.measurements[i].facility_energy.value;
    c.embodied.iter().map(move |e| {
        // Hardware of another model serves none of this model's units.
        if let (Some(wanted), Some(own)) = (model, e.model.as_deref())
            && wanted != own
        {
            return 0.0;
        }
        let phase = c
            .disclosure
            .hardware
            .iter()
            .find(|h| h.id == e.hardware)
            .and_then(|h| h.phase);
        let own = e.model.as_deref();
        let all: f64 = (0..c.measurements.len())
            .filter(|&i| served_by(own, phase, i))
            .map(facility)
            .sum();
        let part: f64 = serving
            .iter()
            .filter(|&&i| served_by(own, phase, i))
            .map(|&i| facility(i))
            .sum();
        e.emissions.value * formula::share(part, all)
    })
}

fn unit_figures(
    c: &UnitContext<'_>,
    unit: &str,
    model: Option<&str>,
    serving: &[usize],
) -> Option<PerUnit> {
    let units: f64 = serving
        .iter()
        .filter_map(|&i| c.disclosure.measurements[i].workload.get(unit))
        .sum();
    let inputs: Vec<String> = serving
        .iter()
        .flat_map(|i| {
            [
                format!("/measurements/{i}"),
                format!("/measurements/{i}/workload/{unit}"),
            ]
        })
        .collect();
    let total = |f: fn(&MeasurementResult) -> f64| -> f64 {
        serving.iter().map(|&i| f(&c.measurements[i])).sum()
    };
    let serving_facility = total(|m| m.facility_energy.value);
    let embodied_kg: f64 = serving_embodied(c, model, serving).sum();
    let mut embodied_inputs = inputs.clone();
    embodied_inputs.extend(c.embodied.iter().flat_map(|e| e.emissions.inputs.clone()));
    let location_kg = total(|m| m.location_based.value);
    let water_litres = formula::sum_if_all(
        serving
            .iter()
            .map(|&i| c.measurements[i].water.as_ref().map(|w| w.value)),
    );
    let per = |kilo: f64| formula::per_unit_milli(kilo, units);
    Some(PerUnit {
        functional_unit: unit.to_owned(),
        model: model.map(str::to_owned),
        units,
        energy: Figure::new(
            per(serving_facility)?,
            "Wh",
            PER_UNIT_ENERGY,
            inputs.clone(),
        ),
        location_based: Figure::new(
            per(location_kg)?,
            "gCO2e",
            PER_UNIT_EMISSIONS,
            inputs.clone(),
        ),
        market_based: Figure::new(
            per(total(|m| m.market_based.value))?,
            "gCO2e",
            PER_UNIT_EMISSIONS,
            inputs.clone(),
        ),
        embodied: Figure::new(
            per(embodied_kg)?,
            "gCO2e",
            PER_UNIT_EMBODIED,
            embodied_inputs.clone(),
        ),
        sci: Figure::new(
            per(location_kg + embodied_kg)?,
            "gCO2e",
            SCI,
            embodied_inputs,
        ),
        water: water_litres
            .and_then(per)
            .map(|ml| Figure::new(ml, "mL", PER_UNIT_WATER, inputs)),
    })
}
