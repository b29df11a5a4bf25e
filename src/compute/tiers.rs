//! The method tier of each figure: the least direct of the inputs it rests on.

use super::{Figure, MeasurementResult, Results};
use crate::model::{Disclosure, Method};

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
pub(super) fn assign_tiers(disclosure: &Disclosure, results: &mut Results) {
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
        // The hourly figures rest on the same measurements as the site's.
        if let Some(hourly) = &mut site.hourly {
            for figure in [
                hourly.location_based.as_mut().map(|l| &mut l.emissions),
                hourly.market_based.as_mut().map(|m| &mut m.emissions),
            ]
            .into_iter()
            .flatten()
            {
                figure.tier = tier;
            }
        }
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
                    m.serves(&line.functional_unit)
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
