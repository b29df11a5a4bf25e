//! A disclosure's figures in the formats other tools read: the `co2_eq_emissions` block of a
//! Hugging Face model card, and a Green Software Foundation Impact Framework manifest that
//! `if-run` recomputes. Both are written from the computed results, so they carry the same
//! numbers as the report.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::compute::{MeasurementResult, Results, Scope, lifecycle};
use crate::model::{Disclosure, Model, Period, Phase};
use crate::text::numbered;
use crate::text::yaml::{one_line, string as quoted};

/// A disclosure that cannot be exported as asked.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ExportError {
    /// What is missing.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Grams from kilograms, to 15 significant digits: every digit the figure has, without the
/// last bit of binary noise, so that 232 380 g read in as 232.38 kg writes back as 232 380 and
/// a figure of micrograms keeps its digits.
fn grams(kg: f64) -> f64 {
    tidy(kg * 1e3)
}

fn pick_model<'a>(disclosure: &'a Disclosure, id: Option<&str>) -> Result<&'a Model, ExportError> {
    let models = &disclosure.system.models;
    let ids = || {
        models
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match id {
        Some(id) => models
            .iter()
            .find(|m| m.id == id)
            .ok_or_else(|| ExportError {
                message: format!("the disclosure has no model `{id}`"),
                hint: format!("pass --model with one of: {}", ids()),
            }),
        None if models.len() == 1 => Ok(&models[0]),
        None => Err(ExportError {
            message: "the disclosure has several models; a model card is for one".to_owned(),
            hint: format!("pass --model with one of: {}", ids()),
        }),
    }
}

/// The `co2_eq_emissions` block of the model card of `model` (the only model when `None`):
/// the location-based emissions of the disclosure's own training and fine-tuning
/// measurements of it, or, when it has none, the provider's figures it states upstream.
///
/// # Errors
/// An unknown or ambiguous model, or one with neither own nor upstream training emissions.
pub fn huggingface(
    disclosure: &Disclosure,
    results: &Results,
    model: Option<&str>,
) -> Result<String, ExportError> {
    let model = pick_model(disclosure, model)?;
    let own: Vec<_> = results
        .measurements
        .iter()
        .filter(|m| m.model == model.id && m.phase != Phase::Inference)
        .collect();
    let mut y = String::from("co2_eq_emissions:\n");
    if !own.is_empty() {
        let kg: f64 = own.iter().map(|m| m.location_based.value).sum();
        let sites: BTreeSet<String> = own
            .iter()
            .filter_map(|m| disclosure.sites.iter().find(|s| s.id == m.site))
            .map(|s| match &s.region {
                Some(region) => format!("{} ({region})", s.location),
                None => s.location.clone(),
            })
            .collect();
        // The hardware the training ran on: not what serves the model.
        let hardware: Vec<String> = disclosure
            .hardware
            .iter()
            .filter(|h| h.model.as_deref().is_none_or(|m| m == model.id))
            .filter(|h| h.phase.is_none_or(|p| p != Phase::Inference))
            .map(|h| format!("{} × {}", h.count, h.description))
            .collect();
        let _ = writeln!(y, "  emissions: {}", grams(kg));
        let _ = writeln!(
            y,
            "  source: {}",
            quoted(&own_source(disclosure, &results.measurements, model, &own))
        );
        // The Hub knows one training type: a card of both says neither, and its source says
        // how much each was.
        let phases: BTreeSet<&str> = own
            .iter()
            .map(|m| match m.phase {
                Phase::FineTuning => "fine-tuning",
                _ => "pre-training",
            })
            .collect();
        if let [kind] = phases.into_iter().collect::<Vec<_>>().as_slice() {
            let _ = writeln!(y, "  training_type: {kind}");
        }
        let _ = writeln!(
            y,
            "  geographical_location: {}",
            quoted(&sites.into_iter().collect::<Vec<_>>().join(", "))
        );
        if !hardware.is_empty() {
            let _ = writeln!(y, "  hardware_used: {}", quoted(&hardware.join("; ")));
        }
        return Ok(y);
    }
    let upstream = model.upstream_training.as_ref();
    let Some(emissions) = upstream.and_then(|u| u.emissions.as_ref()) else {
        return Err(ExportError {
            message: format!(
                "model `{}` has no training or fine-tuning emissions to put on its card",
                model.id
            ),
            hint: "add a training or fine_tuning measurement of it, or the provider's `upstream_training.emissions`".to_owned(),
        });
    };
    let _ = writeln!(y, "  emissions: {}", grams(emissions.value.kg()));
    let _ = writeln!(y, "  source: {}", quoted(&emissions.source));
    if let Some(phase) = upstream.and_then(|u| u.phase) {
        let kind = if phase == Phase::FineTuning {
            "fine-tuning"
        } else {
            "pre-training"
        };
        let _ = writeln!(y, "  training_type: {kind}");
    }
    if let Some(location) = upstream.and_then(|u| u.location.as_deref()) {
        let _ = writeln!(y, "  geographical_location: {}", quoted(location));
    }
    if let Some(hardware) = upstream.and_then(|u| u.hardware.as_deref()) {
        let _ = writeln!(y, "  hardware_used: {}", quoted(hardware));
    }
    Ok(y)
}

/// The card's `source` for emissions of the organisation's own training measurements `own` of
/// `model`: who disclosed them and for which period, how they were worked out, the scope each
/// site puts them in (a cloud's in Scope 3, category 1, not Scope 2), how much was pre-training
/// and how much fine-tuning when both, and, where the model's training record states more
/// energy than these measurements hold on its boundary, or may, that they are not, or perhaps
/// not, all of its training.
fn own_source(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    model: &Model,
    own: &[&MeasurementResult],
) -> String {
    let period = disclosure.reporting_period;
    let scopes: BTreeSet<&str> = own
        .iter()
        .map(|m| match m.scope {
            Scope::Scope2 => "Scope 2",
            Scope::Scope3Category1 => "Scope 3, category 1",
        })
        .collect();
    let mut source = format!(
        "wattprint {} disclosure by {} of {}, {} to {}: location-based emissions of {} training measurement(s) (facility energy × grid factor; GHG Protocol {})",
        env!("CARGO_PKG_VERSION"),
        disclosure.organisation.name,
        disclosure.system.name,
        period.start,
        period.end,
        own.len(),
        scopes.into_iter().collect::<Vec<_>>().join(" and "),
    );
    let of = |phase: Phase| -> f64 {
        own.iter()
            .filter(|m| m.phase == phase)
            .map(|m| m.location_based.value)
            .sum()
    };
    let (pre, fine) = (of(Phase::Training), of(Phase::FineTuning));
    if pre > 0.0 && fine > 0.0 {
        let _ = write!(
            source,
            "; {} pre-training and {} fine-tuning",
            grams_text(pre),
            grams_text(fine)
        );
    }
    // The record against what these measurements hold on its boundary (`lifecycle::record`),
    // not against their facility energy, which may hold parts the record leaves out.
    if let Some(record) = lifecycle::record(disclosure, measurements, model) {
        let stated = crate::text::number::format(record.stated / 1000.0);
        let held = record.held();
        match record.fit() {
            lifecycle::Fit::Beyond => {
                let _ = write!(
                    source,
                    "; not all of the model's training: the disclosure states {stated} MWh for it, these measurements hold {held} of it"
                );
            }
            lifecycle::Fit::Undecided => {
                let _ = write!(
                    source,
                    "; perhaps not all of the model's training: the disclosure states {stated} MWh for it, these measurements hold {held} on its boundary"
                );
            }
            lifecycle::Fit::Holds => {}
        }
    }
    source
}

/// `kg` as grams of carbon dioxide equivalent in words, for a card's source.
fn grams_text(kg: f64) -> String {
    format!("{} g CO2e", crate::text::number::format(grams(kg)))
}

/// `value` to 15 significant digits: a double holds 15 exactly, so this drops only the noise
/// of binary arithmetic (41.2 × 1.35 = 55 620.000 000 000 01).
fn tidy(value: f64) -> f64 {
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// Seconds in `period`, both days included.
fn seconds(period: Period) -> f64 {
    crate::compute::energy::period_hours(period) * 3600.0
}

/// The plugins of an exported manifest and how each parameter aggregates, and the tree's
/// head; the same for every disclosure.
const IMPACT_FRAMEWORK_PLUGINS: &str = "initialize:
  plugins:
    operational-carbon:
      path: builtin
      method: Multiply
      config:
        input-parameters: [energy, grid/carbon-intensity]
        output-parameter: carbon-operational
      parameter-metadata:
        inputs:
          energy:
            unit: kWh
            description: facility energy (IT energy × PUE)
            aggregation-method: { time: sum, component: sum }
          grid/carbon-intensity:
            unit: gCO2e/kWh
            description: location-based grid emission factor
            aggregation-method: { time: avg, component: avg }
        outputs:
          carbon-operational:
            unit: gCO2e
            description: location-based emissions of the energy
            aggregation-method: { time: sum, component: sum }
    total-carbon:
      path: builtin
      method: Sum
      config:
        input-parameters: [carbon-operational, carbon-embodied]
        output-parameter: carbon
      parameter-metadata:
        inputs:
          carbon-operational:
            unit: gCO2e
            description: location-based emissions of the energy
            aggregation-method: { time: sum, component: sum }
          carbon-embodied:
            unit: gCO2e
            description: embodied emissions of the hardware attributed to the period
            aggregation-method: { time: sum, component: sum }
        outputs:
          carbon:
            unit: gCO2e
            description: operational and embodied emissions
            aggregation-method: { time: sum, component: sum }
    served-carbon:
      path: builtin
      method: Sum
      config:
        input-parameters: [served-carbon-operational, served-carbon-embodied]
        output-parameter: served-carbon
      parameter-metadata:
        inputs:
          served-carbon-operational:
            unit: gCO2e
            description: location-based emissions of the measurements that served the unit
            aggregation-method: { time: sum, component: sum }
          served-carbon-embodied:
            unit: gCO2e
            description: the unit's share of the embodied emissions
            aggregation-method: { time: sum, component: sum }
        outputs:
          served-carbon:
            unit: gCO2e
            description: the emissions the functional unit carries
            aggregation-method: { time: sum, component: sum }
    sci:
      path: builtin
      method: Divide
      config:
        numerator: served-carbon
        denominator: units
        output: sci
      parameter-metadata:
        inputs:
          units:
            unit: none
            description: functional units served in the period
            aggregation-method: { time: sum, component: sum }
        outputs:
          sci:
            unit: gCO2e
            description: Software Carbon Intensity, emissions per functional unit
            aggregation-method: { time: avg, component: avg }
aggregation:
  metrics: [energy, carbon]
  type: both
tree:
  children:
";

/// An Impact Framework manifest (if-run 1.x) whose pipelines recompute the disclosure's
/// location-based carbon and SCI with IF's builtin plugins.
///
/// The tree has three branches. `sites` holds one leaf per measurement: `carbon-operational =
/// energy × grid/carbon-intensity` (Multiply) and `carbon = carbon-operational +
/// carbon-embodied` (Sum). `embodied` holds one leaf per hardware item, with the embodied
/// emissions of the period. `sci` holds one leaf per functional unit (and model, where the
/// disclosure splits by model), with the carbon of the measurements that served the unit and
/// its share of the embodied emissions: `sci = carbon / units`, as wattprint computes it
/// (Software Carbon Intensity, ISO/IEC 21031:2024: (E × I + M) per R). The `sci` leaves
/// restate carbon already counted, so their `energy` and `carbon` are zero and the totals IF
/// aggregates (`energy`, `carbon`) are the disclosure's. Energies are facility energies in
/// kWh, carbon in gCO2e, as IF's plugins expect; every parameter says how it aggregates.
#[must_use]
pub fn impact_framework(disclosure: &Disclosure, results: &Results, input: &str) -> String {
    let mut y = String::new();
    let period = disclosure.reporting_period;
    let version = disclosure
        .system
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    let _ = write!(
        y,
        "# Exported by `wattprint export impact-framework` from {input}; run it with
#   if-run --manifest THIS_FILE
# Its carbon is wattprint's location-based figure: facility energy × the grid factor in
# force (a monthly factor is folded into grid/carbon-intensity), plus embodied emissions.
# The `sci` branch gives the SCI of each functional unit; it restates carbon counted in the
# other branches, so its own energy and carbon are zero.
name: {name}
description: {description}
tags:
  kind: ai-system
  category: {category}
",
        name = quoted(&format!(
            "{}{version}, {} to {}",
            disclosure.system.name, period.start, period.end
        )),
        description = quoted(&format!(
            "Energy and location-based carbon of {} by {}, from the wattprint disclosure {input}",
            disclosure.system.name, disclosure.organisation.name
        )),
        category = phases(results),
    );
    y.push_str(IMPACT_FRAMEWORK_PLUGINS);
    let observation = |y: &mut String| {
        let _ = write!(
            y,
            "            - timestamp: {}T00:00:00Z\n              duration: {}\n",
            period.start,
            seconds(period)
        );
    };
    write_sites(&mut y, disclosure, results);
    if !results.embodied.is_empty() {
        y.push_str("    embodied:\n      children:\n");
        // A YAML mapping with a key twice is refused by if-run.
        let mut names = BTreeSet::new();
        for e in &results.embodied {
            let _ = write!(
                y,
                "        {}:\n          pipeline:\n            compute: [total-carbon]\n          inputs:\n",
                quoted(&numbered(&mut names, &e.hardware, " #")),
            );
            observation(&mut y);
            let _ = write!(
                y,
                "              energy: 0\n              carbon-operational: 0\n              carbon-embodied: {}\n",
                tidy(e.emissions.in_("gCO2e")),
            );
        }
    }
    if !results.per_unit.is_empty() {
        y.push_str("    sci:\n      children:\n");
        // A functional unit `request (m)` beside the row of `request` for the model `m`.
        let mut names = BTreeSet::new();
        for row in &results.per_unit {
            let name = match &row.model {
                Some(model) => format!("{} ({model})", row.functional_unit),
                None => row.functional_unit.clone(),
            };
            // The carbon the unit carries, back from the per-unit figures (g per unit × units).
            let served = |per_unit: f64| tidy(per_unit * row.units);
            let _ = write!(
                y,
                "        {}:\n          pipeline:\n            compute: [served-carbon, sci]\n          inputs:\n",
                quoted(&numbered(&mut names, &name, " #")),
            );
            observation(&mut y);
            let _ = write!(
                y,
                "              energy: 0\n              carbon: 0\n              served-carbon-operational: {}\n              served-carbon-embodied: {}\n              units: {}\n",
                served(row.location_based.in_("gCO2e")),
                served(row.embodied.in_("gCO2e")),
                tidy(row.units),
            );
        }
    }
    y
}

/// The `sites` branch: one component per measurement under its site. A site no measurement
/// uses has nothing to compute, and a node without children or inputs stops if-run: it is left
/// out, and said so.
fn write_sites(y: &mut String, disclosure: &Disclosure, results: &Results) {
    let used: Vec<_> = results
        .sites
        .iter()
        .filter(|site| results.measurements.iter().any(|m| m.site == site.id))
        .collect();
    for site in results
        .sites
        .iter()
        .filter(|s| !used.iter().any(|u| u.id == s.id))
    {
        let _ = writeln!(
            y,
            "    # site {}: no measurement uses it",
            one_line(&site.id)
        );
    }
    if !used.is_empty() {
        y.push_str("    sites:\n      children:\n");
    }
    for site in used {
        let _ = writeln!(y, "        {}:\n          children:", quoted(&site.id));
        for m in results.measurements.iter().filter(|m| m.site == site.id) {
            write_measurement(y, disclosure, m);
        }
    }
}

fn phases(results: &Results) -> &'static str {
    let phases: BTreeSet<Phase> = results.measurements.iter().map(|m| m.phase).collect();
    match phases.iter().copied().collect::<Vec<_>>().as_slice() {
        [Phase::Inference] => "inference",
        [Phase::Training] => "training",
        [Phase::FineTuning] => "fine-tuning",
        _ => "training and inference",
    }
}

fn write_measurement(
    y: &mut String,
    disclosure: &Disclosure,
    m: &crate::compute::MeasurementResult,
) {
    let input = disclosure.measurements.iter().find(|i| i.id == m.id);
    let period = input
        .and_then(|i| i.period)
        .unwrap_or(disclosure.reporting_period);
    let kwh = tidy(m.facility_energy.value);
    // The factor that gives the location-based figure, monthly factors included.
    let intensity = tidy(crate::compute::formula::factor_of(
        m.location_based.value,
        m.facility_energy.value,
    ));
    let _ = write!(
        y,
        "            {}:
              pipeline:
                compute: [operational-carbon, total-carbon]
              inputs:
                - timestamp: {}T00:00:00Z
                  duration: {}
                  energy: {kwh}
                  grid/carbon-intensity: {intensity}
                  carbon-embodied: 0
",
        quoted(&m.id),
        period.start,
        seconds(period),
    );
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "these values are read or written exactly, bit for bit"
)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_fifteen_digits() {
        assert_eq!(tidy(41.2 * 1.35 * 1000.0), 55_620.0);
        assert_eq!(tidy(362.999_999_999_999_94), 363.0);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
    }

    #[test]
    fn grams_drop_binary_noise() {
        // 232 380 g read as 232.38 kg; ×1000 in binary is 232 380.000 000 000 03.
        assert_eq!(grams(232_380.0 / 1000.0), 232_380.0);
        // Issue 21: CodeCarbon's 0.153 794 340 040 802 74 g was cut to the microgram.
        assert_eq!(grams(0.000_153_794_340_040_802_74), 0.153_794_340_040_803);
    }
}
