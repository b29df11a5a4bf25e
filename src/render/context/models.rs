//! The models: their providers' published training figures and their life cycle.

use schemars::JsonSchema;
use serde::Serialize;

use super::{figure_method, shown, shown_as};
use crate::compute::{Results, lifecycle};
use crate::model::Disclosure;
use crate::text::number::{format, plain};

/// A provider's published training figures for one model.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct UpstreamRow {
    /// The model's name.
    model: String,
    /// Organisation that provides the model.
    provider: String,
    /// Published training energy, `MWh` (4 significant figures, thousands grouped), or
    /// `not published`.
    energy_mwh: String,
    /// How the energy figure was obtained, e.g. `supplier reported`; empty when not published.
    energy_method: &'static str,
    /// Where the energy figure comes from; empty when not published.
    energy_source: String,
    /// Published training emissions, tCO2e (4 significant figures, thousands grouped), or
    /// `not published`.
    emissions_t: String,
    /// How the emissions figure was obtained, e.g. `supplier reported`; empty when not published.
    emissions_method: &'static str,
    /// Where the emissions figure comes from; empty when not published.
    emissions_source: String,
    /// What the provider says of the run: pre-training or fine-tuning, where, on what.
    run: String,
}

pub(super) fn upstream_rows(d: &Disclosure) -> Vec<UpstreamRow> {
    d.system
        .models
        .iter()
        .filter_map(|m| m.upstream_training.as_ref().map(|t| (m, t)))
        .map(|(m, t)| UpstreamRow {
            model: m.name.clone(),
            provider: m.provider.clone(),
            energy_mwh: t.energy.as_ref().map_or_else(
                || "not published".to_owned(),
                |e| shown_as(e.value.kwh(), "kWh", "MWh"),
            ),
            energy_method: figure_method(t.energy.as_ref()),
            energy_source: t
                .energy
                .as_ref()
                .map_or_else(String::new, |e| e.source.clone()),
            emissions_t: t.emissions.as_ref().map_or_else(
                || "not published".to_owned(),
                |e| shown_as(e.value.kg(), "kgCO2e", "tCO2e"),
            ),
            emissions_method: figure_method(t.emissions.as_ref()),
            emissions_source: t
                .emissions
                .as_ref()
                .map_or_else(String::new, |e| e.source.clone()),
            run: [
                t.phase.map(|p| p.label().to_owned()),
                t.location.clone(),
                t.hardware.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
        })
        .collect()
}

/// Training and inference of one model, and when inference emissions overtake training.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct LifecycleRow {
    /// The model's name.
    model: String,
    /// Training emissions, tCO2e (4 significant figures, thousands grouped); empty when neither
    /// measured in this disclosure nor published by the provider.
    training_t: String,
    /// Where `training_t` comes from: `this disclosure's training measurements, location-based` or
    /// `the provider's published figure`; empty when there is none.
    training_basis: &'static str,
    /// Training emissions attributed to this reporting period, tCO2e
    /// (4 significant figures, thousands grouped); empty when the model states no allocation.
    allocated_t: String,
    /// `stated share` or `units served ÷ expected lifetime units`; empty without an allocation.
    allocation_basis: &'static str,
    /// Location-based inference emissions per day, kgCO2e/day
    /// (4 significant figures, thousands grouped); empty without inference measurements.
    run_rate_kg_per_day: String,
    /// The date (`YYYY-MM-DD`) cumulative inference emissions pass the training emissions,
    /// `not within 100 years`, or `not given: ` and why (one sentence for each reason the
    /// results' `crossover_withheld` gives); empty without training or inference.
    crossover: String,
    /// Expected growth of inference traffic, e.g. `3 % a month`; empty when not stated.
    growth: String,
}

impl LifecycleRow {
    /// Whether the row states a training figure.
    pub(super) fn has_training(&self) -> bool {
        !self.training_t.is_empty()
    }
}

pub(super) fn lifecycle_rows(d: &Disclosure, results: &Results) -> Vec<LifecycleRow> {
    results
        .lifecycle
        .iter()
        .map(|l| {
            let model = d.system.models.iter().find(|m| m.id == l.model);
            let own_training = crate::compute::lifecycle::trains_own(d, &l.model);
            LifecycleRow {
                model: model.map_or_else(|| l.model.clone(), |m| m.name.clone()),
                training_t: l
                    .training
                    .as_ref()
                    .map_or_else(String::new, |t| shown(t, "tCO2e")),
                training_basis: match (
                    &l.training,
                    own_training,
                    model.and_then(|m| lifecycle::published_part(d, m)).is_some(),
                ) {
                    (None, _, _) => "",
                    (Some(_), true, _) => "this disclosure's training measurements, location-based",
                    (Some(_), false, true) if d.training_runs(&l.model).next().is_some() => {
                        "the provider's published figure and this disclosure's training measurements of the model, location-based"
                    }
                    (Some(_), false, true) => "the provider's published figure",
                    (Some(_), false, false) => {
                        "this disclosure's training measurements of the model only, location-based; the provider's emissions of its own training are not stated"
                    }
                },
                allocated_t: l
                    .allocated_training
                    .as_ref()
                    .map_or_else(String::new, |t| shown(t, "tCO2e")),
                allocation_basis: match model.and_then(|m| m.allocation.as_ref()) {
                    Some(a) if a.share.is_some() => "stated share",
                    Some(_) => "units served ÷ expected lifetime units",
                    None => "",
                },
                run_rate_kg_per_day: l
                    .inference_run_rate
                    .as_ref()
                    .map_or_else(String::new, |r| format(r.value)),
                crossover: crossover(l),
                growth: model.and_then(|m| m.growth).map_or_else(String::new, |g| {
                    format!("{} % a month", plain(g.fraction() * 100.0))
                }),
            }
        })
        .collect()
}

/// When a model's inference passes its training, as the reports and `compute`'s table print it:
/// a date, "not within … years" (with the day counted from where it follows training), why
/// none is given ([`lifecycle::Withheld`]), or nothing where there is nothing to weigh (no
/// training or no inference).
#[must_use]
pub fn crossover(l: &lifecycle::ModelLifecycle) -> String {
    use lifecycle::Withheld;
    if let Some(c) = l.crossover {
        let from = l
            .crossover_from
            .filter(|from| from.after_training)
            .map_or_else(String::new, |from| {
                format!(
                    ", counted from {} after training at {} kgCO2e/day",
                    from.day,
                    format(from.run_rate)
                )
            });
        return match c {
            lifecycle::Crossover::On(date) => format!("{date}{from}"),
            lifecycle::Crossover::NotWithinYears(years) => {
                format!("not within {years} years{from}")
            }
        };
    }
    match l.crossover_withheld {
        None => String::new(),
        Some(Withheld::RecordBeyondMeasurements {
            stated_kwh,
            within_kwh,
            at_most_kwh,
        }) => format!(
            "not given: the training record states {} MWh, the measurements hold {}",
            format(stated_kwh / 1000.0),
            lifecycle::held(within_kwh, at_most_kwh)
        ),
        Some(Withheld::RecordUndecided {
            stated_kwh,
            within_kwh,
            at_most_kwh,
        }) => format!(
            "not given: the training record states {} MWh; on its boundary the measurements hold {}, so whether it holds more training is not known",
            format(stated_kwh / 1000.0),
            lifecycle::held(within_kwh, at_most_kwh)
        ),
        Some(Withheld::Providers) => "not given: the training is the model provider's".to_owned(),
        // Inference passing a training someone else did and is amortising elsewhere says
        // nothing of this deployment.
        Some(Withheld::IncludesProviders) => {
            "not given: the training includes the model provider's".to_owned()
        }
        Some(Withheld::AnotherProvidersModel) => {
            "not given: the model is another provider's, whose training emissions are not stated"
                .to_owned()
        }
        Some(Withheld::FineTuningOnly) => {
            "not given: only fine-tuning is measured, not the training it builds on".to_owned()
        }
        Some(Withheld::NoInferenceAfterTraining) => {
            "not given: no inference is measured after the training ends".to_owned()
        }
        Some(Withheld::NoInferenceEmissions) => {
            "not given: the inference counted against the training has no location-based emissions"
                .to_owned()
        }
    }
}
