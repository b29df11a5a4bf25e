//! The integrator: power samples by the trapezoid rule, energy counters by differences, per
//! device and period, with gaps, resets, late and repeated rows counted.

use serde::Serialize;

use super::Bucket;
use super::bucket::utc_label;
use super::names::Names;
use super::window::Window;

/// Samples held per device to put out-of-order rows back in order.
pub const REORDER_WINDOW: usize = 256;

/// Reporting periods the readings of one device may span. More is a timestamp far from the
/// others (a year typed wrong, a clock reset to 1970): a million hours are 114 years.
pub const MAX_PERIODS: usize = 1_000_000;

/// Cells (device × period) one log may fill. Each is held, in 48 bytes, until the log is
/// written, and written as some 100 (CSV) to 300 bytes (JSON): 2²² cells, a fleet of a million
/// devices over four hours, stay within about 2 GB; a longer `--period` fills fewer.
pub const MAX_CELLS: usize = 1 << 22;

/// A log whose samples fill more periods than can be integrated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TooManyPeriods {
    /// Readings of one device more than [`MAX_PERIODS`] periods apart.
    #[error(
        "the samples of `{device}` from {from} to {to} fill more than {MAX_PERIODS} reporting periods"
    )]
    Span {
        /// The device whose samples reached the limit.
        device: String,
        /// The interval being integrated, as RFC 3339 times.
        from: String,
        /// Its end.
        to: String,
    },
    /// More than [`MAX_CELLS`] cells of device and period in the whole log.
    #[error(
        "the log fills more than {MAX_CELLS} cells of device and reporting period (devices × periods)"
    )]
    Cells,
}

/// What ended the integration early.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Overflow {
    Span,
    Cells,
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
        let hint = match e {
            TooManyPeriods::Span { .. } => {
                "check for a timestamp far from the others (a wrong year, a clock reset to 1970), or report by a longer --period"
            }
            TooManyPeriods::Cells => {
                "report by a longer --period, or ingest the log in parts (a file per group of devices)"
            }
        };
        invalid(0, e.to_string(), hint)
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
    // Readings that repeat a time are left out as copies; a reading with another value is
    // another series under the same name (several GPUs of one model read `--device name`, two
    // jobs scraping one GPU, two sockets' `dram`) or a log sampled faster than its clock
    // writes, and keeping the first of each pair would drop the other's energy.
    if let Some((device, clash)) = integrator.first_clash() {
        let (message, hint) = clash.described(&device);
        return Err(invalid(clash.line, message, hint));
    }
    // A device the log names whose every reading is missing (`[N/A]`, empty) adds nothing, and
    // the total would read as the other devices' alone.
    if let Some(device) = integrator.silent.first() {
        let device = integrator.names.get(*device).to_owned();
        return Err(invalid(
            0,
            format!(
                "device `{device}` is in the log, but none of its readings can be read (each `[N/A]`, `[Not Supported]` or empty): its energy would be missing from the total"
            ),
            "log a field the tool fills for every device (nvidia-smi reads power.draw first where it is queried: query power.draw.instant or power.draw.average instead where power.draw is [N/A]), or leave the device out of the log",
        ));
    }
    if let Some((message, hint)) = integrator.unused_range() {
        return Err(invalid(0, message, &hint));
    }
    if let Some((message, hint)) = integrator.above_range() {
        return Err(invalid(0, message, hint));
    }
    if integrator.range_unknown && integrator.resets_without_range > 0 {
        return Err(invalid(
            0,
            format!(
                "{} energy counter reading(s) went down, and the counters wrap at a range not given: read as resets, each would lose what its counter had left to its range",
                integrator.resets_without_range
            ),
            "give the domain's range with --max-energy-range-uj (cat /sys/class/powercap/intel-rapl:0/max_energy_range_uj)",
        ));
    }
    if let Some((device, from, to)) = integrator.first_dip() {
        return Err(invalid(
            0,
            format!(
                "the energy counter of `{device}` went down between {} and {}, but not to near zero as a reset or a wrap does: counting it as one would add its whole reading again",
                checked_time(from),
                checked_time(to)
            ),
            "check the log for rows of two devices under one name, a reading out of order, or a counter read low; give each device its own name (--device)",
        ));
    }
    if integrator.cells().all(|(_, _, c)| c.covered_s == 0.0) {
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

/// A time of the log (seconds since 1970) in RFC 3339 to the second, for a message.
fn checked_time(t: f64) -> String {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "timestamps are checked within 2000 to 2262"
    )]
    utc_label(t.floor() as i64).unwrap_or_default()
}

/// A reading at a time its series already has, with another value.
#[derive(Debug, Clone, Copy)]
struct Clash {
    device: u32,
    line: usize,
    t: f64,
    kept: f64,
    other: f64,
    /// Whether the readings are of an energy counter (J), not of power (W).
    counter: bool,
}

impl Clash {
    /// What is wrong, and the fix, for the device named `device`.
    fn described(&self, device: &str) -> (String, &'static str) {
        let (what, unit, lost) = if self.counter {
            (
                "energy counter readings",
                "J",
                "two counters under one name, whose second would be lost, or one read more often than the times' resolution, which cannot be told from it",
            )
        } else {
            (
                "power readings",
                "W",
                "two devices or series under one name, or readings more often than the times' resolution; either way one would be lost",
            )
        };
        let at = checked_time(self.t);
        let (kept, other) = (self.kept, self.other);
        (
            format!(
                "`{device}` has two {what} at {at} that differ ({} {unit} and {} {unit}){}: {lost}",
                crate::text::number::plain(kept),
                crate::text::number::plain(other),
                if self.line > 0 {
                    ", the second on this line"
                } else {
                    ""
                }
            ),
            "give each device its own name (nvidia-smi: --device `index` or `uuid`, not `name`; RAPL: each socket's zone apart, `dram-0` and `dram-1`), keep one series of each device (two exporters or jobs scraping one GPU: keep one job's lines), or write the times with fractions of a second",
        )
    }
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

/// The most one device of a log may draw on average over it, W, unless `--max-device-power`
/// says otherwise. The largest accelerators' board power is under 2 kW (2026), a CPU package's
/// well under 1 kW; 5 kW leaves room for the next ones and still stops readings in milliwatts
/// written as watts (NVML reports mW), which make a 300 W GPU draw 300 kW, with exit 0 and a
/// report a thousand times too large. A log read by whole servers, racks or PDUs raises it.
pub const MAX_DEVICE_WATTS: f64 = 5_000.0;

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
    /// Gaps not bridged, and stretches of time between or beyond a device's two series that
    /// no series read covers.
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
    /// Devices whose power readings and counter cover different times and leave time that no
    /// series read covers: the one left out reaches beyond the one read, or the two, one after
    /// the other, leave time between them. That time is counted as missing, as a gap not
    /// bridged is.
    pub partly_read: u64,
}

/// A device, as [`Integrator::device`] names it for [`Integrator::push_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeviceId(u32);

/// No series: a device without readings of one kind.
const NONE: u32 = u32::MAX;

/// One series: a device's power or its energy counter.
///
/// A fleet's log holds a million devices and more, so a series keeps its state in 96 bytes
/// beside its reorder window (152 with the window's first samples): times and readings as
/// bare `f64`s, with NaN for "none yet", and its closed periods in the integrator's one list
/// rather than a map of its own.
#[derive(Debug)]
struct Series {
    /// Samples waiting, sorted by time: (t s, reading W or J).
    window: Window,
    /// The last sample integrated: its time (NaN before the first) and reading.
    last: (f64, f64),
    /// The gap threshold, s; NaN until measured.
    threshold: f64,
    /// The period being filled: its start and end, s (start NaN when none), and its energy so
    /// far. Kept apart so that most samples touch no list.
    open: (f64, f64, Cell),
    /// Samples taken.
    rows: u64,
    /// The first timestamp integrated, s; NaN before it. The last is `last.0`.
    first: f64,
    /// The device the series is of.
    device: u32,
    /// Whether the series is an energy counter rather than power.
    counter: bool,
}

// The budget above, held.
const _: () = assert!(size_of::<Series>() <= 152);

impl Series {
    fn new(device: u32, counter: bool) -> Self {
        Self {
            window: Window::default(),
            last: (f64::NAN, 0.0),
            threshold: f64::NAN,
            open: (f64::NAN, f64::NAN, Cell::default()),
            rows: 0,
            first: f64::NAN,
            device,
            counter,
        }
    }

    /// First and last timestamps integrated, s.
    fn span(&self) -> Option<(f64, f64)> {
        (!self.first.is_nan()).then_some((self.first, self.last.0))
    }
}

/// Series held in one allocation. A fleet's series take a hundred megabytes and more; kept in
/// chunks, they are let go chunk by chunk as `finish` closes them and fills the cells, so the
/// two are never all held at once. A full chunk (40 MB) is larger than any allocation the
/// system allocator would keep for reuse rather than give back (glibc maps allocations of
/// its own from at most 32 MB), so what is let go leaves the process; a log of a few devices
/// fills only part of one chunk, which grows as series come.
const CHUNK: usize = 1 << 18;

/// Series `index` of the chunks.
fn nth(series: &mut [Vec<Series>], index: usize) -> &mut Series {
    &mut series[index / CHUNK][index % CHUNK]
}

/// A sample's time as whole nanoseconds, which tell two samples' times apart or equal.
fn nanos(t: f64) -> i64 {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "nanoseconds since the epoch fit i64 until 2262"
    )]
    let key = (t * 1e9).round() as i64;
    key
}

/// Telemetry integrated so far.
#[derive(Debug)]
pub struct Integrator {
    bucket: Bucket,
    gap_factor: f64,
    /// The range of a wrapping energy counter, J (Linux RAPL's `max_energy_range_uj`), for
    /// the devices without one of their own.
    wrap: Option<f64>,
    /// Ranges given to devices by their name (RAPL domains wrap at different ranges: a Xeon's
    /// `dram` at a quarter of its package's), J: the name, the range, and whether a device of
    /// the log has it.
    named_wraps: Vec<(String, f64, bool)>,
    /// The range of each device numbered that has one of its own, J.
    device_wraps: std::collections::HashMap<u32, f64>,
    /// The first counter reading above its device's range, which no counter that wraps there
    /// can read: its device, time, reading and range.
    first_above_range: Option<(u32, f64, f64, f64)>,
    /// Counters that went down where no range was given for their device.
    resets_without_range: usize,
    /// The devices' names, by number.
    names: Names,
    /// Each device's power and counter series, by index into `series` ([`NONE`] for none).
    slots: Vec<[u32; 2]>,
    /// The series, [`CHUNK`] to a chunk.
    series: Vec<Vec<Series>>,
    /// How many series there are.
    series_count: usize,
    /// Closed periods of every series, in the order they closed: (series, period start, energy).
    closed: Vec<(u32, i64, Cell)>,
    /// After `finish`: the devices' numbers in the order of their names, and each one's first
    /// and last timestamps in that order.
    order: Vec<u32>,
    spans: Vec<Option<(f64, f64)>>,
    /// After `finish`: energy by device (its place in `order`) and period start, in that
    /// order.
    cells: Vec<(u32, i64, Cell)>,
    /// What was counted.
    pub counts: Counts,
    /// First and last timestamps integrated, s.
    pub span: Option<(f64, f64)>,
    /// Periods that may still be opened.
    periods_left: usize,
    /// The device and interval that reached [`MAX_PERIODS`] or [`MAX_CELLS`], after which
    /// nothing more is integrated.
    overflow: Option<(u32, f64, f64, Overflow)>,
    /// The line of the log the reading being pushed is on, as the reader last said; 0 when
    /// the reader does not say.
    line: usize,
    /// The line of the first reading that came too late to be put back in order.
    first_late: Option<usize>,
    /// The first power reading at a time its series already has, with another value: its
    /// device, line, time and the two values.
    first_clash: Option<Clash>,
    /// The largest step back in time from a series' newest reading to the next, s, and its
    /// line.
    step_back: Option<(f64, usize)>,
    /// The first reading of a series read seldom that repeats a time or steps back in the hours
    /// clocks go back in ([`clock_goes_back_hour`]), or follows the one before it an hour short
    /// of the usual step there.
    repeat_in_changed_hour: Option<RepeatedHour>,
    /// The first step between two power readings an hour longer than the series' usual one in
    /// the hours clocks change in ([`clock_change_hour`]).
    jump_over_changed_hour: Option<(u32, f64, f64)>,
    /// The first counter that went down by less than a reset or a wrap would: its device and
    /// the two times.
    first_dip: Option<(u32, f64, f64)>,
    /// The time between two readings of a wrapping counter that is the longest against its
    /// range, s, the range, J, and its device: a counter read less often than it can wrap may
    /// have wrapped more than once unseen.
    longest_wrapping_step: Option<(f64, f64, u32)>,
    /// Devices the log names that gave no reading at all; after [`Integrator::finish`].
    silent: Vec<u32>,
    /// The first device of [`Counts::partly_read`].
    first_partly_read: Option<u32>,
    /// Whether the counters wrap at a range not given, so that a counter going down cannot be
    /// told a wrap or a reset (RAPL without `--max-energy-range-uj`).
    range_unknown: bool,
    /// The unit a log's numeric timestamps were read in, by their size, when it wrote counts
    /// since 1970 rather than dates.
    pub timestamps: Option<&'static str>,
    /// Whether `finish` has run.
    finished: bool,
}

/// The time the span of a series left out (`other`, first and last time, s) covers before or
/// after that of the one read (`read`), more than a second of it: in no figure.
fn beyond(read: Option<(f64, f64)>, other: Option<(f64, f64)>) -> Vec<(f64, f64)> {
    let Some((read, other)) = read.zip(other) else {
        return Vec::new();
    };
    [(other.0, read.0), (read.1, other.1)]
        .into_iter()
        .filter(|(from, to)| to - from > 1.0)
        .collect()
}

/// The time between two series' spans, one after the other, more than a second of it.
fn between(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Vec<(f64, f64)> {
    a.zip(b)
        .map(|(a, b)| (a.1.min(b.1), a.0.max(b.0)))
        .filter(|(from, to)| to - from > 1.0)
        .into_iter()
        .collect()
}

/// Sorts cells by device and period, and adds up those of one device and period. Stable: a
/// period closed twice adds up in the order it closed.
fn merge(cells: &mut Vec<(u32, i64, Cell)>) {
    cells.sort_by_key(|&(device, start, _)| (device, start));
    cells.dedup_by(|later, kept| {
        let same = (later.0, later.1) == (kept.0, kept.1);
        if same {
            kept.2.add(&later.2);
        }
        same
    });
}

/// The time of `unread` (device, from, to), which no series read covers, as cells of missing
/// time in each period it falls in, with the energy the device would have used in it at its
/// mean power over the time its `cells` (merged) cover: as a gap not bridged is (helper 76: it
/// was in a note only, and the output said nothing was missing).
fn unread_cells(
    bucket: Bucket,
    cells: &[(u32, i64, Cell)],
    unread: &[(u32, f64, f64)],
) -> Vec<(u32, i64, Cell)> {
    let mut missing = Vec::new();
    for &(device, from, to) in unread {
        let first = cells.partition_point(|&(d, ..)| d < device);
        let last = cells.partition_point(|&(d, ..)| d <= device);
        let (joules, covered) = cells[first..last]
            .iter()
            .fold((0.0, 0.0), |(j, c), (_, _, cell)| {
                (j + cell.joules, c + cell.covered_s)
            });
        let watts = if covered > 0.0 { joules / covered } else { 0.0 };
        let mut start = from;
        while start < to {
            let (period, next) = bucket.bounds(start);
            let end = next.min(to);
            let cell = Cell {
                missing_s: end - start,
                gap_estimate_joules: watts * (end - start),
                ..Cell::default()
            };
            missing.push((device, period_key(period), cell));
            if !next.is_finite() || end <= start {
                break;
            }
            start = end;
        }
    }
    missing
}

/// Whether `t` (seconds since 1970, a time without a zone read as UTC) lies in the wall-clock
/// hours in which clocks change, 00:00 to 04:00, on the Sundays they change: the last of March
/// and of October in the European Union, at 01:00 UTC (00:00 local in the Azores, 01:00 in
/// Ireland, Portugal and the United Kingdom, 02:00 in Central and 03:00 in Eastern Europe;
/// Directive 2000/84/EC, recalled); the second of March and the first of November in North
/// America, at 02:00 local; the first of April and of October in Australia, and the last of
/// September and the first of April in New Zealand, at 02:00 or 03:00 local. Changes elsewhere
/// (on other days or hours) are not recognised.
fn clock_change_hour(t: f64) -> bool {
    changed_day(t).is_some_and(|(month, day)| {
        let first = day <= 7;
        let last_of_31 = day >= 25;
        match month {
            3 => (8..=14).contains(&day) || last_of_31,
            4 | 11 => first,
            9 => (24..=30).contains(&day),
            10 => first || last_of_31,
            _ => false,
        }
    })
}

/// The month and day of `t` (as for [`clock_change_hour`]) when it falls between 00:00 and
/// 04:00 of a Sunday, the only hours clocks change in; `None` otherwise. Worked out from the
/// seconds first: the reader asks of every reading out of order, and few are on a Sunday night.
fn changed_day(t: f64) -> Option<(u32, u32)> {
    use chrono::Datelike as _;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "telemetry timestamps are checked within 2000 to 2262"
    )]
    let seconds = t.floor() as i64;
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // 1970-01-01 was a Thursday: four days after a Sunday.
    if of_day >= 4 * 3_600 || (days + 4).rem_euclid(7) != 0 {
        return None;
    }
    chrono::DateTime::from_timestamp(seconds, 0).map(|d| (d.month(), d.day()))
}

/// The step, s, from which a log reads a device seldom enough that the hour a clock going back
/// repeats may show as no step back of half an hour or more (a reading every 25 minutes steps
/// back 35).
const SELDOM_S: f64 = 1_500.0;

/// Whether `t` (as for [`clock_change_hour`]) lies in the hours in which clocks go back at the
/// end of summer time, when an hour comes twice: the last Sunday of October in the European
/// Union, the first of November in North America, the first of April in Australia and New
/// Zealand (recalled, as there).
fn clock_goes_back_hour(t: f64) -> bool {
    changed_day(t).is_some_and(|(month, day)| match month {
        4 | 11 => day <= 7,
        10 => day >= 25,
        _ => false,
    })
}

/// A reading of a log without a zone that looks like the hour a clock going back repeats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatedHour {
    /// Its time, s since the epoch as written.
    pub t: f64,
    /// Its line, 0 where the reader does not know it.
    pub line: usize,
    /// Whether it came an hour short of the series' usual step after the one before it,
    /// rather than at or before a time already read.
    pub short_step: bool,
}

impl RepeatedHour {
    /// A reading at or before a time already read, on `line`.
    fn at(t: f64, line: usize) -> Self {
        Self {
            t,
            line,
            short_step: false,
        }
    }

    /// A reading an hour short of the usual step, found as readings are integrated.
    fn short(t: f64) -> Self {
        Self {
            t,
            line: 0,
            short_step: true,
        }
    }
}

/// Whether the step from `from` to `to` of a series read every `usual` seconds is an hour
/// longer than usual and falls in the hours clocks change in ([`clock_change_hour`]): the hour
/// a clock going forward skips, in a log of local times without a zone.
fn jump_over_clock_change(from: f64, to: f64, usual: f64) -> bool {
    let excess = to - from - usual;
    // Within half a step of an hour longer, but never so wide that a usual step is in it
    // (review of 2026-12-02: a log read every two hours was refused on those Sundays).
    usual.is_finite()
        && (excess - 3_600.0).abs() <= (usual / 2.0).clamp(1.0, 1_799.0)
        && clock_change_hour(f64::midpoint(from, to))
}

/// Whether the step from `from` to `to` of a series read every `usual` seconds is an hour
/// shorter than usual and ends in the hours clocks go back in ([`clock_goes_back_hour`]): the
/// hour the clock repeats, in a log of local times without a zone, read again a little later.
fn short_across_clock_change(from: f64, to: f64, usual: f64) -> bool {
    let short = usual - (to - from);
    usual.is_finite()
        && usual >= SELDOM_S
        && (short - 3_600.0).abs() <= (usual / 2.0).clamp(1.0, 1_799.0)
        && clock_goes_back_hour(to)
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
            named_wraps: Vec::new(),
            device_wraps: std::collections::HashMap::new(),
            first_above_range: None,
            resets_without_range: 0,
            names: Names::default(),
            slots: Vec::new(),
            series: Vec::new(),
            series_count: 0,
            closed: Vec::new(),
            order: Vec::new(),
            spans: Vec::new(),
            cells: Vec::new(),
            counts: Counts::default(),
            span: None,
            periods_left: MAX_CELLS,
            overflow: None,
            line: 0,
            first_late: None,
            first_clash: None,
            step_back: None,
            repeat_in_changed_hour: None,
            jump_over_changed_hour: None,
            first_dip: None,
            longest_wrapping_step: None,
            silent: Vec::new(),
            first_partly_read: None,
            range_unknown: false,
            timestamps: None,
            finished: false,
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

    /// The counter of the device named `name` wraps at `range` joules, whatever the range of
    /// the others; a device named `host:name` (a log with a host column) too.
    #[must_use]
    pub fn wrapping_for(mut self, name: &str, range: f64) -> Self {
        self.named_wraps.push((name.to_owned(), range, false));
        self
    }

    /// The reporting periods.
    #[must_use]
    pub fn bucket(&self) -> Bucket {
        self.bucket
    }

    /// The device named `name`, numbered on first sight.
    pub fn device(&mut self, name: &str) -> DeviceId {
        let id = self.names.number(name);
        if id as usize == self.slots.len() {
            self.slots.push([NONE; 2]);
            let own = |wanted: &str| {
                name == wanted
                    || name
                        .strip_suffix(wanted)
                        .is_some_and(|host| host.ends_with(':'))
            };
            if let Some((_, range, used)) = self.named_wraps.iter_mut().find(|(n, ..)| own(n)) {
                *used = true;
                self.device_wraps.insert(id, *range);
            }
        }
        DeviceId(id)
    }

    /// Takes one sample of `device` at `t` seconds since the epoch.
    pub fn push(&mut self, device: &str, t: f64, reading: Reading) {
        let device = self.device(device);
        self.push_to(device, t, reading);
    }

    /// Takes one sample of a device numbered by [`Integrator::device`] at `t` seconds since
    /// the epoch.
    pub fn push_to(&mut self, DeviceId(device): DeviceId, t: f64, reading: Reading) {
        self.counts.rows += 1;
        let key = nanos(t);
        let (kind, value) = match reading {
            Reading::Power(w) => (0, w),
            Reading::Energy(j) => (1, j),
        };
        let Some(slots) = self.slots.get_mut(device as usize) else {
            return;
        };
        if slots[kind] == NONE {
            slots[kind] = u32::try_from(self.series_count).unwrap_or(NONE - 1);
            if self.series_count.is_multiple_of(CHUNK) {
                // The first chunk grows with the log; a log that fills it fills more, and
                // each further chunk is taken whole rather than grown through copies whose
                // freed memory the allocator would keep.
                self.series.push(if self.series.is_empty() {
                    Vec::new()
                } else {
                    Vec::with_capacity(CHUNK)
                });
            }
            if let Some(chunk) = self.series.last_mut() {
                chunk.push(Series::new(device, kind == 1));
            }
            self.series_count += 1;
        }
        let index = slots[kind] as usize;
        let series = nth(&mut self.series, index);
        series.rows += 1;
        let newest = series
            .window
            .back()
            .map_or(series.last.0, |(newest, _)| newest);
        // Only where clocks go back: rows a few minutes out of order on other days are put
        // back in order (review of 2026-12-02: two rows swapped in July were refused).
        if t < newest
            && self.step_back.is_none_or(|(step, _)| newest - t > step)
            && clock_goes_back_hour(t)
        {
            self.step_back = Some((newest - t, self.line));
        }
        // Read every 25 minutes or less often, a log of local times shows the hour a clock
        // going back repeats as a time read again, or a step back shorter than the one above
        // catches (an hourly reading a few seconds early, a reading every 45 minutes stepping
        // back 15): either way the repeated hour's readings would be lost.
        if t <= newest && clock_goes_back_hour(t) {
            let before = match series.window.len() {
                0 | 1 => series.last.0,
                n => series.window.get(n - 2).map_or(f64::NAN, |(t, _)| t),
            };
            if newest - before >= SELDOM_S {
                self.repeat_in_changed_hour
                    .get_or_insert(RepeatedHour::at(t, self.line));
            }
        }
        let last = nanos(series.last.0);
        if !series.last.0.is_nan() && key <= last {
            if key == last {
                self.counts.duplicates += 1;
                // Read again with another value: another series under the name, or a log read
                // more often than its times' resolution (see below).
                if series.last.1.to_bits() != value.to_bits() {
                    self.first_clash.get_or_insert(Clash {
                        device,
                        line: self.line,
                        t,
                        kept: series.last.1,
                        other: value,
                        counter: kind == 1,
                    });
                }
            } else {
                self.counts.late += 1;
                self.first_late.get_or_insert(self.line);
            }
            return;
        }
        match series.window.back() {
            Some((newest, _)) if key <= nanos(newest) => {
                match series.window.search(&key, |&(t, _)| nanos(t)) {
                    Ok(at) => {
                        self.counts.duplicates += 1;
                        // Power read again with another value is another series under the name,
                        // whose energy dropping either would lose. A counter read again within a
                        // tick loses nothing by the second, but two counters under one name read
                        // at the same times never show as a dip, and cannot be told from it (an
                        // attack of 2026-12-02: two sockets' `dram` zones, read in one sweep,
                        // counted as one; two hosts' running totals from zero): refused too.
                        if let Some((_, kept)) = series.window.get(at)
                            && kept.to_bits() != value.to_bits()
                        {
                            self.first_clash.get_or_insert(Clash {
                                device,
                                line: self.line,
                                t,
                                kept,
                                other: value,
                                counter: kind == 1,
                            });
                        }
                    }
                    Err(at) => {
                        self.counts.reordered += 1;
                        series.window.insert(at, (t, value));
                    }
                }
            }
            _ => series.window.push_back((t, value)),
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
            closed,
            counts,
            span,
            bucket,
            gap_factor,
            wrap,
            device_wraps,
            first_above_range,
            resets_without_range,
            periods_left,
            overflow,
            first_dip,
            longest_wrapping_step,
            jump_over_changed_hour,
            repeat_in_changed_hour,
            ..
        } = self;
        let series = nth(series, index);
        if series.threshold.is_nan() {
            let times: Vec<f64> = series
                .window
                .iter()
                .take(INTERVALS_FOR_MEDIAN + 1)
                .map(|&(t, _)| t)
                .collect();
            let intervals = times.windows(2).map(|w| w[1] - w[0]).collect();
            series.threshold = median(intervals).map_or(f64::NAN, |m| m * *gap_factor);
        }
        let Some((t, value)) = series.window.pop_front() else {
            return;
        };
        let (t0, v0) = std::mem::replace(&mut series.last, (t, value));
        *span = Some(span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        if series.first.is_nan() {
            series.first = t;
        }
        if t0.is_nan() {
            return;
        }
        // A counter's difference across a silence is what the device counted in it, exactly;
        // only power readings leave a gap to estimate. An unmeasured threshold (NaN) bridges
        // every gap.
        let gap = !series.counter && t - t0 > series.threshold;
        let usual = series.threshold / *gap_factor;
        if !series.counter && jump_over_clock_change(t0, t, usual) {
            jump_over_changed_hour.get_or_insert((series.device, t0, t));
        }
        // The hour a clock going back repeats, read a little later the second time: a step an
        // hour shorter than usual (an hourly log's 02:00:02, then 02:00:06).
        if short_across_clock_change(t0, t, usual) {
            repeat_in_changed_hour.get_or_insert(RepeatedHour::short(t));
        }
        let wrap = device_wraps.get(&series.device).copied().or(*wrap);
        if series.counter
            && let Some(range) = wrap
        {
            // The step that comes closest to the time the counter takes to count its range.
            if longest_wrapping_step.is_none_or(|(s, r, _)| (t - t0) / range > s / r) {
                *longest_wrapping_step = Some((t - t0, range, series.device));
            }
            if let Some((at, reading)) =
                [(t0, v0), (t, value)].into_iter().find(|&(_, e)| e > range)
            {
                first_above_range.get_or_insert((series.device, at, reading, range));
            }
        }
        let joules = if !series.counter {
            f64::midpoint(v0, value) * (t - t0)
        } else if value < v0 {
            let (e0, e1) = (v0, value);
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
                first_dip.get_or_insert((series.device, t0, t));
                0.0
            } else {
                counts.resets += 1;
                *resets_without_range += usize::from(wrap.is_none());
                since
            }
        } else {
            value - v0
        };
        if gap {
            counts.gaps += 1;
        }
        if overflow.is_none() {
            let spread = Spread {
                bucket: *bucket,
                joules,
                gap,
                power: (!series.counter).then_some((v0, value)),
            };
            if let Err(kind) = spread.over(series, index, (t0, t), closed, periods_left) {
                let from = if kind == Overflow::Span {
                    series.first
                } else {
                    t0
                };
                *overflow = Some((series.device, from, t, kind));
            }
        }
    }

    /// Integrates every sample still waiting and fills the cells, each device from its energy
    /// counter where it has one, else from its power. The series' state is let go: a log of a
    /// million devices keeps only its cells.
    ///
    /// # Errors
    /// [`TooManyPeriods`] when two readings of a device are more than [`MAX_PERIODS`]
    /// periods apart, or the log fills more than [`MAX_CELLS`] cells; the cells are then
    /// incomplete.
    pub fn finish(&mut self) -> Result<(), TooManyPeriods> {
        if !self.finished {
            self.finished = true;
            self.integrate_the_rest();
        }
        let Some((device, from, to, kind)) = self.overflow else {
            return Ok(());
        };
        if kind == Overflow::Cells {
            return Err(TooManyPeriods::Cells);
        }
        let device = self.names.get(device).to_owned();
        let label = |t: f64| {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "a message: whole seconds suffice, and out-of-range times print as numbers"
            )]
            utc_label(t.floor() as i64).unwrap_or_else(|| format!("{t} s"))
        };
        Err(TooManyPeriods::Span {
            device,
            from: label(from),
            to: label(to),
        })
    }

    fn integrate_the_rest(&mut self) {
        // What choosing between a device's two series needs of each, once it is let go.
        let mut rows = Vec::with_capacity(self.series_count);
        let mut spans = Vec::with_capacity(self.series_count);
        for index in 0..self.series_count {
            while !nth(&mut self.series, index).window.is_empty() {
                self.flush_one(index);
            }
            let series = nth(&mut self.series, index);
            let (from, _, cell) =
                std::mem::replace(&mut series.open, (f64::NAN, f64::NAN, Cell::default()));
            rows.push(series.rows);
            spans.push(series.span());
            if !from.is_nan() {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "series are numbered in u32 by `push_to`"
                )]
                self.closed.push((index as u32, period_key(from), cell));
            }
            if index % CHUNK == CHUNK - 1 {
                self.series[index / CHUNK] = Vec::new();
            }
        }
        self.series = Vec::new();
        // The time each series covers, summed over its periods in order.
        let mut covered = vec![0.0; self.series_count];
        for (series, _, cell) in &self.closed {
            covered[*series as usize] += cell.covered_s;
        }
        // Devices by name, in byte order as the writers list them.
        self.order = self.names.sorted();
        let mut chosen = vec![NONE; self.series_count];
        let mut unread: Vec<(u32, f64, f64)> = Vec::new();
        self.spans = Vec::with_capacity(self.order.len());
        for (position, device) in self.order.iter().enumerate() {
            let [power, counter] = self.slots[*device as usize];
            #[allow(
                clippy::cast_possible_truncation,
                reason = "devices are numbered in u32 by `device`"
            )]
            let position = position as u32;
            let span = |series: u32| spans.get(series as usize).copied().flatten();
            // The time no series read covers: the series left out reaches beyond the one read,
            // or the two, one after the other, leave time between them.
            let (picks, holes) = match (power, counter) {
                (NONE, NONE) => {
                    self.silent.push(*device);
                    ([NONE, NONE], Vec::new())
                }
                (only, NONE) | (NONE, only) => ([only, NONE], Vec::new()),
                // One after the other (a counter that stops reporting, power read on): each
                // covers time the other does not, and both are read (an attack of
                // 2026-12-03, helper 73: the power readings after a counter stopped were left
                // out, and the energy with them; helper 75: the time between them).
                (power, counter)
                    if span(power)
                        .zip(span(counter))
                        .is_some_and(|(p, c)| p.1 <= c.0 || c.1 <= p.0) =>
                {
                    ([power, counter], between(span(power), span(counter)))
                }
                // The counter is the device's own integration, and wins where it covers as
                // much time as the power readings; one read for less of the log would lose
                // the rest.
                (power, counter) if covered[counter as usize] >= covered[power as usize] => {
                    self.counts.superseded += rows[power as usize];
                    ([counter, NONE], beyond(span(counter), span(power)))
                }
                (power, counter) => {
                    self.counts.short_counters += rows[counter as usize];
                    ([power, NONE], beyond(span(power), span(counter)))
                }
            };
            if !holes.is_empty() {
                self.counts.partly_read += 1;
                self.first_partly_read.get_or_insert(*device);
                unread.extend(holes.into_iter().map(|(from, to)| (position, from, to)));
            }
            for pick in picks.into_iter().filter(|&p| p != NONE) {
                chosen[pick as usize] = position;
            }
            self.spans.push(
                [power, counter]
                    .into_iter()
                    .filter(|&i| i != NONE)
                    .filter_map(|i| spans[i as usize])
                    .reduce(|(a, b), (c, d)| (a.min(c), b.max(d))),
            );
        }
        drop((rows, spans, covered));
        self.slots = Vec::new();
        let mut cells: Vec<(u32, i64, Cell)> = std::mem::take(&mut self.closed)
            .into_iter()
            .filter_map(|(series, start, cell)| {
                let device = chosen[series as usize];
                (device != NONE).then_some((device, start, cell))
            })
            .collect();
        merge(&mut cells);
        if !unread.is_empty() {
            let missing = unread_cells(self.bucket, &cells, &unread);
            self.counts.gaps += unread.len() as u64;
            cells.extend(missing);
            merge(&mut cells);
        }
        self.cells = cells;
    }

    /// The first device, in the order of names, whose power readings and counter leave time
    /// that no series read covers ([`Counts::partly_read`]); after [`Integrator::finish`].
    #[must_use]
    pub fn first_partly_read(&self) -> Option<&str> {
        self.first_partly_read.map(|device| self.names.get(device))
    }

    /// The first reading of a series read every 25 minutes or less often that repeats a time,
    /// steps back, or comes an hour short of the usual step in the hours clocks go back in
    /// ([`clock_goes_back_hour`]): in local time without a zone, the hour the clock repeats,
    /// whose second readings would be left out as copies, put back in order among the first,
    /// or taken for another series under the name. `None` when a reading repeated a time with
    /// another value outside those hours first: then the log has two series under one name
    /// whatever its times, and is refused as such.
    #[must_use]
    pub fn repeat_in_changed_hour(&self) -> Option<RepeatedHour> {
        self.repeat_in_changed_hour
            .filter(|_| self.first_clash.is_none_or(|c| clock_goes_back_hour(c.t)))
    }

    /// The first step between two power readings of a device an hour longer than its usual
    /// one, in the hours clocks change in ([`clock_change_hour`]): its device and the two
    /// times. In local time without a zone, the hour summer time skips, bridged as if it had
    /// passed, would add an hour's energy.
    #[must_use]
    pub fn jump_over_changed_hour(&self) -> Option<(&str, f64, f64)> {
        self.jump_over_changed_hour
            .map(|(device, from, to)| (self.names.get(device), from, to))
    }

    /// The largest step back in time from a series' newest reading to the next, s, and the
    /// line it came on (0 where the reader does not say).
    #[must_use]
    pub fn largest_step_back(&self) -> Option<(f64, usize)> {
        self.step_back
    }

    /// The first reading at a time its series already had, with another value: the device's
    /// name, the line, the time and the two values.
    fn first_clash(&self) -> Option<(String, Clash)> {
        self.first_clash
            .map(|clash| (self.names.get(clash.device).to_owned(), clash))
    }

    /// The device whose counter went down by less than a reset or a wrap would, and the two
    /// times; after [`Integrator::finish`].
    fn first_dip(&self) -> Option<(String, f64, f64)> {
        self.first_dip
            .map(|(device, from, to)| (self.names.get(device).to_owned(), from, to))
    }

    /// Energy by device and period start, ordered by device name and then time; after
    /// [`Integrator::finish`].
    pub fn cells(&self) -> impl Iterator<Item = (&str, i64, &Cell)> {
        self.cells.iter().map(|(position, start, cell)| {
            (self.names.get(self.order[*position as usize]), *start, cell)
        })
    }

    /// What is wrong with the first counter reading above its device's range, and the fix.
    fn above_range(&self) -> Option<(String, &'static str)> {
        let (device, t, reading, range) = self.first_above_range?;
        let at = checked_time(t);
        let plain = crate::text::number::plain;
        Some((
            format!(
                "the counter of `{}` reads {} µJ at {at}, above the range of {} µJ it is said to wrap at: its domain wraps at another range, or the reading is wrong",
                self.names.get(device),
                plain(reading * 1e6),
                plain(range * 1e6)
            ),
            "give each domain its own range, as its zone's max_energy_range_uj says: --max-energy-range-uj package-0=262143328850 --max-energy-range-uj dram=65712999613",
        ))
    }

    /// What is wrong with a range given a name no device of the log has (a name mistyped,
    /// whose domain's counter then wraps at another range), and the fix.
    fn unused_range(&self) -> Option<(String, String)> {
        let (name, ..) = self.named_wraps.iter().find(|(.., used)| !used)?;
        let mut devices: Vec<&str> = (0..self.names.len()).map(|n| self.names.get(n)).collect();
        devices.sort_unstable();
        Some((
            format!("--max-energy-range-uj names `{name}`, which no domain of the log is"),
            format!("the log's domains: {}", devices.join(", ")),
        ))
    }

    /// The time between two readings of a counter that wraps at a known range that is the
    /// longest against its range, s, its device and the range, J; after
    /// [`Integrator::finish`].
    #[must_use]
    pub fn longest_wrapping_step(&self) -> Option<(&str, f64, f64)> {
        self.longest_wrapping_step
            .map(|(seconds, range, device)| (self.names.get(device), seconds, range))
    }

    /// The device that drew the most on average over the log, and that mean power, W: its
    /// energy over the time its samples cover, periods summed; after [`Integrator::finish`].
    /// A device whose samples cover no time has no mean.
    #[must_use]
    pub fn busiest_device(&self) -> Option<(&str, f64)> {
        self.cells
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(|cells| {
                let (joules, seconds) = cells.iter().fold((0.0, 0.0), |(j, s), (_, _, c)| {
                    (j + c.joules, s + c.covered_s)
                });
                (seconds > 0.0).then(|| {
                    let name = self.names.get(self.order[cells[0].0 as usize]);
                    (name, joules / seconds)
                })
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Devices whose readings cover time but count no energy in any period (a counter that
    /// never moved, power read as 0 W throughout), in the order of their names; after
    /// [`Integrator::finish`]. Such a device may be one that draws nothing (a RAPL domain a
    /// processor does not meter reads 0), or a logger that was stuck.
    pub fn devices_without_energy(&self) -> impl Iterator<Item = &str> {
        self.cells.chunk_by(|a, b| a.0 == b.0).filter_map(|cells| {
            let covered = cells.iter().any(|(_, _, c)| c.covered_s > 0.0);
            let none = cells.iter().all(|(_, _, c)| c.joules <= 0.0);
            (covered && none).then(|| self.names.get(self.order[cells[0].0 as usize]))
        })
    }

    /// The names that differ from an earlier one in case alone (`gpu0`, `GPU0`, `straße` and
    /// `STRASSE`: [`crate::text::case_folded`]), how many, and the
    /// first such pair in the order of their names; after [`Integrator::finish`]. They are
    /// read as separate devices, as written; where they are one device under two spellings,
    /// its energy is split between them and its gaps are counted twice (an attack of
    /// 2026-12-03, helper 66, left open then).
    #[must_use]
    pub fn names_differing_in_case(&self) -> Option<(usize, (&str, &str))> {
        use crate::text::case_folded as lower;
        use std::hash::{BuildHasher as _, Hasher as _};
        // A hash of each name's folded case, not the folded name itself: a fleet's million
        // devices would hold a million strings more.
        let state = std::collections::hash_map::RandomState::new();
        let folded = |name: &str| {
            let mut hasher = state.build_hasher();
            for c in lower(name) {
                hasher.write_u32(u32::from(c));
            }
            hasher.finish()
        };
        let same = |a: &str, b: &str| a != b && lower(a).eq(lower(b));
        // Names are unique, so a second name under one hash differs in case alone, or is a
        // collision of 64-bit hashes, which the comparison tells apart.
        let mut seen = std::collections::HashMap::with_capacity(self.order.len());
        let (mut count, mut first) = (0, None);
        for &device in &self.order {
            let name = self.names.get(device);
            if let Some(other) = seen.insert(folded(name), device)
                && same(self.names.get(other), name)
            {
                count += 1;
                first.get_or_insert((self.names.get(other), name));
            }
        }
        first.map(|pair| (count, pair))
    }

    /// Devices the log names whose readings cover no time (one reading, or all at one
    /// instant), so that no energy could be counted for them, in the order of their names;
    /// after [`Integrator::finish`]. Their energy is missing from every figure (an attack of
    /// 2026-12-03, helper 66: a device with one reading left the output without a word).
    pub fn devices_without_time(&self) -> impl Iterator<Item = &str> {
        let mut covered = vec![false; self.order.len()];
        for (position, _, cell) in &self.cells {
            if cell.covered_s > 0.0
                && let Some(seen) = covered.get_mut(*position as usize)
            {
                *seen = true;
            }
        }
        self.order
            .iter()
            .zip(covered)
            .filter(|(_, covered)| !covered)
            .map(|(&device, _)| self.names.get(device))
    }

    /// The energy of `device` in the period starting at `start`; after
    /// [`Integrator::finish`].
    #[must_use]
    pub fn cell(&self, device: &str, start: i64) -> Option<&Cell> {
        let position = self.position(device)?;
        let position = u32::try_from(position).ok()?;
        self.cells
            .binary_search_by_key(&(position, start), |&(d, s, _)| (d, s))
            .ok()
            .map(|i| &self.cells[i].2)
    }

    /// The place of `device` in the order of names; after [`Integrator::finish`].
    fn position(&self, device: &str) -> Option<usize> {
        self.order
            .binary_search_by(|&n| self.names.get(n).cmp(device))
            .ok()
    }

    /// First and last timestamps integrated for `device`, s; after [`Integrator::finish`].
    #[must_use]
    pub fn device_span(&self, device: &str) -> Option<(f64, f64)> {
        let position = self.position(device)?;
        self.spans.get(position).copied().flatten()
    }
}

/// The key of the period starting at `from`: its start in whole seconds, 0 for the whole log.
fn period_key(from: f64) -> i64 {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "period starts are whole seconds"
    )]
    let key = if from.is_finite() { from as i64 } else { 0 };
    key
}

/// Energy over an interval to be shared among the periods it falls in.
struct Spread {
    bucket: Bucket,
    joules: f64,
    gap: bool,
    /// The power read at the interval's ends (W), for a series of power readings: the
    /// trapezoid it integrates is shared by its own shape, not by time.
    power: Option<(f64, f64)>,
}

impl Spread {
    /// Adds the energy over [t0, t1] to the periods of `series` it falls in, closing
    /// each filled period into `closed`. Refused when the series would span more than
    /// [`MAX_PERIODS`] periods, or open more than `periods_left`.
    fn over(
        &self,
        series: &mut Series,
        index: usize,
        (t0, t1): (f64, f64),
        closed: &mut Vec<(u32, i64, Cell)>,
        periods_left: &mut usize,
    ) -> Result<(), Overflow> {
        #[allow(clippy::cast_precision_loss, reason = "a million is exact in an f64")]
        if (t1 - series.first) / self.bucket.shortest() > MAX_PERIODS as f64 {
            return Err(Overflow::Span);
        }
        let dt = t1 - t0;
        let mut start = t0;
        while start < t1 {
            let (from, to, _) = series.open;
            // NaN (no open period) compares false.
            if !(from <= start && start < to) {
                if !from.is_nan() {
                    let cell = std::mem::take(&mut series.open.2);
                    #[allow(
                        clippy::cast_possible_truncation,
                        reason = "series are numbered in u32 by `push_to`"
                    )]
                    closed.push((index as u32, period_key(from), cell));
                }
                let Some(left) = periods_left.checked_sub(1) else {
                    series.open = (f64::NAN, f64::NAN, Cell::default());
                    return Err(Overflow::Cells);
                };
                *periods_left = left;
                let (from, to) = self.bucket.bounds(start);
                series.open = (from, to, Cell::default());
            }
            let (_, next, cell) = &mut series.open;
            let end = next.min(t1);
            let joules = match self.power {
                _ if start <= t0 && end >= t1 => self.joules,
                // The trapezoid's own part: power read at both ends and linear between them.
                Some((p0, p1)) if dt > 0.0 => {
                    let at = |t: f64| p0 + (p1 - p0) * (t - t0) / dt;
                    f64::midpoint(at(start), at(end)) * (end - start)
                }
                // A counter says nothing of when in the interval it counted: by time.
                _ => self.joules * if dt > 0.0 { (end - start) / dt } else { 1.0 },
            };
            if self.gap {
                cell.missing_s += end - start;
                cell.gap_estimate_joules += joules;
            } else {
                cell.covered_s += end - start;
                cell.joules += joules;
            }
            if !next.is_finite() {
                break;
            }
            start = end;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the samples are chosen so the sums are exact"
)]
mod tests {
    use super::*;

    #[test]
    fn the_hour_a_clock_change_skips_is_told_from_a_step_of_an_hour() {
        // Sunday 29 March 2026 (the EU's change) and Monday 30 March, as seconds since 1970.
        let sunday = 1_774_742_400.0;
        let monday = sunday + 86_400.0;
        let at = |day: f64, h: f64, m: f64| day + h * 3_600.0 + m * 60.0;
        assert!(
            clock_change_hour(at(sunday, 2.0, 30.0)) && clock_change_hour(at(sunday, 0.0, 30.0))
        );
        assert!(
            !clock_change_hour(at(sunday, 4.0, 0.0)) && !clock_change_hour(at(monday, 2.0, 0.0))
        );
        // Sundays on which no clock changes (review, 2026-12-01, later): 14 June, 1 March (the
        // US changes on the second Sunday), 6 September (New Zealand's is the last), 15 November;
        // and those on which one does: 8 March (the US), 4 October (Australia), 27 September
        // (New Zealand), 1 November (the US).
        for (days, changes) in [
            (77.0, false),
            (-28.0, false),
            (161.0, false),
            (231.0, false),
            (-21.0, true),
            (189.0, true),
            (182.0, true),
            (217.0, true),
        ] {
            let t = at(sunday + days * 86_400.0, 2.0, 0.0);
            assert_eq!(clock_change_hour(t), changes, "{days}");
        }
        // 01:45 to 03:00, read every 15 minutes: an hour more than usual, across 02:00. Not on
        // a Monday, nor in a log read every 5 minutes, nor where the usual step is not known.
        let step = |day: f64, usual: f64| {
            jump_over_clock_change(at(day, 1.0, 45.0), at(day, 3.0, 0.0), usual)
        };
        assert!(step(sunday, 900.0));
        assert!(!step(monday, 900.0) && !step(sunday, 300.0) && !step(sunday, f64::NAN));
    }

    #[test]
    fn a_device_is_chosen_across_chunks_of_series() {
        // A device's power in the first chunk and its counter in the second, with a chunk of
        // other devices between: `finish` lets the first chunk go before it reaches the
        // counter, and still picks the counter (210 J against 200 J of power, as in
        // `a_device_with_a_counter_is_reported_from_it`).
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, p) in [(0.0, 100.0), (1.0, 100.0), (2.0, 100.0)] {
            i.push("gpu0", t, Reading::Power(p));
        }
        for n in 0..CHUNK {
            let name = format!("node{n}");
            i.push(&name, 0.0, Reading::Power(10.0));
            i.push(&name, 1.0, Reading::Power(10.0));
        }
        for (t, e) in [(0.0, 0.0), (1.0, 100.0), (2.0, 210.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        assert_eq!(i.series.len(), 2);
        i.finish().unwrap();
        assert!(i.series.is_empty());
        assert_eq!(i.cell("gpu0", 0).unwrap().joules, 210.0);
        assert_eq!(i.counts.superseded, 3);
        assert_eq!(i.cell("node0", 0).unwrap().joules, 10.0);
        assert_eq!(
            i.cell(&format!("node{}", CHUNK - 1), 0).unwrap().joules,
            10.0
        );
        assert_eq!(i.cells().count(), CHUNK + 1);
        assert_eq!(i.device_span("gpu0"), Some((0.0, 2.0)));
    }

    #[test]
    fn a_counter_and_power_one_after_the_other_are_both_read() {
        // Helper 73's case, small: a counter over 0–3,600 s at 100 W (360,000 J), then power
        // readings of 200 W over 3,600–7,200 s (720,000 J); each covers time the other does not.
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, e) in [(0.0, 0.0), (1800.0, 180_000.0), (3600.0, 360_000.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        for t in [3600.0, 5400.0, 7200.0] {
            i.push("gpu0", t, Reading::Power(200.0));
        }
        i.finish().unwrap();
        assert_eq!(i.cell("gpu0", 0).unwrap().joules, 1_080_000.0);
        assert_eq!((i.counts.superseded, i.counts.partly_read), (0, 0));
        // Four hours between them that neither covers (helper 75): both read, the hole named.
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, e) in [(0.0, 0.0), (3600.0, 360_000.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        for t in [18_000.0, 21_600.0] {
            i.push("gpu0", t, Reading::Power(100.0));
        }
        i.finish().unwrap();
        let cell = i.cell("gpu0", 0).unwrap();
        assert_eq!(cell.joules, 720_000.0);
        // 3,600 to 18,000 s, at the 100 W the device drew over its 7,200 s covered.
        assert_eq!(
            (cell.missing_s, cell.gap_estimate_joules),
            (14_400.0, 1_440_000.0)
        );
        assert_eq!(i.first_partly_read(), Some("gpu0"));
        // Overlapping, the power readings running on after the counter: the counter is read,
        // and the device is counted as one whose other series covers more.
        let mut i = Integrator::new(Bucket::Total, 5.0);
        for (t, e) in [(0.0, 0.0), (1800.0, 180_000.0), (3600.0, 360_000.0)] {
            i.push("gpu0", t, Reading::Energy(e));
        }
        for t in [1800.0, 3600.0, 5400.0] {
            i.push("gpu0", t, Reading::Power(100.0));
        }
        i.finish().unwrap();
        assert_eq!(i.cell("gpu0", 0).unwrap().joules, 360_000.0);
        assert_eq!(i.counts.partly_read, 1);
        assert_eq!(i.first_partly_read(), Some("gpu0"));
    }

    #[test]
    fn a_log_filling_more_cells_than_the_limit_is_refused() {
        // Five devices read twice, 900,000 hours apart: each within the span a device may
        // have, together 4,500,000 hourly cells, past the 2²² (4,194,304) a log may fill.
        let mut i = Integrator::new(Bucket::Hour, 5.0);
        let hours = 900_000.0 * 3600.0;
        for n in 0..5 {
            let name = format!("gpu{n}");
            i.push(&name, 946_684_800.0, Reading::Power(100.0));
            i.push(&name, 946_684_800.0 + hours, Reading::Power(100.0));
        }
        assert_eq!(i.finish(), Err(TooManyPeriods::Cells));
    }
}
