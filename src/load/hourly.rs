//! Reading an hourly series from CSV: a header `hour,COLUMN` and a row per hour, the hour as
//! its start in RFC 3339 (`2026-01-01T00:00:00Z`; another offset is converted to UTC) and the
//! value a plain number. One format for a grid's hourly factors (`g_per_kwh`), a PPA's
//! metered output and a site's consumption (`energy_kwh`), so that an export from a grid
//! operator or a meter needs only its columns renamed.

use crate::model::hourly::{Profile, ProfileError};

/// Why an hourly CSV cannot be read, with the line (1 for the header).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct HourlyCsvError {
    /// The line, from 1.
    pub line: usize,
    /// The column of the field at fault, in characters from 1 (1 for the line as a whole).
    pub column: usize,
    /// What is wrong, and what was found.
    pub message: String,
    /// How to mend it.
    pub hint: &'static str,
}

/// The profile in `text`, whose value column must be named `column`.
///
/// # Errors
/// [`HourlyCsvError`] for the first line that is not as described: the header, a row of other
/// than two fields, a time that is not RFC 3339 or not on the hour, an hour out of time order
/// or given twice, a value that is not a number of zero or more.
pub fn read(text: &str, column: &str) -> Result<Profile, HourlyCsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let expected = format!("hour,{column}");
    let header = lines.next().map_or("", |(_, l)| l);
    if fields(header).map(str::trim).collect::<Vec<_>>() != ["hour", column] {
        return Err(HourlyCsvError {
            line: 1,
            column: 1,
            message: format!(
                "the header is `{}`, not `{expected}`",
                header.escape_debug()
            ),
            hint: "name the columns `hour` (the hour's start, UTC) and the value's column as the disclosure expects",
        });
    }
    let mut profile = Profile::default();
    let mut total = 0.0_f64;
    for (line, row) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let at_field = |field: &str, message: String, hint: &'static str| HourlyCsvError {
            line,
            column: column_of(row, field),
            message,
            hint,
        };
        let error = |message: String, hint: &'static str| at_field(row, message, hint);
        let mut parts = fields(row);
        let (Some(hour), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(error(
                format!("{} fields, not 2 (`hour,{column}`)", fields(row).count()),
                "write one hour and one value per line, separated by a comma",
            ));
        };
        let at = seconds(hour).ok_or_else(|| {
            at_field(
                hour,
                format!("`{}` is not a time in RFC 3339", hour.escape_debug()),
                "write the hour's start as 2026-01-01T00:00:00Z",
            )
        })?;
        let number: f64 = value.parse().map_err(|_| {
            at_field(
                value,
                format!("`{}` is not a number", value.escape_debug()),
                "write the value as a plain number, with a point for decimals",
            )
        })?;
        // The profile's own rules, named here by the line and the text as written.
        profile.push((at, number)).map_err(|e| match e {
            ProfileError::NotOnTheHour { .. } => at_field(
                hour,
                format!("`{}` is not the start of an hour", hour.escape_debug()),
                "give each hour by its start, on the hour (minutes and seconds 0)",
            ),
            ProfileError::OutOfOrder { .. } => at_field(
                hour,
                format!(
                    "`{}` comes after a later or the same hour",
                    hour.escape_debug()
                ),
                "sort the rows by hour and give each hour once",
            ),
            ProfileError::Value { .. } | ProfileError::NoHours { .. } => at_field(
                value,
                format!("`{}` is negative or not finite", value.escape_debug()),
                "an hour's energy or factor is a number of zero or more",
            ),
        })?;
        // Every figure read from a profile is a sum of its values: they must have one.
        total += number;
        if !total.is_finite() {
            return Err(at_field(
                value,
                format!(
                    "`{}` brings the values' sum beyond the largest number",
                    value.escape_debug()
                ),
                "an hour's energy or factor is a number of ordinary size; check the file's unit",
            ));
        }
    }
    Ok(profile)
}

/// Seconds since 1970 of `text`, a time in RFC 3339. The form every export writes,
/// `2026-01-01T00:00:00Z`, is read digit by digit (a year of hours for a hundred sites is 2.6
/// million of them); any other, or one that form cannot hold (a leap second), by chrono.
fn seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let plain = b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z';
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0_u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let fast = || {
        let date = chrono::NaiveDate::from_ymd_opt(
            i32::try_from(number(0, 4)?).ok()?,
            number(5, 7)?,
            number(8, 10)?,
        )?;
        let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
        Some(time.and_utc().timestamp())
    };
    plain
        .then(fast)
        .flatten()
        .or_else(|| Some(chrono::DateTime::parse_from_rfc3339(text).ok()?.timestamp()))
}

/// The column, in characters from 1, at which `field`, a slice of `row`, starts.
fn column_of(row: &str, field: &str) -> usize {
    let offset = (field.as_ptr() as usize)
        .checked_sub(row.as_ptr() as usize)
        .filter(|o| *o <= row.len())
        .unwrap_or(0);
    row.get(..offset).map_or(0, |before| before.chars().count()) + 1
}

/// The comma-separated fields of `line`, each without the double quotes around it.
fn fields(line: &str) -> impl Iterator<Item = &str> + Clone {
    line.split(',').map(|f| {
        let f = f.trim();
        f.strip_prefix('"')
            .and_then(|f| f.strip_suffix('"'))
            .unwrap_or(f)
    })
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "the values are read exactly as written")]
mod tests {
    use super::*;

    use crate::model::hourly::{DAY_ONE, SECONDS_PER_HOUR};

    #[test]
    fn reads_hours_in_utc_whatever_the_offset_and_line_ending() {
        let text = "\u{feff}hour,g_per_kwh\r\n2026-01-01T00:00:00Z,120.5\r\n\"2026-01-01T02:00:00+01:00\",98\r\n\r\n";
        let profile = read(text, "g_per_kwh").unwrap();
        assert_eq!(
            profile.hours(),
            [(DAY_ONE, 120.5), (DAY_ONE + SECONDS_PER_HOUR, 98.0)]
        );
    }

    #[test]
    fn names_the_line_and_the_fix_of_every_fault() {
        let cases = [
            ("hour,kwh\n", 1, "not `hour,energy_kwh`"),
            ("hour,energy_kwh\n2026-01-01T00:00:00Z\n", 2, "1 fields"),
            (
                "hour,energy_kwh\n2026-01-01 00:00,1\n",
                2,
                "not a time in RFC 3339",
            ),
            (
                "hour,energy_kwh\n2026-01-01T00:30:00Z,1\n",
                2,
                "not the start of an hour",
            ),
            (
                "hour,energy_kwh\n2026-01-01T01:00:00Z,1\n2026-01-01T00:00:00Z,1\n",
                3,
                "after a later or the same hour",
            ),
            (
                "hour,energy_kwh\n2026-01-01T00:00:00Z,1\n2026-01-01T00:00:00Z,1\n",
                3,
                "after a later or the same hour",
            ),
            ("hour,energy_kwh\n2026-01-01T00:00:00Z,1,5\n", 2, "3 fields"),
            (
                "hour,energy_kwh\n2026-01-01T00:00:00Z,one\n",
                2,
                "not a number",
            ),
            ("hour,energy_kwh\n2026-01-01T00:00:00Z,-1\n", 2, "negative"),
            (
                "hour,energy_kwh\n2026-01-01T00:00:00Z,1e308\n2026-01-01T01:00:00Z,1e308\n",
                3,
                "beyond the largest number",
            ),
            (
                "hour,energy_kwh\u{1b}]0;x\u{7}\n",
                1,
                "energy_kwh\\u{1b}]0;x\\u{7}",
            ),
            (
                "hour,energy_kwh\n2026-01-01T00:00:00Z,NaN\n",
                2,
                "not finite",
            ),
        ];
        for (text, line, message) in cases {
            let error = read(text, "energy_kwh").unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(message), "{text:?}: {error}");
            assert!(!error.hint.is_empty());
        }
    }

    #[test]
    fn a_value_at_fault_is_placed_at_its_column() {
        // Attack review, 2026-12-01: a bad value was placed at column 1, on the hour.
        let at = |text: &str| {
            let error = read(text, "energy_kwh").unwrap_err();
            (error.line, error.column)
        };
        assert_eq!(at("hour,energy_kwh\n2026-01-01T00:00:00Z,NaN\n"), (2, 22));
        assert_eq!(at("hour,energy_kwh\n2026-01-01T00:00:00Z, -1\n"), (2, 23));
        assert_eq!(at("hour,energy_kwh\n\"2026-01-01T00:00:00Z\",x\n"), (2, 24));
        assert_eq!(at("hour,energy_kwh\n2026-13-01T00:00:00Z,1\n"), (2, 1));
        assert_eq!(at("hour,energy_kwh\n 2026-01-01T00:30:00Z,1\n"), (2, 2));
    }

    #[test]
    fn the_common_form_and_every_other_give_the_same_second() {
        for (text, expected) in [
            ("2026-01-01T00:00:00Z", Some(DAY_ONE)),
            ("2026-01-01T01:00:00+01:00", Some(DAY_ONE)),
            ("2026-01-01t00:00:00z", Some(DAY_ONE)),
            // chrono holds a leap second in the second before it: not on the hour.
            ("2025-12-31T23:59:60Z", Some(DAY_ONE - 1)),
            ("2026-02-30T00:00:00Z", None),
            ("2026-01-01T24:00:00Z", None),
            ("2026-01-01T0a:00:00Z", None),
        ] {
            assert_eq!(seconds(text), expected, "{text}");
        }
    }

    #[test]
    fn an_empty_series_is_a_profile_of_no_hours() {
        assert_eq!(read("hour,energy_kwh\n", "energy_kwh").unwrap().hours(), []);
        assert_eq!(read("", "energy_kwh").unwrap_err().line, 1);
    }
}
