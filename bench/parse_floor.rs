//! The parse floor for `bench/ingest.sh`: the least any CSV telemetry reader must do, split
//! each line and parse two numbers (the timestamp and the reading, power or counter, whichever
//! the row has). Compiled with `rustc -O` by the bench script; not part of the crate.

use std::io::{BufRead, BufReader};

fn main() {
    let path = std::env::args().nth(1).expect("a log file");
    let file = std::fs::File::open(path).expect("the log opens");
    let mut sum = 0.0_f64;
    let mut rows = 0_u64;
    for line in BufReader::with_capacity(1 << 20, file).lines().skip(1) {
        let line = line.expect("a line");
        let mut fields = line.split(',');
        let t: f64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0.0);
        let reading: f64 = fields
            .skip(1)
            .find(|f| !f.is_empty())
            .and_then(|f| f.parse().ok())
            .unwrap_or(0.0);
        sum += t * 0.0 + reading;
        rows += 1;
    }
    println!("{rows} rows, {sum}");
}
