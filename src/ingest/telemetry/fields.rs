//! Reading a log's text: bounded lines, timestamps and numbers.

use chrono::{DateTime, NaiveDateTime, Utc};

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
