//! Properties over many generated inputs (proptest): units convert both ways without loss,
//! and totals never fall when an input energy rises.

use proptest::prelude::*;
use wattprint::model::quantity::{Dimension, UNITS, parse};

use crate::support::{checked, root};

proptest! {
    /// A value written in any unit of its dimension parses back to itself: the canonical
    /// value v, written as v ÷ factor in the unit, reads as v to 1e-12 relative.
    #[test]
    fn units_round_trip(value in 1e-6_f64..1e12, unit in 0..UNITS.len()) {
        let unit = &UNITS[unit];
        let text = format!("{:e} {}", value / unit.factor, unit.symbol);
        let parsed = parse(&text, unit.dimension).unwrap();
        prop_assert!((parsed - value).abs() <= value * 1e-12, "{text} read as {parsed}, not {value}");
    }

    /// Quantities of one dimension in different units agree: x kWh = x/1000 MWh.
    #[test]
    fn mixed_units_agree(kwh in 0.0_f64..1e9) {
        let a = parse(&format!("{kwh:e} kWh"), Dimension::Energy).unwrap();
        let b = parse(&format!("{:e} MWh", kwh / 1e3), Dimension::Energy).unwrap();
        prop_assert!((a - b).abs() <= a.max(b) * 1e-12);
    }
}

/// The minimal fixture with its measured energy set to `mwh`, computed.
fn totals(mwh: f64) -> [f64; 4] {
    let text = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = text.replacen("value: 41.2 MWh", &format!("value: {mwh:e} MWh"), 1);
    assert!(
        text.contains(&format!("{mwh:e} MWh")),
        "the fixture changed"
    );
    let t = checked("minimal.yaml", &text).results.total;
    [
        t.it_energy.value,
        t.facility_energy.value,
        t.location_based.value,
        t.market_based.value,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Raising a measured energy never lowers a total (market-based included, where
    /// instruments cover a fixed amount and the rest takes the residual mix). The energy
    /// starts above what the fixture's 20 MWh of instruments need (15 MWh × PUE 1.35 =
    /// 20.25 MWh): below it, instruments exceeding the consumption are an error, which made
    /// this test fail about once in a hundred runs.
    #[test]
    fn totals_rise_with_energy(low in 15.0_f64..1e5, extra in 0.0_f64..1e5) {
        let (a, b) = (totals(low), totals(low + extra));
        for (x, y) in a.iter().zip(&b) {
            prop_assert!(y >= x, "{low} → {}: {a:?} then {b:?}", low + extra);
        }
    }
}
