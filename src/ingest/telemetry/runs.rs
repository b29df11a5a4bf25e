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
        integrator.push(&device, start, Reading::Energy(0.0));
        // Each row of the running total is a reading of the run's counter, so its energy falls
        // between them as the rows say, not evenly over the whole run; a tracker started again
        // after the last row was written counted nothing in between (helper 73: a restart two
        // days on was spread over them).
        let mut last: Option<(NaiveDateTime, f64)> = None;
        for &(started, written, it_kwh) in &run.written {
            let joules = |kwh: f64| Reading::Energy(kwh * super::JOULES_PER_KWH);
            if let Some((before, counted)) = last
                && started > before
            {
                integrator.push(&device, seconds_of(started.and_utc()), joules(counted));
            }
            integrator.push(&device, seconds_of(written.and_utc()), joules(it_kwh));
            last = Some((written, it_kwh));
        }
    }
    super::finish(file, integrator)?;
    Ok(runs)
}
