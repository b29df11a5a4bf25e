//! A disclosure's figures in the formats other tools read: the `co2_eq_emissions` block of a
//! Hugging Face model card, and a Green Software Foundation Impact Framework manifest that
//! `if-run` recomputes. Both are written from the computed results, so they carry the same
//! numbers as the report.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::compute::Results;
use crate::model::{Disclosure, Model, Period, Phase};
use crate::text::yaml::string as quoted;

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
        let training = own.iter().any(|m| m.phase == Phase::Training);
        let sites: BTreeSet<String> = own
            .iter()
            .filter_map(|m| disclosure.sites.iter().find(|s| s.id == m.site))
            .map(|s| match &s.region {
                Some(region) => format!("{} ({region})", s.location),
                None => s.location.clone(),
            })
            .collect();
        let hardware: Vec<String> = disclosure
            .hardware
            .iter()
            .filter(|h| h.model.as_deref().is_none_or(|m| m == model.id))
            .map(|h| format!("{} × {}", h.count, h.description))
            .collect();
        let period = disclosure.reporting_period;
        let source = format!(
            "wattprint {} disclosure by {} of {}, {} to {}: location-based emissions of {} training measurement(s) (facility energy × grid factor, GHG Protocol Scope 2)",
            env!("CARGO_PKG_VERSION"),
            disclosure.organisation.name,
            disclosure.system.name,
            period.start,
            period.end,
            own.len(),
        );
        let _ = writeln!(y, "  emissions: {}", grams(kg));
        let _ = writeln!(y, "  source: {}", quoted(&source));
        let _ = writeln!(
            y,
            "  training_type: {}",
            if training {
                "pre-training"
            } else {
                "fine-tuning"
            }
        );
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

/// `value` to 15 significant digits: a double holds 15 exactly, so this drops only the noise
/// of binary arithmetic (41.2 × 1.35 = 55 620.000 000 000 01).
fn tidy(value: f64) -> f64 {
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// Seconds in `period`, both days included.
fn seconds(period: Period) -> f64 {
    crate::compute::energy::period_hours(period) * 3600.0
}

/// An Impact Framework manifest (if-run 1.x) whose pipeline recomputes the disclosure's
/// location-based carbon with IF's builtin plugins: per measurement, `carbon-operational =
/// energy × grid/carbon-intensity` (Multiply), `carbon = carbon-operational +
/// carbon-embodied` (Sum) and, where a workload is counted, `sci = carbon ÷ functional unit`
/// (Sci); hardware children carry the embodied emissions of the period. Energies are facility
/// energies in kWh, carbon in gCO2e, as IF's plugins expect.
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
# force (a monthly factor is folded into grid/carbon-intensity).
name: {name}
description: {description}
tags:
  kind: ai-system
  category: {category}
initialize:
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
            aggregation-method: {{ time: sum, component: sum }}
          grid/carbon-intensity:
            unit: gCO2e/kWh
            description: location-based grid emission factor
            aggregation-method: {{ time: avg, component: avg }}
    total-carbon:
      path: builtin
      method: Sum
      config:
        input-parameters: [carbon-operational, carbon-embodied]
        output-parameter: carbon
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
    let units: Vec<&str> = disclosure
        .functional_units
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    for unit in &units {
        let _ = write!(
            y,
            "    sci-{unit}:\n      path: builtin\n      method: Sci\n      config:\n        functional-unit: {unit}\n"
        );
    }
    y.push_str("aggregation:\n  metrics: [energy, carbon]\n  type: both\ntree:\n  children:\n");
    for site in &results.sites {
        let _ = writeln!(y, "    {}:\n      children:", quoted(&site.id));
        for m in results.measurements.iter().filter(|m| m.site == site.id) {
            write_measurement(&mut y, disclosure, m, &units);
        }
    }
    if !results.embodied.is_empty() {
        y.push_str("    embodied:\n      children:\n");
        for e in &results.embodied {
            let _ = write!(
                y,
                "        {}:
          pipeline:
            compute: [total-carbon]
          inputs:
            - timestamp: {start}T00:00:00Z
              duration: {duration}
              energy: 0
              carbon-operational: 0
              carbon-embodied: {carbon}
",
                quoted(&e.hardware),
                start = period.start,
                duration = seconds(period),
                carbon = tidy(e.emissions.in_("gCO2e")),
            );
        }
    }
    y
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
    units: &[&str],
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
    let counted: Vec<(&str, f64)> = units
        .iter()
        .filter_map(|u| Some((*u, *input?.workload.get(*u)?)))
        .filter(|(_, n)| *n > 0.0)
        .collect();
    let mut pipeline = vec!["operational-carbon".to_owned(), "total-carbon".to_owned()];
    // Sci writes one `sci` output, so a measurement gets the first unit it counts.
    pipeline.extend(counted.first().map(|(u, _)| format!("sci-{u}")));
    let _ = write!(
        y,
        "        {}:
          pipeline:
            compute: [{}]
          inputs:
            - timestamp: {}T00:00:00Z
              duration: {}
              energy: {kwh}
              grid/carbon-intensity: {intensity}
              carbon-embodied: 0
",
        quoted(&m.id),
        pipeline.join(", "),
        period.start,
        seconds(period),
    );
    for (unit, count) in counted {
        let _ = writeln!(y, "              {unit}: {count}");
    }
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
