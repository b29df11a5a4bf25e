//! Design levers as scenarios: each scenario applies its levers, in order, to a copy of the
//! disclosure, which is then computed like the baseline. Levers compose because each acts on
//! what the previous one left (routing 30 % of the traffic that right-sizing left on the large
//! model), and a scenario that changes nothing saves exactly nothing.
//!
//! Savings carry a 95 % interval when inputs state uncertainties: baseline and scenario are
//! simulated from the same seeded random numbers (common random numbers), and the interval is
//! that of the draw-by-draw differences.

use serde::Serialize;

use super::uncertainty::{self, Interval, TotalDraw};
use super::{Results, deterministic, energy};
use crate::model::quantity::{self, Unit};
use crate::model::{Disclosure, EnergyFigure, Lever, Quality, Scenario, UnitEnergy};

/// A saving against the baseline: baseline − scenario, positive when the scenario uses less.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Saving {
    /// The saving, in `unit`.
    pub value: f64,
    /// The unit, from the one unit table; written as its symbol.
    #[serde(serialize_with = "super::symbol")]
    #[schemars(with = "String")]
    pub unit: &'static Unit,
    /// The saving as a share of the baseline, 0 to 1.
    pub share: f64,
    /// Its 95 % interval, when inputs state uncertainties.
    pub interval: Option<Interval>,
}

impl Saving {
    /// The saving in the unit written `symbol`, of the same dimension.
    #[must_use]
    pub fn in_(&self, symbol: &str) -> f64 {
        quantity::convert(self.value, self.unit.symbol, symbol)
    }

    /// Its 95 % interval in the unit written `symbol`.
    #[must_use]
    pub fn interval_in(&self, symbol: &str) -> Option<Interval> {
        self.interval.map(|i| Interval {
            low: quantity::convert(i.low, self.unit.symbol, symbol),
            high: quantity::convert(i.high, self.unit.symbol, symbol),
        })
    }
}

/// Energy per functional unit in the baseline and the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnitComparison {
    /// The functional unit.
    pub unit: String,
    /// The model, or `None` for all models together.
    pub model: Option<String>,
    /// Facility energy per unit in the baseline, Wh.
    pub baseline_wh: f64,
    /// Facility energy per unit in the scenario, Wh.
    pub scenario_wh: f64,
    /// Location-based emissions per unit in the baseline, gCO2e.
    pub baseline_g: f64,
    /// Location-based emissions per unit in the scenario, gCO2e.
    pub scenario_g: f64,
}

/// One scenario computed against the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScenarioResult {
    /// The scenario's id.
    pub id: String,
    /// What it does.
    pub description: String,
    /// Each lever, as applied.
    pub levers: Vec<String>,
    /// Facility energy in the scenario, kWh.
    pub facility_energy: f64,
    /// Location-based emissions in the scenario, kgCO2e.
    pub location_based: f64,
    /// Market-based emissions in the scenario, kgCO2e.
    pub market_based: f64,
    /// Water in the scenario, litres, when the baseline has water figures.
    pub water: Option<f64>,
    /// Facility energy saved.
    pub energy_saving: Saving,
    /// Location-based emissions saved.
    pub location_saving: Saving,
    /// Market-based emissions saved.
    pub market_saving: Saving,
    /// Water saved, litres.
    pub water_saving: Option<f64>,
    /// Per-unit figures before and after.
    pub per_unit: Vec<UnitComparison>,
    /// The quality figures the levers trade.
    pub quality: Vec<QualityTrade>,
}

/// A quality figure traded by one lever.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct QualityTrade {
    /// What is measured.
    pub metric: String,
    /// The baseline's figure.
    pub baseline: String,
    /// The scenario's figure.
    pub scenario: String,
    /// Where the figures come from.
    pub source: String,
}

impl From<&Quality> for QualityTrade {
    fn from(q: &Quality) -> Self {
        QualityTrade {
            metric: q.metric.clone(),
            baseline: q.baseline.clone(),
            scenario: q.scenario.clone(),
            source: q.source.clone(),
        }
    }
}

/// Moves `share` of measurement `index`'s units to another server whose IT energy per unit
/// is `per_unit_kwh`: E' = (1 − s) × E + s × units × e. The measurement's energy becomes a
/// stated value; its uncertainty, if any, scales with it.
fn shift(disclosure: &mut Disclosure, index: usize, share: f64, unit: &str, per_unit_kwh: f64) {
    let period = disclosure.reporting_period;
    let m = &mut disclosure.measurements[index];
    let measured = energy::it_energy(&m.energy, m.phase, m.period.unwrap_or(period)).kwh;
    let units = m.workload.get(unit).copied().unwrap_or(0.0);
    let share = share.clamp(0.0, 1.0);
    let kwh = (1.0 - share) * measured + share * units * per_unit_kwh;
    m.energy = EnergyFigure {
        value: Some(crate::model::Energy::from_canonical(kwh)),
        hardware: None,
        compute: None,
        ..m.energy.clone()
    };
}

/// Moves `share` of measurement `id`'s units to a server using `per_unit`; whether it exists.
fn move_traffic(disclosure: &mut Disclosure, id: &str, share: f64, per_unit: &UnitEnergy) -> bool {
    let Some(i) = position(disclosure, id) else {
        return false;
    };
    shift(disclosure, i, share, &per_unit.unit, per_unit.value.kwh());
    true
}

fn position(disclosure: &Disclosure, id: &str) -> Option<usize> {
    disclosure.measurements.iter().position(|m| m.id == id)
}

/// `disclosure` with `scenario`'s levers applied in order, and each lever described.
#[must_use]
pub fn apply(disclosure: &Disclosure, scenario: &Scenario) -> (Disclosure, Vec<String>) {
    let mut changed = disclosure.clone();
    changed.scenarios.clear();
    changed.sites.extend(scenario.sites.iter().cloned());
    let mut described = Vec::new();
    for lever in &scenario.levers {
        match lever {
            Lever::RightSize(r) => {
                if move_traffic(&mut changed, &r.measurement, r.share, &r.energy_per_unit) {
                    described.push(format!(
                        "right-size {}: {:.0} % of its {}s served by {} at {} Wh each",
                        r.measurement,
                        r.share * 100.0,
                        r.energy_per_unit.unit,
                        r.model,
                        quantity::convert(r.energy_per_unit.value.kwh(), "kWh", "Wh")
                    ));
                }
            }
            Lever::Route(r) => {
                if move_traffic(&mut changed, &r.measurement, r.share, &r.energy_per_unit) {
                    described.push(format!(
                        "route {}: {} ({:.0} % of its {}s) to {} at {} Wh each",
                        r.measurement,
                        r.class,
                        r.share * 100.0,
                        r.energy_per_unit.unit,
                        r.to,
                        quantity::convert(r.energy_per_unit.value.kwh(), "kWh", "Wh")
                    ));
                }
            }
            Lever::Relocate(r) => {
                if let Some(i) = position(&changed, &r.measurement) {
                    let from = std::mem::replace(&mut changed.measurements[i].site, r.site.clone());
                    described.push(format!(
                        "relocate {} from {from} to {}",
                        r.measurement, r.site
                    ));
                }
            }
        }
    }
    (changed, described)
}

/// The Monte Carlo totals of the baseline and of a scenario, drawn from the same seed.
type Paired<'a> = (&'a [TotalDraw], &'a [TotalDraw]);

/// The saving from `baseline` to `scenario`, with the interval of the paired draws' differences
/// in the total `of` reads.
fn saving(
    baseline: f64,
    scenario: f64,
    unit: &str,
    draws: Option<Paired>,
    of: fn(&TotalDraw) -> f64,
) -> Saving {
    let value = baseline - scenario;
    Saving {
        value,
        unit: super::unit(unit),
        share: if baseline.abs() > 0.0 {
            value / baseline
        } else {
            0.0
        },
        interval: draws.map(|(b, s)| {
            uncertainty::interval_of(b.iter().zip(s).map(|(b, s)| of(b) - of(s)).collect())
        }),
    }
}

/// A scenario applied and computed, not yet compared with the baseline.
#[derive(Debug)]
pub struct Simulated {
    levers: Vec<String>,
    results: Results,
    /// The Monte Carlo draws of its totals, when inputs state uncertainties.
    draws: Option<Vec<TotalDraw>>,
}

/// Applies and computes every scenario of `disclosure`. Scenarios are independent of each
/// other and of the baseline, and each runs a whole simulation, so they are spread over the
/// machine's cores; each draws from its own seeded generator, so the results do not depend on
/// the threads.
#[must_use]
pub fn simulate(disclosure: &Disclosure) -> Vec<Simulated> {
    let one = |scenario: &Scenario| {
        let (changed, levers) = apply(disclosure, scenario);
        let results = deterministic(&changed);
        let draws = uncertainty::total_draws(&changed, &results);
        Simulated {
            levers,
            results,
            draws,
        }
    };
    super::on_every_core(&disclosure.scenarios, one)
}

/// Every scenario of `disclosure`, as [`simulate`] computed them, against its `baseline`
/// results, whose Monte Carlo draws of the totals (from [`uncertainty::propagate`]) are
/// `base_draws`.
#[must_use]
pub fn assess(
    disclosure: &Disclosure,
    baseline: &Results,
    base_draws: Option<&[TotalDraw]>,
    simulated: Vec<Simulated>,
) -> Vec<ScenarioResult> {
    disclosure
        .scenarios
        .iter()
        .zip(simulated)
        .map(|(scenario, simulated)| {
            let Simulated {
                levers,
                results,
                draws,
            } = simulated;
            let paired = base_draws.zip(draws.as_deref());
            let (b, s) = (&baseline.total, &results.total);
            let per_unit = baseline
                .per_unit
                .iter()
                .filter_map(|p| {
                    let q = results
                        .per_unit
                        .iter()
                        .find(|q| q.functional_unit == p.functional_unit && q.model == p.model)?;
                    Some(UnitComparison {
                        unit: p.functional_unit.clone(),
                        model: p.model.clone(),
                        baseline_wh: p.energy.value,
                        scenario_wh: q.energy.value,
                        baseline_g: p.location_based.value,
                        scenario_g: q.location_based.value,
                    })
                })
                .collect();
            let water = s.water.as_ref().map(|w| w.value);
            ScenarioResult {
                id: scenario.id.clone(),
                description: scenario.description.clone(),
                levers,
                facility_energy: s.facility_energy.value,
                location_based: s.location_based.value,
                market_based: s.market_based.value,
                water,
                energy_saving: saving(
                    b.facility_energy.value,
                    s.facility_energy.value,
                    "kWh",
                    paired,
                    |t| t.facility_kwh,
                ),
                location_saving: saving(
                    b.location_based.value,
                    s.location_based.value,
                    "kgCO2e",
                    paired,
                    |t| t.location_kg,
                ),
                market_saving: saving(
                    b.market_based.value,
                    s.market_based.value,
                    "kgCO2e",
                    paired,
                    |t| t.market_kg,
                ),
                water_saving: b.water.as_ref().zip(water).map(|(b, s)| b.value - s),
                per_unit,
                quality: scenario
                    .levers
                    .iter()
                    .filter_map(|l| match l {
                        Lever::RightSize(r) => r.quality.as_ref(),
                        Lever::Route(r) => r.quality.as_ref(),
                        Lever::Relocate(_) => None,
                    })
                    .map(QualityTrade::from)
                    .collect(),
            }
        })
        .collect()
}
