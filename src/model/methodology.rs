//! The methodology of a disclosure as a whole, and the Monte Carlo settings.

use schemars::JsonSchema;
use serde::Deserialize;

/// The methodology of the disclosure as a whole.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    /// Standards followed, e.g. "GHG Protocol Scope 2 Guidance", "ISO/IEC 21031:2024".
    pub standards: Vec<String>,
    /// How the figures were obtained, in the organisation's own words.
    pub narrative: String,
    /// How the training energy was measured or estimated, in about 100 words: the Model
    /// Documentation Form's "Measurement methodology (training energy)" field (GPAI Code of
    /// Practice, for the AI Office and national competent authorities).
    #[serde(default)]
    pub training: Option<String>,
    /// How shared energy or hardware was allocated to this system.
    #[serde(default)]
    pub allocation: Option<String>,
    /// Settings of the Monte Carlo propagation of uncertainties.
    #[serde(default)]
    pub monte_carlo: MonteCarlo,
}

/// Settings of the Monte Carlo propagation of uncertainties. The same seed and draws always
/// give the same intervals, digit for digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MonteCarlo {
    /// Seed of the pseudo-random generator.
    pub seed: u64,
    /// Number of draws; more narrows the sampling noise of the interval bounds.
    pub draws: u32,
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self {
            seed: 2024,
            draws: 10_000,
        }
    }
}
