//! `training`: a model's training record (`system.models[].training`) is complete and in range,
//! belongs to a model the organisation provides, and its methodology is the Form's length.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Model, Role, Training};
use crate::text::number::plain;

pub static RULE: Rule = Rule {
    code: "training",
    summary: "a model's training record has positive FLOPs, accelerators and time, says what its energy covers, and belongs to a model the organisation provides; a model marked `general_purpose` names the organisation as its provider (an error where it also states a provider's published training, or the organisation deploys)",
    why: "AI Act Annex XI, Section 1, point 2(d) and (e) asks providers of general-purpose AI models for the computation (e.g. FLOPs), the training time and the energy of training; the Model Documentation Form of the GPAI Code of Practice gives its training methodology field about 100 words. A record with a zero or a boundary left unsaid cannot be read or checked.",
    example: "training: { energy: { value: 180 MWh, method: metered, source: … } }   # fix: add `boundary: [accelerators, host]`, what the energy covers",
    check: Check::Disclosure(check),
};

/// Words above which the Form's "about 100 words" of training methodology is exceeded by half.
const METHODOLOGY_WORDS: usize = 150;

/// Training FLOPs beyond any plausible run: 10^30, some ten thousand times the largest reported
/// by 2025 (about 5 × 10^26).
const MAX_FLOPS: f64 = 1e30;

/// Accelerators beyond any plausible training cluster: 10^8, a hundred times the largest built
/// by 2025.
const MAX_ACCELERATORS: f64 = 1e8;

/// Hours beyond any plausible training time: 20 years.
const MAX_HOURS: f64 = 20.0 * 8_766.0;

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (k, model) in d.system.models.iter().enumerate() {
        let at = format!("/system/models/{k}");
        if d.organisation.role == Role::Deployer
            && (model.general_purpose || model.training.is_some())
        {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "`{}` is marked as a general-purpose AI model the organisation provides, or has a training record, in the disclosure of a deployer",
                        model.id
                    ),
                )
                .at(if model.general_purpose {
                    format!("{at}/general_purpose")
                } else {
                    format!("{at}/training")
                })
                .help("a deployer's report holds no Model Documentation Form: set `organisation.role` to `provider` or `both` if the organisation provides the model, or give the provider's published figures under `upstream_training`"),
            );
        }
        // An attack of 2026-12-02: a deployer marked Meta's model `general_purpose`, which made
        // it the organisation's, and Meta's 420 t of published training left the claim's
        // footprint. An error where the model states a provider's published figures too (or
        // the organisation only deploys), a warning where the name alone differs (a brand, a
        // legal form, a starter file of 0.3.1).
        if model.general_purpose && !crate::model::same_name(&model.provider, &d.organisation.name)
        {
            let another =
                model.upstream_training.is_some() || d.organisation.role == Role::Deployer;
            let finding = if another {
                Diagnostic::error
            } else {
                Diagnostic::warning
            };
            out.push(
                finding(
                    RULE.code,
                    format!(
                        "`{}` is marked `general_purpose`, a general-purpose AI model the organisation provides, but its provider is `{}`, not the organisation (`{}`)",
                        model.id,
                        model.provider.trim(),
                        d.organisation.name.trim()
                    ),
                )
                .at(format!("{at}/provider"))
                .help("if the organisation provides the model, write its name (`organisation.name`) as `provider`; if another provider does, remove `general_purpose` and give that provider's published figures under `upstream_training`"),
            );
        }
        if let Some(training) = &model.training {
            record(training, &format!("{at}/training"), out);
        }
        if model.upstream_training.is_some() && model.provided_by(&d.organisation.name) {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "`{}` is a model the organisation provides, and `upstream_training` is for another provider's published figures",
                        model.id
                    ),
                )
                .at(format!("{at}/upstream_training"))
                .help("state the organisation's own training under the model's `training` and as training measurements"),
            );
        }
        if d.organisation.role != Role::Deployer && model.general_purpose {
            form_items(d, model, &at, out);
        }
    }
    if let Some(text) = &d.methodology.training {
        let words = text.split_whitespace().count();
        if words > METHODOLOGY_WORDS {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!("the training methodology has {words} words; the Model Documentation Form's field holds about 100"),
                )
                .at("/methodology/training")
                .help("keep how the training energy was measured or estimated to about 100 words; the whole method belongs in `methodology.narrative`"),
            );
        }
    }
}

fn record(t: &Training, at: &str, out: &mut Vec<Diagnostic>) {
    if let Some(c) = &t.compute {
        let pointer = format!("{at}/compute/flops");
        positive(out, c.flops, pointer.clone(), "the training FLOPs");
        at_most(out, c.flops, MAX_FLOPS, pointer, "training FLOPs");
    }
    if let Some(h) = &t.hardware {
        let pointer = format!("{at}/hardware/count");
        positive(out, h.count, pointer.clone(), "the number of accelerators");
        at_most(out, h.count, MAX_ACCELERATORS, pointer, "accelerators");
        if let Some(peak) = h.peak_flops_per_second {
            let pointer = format!("{at}/hardware/peak_flops_per_second");
            positive(out, peak, pointer, "the peak FLOP/s");
        }
        if let Some(power) = h.max_power {
            let pointer = format!("{at}/hardware/max_power");
            positive(out, power.kw(), pointer, "the maximum power");
        }
        if let Some(u) = h.utilisation
            && !(u > 0.0 && u <= 1.0)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("utilisation {u} must be above 0 and at most 1"),
                )
                .at(format!("{at}/hardware/utilisation"))
                .help("write the share of the peak achieved on average, e.g. 0.4"),
            );
        }
    }
    if let Some(time) = t.wall_clock {
        let pointer = format!("{at}/wall_clock");
        positive(out, time.hours(), pointer.clone(), "the wall-clock time");
        at_most(out, time.hours(), MAX_HOURS, pointer, "hours of training");
    }
    if t.wall_clock.is_some() && t.time_range.is_some() {
        out.push(
            Diagnostic::error(
                RULE.code,
                "the training time is given both as a wall-clock time and as a range",
            )
            .at(format!("{at}/time_range"))
            .help("keep `wall_clock`; a document for authorities gives its range"),
        );
    }
    if let Some(energy) = &t.energy {
        let pointer = format!("{at}/energy/value");
        positive(out, energy.value.kwh(), pointer, "the training energy");
    }
    match (&t.energy, t.boundary.is_empty()) {
        (Some(_), true) => out.push(
            Diagnostic::error(RULE.code, "the training energy does not say what it covers")
                .at(format!("{at}/energy"))
                .help("add `boundary:` the parts the energy covers, e.g. `[accelerators, host]`, with `facility` when it includes the facility overhead")
                .required_by("the Model Documentation Form's energy field, which states what the figure covers"),
        ),
        (None, false) => out.push(
            Diagnostic::error(RULE.code, "`boundary` describes a training energy that is not given")
                .at(format!("{at}/boundary"))
                .help("give `energy:` for all of the model's training, or remove `boundary`"),
        ),
        _ => {}
    }
}

fn positive(out: &mut Vec<Diagnostic>, value: f64, pointer: String, what: &str) {
    if !(value.is_finite() && value > 0.0) {
        out.push(
            Diagnostic::error(RULE.code, format!("{what} must be above 0"))
                .at(pointer)
                .help("write the positive number the training used"),
        );
    }
}

fn at_most(out: &mut Vec<Diagnostic>, value: f64, max: f64, pointer: String, what: &str) {
    if value.is_finite() && value > max {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!(
                    "{} {what} is beyond any plausible training run (at most {max:e})",
                    plain(value)
                ),
            )
            .at(pointer)
            .help("check the exponent and the unit"),
        );
    }
}

/// Warns where the Model Documentation Form of a general-purpose AI model would read "not
/// stated": its training computation, time or energy.
fn form_items(d: &Disclosure, model: &Model, at: &str, out: &mut Vec<Diagnostic>) {
    let record = model.training.as_ref();
    let runs: Vec<_> = d.training_runs(&model.id).map(|(_, m)| m).collect();
    let mut missing = Vec::new();
    if record.and_then(|t| t.compute.as_ref()).is_none()
        && !runs.iter().any(|m| m.energy.compute.is_some())
    {
        missing.push("the computation used (`training.compute`)");
    }
    if record.is_none_or(|t| t.wall_clock.is_none() && t.time_range.is_none()) && runs.is_empty() {
        missing.push("the training time (`training.wall_clock`)");
    }
    if record.and_then(|t| t.energy.as_ref()).is_none() && runs.is_empty() {
        missing.push("the energy (`training.energy`, or a training measurement)");
    }
    if !missing.is_empty() {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "the Model Documentation Form of `{}` will read \"not stated\" for {}",
                    model.id,
                    missing.join(", ")
                ),
            )
            .at(format!("{at}/general_purpose"))
            .help("state them under the model's `training`; the Form documents the model's whole training")
            .required_by("AI Act Annex XI, Section 1, point 2(d) and (e), for providers of general-purpose AI models"),
        );
    }
}
