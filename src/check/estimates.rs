//! `estimate-range`: what an estimate computes lies within what AI systems can use, its devices
//! run no longer than the period the energy is reported for, and every computed figure is
//! finite. The `plausible` and `negative` rules read values as written; an estimate's inputs can
//! each be in range (`parameters: 1e300`, `devices: 1e300`) and still multiply into an energy
//! beyond the world's, or past what an `f64` holds, or into more hours than the period has.

use super::Rule;
use crate::compute::Results;
use crate::compute::energy::{Estimate, period_hours};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Phase};
use crate::text::number::format;
// The bounds of a value written: an estimate is held to the same ones.
use crate::validate::rules::{IMPOSSIBLE_KWH, LARGE_KWH};

pub static RULE: Rule = Rule {
    code: "estimate-range",
    summary: "an estimated energy lies within what AI systems use, its devices run no longer than its period, and every computed figure is finite",
    why: "All data centres in the world used about 415 TWh of electricity in 2024 (IEA, Energy and AI, 2025). An estimate beyond it comes from an input typed wrong (an exponent, a unit), and a figure past what a computer's numbers hold would print as `inf` or stop the report.",
    example: "compute: { parameters: 7e9, tokens: 2e30, … }   # 2e30 tokens estimate 10^17 TWh; fix: tokens: 2e12",
    check,
};

fn check(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    let before = out.len();
    let measured = || {
        d.measurements.iter().enumerate().filter_map(|(i, m)| {
            let r = results.measurements.iter().find(|r| r.id == m.id)?;
            Some((i, m, r))
        })
    };
    // A value as written is the `plausible` rule's; an estimate is this one's.
    for (i, m, r) in measured().filter(|(_, m, _)| m.energy.value.is_none()) {
        estimate(i, r.it_energy.value, out);
        // A training's estimate from compute is held to its period by `training-consistency`,
        // in the training's own words.
        let judged_elsewhere = m.phase != Phase::Inference && m.energy.compute.is_some();
        let hours_given = m
            .energy
            .hardware
            .as_ref()
            .is_some_and(|h| h.hours.is_some());
        let period = d.period_of(m);
        if let Some(found) = r
            .estimate
            .as_ref()
            .filter(|_| !judged_elsewhere)
            .and_then(|e| running_time(i, e, hours_given, period))
        {
            out.push(found);
        }
    }
    // One infinite estimate makes its site's shares of instruments, and so its neighbours'
    // figures, infinite too: only the cause is reported. Totals add these figures and the
    // hardware's, whose inputs the `negative` rule bounds.
    if out.len() > before {
        return;
    }
    for (i, _, r) in measured() {
        let figures = [
            ("facility energy", r.facility_energy.value),
            ("location-based emissions", r.location_based.value),
            ("market-based emissions", r.market_based.value),
        ];
        if let Some((what, _)) = figures.iter().find(|(_, v)| !v.is_finite()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the {what} of this measurement is not a finite number"),
                )
                .at(format!("/measurements/{i}"))
                .help("check the measurement's energy and its site's PUE and grid factors for a wrong exponent"),
            );
        }
    }
}

/// The finding on measurement `i`'s estimated IT energy, `kwh`, when it is beyond what AI
/// systems use.
fn estimate(i: usize, kwh: f64, out: &mut Vec<Diagnostic>) {
    let at = format!("/measurements/{i}/energy");
    if !kwh.is_finite() || kwh > IMPOSSIBLE_KWH {
        let message = if kwh.is_finite() {
            format!(
                "the estimate gives {} kWh, more than a third of the world's electricity",
                format(kwh)
            )
        } else {
            "the estimate gives an energy beyond any number wattprint can hold".to_owned()
        };
        out.push(
            Diagnostic::error(RULE.code, message)
                .at(at)
                .help("check the estimate's inputs for a wrong exponent or unit: one AI system uses at most a few TWh"),
        );
    } else if kwh > LARGE_KWH {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "the estimate gives {} TWh, more than any AI system is known to use",
                    format(kwh / 1e9)
                ),
            )
            .at(at)
            .help("check the estimate's inputs (devices, hours, parameters, tokens)"),
        );
    }
}

/// The finding on measurement `i`'s estimate when each of its devices runs longer than
/// `period`, the time its energy is reported for: 8 devices cannot run 100 hours each in one
/// day. An estimate from device-hours alone does not say how many devices shared them, and
/// one from hardware without `hours` runs for the period exactly.
fn running_time(
    i: usize,
    estimate: &Estimate,
    hours_given: bool,
    period: crate::model::Period,
) -> Option<Diagnostic> {
    let hours = estimate.hours();
    let available = period_hours(period);
    // A tenth of a percent over the period is rounding in the inputs (FLOPs, utilisation).
    if estimate.devices().is_none() || !hours.is_finite() || hours <= available * 1.001 {
        return None;
    }
    let span = format!(
        "{} h, {} to {}",
        format(available),
        period.start,
        period.end
    );
    let (pointer, message, help) = match estimate {
        Estimate::Hardware { .. } if hours_given => (
            format!("/measurements/{i}/energy/hardware/hours"),
            format!(
                "each device runs {} h by this estimate, longer than the measurement's period ({span})",
                format(hours)
            ),
            "`hours` is each device's running time within the period: check it and its unit, give the measurement the `period:` the devices ran in, or write their combined time as `device_hours`",
        ),
        Estimate::Hardware { .. } => return None,
        Estimate::Compute { .. } => (
            format!("/measurements/{i}/energy/compute"),
            format!(
                "the FLOPs at this speed take {} h on each device, longer than the measurement's period ({span})",
                format(hours)
            ),
            "hours = FLOPs ÷ (devices × peak FLOP/s × utilisation) / 3600: check the FLOPs (or parameters and tokens), the devices, the peak and the utilisation, or give the measurement the `period:` the work ran in",
        ),
    };
    Some(Diagnostic::error(RULE.code, message).at(pointer).help(help))
}

#[cfg(test)]
mod tests {
    use crate::check::{Extent, source};
    use crate::load::{Limits, Source};
    use crate::validate::Validator;

    /// The findings `estimate-range` gives on the minimal fixture with its energy replaced by
    /// a compute estimate of `parameters` × `tokens`.
    fn findings(parameters: &str, tokens: &str) -> Vec<String> {
        let text = include_str!("../../tests/fixtures/minimal.yaml").replacen(
            "energy: { value: 41.2 MWh, method: device_telemetry, source: DCGM export }",
            &format!(
                "energy: {{ method: estimated_from_compute, source: \"estimate\", compute: {{ parameters: {parameters}, tokens: {tokens}, devices: 8, peak_flops_per_second: 989e12, utilisation: 0.4, power: 700 W }} }}"
            ),
            1,
        );
        let found = match source(
            Source::from_text("minimal.yaml", text),
            &Validator::new(),
            Limits::default(),
            Extent::Rules,
            &crate::load::linked::Carried::default(),
        ) {
            Ok(clean) => clean.warnings,
            Err(found) => found,
        };
        found
            .into_iter()
            .filter(|d| d.code == super::RULE.code)
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn an_estimate_beyond_the_worlds_electricity_is_an_error() {
        // Issue 21: 1e300 parameters × 1e300 tokens printed `inf`.
        let found = findings("1e300", "1e300");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("beyond any number"), "{found:?}");
        // Inference, 2 × 2e19 parameters × 1e12 tokens = 4e31 FLOPs at 0.4 × 989 TFLOP/s:
        // 1.011e17 s on 8 devices of 700 W is 1.97e13 kWh, finite and beyond the bound.
        let found = findings("2e19", "1e12");
        assert!(found[0].contains("more than a third"), "{found:?}");
        assert!(findings("7e9", "1e12").is_empty());
    }
}
