//! The report date, which is never read from the wall clock: identical inputs must give
//! byte-identical reports. The date of issue comes from `--date`, else from
//! `SOURCE_DATE_EPOCH` (the reproducible-builds convention); without either, a report is dated
//! the end of its reporting period and says that no date of issue was given.

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

    /// The report date, given the reporting period's last day.
    #[must_use]
    pub fn date(self, period_end: NaiveDate) -> NaiveDate {
        match self {
            Now::Issued(date) | Now::Fixed(date) => date,
            Now::FromInputs => period_end,
        }
    }
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
    fn a_malformed_value_is_an_error() {
        assert!(Now::from_source_date_epoch(Some("yesterday")).is_err());
    }
}
