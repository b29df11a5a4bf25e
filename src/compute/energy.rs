//! The IT energy of a measurement, whatever its method tier: a value as given, or an estimate
//! from hardware or from compute computed here from its inputs.

use super::formula;
use crate::model::{ComputeEstimate, Duration, EnergyFigure, HardwareEstimate, Period, Phase};

/// The IT energy (kWh) of a measurement, and the formula that gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItEnergy {
    /// Energy in kWh.
    pub kwh: f64,
    /// The formula, as written in results.
    pub formula: &'static str,
    /// The steps of an estimate, for a report to show its arithmetic without redoing it.
    pub estimate: Option<Estimate>,
}

/// The numbers an estimated energy was computed from, each as the formula used it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    /// devices × average power × hours, or device-hours × average power.
    Hardware {
        /// Devices; `None` when `hours` are the devices' combined device-hours.
        devices: Option<f64>,
        /// Hours: as given, or the whole period; device-hours when `devices` is `None`.
        hours: f64,
        /// Average power of a device (kW), when the inputs give it.
        power_kw: Option<f64>,
        /// Idle power (kW), maximum power (kW) and utilisation, when the average power came
        /// from them.
        from_utilisation: Option<(f64, f64, f64)>,
    },
    /// devices × power × FLOPs ÷ (devices × peak FLOP/s × utilisation) ÷ 3600.
    Compute {
        /// FLOPs performed: as given, or from parameters and tokens.
        flops: Option<f64>,
        /// FLOPs per parameter and token, parameters and tokens, when the FLOPs came from
        /// them.
        from_tokens: Option<(f64, f64, f64)>,
        /// Devices.
        devices: f64,
        /// Peak FLOP/s of a device.
        peak_flops_per_second: f64,
        /// Share of the peak sustained.
        utilisation: f64,
        /// Power of a device (kW).
        power_kw: f64,
        /// Hours the devices need.
        hours: f64,
    },
}

const GIVEN: &str = "it_energy = energy as measured or reported";
const FROM_HARDWARE: &str = "it_energy = devices × average_power × hours";
const FROM_DEVICE_HOURS: &str = "it_energy = device_hours × average_power";
const FROM_DEVICE_HOURS_UTILISATION: &str =
    "it_energy = device_hours × (idle_power + utilisation × (max_power − idle_power))";
const FROM_HARDWARE_UTILISATION: &str =
    "it_energy = devices × (idle_power + utilisation × (max_power − idle_power)) × hours";
const FROM_FLOPS: &str =
    "it_energy = devices × power × flops ÷ (devices × peak_flops_per_second × utilisation) ÷ 3600";
const FROM_TRAINING_TOKENS: &str = "it_energy = devices × power × (6 × parameters × tokens) ÷ (devices × peak_flops_per_second × utilisation) ÷ 3600";
const FROM_INFERENCE_TOKENS: &str = "it_energy = devices × power × (2 × parameters × tokens) ÷ (devices × peak_flops_per_second × utilisation) ÷ 3600";

/// The IT energy of a measurement of `phase` over `period`.
///
/// An estimate whose inputs are incomplete (validation reports it) counts as zero.
#[must_use]
pub fn it_energy(energy: &EnergyFigure, phase: Phase, period: Period) -> ItEnergy {
    if let Some(value) = energy.value {
        return ItEnergy {
            kwh: value.kwh(),
            formula: GIVEN,
            estimate: None,
        };
    }
    if let Some(hardware) = &energy.hardware {
        return from_hardware(hardware, period);
    }
    if let Some(compute) = &energy.compute {
        return from_compute(compute, phase);
    }
    ItEnergy {
        kwh: 0.0,
        formula: GIVEN,
        estimate: None,
    }
}

/// Hours in `period`, both ends included.
#[must_use]
#[allow(
    clippy::cast_precision_loss,
    reason = "a period's days are far below 2^52"
)]
pub fn period_hours(period: Period) -> f64 {
    period.days() as f64 * 24.0
}

/// Hours an estimate from hardware covers: as given, or the whole `period`.
#[must_use]
pub fn hardware_hours(h: &HardwareEstimate, period: Period) -> f64 {
    h.hours
        .map_or_else(|| period_hours(period), Duration::hours)
}

fn from_hardware(h: &HardwareEstimate, period: Period) -> ItEnergy {
    // Device-hours are devices × hours already: one "device" for that many hours.
    let (devices, hours) = match h.device_hours {
        Some(device_hours) => (None, device_hours.hours()),
        None => (Some(h.devices.unwrap_or(0.0)), hardware_hours(h, period)),
    };
    let (power, from_utilisation, formula) =
        match (h.power, h.idle_power, h.max_power, h.utilisation) {
            (Some(power), ..) => (Some(power.kw()), None, [FROM_HARDWARE, FROM_DEVICE_HOURS]),
            (None, Some(idle), Some(max), Some(utilisation)) => (
                Some(formula::average_power(idle.kw(), max.kw(), utilisation)),
                Some((idle.kw(), max.kw(), utilisation)),
                [FROM_HARDWARE_UTILISATION, FROM_DEVICE_HOURS_UTILISATION],
            ),
            _ => (None, None, [FROM_HARDWARE, FROM_DEVICE_HOURS]),
        };
    ItEnergy {
        kwh: formula::device_energy(devices.unwrap_or(1.0), power.unwrap_or(0.0), hours),
        formula: formula[usize::from(devices.is_none())],
        estimate: Some(Estimate::Hardware {
            devices: h.devices,
            hours,
            power_kw: power,
            from_utilisation,
        }),
    }
}

impl Estimate {
    /// The FLOPs of an estimate from compute.
    #[must_use]
    pub fn flops(&self) -> Option<f64> {
        match self {
            Estimate::Compute { flops, .. } => *flops,
            Estimate::Hardware { .. } => None,
        }
    }

    /// The hours the devices ran, by the estimate.
    #[must_use]
    pub fn hours(&self) -> f64 {
        match self {
            Estimate::Compute { hours, .. } | Estimate::Hardware { hours, .. } => *hours,
        }
    }

    /// The number of devices the estimate counts; `None` for an estimate from device-hours.
    #[must_use]
    pub fn devices(&self) -> Option<f64> {
        match self {
            Estimate::Compute { devices, .. } => Some(*devices),
            Estimate::Hardware { devices, .. } => *devices,
        }
    }

    /// The devices' combined running time, device-hours.
    #[must_use]
    pub fn device_hours(&self) -> f64 {
        self.devices()
            .map_or(self.hours(), |devices| devices * self.hours())
    }
}

fn from_compute(c: &ComputeEstimate, phase: Phase) -> ItEnergy {
    // As stated, or from parameters and tokens (6 N D for training and fine-tuning, 2 N D for
    // inference).
    let (flops, from_tokens, formula) = match (c.flops, c.parameters, c.tokens) {
        (Some(flops), ..) => (Some(flops), None, FROM_FLOPS),
        (None, Some(n), Some(d)) if phase == Phase::Inference => (
            Some(formula::inference_flops(n, d)),
            Some((formula::INFERENCE_FLOPS_PER_PARAMETER_TOKEN, n, d)),
            FROM_INFERENCE_TOKENS,
        ),
        (None, Some(n), Some(d)) => (
            Some(formula::training_flops(n, d)),
            Some((formula::TRAINING_FLOPS_PER_PARAMETER_TOKEN, n, d)),
            FROM_TRAINING_TOKENS,
        ),
        _ => (None, None, FROM_FLOPS),
    };
    let hours = formula::compute_hours(
        flops.unwrap_or(0.0),
        c.devices,
        c.peak_flops_per_second,
        c.utilisation,
    );
    ItEnergy {
        kwh: formula::device_energy(c.devices, c.power.kw(), hours),
        formula,
        estimate: Some(Estimate::Compute {
            flops,
            from_tokens,
            devices: c.devices,
            peak_flops_per_second: c.peak_flops_per_second,
            utilisation: c.utilisation,
            power_kw: c.power.kw(),
            hours,
        }),
    }
}

/// Days of `period` in each calendar month it touches, in order: ((year, month), days).
#[must_use]
pub fn days_by_month(period: Period) -> Vec<((i32, u32), f64)> {
    use chrono::Datelike;
    let mut out: Vec<((i32, u32), f64)> = Vec::new();
    let mut day = period.start;
    while day <= period.end {
        let key = (day.year(), day.month());
        match out.last_mut() {
            Some((last, count)) if *last == key => *count += 1.0,
            _ => out.push((key, 1.0)),
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// The location-based factor (gCO2e/kWh) for energy spread evenly over `period`, from monthly
/// factors where given and `annual` for the other months.
#[must_use]
pub fn location_factor(
    period: Period,
    annual: f64,
    monthly: &std::collections::BTreeMap<(i32, u32), f64>,
) -> f64 {
    if monthly.is_empty() {
        return annual;
    }
    let weights: Vec<(f64, f64)> = days_by_month(period)
        .into_iter()
        .map(|(month, days)| (days, month_factor(monthly, month, annual)))
        .collect();
    formula::day_weighted_factor(&weights)
}

/// The location-based factor (gCO2e/kWh) of `month` (year, month): its monthly factor where
/// given, else `annual`. Spread energy and hours without an hourly factor both take it.
#[must_use]
pub fn month_factor(
    monthly: &std::collections::BTreeMap<(i32, u32), f64>,
    month: (i32, u32),
    annual: f64,
) -> f64 {
    monthly.get(&month).copied().unwrap_or(annual)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn period(start: (i32, u32, u32), end: (i32, u32, u32)) -> Period {
        let date = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Period {
            start: date(start),
            end: date(end),
        }
    }

    #[test]
    fn days_are_counted_per_month() {
        // 2026-01-20 to 2026-03-05: 12 days of January, 28 of February, 5 of March.
        let days = days_by_month(period((2026, 1, 20), (2026, 3, 5)));
        assert_eq!(
            days,
            vec![((2026, 1), 12.0), ((2026, 2), 28.0), ((2026, 3), 5.0)]
        );
    }

    #[test]
    fn months_without_a_factor_use_the_annual_one() {
        // January 2026 at 400 g (31 days), February at the annual 363 g (28 days):
        // (31 × 400 + 28 × 363) ÷ 59 = 22,564 ÷ 59 = 382.44 g/kWh.
        let monthly = std::collections::BTreeMap::from([((2026, 1), 400.0)]);
        let factor = location_factor(period((2026, 1, 1), (2026, 2, 28)), 363.0, &monthly);
        assert!((factor - 382.440_677_966).abs() < 1e-6);
    }
}
