//! Energy per GPU and period asked of a Prometheus-compatible server, where the fleet's DCGM
//! exporter metrics live, rather than read from a file: the aggregation runs on the server.
//!
//! A GPU with an energy counter (`DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION`, mJ) is read by
//! `increase()` over each period, which counts across counter resets. Where the samples fall on
//! the period's bounds (as a 15 s scrape does on the hour), Prometheus 2's range, closed at both
//! ends, holds both bounds' readings and `increase()` is their difference, as file ingestion
//! gives it; elsewhere (and on Prometheus 3, whose ranges leave out their start) it extrapolates
//! the period's first and last partial interval at the period's mean rate, where file ingestion
//! interpolates at the interval's own. A GPU with power alone (`DCGM_FI_DEV_POWER_USAGE`, W) is
//! read by `sum_over_time()` and `count_over_time()`: its mean power over the samples, times
//! the time they cover (the count times the sampling interval of its fullest period); the rest
//! of the period is a gap, its energy estimated at the same mean and reported apart, as file
//! ingestion does.
//!
//! A fleet is asked in batches of whole hosts, each small enough that its cells stay in memory
//! ([`CELLS_PER_BATCH`]) and each query's answer stays small ([`POINTS_PER_QUERY`]); a query the
//! server refuses as too large is split in two by time and asked again. Each batch's cells
//! are written to a part file in a folder of its own as soon as the batch is complete, so an
//! interrupted run asked again with the same arguments takes up where it stopped.

mod client;
mod parts;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

pub use client::Auth;
use client::{Client, Failure};
pub use parts::Rows;

use super::{Bucket, Cell, MAX_PERIODS, MAX_WATTS, prometheus::device_name};
use crate::ingest::IngestError;

/// The energy counter, mJ.
const COUNTER: &str = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";
/// Power, W.
const POWER: &str = "DCGM_FI_DEV_POWER_USAGE";
/// The labels a GPU is told apart by; the results are summed by them, so that the series one
/// GPU has under several pods or scrape targets add up.
const BY: &str = "sum by (Hostname, instance, gpu)";

/// Most cells (GPU × period) a batch holds in memory: some 100 MB.
pub const CELLS_PER_BATCH: usize = 2_000_000;
/// Most points one answer may hold: some 15 MB of JSON.
pub const POINTS_PER_QUERY: usize = 250_000;
/// Most points of one series a range query may give: Prometheus refuses more than 11,000.
const STEPS_PER_QUERY: usize = 11_000;

/// What to ask and where.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The server's base address (`http://localhost:9090`, `https://…/prometheus`).
    pub server: &'a str,
    /// Label matchers every series must meet (`job="dcgm",cluster="prod"`), or empty.
    pub selector: &'a str,
    /// The first period's start and the last period's end, s since the epoch.
    pub span: (i64, i64),
    /// The periods.
    pub bucket: Bucket,
    /// The credentials.
    pub auth: &'a Auth,
    /// The largest answer read, bytes.
    pub max_bytes: u64,
    /// The folder the batches are kept in until the output is written.
    pub parts: &'a Path,
    /// When the server was asked (RFC 3339), for the provenance.
    pub asked_at: &'a str,
}

/// What was asked and counted.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counts {
    /// GPUs read from their energy counter.
    pub counter_gpus: usize,
    /// GPUs read from power alone.
    pub power_gpus: usize,
    /// Batches of hosts.
    pub batches: usize,
    /// Batches found complete in the parts folder and not asked again.
    pub resumed: usize,
    /// Queries answered.
    pub queries: usize,
    /// Queries refused as too large and asked again in two halves.
    pub split: usize,
    /// Points in the answers.
    pub points: u64,
    /// Points without a number (`NaN`), left out.
    pub unavailable: u64,
    /// Cells (GPU × period) of power with a gap.
    pub gaps: u64,
}

/// The batches asked, in the order their cells are written, with what was asked.
#[derive(Debug)]
pub struct Fetched {
    /// The part files, one a batch, in order.
    pub parts: Vec<PathBuf>,
    /// What was asked and counted.
    pub counts: Counts,
    /// The server, the queries and the time they were asked, for the outputs' provenance.
    pub provenance: Value,
}

/// What the caller is told as batches complete: the batches done and in all.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Asks the server for the energy of every GPU the selector matches in each period of the
/// span, batch by batch, into part files under `request.parts`.
///
/// # Errors
/// [`IngestError::Server`] when the server cannot be reached or refuses a query, when no GPU
/// matches, when a figure is not one a GPU can give, or when the parts folder holds another
/// run's batches.
pub fn fetch(
    request: &Request<'_>,
    note: &dyn Fn(&str),
    progress: Progress<'_>,
) -> Result<Fetched, IngestError> {
    let fail = |message: String, hint: &str| IngestError::Server {
        server: request.server.to_owned(),
        message,
        hint: hint.to_owned(),
    };
    let client = Client::new(request.server, request.auth, request.max_bytes, note);
    let periods = periods(request.bucket, request.span);
    if periods.is_empty() || periods.len() > MAX_PERIODS {
        return Err(fail(
            format!("{} periods from --start to --end", periods.len()),
            "give an --end after --start, at most a million periods apart",
        ));
    }
    let hosts = discover(&client, request).map_err(|f| failed(request, f))?;
    if hosts.is_empty() {
        return Err(fail(
            format!(
                "no series of {COUNTER} or {POWER} match the selector between --start and --end"
            ),
            "check the --selector and the span; `curl SERVER/api/v1/label/__name__/values` lists the metrics the server has",
        ));
    }
    let batches = batches(&hosts, periods.len());
    let mut counts = Counts {
        counter_gpus: hosts.values().flatten().filter(|(_, c)| *c).count(),
        power_gpus: hosts.values().flatten().filter(|(_, c)| !*c).count(),
        batches: batches.len(),
        ..Counts::default()
    };
    let provenance = provenance(request, &periods);
    let plan = json!({
        "provenance": { "server": request.server, "selector": request.selector,
            "span": [request.span.0, request.span.1], "period": format!("{:?}", request.bucket) },
        "batches": batches.iter().map(|b| b.iter().map(|h| format!("{}={}", h.label, h.value)).collect::<Vec<_>>()).collect::<Vec<_>>(),
    });
    parts::prepare(request.parts, &plan).map_err(|message| {
        fail(
            message,
            "delete the folder to start afresh, or give the arguments of the run it holds",
        )
    })?;
    let mut files = Vec::with_capacity(batches.len());
    for (index, batch) in batches.iter().enumerate() {
        progress(index, batches.len());
        let file = parts::path(request.parts, index);
        if file.is_file() {
            counts.resumed += 1;
        } else {
            let cells = ask_batch(&client, request, &periods, batch, &hosts, &mut counts)
                .map_err(|f| failed(request, f))?;
            parts::write(&file, &cells).map_err(|e| {
                fail(
                    format!("cannot write {}: {e}", file.display()),
                    "check the space and permissions of the output's folder",
                )
            })?;
        }
        files.push(file);
    }
    progress(batches.len(), batches.len());
    Ok(Fetched {
        parts: files,
        counts,
        provenance,
    })
}

/// The error of a failure that the caller cannot answer by asking for less.
fn failed(request: &Request<'_>, failure: Failure) -> IngestError {
    let (message, hint) = match failure {
        Failure::TooLarge(reason) => (
            format!("refused even the smallest query: {reason}"),
            "raise the server's per-query limits (Prometheus: --query.max-samples), or ask for a longer --period".to_owned(),
        ),
        Failure::Fatal { message, hint } => (message, hint),
    };
    IngestError::Server {
        server: request.server.to_owned(),
        message,
        hint,
    }
}

/// The periods of `bucket` from `span.0` to `span.1`, each `(start, end)` in s.
fn periods(bucket: Bucket, (start, end): (i64, i64)) -> Vec<(i64, i64)> {
    if bucket == Bucket::Total {
        return if start < end {
            vec![(start, end)]
        } else {
            Vec::new()
        };
    }
    let mut periods = Vec::new();
    let mut at = start;
    while at < end && periods.len() <= MAX_PERIODS {
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            reason = "period bounds are whole seconds far within 2^53"
        )]
        let next = bucket.bounds(at as f64).1 as i64;
        periods.push((at, next));
        at = next;
    }
    periods
}

/// A host: the label that names it and its value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Host {
    /// `Hostname`, or `instance` for series without one.
    label: &'static str,
    value: String,
}

/// The GPUs of each host, each with whether it has an energy counter.
type Hosts = BTreeMap<Host, BTreeSet<(String, bool)>>;

/// The hosts and GPUs with series of either metric in the span, from `/api/v1/series`, which
/// reads the index and no samples.
fn discover(client: &Client, request: &Request<'_>) -> Result<Hosts, Failure> {
    let mut devices: BTreeMap<String, (Host, bool)> = BTreeMap::new();
    for metric in [COUNTER, POWER] {
        let data = client.post(
            "/api/v1/series",
            &[
                ("match[]", format!("{metric}{{{}}}", request.selector)),
                ("start", request.span.0.to_string()),
                ("end", request.span.1.to_string()),
            ],
        )?;
        for series in data.as_array().into_iter().flatten() {
            let label = |name: &str| series.get(name).and_then(Value::as_str).map(str::to_owned);
            let host = match (label("Hostname"), label("instance")) {
                (Some(value), _) => Host {
                    label: "Hostname",
                    value,
                },
                (None, Some(value)) => Host {
                    label: "instance",
                    value,
                },
                (None, None) => Host {
                    label: "Hostname",
                    value: String::new(),
                },
            };
            let entry = devices.entry(device_name(label)).or_insert((host, false));
            entry.1 |= metric == COUNTER;
        }
    }
    let mut hosts = Hosts::new();
    for (device, (host, counter)) in devices {
        hosts.entry(host).or_default().insert((device, counter));
    }
    Ok(hosts)
}

/// The hosts in batches whose cells over `periods` fit [`CELLS_PER_BATCH`]; a host larger than
/// that is a batch of its own.
fn batches(hosts: &Hosts, periods: usize) -> Vec<Vec<Host>> {
    let mut batches: Vec<Vec<Host>> = Vec::new();
    let mut cells = 0;
    for (host, devices) in hosts {
        let more = devices.len() * periods;
        let same_label = batches
            .last()
            .and_then(|b| b.first())
            .is_some_and(|h| h.label == host.label);
        match batches.last_mut() {
            Some(batch) if same_label && cells + more <= CELLS_PER_BATCH => {
                batch.push(host.clone());
                cells += more;
            }
            _ => {
                batches.push(vec![host.clone()]);
                cells = more;
            }
        }
    }
    batches
}

/// `text` as a regular expression that matches it alone, inside a `PromQL` string.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            // A backslash for the expression, doubled for the string around it.
            out.push_str(r"\\");
        } else if c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The selector of `hosts` with the user's matchers.
fn selector(request: &Request<'_>, hosts: &[&Host]) -> String {
    let label = hosts.first().map_or("Hostname", |h| h.label);
    let values: Vec<String> = hosts.iter().map(|h| literal(&h.value)).collect();
    let hosts = format!("{label}=~\"{}\"", values.join("|"));
    if request.selector.trim().is_empty() {
        hosts
    } else {
        format!("{},{hosts}", request.selector)
    }
}

/// The queries, with `SELECTOR` where a batch's matchers go and `RANGE` for a period's length:
/// the counter's, and power's sum and count.
fn queries(selector: &str, range: &str) -> [String; 3] {
    [
        format!("{BY} (increase({COUNTER}{{{selector}}}[{range}]))"),
        format!("{BY} (sum_over_time({POWER}{{{selector}}}[{range}]))"),
        format!("{BY} (count_over_time({POWER}{{{selector}}}[{range}]))"),
    ]
}

/// What the outputs say of where the figures came from.
fn provenance(request: &Request<'_>, periods: &[(i64, i64)]) -> Value {
    let hosts = "Hostname=~\"<batch of hosts>\"";
    let selector = if request.selector.trim().is_empty() {
        hosts.to_owned()
    } else {
        format!("{},{hosts}", request.selector)
    };
    let [counter, sum, count] = queries(&selector, "<period>");
    json!({
        "server": request.server,
        "api": "/api/v1/query_range",
        "asked_at": request.asked_at,
        "selector": request.selector,
        "start": super::bucket::utc_label(request.span.0),
        "end": super::bucket::utc_label(request.span.1),
        "periods": periods.len(),
        "queries": {
            "energy_counter": counter,
            "power_sum": sum,
            "power_count": count,
        },
        "method": "energy counter: increase() per period, mJ to J; power alone: sum_over_time() / count_over_time() is the mean power, times the time the samples cover (count × the sampling interval of the GPU's fullest period); the rest of the period is a gap, estimated at the mean power and reported apart",
    })
}

/// What a batch accumulates for one GPU and period from the answers.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// The counter's increase, mJ, and whether one was given.
    increase: Option<f64>,
    /// The power samples' sum, W, and their count.
    power: f64,
    samples: f64,
}

/// Asks for one batch's cells over every period, in chunks of time the answers can hold.
fn ask_batch(
    client: &Client,
    request: &Request<'_>,
    periods: &[(i64, i64)],
    batch: &[Host],
    hosts: &Hosts,
    counts: &mut Counts,
) -> Result<Vec<(String, i64, Cell)>, Failure> {
    let devices: BTreeMap<&str, bool> = batch
        .iter()
        .filter_map(|h| hosts.get(h))
        .flatten()
        .map(|(d, c)| (d.as_str(), *c))
        .collect();
    let all: Vec<&Host> = batch.iter().collect();
    let powered: Vec<&Host> = batch
        .iter()
        .filter(|h| hosts.get(h).is_some_and(|d| d.iter().any(|(_, c)| !*c)))
        .collect();
    let mut sums: BTreeMap<String, Vec<Sums>> = BTreeMap::new();
    let steps = (POINTS_PER_QUERY / devices.len().max(1)).clamp(1, STEPS_PER_QUERY);
    let mut chunks = chunks(periods, steps);
    chunks.reverse();
    while let Some((first, count)) = chunks.pop() {
        let (start, end) = periods[first];
        let length = end - start;
        let ends = (end, periods[first + count - 1].1);
        let mut asked = || -> Result<(), Failure> {
            let [counter, _, _] = queries(&selector(request, &all), &format!("{length}s"));
            let answer = ask(client, &counter, ends, length, counts)?;
            take(&answer, first, ends.0, length, &mut sums, counts, |s, v| {
                s.increase = Some(s.increase.unwrap_or(0.0) + v);
            });
            if !powered.is_empty() {
                // A millisecond short of the period, so a sample on its start is not counted in
                // two periods by Prometheus 2's closed ranges.
                let range = format!("{}ms", length * 1000 - 1);
                let [_, sum, count] = queries(&selector(request, &powered), &range);
                let answer = ask(client, &sum, ends, length, counts)?;
                take(&answer, first, ends.0, length, &mut sums, counts, |s, v| {
                    s.power += v;
                });
                let answer = ask(client, &count, ends, length, counts)?;
                take(&answer, first, ends.0, length, &mut sums, counts, |s, v| {
                    s.samples += v;
                });
            }
            Ok(())
        };
        match asked() {
            Err(Failure::TooLarge(_)) if count > 1 => {
                counts.split += 1;
                // The halves' figures replace whatever the refused chunk had added.
                for cells in sums.values_mut() {
                    for s in cells.iter_mut().skip(first).take(count) {
                        *s = Sums::default();
                    }
                }
                chunks.push((first + count / 2, count - count / 2));
                chunks.push((first, count / 2));
            }
            other => other?,
        }
    }
    cells(&sums, &devices, periods, counts).map_err(|message| Failure::Fatal {
        message,
        hint: "check the exporter's units: DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counts mJ, DCGM_FI_DEV_POWER_USAGE reads W".to_owned(),
    })
}

/// Runs of periods of equal length, each at most `steps` long: `(first, count)`.
fn chunks(periods: &[(i64, i64)], steps: usize) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut first = 0;
    while first < periods.len() {
        let length = periods[first].1 - periods[first].0;
        let mut count = 1;
        while first + count < periods.len()
            && count < steps
            && periods[first + count].1 - periods[first + count].0 == length
        {
            count += 1;
        }
        chunks.push((first, count));
        first += count;
    }
    chunks
}

/// One range query evaluated at each period's end from `ends.0` to `ends.1`.
fn ask(
    client: &Client,
    query: &str,
    ends: (i64, i64),
    step: i64,
    counts: &mut Counts,
) -> Result<Value, Failure> {
    let data = client.post(
        "/api/v1/query_range",
        &[
            ("query", query.to_owned()),
            ("start", ends.0.to_string()),
            ("end", ends.1.to_string()),
            ("step", step.to_string()),
        ],
    )?;
    counts.queries += 1;
    Ok(data)
}

/// Adds the points of a range query's answer to `sums`, through `add`: a point at time `t`
/// is the period that ends at `t`, the `(t − first_end) / step`-th after `first`.
fn take(
    data: &Value,
    first: usize,
    first_end: i64,
    step: i64,
    sums: &mut BTreeMap<String, Vec<Sums>>,
    counts: &mut Counts,
    add: impl Fn(&mut Sums, f64),
) {
    for series in data
        .get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let label = |name: &str| {
            series
                .get("metric")
                .and_then(|m| m.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let device = device_name(label);
        for point in series
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let t = point.get(0).and_then(Value::as_f64);
            let v = point
                .get(1)
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<f64>().ok());
            let (Some(t), Some(v)) = (t, v) else {
                counts.unavailable += 1;
                continue;
            };
            counts.points += 1;
            if v.is_nan() {
                counts.unavailable += 1;
                continue;
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "evaluation times are whole seconds at the steps asked"
            )]
            let index = first + ((t as i64 - first_end) / step) as usize;
            let cells = sums.entry(device.clone()).or_default();
            if cells.len() <= index {
                cells.resize(index + 1, Sums::default());
            }
            add(&mut cells[index], v);
        }
    }
}

/// A batch's cells from its sums, in order of GPU and time; `devices` tells which GPUs are read
/// from their counter.
fn cells(
    sums: &BTreeMap<String, Vec<Sums>>,
    devices: &BTreeMap<&str, bool>,
    periods: &[(i64, i64)],
    counts: &mut Counts,
) -> Result<Vec<(String, i64, Cell)>, String> {
    let mut out = Vec::new();
    for (device, cells) in sums {
        let counter = devices.get(device.as_str()).copied().unwrap_or(false);
        #[allow(
            clippy::cast_precision_loss,
            reason = "period lengths are whole seconds"
        )]
        let length = |i: usize| (periods[i].1 - periods[i].0) as f64;
        // The sampling interval: the period with the most samples per second is taken as
        // sampled without a gap.
        let rate = cells
            .iter()
            .enumerate()
            .map(|(i, s)| s.samples / length(i))
            .fold(0.0, f64::max);
        for (i, s) in cells.iter().enumerate() {
            let label = || super::bucket::utc_label(periods[i].0).unwrap_or_default();
            let cell = if counter {
                let Some(increase) = s.increase else { continue };
                let joules = increase / 1000.0;
                if !(joules.is_finite() && joules >= 0.0 && joules <= MAX_WATTS * length(i)) {
                    return Err(format!(
                        "`{device}` gave an energy counter increase of {increase} mJ in the period from {}, more than a GPU can draw",
                        label()
                    ));
                }
                Cell {
                    joules,
                    covered_s: length(i),
                    ..Cell::default()
                }
            } else {
                if s.samples < 1.0 {
                    continue;
                }
                let mean = s.power / s.samples;
                if !(mean.is_finite() && (0.0..=MAX_WATTS).contains(&mean)) {
                    return Err(format!(
                        "`{device}` gave a mean power of {mean} W in the period from {}, not one a GPU can draw",
                        label()
                    ));
                }
                let covered = (s.samples / rate).min(length(i));
                let missing = length(i) - covered;
                if missing > 0.0 {
                    counts.gaps += 1;
                }
                Cell {
                    joules: mean * covered,
                    covered_s: covered,
                    missing_s: missing,
                    gap_estimate_joules: mean * missing,
                }
            };
            out.push((device.clone(), periods[i].0, cell));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the figures are chosen so the sums are exact"
)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_the_calendar() {
        // 2026-01-30 to 2026-03-01 by month: January's last two days, then February (28 days).
        let periods = periods(Bucket::Month, (1_769_731_200, 1_772_323_200));
        assert_eq!(
            periods,
            vec![
                (1_769_731_200, 1_769_904_000),
                (1_769_904_000, 1_772_323_200)
            ]
        );
        assert_eq!(chunks(&periods, 10), vec![(0, 1), (1, 1)]);
        let hours = super::periods(Bucket::Hour, (0, 10 * 3600));
        assert_eq!(chunks(&hours, 4), vec![(0, 4), (4, 4), (8, 2)]);
    }

    #[test]
    fn host_names_match_themselves_alone() {
        // `a.b` would match `aXb` as a pattern; `"` would end the string.
        assert_eq!(literal("node-1.dc"), r"node-1\\.dc");
        assert_eq!(literal("x\"y|z"), r#"x\"y\\|z"#);
    }

    #[test]
    fn power_is_counted_over_the_time_its_samples_cover() {
        // Two hours of one GPU at 200 W, sampled every 15 s: 240 samples in the first hour, 120
        // in the second. The second covers 1,800 s: 360,000 J, and 360,000 J estimated apart.
        let sums = BTreeMap::from([(
            "n:gpu0".to_owned(),
            vec![
                Sums {
                    increase: None,
                    power: 200.0 * 240.0,
                    samples: 240.0,
                },
                Sums {
                    increase: None,
                    power: 200.0 * 120.0,
                    samples: 120.0,
                },
            ],
        )]);
        let devices = BTreeMap::from([("n:gpu0", false)]);
        let mut counts = Counts::default();
        let cells = cells(&sums, &devices, &[(0, 3600), (3600, 7200)], &mut counts).unwrap();
        assert_eq!(cells[0].2.joules, 720_000.0);
        assert_eq!(
            cells[1].2,
            Cell {
                joules: 360_000.0,
                covered_s: 1_800.0,
                missing_s: 1_800.0,
                gap_estimate_joules: 360_000.0,
            }
        );
        assert_eq!(counts.gaps, 1);
    }

    #[test]
    fn a_counter_beyond_any_gpu_is_refused() {
        // 4 × 10¹⁵ mJ in an hour is 1.1 GW.
        let sums = BTreeMap::from([(
            "n:gpu0".to_owned(),
            vec![Sums {
                increase: Some(4e15),
                ..Sums::default()
            }],
        )]);
        let devices = BTreeMap::from([("n:gpu0", true)]);
        let error = cells(&sums, &devices, &[(0, 3600)], &mut Counts::default()).unwrap_err();
        assert!(error.contains("more than a GPU can draw"), "{error}");
    }
}
