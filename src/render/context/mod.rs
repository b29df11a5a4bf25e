//! The data a template sees: the disclosure and its results with every number already
//! formatted and every label in words, so templates only lay things out.
//!
//! Text from the input stays raw here; each output language escapes it with its own filter
//! (`typst`, `typst_str`, `md`), so one context serves every format.

mod boundary;
mod claims;
mod esrs;
mod hardware;
mod hourly;
mod measurements;
mod models;
mod per_unit;
mod scenarios;
mod sites;
mod totals;

pub use models::crossover;
pub use scenarios::share as saving_share;
pub use totals::{measured_shares, tier_percents, tier_shares};

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::uncertainty::Interval;
use crate::compute::{self, Results};
use crate::evidence::{DateSource, Manifest};
use crate::model::quantity::convert;
use crate::model::{
    Audience, Disclosure, Distribution, Figure, Method, Percent, Role, Uncertainty,
};
use crate::text::number::{decimals, fixed, format, plain, significant, supported_digits};

/// The JSON Schema (draft 2020-12) of [`Context`]: every value a template may use, the
/// interface `--template-dir` templates are written against.
#[must_use]
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<Context>().to_value()
}

impl Context {
    /// The images drawn for the report's charts, by their path in the Typst world.
    #[must_use]
    pub fn images(&self) -> &[(String, Vec<u8>)] {
        self.charts.images()
    }
}

/// Everything a template may use.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Context {
    /// The report's provenance: id, date, input, template and their hashes.
    report: ReportInfo,
    /// The organisation that publishes the disclosure.
    organisation: Organisation,
    /// The AI system the disclosure covers, with its models.
    system: System,
    /// The reporting period.
    period: Period,
    /// Totals over every measurement of the disclosure.
    totals: totals::Totals,
    /// Facility energy and emissions by GHG scope.
    scopes: Vec<totals::ScopeRow>,
    /// The fuel burned for the system (Scope 1), in a sentence that says it lies outside the
    /// electricity's figures; empty when the disclosure states none.
    fuel_burned: String,
    /// One row per measurement, in input order.
    measurements: Vec<measurements::MeasurementRow>,
    /// One row per site, in input order.
    sites: Vec<sites::SiteRow>,
    /// One row per site whose electricity the disclosure gives hour by hour (an hourly
    /// profile, hourly grid factors or an instrument's hourly generation), in input order;
    /// empty when none does.
    hourly: Vec<hourly::HourlyRow>,
    /// Energy and emissions per functional unit: all models together, and per model.
    per_unit: Vec<per_unit::PerUnitRow>,
    /// The rows of `per_unit` whose water is given (every measurement they divide states it).
    water_per_unit: Vec<per_unit::PerUnitRow>,
    /// The providers' published training figures, one row per model that has them.
    upstream: Vec<models::UpstreamRow>,
    /// Every part of the serving system outside a measurement's boundary, and its treatment.
    exclusions: Vec<boundary::ExclusionRow>,
    /// Hardware items that state embodied emissions, in input order.
    hardware: Vec<hardware::HardwareRow>,
    /// Training and inference together, one row per model that has either.
    lifecycle: Vec<models::LifecycleRow>,
    /// The methodology of the disclosure as a whole.
    methodology: Methodology,
    /// True when a measurement's energy, a site's location-based factor or its PUE is a default
    /// factor, or when any value was taken from the reference data.
    defaults_used: bool,
    /// The reference data the defaults came from, and every value taken from it.
    reference: Reference,
    /// The data behind the report's charts, laid out so templates only draw.
    charts: super::charts::Charts,
    /// Terms a reader meets and their meanings, in alphabetical order.
    glossary: &'static [super::glossary::Term],
    /// The energy and compute fields of the GPAI Code of Practice Model Documentation Form.
    gpai: super::gpai::Form,
    /// Design scenarios against the disclosed baseline, largest location-based saving first.
    scenarios: Vec<scenarios::ScenarioRow>,
    /// Net-positive claims and their assessment, in input order.
    claims: Vec<claims::ClaimRow>,
    /// The tables of the ESRS E1 annex: E1-5 energy from own operations by source, E1-6 gross
    /// Scope 1, 2 and 3 emissions.
    esrs: esrs::Esrs,
}

/// The reference data the defaults came from, and each value taken.
#[derive(Debug, Serialize, JsonSchema)]
struct Reference {
    /// The reference dataset's name and version, with the label of a user's file if any.
    dataset: String,
    /// The name of the user's reference data file (`--data`); empty when none was given.
    file: String,
    /// Every value taken from the reference data, in input order.
    uses: Vec<ReferenceRow>,
}

/// One value taken from the reference data into the input.
#[derive(Debug, Serialize, JsonSchema)]
struct ReferenceRow {
    /// What the value is, e.g. `location-based grid factor`, `PUE`.
    what: String,
    /// The row it came from: a grid zone, `provider:region`, a provider or a device id.
    key: String,
    /// The value, with its unit.
    value: String,
    /// The year it describes; empty when the source gives none.
    year: String,
    /// The source, cited.
    source: String,
    /// The place in the input, as a dotted path.
    place: String,
}

/// The report's provenance: what it was made from and with.
#[derive(Debug, Serialize, JsonSchema)]
struct ReportInfo {
    /// The report's id: `WP-` and the first 12 hex digits of the input's SHA-256, upper-case.
    id: String,
    /// The report date (`YYYY-MM-DD`).
    date: String,
    /// The version of wattprint that made the report.
    tool_version: String,
    /// The template's name.
    template: String,
    /// The input file's name, without its folders.
    input: String,
    /// SHA-256 of the input file's bytes, 64 lowercase hexadecimal digits.
    input_sha256: String,
    /// SHA-256 over the template's files (each path and its bytes, in path order).
    template_sha256: String,
    /// Version of the input format read.
    schema_version: u32,
    /// Where the date came from: `--date option`, `SOURCE_DATE_EPOCH`, `day it was made` or
    /// `end of the reporting period`.
    date_source: String,
    /// True when the date is a date of issue (`--date`, `SOURCE_DATE_EPOCH` or the day the
    /// report was made); false when no date of issue was given (the page in the browser) and
    /// `date` is the end of the reporting period.
    issued: bool,
    /// True when the document fills the fields EU AI Act Annex XI, Section 1, point 2(d) and
    /// (e) ask of providers of general-purpose AI models: the organisation provides a model the
    /// inputs mark as a general-purpose AI model, and the document is not for downstream
    /// providers. False for a voluntary disclosure.
    annex_xi: bool,
    /// The sentence that states what the document is and the texts it follows: Annex XI and
    /// the Model Documentation Form when `annex_xi`, a voluntary disclosure otherwise.
    basis: &'static str,
    /// For a document made for one audience (`--audience`): who it is for and on what terms
    /// they receive it (confidential, on request, for the AI Office and authorities); empty
    /// for the full document.
    audience_note: &'static str,
    /// The same for a document that holds no Model Documentation Form (the ESRS annex, the
    /// summary, the levers, the claims): who it is for and what it leaves out, without the
    /// Form's terms it does not carry; empty for the full document.
    audience_brief: &'static str,
    /// For a document whose audience does not receive the whole disclosure: that its input is
    /// the full input (named, with its SHA-256) without what was left out, and what that is;
    /// empty otherwise.
    redaction: String,
    /// For a report that compares with a previous period (`--previous`): the previous
    /// disclosure's file and SHA-256, which a PDF report attaches; empty otherwise.
    previous: String,
}

/// What a provider's document is: the fields Annex XI asks of providers of general-purpose AI
/// models (Art. 53(1)(a)), in the Form's terms, with emissions beside them. Whether the model
/// is a general-purpose AI model is the provider's to say; the sentence does not say it is.
const ANNEX_XI_BASIS: &str = "Energy and compute information in the fields that EU AI Act (Regulation (EU) 2024/1689) Annex XI, Section 1, point 2(d) and (e) asks of providers of general-purpose AI models for their technical documentation (Art. 53(1)(a)), as the GPAI Code of Practice's Model Documentation Form lays them out, with greenhouse-gas emissions reported voluntarily after the GHG Protocol Scope 2 Guidance.";

/// What a document for downstream providers is: they receive the information of Annex XII
/// (Art. 53(1)(b)), which has no energy or compute item, so whatever energy the document gives
/// is given by choice.
const DOWNSTREAM_BASIS: &str = "Information for downstream providers, who receive the information of EU AI Act (Regulation (EU) 2024/1689) Annex XII (Art. 53(1)(b)); Annex XII has no energy or compute item, so the energy consumption and greenhouse-gas emissions of the system's operation given here are a voluntary disclosure, after the GHG Protocol Scope 2 Guidance.";

/// What every other document is. Annex XI binds providers of general-purpose AI models
/// (Art. 53(1)(a)); a deployer's inference footprint, or a provider's without training of its
/// own, is disclosed by choice.
const VOLUNTARY_BASIS: &str = "A voluntary disclosure of the energy consumption and greenhouse-gas emissions of an AI system, after the GHG Protocol Scope 2 Guidance. The energy documentation of EU AI Act (Regulation (EU) 2024/1689) Annex XI, Section 1, point 2(e) is a duty of providers of general-purpose AI models (Art. 53(1)(a)); this document is not made under it.";

/// The organisation that publishes the disclosure.
#[derive(Debug, Serialize, JsonSchema)]
struct Organisation {
    /// Legal name.
    name: String,
    /// Role under the EU AI Act: `provider`, `deployer` or `provider and deployer`.
    role: &'static str,
    /// True when the role is `deployer` or `provider and deployer`.
    is_deployer: bool,
}

/// The AI system the disclosure covers.
#[derive(Debug, Serialize, JsonSchema)]
struct System {
    /// Name of the AI system.
    name: String,
    /// Version or release the disclosure covers; empty when not stated.
    version: String,
    /// What the system does; empty when not stated.
    description: String,
    /// The models the system runs, in input order.
    models: Vec<ModelRow>,
}

/// A model the system runs.
#[derive(Debug, Serialize, JsonSchema)]
struct ModelRow {
    /// Identifier that measurements refer to.
    id: String,
    /// Model name and version.
    name: String,
    /// Organisation that provides the model.
    provider: String,
    /// Number of parameters, e.g. `70.00 billion` (4 significant figures); empty when not stated.
    parameters: String,
}

/// The reporting period.
#[derive(Debug, Serialize, JsonSchema)]
struct Period {
    /// First day included (`YYYY-MM-DD`).
    start: String,
    /// Last day included (`YYYY-MM-DD`).
    end: String,
    /// Number of days, both ends included.
    days: i64,
}

/// The methodology of the disclosure as a whole.
#[derive(Debug, Serialize, JsonSchema)]
struct Methodology {
    /// Standards followed, as the input names them.
    standards: Vec<String>,
    /// How the figures were obtained, in the organisation's own words.
    narrative: String,
    /// How shared energy or hardware was allocated to the system; empty when not stated.
    allocation: String,
}

/// An interval as `52.82–58.38`; empty when the inputs state no uncertainty.
fn range(interval: Option<Interval>) -> String {
    interval.map_or_else(String::new, |i| ends(&format(i.low), &format(i.high)))
}

/// An interval's ends as written, `low–high`, or `low to high` where an end is negative (a
/// dash beside a minus sign, `-0.05–-0.04`, reads as neither); empty when they read the same.
fn ends(low: &str, high: &str) -> String {
    if low == high {
        String::new()
    } else if low.starts_with('-') || high.starts_with('-') {
        format!("{low} to {high}")
    } else {
        format!("{low}–{high}")
    }
}

/// A figure in the unit written `symbol`, as reports write numbers: to the digits its
/// interval supports, when it has one.
fn shown(figure: &compute::Figure, symbol: &str) -> String {
    let value = figure.in_(symbol);
    match figure.interval_in(symbol) {
        Some(i) => significant(value, supported_digits(value, i.low, i.high)),
        None => format(value),
    }
}

/// A figure without an interval of its own in the unit written `symbol`, to the digits the
/// relative half-width `spread` of its first-order range supports (see [`compute::spread`]).
fn shown_within(figure: &compute::Figure, symbol: &str, spread: f64) -> String {
    if figure.interval.is_some() {
        return shown(figure, symbol);
    }
    to_spread(figure.in_(symbol), spread)
}

/// `value` to the digits a relative half-width `spread` supports; four significant figures
/// without one.
fn to_spread(value: f64, spread: f64) -> String {
    if spread <= 0.0 {
        return format(value);
    }
    let half = value.abs() * spread;
    significant(value, supported_digits(value, value - half, value + half))
}

/// A figure's 95 % interval in the unit written `symbol`, as `52.8–58.4`: its ends to the
/// decimal places the figure is shown with; empty when the inputs state no uncertainty, or when
/// both ends read the same at those places.
fn shown_interval(figure: &compute::Figure, symbol: &str) -> String {
    let value = figure.in_(symbol);
    figure.interval_in(symbol).map_or_else(String::new, |i| {
        let places = decimals(value, supported_digits(value, i.low, i.high));
        ends(&fixed(i.low, places), &fixed(i.high, places))
    })
}

/// A value in the unit written `from`, shown in `to` to the digits the relative half-width
/// `spread` of its first-order range supports (see [`compute::spread`]).
fn shown_as_within(value: f64, (from, to): (&str, &str), spread: f64) -> String {
    to_spread(convert(value, from, to), spread)
}

/// A value in the unit written `from`, shown in `to`.
fn shown_as(value: f64, from: &str, to: &str) -> String {
    format(convert(value, from, to))
}

fn uncertainty(u: Option<Uncertainty>) -> String {
    let pct = |p: Percent| plain(p.fraction() * 100.0);
    match u {
        None => String::new(),
        Some(
            Uncertainty::Relative(p)
            | Uncertainty::Distribution(Distribution::Normal { relative: p }),
        ) => format!("±{} % (normal, 95 %)", pct(p)),
        Some(Uncertainty::Distribution(Distribution::Lognormal { relative })) => {
            format!(
                "×/÷ {} (log-normal, 95 %)",
                plain(1.0 + relative.fraction())
            )
        }
        Some(Uncertainty::Distribution(Distribution::Uniform { below, above })) => {
            format!("−{} % to +{} % (uniform)", pct(below), pct(above))
        }
        Some(Uncertainty::Distribution(Distribution::Triangular { below, above })) => {
            format!("−{} % to +{} % (triangular)", pct(below), pct(above))
        }
    }
}

fn figure_method<T>(figure: Option<&Figure<T>>) -> &'static str {
    figure.map_or("", |f| f.method.label())
}

/// What the report says of the reference data its defaults came from.
fn reference(manifest: &Manifest) -> Reference {
    Reference {
        dataset: manifest.reference_data.dataset.clone(),
        file: manifest
            .reference_data
            .file
            .iter()
            .map(crate::evidence::FileName::as_str)
            .collect(),
        uses: manifest
            .reference_data
            .uses
            .iter()
            .map(|u| ReferenceRow {
                what: u.what.clone(),
                key: u.key.clone(),
                value: u.value.clone(),
                year: u.year.map_or_else(String::new, |y| y.to_string()),
                source: u.source.clone(),
                place: crate::diagnostic::display_path(&u.pointer),
            })
            .collect(),
    }
}

/// What the report says of itself: its identity, inputs and basis, from its `manifest`.
fn report_info(manifest: &Manifest, annex_xi: bool) -> ReportInfo {
    ReportInfo {
        id: manifest.report_id(),
        date: manifest.date.to_string(),
        tool_version: manifest.tool_version.clone(),
        template: manifest.template.clone(),
        input: manifest.input.to_string(),
        input_sha256: manifest.input_sha256.to_string(),
        template_sha256: manifest.template_sha256.to_string(),
        schema_version: manifest.schema_version,
        date_source: manifest.date_source.label().to_owned(),
        issued: manifest.date_source != DateSource::PeriodEnd,
        annex_xi,
        audience_note: manifest.audience.map_or("", Audience::note),
        audience_brief: manifest.audience.map_or("", Audience::brief),
        redaction: manifest.redacted_from.as_ref().map_or_else(String::new, |r| {
            let data = match (&r.reference_data, &manifest.reference_data.file) {
                (Some(full), Some(kept)) => format!(
                    " Its reference data, {kept}, holds only the rows of the file {} (SHA-256 {}) that this input uses.",
                    full.file, full.sha256
                ),
                _ => String::new(),
            };
            format!(
                "This document is made from {}, which is the disclosure {} (SHA-256 {}) without {}; its figures do not include what was left out.{data} The provider keeps the full disclosure: the same full disclosure always gives the same document.",
                manifest.input, r.input, r.input_sha256, r.left_out
            )
        }),
        previous: manifest.previous.as_ref().map_or_else(String::new, |p| {
            format!(
                "Comparative figures from the previous period's disclosure {}, SHA-256 {}, computed by the same method and reference data as this period's.",
                p.input, p.input_sha256
            )
        }),
        basis: if manifest.audience == Some(Audience::Downstream) {
            DOWNSTREAM_BASIS
        } else if annex_xi {
            ANNEX_XI_BASIS
        } else {
            VOLUNTARY_BASIS
        },
    }
}

/// Builds the context of one report.
#[must_use]
pub fn build(disclosure: &Disclosure, results: &Results, manifest: &Manifest) -> Context {
    let d = disclosure;
    let defaults_used = d
        .measurements
        .iter()
        .any(|m| m.energy.method == Method::DefaultFactor)
        || d.sites.iter().any(|s| {
            s.grid.location_based.method == Method::DefaultFactor
                || s.pue
                    .as_ref()
                    .is_some_and(|p| p.method == Method::DefaultFactor)
        })
        || !manifest.reference_data.uses.is_empty();
    let gpai = super::gpai::build(disclosure, results, manifest.audience);
    let annex_xi = d.organisation.role != Role::Deployer
        && gpai.applies()
        && manifest.audience != Some(Audience::Downstream);
    let per_unit = per_unit::per_unit_rows(d, results);
    Context {
        charts: super::charts::build(disclosure, results),
        glossary: super::glossary::GLOSSARY,
        gpai,
        scenarios: scenarios::scenario_rows(results),
        claims: claims::claim_rows(disclosure, results),
        reference: reference(manifest),
        report: report_info(manifest, annex_xi),
        organisation: Organisation {
            name: d.organisation.name.clone(),
            role: d.organisation.role.label(),
            is_deployer: d.organisation.role != Role::Provider,
        },
        system: System {
            name: d.system.name.clone(),
            version: d.system.version.clone().unwrap_or_default(),
            description: d.system.description.clone().unwrap_or_default(),
            models: d
                .system
                .models
                .iter()
                .map(|m| ModelRow {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    provider: m.provider.clone(),
                    parameters: m
                        .parameters
                        .map_or_else(String::new, |p| format!("{} billion", plain(p / 1e9))),
                })
                .collect(),
        },
        period: Period {
            start: d.reporting_period.start.to_string(),
            end: d.reporting_period.end.to_string(),
            days: d.reporting_period.days(),
        },
        totals: totals::totals_row(d, results),
        scopes: totals::scope_rows(d, results),
        fuel_burned: totals::fuel_burned(d, results),
        esrs: esrs::esrs(d, results),
        measurements: measurements::measurement_rows(d, results, manifest.audience),
        sites: sites::site_rows(d, results),
        hourly: hourly::hourly_rows(d, results),
        water_per_unit: per_unit
            .iter()
            .filter(|p| !p.water_ml.is_empty())
            .cloned()
            .collect(),
        per_unit,
        upstream: models::upstream_rows(d),
        exclusions: boundary::exclusion_rows(d, results),
        hardware: hardware::hardware_rows(d, results),
        // A document made from part of the disclosure leaves out the organisation's training:
        // a row would say "not known" of a figure that is known and withheld.
        lifecycle: models::lifecycle_rows(d, results)
            .into_iter()
            .filter(|row| manifest.redacted_from.is_none() || row.has_training())
            .collect(),
        methodology: Methodology {
            standards: d.methodology.standards.clone(),
            narrative: d.methodology.narrative.clone(),
            allocation: d.methodology.allocation.clone().unwrap_or_default(),
        },
        defaults_used,
    }
}

#[cfg(test)]
mod tests {
    use super::ends;

    #[test]
    fn a_range_with_a_negative_end_reads_low_to_high() {
        assert_eq!(ends("52.82", "58.38"), "52.82–58.38");
        assert_eq!(ends("-0.05", "-0.04"), "-0.05 to -0.04");
        assert_eq!(ends("-1.2", "0.3"), "-1.2 to 0.3");
        assert_eq!(ends("3", "3"), "");
    }
}
