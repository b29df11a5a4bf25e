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
    /// How the solution stands against a 1.5 °C pathway (WBCSD Guidance on Avoided Emissions,
    /// Gate 2, "Latest climate science alignment"); absent when not assessed.
    #[serde(default)]
    pub alignment: Option<Alignment>,
    /// The organisation's part in the avoided emissions (WBCSD Gate 3, "Contribution
    /// legitimacy"); absent when not assessed.
    #[serde(default)]
    pub contribution: Option<Contribution>,
}

/// How the solution stands against a 1.5 °C pathway: WBCSD Gate 2.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    /// What the solution does to the use of fossil fuels.
    pub fossil_fuels: FossilFuels,
    /// What the reference scenario is.
    pub reference: ReferenceKind,
    /// Whether the solution does better than the market would do anyway.
    pub beyond_market: bool,
    /// Who assessed this, and where it is written down.
    pub source: String,
}

/// What a solution does to the use of fossil fuels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FossilFuels {
    /// It has nothing to do with them.
    None,
    /// It cuts the fossil fuel burned without making any fossil asset cheaper to run or
    /// longer-lived (e.g. shorter routes for the vans a fleet has).
    Reduces,
    /// It makes fossil-fuel extraction, or a fossil-fuelled asset, cheaper, more efficient or
    /// longer-lived: a legacy technology kept going.
    Extends,
}

/// What a reference scenario stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// What the customer does today, without the solution.
    CurrentPractice,
    /// The average of what the market offers for the same function.
    MarketAverage,
    /// An older technology or practice the market is leaving, which makes the difference
    /// look larger than it is.
    Legacy,
}

impl ReferenceKind {
    /// The kind as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::CurrentPractice => "the current practice",
            ReferenceKind::MarketAverage => "the market average",
            ReferenceKind::Legacy => "a legacy practice",
        }
    }
}

/// The organisation's part in the avoided emissions: WBCSD Gate 3.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// What the solution does.
    pub role: ContributionRole,
    /// Why: what the avoided emissions would be without it.
    pub source: String,
}

/// The solution's part in the avoided emissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContributionRole {
    /// The solution itself avoids the emissions (e.g. it is what uses less energy).
    Direct,
    /// The solution is essential to avoiding them, but others act on it (e.g. drivers follow
    /// the planned routes).
    Enabling,
    /// The solution is one minor input among many, and the avoided emissions would largely
    /// happen without it.
    Minor,
}

impl ContributionRole {
    /// The role as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ContributionRole::Direct => "direct",
            ContributionRole::Enabling => "enabling",
            ContributionRole::Minor => "minor",
        }
    }
}

/// One side of a claim: emissions per functional unit, with how they were obtained.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimScenario {
    /// What happens, in a sentence.
    pub description: String,
    /// Emissions per functional unit, with method, source and uncertainty. Its `method` says how
    /// the activity data specific to this scenario were obtained (`metered`: fuel cards, a
    /// meter; `default_factor`: an industry average in place of them); a published emission
    /// factor they are multiplied by is named in `basis` and `source`, and makes no figure less
    /// measured.
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

impl Rebound {
    /// Direct and indirect together, as a fraction of the avoided emissions; an indirect
    /// rebound not stated adds nothing.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.direct.fraction() + self.indirect.map_or(0.0, super::Percent::fraction)
    }
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

/// What the organisation does about its own emissions: WBCSD Gate 1, "Climate action
/// credibility". Only an organisation that reduces its own emissions in earnest may claim to
/// avoid others'.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClimateAction {
    /// The organisation's emission-reduction target, if it has one.
    #[serde(default)]
    pub target: Option<ClimateTarget>,
    /// The organisation's latest published greenhouse-gas inventory, if any.
    #[serde(default)]
    pub inventory: Option<Inventory>,
}

/// An emission-reduction target.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClimateTarget {
    /// Whether the target is science-based, i.e. validated as in line with limiting warming to
    /// 1.5 °C (e.g. by the Science Based Targets initiative).
    pub science_based: bool,
    /// The target in a sentence, e.g. "−42 % Scope 1 and 2 by 2030 from 2022".
    pub description: String,
    /// Where it is published or validated.
    pub source: String,
}

/// A published greenhouse-gas inventory.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// The GHG Protocol scopes it covers: 1, 2 and 3.
    pub scopes: Vec<u8>,
    /// The year it reports.
    pub year: i32,
    /// Where it is published.
    pub source: String,
}
