//! `training`: a model's training record (`system.models[].training`) is complete and in range,
//! belongs to a model the organisation provides, and its methodology is the Form's length.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Role, Training};

pub static RULE: Rule = Rule {
    code: "training",
    summary: "a model's training record has positive FLOPs, accelerators and time, says what its energy covers, and belongs to a model the organisation provides",
    why: "AI Act Annex XI, Section 1, point 2(d) and (e) asks providers of general-purpose AI models for the computation (e.g. FLOPs), the training time and the energy of training; the Model Documentation Form of the GPAI Code of Practice gives its training methodology field about 100 words. A record with a zero or a boundary left unsaid cannot be read or checked.",
    example: "training: { energy: { value: 180 MWh, method: metered, source: … } }   # fix: add `boundary: [accelerators, host]`, what the energy covers",
    check,
};

/// Words above which the Form's "about 100 words" of training methodology is exceeded by half.
const METHODOLOGY_WORDS: usize = 150;

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
        if let Some(training) = &model.training {
            record(training, &format!("{at}/training"), out);
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
        positive(
            out,
            c.flops,
            format!("{at}/compute/flops"),
            "the training FLOPs",
        );
    }
    if let Some(h) = &t.hardware {
        positive(
            out,
            h.count,
            format!("{at}/hardware/count"),
            "the number of accelerators",
        );
        if let Some(peak) = h.peak_flops_per_second {
            positive(
                out,
                peak,
                format!("{at}/hardware/peak_flops_per_second"),
                "the peak FLOP/s",
            );
        }
        if let Some(power) = h.max_power {
            positive(
                out,
                power.kw(),
                format!("{at}/hardware/max_power"),
                "the maximum power",
            );
        }
        if let Some(u) = h.utilisation
            && !(u > 0.0 && u <= 1.0)
        {
            out.push(
                Diagnostic::error(RULE.code, format!("utilisation {u} is outside 0 to 1"))
                    .at(format!("{at}/hardware/utilisation"))
                    .help("write the share of the peak achieved on average, e.g. 0.4"),
            );
        }
    }
    if let Some(time) = t.wall_clock {
        positive(
            out,
            time.hours(),
            format!("{at}/wall_clock"),
            "the wall-clock time",
        );
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
