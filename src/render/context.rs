//! The data a template sees: the disclosure and its results with every number already
//! formatted and every label in words, so templates only lay things out.
//!
//! Text from the input stays raw here; each output language escapes it with its own filter
//! (`typst`, `typst_str`, `md`), so one context serves every format.

use serde::Serialize;

use crate::compute::energy::{self, Estimate};
use crate::compute::uncertainty::Interval;
use crate::compute::{self, Results, Treatment, embodied};
use crate::evidence::Manifest;
use crate::model::quantity::convert;
use crate::model::{Disclosure, Distribution, Figure, Method, Percent, Phase, Role, Uncertainty};
use crate::text::number::{format, percent, plain};

/// Everything a template may use.
#[derive(Debug, Serialize)]
pub struct Context {
    report: ReportInfo,
    organisation: Organisation,
    system: System,
    period: Period,
    totals: Totals,
    scopes: Vec<ScopeRow>,
    measurements: Vec<MeasurementRow>,
    sites: Vec<SiteRow>,
    per_unit: Vec<PerUnitRow>,
    upstream: Vec<UpstreamRow>,
    exclusions: Vec<ExclusionRow>,
    hardware: Vec<HardwareRow>,
    lifecycle: Vec<LifecycleRow>,
    methodology: Methodology,
    defaults_used: bool,
    reference: Reference,
    charts: super::charts::Charts,
    glossary: &'static [super::glossary::Term],
    gpai: super::gpai::Form,
    scenarios: Vec<ScenarioRow>,
    claims: Vec<ClaimRow>,
}

/// A net-positive claim as reports show it.
#[derive(Debug, Serialize)]
struct ClaimRow {
    id: String,
    statement: String,
    functional_unit: String,
    volume: String,
    reference: ClaimSide,
    solution: ClaimSide,
    attribution: String,
    attribution_source: String,
    rebound: String,
    steps: Vec<ClaimStep>,
    criteria: Vec<CriterionRow>,
    verdict: &'static str,
    substantiated: bool,
    decided_by: String,
    evidence: Vec<EvidenceRow>,
    offsets: String,
}

#[derive(Debug, Serialize)]
struct ClaimSide {
    description: String,
    per_unit_kg: String,
    basis: String,
    method: &'static str,
    source: String,
}

#[derive(Debug, Serialize)]
struct ClaimStep {
    label: &'static str,
    t: String,
    interval: String,
}

#[derive(Debug, Serialize)]
struct CriterionRow {
    id: &'static str,
    requirement: &'static str,
    basis: &'static str,
    outcome: &'static str,
    reason: String,
}

#[derive(Debug, Serialize)]
struct EvidenceRow {
    kind: &'static str,
    title: String,
    date: String,
    source: String,
}

fn claim_rows(d: &Disclosure, results: &Results) -> Vec<ClaimRow> {
    use crate::compute::claims::{Outcome, Verdict};
    let side = |s: &crate::model::ClaimScenario| ClaimSide {
        description: s.description.clone(),
        per_unit_kg: plain(s.emissions_per_unit.value.kg()),
        basis: s.basis.clone().unwrap_or_default(),
        method: s.emissions_per_unit.method.label(),
        source: s.emissions_per_unit.source.clone(),
    };
    d.claims
        .iter()
        .zip(&results.claims)
        .map(|(c, r)| ClaimRow {
            id: c.id.clone(),
            statement: c.statement.clone(),
            functional_unit: c.functional_unit.clone(),
            volume: format(c.volume),
            reference: side(&c.reference),
            solution: side(&c.solution),
            attribution: percent(c.attribution.share),
            attribution_source: c.attribution.source.clone(),
            rebound: c.rebound.as_ref().map_or_else(
                || "not assessed".to_owned(),
                |b| {
                    format!(
                        "direct {}, indirect {}: {}",
                        percent(b.direct.fraction()),
                        percent(b.indirect.map_or(0.0, crate::model::Percent::fraction)),
                        b.source
                    )
                },
            ),
            steps: r
                .steps
                .iter()
                .map(|s| ClaimStep {
                    label: s.label,
                    t: shown_as(s.value, "kgCO2e", "tCO2e"),
                    interval: range(s.interval.map(|i| Interval {
                        low: convert(i.low, "kgCO2e", "tCO2e"),
                        high: convert(i.high, "kgCO2e", "tCO2e"),
                    })),
                })
                .collect(),
            criteria: r
                .criteria
                .iter()
                .map(|k| CriterionRow {
                    id: k.id,
                    requirement: k.requirement,
                    basis: k.basis,
                    outcome: match k.outcome {
                        Outcome::Pass => "pass",
                        Outcome::Fail => "fail",
                        Outcome::NotEvidenced => "not evidenced",
                    },
                    reason: k.reason.clone(),
                })
                .collect(),
            verdict: r.verdict.label(),
            substantiated: r.verdict == Verdict::Substantiated,
            decided_by: r.decided_by.join(", "),
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    kind: e.kind.label(),
                    title: e.title.clone(),
                    date: e.date.to_string(),
                    source: e.source.clone(),
                })
                .collect(),
            offsets: c
                .offsets
                .as_ref()
                .filter(|o| o.used)
                .map_or_else(|| "none".to_owned(), |o| o.description.clone()),
        })
        .collect()
}

/// A design scenario as reports show it, ranked by location-based saving.
#[derive(Debug, Serialize)]
struct ScenarioRow {
    id: String,
    description: String,
    levers: Vec<String>,
    facility_energy_mwh: String,
    location_based_t: String,
    market_based_t: String,
    energy_saving_mwh: String,
    energy_saving_share: String,
    energy_saving_interval: String,
    location_saving_t: String,
    location_saving_share: String,
    location_saving_interval: String,
    market_saving_t: String,
    market_saving_share: String,
    market_saving_interval: String,
    quality: Vec<crate::compute::scenario::QualityTrade>,
    per_unit: Vec<ScenarioUnitRow>,
}

#[derive(Debug, Serialize)]
struct ScenarioUnitRow {
    unit: String,
    model: String,
    baseline_wh: String,
    scenario_wh: String,
}

fn scenario_rows(results: &Results) -> Vec<ScenarioRow> {
    use crate::compute::scenario::Saving;
    // Energy savings in MWh, emissions savings in tCO2e.
    let interval = |s: &Saving| {
        let symbol = if s.unit.symbol == "kWh" {
            "MWh"
        } else {
            "tCO2e"
        };
        range(s.interval_in(symbol))
    };
    let mut rows: Vec<(f64, ScenarioRow)> = results
        .scenarios
        .iter()
        .map(|s| {
            (
                s.location_saving.value,
                ScenarioRow {
                    id: s.id.clone(),
                    description: s.description.clone(),
                    levers: s.levers.clone(),
                    facility_energy_mwh: shown_as(s.facility_energy, "kWh", "MWh"),
                    location_based_t: shown_as(s.location_based, "kgCO2e", "tCO2e"),
                    market_based_t: shown_as(s.market_based, "kgCO2e", "tCO2e"),
                    energy_saving_mwh: format(s.energy_saving.in_("MWh")),
                    energy_saving_share: percent(s.energy_saving.share),
                    energy_saving_interval: interval(&s.energy_saving),
                    location_saving_t: format(s.location_saving.in_("tCO2e")),
                    location_saving_share: percent(s.location_saving.share),
                    location_saving_interval: interval(&s.location_saving),
                    market_saving_t: format(s.market_saving.in_("tCO2e")),
                    market_saving_share: percent(s.market_saving.share),
                    market_saving_interval: interval(&s.market_saving),
                    quality: s.quality.clone(),
                    per_unit: s
                        .per_unit
                        .iter()
                        .map(|p| ScenarioUnitRow {
                            unit: p.unit.clone(),
                            model: p.model.clone().unwrap_or_else(|| "all models".to_owned()),
                            baseline_wh: format(p.baseline_wh),
                            scenario_wh: format(p.scenario_wh),
                        })
                        .collect(),
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// The reference data the defaults came from, and each value taken.
#[derive(Debug, Serialize)]
struct Reference {
    dataset: String,
    file: String,
    uses: Vec<ReferenceRow>,
}

#[derive(Debug, Serialize)]
struct ReferenceRow {
    what: String,
    key: String,
    value: String,
    year: String,
    source: String,
    /// The place in the input, as a dotted path.
    place: String,
}

#[derive(Debug, Serialize)]
struct ReportInfo {
    id: String,
    date: String,
    tool_version: String,
    template: String,
    input: String,
    input_sha256: String,
    template_sha256: String,
    schema_version: u32,
    date_source: String,
}

#[derive(Debug, Serialize)]
struct Organisation {
    name: String,
    role: &'static str,
    is_deployer: bool,
}

#[derive(Debug, Serialize)]
struct System {
    name: String,
    version: String,
    description: String,
    models: Vec<ModelRow>,
}

#[derive(Debug, Serialize)]
struct ModelRow {
    id: String,
    name: String,
    provider: String,
    parameters: String,
}

#[derive(Debug, Serialize)]
struct Period {
    start: String,
    end: String,
    days: i64,
}

#[derive(Debug, Serialize)]
struct Totals {
    it_energy_mwh: String,
    facility_energy_mwh: String,
    location_based_t: String,
    market_based_t: String,
    it_energy_mwh_interval: String,
    facility_energy_mwh_interval: String,
    location_based_t_interval: String,
    market_based_t_interval: String,
    has_intervals: bool,
    monte_carlo: String,
    measured_share: String,
    estimated_share: String,
    tiers: String,
    embodied_t: String,
    embodied_t_interval: String,
    water_m3: String,
}

#[derive(Debug, Serialize)]
struct ScopeRow {
    scope: &'static str,
    facility_energy_mwh: String,
    location_based_t: String,
    market_based_t: String,
}

#[derive(Debug, Serialize)]
struct MeasurementRow {
    id: String,
    phase: &'static str,
    site: String,
    model: String,
    period: String,
    method: &'static str,
    is_default: bool,
    instrument: String,
    estimate: String,
    source: String,
    uncertainty: String,
    boundary: String,
    scope: &'static str,
    measured_energy_mwh: String,
    it_energy_mwh: String,
    facility_energy_mwh: String,
    location_based_t: String,
    market_based_t: String,
}

#[derive(Debug, Serialize)]
struct SiteRow {
    id: String,
    operation: &'static str,
    location: String,
    region: String,
    scope: &'static str,
    pue: String,
    pue_method: &'static str,
    pue_source: String,
    location_factor: String,
    location_method: &'static str,
    location_is_default: bool,
    location_source: String,
    residual_mix: String,
    residual_source: String,
    monthly: String,
    monthly_source: String,
    wue: String,
    wue_source: String,
    electricity_water: String,
    electricity_water_source: String,
    instruments: Vec<InstrumentRow>,
    it_energy_mwh: String,
    facility_energy_mwh: String,
    location_based_t: String,
    market_based_t: String,
}

#[derive(Debug, Serialize)]
struct InstrumentRow {
    kind: &'static str,
    energy_mwh: String,
    factor: String,
    source: String,
}

#[derive(Debug, Serialize)]
struct PerUnitRow {
    unit: String,
    description: String,
    model: String,
    units: String,
    energy_wh: String,
    location_based_g: String,
    market_based_g: String,
    embodied_g: String,
    sci_g: String,
    energy_wh_interval: String,
    location_based_g_interval: String,
    market_based_g_interval: String,
    sci_g_interval: String,
    water_ml: String,
}

#[derive(Debug, Serialize)]
struct UpstreamRow {
    model: String,
    provider: String,
    energy_mwh: String,
    energy_method: &'static str,
    energy_source: String,
    emissions_t: String,
    emissions_method: &'static str,
    emissions_source: String,
    /// What the provider says of the run: pre-training or fine-tuning, where, on what.
    run: String,
}

#[derive(Debug, Serialize)]
struct LifecycleRow {
    model: String,
    training_t: String,
    training_basis: &'static str,
    allocated_t: String,
    allocation_basis: &'static str,
    run_rate_kg_per_day: String,
    crossover: String,
    growth: String,
}

#[derive(Debug, Serialize)]
struct HardwareRow {
    id: String,
    description: String,
    count: u32,
    model: String,
    embodied_per_unit_kg: String,
    lifetime_years: String,
    reserved_h: String,
    share: String,
    method: &'static str,
    source: String,
    attributed_t: String,
}

#[derive(Debug, Serialize)]
struct ExclusionRow {
    measurement: String,
    part: &'static str,
    treatment: String,
}

#[derive(Debug, Serialize)]
struct Methodology {
    standards: Vec<String>,
    narrative: String,
    allocation: String,
}

/// The inputs of an estimated energy in words, so a reader can redo the arithmetic.
fn estimate(estimate: Option<&Estimate>) -> String {
    let watts = |kw: f64| format!("{} W", plain(kw * 1000.0));
    match estimate {
        None => String::new(),
        Some(&Estimate::Hardware {
            devices,
            hours,
            power_kw,
            from_utilisation,
        }) => {
            let power = match (power_kw, from_utilisation) {
                (Some(average), Some((idle, max, u))) => format!(
                    "{} idle + {} × ({} − {}) = {} average",
                    watts(idle),
                    plain(u),
                    watts(max),
                    watts(idle),
                    watts(average)
                ),
                (Some(average), None) => format!("{} average", watts(average)),
                (None, _) => "no power given".to_owned(),
            };
            format!("{} devices × {power} × {} h", plain(devices), plain(hours))
        }
        Some(&Estimate::Compute {
            flops,
            from_tokens,
            devices,
            peak_flops_per_second,
            utilisation,
            power_kw,
            ..
        }) => {
            let flops = match (flops, from_tokens) {
                (Some(total), Some((factor, n, d))) => {
                    format!("{factor} × {n:e} parameters × {d:e} tokens = {total:e} FLOPs")
                }
                (Some(f), None) => format!("{f:e} FLOPs"),
                (None, _) => "no FLOPs given".to_owned(),
            };
            format!(
                "{flops} on {} devices at {peak_flops_per_second:e} FLOP/s × {} utilisation, {} each",
                plain(devices),
                plain(utilisation),
                watts(power_kw)
            )
        }
    }
}

/// An interval as `52.82–58.38`; empty when the inputs state no uncertainty.
fn range(interval: Option<Interval>) -> String {
    interval.map_or_else(String::new, |i| {
        format!("{}–{}", format(i.low), format(i.high))
    })
}

/// A figure in the unit written `symbol`, as reports write numbers.
fn shown(figure: &compute::Figure, symbol: &str) -> String {
    format(figure.in_(symbol))
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

/// Builds the context of one report.
#[must_use]
pub fn build(disclosure: &Disclosure, results: &Results, manifest: &Manifest) -> Context {
    let d = disclosure;
    let totals = &results.total;
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
    Context {
        charts: super::charts::build(disclosure, results),
        glossary: super::glossary::GLOSSARY,
        gpai: super::gpai::build(disclosure, results, manifest.audience),
        scenarios: scenario_rows(results),
        claims: claim_rows(disclosure, results),
        reference: reference(manifest),
        report: ReportInfo {
            id: manifest.report_id(),
            date: manifest.date.to_string(),
            tool_version: manifest.tool_version.clone(),
            template: manifest.template.clone(),
            input: manifest.input.to_string(),
            input_sha256: manifest.input_sha256.to_string(),
            template_sha256: manifest.template_sha256.to_string(),
            schema_version: manifest.schema_version,
            date_source: manifest.date_source.label().to_owned(),
        },
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
                        .map_or_else(String::new, |p| format!("{} billion", format(p / 1e9))),
                })
                .collect(),
        },
        period: Period {
            start: d.reporting_period.start.to_string(),
            end: d.reporting_period.end.to_string(),
            days: d.reporting_period.days(),
        },
        totals: totals_row(d, totals),
        scopes: totals
            .by_scope
            .iter()
            .map(|s| ScopeRow {
                scope: s.scope.label(),
                facility_energy_mwh: shown_as(s.facility_energy, "kWh", "MWh"),
                location_based_t: shown_as(s.location_based, "kgCO2e", "tCO2e"),
                market_based_t: shown_as(s.market_based, "kgCO2e", "tCO2e"),
            })
            .collect(),
        measurements: measurement_rows(d, results),
        sites: site_rows(d, results),
        per_unit: per_unit_rows(d, results),
        upstream: upstream_rows(d),
        exclusions: exclusion_rows(d, results),
        hardware: hardware_rows(d, results),
        lifecycle: lifecycle_rows(d, results),
        methodology: Methodology {
            standards: d.methodology.standards.clone(),
            narrative: d.methodology.narrative.clone(),
            allocation: d.methodology.allocation.clone().unwrap_or_default(),
        },
        defaults_used,
    }
}

fn measurement_rows(d: &Disclosure, results: &Results) -> Vec<MeasurementRow> {
    d.measurements
        .iter()
        .zip(&results.measurements)
        .map(|(m, r)| {
            let period = m.period.unwrap_or(d.reporting_period);
            MeasurementRow {
                id: m.id.clone(),
                phase: m.phase.label(),
                site: m.site.clone(),
                model: m.model.clone(),
                period: format!("{} to {}", period.start, period.end),
                method: m.energy.method.label(),
                is_default: m.energy.method == Method::DefaultFactor,
                instrument: m.energy.instrument.clone().unwrap_or_default(),
                estimate: estimate(r.estimate.as_ref()),
                source: m.energy.source.clone(),
                uncertainty: uncertainty(m.energy.uncertainty),
                boundary: m
                    .boundary
                    .iter()
                    .map(|b| b.label())
                    .collect::<Vec<_>>()
                    .join(", "),
                scope: r.scope.label(),
                measured_energy_mwh: shown(&r.measured_energy, "MWh"),
                it_energy_mwh: shown(&r.it_energy, "MWh"),
                facility_energy_mwh: shown(&r.facility_energy, "MWh"),
                location_based_t: shown(&r.location_based, "tCO2e"),
                market_based_t: shown(&r.market_based, "tCO2e"),
            }
        })
        .collect()
}

fn site_rows(d: &Disclosure, results: &Results) -> Vec<SiteRow> {
    d.sites
        .iter()
        .zip(&results.sites)
        .map(|(s, r)| {
            let market = s.grid.market_based.as_ref();
            SiteRow {
                id: s.id.clone(),
                operation: s.operation.label(),
                location: s.location.clone(),
                region: s.region.clone().unwrap_or_default(),
                scope: r.scope.label(),
                pue: s
                    .pue
                    .as_ref()
                    .map_or_else(String::new, |p| format!("{:.2}", p.value)),
                pue_method: figure_method(s.pue.as_ref()),
                pue_source: s
                    .pue
                    .as_ref()
                    .map_or_else(String::new, |p| p.source.clone()),
                location_factor: plain(s.grid.location_based.value.g_per_kwh()),
                location_method: s.grid.location_based.method.label(),
                location_is_default: s.grid.location_based.method == Method::DefaultFactor,
                location_source: s.grid.location_based.source.clone(),
                residual_mix: market
                    .map_or_else(String::new, |m| plain(m.residual_mix.g_per_kwh())),
                residual_source: market.map_or_else(String::new, |m| m.source.clone()),
                monthly: s.grid.monthly.as_ref().map_or_else(String::new, |m| {
                    let values: Vec<f64> = m.by_month().into_values().collect();
                    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
                    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    format!("{} months, {}–{}", values.len(), plain(low), plain(high))
                }),
                monthly_source: s.grid.monthly.as_ref().map_or_else(String::new, |m| {
                    format!("{}; {}", m.method.label(), m.source)
                }),
                wue: s
                    .wue
                    .as_ref()
                    .map_or_else(String::new, |w| plain(w.value.l_per_kwh())),
                wue_source: s.wue.as_ref().map_or_else(String::new, |w| {
                    format!("{}; {}", w.method.label(), w.source)
                }),
                electricity_water: s
                    .electricity_water
                    .as_ref()
                    .map_or_else(String::new, |w| plain(w.value.l_per_kwh())),
                electricity_water_source: s
                    .electricity_water
                    .as_ref()
                    .map_or_else(String::new, |w| {
                        format!("{}; {}", w.method.label(), w.source)
                    }),
                instruments: market
                    .map(|m| {
                        m.instruments
                            .iter()
                            .map(|i| InstrumentRow {
                                kind: i.kind.label(),
                                energy_mwh: plain(i.energy.kwh() / 1000.0),
                                factor: plain(i.factor.g_per_kwh()),
                                source: i.source.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                it_energy_mwh: shown(&r.it_energy, "MWh"),
                facility_energy_mwh: shown(&r.facility_energy, "MWh"),
                location_based_t: shown(&r.location_based, "tCO2e"),
                market_based_t: shown(&r.market_based, "tCO2e"),
            }
        })
        .collect()
}

fn per_unit_rows(d: &Disclosure, results: &Results) -> Vec<PerUnitRow> {
    results
        .per_unit
        .iter()
        .map(|p| PerUnitRow {
            description: d
                .functional_units
                .iter()
                .find(|f| f.id == p.functional_unit)
                .map_or_else(String::new, |f| f.description.clone()),
            unit: p.functional_unit.clone(),
            model: p.model.clone().unwrap_or_else(|| "all models".to_owned()),
            units: format(p.units),
            energy_wh: shown(&p.energy, "Wh"),
            location_based_g: shown(&p.location_based, "gCO2e"),
            market_based_g: shown(&p.market_based, "gCO2e"),
            embodied_g: shown(&p.embodied, "gCO2e"),
            sci_g: shown(&p.sci, "gCO2e"),
            energy_wh_interval: range(p.energy.interval_in("Wh")),
            location_based_g_interval: range(p.location_based.interval_in("gCO2e")),
            market_based_g_interval: range(p.market_based.interval_in("gCO2e")),
            sci_g_interval: range(p.sci.interval_in("gCO2e")),
            water_ml: p
                .water
                .as_ref()
                .map_or_else(String::new, |w| shown(w, "mL")),
        })
        .collect()
}

fn upstream_rows(d: &Disclosure) -> Vec<UpstreamRow> {
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

fn exclusion_rows(d: &Disclosure, results: &Results) -> Vec<ExclusionRow> {
    results
        .boundary
        .iter()
        .map(|b| ExclusionRow {
            measurement: b.measurement.clone(),
            part: b.part.label(),
            treatment: match b.treatment {
                Treatment::AddedViaPue => "added through the site's PUE".to_owned(),
                Treatment::Excluded => "excluded: not measured or estimated".to_owned(),
                Treatment::AddedFromFactor => d
                    .measurements
                    .iter()
                    .find(|m| m.id == b.measurement)
                    .and_then(|m| m.completion.get(&b.part))
                    .map_or_else(String::new, |c| {
                        let amount = match (c.share, c.energy) {
                            (Some(share), _) => {
                                format!("{} of the measured energy", percent(share))
                            }
                            (None, Some(energy)) => format!("{} MWh", plain(energy.kwh() / 1000.0)),
                            (None, None) => "no amount given".to_owned(),
                        };
                        format!("added: {amount} ({}; {})", c.method.label(), c.source)
                    }),
            },
        })
        .collect()
}

fn hardware_rows(d: &Disclosure, results: &Results) -> Vec<HardwareRow> {
    let period_hours = energy::period_hours(d.reporting_period);
    d.hardware
        .iter()
        .filter_map(|h| {
            let embodied = h.embodied.as_ref()?;
            let attributed = results.embodied.iter().find(|e| e.hardware == h.id)?;
            Some(HardwareRow {
                id: h.id.clone(),
                description: h.description.clone(),
                count: h.count,
                model: h.model.clone().unwrap_or_else(|| "all models".to_owned()),
                embodied_per_unit_kg: plain(embodied.value.kg()),
                lifetime_years: plain(
                    embodied.lifetime.hours() / crate::model::quantity::HOURS_PER_YEAR,
                ),
                reserved_h: plain(embodied::reserved_hours(h, period_hours)),
                share: percent(h.share.unwrap_or(1.0)),
                method: embodied.method.label(),
                source: embodied.source.clone(),
                attributed_t: shown(&attributed.emissions, "tCO2e"),
            })
        })
        .collect()
}

fn lifecycle_rows(d: &Disclosure, results: &Results) -> Vec<LifecycleRow> {
    results
        .lifecycle
        .iter()
        .map(|l| {
            let model = d.system.models.iter().find(|m| m.id == l.model);
            let own_training = d
                .measurements
                .iter()
                .any(|m| m.model == l.model && m.phase != Phase::Inference);
            LifecycleRow {
                model: model.map_or_else(|| l.model.clone(), |m| m.name.clone()),
                training_t: l
                    .training
                    .as_ref()
                    .map_or_else(String::new, |t| shown(t, "tCO2e")),
                training_basis: match (&l.training, own_training) {
                    (None, _) => "",
                    (Some(_), true) => "this disclosure's training measurements, location-based",
                    (Some(_), false) => "the provider's published figure",
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
                crossover: l.crossover.map_or_else(String::new, |c| c.to_string()),
                growth: model.and_then(|m| m.growth).map_or_else(String::new, |g| {
                    format!("{} % a month", plain(g.fraction() * 100.0))
                }),
            }
        })
        .collect()
}

fn totals_row(d: &Disclosure, totals: &crate::compute::Totals) -> Totals {
    Totals {
        it_energy_mwh: shown(&totals.it_energy, "MWh"),
        facility_energy_mwh: shown(&totals.facility_energy, "MWh"),
        location_based_t: shown(&totals.location_based, "tCO2e"),
        market_based_t: shown(&totals.market_based, "tCO2e"),
        it_energy_mwh_interval: range(totals.it_energy.interval_in("MWh")),
        facility_energy_mwh_interval: range(totals.facility_energy.interval_in("MWh")),
        location_based_t_interval: range(totals.location_based.interval_in("tCO2e")),
        market_based_t_interval: range(totals.market_based.interval_in("tCO2e")),
        has_intervals: totals.facility_energy.interval.is_some(),
        monte_carlo: format!(
            "{} draws, seed {}",
            format(f64::from(d.methodology.monte_carlo.draws)),
            d.methodology.monte_carlo.seed
        ),
        measured_share: percent(totals.measured_share),
        estimated_share: percent(1.0 - totals.measured_share),
        embodied_t: shown(&totals.embodied, "tCO2e"),
        embodied_t_interval: range(totals.embodied.interval_in("tCO2e")),
        water_m3: totals
            .water
            .as_ref()
            .map_or_else(String::new, |w| shown(w, "m3")),
        tiers: totals
            .tiers
            .iter()
            .map(|t| format!("{} {}", percent(t.share), t.method.label()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
