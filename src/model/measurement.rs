//! A measurement: the energy of one phase at one site by one model, and how it was
//! obtained.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Energy, Method, Period, Power, Uncertainty};

/// Energy used in one phase at one site by one model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// Identifier of the measurement.
    pub id: String,
    /// Life-cycle phase the energy belongs to.
    pub phase: Phase,
    /// Site where the energy was used (`sites[].id`).
    pub site: String,
    /// Model the energy served (`system.models[].id`).
    pub model: String,
    /// The period measured; the whole reporting period when absent.
    #[serde(default)]
    pub period: Option<Period>,
    /// The energy, with its method, source, instrument and uncertainty; or the inputs of an
    /// estimate from hardware or from compute.
    pub energy: EnergyFigure,
    /// What the meter saw. Parts not listed are reported as excluded; `facility` means the
    /// meter already includes cooling and power distribution, so PUE is not applied.
    pub boundary: Vec<BoundaryPart>,
    /// Parts of the serving system the meter did not see, added from declared factors
    /// (the "comprehensive" boundary of Elsworth et al. 2025). Facility overhead is added
    /// through the site's PUE, not here.
    #[serde(default)]
    pub completion: BTreeMap<BoundaryPart, Completion>,
    /// Units of service delivered, by functional unit id (`request: 18400000`).
    #[serde(default)]
    pub workload: BTreeMap<String, f64>,
    /// The energy hour by hour, for the hourly Scope 2 figures: a CSV of measured hours, or
    /// a standard load profile where no hourly data exists.
    #[serde(default)]
    pub hourly: Option<super::hourly::HourlyEnergy>,
}

/// The energy of a measurement and how it was obtained: a value (metered, from device
/// telemetry, reported by a supplier), or the inputs of an estimate that wattprint computes.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnergyFigure {
    /// The energy, when it was measured or is known. Leave it out when `hardware` or
    /// `compute` gives the inputs of an estimate.
    #[serde(default)]
    pub value: Option<Energy>,
    /// How the energy was obtained (its method tier).
    pub method: Method,
    /// Where the value or the estimate's inputs come from.
    pub source: String,
    /// The instrument and sampling behind a measured value, e.g. "DCGM, 10 s".
    #[serde(default)]
    pub instrument: Option<String>,
    /// Uncertainty of the value: "5%" (normal, ±5 % is the 95 % interval) or a distribution.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// Inputs of an estimate from hardware (method `estimated_from_hardware`).
    #[serde(default)]
    pub hardware: Option<HardwareEstimate>,
    /// Inputs of an estimate from compute (method `estimated_from_compute`), as EU AI Act
    /// Annex XI allows when the energy is unknown.
    #[serde(default)]
    pub compute: Option<ComputeEstimate>,
}

/// An estimate from hardware: devices × average power × hours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HardwareEstimate {
    /// Number of devices (accelerators or servers) that drew the power; or give
    /// `device_hours`.
    #[serde(default)]
    pub devices: Option<f64>,
    /// The devices' combined running time, as model cards and papers state it: "1,082,990
    /// A100-hours" is `device_hours: 1082990 h`. Give it instead of `devices` and `hours`.
    #[serde(default)]
    pub device_hours: Option<Duration>,
    /// Average power of one device. Give it, or `idle_power`, `max_power` and `utilisation`.
    #[serde(default)]
    pub power: Option<Power>,
    /// Power of one device at idle.
    #[serde(default)]
    pub idle_power: Option<Power>,
    /// Power of one device at full load (often its TDP).
    #[serde(default)]
    pub max_power: Option<Power>,
    /// Average utilisation, 0 to 1: average power = idle + utilisation × (max − idle).
    #[serde(default)]
    pub utilisation: Option<f64>,
    /// The device in wattprint's reference data (`wattprint data hardware`), e.g. "h100-sxm":
    /// its TDP becomes `max_power` (and its idle power `idle_power`, where known) when those
    /// and `power` are absent.
    #[serde(default)]
    pub device: Option<String>,
    /// Hours the devices ran; the measurement's period when absent (and no `device_hours`).
    #[serde(default)]
    pub hours: Option<Duration>,
}

/// An estimate from compute: FLOPs ÷ (devices × peak FLOP/s × utilisation) gives the hours,
/// and devices × average power × hours the energy.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputeEstimate {
    /// Floating-point operations performed. Without it, FLOPs are estimated from
    /// `parameters` and `tokens`: 6 × N × D for training and fine-tuning, 2 × N × D for
    /// inference (Kaplan et al. 2020).
    #[serde(default)]
    pub flops: Option<f64>,
    /// Parameters active per token (N).
    #[serde(default)]
    pub parameters: Option<f64>,
    /// Tokens processed (D): trained on, or generated.
    #[serde(default)]
    pub tokens: Option<f64>,
    /// Number of accelerators.
    pub devices: f64,
    /// Peak FLOP/s of one accelerator at the precision used (e.g. 989e12 for H100 SXM, BF16 dense).
    pub peak_flops_per_second: f64,
    /// Share of the peak achieved on average (model FLOPs utilisation), 0 to 1.
    pub utilisation: f64,
    /// Average power of one accelerator while running; the device's TDP (an upper bound)
    /// when absent and `device` is given.
    pub power: Power,
    /// The accelerator in wattprint's reference data (`wattprint data hardware`), e.g.
    /// "h100-sxm": gives `peak_flops_per_second` at `precision`, and `power`, when absent.
    #[serde(default)]
    pub device: Option<String>,
    /// The precision the work ran at, choosing the device's peak: fp64, fp32, tf32, fp16,
    /// bf16 or fp8.
    #[serde(default)]
    pub precision: Option<String>,
}

/// Energy of a part of the serving system the meter did not see, as a share of the measured
/// energy or as an energy of its own. Give one of `share` and `energy`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// The part's energy as a share of the measured energy, e.g. 0.43 for host CPUs and memory
    /// drawing 43 % of what the accelerators drew.
    #[serde(default)]
    pub share: Option<f64>,
    /// The part's energy over the measured period.
    #[serde(default)]
    pub energy: Option<Energy>,
    /// How the factor was obtained.
    pub method: Method,
    /// Where it comes from.
    pub source: String,
}

/// Life-cycle phase of an AI model.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Pre-training a model.
    Training,
    /// Adapting a trained model.
    FineTuning,
    /// Serving the model to users.
    Inference,
}

impl Measurement {
    /// Whether the measurement's energy falls on `unit`: its workload counts some of it. A count
    /// of 0 says nothing was served (`validate` warns), so no per-unit figure takes its energy.
    #[must_use]
    pub fn serves(&self, unit: &str) -> bool {
        self.workload.get(unit).is_some_and(|&count| count > 0.0)
    }
}

impl Phase {
    /// Whether the phase is training a model (pre-training or fine-tuning): anything not
    /// inference, so that a phase added later is treated as training, never as serving.
    #[must_use]
    pub fn trains(self) -> bool {
        self != Phase::Inference
    }

    /// The phase as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Phase::Training => "training",
            Phase::FineTuning => "fine-tuning",
            Phase::Inference => "inference",
        }
    }
}

/// A part of the serving system a meter may see, after the "comprehensive" boundary of
/// Elsworth et al. 2025.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryPart {
    /// GPUs, TPUs or other accelerators.
    Accelerators,
    /// Host CPUs and memory.
    Host,
    /// Machines held idle for the service (provisioned but unused capacity).
    IdleCapacity,
    /// Network equipment.
    Networking,
    /// Storage systems.
    Storage,
    /// Cooling and power distribution (the facility overhead PUE stands for).
    Facility,
}

impl BoundaryPart {
    /// Every part, in report order.
    pub const ALL: [BoundaryPart; 6] = [
        BoundaryPart::Accelerators,
        BoundaryPart::Host,
        BoundaryPart::IdleCapacity,
        BoundaryPart::Networking,
        BoundaryPart::Storage,
        BoundaryPart::Facility,
    ];

    /// The part as a disclosure writes it (`idle_capacity`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            BoundaryPart::Accelerators => "accelerators",
            BoundaryPart::Host => "host",
            BoundaryPart::IdleCapacity => "idle_capacity",
            BoundaryPart::Networking => "networking",
            BoundaryPart::Storage => "storage",
            BoundaryPart::Facility => "facility",
        }
    }

    /// The part as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            BoundaryPart::Accelerators => "accelerators",
            BoundaryPart::Host => "host CPU and memory",
            BoundaryPart::IdleCapacity => "idle capacity",
            BoundaryPart::Networking => "networking",
            BoundaryPart::Storage => "storage",
            BoundaryPart::Facility => "facility overhead",
        }
    }
}
