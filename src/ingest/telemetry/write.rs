//! The integrated energy written out: a CSV or JSON table of each device and period, or the
//! measurements a disclosure takes.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use super::{Bucket, Cell, Integrator, period_label};
use crate::text::number::format;
use crate::text::yaml::{one_line, scalar, slug, string};

/// The energy of each device and period as CSV (RFC 4180): `device,period,energy_kwh,
/// covered_h,missing_h,gap_estimate_kwh`. Fields are quoted where they hold a comma, quote or
/// line break, and a device name a spreadsheet would run as a formula is neutralised. Written
/// to `out` cell by cell, in the order `cells` gives them (an [`Integrator`]'s, or a server's
/// batches read back one by one): a fleet's log has millions.
///
/// # Errors
/// Any error writing to `out`.
pub fn csv_to<D: AsRef<str>, C: Borrow<Cell>>(
    bucket: Bucket,
    cells: impl IntoIterator<Item = (D, i64, C)>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    // Records end in CRLF, as RFC 4180 §2.1 has them.
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record([
        "device",
        "period",
        "energy_kwh",
        "covered_h",
        "missing_h",
        "gap_estimate_kwh",
    ])?;
    for (device, start, cell) in cells {
        let cell = cell.borrow();
        writer.write_record([
            inert(device.as_ref()),
            period_label(bucket, start),
            cell.kwh().to_string(),
            cell.covered_h().to_string(),
            cell.missing_h().to_string(),
            cell.gap_estimate_kwh().to_string(),
        ])?;
    }
    writer.flush()
}

/// `text` as a spreadsheet shows it rather than runs it: a cell that opens with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is read as a formula by Excel, `LibreOffice` and Google
/// Sheets (CSV injection, OWASP), so it gets a leading apostrophe, which they hide.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The energy of each device and period as JSON, with `method` (how the energy was had from
/// the log), what was counted (`counts`) and, for a server's answers, where and when they were
/// asked (`provenance`), written to `out` cell by cell in the order `cells` gives them.
///
/// # Errors
/// Any error writing to `out`.
pub fn json_to<D: AsRef<str>, C: Borrow<Cell>>(
    bucket: Bucket,
    cells: impl IntoIterator<Item = (D, i64, C)>,
    about: Described<'_>,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    /// One cell as the JSON lists it; written straight from the cells, since a fleet's log has
    /// millions and a JSON value of each would cost some 2 KB.
    // Keys in alphabetical order, as a JSON map of this crate's serde_json writes them.
    #[derive(serde::Serialize)]
    struct Row {
        covered_h: f64,
        device: String,
        energy_kwh: f64,
        gap_estimate_kwh: f64,
        missing_h: f64,
        period: String,
    }
    /// The cells, serialised one by one as the JSON is written; `serialize` borrows, so the
    /// iterator is taken out of its cell once.
    struct Rows<I>(std::cell::RefCell<Option<I>>, Bucket);
    impl<D: AsRef<str>, C: Borrow<Cell>, I: Iterator<Item = (D, i64, C)>> serde::Serialize for Rows<I> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let bucket = self.1;
            let cells = self.0.borrow_mut().take().into_iter().flatten();
            serializer.collect_seq(cells.map(|(device, start, c)| {
                let c = c.borrow();
                Row {
                    covered_h: c.covered_h(),
                    device: device.as_ref().to_owned(),
                    energy_kwh: c.kwh(),
                    gap_estimate_kwh: c.gap_estimate_kwh(),
                    missing_h: c.missing_h(),
                    period: period_label(bucket, start),
                }
            }))
        }
    }
    #[derive(serde::Serialize)]
    struct Table<'a, R> {
        cells: R,
        counts: &'a serde_json::Value,
        method: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        provenance: Option<&'a serde_json::Value>,
    }
    let table = Table {
        cells: Rows(std::cell::RefCell::new(Some(cells.into_iter())), bucket),
        counts: about.counts,
        method: about.method.to_owned(),
        provenance: about.provenance,
    };
    serde_json::to_writer_pretty(&mut out, &table)?;
    out.write_all(b"\n")
}

/// What the JSON table says beside its cells.
#[derive(Debug, Clone, Copy)]
pub struct Described<'a> {
    /// How the energy was had from the log or the server.
    pub method: &'a str,
    /// What was counted on the way.
    pub counts: &'a serde_json::Value,
    /// Where and when a server was asked, and what.
    pub provenance: Option<&'a serde_json::Value>,
}

/// Where integrated measurements came from and what they are of.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The log read.
    pub path: &'a Path,
    /// The site the measurements belong to (`site:`).
    pub site: &'a str,
    /// The model they served (`model:`).
    pub model: &'a str,
    /// Their phase, as YAML writes it (`inference`).
    pub phase: &'a str,
    /// What the log's meters saw, as YAML writes it (`[accelerators]`).
    pub boundary: &'a str,
    /// How the energy was had from the log, for each measurement's source.
    pub method: &'a str,
    /// What the log held, for the header (`3 run(s)`, `7,200 readings`).
    pub held: &'a str,
    /// Whether devices are named `group/device` and each group is a measurement of its own
    /// (CodeCarbon's projects), rather than all devices one.
    pub grouped: bool,
    /// Whether the devices are RAPL domains, some inside others: `core` and `uncore` (`pp0`,
    /// `pp1`) inside a `package`, and everything inside `psys`.
    pub nested: bool,
    /// The hourly profile written beside the measurements (`--profile`): its path from the
    /// YAML's folder and its SHA-256. With it, the log is one measurement over its whole span
    /// that names the profile, rather than one a period.
    pub hourly: Option<(&'a str, &'a str)>,
}

/// The RAPL domains whose energy adds up without counting any twice: on each machine, `psys`
/// (the whole platform) where the log has it, else every domain but those inside a package
/// (`core`, `uncore`, `pp0`, `pp1`). A log with a host column names domains `host:domain`, the
/// machine before the domain's own name. Zones inside zones named by their sysfs path are
/// refused before (see [`unnamed_zones`]).
fn outermost<'a>(domains: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    // What comes before `psys` in its name (`node1:`, or nothing) is its machine's.
    let platforms: Vec<&str> = domains
        .iter()
        .filter(|d| own_name(d) == "psys")
        .map(|d| &d[..d.len() - "psys".len()])
        .collect();
    domains
        .iter()
        .copied()
        .filter(|d| match own_name(d).as_str() {
            "psys" => true,
            _ if platforms.iter().any(|machine| d.starts_with(machine)) => false,
            name => !INSIDE_A_PACKAGE.contains(&name),
        })
        .collect()
}

/// A RAPL domain's own name, lowercased: its zone's last word, after the machine a host column
/// puts before it (`core` of `node1:core`).
fn own_name(domain: &str) -> String {
    let zone = zone(domain);
    zone.rsplit(':').next().unwrap_or(zone).to_ascii_lowercase()
}

/// A machine's RAPL domains that a measurement cannot add up: one of them is named by its sysfs
/// path (`intel-rapl:1`), which does not say what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnnamedZones {
    /// The domains the measurement would add on that machine.
    pub domains: Vec<String>,
    /// The zone named by its path, as the log names it (`intel-rapl:1`).
    pub zone: String,
    /// What the zone may be, in words.
    pub may_be: &'static str,
}

/// The first machine whose domains a measurement would add (as [`counted`] chooses them)
/// include one named by its sysfs path that may lie inside another or be another read again:
/// a zone inside a package (its cores or uncore, inside its energy, or its memory, beside it);
/// an `intel-rapl-mmio` zone (a package read through another interface); `intel-rapl:1` and
/// after (a second socket's package, or the platform `psys`, which holds the package); or
/// `intel-rapl:0` beside a domain named `package-…`. Only the zone's `name` file tells.
#[must_use]
pub fn unnamed_zones(integrator: &Integrator) -> Option<UnnamedZones> {
    let all: BTreeSet<&str> = integrator.cells().map(|(d, ..)| d).collect();
    let mut machines: BTreeMap<&str, Vec<(&str, Option<SysfsZone>)>> = BTreeMap::new();
    for domain in counted(integrator, &all, true) {
        let zone = sysfs_zone(domain);
        let machine = zone.as_ref().map_or_else(
            // A host column's name ends at its last colon: `node1:package-0`.
            || &domain[..domain.rfind(':').map_or(0, |colon| colon + 1)],
            |z| z.machine,
        );
        machines.entry(machine).or_default().push((domain, zone));
    }
    machines.into_values().find_map(|domains| {
        if domains.len() < 2 {
            return None;
        }
        let package = domains
            .iter()
            .any(|(d, zone)| zone.is_none() && own_name(d).starts_with("package"));
        domains.iter().find_map(|(_, zone)| {
            let z = zone.as_ref()?;
            let may_be = if z.depth > 1 {
                "a zone inside a package is its cores or uncore, inside its energy, or its memory, beside it"
            } else if z.mmio {
                "an `intel-rapl-mmio` zone is a package read again through another interface"
            } else if z.first != "0" {
                "beside a package, such a zone is a second socket's package or the platform (`psys`), which holds the package"
            } else if package {
                "`intel-rapl:0` is the first package, which a domain named `package-…` may be again"
            } else {
                return None;
            };
            Some(UnnamedZones {
                domains: domains.iter().map(|(d, _)| (*d).to_owned()).collect(),
                zone: z.zone.to_owned(),
                may_be,
            })
        })
    })
}

/// A RAPL domain named by its sysfs zone.
struct SysfsZone<'a> {
    /// What a host column put before it: `node1:`, or nothing.
    machine: &'a str,
    /// The zone: `intel-rapl:0:2`.
    zone: &'a str,
    /// How many numbers follow the interface: 1 for a zone of the top level.
    depth: usize,
    /// The first of them: the zone's place among those of the top level.
    first: &'a str,
    /// Whether the interface is `intel-rapl-mmio`.
    mmio: bool,
}

/// `domain` as a sysfs zone (`intel-rapl:1`, `intel-rapl-mmio:0`, `intel-rapl:0:2`), as a zone,
/// its folder or its counter's file, after a host column's name; `None` for a domain named as
/// its `name` file names it.
fn sysfs_zone(domain: &str) -> Option<SysfsZone<'_>> {
    let (at, zone) = zone_at(domain);
    let parts: Vec<&str> = zone.split(':').collect();
    let digits = |p: &&&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let numbers = parts.iter().rev().take_while(digits).count();
    let word = parts.len().checked_sub(numbers + 1).map(|i| parts[i])?;
    if numbers == 0 || !word.contains("rapl") {
        return None;
    }
    let start = zone.len() - parts[parts.len() - numbers - 1..].join(":").len();
    // A host column's name stands before the zone (`node1:intel-rapl:0`, `ns1/pod:intel-rapl:0`)
    // or before its path (`node1:/sys/class/powercap/intel-rapl:0`, whose folders may name the
    // zone's parent), and ends at a colon.
    let path = domain[..at + start]
        .find("intel-rapl")
        .unwrap_or(at + start);
    let before = &domain[..path];
    let machine = match before.strip_suffix('/') {
        Some(folders) => folders.rfind(":/").map_or("", |colon| &before[..=colon]),
        None => before,
    };
    Some(SysfsZone {
        machine,
        zone: &zone[start..],
        depth: numbers,
        first: parts[parts.len() - numbers],
        mmio: word.contains("mmio"),
    })
}

/// The RAPL domains that lie inside a package's energy.
const INSIDE_A_PACKAGE: [&str; 4] = ["core", "uncore", "pp0", "pp1"];

/// A RAPL domain's zone as a log may name it: `intel-rapl:0:2` for
/// `/sys/class/powercap/intel-rapl:0/intel-rapl:0:2/energy_uj`, its folder, or the name alone.
fn zone(domain: &str) -> &str {
    zone_at(domain).1
}

/// [`zone`], with where it starts in `domain`.
fn zone_at(domain: &str) -> (usize, &str) {
    let domain = domain.trim_end_matches('/');
    let domain = domain.strip_suffix("/energy_uj").unwrap_or(domain);
    let at = domain.rfind('/').map_or(0, |slash| slash + 1);
    (at, &domain[at..])
}

/// The source of one measurement: the log, how its energy was had, the devices or runs it
/// adds, the domains left out, and the gaps not bridged.
fn source(
    file: &str,
    origin: Origin<'_>,
    group: &str,
    members: &BTreeSet<&str>,
    inside: &[&str],
    cell: &Cell,
) -> String {
    let mut source = if origin.grouped {
        // A group's devices are its runs, named `group/run`.
        let runs: Vec<&str> = members
            .iter()
            .map(|m| m.rsplit_once('/').map_or(*m, |(_, run)| run))
            .collect();
        let of = if group.is_empty() {
            String::new()
        } else {
            format!(" of {group}")
        };
        format!(
            "{file}{of}: {}; run(s) {}; integrated by wattprint",
            origin.method,
            runs.join(", ")
        )
    } else {
        format!(
            "{file}: {}, {} device(s), integrated by wattprint",
            origin.method,
            members.len()
        )
    };
    if !inside.is_empty() {
        let _ = write!(
            source,
            "; {} left out, inside the domains counted",
            inside.join(", ")
        );
    }
    gaps(&mut source, cell);
    source
}

/// Appends to a measurement's `source` the time its gaps left out and the energy they would
/// hold, where it has gaps.
fn gaps(source: &mut String, cell: &Cell) {
    if cell.missing_s > 0.0 {
        let _ = write!(
            source,
            "; {} h in gaps not bridged, holding an estimated {} kWh not included",
            format(cell.missing_h()),
            format(cell.gap_estimate_kwh())
        );
    }
}

/// One measurement per period (and group of devices, when `origin.grouped`), as YAML for a
/// disclosure's `measurements:`.
#[must_use]
pub fn measurements(integrator: &Integrator, origin: Origin<'_>) -> String {
    let bucket = integrator.bucket();
    let mut periods: BTreeMap<(&str, i64), (Cell, BTreeSet<&str>)> = BTreeMap::new();
    let all: BTreeSet<&str> = integrator.cells().map(|(d, ..)| d).collect();
    let counted = counted(integrator, &all, origin.nested);
    let inside: Vec<&str> = all.difference(&counted).copied().collect();
    for (device, start, cell) in integrator.cells() {
        if !counted.contains(device) {
            continue;
        }
        let group = if origin.grouped {
            device.rsplit_once('/').map_or("", |(g, _)| g)
        } else {
            ""
        };
        // With a profile, the whole log is one measurement (a group's, when grouped).
        let start = if origin.hourly.is_some() { 0 } else { start };
        let (sum, devices) = periods.entry((group, start)).or_default();
        sum.add(cell);
        devices.insert(device);
    }
    let devices: BTreeSet<&str> = integrator.cells().map(|(d, ..)| d).collect();
    let (first, last) = integrator.span.unwrap_or((0.0, 0.0));
    let date = |t: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "telemetry timestamps are far within i64 seconds"
        )]
        chrono::DateTime::from_timestamp(t.floor() as i64, 0)
            .map_or_else(String::new, |d| d.date_naive().to_string())
    };
    // A disclosure is published with its report: the log is named without its folders, and on
    // one line of printable characters.
    let file = origin
        .path
        .file_name()
        .map_or_else(String::new, |n| one_line(&n.to_string_lossy()));
    let held = if origin.grouped {
        origin.held.to_owned()
    } else {
        format!("{} device(s), {}", devices.len(), origin.held)
    };
    let mut out = format!(
        "# Measurements integrated by `wattprint ingest` from {file} ({held}).\n# Paste under `measurements:`; replace SITE and MODEL if you did not pass --site and --model.\n",
    );
    // Ids of their own, so that the measurements of two logs pasted into one disclosure do
    // not clash.
    let stem = slug(
        &origin
            .path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    );
    for (i, ((group, start), (cell, members))) in periods.iter().enumerate() {
        // Each measurement's days are those of its own devices' readings.
        let (first, last) = members
            .iter()
            .filter_map(|d| integrator.device_span(d))
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
            .unwrap_or((first, last));
        let (from, to) = if bucket == Bucket::Total || origin.hourly.is_some() {
            (date(first), date(last))
        } else {
            #[allow(
                clippy::cast_precision_loss,
                reason = "period starts are whole seconds"
            )]
            let (a, b) = bucket.bounds(*start as f64);
            (date(a.max(first)), date((b - 1.0).min(last)))
        };
        let source = source(&file, origin, group, members, &inside, cell);
        entry(
            &mut out,
            &format!(
                "{}-{}",
                if stem.is_empty() { "telemetry" } else { &stem },
                i + 1
            ),
            origin,
            (&from, &to),
            cell.kwh(),
            &source,
        );
    }
    out
}

/// One measurement of `kwh` from `from` to `to` (dates) for a disclosure's `measurements:`,
/// appended to `out`, naming the hourly profile where `origin` has one.
pub(super) fn entry(
    out: &mut String,
    id: &str,
    origin: Origin<'_>,
    (from, to): (&str, &str),
    kwh: f64,
    source: &str,
) {
    let _ = write!(
        out,
        "- id: {id}\n  phase: {}\n  site: {}\n  model: {}\n  period: {{ start: {from}, end: {to} }}\n  energy: {{ value: {kwh} kWh, method: device_telemetry, source: {} }}\n  boundary: {}\n",
        origin.phase,
        scalar(origin.site),
        scalar(origin.model),
        string(source),
        origin.boundary,
    );
    if let Some((file, sha256)) = origin.hourly {
        let _ = writeln!(
            out,
            "  hourly: {{ file: {}, sha256: {sha256} }}",
            string(file)
        );
    }
}

/// One measurement per period from `sums` (each period's start, its end, its energy summed over
/// the devices, and how many devices it has), or with a profile (`origin.hourly`) one over all of
/// them, as YAML for a disclosure's `measurements:`; `about` says where the energy came from,
/// for the header and each measurement's source, and `stem` starts each id.
#[must_use]
pub fn summed_measurements(
    sums: &BTreeMap<i64, (i64, Cell, usize)>,
    origin: Origin<'_>,
    about: &str,
    stem: &str,
) -> String {
    let date = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map_or_else(String::new, |d| d.date_naive().to_string())
    };
    let mut out = format!(
        "# Measurements from {} ({}).\n# Paste under `measurements:`; replace SITE and MODEL if you did not pass --site and --model.\n",
        one_line(about),
        origin.held
    );
    let mut groups: Vec<(i64, i64, Cell, usize)> = Vec::new();
    // A period's last day is the day of its last second.
    for (start, (end, cell, devices)) in sums {
        match groups.last_mut() {
            Some(group) if origin.hourly.is_some() => {
                group.1 = end - 1;
                group.2.add(cell);
                group.3 = group.3.max(*devices);
            }
            _ => groups.push((*start, end - 1, cell.clone(), *devices)),
        }
    }
    for (i, (from, to, cell, devices)) in groups.iter().enumerate() {
        let mut source = format!("{about}; {devices} device(s); integrated by wattprint");
        gaps(&mut source, cell);
        entry(
            &mut out,
            &format!("{stem}-{}", i + 1),
            origin,
            (&date(*from), &date(*to)),
            cell.kwh(),
            &source,
        );
    }
    out
}

/// The devices of `integrator` whose energy adds up without counting any twice: every device,
/// or for RAPL domains (`nested`) the outermost ones. A `psys` that counted nothing over the
/// whole log (a platform that does not meter it reads 0) stands for no platform: the domains
/// it would hold are counted (review of 2026-12-02: a measurement of 0 kWh).
fn counted<'a>(
    integrator: &Integrator,
    all: &BTreeSet<&'a str>,
    nested: bool,
) -> BTreeSet<&'a str> {
    if !nested {
        return all.clone();
    }
    let idle: BTreeSet<&str> = integrator.devices_without_energy().collect();
    let (unmetered, metering): (BTreeSet<&str>, BTreeSet<&str>) = all
        .iter()
        .partition(|d| idle.contains(*d) && own_name(d) == "psys");
    // Counted as what it is, nothing, rather than listed as inside the others.
    outermost(&metering).union(&unmetered).copied().collect()
}

/// The energy of every hour, summed over the devices a measurement counts (the outermost RAPL
/// domains when `nested`), as the CSV a disclosure's `hourly:` names: `hour,energy_kwh`, the
/// hour's start in RFC 3339, UTC, each hour once and in order. The integrator must count by
/// the hour.
///
/// # Errors
/// Any error writing to `out`.
pub fn profile_to(
    integrator: &Integrator,
    nested: bool,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let all: BTreeSet<&str> = integrator.cells().map(|(d, ..)| d).collect();
    let counted = counted(integrator, &all, nested);
    let mut hours: BTreeMap<i64, f64> = BTreeMap::new();
    for (device, start, cell) in integrator.cells() {
        if counted.contains(device) {
            *hours.entry(start).or_default() += cell.kwh();
        }
    }
    hours_to(&hours, out)
}

/// `hours` (each hour's start, s, and its energy, kWh) as the CSV a disclosure's `hourly:`
/// names, as [`profile_to`] writes it.
///
/// # Errors
/// Any error writing to `out`.
pub fn hours_to(hours: &BTreeMap<i64, f64>, mut out: impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"hour,energy_kwh\n")?;
    for (start, kwh) in hours {
        writeln!(
            out,
            "{},{kwh}",
            super::bucket::utc_label(*start).unwrap_or_default()
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_domains_are_found_on_each_machine() {
        let of = |names: &[&'static str]| -> Vec<&'static str> {
            outermost(&names.iter().copied().collect())
                .into_iter()
                .collect()
        };
        assert_eq!(of(&["core", "dram", "package-0"]), ["dram", "package-0"]);
        assert_eq!(of(&["PSYS", "dram", "package-0"]), ["PSYS"]);
        // Review of 2026-12-02: a host column put `node1:` before each domain, and `core`
        // and `psys` were no longer recognised, so a package's cores counted twice.
        assert_eq!(
            of(&["node1:core", "node1:dram", "node1:package-0"]),
            ["node1:dram", "node1:package-0"]
        );
        assert_eq!(
            of(&[
                "10.0.0.5:9400:package-0",
                "10.0.0.5:9400:psys",
                "10.0.0.50:9400:core",
                "10.0.0.50:9400:package-0",
            ]),
            ["10.0.0.50:9400:package-0", "10.0.0.5:9400:psys"]
        );
    }

    #[test]
    fn a_sysfs_zone_is_read_after_its_machine() {
        let read = |domain: &str| {
            sysfs_zone(domain).map(|z| (z.machine.to_owned(), z.zone.to_owned(), z.depth, z.mmio))
        };
        let zone = |machine: &str, zone: &str, depth: usize, mmio: bool| {
            Some((machine.to_owned(), zone.to_owned(), depth, mmio))
        };
        for (domain, expected) in [
            ("intel-rapl:1", zone("", "intel-rapl:1", 1, false)),
            ("intel-rapl-mmio:0", zone("", "intel-rapl-mmio:0", 1, true)),
            (
                "/sys/class/powercap/intel-rapl:1",
                zone("", "intel-rapl:1", 1, false),
            ),
            (
                "/sys/class/powercap/intel-rapl:1/energy_uj",
                zone("", "intel-rapl:1", 1, false),
            ),
            ("intel-rapl:1/", zone("", "intel-rapl:1", 1, false)),
            (
                "node1:intel-rapl:1",
                zone("node1:", "intel-rapl:1", 1, false),
            ),
            (
                "node1:/sys/class/powercap/intel-rapl:1",
                zone("node1:", "intel-rapl:1", 1, false),
            ),
            (
                "ns1/pod:intel-rapl:1",
                zone("ns1/pod:", "intel-rapl:1", 1, false),
            ),
            (
                "ns1/pod:/sys/class/powercap/intel-rapl:0/intel-rapl:0:2/energy_uj",
                zone("ns1/pod:", "intel-rapl:0:2", 2, false),
            ),
            (
                "10.0.0.5:9400:intel-rapl:0",
                zone("10.0.0.5:9400:", "intel-rapl:0", 1, false),
            ),
            ("intel-rapl:0:2", zone("", "intel-rapl:0:2", 2, false)),
            (
                "node1:intel-rapl:0:2",
                zone("node1:", "intel-rapl:0:2", 2, false),
            ),
            ("package-0", None),
            ("node1:psys", None),
            ("gpu:0", None),
            ("0", None),
        ] {
            assert_eq!(read(domain), expected, "{domain}");
        }
    }

    #[test]
    fn spreadsheet_formulas_are_neutralised() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(inert("-1+2"), "'-1+2");
        assert_eq!(inert("gpu-0"), "gpu-0");
    }
}
