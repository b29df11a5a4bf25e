//! Training and inference together: the share of a model's training emissions attributed to
//! the reporting period, and the date at which cumulative inference emissions pass the
//! training emissions: as measured through the period, then at its run-rate and an optional
//! monthly growth.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Figure, MeasurementResult, energy, formula};
use crate::model::{BoundaryPart, Disclosure, Growth, Model, PUE_PLAUSIBLE_MAX, Period, Phase};

const TRAINING_OWN: &str =
    "training = Σ location-based emissions of the model's training and fine-tuning measurements";
const TRAINING_UPSTREAM: &str = "training = the provider's published training emissions";
const TRAINING_UPSTREAM_AND_OWN: &str = "training = the provider's published training emissions + Σ location-based emissions of the model's training and fine-tuning measurements";
const ALLOCATED_SHARE: &str = "allocated = training × share";
const ALLOCATED_UNITS: &str = "allocated = training × units this period ÷ expected lifetime units";
const RUN_RATE: &str = "run_rate = Σ location-based inference emissions ÷ days of inference";

/// Average days in a month (365.25 ÷ 12), the step of the monthly growth rate.
const DAYS_PER_MONTH: f64 = 30.4375;

/// Training and inference of one model.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ModelLifecycle {
    /// The model's id.
    pub model: String,
    /// Training emissions (kgCO2e): the disclosure's own training measurements, or else the
    /// provider's published figure.
    pub training: Option<Figure>,
    /// The part of the training emissions attributed to this reporting period (kgCO2e).
    pub allocated_training: Option<Figure>,
    /// Inference emissions per day over the measured period (kgCO2e per day).
    pub inference_run_rate: Option<Figure>,
    /// Days of inference the run-rate is measured over, from the first inference measurement's
    /// start to the last one's end; a stated growth applies after them.
    pub inference_days: Option<f64>,
    /// When cumulative inference emissions, counted from `crossover_from`, pass the training
    /// emissions; only where the disclosure measures the training of a model the organisation
    /// provides, never against a provider's published figure (else `crossover_withheld` says
    /// why).
    pub crossover: Option<Crossover>,
    /// Where the crossover's count of inference starts, and its run rate from there, where a
    /// crossover is given.
    pub crossover_from: Option<CountedFrom>,
    /// Why no crossover is given, for a model with both training and an inference run rate and
    /// no `crossover`.
    pub crossover_withheld: Option<Withheld>,
}

/// Why no crossover is given for a model whose training and inference are both known: decided
/// here, beside the crossover, so that every report and `compute`'s table say the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// The organisation's own model, whose training record (`training.energy`) states more
    /// than its training measurements can hold on the record's boundary: the training
    /// emissions count only the measured part, and a crossover against it would come far too
    /// early.
    RecordBeyondMeasurements {
        /// The record's energy, kWh.
        stated_kwh: f64,
        /// What the training measurements hold on the record's boundary for certain, kWh.
        within_kwh: f64,
        /// The most they may hold on it, kWh.
        at_most_kwh: f64,
    },
    /// The organisation's own model, whose training record states more than its training
    /// measurements hold on the record's boundary for certain and no more than they may hold:
    /// their meters saw parts outside the record's boundary as well, or the record includes a
    /// facility overhead that no PUE gives, so whether the record holds training beyond them is
    /// not known.
    RecordUndecided {
        /// The record's energy, kWh.
        stated_kwh: f64,
        /// What the training measurements hold on the record's boundary for certain, kWh.
        within_kwh: f64,
        /// The most they may hold on it, kWh.
        at_most_kwh: f64,
    },
    /// The training is the model provider's published figure: a deployer's inference set
    /// against another organisation's training run weighs one's use against the other's
    /// investment.
    Providers,
    /// The training is the provider's published figure with the runs measured here on top.
    IncludesProviders,
    /// The model is another provider's, whose training emissions are not stated: the runs measured
    /// here (a fine-tuning, say) are not the model's training.
    AnotherProvidersModel,
    /// The organisation's own model, of whose training only fine-tuning is measured: the
    /// training it builds on is not in the measurements.
    FineTuningOnly,
    /// Inference has no location-based emissions over its period (from the training's end,
    /// where it ends later than inference starts), so at this run rate it never passes the
    /// training.
    NoInferenceEmissions,
    /// No inference is measured after the model's last dated training run ends: what is
    /// measured served an earlier version of the model.
    NoInferenceAfterTraining,
}

/// The day from which inference is counted against the training, and the days measured from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct CountedFrom {
    /// The start of inference, or, where the model's last training run with a period of its own
    /// ends later, the first day after it that an inference measurement covers: inference
    /// before it served an earlier version of the model, not this training
    /// (an attack of 2026-12-02: a half-year of serving counted from 1 January against a
    /// training run of 5 to 19 January gave a crossover 19 days early).
    pub day: NaiveDate,
    /// Days of measured inference from `day` to the end of the last inference measurement; a
    /// stated growth applies after them.
    pub measured_days: f64,
    /// Location-based inference emissions a day over those days (kgCO2e per day), a
    /// measurement across `day` counted for the share of its emissions its days from it hold
    /// (spread evenly over its period, at each month's factor): the inference run rate where
    /// `day` is the start of inference.
    pub run_rate: f64,
    /// Whether `day` follows the end of the training rather than the start of inference.
    pub after_training: bool,
}

impl CountedFrom {
    /// Where the count starts, in words to be followed by `day`: "the start of inference" or
    /// "the first day of inference after the last dated training run".
    #[must_use]
    pub fn start_in_words(&self) -> &'static str {
        if self.after_training {
            "the first day of inference after the last dated training run"
        } else {
            "the start of inference"
        }
    }
}

/// Years within which a crossover is given as a date: further out, the run rate and growth it
/// extrapolates say nothing of a day, and a date in the year 4761 would read as a forecast.
pub const CROSSOVER_HORIZON_YEARS: u32 = 100;

/// When cumulative inference emissions pass the training emissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Crossover {
    /// On this day.
    On(NaiveDate),
    /// Not within this many years of the day the count starts (`crossover_from`).
    NotWithinYears(u32),
}

/// How much of a measurement's location-based emissions a claim's own footprint over the
/// period counts, for a measurement of `model` in `phase`: inference in full; a model's training
/// measured in the disclosure at the share of it allocated to the period (allocated ÷ training)
/// where the model states an allocation, else in full. One weight a measurement, so that the
/// footprint's central figure and each of its Monte Carlo draws count the same parts.
#[must_use]
pub fn footprint_weight(lifecycle: &[ModelLifecycle], model: &str, phase: Phase) -> f64 {
    if phase == Phase::Inference {
        return 1.0;
    }
    let Some(l) = lifecycle.iter().find(|l| l.model == model) else {
        return 1.0;
    };
    match (&l.allocated_training, &l.training) {
        (Some(allocated), Some(training)) if training.value > 0.0 => {
            allocated.value / training.value
        }
        (Some(_), _) => 0.0,
        (None, _) => 1.0,
    }
}

/// Whether the training emissions of `model` are the disclosure's own measurements alone: it
/// measures training of a model the organisation provides. Only then does comparing its
/// inference with its training mean something: a deployer's inference set against the whole
/// of a provider's training run weighs one organisation's use against another's investment,
/// and another provider's model was trained by that provider, whether its figures are stated
/// or not.
#[must_use]
pub fn trains_own(disclosure: &Disclosure, model: &str) -> bool {
    disclosure.training_runs(model).next().is_some()
        && disclosure
            .system
            .models
            .iter()
            .find(|m| m.id == model)
            .is_some_and(|m| m.provided_by(&disclosure.organisation.name))
}

/// Whether the training of `model` the disclosure measures is fine-tuning alone: a fine-tuning
/// run builds on a training before it that the measurements do not hold, so the runs are part
/// of the model's training and a crossover against them would come too early (an attack of
/// 2026-12-02: a `1 MWh` fine-tuning crossed over with inference in nine days, and the claim's
/// footprint passed; a review of the fix: a training record as small as the run undid it).
#[must_use]
pub fn fine_tuning_only(disclosure: &Disclosure, model: &Model) -> bool {
    let mut runs = disclosure.training_runs(&model.id).peekable();
    runs.peek().is_some() && runs.all(|(_, m)| m.phase == Phase::FineTuning)
}

/// How far above the measurements a training record may lie and still be taken as theirs: a
/// record rounded to two figures (`2.8 MWh` for `2.76`) states no more training.
const RECORD_SLACK: f64 = 0.05;

/// A model's training record (`training.energy`) beside the training its measurements in this
/// disclosure hold on the record's boundary (`training.boundary`). A measurement's energy
/// splits into what its meter saw, the parts added from factors and the facility overhead; the
/// meter's part lies within the record's boundary only where every part the meter saw does. A
/// meter that saw parts on both sides of it (the hosts beside the accelerators of a record of
/// accelerators alone) holds an unknown share of the record: an attack of 2026-12-02 found a
/// record of accelerators compared with IT energy that included the hosts, refused where it was
/// true and passed where it stated 40 % more than the accelerators drew.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// The record's energy, kWh.
    pub stated: f64,
    /// What the measurements hold within the record's boundary for certain, kWh.
    pub within: f64,
    /// The most they may hold within it, kWh: `within` with the energy of meters that saw
    /// parts outside it as well, and a facility overhead no PUE gives taken at the most a
    /// plausible PUE gives ([`PUE_PLAUSIBLE_MAX`]).
    pub at_most: f64,
    /// Whether the record includes the facility overhead.
    pub facility: bool,
    /// Whether a meter saw parts outside the record's boundary as well as parts within it, or
    /// no part but the facility.
    pub wider_meters: bool,
    /// Whether the record includes a facility overhead that no PUE gives for a measurement.
    pub overhead_unknown: bool,
}

/// How a training record stands to the measurements ([`Record::fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The record states no more than [`RECORD_SLACK`] above what they hold for certain.
    Holds,
    /// The record states more than they can hold: the training emissions count only the
    /// measured part, since the rest has no site and no factor.
    Beyond,
    /// The record lies above what they hold for certain and within what they may hold, so
    /// whether it states training beyond them is not known.
    Undecided,
}

impl Record {
    /// How the record stands to the measurements.
    #[must_use]
    pub fn fit(&self) -> Fit {
        if self.stated > self.at_most * (1.0 + RECORD_SLACK) {
            Fit::Beyond
        } else if self.stated > self.within * (1.0 + RECORD_SLACK) {
            Fit::Undecided
        } else {
            Fit::Holds
        }
    }

    /// What the measurements hold on the record's boundary, in words ([`held`]).
    #[must_use]
    pub fn held(&self) -> String {
        held(self.within, self.at_most)
    }

    /// Why what the measurements hold on the record's boundary is not known to the kWh, as a
    /// finding's fix says it; `None` where it is.
    #[must_use]
    pub fn why_unsplit(&self) -> Option<&'static str> {
        match (self.wider_meters, self.overhead_unknown) {
            (true, true) => Some(
                "their meters saw parts outside the record's boundary as well, and no PUE gives the facility overhead the record includes; state the record on the meters' boundary (`training.boundary`) and give the site's PUE",
            ),
            (true, false) => Some(
                "their meters saw parts outside the record's boundary as well; state the record on the meters' boundary (`training.boundary`)",
            ),
            (false, true) => {
                Some("no PUE gives the facility overhead the record includes; give the site's PUE")
            }
            (false, false) => None,
        }
    }
}

/// What training measurements hold on a record's boundary, from `within` to `at_most` kWh, in
/// words: `2.400 MWh`, or `0 to 2.400 MWh` where that is not known to the kWh.
#[must_use]
pub fn held(within: f64, at_most: f64) -> String {
    let mwh = |kwh: f64| crate::text::number::format(kwh / 1000.0);
    if (at_most - within).abs() <= 1e-9 * at_most.abs() {
        format!("{} MWh", mwh(at_most))
    } else {
        format!("{} to {} MWh", mwh(within), mwh(at_most))
    }
}

/// The training record of `model` beside its training measurements in this disclosure
/// ([`Record`]); `None` where the model states no record energy.
#[must_use]
pub fn record(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    model: &Model,
) -> Option<Record> {
    let training = model.training.as_ref()?;
    let stated = training.energy.as_ref()?.value.kwh();
    let parts = &training.boundary;
    let facility = parts.contains(&BoundaryPart::Facility);
    let (mut within, mut at_most) = (0.0, 0.0);
    let (mut wider_meters, mut overhead_unknown) = (false, false);
    for (_, m, r) in of_phase(disclosure, measurements, &model.id, false) {
        let pue_given = disclosure
            .sites
            .iter()
            .any(|s| s.id == m.site && s.pue.is_some());
        let metered_facility = m.boundary.contains(&BoundaryPart::Facility);
        // The record's overhead on this measurement's IT energy, where the record includes it:
        // the measurement's own, or, where no PUE gives it, anything from none to a plausible
        // most.
        let (least, most) = if !facility {
            (1.0, 1.0)
        } else if metered_facility || pue_given {
            let ratio = if r.it_energy.value > 0.0 {
                r.facility_energy.value / r.it_energy.value
            } else {
                1.0
            };
            (ratio, ratio)
        } else {
            overhead_unknown = true;
            (1.0, PUE_PLAUSIBLE_MAX)
        };
        let added: f64 = r.completion.iter().map(|c| c.it_energy).sum();
        let added_within: f64 = r
            .completion
            .iter()
            .filter(|c| parts.contains(&c.part))
            .map(|c| c.it_energy)
            .sum();
        let metered = r.it_energy.value - added;
        let seen: Vec<BoundaryPart> = m
            .boundary
            .iter()
            .copied()
            .filter(|p| *p != BoundaryPart::Facility)
            .collect();
        // A meter at the facility's supply with no PUE to take its overhead out gives IT
        // energy with the overhead in it; a meter of nothing but the facility says no part.
        let holds_overhead = metered_facility && !facility && !pue_given;
        let meter_within =
            !seen.is_empty() && seen.iter().all(|p| parts.contains(p)) && !holds_overhead;
        let meter_touches = seen.is_empty() || seen.iter().any(|p| parts.contains(p));
        wider_meters |= meter_touches && !meter_within;
        let certain = added_within + if meter_within { metered } else { 0.0 };
        let possible = added_within + if meter_touches { metered } else { 0.0 };
        within += certain * least;
        at_most += possible * most;
    }
    // A sum of nothing is -0.0 in Rust, which prints and serialises with its sign.
    Some(Record {
        stated,
        within: within + 0.0,
        at_most: at_most + 0.0,
        facility,
        wider_meters,
        overhead_unknown,
    })
}

/// The provider's published training emissions that the training of `model` counts: those of
/// a model another provider trained, with the training the disclosure measures on top (an
/// attack of 2026-12-02: a fine-tuning run of 1 t replaced a base model's published 800 t, and
/// a claim's footprint lost 200 t of allocated training). A model the organisation provides has
/// its own training, and no provider's.
#[must_use]
pub fn published_part<'a>(
    disclosure: &Disclosure,
    model: &'a Model,
) -> Option<&'a crate::model::Figure<crate::model::Emissions>> {
    if model.provided_by(&disclosure.organisation.name) {
        return None;
    }
    model.upstream_training.as_ref()?.emissions.as_ref()
}

/// Emissions (kg) over `days` after the measured period, at `rate` a day growing by `growth` a
/// month (compounded continuously month to month): rate × t without growth, else
/// rate × m × ((1 + g)^(t ÷ m) − 1) ÷ ln(1 + g). Growth starts after the measured period,
/// whose emissions are what was measured: a curve growing from its first day would put more in
/// the period than the measurements hold (an attack of 2026-12-02: 4.01 t against the 2.979 t
/// measured, and a crossover five days early).
fn grown(rate: f64, growth: f64, days: f64) -> f64 {
    if growth.abs() < 1e-12 {
        return rate * days;
    }
    let k = libm::log(1.0 + growth);
    rate * DAYS_PER_MONTH * (libm::exp(k * days / DAYS_PER_MONTH) - 1.0) / k
}

/// Days after the measured period until [`grown`] reaches `rest` kg: rest ÷ rate without
/// growth, else m × ln(1 + rest × ln(1 + g) ÷ (rate × m)) ÷ ln(1 + g); `None` where there is
/// no rate, or shrinking traffic never reaches it.
fn days_to_grow(rest: f64, rate: f64, growth: f64) -> Option<f64> {
    if rate <= 0.0 || rest < 0.0 {
        return None;
    }
    if growth.abs() < 1e-12 {
        return Some(rest / rate);
    }
    let k = libm::log(1.0 + growth);
    let inner = 1.0 + rest * k / (rate * DAYS_PER_MONTH);
    (inner > 0.0).then(|| DAYS_PER_MONTH * libm::log(inner) / k)
}

/// Training and inference figures of every model that has either.
#[must_use]
pub fn assess(disclosure: &Disclosure, measurements: &[MeasurementResult]) -> Vec<ModelLifecycle> {
    disclosure
        .system
        .models
        .iter()
        .enumerate()
        .filter_map(|(k, model)| lifecycle(disclosure, measurements, k, model))
        .collect()
}

/// The measurements of `model` whose phase is inference (`true`) or training and
/// fine-tuning (`false`), with their results and indices.
fn of_phase<'a>(
    disclosure: &'a Disclosure,
    measurements: &'a [MeasurementResult],
    model: &'a str,
    inference: bool,
) -> impl Iterator<Item = (usize, &'a crate::model::Measurement, &'a MeasurementResult)> {
    disclosure
        .measurements
        .iter()
        .zip(measurements)
        .enumerate()
        .filter(move |(_, (m, _))| m.model == model && (m.phase == Phase::Inference) == inference)
        .map(|(i, (m, r))| (i, m, r))
}

fn lifecycle(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    k: usize,
    model: &Model,
) -> Option<ModelLifecycle> {
    let training = training(disclosure, measurements, k, model);
    let inference: Vec<(usize, &crate::model::Measurement, &MeasurementResult)> =
        of_phase(disclosure, measurements, &model.id, true).collect();
    let first_day = inference
        .iter()
        .map(|(_, m, _)| disclosure.period_of(m).start)
        .min();
    let last_day = inference
        .iter()
        .map(|(_, m, _)| disclosure.period_of(m).end)
        .max();
    let inference_days = first_day
        .zip(last_day)
        .map(|(start, end)| energy::period_hours(Period { start, end }) / 24.0);
    let inference_run_rate = match inference_days {
        Some(days) => {
            let mut rate = Figure::new(
                inference
                    .iter()
                    .map(|(_, _, r)| r.location_based.value)
                    .sum::<f64>()
                    / days,
                "kgCO2e/day",
                RUN_RATE,
                inference
                    .iter()
                    .map(|(i, _, _)| format!("/measurements/{i}"))
                    .collect(),
            );
            rate.tier = inference.iter().map(|(_, _, r)| r.method).max();
            Some(rate)
        }
        _ => None,
    };
    if training.is_none() && inference_run_rate.is_none() {
        return None;
    }
    let allocated_training = training
        .as_ref()
        .and_then(|t| allocated(disclosure, k, model, t));
    // Why a crossover would mean nothing, decided once: the guard, and the reason the results
    // give.
    let reason = training
        .as_ref()
        .and(inference_run_rate.as_ref())
        .and_then(|_| withheld(disclosure, measurements, model));
    let counted = match (&training, &inference_run_rate, first_day, last_day) {
        (Some(_), Some(_), Some(start), Some(end)) if reason.is_none() => {
            Some(counted_from(disclosure, model, &inference, start, end))
        }
        _ => None,
    };
    // No date where no inference is measured after the training, or what is has no emissions:
    // the reason instead.
    let (crossover, late) = match (&training, &counted) {
        (Some(_), Some((from, _))) if from.measured_days <= 0.0 => {
            (None, Some(Withheld::NoInferenceAfterTraining))
        }
        (Some(_), Some((from, _))) if from.run_rate <= 0.0 => {
            (None, Some(Withheld::NoInferenceEmissions))
        }
        (Some(t), Some((from, curve))) => {
            match curve.reaching(t.value) {
                Some(days) => (crossover(from.day, days), None),
                // Traffic shrinking faster than it accumulates never reaches the training's
                // emissions: not within the horizon, nor ever.
                None => (
                    Some(Crossover::NotWithinYears(CROSSOVER_HORIZON_YEARS)),
                    None,
                ),
            }
        }
        _ => (None, None),
    };
    let crossover_from = counted
        .map(|(from, _)| from)
        .filter(|_| crossover.is_some());
    let crossover_withheld = reason.or(late);
    Some(ModelLifecycle {
        model: model.id.clone(),
        training,
        allocated_training,
        inference_run_rate,
        inference_days,
        crossover,
        crossover_from,
        crossover_withheld,
    })
}

/// Where the count of `model`'s inference, measured from `start` to `end`, starts against its
/// training, and the run rate of the inference measured from there ([`CountedFrom`]), with the
/// curve of that inference's emissions from it.
fn counted_from(
    disclosure: &Disclosure,
    model: &Model,
    inference: &[(usize, &crate::model::Measurement, &MeasurementResult)],
    start: NaiveDate,
    end: NaiveDate,
) -> (CountedFrom, Curve) {
    // A run with no period of its own has no known end: it does not move the count, and a
    // document for authorities, whose input leaves the runs' dates out, counts as the full one
    // where the runs end before inference starts.
    let trained = disclosure
        .training_runs(&model.id)
        .filter_map(|(_, m)| m.period.map(|p| p.end))
        .max()
        .and_then(|last| last.succ_opt())
        .filter(|after| *after > start);
    // The first day after the training that a measurement of inference covers: a line drawn
    // from the training's end across days nothing was measured in would put emissions in them
    // (the review of 2026-12-02: ten kWh served before the run moved the count into a gap).
    let day = trained.map_or(start, |after| {
        inference
            .iter()
            .map(|(_, m, _)| disclosure.period_of(m))
            .filter(|p| p.end >= after)
            .map(|p| p.start.max(after))
            .min()
            .unwrap_or(after)
    });
    let measured_days = if day > end {
        0.0
    } else {
        energy::period_hours(Period { start: day, end }) / 24.0
    };
    let curve = Curve::counted(disclosure, inference, model, day, measured_days);
    let from = CountedFrom {
        day,
        measured_days,
        run_rate: curve.rate,
        after_training: trained.is_some(),
    };
    (from, curve)
}

/// The location-based emissions (kg) of measurement `m` (results `r`) day by day, each day by
/// its date: its facility energy spread evenly over its period at each month's factor, which is
/// how its inventory figure counts it ([`energy::location_factor`]), scaled to hold that figure
/// to its last digit. An hourly file does not shape it: a document for authorities, whose input
/// leaves the files out, must give the same figures (the review of the crossover's curve,
/// 2026-12-02), and the inventory weighs every day alike.
fn daily_emissions(
    disclosure: &Disclosure,
    m: &crate::model::Measurement,
    r: &MeasurementResult,
) -> Vec<(NaiveDate, f64)> {
    let Some(site) = disclosure.sites.iter().find(|s| s.id == m.site) else {
        return Vec::new();
    };
    let factor = super::site::month_factor_on(site);
    let period = disclosure.period_of(m);
    let days = period.start.iter_days().take_while(|d| *d <= period.end);
    #[allow(
        clippy::cast_precision_loss,
        reason = "a period's days are far below 2^52"
    )]
    let each = r.facility_energy.value / period.days().max(1) as f64;
    let mut kg: Vec<(NaiveDate, f64)> = days
        .map(|day| (day, formula::emissions(each, factor(day))))
        .collect();
    let whole: f64 = kg.iter().map(|&(_, v)| v).sum();
    let scale = if whole > 0.0 {
        r.location_based.value / whole
    } else {
        0.0
    };
    for (_, v) in &mut kg {
        *v *= scale;
    }
    kg
}

/// Cumulative location-based inference emissions of a model from the day its count against the
/// training starts ([`CountedFrom`]): over the measured days day by day, each measurement's
/// emissions spread evenly over its own period at each month's factor ([`daily_emissions`]);
/// after them at the run rate, growing by the model's `growth` a month. Serving measured
/// unevenly over the period (a small measurement from January to May and a large one in June)
/// reaches the training when it does, not when a straight line at the period's average rate
/// would (a review of 2026-12-02: all serving in June, a crossover in March).
#[derive(Debug, Clone)]
pub struct Curve {
    /// The measured days in date order, one entry a day however many measurements cover it.
    days: Vec<CurveDay>,
    /// Emissions over the measured days, kg.
    measured_kg: f64,
    /// Their run rate, kg a day: the measured emissions over the measured days.
    rate: f64,
    /// Monthly growth after them, a fraction.
    growth: f64,
    /// Days measured from the count's start.
    measured_days: f64,
}

/// One measured day of a [`Curve`].
#[derive(Debug, Clone, Copy)]
struct CurveDay {
    /// Days from the count's start to the day's start.
    start: f64,
    /// Emissions in the day, kg.
    kg: f64,
    /// Emissions in the days before it, kg.
    before: f64,
}

impl Curve {
    /// The curve of `model`'s inference counted from `from`, with `measurements` the results of
    /// the disclosure's measurements: the one its crossover was found on.
    #[must_use]
    pub fn of(
        disclosure: &Disclosure,
        measurements: &[MeasurementResult],
        model: &Model,
        from: &CountedFrom,
    ) -> Self {
        let inference: Vec<_> = of_phase(disclosure, measurements, &model.id, true).collect();
        Curve::counted(disclosure, &inference, model, from.day, from.measured_days)
    }

    /// The curve of `inference`, `model`'s inference measurements with their results, from
    /// `day` over `measured_days`.
    fn counted(
        disclosure: &Disclosure,
        inference: &[(usize, &crate::model::Measurement, &MeasurementResult)],
        model: &Model,
        day: NaiveDate,
        measured_days: f64,
    ) -> Self {
        let days = inference
            .iter()
            .flat_map(|(_, m, r)| daily_emissions(disclosure, m, r))
            .collect();
        Curve::from_days(
            days,
            day,
            measured_days,
            model.growth.map_or(0.0, Growth::fraction),
        )
    }

    /// The curve of emissions by day (date, kg), in any order and with a day given once for
    /// each measurement that covers it, from `start` on (earlier days left out), over
    /// `measured_days`, then growing by `growth` a month.
    fn from_days(
        mut days: Vec<(NaiveDate, f64)>,
        start: NaiveDate,
        measured_days: f64,
        growth: f64,
    ) -> Self {
        days.retain(|&(day, _)| day >= start);
        days.sort_by_key(|&(day, _)| day);
        // Measurements that overlap share their days: one entry a day, so that the part of a
        // day passed is of all that day's emissions (the review of 2026-12-02: a crossing
        // taken within one measurement's part of an hour was up to an hour early).
        days.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                earlier.1 += later.1;
            }
            same
        });
        let mut before = 0.0;
        let days = days
            .into_iter()
            .map(|(day, kg)| {
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "days within a period are far below 2^52"
                )]
                let start = (day - start).num_days() as f64;
                let entry = CurveDay { start, kg, before };
                before += kg;
                entry
            })
            .collect();
        Curve {
            days,
            measured_kg: before,
            rate: if measured_days > 0.0 {
                before / measured_days
            } else {
                0.0
            },
            growth,
            measured_days,
        }
    }

    /// Cumulative emissions (kg) `days` after the count's start: within a measured day, in
    /// proportion to the part of it passed; after the measured days, at the run rate and its
    /// growth ([`grown`]).
    #[must_use]
    pub fn at(&self, days: f64) -> f64 {
        if days > self.measured_days {
            return self.measured_kg + grown(self.rate, self.growth, days - self.measured_days);
        }
        let next = self.days.partition_point(|d| d.start < days);
        match next.checked_sub(1).map(|i| self.days[i]) {
            Some(d) => d.before + d.kg * (days - d.start).min(1.0),
            None => 0.0,
        }
    }

    /// Days from the count's start until the cumulative emissions reach `target` kg: the
    /// measured day they reach it in, in proportion within it; after the measured days, by
    /// [`days_to_grow`] for what is left. `None` where shrinking traffic never reaches it.
    #[must_use]
    pub fn reaching(&self, target: f64) -> Option<f64> {
        if target <= 0.0 {
            return Some(0.0);
        }
        if target <= self.measured_kg {
            let i = self.days.partition_point(|d| d.before + d.kg < target);
            let d = *self.days.get(i)?;
            return Some(d.start + (target - d.before) / d.kg);
        }
        days_to_grow(target - self.measured_kg, self.rate, self.growth)
            .map(|rest| self.measured_days + rest)
    }
}

/// Why a crossover of `model`, whose training and inference are known, would mean nothing;
/// `None` where it is given.
fn withheld(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    model: &Model,
) -> Option<Withheld> {
    if !trains_own(disclosure, &model.id) {
        let runs = disclosure.training_runs(&model.id).next().is_some();
        return Some(match (published_part(disclosure, model).is_some(), runs) {
            (true, false) => Withheld::Providers,
            (true, true) => Withheld::IncludesProviders,
            (false, _) => Withheld::AnotherProvidersModel,
        });
    }
    if let Some(r) = record(disclosure, measurements, model) {
        let (stated_kwh, within_kwh, at_most_kwh) = (r.stated, r.within, r.at_most);
        match r.fit() {
            Fit::Beyond => {
                return Some(Withheld::RecordBeyondMeasurements {
                    stated_kwh,
                    within_kwh,
                    at_most_kwh,
                });
            }
            Fit::Undecided => {
                return Some(Withheld::RecordUndecided {
                    stated_kwh,
                    within_kwh,
                    at_most_kwh,
                });
            }
            Fit::Holds => {}
        }
    }
    fine_tuning_only(disclosure, model).then_some(Withheld::FineTuningOnly)
}

/// The crossover `days` after `start` (its midnight): the day it falls in, `start` plus the
/// whole days before it, within [`CROSSOVER_HORIZON_YEARS`]; else that it is not within them.
fn crossover(start: NaiveDate, days: f64) -> Option<Crossover> {
    // Counted to a millionth of a day (0.09 s), so that a crossing on a midnight, summed from
    // thousands of hours, falls on the day it reaches rather than on either side of it by the
    // sum's rounding (the review of 2026-12-02: training equal to the period's serving gave
    // 30 June or 1 July by its size).
    let days = (days * 1e6).round() / 1e6;
    let horizon = start.checked_add_months(chrono::Months::new(12 * CROSSOVER_HORIZON_YEARS))?;
    #[allow(
        clippy::cast_precision_loss,
        reason = "a hundred years of days is far within an f64's integers"
    )]
    let within = (horizon - start).num_days() as f64;
    if !days.is_finite() || days.floor() > within {
        return Some(Crossover::NotWithinYears(CROSSOVER_HORIZON_YEARS));
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "days are finite and at most a hundred years'"
    )]
    let whole = days.floor() as i64;
    start
        .checked_add_signed(chrono::TimeDelta::try_days(whole)?)
        .map(Crossover::On)
}

/// The model's training emissions: its own training measurements, the provider's figure, or
/// the provider's figure and the fine-tuning measured on top of it ([`published_part`]).
fn training(
    disclosure: &Disclosure,
    measurements: &[MeasurementResult],
    k: usize,
    model: &Model,
) -> Option<Figure> {
    let own: Vec<(usize, &crate::model::Measurement, &MeasurementResult)> =
        of_phase(disclosure, measurements, &model.id, false).collect();
    let published = published_part(disclosure, model);
    let formula_used = match (published, own.is_empty()) {
        (None, true) => return None,
        (Some(_), true) => TRAINING_UPSTREAM,
        (Some(_), false) => TRAINING_UPSTREAM_AND_OWN,
        (None, false) => TRAINING_OWN,
    };
    let own_kg: f64 = own.iter().map(|(_, _, r)| r.location_based.value).sum();
    let mut figure = Figure::new(
        published.map_or(own_kg, |p| p.value.kg() + own_kg),
        "kgCO2e",
        formula_used,
        published
            .map(|_| format!("/system/models/{k}/upstream_training/emissions"))
            .into_iter()
            .chain(own.iter().map(|(i, _, _)| format!("/measurements/{i}")))
            .collect(),
    );
    figure.tier = published
        .map(|p| p.method)
        .into_iter()
        .chain(own.iter().map(|(_, _, r)| r.method))
        .max();
    Some(figure)
}

/// The part of `training` attributed to the reporting period, if the model states how.
fn allocated(
    disclosure: &Disclosure,
    k: usize,
    model: &Model,
    training: &Figure,
) -> Option<Figure> {
    let allocation = model.allocation.as_ref()?;
    let (share, formula_used) = if let Some(share) = allocation.share {
        (share, ALLOCATED_SHARE)
    } else {
        let (unit, lifetime) = allocation.expected_lifetime_units.iter().next()?;
        let served = disclosure.units_served(&model.id, unit);
        (formula::share(served, *lifetime), ALLOCATED_UNITS)
    };
    let mut inputs = training.inputs.clone();
    inputs.push(format!("/system/models/{k}/allocation"));
    let mut figure = Figure::new(training.value * share, "kgCO2e", formula_used, inputs);
    figure.tier = training.tier;
    Some(figure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claims_footprint_weighs_training_by_its_allocation() {
        let model = |allocated: Option<f64>| ModelLifecycle {
            model: "m".to_owned(),
            training: Some(Figure::new(20_160.0, "kgCO2e", TRAINING_OWN, Vec::new())),
            allocated_training: allocated
                .map(|kg| Figure::new(kg, "kgCO2e", ALLOCATED_SHARE, Vec::new())),
            inference_run_rate: None,
            inference_days: None,
            crossover: None,
            crossover_from: None,
            crossover_withheld: None,
        };
        // A quarter allocated: 5,040 of 20,160 kg (hand calculation).
        let allocated = [model(Some(5_040.0))];
        assert!((footprint_weight(&allocated, "m", Phase::Training) - 0.25).abs() < 1e-12);
        assert!((footprint_weight(&allocated, "m", Phase::Inference) - 1.0).abs() < 1e-12);
        // Without an allocation, the training measured in the period counts in full.
        assert!((footprint_weight(&[model(None)], "m", Phase::Training) - 1.0).abs() < 1e-12);
    }

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + chrono::Days::new(n)
    }

    /// `kg` a day for each of `days` days from 1 June, over `measured` days, growing by `growth`.
    fn even(kg: f64, days: u64, measured: f64, growth: f64) -> Curve {
        Curve::from_days(
            (0..days).map(|n| (day(n), kg)).collect(),
            day(0),
            measured,
            growth,
        )
    }

    #[test]
    fn a_curve_reaches_the_training_when_the_serving_does() {
        // Nothing served for ten days, then 240 kg on the eleventh (hand calculation): a rate
        // of 21.82 kg a day over the 11 measured days, and after them.
        let curve = Curve::from_days(vec![(day(10), 240.0)], day(0), 11.0, 0.0);
        assert!((curve.rate - 240.0 / 11.0).abs() < 1e-12);
        // 120 kg is half the eleventh day's serving: day 10.5, where a straight line at the
        // period's average rate would give 120 ÷ 21.82 = 5.5 days.
        assert!((curve.reaching(120.0).unwrap() - 10.5).abs() < 1e-12);
        assert!((curve.at(10.5) - 120.0).abs() < 1e-9);
        // Nothing before the serving, and a quarter of the day is a quarter of its 240 kg.
        assert!(curve.at(9.9).abs() < 1e-12);
        assert!((curve.at(10.25) - 60.0).abs() < 1e-9);
        // Past the measured days at the rate: 240 + 2 × 21.82 kg is reached two days after.
        let beyond = 240.0 + 2.0 * 240.0 / 11.0;
        assert!((curve.reaching(beyond).unwrap() - 13.0).abs() < 1e-9);
        assert!((curve.at(13.0) - beyond).abs() < 1e-9);
        // The period's whole serving is reached at its last day's end.
        assert!((curve.reaching(240.0).unwrap() - 11.0).abs() < 1e-12);
    }

    #[test]
    fn overlapping_measurements_share_their_days() {
        // Two measurements on the same day, 5 and 3 kg, and 8 kg the next, before the count's
        // start a day left out (hand calculation): 7 kg is reached 7/8 of the way through the
        // first day, not 2/3 of the way through the second measurement's part of it.
        let days = vec![(day(2), 8.0), (day(1), 5.0), (day(0), 100.0), (day(1), 3.0)];
        let curve = Curve::from_days(days, day(1), 2.0, 0.0);
        assert!((curve.reaching(7.0).unwrap() - 0.875).abs() < 1e-12);
        assert!((curve.at(1.5) - 12.0).abs() < 1e-9);
        assert!((curve.measured_kg - 16.0).abs() < 1e-12);
    }

    #[test]
    fn growth_compounds_after_the_measured_period() {
        // Without growth: 100 kg/day for 30 days is 3,000 kg (hand calculation).
        assert!((grown(100.0, 0.0, 30.0) - 3_000.0).abs() < 1e-9);
        // With 5 % a month, the days the inverse gives reach the target exactly.
        let days = days_to_grow(1_000_000.0, 100.0, 0.05).unwrap();
        assert!((grown(100.0, 0.05, days) - 1_000_000.0).abs() < 1e-6);
        // One month at 5 %: 100 × 30.4375 × 0.05 ÷ ln 1.05 = 3,119.3 kg, above 3,043.75 flat.
        let month = grown(100.0, 0.05, DAYS_PER_MONTH);
        assert!((month - 100.0 * DAYS_PER_MONTH * 0.05 / 1.05_f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn a_crossover_beyond_a_hundred_years_is_not_a_date() {
        // Issue 21: 10^9 days were capped at a million and shown as a day in the year 4761.
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(
            crossover(start, 1e9),
            Some(Crossover::NotWithinYears(CROSSOVER_HORIZON_YEARS))
        );
        // 364.2 days after 2026-01-01 00:00 is 2026-12-31 at 04:48: that day, not the next
        // (attack review, 2026-12-01: 13.52 days after 1 March was printed as 15 March).
        assert_eq!(
            crossover(start, 364.2),
            Some(Crossover::On(
                NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
            ))
        );
        assert_eq!(
            crossover(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), 13.52),
            Some(Crossover::On(NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()))
        );
        assert_eq!(
            crossover(start, 0.5),
            Some(Crossover::On(start)),
            "within the first day"
        );
        // A midnight reached by a sum of hours a rounding short of it is that midnight's day.
        assert_eq!(
            crossover(start, 162.0 - 1e-10),
            crossover(start, 162.0),
            "{start}"
        );
    }

    #[test]
    fn without_growth_the_crossover_is_training_over_the_run_rate() {
        // 2,040 tCO2e of training at 111.5 kgCO2e per day of inference: 2,040,000 ÷ 111.5
        // = 18,296 days, about 50 years.
        let days = days_to_grow(2_040_000.0, 111.5, 0.0).unwrap();
        assert!((days - 18_295.964).abs() < 1e-3);
    }

    #[test]
    fn growth_brings_the_crossover_forward() {
        // 10 % growth a month: t = m ln(1 + T ln(1.1) ÷ (r m)) ÷ ln(1.1) with T = 2,040,000,
        // r = 111.5, m = 30.4375: ln(1.1) = 0.0953102; T ln(1.1) ÷ (r m) = 57.2901;
        // ln(58.2901) = 4.065432; t = 30.4375 × 4.065432 ÷ 0.0953102 = 1,298.3 days.
        let days = days_to_grow(2_040_000.0, 111.5, 0.10).unwrap();
        assert!((days - 1_298.3).abs() < 0.2, "{days}");
        // Check by integrating the growing rate over those days: it reaches the target.
        let k = (1.1f64).ln();
        let cumulative = 111.5 * DAYS_PER_MONTH / k * ((k * days / DAYS_PER_MONTH).exp() - 1.0);
        assert!((cumulative / 2_040_000.0 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn shrinking_traffic_may_never_cross() {
        // Halving each month, 111.5 kg a day adds up to 111.5 × 30.4375 ÷ ln 2 = 4,896 kg at
        // most: never 2,040 t.
        assert_eq!(days_to_grow(2_040_000.0, 111.5, -0.5), None);
        assert_eq!(days_to_grow(1.0, 0.0, 0.0), None);
        // 100 kg/day shrinking by 10 % a month accumulates at most 100 × 30.4375 ÷ −ln 0.9 =
        // 28,889 kg (hand calculation): 3,000 kg is reached after 30.4375 × ln(1 − 3,000 ×
        // 0.1053605 ÷ 3,043.75) ÷ ln 0.9 = 31.67 days; 30,000 kg never.
        let days = days_to_grow(3_000.0, 100.0, -0.10).unwrap();
        assert!((days - 31.675).abs() < 1e-3, "{days}");
        assert!((grown(100.0, -0.10, days) - 3_000.0).abs() < 1e-9);
        assert_eq!(days_to_grow(30_000.0, 100.0, -0.10), None);
    }

    #[test]
    fn growth_starts_after_the_measured_period() {
        // The attack's example: 2.979 t of inference over 181 days is 16.46 kg a day; 1,051 kg
        // of training is reached on day 1,051 ÷ 16.46 = 63.86, inside the period, whatever the
        // growth (hand calculation).
        let curve = even(2_979.0 / 181.0, 181, 181.0, 0.10);
        let days = curve.reaching(1_051.0).unwrap();
        assert!((days - 63.858).abs() < 1e-3, "{days}");
        // 10,000 kg at 100 kg a day measured over 30 days: 3,000 kg in the period, the other
        // 7,000 kg growing by 10 % a month from 100 kg a day: 30.4375 × ln(1 + 7,000 ×
        // 0.0953102 ÷ 3,043.75) ÷ 0.0953102 = 30.4375 × 0.198191 ÷ 0.0953102 = 63.29
        // days after it, day 93.29 (hand calculation); within the period no growth, 2,000 kg
        // by day 20.
        let curve = even(100.0, 30, 30.0, 0.10);
        let days = curve.reaching(10_000.0).unwrap();
        assert!((days - 93.29).abs() < 0.01, "{days}");
        assert!((curve.at(days) - 10_000.0).abs() < 1e-9);
        assert!((curve.at(20.0) - 2_000.0).abs() < 1e-9);
    }
}
