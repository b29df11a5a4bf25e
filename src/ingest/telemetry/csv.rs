//! CSV telemetry logs: nvidia-smi's `--format=csv`, Linux RAPL counters sampled into a CSV,
//! and the generic long CSV `timestamp,device,power_w,energy_j`.
//!
//! Records are split by hand rather than by a general CSV reader: a telemetry log is hundreds
//! of millions of short rows and the reader is the cost of ingesting it. The splitter follows
//! RFC 4180 (fields separated by commas, double-quoted fields with `""` for a quote) but for
//! line breaks inside quotes, which a log of one record a line never writes and a stray quote
//! would fake; it trims spaces around fields, as nvidia-smi writes `, `.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use super::names::Names;
use super::{
    Integrator, MAX_LINE_BYTES, Reading, energy_unit, number, power_unit, read_line,
    timestamp_and_zone,
};
use crate::ingest::IngestError;

/// Which columns of a CSV log hold what.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The timestamp.
    pub timestamp: String,
    /// The device (GPU index, RAPL domain, host name); one device when absent from the log.
    pub device: Option<String>,
    /// Whether the device column must be in the log: named by the user, it is not left out
    /// for one device when the header lacks it.
    pub device_required: bool,
    /// Power columns in watts, with or without their unit, the first present read.
    pub power: Vec<String>,
    /// A cumulative energy counter.
    pub energy: Option<String>,
    /// Joules per unit of the energy counter when its header names no unit: 1 for J, 1e-6
    /// for RAPL's µJ.
    pub joules_per_unit: f64,
    /// A column naming each device uniquely everywhere, joined to the device's name when the
    /// log has it: nvidia-smi's `uuid`. An index repeats on every machine, so a log of several
    /// machines merged in time order would otherwise read their GPU 0 as one GPU sampled more
    /// often, its energy their average rather than their sum.
    pub unique_id: Option<String>,
}

/// Headers of a column naming the machine a row was read on (matched without regard to
/// case, as DCGM's label is `Hostname`). When a log has one, each device is named
/// `host:device`, as the Prometheus reader names GPUs: devices repeat their names across
/// machines.
const HOST_HEADERS: [&str; 3] = ["host", "hostname", "host_name"];

impl Columns {
    /// The columns of `nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv`.
    ///
    /// NVIDIA's nvidia-smi documentation (`--help-query-gpu`): headers carry units,
    /// `power.draw [W]`, unless `nounits` is given, and values then read `245.30 W`;
    /// `power.draw` is a one-second average on Ampere and newer, `power.draw.average` and
    /// `power.draw.instant` are read when `power.draw` was not queried. nvidia-smi has no
    /// total-energy query field; NVML's `nvmlDeviceGetTotalEnergyConsumption` (mJ since the
    /// driver loaded) is read from a column named `energy` (or `--energy`) when a logger adds
    /// one, with its unit in the header (`energy [mJ]`) or mJ when none is written.
    #[must_use]
    pub fn nvidia_smi(energy: &str) -> Self {
        Self {
            timestamp: "timestamp".to_owned(),
            device: Some("index".to_owned()),
            device_required: false,
            power: ["power.draw", "power.draw.average", "power.draw.instant"]
                .map(str::to_owned)
                .to_vec(),
            energy: Some(energy.to_owned()),
            joules_per_unit: 1e-3,
            unique_id: Some("uuid".to_owned()),
        }
    }

    /// The generic long CSV, `timestamp,device,power_w,energy_j`, with power in W and the
    /// counter in J.
    #[must_use]
    pub fn long() -> Self {
        Self {
            timestamp: "timestamp".to_owned(),
            device: Some("device".to_owned()),
            device_required: false,
            power: vec!["power_w".to_owned()],
            energy: Some("energy_j".to_owned()),
            joules_per_unit: 1.0,
            unique_id: None,
        }
    }

    /// Linux powercap RAPL counters sampled into a CSV: `TIMESTAMP,domain,energy_uj`, the
    /// counter in µJ as `/sys/class/powercap/intel-rapl:*/energy_uj` reports it.
    #[must_use]
    pub fn rapl(timestamp: &str) -> Self {
        Self {
            timestamp: timestamp.to_owned(),
            device: Some("domain".to_owned()),
            device_required: false,
            power: Vec::new(),
            energy: Some("energy_uj".to_owned()),
            joules_per_unit: 1e-6,
            unique_id: None,
        }
    }
}

/// A log's records, one at a time, split into fields without allocating per record.
pub struct Records<R> {
    reader: R,
    /// The record's bytes.
    buffer: Vec<u8>,
    /// Each field's start and end in `buffer`, and whether it is quoted.
    fields: Vec<(usize, usize, bool)>,
    /// The line the next record starts on.
    next_line: usize,
    /// The line the current record starts on.
    line: usize,
    /// The longest record read, in bytes.
    max_bytes: usize,
    /// Whether the records start after the log's first line, where a byte-order mark may be.
    after_header: bool,
    /// Whether the current record ended with a line break.
    ended: bool,
}

impl<R: BufRead> Records<R> {
    /// Records read from `reader`, none longer than [`MAX_LINE_BYTES`].
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            buffer: Vec::with_capacity(256),
            fields: Vec::with_capacity(16),
            next_line: 1,
            line: 0,
            max_bytes: MAX_LINE_BYTES,
            after_header: false,
            ended: false,
        }
    }

    /// Records that follow a log's header, so a first line is not looked at for a byte-order
    /// mark.
    #[must_use]
    fn after_the_header(mut self) -> Self {
        self.after_header = true;
        self
    }

    /// Refuses records longer than `bytes`.
    #[must_use]
    pub fn max_bytes(mut self, bytes: usize) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Reads the next record; `false` at the end of the log. Blank lines are skipped.
    ///
    /// # Errors
    /// A read failure, a record longer than the limit, or one that is not UTF-8.
    pub fn advance(&mut self) -> std::io::Result<bool> {
        loop {
            self.buffer.clear();
            self.line = self.next_line;
            let room = self.max_bytes;
            let read = read_line(&mut self.reader, &mut self.buffer, room)?;
            if read == 0 {
                return Ok(false);
            }
            self.next_line += 1;
            self.ended = self.buffer.last() == Some(&b'\n');
            // RFC 4180 lets a quoted field hold a line break, but a telemetry log writes one
            // record a line: a quote left open is a stray one, and reading on would take the
            // rows after it into one field, or pair it with a stray quote further down.
            if memchr::memchr_iter(b'"', &self.buffer).count() % 2 == 1 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "a quote opened on this line is not closed on it; a telemetry log has one record a line",
                ));
            }
            if self.line == 1 && !self.after_header && self.buffer.starts_with(b"\xEF\xBB\xBF") {
                self.buffer.drain(..3);
            }
            while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
                self.buffer.pop();
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if std::str::from_utf8(&self.buffer).is_err() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "not UTF-8 text",
                ));
            }
            if !self.split() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "text follows a closing quote on this line (as in `\"25\"0`): a quoted field ends at its quote, and what follows it would be dropped",
                ));
            }
            return Ok(true);
        }
    }

    /// Splits the record into fields; `false` where text follows a quoted field's closing
    /// quote (RFC 4180 allows none), which a reader would keep or drop as it likes.
    fn split(&mut self) -> bool {
        self.fields.clear();
        let mut clean = true;
        let bytes = &self.buffer;
        let mut at = 0;
        loop {
            while at < bytes.len() && bytes[at] == b' ' {
                at += 1;
            }
            let (start, end, quoted);
            if bytes.get(at) == Some(&b'"') {
                start = at + 1;
                let mut i = start;
                // `""` inside quotes is a quote; the first lone quote closes the field.
                while i < bytes.len() {
                    if bytes[i] == b'"' {
                        if bytes.get(i + 1) == Some(&b'"') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                end = i.min(bytes.len());
                quoted = true;
                at = bytes[end..]
                    .iter()
                    .position(|&b| b == b',')
                    .map_or(bytes.len(), |p| end + p);
                let after = bytes.get(end + 1..at).unwrap_or_default();
                clean &= after.iter().all(|&b| matches!(b, b' ' | b'\t'));
            } else {
                start = at;
                at = bytes[at..]
                    .iter()
                    .position(|&b| b == b',')
                    .map_or(bytes.len(), |p| at + p);
                let mut e = at;
                while e > start && matches!(bytes[e - 1], b' ' | b'\t') {
                    e -= 1;
                }
                end = e;
                quoted = false;
            }
            self.fields.push((start, end, quoted));
            if at >= bytes.len() {
                break;
            }
            at += 1;
        }
        clean
    }

    /// Whether the current record ended with a line break: only a log's last line may not,
    /// and then it may have been cut short.
    #[must_use]
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// The line the current record starts on.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// Fields in the current record.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the current record has no field.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Field `i` of the current record, unquoted; empty when the record is shorter.
    #[must_use]
    pub fn get(&self, i: usize) -> Cow<'_, str> {
        let Some(&(start, end, quoted)) = self.fields.get(i) else {
            return Cow::Borrowed("");
        };
        // `advance` checked the record is UTF-8, and fields split at ASCII bytes.
        let text = std::str::from_utf8(&self.buffer[start..end]).unwrap_or_default();
        if quoted && text.contains("\"\"") {
            Cow::Owned(text.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(text)
        }
    }
}

/// The unit a header names in brackets (`energy [mJ]`, `power.draw [W]`), if any.
fn header_unit(header: &str) -> Option<&str> {
    let header = header.trim();
    if let Some(unit) = [(" [", ']'), (" (", ')'), ("[", ']'), ("(", ')')]
        .iter()
        .find_map(|(open, close)| header.split_once(open)?.1.strip_suffix(*close))
    {
        return Some(unit.trim());
    }
    // A unit as the name's last word (`power_kw`, `energy_kwh`), where it can mean only one
    // unit; `_mw` and `_mj` could be milli or mega, and are refused as no known unit.
    let (_, suffix) = header.rsplit_once(['_', '.', '-', ' '])?;
    let word = suffix.to_lowercase();
    if AMBIGUOUS_UNIT_WORDS.contains(&word.as_str()) {
        return Some(suffix);
    }
    LAST_WORD_UNITS
        .iter()
        .find(|(spellings, _)| spellings.contains(&word.as_str()))
        .map(|&(_, unit)| unit)
}

/// The units a header's last word names, lower-cased, and the unit each is read as.
const LAST_WORD_UNITS: &[(&[&str], &str)] = &[
    (&["w", "watt", "watts"], "W"),
    (&["kw", "kilowatt", "kilowatts"], "kW"),
    (&["milliwatt", "milliwatts"], "mW"),
    (&["megawatt", "megawatts"], "MW"),
    (&["j", "joule", "joules"], "J"),
    (&["kj", "kilojoule", "kilojoules"], "kJ"),
    (&["millijoule", "millijoules"], "mJ"),
    (&["megajoule", "megajoules"], "MJ"),
    (&["uj", "µj", "μj", "microjoule", "microjoules"], "µJ"),
    (&["wh"], "Wh"),
    (&["kwh"], "kWh"),
];

/// Last words that are milli or mega as written (`mW`, `MJ`), read only in that case.
const AMBIGUOUS_UNIT_WORDS: &[&str] = &["mw", "mj", "mwh"];

/// Words that name a unit of power or energy that no header is read in, beside
/// [`LAST_WORD_UNITS`] and [`AMBIGUOUS_UNIT_WORDS`]: a header holding any of them where
/// [`header_unit`] finds none (`energy_kwh_total`, `powerKW`, `kWh`, `energy_nj`) names a unit
/// wattprint cannot place, which is refused rather than read as the default unit (an attack of
/// 2026-12-03, helper 66: kWh counters read as joules, 3.6 million times too low).
const UNREAD_UNIT_WORDS: &[&str] = &[
    "uw",
    "µw",
    "μw",
    "nw",
    "gw",
    "microwatt",
    "microwatts",
    "nj",
    "gj",
    "nanojoule",
    "nanojoules",
    "gigajoule",
    "gigajoules",
    "gwh",
    "watthour",
    "watthours",
    "kilowatthour",
    "kilowatthours",
    "megawatthour",
    "megawatthours",
    "btu",
    "cal",
    "kcal",
];

/// Whether `word`, lower-cased, names a unit of power or energy.
fn is_unit_word(word: &str) -> bool {
    AMBIGUOUS_UNIT_WORDS.contains(&word)
        || UNREAD_UNIT_WORDS.contains(&word)
        || LAST_WORD_UNITS
            .iter()
            .any(|(spellings, _)| spellings.contains(&word))
}

/// The first word of `header` that names a unit ([`is_unit_word`]): its words split at anything
/// not a letter or digit and where a lower-case letter meets a capital (`powerKW`).
fn unit_word(header: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for part in header.split(|c: char| !c.is_alphanumeric()) {
        words.push(part.to_lowercase());
        let mut word = String::new();
        let mut lower_before = false;
        for c in part.chars() {
            if c.is_uppercase() && lower_before && !word.is_empty() {
                words.push(std::mem::take(&mut word).to_lowercase());
            }
            lower_before = c.is_lowercase();
            word.push(c);
        }
        words.push(word.to_lowercase());
    }
    words.into_iter().find(|w| is_unit_word(w))
}

/// The error for a column `header` of `kind` (power or energy) whose header names a unit,
/// `written`, that is not one of that kind.
fn not_a_unit_of(file: &Path, header: &str, written: &str, kind: &str) -> IngestError {
    IngestError::Invalid {
        file: file.to_owned(),
        line: 1,
        message: format!("the column `{header}` is in `{written}`, which is not a unit of {kind}"),
        hint: if kind == "power" {
            "name the unit in brackets: W, mW, kW or MW (`power [mW]`)".to_owned()
        } else {
            "name the unit in brackets: J, kJ, MJ, mJ, µJ, Wh, kWh or MWh (`energy [mJ]`)"
                .to_owned()
        },
    }
}

/// The error for a column `header` of `kind` (power or energy) that names a unit, `word`,
/// where [`header_unit`] reads none.
fn unplaced_unit(file: &Path, header: &str, word: &str, kind: &str) -> IngestError {
    IngestError::Invalid {
        file: file.to_owned(),
        line: 1,
        message: format!(
            "the column `{header}` names a unit, `{word}`, where wattprint does not read one (only in brackets after the name, or as its last word after `_`, `.`, `-` or a space), so its readings' unit is not known"
        ),
        hint: if kind == "power" {
            "name the unit in brackets after the name: W, mW, kW or MW (`power [kW]`)".to_owned()
        } else {
            "name the unit in brackets after the name: J, kJ, MJ, mJ, µJ, Wh, kWh or MWh (`energy [kWh]`)"
                .to_owned()
        },
    }
}

/// Refuses a column read (`used`) under a name `header` gives twice, units aside: which holds
/// the readings is not known (helper 66: the first of two `power_w` columns was read, the
/// other ignored).
fn named_twice(
    file: &Path,
    header: &[String],
    used: impl Iterator<Item = usize>,
) -> Result<(), IngestError> {
    let name_of = |h: &str| {
        let h = h.trim();
        let h = h.split(" [").next().unwrap_or(h);
        h.split(" (").next().unwrap_or(h).to_owned()
    };
    for i in used {
        let name = name_of(&header[i]);
        if let Some(j) = (0..header.len()).find(|&j| j != i && name_of(&header[j]) == name) {
            return Err(IngestError::Invalid {
                file: file.to_owned(),
                line: 1,
                message: format!(
                    "the header names `{name}` twice (columns {} and {}): which holds the readings is not known",
                    i.min(j) + 1,
                    i.max(j) + 1
                ),
                hint: "keep one column of each name, or name the one to read with --timestamp, --device, --power or --energy after renaming the other".to_owned(),
            });
        }
    }
    Ok(())
}

/// Where each reading is in a log's records.
struct Layout {
    timestamp: usize,
    device: Option<usize>,
    /// The machine's column, whose value comes before the device's in its name.
    host: Option<usize>,
    /// The column naming a device uniquely, whose value comes after the device's.
    unique_id: Option<usize>,
    /// The columns after the last named one whose header field is empty (a header ending in
    /// a comma): no value may stand under them. An unnamed column before (a row index, as
    /// pandas and R write) is read past.
    unnamed: Vec<usize>,
    /// The power column and its watts per unit.
    power: Option<(usize, f64)>,
    /// The counter's column and its joules per unit.
    energy: Option<(usize, f64)>,
}

impl Layout {
    fn of(file: &Path, header: &[String], columns: &Columns) -> Result<Self, IngestError> {
        // nvidia-smi writes units into its headers (`power.draw [W]`): match the name before them.
        let find = |name: &str| {
            header.iter().position(|h| {
                h == name
                    || h.split(" [").next() == Some(name)
                    || h.split(" (").next() == Some(name)
            })
        };
        let missing = |name: &str| IngestError::Invalid {
            file: file.to_owned(),
            line: 1,
            message: format!("no `{name}` column"),
            hint: if header.len() == 1 && header[0].contains(';') {
                "the log's fields are separated by semicolons: export it with commas (and a point for decimals)".to_owned()
            } else if timestamp_and_zone(&header[0]).is_some() {
                "the first line is a row, not a header: log with a header line (nvidia-smi's `--format=csv`, not `noheader`), or add one".to_owned()
            } else {
                format!(
                    "the header has: {}; name the columns with --timestamp, --device, --power or --energy",
                    header.join(", ")
                )
            },
        };
        let timestamp = find(&columns.timestamp).ok_or_else(|| missing(&columns.timestamp))?;
        if let Some(name) = columns
            .device
            .as_deref()
            .filter(|_| columns.device_required)
            && find(name).is_none()
        {
            return Err(missing(name));
        }
        // nvidia-smi names each GPU by `index` by default, or by `uuid` or `pci.bus_id` when
        // those are what was queried.
        let device = columns
            .device
            .as_deref()
            .and_then(find)
            .or_else(|| ["uuid", "pci.bus_id"].into_iter().find_map(find));
        let host = header
            .iter()
            .position(|h| HOST_HEADERS.contains(&h.trim().to_ascii_lowercase().as_str()));
        let unique_id = columns.unique_id.as_deref().and_then(find);
        let (host, unique_id) = (
            host.filter(|&i| Some(i) != device),
            unique_id.filter(|&i| Some(i) != device),
        );
        // A unit the header names is the column's; one that is not a unit of the column's
        // kind is an error, never read as the default unit.
        let scaled =
            |i: usize, unit: fn(&str) -> Option<f64>, default: f64, kind: &str| match header_unit(
                &header[i],
            ) {
                None => match unit_word(&header[i]) {
                    None => Ok((i, default)),
                    Some(word) => Err(unplaced_unit(file, &header[i], &word, kind)),
                },
                Some(written) => unit(written)
                    .map(|scale| (i, scale))
                    .ok_or_else(|| not_a_unit_of(file, &header[i], written, kind)),
            };
        let power = columns
            .power
            .iter()
            .find_map(|name| find(name))
            .map(|i| scaled(i, power_unit, 1.0, "power"))
            .transpose()?;
        let energy = columns
            .energy
            .as_deref()
            .and_then(find)
            .map(|i| scaled(i, energy_unit, columns.joules_per_unit, "energy"))
            .transpose()?;
        if power.is_none() && energy.is_none() {
            let wanted: Vec<&str> = columns
                .power
                .iter()
                .map(String::as_str)
                .chain(columns.energy.as_deref())
                .collect();
            return Err(missing(&wanted.join("` or `")));
        }
        let used = [Some(timestamp), device, host, unique_id]
            .into_iter()
            .chain([power.map(|(i, _)| i), energy.map(|(i, _)| i)])
            .flatten();
        named_twice(file, header, used)?;
        Ok(Self {
            timestamp,
            device,
            host,
            unique_id,
            unnamed: {
                let named = header.iter().rposition(|h| !h.trim().is_empty());
                (named.map_or(0, |i| i + 1)..header.len()).collect()
            },
            power,
            energy,
        })
    }
}

/// The reading `text` of a power column (`is_power`) or an energy counter, in the column's
/// unit (`scale` W or J per unit) unless it writes its own; the message and hint of what is
/// wrong with it otherwise.
fn reading(text: &str, scale: f64, is_power: bool) -> Result<Reading, (String, &'static str)> {
    let (value, unit) = number(text).ok_or_else(|| {
        (
            format!("`{text}` is not a number"),
            "write the reading as a number, with or without its unit",
        )
    })?;
    // A unit written with the value wins over the column's.
    let scale = match unit {
        None => scale,
        Some(unit) if is_power => power_unit(unit).ok_or_else(|| {
            (
                format!("`{text}` is in `{unit}`, which is not a unit of power"),
                "write power in W, mW, kW or MW",
            )
        })?,
        Some(unit) => energy_unit(unit).ok_or_else(|| {
            (
                format!("`{text}` is in `{unit}`, which is not a unit of energy"),
                "write an energy counter in J, kJ, MJ, mJ, µJ, Wh, kWh or MWh",
            )
        })?,
    };
    let reading = if is_power {
        Reading::Power(value * scale)
    } else {
        Reading::Energy(value * scale)
    };
    if reading.plausible() {
        Ok(reading)
    } else {
        Err((
            format!(
                "the reading `{text}` is negative, not finite, or above {} a device can give",
                if is_power {
                    "the 10⁹ W"
                } else {
                    "the 10¹⁸ J"
                }
            ),
            "a power or an energy counter cannot be negative or beyond any device's; fix or remove the row",
        ))
    }
}

/// A reading of one row, parsed apart from the integrator (see [`super::blocks`]).
struct Event {
    /// The row's line, counted from the block's first.
    line: usize,
    /// The device, numbered within the block; not read for a row without a reading.
    device: u32,
    t: f64,
    /// `None` for a row whose readings are all marked not available.
    reading: Option<Reading>,
}

/// What is wrong with a row: its line within the block, the message and the hint.
type Failure = (usize, String, String);

/// One block of a log's rows, parsed.
#[derive(Default)]
struct Parsed {
    /// The block's devices, by their number in `events`.
    devices: Names,
    events: Vec<Event>,
    /// The unit of the first timestamp written as a count since 1970.
    timestamps: Option<&'static str>,
    /// Whether the block's first timestamp is a date and time without a zone.
    zoneless: Option<bool>,
    /// Lines the block spans.
    lines: usize,
    /// The first row that cannot be read; the rows after it are not parsed.
    failure: Option<Failure>,
}

/// How rows are read: where each reading is, and what a row may hold.
struct Rows<'a> {
    layout: &'a Layout,
    /// The header's fields.
    header: &'a [String],
    max_line_bytes: usize,
}

impl Rows<'_> {
    /// Parses the rows of `block`, lines counted from 1.
    fn parse(&self, block: &[u8]) -> Parsed {
        let mut records = Records::new(block)
            .max_bytes(self.max_line_bytes)
            .after_the_header();
        let mut parsed = Parsed::default();
        let mut name = String::new();
        loop {
            match records.advance() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    parsed.failure = Some((
                        records.line(),
                        format!("cannot be read: {e}"),
                        UNREADABLE.to_owned(),
                    ));
                    break;
                }
            }
            if !records.ended() {
                parsed.failure = Some((
                    records.line(),
                    super::fields::UNENDED.to_owned(),
                    super::fields::UNENDED_HINT.to_owned(),
                ));
                break;
            }
            if let Err((message, hint)) = self.row(&records, &mut parsed, &mut name) {
                parsed.failure = Some((records.line(), message, hint.to_owned()));
                break;
            }
        }
        parsed.lines = records.next_line - 1;
        parsed
    }

    /// Adds the readings of the current record to `parsed`; `name` is room to put a device's
    /// name together in.
    fn row(
        &self,
        records: &Records<&[u8]>,
        parsed: &mut Parsed,
        name: &mut String,
    ) -> Result<(), (String, &'static str)> {
        let line = records.line();
        let layout = self.layout;
        // A field more than the header names is a value split by a comma (`1,234.5`, or a
        // decimal comma `250,5` in a row ending in a comma under a header that does): reading
        // the fields it pushed along would misread them.
        if let Some(i) = (self.header.len()..records.len())
            .chain(self.layout.unnamed.iter().copied())
            .find(|&i| !records.get(i).trim().is_empty())
        {
            let named = self.header.len() - self.layout.unnamed.len();
            return Err((
                format!(
                    "the row has a value, `{}`, in field {} where the header names {} field(s): a number split by a comma",
                    records.get(i).trim(),
                    i + 1,
                    named
                ),
                "quote a value that holds a comma (\"1,234.5\"), or write it without thousands separators and with a decimal point",
            ));
        }
        let stamp = records.get(layout.timestamp);
        if parsed.timestamps.is_none()
            && let Ok(count) = stamp.trim().parse::<f64>()
        {
            parsed.timestamps = Some(super::epoch_unit(count).0);
        }
        let (t, zoneless) = timestamp_and_zone(&stamp).ok_or_else(|| {
            if records.len() == self.header.len()
                && self
                    .header
                    .iter()
                    .enumerate()
                    .all(|(i, h)| records.get(i).trim_start_matches('\u{feff}') == h.as_str())
            {
                return (
                    "this line repeats the log's header: logs joined one after another".to_owned(),
                    "ingest each machine's log on its own; logs of the same devices over other times can be joined without their header lines",
                );
            }
            if super::fields::leap_second_on_a_day_without_one(&stamp) {
                return (
                    format!("`{stamp}` has a 60th second, which a clock writes only at 23:59:60 UTC on a day that ended in a leap second (the last was 2016-12-31)"),
                    "write the time the clock meant: a 60th second on another day is a clock's error, and wattprint will not guess which second it was",
                );
            }
            (
                format!("`{stamp}` is not a timestamp"),
                "write RFC 3339 (2026-01-01T00:00:00Z), `2026/01/01 00:00:00.000`, or seconds (or ms, µs, ns) since 1970, from 2000 to 2262; times since a boot or the log's start are not dates",
            )
        })?;
        parsed.zoneless.get_or_insert(zoneless);
        let device = self.device(records, parsed, name)?;
        let readings = [
            layout.power.map(|(c, scale)| (c, scale, true)),
            layout.energy.map(|(c, scale)| (c, scale, false)),
        ];
        let mut any = false;
        for (column, scale, is_power) in readings.into_iter().flatten() {
            let text = records.get(column);
            // nvidia-smi writes `[N/A]` or `[Not Supported]` where a value is missing.
            if text.is_empty() || text.starts_with('[') {
                continue;
            }
            // nvidia-smi could not read the GPU's uuid (`[Unknown Error]`): a reading cannot be
            // given to a GPU, and left out it would be missing from the total (review of
            // 2026-12-02); a row without readings is only not available.
            let Some(device) = device else {
                return Err((
                    format!(
                        "the row has a reading, but its GPU's `uuid` could not be read (`{}`): it cannot be told which GPU it is",
                        layout.unique_id.map(|c| records.get(c)).unwrap_or_default()
                    ),
                    "log the GPUs by `index` alone (each machine's log on its own), or leave the row out and count its time as missing",
                ));
            };
            let reading = reading(&text, scale, is_power)?;
            parsed.events.push(Event {
                line,
                device,
                t,
                reading: Some(reading),
            });
            any = true;
        }
        if !any {
            parsed.events.push(Event {
                line,
                device: device.unwrap_or(0),
                t,
                reading: None,
            });
        }
        Ok(())
    }

    /// The number of the current record's device, named by its column, joined by its host's
    /// and its unique id's when the log has them; `None` where the unique id was not available
    /// to the logger. `name` is room to put the name together in.
    fn device(
        &self,
        records: &Records<&[u8]>,
        parsed: &mut Parsed,
        name: &mut String,
    ) -> Result<Option<u32>, (String, &'static str)> {
        let layout = self.layout;
        let own = match layout.device {
            Some(column) => records.get(column),
            None => Cow::Borrowed("device"),
        };
        if layout.host.is_none() && layout.unique_id.is_none() {
            return Ok(Some(parsed.devices.number(&own)));
        }
        name.clear();
        // nvidia-smi writes `[N/A]` or `[Unknown Error]` for a value it cannot read.
        if layout
            .unique_id
            .is_some_and(|id| records.get(id).starts_with('['))
        {
            return Ok(None);
        }
        for (column, part) in [(layout.host, "host"), (layout.unique_id, "unique id")] {
            let Some(column) = column else { continue };
            if records.get(column).is_empty() {
                return Err((
                    format!(
                        "the row has no {part}: its `{}` is empty",
                        self.header[column]
                    ),
                    "write it on every row: it tells apart devices of the same name on different machines",
                ));
            }
        }
        if let Some(host) = layout.host {
            name.push_str(&records.get(host));
            name.push(':');
        }
        name.push_str(&own);
        if let Some(id) = layout.unique_id {
            name.push(':');
            name.push_str(&records.get(id));
        }
        Ok(Some(parsed.devices.number(name)))
    }
}

/// How far back a log's times without a zone step, s, to be taken for local time across a
/// change of the clocks: from half an hour (Lord Howe Island's change) to an hour (all others),
/// less a sampling interval, with some room. Rows out of order by less are put back in order;
/// by more (files joined in the wrong order) they are put back in order too, or refused as late.
const CLOCK_CHANGE_S: std::ops::RangeInclusive<f64> = 1_500.0..=3_900.0;

/// The hint for a log that cannot be read as text.
const UNREADABLE: &str = "export the log again as UTF-8 text, one record per line";

/// Reads a CSV telemetry log from `reader` into `integrator`. A log without the device column
/// is one device; a row may carry power, an energy counter or both. Large logs are parsed on
/// every core ([`super::blocks`]), with the same figures as one core gives.
///
/// # Errors
/// A missing column, an unreadable timestamp, or a negative or non-finite reading, with its
/// line.
pub fn read(
    file: &Path,
    reader: impl BufRead,
    columns: &Columns,
    max_line_bytes: usize,
    integrator: &mut Integrator,
) -> Result<(), IngestError> {
    let mut records = Records::new(reader).max_bytes(max_line_bytes);
    let invalid = |line: usize, message: String, hint: String| IngestError::Invalid {
        file: file.to_owned(),
        line,
        message,
        hint,
    };
    if !records
        .advance()
        .map_err(|e| invalid(1, format!("cannot be read: {e}"), UNREADABLE.to_owned()))?
    {
        return Err(invalid(
            1,
            "the log is empty".to_owned(),
            "pass a CSV log with a header row".to_owned(),
        ));
    }
    let header: Vec<String> = (0..records.len())
        .map(|i| records.get(i).into_owned())
        .collect();
    let layout = Layout::of(file, &header, columns)?;
    let rows = Rows {
        layout: &layout,
        header: &header,
        max_line_bytes,
    };
    // Lines before the block being integrated.
    let mut before = records.next_line - 1;
    let mut zoneless = None;
    super::blocks::read(
        records.reader,
        max_line_bytes,
        |block| rows.parse(block),
        |parsed| {
            let parsed = parsed.map_err(|e| {
                invalid(
                    before + 1,
                    format!("cannot be read: {e}"),
                    UNREADABLE.to_owned(),
                )
            })?;
            if integrator.timestamps.is_none() {
                integrator.timestamps = parsed.timestamps;
            }
            if zoneless.is_none() {
                zoneless = parsed.zoneless;
            }
            let devices: Vec<_> = (0..parsed.devices.len())
                .map(|number| integrator.device(parsed.devices.get(number)))
                .collect();
            for event in &parsed.events {
                match event.reading {
                    Some(reading) => {
                        integrator.at_line(before + event.line);
                        integrator.push_to(devices[event.device as usize], event.t, reading);
                    }
                    None => integrator.unavailable(),
                }
            }
            if let Some((line, message, hint)) = parsed.failure {
                return Err(invalid(before + line, message, hint));
            }
            before += parsed.lines;
            Ok(())
        },
    )?;
    // Times without a zone are read as UTC; written in local time across the end of summer
    // time, an hour comes twice, and its second readings would be left out as repeats (or
    // put back in order among the first).
    if zoneless == Some(true)
        && let Some((step, line)) = integrator.largest_step_back()
        && CLOCK_CHANGE_S.contains(&step)
    {
        return Err(invalid(
            line,
            format!(
                "the times go back by {} min on this line, and they have no zone: they look like local time written across the end of summer time, when an hour comes twice, and the second hour's readings would be lost",
                (step / 60.0).round()
            ),
            LOCAL_TIME.to_owned(),
        ));
    }
    // Without a device column every reading is one device's: readings at one time are then
    // most likely several devices', and reading them as one would drop all but the first.
    if layout.device.is_none() && integrator.counts.duplicates > 0 {
        return Err(IngestError::Invalid {
            file: file.to_owned(),
            line: 1,
            message: format!(
                "the log has no `{}` column, so it is read as one device, and {} reading(s) share a time with another: it looks like a log of several devices",
                columns.device.as_deref().unwrap_or("device"),
                integrator.counts.duplicates
            ),
            hint: "name the column that tells the devices apart with --device (nvidia-smi: add `index` to --query-gpu), or remove the repeated rows".to_owned(),
        });
    }
    // Before the readings' other checks: a log read every hour repeats its last time at the
    // clock's change with another value, which they would take for two series under a name.
    if zoneless == Some(true) {
        repeated_hour(file, integrator)?;
    }
    super::finish(file, integrator)?;
    if zoneless == Some(true) {
        // Again: a repeated hour read a little later shows only as readings are integrated.
        repeated_hour(file, integrator)?;
        skipped_hour(file, integrator)?;
    }
    Ok(())
}

/// What a log of local times written across a clock change should do instead.
const LOCAL_TIME: &str = "log in UTC (e.g. `TZ=UTC nvidia-smi …`), or write each time with its offset (2026-10-25T02:00:00+01:00); a log whose times are UTC already says so with a Z after each (2026-10-25T02:00:00Z: sed -E 's/^([^,]+),/\\1Z,/' LOG)";

/// Refuses a log of local times without a zone read every 25 minutes or less often across the
/// end of summer time: the hour the clock repeats shows as readings at times already read or
/// just before them, left out as copies, put back in order among the first hour's, or taken for
/// another series under the name.
fn repeated_hour(file: &Path, integrator: &Integrator) -> Result<(), IngestError> {
    match integrator.repeat_in_changed_hour() {
        Some(repeat) => Err(IngestError::Invalid {
            file: file.to_owned(),
            line: repeat.line,
            message: format!(
                "a reading at {} {}, and the times have no zone: they look like local time written across the end of summer time, when an hour comes twice, and the second hour's readings would be lost",
                label(repeat.t),
                if repeat.short_step {
                    "follows the one before it an hour sooner than the log's usual step"
                } else {
                    "repeats a time already read, or comes before it"
                }
            ),
            hint: LOCAL_TIME.to_owned(),
        }),
        None => Ok(()),
    }
}

/// Refuses a log of local times without a zone read less often than every 25 minutes across the
/// start of summer time: the hour the clock skips shows as a step an hour longer than usual,
/// bridged as if it had passed, an hour's energy added.
fn skipped_hour(file: &Path, integrator: &Integrator) -> Result<(), IngestError> {
    match integrator.jump_over_changed_hour() {
        Some((device, from, to)) => Err(IngestError::Invalid {
            file: file.to_owned(),
            line: 0,
            message: format!(
                "`{device}` is read at {} and next at {}, an hour later than its usual step, and the times have no zone: they look like local time written across the start of summer time, when an hour is skipped, and bridging it would add an hour's energy",
                label(from),
                label(to)
            ),
            hint: LOCAL_TIME.to_owned(),
        }),
        None => Ok(()),
    }
}

/// A time of a log without a zone, as it was written.
fn label(t: f64) -> String {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "telemetry timestamps are checked within 2000 to 2262"
    )]
    chrono::DateTime::from_timestamp(t.floor() as i64, 0).map_or_else(
        || format!("{t} s"),
        |d| d.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<String> {
        let mut records = Records::new(text.as_bytes());
        let mut out = Vec::new();
        while records.advance().unwrap() {
            out.push(
                (0..records.len())
                    .map(|i| records.get(i).into_owned())
                    .collect::<Vec<_>>()
                    .join("|"),
            );
        }
        out
    }

    #[test]
    fn records_split_as_rfc_4180_says() {
        assert_eq!(fields("a,b,c\n"), ["a|b|c"]);
        assert_eq!(fields("a, b ,c\r\n\n1,,3"), ["a|b|c", "1||3"]);
        assert_eq!(
            fields("\"x, y\",\"say \"\"hi\"\"\",z\n"),
            ["x, y|say \"hi\"|z"]
        );
        assert_eq!(fields("\u{feff}timestamp,power_w\n"), ["timestamp|power_w"]);
        assert_eq!(fields("\"a\" ,\"25\"\n"), ["a|25"]);
        // Review, 2026-12-01, later: `"25"0` was read as 25, the `0` dropped.
        for stray in ["t,a,\"25\"0\n", "\"x\"y,1\n"] {
            let mut records = Records::new(stray.as_bytes());
            let error = records.advance().unwrap_err();
            assert!(error.to_string().contains("closing quote"), "{stray:?}");
        }
    }

    #[test]
    fn records_know_their_line() {
        let mut records = Records::new("h\n\na\nc\n".as_bytes());
        let mut lines = Vec::new();
        while records.advance().unwrap() {
            lines.push(records.line());
        }
        assert_eq!(lines, [1, 3, 4]);
    }

    #[test]
    fn an_unterminated_quote_is_refused_with_its_line() {
        // The review of issue 21: a stray quote in a note column (`24" fan`) closed by another
        // two lines down merged the rows between into one field, exit 0.
        let mut records = Records::new("t,note\n1,24\" fan\n2,x\n3,27\" fan\n".as_bytes());
        assert!(records.advance().unwrap());
        assert!(records.advance().is_err());
        assert_eq!(records.line(), 2);
        // Issue 21: `1,"gpu0,250` took every later row into one field, exit 0.
        let mut records = Records::new(
            "t,device,power_w
1,\"gpu0,250\n2,gpu0,250\n"
                .as_bytes(),
        );
        assert!(records.advance().unwrap());
        let error = records.advance().unwrap_err();
        assert!(error.to_string().contains("not closed on it"), "{error}");
        assert_eq!(records.line(), 2);
    }

    #[test]
    fn header_units_scale_counters() {
        assert_eq!(header_unit("energy [mJ]").and_then(energy_unit), Some(1e-3));
        assert_eq!(
            header_unit("energy_uj [µJ]").and_then(energy_unit),
            Some(1e-6)
        );
        assert_eq!(header_unit("power.draw [W]").and_then(energy_unit), None);
        assert_eq!(
            header_unit("power.draw [W]").and_then(power_unit),
            Some(1.0)
        );
        assert_eq!(header_unit("energy"), None);
        assert_eq!(
            header_unit("power_kilowatts").and_then(power_unit),
            Some(1e3)
        );
        assert_eq!(header_unit("energy_µj").and_then(energy_unit), Some(1e-6));
        assert_eq!(
            header_unit("energy millijoules").and_then(energy_unit),
            Some(1e-3)
        );
        // A unit that is not the last word, or not one read there, is found to be refused
        // (helper 66's headers, each read as joules or watts before).
        for (header, word) in [
            ("energy_kwh_total", "kwh"),
            ("kwh", "kwh"),
            ("kWh", "kwh"),
            ("energy_kilowatt_hours", "kilowatt"),
            ("energy_kilowatthours", "kilowatthours"),
            ("energy_nj", "nj"),
            ("energy_gj", "gj"),
            ("powerKW", "kw"),
            ("kw_power", "kw"),
            ("power/kW", "kw"),
            ("power{kW}", "kw"),
            ("power <kW>", "kw"),
            ("power_uw", "uw"),
        ] {
            assert_eq!(header_unit(header).and_then(energy_unit), None, "{header}");
            assert_eq!(unit_word(header).as_deref(), Some(word), "{header}");
        }
        for plain in [
            "energy",
            "power",
            "timestamp",
            "power.draw",
            "total_energy_consumption",
        ] {
            assert_eq!(unit_word(plain), None, "{plain}");
        }
    }

    #[test]
    fn a_column_read_under_a_name_given_twice_is_refused() {
        let header = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let of = |h: &[&str]| Layout::of(Path::new("log.csv"), &header(h), &Columns::long());
        for (h, columns) in [
            (
                &["timestamp", "device", "power_w", "power_w"][..],
                "3 and 4",
            ),
            (
                &["timestamp", "timestamp", "device", "power_w"][..],
                "1 and 2",
            ),
            (
                &["timestamp", "device", "power_w", "energy_j", "energy_j [J]"][..],
                "4 and 5",
            ),
        ] {
            let Err(error) = of(h) else {
                panic!("{h:?} was read")
            };
            assert!(
                error
                    .to_string()
                    .contains(&format!("twice (columns {columns})")),
                "{error}"
            );
        }
        // A column nothing reads may share a name.
        assert!(of(&["timestamp", "device", "power_w", "note", "note"]).is_ok());
    }

    #[test]
    fn a_host_or_uuid_column_names_devices_apart_unless_it_is_the_device_column() {
        let header = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let layout = |h: &[&str], columns: &Columns| {
            let l = Layout::of(Path::new("log.csv"), &header(h), columns).unwrap();
            (l.device, l.host, l.unique_id)
        };
        let long = Columns::long();
        assert_eq!(
            layout(&["timestamp", "HostName", "device", "power_w"], &long),
            (Some(2), Some(1), None)
        );
        let by_host = Columns {
            device: Some("hostname".to_owned()),
            ..Columns::long()
        };
        assert_eq!(
            layout(&["timestamp", "hostname", "power_w"], &by_host),
            (Some(1), None, None)
        );
        let smi = Columns::nvidia_smi("energy");
        assert_eq!(
            layout(&["timestamp", "index", "uuid", "power.draw [W]"], &smi),
            (Some(1), None, Some(2))
        );
        // Queried without the index, the uuid is the GPU's whole name.
        assert_eq!(
            layout(&["timestamp", "uuid", "power.draw [W]"], &smi),
            (Some(1), None, None)
        );
    }

    use std::fmt::Write as _;

    /// A log of several mebibytes: four devices on power and four on counters, with rows held
    /// back out of order, repeated rows, a gap and rows marked not available, so that it spans
    /// several blocks and every rule of the integrator is at work across their borders.
    fn long_log() -> String {
        let mut log = String::from("timestamp,device,power_w,energy_j\n");
        let mut held = None;
        let mut counters = [0.0_f64; 8];
        for step in 0..40_000_u32 {
            if (10_000..10_050).contains(&step) {
                continue;
            }
            let t = 1_767_225_600.0 + f64::from(step) * 1.5;
            for d in 0..8_u32 {
                let watts = 250.0 + f64::from((step * 7 + d * 13) % 150);
                let line = if d < 4 {
                    format!("{t:.3},gpu{d},{watts:.2},\n")
                } else {
                    counters[d as usize] += watts * 1.5;
                    format!("{t:.3},gpu{d},,{:.3}\n", counters[d as usize])
                };
                if step % 997 == 0 {
                    log.push_str(&line);
                }
                if step % 1_009 == 3 && d == 2 {
                    let _ = writeln!(log, "{t:.3},gpu{d},[N/A],");
                }
                if step % 331 == 5 && held.is_none() {
                    held = Some(line);
                    continue;
                }
                log.push_str(&line);
                if step % 331 == 9
                    && let Some(line) = held.take()
                {
                    log.push_str(&line);
                }
            }
        }
        log
    }

    #[test]
    fn blocks_parsed_on_every_core_give_the_figures_of_one_reading_in_order() {
        let log = long_log();
        assert!(
            log.len() > 3 << 20,
            "{} bytes: more than three blocks",
            log.len()
        );
        let mut parallel = Integrator::new(super::super::Bucket::Hour, 5.0);
        read(
            Path::new("log.csv"),
            log.as_bytes(),
            &Columns::long(),
            MAX_LINE_BYTES,
            &mut parallel,
        )
        .unwrap();
        // The reference: every row pushed in the log's order, one at a time.
        let mut one = Integrator::new(super::super::Bucket::Hour, 5.0);
        for line in log.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let t: f64 = f[0].parse().unwrap();
            match (f[2], f[3]) {
                ("[N/A]", _) => one.unavailable(),
                ("", e) => one.push(f[1], t, Reading::Energy(e.parse().unwrap())),
                (p, _) => one.push(f[1], t, Reading::Power(p.parse().unwrap())),
            }
        }
        one.finish().unwrap();
        let cells = |i: &Integrator| -> Vec<(String, i64, super::super::Cell)> {
            i.cells()
                .map(|(d, s, c)| (d.to_owned(), s, c.clone()))
                .collect()
        };
        assert_eq!(cells(&parallel), cells(&one));
        assert_eq!(parallel.counts, one.counts);
        assert!(parallel.counts.reordered > 0 && parallel.counts.duplicates > 0);
        assert!(parallel.counts.gaps > 0 && parallel.counts.unavailable > 0);
        assert_eq!(parallel.span, one.span);
        for d in 0..8 {
            let name = format!("gpu{d}");
            assert_eq!(parallel.device_span(&name), one.device_span(&name));
        }
    }

    #[test]
    fn a_bad_row_in_a_later_block_is_named_by_its_line_in_the_log() {
        let mut log = long_log();
        let lines = log.lines().count();
        log.push_str("1767300000.000,gpu0,lots,\n");
        let mut integrator = Integrator::new(super::super::Bucket::Hour, 5.0);
        let error = read(
            Path::new("log.csv"),
            log.as_bytes(),
            &Columns::long(),
            MAX_LINE_BYTES,
            &mut integrator,
        )
        .unwrap_err();
        let IngestError::Invalid { line, message, .. } = error else {
            panic!("{error}");
        };
        assert_eq!(
            (line, message.as_str()),
            (lines + 1, "`lots` is not a number")
        );
    }

    #[test]
    #[allow(clippy::float_cmp, reason = "456 J is exact")]
    fn a_last_line_without_a_line_break_is_refused_as_cut_short() {
        // Attack of 2026-12-01: a counter of 123456000 mJ cut to 123456 as the log was copied
        // read as a reset and counted 123 J again, exit 0.
        let whole = "timestamp,index,energy [mJ]\n1767225600,0,123000000\n1767225601,0,123456000\n";
        let cut = &whole[..whole.len() - 3];
        let read_log = |log: &str| {
            let mut integrator = Integrator::new(super::super::Bucket::Total, 5.0);
            read(
                Path::new("log.csv"),
                log.as_bytes(),
                &Columns::nvidia_smi("energy"),
                MAX_LINE_BYTES,
                &mut integrator,
            )
            .map(|()| integrator)
        };
        let error = read_log(cut).err().unwrap();
        let IngestError::Invalid { line, message, .. } = error else {
            panic!("{error}");
        };
        assert_eq!((line, message.as_str()), (3, super::super::fields::UNENDED));
        let integrator = read_log(whole).unwrap();
        assert_eq!(integrator.cell("0", 0).unwrap().joules, 456.0);
        // Blank space after the last line break is no line.
        assert!(read_log(&format!("{whole}  ")).is_ok());
    }
}
