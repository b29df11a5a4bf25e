//! `negative`: energies, factors and counts are finite and not negative.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::{Disclosure, Lever};

pub static RULE: Rule = Rule {
    code: "negative",
    summary: "energies, emission factors, water intensities, embodied emissions, fuel burned and its emissions, workload counts, reserved times, and the per-unit figures of scenario levers and claims are finite and not negative, and no uncertainty range reaches below zero; shares lie between 0 and 1; lifetimes are longer than zero",
    why: "A negative energy would offset real consumption inside the inventory, which the GHG Protocol forbids (removals and avoided emissions are reported apart, never netted).",
    example: "energy: { value: -4 MWh, … }   # fix: the energy used, e.g. value: 4 MWh",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    measurements(d, out);
    sites(d, out);
    site_water(d, out);
    hardware(d, out);
    upstream(d, out);
    combustion(d, out);
    per_unit(d, out);
    uncertainties(d, out);
}

/// The energies per unit of scenario levers and the emissions per unit of claims: a negative
/// one would make a lever or a claim save more than there is.
fn per_unit(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, claim) in d.claims.iter().enumerate() {
        for (side, scenario) in [
            ("reference", &claim.reference),
            ("solution", &claim.solution),
        ] {
            finite_non_negative(
                out,
                scenario.emissions_per_unit.value.kg(),
                format!("/claims/{i}/{side}/emissions_per_unit/value"),
                "emissions per unit",
            );
        }
    }
    for (k, scenario) in d.scenarios.iter().enumerate() {
        for (l, lever) in scenario.levers.iter().enumerate() {
            let (name, per_unit) = match lever {
                Lever::RightSize(r) => ("right_size", &r.energy_per_unit),
                Lever::Route(r) => ("route", &r.energy_per_unit),
                Lever::Relocate(_) | Lever::Shift(_) => continue,
            };
            finite_non_negative(
                out,
                per_unit.value.kwh(),
                format!("/scenarios/{k}/levers/{l}/{name}/energy_per_unit/value"),
                "energy per unit",
            );
        }
    }
}

/// Uniform and triangular ranges that start below zero, and normal spreads whose 95 % interval
/// does: a quantity drawn from them could be negative, and its interval would print a
/// negative bound or be pushed up by draws clamped at zero.
fn uncertainties(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut ranges = Vec::new();
    for (i, m) in d.measurements.iter().enumerate() {
        ranges.push((format!("/measurements/{i}/energy"), m.energy.uncertainty));
    }
    for (at, site) in super::sites(d) {
        ranges.push((
            format!("{at}/grid/location_based"),
            site.grid.location_based.uncertainty,
        ));
        if let Some(pue) = &site.pue {
            ranges.push((format!("{at}/pue"), pue.uncertainty));
        }
        if let Some(market) = &site.grid.market_based {
            ranges.push((format!("{at}/grid/market_based"), market.uncertainty));
        }
        for (field, figure) in [
            ("wue", &site.wue),
            ("electricity_water", &site.electricity_water),
        ] {
            if let Some(figure) = figure {
                ranges.push((format!("{at}/{field}"), figure.uncertainty));
            }
        }
    }
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied {
            ranges.push((format!("/hardware/{h}/embodied"), embodied.uncertainty));
        }
    }
    for (at, uncertainty) in ranges {
        if let Some(below) = uncertainty.and_then(crate::model::Uncertainty::below_zero) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "the uncertainty range starts {} % below the value, so it reaches below zero",
                        crate::text::number::plain(below * 100.0)
                    ),
                )
                .at(format!("{at}/uncertainty/below"))
                .help("a quantity cannot be negative: write `below` of at most 100 %, or a log-normal distribution for a value that may be far too high or too low"),
            );
        }
        if let Some(half_width) = uncertainty.and_then(crate::model::Uncertainty::normal_below_zero)
        {
            let field = match uncertainty {
                Some(crate::model::Uncertainty::Distribution(_)) => "/uncertainty/relative",
                _ => "/uncertainty",
            };
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "a normal spread of ±{} % for 95 % of the draws reaches below zero",
                        crate::text::number::plain(half_width * 100.0)
                    ),
                )
                .at(format!("{at}{field}"))
                .help("a quantity cannot be negative: a normal spread of at most ±100 %, or `{ distribution: lognormal, relative: … }` for a value that may be several times too high or too low"),
            );
        }
    }
}

fn combustion(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (c, burned) in d.combustion.iter().enumerate() {
        finite_non_negative(
            out,
            burned.energy.value.kwh(),
            format!("/combustion/{c}/energy/value"),
            "fuel energy",
        );
        finite_non_negative(
            out,
            burned.emissions.value.kg(),
            format!("/combustion/{c}/emissions/value"),
            "emissions",
        );
    }
}

fn measurements(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        if let Some(energy) = m.energy.value {
            finite_non_negative(
                out,
                energy.kwh(),
                format!("/measurements/{i}/energy/value"),
                "energy",
            );
        }
        for (unit, count) in &m.workload {
            finite_non_negative(
                out,
                *count,
                format!("/measurements/{i}/workload/{}", escape_key(unit)),
                "workload count",
            );
        }
    }
}

fn sites(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (at, site) in super::sites(d) {
        finite_non_negative(
            out,
            site.grid.location_based.value.g_per_kwh(),
            format!("{at}/grid/location_based/value"),
            "emission factor",
        );
        if let Some(market) = &site.grid.market_based {
            finite_non_negative(
                out,
                market.residual_mix.g_per_kwh(),
                format!("{at}/grid/market_based/residual_mix"),
                "residual mix factor",
            );
            for (k, instrument) in market.instruments.iter().enumerate() {
                let at = format!("{at}/grid/market_based/instruments/{k}");
                finite_non_negative(
                    out,
                    instrument.energy.kwh(),
                    format!("{at}/energy"),
                    "instrument energy",
                );
                finite_non_negative(
                    out,
                    instrument.factor.g_per_kwh(),
                    format!("{at}/factor"),
                    "instrument factor",
                );
            }
        }
    }
}

fn site_water(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (at, site) in super::sites(d) {
        for (field, figure) in [
            ("wue", &site.wue),
            ("electricity_water", &site.electricity_water),
        ] {
            if let Some(figure) = figure {
                finite_non_negative(
                    out,
                    figure.value.l_per_kwh(),
                    format!("{at}/{field}/value"),
                    "water intensity",
                );
            }
        }
    }
}

fn hardware(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(share) = hardware.share
            && !(0.0..=1.0).contains(&share)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the share {share} is not between 0 and 1"),
                )
                .at(format!("/hardware/{h}/share"))
                .help("write the share of the hardware reserved for the system, e.g. 0.5"),
            );
        }
        if let Some(lifetime) = hardware.embodied.as_ref().map(|e| e.lifetime.hours())
            && lifetime <= 0.0
        {
            out.push(
                Diagnostic::error(RULE.code, "the lifetime must be longer than zero")
                    .at(format!("/hardware/{h}/embodied/lifetime"))
                    .help("write the expected service life, e.g. 5 years"),
            );
        }
        // Embodied emissions are attributed by time reserved ÷ lifetime: more than the
        // reporting period, or more than the lifetime, would attribute more than the period's
        // share, or more than the hardware's whole embodied emissions.
        #[allow(
            clippy::cast_precision_loss,
            reason = "a period's days are far below 2^52"
        )]
        let period = d.reporting_period.days() as f64 * 24.0;
        let reserved = hardware
            .reserved
            .map_or(period, crate::model::Duration::hours);
        if reserved > period * (1.0 + 1e-9) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "the reserved time, {} h, is longer than the reporting period's {} h",
                        crate::text::number::plain(reserved),
                        crate::text::number::plain(period)
                    ),
                )
                .at(format!("/hardware/{h}/reserved"))
                .help("write the time within the reporting period the hardware served the system"),
            );
        }
        // A year of lifetime is 365 days (`HOURS_PER_YEAR`), while a period counts its leap
        // days: a leap year reserved of a one-year lifetime (8,784 h of 8,760 h) is not too
        // long, so the lifetime is taken as if every year of it were a leap year.
        if let Some(lifetime) = hardware.embodied.as_ref().map(|e| e.lifetime.hours())
            && lifetime > 0.0
            && reserved > lifetime * (366.0 / 365.0) * (1.0 + 1e-9)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "{} h reserved of a {} h lifetime attributes more than the hardware's whole embodied emissions",
                        crate::text::number::plain(reserved),
                        crate::text::number::plain(lifetime)
                    ),
                )
                .at(format!("/hardware/{h}/embodied/lifetime"))
                .help("write the hardware's expected service life, e.g. 5 years"),
            );
        }
        if let Some(reserved) = hardware.reserved
            && !(reserved.hours().is_finite() && reserved.hours() >= 0.0)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "the reserved time is negative or not a finite number",
                )
                .at(format!("/hardware/{h}/reserved"))
                .help("write how long the hardware is reserved for the system, e.g. 4380 h; leave it out for the whole reporting period"),
            );
        }
        if let Some(embodied) = &hardware.embodied {
            finite_non_negative(
                out,
                embodied.value.kg(),
                format!("/hardware/{h}/embodied/value"),
                "embodied emissions",
            );
            finite_non_negative(
                out,
                embodied.lifetime.hours(),
                format!("/hardware/{h}/embodied/lifetime"),
                "lifetime",
            );
        }
    }
}

fn upstream(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (k, model) in d.system.models.iter().enumerate() {
        if let Some(energy) = model
            .upstream_training
            .as_ref()
            .and_then(|t| t.energy.as_ref())
        {
            finite_non_negative(
                out,
                energy.value.kwh(),
                format!("/system/models/{k}/upstream_training/energy/value"),
                "training energy",
            );
        }
        if let Some(energy) = model.training.as_ref().and_then(|t| t.energy.as_ref()) {
            finite_non_negative(
                out,
                energy.value.kwh(),
                format!("/system/models/{k}/training/energy/value"),
                "training energy",
            );
        }
    }
}

fn finite_non_negative(out: &mut Vec<Diagnostic>, x: f64, pointer: String, what: &str) {
    if !x.is_finite() {
        out.push(
            Diagnostic::error(RULE.code, format!("the {what} is not a finite number"))
                .at(pointer)
                .help("write the value with fewer digits in its exponent"),
        );
    } else if x < 0.0 || x.is_sign_negative() {
        // `-0` too: the published schema takes no minus sign, and neither does a report.
        out.push(
            Diagnostic::error(RULE.code, format!("the {what} is negative"))
                .at(pointer)
                .help("write the amount used; savings and offsets are never netted into the inventory"),
        );
    }
}
