//! `plausible`: magnitudes no AI system can have are errors, and magnitudes no AI system is
//! likely to have are warnings, so that a slipped unit (`MWh` for `kWh`, a missing decimal
//! point) is caught before it reaches a report.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "plausible",
    summary: "energies (measured, and a model's training), energy per functional unit (measured, and a lever's), every grid factor (grid average, residual mix, instruments, monthly), embodied emissions, a provider's published training emissions, water intensities, the power of an estimate's devices, a claim's rebound and its scenarios' emissions over the units delivered lie within what AI systems, hardware, grids and sites can have",
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

/// Embodied emissions no unit of hardware can have: 1,000 tCO2e, some hundred times a GPU
/// server's (a few tonnes in published life-cycle assessments); a kgCO2e figure written in
/// tCO2e lands above it.
const IMPOSSIBLE_EMBODIED_KG: f64 = 1e6;

/// Water no site or power plant uses per kWh: 1,000 L, some hundred times the most a
/// thermal plant's cooling consumes (a few L/kWh).
const IMPOSSIBLE_L_PER_KWH: f64 = 1e3;

/// Water no data centre consumes on site per kWh: 100 L, some ten times the most evaporative
/// cooling in a hot, dry climate consumes; a WUE in mL/kWh written as L/kWh lands above it.
const IMPOSSIBLE_SITE_L_PER_KWH: f64 = 100.0;

/// Above lignite, the most carbon-intensive generation.
const LARGE_G_PER_KWH: f64 = 1_500.0;

/// Twice lignite's: no grid, residual mix or generator emits this much; a factor in kgCO2e/kWh
/// written for gCO2e/kWh lands far above it.
pub(crate) const IMPOSSIBLE_G_PER_KWH: f64 = 3_000.0;

/// More than one device of an estimate draws, kW: a rack of GPU servers draws some 130 kW.
const IMPOSSIBLE_DEVICE_KW: f64 = 200.0;

/// More than a GPU server draws (about 14 kW for eight of the largest GPUs), kW: a device
/// above it is a rack, or a unit slip.
const LARGE_DEVICE_KW: f64 = 20.0;

/// More than one accelerator draws, kW: the largest boards draw under 2 kW (2026); a power in
/// W written as kW lands far above it.
const IMPOSSIBLE_ACCELERATOR_KW: f64 = 5.0;

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
    device_power(d, out);
    training(d, out);
    rebound(d, out);
    claim_scenarios(d, out);
    levers(d, out);
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied
            && embodied.value.kg() > IMPOSSIBLE_EMBODIED_KG
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "embodied emissions of more than 1,000 tCO2e for one unit of hardware",
                )
                .at(format!("/hardware/{h}/embodied/value"))
                .help("check the unit: a server's embodied emissions are a few tonnes (e.g. 3700 kgCO2e)"),
            );
        }
    }
    for (at, site) in super::sites(d) {
        for (field, figure, bound, what) in [
            (
                "wue",
                &site.wue,
                IMPOSSIBLE_SITE_L_PER_KWH,
                "100 L/kWh is more water than any data centre consumes on site",
            ),
            (
                "electricity_water",
                &site.electricity_water,
                IMPOSSIBLE_L_PER_KWH,
                "1,000 L/kWh is more water than any power plant uses",
            ),
        ] {
            if let Some(figure) = figure
                && figure.value.l_per_kwh() > bound
            {
                out.push(
                    Diagnostic::error(RULE.code, format!("more than {what}"))
                    .at(format!("{at}/{field}/value"))
                    .help("check the unit: water intensities run from 0 to a few L/kWh (m3/MWh is the same number; 300 mL/kWh is 0.3 L/kWh)"),
                );
            }
        }
        for (pointer, g) in grid_factors(site) {
            grid_factor(&format!("{at}/grid/{pointer}"), g, out);
        }
    }
}

/// Every emission factor a site states, with its pointer below `grid`, in g/kWh.
fn grid_factors(site: &crate::model::Site) -> Vec<(String, f64)> {
    let grid = &site.grid;
    let mut factors = vec![(
        "location_based/value".to_owned(),
        grid.location_based.value.g_per_kwh(),
    )];
    if let Some(market) = &grid.market_based {
        factors.push((
            "market_based/residual_mix".to_owned(),
            market.residual_mix.g_per_kwh(),
        ));
        for (k, instrument) in market.instruments.iter().enumerate() {
            factors.push((
                format!("market_based/instruments/{k}/factor"),
                instrument.factor.g_per_kwh(),
            ));
        }
    }
    if let Some(monthly) = &grid.monthly {
        for (month, factor) in &monthly.factors {
            factors.push((format!("monthly/factors/{month}"), factor.g_per_kwh()));
        }
    }
    factors
}

/// An emission factor beyond any generation's is an error, one beyond lignite's a warning.
fn grid_factor(pointer: &str, g: f64, out: &mut Vec<Diagnostic>) {
    let help = "check the unit: grid factors run from about 10 to 1,100 gCO2e/kWh (kgCO2e/MWh is the same number; 0.363 kgCO2e/kWh is 363 gCO2e/kWh)";
    let finding = if g > IMPOSSIBLE_G_PER_KWH {
        Diagnostic::error(
            RULE.code,
            format!(
                "{} gCO2e/kWh is more than twice what lignite emits",
                crate::text::number::plain(g)
            ),
        )
    } else if g > LARGE_G_PER_KWH {
        Diagnostic::warning(
            RULE.code,
            format!(
                "{} gCO2e/kWh is more than any grid emits",
                crate::text::number::plain(g)
            ),
        )
    } else {
        return;
    };
    out.push(finding.at(pointer.to_owned()).help(help));
}

/// The power of one device in an estimate: beyond a rack's (hardware estimates, whose devices
/// may be servers) or an accelerator's (compute estimates and training hardware) is an error.
fn device_power(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut powers: Vec<(String, f64, bool)> = Vec::new();
    for (i, m) in d.measurements.iter().enumerate() {
        let at = format!("/measurements/{i}/energy");
        if let Some(h) = &m.energy.hardware {
            for (field, power) in [
                ("power", h.power),
                ("idle_power", h.idle_power),
                ("max_power", h.max_power),
            ] {
                if let Some(power) = power {
                    powers.push((format!("{at}/hardware/{field}"), power.kw(), false));
                }
            }
        }
        if let Some(c) = &m.energy.compute {
            // A compute estimate's devices are accelerators or, with a node's peak FLOP/s,
            // whole servers: held to a device's bound.
            powers.push((format!("{at}/compute/power"), c.power.kw(), false));
        }
    }
    for (k, model) in d.system.models.iter().enumerate() {
        if let Some(power) = model
            .training
            .as_ref()
            .and_then(|t| t.hardware.as_ref())
            .and_then(|h| h.max_power)
        {
            powers.push((
                format!("/system/models/{k}/training/hardware/max_power"),
                power.kw(),
                true,
            ));
        }
    }
    for (pointer, kw, accelerator) in powers {
        let watts = crate::text::number::plain(kw * 1000.0);
        let finding = if accelerator && kw > IMPOSSIBLE_ACCELERATOR_KW {
            Diagnostic::error(
                RULE.code,
                format!("{watts} W is more than one accelerator draws (the largest draw under 2,000 W)"),
            )
            .help("check the unit: an accelerator's power is hundreds of W (e.g. 700 W for an H100 SXM)")
        } else if kw > IMPOSSIBLE_DEVICE_KW {
            Diagnostic::error(
                RULE.code,
                format!("{watts} W is more than one device draws, even a rack of GPU servers"),
            )
            .help("check the unit: a power is of one device (e.g. 700 W for a GPU, 10 kW for a GPU server)")
        } else if kw > LARGE_DEVICE_KW {
            Diagnostic::warning(
                RULE.code,
                format!("{watts} W is more than a GPU server draws"),
            )
            .help("check the unit and that `devices` counts units drawing this power each (e.g. racks)")
        } else {
            continue;
        };
        out.push(finding.at(pointer));
    }
}

/// Emissions no training of one model can have: the impossible energy at the impossible
/// factor, 30 Gt of CO₂-equivalent, most of the world's yearly emissions. A figure in grams written as
/// kilograms lands above it only when it is already absurd, so the warning below matters more.
const IMPOSSIBLE_TRAINING_KG: f64 = IMPOSSIBLE_KWH * IMPOSSIBLE_G_PER_KWH / 1_000.0;

/// More than any training reported so far could emit: the large energy at lignite's factor,
/// 1.5 Mt of CO₂-equivalent (published estimates of the largest runs are tens of kilotonnes).
const LARGE_TRAINING_KG: f64 = LARGE_KWH * LARGE_G_PER_KWH / 1_000.0;

/// A model's training figures, its own (`training.energy`) or its provider's
/// (`upstream_training`), held to the bounds of a measurement's energy and to what energy at
/// those bounds could emit: they are printed beside the organisation's own figures, and a
/// model card's grams read as kilograms would be printed a thousand times too large.
fn training(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (k, model) in d.system.models.iter().enumerate() {
        let upstream = model.upstream_training.as_ref();
        let energies = [
            (
                upstream.and_then(|t| t.energy.as_ref()),
                "upstream_training",
            ),
            (
                model.training.as_ref().and_then(|t| t.energy.as_ref()),
                "training",
            ),
        ];
        for (energy, field) in energies {
            if let Some(energy) = energy {
                bounded(
                    out,
                    energy.value.kwh(),
                    format!("/system/models/{k}/{field}/energy/value"),
                    (
                        IMPOSSIBLE_KWH,
                        "the training energy is more than 10,000 TWh, a third of the world's electricity",
                        "check the unit: the largest training runs reported used tens of GWh",
                    ),
                    (
                        LARGE_KWH,
                        "the training energy is more than 1 TWh, more than any training reported",
                        "check the unit (MWh for kWh, TWh for GWh)",
                    ),
                );
            }
        }
        if let Some(emissions) = upstream.and_then(|t| t.emissions.as_ref()) {
            let grams =
                "check the unit: a model card gives grams (emissions: 232380 is 232 kgCO2e)";
            bounded(
                out,
                emissions.value.kg(),
                format!("/system/models/{k}/upstream_training/emissions/value"),
                (
                    IMPOSSIBLE_TRAINING_KG,
                    "the training emissions are more than 30 Gt CO2e, most of the world's yearly emissions",
                    grams,
                ),
                (
                    LARGE_TRAINING_KG,
                    "the training emissions are more than 1.5 Mt CO2e, more than any training reported",
                    grams,
                ),
            );
        }
    }
}

/// A claim's rebound, direct and indirect together, above 100 %: more use takes back more than
/// the efficiency saved (backfire). Studies report it (Sorrell, 2009, reviews them), so it is
/// not refused, but `15 %` written as `150%` lands there too, and the claim then adds
/// emissions.
fn rebound(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, claim) in d.claims.iter().enumerate() {
        let Some(rebound) = &claim.rebound else {
            continue;
        };
        let total = rebound.total();
        if total > 1.0 {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "a rebound of {} % takes back more than the solution avoids (backfire): the claim adds emissions",
                        crate::text::number::plain(total * 100.0)
                    ),
                )
                .at(format!("/claims/{i}/rebound/direct"))
                .help("check the figure: a rebound of 15 % is written `15%`; keep it if the source finds backfire"),
            );
        }
    }
}

/// The emissions of a claim's scenario over the units delivered no solution can concern: the
/// impossible training emissions' bound, most of the world's yearly emissions.
const IMPOSSIBLE_SCENARIO_KG: f64 = IMPOSSIBLE_TRAINING_KG;

/// More than the yearly emissions of all but a handful of countries, 1 Gt of CO₂-equivalent.
const LARGE_SCENARIO_KG: f64 = 1e12;

/// A claim's reference and solution scenarios over the units it delivers (emissions per unit ×
/// volume): an attack of 2026-12-02 gave a volume of `1e308`, whose figures overflowed to
/// nothing and passed the net-positive and amount criteria; `1e300` printed a 300-digit net
/// impact that met them.
fn claim_scenarios(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (i, claim) in d.claims.iter().enumerate() {
        for (scenario, name) in [
            (&claim.reference, "reference"),
            (&claim.solution, "solution"),
        ] {
            let total = scenario.emissions_per_unit.value.kg().abs() * claim.volume;
            // A volume that is no number has its own error (rule `claim`).
            if total.is_nan() {
                continue;
            }
            let check = "check `volume` (units delivered over the reporting period) and the unit of `emissions_per_unit`";
            bounded(
                out,
                total,
                format!("/claims/{i}/volume"),
                (
                    IMPOSSIBLE_SCENARIO_KG,
                    &format!(
                        "the {name} scenario's emissions over the units delivered are more than 30 Gt CO2e, most of the world's yearly emissions"
                    ),
                    check,
                ),
                (
                    LARGE_SCENARIO_KG,
                    &format!(
                        "the {name} scenario's emissions over the units delivered are more than 1 Gt CO2e, more than all but a few countries emit in a year"
                    ),
                    check,
                ),
            );
        }
    }
}

/// A lever's energy per functional unit against the bounds of a measurement's: the units it
/// moves, at that energy, can hold no more than a measurement can (an attack of 2026-12-03,
/// helper 74: `800 kWh` for `800 Wh` printed a saving of −3,199,960 %, and `1e306 Wh` figures
/// no number holds).
fn levers(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    use crate::model::Lever;
    for (k, scenario) in d.scenarios.iter().enumerate() {
        for (l, lever) in scenario.levers.iter().enumerate() {
            let (name, measurement, per_unit) = match lever {
                Lever::RightSize(r) => ("right_size", &r.measurement, &r.energy_per_unit),
                Lever::Route(r) => ("route", &r.measurement, &r.energy_per_unit),
                Lever::Relocate(_) | Lever::Shift(_) => continue,
            };
            let kwh = per_unit.value.kwh();
            // A unit or measurement that is not there has its own error (rule `scenarios`).
            let Some(count) = d
                .measurements
                .iter()
                .find(|m| &m.id == measurement)
                .and_then(|m| m.workload.get(per_unit.unit.as_str()))
            else {
                continue;
            };
            let pointer = format!("/scenarios/{k}/levers/{l}/{name}/energy_per_unit/value");
            let check = "check the unit: a request to a generative model takes watt-hours (e.g. 0.8 Wh), not kilowatt-hours";
            if kwh * count > IMPOSSIBLE_KWH {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "at this energy per {} the measurement's units would use more than 10,000 TWh, a third of the world's electricity",
                            per_unit.unit
                        ),
                    )
                    .at(pointer)
                    .help(check),
                );
            } else if kwh > LARGE_KWH_PER_UNIT {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "{} kWh per {} is implausibly high",
                            crate::text::number::format(kwh),
                            per_unit.unit
                        ),
                    )
                    .at(pointer)
                    .help(check),
                );
            }
        }
    }
}

/// An error at `pointer` where `value` is above the impossible bound, a warning where it is
/// above the large one: each a bound, its message and its help.
fn bounded(
    out: &mut Vec<Diagnostic>,
    value: f64,
    pointer: String,
    impossible: (f64, &str, &str),
    large: (f64, &str, &str),
) {
    let finding = if value > impossible.0 {
        Diagnostic::error(RULE.code, impossible.1).help(impossible.2)
    } else if value > large.0 {
        Diagnostic::warning(RULE.code, large.1).help(large.2)
    } else {
        return;
    };
    out.push(finding.at(pointer));
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, check};

    /// The rule's findings on the minimal fixture with its measured energy written `energy`.
    fn findings(energy: &str) -> Vec<Diagnostic> {
        edited(&[("value: 41.2 MWh", &format!("value: {energy}"))])
    }

    /// The rule's findings on the minimal fixture with each `(from, to)` replaced once.
    fn edited(edits: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check(&super::super::minimal_edited(edits), &mut out);
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

    #[test]
    fn a_levers_energy_per_unit_is_held_to_a_measurements_bounds() {
        use crate::diagnostic::Severity::{Error, Warning};
        let lever = |energy: &str| {
            flagged(&[(
                "methodology:",
                &format!(
                    "scenarios:\n  - id: smaller\n    description: a smaller model\n    levers:\n      - right_size: {{ measurement: inference, share: 0.4, model: Small-8B, energy_per_unit: {{ value: {energy}, unit: request, method: metered, source: pilot }} }}\nmethodology:"
                ),
            )])
        };
        let at = "/scenarios/0/levers/0/right_size/energy_per_unit/value".to_owned();
        assert!(lever("0.8 Wh").is_empty());
        // 800 kWh a request, Wh written as kWh: over the 10 kWh a unit a measurement warns at.
        assert_eq!(lever("800 kWh"), vec![(Warning, at.clone())]);
        // 18.4 million requests at 1e306 Wh are beyond any number a figure holds.
        assert_eq!(lever("1e306 Wh"), vec![(Error, at)]);
    }

    /// The (severity, pointer) of each finding on the fixture edited so.
    fn flagged(edits: &[(&str, &str)]) -> Vec<(crate::diagnostic::Severity, String)> {
        edited(edits)
            .into_iter()
            .map(|d| (d.severity, d.pointer))
            .collect()
    }

    #[test]
    fn a_factor_or_water_a_thousand_times_too_large_is_an_error_wherever_it_stands() {
        use crate::diagnostic::Severity::{Error, Warning};
        let grid = "/sites/0/grid";
        // kgCO2e/kWh written for gCO2e/kWh: 620,000 g/kWh, far above twice lignite's.
        assert_eq!(
            flagged(&[(
                "residual_mix: 620 gCO2e/kWh",
                "residual_mix: 620 kgCO2e/kWh"
            )]),
            [(Error, format!("{grid}/market_based/residual_mix"))]
        );
        assert_eq!(
            flagged(&[("factor: 0 gCO2e/kWh", "factor: 620 kgCO2e/kWh")]),
            [(Error, format!("{grid}/market_based/instruments/0/factor"))]
        );
        assert_eq!(
            flagged(&[(
                "    grid:\n",
                "    grid:\n      monthly: { factors: { 2026-01: 412 kgCO2e/kWh }, method: default_factor, source: ENTSO-E }\n"
            )]),
            [(Error, format!("{grid}/monthly/factors/2026-01"))]
        );
        // Beyond lignite but not twice it: a warning, as for the grid average.
        assert_eq!(
            flagged(&[("value: 363 gCO2e/kWh", "value: 1800 gCO2e/kWh")]),
            [(Warning, format!("{grid}/location_based/value"))]
        );
        // A WUE in mL/kWh written as L/kWh.
        assert_eq!(
            flagged(&[(
                "    grid:\n",
                "    wue: { value: 350 L/kWh, method: supplier_reported, source: operator report }\n    grid:\n"
            )]),
            [(Error, "/sites/0/wue/value".to_owned())]
        );
        assert!(
            flagged(&[(
                "    grid:\n",
                "    wue: { value: 0.35 L/kWh, method: supplier_reported, source: operator report }\n    grid:\n"
            )])
            .is_empty()
        );
    }

    #[test]
    fn a_device_power_beyond_the_device_is_an_error() {
        use crate::diagnostic::Severity::{Error, Warning};
        let estimate = |hardware: &str| {
            flagged(&[(
                "{ value: 41.2 MWh, method: device_telemetry, source: DCGM export }",
                &format!(
                    "{{ method: estimated_from_hardware, source: spec sheet, hardware: {hardware} }}"
                ),
            )])
        };
        let at = "/measurements/0/energy/hardware";
        // 250 kW for one GPU (a W/kW slip) is beyond even a rack; 30 kW a warning (a rack
        // counted as a device is possible); 700 W holds.
        assert_eq!(
            estimate("{ devices: 8, power: 250 kW }"),
            [(Error, format!("{at}/power"))]
        );
        assert_eq!(
            estimate("{ devices: 8, power: 30 kW }"),
            [(Warning, format!("{at}/power"))]
        );
        assert!(estimate("{ devices: 8, power: 700 W }").is_empty());
        assert_eq!(
            estimate("{ devices: 8, max_power: 700 kW, idle_power: 100 W, utilisation: 0.5 }"),
            [(Error, format!("{at}/max_power"))]
        );
        // A compute estimate's devices may be whole servers (a node's peak FLOP/s): 10.2 kW
        // for a DGX holds (review, 2026-12-01); 250 kW is beyond a rack.
        let compute = |power: &str| {
            flagged(&[(
                "{ value: 41.2 MWh, method: device_telemetry, source: DCGM export }",
                &format!(
                    "{{ method: estimated_from_compute, source: logs, compute: {{ flops: 1e21, devices: 8, peak_flops_per_second: 989e12, utilisation: 0.4, power: {power} }} }}"
                ),
            )])
        };
        assert_eq!(
            compute("250 kW"),
            [(Error, "/measurements/0/energy/compute/power".to_owned())]
        );
        assert!(compute("10.2 kW").is_empty());
    }

    #[test]
    fn embodied_emissions_in_tonnes_for_kilograms_are_an_error() {
        let hardware = "measurements:\n";
        let with = |embodied: &str| {
            flagged(&[(
                hardware,
                &format!(
                    "hardware:\n  - {{ id: gpu, description: GPU server, count: 4, embodied: {{ value: {embodied}, lifetime: 5 years, method: supplier_reported, source: LCA }} }}\nmeasurements:\n"
                ),
            )])
        };
        assert!(with("3700 kgCO2e").is_empty());
        assert_eq!(
            with("3700 tCO2e"),
            [(
                crate::diagnostic::Severity::Error,
                "/hardware/0/embodied/value".to_owned()
            )]
        );
    }

    #[test]
    fn training_figures_beyond_any_training_are_flagged() {
        use crate::diagnostic::Severity::{Error, Warning};
        let model = "- { id: main, name: Fixture-7B, provider: Fixture Labs }";
        let with = |training: &str| {
            flagged(&[(
                model,
                &format!(
                    "- {{ id: main, name: Fixture-7B, provider: Fixture Labs, upstream_training: {{ {training} }} }}"
                ),
            )])
        };
        let emissions = "/system/models/0/upstream_training/emissions/value".to_owned();
        let source = "method: supplier_reported, source: card";
        assert!(with(&format!("emissions: {{ value: 502 tCO2e, {source} }}")).is_empty());
        // The attack of 2026-12-02: a card's `emissions: 1e30` grams was imported and validated.
        assert_eq!(
            with(&format!("emissions: {{ value: 1e30 gCO2e, {source} }}")),
            [(Error, emissions.clone())]
        );
        assert_eq!(
            with(&format!("emissions: {{ value: 2000 ktCO2e, {source} }}")),
            [(Warning, emissions)]
        );
        assert_eq!(
            with(&format!("energy: {{ value: 2 TWh, {source} }}")),
            [(
                Warning,
                "/system/models/0/upstream_training/energy/value".to_owned()
            )]
        );
    }
}
