//! CodeCarbon's `emissions.csv` as telemetry: each run is a device whose energy counter reads 0
//! at the run's start and its IT energy at its end, so the run's energy is spread over the
//! periods it spans by time. CodeCarbon measures in between but writes only the run's total,
//! or, where it saves as it goes, a cumulative row each time, each read as the counter then.
//!
//! The columns and units are those `import codecarbon` reads ([`crate::ingest::codecarbon`]):
//! `energy_consumed` is kWh with the run's `pue` multiplied in, which is divided out here, and
//! `timestamp` is the local time the row was written, read as UTC.

use std::path::Path;

use chrono::NaiveDateTime;

use super::{Integrator, Reading, seconds_of};
use crate::ingest::IngestError;
use crate::ingest::codecarbon;

/// Reads every run of a CodeCarbon `emissions.csv` into `integrator`, one device per run named
/// `project/run_id`, and returns the runs.
///
/// # Errors
/// What [`codecarbon::read`] finds wrong with the file, or a run with energy but no duration.
pub fn read(
    file: &Path,
    bytes: &[u8],
    integrator: &mut Integrator,
) -> Result<Vec<codecarbon::Run>, IngestError> {
    let runs = codecarbon::read(file, bytes)?;
    for run in &runs {
        // A project's name may hold `/` (`org/model`); a run's label holds none, so the last
        // `/` separates them.
        let device = if run.project.is_empty() {
            run.label()
        } else {
            format!("{}/{}", run.project, run.label())
        };
        let start = seconds_of(run.start().and_utc());
        let end = seconds_of(run.end.and_utc());
        if end <= start && run.energy_kwh > 0.0 {
            return Err(IngestError::Invalid {
                file: file.to_owned(),
                line: run.line,
                message: format!(
                    "run {} lasted 0 s but consumed {} kWh, so its energy has no time to fall in",
                    run.run_id, run.energy_kwh
                ),
                hint: "correct the run's duration, or remove the row".to_owned(),
            });
        }
        for (at, kwh) in readings(run) {
            integrator.push(
                &device,
                seconds_of(at.and_utc()),
                Reading::Energy(kwh * super::JOULES_PER_KWH),
            );
        }
    }
    super::finish(file, integrator)?;
    Ok(runs)
}

/// The readings of a run's counter, in time: 0 at its start, then each row of its running
/// total, so that its energy falls between them as the rows say rather than evenly over the
/// whole run; a tracker started again after its last row was written (its duration counted
/// from zero, its energy on) counted nothing in between (helper 73: a restart two days on was
/// spread over them). A row written at or before the reading before it (CodeCarbon writes the
/// local time to the second: a `flush()` and a `stop()` in one second, or a clock gone back)
/// adds its energy to that reading instead (helper 75: such runs were refused as two
/// counters under one name).
fn readings(run: &codecarbon::Run) -> Vec<(NaiveDateTime, f64)> {
    let mut readings = vec![(run.start(), 0.0)];
    for &(started, written, it_kwh) in &run.written {
        if let Some(&(last, counted)) = readings.last()
            && started > last
        {
            readings.push((started, counted));
        }
        match readings.last_mut() {
            Some((last, counted)) if written <= *last => *counted = f64::max(*counted, it_kwh),
            _ => readings.push((written, it_kwh)),
        }
    }
    readings
}
