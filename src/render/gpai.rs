//! The energy and compute fields of the Model Documentation Form of the General-Purpose AI
//! Code of Practice (Transparency chapter, 2025), which documents what AI Act Annex XI,
//! Section 1, point 2(d) and (e) ask of a provider: the computational resources used to
//! train the model (e.g. number of floating point operations) and training time, and the known
//! or estimated energy consumption. The Form marks each field with who receives it: the AI
//! Office (AIO), national competent authorities (NCA), downstream providers (DP). A report
//! made `--audience` shows exactly the fields that audience receives. `templates/eu-ai-act/
//! README.md` lists the fields and their sources.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::Results;
use crate::model::quantity::convert;
use crate::model::{Audience, BoundaryPart, Disclosure, Method, Phase};
use crate::text::number::format;

impl Form {
    /// Whether the disclosure documents training of its own, so that the Form is filled.
    #[must_use]
    pub fn applies(&self) -> bool {
        self.applies
    }
}

/// One field of the Form as the report fills it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Field {
    /// The field's name in the Form.
    name: &'static str,
    /// The field's value as text ready to print, e.g. `6.30 × 10^24 FLOPs`; a sentence saying so
    /// when the inputs do not state it.
    value: String,
    /// The audiences the Form gives it to, as marked there ("AIO, NCA").
    audiences: &'static str,
}

/// The Form's energy and compute section of a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Form {
    /// Whether the disclosure documents training of its own (the Form is a provider's).
    applies: bool,
    /// The audience the report is made for, or empty for all.
    audience: String,
    /// The fields that audience receives.
    fields: Vec<Field>,
}

/// The fields and who receives each, as the Form marks them: the energy fields and the
/// inference computation go to the AI Office and national competent authorities; training time
/// and training computation go to both at different precision (to the AI Office in days and
/// to two significant figures, to authorities as a range and an order of magnitude); none goes
/// to downstream providers.
const AUDIENCES: &[(&str, &[Audience])] = &[
    ("Training time (days)", &[Audience::AiOffice]),
    ("Training time (range)", &[Audience::Authority]),
    (
        "Amount of computation used for training",
        &[Audience::AiOffice],
    ),
    (
        "Amount of computation used for training (order of magnitude)",
        &[Audience::Authority],
    ),
    (
        "Amount of energy used for training",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Measurement methodology (training energy)",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Benchmarked amount of computation used for inference",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Measurement methodology (inference computation)",
        &[Audience::AiOffice, Audience::Authority],
    ),
];

fn marks(audiences: &[Audience]) -> &'static str {
    match (
        audiences.contains(&Audience::AiOffice),
        audiences.contains(&Audience::Authority),
        audiences.contains(&Audience::Downstream),
    ) {
        (true, true, true) => "AIO, NCA, DP",
        (true, true, false) => "AIO, NCA",
        (true, false, _) => "AIO",
        (false, true, _) => "NCA",
        (false, false, _) => "DP",
    }
}

/// The Form's ranges for training time as authorities receive it.
fn time_range(days: i64) -> &'static str {
    match days {
        ..30 => "less than 1 month",
        30..91 => "1 to 3 months",
        91..183 => "3 to 6 months",
        _ => "more than 6 months",
    }
}

/// The power of ten of a number of FLOPs; `None` when no positive number was stated.
fn exponent(value: f64) -> Option<i32> {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite positive f64 is within ±330"
    )]
    (value.is_finite() && value > 0.0).then(|| value.log10().floor() as i32)
}

/// A number of FLOPs as an order of magnitude, as authorities receive it.
fn order_of_magnitude(value: f64) -> String {
    exponent(value).map_or_else(
        || "not stated in the inputs".to_owned(),
        |e| format!("10^{e} FLOPs (at least 10^{e}, less than 10^{})", e + 1),
    )
}

/// Cumulative training computation above which AI Act Art. 51(2) presumes a general-purpose
/// AI model to have high-impact capabilities, and so systemic risk (Art. 51(1)(a)): 10^25
/// FLOPs. (The article's words, "greater than 10^25", are recalled, not checked against the
/// text; see templates/eu-ai-act/README.md.)
const SYSTEMIC_RISK_FLOPS: f64 = 1e25;

/// What the Form's computation fields add when the training computation passes
/// [`SYSTEMIC_RISK_FLOPS`]: the Act's presumption, not a conclusion about the model.
const SYSTEMIC_RISK_NOTE: &str = "; more than 10^25 FLOPs, for which AI Act Art. 51(2) presumes high-impact capabilities (systemic risk, Art. 51(1)(a))";

/// A number of FLOPs in scientific notation to three significant figures, as the Form writes
/// them (e.g. "3.70 × 10^25 FLOPs"; at least two significant figures are asked for).
fn flops(value: f64) -> String {
    exponent(value).map_or_else(
        || "not stated in the inputs".to_owned(),
        |e| format!("{:.2} × 10^{e} FLOPs", value / 10_f64.powi(e)),
    )
}

/// The Form's fields for the training the disclosure documents, for `audience` (all when
/// `None`).
#[must_use]
pub fn build(disclosure: &Disclosure, results: &Results, audience: Option<Audience>) -> Form {
    let training: Vec<usize> = disclosure
        .measurements
        .iter()
        .enumerate()
        .filter(|(_, m)| m.phase != Phase::Inference)
        .map(|(i, _)| i)
        .collect();
    let values = values(disclosure, results, &training);
    let fields = AUDIENCES
        .iter()
        .zip(values)
        .filter(|((_, to), _)| audience.is_none_or(|a| to.contains(&a)))
        .map(|((name, to), value)| Field {
            name,
            value,
            audiences: marks(to),
        })
        .collect();
    Form {
        applies: !training.is_empty(),
        audience: audience.map_or_else(String::new, |a| a.label().to_owned()),
        fields,
    }
}

/// Training time as the AI Office receives it (each training measurement's dates, wall-clock
/// days and hardware-days) and as authorities do (the range of the whole span).
fn training_time(disclosure: &Disclosure, training: &[usize]) -> (String, String) {
    let none = || "no training in this disclosure".to_owned();
    let period = disclosure.reporting_period;
    let periods: Vec<_> = training
        .iter()
        .map(|&i| disclosure.measurements[i].period.unwrap_or(period))
        .collect();
    let mut days: Vec<String> = training
        .iter()
        .zip(&periods)
        .map(|(&i, p)| {
            let m = &disclosure.measurements[i];
            let hardware = m.energy.compute.as_ref().map_or_else(
                || {
                    "hardware-days not stated (give the accelerators under energy.compute)"
                        .to_owned()
                },
                |c| {
                    #[allow(
                        clippy::cast_precision_loss,
                        reason = "days of a reporting period are far below 2^52"
                    )]
                    let device_days = c.devices * p.days() as f64;
                    format!("{} hardware-days", format(device_days))
                },
            );
            format!(
                "{}: {} to {}, {} days wall-clock, {hardware}",
                m.id,
                p.start,
                p.end,
                p.days()
            )
        })
        .collect();
    days.dedup();
    let span = periods
        .iter()
        .map(|p| p.start)
        .min()
        .zip(periods.iter().map(|p| p.end).max())
        .map(|(start, end)| (end - start).num_days() + 1);
    (
        if days.is_empty() {
            none()
        } else {
            days.join("; ")
        },
        span.map_or_else(none, |d| time_range(d).to_owned()),
    )
}

/// The benchmarked computation per functional unit of each inference measurement estimated
/// from compute, with the task and hardware it was benchmarked on.
fn inference_benchmarks(disclosure: &Disclosure, results: &Results) -> Vec<(String, String)> {
    disclosure
        .measurements
        .iter()
        .zip(&results.measurements)
        .filter(|(m, _)| m.phase == Phase::Inference)
        .filter_map(|(m, r)| {
            let c = m.energy.compute.as_ref()?;
            let f = r.estimate.as_ref()?.flops()?;
            let formula = r.measured_energy.formula;
            let (unit, count) = m.workload.iter().next()?;
            let hardware = match &c.device {
                Some(device) => format!("{} × {device}", format(c.devices)),
                None => format!(
                    "{} accelerators of {} TFLOP/s peak",
                    format(c.devices),
                    format(c.peak_flops_per_second / 1e12)
                ),
            };
            Some((
                format!("{} per {unit}", flops(f / count)),
                format!(
                    "{}: {} {unit} ({formula}) on {hardware}",
                    m.id,
                    format(*count)
                ),
            ))
        })
        .collect()
}

/// What the training energy covers, as the Form's energy field should say: the parts the
/// meters saw, the parts added from declared factors, and whether facility overhead came from a
/// PUE (computed) or was metered.
fn training_boundary(disclosure: &Disclosure, results: &Results, training: &[usize]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut added: Vec<&str> = Vec::new();
    let mut overhead = "facility overhead not included (no PUE given)";
    for &i in training {
        let (m, r) = (&disclosure.measurements[i], &results.measurements[i]);
        seen.extend(m.boundary.iter().map(|p| p.label()));
        added.extend(r.completion.iter().map(|c| c.part.label()));
        if m.boundary.contains(&BoundaryPart::Facility) {
            overhead = "facility overhead metered";
        } else if r.facility_energy.value > r.it_energy.value {
            overhead = "facility overhead added through the site's PUE";
        }
    }
    for list in [&mut seen, &mut added] {
        list.sort_unstable();
        list.dedup();
    }
    let added = if added.is_empty() {
        String::new()
    } else {
        format!("; added from declared factors: {}", added.join(", "))
    };
    format!("measured boundary: {}{added}; {overhead}", seen.join(", "))
}

/// The value of each field of [`AUDIENCES`], in order.
fn values(disclosure: &Disclosure, results: &Results, training: &[usize]) -> Vec<String> {
    let (days, range) = training_time(disclosure, training);
    let compute: f64 = training
        .iter()
        .filter_map(|&i| results.measurements[i].estimate.as_ref()?.flops())
        .sum();
    let kwh: f64 = training
        .iter()
        .map(|&i| results.measurements[i].facility_energy.value)
        .sum();
    let it_kwh: f64 = training
        .iter()
        .map(|&i| results.measurements[i].it_energy.value)
        .sum();
    let methods: Vec<String> = {
        let mut m: Vec<String> = training
            .iter()
            .map(|&i| {
                let method = disclosure.measurements[i].energy.method;
                let kind = if matches!(method, Method::Metered | Method::DeviceTelemetry) {
                    "measured"
                } else {
                    "estimated"
                };
                format!("{kind} ({})", method.label())
            })
            .collect();
        m.sort();
        m.dedup();
        m
    };
    let boundary = training_boundary(disclosure, results, training);
    let (amounts, tasks): (Vec<String>, Vec<String>) = inference_benchmarks(disclosure, results)
        .into_iter()
        .unzip();
    let listed = |items: Vec<String>| {
        if items.is_empty() {
            "not stated in the inputs (give a compute estimate of an inference measurement)"
                .to_owned()
        } else {
            items.join("; ")
        }
    };
    let presumption = if compute > SYSTEMIC_RISK_FLOPS {
        SYSTEMIC_RISK_NOTE
    } else {
        ""
    };
    vec![
        days,
        range,
        format!("{}{presumption}", flops(compute)),
        format!("{}{presumption}", order_of_magnitude(compute)),
        format!(
            "{} MWh including facility overhead ({} MWh IT energy); {}; {boundary}",
            format(convert(kwh, "kWh", "MWh")),
            format(convert(it_kwh, "kWh", "MWh")),
            methods.join(", ")
        ),
        disclosure.methodology.training.clone().unwrap_or_else(|| {
            "not stated in the inputs (write `methodology.training`: about 100 words on how the training energy was measured or estimated)".to_owned()
        }),
        listed(amounts),
        listed(tasks),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flops_are_written_in_scientific_notation() {
        // Llama 3.1 70B: 6 × 70e9 × 15e12 = 6.3e24 (hand calculation).
        assert_eq!(flops(6.3e24), "6.30 × 10^24 FLOPs");
        assert_eq!(flops(0.0), "not stated in the inputs");
    }

    #[test]
    fn energy_and_compute_fields_go_to_the_office_and_authorities() {
        assert!(
            AUDIENCES
                .iter()
                .all(|(_, to)| !to.contains(&Audience::Downstream))
        );
        let marked: Vec<&str> = AUDIENCES.iter().map(|(_, to)| marks(to)).collect();
        assert_eq!(
            marked,
            [
                "AIO", "NCA", "AIO", "NCA", "AIO, NCA", "AIO, NCA", "AIO, NCA", "AIO, NCA"
            ]
        );
    }

    #[test]
    fn authorities_receive_ranges_and_orders_of_magnitude() {
        // The Form's ranges: under 1 month, 1–3, 3–6, over 6 months.
        assert_eq!(time_range(29), "less than 1 month");
        assert_eq!(time_range(30), "1 to 3 months");
        assert_eq!(time_range(120), "3 to 6 months");
        assert_eq!(time_range(200), "more than 6 months");
        // log10(3.7e25) = 25.57: between 10^25 and 10^26.
        assert_eq!(
            order_of_magnitude(3.7e25),
            "10^25 FLOPs (at least 10^25, less than 10^26)"
        );
    }
}
