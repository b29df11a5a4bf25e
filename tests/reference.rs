//! The embedded reference data: `wattprint data`, defaults resolved with their provenance in
//! the report, and a user's `--data` file that extends it and travels with the PDF.

use std::path::Path;

use serde_json::Value;

use crate::support::{Scratch, pdf_text, root, squash, wattprint, write_file};

#[test]
fn data_lists_and_searches_each_table() {
    let grid = wattprint(["data", "grid", "DE"]).expect(0).stdout;
    // Our World in Data (Ember), 2023: Germany 380.95 gCO2e/kWh.
    assert!(
        grid.contains("DE    Germany  380.95     2023  owid-ember"),
        "{grid}"
    );
    assert_eq!(
        grid.lines().count(),
        2,
        "an exact code shows that zone only:\n{grid}"
    );
    let states = wattprint(["data", "grid", "us"]).expect(0).stdout;
    assert!(
        states.contains("US-VA") && states.lines().count() > 50,
        "{states}"
    );
    let regions = wattprint(["data", "regions", "eu-central", "--format", "json"])
        .expect(0)
        .stdout;
    let regions: Vec<Value> = serde_json::from_str(&regions).unwrap();
    assert!(
        regions
            .iter()
            .any(|r| r["region"] == "eu-central-1" && r["zone"] == "DE")
    );
    let hardware = wattprint(["data", "hardware", "h100"]).expect(0).stdout;
    assert!(
        hardware.contains("h100-sxm") && hardware.contains("h100-pcie"),
        "{hardware}"
    );
    let summary = wattprint(["data"]).expect(0).stdout;
    assert!(
        summary.starts_with("wattprint reference data "),
        "{summary}"
    );
    let none = wattprint(["data", "hardware", "no-such-chip"])
        .expect(1)
        .stdout;
    assert!(none.contains("no row matches"), "{none}");
}

#[test]
fn defaults_carry_their_year_and_source_into_the_report() {
    let scratch = Scratch::new("reference-report");
    let json = scratch.path("report.json");
    wattprint([
        "report".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
        "-o".as_ref(),
        json.as_os_str(),
    ])
    .expect(0);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let reference = &report["manifest"]["reference_data"];
    assert!(
        reference["dataset"]
            .as_str()
            .unwrap()
            .starts_with("wattprint reference data")
    );
    let uses = reference["uses"].as_array().unwrap();
    let grid = uses
        .iter()
        .find(|u| u["pointer"] == "/sites/1/grid/location_based")
        .unwrap();
    assert_eq!(grid["key"], "DE");
    assert_eq!(grid["value"], "380.95 gCO2e/kWh");
    assert_eq!(grid["year"], 2023);
    assert!(grid["source"].as_str().unwrap().contains("Ember"));
    let pue = uses
        .iter()
        .find(|u| u["pointer"] == "/sites/1/pue")
        .unwrap();
    assert_eq!(
        (pue["key"].as_str(), pue["year"].as_i64()),
        (Some("gcp"), Some(2021))
    );
    let pdf = scratch.path("report.pdf");
    wattprint([
        "report".as_ref(),
        "examples/provider-cloud.yaml".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect(0);
    let text = pdf_text(&std::fs::read(&pdf).unwrap());
    assert!(
        text.contains(&squash("Reference data")),
        "no reference section"
    );
    assert!(
        text.contains(&squash("380.95 gCO2e/kWh")),
        "no resolved factor"
    );
    wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
}

const USER_DATA: &str = "name: Fixture factors 2026
grid:
  - { zone: DE, name: Germany, value: 350 gCO2e/kWh, year: 2025, source: UBA preliminary 2025 }
residual_mix:
  - { zone: DE, value: 700 gCO2e/kWh, year: 2024, source: AIB European Residual Mixes 2024 }
";

fn with_defaults() -> String {
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    minimal
        .replace(
            "location_based: { value: 363 gCO2e/kWh, method: default_factor, source: UBA 2024 }",
            "location_based: { value: default }",
        )
        .replace("residual_mix: 620 gCO2e/kWh", "residual_mix: default")
}

/// `report INPUT -o OUT` with the reference data `data`, which must succeed.
fn report_with_data(data: &Path, input: &Path, out: &Path) {
    wattprint([
        "--data".as_ref(),
        data.as_os_str(),
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect(0);
}

#[test]
fn a_users_data_file_overrides_and_travels_with_the_pdf() {
    let scratch = Scratch::new("reference-user");
    let data = scratch.path("factors.yaml");
    write_file(&data, USER_DATA);
    let input = scratch.path("disclosure.yaml");
    write_file(&input, &with_defaults());
    // Without the file, no residual mix is built in: the finding says where to get one.
    let refused = wattprint(["validate".as_ref(), input.as_os_str()]).expect(1);
    assert!(
        refused.stdout.contains("error[no-reference-value]"),
        "{}",
        refused.stdout
    );
    assert!(refused.stdout.contains("AIB"), "{}", refused.stdout);
    let computed = wattprint([
        "--data".as_ref(),
        data.as_os_str(),
        "compute".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        input.as_os_str(),
    ])
    .expect(0);
    let results: Value = serde_json::from_str(&computed.stdout).unwrap();
    // 41.2 MWh × 1.35 = 55.62 MWh; × 350 g/kWh = 19.467 t location-based (hand calculation);
    // market: 20 MWh at 0 + 35.62 MWh × 700 g/kWh = 24.934 t.
    let location = results["total"]["location_based"]["value"]
        .as_f64()
        .unwrap();
    let market = results["total"]["market_based"]["value"].as_f64().unwrap();
    assert!((location - 19_467.0).abs() < 1e-6, "{location}");
    assert!((market - 24_934.0).abs() < 1e-6, "{market}");
    // The residual mix came from a table: the market-based total rests on a default factor.
    assert_eq!(results["total"]["market_based"]["tier"], "default_factor");
    let pdf = scratch.path("report.pdf");
    report_with_data(&data, &input, &pdf);
    let text = pdf_text(&std::fs::read(&pdf).unwrap());
    assert!(
        text.contains(&squash("Fixture factors 2026")),
        "dataset not named"
    );
    assert!(text.contains(&squash("AIB European Residual Mixes 2024")));
    // verify needs no --data: the file is attached to the PDF.
    let verified = wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    assert!(
        verified.stdout.starts_with("verified:"),
        "{}",
        verified.stdout
    );
}

#[test]
fn a_data_file_named_like_an_attachment_is_attached_under_a_name_of_its_own() {
    // A hidden file is recorded without its dot; one named like the JSON report the PDF
    // attaches, with a prefix.
    let scratch = Scratch::new("reference-names");
    let input = scratch.path("disclosure.yaml");
    write_file(&input, &with_defaults());
    for (file, recorded) in [
        (".factors.yaml", "factors.yaml"),
        (
            "wattprint-report.json",
            "reference-data-wattprint-report.json",
        ),
    ] {
        let data = scratch.path(file);
        write_file(&data, USER_DATA);
        let (pdf, json) = (scratch.path("report.pdf"), scratch.path("report.json"));
        report_with_data(&data, &input, &pdf);
        report_with_data(&data, &input, &json);
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(report["manifest"]["reference_data"]["file"], recorded);
        wattprint(["verify".as_ref(), pdf.as_os_str()]).expect(0);
    }
}

#[test]
fn a_bad_data_file_is_refused_with_its_place() {
    let scratch = Scratch::new("reference-bad");
    let data = scratch.path("factors.yaml");
    write_file(
        &data,
        "name: x\ngrid:\n  - { zone: DE, value: 350 g/kWh, year: 2025, source: s }\n",
    );
    let output = wattprint([
        "--data".as_ref(),
        data.as_os_str(),
        "validate".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
    ])
    .expect(2);
    assert!(
        output.stderr.contains("factors.yaml:3:"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("error[unit]"), "{}", output.stderr);
    assert!(
        output.stderr.contains("the reference data file"),
        "{}",
        output.stderr
    );
}

#[test]
fn the_readme_reference_data_example_is_a_valid_file() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block: String = readme
        .split("```yaml reference-data\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows a reference data file")
        .to_owned();
    let scratch = Scratch::new("reference-readme");
    let data = scratch.path("factors.yaml");
    write_file(&data, &block);
    let input = scratch.path("disclosure.yaml");
    write_file(&input, &with_defaults());
    let output = wattprint([
        "--data".as_ref(),
        data.as_os_str(),
        "validate".as_ref(),
        input.as_os_str(),
    ])
    .expect(0);
    assert!(
        output.stdout.contains("no problems found"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_device_gives_a_compute_estimate_its_peak_and_power() {
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = minimal.replace(
        "    energy: { value: 41.2 MWh, method: device_telemetry, source: DCGM export }",
        "    energy:
      method: estimated_from_compute
      source: serving logs
      compute: { flops: 3.1e22, devices: 32, device: h100-sxm, precision: bf16, utilisation: 0.4 }",
    );
    let scratch = Scratch::new("reference-device");
    let input = scratch.path("disclosure.yaml");
    write_file(&input, &text);
    let results = crate::support::compute_json(&input);
    // Hand calculation with the H100 SXM datasheet (989.5 TFLOP/s BF16 dense, 700 W):
    // 3.1e22 ÷ (32 × 989.5e12 × 0.4) = 2,447,573.5 s = 679.88 h; × 32 × 0.7 kW = 15,229.35 kWh.
    let it = results["total"]["it_energy"]["value"].as_f64().unwrap();
    assert!((it - 15_229.352_647).abs() < 1e-3, "{it}");
}
