//! The results of a disclosure: every figure with its unit, formula, inputs, tier and
//! interval, as `compute --format json` prints them and reports read them.

use schemars::JsonSchema;
use serde::Serialize;

use super::{claims, embodied, energy, esrs, lifecycle, scenario, uncertainty};
use crate::model::quantity::{self, Unit};
use crate::model::{BoundaryPart, Method, Operation, Phase};

/// A computed figure, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Figure {
    /// The value, in `unit`.
    pub value: f64,
    /// The unit of `value`, from the one unit table; written as its symbol.
    #[serde(serialize_with = "symbol")]
    #[schemars(with = "String")]
    pub unit: &'static Unit,
    /// The formula, as a readable equation.
    pub formula: &'static str,
    /// JSON pointers of the inputs used, into the disclosure file.
    pub inputs: Vec<String>,
    /// The method tier the figure rests on: the least direct method among the inputs it is
    /// computed with (the energy and its completion factors, the PUE, the grid factors, WUE
    /// and the electricity's water intensity; a residual mix and contractual instruments state
    /// none), and for an aggregate among the figures it adds up.
    pub tier: Option<Method>,
    /// The 95 % interval from the stated uncertainties, on totals and per-unit figures when
    /// any input states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<uncertainty::Interval>,
}

/// A unit as results write it: its symbol.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with passes the field by reference"
)]
pub(crate) fn symbol<S: serde::Serializer>(
    unit: &&'static Unit,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(unit.symbol)
}

/// The unit written `symbol`.
///
/// # Panics
/// When the unit table lacks it: symbols here are wattprint's own constants.
pub(crate) fn unit(symbol: &str) -> &'static Unit {
    quantity::find_unit(symbol).unwrap_or_else(|| panic!("`{symbol}` is not in the unit table"))
}

impl Figure {
    pub(super) fn new(
        value: f64,
        symbol: &str,
        formula: &'static str,
        inputs: Vec<String>,
    ) -> Self {
        Self {
            // A sum of nothing in f64 is −0.0; adding 0.0 makes it 0, so that no figure reads
            // as "-0" in JSON or "−0 %" in text.
            value: value + 0.0,
            unit: unit(symbol),
            formula,
            inputs,
            tier: None,
            interval: None,
        }
    }

    /// The value in the unit written `symbol`, which must measure the same dimension.
    ///
    /// # Panics
    /// As [`quantity::convert`]: only for a symbol of wattprint's own that is wrong.
    #[must_use]
    pub fn in_(&self, symbol: &str) -> f64 {
        quantity::convert(self.value, self.unit.symbol, symbol)
    }

    /// The 95 % interval in the unit written `symbol`.
    #[must_use]
    pub fn interval_in(&self, symbol: &str) -> Option<uncertainty::Interval> {
        self.interval.map(|i| uncertainty::Interval {
            low: quantity::convert(i.low, self.unit.symbol, symbol),
            high: quantity::convert(i.high, self.unit.symbol, symbol),
        })
    }
}

/// The GHG Protocol scope electricity falls in, decided by who operates the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Purchased electricity for own or colocated equipment (GHG Protocol Scope 2).
    Scope2,
    /// Purchased cloud services (GHG Protocol Scope 3, category 1).
    Scope3Category1,
}

impl Scope {
    /// The scope of electricity used at a site run under `operation`.
    #[must_use]
    pub fn of(operation: Operation) -> Self {
        match operation {
            Operation::Own | Operation::Colocation => Scope::Scope2,
            Operation::Cloud => Scope::Scope3Category1,
        }
    }

    /// The scope as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Scope::Scope2 => "Scope 2",
            Scope::Scope3Category1 => "Scope 3, cat. 1",
        }
    }
}

/// Everything computed from one disclosure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Results {
    /// One entry per measurement, in input order.
    pub measurements: Vec<MeasurementResult>,
    /// One entry per site, in input order.
    pub sites: Vec<SiteResult>,
    /// Totals over all measurements.
    pub total: Totals,
    /// Per functional unit, over all models and per model.
    pub per_unit: Vec<PerUnit>,
    /// Parts of the serving system outside what was measured, and how each was treated.
    pub boundary: Vec<BoundaryTreatment>,
    /// Embodied emissions of the hardware, per item.
    pub embodied: Vec<embodied::EmbodiedResult>,
    /// Training and inference together, per model: allocated training emissions and the
    /// crossover date.
    pub lifecycle: Vec<lifecycle::ModelLifecycle>,
    /// The disclosure's design scenarios against this baseline, with their savings.
    pub scenarios: Vec<scenario::ScenarioResult>,
    /// The disclosure's net-positive claims, assessed.
    pub claims: Vec<claims::ClaimResult>,
    /// The figures of ESRS E1-5 and E1-6: energy from own operations by source, and gross
    /// Scope 1, 2 and 3 emissions.
    pub esrs: esrs::Esrs,
}

/// Figures of one measurement.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeasurementResult {
    /// The measurement's id.
    pub id: String,
    /// Its life-cycle phase.
    pub phase: Phase,
    /// Its site's id.
    pub site: String,
    /// Its model's id.
    pub model: String,
    /// How its energy was obtained.
    pub method: Method,
    /// GHG scope of its electricity.
    pub scope: Scope,
    /// Energy as measured or estimated, within the meter's boundary (kWh): the "narrow"
    /// figure.
    pub measured_energy: Figure,
    /// IT energy with the parts the meter did not see added from declared factors, before
    /// facility overhead (kWh).
    pub it_energy: Figure,
    /// The energy each declared part added (kWh), with the method of its factor.
    pub completion: Vec<CompletionPart>,
    /// Energy including facility overhead (kWh): the "comprehensive" figure.
    pub facility_energy: Figure,
    /// Location-based emissions (kgCO2e).
    pub location_based: Figure,
    /// Market-based emissions (kgCO2e), its share of the site's.
    pub market_based: Figure,
    /// Water used on and off site (litres), when the site states WUE or the water
    /// intensity of its electricity.
    pub water: Option<Figure>,
    /// The numbers an estimated energy was computed from, for reports to show; not part of
    /// the results' JSON, whose `measured_energy` names the formula and its inputs.
    #[serde(skip)]
    pub estimate: Option<energy::Estimate>,
}

/// The energy a part of the serving system added to a measurement from a declared factor.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CompletionPart {
    /// The part of the system.
    pub part: BoundaryPart,
    /// How the factor was obtained.
    pub method: Method,
    /// Energy added (kWh).
    pub it_energy: f64,
}

/// Figures of one site.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SiteResult {
    /// The site's id.
    pub id: String,
    /// Who operates it.
    pub operation: Operation,
    /// GHG scope of its electricity.
    pub scope: Scope,
    /// Energy before facility overhead (kWh).
    pub it_energy: Figure,
    /// Energy including facility overhead (kWh).
    pub facility_energy: Figure,
    /// Location-based emissions (kgCO2e).
    pub location_based: Figure,
    /// Market-based emissions (kgCO2e).
    pub market_based: Figure,
    /// Water used on and off site (litres), when stated.
    pub water: Option<f64>,
    /// Energy covered by contractual instruments (kWh).
    pub instrument_energy: f64,
    /// Whether the market-based figure used a residual mix (true) or fell back to the
    /// location-based factor for want of one (false).
    pub residual_mix_given: bool,
    /// The site's electricity hour by hour, when the disclosure gives any of it hourly (a
    /// measurement's energy, the grid's factors, an instrument's generation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly: Option<HourlySite>,
}

/// A site's electricity hour by hour: the proposed hourly market-based method of the GHG
/// Protocol's Scope 2 revision (consultation draft, not in force) beside the 2015 Guidance's
/// figures, which stay the site's `location_based` and `market_based`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HourlySite {
    /// The first hour with consumption (its start, UTC, RFC 3339).
    pub first_hour: String,
    /// The last hour with consumption (its start, UTC, RFC 3339).
    pub last_hour: String,
    /// Hours with consumption.
    pub hours: usize,
    /// Facility energy spread over the hours by measured hourly profiles (kWh).
    pub measured_kwh: f64,
    /// Facility energy spread by a standard load profile (constant power over each
    /// measurement's period), for measurements without hourly data (kWh).
    pub standard_profile_kwh: f64,
    /// Location-based emissions with the grid's hourly factors, when it gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_based: Option<HourlyLocation>,
    /// Market-based emissions by the proposed hourly method, when the site states a residual
    /// mix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_based: Option<HourlyMarket>,
    /// Every hour's figures, for the reports' heat map; not in the JSON, where a year would be
    /// 8,760 rows a site (the hourly files the disclosure names hold them).
    #[serde(skip)]
    #[schemars(skip)]
    pub series: Vec<HourFigures>,
}

/// One hour of a site's hourly figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourFigures {
    /// The hour's start, seconds since 1970, UTC.
    pub at: i64,
    /// Facility energy consumed, kWh.
    pub kwh: f64,
    /// The location-based factor applied, gCO2e/kWh, with hourly factors and consumption.
    pub g_per_kwh: Option<f64>,
    /// Energy matched by deliverable generation of the hour, kWh, with a residual mix.
    pub matched_kwh: Option<f64>,
}

impl HourFigures {
    /// Sets `set` on the hour of `series` starting at `at`, the hours asked in time order from
    /// `cursor` on.
    pub(crate) fn record(
        series: &mut [HourFigures],
        cursor: &mut usize,
        at: i64,
        set: impl FnOnce(&mut HourFigures),
    ) {
        while series.get(*cursor).is_some_and(|h| h.at < at) {
            *cursor += 1;
        }
        if let Some(hour) = series.get_mut(*cursor).filter(|h| h.at == at) {
            set(hour);
        }
    }
}

/// Location-based emissions with hourly factors.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HourlyLocation {
    /// Emissions (kgCO2e): each hour's energy at its hour's factor.
    pub emissions: Figure,
    /// Hours with consumption and an hourly factor.
    pub hourly_hours: usize,
    /// Hours with consumption and no hourly factor, at the month's or the annual factor.
    pub fallback_hours: usize,
    /// The energy of those hours (kWh).
    pub fallback_kwh: f64,
}

/// Market-based emissions by the proposed hourly method.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HourlyMarket {
    /// Emissions (kgCO2e): each hour's consumption matched by deliverable generation of the
    /// same hour at its instrument's factor, the rest at the residual mix.
    pub emissions: Figure,
    /// Energy matched hour by hour (kWh).
    pub matched_kwh: f64,
    /// Share of the energy matched hour by hour.
    pub matched_share: f64,
    /// Share of the energy matched hour by hour by contracted instruments from carbon-free
    /// sources (wind, solar, hydro, geothermal, nuclear; by a factor of 0 where no source is
    /// named): the contracted part of a 24/7 carbon-free energy score (the grid's own
    /// carbon-free share is not counted).
    pub carbon_free_share: f64,
    /// Share of the hours with consumption matched in full.
    pub matched_hours_share: f64,
    /// Deliverable generation in hours beyond their consumption, which no other hour may use
    /// (kWh).
    pub surplus_kwh: f64,
    /// Generation stated hourly but outside the site's market (`market` other than the
    /// site's `location`, or not stated), which matches no hour (kWh).
    pub undeliverable_kwh: f64,
    /// The volume of instruments that give no hourly generation, which the hourly method
    /// cannot match (kWh).
    pub without_hourly_kwh: f64,
}

/// Totals over the whole disclosure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Totals {
    /// Energy before facility overhead (kWh).
    pub it_energy: Figure,
    /// Energy including facility overhead (kWh).
    pub facility_energy: Figure,
    /// Location-based emissions (kgCO2e).
    pub location_based: Figure,
    /// Market-based emissions (kgCO2e).
    pub market_based: Figure,
    /// Location- and market-based emissions by GHG scope (kgCO2e).
    pub by_scope: Vec<ScopeTotal>,
    /// Embodied emissions of the hardware (kgCO2e; GHG Scope 3, category 2).
    pub embodied: Figure,
    /// Water used on and off site (litres), over the sites that state it.
    pub water: Option<Figure>,
    /// Share of IT energy resting on measurement (metered or device telemetry), 0 to 1.
    pub measured_share: f64,
    /// IT energy by method tier, most direct first.
    pub tiers: Vec<TierShare>,
}

/// How much of the IT energy rests on one method tier.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TierShare {
    /// The method tier.
    pub method: Method,
    /// IT energy obtained by it (kWh).
    pub it_energy: f64,
    /// Its share of the total IT energy, 0 to 1.
    pub share: f64,
}

/// Emissions falling in one GHG scope.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScopeTotal {
    /// The scope.
    pub scope: Scope,
    /// Energy including facility overhead (kWh).
    pub facility_energy: f64,
    /// Location-based emissions (kgCO2e).
    pub location_based: f64,
    /// Market-based emissions (kgCO2e).
    pub market_based: f64,
}

/// Energy and emissions per unit of service.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PerUnit {
    /// The functional unit's id.
    pub functional_unit: String,
    /// The model, or `None` for all models together.
    pub model: Option<String>,
    /// Units of service delivered.
    pub units: f64,
    /// Facility energy per unit (Wh).
    pub energy: Figure,
    /// Location-based emissions per unit (gCO2e).
    pub location_based: Figure,
    /// Market-based emissions per unit (gCO2e).
    pub market_based: Figure,
    /// Embodied emissions per unit (gCO2e).
    pub embodied: Figure,
    /// Software Carbon Intensity, (E × I + M) ÷ R (gCO2e per unit, ISO/IEC 21031), with
    /// the location-based factor as I.
    pub sci: Figure,
    /// Water per unit (mL), when the sites state it.
    pub water: Option<Figure>,
}

/// How a part of the serving system was treated in one measurement.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BoundaryTreatment {
    /// The measurement's id.
    pub measurement: String,
    /// The part of the system.
    pub part: BoundaryPart,
    /// What was done about it.
    pub treatment: Treatment,
}

/// What was done about a part of the system the meter did not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Added through the site's PUE.
    AddedViaPue,
    /// Added from a declared factor (`completion`).
    AddedFromFactor,
    /// Not counted: the figures leave it out.
    Excluded,
}

/// The JSON Schema (draft 2020-12) of [`Results`], the shape `compute --format json` prints:
/// the contract `verify` and third-party tools rely on.
#[must_use]
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<Results>().to_value()
}
