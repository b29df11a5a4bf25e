//! The input language: what a disclosure YAML file may say, as Rust types.
//!
//! These types are the single source of the JSON Schema (`wattprint schema`,
//! `schemas/disclosure.schema.json`): every field's doc comment becomes its description in
//! editors, so each one names the regulatory term it carries and its unit. Checks that need
//! more than one field (references, periods, plausibility) live in `validate`, not here.

mod audience;
pub mod quantity;
pub mod starter;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use audience::Audience;
pub use quantity::{Duration, Emissions, Energy, Intensity, Percent, Power, WaterIntensity};

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
    /// Design levers to weigh against the measured baseline: right-sizing, routing,
    /// relocating. Each scenario applies its levers in order to a copy of the disclosure.
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    /// Claims that the AI system has a net-positive environmental impact, each with the
    /// evidence to test it against (the `net-positive` report).
    #[serde(default)]
    pub claims: Vec<Claim>,
}

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

/// A what-if on the measured baseline: one or more levers applied in order, so that several
/// levers compose rather than add.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Identifier (`compute --scenario ID`).
    pub id: String,
    /// What the scenario does, in a sentence.
    pub description: String,
    /// Sites that exist only in this scenario, for `relocate` to move work to.
    #[serde(default)]
    pub sites: Vec<Site>,
    /// The levers, applied in this order.
    pub levers: Vec<Lever>,
}

/// One design lever.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Lever {
    /// Serve a share of a measurement's traffic with another model whose energy per functional
    /// unit is measured or estimated.
    RightSize(RightSize),
    /// Send a share of requests (a class of them) to a smaller model or a cache.
    Route(Route),
    /// Run a measurement's workload at another site (another PUE, grid and water factors).
    Relocate(Relocate),
}

/// `right_size`: a share of a measurement's units served by another model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RightSize {
    /// The measurement whose traffic moves.
    pub measurement: String,
    /// Share of its units served by the other model, 0 to 1.
    pub share: f64,
    /// The model that takes over (its name, as it will be reported).
    pub model: String,
    /// IT energy of the other model per functional unit, with how it was obtained.
    pub energy_per_unit: UnitEnergy,
    /// The quality figure traded: the same benchmark or task success rate for both models.
    #[serde(default)]
    pub quality: Option<Quality>,
}

/// `route`: a class of requests sent elsewhere.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The measurement whose requests are routed.
    pub measurement: String,
    /// The class of requests routed, e.g. "short factual questions".
    pub class: String,
    /// Share of the measurement's units in that class, 0 to 1.
    pub share: f64,
    /// Where the class is sent: a smaller model or a cache.
    pub to: String,
    /// Where the share comes from (a traffic analysis, a sample of logs).
    pub share_source: String,
    /// IT energy per functional unit where the class is sent.
    pub energy_per_unit: UnitEnergy,
    /// The quality figure traded.
    #[serde(default)]
    pub quality: Option<Quality>,
}

/// `relocate`: a measurement's workload moved to another site of the disclosure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relocate {
    /// The measurement that moves.
    pub measurement: String,
    /// The site it moves to: one of the disclosure's `sites`, or of the scenario's own.
    pub site: String,
}

/// IT energy per functional unit, with its provenance.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitEnergy {
    /// Energy per unit, e.g. "0.4 Wh".
    pub value: Energy,
    /// The functional unit (`functional_units[].id`), counted in the measurement's workload.
    pub unit: String,
    /// How it was obtained.
    pub method: Method,
    /// Where it comes from.
    pub source: String,
}

/// A quality figure for the baseline and for the scenario.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    /// What is measured, e.g. "MMLU accuracy" or "task success rate".
    pub metric: String,
    /// The baseline's figure, e.g. "86.0 %".
    pub baseline: String,
    /// The scenario's figure.
    pub scenario: String,
    /// Where the figures come from.
    pub source: String,
}

/// The organisation that publishes the disclosure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Legal name, as it should appear on the report's cover.
    pub name: String,
    /// Role under the EU AI Act (Art. 3): provider, deployer, or both.
    pub role: Role,
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

    /// Whether `other` lies wholly inside this period.
    #[must_use]
    pub fn contains(self, other: Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

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

/// A unit of service in which per-unit figures are expressed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionalUnit {
    /// Identifier that workload counts refer to (`workload: { request: 18400000 }`).
    pub id: String,
    /// What one unit is, precisely enough to compare systems.
    pub description: String,
}

/// Who operates the site, which decides the GHG Protocol scope of its electricity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The organisation's own data centre: purchased electricity is Scope 2.
    Own,
    /// Leased space in a colocation data centre: electricity is Scope 2.
    Colocation,
    /// A public cloud: the service bought is Scope 3, category 1.
    Cloud,
}

impl Operation {
    /// The operation as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Operation::Own => "own",
            Operation::Colocation => "colocation",
            Operation::Cloud => "cloud",
        }
    }
}

/// A data centre or cloud region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Identifier that measurements refer to (`site: fra`).
    pub id: String,
    /// Who operates the site (decides the GHG scope).
    pub operation: Operation,
    /// Country (ISO 3166-1 alpha-2, e.g. "DE") or grid zone where the site draws power.
    pub location: String,
    /// Cloud provider and region, e.g. "aws:eu-central-1", for cloud sites.
    #[serde(default)]
    pub region: Option<String>,
    /// Power usage effectiveness (facility energy ÷ IT energy, Delegated Regulation (EU)
    /// 2024/1364); at least 1. Without it, facility overhead is listed as excluded.
    #[serde(default)]
    pub pue: Option<Figure<f64>>,
    /// Emission factors of the electricity the site uses.
    pub grid: Grid,
    /// Water usage effectiveness: water used on site per unit of IT energy (Delegated
    /// Regulation (EU) 2024/1364, WUE), e.g. 1.8 L/kWh.
    #[serde(default)]
    pub wue: Option<Figure<WaterIntensity>>,
    /// Water consumed off site to generate the site's electricity, per unit of energy.
    #[serde(default)]
    pub electricity_water: Option<Figure<WaterIntensity>>,
}

/// Emission factors for GHG Protocol Scope 2 dual reporting.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Average emission factor of the local grid (location-based method).
    pub location_based: Figure<Intensity>,
    /// Contractual instruments and residual mix (market-based method). Without it, the
    /// market-based figure falls back to the location-based factor, as the GHG Protocol
    /// Scope 2 Guidance allows when no residual mix is available.
    #[serde(default)]
    pub market_based: Option<MarketBased>,
    /// Location-based factors by calendar month, applied to the energy of each month (energy
    /// is spread over a measurement's period by days); months not listed use the annual
    /// `location_based` factor.
    #[serde(default)]
    pub monthly: Option<MonthlyFactors>,
}

/// Emission factors of the grid by calendar month.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyFactors {
    /// Factor per month, keyed "YYYY-MM", e.g. `2026-01: 412 gCO2e/kWh`.
    pub factors: BTreeMap<String, Intensity>,
    /// How the factors were obtained.
    pub method: Method,
    /// Where they come from.
    pub source: String,
}

impl MonthlyFactors {
    /// The factors keyed by (year, month), skipping keys that are not "YYYY-MM" (validation
    /// reports those).
    #[must_use]
    pub fn by_month(&self) -> BTreeMap<(i32, u32), f64> {
        self.factors
            .iter()
            .filter_map(|(key, factor)| Some((parse_month(key)?, factor.g_per_kwh())))
            .collect()
    }
}

/// Parses a "YYYY-MM" month key.
#[must_use]
pub fn parse_month(key: &str) -> Option<(i32, u32)> {
    let (year, month) = key.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some(())?;
    Some((year.parse().ok()?, month))
}

/// Market-based emission factors (GHG Protocol Scope 2 Guidance, chapter 6).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketBased {
    /// Emission factor for energy not covered by instruments (residual mix).
    pub residual_mix: Intensity,
    /// Where the residual-mix factor comes from.
    pub source: String,
    /// Uncertainty of the residual-mix factor: "10%" or a distribution.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// Contractual instruments covering part of the site's energy.
    #[serde(default)]
    pub instruments: Vec<Instrument>,
}

/// A contractual instrument: a PPA, guarantees of origin or a supplier-specific factor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Kind of instrument.
    pub kind: InstrumentKind,
    /// Energy the instrument covers in the reporting period.
    pub energy: Energy,
    /// Emission factor the instrument conveys (0 gCO2e/kWh for wind or solar).
    pub factor: Intensity,
    /// The contract, certificate registry or supplier disclosure behind it.
    pub source: String,
}

/// Kinds of contractual instrument (GHG Protocol Scope 2 Guidance, Table 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// Power purchase agreement.
    Ppa,
    /// Guarantees of origin (EU energy attribute certificates).
    GuaranteeOfOrigin,
    /// Renewable energy certificates.
    Rec,
    /// A supplier-specific emission factor.
    SupplierSpecific,
}

impl InstrumentKind {
    /// The kind as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            InstrumentKind::Ppa => "PPA",
            InstrumentKind::GuaranteeOfOrigin => "guarantees of origin",
            InstrumentKind::Rec => "RECs",
            InstrumentKind::SupplierSpecific => "supplier-specific factor",
        }
    }
}

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
    /// Number of devices (accelerators or servers) that drew the power.
    pub devices: f64,
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
    /// Hours the devices ran; the measurement's period when absent.
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

impl Phase {
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

/// The methodology of the disclosure as a whole.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    /// Standards followed, e.g. "GHG Protocol Scope 2 Guidance", "ISO/IEC 21031:2024".
    pub standards: Vec<String>,
    /// How the figures were obtained, in the organisation's own words.
    pub narrative: String,
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

/// The JSON Schema (draft 2020-12) of a disclosure once its reference values are resolved,
/// generated from these types: what it is validated against, so that a finding names the
/// field's own rule (a missing `source`) rather than "matches none of the alternatives".
///
/// Optional fields are written as absent rather than `null`, so the schema drops the `null`
/// alternative schemars adds for `Option`: an editor then offers the field's real type, and a
/// mistake inside an optional figure is reported there, not as "matches no alternative".
#[must_use]
pub fn validation_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Disclosure).to_value();
    drop_null_alternatives(&mut schema);
    schema
}

/// Removes the `null` alternative schemars gives optional fields: absent is the way to leave
/// a field out, and editors then show the field's own type.
pub(crate) fn drop_null_alternatives(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
            if let Some(Value::Array(alternatives)) = map.get("anyOf")
                && alternatives.len() == 2
                && alternatives.iter().any(is_null)
            {
                let kept = alternatives.iter().find(|v| !is_null(v)).cloned();
                if let Some(Value::Object(kept)) = kept {
                    map.remove("anyOf");
                    for (k, v) in kept {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            map.values_mut().for_each(drop_null_alternatives);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_alternatives),
        _ => {}
    }
}
