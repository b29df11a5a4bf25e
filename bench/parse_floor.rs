//! The parse floor for `bench/ingest.sh`: the least any CSV telemetry reader must do on one
//! core, and nothing more. It reads the file in 1 MiB blocks, splits each line at its commas,
//! and reads exactly the fields `wattprint ingest` needs: the timestamp and the power and
//! counter readings as numbers, and the device, looked up among the devices seen (a hash map
//! of names). It keeps one sum per device so that no work can be left out by the compiler. It
//! does not check quotes, units, UTF-8, line lengths, order, gaps or periods.
//! Compiled with `rustc -O` by the bench script; not part of the crate.

use std::collections::HashMap;
use std::io::Read;

fn number(field: &[u8]) -> f64 {
    std::str::from_utf8(field)
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0.0)
}

fn main() {
    let path = std::env::args().nth(1).expect("a log file");
    let mut file = std::fs::File::open(path).expect("the log opens");
    let mut devices: HashMap<Vec<u8>, f64> = HashMap::new();
    let mut rows = 0_u64;
    let mut block = vec![0_u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    let mut header = true;
    let mut line = |line: &[u8], devices: &mut HashMap<Vec<u8>, f64>| {
        if std::mem::take(&mut header) || line.is_empty() {
            return;
        }
        let mut fields = line.split(|&b| b == b',');
        let t = number(fields.next().unwrap_or_default());
        let device = fields.next().unwrap_or_default();
        let power = fields.next().filter(|f| !f.is_empty()).map(number);
        let counter = fields.next().filter(|f| !f.is_empty()).map(number);
        let sum = match devices.get_mut(device) {
            Some(sum) => sum,
            None => devices.entry(device.to_vec()).or_default(),
        };
        *sum += t * 0.0 + power.unwrap_or(0.0) + counter.unwrap_or(0.0);
        rows += 1;
    };
    loop {
        let n = file.read(&mut block).expect("the log reads");
        if n == 0 {
            break;
        }
        let mut data = &block[..n];
        if !carry.is_empty() {
            let Some(end) = data.iter().position(|&b| b == b'\n') else {
                carry.extend_from_slice(data);
                continue;
            };
            carry.extend_from_slice(&data[..end]);
            line(&carry, &mut devices);
            carry.clear();
            data = &data[end + 1..];
        }
        let last = data.iter().rposition(|&b| b == b'\n');
        let (whole, rest) = match last {
            Some(at) => (&data[..at], &data[at + 1..]),
            None => (&data[..0], data),
        };
        for l in whole.split(|&b| b == b'\n') {
            line(l, &mut devices);
        }
        carry.extend_from_slice(rest);
    }
    if !carry.is_empty() {
        line(&carry, &mut devices);
    }
    let total: f64 = devices.values().sum();
    println!("{rows} rows, {} devices, {total}", devices.len());
}
