//! The data behind a report's charts, laid out once here so that the Typst and HTML templates
//! only draw: every bar carries its value as written, and its length as a fraction of the
//! longest bar of its chart; every line carries its points scaled to 0–1.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::{Results, lifecycle};
use crate::model::quantity::convert;
use crate::model::{Disclosure, Method};
use crate::text::number::{format, percent};

/// One bar: a label, the value as written, and its length relative to the longest bar.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bar {
    /// What the bar stands for: `site · phase`, a model id or a scenario id, by chart.
    label: String,
    /// The value in the chart's unit (4 significant figures, thousands grouped).
    display: String,
    /// Length relative to the longest bar of its chart, 0 to 1 (0 when no value is positive).
    fraction: f64,
}

/// Two bars side by side for one label (location- and market-based emissions of a site).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pair {
    /// The site's id.
    label: String,
    /// Location-based emissions, tCO2e (4 significant figures, thousands grouped).
    first: String,
    /// Length of the location-based bar relative to the longest bar of the chart, 0 to 1.
    first_fraction: f64,
    /// Market-based emissions, tCO2e (4 significant figures, thousands grouped).
    second: String,
    /// Length of the market-based bar relative to the longest bar of the chart, 0 to 1.
    second_fraction: f64,
}

/// A segment of a bar that adds up to 100 %.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Segment {
    /// The method tier, e.g. `metered`, `estimated from hardware`, `default factor`.
    label: String,
    /// Its share of the IT energy, 0 to 1.
    share: f64,
    /// The share as a whole percentage, e.g. `78 %`.
    display: String,
    /// Whether the tier rests on measurement (metered or device telemetry).
    measured: bool,
}

/// The training/inference crossover of one model: cumulative inference emissions against
/// the training emissions, over time.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Crossover {
    /// The model's id.
    model: String,
    /// The model's training emissions, tCO2e (4 significant figures, thousands grouped).
    training_t: String,
    /// Training level, 0–1 of the chart's height.
    training_level: f64,
    /// Cumulative inference emissions: (day, tonnes) scaled to 0–1 on both axes.
    points: Vec<(f64, f64)>,
    /// Days from inference's start to the crossover (4 significant figures, thousands grouped).
    days: String,
    /// The days the horizontal axis spans.
    horizon: String,
    /// The date of the crossover.
    date: String,
}

/// Energy per unit of one functional unit, one bar per model.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UnitChart {
    /// The functional unit's id.
    unit: String,
    /// One bar per model, labelled with its id: facility energy per unit, Wh.
    bars: Vec<Bar>,
}

/// Every chart of a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Charts {
    /// Facility energy by site and phase, in megawatt-hours.
    energy: Vec<Bar>,
    /// Location- and market-based emissions (tCO2e) by site.
    emissions: Vec<Pair>,
    /// Shares of IT energy by method tier.
    tiers: Vec<Segment>,
    /// Energy per functional unit (Wh) across models, for units served by more than one.
    per_unit: Vec<UnitChart>,
    /// Training/inference crossovers.
    crossovers: Vec<Crossover>,
    /// Location-based emissions saved by each design scenario (tCO2e), largest first.
    savings: Vec<Bar>,
    /// From gross avoided emissions to the net figure, per claim.
    waterfalls: Vec<Waterfall>,
}

/// One step of a waterfall: where its bar starts and ends, as fractions of the chart's span.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WaterfallStep {
    /// The step: `gross avoided`, `rebound`, `others' share`, `AI footprint` or `net impact`.
    label: String,
    /// Signed change, or figure for a total, tCO2e (4 significant figures, thousands grouped).
    display: String,
    /// Where the bar starts, as a fraction (0 to 1) of the chart's span.
    from: f64,
    /// Where the bar ends, as a fraction (0 to 1) of the chart's span; never less than `from`.
    to: f64,
    /// A total (from zero) rather than a change.
    total: bool,
}

/// The waterfall of one claim, with where zero lies on its axis.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Waterfall {
    /// The claim's id.
    claim: String,
    /// Where zero lies on the axis, as a fraction (0 to 1) of the chart's span.
    zero: f64,
    /// The five steps, from gross avoided emissions to the net impact.
    steps: Vec<WaterfallStep>,
}

/// Gross avoided emissions, less rebound, less the share others claim, less the AI system's
/// footprint, to the net impact; tCO2e.
fn waterfall(claim: &crate::compute::claims::ClaimResult) -> Waterfall {
    let v: Vec<f64> = claim
        .steps
        .iter()
        .map(|s| convert(s.value, "kgCO2e", "tCO2e"))
        .collect();
    let (gross, after, attributed, own, net) = (v[0], v[1], v[2], v[3], v[4]);
    let low = [0.0, gross, after, attributed, net]
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    let high = [0.0, gross, after, attributed, net]
        .into_iter()
        .fold(f64::NEG_INFINITY, f64::max);
    let span = (high - low).max(f64::MIN_POSITIVE);
    let at = |x: f64| (x - low) / span;
    let step = |label: &str, a: f64, b: f64, total: bool, shown: f64| WaterfallStep {
        label: label.to_owned(),
        display: format(shown),
        from: at(a.min(b)),
        to: at(a.max(b)),
        total,
    };
    Waterfall {
        claim: claim.id.clone(),
        zero: at(0.0),
        steps: vec![
            step("gross avoided", 0.0, gross, true, gross),
            step("rebound", gross, after, false, after - gross),
            step(
                "others' share",
                after,
                attributed,
                false,
                attributed - after,
            ),
            step("AI footprint", attributed, attributed - own, false, -own),
            step("net impact", 0.0, net, true, net),
        ],
    }
}

fn bars(values: Vec<(String, f64)>, show: impl Fn(f64) -> String) -> Vec<Bar> {
    let max = values.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    values
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            display: show(value),
            fraction: if max > 0.0 { value / max } else { 0.0 },
        })
        .collect()
}

/// Builds every chart from `results`.
#[must_use]
pub fn build(disclosure: &Disclosure, results: &Results) -> Charts {
    let mut energy: Vec<(String, f64)> = Vec::new();
    for site in &results.sites {
        for m in results.measurements.iter().filter(|m| m.site == site.id) {
            let label = format!("{} · {}", site.id, m.phase.label());
            match energy.iter_mut().find(|(l, _)| *l == label) {
                Some((_, v)) => *v += m.facility_energy.in_("MWh"),
                None => energy.push((label, m.facility_energy.in_("MWh"))),
            }
        }
    }
    let max_t = results
        .sites
        .iter()
        .map(|s| {
            s.location_based
                .in_("tCO2e")
                .max(s.market_based.in_("tCO2e"))
        })
        .fold(0.0_f64, f64::max);
    let fraction = |t: f64| if max_t > 0.0 { t / max_t } else { 0.0 };
    let emissions = results
        .sites
        .iter()
        .map(|s| {
            let (l, m) = (s.location_based.in_("tCO2e"), s.market_based.in_("tCO2e"));
            Pair {
                label: s.id.clone(),
                first: format(l),
                first_fraction: fraction(l),
                second: format(m),
                second_fraction: fraction(m),
            }
        })
        .collect();
    let tiers = results
        .total
        .tiers
        .iter()
        .filter(|t| t.share > 0.0)
        .map(|t| Segment {
            label: t.method.label().to_owned(),
            share: t.share,
            display: percent(t.share),
            measured: matches!(t.method, Method::Metered | Method::DeviceTelemetry),
        })
        .collect();
    let mut units: Vec<&str> = results
        .per_unit
        .iter()
        .map(|p| p.functional_unit.as_str())
        .collect();
    units.dedup();
    let per_unit = units
        .into_iter()
        .filter_map(|unit| {
            let values: Vec<(String, f64)> = results
                .per_unit
                .iter()
                .filter(|p| p.functional_unit == unit && p.model.is_some())
                .map(|p| (p.model.clone().unwrap_or_default(), p.energy.value))
                .collect();
            (values.len() > 1).then(|| UnitChart {
                unit: unit.to_owned(),
                bars: bars(values, format),
            })
        })
        .collect();
    Charts {
        energy: bars(energy, format),
        emissions,
        tiers,
        per_unit,
        crossovers: crossovers(disclosure, results),
        savings: {
            let mut savings: Vec<(String, f64)> = results
                .scenarios
                .iter()
                .map(|s| (s.id.clone(), s.location_saving.in_("tCO2e").max(0.0)))
                .collect();
            savings.sort_by(|a, b| b.1.total_cmp(&a.1));
            bars(savings, format)
        },
        waterfalls: results.claims.iter().map(waterfall).collect(),
    }
}

/// Points of the cumulative inference emissions against training, for each model whose
/// crossover is known: out to 1.25 × the crossover day, so the crossing shows.
fn crossovers(disclosure: &Disclosure, results: &Results) -> Vec<Crossover> {
    const POINTS: u32 = 24;
    results
        .lifecycle
        .iter()
        .filter(|l| lifecycle::trains_own(disclosure, &l.model))
        .filter_map(|l| {
            let training = l.training.as_ref()?.value;
            let rate = l.inference_run_rate.as_ref()?.value;
            let growth = disclosure
                .system
                .models
                .iter()
                .find(|m| m.id == l.model)
                .and_then(|m| m.growth)
                .map_or(0.0, crate::model::Percent::fraction);
            let days = lifecycle::crossover_days(training, rate, growth)?;
            let horizon = days * 1.25;
            let top = lifecycle::cumulative(rate, growth, horizon).max(training);
            if !(horizon > 0.0 && top > 0.0) {
                return None;
            }
            let points = (0..=POINTS)
                .map(|i| {
                    let day = horizon * f64::from(i) / f64::from(POINTS);
                    (
                        f64::from(i) / f64::from(POINTS),
                        lifecycle::cumulative(rate, growth, day) / top,
                    )
                })
                .collect();
            Some(Crossover {
                model: l.model.clone(),
                training_t: format(convert(training, "kgCO2e", "tCO2e")),
                training_level: training / top,
                points,
                days: format(days),
                horizon: format(horizon),
                date: l.crossover.map_or_else(String::new, |d| d.to_string()),
            })
        })
        .collect()
}
