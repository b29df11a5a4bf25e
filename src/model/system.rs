//! The AI system, the models it runs and what their providers publish about training them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{BoundaryPart, Duration, Emissions, Energy, Figure, Growth, Phase, Power};

/// The AI system whose footprint is disclosed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Name of the AI system.
    pub name: String,
    /// Version or release of the system the disclosure covers.
    #[serde(default)]
    pub version: Option<String>,
    /// What the system does, in a sentence or two (AI Act Annex XI, Section 1, point 1).
    #[serde(default)]
    pub description: Option<String>,
    /// Models the system runs.
    pub models: Vec<Model>,
}

/// A model the system runs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Identifier that measurements refer to (`model: main`).
    pub id: String,
    /// Model name and version, e.g. "Llama-3.1-70B-Instruct".
    pub name: String,
    /// Organisation that provides the model (AI Act provider of the general-purpose AI model).
    pub provider: String,
    /// Number of parameters (e.g. 70e9).
    #[serde(default)]
    pub parameters: Option<f64>,
    /// Whether the model is a general-purpose AI model (AI Act Art. 3(63)) that the
    /// organisation provides. The report fills the Model Documentation Form's energy and
    /// compute fields (Annex XI, Section 1, point 2(d) and (e)) only for such a model; wattprint
    /// does not assess whether a model is one.
    #[serde(default)]
    pub general_purpose: bool,
    /// The organisation's own training of the model as a whole, over every run, before this
    /// reporting period as well as within it: what the Model Documentation Form documents.
    #[serde(default)]
    pub training: Option<Training>,
    /// The provider's published training figures. Shown as upstream context; never added to
    /// a deployer's own inventory.
    #[serde(default)]
    pub upstream_training: Option<UpstreamTraining>,
    /// How much of the model's training to attribute to this reporting period.
    #[serde(default)]
    pub allocation: Option<TrainingAllocation>,
    /// Expected growth of the model's inference traffic per month after the measured period
    /// (e.g. "3%", or "-2%" for a decline), for the date at which cumulative inference
    /// emissions pass training emissions.
    #[serde(default)]
    pub growth: Option<Growth>,
}

impl Model {
    /// Whether the organisation called `organisation` provides the model: it is marked as the
    /// general-purpose AI model the organisation provides, or names it as provider. Published
    /// training figures of such a model are the organisation's own training, not upstream.
    #[must_use]
    pub fn provided_by(&self, organisation: &str) -> bool {
        self.general_purpose || same_name(&self.provider, organisation)
    }
}

/// Whether two organisations' names are the same name: letters of any script in any case
/// (`ß` as `ss`), in any of Unicode's compatible encodings, and runs of spaces as one (an attack of 2026-12-02:
/// `Acme  AI GmbH` and `ärzte ai gmbh` were taken for other providers than `Acme AI GmbH` and
/// `Ärzte AI GmbH`; its review: so was an `Ä` written as `A` and a combining diaeresis).
#[must_use]
pub fn same_name(a: &str, b: &str) -> bool {
    fn folded(name: &str) -> String {
        use unicode_normalization::UnicodeNormalization as _;
        // Lowercasing may decompose (`İ` becomes `i` and a combining dot), so the form is
        // taken again after the fold.
        let compatible: String = name.nfkc().collect();
        crate::text::case_folded(&compatible).nfkc().collect()
    }
    let (a, b) = (folded(a), folded(b));
    a.split_whitespace().eq(b.split_whitespace())
}

/// The share of a model's training emissions attributed to one reporting period. Give one of
/// the two fields.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingAllocation {
    /// A share stated directly, 0 to 1.
    #[serde(default)]
    pub share: Option<f64>,
    /// Units of service the model is expected to deliver over its whole life, by functional
    /// unit id; the share is this period's units over these.
    #[serde(default)]
    pub expected_lifetime_units: BTreeMap<String, f64>,
}

/// A provider's published figures for training a model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstreamTraining {
    /// Energy used to train the model (AI Act Annex XI, Section 1, point 2(e)).
    #[serde(default)]
    pub energy: Option<Figure<Energy>>,
    /// Greenhouse-gas emissions of training as published by the provider.
    #[serde(default)]
    pub emissions: Option<Figure<Emissions>>,
    /// Whether the figures are for pre-training (`training`) or for `fine_tuning`.
    #[serde(default)]
    pub phase: Option<Phase>,
    /// Where the model was trained, as the provider states it (e.g. "Quebec, Canada").
    #[serde(default)]
    pub location: Option<String>,
    /// The hardware used, as the provider states it (e.g. "8 A100 GPUs for 10 days").
    #[serde(default)]
    pub hardware: Option<String>,
}

/// A model's training as a whole (AI Act Annex XI, Section 1, point 2(d) and (e)): the
/// computation, the hardware, the wall-clock time and, where the training measurements of this
/// disclosure do not hold all of it, the cumulative energy. Each is independent of how the
/// energy of a measurement was obtained: a provider who metered training energy states its
/// compute here too.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Amount of computation used for training, in floating-point operations, with how it was
    /// obtained (Annex XI, Section 1, point 2(d)).
    #[serde(default)]
    pub compute: Option<TrainingCompute>,
    /// The accelerators the model was trained on.
    #[serde(default)]
    pub hardware: Option<TrainingHardware>,
    /// Wall-clock time of training, from the start of the first run to the end of the last,
    /// e.g. "47 days" (Annex XI, Section 1, point 2(d): training time).
    #[serde(default)]
    pub wall_clock: Option<Duration>,
    /// The training time as the Model Documentation Form's range, where only the range may be
    /// stated: a document for national competent authorities carries it in place of
    /// `wall_clock` and the training dates. Give `wall_clock` or this, not both.
    #[serde(default)]
    pub time_range: Option<TimeRange>,
    /// Energy of all the model's training, runs outside this reporting period included (Annex
    /// XI, Section 1, point 2(e)). Without it, the Form's energy is the sum of this disclosure's
    /// training measurements of the model.
    #[serde(default)]
    pub energy: Option<Figure<Energy>>,
    /// What `energy` covers: `accelerators`, `host`, … and `facility` when it includes the
    /// facility overhead.
    #[serde(default)]
    pub boundary: Vec<BoundaryPart>,
}

/// The amount of computation used for training.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingCompute {
    /// Floating-point operations over all training, e.g. 3.1e23.
    pub flops: f64,
    /// How the number was obtained.
    pub method: FlopsMethod,
    /// Where it comes from: the counter or profiler, or the estimate's inputs (e.g. "6 × 7.2e9
    /// parameters × 7.2e12 tokens").
    pub source: String,
    /// How precisely `flops` is stated: as counted or estimated (`stated`, the default), or as
    /// its order of magnitude only (`order_of_magnitude`: `flops` is the power of ten at or
    /// below the count), as a document for national competent authorities carries it.
    #[serde(default)]
    pub precision: FlopsPrecision,
}

/// How precisely a number of training FLOPs is stated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlopsPrecision {
    /// As counted or estimated.
    #[default]
    Stated,
    /// Its order of magnitude only: the power of ten at or below it.
    OrderOfMagnitude,
}

/// How a number of training FLOPs was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlopsMethod {
    /// Counted by the training framework or a profiler.
    Counted,
    /// Estimated from the architecture and data (e.g. 6 × parameters × tokens) or from the
    /// hardware, its utilisation and the time.
    Estimated,
}

impl FlopsMethod {
    /// The method as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FlopsMethod::Counted => "counted",
            FlopsMethod::Estimated => "estimated",
        }
    }
}

/// The accelerators a model was trained on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingHardware {
    /// The accelerator in wattprint's reference data (`wattprint data hardware`), e.g.
    /// "h100-sxm": gives `peak_flops_per_second` at `precision` and `max_power`, when absent.
    #[serde(default)]
    pub device: Option<String>,
    /// Number of accelerators.
    pub count: f64,
    /// The precision training ran at, choosing the device's peak: fp64, fp32, tf32, fp16, bf16
    /// or fp8.
    #[serde(default)]
    pub precision: Option<String>,
    /// Peak FLOP/s of one accelerator at that precision.
    #[serde(default)]
    pub peak_flops_per_second: Option<f64>,
    /// Most power one accelerator draws (its TDP).
    #[serde(default)]
    pub max_power: Option<Power>,
    /// Model FLOPs utilisation achieved on average over the wall-clock time, 0 to 1, when
    /// known.
    #[serde(default)]
    pub utilisation: Option<f64>,
}

/// The Model Documentation Form's ranges of training time, as national competent authorities
/// receive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TimeRange {
    /// Less than one month (under 30 days).
    #[serde(rename = "less than 1 month")]
    UnderOneMonth,
    /// One to three months (30 to 90 days).
    #[serde(rename = "1 to 3 months")]
    OneToThreeMonths,
    /// Three to six months (91 to 182 days).
    #[serde(rename = "3 to 6 months")]
    ThreeToSixMonths,
    /// More than six months (183 days or more).
    #[serde(rename = "more than 6 months")]
    OverSixMonths,
}

impl TimeRange {
    /// The range `days` whole days fall in.
    #[must_use]
    pub fn of_days(days: i64) -> Self {
        match days {
            ..30 => TimeRange::UnderOneMonth,
            30..91 => TimeRange::OneToThreeMonths,
            91..183 => TimeRange::ThreeToSixMonths,
            _ => TimeRange::OverSixMonths,
        }
    }

    /// The range as the Form and the input write it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            TimeRange::UnderOneMonth => "less than 1 month",
            TimeRange::OneToThreeMonths => "1 to 3 months",
            TimeRange::ThreeToSixMonths => "3 to 6 months",
            TimeRange::OverSixMonths => "more than 6 months",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn names_match_in_any_case_spacing_and_compatible_encoding() {
        assert!(same_name("Acme  AI GmbH", "acme ai gmbh"));
        // `Ä` composed (U+00C4) and decomposed (`A`, U+0308), and its lowercase.
        assert!(same_name("\u{c4}rzte AI GmbH", "A\u{308}rzte AI GmbH"));
        assert!(same_name("a\u{308}rzte ai gmbh", "\u{c4}RZTE AI GMBH"));
        // Full-width letters and the `ﬁ` ligature are their plain letters.
        assert!(same_name("\u{ff21}cme", "acme"));
        assert!(same_name("\u{fb01}nance", "Finance"));
        // `İ` lowercases to `i` and a combining dot, the same both ways.
        assert!(same_name("\u{130}STANBUL AI", "i\u{307}stanbul ai"));
        // Full case folding: `ß` is `ss` (`ẞ` lowercases to it), a final sigma is a sigma.
        assert!(same_name("Großrechner AI GmbH", "GROSSRECHNER AI GMBH"));
        assert!(same_name("GROẞRECHNER", "grossrechner"));
        assert!(same_name("ΟΔΥΣΣΕΥΣ", "οδυσσευς"));
        assert!(!same_name("Acme AI GmbH", "Acme AI AG"));
        assert!(!same_name("Arzte AI", "\u{c4}rzte AI"));
    }
}
