//! Design levers as scenarios: each scenario applies its levers, in order, to a copy of the
//! disclosure, which is then computed like the baseline. Levers compose because each acts on
//! the energy the previous one left (a class routed away, 30 % of the requests, is taken from
//! the large model and the right-sized one alike), and a scenario that changes nothing saves
//! exactly nothing.
//!
//! Savings carry a 95 % interval when inputs state uncertainties: baseline and scenario are
//! simulated from the same seeded random numbers (common random numbers), and the interval is
//! that of the draw-by-draw differences.

use std::fmt::Write as _;

use serde::Serialize;

use super::uncertainty::{self, Interval, Normals, TotalDraw};
use super::{HourFigures, Results, SiteResult, deterministic, energy, formula, hourly};
use crate::model::hourly::{HourlyEnergy, HourlyFile, Profile};
use crate::model::quantity::{self, Unit};
use crate::model::{
    BoundaryPart, Disclosure, EnergyFigure, Lever, Quality, Scenario, ShiftBasis, ShiftLever, Site,
    UnitEnergy,
};

/// A saving against the baseline: baseline − scenario, positive when the scenario uses less.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Saving {
    /// The saving, in `unit`.
    pub value: f64,
    /// The unit, from the one unit table; written as its symbol.
    #[serde(serialize_with = "super::symbol")]
    #[schemars(with = "String")]
    pub unit: &'static Unit,
    /// The saving as a share of the baseline (1 is all of it); `None` where the baseline's
    /// figure is zero, which no share can be taken of (helper 74: a saving of 11 t from zero
    /// read "0 %").
    pub share: Option<f64>,
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
    /// Location-based emissions saved with the grid's hourly factors, over the sites that give
    /// them (kgCO2e); what a `shift` lever changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_location_saving: Option<Saving>,
    /// Market-based emissions saved by the proposed hourly method, over the sites with hourly
    /// figures and a residual mix (kgCO2e).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_market_saving: Option<Saving>,
    /// Which hourly saving is not given though the baseline has the hourly figure, and why:
    /// the scenario moves energy to or from a site without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_withheld: Option<String>,
    /// Per-unit figures before and after.
    pub per_unit: Vec<UnitComparison>,
    /// The quality figures the levers trade.
    pub quality: Vec<QualityTrade>,
    /// Why the savings have no 95 % interval though the inputs state uncertainties: the
    /// scenario's draws do not pair with the baseline's (it adds a site with an uncertain
    /// factor, whose numbers shift every later draw's), so the spread of their differences is
    /// not a saving's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpaired: Option<String>,
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
/// is `per_unit_kwh`: E' = (1 − s) × E + s × units × e ÷ (1 + Σ completion shares). The
/// measurement's energy becomes a stated value; its uncertainty, if any, scales with it. The
/// other server's energy is IT energy already, so the parts the meter did not see are added to
/// what stays on the measured server only: the division undoes the completion the results add
/// to the whole measurement (`it_energy = measured × (1 + Σ shares) + Σ energies`).
fn shift(disclosure: &mut Disclosure, index: usize, share: f64, unit: &str, per_unit_kwh: f64) {
    let period = disclosure.period_of(&disclosure.measurements[index]);
    let m = &mut disclosure.measurements[index];
    let measured = energy::it_energy(&m.energy, m.phase, period).kwh;
    let units = m.workload.get(unit).copied().unwrap_or(0.0);
    let share = share.clamp(0.0, 1.0);
    let completed = formula::completed_energy(
        1.0,
        &m.completion
            .values()
            .filter_map(|c| c.share)
            .collect::<Vec<_>>(),
        &[],
    );
    let kwh = (1.0 - share) * measured + share * units * per_unit_kwh / completed;
    m.energy = EnergyFigure {
        value: Some(crate::model::Energy::from_canonical(kwh)),
        hardware: None,
        compute: None,
        ..m.energy.clone()
    };
}

/// Moves `share` of measurement `id`'s units to a server using `per_unit`, IT energy; what the
/// description adds, or `None` when no measurement has that id. A meter at the facility is
/// first made the IT energy inside it, so that the IT energy per unit is weighed against IT
/// energy and the site's overhead is added to both alike.
fn move_traffic(
    disclosure: &mut Disclosure,
    metered_at: &str,
    id: &str,
    share: f64,
    per_unit: &UnitEnergy,
) -> Option<String> {
    let i = position(disclosure, id)?;
    let overhead = at_the_facility(disclosure, i, metered_at, Move::Traffic);
    shift(disclosure, i, share, &per_unit.unit, per_unit.value.kwh());
    Some(overhead)
}

fn position(disclosure: &Disclosure, id: &str) -> Option<usize> {
    disclosure.measurements.iter().position(|m| m.id == id)
}

/// `disclosure` with `scenario`'s levers applied in order, and each lever described.
#[must_use]
pub fn apply(disclosure: &Disclosure, scenario: &Scenario) -> (Disclosure, Vec<String>) {
    // The scenarios stay: the simulation draws each measurement a scenario changes on its own,
    // in the changed disclosure as in the baseline, so that their draws pair.
    let mut changed = disclosure.clone();
    changed.sites.extend(scenario.sites.iter().cloned());
    let mut described = Vec::new();
    // Where the baseline measured each measurement, whatever site a lever has moved it to.
    let metered_at = |id: &str| {
        disclosure
            .measurements
            .iter()
            .find(|m| m.id == id)
            .map_or("", |m| m.site.as_str())
    };
    for lever in &scenario.levers {
        match lever {
            Lever::RightSize(r) => {
                if let Some(overhead) = move_traffic(
                    &mut changed,
                    metered_at(&r.measurement),
                    &r.measurement,
                    r.share,
                    &r.energy_per_unit,
                ) {
                    described.push(format!(
                        "right-size {}: {:.0} % of its {}s served by {} at {} Wh each{overhead}",
                        r.measurement,
                        r.share * 100.0,
                        r.energy_per_unit.unit,
                        r.model,
                        quantity::convert(r.energy_per_unit.value.kwh(), "kWh", "Wh")
                    ));
                }
            }
            Lever::Route(r) => {
                if let Some(overhead) = move_traffic(
                    &mut changed,
                    metered_at(&r.measurement),
                    &r.measurement,
                    r.share,
                    &r.energy_per_unit,
                ) {
                    described.push(format!(
                        "route {}: {} ({:.0} % of its {}s) to {} at {} Wh each{overhead}",
                        r.measurement,
                        r.class,
                        r.share * 100.0,
                        r.energy_per_unit.unit,
                        r.to,
                        quantity::convert(r.energy_per_unit.value.kwh(), "kWh", "Wh")
                    ));
                }
            }
            Lever::Shift(r) => {
                if let Some(i) = position(&changed, &r.measurement) {
                    described.push(match shifted(&changed, i, r) {
                        Ok(hours) => {
                            changed.measurements[i].hourly =
                                Some(HourlyEnergy::Measured(HourlyFile {
                                    file: format!("{} shifted by scenario {}", r.measurement, scenario.id),
                                    sha256: String::new(),
                                    values: Some(std::sync::Arc::new(hours)),
                                }));
                            format!(
                                "shift {}: {:.0} % of its energy moved to the hours of least {} emissions within {} h windows, up to {} kW at the site",
                                r.measurement,
                                r.share * 100.0,
                                match r.by {
                                    ShiftBasis::LocationBased => "location-based (hourly factors)",
                                    ShiftBasis::MarketBased => "market-based (proposed hourly method)",
                                },
                                r.window.hours(),
                                r.capacity.kw()
                            )
                        }
                        Err(reason) => format!("shift {}: not applied, {reason}", r.measurement),
                    });
                }
            }
            Lever::Relocate(r) => {
                if let Some(i) = position(&changed, &r.measurement) {
                    let overhead =
                        at_the_facility(&mut changed, i, metered_at(&r.measurement), Move::Site);
                    let from = std::mem::replace(&mut changed.measurements[i].site, r.site.clone());
                    // A meter that saw the overhead and no PUE to take it out: the energy keeps
                    // it wherever it goes, whatever PUE the sites state.
                    let keeps_overhead = changed.measurements[i]
                        .boundary
                        .contains(&BoundaryPart::Facility);
                    let bases = other_bases(&changed.sites, &from, &r.site, keeps_overhead);
                    described.push(format!(
                        "relocate {} from {from} to {}{overhead}{bases}",
                        r.measurement, r.site
                    ));
                }
            }
        }
    }
    (changed, described)
}

/// What a relocation's description adds where the two sites do not account alike: the scope
/// its emissions move to (GHG Protocol: electricity bought for an own or colocated data centre
/// is Scope 2, a cloud service is Scope 3, category 1), and a market-based figure that becomes
/// the location-based one where the new site gives no residual mix (or the reverse), so the
/// market-based saving sets one basis against another (an audit of 2026-12-03, helper 67), and a
/// PUE on one side only, which drops or adds the overhead (helper 74) unless the energy was
/// metered with an overhead no PUE separates (`keeps_overhead`).
fn other_bases(sites: &[Site], from: &str, to: &str, keeps_overhead: bool) -> String {
    let (Some(from), Some(to)) = (
        sites.iter().find(|s| s.id == from),
        sites.iter().find(|s| s.id == to),
    ) else {
        return String::new();
    };
    let mut said = String::new();
    let (was, is) = (
        super::Scope::of(from.operation),
        super::Scope::of(to.operation),
    );
    if was != is {
        // Writing to a String cannot fail.
        let _ = write!(
            said,
            "; its emissions move from {} ({}, {}) to {} ({}, {})",
            was.label(),
            from.id,
            from.operation.label(),
            is.label(),
            to.id,
            to.operation.label()
        );
    }
    match (&from.pue, &to.pue) {
        _ if keeps_overhead => {}
        (Some(pue), None) => {
            let _ = write!(
                said,
                "; {} gives no PUE, so the moved energy drops {}'s facility overhead (PUE {}) and takes none",
                to.id, from.id, pue.value
            );
        }
        (None, Some(pue)) => {
            // Not "the baseline": an earlier lever may have moved it to `from` (helper 75).
            let _ = write!(
                said,
                "; {} gives no PUE, so the moved energy had no facility overhead there and takes {}'s (PUE {})",
                from.id, to.id, pue.value
            );
        }
        _ => {}
    }
    let (without, with, tense) = match (&from.grid.market_based, &to.grid.market_based) {
        (Some(_), None) => (to, from, "are"),
        (None, Some(_)) => (from, to, "were"),
        _ => return said,
    };
    let instruments = if with
        .grid
        .market_based
        .as_ref()
        .is_some_and(|m| !m.instruments.is_empty())
    {
        " and instruments"
    } else {
        ""
    };
    let _ = write!(
        said,
        "; {} gives no residual mix, so its market-based emissions {tense} its location-based ones, set against {}'s residual mix{instruments}: the market-based saving compares two bases",
        without.id, with.id
    );
    said
}

/// What a lever moves: the measurement to another site, or traffic off it at its site.
#[derive(Debug, Clone, Copy)]
enum Move {
    Site,
    Traffic,
}

/// Makes measurement `i`, metered at its site's supply (`facility` in its boundary), the IT
/// energy inside it (÷ the site's PUE), so that moved to another site it takes that site's
/// overhead rather than carrying its own, and traffic moved off it is weighed as IT energy;
/// what the description adds. The overhead is that of `metered_at`, the site the baseline
/// measured it at. Without a PUE there to take the overhead out, the metered energy stays as
/// it is, and the description says so.
fn at_the_facility(
    disclosure: &mut Disclosure,
    i: usize,
    metered_at: &str,
    moving: Move,
) -> String {
    let m = &disclosure.measurements[i];
    if !m.boundary.contains(&BoundaryPart::Facility) {
        return String::new();
    }
    // The overhead in the metered energy is that of the site it was metered at, wherever an
    // earlier lever moved it since (helper 76: a round trip through a site with a PUE took
    // that PUE out of energy metered at a site with none, and "saved" a third of it).
    let pue = disclosure
        .sites
        .iter()
        .find(|s| s.id == metered_at)
        .and_then(|s| s.pue.as_ref())
        .map(|p| p.value);
    let Some(pue) = pue else {
        return " (metered with its site's overhead, which no PUE separates: kept as metered)"
            .to_owned();
    };
    let metered = energy::it_energy(&m.energy, m.phase, disclosure.period_of(m)).kwh;
    let m = &mut disclosure.measurements[i];
    m.energy = EnergyFigure {
        value: Some(crate::model::Energy::from_canonical(
            formula::it_energy_of_facility(metered, pue),
        )),
        hardware: None,
        compute: None,
        ..m.energy.clone()
    };
    m.boundary.retain(|part| *part != BoundaryPart::Facility);
    match moving {
        Move::Site => {
            format!(
                " (its metered energy less its site's overhead at PUE {pue}, the new site's added)"
            )
        }
        Move::Traffic => format!(
            " (its metered energy less its site's overhead at PUE {pue}, weighed as IT energy; the overhead added again)"
        ),
    }
}

/// Each of `series`' hours priced at the site's hourly location-based factor (its month's where
/// the file gives none), those of hours the site consumed nothing in too: they are where a shift
/// moves energy to (attack of 2026-12-03, helper 60: the factors were read from the hours'
/// figures, which have none where nothing was consumed, and the lever was refused as if the site
/// gave none).
fn location_tiers(site: &Site, series: &[HourFigures]) -> Result<Vec<hourly::Tiers>, &'static str> {
    let factors = site
        .grid
        .hourly
        .as_ref()
        .and_then(|h| h.factors.values.as_deref())
        .ok_or("its site gives no hourly grid factors")?;
    // Read as `hourly::location_based_by_hour` reads them: the series is in time order.
    let mut factor = hourly::Cursor::new(factors);
    let fallback = super::site::month_factor_at(site);
    Ok(series
        .iter()
        .map(|h| {
            vec![(
                f64::INFINITY,
                factor.at(h.at).unwrap_or_else(|| fallback(h.at)),
            )]
        })
        .collect())
}

/// Measurement `i`'s energy hour by hour once `lever` has moved its movable share to the
/// hours where the site's energy emits least (`compute::hourly::shift`), the rest of the
/// site staying put; or why it cannot move.
fn shifted(disclosure: &Disclosure, i: usize, lever: &ShiftLever) -> Result<Profile, String> {
    let results = deterministic(disclosure);
    let m = &disclosure.measurements[i];
    let s = disclosure
        .sites
        .iter()
        .position(|s| s.id == m.site)
        .ok_or("its site is not among the disclosure's")?;
    let site = &disclosure.sites[s];
    let series = results.sites[s]
        .hourly
        .as_ref()
        .map(|h| h.series.as_slice())
        .ok_or("its site gives nothing hour by hour")?;
    let consumption =
        Profile::new(series.iter().map(|h| (h.at, h.kwh)).collect()).map_err(|e| e.to_string())?;
    let (own, _) =
        super::site::spread(m, results.measurements[i].facility_energy.value, disclosure);
    let own: std::collections::BTreeMap<i64, f64> = own.into_iter().collect();
    let mine: Vec<f64> = series
        .iter()
        .map(|h| own.get(&h.at).copied().unwrap_or(0.0).min(h.kwh))
        .collect();
    let movable: Vec<f64> = mine
        .iter()
        .map(|kwh| kwh * lever.share.clamp(0.0, 1.0))
        .collect();
    // Each hour's tiers, in the order of the site's hours.
    let priced: Vec<hourly::Tiers> = match lever.by {
        ShiftBasis::LocationBased => location_tiers(site, series)?,
        ShiftBasis::MarketBased => {
            let residual = site
                .grid
                .market_based
                .as_ref()
                .ok_or("its site states no residual mix")?
                .residual_mix
                .g_per_kwh();
            let (mut supplies, _) = super::site::supplies(site);
            supplies.retain(|s| s.deliverable);
            supplies.sort_by(|a, b| a.g_per_kwh.total_cmp(&b.g_per_kwh));
            series
                .iter()
                .map(|h| {
                    let mut tiers: hourly::Tiers = supplies
                        .iter()
                        .map(|s| {
                            let hours = s.generation.hours();
                            let generated = hours
                                .binary_search_by_key(&h.at, |&(at, _)| at)
                                .map_or(0.0, |k| hours[k].1);
                            (generated, s.g_per_kwh)
                        })
                        .collect();
                    tiers.push((f64::INFINITY, residual));
                    tiers
                })
                .collect()
        }
    };
    let rule = hourly::Shift {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a window of whole hours, clamped to what a u32 holds"
        )]
        window_hours: lever.window.hours().round().clamp(0.0, f64::from(u32::MAX)) as u32,
        capacity_kwh: lever.capacity.kw(),
    };
    let hours = consumption.hours();
    let tiers = |at: i64| {
        hours
            .binary_search_by_key(&at, |&(h, _)| h)
            .map_or_else(|_| vec![(f64::INFINITY, 0.0)], |k| priced[k].clone())
    };
    let moved = hourly::shift(&consumption, &movable, rule, tiers).map_err(|e| e.to_string())?;
    // The measurement's hours now: the site's, less what the rest of the site draws.
    Profile::new(
        moved
            .hours()
            .iter()
            .zip(hours)
            .zip(&mine)
            .map(|((&(at, now), &(_, before)), &own)| (at, (now - (before - own)).max(0.0)))
            .collect(),
    )
    .map_err(|e| e.to_string())
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
        share: (baseline.abs() > 0.0).then(|| value / baseline),
        interval: draws.map(|(b, s)| {
            uncertainty::interval_of(b.iter().zip(s).map(|(b, s)| of(b) - of(s)).collect())
        }),
    }
}

/// The saving in an hourly figure `of` reads: its sum over the sites that have it in the
/// baseline less its sum over those that have it in the scenario, with the interval of the
/// paired `draws` of that figure (summed the same way, as `in_draw` reads them). `Ok(None)`
/// when no site has it. `Err` with the sites that keep the sum from being the scenario's
/// saving: the end of a measurement's relocation (`moves`: where it was, where it ends) that
/// lacks the figure where the other end has it, a site that had the figure and uses energy
/// without it in the scenario (its hourly file moved away), and one that used energy without
/// it and has it in the scenario (an hourly file moved in). A sum over the rest would
/// count what moved out as saved and what moved in as never used (helper 73: a relocation to a
/// site without hourly factors "saved" the whole baseline's hourly figure). A lever that only
/// lowers a site's energy leaves the sum as it is: it is over the sites that have the figure.
fn hourly_saving<'a>(
    baseline: &'a Results,
    scenario: &'a Results,
    moves: &[(&'a str, &'a str)],
    of: fn(&super::HourlySite) -> Option<f64>,
    draws: Option<Paired>,
    in_draw: fn(&TotalDraw) -> f64,
) -> Result<Option<Saving>, Vec<&'a str>> {
    let figure = |site: &SiteResult| site.hourly.as_ref().and_then(of);
    let total = |results: &Results| -> f64 { results.sites.iter().filter_map(figure).sum() };
    if baseline.sites.iter().all(|s| figure(s).is_none()) {
        return Ok(None);
    }
    let has = |results: &Results, id: &str| {
        results
            .sites
            .iter()
            .any(|s| s.id == id && figure(s).is_some())
    };
    let mut outside: Vec<&str> = Vec::new();
    for &(from, to) in moves {
        match (has(baseline, from), has(scenario, to)) {
            (true, false) => outside.push(to),
            (false, true) => outside.push(from),
            _ => {}
        }
    }
    // A site that had the figure and uses energy without it (its hourly file moved away), or
    // that used energy without it and has it now (an hourly file moved in: its figure holds
    // energy the baseline's sum did not; helper 76).
    outside.extend(
        scenario
            .sites
            .iter()
            .filter(|after| {
                let before = baseline.sites.iter().find(|b| b.id == after.id);
                let had = before.is_some_and(|b| figure(b).is_some());
                let used = before.is_some_and(|b| b.facility_energy.value > 0.0);
                let has = figure(after).is_some();
                (had && !has && after.facility_energy.value > 0.0) || (!had && has && used)
            })
            .map(|s| s.id.as_str()),
    );
    if !outside.is_empty() {
        outside.sort_unstable();
        outside.dedup();
        return Err(outside);
    }
    Ok(Some(saving(
        total(baseline),
        total(scenario),
        "kgCO2e",
        draws,
        in_draw,
    )))
}

/// Where each measurement a scenario relocates was in the baseline and where it ends, for
/// those that end elsewhere: a chain of relocations is its two ends.
fn relocations<'a>(disclosure: &'a Disclosure, scenario: &'a Scenario) -> Vec<(&'a str, &'a str)> {
    let mut at: Vec<(&str, &str, &str)> = disclosure
        .measurements
        .iter()
        .map(|m| (m.id.as_str(), m.site.as_str(), m.site.as_str()))
        .collect();
    for lever in &scenario.levers {
        if let Lever::Relocate(r) = lever
            && let Some(entry) = at.iter_mut().find(|(id, ..)| *id == r.measurement)
        {
            entry.2 = r.site.as_str();
        }
    }
    at.into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(_, from, to)| (from, to))
        .collect()
}

/// Why the hourly savings `hourly_saving` left out are not given, in words; `None` where
/// none was left out.
fn withheld(
    location: &Result<Option<Saving>, Vec<&str>>,
    market: &Result<Option<Saving>, Vec<&str>>,
) -> Option<String> {
    let sites = |ids: &[&str]| {
        format!(
            "{} {}",
            if ids.len() > 1 { "sites" } else { "site" },
            ids.join(", ")
        )
    };
    let which = match (location, market) {
        (Err(l), Err(m)) if l == m => format!(
            "The hourly savings are not given: energy moves to or from {}, without hourly figures in the baseline or the scenario",
            sites(l)
        ),
        (Err(l), Err(m)) => format!(
            "The hourly savings are not given: energy moves to or from {}, without hourly location-based figures, and {}, without hourly market-based ones, in the baseline or the scenario",
            sites(l),
            sites(m)
        ),
        (Err(l), Ok(_)) => format!(
            "The location-based hourly saving is not given: energy moves to or from {}, without hourly location-based figures (hourly grid factors) in the baseline or the scenario",
            sites(l)
        ),
        (Ok(_), Err(m)) => format!(
            "The market-based hourly saving is not given: energy moves to or from {}, without hourly market-based figures in the baseline or the scenario",
            sites(m)
        ),
        (Ok(_), Ok(_)) => return None,
    };
    Some(format!(
        "{which}, and a sum over the sites with the figure would count the energy that moved as saved or as never used"
    ))
}

/// A scenario applied and computed, not yet compared with the baseline.
#[derive(Debug)]
pub struct Simulated {
    levers: Vec<String>,
    results: Results,
    /// The Monte Carlo draws of its totals, when inputs state uncertainties.
    draws: Option<Vec<TotalDraw>>,
    /// Where its draws stop pairing with the baseline's, when they do.
    unpaired: Option<String>,
}

/// Applies and computes every scenario of `disclosure`, whose draws take their random numbers
/// as `baseline` says. Scenarios are independent of each other and of the baseline, and each
/// runs a whole simulation, so they are spread over the machine's cores; each draws from its
/// own seeded generator, so the results do not depend on the threads, nor on the normal draws
/// they share with the baseline (`normals`).
#[must_use]
pub fn simulate(
    disclosure: &Disclosure,
    baseline: &uncertainty::Layout,
    normals: Option<&Normals>,
) -> Vec<Simulated> {
    let one = |scenario: &Scenario| {
        let (changed, levers) = apply(disclosure, scenario);
        let results = deterministic(&changed);
        let (draws, unpaired) = match uncertainty::total_draws(&changed, &results, normals) {
            Some(draws) => {
                let unpaired = baseline.unpaired_with(&uncertainty::layout(&changed, &results));
                (Some(draws), unpaired)
            }
            // Nothing uncertain is left: the scenario's figures are the same in every draw.
            None if !baseline.is_empty() => {
                let count = changed.methodology.monte_carlo.draws.max(1) as usize;
                (
                    Some(uncertainty::certain_draws(&changed, &results, count)),
                    None,
                )
            }
            None => (None, None),
        };
        Simulated {
            levers,
            results,
            draws,
            unpaired,
        }
    };
    crate::cores::on_every_core(&disclosure.scenarios, one)
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
    // Each scenario's savings take intervals of the paired draws: the scenarios share the cores.
    let pairs: Vec<(&Scenario, Simulated)> = disclosure.scenarios.iter().zip(simulated).collect();
    crate::cores::on_every_core(&pairs, |(scenario, simulated)| {
        let Simulated {
            levers,
            results,
            draws,
            unpaired,
        } = simulated;
        let paired = base_draws
            .zip(draws.as_deref())
            .filter(|_| unpaired.is_none());
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
        let moves = relocations(disclosure, scenario);
        let location = hourly_saving(
            baseline,
            results,
            &moves,
            |h| h.location_based.as_ref().map(|l| l.emissions.value),
            paired,
            |t| t.hourly_location_kg,
        );
        let market = hourly_saving(
            baseline,
            results,
            &moves,
            |h| h.market_based.as_ref().map(|m| m.emissions.value),
            paired,
            |t| t.hourly_market_kg,
        );
        let hourly_withheld = withheld(&location, &market);
        let (hourly_location_saving, hourly_market_saving) =
            (location.ok().flatten(), market.ok().flatten());
        ScenarioResult {
            id: scenario.id.clone(),
            description: scenario.description.clone(),
            levers: levers.clone(),
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
            hourly_location_saving,
            hourly_market_saving,
            hourly_withheld,
            per_unit,
            quality: scenario
                .levers
                .iter()
                .filter_map(|l| match l {
                    Lever::RightSize(r) => r.quality.as_ref(),
                    Lever::Route(r) => r.quality.as_ref(),
                    Lever::Relocate(_) | Lever::Shift(_) => None,
                })
                .map(QualityTrade::from)
                .collect(),
            unpaired: unpaired.clone(),
        }
    })
}
