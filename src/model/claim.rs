//! A claim of net-positive impact and the evidence it rests on.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Emissions, Figure, Percent};

/// A claim of net-positive impact: the sentence to be published, and what it rests on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Identifier.
    pub id: String,
    /// The sentence that will be published, word for word.
    pub statement: String,
    /// What one unit of the claimed service is, e.g. "one parcel delivered".
    pub functional_unit: String,
    /// Units delivered with the AI system over the reporting period.
    pub volume: f64,
    /// What happens without the AI system.
    pub reference: ClaimScenario,
    /// What happens with it.
    pub solution: ClaimScenario,
    /// Share of the avoided emissions the organisation may claim, 0 to 1, when others (the
    /// fleet operator, the customer) contribute to them.
    pub attribution: Attribution,
    /// How much of the saving is taken back by more use (the rebound effect); absent when not
    /// assessed.
    #[serde(default)]
    pub rebound: Option<Rebound>,
    /// Documents, studies and measured pilots the claim rests on.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Offsets or credits the claim relies on, if any.
    #[serde(default)]
    pub offsets: Option<Offsets>,
}

/// One side of a claim: emissions per functional unit, with how they were obtained.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimScenario {
    /// What happens, in a sentence.
    pub description: String,
    /// Emissions per functional unit, with method, source and uncertainty.
    pub emissions_per_unit: Figure<Emissions>,
    /// The activity data and factor behind it, e.g. "12.4 km × 0.25 kgCO2e/km".
    #[serde(default)]
    pub basis: Option<String>,
}

/// Share of the avoided emissions attributed to the organisation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The share, 0 to 1.
    pub share: f64,
    /// Why this share.
    pub source: String,
}

/// The rebound effect: extra use that the efficiency gain brings about.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rebound {
    /// Direct rebound, as a share of the avoided emissions, e.g. 10%.
    pub direct: Percent,
    /// Indirect (economy-wide) rebound, as a share of the avoided emissions.
    #[serde(default)]
    pub indirect: Option<Percent>,
    /// Where the estimate comes from.
    pub source: String,
}

/// A piece of evidence.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What kind: a measured pilot, a study, a document, a measurement.
    pub kind: EvidenceKind,
    /// Its title.
    pub title: String,
    /// When it was completed or published.
    pub date: NaiveDate,
    /// Where to find it.
    pub source: String,
}

/// Kinds of evidence, from the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A measured pilot of the solution against the reference.
    MeasuredPilot,
    /// Measurements in operation.
    Measurement,
    /// A study, peer-reviewed or commissioned.
    Study,
    /// Another document.
    Document,
}

impl EvidenceKind {
    /// The kind as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::MeasuredPilot => "measured pilot",
            EvidenceKind::Measurement => "measurement",
            EvidenceKind::Study => "study",
            EvidenceKind::Document => "document",
        }
    }
}

/// Offsets or credits.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offsets {
    /// Whether the claim relies on them.
    pub used: bool,
    /// What they are.
    pub description: String,
}
