//! The data behind a report's charts, laid out once here so that the Typst and HTML templates
//! only draw: every bar carries its value as written, and its length as a fraction of its
//! chart's axis; every line carries its points scaled to 0–1 of its axes; every axis carries
//! its unit and its ticks at round values, so a reader can read a bar without its label.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::{Results, lifecycle};
use crate::model::quantity::convert;
use crate::model::{Disclosure, Method};
use crate::text::number::{format, plain, shown_points};

/// A value axis from zero: its unit and its ticks at round values, the last at the axis's end.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Axis {
    /// The unit of the values, e.g. `MWh`.
    unit: String,
    /// The ticks, from zero to the axis's end.
    ticks: Vec<Tick>,
}

/// One tick of an axis.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Tick {
    /// Where it falls, 0 to 1 of the axis's length.
    at: f64,
    /// The value it marks, in the axis's unit, e.g. `20` or `2.5`.
    label: String,
}

/// Most ticks after zero an axis is given: enough to read a bar, few enough to label.
const TICKS: f64 = 4.0;

/// The axis from zero that holds `max` in `unit`, with ticks every 1, 2, 2.5 or 5 × 10ⁿ, and
/// its end (the value at 1). An axis of nothing positive runs to 1.
fn axis(max: f64, unit: &str) -> (Axis, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let (axis, _, end) = span(0.0, max, unit);
    (axis, end)
}

/// The axis that holds `low` to `high` (with `low ≤ 0 < high`) in `unit`, with ticks every 1,
/// 2, 2.5 or 5 × 10ⁿ at round values, zero among them; and its start and end (the values at 0
/// and 1).
fn span(low: f64, high: f64, unit: &str) -> (Axis, f64, f64) {
    let raw = (high - low) / TICKS;
    let magnitude = 10_f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    // Counting steps avoids the drift of adding them; a hair over a step is not a new one.
    let below = (-low / step - 1e-9).ceil().max(0.0);
    let above = (high / step - 1e-9).ceil().max(1.0);
    let (start, end) = (-below * step, above * step);
    #[allow(
        clippy::cast_possible_truncation,
        reason = "at most TICKS + 2 steps either side of zero, a small whole number"
    )]
    let ticks = (-(below as i32)..=above as i32)
        .map(|k| {
            let value = f64::from(k) * step;
            Tick {
                at: (value - start) / (end - start),
                label: plain(value),
            }
        })
        .collect();
    (
        Axis {
            unit: unit.to_owned(),
            ticks,
        },
        start,
        end,
    )
}

/// One bar: a label, the value as written, and its length relative to the longest bar.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bar {
    /// What the bar stands for: `site · phase`, a model id or a scenario id, by chart.
    label: String,
    /// The value in the chart's unit (4 significant figures, thousands grouped).
    display: String,
    /// Length as a fraction of its chart's axis, 0 to 1 (0 for a value not above zero).
    fraction: f64,
}

/// Two bars side by side for one label (location- and market-based emissions of a site).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pair {
    /// The site's id.
    label: String,
    /// Location-based emissions, tCO2e (4 significant figures, thousands grouped).
    first: String,
    /// Length of the location-based bar as a fraction of the chart's axis, 0 to 1.
    first_fraction: f64,
    /// Market-based emissions, tCO2e (4 significant figures, thousands grouped).
    second: String,
    /// Length of the market-based bar as a fraction of the chart's axis, 0 to 1.
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
    /// The horizontal axis: days from `from`.
    x_axis: Axis,
    /// The vertical axis: cumulative emissions, in tonnes of CO2-equivalent.
    y_axis: Axis,
    /// Where the count of inference starts, in words with its date: "the start of inference,
    /// 2026-03-01" or "the first day of inference after the last dated training run,
    /// 2026-01-20".
    from: String,
    /// Days from `from` to the crossover (4 significant figures, thousands grouped).
    days: String,
    /// The days the horizontal axis spans, a round number (`20`, `250`).
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
    /// The bars' axis, in watt-hours.
    axis: Axis,
}

/// Every chart of a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Charts {
    /// Facility energy by site and phase, in megawatt-hours.
    energy: Vec<Bar>,
    /// The axis of `energy`, in megawatt-hours.
    energy_axis: Axis,
    /// Location- and market-based emissions (tCO2e) by site.
    emissions: Vec<Pair>,
    /// The axis of `emissions`, in tonnes of CO2-equivalent.
    emissions_axis: Axis,
    /// Shares of IT energy by method tier.
    tiers: Vec<Segment>,
    /// Energy per functional unit (Wh) across models, for units served by more than one.
    per_unit: Vec<UnitChart>,
    /// Training/inference crossovers.
    crossovers: Vec<Crossover>,
    /// Location-based emissions saved by each design scenario (tCO2e), largest first.
    savings: Vec<Bar>,
    /// The axis of `savings`, in tonnes of CO2-equivalent.
    savings_axis: Axis,
    /// From gross avoided emissions to the net figure, per claim.
    waterfalls: Vec<Waterfall>,
    /// Each site's hours as a heat map (day by hour of day), for sites with hourly figures.
    heatmaps: Vec<super::heatmap::Heatmap>,
    /// The heat maps' images by path, which the PDF's Typst world serves.
    #[serde(skip)]
    #[schemars(skip)]
    images: Vec<(String, Vec<u8>)>,
}

impl Charts {
    /// The images drawn for the charts, by their path in the Typst world.
    #[must_use]
    pub fn images(&self) -> &[(String, Vec<u8>)] {
        &self.images
    }
}

/// One step of a waterfall: where its bar starts and ends, as fractions of the chart's span.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WaterfallStep {
    /// The step: `gross avoided`, `AI footprint`, `rebound`, `others' share` or `net impact`.
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
    /// The five steps, from the scenarios' difference to the net impact.
    steps: Vec<WaterfallStep>,
    /// The axis, in tonnes of CO2-equivalent.
    axis: Axis,
}

/// The scenarios' difference, less the AI system's footprint, less rebound, less the share
/// others may claim, to the net impact; tCO2e, in the order `compute::claims` takes them.
fn waterfall(claim: &crate::compute::claims::ClaimResult) -> Waterfall {
    let v: Vec<f64> = claim
        .steps
        .iter()
        .map(|s| convert(s.value, "kgCO2e", "tCO2e"))
        .collect();
    let (gross, own, avoided, after, net) = (v[0], v[1], v[2], v[3], v[4]);
    let low = [0.0, gross, avoided, after, net]
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    let high = [0.0, gross, avoided, after, net]
        .into_iter()
        .fold(f64::NEG_INFINITY, f64::max);
    let (axis, start, end) = if high > low {
        span(low, high.max(f64::MIN_POSITIVE), "tCO2e")
    } else {
        span(0.0, 1.0, "tCO2e")
    };
    let at = |x: f64| (x - start) / (end - start);
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
            step("AI footprint", gross, avoided, false, -own),
            step("rebound", avoided, after, false, after - avoided),
            step("others' share", after, net, false, net - after),
            step("net impact", 0.0, net, true, net),
        ],
        axis,
    }
}

/// One bar per value, on an axis in `unit` that holds the largest.
fn bars(values: Vec<(String, f64)>, unit: &str) -> (Vec<Bar>, Axis) {
    let max = values.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let (axis, end) = axis(max, unit);
    let bars = values
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            display: format(value),
            fraction: (value / end).max(0.0),
        })
        .collect();
    (bars, axis)
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
    let (emissions_axis, end) = axis(max_t, "tCO₂e");
    let fraction = |t: f64| (t / end).max(0.0);
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
    // The points the tables print, adding up to 100 % as theirs do.
    let points = super::context::tier_percents(&results.total.tiers);
    let tiers = results
        .total
        .tiers
        .iter()
        .zip(points)
        .filter(|(t, _)| t.share > 0.0)
        .map(|(t, points)| Segment {
            label: t.method.label().to_owned(),
            share: t.share,
            display: shown_points(points, t.share),
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
            (values.len() > 1).then(|| {
                let (bars, axis) = bars(values, "Wh");
                UnitChart {
                    unit: unit.to_owned(),
                    bars,
                    axis,
                }
            })
        })
        .collect();
    let (energy, energy_axis) = bars(energy, "MWh");
    let mut savings: Vec<(String, f64)> = results
        .scenarios
        .iter()
        .map(|s| (s.id.clone(), s.location_saving.in_("tCO2e").max(0.0)))
        .collect();
    savings.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (savings, savings_axis) = bars(savings, "tCO₂e");
    let (heatmaps, images) = super::heatmap::heatmaps(results);
    Charts {
        energy,
        energy_axis,
        emissions,
        emissions_axis,
        tiers,
        per_unit,
        crossovers: crossovers(disclosure, results),
        savings,
        savings_axis,
        waterfalls: results.claims.iter().map(waterfall).collect(),
        heatmaps,
        images,
    }
}

/// Points of the cumulative inference emissions against training, for each model whose
/// crossover is known: out to 1.25 × the crossover day, so the crossing shows; samples of the
/// curve the crossover was found on ([`lifecycle::Curve`]).
fn crossovers(disclosure: &Disclosure, results: &Results) -> Vec<Crossover> {
    // Enough for a month's step in a year-long curve to show as a bend, few enough for the
    // generated Typst to stay short.
    const POINTS: u32 = 48;
    results
        .lifecycle
        .iter()
        .filter_map(|l| {
            let training = l.training.as_ref()?.value;
            let model = disclosure.system.models.iter().find(|m| m.id == l.model)?;
            let date = match l.crossover? {
                lifecycle::Crossover::On(date) => date,
                // A chart out to a century and more would draw an extrapolation, not a forecast.
                lifecycle::Crossover::NotWithinYears(_) => return None,
            };
            let from = l.crossover_from?;
            let curve = lifecycle::Curve::of(disclosure, &results.measurements, model, &from);
            let days = curve.reaching(training)?;
            if !(days > 0.0 && training > 0.0) {
                return None;
            }
            let (x_axis, horizon) = axis(days * 1.25, "days");
            let top = curve.at(horizon).max(training);
            let (y_axis, top) = axis(convert(top, "kgCO2e", "tCO2e"), "tCO₂e");
            let top = convert(top, "tCO2e", "kgCO2e");
            let points = (0..=POINTS)
                .map(|i| {
                    let day = horizon * f64::from(i) / f64::from(POINTS);
                    // A millionth of the chart's height is far below a printed dot, and keeps
                    // the generated Typst free of the sum's last digits.
                    let level = (curve.at(day) / top * 1e6).round() / 1e6;
                    (f64::from(i) / f64::from(POINTS), level)
                })
                .collect();
            Some(Crossover {
                model: l.model.clone(),
                training_t: format(convert(training, "kgCO2e", "tCO2e")),
                training_level: training / top,
                points,
                x_axis,
                y_axis,
                from: format!("{}, {}", from.start_in_words(), from.day),
                days: format(days),
                horizon: plain(horizon),
                date: date.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(axis: &Axis) -> Vec<&str> {
        axis.ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn axes_end_on_a_round_value_with_round_ticks() {
        // 35.19 MWh: a quarter is 8.8, so steps of 10 to 40.
        let (a, end) = axis(35.19, "MWh");
        assert!((end - 40.0).abs() < 1e-12);
        assert_eq!(labels(&a), ["0", "10", "20", "30", "40"]);
        assert!((a.ticks[2].at - 0.5).abs() < 1e-12);
        // 0.4973 tCO2e: steps of 0.2 to 0.6.
        let (a, end) = axis(0.4973, "tCO2e");
        assert!((end - 0.6).abs() < 1e-12);
        assert_eq!(labels(&a), ["0", "0.2", "0.4", "0.6"]);
        // 1,000 exactly: steps of 250, the last tick at the value itself.
        let (a, end) = axis(1000.0, "days");
        assert!((end - 1000.0).abs() < 1e-9);
        assert_eq!(labels(&a), ["0", "250", "500", "750", "1,000"]);
        // Nothing positive: an axis to 1, so no bar divides by zero.
        assert!((axis(0.0, "Wh").1 - 1.0).abs() < 1e-12);
    }
}
