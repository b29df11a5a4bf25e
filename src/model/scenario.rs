//! Design scenarios: levers applied to a copy of the disclosure to weigh against the
//! disclosed baseline.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Duration, Energy, Method, Site};

/// A what-if on the disclosed baseline: one or more levers applied in order, so that several
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
    /// Move a flexible share of a measurement's energy to the hours where it emits least,
    /// within a window, up to the site's capacity: carbon-aware scheduling of training or
    /// batch work. Its saving shows in the hourly figures only; the annual figures of the 2015
    /// Scope 2 Guidance do not see when energy was used.
    Shift(ShiftLever),
}

impl Lever {
    /// The measurement the lever changes.
    #[must_use]
    pub fn measurement(&self) -> &str {
        match self {
            Self::RightSize(r) => &r.measurement,
            Self::Route(r) => &r.measurement,
            Self::Relocate(r) => &r.measurement,
            Self::Shift(r) => &r.measurement,
        }
    }
}

/// `shift`: a flexible share of a measurement's energy moved to lower-emission hours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftLever {
    /// The measurement whose energy moves; its site must give its electricity hour by hour
    /// (the measurement's own profile, the grid's hourly factors or hourly generation).
    pub measurement: String,
    /// Share of the measurement's energy in each hour that may move, 0 to 1.
    pub share: f64,
    /// Energy moves only within windows this long from the site's first hour, e.g. "24 h" for
    /// a day or "168 h" for a week.
    pub window: Duration,
    /// The most the site can draw (facility power), e.g. "1.2 MW": no hour takes more than
    /// this.
    pub capacity: super::Power,
    /// Which hourly figure the move lowers: the hourly grid factors (`location_based`) or the
    /// proposed hourly market-based method (`market_based`).
    pub by: ShiftBasis,
    /// Where the share and the capacity come from (a scheduler's constraints, a site contract).
    pub source: String,
}

/// The hourly figure a shift lowers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShiftBasis {
    /// Location-based emissions with the grid's hourly factors.
    LocationBased,
    /// Market-based emissions by the proposed hourly method.
    MarketBased,
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
