//! `plausible`: magnitudes no AI system can have are errors, and magnitudes no AI system is
//! likely to have are warnings, so that a slipped unit (`MWh` for `kWh`, a missing decimal
//! point) is caught before it reaches a report.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "plausible",
    summary: "energies, energy per functional unit, grid factors, embodied emissions and water intensities lie within what AI systems, hardware, grids and sites can have",
    why: "All data centres in the world used about 415 TWh of electricity in 2024 (IEA, Energy and AI, 2025), and no grid emits more than lignite generation, about 1,100–1,200 gCO2e/kWh (IPCC AR5 WG3 Annex III). A figure far beyond these is a typo or a unit slip, and one beyond the world's electricity would also make totals meaningless.",
    example: "energy: { value: 41.2 TWh, … }   # fix: the unit meant, e.g. value: 41.2 MWh",
    check: Check::Disclosure(check),
};

/// More than a third of the world's yearly electricity generation (about 30,000 TWh): no
/// measurement of one AI system can hold it. Also keeps every total far from overflow.
pub(crate) const IMPOSSIBLE_KWH: f64 = 1e13;

// 500,000 values (the default --max-nodes) at the impossible bound sum to 5e18 kWh, far
// within f64: checked when the crate compiles.
const _: () = assert!((IMPOSSIBLE_KWH * 500_000.0).is_finite());

/// One terawatt-hour: more than the largest AI training runs and serving fleets reported so far.
pub(crate) const LARGE_KWH: f64 = 1e9;

/// 10 kWh for one functional unit of inference: orders of magnitude above published figures
/// for a chat prompt (about 0.3 Wh) or a generated video (about 1 kWh at most).
const LARGE_KWH_PER_UNIT: f64 = 10.0;

/// Embodied emissions no unit of hardware can have: 10,000 tCO2e, some thousand times a
/// GPU server's (a few tonnes in published life-cycle assessments).
const IMPOSSIBLE_EMBODIED_KG: f64 = 1e7;

/// Water no site or power plant uses per kWh: 1,000 L, some hundred times the most a
/// thermal plant's cooling consumes (a few L/kWh).
const IMPOSSIBLE_L_PER_KWH: f64 = 1e3;

/// Above lignite, the most carbon-intensive generation.
const LARGE_G_PER_KWH: f64 = 1_500.0;

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, m) in d.measurements.iter().enumerate() {
        let Some(energy) = m.energy.value else {
            continue;
        };
        let kwh = energy.kwh();
        let pointer = format!("/measurements/{i}/energy/value");
        if kwh > IMPOSSIBLE_KWH {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "the energy is more than 10,000 TWh, a third of the world's electricity",
                )
                .at(pointer)
                .help("check the unit: a measurement of one AI system is at most a few TWh"),
            );
            continue;
        }
        if kwh > LARGE_KWH {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "{} TWh is more than any AI system is known to use",
                        crate::text::number::format(kwh / 1e9)
                    ),
                )
                .at(pointer.clone())
                .help("check the unit (MWh for kWh, TWh for GWh)"),
            );
        }
        // A unit of training (a run, an epoch) takes far more than a unit of service does.
        if m.phase != crate::model::Phase::Inference {
            continue;
        }
        for (unit, count) in &m.workload {
            if *count > 0.0 && kwh / count > LARGE_KWH_PER_UNIT {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "{} kWh per {unit} is implausibly high",
                            crate::text::number::format(kwh / count)
                        ),
                    )
                    .at(format!("/measurements/{i}/workload/{unit}"))
                    .help("check the energy's unit and the count of functional units: a request to a generative model takes watt-hours, not kilowatt-hours"),
                );
            }
        }
    }
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied
            && embodied.value.kg() > IMPOSSIBLE_EMBODIED_KG
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "embodied emissions of more than 10,000 tCO2e for one unit of hardware",
                )
                .at(format!("/hardware/{h}/embodied/value"))
                .help("check the unit: a server's embodied emissions are a few tonnes (e.g. 3700 kgCO2e)"),
            );
        }
    }
    for (at, site) in super::sites(d) {
        for (field, figure) in [
            ("wue", &site.wue),
            ("electricity_water", &site.electricity_water),
        ] {
            if let Some(figure) = figure
                && figure.value.l_per_kwh() > IMPOSSIBLE_L_PER_KWH
            {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        "more than 1,000 L/kWh is more water than any site or power plant uses",
                    )
                    .at(format!("{at}/{field}/value"))
                    .help("check the unit: water intensities run from 0 to a few L/kWh (m3/MWh is the same number)"),
                );
            }
        }
        let g = site.grid.location_based.value.g_per_kwh();
        if g > LARGE_G_PER_KWH {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!("{g} gCO2e/kWh is more than any grid emits"),
                )
                .at(format!("{at}/grid/location_based/value"))
                .help("check the unit: grid factors run from about 10 to 1,100 gCO2e/kWh (kgCO2e/MWh is the same number)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, check};
    use crate::load::{self, Limits, Source};

    /// The rule's findings on the minimal fixture with its measured energy written `energy`.
    fn findings(energy: &str) -> Vec<Diagnostic> {
        let text = include_str!("../../../tests/fixtures/minimal.yaml").replacen(
            "value: 41.2 MWh",
            &format!("value: {energy}"),
            1,
        );
        let mut document =
            load::document(Source::from_text("minimal.yaml", text), Limits::default()).unwrap();
        let disclosure = crate::validate::Validator::new()
            .check(&mut document)
            .disclosure
            .unwrap();
        let mut out = Vec::new();
        check(&disclosure, &mut out);
        out
    }

    #[test]
    fn energies_beyond_any_ai_system_are_flagged() {
        assert!(findings("41.2 MWh").is_empty());
        // 2 TWh is over the 1 TWh warning line (and, over the fixture's requests, over 10 kWh
        // a request); 20,000 TWh is over the impossible bound.
        let large: Vec<Diagnostic> = findings("2 TWh")
            .into_iter()
            .filter(|d| d.pointer.ends_with("/energy/value"))
            .collect();
        assert_eq!(large.len(), 1);
        assert_eq!(large[0].severity, crate::diagnostic::Severity::Warning);
        assert!(
            large[0].message.starts_with("2.000 TWh"),
            "{}",
            large[0].message
        );
        let impossible = findings("20000 TWh");
        assert_eq!(impossible[0].severity, crate::diagnostic::Severity::Error);
    }
}
