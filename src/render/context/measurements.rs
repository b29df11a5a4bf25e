//! Each measurement as reports list it, with the arithmetic of an estimate in words.

use schemars::JsonSchema;
use serde::Serialize;

use super::{shown_within, uncertainty};
use crate::compute::Results;
use crate::compute::energy::Estimate;
use crate::model::{Audience, Disclosure, Method, TimeRange};
use crate::text::number::plain;

/// One measurement: its energy, how it was obtained, and its emissions.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct MeasurementRow {
    /// The measurement's identifier.
    id: String,
    /// Life-cycle phase: `training`, `fine-tuning` or `inference`.
    phase: &'static str,
    /// The site's id.
    site: String,
    /// The model's id.
    model: String,
    /// The period measured, `YYYY-MM-DD to YYYY-MM-DD`; the reporting period when not stated.
    /// For authorities, a training run's time as the Form's range (`training (1 to 3 months, …)`).
    period: String,
    /// How the energy was obtained, e.g. `metered`, `estimated from compute`, `default factor`.
    method: &'static str,
    /// True when the energy is a default factor from a published dataset.
    is_default: bool,
    /// The instrument and sampling behind a measured value; empty when not stated.
    instrument: String,
    /// The inputs of an estimated energy in words; empty when the energy is not estimated.
    estimate: String,
    /// Where the energy value or the estimate's inputs come from.
    source: String,
    /// The energy's stated uncertainty, e.g. `±5 % (normal, 95 %)`; empty when none is stated.
    uncertainty: String,
    /// The parts of the serving system the meter saw, comma-separated.
    boundary: String,
    /// GHG scope of its electricity: `Scope 2` or `Scope 3, cat. 1`.
    scope: &'static str,
    /// Energy within the meter's boundary, `MWh` (to the digits its inputs' stated
    /// uncertainties support, at most 4 significant figures, thousands grouped).
    measured_energy_mwh: String,
    /// IT energy, with the parts the meter did not see added from declared factors, `MWh`
    /// (to the digits its inputs' stated
    /// uncertainties support, at most 4 significant figures, thousands grouped).
    it_energy_mwh: String,
    /// Energy including facility overhead, `MWh` (to the digits its inputs' stated
    /// uncertainties support, at most 4 significant figures, thousands grouped).
    facility_energy_mwh: String,
    /// Location-based emissions, tCO2e (to the digits its inputs' stated
    /// uncertainties support, at most 4 significant figures, thousands grouped).
    location_based_t: String,
    /// Market-based emissions: the measurement's share of the site's, by facility energy, tCO2e
    /// (to the digits its inputs' stated
    /// uncertainties support, at most 4 significant figures, thousands grouped).
    market_based_t: String,
}

/// The rows of every measurement. Authorities receive a training run's time as the Model
/// Documentation Form gives it to them, a range, not its dates.
pub(super) fn measurement_rows(
    d: &Disclosure,
    results: &Results,
    audience: Option<Audience>,
) -> Vec<MeasurementRow> {
    d.measurements
        .iter()
        .zip(&results.measurements)
        .zip(crate::compute::spread::measurements(d))
        .map(|((m, r), spread)| {
            let period = d.period_of(m);
            MeasurementRow {
                id: m.id.clone(),
                phase: m.phase.label(),
                site: m.site.clone(),
                model: m.model.clone(),
                period: if audience == Some(Audience::Authority) && m.phase.trains() {
                    // The range of the model's training, as the Form gives it; a document for
                    // authorities is made from an input that holds no run's dates.
                    let range = d
                        .system
                        .models
                        .iter()
                        .find(|model| model.id == m.model)
                        .and_then(|model| model.training.as_ref()?.time_range)
                        .map_or_else(
                            || TimeRange::of_days(period.days()).label(),
                            TimeRange::label,
                        );
                    format!(
                        "{} (the model's training: {range}, as the Form gives it to authorities)",
                        m.phase.label()
                    )
                } else {
                    format!("{} to {}", period.start, period.end)
                },
                method: m.energy.method.label(),
                is_default: m.energy.method == Method::DefaultFactor,
                instrument: m.energy.instrument.clone().unwrap_or_default(),
                estimate: estimate(r.estimate.as_ref()),
                source: m.energy.source.clone(),
                uncertainty: uncertainty(m.energy.uncertainty),
                boundary: m
                    .boundary
                    .iter()
                    .map(|b| b.label())
                    .collect::<Vec<_>>()
                    .join(", "),
                scope: r.scope.label(),
                measured_energy_mwh: shown_within(&r.measured_energy, "MWh", spread.energy),
                it_energy_mwh: shown_within(&r.it_energy, "MWh", spread.energy),
                facility_energy_mwh: shown_within(&r.facility_energy, "MWh", spread.facility),
                location_based_t: shown_within(&r.location_based, "tCO2e", spread.location),
                market_based_t: shown_within(&r.market_based, "tCO2e", spread.market),
            }
        })
        .collect()
}

/// The inputs of an estimated energy in words, so a reader can redo the arithmetic.
fn estimate(estimate: Option<&Estimate>) -> String {
    let watts = |kw: f64| format!("{} W", plain(kw * 1000.0));
    match estimate {
        None => String::new(),
        Some(&Estimate::Hardware {
            devices,
            hours,
            power_kw,
            from_utilisation,
        }) => {
            let power = match (power_kw, from_utilisation) {
                (Some(average), Some((idle, max, u))) => format!(
                    "{} idle + {} × ({} − {}) = {} average",
                    watts(idle),
                    plain(u),
                    watts(max),
                    watts(idle),
                    watts(average)
                ),
                (Some(average), None) => format!("{} average", watts(average)),
                (None, _) => "no power given".to_owned(),
            };
            match devices {
                Some(devices) => {
                    format!("{} devices × {power} × {} h", plain(devices), plain(hours))
                }
                None => format!("{} device-hours × {power}", plain(hours)),
            }
        }
        Some(&Estimate::Compute {
            flops,
            from_tokens,
            devices,
            peak_flops_per_second,
            utilisation,
            power_kw,
            ..
        }) => {
            let flops = match (flops, from_tokens) {
                (Some(total), Some((factor, n, d))) => {
                    format!("{factor} × {n:e} parameters × {d:e} tokens = {total:e} FLOPs")
                }
                (Some(f), None) => format!("{f:e} FLOPs"),
                (None, _) => "no FLOPs given".to_owned(),
            };
            format!(
                "{flops} on {} devices at {peak_flops_per_second:e} FLOP/s × {} utilisation, {} each",
                plain(devices),
                plain(utilisation),
                watts(power_kw)
            )
        }
    }
}
