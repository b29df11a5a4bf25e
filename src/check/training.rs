//! `training-consistency`: a model's training FLOPs, accelerators, utilisation, wall-clock time
//! and energy agree with one another, and an estimate from compute fits its period.

use super::Rule;
use crate::compute::{Results, formula, lifecycle};
use crate::diagnostic::Diagnostic;
use crate::model::{BoundaryPart, Disclosure, FlopsPrecision, Model, Phase};
use crate::text::number::{percent, plain};

/// Whether every number is finite and above zero: the figure rules leave the rest to the
/// findings of the `training` rule.
fn sound(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite() && *v > 0.0)
}

pub static RULE: Rule = Rule {
    code: "training-consistency",
    summary: "a model's training FLOPs, accelerators, utilisation, wall-clock time and energy agree within the stated tolerances",
    why: "The Model Documentation Form (GPAI Code of Practice) prints training compute, time and energy side by side for AI Act Annex XI, Section 1, point 2(d) and (e); an authority multiplies them out. FLOPs beyond what the accelerators can do in the time, or an energy above what they can draw, shows a wrong figure.",
    example: "training: { compute: { flops: 3e24, … }, hardware: { device: h100-sxm, count: 64, precision: bf16 }, wall_clock: 47 days }   # 3e24 FLOPs need 1,167 % of the peak; fix the FLOPs, the count or the time",
    check,
};

/// Relative difference tolerated between a stated utilisation and the one the FLOPs, the
/// accelerators and the wall-clock time imply: the wall-clock time holds restarts and
/// evaluation that the stated utilisation may leave out.
const UTILISATION_TOLERANCE: f64 = 0.25;

/// Most average power per accelerator, as a multiple of its TDP, that an energy covering only
/// the accelerators may imply: telemetry reads a little above TDP in bursts.
const ACCELERATOR_CEILING: f64 = 1.1;

/// Most average power per accelerator, as a multiple of its TDP, that an energy covering the
/// hosts, network, storage or facility overhead as well may imply: those add at most about as
/// much again as the accelerators, times a PUE.
const SYSTEM_CEILING: f64 = 2.5;

/// Least average power per accelerator, as a multiple of its TDP, that running for the whole
/// wall-clock time implies: an idle data-centre accelerator draws about a tenth of its TDP.
const IDLE_FLOOR: f64 = 0.1;

fn check(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    for (k, model) in d.system.models.iter().enumerate() {
        let at = format!("/system/models/{k}/training");
        utilisation(model, &at, out);
        power(d, results, model, &at, out);
        cumulative(d, results, model, &at, out);
        runs_within(d, model, &at, out);
        undated_runs(d, results, model, out);
    }
    estimates_fit_their_periods(d, results, out);
}

/// The FLOPs against the accelerators' peak over the wall-clock time.
fn utilisation(model: &Model, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(t) = &model.training else { return };
    let (Some(compute), Some(hardware), Some(time)) = (&t.compute, &t.hardware, t.wall_clock)
    else {
        return;
    };
    let Some(peak) = hardware.peak_flops_per_second else {
        return;
    };
    if compute.precision == FlopsPrecision::OrderOfMagnitude
        || !sound(&[compute.flops, hardware.count, peak, time.hours()])
    {
        return;
    }
    let implied = formula::implied_utilisation(compute.flops, hardware.count, peak, time.hours());
    let sums = format!(
        "{:e} FLOPs on {} accelerators of {} TFLOP/s peak over {} h",
        compute.flops,
        plain(hardware.count),
        plain(peak / 1e12),
        plain(time.hours())
    );
    if implied > 1.0 + 1e-9 {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!(
                    "{sums} need {} of the peak, more than the accelerators can do",
                    percent(implied)
                ),
            )
            .at(format!("{at}/compute/flops"))
            .help("check the FLOPs, the number of accelerators, the precision and the wall-clock time"),
        );
    } else if let Some(stated) = hardware.utilisation
        && (implied / stated - 1.0).abs() > UTILISATION_TOLERANCE
    {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "{sums} give a utilisation of {}, not the {} stated: more than a quarter apart",
                    percent(implied),
                    percent(stated)
                ),
            )
            .at(format!("{at}/hardware/utilisation"))
            .help("state the utilisation achieved over the wall-clock time, or correct the FLOPs, the accelerators or the time"),
        );
    }
}

/// The training energy against what the accelerators can draw over the wall-clock time.
fn power(d: &Disclosure, results: &Results, model: &Model, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(t) = &model.training else { return };
    let (Some(hardware), Some(time)) = (&t.hardware, t.wall_clock) else {
        return;
    };
    let Some(tdp) = hardware.max_power else {
        return;
    };
    let (kwh, parts, pointer) = if let Some(energy) = &t.energy {
        (
            energy.value.kwh(),
            t.boundary.clone(),
            format!("{at}/energy/value"),
        )
    } else {
        let mut kwh = 0.0;
        let mut parts = Vec::new();
        for (i, m) in d.training_runs(&model.id) {
            let r = &results.measurements[i];
            kwh += r.it_energy.value;
            parts.extend(m.boundary.iter().copied());
            parts.extend(r.completion.iter().map(|c| c.part));
        }
        (kwh, parts, format!("{at}/wall_clock"))
    };
    if !sound(&[kwh, hardware.count, time.hours(), tdp.kw()]) {
        return;
    }
    let mean = formula::mean_device_power(kwh, hardware.count, time.hours());
    let ceiling = if parts.iter().all(|p| *p == BoundaryPart::Accelerators) {
        ACCELERATOR_CEILING
    } else {
        SYSTEM_CEILING
    };
    let sums = format!(
        "{} kWh of training over {} h on {} accelerators is {} W each on average",
        plain(kwh),
        plain(time.hours()),
        plain(hardware.count),
        plain(mean * 1000.0)
    );
    if mean > tdp.kw() * ceiling {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!(
                    "{sums}, more than {} of their {} W TDP",
                    percent(ceiling),
                    plain(tdp.kw() * 1000.0)
                ),
            )
            .at(pointer)
            .help("check the energy, the number of accelerators and the wall-clock time"),
        );
    } else if mean < tdp.kw() * IDLE_FLOOR {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "{sums}, less than the {} of their {} W TDP an idle accelerator draws",
                    percent(IDLE_FLOOR),
                    plain(tdp.kw() * 1000.0)
                ),
            )
            .at(pointer)
            .help("check the energy (does it cover all of the model's training?), the number of accelerators and the wall-clock time"),
        );
    }
}

/// A training energy estimated from compute needs its hours within the measurement's period.
fn estimates_fit_their_periods(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    for (i, (m, r)) in d.measurements.iter().zip(&results.measurements).enumerate() {
        if m.phase == Phase::Inference || m.energy.compute.is_none() {
            continue;
        }
        let Some(estimate) = &r.estimate else {
            continue;
        };
        let period = d.period_of(m);
        #[allow(
            clippy::cast_precision_loss,
            reason = "days of a period are far below 2^52"
        )]
        let available = period.days() as f64 * 24.0;
        let needed = estimate.hours();
        let sums = format!(
            "the estimate needs {:.1} h of {} accelerators; the measurement's period, {} to {}, has {} h",
            needed,
            estimate.devices().map_or_else(String::new, plain),
            period.start,
            period.end,
            plain(available)
        );
        if needed > available * (1.0 + 1e-9) {
            out.push(
                Diagnostic::error(RULE.code, format!("{sums}: the work does not fit"))
                    .at(format!("/measurements/{i}/energy/compute"))
                    .help("check the FLOPs, the accelerators and the utilisation, or give the measurement the `period` the training ran in"),
            );
        } else if needed < available / 2.0 {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!("{sums}: the accelerators ran less than half of it"),
                )
                .at(format!("/measurements/{i}/period"))
                .help("give the measurement the `period` the training ran in"),
            );
        }
    }
}

/// The model's cumulative training energy holds at least what this period's training
/// measurements of it hold within its boundary for certain ([`lifecycle::Record`]): the parts
/// their meters saw or added from factors inside the record's boundary, with facility overhead
/// when the record includes it.
fn cumulative(
    d: &Disclosure,
    results: &Results,
    model: &Model,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(record) = lifecycle::record(d, &results.measurements, model) else {
        return;
    };
    if record.stated.is_finite() && record.within > record.stated * (1.0 + 1e-9) {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!(
                    "the model's cumulative training energy, {} kWh, is less than this period's training measurements of it hold within its boundary, {} kWh {}",
                    plain(record.stated),
                    plain(record.within),
                    match (record.facility, record.overhead_unknown) {
                        (true, false) => "with facility overhead",
                        (true, true) => "with facility overhead where a PUE gives it",
                        (false, _) => "of IT energy",
                    }
                ),
            )
            .at(format!("{at}/energy/value"))
            .help("`training.energy` is all of the model's training, this period's runs included, on the parts `training.boundary` lists"),
        );
    }
}

/// A training run with no period of its own has no known end, so it does not move the day a
/// crossover is counted from ([`lifecycle::CountedFrom`]): the crossover takes the run to have
/// ended before that day, and says so here.
fn undated_runs(d: &Disclosure, results: &Results, model: &Model, out: &mut Vec<Diagnostic>) {
    let counted = results
        .lifecycle
        .iter()
        .find(|l| l.model == model.id && l.crossover.is_some())
        .and_then(|l| l.crossover_from);
    let Some(from) = counted else {
        return;
    };
    let day = from.start_in_words();
    for (i, m) in d
        .training_runs(&model.id)
        .filter(|(_, m)| m.period.is_none())
    {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "the training measurement `{}` has no `period` of its own, so the crossover of `{}` is counted from {day}, {}, as if the run ended before it",
                    m.id, model.id, from.day
                ),
            )
            .at(format!("/measurements/{i}/phase"))
            .help("give the measurement the `period` its run took: serving before the run ends is of an earlier version of the model"),
        );
    }
}

/// No training measurement of the model runs longer than its wall-clock training time.
fn runs_within(d: &Disclosure, model: &Model, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(time) = model.training.as_ref().and_then(|t| t.wall_clock) else {
        return;
    };
    for (_, m) in d.training_runs(&model.id) {
        let days = d.period_of(m).days();
        #[allow(
            clippy::cast_precision_loss,
            reason = "days of a period are far below 2^52"
        )]
        let hours = days as f64 * 24.0;
        if time.hours().is_finite() && hours > time.hours() * (1.0 + 1e-9) {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "the measurement `{}` runs {days} days, longer than the model's wall-clock training time of {} days",
                        m.id,
                        plain(time.hours() / 24.0)
                    ),
                )
                .at(format!("{at}/wall_clock"))
                .help("the wall-clock time runs from the start of the first run to the end of the last; give the measurement the `period` its run took"),
            );
        }
    }
}
