//! A figure with its method, source and uncertainty: how every input value says where it came
//! from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Percent;

/// A figure and how it was obtained. Every figure says its method and its source: "whatever
/// you measure and report, document your methodology".
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure<T> {
    /// The value, with its unit.
    pub value: T,
    /// How the value was obtained (its method tier).
    pub method: Method,
    /// Where the value comes from: a document, dataset, meter export or contract.
    pub source: String,
    /// The instrument and sampling behind a measured value, e.g. "DCGM, 10 s".
    #[serde(default)]
    pub instrument: Option<String>,
    /// Uncertainty of the value: "5%" (normal, ±5 % is the 95 % interval) or a distribution.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
}

/// The uncertainty of a value, relative to it. Propagated by a seeded Monte Carlo simulation
/// into a 95 % interval for every total and per-unit figure.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Uncertainty {
    /// "5%": normally distributed, with ±5 % as the 95 % interval.
    Relative(Percent),
    /// A named distribution around the value.
    Distribution(Distribution),
}

impl Uncertainty {
    /// How far below the value a uniform or triangular range starts, as a fraction, when it
    /// starts below zero (`below` over 100 %): a quantity cannot be negative, so such a range
    /// is an error. Log-normal draws stay above zero; normal ones are
    /// [`Uncertainty::normal_below_zero`]'s.
    #[must_use]
    pub fn below_zero(self) -> Option<f64> {
        match self {
            Uncertainty::Distribution(
                Distribution::Uniform { below, .. } | Distribution::Triangular { below, .. },
            ) if below.fraction() > 1.0 => Some(below.fraction()),
            _ => None,
        }
    }

    /// The multiplier at the low end of the stated range: the bottom of a uniform or triangular
    /// range, or of the 95 % interval of a normal or log-normal spread. A quantity with a floor
    /// above zero (a PUE's 1) is held against it.
    #[must_use]
    pub fn low_end(self) -> f64 {
        match self {
            Uncertainty::Relative(relative)
            | Uncertainty::Distribution(Distribution::Normal { relative }) => {
                1.0 - relative.fraction()
            }
            Uncertainty::Distribution(Distribution::Lognormal { relative }) => {
                1.0 / (1.0 + relative.fraction())
            }
            Uncertainty::Distribution(
                Distribution::Uniform { below, .. } | Distribution::Triangular { below, .. },
            ) => 1.0 - below.fraction(),
        }
    }

    /// The half-width of a normal spread's 95 % interval, as a fraction, when that interval
    /// reaches below zero (over 100 %): drawing it would clamp more than a fortieth of the
    /// draws at zero and raise the mean, so such a spread is an error. Within it, the few draws
    /// below zero (at most 2.5 %) are clamped there.
    #[must_use]
    pub fn normal_below_zero(self) -> Option<f64> {
        match self {
            Uncertainty::Relative(relative)
            | Uncertainty::Distribution(Distribution::Normal { relative })
                if relative.fraction() > 1.0 =>
            {
                Some(relative.fraction())
            }
            _ => None,
        }
    }
}

/// A distribution of a value, relative to the value given.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(tag = "distribution", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// Normal around the value; `relative` is the half-width of the 95 % interval.
    Normal {
        /// Half-width of the 95 % interval, e.g. "5%".
        relative: Percent,
    },
    /// Log-normal with the value as its median; 95 % of draws lie within the value
    /// multiplied or divided by (1 + `relative`). Suits factors that cannot go below zero and
    /// may be far too high.
    Lognormal {
        /// The 95 % multiplicative spread, e.g. "50%" for ×/÷ 1.5.
        relative: Percent,
    },
    /// Uniform between the value less `below` and the value plus `above`.
    Uniform {
        /// How far below the value the range starts, e.g. "10%".
        below: Percent,
        /// How far above the value the range ends, e.g. "10%".
        above: Percent,
    },
    /// Triangular with its mode at the value, from the value less `below` to the value plus
    /// `above`.
    Triangular {
        /// How far below the value the range starts, e.g. "10%".
        below: Percent,
        /// How far above the value the range ends, e.g. "30%".
        above: Percent,
    },
}

/// How a figure was obtained, from most to least direct.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Read from a calibrated electricity meter.
    Metered,
    /// Read from the devices' own power sensors (e.g. NVIDIA DCGM, RAPL).
    DeviceTelemetry,
    /// Estimated from hardware: count × average power × hours.
    EstimatedFromHardware,
    /// Estimated from compute: FLOPs ÷ (devices × peak FLOP/s × utilisation) → hours → energy
    /// (AI Act Annex XI allows this when energy is unknown).
    EstimatedFromCompute,
    /// Reported by a supplier (cloud provider, data-centre operator, model provider).
    SupplierReported,
    /// A default factor from a published dataset rather than a site-specific figure.
    DefaultFactor,
}

impl Method {
    /// The method as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Method::Metered => "metered",
            Method::DeviceTelemetry => "device telemetry",
            Method::EstimatedFromHardware => "estimated from hardware",
            Method::EstimatedFromCompute => "estimated from compute",
            Method::SupplierReported => "supplier reported",
            Method::DefaultFactor => "default factor",
        }
    }

    /// Whether the figure rests on a measurement rather than an estimate or a default.
    #[must_use]
    pub fn is_measured(self) -> bool {
        matches!(self, Method::Metered | Method::DeviceTelemetry)
    }
}
