//! The hourly CSV files a disclosure names (a measurement's energy, a grid's factors, an
//! instrument's generation, hour by hour): read through the caller's [`Linked`], held to the
//! SHA-256 the disclosure states, parsed, and kept in the disclosure for `compute`; then held
//! to the figures they stand beside.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Code, CodeKind, Diagnostic, Position, Span};
use crate::load::hourly::{HourlyCsvError, read as read_csv};
use crate::load::linked::{LinkError, Linked};
use crate::model::Disclosure;
use crate::model::hourly::{HourlyEnergy, HourlyFile, Profile, hour_label, hours_of};

/// A file a disclosure names, as read: a PDF report attaches it under `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedFile {
    /// The name the disclosure gives it, a path from its folder.
    pub name: String,
    /// Its bytes, exactly as read.
    pub bytes: Arc<[u8]>,
}

/// The codes of this step's findings, with what each checks.
pub static CODES: &[Code] = &[
    Code {
        code: "hourly-file",
        summary: "an hourly CSV the disclosure names is there, inside its folder, with the SHA-256 stated",
        kind: CodeKind::Rule {
            why: "the hourly figures rest on the file's values; its hash ties them to the disclosure, so that the file cannot change while the disclosure, and a report's manifest, stay the same.",
            example: "`hourly: { file: hourly/inference.csv, sha256: 5d41… }` where the file's SHA-256 is another: if the file is the one meant, write its hash (`sha256sum hourly/inference.csv`); if not, restore the file.",
        },
    },
    Code {
        code: "hourly-csv",
        summary: "an hourly CSV has the header `hour,COLUMN` and one hour per row, in order, on the hour, with a value of zero or more",
        kind: CodeKind::Rule {
            why: "an hour given twice, out of order or off the hour would be matched with the wrong hour of generation or factor.",
            example: "a row `2026-01-01T00:30:00Z,1.2`: give each hour by its start, `2026-01-01T00:00:00Z`.",
        },
    },
    Code {
        code: "hourly-period",
        summary: "a measurement's hourly energy lies within its period, an instrument's hourly generation within the reporting period",
        kind: CodeKind::Rule {
            why: "energy outside the period measured belongs to another period's inventory (GHG Protocol Corporate Standard, chapter 9: emissions are reported for the period they occur in).",
            example: "a profile with hours in December for a measurement of January to June: cut the file to the period, or correct the measurement's period.",
        },
    },
    Code {
        code: "hourly-total",
        summary: "hourly values add up to the figure they spread: a measurement's energy, an instrument's volume",
        kind: CodeKind::Rule {
            why: "the hourly method and the 2015 annual method must read the same energy and the same instrument volumes, so that they differ only by how the method matches them (the hour, deliverability, instruments without hourly data); a file that adds up to another total is of another meter or period.",
            example: "an instrument of `energy: 20 MWh` whose hourly generation adds up to 18 MWh: correct the volume, or the file.",
        },
    },
    Code {
        code: "hourly-factor",
        summary: "a site's hourly grid factors are at most 3,000 gCO2e/kWh each, and average within ten times the site's annual factor either way (a warning)",
        kind: CodeKind::Rule {
            why: "no grid emits more than twice what lignite does (IPCC AR5 WG3 Annex III); a file in gCO2e/MWh or kgCO2e/kWh, read as gCO2e/kWh, is a thousand times off, and its hourly figure with it.",
            example: "a file whose hours read 420000: the factors are in gCO2e/MWh; divide them by 1,000, as the column `g_per_kwh` asks.",
        },
    },
    Code {
        code: "hourly-twice",
        summary: "no two instruments name the same hourly generation file",
        kind: CodeKind::Rule {
            why: "one hour's generation matches consumption once (GHG Protocol Scope 2 Guidance, Quality Criterion 3: an instrument is claimed once); two instruments reading one file claim it twice.",
            example: "two PPA lines that both name `hourly/ppa-solar.csv`: keep one, or give each its own metered output.",
        },
    },
];

/// One reference to an hourly file, found in the disclosure.
struct Reference<'a> {
    pointer: String,
    column: &'static str,
    file: &'a mut HourlyFile,
}

/// Every hourly file the disclosure names, with where it names it and the value column.
fn references(disclosure: &mut Disclosure) -> Vec<Reference<'_>> {
    let mut found = Vec::new();
    for (i, m) in disclosure.measurements.iter_mut().enumerate() {
        if let Some(HourlyEnergy::Measured(file)) = &mut m.hourly {
            found.push(Reference {
                pointer: format!("/measurements/{i}/hourly"),
                column: "energy_kwh",
                file,
            });
        }
    }
    for (s, site) in disclosure.sites.iter_mut().enumerate() {
        site_references(&format!("/sites/{s}"), site, &mut found);
    }
    // A scenario's sites name files too, read and checked as the disclosure's are (helper 76:
    // they were never read, and the hourly figures of a relocation to one were missing).
    for (k, scenario) in disclosure.scenarios.iter_mut().enumerate() {
        for (s, site) in scenario.sites.iter_mut().enumerate() {
            site_references(&format!("/scenarios/{k}/sites/{s}"), site, &mut found);
        }
    }
    found
}

/// The hourly files a site names, its place in the disclosure at `at`.
fn site_references<'a>(at: &str, site: &'a mut crate::model::Site, found: &mut Vec<Reference<'a>>) {
    if let Some(hourly) = &mut site.grid.hourly {
        found.push(Reference {
            pointer: format!("{at}/grid/hourly/factors"),
            column: "g_per_kwh",
            file: &mut hourly.factors,
        });
    }
    let instruments = site
        .grid
        .market_based
        .iter_mut()
        .flat_map(|m| m.instruments.iter_mut());
    for (k, instrument) in instruments.enumerate() {
        if let Some(file) = &mut instrument.hourly_generation {
            found.push(Reference {
                pointer: format!("{at}/grid/market_based/instruments/{k}/hourly_generation"),
                column: "energy_kwh",
                file,
            });
        }
    }
}

/// A file as read, hashed and parsed for the columns it is named with: the work done for each
/// file once, on as many threads as the machine has (a year of 100 sites is 300 files).
struct Loaded {
    bytes: Result<Arc<[u8]>, LinkError>,
    sha256: String,
    /// By column: the values, or the line, message and hint of the first fault.
    parsed: BTreeMap<&'static str, Result<Arc<Profile>, HourlyCsvError>>,
}

/// Reads, hashes and parses `name` for `columns`.
fn load(files: &dyn Linked, name: &str, columns: &[&'static str]) -> Loaded {
    let bytes = files.read(name).map(Arc::<[u8]>::from);
    let (sha256, parsed) = match &bytes {
        Ok(bytes) => {
            let text = std::str::from_utf8(bytes);
            let parsed = columns
                .iter()
                .map(|&column| {
                    let values = match text {
                        Ok(text) => read_csv(text, column).map(Arc::new),
                        Err(_) => Err(HourlyCsvError {
                            line: 1,
                            column: 1,
                            message: "the file is not valid UTF-8".to_owned(),
                            hint: "save it as UTF-8 text (a CSV of `hour,COLUMN`)",
                        }),
                    };
                    (column, values)
                })
                .collect();
            (crate::text::sha256_hex(bytes), parsed)
        }
        Err(_) => (String::new(), BTreeMap::new()),
    };
    Loaded {
        bytes,
        sha256,
        parsed,
    }
}

/// Reads every hourly file `disclosure` names from `files`, and keeps each one's values in the
/// disclosure. `folder` is the disclosure's folder, which findings in a file name it by.
/// Gives the files read (each once, in the order first named) and the findings: those placed
/// by a JSON pointer in the disclosure, the rest already in their CSV file.
pub fn read(
    disclosure: &mut Disclosure,
    files: &dyn Linked,
    folder: &Path,
) -> (Vec<LinkedFile>, Vec<Diagnostic>) {
    let mut references = references(disclosure);
    let mut wanted: Vec<(String, Vec<&'static str>)> = Vec::new();
    for r in &references {
        match wanted.iter_mut().find(|(n, _)| *n == r.file.file) {
            Some((_, columns)) if !columns.contains(&r.column) => columns.push(r.column),
            Some(_) => {}
            None => wanted.push((r.file.file.clone(), vec![r.column])),
        }
    }
    let loaded = crate::cores::on_every_core(&wanted, |(name, columns)| load(files, name, columns));
    let mut read = Vec::new();
    let mut found = Vec::new();
    // A file's faults are told once, however many references name it.
    let mut told: Vec<(&str, &str)> = Vec::new();
    for reference in &mut references {
        let Some(index) = wanted.iter().position(|(n, _)| *n == reference.file.file) else {
            continue;
        };
        let (name, file) = (&wanted[index].0, &loaded[index]);
        let bytes = match &file.bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                found.push(unreadable(e, &reference.pointer));
                continue;
            }
        };
        if !read.iter().any(|f: &LinkedFile| f.name == *name) {
            read.push(LinkedFile {
                name: name.clone(),
                bytes: bytes.clone(),
            });
        }
        if file.sha256 != reference.file.sha256 {
            found.push(
                Diagnostic::error(
                    "hourly-file",
                    format!(
                        "the SHA-256 of `{name}` is {}, not the {} stated",
                        file.sha256, reference.file.sha256
                    ),
                )
                .at(format!("{}/sha256", reference.pointer))
                .help(format!(
                    "if `{name}` is the file meant, write `sha256: {}`; if not, restore the file the hash was taken of",
                    file.sha256
                )),
            );
            continue;
        }
        match file.parsed.get(reference.column) {
            Some(Ok(values)) => reference.file.values = Some(values.clone()),
            Some(Err(e)) if !told.contains(&(name, reference.column)) => {
                told.push((name, reference.column));
                let at = Position {
                    line: e.line,
                    column: e.column,
                };
                found.push(
                    Diagnostic::error("hourly-csv", e.message.clone())
                        .help(e.hint)
                        .located(&folder.join(name), Some(Span { start: at, end: at })),
                );
            }
            _ => {}
        }
    }
    drop(references);
    found.extend(consistency(disclosure));
    (read, found)
}

fn unreadable(error: &LinkError, pointer: &str) -> Diagnostic {
    let help = match error {
        LinkError::Name { .. } => {
            "name the file by its path from the disclosure's folder, with `/` between folders and no `..`"
        }
        LinkError::Missing { .. } => {
            "put the file at that path from the disclosure's folder, or correct `file`; a report being verified must carry it"
        }
        LinkError::TooLarge { .. } => {
            "a year of hours is a few hundred kilobytes; check that this is the right file, or raise the limit with --max-input-size"
        }
        LinkError::Read { .. } => "check the file's permissions",
    };
    Diagnostic::error("hourly-file", error.to_string())
        .at(format!("{pointer}/file"))
        .help(help)
}

/// Relative difference beyond which two totals are not the same figure: the totals of a file
/// written from the same integration differ by rounding alone.
const SAME_TOTAL: f64 = 1e-3;

fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > SAME_TOTAL * a.abs().max(b.abs())
}

/// The findings on hourly values read against the figures they spread.
fn consistency(disclosure: &Disclosure) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let kwh = crate::text::number::plain;
    for (i, m) in disclosure.measurements.iter().enumerate() {
        let Some(HourlyEnergy::Measured(file)) = &m.hourly else {
            continue;
        };
        let Some(values) = &file.values else {
            continue;
        };
        let period = disclosure.period_of(m);
        let (start, end) = hours_of(period);
        let hours = values.hours();
        if let (Some(&(first, _)), Some(&(last, _))) = (hours.first(), hours.last())
            && (first < start || last >= end)
        {
            found.push(
                    Diagnostic::error(
                        "hourly-period",
                        format!(
                            "`{}` has hours from {} to {}, outside the measurement's period {} to {}",
                            file.file,
                            hour_label(first),
                            hour_label(last),
                            period.start,
                            period.end
                        ),
                    )
                    .at(format!("/measurements/{i}/hourly/file"))
                    .help("give only the hours of the period measured, or correct the measurement's `period`"),
                );
        }
        if let Some(stated) = m.energy.value {
            let total = values.total();
            if differs(total, stated.kwh()) {
                found.push(
                    Diagnostic::error(
                        "hourly-total",
                        format!(
                            "`{}` adds up to {} kWh, and the measurement's energy is {} kWh",
                            file.file,
                            kwh(total),
                            kwh(stated.kwh())
                        ),
                    )
                    .at(format!("/measurements/{i}/hourly/file"))
                    .help("the hourly file must be of the energy the measurement states (what the meter saw): correct one of them"),
                );
            }
        }
    }
    found.extend(generation(disclosure));
    found.extend(factors(disclosure));
    found
}

/// The findings on sites' hourly grid factors: each hour within what a grid can emit, and the
/// file's average near the site's annual factor (an attack of 2026-12-03, helper 73: a file in
/// gCO2e/MWh gave an hourly figure a thousand times the annual one, and validated clean).
fn factors(disclosure: &Disclosure) -> Vec<Diagnostic> {
    use crate::validate::rules::plausible::IMPOSSIBLE_G_PER_KWH;
    let mut found = Vec::new();
    for (at, site) in crate::validate::rules::sites(disclosure) {
        let Some(values) = site
            .grid
            .hourly
            .as_ref()
            .and_then(|h| h.factors.values.as_ref())
        else {
            continue;
        };
        let pointer = format!("{at}/grid/hourly/factors/file");
        let hours = values.hours();
        if let Some(&(hour, g)) = hours.iter().find(|&&(_, g)| g > IMPOSSIBLE_G_PER_KWH) {
            found.push(
                Diagnostic::error(
                    "hourly-factor",
                    format!(
                        "the hourly factor of {} is {} gCO2e/kWh, more than twice what lignite emits",
                        hour_label(hour),
                        crate::text::number::plain(g)
                    ),
                )
                .at(pointer)
                .help("the column is `g_per_kwh`: a file in gCO2e/MWh is a thousand times too large; divide its values by 1,000"),
            );
            continue;
        }
        let annual = site.grid.location_based.value.g_per_kwh();
        #[expect(
            clippy::cast_precision_loss,
            reason = "an hour count is far below 2^52"
        )]
        let mean = values.total() / hours.len().max(1) as f64;
        if annual > 0.0 && !hours.is_empty() && !(annual / 10.0..=annual * 10.0).contains(&mean) {
            found.push(
                Diagnostic::warning(
                    "hourly-factor",
                    format!(
                        "the hourly factors average {} gCO2e/kWh, and the site's annual factor is {}",
                        crate::text::number::format(mean),
                        crate::text::number::plain(annual)
                    ),
                )
                .at(pointer)
                .help("check the file's unit: the column `g_per_kwh` is in gCO2e/kWh, not kgCO2e/kWh or gCO2e/MWh"),
            );
        }
    }
    found
}

/// The findings on instruments' hourly generation: within the reporting period, and adding up
/// to the instrument's volume.
fn generation(disclosure: &Disclosure) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let kwh = crate::text::number::plain;
    // Each file by its hash, with the first instrument that names it.
    let mut named: Vec<(String, &str)> = Vec::new();
    for (s, site) in disclosure.sites.iter().enumerate() {
        let Some(market) = &site.grid.market_based else {
            continue;
        };
        for (k, instrument) in market.instruments.iter().enumerate() {
            let Some(file) = instrument.hourly_generation.as_ref() else {
                continue;
            };
            let pointer =
                format!("/sites/{s}/grid/market_based/instruments/{k}/hourly_generation/file");
            if let Some((first, _)) = named
                .iter()
                .find(|(_, sha256)| sha256.eq_ignore_ascii_case(&file.sha256))
            {
                found.push(
                    Diagnostic::error(
                        "hourly-twice",
                        format!(
                            "the instrument at {first} names the same hourly generation (`{}`): its hours would be claimed twice",
                            file.file
                        ),
                    )
                    .at(pointer.clone())
                    .help("keep one of the two instruments, or give each its own metered output"),
                );
            } else {
                named.push((
                    format!("sites[{s}].grid.market_based.instruments[{k}]"),
                    &file.sha256,
                ));
            }
            let Some(values) = file.values.as_ref() else {
                continue;
            };
            let (start, end) = hours_of(disclosure.reporting_period);
            let outside: Vec<i64> = values
                .hours()
                .iter()
                .filter(|&&(at, kwh)| kwh > 0.0 && (at < start || at >= end))
                .map(|&(at, _)| at)
                .collect();
            if let (Some(&first), Some(&last)) = (outside.first(), outside.last()) {
                found.push(
                    Diagnostic::error(
                        "hourly-period",
                        format!(
                            "the hourly generation has {} hour(s) outside the reporting period, from {} to {}",
                            outside.len(),
                            hour_label(first),
                            hour_label(last)
                        ),
                    )
                    .at(pointer.clone())
                    .help("generation outside the period matches no consumption in it: give only the period's hours, and the instrument's `energy` for them"),
                );
            }
            let total = values.total();
            if differs(total, instrument.energy.kwh()) {
                found.push(
                    Diagnostic::error(
                        "hourly-total",
                        format!(
                            "the hourly generation adds up to {} kWh, and the instrument's `energy` is {} kWh",
                            kwh(total),
                            kwh(instrument.energy.kwh())
                        ),
                    )
                    .at(pointer)
                    .help("both methods read the same volume: correct the instrument's `energy`, or the file"),
                );
            }
        }
    }
    found
}
