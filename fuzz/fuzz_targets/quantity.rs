//! Any text as a quantity of any dimension (`41.2 MWh`, `380 gCO2e/kWh`): a value or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wattprint::model::quantity::{Dimension, parse};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let dimension = Dimension::ALL[usize::from(first) % Dimension::ALL.len()];
    if let Ok(value) = parse(text, dimension) {
        assert!(value.is_finite(), "{text:?} parsed to {value}");
    }
});
