//! From a validated disclosure to its figures: energy, emissions on both Scope 2 bases, the
//! GHG scope of each, and per-unit figures, every figure with the formula and the inputs it
//! came from.
//!
//! No I/O and no formatting: the arithmetic is in [`formula`], and this module only decides
//! which inputs each formula gets. It assumes a disclosure that passed `validate`; on one that
//! did not, it still returns numbers (never panics), but they mean nothing.

pub mod claims;
pub mod embodied;
pub mod energy;
pub mod formula;
pub mod lifecycle;
pub mod scenario;
pub mod uncertainty;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::quantity::{self, Unit};
use crate::model::{
    BoundaryPart, Disclosure, Energy, Measurement, Method, Operation, Period, Phase, Site,
};

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
    /// The method tier the figure rests on: for a figure computed from several inputs, the
    /// least direct of their tiers.
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
    fn new(value: f64, symbol: &str, formula: &'static str, inputs: Vec<String>) -> Self {
        Self {
            value,
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
    /// Water consumed on and off site (litres), when the site states WUE or the water
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
    /// Water consumed on and off site (litres), when stated.
    pub water: Option<f64>,
    /// Energy covered by contractual instruments (kWh).
    pub instrument_energy: f64,
    /// Whether the market-based figure used a residual mix (true) or fell back to the
    /// location-based factor for want of one (false).
    pub residual_mix_given: bool,
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
    /// Water consumed on and off site (litres), over the sites that state it.
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

const FACILITY: &str = "facility_energy = it_energy × pue";
const FACILITY_AS_MEASURED: &str = "facility_energy = it_energy (meter includes facility)";
const FACILITY_NO_PUE: &str = "facility_energy = it_energy (no PUE given: overhead excluded)";
const LOCATION: &str = "location_based = facility_energy × grid_average_factor / 1000";
const LOCATION_MONTHLY: &str =
    "location_based = facility_energy × Σ_months (days_in_month ÷ days × monthly_factor) / 1000";
const MARKET: &str = "market_based = Σ instrument_energy × instrument_factor + (facility_energy − Σ instrument_energy) × residual_mix";
const MARKET_FALLBACK: &str = "market_based = location_based (no residual mix given)";
const MARKET_SHARE: &str =
    "market_based = site_market_based × facility_energy / site_facility_energy";
const SUM: &str = "Σ over measurements";
const COMPLETED: &str = "it_energy = measured × (1 + Σ completion shares) + Σ completion energies";
const WATER: &str = "water = wue × it_energy + electricity_water × facility_energy";
const EMBODIED_SUM: &str = "Σ over hardware items";
const PER_UNIT_EMBODIED: &str = "embodied_per_unit = embodied ÷ Σ units × 1000";
const SCI: &str = "sci = (facility_energy × grid_average_factor + embodied) ÷ Σ units";
const PER_UNIT_WATER: &str = "water_per_unit = Σ water ÷ Σ units × 1000";
const SITE_SUM: &str = "Σ over the site's measurements";
const PER_UNIT_ENERGY: &str = "energy_per_unit = Σ facility_energy / Σ units × 1000";
const PER_UNIT_EMISSIONS: &str = "emissions_per_unit = Σ emissions / Σ units × 1000";

const KWH: &str = "kWh";
const KG: &str = "kgCO2e";

/// The JSON Schema (draft 2020-12) of [`Results`], the shape `compute --format json` prints:
/// the contract `verify` and third-party tools rely on.
#[must_use]
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<Results>().to_value()
}

/// Computes every figure of `disclosure`, with 95 % intervals where inputs state their
/// uncertainty.
#[must_use]
pub fn assess(disclosure: &Disclosure) -> Results {
    let mut results = deterministic(disclosure);
    // The scenarios' simulations do not need the baseline's: both run at once.
    let (draws, simulated) = std::thread::scope(|scope| {
        let scenarios = scope.spawn(|| scenario::simulate(disclosure));
        let draws = uncertainty::propagate(disclosure, &mut results);
        match scenarios.join() {
            Ok(simulated) => (draws, simulated),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    results.scenarios = scenario::assess(disclosure, &results, draws.as_deref(), simulated);
    results.claims = claims::assess(disclosure, &results, draws.as_deref());
    results
}

/// The figures the rules that judge figures read: every central value, and each claim's
/// assessment with the draws of the totals its verdict needs; no scenario and no per-unit
/// interval.
#[must_use]
pub fn screen(disclosure: &Disclosure) -> Results {
    let mut results = deterministic(disclosure);
    if !disclosure.claims.is_empty() {
        let draws = uncertainty::total_draws(disclosure, &results);
        results.claims = claims::assess(disclosure, &results, draws.as_deref());
    }
    results
}

/// Computes every figure of `disclosure` at the central values of its inputs, without the
/// Monte Carlo propagation.
#[must_use]
pub fn deterministic(disclosure: &Disclosure) -> Results {
    let sites = &disclosure.sites;
    let site_index: BTreeMap<&str, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();

    let mut measurements: Vec<MeasurementResult> = disclosure
        .measurements
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let site = site_index.get(m.site.as_str()).map(|&s| (s, &sites[s]));
            let period = m.period.unwrap_or(disclosure.reporting_period);
            measurement(i, m, site, period)
        })
        .collect();

    let site_results: Vec<SiteResult> = sites
        .iter()
        .enumerate()
        .map(|(s, site)| site_result(s, site, &measurements))
        .collect();

    // Market-based emissions belong to the site (instruments cover the site's energy); each
    // measurement gets its share by facility energy.
    for result in &mut measurements {
        if let Some(site) = site_results.iter().find(|s| s.id == result.site) {
            result.market_based = Figure::new(
                formula::allocated(
                    site.market_based.value,
                    result.facility_energy.value,
                    site.facility_energy.value,
                ),
                KG,
                MARKET_SHARE,
                vec![
                    format!(
                        "/sites/{}",
                        site_index.get(site.id.as_str()).copied().unwrap_or(0)
                    ),
                    result
                        .facility_energy
                        .inputs
                        .first()
                        .cloned()
                        .unwrap_or_default(),
                ],
            );
        }
    }

    let embodied = embodied::assess(disclosure);
    let total = totals(&measurements, &site_results, &embodied);
    let per_unit = per_unit(disclosure, &measurements, &embodied);
    let boundary = boundary(disclosure);
    let lifecycle = lifecycle::assess(disclosure, &measurements);
    let mut results = Results {
        measurements,
        sites: site_results,
        total,
        per_unit,
        boundary,
        embodied,
        lifecycle,
        scenarios: Vec::new(),
        claims: Vec::new(),
    };
    assign_tiers(disclosure, &mut results);
    results
}

/// The least direct method behind a measurement's completed energy: its own, or that of a
/// factor that added an unmeasured part.
fn completed_tier(m: &MeasurementResult) -> Method {
    m.completion
        .iter()
        .map(|c| c.method)
        .fold(m.method, Method::max)
}

/// A measurement's completed energy and the figures computed from it.
fn energy_figures(m: &mut MeasurementResult) -> [&mut Figure; 4] {
    [
        &mut m.it_energy,
        &mut m.facility_energy,
        &mut m.location_based,
        &mut m.market_based,
    ]
}

fn set_tier(figures: [&mut Figure; 4], tier: Option<Method>) {
    for figure in figures {
        figure.tier = tier;
    }
}

/// Sets every figure's tier: a measurement's own method, and for aggregates the least direct
/// method among the measurements (and hardware) they rest on.
fn assign_tiers(disclosure: &Disclosure, results: &mut Results) {
    let weakest = |methods: &mut dyn Iterator<Item = Method>| methods.max();
    for m in &mut results.measurements {
        m.measured_energy.tier = Some(m.method);
        let tier = Some(completed_tier(m));
        set_tier(energy_figures(m), tier);
        if let Some(water) = &mut m.water {
            water.tier = tier;
        }
    }
    let measured = &results.measurements;
    for site in &mut results.sites {
        let tier = weakest(
            &mut measured
                .iter()
                .filter(|m| m.site == site.id)
                .map(completed_tier),
        );
        set_tier(
            [
                &mut site.it_energy,
                &mut site.facility_energy,
                &mut site.location_based,
                &mut site.market_based,
            ],
            tier,
        );
    }
    let all = weakest(&mut measured.iter().map(completed_tier));
    let total = &mut results.total;
    set_tier(
        [
            &mut total.it_energy,
            &mut total.facility_energy,
            &mut total.location_based,
            &mut total.market_based,
        ],
        all,
    );
    if let Some(water) = &mut total.water {
        water.tier = all;
    }
    let embodied_tier = |hardware: &str| {
        disclosure
            .hardware
            .iter()
            .find(|h| h.id == hardware)
            .and_then(|h| h.embodied.as_ref().map(|e| e.method))
    };
    for e in &mut results.embodied {
        e.emissions.tier = embodied_tier(&e.hardware);
    }
    total.embodied.tier = weakest(&mut results.embodied.iter().filter_map(|e| e.emissions.tier));
    for line in &mut results.per_unit {
        let tier = weakest(
            &mut disclosure
                .measurements
                .iter()
                .zip(measured)
                .filter(|(m, _)| {
                    m.workload.contains_key(&line.functional_unit)
                        && line.model.as_ref().is_none_or(|id| &m.model == id)
                })
                .map(|(_, r)| completed_tier(r)),
        );
        for figure in [
            &mut line.energy,
            &mut line.location_based,
            &mut line.market_based,
        ] {
            figure.tier = tier;
        }
        if let Some(water) = &mut line.water {
            water.tier = tier;
        }
        line.embodied.tier = total.embodied.tier;
        line.sci.tier = tier.max(total.embodied.tier);
    }
}

/// The parts `m`'s meter did not see, added from its declared factors: each part's energy,
/// the completed IT energy and its figure.
fn complete(i: usize, m: &Measurement, measured: &Figure) -> (Vec<CompletionPart>, f64, Figure) {
    let measured_kwh = measured.value;
    let completion: Vec<CompletionPart> = m
        .completion
        .iter()
        .map(|(part, c)| CompletionPart {
            part: *part,
            method: c.method,
            it_energy: formula::completed_energy(
                measured_kwh,
                &[c.share.unwrap_or(0.0)],
                &[c.energy.map_or(0.0, Energy::kwh)],
            ) - measured_kwh,
        })
        .collect();
    if completion.is_empty() {
        return (completion, measured_kwh, measured.clone());
    }
    let shares: Vec<f64> = m.completion.values().filter_map(|c| c.share).collect();
    let energies: Vec<f64> = m
        .completion
        .values()
        .filter_map(|c| c.energy.map(Energy::kwh))
        .collect();
    let kwh = formula::completed_energy(measured_kwh, &shares, &energies);
    let mut inputs = measured.inputs.clone();
    inputs.push(format!("/measurements/{i}/completion"));
    (completion, kwh, Figure::new(kwh, KWH, COMPLETED, inputs))
}

fn measurement(
    i: usize,
    m: &Measurement,
    site: Option<(usize, &Site)>,
    period: Period,
) -> MeasurementResult {
    let energy_pointer = format!("/measurements/{i}/energy");
    let it = energy::it_energy(&m.energy, m.phase, period);
    let measured_energy = Figure::new(it.kwh, KWH, it.formula, vec![energy_pointer.clone()]);
    let (completion, it_kwh, it_energy) = complete(i, m, &measured_energy);
    let metered_facility = m.boundary.contains(&BoundaryPart::Facility);
    let facility_energy = match site.and_then(|(s, site)| site.pue.as_ref().map(|p| (s, p))) {
        _ if metered_facility => {
            Figure::new(it_kwh, KWH, FACILITY_AS_MEASURED, vec![energy_pointer])
        }
        Some((s, pue)) => Figure::new(
            formula::facility_energy(it_kwh, pue.value),
            KWH,
            FACILITY,
            vec![energy_pointer, format!("/sites/{s}/pue")],
        ),
        None => Figure::new(it_kwh, KWH, FACILITY_NO_PUE, vec![energy_pointer]),
    };
    let (scope, location_based) = match site {
        Some((s, site)) => {
            let (formula_used, factor_input) = if site.grid.monthly.is_some() {
                (LOCATION_MONTHLY, "monthly")
            } else {
                (LOCATION, "location_based")
            };
            (
                Scope::of(site.operation),
                Figure::new(
                    formula::emissions(facility_energy.value, location_factor(site, period)),
                    KG,
                    formula_used,
                    vec![
                        format!("/measurements/{i}"),
                        format!("/sites/{s}/grid/{factor_input}"),
                    ],
                ),
            )
        }
        None => (Scope::Scope2, Figure::new(0.0, KG, LOCATION, Vec::new())),
    };
    let water = site.and_then(|(s, site)| {
        let wue = site.wue.as_ref().map(|w| w.value.l_per_kwh());
        let off_site = site.electricity_water.as_ref().map(|w| w.value.l_per_kwh());
        if wue.is_none() && off_site.is_none() {
            return None;
        }
        Some(Figure::new(
            formula::water(
                wue.unwrap_or(0.0),
                it_kwh,
                off_site.unwrap_or(0.0),
                facility_energy.value,
            ),
            "L",
            WATER,
            vec![format!("/measurements/{i}"), format!("/sites/{s}")],
        ))
    });
    MeasurementResult {
        id: m.id.clone(),
        phase: m.phase,
        site: m.site.clone(),
        model: m.model.clone(),
        method: m.energy.method,
        scope,
        market_based: location_based.clone(),
        measured_energy,
        it_energy,
        completion,
        facility_energy,
        location_based,
        water,
        estimate: it.estimate,
    }
}

/// The location-based factor (gCO2e/kWh) of `site` for energy used evenly over `period`.
#[must_use]
pub fn location_factor(site: &Site, period: Period) -> f64 {
    let annual = site.grid.location_based.value.g_per_kwh();
    match &site.grid.monthly {
        Some(monthly) => energy::location_factor(period, annual, &monthly.by_month()),
        None => annual,
    }
}

/// A site's contractual instruments taken together.
#[must_use]
pub fn instruments(market: &crate::model::MarketBased) -> formula::Instruments {
    let each: Vec<(f64, f64)> = market
        .instruments
        .iter()
        .map(|i| (i.energy.kwh(), i.factor.g_per_kwh()))
        .collect();
    formula::instruments(&each)
}

fn site_result(s: usize, site: &Site, measurements: &[MeasurementResult]) -> SiteResult {
    let here: Vec<&MeasurementResult> = measurements.iter().filter(|m| m.site == site.id).collect();
    let pointers = || -> Vec<String> {
        here.iter()
            .filter_map(|m| m.facility_energy.inputs.first().cloned())
            .collect()
    };
    let it_kwh: f64 = here.iter().map(|m| m.it_energy.value).sum();
    let facility_kwh: f64 = here.iter().map(|m| m.facility_energy.value).sum();
    let location_kg: f64 = here.iter().map(|m| m.location_based.value).sum();
    let grid = format!("/sites/{s}/grid");
    let (market_kg, formula_used, instrument_energy, residual_mix_given) = match &site
        .grid
        .market_based
    {
        Some(market) => {
            let instruments = instruments(market);
            (
                formula::market_based(facility_kwh, instruments, market.residual_mix.g_per_kwh()),
                MARKET,
                instruments.covered_kwh,
                true,
            )
        }
        None => (location_kg, MARKET_FALLBACK, 0.0, false),
    };
    let mut market_inputs = pointers();
    market_inputs.push(format!(
        "{grid}/{}",
        if residual_mix_given {
            "market_based"
        } else {
            "location_based"
        }
    ));
    SiteResult {
        id: site.id.clone(),
        operation: site.operation,
        scope: Scope::of(site.operation),
        it_energy: Figure::new(it_kwh, KWH, SITE_SUM, pointers()),
        facility_energy: Figure::new(facility_kwh, KWH, SITE_SUM, pointers()),
        location_based: Figure::new(location_kg, KG, SITE_SUM, pointers()),
        market_based: Figure::new(market_kg, KG, formula_used, market_inputs),
        instrument_energy,
        residual_mix_given,
        water: here
            .iter()
            .filter_map(|m| m.water.as_ref().map(|w| w.value))
            .reduce(|a, b| a + b),
    }
}

fn totals(
    measurements: &[MeasurementResult],
    sites: &[SiteResult],
    embodied: &[embodied::EmbodiedResult],
) -> Totals {
    let all = || -> Vec<String> {
        (0..measurements.len())
            .map(|i| format!("/measurements/{i}"))
            .collect()
    };
    let sum = |f: fn(&MeasurementResult) -> f64| measurements.iter().map(f).sum::<f64>();
    let it_kwh = sum(|m| m.it_energy.value);
    let mut by_scope: Vec<ScopeTotal> = Vec::new();
    for site in sites {
        match by_scope.iter_mut().find(|t| t.scope == site.scope) {
            Some(t) => {
                t.facility_energy += site.facility_energy.value;
                t.location_based += site.location_based.value;
                t.market_based += site.market_based.value;
            }
            None => by_scope.push(ScopeTotal {
                scope: site.scope,
                facility_energy: site.facility_energy.value,
                location_based: site.location_based.value,
                market_based: site.market_based.value,
            }),
        }
    }
    by_scope.sort_by_key(|t| t.scope);
    // Each measurement's own energy counts under its method; energy added for unmeasured
    // parts counts under the method of the factor that added it.
    let mut tiers: Vec<TierShare> = Vec::new();
    let parts = measurements.iter().flat_map(|m| {
        std::iter::once((m.method, m.measured_energy.value))
            .chain(m.completion.iter().map(|c| (c.method, c.it_energy)))
    });
    for (method, kwh) in parts {
        match tiers.iter_mut().find(|t| t.method == method) {
            Some(t) => t.it_energy += kwh,
            None => tiers.push(TierShare {
                method,
                it_energy: kwh,
                share: 0.0,
            }),
        }
    }
    tiers.sort_by_key(|t| t.method);
    for t in &mut tiers {
        t.share = formula::share(t.it_energy, it_kwh);
    }
    Totals {
        it_energy: Figure::new(it_kwh, KWH, SUM, all()),
        facility_energy: Figure::new(sum(|m| m.facility_energy.value), KWH, SUM, all()),
        location_based: Figure::new(sum(|m| m.location_based.value), KG, SUM, all()),
        market_based: Figure::new(sum(|m| m.market_based.value), KG, SUM, all()),
        by_scope,
        measured_share: formula::share(
            tiers
                .iter()
                .filter(|t| t.method.is_measured())
                .map(|t| t.it_energy)
                .sum(),
            it_kwh,
        ),
        tiers,
        embodied: Figure::new(
            embodied.iter().map(|e| e.emissions.value).sum(),
            KG,
            EMBODIED_SUM,
            embodied
                .iter()
                .flat_map(|e| e.emissions.inputs.clone())
                .collect(),
        ),
        water: measurements
            .iter()
            .filter_map(|m| m.water.as_ref().map(|w| w.value))
            .reduce(|a, b| a + b)
            .map(|litres| Figure::new(litres, "L", SUM, all())),
    }
}

fn per_unit(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    embodied: &[embodied::EmbodiedResult],
) -> Vec<PerUnit> {
    let context = UnitContext {
        disclosure,
        measurements,
        embodied,
        all_facility: measurements.iter().map(|m| m.facility_energy.value).sum(),
    };
    let mut out = Vec::new();
    for unit in &disclosure.functional_units {
        let serving: Vec<usize> = disclosure
            .measurements
            .iter()
            .enumerate()
            .filter(|(_, m)| m.workload.contains_key(&unit.id))
            .map(|(i, _)| i)
            .collect();
        out.extend(unit_figures(&context, &unit.id, None, &serving));
        let models: Vec<&str> = disclosure
            .system
            .models
            .iter()
            .map(|m| m.id.as_str())
            .filter(|id| {
                serving
                    .iter()
                    .any(|&i| disclosure.measurements[i].model == *id)
            })
            .collect();
        // With one model the per-model line would repeat the all-models line.
        if models.len() > 1 {
            for model in models {
                let own: Vec<usize> = serving
                    .iter()
                    .copied()
                    .filter(|&i| disclosure.measurements[i].model == model)
                    .collect();
                out.extend(unit_figures(&context, &unit.id, Some(model), &own));
            }
        }
    }
    out
}

/// What every per-unit line needs besides its own measurements.
struct UnitContext<'a> {
    disclosure: &'a Disclosure,
    measurements: &'a [MeasurementResult],
    embodied: &'a [embodied::EmbodiedResult],
    /// Facility energy of all measurements (kWh).
    all_facility: f64,
}

fn unit_figures(
    c: &UnitContext<'_>,
    unit: &str,
    model: Option<&str>,
    serving: &[usize],
) -> Option<PerUnit> {
    let units: f64 = serving
        .iter()
        .filter_map(|&i| c.disclosure.measurements[i].workload.get(unit))
        .sum();
    let inputs: Vec<String> = serving
        .iter()
        .flat_map(|i| {
            [
                format!("/measurements/{i}"),
                format!("/measurements/{i}/workload/{unit}"),
            ]
        })
        .collect();
    let total = |f: fn(&MeasurementResult) -> f64| -> f64 {
        serving.iter().map(|&i| f(&c.measurements[i])).sum()
    };
    // The embodied emissions of the model's hardware, shared among the units it served in
    // proportion to the energy of the measurements that served them.
    let model_facility: f64 = c
        .measurements
        .iter()
        .filter(|m| model.is_none_or(|id| m.model == id))
        .map(|m| m.facility_energy.value)
        .sum();
    let serving_facility = total(|m| m.facility_energy.value);
    let embodied_kg = embodied::for_model(
        c.embodied,
        model,
        formula::share(model_facility, c.all_facility),
    ) * formula::share(serving_facility, model_facility);
    let mut embodied_inputs = inputs.clone();
    embodied_inputs.extend(c.embodied.iter().flat_map(|e| e.emissions.inputs.clone()));
    let location_kg = total(|m| m.location_based.value);
    let water_litres = serving
        .iter()
        .filter_map(|&i| c.measurements[i].water.as_ref().map(|w| w.value))
        .reduce(|a, b| a + b);
    let per = |kilo: f64| formula::per_unit_milli(kilo, units);
    Some(PerUnit {
        functional_unit: unit.to_owned(),
        model: model.map(str::to_owned),
        units,
        energy: Figure::new(
            per(serving_facility)?,
            "Wh",
            PER_UNIT_ENERGY,
            inputs.clone(),
        ),
        location_based: Figure::new(
            per(location_kg)?,
            "gCO2e",
            PER_UNIT_EMISSIONS,
            inputs.clone(),
        ),
        market_based: Figure::new(
            per(total(|m| m.market_based.value))?,
            "gCO2e",
            PER_UNIT_EMISSIONS,
            inputs.clone(),
        ),
        embodied: Figure::new(
            per(embodied_kg)?,
            "gCO2e",
            PER_UNIT_EMBODIED,
            embodied_inputs.clone(),
        ),
        sci: Figure::new(
            per(location_kg + embodied_kg)?,
            "gCO2e",
            SCI,
            embodied_inputs,
        ),
        water: water_litres
            .and_then(per)
            .map(|ml| Figure::new(ml, "mL", PER_UNIT_WATER, inputs)),
    })
}

fn boundary(disclosure: &Disclosure) -> Vec<BoundaryTreatment> {
    let mut out = Vec::new();
    for m in &disclosure.measurements {
        let pue_given = disclosure
            .sites
            .iter()
            .any(|s| s.id == m.site && s.pue.is_some());
        for part in BoundaryPart::ALL {
            if m.boundary.contains(&part) {
                continue;
            }
            let treatment = if part == BoundaryPart::Facility && pue_given {
                Treatment::AddedViaPue
            } else if m.completion.contains_key(&part) {
                Treatment::AddedFromFactor
            } else {
                Treatment::Excluded
            };
            out.push(BoundaryTreatment {
                measurement: m.id.clone(),
                part,
                treatment,
            });
        }
    }
    out
}
