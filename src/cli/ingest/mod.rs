//! `wattprint ingest LOG [--format nvidia-smi|csv] [--period …] -o OUT`, or
//! `wattprint ingest --prometheus URL --start … --end …` ([`server`]).

#[cfg(feature = "prometheus")]
mod server;

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::import::PhaseArg;
use super::{Console, Outcome, print_with};
use crate::error::Error;
use crate::ingest::codecarbon::Run;
use crate::ingest::telemetry::csv::{self, Columns};
use crate::ingest::telemetry::write::{self, Origin};
use crate::ingest::telemetry::{self, Bucket, Integrator, prometheus, runs};
use crate::load::Limits;
use crate::model::BoundaryPart;
use crate::output;

/// Arguments of `ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The telemetry log; absent with --prometheus.
    #[arg(required_unless_present = "prometheus", conflicts_with = "prometheus")]
    pub path: Option<PathBuf>,
    /// Ask a Prometheus-compatible server's HTTP API (Prometheus, Thanos, Mimir,
    /// `VictoriaMetrics`, Grafana Cloud) for the DCGM exporter's energy by period, rather than
    /// read a log: its base address, e.g. `http://prometheus:9090` or
    /// `https://mimir.example/prometheus`. Credentials come from --bearer-token-file or
    /// --basic-auth-file, or the environment (`WATTPRINT_PROMETHEUS_TOKEN`,
    /// `WATTPRINT_PROMETHEUS_BASIC_AUTH` as `user:password`), never from the address.
    #[arg(long, value_name = "URL", requires_all = ["start", "end"])]
    pub prometheus: Option<String>,
    /// With --prometheus: the first period's start, a date (UTC midnight) or an RFC 3339 time
    /// on a period's start.
    #[arg(long, value_name = "TIME", value_parser = instant, requires = "prometheus")]
    pub start: Option<i64>,
    /// With --prometheus: the last period's end (excluded), as --start.
    #[arg(long, value_name = "TIME", value_parser = instant, requires = "prometheus")]
    pub end: Option<i64>,
    /// With --prometheus: label matchers every series must meet, e.g.
    /// `job="dcgm",cluster="prod"`.
    #[arg(
        long,
        value_name = "MATCHERS",
        default_value = "",
        requires = "prometheus"
    )]
    pub selector: String,
    /// With --prometheus: the DCGM job's scrape interval, in seconds: the time one sample
    /// stands for, to count the time the samples cover.
    #[arg(long, value_name = "SECONDS", value_parser = positive, requires = "prometheus")]
    pub scrape_interval: Option<f64>,
    /// With --prometheus: a file holding a bearer token.
    #[arg(
        long,
        value_name = "FILE",
        requires = "prometheus",
        conflicts_with = "basic_auth_file"
    )]
    pub bearer_token_file: Option<PathBuf>,
    /// With --prometheus: a file holding `user:password` for HTTP basic authentication.
    #[arg(long, value_name = "FILE", requires = "prometheus")]
    pub basic_auth_file: Option<PathBuf>,
    /// The log's format.
    #[arg(long, value_enum, default_value_t = LogFormat::Csv)]
    pub format: LogFormat,
    /// The periods to report energy in.
    #[arg(long, value_enum, default_value_t = PeriodArg::Day)]
    pub period: PeriodArg,
    /// A gap longer than this many median sampling intervals is not bridged.
    #[arg(long, default_value_t = 5.0, value_parser = positive)]
    pub gap_factor: f64,
    /// Refuse a log in which a device draws more than this on average (W, or with a unit:
    /// `200kW`): readings in mW written as W make a 300 W GPU draw 300 kW. The default is above
    /// any single accelerator or CPU; raise it for a log of whole servers, racks or PDUs.
    #[arg(long, value_name = "POWER", default_value = "5kW", value_parser = device_power)]
    pub max_device_power: f64,
    /// For `--format csv`: the timestamp column.
    #[arg(long, default_value = "timestamp")]
    pub timestamp: String,
    /// The device column: for `--format csv`, `device` by default (one device when the log
    /// has none); for nvidia-smi, `index` (or `uuid`) by default. A column named here must be
    /// in the log.
    #[arg(long)]
    pub device: Option<String>,
    /// For `--format csv`: the power column, W.
    #[arg(long, default_value = "power_w")]
    pub power: String,
    /// For `--format csv` and `nvidia-smi`: the energy counter column, J for `csv` and mJ for
    /// `nvidia-smi` unless its header names the unit (`energy [kWh]`). A device with both a
    /// counter and power is reported from its counter.
    /// [default: `energy_j` for `csv`, `energy` for `nvidia-smi`]
    #[arg(long)]
    pub energy: Option<String>,
    /// For `--format rapl`: the counter's `max_energy_range_uj`, in µJ, where it wraps; a
    /// domain's own as `DOMAIN=MICROJOULES` (domains wrap at different ranges: a Xeon's `dram`
    /// at a quarter of its package's), once for each, beside one for the rest or not.
    #[arg(long, value_name = "[DOMAIN=]MICROJOULES", value_parser = energy_range)]
    pub max_energy_range_uj: Vec<EnergyRange>,
    /// Refuse a log line longer than this many bytes. Memory grows with it: each core holds
    /// two blocks of the log, each up to 1 MiB and one line.
    #[arg(long, value_name = "BYTES", default_value_t = telemetry::MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
    /// For measurement YAML: the measurement's site.
    #[arg(long, default_value = "SITE")]
    pub site: String,
    /// For measurement YAML: the model.
    #[arg(long, default_value = "MODEL")]
    pub model: String,
    /// For measurement YAML: the life-cycle phase the energy belongs to.
    #[arg(long, value_enum, default_value_t = PhaseArg::Inference)]
    pub phase: PhaseArg,
    /// For measurement YAML: what the log's meters saw, comma-separated, of `accelerators`,
    /// `host`, `idle_capacity`, `networking`, `storage` and `facility` [default: accelerators for
    /// nvidia-smi, DCGM and csv; host for RAPL; host, and accelerators where a run read GPUs,
    /// for codecarbon]
    #[arg(long, value_delimiter = ',', value_parser = boundary_part)]
    pub boundary: Vec<BoundaryPart>,
    /// Where to write: `.yaml` measurements, `.csv` or `.json` per device and period;
    /// a table on standard output when absent.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also write the energy hour by hour, summed over the devices, as the CSV a disclosure's
    /// `hourly:` names (`hour,energy_kwh`); needs `--period hour`. With `-o` YAML, the log is
    /// then one measurement that names this file by its path and SHA-256, so the file must lie
    /// in the YAML's folder or below it.
    #[arg(long, value_name = "CSV")]
    pub profile: Option<PathBuf>,
    /// Write even where the output is one of the inputs (refused otherwise).
    #[arg(long)]
    pub force: bool,
}

impl IngestArgs {
    /// The output's extension in lower case (`csv`, `json`, `yaml`), which names its format.
    fn output_extension(&self) -> Option<String> {
        self.output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
    }
}

/// A finite number above zero, as the gap factor and a counter's range must be.
fn positive(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!("`{text}` is not a finite number above 0")),
    }
}

/// `integrator` with the wrap ranges `--max-energy-range-uj` gives: one for every domain, and
/// a domain's own; RAPL's counters without one wrap at a range not known.
fn wrapping(args: &IngestArgs, mut integrator: Integrator) -> Result<Integrator, Error> {
    let mut every = None;
    let mut named = std::collections::BTreeSet::new();
    for range in &args.max_energy_range_uj {
        match &range.domain {
            Some(domain) if !named.insert(domain.as_str()) => {
                return Err(Error::Usage {
                    message: format!("--max-energy-range-uj gives `{domain}` two ranges"),
                    hint: Some("give each domain one range".to_owned()),
                });
            }
            Some(domain) => integrator = integrator.wrapping_for(domain, range.microjoules * 1e-6),
            None if every.is_some() => {
                return Err(Error::Usage {
                    message: "--max-energy-range-uj is given twice without a domain".to_owned(),
                    hint: Some("give one range for every domain, and a domain's own as DOMAIN=MICROJOULES (--max-energy-range-uj dram=65712999613)".to_owned()),
                });
            }
            None => every = Some(range.microjoules),
        }
    }
    match every {
        Some(range) => integrator = integrator.wrapping_at(range * 1e-6),
        None if args.format == LogFormat::Rapl => {
            integrator = integrator.wrapping_at_an_unknown_range();
        }
        None => {}
    }
    Ok(integrator)
}

/// Where a domain's energy counter wraps: `--max-energy-range-uj [DOMAIN=]MICROJOULES`.
#[derive(Debug, Clone)]
pub struct EnergyRange {
    /// The domain it is given for; every domain without its own when `None`.
    pub domain: Option<String>,
    /// The range, µJ.
    pub microjoules: f64,
}

fn energy_range(text: &str) -> Result<EnergyRange, String> {
    let (domain, value) = match text.rsplit_once('=') {
        Some((domain, value)) if !domain.trim().is_empty() => {
            (Some(domain.trim().to_owned()), value)
        }
        Some(_) => return Err(format!("`{text}` names no domain before `=`")),
        None => (None, text),
    };
    Ok(EnergyRange {
        domain,
        microjoules: positive(value)?,
    })
}

/// A power above zero in W, with or without its unit (`5000`, `5 kW`, `0.2MW`).
fn device_power(text: &str) -> Result<f64, String> {
    telemetry::number(text)
        .and_then(|(value, unit)| Some(value * telemetry::power_unit(unit.unwrap_or("W"))?))
        .filter(|watts| watts.is_finite() && *watts > 0.0)
        .ok_or_else(|| format!("`{text}` is not a power above 0 in W, kW or MW (e.g. 200kW)"))
}

/// A date (`2026-01-01`, UTC midnight) or an RFC 3339 time, as seconds since 1970.
fn instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
        })
        .map_err(|_| format!("`{text}` is neither a date (2026-01-01) nor an RFC 3339 time (2026-01-01T00:00:00Z)"))
}

/// A part of the serving system as a disclosure writes it (`host`, `idle_capacity`); dashes
/// are read as underscores, as on the command line.
fn boundary_part(text: &str) -> Result<BoundaryPart, String> {
    serde_json::from_value(serde_json::Value::from(text.trim().replace('-', "_"))).map_err(|_| {
        format!(
            "`{text}` is not a part of the serving system: {}",
            BoundaryPart::ALL.map(BoundaryPart::key).join(", ")
        )
    })
}

/// Telemetry formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv` (with or without units).
    NvidiaSmi,
    /// A long CSV: timestamp, device, and power in W and/or an energy counter in J.
    Csv,
    /// Linux powercap RAPL counters sampled over time: `timestamp,domain,energy_uj` (µJ),
    /// wrapping at `--max-energy-range-uj`.
    Rapl,
    /// The DCGM exporter's metrics as Prometheus text exposition with timestamps (`/federate`)
    /// or a range query's JSON (`/api/v1/query_range`):
    /// `DCGM_FI_DEV_POWER_USAGE` (W) or `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION` (mJ).
    DcgmPrometheus,
    /// CodeCarbon's `emissions.csv`: each run's IT energy (`energy_consumed` ÷ `pue`, kWh)
    /// spread over its duration.
    Codecarbon,
}

/// Reporting periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Calendar hours, UTC.
    Hour,
    /// Calendar days, UTC.
    Day,
    /// Calendar months, UTC.
    Month,
    /// The whole log.
    Total,
}

/// Logs smaller than this are read before a progress line would be worth drawing.
const PROGRESS_BYTES: u64 = 64 << 20;

/// A reader that redraws `ingest: 42 % of 1,000 MB` on standard error twice a second.
struct Progress<R> {
    inner: R,
    read: u64,
    total: u64,
    shown: std::time::Instant,
}

impl<R: std::io::Read> std::io::Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.shown.elapsed().as_millis() >= 500 {
            self.shown = std::time::Instant::now();
            #[allow(clippy::cast_precision_loss, reason = "a percentage to show")]
            let percent = self.read as f64 / self.total.max(1) as f64 * 100.0;
            eprint!("\ringest: {percent:.0} % of {} MB", self.total >> 20);
        }
        if n == 0 {
            eprint!("\r{:40}\r", "");
        }
        Ok(n)
    }
}

/// Opens the log, behind a progress line when it is large and standard error is a terminal.
fn open(log: &Path, console: &Console) -> Result<Box<dyn std::io::BufRead>, Error> {
    let file = std::fs::File::open(log).map_err(|source| crate::load::LoadError::Read {
        path: log.to_path_buf(),
        source,
    })?;
    let total = file.metadata().map_or(0, |m| m.len());
    if console.shows_progress() && total > PROGRESS_BYTES {
        return Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            Progress {
                inner: file,
                read: 0,
                total,
                shown: std::time::Instant::now(),
            },
        )));
    }
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 20, file)))
}

pub(super) fn run(args: &IngestArgs, console: &Console, limits: Limits) -> Result<Outcome, Error> {
    let inputs: Vec<&Path> = args.path.iter().map(PathBuf::as_path).collect();
    for out in args.output.iter().chain(&args.profile) {
        output::refuse_overwriting_inputs(out, &inputs, args.force)?;
    }
    if let (Some(profile), Some(out)) = (&args.profile, &args.output)
        && output::same_file(profile, out)
    {
        return Err(Error::Usage {
            message: format!(
                "--profile and -o both name `{}`: the measurements would replace the profile",
                out.display()
            ),
            hint: Some(
                "give the profile a file of its own, e.g. --profile hourly/inference.csv"
                    .to_owned(),
            ),
        });
    }
    if args.profile.is_some() && args.period != PeriodArg::Hour {
        return Err(Error::Usage {
            message: "--profile writes the energy hour by hour, and the log is being counted by another period".to_owned(),
            hint: Some("add --period hour".to_owned()),
        });
    }
    let bucket = match args.period {
        PeriodArg::Hour => Bucket::Hour,
        PeriodArg::Day => Bucket::Day,
        PeriodArg::Month => Bucket::Month,
        PeriodArg::Total => Bucket::Total,
    };
    let (Some(log), None) = (&args.path, &args.prometheus) else {
        return from_server(args, console, limits, bucket);
    };
    let mut integrator = wrapping(args, Integrator::new(bucket, args.gap_factor))?;
    let columns = match args.format {
        LogFormat::NvidiaSmi => {
            let mut columns = Columns::nvidia_smi(args.energy.as_deref().unwrap_or("energy"));
            if let Some(device) = &args.device {
                columns.device = Some(device.clone());
                columns.device_required = true;
            }
            columns
        }
        LogFormat::Csv => Columns {
            timestamp: args.timestamp.clone(),
            device: Some(args.device.clone().unwrap_or_else(|| "device".to_owned())),
            device_required: args.device.is_some(),
            power: vec![args.power.clone()],
            energy: Some(args.energy.clone().unwrap_or_else(|| "energy_j".to_owned())),
            joules_per_unit: 1.0,
            unique_id: None,
        },
        LogFormat::Rapl => Columns::rapl(&args.timestamp),
        LogFormat::DcgmPrometheus => {
            prometheus::read(
                log,
                open(log, console)?,
                (args.max_line_bytes, limits.max_bytes),
                &mut integrator,
            )?;
            return finish(args, log, console, &integrator, &[]);
        }
        LogFormat::Codecarbon => {
            let bytes = crate::load::bytes(log, limits.max_bytes)?;
            let runs = runs::read(log, &bytes, &mut integrator)?;
            return finish(args, log, console, &integrator, &runs);
        }
    };
    csv::read(
        log,
        open(log, console)?,
        &columns,
        args.max_line_bytes,
        &mut integrator,
    )?;
    finish(args, log, console, &integrator, &[])
}

/// Writes what `write` writes to the output file, atomically, or to standard output.
/// `ingest --prometheus`.
#[cfg(feature = "prometheus")]
fn from_server(
    args: &IngestArgs,
    console: &Console,
    limits: Limits,
    bucket: Bucket,
) -> Result<Outcome, Error> {
    server::run(args, console, limits, bucket)
}

/// `ingest --prometheus` in a build without the HTTP client.
#[cfg(not(feature = "prometheus"))]
fn from_server(
    _args: &IngestArgs,
    _console: &Console,
    _limits: Limits,
    _bucket: Bucket,
) -> Result<Outcome, Error> {
    Err(Error::Usage {
        message: "this wattprint was built without the `prometheus` feature, so it cannot ask a server".to_owned(),
        hint: Some("build it with the default features (`cargo build --release`), or read an exported log: `wattprint ingest LOG`".to_owned()),
    })
}

fn emit(
    args: &IngestArgs,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match &args.output {
        Some(path) => Ok(output::write_atomic_with(path, write)?),
        None => print_with(write),
    }
}

/// What the measurement YAML says of how the log was read and what its meters saw, for
/// `args.format`; `runs` are CodeCarbon's runs, for `codecarbon`.
fn described(args: &IngestArgs, integrator: &Integrator, runs: &[Run]) -> (String, String, String) {
    let rows = integrator.counts.rows;
    let (method, held, seen): (String, String, &[BoundaryPart]) = match args.format {
        LogFormat::NvidiaSmi => (
            "nvidia-smi power readings by the trapezoid rule per GPU, or its energy counter by differences where logged".to_owned(),
            format!("{rows} readings"),
            &[BoundaryPart::Accelerators],
        ),
        LogFormat::Csv => (
            "power readings by the trapezoid rule per device, or energy counters by differences".to_owned(),
            format!("{rows} readings"),
            &[BoundaryPart::Accelerators],
        ),
        LogFormat::Rapl => (
            "RAPL energy counters by differences per domain".to_owned(),
            format!("{rows} readings"),
            &[BoundaryPart::Host],
        ),
        LogFormat::DcgmPrometheus => (
            "DCGM power readings by the trapezoid rule per GPU, or its energy counter by differences".to_owned(),
            format!("{rows} readings"),
            &[BoundaryPart::Accelerators],
        ),
        LogFormat::Codecarbon => {
            let mut versions: Vec<&str> = runs.iter().map(|r| r.version.as_str()).filter(|v| !v.is_empty()).collect();
            versions.sort_unstable();
            versions.dedup();
            let gpu = runs
                .iter()
                .any(|r| r.gpu_energy_kwh.is_some_and(|g| g > 0.0));
            (
                format!(
                    "CodeCarbon {}, each run's IT energy (energy_consumed ÷ pue) spread over its duration",
                    if versions.is_empty() {
                        "(version unknown)".to_owned()
                    } else {
                        versions.join(", ")
                    }
                ),
                format!("{} run(s)", runs.len()),
                if gpu { &[BoundaryPart::Accelerators, BoundaryPart::Host] } else { &[BoundaryPart::Host] },
            )
        }
    };
    (method, held, boundary(args, seen))
}

/// What the measurements' meters saw, as YAML writes it (`[accelerators, host]`): the parts
/// `--boundary` names, else `seen`.
fn boundary(args: &IngestArgs, seen: &[BoundaryPart]) -> String {
    let mut parts = if args.boundary.is_empty() {
        seen.to_vec()
    } else {
        args.boundary.clone()
    };
    parts.sort();
    parts.dedup();
    format!(
        "[{}]",
        parts.iter().map(|p| p.key()).collect::<Vec<_>>().join(", ")
    )
}

/// The phase as YAML writes it.
fn phase(args: &IngestArgs) -> &'static str {
    match args.phase {
        PhaseArg::Training => "training",
        PhaseArg::FineTuning => "fine_tuning",
        PhaseArg::Inference => "inference",
    }
}

/// Refuses what the log's figures cannot be trusted for: a device drawing more than
/// `--max-device-power`, or RAPL zones inside zones where their energy is summed (`yaml`, or a
/// profile).
fn refuse_unsound(
    args: &IngestArgs,
    log: &Path,
    integrator: &Integrator,
    yaml: bool,
) -> Result<(), Error> {
    // CodeCarbon measured its runs itself, in kWh; a log of readings may hold a unit slip.
    if args.format != LogFormat::Codecarbon
        && let Some((device, watts)) = integrator.busiest_device()
        && watts > args.max_device_power
    {
        return Err(crate::ingest::IngestError::Invalid {
            file: log.into(),
            line: 0,
            message: format!(
                "`{device}` draws {} W on average over the log, more than the {} W a device is held to: readings in mW written as W, or a device that is a whole server or rack",
                crate::text::number::plain(watts),
                crate::text::number::plain(args.max_device_power)
            ),
            hint: "write milliwatts with their unit (`300000 mW`, or a header `power [mW]`); for a log read by servers, racks or PDUs, raise the bound: --max-device-power 200kW".to_owned(),
        }
        .into());
    }
    // A counter that wraps at its range, read less often than a device at the bound can count
    // the whole range, may have wrapped twice between two readings, and a wrap unseen loses a
    // whole range (a package at 250 W read every 20 minutes showed an eighth of its energy).
    if let Some((device, seconds, range_j)) = integrator.longest_wrapping_step()
        && seconds * args.max_device_power >= range_j
    {
        return Err(crate::ingest::IngestError::Invalid {
            file: log.into(),
            line: 0,
            message: format!(
                "`{device}` is read {} s apart, and at up to {} W its counter can count its whole range of {} J in {} s: it may have wrapped more than once between two readings, each wrap unseen losing {} J",
                crate::text::number::plain(seconds),
                crate::text::number::plain(args.max_device_power),
                crate::text::number::plain(range_j),
                crate::text::number::plain(range_j / args.max_device_power),
                crate::text::number::plain(range_j),
            ),
            hint: "read the counter more often, or give the most the domain can draw with --max-device-power (a CPU package's is its TDP, e.g. --max-device-power 400W)".to_owned(),
        }
        .into());
    }
    // Measurements and profiles add the outermost RAPL domains: a zone named by its path alone
    // may or may not lie inside another, and counting it wrongly would lose or double energy.
    if args.format != LogFormat::Rapl || !(yaml || args.profile.is_some()) {
        return Ok(());
    }
    if let Some(unnamed) = write::unnamed_zones(integrator) {
        let zone = &unnamed.zone;
        return Err(crate::ingest::IngestError::Invalid {
            file: log.into(),
            line: 0,
            message: format!(
                "the domains {} of one machine include `{zone}`, named by its sysfs path, which does not say what it is: {}, so adding them may count energy twice or leave some out",
                unnamed.domains.join(", "),
                unnamed.may_be
            ),
            hint: format!(
                "name each zone as its `name` file does (cat /sys/class/powercap/{zone}/name), e.g. sed -i 's/,{zone},/,NAME,/' LOG"
            ),
        }
        .into());
    }
    Ok(())
}

/// Notes on the devices whose energy may be missing or split: readings at one instant only,
/// no energy counted over the whole log, names that differ in case alone.
fn device_notes(integrator: &Integrator, console: &Console) {
    let mut instant = integrator.devices_without_time();
    if let Some(first) = instant.next() {
        console.note(&format!(
            "{} device(s) have readings at one instant only (`{first}` first): no energy can be counted from them, so theirs is missing from every figure; log them over time, or leave them out of the log",
            1 + instant.count()
        ));
    }
    if let Some((count, (one, other))) = integrator.names_differing_in_case() {
        console.note(&format!(
            "{count} device name(s) differ from another in case alone (`{one}` and `{other}` first): they are read as separate devices; if two are one, write its name one way throughout, or its energy is split between them"
        ));
    }
    let mut idle = integrator.devices_without_energy();
    if let Some(first) = idle.next() {
        console.note(&format!(
            "{} device(s) counted no energy over the whole log (`{first}` first): a counter that never moved or power read as 0 W; if a device was on, its logger was stuck and its energy is missing",
            1 + idle.count()
        ));
    }
}

/// Reports what was counted and writes the energy in the format `-o` asks for.
fn finish(
    args: &IngestArgs,
    log: &Path,
    console: &Console,
    integrator: &Integrator,
    runs: &[Run],
) -> Result<Outcome, Error> {
    let extension = args.output_extension();
    let yaml = matches!(extension.as_deref(), Some("yaml" | "yml"));
    // Refused before anything is said of the log, as if it had been read well.
    refuse_unsound(args, log, integrator, yaml)?;
    let c = &integrator.counts;
    // CodeCarbon's runs are read as two readings each, at their start and end.
    let read = if args.format == LogFormat::Codecarbon {
        format!("{} run(s)", runs.len())
    } else {
        format!("{} readings", c.rows)
    };
    console.note(&format!(
        "{read}: {} duplicate(s) left out, {} put back in order, {} gap(s) not bridged, {} counter reset(s), {} not available",
        c.duplicates, c.reordered, c.gaps, c.resets, c.unavailable
    ));
    if let Some(unit) = integrator.timestamps.filter(|u| *u != "seconds") {
        console.note(&format!(
            "the timestamps were read as {unit} since 1970, by their size; if they count from a boot or the log's start, the dates and periods are wrong"
        ));
    }
    if c.short_counters > 0 {
        console.note(&format!(
            "{} energy counter reading(s) left out: they cover less of the log than their devices' power readings, which were read instead",
            c.short_counters
        ));
    }
    if c.superseded > 0 {
        console.note(&format!(
            "{} power reading(s) left out: their devices' energy counters were read instead",
            c.superseded
        ));
    }
    if let Some(first) = integrator.first_partly_read() {
        console.note(&format!(
            "{} device(s) log power and an energy counter over different times (`{first}` first), leaving time that no series read covers: it is counted as missing, its energy estimated at the device's mean power",
            c.partly_read
        ));
    }
    device_notes(integrator, console);
    let nested = args.format == LogFormat::Rapl;
    // The name the YAML gives the profile is settled before anything is written.
    let named = match (&args.profile, &args.output) {
        (Some(profile), Some(out)) if yaml => Some(named_from(out, profile)?),
        _ => None,
    };
    // The profile is written first (the YAML names its hash): the output is made sure of
    // before, so that a folder not there leaves neither file written.
    if let (Some(_), Some(out)) = (&args.profile, &args.output) {
        output::probe(out)?;
    }
    let sha256 = match &args.profile {
        Some(path) => Some(write_profile(args, path, integrator, nested, console)?),
        None => None,
    };
    // CSV and JSON are written cell by cell: a fleet's log has millions of cells.
    match extension.as_deref() {
        Some("yaml" | "yml") => {
            let hourly = named.zip(sha256);
            let (method, held, boundary) = described(args, integrator, runs);
            let text = write::measurements(
                integrator,
                Origin {
                    path: log,
                    site: &args.site,
                    model: &args.model,
                    phase: phase(args),
                    boundary: &boundary,
                    method: &method,
                    held: &held,
                    grouped: args.format == LogFormat::Codecarbon,
                    nested,
                    hourly: hourly
                        .as_ref()
                        .map(|(name, sha256)| (name.as_str(), sha256.as_str())),
                },
            );
            emit(args, |out| out.write_all(text.as_bytes()))?;
        }
        Some("json") => {
            let method = described(args, integrator, runs).0;
            let counts = serde_json::to_value(&integrator.counts).unwrap_or_default();
            let method = format!(
                "{method}; gaps longer than the threshold are not bridged and their energy is estimated apart"
            );
            let about = write::Described {
                method: &method,
                counts: &counts,
                provenance: None,
            };
            emit(args, |out| {
                write::json_to(integrator.bucket(), integrator.cells(), about, out)
            })?;
        }
        _ => emit(args, |out| {
            write::csv_to(integrator.bucket(), integrator.cells(), out)
        })?,
    }
    Ok(Outcome::Clean)
}

/// Writes the hourly profile to `path` (`--profile`); gives its SHA-256.
fn write_profile(
    args: &IngestArgs,
    path: &std::path::Path,
    integrator: &Integrator,
    nested: bool,
    console: &Console,
) -> Result<String, Error> {
    // One profile is one measurement's: CodeCarbon projects are measurements of their own.
    let groups: std::collections::BTreeSet<&str> = integrator
        .cells()
        .filter_map(|(device, ..)| device.rsplit_once('/').map(|(group, _)| group))
        .collect();
    if args.format == LogFormat::Codecarbon && groups.len() > 1 {
        return Err(Error::Usage {
            message: format!(
                "--profile writes one measurement's energy hour by hour, and this log holds {} projects, each a measurement of its own",
                groups.len()
            ),
            hint: Some(
                "split the log by project (`project_name`) and ingest each with its own --profile"
                    .to_owned(),
            ),
        });
    }
    save_profile(path, console, |out| {
        write::profile_to(integrator, nested, out)
    })
}

/// Writes the hourly profile `write` writes to `path`; gives its SHA-256.
fn save_profile(
    path: &Path,
    console: &Console,
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<String, Error> {
    let mut bytes = Vec::new();
    write(&mut bytes).map_err(|source| output::WriteError {
        path: path.to_path_buf(),
        source,
    })?;
    output::write_atomic(path, &bytes)?;
    console.note(&format!(
        "wrote {}, the energy hour by hour",
        path.display()
    ));
    Ok(crate::text::sha256_hex(&bytes))
}

/// The path of `file` from the folder of `yaml`, folders separated by `/`, as a disclosure
/// names it; refused when `file` is not in that folder or below it.
fn named_from(yaml: &std::path::Path, file: &std::path::Path) -> Result<String, Error> {
    let folder = output::without_dots(yaml.parent().unwrap_or(std::path::Path::new("")));
    let name = output::without_dots(file)
        .strip_prefix(&folder)
        .ok()
        .map(|rest| {
            rest.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .filter(|name| crate::load::linked::check_name(name).is_ok());
    name.ok_or_else(|| Error::Usage {
        message: format!(
            "the measurement YAML names its hourly profile by its path from the YAML's folder, and `{}` is not in `{}` or below it",
            file.display(),
            if folder.as_os_str().is_empty() {
                ".".into()
            } else {
                folder.display().to_string()
            }
        ),
        hint: Some("write the profile beside the YAML, e.g. --profile hourly/inference.csv -o inference.yaml".to_owned()),
    })
}
