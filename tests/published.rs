//! Published cases reproduced from their published inputs. Each file in `tests/published/`
//! is a disclosure whose header names its source and the figures it must reproduce:
//! `# expect: total.facility_energy = 1287 MWh ± 0.5%`.

use wattprint::model::quantity::{self, Dimension};

use crate::support::{root, wattprint, yaml_files};

struct Expectation {
    path: String,
    value: f64,
    tolerance: f64,
}

/// Parses `total.location_based = 552 tCO2e ± 0.5%` into the figure's JSON path, its value in
/// the results' canonical unit (kWh or kgCO2e) and the relative tolerance.
fn expectation(line: &str) -> Expectation {
    let (path, rest) = line.split_once('=').expect("`path = value ± tolerance`");
    let (value, tolerance) = rest.split_once('±').expect("a tolerance after ±");
    let value = value.trim();
    let canonical = quantity::parse(value, Dimension::Energy)
        .or_else(|_| quantity::parse(value, Dimension::Emissions))
        .unwrap_or_else(|e| panic!("{value}: {e}"));
    let tolerance: f64 = tolerance
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .unwrap();
    Expectation {
        path: path.trim().to_owned(),
        value: canonical,
        tolerance: tolerance / 100.0,
    }
}

#[test]
fn published_cases_are_reproduced_within_their_rounding() {
    let cases = yaml_files("tests/published");
    assert!(cases.len() >= 3);
    for case in cases {
        let text = std::fs::read_to_string(root().join(&case)).unwrap();
        assert!(
            text.starts_with("# source: "),
            "{}: name the source",
            case.display()
        );
        let expectations: Vec<Expectation> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(expectation)
            .collect();
        assert!(!expectations.is_empty(), "{}", case.display());
        let output = wattprint([
            "compute".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            case.as_os_str(),
        ])
        .expect(0);
        let results: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
        for e in expectations {
            let pointer = format!("/{}/value", e.path.replace('.', "/"));
            let computed = results
                .pointer(&pointer)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or_else(|| panic!("{}: no {pointer}", case.display()));
            let deviation = (computed / e.value - 1.0).abs();
            assert!(
                deviation <= e.tolerance,
                "{}: {} is {computed}, published {} (off by {:.2} %)",
                case.display(),
                e.path,
                e.value,
                deviation * 100.0
            );
        }
    }
}
