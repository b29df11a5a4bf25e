//! `wattprint compute PATH`

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Clean, Outcome, Session, load_clean, print};
use crate::compute::{self, Results};
use crate::error::Error;
use crate::render::number::{format, percent};

/// Arguments of `compute`.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// The disclosure file.
    pub path: PathBuf,
    /// How to print the figures.
    #[arg(long, value_enum, default_value_t = ComputeFormat::Table)]
    pub format: ComputeFormat,
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
    let Some(Clean { disclosure, .. }) = load_clean(&args.path, session)? else {
        return Ok(Outcome::Findings);
    };
    let results = compute::assess(&disclosure);
    session.console.step("computed the figures");
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

/// Rows of cells printed with aligned columns: text left, numbers right.
fn columns(out: &mut String, title: &str, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let _ = writeln!(out, "{title}");
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let _ = writeln!(out, "  {}", line(&header));
    for row in rows {
        let _ = writeln!(out, "  {}", line(row));
    }
    out.push('\n');
}

fn table(results: &Results) -> String {
    let mwh = |kwh: f64| format(kwh / 1000.0);
    let t = |kg: f64| format(kg / 1000.0);
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
    per_unit(&mut out, results);
    let tiers: Vec<String> = total
        .tiers
        .iter()
        .map(|t| format!("{} {}", percent(t.share), t.method.label()))
        .collect();
    let _ = writeln!(
        out,
        "Energy resting on measurement: {} ({})",
        percent(total.measured_share),
        tiers.join(", ")
    );
    out
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
            ]
        })
        .collect();
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
        ],
        &rows,
    );
}
