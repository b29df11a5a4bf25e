//! The disclosure's totals: by measurement, by GHG scope and by method tier.

use super::{
    Figure, KG, KWH, MeasurementResult, ScopeTotal, SiteResult, TierShare, Totals, embodied,
    formula,
};

const SUM: &str = "Σ over measurements";
const EMBODIED_SUM: &str = "Σ over hardware items";

pub(super) fn totals(
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
    // parts counts under the method of the factor that added it. A meter that saw the
    // facility counts the IT energy inside what it measured.
    let mut tiers: Vec<TierShare> = Vec::new();
    let parts = measurements.iter().flat_map(|m| {
        let it_share = if m.it_energy.formula == super::measurement::IT_OF_FACILITY
            && m.facility_energy.value > 0.0
        {
            m.it_energy.value / m.facility_energy.value
        } else {
            1.0
        };
        std::iter::once((m.method, m.measured_energy.value * it_share)).chain(
            m.completion
                .iter()
                .map(move |c| (c.method, c.it_energy * it_share)),
        )
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
        ) + 0.0,
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
        water: formula::sum_if_all(
            measurements
                .iter()
                .map(|m| m.water.as_ref().map(|w| w.value)),
        )
        .map(|litres| Figure::new(litres, "L", SUM, all())),
    }
}
