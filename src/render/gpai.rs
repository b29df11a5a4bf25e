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

use crate::compute::{MeasurementResult, Results, Treatment};
use crate::model::quantity::convert;
use crate::model::{
    Audience, BoundaryPart, Disclosure, Duration, FlopsPrecision, Method, Model, Phase, Role,
    TimeRange,
};
use crate::text::number::{exponent, format, plain};

impl Form {
    /// Whether the report holds the Form of at least one model.
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
    /// The field's value as text ready to print, e.g. `6.3 × 10²⁴ FLOPs`; a sentence saying so
    /// when the inputs do not state it.
    value: String,
    /// The audiences the Form gives it to, as marked there ("AIO, NCA").
    audiences: &'static str,
}

/// The Form's energy and compute section of a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Form {
    /// Whether the report holds the Form of at least one model: the organisation provides a
    /// model the inputs mark as a general-purpose AI model.
    applies: bool,
    /// The audience the report is made for, or empty for all.
    audience: String,
    /// The Form of each general-purpose AI model the organisation provides.
    models: Vec<ModelForm>,
    /// Why the report holds no Form, when it holds none; empty otherwise.
    absent: String,
}

/// The Form's energy and compute fields for one model.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ModelForm {
    /// The model's name and version.
    model: String,
    /// The fields the audience receives.
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

/// A number of FLOPs as an order of magnitude, as authorities receive it.
fn order_of_magnitude(value: f64) -> String {
    exponent(value).map_or_else(
        || "not stated in the inputs".to_owned(),
        |e| {
            format!(
                "{} FLOPs (at least {}, less than {})",
                power_of_ten(e),
                power_of_ten(e),
                power_of_ten(e + 1)
            )
        },
    )
}

/// Ten to the power `e`, with the exponent in superscript digits as print writes it: `10²³`.
fn power_of_ten(e: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = e
        .unsigned_abs()
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).and_then(|d| DIGITS.get(d as usize)))
        .collect();
    format!("10{}{digits}", if e < 0 { "⁻" } else { "" })
}

/// Cumulative training computation above which AI Act Art. 51(2) presumes a general-purpose
/// AI model to have high-impact capabilities, and so systemic risk (Art. 51(1)(a)): "the
/// cumulative amount of computation used for its training measured in floating point
/// operations is greater than 10^25" (Regulation (EU) 2024/1689, Art. 51(2), as reproduced
/// from EUR-Lex by ai-act-law.eu and legalviz.eu; see templates/eu-ai-act/README.md).
const SYSTEMIC_RISK_FLOPS: f64 = 1e25;

/// What the Form's computation fields add when the training computation passes
/// [`SYSTEMIC_RISK_FLOPS`]: the Act's presumption, not a conclusion about the model.
/// What the computation field says at an order of magnitude of 10^25, which may or may not be
/// above the threshold.
const SYSTEMIC_RISK_RULE: &str = "; AI Act Art. 51(2) presumes high-impact capabilities (systemic risk, Art. 51(1)(a)) above 10²⁵ FLOPs, and the order of magnitude alone does not say whether this computation is above it";

const SYSTEMIC_RISK_NOTE: &str = "; more than 10²⁵ FLOPs, for which AI Act Art. 51(2) presumes high-impact capabilities (systemic risk, Art. 51(1)(a))";

/// A number of FLOPs in scientific notation to two significant figures, as the Form asks for
/// them (e.g. "3.7 × 10²⁵ FLOPs"), or more where two would put it on the other side of
/// [`SYSTEMIC_RISK_FLOPS`] or on it: 9.96 × 10²⁴ written "1.0 × 10²⁵" beside no presumption,
/// or 1.004 × 10²⁵ written so beside one, would read as a contradiction.
fn flops(value: f64) -> String {
    if exponent(value).is_none() {
        return "not stated in the inputs".to_owned();
    }
    let above = value > SYSTEMIC_RISK_FLOPS;
    let mut written = scientific(value, 2);
    for digits in 3..=17 {
        let (_, shown) = written;
        let same_side = (shown > SYSTEMIC_RISK_FLOPS) == above && shown != SYSTEMIC_RISK_FLOPS;
        if same_side || value == SYSTEMIC_RISK_FLOPS {
            break;
        }
        written = scientific(value, digits);
    }
    format!("{} FLOPs", written.0)
}

/// `value` to `digits` significant figures in scientific notation, and the value so written.
fn scientific(value: f64, digits: usize) -> (String, f64) {
    let Some(mut e) = exponent(value) else {
        return (String::new(), value);
    };
    let decimals = digits - 1;
    let mut mantissa = format!("{:.decimals$}", value / 10_f64.powi(e));
    // Rounding 9.96 to one decimal gives 10.0: write it as the next power of ten.
    if mantissa.parse::<f64>().is_ok_and(|m| m >= 10.0) {
        e += 1;
        mantissa = format!("{:.decimals$}", value / 10_f64.powi(e));
    }
    let shown = mantissa.parse::<f64>().unwrap_or(f64::NAN) * 10_f64.powi(e);
    (format!("{mantissa} × {}", power_of_ten(e)), shown)
}

/// The Form of each general-purpose AI model the organisation provides, for `audience` (all
/// when `None`). A deployer's disclosure has none: the Form is the provider's.
#[must_use]
pub fn build(disclosure: &Disclosure, results: &Results, audience: Option<Audience>) -> Form {
    let provides = disclosure.organisation.role != Role::Deployer;
    let models: Vec<ModelForm> = disclosure
        .system
        .models
        .iter()
        .filter(|m| provides && m.general_purpose)
        .map(|model| {
            let values = values(disclosure, results, model);
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
            ModelForm {
                model: model.name.clone(),
                fields,
            }
        })
        .collect();
    let upstream = disclosure
        .system
        .models
        .iter()
        .any(|m| m.upstream_training.is_some());
    let absent = if !provides {
        if upstream {
            "This is a deployer's disclosure: the Model Documentation Form is kept by the providers of general-purpose AI models, not by those who deploy them; the training figures the model providers publish appear under \"Upstream\" below."
        } else {
            "This is a deployer's disclosure: the Model Documentation Form is kept by the providers of general-purpose AI models, not by those who deploy them."
        }
    } else if audience == Some(Audience::Downstream) {
        "The Form gives its energy and compute fields to the AI Office and national competent authorities, and none to downstream providers."
    } else if models.is_empty() {
        "No model in the inputs is marked as a general-purpose AI model the organisation provides (general_purpose), so the Form's energy and compute fields are not given. wattprint does not assess whether a model is one (AI Act Art. 3(63) defines it); the inputs say so."
    } else {
        ""
    };
    // Downstream providers receive none of the fields: no table, not even an empty one.
    let models = if audience == Some(Audience::Downstream) {
        Vec::new()
    } else {
        models
    };
    Form {
        applies: !models.is_empty(),
        audience: audience.map_or_else(String::new, |a| a.label().to_owned()),
        models,
        absent: absent.to_owned(),
    }
}

/// The indices of `model`'s training and fine-tuning measurements.
fn training_of(disclosure: &Disclosure, model: &Model) -> Vec<usize> {
    disclosure
        .training_runs(&model.id)
        .map(|(i, _)| i)
        .collect()
}

/// `hours` in days, as the Form counts training time and hardware-days.
fn in_days(hours: f64) -> f64 {
    hours / 24.0
}

/// Training time as the AI Office receives it and as authorities do (a range): from the
/// model's training record where it states the wall-clock time, else from each training
/// measurement's dates and the accelerators its estimate counts.
fn training_time(
    disclosure: &Disclosure,
    results: &Results,
    model: &Model,
    training: &[usize],
) -> (String, String) {
    let record = model.training.as_ref();
    if let Some(hours) = record.and_then(|t| t.wall_clock).map(Duration::hours) {
        let wall = in_days(hours);
        let hardware = record.and_then(|t| t.hardware.as_ref()).map_or_else(
            || "; hardware-days not stated".to_owned(),
            |h| {
                format!(
                    "; {} hardware-days ({} × {})",
                    format(h.count * wall),
                    plain(h.count),
                    h.device.as_deref().unwrap_or("accelerators")
                )
            },
        );
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a wall-clock time in days is far below i64::MAX"
        )]
        let range = TimeRange::of_days(wall.floor() as i64).label().to_owned();
        return (format!("{} days wall-clock{hardware}", plain(wall)), range);
    }
    if let Some(range) = record.and_then(|t| t.time_range) {
        return (
            "not stated in the inputs: they give the training time as a range only".to_owned(),
            range.label().to_owned(),
        );
    }
    let none = || "not stated in the inputs".to_owned();
    let periods: Vec<_> = training
        .iter()
        .map(|&i| disclosure.period_of(&disclosure.measurements[i]))
        .collect();
    let runs: Vec<String> = training
        .iter()
        .zip(&periods)
        .map(|(&i, p)| {
            let m = &disclosure.measurements[i];
            let hardware = results.measurements[i].estimate.as_ref().map_or_else(
                || "hardware-days not stated".to_owned(),
                |e| {
                    format!(
                        "{} hardware-days by the estimate",
                        format(in_days(e.device_hours()))
                    )
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
    let span = periods
        .iter()
        .map(|p| p.start)
        .min()
        .zip(periods.iter().map(|p| p.end).max())
        .map(|(start, end)| (end - start).num_days() + 1);
    (
        if runs.is_empty() {
            none()
        } else {
            format!(
                "from this reporting period's training measurements: {}",
                runs.join("; ")
            )
        },
        // The Form's range is of the model's training; without a training record it can only
        // be the span of this period's runs, and says so.
        span.map_or_else(none, |d| {
            format!(
                "{}, the span of this reporting period's training measurements",
                TimeRange::of_days(d).label()
            )
        }),
    )
}

/// The benchmarked computation per functional unit of each inference measurement of `model`
/// estimated from compute, with the task and hardware it was benchmarked on.
fn inference_benchmarks(
    disclosure: &Disclosure,
    results: &Results,
    model: &Model,
) -> Vec<(String, String)> {
    disclosure
        .measurements
        .iter()
        .zip(&results.measurements)
        .filter(|(m, _)| m.phase == Phase::Inference && m.model == model.id)
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

/// How a training measurement's facility overhead is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overhead {
    /// The meter is at the facility: overhead is in the reading.
    Metered,
    /// Added through the site's PUE.
    Pue,
    /// Not counted: the site gives no PUE.
    None,
}

impl Overhead {
    /// How the overhead of the measurement `id` is known, as the computation treated its
    /// facility part: no treatment where the meter's boundary holds it, else added through the
    /// site's PUE (a PUE of 1.00 is stated, and adds nothing) or excluded. Validation refuses
    /// a facility part completed from a factor.
    fn of(results: &Results, id: &str) -> Self {
        let facility = results
            .boundary
            .iter()
            .find(|b| b.measurement == id && b.part == BoundaryPart::Facility);
        match facility.map(|b| b.treatment) {
            None => Self::Metered,
            Some(Treatment::AddedViaPue) => Self::Pue,
            Some(Treatment::AddedFromFactor | Treatment::Excluded) => Self::None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Metered => "facility overhead metered",
            Self::Pue => "facility overhead added through the site's PUE",
            Self::None => "facility overhead not included (no PUE given)",
        }
    }
}

/// What the training energy covers, as the Form's energy field should say: the parts each
/// measurement covers, the parts added from declared factors, and how facility overhead is
/// known. Measurements that cover the same are said once; others each by their id, so that
/// no run is said to cover what only another covers.
fn training_boundary(disclosure: &Disclosure, results: &Results, training: &[usize]) -> String {
    let mut descriptions: Vec<(String, Vec<&str>)> = Vec::new();
    for &i in training {
        let (m, r) = (&disclosure.measurements[i], &results.measurements[i]);
        let mut seen: Vec<&str> = m.boundary.iter().map(|p| p.label()).collect();
        let mut added: Vec<&str> = r.completion.iter().map(|c| c.part.label()).collect();
        for list in [&mut seen, &mut added] {
            list.sort_unstable();
            list.dedup();
        }
        let added = if added.is_empty() {
            String::new()
        } else {
            format!("; added from declared factors: {}", added.join(", "))
        };
        let description = format!(
            "boundary: {}{added}; {}",
            seen.join(", "),
            Overhead::of(results, &m.id).label()
        );
        match descriptions.iter_mut().find(|(d, _)| *d == description) {
            Some((_, ids)) => ids.push(&m.id),
            None => descriptions.push((description, vec![&m.id])),
        }
    }
    if let [(description, _)] = descriptions.as_slice() {
        return description.clone();
    }
    descriptions
        .iter()
        .map(|(description, ids)| format!("{}: {description}", ids.join(", ")))
        .collect::<Vec<_>>()
        .join(" — ")
}

/// How a figure obtained by `method` was obtained, as the Form's energy field says it:
/// measured, estimated (and how), or reported by a supplier, which the input does not say
/// was measured or estimated.
fn measured_or_estimated(method: Method) -> String {
    match method {
        Method::Metered | Method::DeviceTelemetry => format!("measured ({})", method.label()),
        Method::EstimatedFromHardware | Method::EstimatedFromCompute => method.label().to_owned(),
        Method::SupplierReported => "reported by the supplier".to_owned(),
        Method::DefaultFactor => "from a default factor".to_owned(),
    }
}

/// The energy of this period's training measurements `training`, as the Form's energy field
/// says it: with facility overhead only where every one of them has it (metered, or through a
/// PUE their site states), else which do, and their IT energy where a PUE separates it.
fn period_energy(disclosure: &Disclosure, results: &Results, training: &[usize]) -> String {
    let mwh = |kwh: f64| format(convert(kwh, "kWh", "MWh"));
    let sum = |of: fn(&MeasurementResult) -> f64| -> f64 {
        training.iter().map(|&i| of(&results.measurements[i])).sum()
    };
    let (facility, it) = (sum(|r| r.facility_energy.value), sum(|r| r.it_energy.value));
    let with: Vec<&str> = training
        .iter()
        .map(|&i| disclosure.measurements[i].id.as_str())
        .filter(|id| Overhead::of(results, id) != Overhead::None)
        .collect();
    // A meter at the facility of a site with no PUE holds overhead nothing separates: its "IT
    // energy" in the results is the facility energy, which the field must not call IT energy.
    let unseparated: Vec<&str> = training
        .iter()
        .map(|&i| &disclosure.measurements[i])
        .filter(|m| {
            Overhead::of(results, &m.id) == Overhead::Metered
                && disclosure
                    .sites
                    .iter()
                    .find(|s| s.id == m.site)
                    .is_none_or(|s| s.pue.is_none())
        })
        .map(|m| m.id.as_str())
        .collect();
    let it_energy = if unseparated.is_empty() {
        format!("{} MWh IT energy", mwh(it))
    } else {
        format!(
            "IT energy not known: {} metered with the facility's overhead, which no PUE separates",
            unseparated.join(", ")
        )
    };
    if with.len() == training.len() {
        format!(
            "{} MWh including facility overhead ({it_energy})",
            mwh(facility)
        )
    } else if with.is_empty() {
        format!("{} MWh of IT energy, without facility overhead", mwh(it))
    } else {
        format!(
            "{} MWh, with facility overhead for {} only ({it_energy})",
            mwh(facility),
            with.join(", "),
        )
    }
}

/// The Form's energy field for `model`: its training record's cumulative energy when it states
/// one, else the sum of its training measurements in this disclosure.
fn training_energy(
    disclosure: &Disclosure,
    results: &Results,
    model: &Model,
    training: &[usize],
) -> String {
    if let Some((energy, boundary)) = model
        .training
        .as_ref()
        .and_then(|t| t.energy.as_ref().map(|e| (e, &t.boundary)))
    {
        let parts: Vec<&str> = boundary.iter().map(|p| p.label()).collect();
        let overhead = if boundary.contains(&BoundaryPart::Facility) {
            "facility overhead included"
        } else {
            "facility overhead not included"
        };
        let within = if training.is_empty() {
            String::new()
        } else {
            format!(
                "; of it, this reporting period's training measurements: {}",
                period_energy(disclosure, results, training)
            )
        };
        return format!(
            "{} MWh for all of the model's training, as stated; {}; covers: {}; {overhead}{within}",
            format(convert(energy.value.kwh(), "kWh", "MWh")),
            measured_or_estimated(energy.method),
            parts.join(", ")
        );
    }
    if training.is_empty() {
        return "not stated in the inputs".to_owned();
    }
    // The method is the measured energy's: the IT energy's, unless the meter saw the facility
    // (the overhead a PUE adds is said apart, with the boundary).
    let mut methods: Vec<String> = training
        .iter()
        .map(|&i| {
            let m = &disclosure.measurements[i];
            let what = if m.boundary.contains(&BoundaryPart::Facility) {
                "energy at the facility"
            } else {
                "IT energy"
            };
            format!("{what} {}", measured_or_estimated(m.energy.method))
        })
        .collect();
    methods.sort();
    methods.dedup();
    format!(
        "{}, from this reporting period's training measurements; {}; {}",
        period_energy(disclosure, results, training),
        methods.join(", "),
        training_boundary(disclosure, results, training)
    )
}

/// The value of each field of [`AUDIENCES`] for `model`, in order.
fn values(disclosure: &Disclosure, results: &Results, model: &Model) -> Vec<String> {
    let training = training_of(disclosure, model);
    let (days, range) = training_time(disclosure, results, model, &training);
    let (compute, compute_basis) = match model.training.as_ref().and_then(|t| t.compute.as_ref()) {
        Some(c) => (c.flops, format!(" ({}: {})", c.method.label(), c.source)),
        None => (
            training
                .iter()
                .filter_map(|&i| results.measurements[i].estimate.as_ref()?.flops())
                .sum(),
            " (the FLOPs of this reporting period's training estimates)".to_owned(),
        ),
    };
    let (amounts, tasks): (Vec<String>, Vec<String>) =
        inference_benchmarks(disclosure, results, model)
            .into_iter()
            .unzip();
    let listed = |items: Vec<String>| {
        if items.is_empty() {
            "not stated in the inputs".to_owned()
        } else {
            items.join("; ")
        }
    };
    let magnitude_only = model
        .training
        .as_ref()
        .and_then(|t| t.compute.as_ref())
        .is_some_and(|c| c.precision == FlopsPrecision::OrderOfMagnitude);
    // Known only to its power of ten, 10^25 may be 10^25 itself, which Art. 51(2) does not
    // presume; the rule is stated, not applied.
    let presumption = if magnitude_only && exponent(compute) == exponent(SYSTEMIC_RISK_FLOPS) {
        SYSTEMIC_RISK_RULE
    } else if compute > SYSTEMIC_RISK_FLOPS {
        SYSTEMIC_RISK_NOTE
    } else {
        ""
    };
    let stated = compute > 0.0;
    vec![
        days,
        range,
        if magnitude_only {
            "not stated in the inputs: they give the computation's order of magnitude only"
                .to_owned()
        } else if stated {
            format!("{}{compute_basis}{presumption}", flops(compute))
        } else {
            "not stated in the inputs".to_owned()
        },
        if stated {
            format!(
                "{}{}{presumption}",
                order_of_magnitude(compute),
                if model.training.as_ref().is_some_and(|t| t.compute.is_some()) {
                    ""
                } else {
                    " (the FLOPs of this reporting period's training estimates)"
                }
            )
        } else {
            "not stated in the inputs".to_owned()
        },
        training_energy(disclosure, results, model, &training),
        disclosure
            .methodology
            .training
            .clone()
            .unwrap_or_else(|| "not stated in the inputs".to_owned()),
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
        assert_eq!(flops(6.3e24), "6.3 × 10²⁴ FLOPs");
        // Two significant figures, as the Form asks: 3.11e23 → 3.1; 9.96e22 rounds up a power.
        assert_eq!(flops(3.11e23), "3.1 × 10²³ FLOPs");
        assert_eq!(flops(9.96e22), "1.0 × 10²³ FLOPs");
        // Around Art. 51(2)'s 10²⁵, as many digits as keep the figure on its side of it
        // (attack review, 2026-12-01: 9.96e24 and 1.004e25 both read "1.0 × 10²⁵").
        assert_eq!(flops(9.96e24), "9.96 × 10²⁴ FLOPs");
        assert_eq!(flops(1.004e25), "1.004 × 10²⁵ FLOPs");
        assert_eq!(flops(1.05e25), "1.05 × 10²⁵ FLOPs");
        assert_eq!(flops(1.2e25), "1.2 × 10²⁵ FLOPs");
        assert_eq!(flops(1e25), "1.0 × 10²⁵ FLOPs");
        assert_eq!(flops(9.999_999_9e24), "9.9999999 × 10²⁴ FLOPs");
        assert_eq!(power_of_ten(-3), "10⁻³");

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
        assert_eq!(TimeRange::of_days(29).label(), "less than 1 month");
        assert_eq!(TimeRange::of_days(30).label(), "1 to 3 months");
        assert_eq!(TimeRange::of_days(120).label(), "3 to 6 months");
        assert_eq!(TimeRange::of_days(200).label(), "more than 6 months");
        // log10(3.7e25) = 25.57: between 10^25 and 10^26.
        assert_eq!(
            order_of_magnitude(3.7e25),
            "10²⁵ FLOPs (at least 10²⁵, less than 10²⁶)"
        );
    }
}
