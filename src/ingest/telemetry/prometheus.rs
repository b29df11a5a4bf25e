//! NVIDIA DCGM exporter metrics as Prometheus serves them: `DCGM_FI_DEV_POWER_USAGE` is power
//! in W and `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION` an energy counter in mJ (dcgm-exporter's
//! `default-counters.csv`). Each GPU is a device named `Hostname:gpuN` from its labels; a GPU
//! with both metrics is reported from its counter.
//!
//! Two shapes are read: the JSON of a range query (`/api/v1/query_range`, result type
//! `matrix`), and the text exposition format (Prometheus's "Exposition formats" page), as the
//! `/federate` endpoint writes it or as scrapes saved one after another. Text samples must
//! carry their timestamp (milliseconds since the epoch, after the value): scrapes of
//! dcgm-exporter's own `/metrics` endpoint carry none, and a time cannot be guessed.

use std::io::BufRead;
use std::path::Path;

use super::{Integrator, Reading, read_line};
use crate::ingest::IngestError;

/// The metric names read, and how each becomes a reading.
fn reading_of(metric: &str) -> Option<fn(f64) -> Reading> {
    match metric {
        "DCGM_FI_DEV_POWER_USAGE" => Some(Reading::Power),
        "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" => Some(|mj| Reading::Energy(mj / 1000.0)),
        _ => None,
    }
}

/// The name of the GPU whose series has the labels `label` gives: `Hostname:gpuN`.
pub(super) fn device_name(label: impl Fn(&str) -> Option<String>) -> String {
    format!(
        "{}:gpu{}",
        // Without a `Hostname` (the exporter's --no-hostname), the scrape target tells the
        // nodes apart: two nodes' GPU 0 are two devices.
        label("Hostname")
            .or_else(|| label("instance"))
            .unwrap_or_else(|| "host".to_owned()),
        label("gpu").unwrap_or_else(|| "0".to_owned())
    )
}

/// Reads DCGM metrics from `reader`, a range-query JSON result or text exposition, whichever
/// the first character shows.
///
/// # Errors
/// A document of neither shape, a sample without a timestamp, or a negative or non-finite
/// reading, with its line.
pub fn read(
    file: &Path,
    mut reader: impl BufRead,
    limits: (usize, u64),
    integrator: &mut Integrator,
) -> Result<(), IngestError> {
    let (max_line_bytes, max_json_bytes) = limits;
    let unreadable = |e: std::io::Error| IngestError::Invalid {
        file: file.to_owned(),
        line: 0,
        message: format!("cannot be read: {e}"),
        hint: "pass the file Prometheus wrote, as UTF-8 text".to_owned(),
    };
    let first = loop {
        let buffer = reader.fill_buf().map_err(unreadable)?;
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => break Some(buffer[at]),
            None if buffer.is_empty() => break None,
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    };
    if first == Some(b'{') {
        let bytes = crate::load::read_at_most(reader, max_json_bytes)
            .map_err(unreadable)?
            .ok_or_else(|| IngestError::Invalid {
                file: file.to_owned(),
                line: 0,
                message: format!("the range-query JSON is larger than {max_json_bytes} bytes"),
                hint: "query a shorter range or a longer step, or raise the limit with --max-input-size".to_owned(),
            })?;
        read_range(file, &bytes, integrator)
    } else {
        read_exposition(file, reader, max_line_bytes, integrator)
    }
}

/// Reads the JSON of a Prometheus range query.
fn read_range(file: &Path, bytes: &[u8], integrator: &mut Integrator) -> Result<(), IngestError> {
    use serde_json::Value;
    let invalid = |message: String| {
        IngestError::Invalid {
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
    // Prometheus orders series by their labels, not by time: one GPU's readings may lie in
    // several series (a pod label that changed), in any order. The JSON is in memory already,
    // so its points are sorted by device and time before they are integrated.
    let mut points: Vec<(String, f64, Reading)> = Vec::new();
    for s in series {
        let label = |name: &str| {
            s.pointer(&format!("/metric/{name}"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let metric = label("__name__").unwrap_or_default();
        let Some(to_reading) = reading_of(&metric) else {
            return Err(invalid(format!(
                "series of `{metric}`, not a DCGM power or energy metric"
            )));
        };
        let device = device_name(label);
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
                (Some(t), Some(v)) if to_reading(v).plausible() && super::fields::in_range(t) => {
                    points.push((device.clone(), t, to_reading(v)));
                }
                // Prometheus writes a missing reading as "NaN", as the text exposition does.
                (Some(_), Some(v)) if v.is_nan() => integrator.unavailable(),
                _ => {
                    return Err(invalid(format!(
                        "a point of {device} is not [time, \"value\"] with a time from 2000 to 2262 and a value from 0 to what a device can give: {point}"
                    )));
                }
            }
        }
    }
    points.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (device, t, reading) in points {
        integrator.push(&device, t, reading);
    }
    super::finish(file, integrator)
}

/// One sample line of the text exposition format.
#[derive(Debug, PartialEq)]
struct Sample<'a> {
    metric: &'a str,
    labels: Vec<(&'a str, String)>,
    value: &'a str,
    timestamp_ms: Option<&'a str>,
}

/// Parses `name{label="value",…} value [timestamp]`; `None` when the line is not a sample.
fn sample(line: &str) -> Option<Sample<'_>> {
    let name_end = line
        .find(|c: char| c == '{' || c.is_ascii_whitespace())
        .unwrap_or(line.len());
    let metric = &line[..name_end];
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(inside) = rest.strip_prefix('{') {
        rest = inside;
        loop {
            rest = rest.trim_start_matches([' ', ',']);
            if let Some(after) = rest.strip_prefix('}') {
                rest = after;
                break;
            }
            let (name, after) = rest.split_once('=')?;
            let mut chars = after.strip_prefix('"')?.char_indices();
            let mut value = String::new();
            let end = loop {
                match chars.next()? {
                    (i, '"') => break i,
                    (_, '\\') => match chars.next()?.1 {
                        'n' => value.push('\n'),
                        other => value.push(other),
                    },
                    (_, c) => value.push(c),
                }
            };
            labels.push((name.trim(), value));
            rest = &after[1 + end + 1..];
        }
    }
    let mut parts = rest.split_ascii_whitespace();
    let value = parts.next()?;
    let timestamp_ms = parts.next();
    Some(Sample {
        metric,
        labels,
        value,
        timestamp_ms,
    })
}

/// Reads Prometheus text exposition, line by line.
fn read_exposition(
    file: &Path,
    mut reader: impl BufRead,
    max_line_bytes: usize,
    integrator: &mut Integrator,
) -> Result<(), IngestError> {
    let mut read = 0_u64;
    let mut buffer = Vec::new();
    for number in 1.. {
        buffer.clear();
        let line = match read_line(&mut reader, &mut buffer, max_line_bytes) {
            Ok(0) => break,
            Ok(_) => std::str::from_utf8(&buffer).map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text")
            }),
            Err(e) => Err(e),
        };
        let invalid = |message: String, hint: &str| IngestError::Invalid {
            file: file.to_owned(),
            line: number,
            message,
            hint: hint.to_owned(),
        };
        let line = line.map_err(|e| {
            invalid(
                format!("cannot be read: {e}"),
                "pass the text Prometheus wrote, as UTF-8",
            )
        })?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // The exposition format ends every line with a line feed, the last one too.
        if !buffer.ends_with(b"\n") {
            return Err(invalid(
                super::fields::UNENDED.to_owned(),
                super::fields::UNENDED_HINT,
            ));
        }
        let Some(sample) = sample(line) else {
            return Err(invalid(
                format!("`{line}` is not a sample line"),
                "each line is `name{label=\"value\",…} value timestamp_ms`, a `# HELP`/`# TYPE` comment or blank",
            ));
        };
        let Some(to_reading) = reading_of(sample.metric) else {
            continue;
        };
        let Some(stamp) = sample.timestamp_ms else {
            return Err(invalid(
                format!("the {} sample has no timestamp", sample.metric),
                "save samples with their time: Prometheus's /federate endpoint writes it (curl 'http://prometheus:9090/federate?match[]=DCGM_FI_DEV_POWER_USAGE'), or use a range query (/api/v1/query_range)",
            ));
        };
        #[allow(
            clippy::cast_precision_loss,
            reason = "milliseconds since the epoch fit an f64 to well under a millisecond"
        )]
        let t = stamp
            .parse::<i64>()
            .ok()
            .map(|ms| ms as f64 / 1000.0)
            .filter(|t| super::fields::in_range(*t))
            .ok_or_else(|| {
                invalid(
                    format!("`{stamp}` is not a timestamp in milliseconds from 2000 to 2262"),
                    "the exposition format's timestamp is an integer of milliseconds since 1970",
                )
            })?;
        let value = match sample.value.parse::<f64>() {
            Ok(v) if to_reading(v).plausible() => v,
            Ok(_) if sample.value == "NaN" => {
                integrator.unavailable();
                continue;
            }
            _ => {
                return Err(invalid(
                    format!(
                        "the {} reading `{}` is not a number from 0 to what a device can give",
                        sample.metric, sample.value
                    ),
                    "a power or an energy counter cannot be negative or infinite; fix or remove the line",
                ));
            }
        };
        let device = device_name(|name| {
            sample
                .labels
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        });
        integrator.at_line(number);
        integrator.push(&device, t, to_reading(value));
        read += 1;
    }
    if read == 0 {
        return Err(IngestError::Invalid {
            file: file.to_owned(),
            line: 0,
            message: "no DCGM_FI_DEV_POWER_USAGE or DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION sample"
                .to_owned(),
            hint: "pass Prometheus text or a range-query JSON of dcgm-exporter's power or energy metric".to_owned(),
        });
    }
    super::finish(file, integrator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_lines_parse_with_escapes_and_timestamps() {
        let s =
            sample(r#"DCGM_FI_DEV_POWER_USAGE{gpu="1",Hostname="node \"a\"",} 71.3 1767225600000"#)
                .unwrap();
        assert_eq!(s.metric, "DCGM_FI_DEV_POWER_USAGE");
        assert_eq!(
            s.labels,
            [
                ("gpu", "1".to_owned()),
                ("Hostname", "node \"a\"".to_owned())
            ]
        );
        assert_eq!((s.value, s.timestamp_ms), ("71.3", Some("1767225600000")));
        let bare = sample("up 1").unwrap();
        assert_eq!(
            (bare.metric, bare.value, bare.timestamp_ms),
            ("up", "1", None)
        );
        assert!(sample(r#"x{gpu="1} 2"#).is_none());
    }

    #[test]
    fn a_last_sample_without_a_line_feed_is_refused() {
        let whole = "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 250 1767225600000\n\
                     DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 250 1767225601000\n";
        let read_text = |text: &str| {
            let mut integrator = Integrator::new(super::super::Bucket::Total, 5.0);
            read(
                Path::new("dcgm.prom"),
                text.as_bytes(),
                (super::super::MAX_LINE_BYTES, 1 << 20),
                &mut integrator,
            )
            .map(|()| integrator)
        };
        let error = read_text(whole.trim_end()).err().unwrap();
        let IngestError::Invalid { line, message, .. } = error else {
            panic!("{error}");
        };
        assert_eq!((line, message.as_str()), (2, super::super::fields::UNENDED));
        let integrator = read_text(whole).unwrap();
        let joules: Vec<f64> = integrator.cells().map(|(_, _, c)| c.joules).collect();
        assert_eq!(joules, [250.0]);
        // A comment needs no line feed: nothing is read from it.
        assert!(read_text(&format!("{whole}# EOF")).is_ok());
    }
}
