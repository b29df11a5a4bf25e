//! Each site: its energy, emissions on both Scope 2 bases, factors and instruments.

use schemars::JsonSchema;
use serde::Serialize;

use super::{figure_method, shown_within};
use crate::compute::Results;
use crate::model::quantity::convert;
use crate::model::{Disclosure, Method};
use crate::text::number::plain;

/// One site: its factors, contractual instruments and figures.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct SiteRow {
    /// The site's identifier.
    id: String,
    /// Who operates the site: `own`, `colocation` or `cloud`.
    operation: &'static str,
    /// Country (ISO 3166-1 alpha-2) or grid zone where the site draws power, as in the input.
    location: String,
    /// Cloud provider and region, e.g. `aws:eu-central-1`; empty when not given.
    region: String,
    /// GHG scope of its electricity: `Scope 2` or `Scope 3, cat. 1`.
    scope: &'static str,
    /// Power usage effectiveness to two decimals, e.g. `1.20`; empty when the site states none.
    pue: String,
    /// How the PUE was obtained, e.g. `metered`; empty when the site states no PUE.
    pue_method: &'static str,
    /// Where the PUE comes from; empty when the site states none.
    pue_source: String,
    /// True when the PUE is a default factor from a published dataset.
    pue_is_default: bool,
    /// Location-based grid factor, gCO2e/kWh (up to 4 significant figures, thousands grouped).
    location_factor: String,
    /// How the location-based factor was obtained, e.g. `default factor`.
    location_method: &'static str,
    /// True when the location-based factor is a default factor from a published dataset.
    location_is_default: bool,
    /// Where the location-based factor comes from.
    location_source: String,
    /// Residual-mix factor, gCO2e/kWh (up to 4 significant figures, thousands grouped); empty when
    /// no market-based factors are given.
    residual_mix: String,
    /// Where the residual-mix factor comes from; empty when none is given.
    residual_source: String,
    /// Monthly grid factors as `12 months, 310–450` (gCO2e/kWh); empty when none are given.
    monthly: String,
    /// The monthly factors' method and source, `method; source`; empty when none are given.
    monthly_source: String,
    /// Water usage effectiveness, L/kWh of IT energy
    /// (up to 4 significant figures, thousands grouped); empty when not stated.
    wue: String,
    /// The WUE's method and source, `method; source`; empty when not stated.
    wue_source: String,
    /// Water used off site to generate the electricity, L/kWh of facility energy
    /// (up to 4 significant figures, thousands grouped); empty when not stated.
    electricity_water: String,
    /// That water figure's method and source, `method; source`; empty when not stated.
    electricity_water_source: String,
    /// Contractual instruments covering part of the site's energy; empty when none are given.
    instruments: Vec<InstrumentRow>,
    /// IT energy, before facility overhead, `MWh` (to the digits its inputs' stated uncertainties support, at
    /// most 4 significant figures, thousands grouped).
    it_energy_mwh: String,
    /// Energy including facility overhead, `MWh` (to the digits its inputs' stated uncertainties support, at
    /// most 4 significant figures, thousands grouped).
    facility_energy_mwh: String,
    /// Location-based emissions, tCO2e (to the digits its inputs' stated uncertainties support, at
    /// most 4 significant figures, thousands grouped).
    location_based_t: String,
    /// Market-based emissions, tCO2e (to the digits its inputs' stated uncertainties support, at
    /// most 4 significant figures, thousands grouped).
    market_based_t: String,
}

/// A contractual instrument covering part of a site's energy.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct InstrumentRow {
    /// Its kind: `PPA`, `guarantees of origin`, `RECs` or `supplier-specific factor`.
    kind: &'static str,
    /// Energy it covers in the period, `MWh` (up to 4 significant figures, thousands grouped).
    energy_mwh: String,
    /// Emission factor it conveys, gCO2e/kWh (up to 4 significant figures, thousands grouped).
    factor: String,
    /// The contract, certificate registry or supplier disclosure behind it.
    source: String,
}

pub(super) fn site_rows(d: &Disclosure, results: &Results) -> Vec<SiteRow> {
    d.sites
        .iter()
        .zip(&results.sites)
        .zip(crate::compute::spread::sites(d, results))
        .map(|((s, r), spread)| {
            let market = s.grid.market_based.as_ref();
            SiteRow {
                id: s.id.clone(),
                operation: s.operation.label(),
                location: s.location.clone(),
                region: s.region.clone().unwrap_or_default(),
                scope: r.scope.label(),
                pue: s
                    .pue
                    .as_ref()
                    .map_or_else(String::new, |p| format!("{:.2}", p.value)),
                pue_method: figure_method(s.pue.as_ref()),
                pue_source: s
                    .pue
                    .as_ref()
                    .map_or_else(String::new, |p| p.source.clone()),
                pue_is_default: s
                    .pue
                    .as_ref()
                    .is_some_and(|p| p.method == Method::DefaultFactor),
                location_factor: plain(s.grid.location_based.value.g_per_kwh()),
                location_method: s.grid.location_based.method.label(),
                location_is_default: s.grid.location_based.method == Method::DefaultFactor,
                location_source: s.grid.location_based.source.clone(),
                residual_mix: market
                    .map_or_else(String::new, |m| plain(m.residual_mix.g_per_kwh())),
                residual_source: market.map_or_else(String::new, |m| m.source.clone()),
                monthly: s.grid.monthly.as_ref().map_or_else(String::new, |m| {
                    let values: Vec<f64> = m.by_month().into_values().collect();
                    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
                    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    format!("{} months, {}–{}", values.len(), plain(low), plain(high))
                }),
                monthly_source: s.grid.monthly.as_ref().map_or_else(String::new, |m| {
                    format!("{}; {}", m.method.label(), m.source)
                }),
                wue: s
                    .wue
                    .as_ref()
                    .map_or_else(String::new, |w| plain(w.value.l_per_kwh())),
                wue_source: s.wue.as_ref().map_or_else(String::new, |w| {
                    format!("{}; {}", w.method.label(), w.source)
                }),
                electricity_water: s
                    .electricity_water
                    .as_ref()
                    .map_or_else(String::new, |w| plain(w.value.l_per_kwh())),
                electricity_water_source: s
                    .electricity_water
                    .as_ref()
                    .map_or_else(String::new, |w| {
                        format!("{}; {}", w.method.label(), w.source)
                    }),
                instruments: market
                    .map(|m| {
                        m.instruments
                            .iter()
                            .map(|i| InstrumentRow {
                                kind: i.kind.label(),
                                energy_mwh: plain(convert(i.energy.kwh(), "kWh", "MWh")),
                                factor: plain(i.factor.g_per_kwh()),
                                source: i.source.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                it_energy_mwh: shown_within(&r.it_energy, "MWh", spread.energy),
                facility_energy_mwh: shown_within(&r.facility_energy, "MWh", spread.facility),
                location_based_t: shown_within(&r.location_based, "tCO2e", spread.location),
                market_based_t: shown_within(&r.market_based, "tCO2e", spread.market),
            }
        })
        .collect()
}
