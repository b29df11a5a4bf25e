//! The figures of one measurement: IT energy completed with the parts the meter did not see,
//! facility energy, location-based emissions and water.

use super::{CompletionPart, Figure, KG, KWH, MeasurementResult, Scope, energy, formula};
use crate::model::{BoundaryPart, Energy, Measurement, Period, Site};

const FACILITY: &str = "facility_energy = it_energy × pue";
const FACILITY_AS_MEASURED: &str = "facility_energy = measured energy (meter includes facility)";
const FACILITY_NO_PUE: &str = "facility_energy = it_energy (no PUE given: overhead excluded)";
pub(super) const IT_OF_FACILITY: &str =
    "it_energy = facility_energy ÷ pue (meter includes facility)";
const IT_AS_FACILITY: &str =
    "it_energy = facility_energy (meter includes facility; no PUE given to take the overhead out)";
const LOCATION: &str = "location_based = facility_energy × grid_average_factor / 1000";
const LOCATION_MONTHLY: &str =
    "location_based = facility_energy × Σ_months (days_in_month ÷ days × monthly_factor) / 1000";
const COMPLETED: &str = "it_energy = measured × (1 + Σ completion shares) + Σ completion energies";
const WATER: &str = "water = wue × it_energy + electricity_water × facility_energy";

/// The parts `m`'s meter did not see, added from its declared factors: each part's energy,
/// the completed IT energy and its figure.
fn complete(i: usize, m: &Measurement, measured: &Figure) -> (Vec<CompletionPart>, f64, Figure) {
    let measured_kwh = measured.value;
    let completion: Vec<CompletionPart> = m
        .completion
        .iter()
        .map(|(part, c)| CompletionPart {
            part: *part,
            method: c.method,
            it_energy: formula::completed_energy(
                measured_kwh,
                &[c.share.unwrap_or(0.0)],
                &[c.energy.map_or(0.0, Energy::kwh)],
            ) - measured_kwh,
        })
        .collect();
    if completion.is_empty() {
        return (completion, measured_kwh, measured.clone());
    }
    let shares: Vec<f64> = m.completion.values().filter_map(|c| c.share).collect();
    let energies: Vec<f64> = m
        .completion
        .values()
        .filter_map(|c| c.energy.map(Energy::kwh))
        .collect();
    let kwh = formula::completed_energy(measured_kwh, &shares, &energies);
    let mut inputs = measured.inputs.clone();
    inputs.push(format!("/measurements/{i}/completion"));
    (completion, kwh, Figure::new(kwh, KWH, COMPLETED, inputs))
}

pub(super) fn measurement(
    i: usize,
    m: &Measurement,
    site: Option<(usize, &Site)>,
    period: Period,
) -> MeasurementResult {
    let energy_pointer = format!("/measurements/{i}/energy");
    let it = energy::it_energy(&m.energy, m.phase, period);
    let measured_energy = Figure::new(it.kwh, KWH, it.formula, vec![energy_pointer.clone()]);
    let (completion, completed_kwh, completed) = complete(i, m, &measured_energy);
    let metered_facility = m.boundary.contains(&BoundaryPart::Facility);
    let pue = site.and_then(|(s, site)| site.pue.as_ref().map(|p| (s, p)));
    // A meter at the building's supply saw the facility's overhead too: the IT energy inside
    // it is what the PUE leaves (so that WUE × IT energy and the IT figures are not counted
    // on the overhead), or the whole when no PUE is given.
    let (it_kwh, it_energy) = match pue {
        Some((s, pue)) if metered_facility => {
            let kwh = formula::it_energy_of_facility(completed_kwh, pue.value);
            let mut inputs = completed.inputs.clone();
            inputs.push(format!("/sites/{s}/pue"));
            (kwh, Figure::new(kwh, KWH, IT_OF_FACILITY, inputs))
        }
        None if metered_facility => {
            let inputs = completed.inputs.clone();
            (
                completed_kwh,
                Figure::new(completed_kwh, KWH, IT_AS_FACILITY, inputs),
            )
        }
        _ => (completed_kwh, completed),
    };
    let facility_energy = match pue {
        _ if metered_facility => Figure::new(
            completed_kwh,
            KWH,
            FACILITY_AS_MEASURED,
            vec![energy_pointer],
        ),
        Some((s, pue)) => Figure::new(
            formula::facility_energy(it_kwh, pue.value),
            KWH,
            FACILITY,
            vec![energy_pointer, format!("/sites/{s}/pue")],
        ),
        None => Figure::new(it_kwh, KWH, FACILITY_NO_PUE, vec![energy_pointer]),
    };
    let (scope, location_based) = match site {
        Some((s, site)) => {
            let (formula_used, factor_input) = if site.grid.monthly.is_some() {
                (LOCATION_MONTHLY, "monthly")
            } else {
                (LOCATION, "location_based")
            };
            (
                Scope::of(site.operation),
                Figure::new(
                    formula::emissions(facility_energy.value, location_factor(site, period)),
                    KG,
                    formula_used,
                    vec![
                        format!("/measurements/{i}"),
                        format!("/sites/{s}/grid/{factor_input}"),
                    ],
                ),
            )
        }
        None => (Scope::Scope2, Figure::new(0.0, KG, LOCATION, Vec::new())),
    };
    let water = site.and_then(|(s, site)| {
        let wue = site.wue.as_ref().map(|w| w.value.l_per_kwh());
        let off_site = site.electricity_water.as_ref().map(|w| w.value.l_per_kwh());
        if wue.is_none() && off_site.is_none() {
            return None;
        }
        Some(Figure::new(
            formula::water(
                wue.unwrap_or(0.0),
                it_kwh,
                off_site.unwrap_or(0.0),
                facility_energy.value,
            ),
            "L",
            WATER,
            vec![format!("/measurements/{i}"), format!("/sites/{s}")],
        ))
    });
    MeasurementResult {
        id: m.id.clone(),
        phase: m.phase,
        site: m.site.clone(),
        model: m.model.clone(),
        method: m.energy.method,
        scope,
        market_based: location_based.clone(),
        measured_energy,
        it_energy,
        completion,
        facility_energy,
        location_based,
        water,
        estimate: it.estimate,
    }
}

/// The location-based factor (gCO2e/kWh) of `site` for energy used evenly over `period`.
#[must_use]
pub fn location_factor(site: &Site, period: Period) -> f64 {
    let annual = site.grid.location_based.value.g_per_kwh();
    match &site.grid.monthly {
        Some(monthly) => energy::location_factor(period, annual, &monthly.by_month()),
        None => annual,
    }
}
