//! Each site's electricity hour by hour: the market-based figure by the 2015 Guidance in force
//! beside the proposed hourly method, and the location-based figure with hourly factors.

use schemars::JsonSchema;
use serde::Serialize;

use super::shown_within;
use crate::compute::Results;
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{format, percent, plain};

/// One site whose electricity the disclosure gives hour by hour.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct HourlyRow {
    /// The site's identifier.
    site: String,
    /// The first hour with consumption, `2026-01-01 00:00 UTC`.
    first_hour: String,
    /// The last hour with consumption, `2026-03-31 23:00 UTC`.
    last_hour: String,
    /// Hours with consumption (thousands grouped).
    hours: String,
    /// Facility energy spread by measured hourly profiles, `MWh` (up to 4 significant
    /// figures, thousands grouped).
    measured_mwh: String,
    /// Facility energy spread by a standard load profile (constant power) for want of hourly
    /// data, `MWh`; empty when every measurement at the site has hourly data.
    standard_profile_mwh: String,
    /// Location-based emissions with the grid's average factor(s), tCO2e, as the site's row
    /// shows them.
    location_annual_t: String,
    /// Location-based emissions with the grid's hourly factors, tCO2e (to the digits the
    /// site's inputs support); empty when the site gives no hourly factors.
    location_hourly_t: String,
    /// Hours with consumption and no hourly factor, at the month's or the annual factor
    /// (thousands grouped); empty without hourly factors.
    fallback_hours: String,
    /// The hourly factors' method and source, `method; source`; empty without them.
    factors_source: String,
    /// Market-based emissions by the GHG Protocol Scope 2 Guidance (2015), in force: annual
    /// instrument volumes, tCO2e, as the site's row shows them.
    market_annual_t: String,
    /// Market-based emissions by the proposed hourly method, tCO2e (to the digits the
    /// site's inputs support); empty when the site states no residual mix.
    market_hourly_t: String,
    /// Share of the energy matched hour by hour by deliverable generation, `28 %`.
    matched_share: String,
    /// Share matched hour by hour by contracted instruments from carbon-free sources (the
    /// contracted part of a 24/7 carbon-free energy score), `28 %`.
    carbon_free_share: String,
    /// Share of the hours with consumption matched in full, `6 %`.
    matched_hours_share: String,
    /// Deliverable generation beyond the consumption of its hour, `MWh`.
    surplus_mwh: String,
    /// Hourly generation outside the site's market, which matches no hour, `MWh`; empty when
    /// none.
    undeliverable_mwh: String,
    /// Instrument volumes stated without hourly generation, which the hourly method cannot
    /// match, `MWh`; empty when none.
    without_hourly_mwh: String,
}

/// `kwh` in megawatt-hours, or empty when it is zero.
fn mwh_or_empty(kwh: f64) -> String {
    if kwh > 0.0 {
        format(convert(kwh, "kWh", "MWh"))
    } else {
        String::new()
    }
}

/// A count of hours, thousands grouped: `2,160`.
fn count(hours: usize) -> String {
    plain(f64::from(u32::try_from(hours).unwrap_or(u32::MAX)))
}

/// An hour's label as reports print it: `2026-01-01 00:00 UTC`.
fn hour(label: &str) -> String {
    label.strip_suffix(":00Z").map_or_else(
        || label.to_owned(),
        |minute| format!("{} UTC", minute.replacen('T', " ", 1)),
    )
}

/// The hourly figures of every site that has them, as the templates print them.
pub(super) fn hourly_rows(d: &Disclosure, results: &Results) -> Vec<HourlyRow> {
    d.sites
        .iter()
        .zip(&results.sites)
        .zip(crate::compute::spread::sites(d, results))
        .filter_map(|((s, r), spread)| {
            let h = r.hourly.as_ref()?;
            let location = h.location_based.as_ref();
            let market = h.market_based.as_ref();
            let share = |f: fn(&crate::compute::HourlyMarket) -> f64| {
                market.map_or_else(String::new, |m| percent(f(m)))
            };
            Some(HourlyRow {
                site: s.id.clone(),
                first_hour: hour(&h.first_hour),
                last_hour: hour(&h.last_hour),
                hours: count(h.hours),
                measured_mwh: mwh_or_empty(h.measured_kwh),
                standard_profile_mwh: mwh_or_empty(h.standard_profile_kwh),
                location_annual_t: shown_within(&r.location_based, "tCO2e", spread.location),
                location_hourly_t: location.map_or_else(String::new, |l| {
                    shown_within(&l.emissions, "tCO2e", spread.location)
                }),
                // A count, not a measured figure: `1.000 hours` read as a thousand (helper 73).
                fallback_hours: location.map_or_else(String::new, |l| count(l.fallback_hours)),
                factors_source: s.grid.hourly.as_ref().map_or_else(String::new, |f| {
                    format!("{}; {}", f.method.label(), f.source)
                }),
                market_annual_t: shown_within(&r.market_based, "tCO2e", spread.market),
                market_hourly_t: market.map_or_else(String::new, |m| {
                    shown_within(&m.emissions, "tCO2e", spread.market)
                }),
                matched_share: share(|m| m.matched_share),
                carbon_free_share: share(|m| m.carbon_free_share),
                matched_hours_share: share(|m| m.matched_hours_share),
                surplus_mwh: market.map_or_else(String::new, |m| {
                    format(convert(m.surplus_kwh, "kWh", "MWh"))
                }),
                undeliverable_mwh: market
                    .map_or_else(String::new, |m| mwh_or_empty(m.undeliverable_kwh)),
                without_hourly_mwh: market
                    .map_or_else(String::new, |m| mwh_or_empty(m.without_hourly_kwh)),
            })
        })
        .collect()
}
