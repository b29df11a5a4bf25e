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
}

const GIVEN: &str = "it_energy = energy as measured or reported";
const FROM_HARDWARE: &str = "it_energy = devices × average_power × hours";
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
    let hours = hardware_hours(h, period);
    let (power, formula) = match (h.power, h.idle_power, h.max_power, h.utilisation) {
        (Some(power), ..) => (power.kw(), FROM_HARDWARE),
        (None, Some(idle), Some(max), Some(utilisation)) => (
            formula::average_power(idle.kw(), max.kw(), utilisation),
            FROM_HARDWARE_UTILISATION,
        ),
        _ => (0.0, FROM_HARDWARE),
    };
    ItEnergy {
        kwh: formula::device_energy(h.devices, power, hours),
        formula,
    }
}

fn from_compute(c: &ComputeEstimate, phase: Phase) -> ItEnergy {
    let (flops, formula) = match (c.flops, c.parameters, c.tokens) {
        (Some(flops), ..) => (flops, FROM_FLOPS),
        (None, Some(n), Some(d)) if phase == Phase::Inference => {
            (formula::inference_flops(n, d), FROM_INFERENCE_TOKENS)
        }
        (None, Some(n), Some(d)) => (formula::training_flops(n, d), FROM_TRAINING_TOKENS),
        _ => (0.0, FROM_FLOPS),
    };
    let hours = formula::compute_hours(flops, c.devices, c.peak_flops_per_second, c.utilisation);
    ItEnergy {
        kwh: formula::device_energy(c.devices, c.power.kw(), hours),
        formula,
    }
}
