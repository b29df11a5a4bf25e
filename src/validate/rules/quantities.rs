//! `negative`: energies, factors and counts are finite and not negative.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "negative",
    summary: "energies, emission factors, embodied emissions and workload counts are finite and not negative",
    why: "A negative energy would offset real consumption inside the inventory, which the GHG Protocol forbids (removals and avoided emissions are reported apart, never netted).",
    example: "energy: { value: -4 MWh, … }   # fix: the energy used, e.g. value: 4 MWh",
    check,
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut value = |x: f64, pointer: String, what: &str| {
        if !x.is_finite() {
            out.push(
                Diagnostic::error(RULE.code, format!("the {what} is not a finite number"))
                    .at(pointer)
                    .help("write the value with fewer digits in its exponent"),
            );
        } else if x < 0.0 {
            out.push(
                Diagnostic::error(RULE.code, format!("the {what} is negative"))
                    .at(pointer)
                    .help("write the amount used; savings and offsets are never netted into the inventory"),
            );
        }
    };
    for (i, m) in d.measurements.iter().enumerate() {
        if let Some(energy) = m.energy.value {
            value(
                energy.kwh(),
                format!("/measurements/{i}/energy/value"),
                "energy",
            );
        }
        for (unit, count) in &m.workload {
            value(
                *count,
                format!("/measurements/{i}/workload/{}", escape_key(unit)),
                "workload count",
            );
        }
    }
    for (s, site) in d.sites.iter().enumerate() {
        value(
            site.grid.location_based.value.g_per_kwh(),
            format!("/sites/{s}/grid/location_based/value"),
            "emission factor",
        );
        if let Some(market) = &site.grid.market_based {
            value(
                market.residual_mix.g_per_kwh(),
                format!("/sites/{s}/grid/market_based/residual_mix"),
                "residual mix factor",
            );
            for (k, instrument) in market.instruments.iter().enumerate() {
                let at = format!("/sites/{s}/grid/market_based/instruments/{k}");
                value(
                    instrument.energy.kwh(),
                    format!("{at}/energy"),
                    "instrument energy",
                );
                value(
                    instrument.factor.g_per_kwh(),
                    format!("{at}/factor"),
                    "instrument factor",
                );
            }
        }
    }
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied {
            value(
                embodied.value.kg(),
                format!("/hardware/{h}/embodied/value"),
                "embodied emissions",
            );
            value(
                embodied.lifetime.hours(),
                format!("/hardware/{h}/embodied/lifetime"),
                "lifetime",
            );
        }
    }
    for (k, model) in d.system.models.iter().enumerate() {
        if let Some(energy) = model
            .upstream_training
            .as_ref()
            .and_then(|t| t.energy.as_ref())
        {
            value(
                energy.value.kwh(),
                format!("/system/models/{k}/upstream_training/energy/value"),
                "training energy",
            );
        }
    }
}
