//! How far a figure without a Monte Carlo interval of its own may be from its value, to first
//! order: what decides the digits a report writes it with.
//!
//! The simulation gives intervals to totals and per-unit figures. A measurement's or a site's
//! energy and emissions are products of independent inputs (energy × PUE × emission factor),
//! whose relative uncertainties combine as the root of the sum of their squares (JCGM
//! 100:2008, the GUM, 5.1.6); a site's energy is a sum of independent measurements, whose
//! absolute uncertainties combine the same way (GUM 5.1.2 with unit sensitivities). Nothing here
//! is printed as an interval: it only keeps a report from writing digits the stated
//! uncertainties do not support.

use super::{Results, formula};
use crate::model::{BoundaryPart, Disclosure, Distribution, Site, Uncertainty};

/// The relative half-widths of the 95 % range of a measurement's or a site's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spread {
    /// Energy as measured, and with the declared parts (IT energy).
    pub energy: f64,
    /// Energy with facility overhead.
    pub facility: f64,
    /// Location-based emissions.
    pub location: f64,
    /// Market-based emissions.
    pub market: f64,
}

/// The wider side of the 95 % range a stated uncertainty puts around its value, relative to
/// it; 0 when none is stated. A log-normal's upper side (×(1 + p)) is the wider; a uniform or
/// triangular range's bounds are used as they are (wider than its 95 % range, so never a digit
/// too many).
#[must_use]
pub fn relative_half_width(uncertainty: Option<Uncertainty>) -> f64 {
    match uncertainty {
        None => 0.0,
        Some(
            Uncertainty::Relative(p)
            | Uncertainty::Distribution(
                Distribution::Normal { relative: p } | Distribution::Lognormal { relative: p },
            ),
        ) => p.fraction(),
        Some(Uncertainty::Distribution(
            Distribution::Uniform { below, above } | Distribution::Triangular { below, above },
        )) => below.fraction().max(above.fraction()),
    }
}

/// The relative uncertainties a site puts on the energy it is given: its PUE (when it is
/// applied), its grid average and its residual mix (the grid average's when it states none).
fn site_factors(site: Option<&Site>, pue_applied: bool) -> (f64, f64, f64) {
    let Some(site) = site else {
        return (0.0, 0.0, 0.0);
    };
    let pue = if pue_applied {
        relative_half_width(site.pue.as_ref().and_then(|p| p.uncertainty))
    } else {
        0.0
    };
    let location = relative_half_width(site.grid.location_based.uncertainty);
    let market = site
        .grid
        .market_based
        .as_ref()
        .map_or(location, |m| relative_half_width(m.uncertainty));
    (pue, location, market)
}

/// Energy × PUE × factor, to first order.
fn through_site(energy: f64, (pue, location, market): (f64, f64, f64)) -> Spread {
    Spread {
        energy,
        facility: formula::root_sum_square(&[energy, pue]),
        location: formula::root_sum_square(&[energy, pue, location]),
        market: formula::root_sum_square(&[energy, pue, market]),
    }
}

/// Energy metered at the facility's supply: the facility energy and the emissions carry the
/// meter's uncertainty, and the IT energy inside it (÷ PUE) the PUE's as well.
fn at_the_facility(energy: f64, (pue, location, market): (f64, f64, f64)) -> Spread {
    Spread {
        energy: formula::root_sum_square(&[energy, pue]),
        facility: energy,
        location: formula::root_sum_square(&[energy, location]),
        market: formula::root_sum_square(&[energy, market]),
    }
}

/// The spread of each measurement's figures, in input order.
#[must_use]
pub fn measurements(disclosure: &Disclosure) -> Vec<Spread> {
    disclosure
        .measurements
        .iter()
        .map(|m| {
            let site = disclosure.sites.iter().find(|s| s.id == m.site);
            let energy = relative_half_width(m.energy.uncertainty);
            let factors = site_factors(site, true);
            if m.boundary.contains(&BoundaryPart::Facility) {
                at_the_facility(energy, factors)
            } else {
                through_site(energy, factors)
            }
        })
        .collect()
}

/// The spread of each site's figures, in the order of `results.sites`.
#[must_use]
pub fn sites(disclosure: &Disclosure, results: &Results) -> Vec<Spread> {
    results
        .sites
        .iter()
        .map(|r| {
            let (mut kwh, mut absolute) = (0.0, Vec::new());
            for (m, result) in disclosure.measurements.iter().zip(&results.measurements) {
                if m.site == r.id {
                    let e = result.it_energy.value;
                    kwh += e;
                    absolute.push(relative_half_width(m.energy.uncertainty) * e);
                }
            }
            let energy = if kwh > 0.0 {
                formula::root_sum_square(&absolute) / kwh
            } else {
                0.0
            };
            let site = disclosure.sites.iter().find(|s| s.id == r.id);
            // A site whose every meter saw the facility puts no PUE on its facility energy;
            // one with any other puts it on all (wider: never a digit too many).
            if disclosure.metered_at_the_facility(&r.id) {
                at_the_facility(energy, site_factors(site, true))
            } else {
                let pue_applied = r.facility_energy.value > r.it_energy.value;
                through_site(energy, site_factors(site, pue_applied))
            }
        })
        .collect()
}

/// The spread of each scope's figures, in the order of `results.total.by_scope`: its sites'
/// absolute uncertainties combined as the root of the sum of their squares (GUM 5.1.2).
#[must_use]
pub fn scopes(disclosure: &Disclosure, results: &Results) -> Vec<Spread> {
    let sites = sites(disclosure, results);
    results
        .total
        .by_scope
        .iter()
        .map(|scope| {
            let of = |value: fn(&super::results::SiteResult) -> f64, spread: fn(&Spread) -> f64| {
                let (mut total, mut absolute) = (0.0, Vec::new());
                for (r, s) in results.sites.iter().zip(&sites) {
                    if r.scope == scope.scope {
                        total += value(r);
                        absolute.push(spread(s) * value(r));
                    }
                }
                if total > 0.0 {
                    formula::root_sum_square(&absolute) / total
                } else {
                    0.0
                }
            };
            Spread {
                energy: of(|r| r.it_energy.value, |s| s.energy),
                facility: of(|r| r.facility_energy.value, |s| s.facility),
                location: of(|r| r.location_based.value, |s| s.location),
                market: of(|r| r.market_based.value, |s| s.market),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Percent;

    #[test]
    fn products_combine_relative_uncertainties_in_quadrature() {
        // ±5 % energy, ±10 % grid factor, no PUE uncertainty: √(0.05² + 0.10²) = 0.1118
        // (hand calculation, GUM 5.1.6).
        let s = through_site(0.05, (0.0, 0.10, 0.0));
        assert!((s.facility - 0.05).abs() < 1e-12);
        assert!((s.location - 0.111_803_4).abs() < 1e-6);
        assert!((s.market - 0.05).abs() < 1e-12);
    }

    #[test]
    fn a_meter_at_the_facility_puts_the_pue_on_the_it_energy_only() {
        // ±5 % meter, ±12 % PUE, ±10 % grid factor: the IT energy (÷ PUE) √(0.05² + 0.12²) =
        // 0.13, the facility energy 0.05, the emissions √(0.05² + 0.10²) = 0.1118.
        let s = at_the_facility(0.05, (0.12, 0.10, 0.0));
        assert!((s.energy - 0.13).abs() < 1e-12);
        assert!((s.facility - 0.05).abs() < 1e-12);
        assert!((s.location - 0.111_803_4).abs() < 1e-6);
        assert!((s.market - 0.05).abs() < 1e-12);
    }

    #[test]
    fn the_wider_side_of_a_range_decides() {
        let p = |x: &str| -> Percent { serde_json::from_value(serde_json::json!(x)).unwrap() };
        assert!((relative_half_width(None)).abs() < 1e-12);
        let uniform = Uncertainty::Distribution(Distribution::Uniform {
            below: p("10%"),
            above: p("30%"),
        });
        assert!((relative_half_width(Some(uniform)) - 0.3).abs() < 1e-12);
    }
}
