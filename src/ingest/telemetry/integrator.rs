//! The integrator: power samples by the trapezoid rule, energy counters by differences, per
//! device and period, with gaps, resets, late and repeated rows counted.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use super::Bucket;
use super::bucket::utc_label;

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

/// Finishes `integrator` for a reader of `file`. A log that fills too many periods, has
/// readings too far out of order to be put back, or gives no energy at all is an error about
/// the file: its figures would be wrong or empty, never to be published with exit 0.
pub(super) fn finish(
    file: &std::path::Path,
    integrator: &mut Integrator,
) -> Result<(), crate::ingest::IngestError> {
    let invalid = |line: usize, message: String, hint: &str| crate::ingest::IngestError::Invalid {
        file: file.to_owned(),
        line,
        message,
        hint: hint.to_owned(),
    };
    integrator.finish().map_err(|e| {
        invalid(
            0,
            e.to_string(),
            "check for a timestamp far from the others (a wrong year, a clock reset to 1970), or report by a longer --period",
        )
    })?;
    if let Some(line) = integrator.first_late {
        return Err(invalid(
            line,
            format!(
                "{} reading(s){} come more than {REORDER_WINDOW} readings after later ones of their device, so the log is not in time order and their energy cannot be integrated",
                integrator.counts.late,
                if line > 0 {
                    ", the first on this line,"
                } else {
                    ""
                }
            ),
            "sort the log by time first (for a CSV with its header: `(head -n 1 log.csv; tail -n +2 log.csv | sort -t, -k1,1) > sorted.csv`, for timestamps of one width), then ingest the sorted file",
        ));
    }
    if integrator.range_unknown && integrator.counts.resets > 0 {
        return Err(invalid(
            0,
            format!(
                "{} energy counter reading(s) went down, and the counters wrap at a range not given: read as resets, each would lose what its counter had left to its range",
                integrator.counts.resets
            ),
            "give the domain's range with --max-energy-range-uj (cat /sys/class/powercap/intel-rapl:0/max_energy_range_uj)",
        ));
    }
    if let Some((index, from, to)) = integrator.first_dip {
        let device = integrator
            .devices
            .iter()
            .find(|(_, slots)| slots.contains(&Some(index)))
            .map_or("?", |(name, _)| name.as_str());
        #[allow(
            clippy::cast_possible_truncation,
            reason = "timestamps are checked within 2000 to 2262"
        )]
        let at = |t: f64| utc_label(t.floor() as i64).unwrap_or_default();
        return Err(invalid(
            0,
            format!(
                "the energy counter of `{device}` went down between {} and {}, but not to near zero as a reset or a wrap does: counting it as one would add its whole reading again",
                at(from),
                at(to)
            ),
            "check the log for rows of two devices under one name, a reading out of order, or a counter read low; give each device its own name (--device)",
        ));
    }
    if integrator.cells.values().all(|c| c.covered_s == 0.0) {
        return Err(invalid(
            0,
            format!(
                "no energy could be integrated from {} reading(s): no device has two readings in time order ({} duplicate(s), {} not available)",
                integrator.counts.rows, integrator.counts.duplicates, integrator.counts.unavailable
            ),
            "check that the log has at least two readings per device, and that its timestamps are in seconds, milliseconds, microseconds or nanoseconds since 1970 or dates",
        ));
    }
    Ok(())
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

/// The most power a reading may give, W: a gigawatt is a large power station, far beyond any
/// device a log reads; above it the reading is a unit slip or a corrupt row, and integrating it
/// would give figures beyond any plausible one, or infinite.
pub const MAX_WATTS: f64 = 1e9;

/// The most an energy counter may read, J: NVML's counter is a 64-bit count of millijoules
/// (1.8 × 10¹⁶ J), RAPL's wraps near 2.6 × 10⁵ J.
pub const MAX_JOULES: f64 = 1e18;

impl Reading {
    /// Whether the reading is one a device can give: finite, not negative, at most
    /// [`MAX_WATTS`] or [`MAX_JOULES`].
    #[must_use]
    pub fn plausible(self) -> bool {
        let (value, limit) = match self {
            Reading::Power(w) => (w, MAX_WATTS),
            Reading::Energy(j) => (j, MAX_JOULES),
        };
        value.is_finite() && (0.0..=limit).contains(&value)
    }

    /// Index of the reading's kind: a device's power and counter series are kept apart.
    fn kind(self) -> usize {
        match self {
            Reading::Power(_) => 0,
            Reading::Energy(_) => 1,
        }
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
    /// Counter readings of devices whose power readings cover more of the log, and were read
    /// instead.
    pub short_counters: u64,
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
    /// First and last timestamps integrated, s.
    span: Option<(f64, f64)>,
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
    /// The line of the log the reading being pushed is on, as the reader last said; 0 when
    /// the reader does not say.
    line: usize,
    /// The line of the first reading that came too late to be put back in order.
    first_late: Option<usize>,
    /// The first counter that went down by less than a reset or a wrap would: its series and
    /// the two times.
    first_dip: Option<(usize, f64, f64)>,
    /// Whether the counters wrap at a range not given, so that a counter going down cannot be
    /// told a wrap or a reset (RAPL without `--max-energy-range-uj`).
    range_unknown: bool,
    /// The unit a log's numeric timestamps were read in, by their size, when it wrote counts
    /// since 1970 rather than dates.
    pub timestamps: Option<&'static str>,
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
            line: 0,
            first_late: None,
            first_dip: None,
            range_unknown: false,
            timestamps: None,
        }
    }

    /// Says the readings pushed next are on `line` of the log, so that an error can name it.
    pub fn at_line(&mut self, line: usize) {
        self.line = line;
    }

    /// Energy counters wrap around at a range not known: a counter going down is an error,
    /// since a wrap read as a reset loses what the counter had left to its range.
    #[must_use]
    pub fn wrapping_at_an_unknown_range(mut self) -> Self {
        self.range_unknown = true;
        self
    }

    /// Energy counters wrap around at `range` joules instead of resetting (Linux powercap
    /// RAPL counters count `energy_uj` up to `max_energy_range_uj`, then start again at 0).
    #[must_use]
    pub fn wrapping_at(mut self, range: f64) -> Self {
        self.wrap = Some(range);
        self
    }

    /// First and last timestamps integrated for `device`, s.
    #[must_use]
    pub fn device_span(&self, device: &str) -> Option<(f64, f64)> {
        self.devices
            .get(device)?
            .iter()
            .flatten()
            .filter_map(|&i| self.series[i].span)
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
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
                self.first_late.get_or_insert(self.line);
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
            first_dip,
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
        series.span = Some(series.span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        let Some((_, t0, r0)) = previous else {
            return;
        };
        // A counter's difference across a silence is what the device counted in it, exactly;
        // only power readings leave a gap to estimate.
        let gap = matches!(reading, Reading::Power(_))
            && t - t0 > series.threshold.unwrap_or(f64::INFINITY);
        let joules = match (r0, reading) {
            (Reading::Power(p0), Reading::Power(p1)) => f64::midpoint(p0, p1) * (t - t0),
            (Reading::Energy(e0), Reading::Energy(e1)) if e1 < e0 => {
                // A wrapping counter went past its range; a reset one started again at 0. A
                // reading above the range cannot have wrapped: the counter was reset.
                let since = wrap
                    .filter(|&range| e0 <= range)
                    .map_or(e1, |range| e1 + range - e0);
                // Either starts again near zero: what it counted since is well under half its
                // range or its last reading. A smaller dip (a counter read a little low, rows of
                // two devices in one series) would count all that again: it is refused.
                let bound = wrap.filter(|&range| e0 <= range).unwrap_or(e0) / 2.0;
                if since >= bound {
                    first_dip.get_or_insert((index, t0, t));
                    0.0
                } else {
                    counts.resets += 1;
                    since
                }
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
            let covered =
                |i: usize| -> f64 { self.series[i].cells.values().map(|c| c.covered_s).sum() };
            let chosen = match (power, counter) {
                // The counter is the device's own integration, and wins where it covers as much
                // time as the power readings; one read for less of the log would lose the rest.
                (Some(power), Some(counter)) if covered(*counter) >= covered(*power) => {
                    self.counts.superseded += self.series[*power].rows;
                    *counter
                }
                (Some(power), Some(counter)) => {
                    self.counts.short_counters += self.series[*counter].rows;
                    *power
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
