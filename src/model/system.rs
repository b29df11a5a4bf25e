//! The AI system, the models it runs and what their providers publish about training them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Emissions, Energy, Figure, Percent, Phase};

/// The AI system whose footprint is disclosed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Name of the AI system.
    pub name: String,
    /// Version or release of the system the disclosure covers.
    #[serde(default)]
    pub version: Option<String>,
    /// What the system does, in a sentence or two (AI Act Annex XI, Section 1, point 1).
    #[serde(default)]
    pub description: Option<String>,
    /// Models the system runs.
    pub models: Vec<Model>,
}

/// A model the system runs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Identifier that measurements refer to (`model: main`).
    pub id: String,
    /// Model name and version, e.g. "Llama-3.1-70B-Instruct".
    pub name: String,
    /// Organisation that provides the model (AI Act provider of the general-purpose AI model).
    pub provider: String,
    /// Number of parameters (e.g. 70e9).
    #[serde(default)]
    pub parameters: Option<f64>,
    /// The provider's published training figures. Shown as upstream context; never added to
    /// a deployer's own inventory.
    #[serde(default)]
    pub upstream_training: Option<UpstreamTraining>,
    /// How much of the model's training to attribute to this reporting period.
    #[serde(default)]
    pub allocation: Option<TrainingAllocation>,
    /// Expected growth of the model's inference traffic per month (e.g. "3%"), for the date at
    /// which cumulative inference emissions pass training emissions.
    #[serde(default)]
    pub growth: Option<Percent>,
}

/// The share of a model's training emissions attributed to one reporting period. Give one of
/// the two fields.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingAllocation {
    /// A share stated directly, 0 to 1.
    #[serde(default)]
    pub share: Option<f64>,
    /// Units of service the model is expected to deliver over its whole life, by functional
    /// unit id; the share is this period's units over these.
    #[serde(default)]
    pub expected_lifetime_units: BTreeMap<String, f64>,
}

/// A provider's published figures for training a model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstreamTraining {
    /// Energy used to train the model (AI Act Annex XI, Section 1, point 2(e)).
    #[serde(default)]
    pub energy: Option<Figure<Energy>>,
    /// Greenhouse-gas emissions of training as published by the provider.
    #[serde(default)]
    pub emissions: Option<Figure<Emissions>>,
    /// Whether the figures are for pre-training (`training`) or for `fine_tuning`.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// Where the model was trained, as the provider states it (e.g. "Quebec, Canada").
    #[serde(default)]
    pub location: Option<String>,
    /// The hardware used, as the provider states it (e.g. "8 A100 GPUs for 10 days").
    #[serde(default)]
    pub hardware: Option<String>,
}
