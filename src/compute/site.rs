//! The figures of one site: its measurements summed and its market-based emissions.

use super::{Figure, KG, KWH, MeasurementResult, Scope, SiteResult, formula};
use crate::model::Site;

const MARKET: &str = "market_based = Σ instrument_energy × instrument_factor + (facility_energy − Σ instrument_energy) × residual_mix";
const MARKET_FALLBACK: &str = "market_based = location_based (no residual mix given)";
const SITE_SUM: &str = "Σ over the site's measurements";

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
        water: here
            .iter()
            .filter_map(|m| m.water.as_ref().map(|w| w.value))
            .reduce(|a, b| a + b),
    }
}
