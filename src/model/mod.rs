//! The input language: what a disclosure YAML file may say, as Rust types, and the audience
//! a report is made for (`--audience`).
//!
//! These types are the single source of the JSON Schema (`wattprint schema`,
//! `schemas/disclosure.schema.json`): every field's doc comment becomes its description in
//! editors, so each one names the regulatory term it carries and its unit. Checks that need
//! more than one field (references, periods, plausibility) live in `validate`, not here.

mod audience;
mod claim;
mod figure;
mod hardware;
pub mod hourly;
mod measurement;
mod methodology;
pub mod quantity;
mod scenario;
mod schema;
mod site;
pub mod starter;
mod system;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

pub use audience::Audience;
pub use claim::{
    Alignment, Attribution, Claim, ClaimScenario, ClimateAction, ClimateTarget, Contribution,
    ContributionRole, Evidence, EvidenceKind, FossilFuels, Inventory, Offsets, Rebound,
    ReferenceKind,
};
pub use figure::{Distribution, Figure, Method, Uncertainty};
pub use hardware::{Embodied, Hardware};
pub use measurement::{
    BoundaryPart, Completion, ComputeEstimate, EnergyFigure, HardwareEstimate, Measurement, Phase,
};
pub use methodology::{Methodology, MonteCarlo};
pub use quantity::{
    Duration, Emissions, Energy, Growth, Intensity, Percent, Power, WaterIntensity,
};
pub use scenario::{
    Lever, Quality, Relocate, RightSize, Route, Scenario, ShiftBasis, ShiftLever, UnitEnergy,
};
pub(crate) use schema::drop_null_alternatives;
pub use schema::{standard_formats, validation_schema};
pub use site::{
    Combustion, EnergySource, Fuel, Grid, Instrument, InstrumentKind, MarketBased, Mix,
    MonthlyFactors, Operation, PUE_PLAUSIBLE_MAX, ResidualMixMethod, Site, parse_month,
    zone_countries,
};
pub use system::{
    FlopsMethod, FlopsPrecision, Model, System, TimeRange, Training, TrainingAllocation,
    TrainingCompute, TrainingHardware, UpstreamTraining, same_name,
};

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// An energy and emissions disclosure of one AI system over one reporting period.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wattprint disclosure")]
pub struct Disclosure {
    /// Version of this input format; must be 1.
    pub schema_version: u32,
    /// The organisation that publishes the disclosure, and its role under the EU AI Act.
    pub organisation: Organisation,
    /// The period the disclosure covers (GHG Protocol reporting period); both dates inclusive.
    pub reporting_period: Period,
    /// The AI system and the models it runs.
    pub system: System,
    /// Units of service that per-unit figures are expressed in (ISO/IEC 21031 SCI "R").
    pub functional_units: Vec<FunctionalUnit>,
    /// Data centres or cloud regions where the system's energy was used.
    pub sites: Vec<Site>,
    /// Hardware the system runs on, with its embodied emissions where known.
    #[serde(default)]
    pub hardware: Vec<Hardware>,
    /// Measured or estimated energy, one entry per phase, site and model.
    pub measurements: Vec<Measurement>,
    /// How the figures were obtained as a whole: standards, narrative and allocation rules.
    pub methodology: Methodology,
    /// Design levers to weigh against the disclosed baseline: right-sizing, routing,
    /// relocating. Each scenario applies its levers in order to a copy of the disclosure.
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    /// Claims that the AI system has a net-positive environmental impact, each with the
    /// evidence to test it against (the `net-positive` report).
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Fuel burned at the sites for the AI system (backup generators): its direct Scope 1
    /// emissions. Absent when none is burned.
    #[serde(default)]
    pub combustion: Vec<Combustion>,
}

impl Disclosure {
    /// The functional units `unit` the measurements of `model` served.
    #[must_use]
    pub fn units_served(&self, model: &str, unit: &str) -> f64 {
        self.measurements
            .iter()
            .filter(|m| m.model == model)
            .filter_map(|m| m.workload.get(unit))
            .sum()
    }

    /// Whether site `site` has measurements and every one of them saw the facility (its
    /// meters measured the overhead, so no PUE goes on top).
    #[must_use]
    pub fn metered_at_the_facility(&self, site: &str) -> bool {
        let mut at_site = self
            .measurements
            .iter()
            .filter(|m| m.site == site)
            .peekable();
        at_site.peek().is_some() && at_site.all(|m| m.boundary.contains(&BoundaryPart::Facility))
    }

    /// The period measurement `m` covers: its own, else the reporting period.
    #[must_use]
    pub fn period_of(&self, m: &Measurement) -> Period {
        m.period.unwrap_or(self.reporting_period)
    }

    /// The organisation's training and fine-tuning measurements of the model `model`, with
    /// their places in `measurements`.
    pub fn training_runs<'a>(
        &'a self,
        model: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Measurement)> + 'a {
        self.measurements
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.model == model && m.phase.trains())
    }
}

/// The organisation that publishes the disclosure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Legal name, as it should appear on the report's cover.
    pub name: String,
    /// Role under the EU AI Act (Art. 3): provider, deployer, or both.
    pub role: Role,
    /// What the organisation does about its own emissions, as a claim of avoided emissions
    /// asks (WBCSD Gate 1); absent when not stated.
    #[serde(default)]
    pub climate_action: Option<ClimateAction>,
}

/// Role of the organisation under the EU AI Act (Regulation (EU) 2024/1689, Art. 3(3) and 3(4)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Develops the model or system and places it on the market (Art. 3(3)).
    Provider,
    /// Uses the system under its authority (Art. 3(4)); owns the inference footprint.
    Deployer,
    /// Both provider and deployer of the system.
    Both,
}

impl Role {
    /// The role as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Deployer => "deployer",
            Role::Both => "provider and deployer",
        }
    }
}

/// A closed interval of calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day included (ISO 8601 date, e.g. 2026-01-01).
    pub start: NaiveDate,
    /// Last day included (ISO 8601 date, e.g. 2026-06-30).
    pub end: NaiveDate,
}

impl Period {
    /// Number of days covered, both ends included.
    #[must_use]
    pub fn days(self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether the period is a year: it ends the day before the same date a year on, as a
    /// financial year does.
    #[must_use]
    pub fn is_year(self) -> bool {
        self.start
            .checked_add_months(chrono::Months::new(12))
            .and_then(|next| next.pred_opt())
            == Some(self.end)
    }

    /// Whether `other` lies wholly inside this period.
    #[must_use]
    pub fn contains(self, other: Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A unit of service in which per-unit figures are expressed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionalUnit {
    /// Identifier that workload counts refer to (`workload: { request: 18400000 }`).
    pub id: String,
    /// What one unit is, precisely enough to compare systems.
    pub description: String,
}
