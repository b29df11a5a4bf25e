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
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

pub use client::Auth;
use client::{Client, Failure};
pub use parts::Rows;

use super::{Bucket, Cell, MAX_PERIODS, prometheus::device_name};
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
    /// The DCGM job's scrape interval, s: the time one sample stands for.
    pub scrape_interval: f64,
    /// The most a GPU may draw on average in a period, W (`--max-device-power`): above it the
    /// exporter's units were misread, or several series report one GPU.
    pub max_device_watts: f64,
    /// Who asks (the kind of credentials, and a basic-auth user), so that a resumed run is the
    /// same tenant's (Mimir and Grafana Cloud choose the tenant by the credentials); never a
    /// secret or a digest of one.
    pub identity: &'a str,
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
    /// Cells (GPU × period) with a gap.
    pub gaps: u64,
    /// GPUs whose fullest period is less than half covered: a scrape interval given shorter
    /// than the real one looks like this.
    pub thin: u64,
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
    // Everything a batch's cells depend on: another selector, span, tenant or set of GPUs
    // makes another plan, and the parts of one are never read as the other's.
    let plan = json!({
        "server": request.server,
        "identity": request.identity,
        "selector": request.selector,
        "span": [request.span.0, request.span.1],
        "period": format!("{:?}", request.bucket),
        "scrape_interval": request.scrape_interval,
        "max_device_watts": request.max_device_watts,
        "batches": batches.iter().map(|b| b.iter().map(|h| json!({
            "host": [h.label, &h.value],
            "gpus": hosts.get(h).map(|d| d.iter().map(|(n, c)| json!([n, c])).collect::<Vec<_>>()),
        })).collect::<Vec<_>>()).collect::<Vec<_>>(),
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
            "raise the server's per-query limits (Prometheus: --query.max-samples), or ask for a shorter --period".to_owned(),
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
    /// `Hostname`, or `instance` for series without one, or empty for series with neither.
    label: &'static str,
    value: String,
}

/// The GPUs of each host, each with whether it has an energy counter.
type Hosts = BTreeMap<Host, BTreeSet<(String, bool)>>;

/// The hosts and GPUs with series of either metric in the span, from `/api/v1/series`, which
/// reads the index and no samples.
fn discover(client: &Client, request: &Request<'_>) -> Result<Hosts, Failure> {
    let mut devices: BTreeMap<String, (Host, bool)> = BTreeMap::new();
    // A fleet whose pods come and go has many series a GPU: a span whose list is too large is
    // listed in halves.
    let mut spans = vec![(COUNTER, request.span), (POWER, request.span)];
    while let Some((metric, (from, to))) = spans.pop() {
        let answer = client.post(
            "/api/v1/series",
            &[
                ("match[]", format!("{metric}{{{}}}", request.selector)),
                ("start", from.to_string()),
                ("end", to.to_string()),
            ],
        );
        let data = match answer {
            Err(Failure::TooLarge(_)) if to - from > 3_600 => {
                let middle = from + (to - from) / 2;
                spans.push((metric, (middle, to)));
                spans.push((metric, (from, middle)));
                continue;
            }
            other => other?,
        };
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
                    label: "",
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

/// `text` as a regular expression that matches it alone, written as a `PromQL` string's content.
fn literal(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    // The string around the pattern: backslashes and quotes escaped, control characters
    // written as escapes, as Go's strconv.Unquote (which `PromQL` strings follow) reads them.
    let mut out = String::with_capacity(pattern.len() + 8);
    for c in pattern.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The selector of `hosts` with the user's matchers. A host named by `instance` has no
/// `Hostname`, and one named by neither has neither, so that no batch matches another's series.
fn selector(request: &Request<'_>, hosts: &[&Host]) -> String {
    let label = hosts.first().map_or("Hostname", |h| h.label);
    let values: Vec<String> = hosts.iter().map(|h| literal(&h.value)).collect();
    let hosts = match label {
        "Hostname" => format!("Hostname=~\"{}\"", values.join("|")),
        "instance" => format!("Hostname=\"\",instance=~\"{}\"", values.join("|")),
        _ => "Hostname=\"\",instance=\"\"".to_owned(),
    };
    if request.selector.trim().is_empty() {
        hosts
    } else {
        format!("{},{hosts}", request.selector)
    }
}

/// The queries, with `selector` for a batch's matchers and `range` for a period's length:
/// the counter's increase and samples, and power's sum and samples.
fn queries(selector: &str, range: &str) -> [String; 4] {
    [
        format!("{BY} (increase({COUNTER}{{{selector}}}[{range}]))"),
        format!("{BY} (count_over_time({COUNTER}{{{selector}}}[{range}]))"),
        format!("{BY} (sum_over_time({POWER}{{{selector}}}[{range}]))"),
        format!("{BY} (count_over_time({POWER}{{{selector}}}[{range}]))"),
    ]
}

/// How each query's points add to a period's sums, in the order of [`queries`].
const ADD: [fn(&mut Sums, f64); 4] = [
    |s, v| s.increase = Some(s.increase.unwrap_or(0.0) + v),
    |s, v| s.counter_samples += v,
    |s, v| s.power += v,
    |s, v| s.samples += v,
];

/// Power is asked a millisecond before each period's end, over the period: the range holds
/// the samples from the period's start to just before its end, as file ingestion's periods do.
const POWER_OFFSET: f64 = 0.001;

/// What the outputs say of where the figures came from.
fn provenance(request: &Request<'_>, periods: &[(i64, i64)]) -> Value {
    let hosts = "Hostname=~\"<batch of hosts>\"";
    let selector = if request.selector.trim().is_empty() {
        hosts.to_owned()
    } else {
        format!("{},{hosts}", request.selector)
    };
    let [counter, counter_count, sum, count] = queries(&selector, "<period>");
    json!({
        "server": request.server,
        "api": "/api/v1/query_range, and /api/v1/query for a single period",
        "asked_at": request.asked_at,
        "selector": request.selector,
        "start": super::bucket::utc_label(request.span.0),
        "end": super::bucket::utc_label(request.span.1),
        "periods": periods.len(),
        "scrape_interval_s": request.scrape_interval,
        "queries": {
            "energy_counter": format!("{counter}, at each period's end"),
            "energy_counter_count": format!("{counter_count}, at each period's end"),
            "power_sum": format!("{sum}, a millisecond before each period's end"),
            "power_count": format!("{count}, a millisecond before each period's end"),
        },
        "method": METHOD,
    })
}

/// How a cell's energy is had from the answers.
pub const METHOD: &str = "DCGM energy counter by increase() per period, mJ to J; a period without the counter's increase by power: sum_over_time() / count_over_time() is the mean power, times the time the samples cover (their count times the scrape interval); the rest of the period, and a period without samples between two with them, is a gap whose energy is estimated apart";

/// What a batch accumulates for one GPU and period from the answers.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// The counter's increase, mJ, where one was given, and its samples.
    increase: Option<f64>,
    counter_samples: f64,
    /// The power samples' sum, W (`NaN` where a sample was not a number), and their count.
    power: f64,
    samples: f64,
}

/// A piece of a batch's work: periods `first..first + count` of hosts `hosts`.
#[derive(Debug, Clone)]
struct Piece {
    first: usize,
    count: usize,
    hosts: std::ops::Range<usize>,
}

/// Asks for one batch's cells over every period, in pieces the answers can hold: a piece the
/// server refuses as too large is split in two by time, or by hosts where it is one period.
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
    let mut sums: BTreeMap<String, Vec<Sums>> = devices
        .keys()
        .map(|d| ((*d).to_owned(), vec![Sums::default(); periods.len()]))
        .collect();
    let steps = (POINTS_PER_QUERY / devices.len().max(1)).clamp(1, STEPS_PER_QUERY);
    let mut pieces: Vec<Piece> = chunks(periods, steps)
        .into_iter()
        .rev()
        .map(|(first, count)| Piece {
            first,
            count,
            hosts: 0..batch.len(),
        })
        .collect();
    while let Some(piece) = pieces.pop() {
        let hosts: Vec<&Host> = batch[piece.hosts.clone()].iter().collect();
        let mut answers = Vec::new();
        let asked = (|| -> Result<(), Failure> {
            let (start, end) = periods[piece.first];
            let length = end - start;
            let last_end = periods[piece.first + piece.count - 1].1;
            let [counter, counter_count, sum, count] =
                queries(&selector(request, &hosts), &format!("{length}s"));
            #[allow(clippy::cast_precision_loss, reason = "whole seconds far within 2^53")]
            let (first_end, last_end) = (end as f64, last_end as f64);
            for (query, offset) in [
                (counter, 0.0),
                (counter_count, 0.0),
                (sum, POWER_OFFSET),
                (count, POWER_OFFSET),
            ] {
                let range = (first_end - offset, last_end - offset);
                answers.push((ask(client, &query, range, length, counts)?, offset));
            }
            Ok(())
        })();
        // Hosts are halved first: a server's limits count series as much as points, and a
        // piece of one host is halved in time.
        match asked {
            Err(Failure::TooLarge(_)) if piece.hosts.len() > 1 => {
                counts.split += 1;
                let middle = piece.hosts.start + piece.hosts.len() / 2;
                pieces.push(Piece {
                    hosts: middle..piece.hosts.end,
                    ..piece.clone()
                });
                pieces.push(Piece {
                    hosts: piece.hosts.start..middle,
                    ..piece
                });
            }
            Err(Failure::TooLarge(_)) if piece.count > 1 => {
                counts.split += 1;
                let half = piece.count / 2;
                pieces.push(Piece {
                    first: piece.first + half,
                    count: piece.count - half,
                    ..piece.clone()
                });
                pieces.push(Piece {
                    count: half,
                    ..piece
                });
            }
            other => {
                other?;
                let length = periods[piece.first].1 - periods[piece.first].0;
                for (answer, add) in answers.iter().zip(ADD) {
                    take(answer, &piece, periods, length, &mut sums, counts, add)?;
                }
            }
        }
    }
    cells(&sums, periods, (request.scrape_interval, request.max_device_watts), counts).map_err(|message| Failure::Fatal {
        message,
        hint: "check the exporter's units (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counts mJ, DCGM_FI_DEV_POWER_USAGE reads W) and --scrape-interval; give a --selector that picks one series a GPU where several report it at once".to_owned(),
    })
}

/// A failure asking again would not mend, with the usual hint.
fn fatal(message: String) -> Failure {
    Failure::Fatal {
        message,
        hint: "check that the address is a Prometheus-compatible HTTP API, with no query frontend changing the times asked".to_owned(),
    }
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

/// One query evaluated at each of the times from `at.0` to `at.1`, `step` s apart: a range
/// query, or an instant query for one time (which no query frontend moves to a step's grid).
fn ask(
    client: &Client,
    query: &str,
    at: (f64, f64),
    step: i64,
    counts: &mut Counts,
) -> Result<Value, Failure> {
    let time = |t: f64| format!("{t:.3}");
    let data = if at.0 >= at.1 {
        client.post(
            "/api/v1/query",
            &[("query", query.to_owned()), ("time", time(at.0))],
        )?
    } else {
        client.post(
            "/api/v1/query_range",
            &[
                ("query", query.to_owned()),
                ("start", time(at.0)),
                ("end", time(at.1)),
                ("step", step.to_string()),
            ],
        )?
    };
    counts.queries += 1;
    Ok(data)
}

/// Adds the points of an answer (a range query's matrix or an instant query's vector) to
/// `sums`, through `add`. A point must lie at a time asked: the period ending `offset` after it.
///
/// # Errors
/// An answer of another shape, or a point at a time not asked.
fn take(
    (data, offset): &(Value, f64),
    piece: &Piece,
    periods: &[(i64, i64)],
    step: i64,
    sums: &mut BTreeMap<String, Vec<Sums>>,
    counts: &mut Counts,
    add: impl Fn(&mut Sums, f64),
) -> Result<(), Failure> {
    let result = data
        .get("result")
        .and_then(Value::as_array)
        .ok_or_else(|| fatal("answered success without a list of series".to_owned()))?;
    for series in result {
        let label = |name: &str| {
            series
                .get("metric")
                .and_then(|m| m.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let device = device_name(label);
        let points: Vec<&Value> = match (series.get("values"), series.get("value")) {
            (Some(Value::Array(values)), _) => values.iter().collect(),
            (None, Some(value)) => vec![value],
            _ => {
                return Err(fatal(format!(
                    "answered a series of `{device}` without points"
                )));
            }
        };
        for point in points {
            let t = point.get(0).and_then(Value::as_f64);
            let v = point
                .get(1)
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<f64>().ok());
            let (Some(t), Some(v)) = (t, v) else {
                return Err(fatal(format!(
                    "answered a point of `{device}` that is not [time, \"number\"]"
                )));
            };
            counts.points += 1;
            // The period that ends `offset` after the point, which must be one asked.
            #[allow(clippy::cast_precision_loss, reason = "whole seconds far within 2^53")]
            let first_end = periods[piece.first].1 as f64;
            #[allow(clippy::cast_precision_loss, reason = "whole seconds far within 2^53")]
            let steps = ((t + offset) - first_end) / step as f64;
            // Times are asked to the millisecond; a point off by one (a frontend that aligned
            // the start to the step) is not at a time asked.
            #[allow(clippy::cast_precision_loss, reason = "whole seconds far within 2^53")]
            let off = (steps - steps.round()).abs() * step as f64;
            #[allow(clippy::cast_precision_loss, reason = "a count of periods")]
            let asked = (0.0..piece.count as f64).contains(&steps.round());
            let index = (asked && off < 1e-4)
                .then(|| {
                    #[allow(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "checked whole and not negative"
                    )]
                    let n = steps.round() as usize;
                    piece.first + n
                })
                .filter(|i| *i < piece.first + piece.count);
            let Some(index) = index else {
                return Err(fatal(format!(
                    "answered a point of `{device}` at {t}, not at a time asked (the periods' ends): a query frontend that aligns steps or shifts times would put energy in the wrong periods"
                )));
            };
            let Some(cells) = sums.get_mut(&device) else {
                // A GPU that appeared after the series were listed, or one of another batch:
                // counted by its own batch or a run asked again.
                continue;
            };
            if v.is_nan() {
                counts.unavailable += 1;
            }
            add(&mut cells[index], v);
        }
    }
    Ok(())
}

/// What one GPU's period holds once its answers are in.
#[derive(Debug, Clone)]
enum Read {
    /// Energy from the counter or from power, with the time it covers.
    Measured(Cell),
    /// Power samples whose sum is not a number: the period is a gap.
    Unreadable,
    /// Nothing.
    Empty,
}

/// The most samples a period of `length` s holds at one every `interval` s, with a tenth more
/// for an exporter's rolling update, whose two pods overlap for a moment.
fn most_samples(length: f64, interval: f64) -> f64 {
    (length / interval + 1.0) * 1.1 + 1.0
}

/// One period's reading: from the counter where its samples cover at least as much of the
/// period as power's, else from power (as file ingestion chooses, per period here).
fn read(
    s: &Sums,
    length: f64,
    (interval, max_watts): (f64, f64),
    device: &str,
    label: &dyn Fn() -> String,
) -> Result<Read, String> {
    if s.samples > most_samples(length, interval) {
        return Err(format!(
            "`{device}` has {} power samples in the period from {}, more than one every {interval} s: check --scrape-interval; otherwise several series report it at once, and a --selector that picks one a GPU (job=\"dcgm\") mends it",
            s.samples,
            label()
        ));
    }
    let covered = |samples: f64| (samples * interval).min(length);
    // A counter with more samples than the period holds has two series at once (two pods, or a
    // rolling update's overlap), whose increases add up to more than the GPU drew: power is
    // read instead, and with no power the run stops rather than count twice.
    let doubled = s.counter_samples > length / interval + 2.0;
    let counter = s
        .increase
        .filter(|v| !v.is_nan() && s.counter_samples >= 2.0 && !doubled)
        .map(|increase| (increase, covered(s.counter_samples)));
    let power =
        (s.samples >= 1.0 && !s.power.is_nan()).then(|| (s.power / s.samples, covered(s.samples)));
    if doubled && power.is_none() {
        return Err(format!(
            "`{device}` has {} energy counter samples in the period from {}, more than one every {interval} s, and no power to read instead: check --scrape-interval; otherwise several series report it at once, and a --selector that picks one a GPU (job=\"dcgm\") mends it",
            s.counter_samples,
            label()
        ));
    }
    // Up to a sample and a half short of the period is a scrape's jitter or a missed scrape,
    // bridged as file ingestion bridges short gaps; more is a gap.
    let bridged = |covered: f64| length - covered <= 1.5 * interval;
    let cell = match (counter, power) {
        // The counter is read where its samples cover at least as much as power's; its
        // increase then holds the whole period, silences between its samples included.
        (Some((increase, by_counter)), power)
            if power.is_none_or(|(_, by_power)| by_counter >= by_power) =>
        {
            let joules = increase / 1000.0;
            if !(joules.is_finite() && joules >= 0.0 && joules <= max_watts * length) {
                return Err(format!(
                    "`{device}` gave an energy counter increase of {increase} mJ in the period from {}, more than a GPU drawing {max_watts} W (--max-device-power) would",
                    label()
                ));
            }
            (joules, length)
        }
        (_, Some((mean, by_power))) => {
            if !(mean.is_finite() && (0.0..=max_watts).contains(&mean)) {
                return Err(format!(
                    "`{device}` gave a mean power of {mean} W in the period from {}, not one a GPU can draw (above --max-device-power, {max_watts} W)",
                    label()
                ));
            }
            let by_power = if bridged(by_power) { length } else { by_power };
            (mean * by_power, by_power)
        }
        // Samples whose sum or increase is not a number: something was read, and is a gap.
        _ if s.samples >= 1.0 || s.increase.is_some_and(f64::is_nan) => {
            return Ok(Read::Unreadable);
        }
        _ => return Ok(Read::Empty),
    };
    let (joules, covered) = cell;
    let missing = if bridged(covered) {
        0.0
    } else {
        length - covered
    };
    Ok(Read::Measured(Cell {
        joules,
        covered_s: length - missing,
        missing_s: missing,
        gap_estimate_joules: if covered > 0.0 {
            joules / covered * missing
        } else {
            0.0
        },
    }))
}

/// A batch's cells from its sums, in order of GPU and time, each period read by [`read`]. A
/// period without samples, or whose samples sum to `NaN`, between a GPU's first and last periods
/// with samples is a gap whose energy is estimated at the mean power of the periods measured on
/// either side. Time without samples inside a period counts as missing even before a GPU's
/// first sample, which the server cannot tell from a gap: a gap is never hidden. Also counts the
/// GPUs whose fullest period is less than half covered, a sign of a wrong scrape interval.
fn cells(
    sums: &BTreeMap<String, Vec<Sums>>,
    periods: &[(i64, i64)],
    (interval, max_watts): (f64, f64),
    counts: &mut Counts,
) -> Result<Vec<(String, i64, Cell)>, String> {
    #[allow(
        clippy::cast_precision_loss,
        reason = "period lengths are whole seconds"
    )]
    let length = |i: usize| (periods[i].1 - periods[i].0) as f64;
    let mut out = Vec::new();
    for (device, sums) in sums {
        let mut reads = Vec::with_capacity(sums.len());
        for (i, s) in sums.iter().enumerate() {
            let label = || super::bucket::utc_label(periods[i].0).unwrap_or_default();
            reads.push(read(s, length(i), (interval, max_watts), device, &label)?);
        }
        let present: Vec<usize> = (0..reads.len())
            .filter(|i| !matches!(reads[*i], Read::Empty))
            .collect();
        let (Some(&first), Some(&last)) = (present.first(), present.last()) else {
            continue;
        };
        let watts = |i: usize| match &reads[i] {
            Read::Measured(c) if c.covered_s > 0.0 => Some(c.joules / c.covered_s),
            _ => None,
        };
        let measured: Vec<usize> = (first..=last).filter(|i| watts(*i).is_some()).collect();
        let fullest = measured
            .iter()
            .filter_map(|i| match &reads[*i] {
                Read::Measured(c) => Some(c.covered_s / length(*i)),
                _ => None,
            })
            .fold(0.0, f64::max);
        if fullest < 0.5 {
            counts.thin += 1;
        }
        for i in first..=last {
            let cell = match &reads[i] {
                Read::Measured(cell) => cell.clone(),
                Read::Unreadable | Read::Empty => {
                    let before = measured
                        .iter()
                        .rev()
                        .find(|m| **m < i)
                        .and_then(|m| watts(*m));
                    let after = measured.iter().find(|m| **m > i).and_then(|m| watts(*m));
                    let mean = match (before, after) {
                        (Some(a), Some(b)) => f64::midpoint(a, b),
                        (Some(w), None) | (None, Some(w)) => w,
                        (None, None) => {
                            return Err(format!(
                                "`{device}` has samples that are not a number in the period from {}, and no period measured beside it to estimate it from",
                                super::bucket::utc_label(periods[i].0).unwrap_or_default()
                            ));
                        }
                    };
                    Cell {
                        missing_s: length(i),
                        gap_estimate_joules: mean * length(i),
                        ..Cell::default()
                    }
                }
            };
            if cell.missing_s > 0.0 {
                counts.gaps += 1;
            }
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
    use crate::ingest::telemetry::MAX_DEVICE_WATTS;

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
        // `a.b` would match `aXb` as a pattern; `"` would end the string; a backslash is
        // escaped for the pattern and again for the string (review of issue 26: three
        // backslashes made the server refuse the whole fleet), a tab written as an escape.
        assert_eq!(literal("node-1.dc"), r"node-1\\.dc");
        assert_eq!(literal("x\"y|z"), r#"x\"y\\|z"#);
        assert_eq!(literal(r"back\slash"), r"back\\\\slash");
        assert_eq!(literal("tab\tname"), r"tab\u0009name");
    }

    fn gpu(sums: Vec<Sums>) -> BTreeMap<String, Vec<Sums>> {
        BTreeMap::from([("n:gpu0".to_owned(), sums)])
    }

    fn power(watts: f64, samples: f64) -> Sums {
        Sums {
            power: watts * samples,
            samples,
            ..Sums::default()
        }
    }

    fn counter(millijoules: f64, samples: f64) -> Sums {
        Sums {
            increase: Some(millijoules),
            counter_samples: samples,
            ..Sums::default()
        }
    }

    const HOURS: [(i64, i64); 4] = [(0, 3600), (3600, 7200), (7200, 10_800), (10_800, 14_400)];

    fn cells_of(sums: &BTreeMap<String, Vec<Sums>>) -> Result<Vec<(String, i64, Cell)>, String> {
        cells(
            sums,
            &HOURS[..sums["n:gpu0"].len()],
            (15.0, MAX_DEVICE_WATTS),
            &mut Counts::default(),
        )
    }

    #[test]
    fn power_is_counted_over_the_time_its_samples_cover() {
        // 200 W sampled every 15 s: 240 samples fill an hour; 120 cover 1,800 s, holding
        // 360,000 J, with 360,000 J estimated apart for the rest (hand calculation); 239 are a
        // missed scrape, bridged: 720,000 J.
        let sums = gpu(vec![
            power(200.0, 240.0),
            power(200.0, 120.0),
            power(200.0, 239.0),
        ]);
        let mut counts = Counts::default();
        let cells = cells(&sums, &HOURS[..3], (15.0, MAX_DEVICE_WATTS), &mut counts).unwrap();
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
        assert_eq!((cells[2].2.joules, cells[2].2.missing_s), (720_000.0, 0.0));
        assert_eq!(counts.gaps, 1);
    }

    #[test]
    fn a_gpu_above_the_device_bound_stops_the_run() {
        // 312,400 W: DCGM's power read in mW as W. At the default bound it is refused; a
        // higher bound reads it.
        let sums = gpu(vec![power(312_400.0, 240.0)]);
        let error = cells_of(&sums).unwrap_err();
        assert!(error.contains("above --max-device-power"), "{error}");
        let mut counts = Counts::default();
        let read = cells(&sums, &HOURS[..1], (15.0, 400_000.0), &mut counts).unwrap();
        assert_eq!(read[0].2.joules, 312_400.0 * 3_600.0);
    }

    #[test]
    fn time_without_samples_is_missing_even_before_a_gpus_first() {
        // A GPU that starts at 00:30 (120 samples of 300 W) and runs on: 540,000 J measured in
        // its first hour, and its first half hour missing, estimated at 540,000 J apart: the
        // server cannot tell it was not there from a gap, and a gap is never hidden.
        let cells = cells_of(&gpu(vec![power(300.0, 120.0), power(300.0, 240.0)])).unwrap();
        assert_eq!(
            cells[0].2,
            Cell {
                joules: 540_000.0,
                covered_s: 1_800.0,
                missing_s: 1_800.0,
                gap_estimate_joules: 540_000.0,
            }
        );
    }

    #[test]
    fn a_counter_spanning_a_silence_holds_the_whole_period() {
        // Both metrics silent from 07:00:15 to 07:59:45: the counter's two samples at 07:00
        // and 08:00 hold the hour's 1,080,000 J (300 W), power one sample; the counter is read
        // and nothing is estimated on top of its increase (review of issue 26).
        let sums = Sums {
            power: 300.0,
            samples: 1.0,
            ..counter(1.08e9, 2.0)
        };
        let cells = cells_of(&gpu(vec![sums])).unwrap();
        assert_eq!(
            cells[0].2,
            Cell {
                joules: 1_080_000.0,
                covered_s: 3_600.0,
                ..Cell::default()
            }
        );
    }

    #[test]
    fn a_nan_with_nothing_to_estimate_it_from_is_refused() {
        // One period whose power sum is NaN: reading it as 0 kWh would be a wrong figure.
        let nan = Sums {
            power: f64::NAN,
            samples: 240.0,
            ..Sums::default()
        };
        assert!(cells_of(&gpu(vec![nan])).is_err());
        let nan_counter = Sums {
            increase: Some(f64::NAN),
            counter_samples: 241.0,
            ..Sums::default()
        };
        assert!(cells_of(&gpu(vec![nan_counter])).is_err());
    }

    #[test]
    fn each_period_is_read_from_whichever_covers_more() {
        // Hour 1: the counter, 720,000 J (200 W). Hour 2: no counter, power 100 W all hour:
        // 360,000 J. Hour 3: the counter stops after 41 samples (615 s) while power covers the
        // hour at 300 W: 1,080,000 J from power (review of issue 26).
        let sums = gpu(vec![
            counter(7.2e8, 241.0),
            power(100.0, 240.0),
            Sums {
                power: 300.0 * 240.0,
                samples: 240.0,
                ..counter(1.8e8, 41.0)
            },
        ]);
        let joules: Vec<f64> = cells_of(&sums)
            .unwrap()
            .iter()
            .map(|c| c.2.joules)
            .collect();
        assert_eq!(joules, vec![720_000.0, 360_000.0, 1_080_000.0]);
    }

    #[test]
    fn a_period_without_samples_between_two_is_a_gap() {
        // 200 W, then an hour whose power sum is NaN, then 100 W: the NaN hour is a gap whose
        // energy is estimated at their mean, 150 W × 3,600 s = 540,000 J, not included.
        // Nothing is made up after the last sample.
        let nan = Sums {
            power: f64::NAN,
            samples: 240.0,
            ..Sums::default()
        };
        let sums = gpu(vec![
            power(200.0, 240.0),
            nan,
            power(100.0, 240.0),
            Sums::default(),
        ]);
        let cells = cells_of(&sums).unwrap();
        assert_eq!(cells.len(), 3);
        assert_eq!(
            cells[1].2,
            Cell {
                joules: 0.0,
                covered_s: 0.0,
                missing_s: 3_600.0,
                gap_estimate_joules: 540_000.0,
            }
        );
    }

    #[test]
    fn two_series_of_one_gpu_at_once_are_refused() {
        // 480 samples at 15 s in an hour, of power or of the counter: two pods report the GPU,
        // and their sum would count it twice.
        // A counter with too many samples gives way to power where there is power.
        for sums in [power(200.0, 480.0), counter(1.44e9, 482.0)] {
            let error = cells_of(&gpu(vec![sums])).unwrap_err();
            assert!(
                error.contains("several series report it at once"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_point_at_a_time_not_asked_is_refused() {
        // Power is asked at 00:59:59.999 and 01:59:59.999; a frontend that aligned the start to
        // the step answers at 01:00:00, which would put an hour's energy in the next (review of
        // issue 26). Points at the times asked are taken.
        let piece = Piece {
            first: 0,
            count: 2,
            hosts: 0..1,
        };
        let mut sums = gpu(vec![Sums::default(); 2]);
        let answer = |t: f64| {
            json!({"resultType": "matrix", "result": [{"metric": {"Hostname": "n", "gpu": "0"},
                "values": [[t, "240"]]}]})
        };
        let mut counts = Counts::default();
        let add = |s: &mut Sums, v: f64| s.samples += v;
        let asked = (answer(7199.999), POWER_OFFSET);
        take(&asked, &piece, &HOURS, 3600, &mut sums, &mut counts, add).unwrap();
        assert_eq!(sums["n:gpu0"][1].samples, 240.0);
        let moved = (answer(3600.0), POWER_OFFSET);
        let refused = take(&moved, &piece, &HOURS, 3600, &mut sums, &mut counts, add);
        assert!(
            matches!(refused, Err(Failure::Fatal { message, .. }) if message.contains("not at a time asked"))
        );
    }

    #[test]
    fn a_counter_beyond_any_gpu_is_refused() {
        // 4 × 10¹⁵ mJ in an hour is 1.1 GW; 2 × 10¹⁰ mJ is 5,556 W, above the default bound.
        let error = cells_of(&gpu(vec![counter(4e15, 241.0)])).unwrap_err();
        assert!(error.contains("more than a GPU drawing 5000 W"), "{error}");
        assert!(cells_of(&gpu(vec![counter(2e10, 241.0)])).is_err());
        assert!(cells_of(&gpu(vec![counter(1.7e10, 241.0)])).is_ok());
    }
}
