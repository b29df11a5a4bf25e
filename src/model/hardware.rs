//! Hardware the system runs on, and its embodied emissions.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Duration, Emissions, Method, Phase, Uncertainty};

/// A hardware item the system runs on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hardware {
    /// Identifier of the hardware item.
    pub id: String,
    /// What it is, e.g. "8x H100 SXM server".
    pub description: String,
    /// How many of it serve the system.
    pub count: u32,
    /// Embodied emissions of one unit, if known (ISO/IEC 21031 SCI term M).
    #[serde(default)]
    pub embodied: Option<Embodied>,
    /// Time the hardware is reserved for the system (SCI `TiR`); the reporting period when
    /// absent.
    #[serde(default)]
    pub reserved: Option<Duration>,
    /// Share of the hardware reserved for the system, 0 to 1 (SCI `RR ÷ ToR`); 1 when absent.
    #[serde(default)]
    pub share: Option<f64>,
    /// The phase it serves, when it serves one only (`training` for a training cluster); a
    /// document for downstream providers leaves out hardware that serves training only.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// The model it serves (`system.models[].id`); shared by all models when absent.
    #[serde(default)]
    pub model: Option<String>,
    /// The device in wattprint's reference data (`wattprint data hardware`), e.g. "a100-sxm4-80gb";
    /// lets `embodied: { value: default, lifetime: … }` take its embodied emissions from there.
    #[serde(default)]
    pub device: Option<String>,
}

/// Embodied (manufacturing) emissions of one hardware unit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Embodied {
    /// Embodied emissions of one unit over its life.
    pub value: Emissions,
    /// Expected lifetime over which they are amortised.
    pub lifetime: Duration,
    /// How the value was obtained.
    pub method: Method,
    /// The life-cycle assessment or dataset it comes from.
    pub source: String,
    /// Uncertainty of the embodied emissions: "30%" or a distribution (life-cycle
    /// assessments of servers often differ by a factor of two).
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
}
