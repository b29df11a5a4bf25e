//! The figures of one site: its measurements summed and its market-based emissions.

use std::collections::BTreeMap;

use super::hourly::{Supply, hourly_market_based_by_hour, location_based_by_hour};
use super::results::HourFigures;
use super::{
    Figure, HourlyLocation, HourlyMarket, HourlySite, KG, KWH, MeasurementResult, Scope,
    SiteResult, formula,
};
use crate::model::hourly::{Hour, HourlyEnergy, Profile, SECONDS_PER_HOUR, hour_label, hours_of};
use crate::model::{Disclosure, EnergySource, Measurement, Site};

const MARKET: &str = "market_based = Σ instrument_energy × instrument_factor + (facility_energy − Σ instrument_energy) × residual_mix";
const MARKET_FALLBACK: &str = "market_based = location_based (no residual mix given)";
const SITE_SUM: &str = "Σ over the site's measurements";
const HOURLY_LOCATION: &str = "location_based_hourly = Σ_h facility_energy_h × grid_factor_h (the month's or the annual factor in an hour without one)";
const HOURLY_MARKET: &str = "market_based_hourly = Σ_h [Σ_i matched_i,h × instrument_factor_i + (facility_energy_h − Σ_i matched_i,h) × residual_mix], matched_i,h ≤ deliverable generation_i,h, lowest factor first";

/// A site's contractual instruments taken together.
#[must_use]
pub(crate) fn instruments(market: &crate::model::MarketBased) -> formula::Instruments {
    let each: Vec<(f64, f64)> = market
        .instruments
        .iter()
        .map(|i| (i.energy.kwh(), i.factor.g_per_kwh()))
        .collect();
    formula::instruments(&each)
}

pub(super) fn site_result(s: usize, site: &Site, measurements: &[MeasurementResult]) -> SiteResult {
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
        hourly: None,
        water: formula::sum_if_all(here.iter().map(|m| m.water.as_ref().map(|w| w.value))),
    }
}

/// The site's facility energy hour by hour, with the energy spread by measured profiles and by
/// the standard load profile: each measurement's facility energy spread by the shape of its
/// hourly file, or evenly over its period when it has none.
fn consumption(
    site: &Site,
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
) -> Option<(Profile, f64, f64)> {
    let mut by_hour: BTreeMap<i64, f64> = BTreeMap::new();
    let (mut measured, mut standard) = (0.0, 0.0);
    let here = disclosure
        .measurements
        .iter()
        .zip(measurements)
        .filter(|(m, _)| m.site == site.id);
    for (m, result) in here {
        let facility = result.facility_energy.value;
        let (hours, is_measured) = spread(m, facility, disclosure);
        for (at, kwh) in hours {
            *by_hour.entry(at).or_default() += kwh;
        }
        if is_measured {
            measured += facility;
        } else {
            standard += facility;
        }
    }
    let profile = Profile::new(by_hour.into_iter().collect()).ok()?;
    Some((profile, measured, standard))
}

/// Measurement `m`'s `facility` energy hour by hour: by the shape of its hourly file, or
/// evenly over its period without one; and whether it was a measured shape.
pub(super) fn spread(m: &Measurement, facility: f64, disclosure: &Disclosure) -> (Vec<Hour>, bool) {
    let shape = match &m.hourly {
        Some(HourlyEnergy::Measured(file)) => file.values.as_deref().filter(|p| p.total() > 0.0),
        _ => None,
    };
    if let Some(shape) = shape {
        let scale = facility / shape.total();
        let hours = shape
            .hours()
            .iter()
            .map(|&(at, v)| (at, v * scale))
            .collect();
        return (hours, true);
    }
    let (start, end) = hours_of(disclosure.period_of(m));
    let hours = (end - start) / SECONDS_PER_HOUR;
    #[allow(
        clippy::cast_precision_loss,
        reason = "a period's hours are far below 2^52"
    )]
    let each = facility / hours.max(1) as f64;
    let flat = (0..hours)
        .map(|hour| (start + hour * SECONDS_PER_HOUR, each))
        .collect();
    (flat, false)
}

/// The site's instruments as the hourly method reads them: those with hourly generation, each
/// deliverable when generated in the site's market (Scope 2 Quality Criterion 5, as the
/// instrument's `market` states it), and the volume of those without.
pub(super) fn supplies(site: &Site) -> (Vec<Supply<'_>>, f64) {
    let mut supplies = Vec::new();
    let mut without_hourly_kwh = 0.0;
    for instrument in site.grid.market_based.iter().flat_map(|m| &m.instruments) {
        match instrument
            .hourly_generation
            .as_ref()
            .and_then(|f| f.values.as_deref())
        {
            Some(generation) => supplies.push(Supply {
                generation,
                g_per_kwh: instrument.factor.g_per_kwh(),
                deliverable: instrument
                    .market
                    .as_deref()
                    .is_some_and(|m| site.in_market(m)),
                carbon_free: instrument.energy_source.map_or(
                    instrument.factor.g_per_kwh() == 0.0,
                    EnergySource::carbon_free,
                ),
            }),
            None => without_hourly_kwh += instrument.energy.kwh(),
        }
    }
    (supplies, without_hourly_kwh)
}

/// A site's figures hour by hour, when the disclosure gives any of its electricity hourly:
/// location-based with the grid's hourly factors, and market-based by the proposed hourly
/// method (`compute::hourly`). `None` for a site with nothing hourly or no consumption.
pub(super) fn hourly(
    s: usize,
    site: &Site,
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
) -> Option<HourlySite> {
    let instruments = || {
        site.grid
            .market_based
            .iter()
            .flat_map(|m| m.instruments.iter())
    };
    let named = site.grid.hourly.is_some()
        || instruments().any(|i| i.hourly_generation.is_some())
        || disclosure
            .measurements
            .iter()
            .any(|m| m.site == site.id && m.hourly.is_some());
    if !named {
        return None;
    }
    let (consumption, measured_kwh, standard_profile_kwh) =
        consumption(site, disclosure, measurements)?;
    let used: Vec<i64> = consumption
        .hours()
        .iter()
        .filter(|&&(_, kwh)| kwh > 0.0)
        .map(|&(at, _)| at)
        .collect();
    let (&first, &last) = (used.first()?, used.last()?);
    // Each figure's inputs: the grid's factors, then every measurement's facility energy and
    // hourly file, and the site's PUE.
    let inputs = |factors: &[String]| -> Vec<String> {
        let mut all = factors.to_vec();
        for (i, (m, r)) in disclosure.measurements.iter().zip(measurements).enumerate() {
            if m.site == site.id {
                all.extend(r.facility_energy.inputs.first().cloned());
                if m.hourly.is_some() {
                    all.push(format!("/measurements/{i}/hourly"));
                }
            }
        }
        if site.pue.is_some() {
            all.push(format!("/sites/{s}/pue"));
        }
        all
    };
    let grid = format!("/sites/{s}/grid");
    let mut factors = vec![format!("{grid}/hourly"), format!("{grid}/location_based")];
    if site.grid.monthly.is_some() {
        factors.push(format!("{grid}/monthly"));
    }
    let mut series: Vec<HourFigures> = consumption
        .hours()
        .iter()
        .map(|&(at, kwh)| HourFigures {
            at,
            kwh,
            g_per_kwh: None,
            matched_kwh: None,
        })
        .collect();
    let location = hourly_location(site, &consumption, inputs(&factors), &mut series);
    let market = hourly_market(
        site,
        &consumption,
        inputs(&[format!("{grid}/market_based")]),
        &mut series,
    );
    Some(HourlySite {
        first_hour: hour_label(first),
        last_hour: hour_label(last),
        hours: used.len(),
        measured_kwh,
        standard_profile_kwh,
        location_based: location,
        market_based: market,
        series,
    })
}

/// The location-based factor (gCO2e/kWh) of `site` for the hour starting at a time (seconds
/// since 1970) where no hourly factor gives it: its month's factor where given, else the
/// annual one ([`month_factor_on`]).
pub(super) fn month_factor_at(site: &Site) -> impl Fn(i64) -> f64 {
    let annual = site.grid.location_based.value.g_per_kwh();
    let on = month_factor_on(site);
    move |at| chrono::DateTime::from_timestamp(at, 0).map_or(annual, |t| on(t.date_naive()))
}

/// The location-based factor (gCO2e/kWh) of `site` on a day: its month's factor where given,
/// else the annual one.
pub(super) fn month_factor_on(site: &Site) -> impl Fn(chrono::NaiveDate) -> f64 {
    let annual = site.grid.location_based.value.g_per_kwh();
    let monthly = site
        .grid
        .monthly
        .as_ref()
        .map(crate::model::MonthlyFactors::by_month)
        .unwrap_or_default();
    move |day| {
        use chrono::Datelike as _;
        super::energy::month_factor(&monthly, (day.year(), day.month()), annual)
    }
}

/// Location-based emissions of `consumption` with the site's hourly factors, when it gives
/// them; `inputs` are the figure's JSON pointers.
fn hourly_location(
    site: &Site,
    consumption: &Profile,
    inputs: Vec<String>,
    series: &mut [HourFigures],
) -> Option<HourlyLocation> {
    let factors = site.grid.hourly.as_ref()?.factors.values.as_deref()?;
    let fallback = month_factor_at(site);
    let mut cursor = 0;
    let found = location_based_by_hour(consumption, factors, fallback, |at, g| {
        HourFigures::record(series, &mut cursor, at, |h| h.g_per_kwh = Some(g));
    });
    Some(HourlyLocation {
        emissions: Figure::new(found.kg, KG, HOURLY_LOCATION, inputs),
        hourly_hours: found.hourly_hours,
        fallback_hours: found.fallback_hours,
        fallback_kwh: found.fallback_kwh,
    })
}

/// Market-based emissions of `consumption` by the proposed hourly method, when the site states
/// a residual mix; `inputs` are the figure's JSON pointers.
fn hourly_market(
    site: &Site,
    consumption: &Profile,
    inputs: Vec<String>,
    series: &mut [HourFigures],
) -> Option<HourlyMarket> {
    let market = site.grid.market_based.as_ref()?;
    let (supplies, without_hourly_kwh) = supplies(site);
    let mut cursor = 0;
    let matching = hourly_market_based_by_hour(
        consumption,
        &supplies,
        market.residual_mix.g_per_kwh(),
        |at, matched| {
            HourFigures::record(series, &mut cursor, at, |h| h.matched_kwh = Some(matched));
        },
    );
    Some(HourlyMarket {
        emissions: Figure::new(matching.kg, KG, HOURLY_MARKET, inputs),
        matched_kwh: matching.matched_kwh,
        matched_share: matching.matched_share(),
        carbon_free_share: matching.contracted_carbon_free_share(),
        matched_hours_share: matching.matched_hours_share(),
        surplus_kwh: matching.surplus_kwh,
        undeliverable_kwh: matching.undeliverable_kwh,
        without_hourly_kwh,
    })
}
