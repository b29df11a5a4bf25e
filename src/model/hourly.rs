//! Values by the hour: a site's consumption, a grid's hourly factors, an instrument's hourly
//! generation, as the hourly Scope 2 figures read them (`compute::hourly`), and the CSV files
//! a disclosure names for them.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

/// Seconds in an hour.
pub const SECONDS_PER_HOUR: i64 = 3600;

/// 2026-01-01T00:00:00Z, the first hour of the tests' profiles.
#[cfg(test)]
pub(crate) const DAY_ONE: i64 = 1_767_225_600;

/// The pattern of a SHA-256 digest as a disclosure writes it.
pub const SHA256_PATTERN: &str = "^[0-9a-f]{64}$";

/// A CSV file of hourly values that a disclosure names (`hour,COLUMN`, see
/// `load::hourly`): read from the disclosure's folder and fixed by its SHA-256, so that its
/// figures cannot change unless the disclosure does. A PDF report attaches it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HourlyFile {
    /// The file's path from the disclosure's folder, folders separated by `/`, e.g.
    /// `hourly/inference.csv`; it may not leave that folder.
    pub file: String,
    /// SHA-256 of the file's bytes, 64 lower-case hexadecimal digits (`sha256sum FILE`).
    #[schemars(regex(pattern = SHA256_PATTERN))]
    pub sha256: String,
    /// The values read from the file, once `check` has read it and checked its hash.
    #[serde(skip)]
    #[schemars(skip)]
    pub values: Option<Arc<Profile>>,
}

/// The energy of a measurement hour by hour.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum HourlyEnergy {
    /// Measured: a CSV `hour,energy_kwh` (what `wattprint ingest --profile` writes). Its shape
    /// spreads the measurement's facility energy over the hours; its total is checked against
    /// the measurement's energy.
    Measured(HourlyFile),
    /// No hourly data: a standard load profile, flagged as such in every report.
    Standard {
        /// The standard load profile.
        standard_profile: StandardProfile,
    },
}

/// A standard load profile, for a measurement without hourly data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StandardProfile {
    /// Constant power over the measurement's period: the same energy every hour, as a service
    /// that runs day and night draws it.
    Flat,
}

/// Location-based grid factors hour by hour (gCO2e/kWh), e.g. a grid operator's, ENTSO-E's or
/// a licensed provider's export: hours without one take the month's factor (`monthly`), else
/// the annual `location_based` one, and reports count them.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HourlyFactors {
    /// The factors: a CSV `hour,g_per_kwh`, the hour's start in UTC.
    pub factors: HourlyFile,
    /// How the factors were obtained.
    pub method: super::Method,
    /// Where they come from: the publisher, the data set and its version.
    pub source: String,
}

/// The hours of `period` (whole days, UTC): its first hour's start, and the end of its last
/// hour, in seconds since 1970.
#[must_use]
pub fn hours_of(period: super::Period) -> (i64, i64) {
    let start = period
        .start
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    (start, start + period.days() * 24 * SECONDS_PER_HOUR)
}

/// An hour's start (seconds since 1970) as RFC 3339 in UTC: `2026-01-01T00:00:00Z`; the
/// count itself beyond chrono's range.
#[must_use]
pub fn hour_label(at: i64) -> String {
    utc_time(at).unwrap_or_else(|| at.to_string())
}

/// Whole seconds since 1970 as an RFC 3339 time in UTC, the form every hourly file and
/// telemetry table writes (`2026-01-01T00:00:00Z`); `None` beyond chrono's range.
#[must_use]
pub fn utc_time(seconds: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// One hour of a profile: its start (seconds since 1970, UTC) and its value.
pub type Hour = (i64, f64);

/// Values by the hour (kWh consumed or generated, or gCO2e/kWh), each hour once, in time
/// order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile(Vec<Hour>);

/// A profile that cannot be read hour by hour.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// An hour that does not start on the hour.
    #[error("{at} s is not the start of an hour (a multiple of 3600 s since 1970, UTC)")]
    NotOnTheHour {
        /// The hour's start, s.
        at: i64,
    },
    /// An hour listed out of time order or twice.
    #[error("the hour starting at {at} s comes after a later or the same hour")]
    OutOfOrder {
        /// The hour's start, s.
        at: i64,
    },
    /// A value that is negative or not a number.
    #[error("the value {value} of the hour starting at {at} s is negative or not a number")]
    Value {
        /// The hour's start, s.
        at: i64,
        /// The value.
        value: f64,
    },
    /// A total to spread over no hours.
    #[error("a total of {total} cannot be spread over no hours")]
    NoHours {
        /// The total.
        total: f64,
    },
}

impl Profile {
    /// A profile of `hours`, checked: each on the hour, in time order, each once, with a
    /// finite value of zero or more.
    ///
    /// # Errors
    /// The first hour that breaks one of those rules.
    pub fn new(hours: Vec<Hour>) -> Result<Self, ProfileError> {
        let mut profile = Self(Vec::with_capacity(hours.len()));
        for hour in hours {
            profile.push(hour)?;
        }
        Ok(profile)
    }

    /// Adds `hour` after the last, checked as [`Profile::new`] checks each: a reader can then
    /// name the line of the first hour that breaks a rule.
    ///
    /// # Errors
    /// The rule `hour` breaks; the profile is then unchanged.
    pub fn push(&mut self, (at, value): Hour) -> Result<(), ProfileError> {
        if at.rem_euclid(SECONDS_PER_HOUR) != 0 {
            return Err(ProfileError::NotOnTheHour { at });
        }
        if self.0.last().is_some_and(|&(p, _)| at <= p) {
            return Err(ProfileError::OutOfOrder { at });
        }
        if !(value.is_finite() && value >= 0.0) {
            return Err(ProfileError::Value { at, value });
        }
        self.0.push((at, value));
        Ok(())
    }

    /// The same total spread evenly over `hours` hours from `first` (on the hour): the
    /// standard load profile of a workload drawing constant power, for a measurement without
    /// hourly data. Reports flag it as such.
    ///
    /// # Errors
    /// [`ProfileError`] when `first` is not on the hour, `total` is negative or not a number,
    /// or there are no hours to spread it over.
    pub fn flat(total: f64, first: i64, hours: u32) -> Result<Self, ProfileError> {
        if !(total.is_finite() && total >= 0.0) {
            return Err(ProfileError::Value {
                at: first,
                value: total,
            });
        }
        if hours == 0 {
            return Err(ProfileError::NoHours { total });
        }
        let each = total / f64::from(hours);
        Self::new(
            (0..i64::from(hours))
                .map(|h| (first + h * SECONDS_PER_HOUR, each))
                .collect(),
        )
    }

    /// The hours, in time order.
    #[must_use]
    pub fn hours(&self) -> &[Hour] {
        &self.0
    }

    /// The sum over every hour; 0 (not −0, as `Iterator::sum` gives) for no hours.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.0.iter().fold(0.0, |sum, &(_, v)| sum + v)
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the values are halves, wholes and their sums, exact in binary"
)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_on_the_hour_in_order_and_not_negative() {
        assert_eq!(
            Profile::new(vec![(DAY_ONE + 60, 1.0)]),
            Err(ProfileError::NotOnTheHour { at: DAY_ONE + 60 })
        );
        assert_eq!(
            Profile::new(vec![(DAY_ONE, 1.0), (DAY_ONE, 1.0)]),
            Err(ProfileError::OutOfOrder { at: DAY_ONE })
        );
        assert!(matches!(
            Profile::new(vec![(DAY_ONE, f64::NAN)]),
            Err(ProfileError::Value { .. })
        ));
        assert!(Profile::new(vec![(DAY_ONE, -1.0)]).is_err());
        assert_eq!(
            Profile::flat(1.0, DAY_ONE, 0),
            Err(ProfileError::NoHours { total: 1.0 })
        );
        assert!(Profile::flat(-1.0, DAY_ONE, 24).is_err());
        let flat = Profile::flat(48.0, DAY_ONE, 24).unwrap();
        assert_eq!(flat.hours().len(), 24);
        assert_eq!(flat.total(), 48.0);
        assert_eq!(flat.hours()[23], (DAY_ONE + 23 * SECONDS_PER_HOUR, 2.0));
    }
}
