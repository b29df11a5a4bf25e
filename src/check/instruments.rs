//! `instrument-exceeds-energy`: contractual instruments cover no more energy than the site used.

use super::Rule;
use crate::compute::Results;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::validate::rules::computable;

pub static RULE: Rule = Rule {
    code: "instrument-exceeds-energy",
    summary: "market-based instruments at a site cover no more than the site's facility energy",
    why: "GHG Protocol Scope 2 Guidance (Scope 2 Quality Criteria) lets an instrument cover only consumption it matches; claiming more would push market-based emissions below what the energy used can support.",
    example: "instruments: [{ kind: ppa, energy: 90 MWh, … }]   # at a site that used 55.6 MWh; fix: the energy allocated to this system, e.g. 50 MWh",
    check,
};

fn check(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    // A measurement naming an unknown site, a negative energy or an incomplete estimate makes the site's energy
    // meaningless; those have findings of their own, and comparing with it would add noise.
    let sites_resolve = d
        .measurements
        .iter()
        .all(|m| d.sites.iter().any(|s| s.id == m.site));
    let energies_valid = d.measurements.iter().all(|m| {
        computable(&m.energy)
            && m.energy
                .value
                .is_none_or(|e| e.kwh().is_finite() && e.kwh() >= 0.0)
    });
    if !sites_resolve || !energies_valid {
        return;
    }
    for (s, site) in d.sites.iter().enumerate() {
        let Some(result) = results.sites.iter().find(|r| r.id == site.id) else {
            continue;
        };
        let used = result.facility_energy.value;
        if result.instrument_energy > used * (1.0 + 1e-9) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "instruments cover {} MWh but the site used {} MWh",
                        round(convert(result.instrument_energy, "kWh", "MWh")),
                        round(convert(used, "kWh", "MWh"))
                    ),
                )
                .at(format!("/sites/{s}/grid/market_based/instruments"))
                .help("allocate to this system only the instrument energy that matches its consumption")
                .required_by("GHG Protocol Scope 2 Guidance, chapter 7 (Scope 2 Quality Criteria)"),
            );
        }
    }
}

/// Rounded to the kWh, which `{}` then prints without trailing zeros (`90`, `55.62`).
fn round(mwh: f64) -> f64 {
    (mwh * 1000.0).round() / 1000.0
}
