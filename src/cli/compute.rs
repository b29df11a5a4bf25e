//! `wattprint compute PATH`

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::table::{self, Align};
use super::{Outcome, Session, load_clean, print};
use crate::check::{Clean, Extent};
use crate::compute::{self, Results};
use crate::error::Error;
use crate::model::quantity::convert;
use crate::text::number::format;

/// Arguments of `compute`.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// The disclosure file.
    pub path: PathBuf,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = ComputeFormat::Table)]
    pub format: ComputeFormat,
    /// Show one design scenario (`scenarios[].id`) beside the baseline.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
}

/// Output formats of `compute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComputeFormat {
    /// Readable tables.
    Table,
    /// Every figure with its unit, formula and inputs.
    Json,
}

pub(super) fn run(args: &ComputeArgs, session: &Session) -> Result<Outcome, Error> {
    let Some(Clean { results, .. }) = load_clean(&args.path, session, Extent::Report)? else {
        return Ok(Outcome::Findings);
    };
    if let Some(id) = &args.scenario {
        return show_scenario(&results, id, args.format);
    }
    match args.format {
        ComputeFormat::Json => {
            let mut text = serde_json::to_string_pretty(&results).unwrap_or_default();
            text.push('\n');
            print(&text)?;
        }
        ComputeFormat::Table => print(&table(&results))?,
    }
    Ok(Outcome::Clean)
}

/// A titled table of figures, indented under its title, then a blank line.
fn columns(out: &mut String, title: &str, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "{title}");
    for line in table::lines(header, rows, Align::Figures) {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
}

fn table(results: &Results) -> String {
    let mwh = |kwh: f64| format(convert(kwh, "kWh", "MWh"));
    let t = |kg: f64| format(convert(kg, "kgCO2e", "tCO2e"));
    let mut out = String::new();
    let header = [
        "",
        "scope",
        "IT MWh",
        "facility MWh",
        "location tCO2e",
        "market tCO2e",
    ];
    let rows: Vec<Vec<String>> = results
        .measurements
        .iter()
        .map(|m| {
            vec![
                m.id.clone(),
                m.scope.label().to_owned(),
                mwh(m.it_energy.value),
                mwh(m.facility_energy.value),
                t(m.location_based.value),
                t(m.market_based.value),
            ]
        })
        .collect();
    columns(&mut out, "Measurements", &header, &rows);
    let rows: Vec<Vec<String>> = results
        .sites
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.scope.label().to_owned(),
                mwh(s.it_energy.value),
                mwh(s.facility_energy.value),
                t(s.location_based.value),
                t(s.market_based.value),
            ]
        })
        .collect();
    columns(&mut out, "Sites", &header, &rows);
    let total = &results.total;
    let mut rows: Vec<Vec<String>> = total
        .by_scope
        .iter()
        .map(|s| {
            vec![
                s.scope.label().to_owned(),
                String::new(),
                String::new(),
                mwh(s.facility_energy),
                t(s.location_based),
                t(s.market_based),
            ]
        })
        .collect();
    rows.push(vec![
        "total".to_owned(),
        String::new(),
        mwh(total.it_energy.value),
        mwh(total.facility_energy.value),
        t(total.location_based.value),
        t(total.market_based.value),
    ]);
    columns(&mut out, "Totals", &header, &rows);
    let _ = writeln!(
        out,
        "Embodied emissions of the hardware, attributed to the period: {} tCO2e",
        t(total.embodied.value)
    );
    if let Some(water) = &total.water {
        let _ = writeln!(out, "Water: {} m3", format(convert(water.value, "L", "m3")));
    }
    out.push('\n');
    per_unit(&mut out, results);
    lifecycle(&mut out, results);
    // In the reports' words, so that the shares a reader adds up are the same in both.
    let _ = writeln!(
        out,
        "Energy resting on measurement: {} ({})",
        crate::render::context::measured_shares(&total.tiers, total.measured_share).0,
        crate::render::context::tier_shares(&total.tiers)
    );
    out
}

/// Each model's training emissions, its inference run rate and when inference passes
/// training, as the JSON's `lifecycle` holds them, and why no crossover is given where the
/// reports say why.
fn lifecycle(out: &mut String, results: &Results) {
    if results.lifecycle.is_empty() {
        return;
    }
    let t = |f: Option<&crate::compute::Figure>| {
        f.map_or_else(
            || "—".to_owned(),
            |f| format(convert(f.value, "kgCO2e", "tCO2e")),
        )
    };
    let rows: Vec<Vec<String>> = results
        .lifecycle
        .iter()
        .map(|l| {
            vec![
                l.model.clone(),
                t(l.training.as_ref()),
                t(l.allocated_training.as_ref()),
                l.inference_run_rate
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |r| format(r.value)),
                Some(crate::render::context::crossover(l))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "—".to_owned()),
            ]
        })
        .collect();
    columns(
        out,
        "Training and inference",
        &[
            "model",
            "training tCO2e",
            "allocated tCO2e",
            "inference kgCO2e/day",
            "crossover",
        ],
        &rows,
    );
}

/// `compute --scenario ID`: the scenario's figures beside the baseline, or its JSON.
fn show_scenario(results: &Results, id: &str, format_: ComputeFormat) -> Result<Outcome, Error> {
    let Some(s) = results.scenarios.iter().find(|s| s.id == id) else {
        let known: Vec<&str> = results.scenarios.iter().map(|s| s.id.as_str()).collect();
        return Err(Error::Usage {
            message: format!("the disclosure has no scenario `{id}`"),
            hint: Some(if known.is_empty() {
                "add one under `scenarios:`".to_owned()
            } else {
                format!("its scenarios are: {}", known.join(", "))
            }),
        });
    };
    if format_ == ComputeFormat::Json {
        let mut text = serde_json::to_string_pretty(s).unwrap_or_default();
        text.push('\n');
        print(&text)?;
        return Ok(Outcome::Clean);
    }
    let mut out = format!("Scenario {}: {}\n", s.id, s.description);
    for lever in &s.levers {
        let _ = writeln!(out, "  {lever}");
    }
    out.push('\n');
    let total = &results.total;
    let figures = [
        (
            "facility energy (MWh)",
            total.facility_energy.value,
            s.facility_energy,
            &s.energy_saving,
        ),
        (
            "location-based (tCO2e)",
            total.location_based.value,
            s.location_based,
            &s.location_saving,
        ),
        (
            "market-based (tCO2e)",
            total.market_based.value,
            s.market_based,
            &s.market_saving,
        ),
    ];
    // Energies in MWh, emissions in tCO2e.
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|(label, baseline, scenario, saving)| {
            let (from, to) = (saving.unit.symbol, saving.unit.dimension.total_unit());
            vec![
                (*label).to_owned(),
                format(convert(*baseline, from, to)),
                format(convert(*scenario, from, to)),
                format(saving.in_(to)),
                crate::render::context::saving_share(saving),
                saving.interval_in(to).map_or_else(String::new, |i| {
                    format!("{} to {}", format(i.low), format(i.high))
                }),
            ]
        })
        .collect();
    columns(
        &mut out,
        "Against the baseline",
        &[
            "",
            "baseline",
            "scenario",
            "saving",
            "share",
            "95 % interval",
        ],
        &rows,
    );
    if let Some(why) = &s.unpaired {
        let _ = writeln!(
            out,
            "No 95 % interval: {why}, so the scenario's draws do not pair with the baseline's.\n"
        );
    }
    scenario_units(&mut out, s);
    for q in &s.quality {
        let _ = writeln!(
            out,
            "Quality traded: {} {} → {} ({})",
            q.metric, q.baseline, q.scenario, q.source
        );
    }
    print(&out)?;
    Ok(Outcome::Clean)
}

/// A scenario's per-unit figures before and after.
fn scenario_units(out: &mut String, s: &compute::scenario::ScenarioResult) {
    let rows: Vec<Vec<String>> = s
        .per_unit
        .iter()
        .map(|p| {
            vec![
                p.unit.clone(),
                p.model.clone().unwrap_or_else(|| "all models".to_owned()),
                format(p.baseline_wh),
                format(p.scenario_wh),
                format(p.baseline_g),
                format(p.scenario_g),
            ]
        })
        .collect();
    columns(
        out,
        "Per functional unit",
        &[
            "unit",
            "model",
            "Wh before",
            "Wh after",
            "gCO2e before",
            "gCO2e after",
        ],
        &rows,
    );
}

fn per_unit(out: &mut String, results: &Results) {
    let rows: Vec<Vec<String>> = results
        .per_unit
        .iter()
        .map(|p| {
            vec![
                p.functional_unit.clone(),
                p.model.clone().unwrap_or_else(|| "all models".to_owned()),
                format(p.units),
                format(p.energy.value),
                format(p.location_based.value),
                format(p.market_based.value),
                format(p.embodied.value),
                format(p.sci.value),
                p.water
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |w| format(w.value)),
            ]
        })
        .collect();
    // Units as the JSON gives them: the per-unit water in its figure's own unit.
    let water = results
        .per_unit
        .iter()
        .find_map(|p| p.water.as_ref())
        .map_or_else(
            || "water".to_owned(),
            |w| format!("water {}", w.unit.symbol),
        );
    columns(
        out,
        "Per functional unit",
        &[
            "unit",
            "model",
            "units",
            "Wh",
            "location gCO2e",
            "market gCO2e",
            "embodied gCO2e",
            "SCI gCO2e",
            &water,
        ],
        &rows,
    );
}
