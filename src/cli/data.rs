//! `wattprint data [grid|regions|providers|hardware|sources] [QUERY]`

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::table::{self, Align};
use super::{Outcome, Session, print};
use crate::error::Error;
use crate::reference::{Dataset, Precision};

/// Arguments of `data`.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The table to show; without one, what the dataset holds.
    #[arg(value_enum)]
    pub table: Option<Table>,
    /// Show only rows whose code or name contains this (any case), e.g. `DE`, `aws`, `h100`.
    pub query: Option<String>,
    /// How to print the rows.
    #[arg(long, value_enum, default_value_t = DataFormat::Human)]
    pub format: DataFormat,
}

/// The tables of the reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// Location-based grid factors by country and grid zone.
    Grid,
    /// Residual-mix factors (from a `--data` file only).
    ResidualMix,
    /// Cloud regions and the grid zone each draws from.
    Regions,
    /// Cloud providers' published PUE and WUE.
    Providers,
    /// Accelerators and servers: power, peak throughput, embodied emissions.
    Hardware,
    /// Where every row comes from, and its licence.
    Sources,
}

/// Output formats of `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Aligned columns.
    Human,
    /// A JSON array of rows.
    Json,
}

/// Whether a row with `code` and other `fields` answers `query`: when some row's code is the
/// query itself, `exact` holds and only that code and its subdivisions (`US`, `US-VA`) match;
/// otherwise any field containing it does.
fn matches(query: Option<&str>, exact: bool, code: &str, fields: &[&str]) -> bool {
    let Some(q) = query else {
        return true;
    };
    let q = q.to_lowercase();
    let code = code.to_lowercase();
    if exact {
        return code == q || code.starts_with(&format!("{q}-"));
    }
    code.contains(&q) || fields.iter().any(|f| f.to_lowercase().contains(&q))
}

fn year(y: i32) -> String {
    y.to_string()
}

/// Matching rows, as cells to print and as JSON.
#[derive(Default)]
struct Rows {
    cells: Vec<Vec<String>>,
    json: Vec<Value>,
}

impl Rows {
    fn push(&mut self, cells: Vec<String>, row: &impl serde::Serialize) {
        self.cells.push(cells);
        self.json.push(json!(row));
    }
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}

/// The factors of `list` that match `query`, with their header.
fn grid_rows(
    list: &[crate::reference::GridRow],
    query: Option<&str>,
    rows: &mut Rows,
) -> Vec<&'static str> {
    let exact = query.is_some_and(|q| list.iter().any(|r| r.zone.eq_ignore_ascii_case(q)));
    for r in list
        .iter()
        .filter(|r| matches(query, exact, &r.zone, &[&r.name]))
    {
        let cells = vec![
            r.zone.clone(),
            r.name.clone(),
            format!("{}", r.g_per_kwh),
            year(r.year),
            r.source.clone(),
        ];
        rows.push(cells, r);
    }
    vec!["zone", "name", "gCO2e/kWh", "year", "source"]
}

/// The rows of `table` that match `query`, with the table's header.
fn rows(data: &Dataset, table: Table, query: Option<&str>) -> (Vec<&'static str>, Rows) {
    let mut rows = Rows::default();
    let header = match table {
        Table::Grid => grid_rows(&data.grid, query, &mut rows),
        Table::ResidualMix => grid_rows(&data.residual_mix, query, &mut rows),
        Table::Regions => {
            for r in data
                .regions
                .iter()
                .filter(|r| matches(query, false, &r.key(), &[&r.city, &r.zone]))
            {
                let factor = number(data.grid(&r.zone).map(|g| g.g_per_kwh));
                rows.push(vec![r.key(), r.city.clone(), r.zone.clone(), factor], r);
            }
            vec!["region", "city", "zone", "gCO2e/kWh"]
        }
        Table::Providers => {
            let show = |f: &Option<crate::reference::Published>| {
                f.as_ref().map_or_else(String::new, |f| {
                    format!("{} ({}, {})", f.value, f.year, f.source)
                })
            };
            for p in data
                .providers
                .iter()
                .filter(|p| matches(query, false, &p.id, &[&p.name]))
            {
                rows.push(
                    vec![p.id.clone(), p.name.clone(), show(&p.pue), show(&p.wue)],
                    p,
                );
            }
            vec![
                "provider",
                "name",
                "PUE (year, source)",
                "WUE L/kWh (year, source)",
            ]
        }
        Table::Hardware => {
            for d in data
                .devices
                .iter()
                .filter(|d| matches(query, false, &d.id, &[&d.name]))
            {
                let cells = vec![
                    d.id.clone(),
                    d.name.clone(),
                    number(d.tdp_w),
                    number(d.idle_w),
                    number(d.peak(Precision::Bf16)),
                    number(d.peak(Precision::Fp8)),
                    number(d.embodied_kg),
                ];
                rows.push(cells, d);
            }
            vec![
                "id",
                "name",
                "TDP W",
                "idle W",
                "BF16 TFLOP/s",
                "FP8 TFLOP/s",
                "embodied kgCO2e",
            ]
        }
        Table::Sources => {
            for s in data
                .sources
                .iter()
                .filter(|s| matches(query, false, &s.id, &[&s.title, &s.publisher]))
            {
                let cells = vec![
                    s.id.clone(),
                    s.publisher.clone(),
                    s.licence.clone(),
                    s.url.clone(),
                ];
                rows.push(cells, s);
            }
            vec!["id", "publisher", "licence", "url"]
        }
    };
    (header, rows)
}

fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for line in table::lines(header, rows, Align::Left) {
        let _ = writeln!(out, "{line}");
    }
    out
}

pub(super) fn run(args: &DataArgs, session: &Session) -> Result<Outcome, Error> {
    let data = session.validator.reference();
    let Some(table) = args.table else {
        let summary = format!(
            "{}\n  grid factors        {}\n  residual mixes      {}\n  cloud regions       {}\n  providers           {}\n  hardware            {}\n  sources             {}\n\n`wattprint data grid DE`, `wattprint data regions aws`, `wattprint data hardware h100`; data/SOURCES.md cites every source.\n",
            data.name,
            data.grid.len(),
            data.residual_mix.len(),
            data.regions.len(),
            data.providers.len(),
            data.devices.len(),
            data.sources.len(),
        );
        print(&summary)?;
        return Ok(Outcome::Clean);
    };
    let (header, Rows { cells, json }) = rows(data, table, args.query.as_deref());
    if args.format == DataFormat::Json {
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        print(&text)?;
    } else if cells.is_empty() {
        print(&format!(
            "no row matches `{}`\n",
            args.query.as_deref().unwrap_or_default()
        ))?;
    } else {
        print(&aligned(&header, &cells))?;
    }
    Ok(if cells.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
