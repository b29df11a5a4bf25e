//! Raw power and energy telemetry integrated into energy per device and period, in one pass
//! with memory bounded by the number of devices and periods, not the length of the log.
//!
//! Power samples are integrated by the trapezoid rule per device. A gap longer than
//! `gap_factor` × the median sampling interval (measured on each device's first samples) is
//! not bridged: its time is reported as missing and the energy it would hold (the trapezoid
//! across it) is estimated apart and flagged. Energy counters are differenced; a counter that
//! goes down was reset and counts again from zero, unless it wraps at a known range. Rows
//! arriving out of order are put back in order within a window of [`REORDER_WINDOW`] samples
//! per device; a row older than that is reported as late and left out. A repeated timestamp is
//! counted and left out. A device read both as power and as an energy counter is reported from
//! its counter, which the device itself integrates at a far higher rate than any log samples
//! power.
//!
//! The formats are read by [`csv`] (nvidia-smi, RAPL, generic long CSV), [`prometheus`] (DCGM
//! exporter metrics, text exposition or range-query JSON) and [`runs`] (CodeCarbon's
//! `emissions.csv`).

pub mod csv;
pub mod prometheus;
pub mod runs;

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use serde::Serialize;

/// Samples held per device to put out-of-order rows back in order.
pub const REORDER_WINDOW: usize = 256;

/// Periods (cells of device × period) one log may fill. Memory grows with them, and a log
/// that fills this many hours or days is almost always one with a timestamp far from the
/// others (a year typed wrong, a clock reset to 1970).
pub const MAX_PERIODS: usize = 1_000_000;

/// A log whose samples spread over more than [`MAX_PERIODS`] periods.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the samples of `{device}` from {from} to {to} fill more than {MAX_PERIODS} reporting periods"
)]
pub struct TooManyPeriods {
    /// The device whose samples reached the limit.
    pub device: String,
    /// The interval being integrated, as RFC 3339 times.
    pub from: String,
    /// Its end.
    pub to: String,
}

/// Finishes `integrator` for a reader of `file`, turning a log that fills too many periods
/// into an error about the file.
fn finish(
    file: &std::path::Path,
    integrator: &mut Integrator,
) -> Result<(), crate::ingest::IngestError> {
    integrator.finish().map_err(|e| crate::ingest::IngestError::Invalid {
        file: file.to_owned(),
        line: 0,
        message: e.to_string(),
        hint: "check for a timestamp far from the others (a wrong year, a clock reset to 1970), or report by a longer --period".to_owned(),
    })
}

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

impl Reading {
    /// Index of the reading's kind: a device's power and counter series are kept apart.
    fn kind(self) -> usize {
        match self {
            Reading::Power(_) => 0,
            Reading::Energy(_) => 1,
        }
    }
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

impl Cell {
    /// Adds `other`'s energy and times to this cell's.
    pub fn add(&mut self, other: &Cell) {
        self.joules += other.joules;
        self.covered_s += other.covered_s;
        self.missing_s += other.missing_s;
        self.gap_estimate_joules += other.gap_estimate_joules;
    }

    /// The integrated energy, kWh.
    #[must_use]
    pub fn kwh(&self) -> f64 {
        self.joules / JOULES_PER_KWH
    }

    /// The energy the gaps would hold, kWh.
    #[must_use]
    pub fn gap_estimate_kwh(&self) -> f64 {
        self.gap_estimate_joules / JOULES_PER_KWH
    }

    /// The time covered by samples, h.
    #[must_use]
    pub fn covered_h(&self) -> f64 {
        self.covered_s / SECONDS_PER_HOUR
    }

    /// The time in gaps that were not bridged, h.
    #[must_use]
    pub fn missing_h(&self) -> f64 {
        self.missing_s / SECONDS_PER_HOUR
    }
}

/// Joules in a kilowatt-hour.
pub const JOULES_PER_KWH: f64 = 3.6e6;

/// Seconds in an hour.
const SECONDS_PER_HOUR: f64 = 3600.0;

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
    /// Readings the log marks as not available (`[N/A]`, an empty cell), left out.
    pub unavailable: u64,
    /// Power samples of devices whose energy counter was read instead.
    pub superseded: u64,
}

/// One series: a device's power or its energy counter.
#[derive(Debug, Default)]
struct Series {
    /// Samples waiting, sorted by time in nanoseconds.
    window: VecDeque<(i64, f64, Reading)>,
    /// The last sample integrated, with its time in nanoseconds.
    last: Option<(i64, f64, Reading)>,
    /// The gap threshold, s, once measured.
    threshold: Option<f64>,
    /// The period being filled: its start and end, s, and its energy so far. Kept apart so
    /// that most samples touch no map.
    open: Option<(f64, f64, Cell)>,
    /// Energy by period start.
    cells: BTreeMap<i64, Cell>,
    /// Samples taken.
    rows: u64,
}

/// Telemetry integrated so far.
#[derive(Debug)]
pub struct Integrator {
    bucket: Bucket,
    gap_factor: f64,
    /// The range of a wrapping energy counter, J (Linux RAPL's `max_energy_range_uj`).
    wrap: Option<f64>,
    /// Each device's power and counter series, by index into `series`.
    devices: BTreeMap<String, [Option<usize>; 2]>,
    series: Vec<Series>,
    /// Energy by (device, period start), filled by [`Integrator::finish`].
    pub cells: BTreeMap<(String, i64), Cell>,
    /// What was counted.
    pub counts: Counts,
    /// First and last timestamps integrated, s.
    pub span: Option<(f64, f64)>,
    /// Periods that may still be opened.
    periods_left: usize,
    /// The series and interval that reached [`MAX_PERIODS`], after which nothing more is
    /// integrated.
    overflow: Option<(usize, f64, f64)>,
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
            series: Vec::new(),
            cells: BTreeMap::new(),
            counts: Counts::default(),
            span: None,
            periods_left: MAX_PERIODS,
            overflow: None,
        }
    }

    /// Energy counters wrap around at `range` joules instead of resetting (Linux powercap
    /// RAPL counters count `energy_uj` up to `max_energy_range_uj`, then start again at 0).
    #[must_use]
    pub fn wrapping_at(mut self, range: f64) -> Self {
        self.wrap = Some(range);
        self
    }

    /// The reporting periods.
    #[must_use]
    pub fn bucket(&self) -> Bucket {
        self.bucket
    }

    /// Takes one sample of `device` at `t` seconds since the epoch.
    pub fn push(&mut self, device: &str, t: f64, reading: Reading) {
        self.counts.rows += 1;
        #[allow(
            clippy::cast_possible_truncation,
            reason = "nanoseconds since the epoch fit i64 until 2262"
        )]
        let key = (t * 1e9).round() as i64;
        let kind = reading.kind();
        let index = if let Some(slots) = self.devices.get_mut(device) {
            *slots[kind].get_or_insert(self.series.len())
        } else {
            let mut slots = [None, None];
            slots[kind] = Some(self.series.len());
            self.devices.insert(device.to_owned(), slots);
            self.series.len()
        };
        if index == self.series.len() {
            self.series.push(Series::default());
        }
        let series = &mut self.series[index];
        series.rows += 1;
        if let Some((last, ..)) = series.last
            && key <= last
        {
            if key == last {
                self.counts.duplicates += 1;
            } else {
                self.counts.late += 1;
            }
            return;
        }
        match series.window.back() {
            Some(&(newest, ..)) if key <= newest => {
                match series.window.binary_search_by_key(&key, |&(k, ..)| k) {
                    Ok(_) => self.counts.duplicates += 1,
                    Err(at) => {
                        self.counts.reordered += 1;
                        series.window.insert(at, (key, t, reading));
                    }
                }
            }
            _ => series.window.push_back((key, t, reading)),
        }
        if series.window.len() > REORDER_WINDOW {
            self.flush_one(index);
        }
    }

    /// Counts a reading the log marks as not available.
    pub fn unavailable(&mut self) {
        self.counts.rows += 1;
        self.counts.unavailable += 1;
    }

    /// Integrates the earliest waiting sample of a series.
    fn flush_one(&mut self, index: usize) {
        let Self {
            series,
            counts,
            span,
            bucket,
            gap_factor,
            wrap,
            periods_left,
            overflow,
            ..
        } = self;
        let series = &mut series[index];
        if series.threshold.is_none() {
            let times: Vec<f64> = series
                .window
                .iter()
                .take(INTERVALS_FOR_MEDIAN + 1)
                .map(|&(_, t, _)| t)
                .collect();
            let intervals = times.windows(2).map(|w| w[1] - w[0]).collect();
            series.threshold = median(intervals).map(|m| m * *gap_factor);
        }
        let Some((key, t, reading)) = series.window.pop_front() else {
            return;
        };
        let previous = series.last.replace((key, t, reading));
        *span = Some(span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        let Some((_, t0, r0)) = previous else {
            return;
        };
        let gap = t - t0 > series.threshold.unwrap_or(f64::INFINITY);
        let joules = match (r0, reading) {
            (Reading::Power(p0), Reading::Power(p1)) => f64::midpoint(p0, p1) * (t - t0),
            (Reading::Energy(e0), Reading::Energy(e1)) if e1 < e0 => {
                counts.resets += 1;
                // A wrapping counter went past its range; a reset one started again at 0. A
                // reading above the range cannot have wrapped: the counter was reset.
                wrap.filter(|&range| e0 <= range)
                    .map_or(e1, |range| e1 + range - e0)
            }
            (Reading::Energy(e0), Reading::Energy(e1)) => e1 - e0,
            // A series holds one kind of reading: `push` keeps the kinds apart.
            _ => 0.0,
        };
        if gap {
            counts.gaps += 1;
        }
        if overflow.is_none() && !series.spread(*bucket, (t0, t), joules, gap, periods_left) {
            *overflow = Some((index, t0, t));
        }
    }

    /// Integrates every sample still waiting and fills [`Integrator::cells`], each device
    /// from its energy counter where it has one, else from its power.
    ///
    /// # Errors
    /// [`TooManyPeriods`] when the samples spread over more than [`MAX_PERIODS`] periods;
    /// the cells are then incomplete.
    pub fn finish(&mut self) -> Result<(), TooManyPeriods> {
        for index in 0..self.series.len() {
            while !self.series[index].window.is_empty() {
                self.flush_one(index);
            }
            let series = &mut self.series[index];
            if let Some((from, _, cell)) = series.open.take() {
                series.close(from, &cell);
            }
        }
        self.cells.clear();
        for (device, [power, counter]) in &self.devices {
            let chosen = match (power, counter) {
                (Some(power), Some(counter)) => {
                    self.counts.superseded += self.series[*power].rows;
                    *counter
                }
                (Some(only), None) | (None, Some(only)) => *only,
                (None, None) => continue,
            };
            for (start, cell) in &self.series[chosen].cells {
                self.cells.insert((device.clone(), *start), cell.clone());
            }
        }
        let Some((index, from, to)) = self.overflow else {
            return Ok(());
        };
        let device = self
            .devices
            .iter()
            .find(|(_, slots)| slots.contains(&Some(index)))
            .map_or_else(String::new, |(name, _)| name.clone());
        let label = |t: f64| {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "a message: whole seconds suffice, and out-of-range times print as numbers"
            )]
            utc_label(t.floor() as i64).unwrap_or_else(|| format!("{t} s"))
        };
        Err(TooManyPeriods {
            device,
            from: label(from),
            to: label(to),
        })
    }
}

impl Series {
    /// Adds `joules` over [t0, t1] to the periods they fall in, by time; `false` when that
    /// would open more periods than `periods_left`.
    fn spread(
        &mut self,
        bucket: Bucket,
        (t0, t1): (f64, f64),
        joules: f64,
        gap: bool,
        periods_left: &mut usize,
    ) -> bool {
        let dt = t1 - t0;
        let mut start = t0;
        while start < t1 {
            let inside = self
                .open
                .as_ref()
                .is_some_and(|(from, to, _)| *from <= start && start < *to);
            if !inside {
                if let Some((from, _, cell)) = self.open.take() {
                    self.close(from, &cell);
                }
                let Some(left) = periods_left.checked_sub(1) else {
                    return false;
                };
                *periods_left = left;
                let (from, to) = bucket.bounds(start);
                self.open = Some((from, to, Cell::default()));
            }
            let Some((_, next, cell)) = self.open.as_mut() else {
                return true;
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
        true
    }

    /// Adds a finished period's energy to the series' cells.
    fn close(&mut self, from: f64, cell: &Cell) {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "period starts are whole seconds"
        )]
        let key = if from.is_finite() { from as i64 } else { 0 };
        self.cells.entry(key).or_default().add(cell);
    }
}

/// The longest line a log may have by default, in bytes: telemetry lines are tens of bytes,
/// and a bound keeps a file without line breaks from being read whole into memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Appends the next line of `reader`, with its `\n`, to `buffer`; 0 at the end of the input.
///
/// # Errors
/// A read failure, or a line of more than `max` bytes (memory stays within `max` and the
/// reader's buffer).
pub fn read_line(
    reader: &mut impl std::io::BufRead,
    buffer: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<usize> {
    let start = buffer.len();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(buffer.len() - start);
        }
        let (complete, used) = match memchr::memchr(b'\n', available) {
            Some(at) => (true, at + 1),
            None => (false, available.len()),
        };
        buffer.extend_from_slice(&available[..used]);
        reader.consume(used);
        if buffer.len() - start > max {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a line longer than {max} bytes (raise the limit with --max-line-bytes)"),
            ));
        }
        if complete {
            return Ok(buffer.len() - start);
        }
    }
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

/// Seconds since the epoch of a UTC time.
#[must_use]
pub fn seconds_of(t: DateTime<Utc>) -> f64 {
    #[allow(
        clippy::cast_precision_loss,
        reason = "seconds since the epoch fit an f64 exactly"
    )]
    let whole = t.timestamp() as f64;
    whole + f64::from(t.timestamp_subsec_nanos()) / 1e9
}

/// A reading with or without its unit (`245.30 W`, `245.30W`, `1200 mJ`, `245.30`) as the
/// number written; `None` for `[N/A]` or other text a tool writes when a value is not
/// available. The unit itself is the caller's to apply.
#[must_use]
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(value) = text.parse::<f64>() {
        return Some(value);
    }
    let digits = text.trim_end_matches(|c: char| c.is_alphabetic() || c == 'µ');
    if digits.len() == text.len() || digits.is_empty() {
        return None;
    }
    digits.trim_end().parse::<f64>().ok()
}

/// Whole seconds since the epoch as an RFC 3339 time in UTC; `None` beyond chrono's range.
fn utc_label(seconds: i64) -> Option<String> {
    Utc.timestamp_opt(seconds, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The start of the period with key `start` as a date-time string.
#[must_use]
pub fn period_label(bucket: Bucket, start: i64) -> String {
    if bucket == Bucket::Total {
        return "total".to_owned();
    }
    utc_label(start).unwrap_or_default()
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
        integrator.finish().unwrap();
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
    fn a_row_older_than_the_window_is_late() {
        let mut i = Integrator::new(Bucket::Total, 5.0);
        let samples: Vec<(f64, f64)> = (1..=300).map(|t| (f64::from(t), 100.0)).collect();
        for (t, p) in samples {
            i.push("gpu0", t, Reading::Power(p));
        }
        // Second 0 arrives after 300 samples: 44 have been integrated, so it is left out.
        i.push("gpu0", 0.0, Reading::Power(100.0));
        i.finish().unwrap();
        assert_eq!(i.counts.late, 1);
        assert_eq!(i.cells[&("gpu0".to_owned(), 0)].joules, 29_900.0);
    }

    #[test]
    fn counters_are_differenced_across_a_reset() {
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, e) in [(0.0, 1000.0), (1.0, 1100.0), (2.0, 50.0), (3.0, 150.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        i.finish().unwrap();
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
        i.finish().unwrap();
        assert!((i.cells[&("package-0".to_owned(), 0)].joules - 10.328_85).abs() < 1e-6);
    }

    #[test]
    fn a_reading_above_the_wrap_range_is_a_reset() {
        // Found by the `ingest` fuzz target: 262,143,000,003 J, far above the range of
        // 262,143.32885 J, then 10 J, counted as a negative energy. A counter cannot wrap from
        // above its range, so it was reset: 10 J since.
        let mut i = Integrator::new(Bucket::Total, 5.0).wrapping_at(262_143.328_85);
        for (t, e) in [(0.0, 262_143_000_003.0), (1.0, 10.0)] {
            i.push("package-0", t, Reading::Energy(e));
        }
        i.finish().unwrap();
        assert_eq!(i.cells[&("package-0".to_owned(), 0)].joules, 10.0);
    }

    #[test]
    fn a_device_with_a_counter_is_reported_from_it() {
        // Power says 100 W for 2 s (200 J); the counter says 210 J: the counter is kept.
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, p, e) in [(0.0, 100.0, 0.0), (1.0, 100.0, 100.0), (2.0, 100.0, 210.0)] {
            i.push("gpu0", t, Reading::Power(p));
            i.push("gpu0", t, Reading::Energy(e));
        }
        i.finish().unwrap();
        assert_eq!(i.cells[&("gpu0".to_owned(), 0)].joules, 210.0);
        assert_eq!(i.counts.superseded, 3);
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
    fn timestamps_and_readings_read_in_their_formats() {
        assert_eq!(timestamp("2026/01/01 00:00:01.500"), Some(1_767_225_601.5));
        assert_eq!(timestamp("2026-01-01T00:00:01Z"), Some(1_767_225_601.0));
        assert_eq!(timestamp("1767225601"), Some(1_767_225_601.0));
        assert_eq!(number("245.30 W"), Some(245.3));
        assert_eq!(number("245.30W"), Some(245.3));
        assert_eq!(number(" 245.30"), Some(245.3));
        assert_eq!(number("1200 mJ"), Some(1200.0));
        assert_eq!(number("[N/A]"), None);
        assert_eq!(number("W"), None);
    }
}
