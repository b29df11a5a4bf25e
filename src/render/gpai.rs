//! The energy and compute fields of the Model Documentation Form of the General-Purpose AI
//! Code of Practice (Transparency chapter, 2025), which documents what AI Act Annex XI,
//! Section 1, point 2(d) and (e) ask of a provider: the computational resources used to
//! train the model (e.g. number of floating point operations) and training time, and the known
//! or estimated energy consumption. The Form marks each field with who receives it: the AI
//! Office (AIO), national competent authorities (NCA), downstream providers (DP). A report
//! made `--audience` shows exactly the fields that audience receives. `templates/eu-ai-act/
//! README.md` lists the fields and their sources.

use serde::Serialize;

use super::number::format;
use crate::compute::{Results, energy};
use crate::model::{Disclosure, Method, Phase};

/// Who a report is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The European AI Office.
    AiOffice,
    /// National competent authorities.
    Authority,
    /// Providers of AI systems that integrate the model.
    Downstream,
}

impl Audience {
    /// The audience as the report names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Audience::AiOffice => "the AI Office",
            Audience::Authority => "national competent authorities",
            Audience::Downstream => "downstream providers",
        }
    }
}

/// One field of the Form as the report fills it.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The field's name in the Form.
    name: &'static str,
    value: String,
    /// The audiences the Form gives it to, as marked there ("AIO, NCA").
    audiences: &'static str,
}

/// The Form's energy and compute section of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// Whether the disclosure documents training of its own (the Form is a provider's).
    applies: bool,
    /// The audience the report is made for, or empty for all.
    audience: String,
    /// The fields that audience receives.
    fields: Vec<Field>,
}

/// The fields and who receives each: energy and compute fields go to the AI Office and
/// national competent authorities on request; the Form does not mark them for downstream
/// providers.
const AUDIENCES: &[(&str, &[Audience])] = &[
    ("Training time", &[Audience::AiOffice, Audience::Authority]),
    (
        "Amount of computation used for training",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Energy consumption (training)",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Measured or estimated",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Methodology for the energy consumption",
        &[Audience::AiOffice, Audience::Authority],
    ),
    (
        "Benchmarked amount of computation used for inference",
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
        (true, false, false) => "AIO",
        _ => "DP",
    }
}

/// A number of FLOPs in scientific notation to three significant figures, as the Form writes
/// them (e.g. "3.70 × 10^25 FLOPs"; at least two significant figures are asked for).
fn flops(value: f64) -> String {
    if !value.is_finite() || value <= 0.0 {
        return "not stated in the inputs".to_owned();
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite positive f64 is within ±330"
    )]
    let exponent = value.log10().floor() as i32;
    format!("{:.2} × 10^{exponent} FLOPs", value / 10_f64.powi(exponent))
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

/// The value of each field of [`AUDIENCES`], in order.
fn values(disclosure: &Disclosure, results: &Results, training: &[usize]) -> Vec<String> {
    let period = disclosure.reporting_period;
    let days: Vec<String> = training
        .iter()
        .map(|&i| {
            let p = disclosure.measurements[i].period.unwrap_or(period);
            format!("{} to {} ({} days)", p.start, p.end, p.days())
        })
        .collect();
    let compute: f64 = training
        .iter()
        .filter_map(|&i| {
            let m = &disclosure.measurements[i];
            energy::estimate_flops(m.energy.compute.as_ref()?, m.phase).map(|(f, _)| f)
        })
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
        m.dedup();
        m
    };
    let inference: Vec<String> = disclosure
        .measurements
        .iter()
        .filter(|m| m.phase == Phase::Inference)
        .filter_map(|m| {
            let (f, _) = energy::estimate_flops(m.energy.compute.as_ref()?, m.phase)?;
            let (unit, count) = m.workload.iter().next()?;
            Some(format!("{} per {unit}", flops(f / count)))
        })
        .collect();
    vec![
        if days.is_empty() {
            "no training in this disclosure".to_owned()
        } else {
            days.join("; ")
        },
        flops(compute),
        format!(
            "{} MWh including facility overhead ({} MWh IT energy)",
            format(kwh / 1000.0),
            format(it_kwh / 1000.0)
        ),
        methods.join(", "),
        disclosure.methodology.narrative.clone(),
        if inference.is_empty() {
            "not stated in the inputs (give a compute estimate of an inference measurement)"
                .to_owned()
        } else {
            inference.join("; ")
        },
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
        assert_eq!(
            marks(&[Audience::AiOffice, Audience::Authority]),
            "AIO, NCA"
        );
    }
}
