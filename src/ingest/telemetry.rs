//! Raw power and energy telemetry integrated into energy per device and period, in one pass
//! with memory bounded by the number of devices, not the length of the log.
//!
//! Power samples are integrated by the trapezoid rule per device. A gap longer than
//! `gap_factor` × the median sampling interval (measured on each device's first samples) is
//! not bridged: its time is reported as missing and the energy it would hold (the trapezoid
//! across it) is estimated apart and flagged. Energy counters are differenced; a counter that
//! goes down was reset and counts again from zero. Rows arriving out of order are put back in
//! order within a window of [`REORDER_WINDOW`] samples per device; a row older than that is
//! reported as late and left out. A repeated timestamp is counted and left out.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use serde::Serialize;

/// Samples held per device to put out-of-order rows back in order.
pub const REORDER_WINDOW: usize = 256;

/// Sampling intervals measured before gaps are judged.
const INTERVALS_FOR_MEDIAN: usize = 32;

/// What one sample carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// Instantaneous power, W.
    Power(f64),
    /// A cumulative energy counter, J.
    Energy(f64),
}

/// The periods energy is reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Calendar hours (UTC).
    Hour,
    /// Calendar days (UTC).
    Day,
    /// Calendar months (UTC).
    Month,
    /// The whole log.
    Total,
}

impl Bucket {
    /// The start of the period holding `t` (seconds since the epoch) and the start of the next.
    #[must_use]
    pub fn bounds(self, t: f64) -> (f64, f64) {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "telemetry timestamps are far within i64 seconds"
        )]
        let at = Utc
            .timestamp_opt(t.floor() as i64, 0)
            .single()
            .unwrap_or_default();
        let start = match self {
            Bucket::Total => return (f64::NEG_INFINITY, f64::INFINITY),
            Bucket::Hour => at.with_minute(0).and_then(|d| d.with_second(0)),
            Bucket::Day => at.date_naive().and_hms_opt(0, 0, 0).map(|d| d.and_utc()),
            Bucket::Month => NaiveDate::from_ymd_opt(at.year(), at.month(), 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc()),
        }
        .unwrap_or(at);
        let end = match self {
            Bucket::Hour => start + chrono::TimeDelta::hours(1),
            Bucket::Day => start + chrono::TimeDelta::days(1),
            _ => {
                let (y, m) = if start.month() == 12 {
                    (start.year() + 1, 1)
                } else {
                    (start.year(), start.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map_or(start, |d| d.and_utc())
            }
        };
        #[allow(
            clippy::cast_precision_loss,
            reason = "seconds since the epoch fit an f64 exactly"
        )]
        (start.timestamp() as f64, end.timestamp() as f64)
    }
}

/// Energy of one device in one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Energy integrated from the samples, J.
    pub joules: f64,
    /// Time covered by samples, s.
    pub covered_s: f64,
    /// Time in gaps that were not bridged, s.
    pub missing_s: f64,
    /// Energy the gaps would hold, estimated apart, J.
    pub gap_estimate_joules: f64,
}

/// What the integration counted besides energy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Rows read.
    pub rows: u64,
    /// Rows with a timestamp already seen for the device, left out.
    pub duplicates: u64,
    /// Rows older than the reorder window, left out.
    pub late: u64,
    /// Rows that arrived out of order and were put back in order.
    pub reordered: u64,
    /// Gaps not bridged.
    pub gaps: u64,
    /// Counter resets detected.
    pub resets: u64,
}

/// One device's state.
#[derive(Debug, Default)]
struct Device {
    /// Samples waiting, by time in nanoseconds.
    window: BTreeMap<i64, (f64, Reading)>,
    /// The last sample integrated, with its time in nanoseconds.
    last: Option<(i64, f64, Reading)>,
    /// The gap threshold, s, once measured.
    threshold: Option<f64>,
    /// The period being filled: its start and end, s, and its energy so far. Kept here so
    /// that most samples touch no map.
    open: Option<(f64, f64, Cell)>,
}

/// Telemetry integrated so far.
#[derive(Debug)]
pub struct Integrator {
    bucket: Bucket,
    gap_factor: f64,
    /// The range of a wrapping energy counter, J (Linux RAPL's `max_energy_range_uj`).
    wrap: Option<f64>,
    devices: BTreeMap<String, Device>,
    /// Energy by (device, period start).
    pub cells: BTreeMap<(String, i64), Cell>,
    /// What was counted.
    pub counts: Counts,
    /// First and last timestamps integrated, s.
    pub span: Option<(f64, f64)>,
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    })
}

impl Integrator {
    /// An integrator reporting by `bucket`, bridging gaps up to `gap_factor` × the median
    /// sampling interval.
    #[must_use]
    pub fn new(bucket: Bucket, gap_factor: f64) -> Self {
        Self {
            bucket,
            gap_factor,
            wrap: None,
            devices: BTreeMap::new(),
            cells: BTreeMap::new(),
            counts: Counts::default(),
            span: None,
        }
    }

    /// Energy counters wrap around at `range` joules instead of resetting (Linux powercap
    /// RAPL counters count `energy_uj` up to `max_energy_range_uj`, then start again at 0).
    #[must_use]
    pub fn wrapping_at(mut self, range: f64) -> Self {
        self.wrap = Some(range);
        self
    }

    /// Takes one sample of `device` at `t` seconds since the epoch.
    pub fn push(&mut self, device: &str, t: f64, reading: Reading) {
        self.counts.rows += 1;
        #[allow(
            clippy::cast_possible_truncation,
            reason = "nanoseconds since the epoch fit i64 until 2262"
        )]
        let key = (t * 1e9).round() as i64;
        if !self.devices.contains_key(device) {
            self.devices.insert(device.to_owned(), Device::default());
        }
        let Some(state) = self.devices.get_mut(device) else {
            return;
        };
        if let Some((last, ..)) = state.last
            && key <= last
        {
            if key == last {
                self.counts.duplicates += 1;
            } else {
                self.counts.late += 1;
            }
            return;
        }
        if state.window.contains_key(&key) {
            self.counts.duplicates += 1;
            return;
        }
        if state.window.last_key_value().is_some_and(|(&k, _)| key < k) {
            self.counts.reordered += 1;
        }
        state.window.insert(key, (t, reading));
        if state.window.len() > REORDER_WINDOW {
            self.flush_one(device);
        }
    }

    /// Integrates the earliest waiting sample of `device`.
    fn flush_one(&mut self, device: &str) {
        let Some(state) = self.devices.get_mut(device) else {
            return;
        };
        if state.threshold.is_none() {
            let times: Vec<f64> = state.window.values().map(|(t, _)| *t).collect();
            let intervals: Vec<f64> = times
                .windows(2)
                .take(INTERVALS_FOR_MEDIAN)
                .map(|w| w[1] - w[0])
                .collect();
            state.threshold = median(intervals).map(|m| m * self.gap_factor);
        }
        let Some((key, (t, reading))) = state.window.pop_first() else {
            return;
        };
        let previous = state.last.replace((key, t, reading));
        let threshold = state.threshold.unwrap_or(f64::INFINITY);
        self.span = Some(self.span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        let Some((_, t0, r0)) = previous else {
            return;
        };
        let dt = t - t0;
        let (joules, estimate_only) = match (r0, reading) {
            (Reading::Power(p0), Reading::Power(p1)) => {
                (f64::midpoint(p0, p1) * dt, dt > threshold)
            }
            (Reading::Energy(e0), Reading::Energy(e1)) => {
                if e1 < e0 {
                    self.counts.resets += 1;
                    // A wrapping counter went past its range; a reset one started again at 0.
                    (
                        self.wrap.map_or(e1, |range| e1 + range - e0),
                        dt > threshold,
                    )
                } else {
                    (e1 - e0, dt > threshold)
                }
            }
            // A device switching between power and energy columns: nothing to integrate.
            _ => (0.0, false),
        };
        if estimate_only {
            self.counts.gaps += 1;
        }
        self.spread(device, t0, t, joules, estimate_only);
    }

    /// Adds `joules` over [t0, t1] to the periods they fall in, by time.
    fn spread(&mut self, device: &str, t0: f64, t1: f64, joules: f64, gap: bool) {
        let Self {
            devices,
            cells,
            bucket,
            ..
        } = self;
        let Some(state) = devices.get_mut(device) else {
            return;
        };
        let dt = t1 - t0;
        let mut start = t0;
        while start < t1 {
            let inside = state
                .open
                .as_ref()
                .is_some_and(|(from, to, _)| *from <= start && start < *to);
            if !inside {
                if let Some(closed) = state.open.take() {
                    close(cells, device, closed);
                }
                let (from, to) = bucket.bounds(start);
                state.open = Some((from, to, Cell::default()));
            }
            let Some((_, next, cell)) = state.open.as_mut() else {
                return;
            };
            let end = next.min(t1);
            let share = if dt > 0.0 { (end - start) / dt } else { 1.0 };
            if gap {
                cell.missing_s += end - start;
                cell.gap_estimate_joules += joules * share;
            } else {
                cell.covered_s += end - start;
                cell.joules += joules * share;
            }
            if !next.is_finite() {
                break;
            }
            start = end;
        }
    }

    /// Integrates every sample still waiting.
    pub fn finish(&mut self) {
        let devices: Vec<String> = self.devices.keys().cloned().collect();
        for device in devices {
            while self
                .devices
                .get(&device)
                .is_some_and(|d| !d.window.is_empty())
            {
                self.flush_one(&device);
            }
            if let Some(open) = self.devices.get_mut(&device).and_then(|d| d.open.take()) {
                close(&mut self.cells, &device, open);
            }
        }
    }
}

/// Which columns of a CSV log hold what.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The timestamp.
    pub timestamp: String,
    /// The device (GPU index, host name); one device when absent.
    pub device: Option<String>,
    /// Power in watts, with or without its unit.
    pub power: Option<String>,
    /// A cumulative energy counter.
    pub energy: Option<String>,
    /// Joules per unit of the energy counter: 1 for J, 1e-6 for RAPL's µJ.
    pub joules_per_unit: f64,
}

impl Columns {
    /// The columns of `nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv`
    /// (NVIDIA's nvidia-smi documentation: headers carry units, `power.draw [W]`, unless
    /// `nounits` is given; values then read `245.30 W`).
    #[must_use]
    pub fn nvidia_smi() -> Self {
        Self {
            timestamp: "timestamp".to_owned(),
            device: Some("index".to_owned()),
            power: Some("power.draw".to_owned()),
            energy: None,
            joules_per_unit: 1.0,
        }
    }
}

/// Reads a CSV telemetry log from `reader` into `integrator`, row by row.
///
/// # Errors
/// A missing column, an unreadable timestamp, or a negative or non-finite reading, with its
/// line.
pub fn read_csv(
    file: &std::path::Path,
    reader: impl std::io::Read,
    columns: &Columns,
    integrator: &mut Integrator,
) -> Result<(), super::IngestError> {
    use super::IngestError;
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|source| IngestError::Csv {
            file: file.to_owned(),
            source,
        })?
        .clone();
    // nvidia-smi writes units into its headers ("power.draw [W]"): match on the name before them.
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h == name || h.split(" [").next() == Some(name))
    };
    let missing = |name: &str| IngestError::Invalid {
        file: file.to_owned(),
        line: 1,
        message: format!("no `{name}` column"),
        hint: format!(
            "the header has: {}; name the columns with --timestamp, --device, --power or --energy",
            header.iter().collect::<Vec<_>>().join(", ")
        ),
    };
    let t_col = find(&columns.timestamp).ok_or_else(|| missing(&columns.timestamp))?;
    let device_col = match &columns.device {
        Some(name) => Some(find(name).ok_or_else(|| missing(name))?),
        None => None,
    };
    let (value_col, is_power) = match (&columns.power, &columns.energy) {
        (Some(name), _) if find(name).is_some() => (find(name).unwrap_or_default(), true),
        (_, Some(name)) => (find(name).ok_or_else(|| missing(name))?, false),
        (Some(name), None) => return Err(missing(name)),
        (None, None) => return Err(missing("power_w")),
    };
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(source) => {
                return Err(IngestError::Csv {
                    file: file.to_owned(),
                    source,
                });
            }
        }
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let invalid = |message: String, hint: &str| IngestError::Invalid {
            file: file.to_owned(),
            line,
            message,
            hint: hint.to_owned(),
        };
        let stamp = record.get(t_col).unwrap_or_default();
        let t = timestamp(stamp).ok_or_else(|| {
            invalid(
                format!("`{stamp}` is not a timestamp"),
                "write RFC 3339 (2026-01-01T00:00:00Z), `2026/01/01 00:00:00.000` or seconds since 1970",
            )
        })?;
        let device = device_col.and_then(|c| record.get(c)).unwrap_or("device");
        let text = record.get(value_col).unwrap_or_default();
        let Some(value) = watts(text) else {
            // nvidia-smi writes `[N/A]` or `[Not Supported]` where a value is missing.
            if text.starts_with('[') {
                continue;
            }
            return Err(invalid(
                format!("`{text}` is not a number"),
                "write the reading as a number, with or without its unit",
            ));
        };
        if !value.is_finite() || value < 0.0 {
            return Err(invalid(
                format!("the reading {text} is negative or not finite"),
                "a power or an energy counter cannot be negative; fix or remove the row",
            ));
        }
        let reading = if is_power {
            Reading::Power(value)
        } else {
            Reading::Energy(value * columns.joules_per_unit)
        };
        integrator.push(device, t, reading);
    }
    integrator.finish();
    Ok(())
}

/// Reads the JSON of a Prometheus range query (`/api/v1/query_range`, result type `matrix`)
/// of NVIDIA DCGM exporter metrics into `integrator`: `DCGM_FI_DEV_POWER_USAGE` is power in W,
/// `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION` an energy counter in mJ. Each series is a device,
/// named by its `Hostname` and `gpu` labels.
///
/// # Errors
/// JSON that is not a range-query result, or a series of another metric.
pub fn read_prometheus_range(
    file: &std::path::Path,
    bytes: &[u8],
    integrator: &mut Integrator,
) -> Result<(), super::IngestError> {
    use serde_json::Value;
    let invalid = |message: String| {
        super::IngestError::Invalid {
        file: file.to_owned(),
        line: 0,
        message,
        hint: "pass the JSON that Prometheus's /api/v1/query_range returns for DCGM_FI_DEV_POWER_USAGE or DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION".to_owned(),
    }
    };
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let series = value
        .pointer("/data/result")
        .and_then(Value::as_array)
        .filter(|_| value.pointer("/data/resultType").and_then(Value::as_str) == Some("matrix"))
        .ok_or_else(|| invalid("no `data.result` matrix: not a range-query result".to_owned()))?;
    for s in series {
        let label = |name: &str| {
            s.pointer(&format!("/metric/{name}"))
                .and_then(Value::as_str)
        };
        let metric = label("__name__").unwrap_or_default();
        let to_reading: fn(f64) -> Reading = match metric {
            "DCGM_FI_DEV_POWER_USAGE" => Reading::Power,
            "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" => |mj| Reading::Energy(mj / 1000.0),
            other => {
                return Err(invalid(format!(
                    "series of `{other}`, not a DCGM power or energy metric"
                )));
            }
        };
        let device = format!(
            "{}:gpu{}",
            label("Hostname").unwrap_or("host"),
            label("gpu").unwrap_or("0")
        );
        for point in s
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
            match (t, v) {
                (Some(t), Some(v)) if v.is_finite() && v >= 0.0 => {
                    integrator.push(&device, t, to_reading(v));
                }
                _ => {
                    return Err(invalid(format!(
                        "a point of {device} is not [time, \"value\"] with a value of at least 0: {point}"
                    )));
                }
            }
        }
    }
    integrator.finish();
    Ok(())
}

/// Adds a finished period's energy to the device's cells.
fn close(
    cells: &mut BTreeMap<(String, i64), Cell>,
    device: &str,
    (from, _, cell): (f64, f64, Cell),
) {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "period starts are whole seconds"
    )]
    let key = (
        device.to_owned(),
        if from.is_finite() { from as i64 } else { 0 },
    );
    let total = cells.entry(key).or_default();
    total.joules += cell.joules;
    total.covered_s += cell.covered_s;
    total.missing_s += cell.missing_s;
    total.gap_estimate_joules += cell.gap_estimate_joules;
}

/// Reads a timestamp: RFC 3339, `YYYY-MM-DD HH:MM:SS[.f]`, nvidia-smi's `YYYY/MM/DD
/// HH:MM:SS[.f]` (times without a zone are UTC), or seconds since the epoch.
#[must_use]
pub fn timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then_some(seconds);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(seconds_of(t.with_timezone(&Utc)));
    }
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .map(|t| seconds_of(t.and_utc()))
}

fn seconds_of(t: DateTime<Utc>) -> f64 {
    #[allow(
        clippy::cast_precision_loss,
        reason = "seconds since the epoch fit an f64 exactly"
    )]
    let whole = t.timestamp() as f64;
    whole + f64::from(t.timestamp_subsec_nanos()) / 1e9
}

/// A reading with or without its unit (`245.30 W`, `245.30`), in watts; `None` for `[N/A]`
/// or other text nvidia-smi writes when a value is not available.
#[must_use]
pub fn watts(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = text
        .strip_suffix(" W")
        .or_else(|| text.strip_suffix('W'))
        .unwrap_or(text)
        .trim();
    number.parse::<f64>().ok()
}

/// The start of the period with key `start` as a date-time string.
#[must_use]
pub fn period_label(bucket: Bucket, start: i64) -> String {
    if bucket == Bucket::Total {
        return "total".to_owned();
    }
    Utc.timestamp_opt(start, 0)
        .single()
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the samples are chosen so the sums are exact"
)]
mod tests {
    use super::*;

    fn power(integrator: &mut Integrator, device: &str, samples: &[(f64, f64)]) {
        for (t, p) in samples {
            integrator.push(device, *t, Reading::Power(*p));
        }
        integrator.finish();
    }

    #[test]
    fn the_trapezoid_rule_integrates_power() {
        // 100 W then 200 W one second apart: 150 J; 200 W then 200 W: 200 J (hand calculation).
        let mut i = Integrator::new(Bucket::Total, 5.0);
        power(&mut i, "gpu0", &[(0.0, 100.0), (1.0, 200.0), (2.0, 200.0)]);
        assert_eq!(i.cells[&("gpu0".to_owned(), 0)].joules, 350.0);
    }

    #[test]
    fn a_long_gap_is_not_bridged_but_estimated_apart() {
        // Samples every second at 100 W, then a 60 s silence (more than 5 × 1 s).
        let mut samples: Vec<(f64, f64)> = (0..10).map(|t| (f64::from(t), 100.0)).collect();
        samples.push((69.0, 100.0));
        let mut i = Integrator::new(Bucket::Total, 5.0);
        power(&mut i, "gpu0", &samples);
        let cell = &i.cells[&("gpu0".to_owned(), 0)];
        assert_eq!(cell.joules, 900.0);
        assert_eq!(cell.missing_s, 60.0);
        assert_eq!(cell.gap_estimate_joules, 6_000.0);
        assert_eq!(i.counts.gaps, 1);
    }

    #[test]
    fn duplicates_and_disorder_are_handled() {
        let mut i = Integrator::new(Bucket::Total, 5.0);
        power(
            &mut i,
            "gpu0",
            &[
                (0.0, 100.0),
                (2.0, 100.0),
                (1.0, 100.0),
                (1.0, 100.0),
                (3.0, 100.0),
            ],
        );
        assert_eq!(i.cells[&("gpu0".to_owned(), 0)].joules, 300.0);
        assert_eq!((i.counts.duplicates, i.counts.reordered), (1, 1));
    }

    #[test]
    fn counters_are_differenced_across_a_reset() {
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, e) in [(0.0, 1000.0), (1.0, 1100.0), (2.0, 50.0), (3.0, 150.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        i.finish();
        // 100 J, then a reset that counted 50 J since, then 100 J.
        assert_eq!(i.cells[&("gpu0".to_owned(), 0)].joules, 250.0);
        assert_eq!(i.counts.resets, 1);
    }

    #[test]
    fn a_rapl_counter_wraps_at_its_range() {
        // max_energy_range_uj = 262,143,328,850 µJ: from 262,143.0 J to 10.0 J is
        // 262,143.32885 − 262,143.0 + 10.0 = 10.32885 J (hand calculation).
        let mut i = Integrator::new(Bucket::Total, 5.0).wrapping_at(262_143.328_85);
        for (t, e) in [(0.0, 262_143.0), (1.0, 10.0)] {
            i.push("package-0", t, Reading::Energy(e));
        }
        i.finish();
        assert!((i.cells[&("package-0".to_owned(), 0)].joules - 10.328_85).abs() < 1e-6);
    }

    #[test]
    fn energy_is_split_across_hours_by_time() {
        // 100 W from 00:59:30 to 01:00:30: 3,000 J in each hour.
        let start = timestamp("2026-01-01T00:59:30Z").unwrap();
        let mut i = Integrator::new(Bucket::Hour, 5.0);
        power(&mut i, "gpu0", &[(start, 100.0), (start + 60.0, 100.0)]);
        let hours: Vec<f64> = i.cells.values().map(|c| c.joules).collect();
        assert_eq!(hours, vec![3_000.0, 3_000.0]);
    }

    #[test]
    fn timestamps_and_watts_read_in_their_formats() {
        assert_eq!(timestamp("2026/01/01 00:00:01.500"), Some(1_767_225_601.5));
        assert_eq!(timestamp("2026-01-01T00:00:01Z"), Some(1_767_225_601.0));
        assert_eq!(timestamp("1767225601"), Some(1_767_225_601.0));
        assert_eq!(watts("245.30 W"), Some(245.3));
        assert_eq!(watts(" 245.30"), Some(245.3));
        assert_eq!(watts("[N/A]"), None);
    }
}
