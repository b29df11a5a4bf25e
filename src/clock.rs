//! The report date: its date of issue, from `--date`, else from `SOURCE_DATE_EPOCH` (the
//! reproducible-builds convention), else today (UTC, to the day), read here and nowhere else.
//! The manifest records the date and where it came from, so the same inputs and date of issue
//! give a byte-identical report, and `verify` renders it again with that date. A report dated
//! by anything else, such as the end of its period, would pass that day off as the day it was
//! made, in its pages and in the PDF's own metadata.

use chrono::{DateTime, Datelike, NaiveDate};

/// A `SOURCE_DATE_EPOCH` that is not a count of seconds.
#[derive(Debug, thiserror::Error)]
#[error(
    "SOURCE_DATE_EPOCH is `{value}`, expected whole seconds since 1970-01-01 that fall in the years 1 to 9999 (e.g. 1782777600)"
)]
pub struct ClockError {
    /// The value found.
    pub value: String,
}

/// Where the report date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Now {
    /// The date of issue given with `--date`.
    Issued(NaiveDate),
    /// Fixed by `SOURCE_DATE_EPOCH`.
    Fixed(NaiveDate),
    /// The day the report was made, by the machine's clock (UTC).
    Today(NaiveDate),
    /// Taken from the inputs (the last day of the reporting period).
    FromInputs,
}

impl Now {
    /// Reads `SOURCE_DATE_EPOCH`'s value, if it was set.
    ///
    /// # Errors
    /// [`ClockError`] when the value is not a whole number of seconds in range.
    pub fn from_source_date_epoch(value: Option<&str>) -> Result<Self, ClockError> {
        let Some(value) = value else {
            return Ok(Now::FromInputs);
        };
        value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            // A PDF date, and Typst's, holds a four-digit year.
            .filter(|t| (1..=9999).contains(&t.year()))
            .map(|t| Now::Fixed(t.date_naive()))
            .ok_or_else(|| ClockError {
                value: value.to_owned(),
            })
    }

    /// `SOURCE_DATE_EPOCH`'s day when `value` is set, else today's by the machine's clock.
    ///
    /// # Errors
    /// [`ClockError`] when the value is not a whole number of seconds in range.
    pub fn from_environment(value: Option<&str>) -> Result<Self, ClockError> {
        match Self::from_source_date_epoch(value)? {
            Now::FromInputs => Ok(Now::Today(today())),
            fixed => Ok(fixed),
        }
    }

    /// The report date, given the reporting period's last day.
    #[must_use]
    pub fn date(self, period_end: NaiveDate) -> NaiveDate {
        match self {
            Now::Issued(date) | Now::Fixed(date) | Now::Today(date) => date,
            Now::FromInputs => period_end,
        }
    }
}

/// Today, UTC, by the machine's clock: the one place wattprint reads it.
#[allow(
    clippy::disallowed_methods,
    reason = "the date of issue of a report made without --date is the day it is made"
)]
fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(seconds)
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .map_or(NaiveDate::MIN, |t| t.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_sets_the_date() {
        // 1782777600 s = 20,634 days after 1970-01-01 = 2026-06-30.
        let now = Now::from_source_date_epoch(Some("1782777600")).unwrap();
        let end = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(now.date(end), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    }

    #[test]
    fn without_it_the_period_end_is_the_date() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(Now::from_source_date_epoch(None).unwrap().date(end), end);
    }

    #[test]
    fn without_any_the_date_is_today() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let Now::Today(day) = Now::from_environment(None).unwrap() else {
            panic!("not today");
        };
        assert_eq!(day, today());
        // Made by a machine whose clock is past the date this test was written.
        assert!(day >= NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(Now::Today(day).date(end), day);
    }

    #[test]
    fn a_malformed_value_is_an_error() {
        assert!(Now::from_source_date_epoch(Some("yesterday")).is_err());
    }
}
