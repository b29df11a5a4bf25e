//! The periods energy is reported in, and their labels.

use chrono::{Datelike, NaiveDate, TimeZone, Timelike, Utc};

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
    /// The shortest a period can be, s: a month is at least 28 days; the whole log has no end.
    #[must_use]
    pub fn shortest(self) -> f64 {
        match self {
            Bucket::Hour => 3_600.0,
            Bucket::Day => 86_400.0,
            Bucket::Month => 28.0 * 86_400.0,
            Bucket::Total => f64::INFINITY,
        }
    }

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

/// Whole seconds since the epoch as an RFC 3339 time in UTC; `None` beyond chrono's range.
pub(super) fn utc_label(seconds: i64) -> Option<String> {
    crate::model::hourly::utc_time(seconds)
}

/// The start of the period with key `start` as a date-time string.
#[must_use]
pub fn period_label(bucket: Bucket, start: i64) -> String {
    if bucket == Bucket::Total {
        return "total".to_owned();
    }
    utc_label(start).unwrap_or_default()
}
