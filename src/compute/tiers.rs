//! The method tier of each figure: the least direct of the inputs it rests on.

use super::{Figure, MeasurementResult, Results, energy};
use crate::model::{BoundaryPart, Disclosure, Measurement, Method, Period, Site};

/// The least direct method behind a measurement's completed energy: its own, or that of a
/// factor that added an unmeasured part.
fn completed_tier(m: &MeasurementResult) -> Method {
    m.completion
        .iter()
        .map(|c| c.method)
        .fold(m.method, Method::max)
}

/// The tiers of one measurement's figures: each the least direct of the measurement's own
/// method, its completion factors', and the site factors the figure is computed with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tiers {
    it: Option<Method>,
    facility: Option<Method>,
    location: Option<Method>,
    market: Option<Method>,
    water: Option<Method>,
}

impl Tiers {
    /// The least direct tier of each figure over `all`.
    fn weakest<'a>(all: impl Iterator<Item = &'a Tiers>) -> Tiers {
        all.fold(Tiers::default(), |a, b| Tiers {
            it: a.it.max(b.it),
            facility: a.facility.max(b.facility),
            location: a.location.max(b.location),
            market: a.market.max(b.market),
            water: a.water.max(b.water),
        })
    }

    fn set(self, [it, facility, location, market]: [&mut Figure; 4]) {
        it.tier = self.it;
        facility.tier = self.facility;
        location.tier = self.location;
        market.tier = self.market;
    }
}

/// The tiers of `m`'s figures (`r`) at `site`: the PUE's method on the figure a PUE computes
/// (the facility energy, or the IT energy inside a meter that saw the facility), the grid
/// factors' on the emissions, WUE's and the electricity's water intensity's on the water. A
/// market-based figure rests on the facility energy and its residual mix ([`market_tier`]);
/// without a market-based section it takes the location-based factor. `residual_used` says
/// whether the site's instruments leave energy to the residual mix.
fn measurement_tiers(
    m: &Measurement,
    r: &MeasurementResult,
    site: Option<&Site>,
    period: Period,
    residual_used: bool,
) -> Tiers {
    let base = Some(completed_tier(r));
    let Some(site) = site else {
        return Tiers {
            it: base,
            facility: base,
            location: base,
            market: base,
            water: None,
        };
    };
    let pue = site.pue.as_ref().map(|p| p.method);
    let (it, facility) = if m.boundary.contains(&BoundaryPart::Facility) {
        (base.max(pue), base)
    } else {
        (base, base.max(pue))
    };
    let location = facility.max(Some(location_method(site, period)));
    let market = match &site.grid.market_based {
        Some(market) => market_tier(facility, market, residual_used),
        None => location,
    };
    // WUE × IT energy rests on the IT energy, the electricity's water on the facility energy
    // (a review of 2026-12-03, helper 63: the PUE's method was taken for on-site water alone).
    let water = r.water.as_ref().and_then(|_| {
        let on_site = site.wue.as_ref().map(|w| it.max(Some(w.method)));
        let off_site = site
            .electricity_water
            .as_ref()
            .map(|w| facility.max(Some(w.method)));
        on_site.max(off_site).flatten()
    });
    Tiers {
        it,
        facility,
        location,
        market,
        water,
    }
}

/// The tier of a market-based figure on `facility` energy of that tier: at best supplier
/// reported, as instruments state no method and no one meters a residual mix, and no more
/// direct than the residual mix's own method (one taken from reference data is a default
/// factor) where the instruments leave energy to it. Where they cover it all, the residual
/// mix's method says nothing of the figure (helper 65, 2026-12-03: a default residual mix
/// made fully covered energy read as a default factor).
fn market_tier(
    facility: Option<Method>,
    market: &crate::model::MarketBased,
    residual_used: bool,
) -> Option<Method> {
    let residual = market
        .method
        .filter(|_| residual_used)
        .map_or(Method::SupplierReported, Method::from);
    facility.max(Some(residual))
}

/// The method of the location-based factor `site` gives energy used over `period`: the
/// monthly factors' where they cover every month of it, else the least direct of theirs and
/// the annual factor's, which fills the months they do not list.
fn location_method(site: &Site, period: Period) -> Method {
    let annual = site.grid.location_based.method;
    match &site.grid.monthly {
        Some(monthly) => {
            let listed = monthly.by_month();
            let covered = energy::days_by_month(period)
                .iter()
                .all(|(month, _)| listed.contains_key(month));
            if covered {
                monthly.method
            } else {
                monthly.method.max(annual)
            }
        }
        None => annual,
    }
}

/// A model's training and inference emissions rest on its measurements' location-based
/// figures, grid factors and PUE with them (a review of 2026-12-03, helper 63: they took the
/// energy's method alone); a published figure keeps its own method, set already.
fn lifecycle_tiers(lifecycle: &mut [super::lifecycle::ModelLifecycle], tiers: &[Tiers]) {
    for model in lifecycle {
        for figure in [
            model.training.as_mut(),
            model.allocated_training.as_mut(),
            model.inference_run_rate.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            let measured = figure.inputs.iter().filter_map(|pointer| {
                let index = pointer.strip_prefix("/measurements/")?;
                tiers.get(index.split('/').next()?.parse::<usize>().ok()?)
            });
            figure.tier = measured.map(|t| t.location).fold(figure.tier, Option::max);
        }
    }
}

/// Each per-unit line's tiers: the least direct of the measurements that serve it, with the
/// embodied emissions' for its SCI.
fn per_unit_tiers(
    disclosure: &Disclosure,
    per_unit: &mut [super::PerUnit],
    tiers: &[Tiers],
    embodied: Option<Method>,
) {
    for line in per_unit {
        let t = Tiers::weakest(
            disclosure
                .measurements
                .iter()
                .zip(tiers)
                .filter(|(m, _)| {
                    m.serves(&line.functional_unit)
                        && line.model.as_ref().is_none_or(|id| &m.model == id)
                })
                .map(|(_, t)| t),
        );
        line.energy.tier = t.facility;
        line.location_based.tier = t.location;
        line.market_based.tier = t.market;
        if let Some(water) = &mut line.water {
            water.tier = t.water;
        }
        line.embodied.tier = embodied;
        line.sci.tier = t.location.max(embodied);
    }
}

/// Sets every figure's tier: a measurement's own method with those of the factors each
/// figure is computed with, and for aggregates the least direct of the measurements' (and
/// hardware's) they rest on.
pub(super) fn assign_tiers(disclosure: &Disclosure, results: &mut Results) {
    let weakest = |methods: &mut dyn Iterator<Item = Method>| methods.max();
    let residual_used = |site: &str| {
        results.sites.iter().find(|s| s.id == site).is_none_or(|s| {
            super::formula::remainder(s.facility_energy.value, s.instrument_energy) > 0.0
        })
    };
    let tiers: Vec<Tiers> = disclosure
        .measurements
        .iter()
        .zip(&results.measurements)
        .map(|(m, r)| {
            let site = disclosure.sites.iter().find(|s| s.id == m.site);
            measurement_tiers(m, r, site, disclosure.period_of(m), residual_used(&m.site))
        })
        .collect();
    for (m, t) in results.measurements.iter_mut().zip(&tiers) {
        m.measured_energy.tier = Some(m.method);
        t.set([
            &mut m.it_energy,
            &mut m.facility_energy,
            &mut m.location_based,
            &mut m.market_based,
        ]);
        if let Some(water) = &mut m.water {
            water.tier = t.water;
        }
    }
    let measured = &results.measurements;
    for site in &mut results.sites {
        let t = Tiers::weakest(
            measured
                .iter()
                .zip(&tiers)
                .filter(|(m, _)| m.site == site.id)
                .map(|(_, t)| t),
        );
        t.set([
            &mut site.it_energy,
            &mut site.facility_energy,
            &mut site.location_based,
            &mut site.market_based,
        ]);
        // The hourly figures rest on the same measurements as the site's, and the hourly
        // factors.
        let facility_energy = site.facility_energy.value;
        if let Some(hourly) = &mut site.hourly {
            let stated = disclosure.sites.iter().find(|s| s.id == site.id);
            let factors = stated
                .and_then(|s| s.grid.hourly.as_ref())
                .map(|h| h.method);
            if let Some(l) = hourly.location_based.as_mut() {
                // Every hour at its own factor rests on the energy and the hourly factors; hours
                // without one, on the month's or the year's factor too.
                let filled = if l.fallback_hours == 0 {
                    t.facility
                } else {
                    t.location
                };
                l.emissions.tier = filled.max(factors);
            }
            // Hour by hour, energy the instruments cover in the year may still fall to the
            // residual mix in hours their generation does not reach.
            let market = stated.and_then(|s| s.grid.market_based.as_ref());
            if let (Some(m), Some(market)) = (hourly.market_based.as_mut(), market) {
                let unmatched = super::formula::remainder(facility_energy, m.matched_kwh) > 0.0;
                m.emissions.tier = market_tier(t.facility, market, unmatched);
            }
        }
    }
    let all = Tiers::weakest(tiers.iter());
    let total = &mut results.total;
    all.set([
        &mut total.it_energy,
        &mut total.facility_energy,
        &mut total.location_based,
        &mut total.market_based,
    ]);
    if let Some(water) = &mut total.water {
        water.tier = all.water;
    }
    lifecycle_tiers(&mut results.lifecycle, &tiers);
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
    let embodied = results.total.embodied.tier;
    per_unit_tiers(disclosure, &mut results.per_unit, &tiers, embodied);
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = include_str!("../../tests/fixtures/minimal.yaml");

    fn results_of(text: &str) -> (Disclosure, Results) {
        let source = crate::load::Source::from_text("tiers.yaml", text);
        let mut document = crate::load::document(source, crate::load::Limits::default()).unwrap();
        let disclosure = crate::validate::Validator::new()
            .check(&mut document)
            .disclosure
            .unwrap();
        let results = super::super::deterministic(&disclosure);
        (disclosure, results)
    }

    #[test]
    fn a_figure_takes_the_least_direct_method_of_the_factors_it_is_computed_with() {
        // Device telemetry at a site with a supplier-reported PUE and a default grid factor
        // (tests/fixtures/minimal.yaml).
        let (_, r) = results_of(MINIMAL);
        let m = &r.measurements[0];
        assert_eq!(m.it_energy.tier, Some(Method::DeviceTelemetry));
        assert_eq!(m.facility_energy.tier, Some(Method::SupplierReported));
        assert_eq!(m.location_based.tier, Some(Method::DefaultFactor));
        // A residual mix and instruments state no method: the facility energy's.
        assert_eq!(m.market_based.tier, Some(Method::SupplierReported));
        assert_eq!(r.total.location_based.tier, Some(Method::DefaultFactor));
        assert_eq!(
            r.sites[0].facility_energy.tier,
            Some(Method::SupplierReported)
        );
        assert_eq!(
            r.per_unit[0].location_based.tier,
            Some(Method::DefaultFactor)
        );
        assert_eq!(r.per_unit[0].energy.tier, Some(Method::SupplierReported));
    }

    #[test]
    fn a_residual_mix_with_a_method_caps_the_market_based_figures() {
        // tests/fixtures/minimal.yaml's residual mix written with a method (tests/reference.rs
        // checks the one a reference-data file's `residual_mix: default` gives).
        let stated = MINIMAL.replace(
            "residual_mix: 620 gCO2e/kWh",
            "residual_mix: 620 gCO2e/kWh\n        method: default_factor",
        );
        assert_ne!(stated, MINIMAL, "the fixture's residual mix moved");
        let (_, r) = results_of(&stated);
        assert_eq!(
            r.measurements[0].market_based.tier,
            Some(Method::DefaultFactor)
        );
        assert_eq!(r.total.market_based.tier, Some(Method::DefaultFactor));
        assert_eq!(
            r.measurements[0].location_based.tier,
            Some(Method::DefaultFactor)
        );
    }

    #[test]
    fn instruments_covering_all_the_energy_leave_the_residual_mixs_method_out() {
        // 41.2 MWh at a PUE of 1.35 is 55.62 MWh of facility energy (hand calculation): a PPA
        // of 55.62 MWh leaves none of it to the default residual mix.
        let covered = MINIMAL
            .replace(
                "residual_mix: 620 gCO2e/kWh",
                "residual_mix: 620 gCO2e/kWh\n        method: default_factor",
            )
            .replace("energy: 20 MWh", "energy: 55.62 MWh");
        assert!(covered.contains("55.62 MWh") && covered.contains("method: default_factor"));
        let (_, r) = results_of(&covered);
        assert_eq!(
            r.measurements[0].market_based.tier,
            Some(Method::SupplierReported)
        );
        assert_eq!(r.sites[0].market_based.tier, Some(Method::SupplierReported));
        assert_eq!(r.total.market_based.tier, Some(Method::SupplierReported));
        // One MWh short, and the residual mix's default factor is back in the figure.
        let (_, short) = results_of(&covered.replace("55.62 MWh", "54.62 MWh"));
        assert_eq!(short.total.market_based.tier, Some(Method::DefaultFactor));
    }

    #[test]
    fn a_meter_at_the_building_takes_the_pue_into_its_it_energy_not_its_facility_energy() {
        let text = MINIMAL
            .replace("method: device_telemetry", "method: metered")
            .replace(
                "boundary: [accelerators, host]",
                "boundary: [accelerators, host, facility]",
            )
            .replace(
                "method: default_factor, source: UBA 2024",
                "method: metered, source: UBA 2024",
            );
        let (_, r) = results_of(&text);
        let m = &r.measurements[0];
        assert_eq!(m.facility_energy.tier, Some(Method::Metered));
        assert_eq!(m.it_energy.tier, Some(Method::SupplierReported));
        assert_eq!(m.location_based.tier, Some(Method::Metered));
        // No one meters a residual mix: the market-based figure is at best supplier reported.
        assert_eq!(m.market_based.tier, Some(Method::SupplierReported));
    }

    #[test]
    fn monthly_factors_fill_their_months_and_the_annual_factor_the_others() {
        let monthly = |months: &str| {
            MINIMAL.replace(
                "      market_based:\n",
                &format!(
                    "      monthly: {{ factors: {{ {months} }}, method: supplier_reported, source: grid operator }}\n      market_based:\n"
                ),
            )
        };
        let all = "2026-01: 400 gCO2e/kWh, 2026-02: 400 gCO2e/kWh, 2026-03: 380 gCO2e/kWh, 2026-04: 350 gCO2e/kWh, 2026-05: 300 gCO2e/kWh, 2026-06: 290 gCO2e/kWh";
        let (_, r) = results_of(&monthly(all));
        assert_eq!(
            r.measurements[0].location_based.tier,
            Some(Method::SupplierReported)
        );
        let (_, r) = results_of(&monthly("2026-01: 400 gCO2e/kWh"));
        assert_eq!(
            r.measurements[0].location_based.tier,
            Some(Method::DefaultFactor)
        );
    }

    #[test]
    fn water_on_site_takes_no_pues_method_and_a_models_lifecycle_its_grid_factors() {
        // WUE × IT energy: the IT energy's method and the WUE's, not the PUE's.
        let text = MINIMAL.replace(
            "    grid:\n",
            "    wue: { value: 0.5 L/kWh, method: metered, source: operator }\n    grid:\n",
        );
        let (_, r) = results_of(&text);
        let water = r.measurements[0].water.as_ref().unwrap();
        assert_eq!(water.tier, Some(Method::DeviceTelemetry));
        // provider-cloud's training was measured by device telemetry at a site whose grid
        // factor is a default: its emissions rest on the default.
        let (_, r) = results_of(include_str!("../../examples/provider-cloud.yaml"));
        let model = &r.lifecycle[0];
        for figure in [
            &model.training,
            &model.allocated_training,
            &model.inference_run_rate,
        ] {
            assert_eq!(figure.as_ref().unwrap().tier, Some(Method::DefaultFactor));
        }
    }
}
