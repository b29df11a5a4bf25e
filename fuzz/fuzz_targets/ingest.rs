//! Any bytes as a telemetry log in each format `wattprint ingest` reads: energy per device and
//! period, or an error naming the line, never a panic. The first byte picks the format and
//! the reporting period.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wattprint::ingest::telemetry::csv::{self, Columns};
use wattprint::ingest::telemetry::{Bucket, Integrator, MAX_LINE_BYTES, prometheus, runs};

fuzz_target!(|data: &[u8]| {
    let Some((&first, log)) = data.split_first() else {
        return;
    };
    let bucket =
        [Bucket::Hour, Bucket::Day, Bucket::Month, Bucket::Total][usize::from(first >> 4) % 4];
    let mut integrator = Integrator::new(bucket, 5.0);
    let file = std::path::Path::new("fuzz.log");
    let generic = Columns::long();
    let result = match first % 5 {
        0 => csv::read(file, log, &generic, MAX_LINE_BYTES, &mut integrator),
        1 => csv::read(
            file,
            log,
            &Columns::nvidia_smi("energy"),
            MAX_LINE_BYTES,
            &mut integrator,
        ),
        2 => {
            integrator = integrator.wrapping_at(262_143.328_85);
            csv::read(
                file,
                log,
                &Columns::rapl("timestamp"),
                MAX_LINE_BYTES,
                &mut integrator,
            )
        }
        3 => prometheus::read(file, log, (MAX_LINE_BYTES, 1 << 24), &mut integrator),
        _ => runs::read(file, log, &mut integrator),
    };
    if result.is_ok() {
        for (_, _, cell) in integrator.cells() {
            assert!(cell.joules.is_finite() && cell.joules >= 0.0, "{cell:?}");
        }
    }
});
