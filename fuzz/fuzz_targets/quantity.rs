//! Any text as a quantity of any dimension (`41.2 MWh`, `380 gCO2e/kWh`): a value or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wattprint::model::quantity::{Dimension, parse};

const DIMENSIONS: [Dimension; 6] = [
    Dimension::Energy,
    Dimension::Power,
    Dimension::CarbonIntensity,
    Dimension::Emissions,
    Dimension::Duration,
    Dimension::WaterIntensity,
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let dimension = DIMENSIONS[usize::from(first) % DIMENSIONS.len()];
    if let Ok(value) = parse(text, dimension) {
        assert!(value.is_finite(), "{text:?} parsed to {value}");
    }
});
