//! Reading a log's text: bounded lines, timestamps and numbers.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::ingest::IngestError;

/// The longest line a log may have by default, in bytes: telemetry lines are tens of bytes,
/// and a bound keeps a file without line breaks from being read whole into memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// What is wrong with a file's last line when no line break ends it. A logger writes a line
/// and its break together, so a line without one is most likely cut short: copied while the
/// file was being written, or its writer stopped. Its last field would read as another number
/// (an energy counter cut from 123456000 to 123456 reads as a reset and counts again; a PUE of
/// 1.58 cut to 1.5 reads as 1.5). RFC 4180 lets a CSV file's last record go without a break;
/// a file read for energy may not.
pub const UNENDED: &str = "the last line has no line break: the file looks cut short (copied while it was being written, or its writer stopped mid-line), and a number cut short would read as another";

/// How to mend a file whose last line has no line break.
pub const UNENDED_HINT: &str = "if the line is whole, end it with a line break (`echo >> FILE`); if it was cut, remove it, or copy the file again once its writer has stopped";

/// Refuses `bytes`, the whole of `file`, when text that is not blank follows its last line
/// break: a last line without its break ([`UNENDED`]).
///
/// # Errors
/// [`IngestError::Invalid`] naming the last line.
pub fn whole_last_line(file: &Path, bytes: &[u8]) -> Result<(), IngestError> {
    let after = memchr::memrchr(b'\n', bytes).map_or(0, |at| at + 1);
    if bytes[after..].iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    Err(IngestError::Invalid {
        file: file.to_owned(),
        line: memchr::memchr_iter(b'\n', &bytes[..after]).count() + 1,
        message: UNENDED.to_owned(),
        hint: UNENDED_HINT.to_owned(),
    })
}

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
/// HH:MM:SS[.f]` (times without a zone are UTC), or a count since the epoch in seconds,
/// milliseconds, microseconds or nanoseconds, told apart by magnitude (see [`epoch`]).
#[must_use]
pub fn timestamp(text: &str) -> Option<f64> {
    timestamp_and_zone(text).map(|(seconds, _)| seconds)
}

/// [`timestamp`], and whether it was a date and time without a zone, read as UTC for want of
/// one (a log written in local time reads wrong across a change of the clocks).
#[must_use]
pub fn timestamp_and_zone(text: &str) -> Option<(f64, bool)> {
    let text = text.trim();
    let (seconds, zoneless) = if let Ok(count) = text.parse::<f64>() {
        (epoch(count)?, false)
    } else {
        let (t, zoneless) = date_time(text)?;
        if !leap_second_on_its_day(t) {
            return None;
        }
        (seconds_of(t), zoneless)
    };
    in_range(seconds).then_some((seconds, zoneless))
}

/// A date and time in one of [`timestamp`]'s written forms, and whether it gave no zone.
fn date_time(text: &str) -> Option<(DateTime<Utc>, bool)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some((t.with_timezone(&Utc), false));
    }
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .map(|t| (t.and_utc(), true))
}

/// Whether `text` is a date and time written with a 60th second that is not 23:59:60 UTC on
/// a day that ended in a leap second: [`timestamp`] refuses it, and an error can say why.
#[must_use]
pub fn leap_second_on_a_day_without_one(text: &str) -> bool {
    date_time(text.trim()).is_some_and(|(t, _)| !leap_second_on_its_day(t))
}

/// The days since 2000 that ended in a leap second (IERS Bulletin C; none since 2016, and
/// none is announced). A clock kept in UTC writes `23:59:60` on these days alone.
const LEAP_SECOND_DAYS: [(i32, u32, u32); 5] = [
    (2005, 12, 31),
    (2008, 12, 31),
    (2012, 6, 30),
    (2015, 6, 30),
    (2016, 12, 31),
];

/// Whether `t` is no leap second, or 23:59:60 UTC on a day that had one. chrono reads a 60th
/// second in any minute of any day, and the reading would fall on the next minute's first
/// second (a review of 2026-12-03 found `23:59:60` read on days without one, and helper 69
/// `12:00:60Z` and `23:59:60+01:00`, which is 22:59:60 UTC).
fn leap_second_on_its_day(t: DateTime<Utc>) -> bool {
    use chrono::{Datelike as _, Timelike as _};
    if t.timestamp_subsec_nanos() < 1_000_000_000 {
        return true;
    }
    let day = t.date_naive();
    (t.hour(), t.minute(), t.second()) == (23, 59, 59)
        && LEAP_SECOND_DAYS.contains(&(day.year(), day.month(), day.day()))
}

/// Whether `seconds` since 1970 is a time a log of an AI system can hold: from 2000 (an
/// earlier one is a time since something else, a boot or the log's start, read as since 1970)
/// to April 2262, where nanoseconds since 1970, which order the readings, leave an i64.
#[must_use]
pub fn in_range(seconds: f64) -> bool {
    (FIRST_SECOND..LAST_SECOND).contains(&seconds)
}

/// 2000-01-01T00:00:00Z in seconds since 1970.
const FIRST_SECOND: f64 = 946_684_800.0;

/// The first second after the last instant a timestamp may be: 2^63 ns after 1970 is
/// 2262-04-11T23:47:16.854Z, so times before 23:47:16 that day are read.
const LAST_SECOND: f64 = 9_223_372_036.0;

/// Seconds since the epoch of a count since it, whatever its unit: loggers write seconds
/// (Prometheus, `date +%s`), milliseconds (JavaScript, Java), microseconds or nanoseconds
/// (time-series databases, tracing). A count of 10¹¹ seconds is past the year 5000, and one of 10¹¹
/// milliseconds is in 1973, so a count is seconds below 10¹¹, milliseconds below 10¹⁴,
/// microseconds below 10¹⁷ and nanoseconds above: each unit is read right from 1973 to 5138.
/// `None` for a negative or non-finite count.
#[must_use]
pub fn epoch(count: f64) -> Option<f64> {
    if !count.is_finite() || count < 0.0 {
        return None;
    }
    Some(count / epoch_unit(count).1)
}

/// The unit a count since 1970 is read in, by its size (see [`epoch`]), and its counts per
/// second.
#[must_use]
pub fn epoch_unit(count: f64) -> (&'static str, f64) {
    if count < 1e11 {
        ("seconds", 1.0)
    } else if count < 1e14 {
        ("milliseconds", 1e3)
    } else if count < 1e17 {
        ("microseconds", 1e6)
    } else {
        ("nanoseconds", 1e9)
    }
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

/// A reading with or without its unit (`245.30 W`, `245.30W`, `1200 mJ`, `245.30`): the
/// number written and the unit after it, if any; `None` for `[N/A]` or other text a tool
/// writes when a value is not available. The caller converts the unit ([`power_unit`],
/// [`energy_unit`]).
#[must_use]
pub fn number(text: &str) -> Option<(f64, Option<&str>)> {
    let text = text.trim();
    if let Ok(value) = text.parse::<f64>() {
        return Some((value, None));
    }
    let digits = text.trim_end_matches(|c: char| c.is_alphabetic() || c == 'µ');
    if digits.len() == text.len() || digits.is_empty() {
        return None;
    }
    let value = digits.trim_end().parse::<f64>().ok()?;
    Some((value, Some(&text[digits.len()..])))
}

/// Watts per unit of a power unit written after a reading.
#[must_use]
pub fn power_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "W" => 1.0,
        "mW" => 1e-3,
        "kW" => 1e3,
        "MW" => 1e6,
        _ => return None,
    })
}

/// Joules per unit of an energy unit written after a reading or in a header's brackets.
#[must_use]
pub fn energy_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "J" => 1.0,
        "kJ" => 1e3,
        "MJ" => 1e6,
        "mJ" => 1e-3,
        "uJ" | "µJ" => 1e-6,
        "Wh" => 3.6e3,
        "kWh" => super::JOULES_PER_KWH,
        "MWh" => 1e3 * super::JOULES_PER_KWH,
        _ => return None,
    })
}
