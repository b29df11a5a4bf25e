//! `estimate`: an energy is either a value or the complete inputs of one estimate, and its
//! method says which.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{ComputeEstimate, Disclosure, EnergyFigure, HardwareEstimate, Method};

pub static RULE: Rule = Rule {
    code: "estimate",
    summary: "each energy has a `value` or the complete inputs of one estimate (`hardware` or `compute`), matching its `method`",
    why: "EU AI Act Annex XI, Section 1, point 2(e) accepts an estimate when the energy is unknown, but asks how it was estimated; an estimate with missing inputs, or labelled with another method, cannot be reproduced.",
    example: "energy: { method: estimated_from_hardware, source: …, hardware: { devices: 8 } }   # fix: add `power: 450 W` (or idle_power, max_power and utilisation)",
    check: Check::Disclosure(check),
};

const REQUIREMENT: &str =
    "AI Act Annex XI, Section 1, point 2(e), for providers of general-purpose AI models";

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        let at = format!("/measurements/{i}/energy");
        let e = &m.energy;
        let given = [e.value.is_some(), e.hardware.is_some(), e.compute.is_some()];
        match given.iter().filter(|g| **g).count() {
            0 => out.push(
                Diagnostic::error(
                    RULE.code,
                    "the energy has neither a `value` nor the inputs of an estimate",
                )
                .at(at.clone())
                .help("give `value: 41.2 MWh`, or `hardware:` or `compute:` with the inputs of an estimate")
                .required_by(REQUIREMENT),
            ),
            1 => {}
            // One figure per energy is wattprint's rule, not the Act's: no requirement is cited.
            _ => out.push(
                Diagnostic::error(
                    RULE.code,
                    "the energy has more than one of `value`, `hardware` and `compute`",
                )
                .at(at.clone())
                .help(if m.phase == crate::model::Phase::Inference {
                    "keep the one the figure comes from: the value if it was measured, otherwise the estimate's inputs"
                } else {
                    "keep the one the figure comes from; a measured training energy keeps its `value`, and the training's FLOPs, hardware and time go under `system.models[].training`"
                }),
            ),
        }
        let mut problem = |pointer: String, message: String, help: &str| {
            out.push(
                Diagnostic::error(RULE.code, message)
                    .at(pointer)
                    .help(help.to_owned())
                    .required_by(REQUIREMENT),
            );
        };
        if e.hardware.is_some() && e.method != Method::EstimatedFromHardware {
            problem(
                format!("{at}/method"),
                format!(
                    "an estimate from hardware is labelled `{}`",
                    e.method.label()
                ),
                "write `method: estimated_from_hardware`",
            );
        }
        if e.compute.is_some() && e.method != Method::EstimatedFromCompute {
            problem(
                format!("{at}/method"),
                format!(
                    "an estimate from compute is labelled `{}`",
                    e.method.label()
                ),
                "write `method: estimated_from_compute`",
            );
        }
        if let Some(h) = &e.hardware {
            hardware(h, &format!("{at}/hardware"), &mut problem);
        }
        if let Some(c) = &e.compute {
            compute(c, &format!("{at}/compute"), &mut problem);
        }
    }
}

/// Whether `energy` can be computed: one value, or one estimate with all its inputs in range.
/// Rules that compare computed energies skip a disclosure where this fails, since this rule
/// already reports why.
#[must_use]
pub fn sound(energy: &EnergyFigure) -> bool {
    let mut problems = 0;
    let mut count = |_: String, _: String, _: &str| problems += 1;
    let given = [
        energy.value.is_some(),
        energy.hardware.is_some(),
        energy.compute.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return false;
    }
    if let Some(h) = &energy.hardware {
        hardware(h, "", &mut count);
    }
    if let Some(c) = &energy.compute {
        compute(c, "", &mut count);
    }
    problems == 0
}

fn hardware(h: &HardwareEstimate, at: &str, problem: &mut impl FnMut(String, String, &str)) {
    match (h.devices, h.device_hours) {
        (Some(devices), None) if !(devices.is_finite() && devices > 0.0) => problem(
            format!("{at}/devices"),
            "the number of devices must be above 0".to_owned(),
            "write how many devices drew the power",
        ),
        (None, Some(device_hours))
            if !(device_hours.hours().is_finite() && device_hours.hours() > 0.0) =>
        {
            problem(
                format!("{at}/device_hours"),
                "the device-hours must be above 0".to_owned(),
                "write the devices' combined running time, e.g. 1082990 h",
            );
        }
        (None, None) => problem(
            at.to_owned(),
            "the estimate has neither `devices` nor `device_hours`".to_owned(),
            "write how many devices drew the power (and `hours`, when not the whole period), or their combined `device_hours`",
        ),
        (Some(_), Some(_)) => problem(
            format!("{at}/device_hours"),
            "the estimate has both `devices` and `device_hours`".to_owned(),
            "keep `device_hours` (devices × hours already), or `devices` with `hours`",
        ),
        _ => {}
    }
    if h.device_hours.is_some() && h.hours.is_some() {
        problem(
            format!("{at}/hours"),
            "the estimate has both `device_hours` and `hours`".to_owned(),
            "device-hours already count the time: leave out `hours`",
        );
    }
    let interpolated = h.idle_power.is_some() && h.max_power.is_some() && h.utilisation.is_some();
    if h.power.is_none() && !interpolated {
        problem(
            at.to_owned(),
            "the estimate has no power".to_owned(),
            "give `power` (average per device), or `idle_power`, `max_power` and `utilisation`",
        );
    }
    if let Some(u) = h.utilisation {
        fraction(u, &format!("{at}/utilisation"), problem);
    }
    for (name, power) in [
        ("power", h.power),
        ("idle_power", h.idle_power),
        ("max_power", h.max_power),
    ] {
        if let Some(power) = power
            && !(power.kw().is_finite() && power.kw() >= 0.0)
        {
            problem(
                format!("{at}/{name}"),
                format!("`{name}` must be a finite power of at least 0 W"),
                "write the device's power, e.g. 450 W",
            );
        }
    }
    if let (Some(idle), Some(max)) = (h.idle_power, h.max_power)
        && idle.kw() > max.kw()
    {
        problem(
            format!("{at}/idle_power"),
            format!(
                "`idle_power` ({} W) is above `max_power` ({} W)",
                crate::text::number::plain(idle.kw() * 1e3),
                crate::text::number::plain(max.kw() * 1e3)
            ),
            "a device draws least when idle: swap the two, or check their units",
        );
    }
}

fn compute(c: &ComputeEstimate, at: &str, problem: &mut impl FnMut(String, String, &str)) {
    if c.flops.is_none() && (c.parameters.is_none() || c.tokens.is_none()) {
        problem(
            at.to_owned(),
            "the estimate has no FLOPs".to_owned(),
            "give `flops`, or `parameters` and `tokens` to estimate them (6 × N × D for training, 2 × N × D for inference)",
        );
    }
    for (name, value) in [
        ("devices", c.devices),
        ("peak_flops_per_second", c.peak_flops_per_second),
    ] {
        if !(value.is_finite() && value > 0.0) {
            problem(
                format!("{at}/{name}"),
                format!("`{name}` must be above 0"),
                "write a positive number",
            );
        }
    }
    if c.utilisation <= 0.0 {
        problem(
            format!("{at}/utilisation"),
            "utilisation must be above 0".to_owned(),
            "write the share of the peak achieved, e.g. 0.35",
        );
    } else {
        fraction(c.utilisation, &format!("{at}/utilisation"), problem);
    }
}

fn fraction(value: f64, at: &str, problem: &mut impl FnMut(String, String, &str)) {
    if !(0.0..=1.0).contains(&value) {
        problem(
            at.to_owned(),
            format!("utilisation {value} is not between 0 and 1"),
            "write utilisation as a fraction, e.g. 0.6 for 60 %",
        );
    }
}
