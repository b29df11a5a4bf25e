//! `wattprint diff` between two releases, and its gate.

use crate::support::{Scratch, root, wattprint, write_file};

/// The deployer example's next release: 11.4 % more inference energy (41.2 to 45.9 megawatt-hours).
fn next_release(scratch: &Scratch) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("examples/deployer-colocation.yaml"))
        .unwrap()
        .replace("value: 41.2 MWh", "value: 45.9 MWh");
    let path = scratch.path("next.yaml");
    write_file(&path, &text);
    path
}

#[test]
fn diff_shows_each_change_and_gates_on_the_totals() {
    let scratch = Scratch::new("diff");
    let next = next_release(&scratch);
    let output = wattprint([
        "diff".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        next.as_os_str(),
        "--fail-above".as_ref(),
        "10%".as_ref(),
    ])
    .expect(1);
    // 41,200 → 45,900 kWh is +4,700 kWh, +11.4 %.
    assert!(
        output.stdout.contains(
            "total.it_energy: 41,200 → 45,900 kWh (+4,700, +11.4 %)  ← above the threshold"
        ),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("8 figure(s) changed by more than 10 % or appeared or disappeared"),
        "{}",
        output.stdout
    );
    wattprint([
        "diff".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        next.as_os_str(),
        "--fail-above".as_ref(),
        "20%".as_ref(),
    ])
    .expect(0);
    // A named figure: the market-based total moved by 17.8 %.
    wattprint([
        "diff".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        next.as_os_str(),
        "--fail-above".as_ref(),
        "15%".as_ref(),
        "--figure".as_ref(),
        "total.market_based".as_ref(),
    ])
    .expect(1);
    // A misspelt figure is a usage error with the nearest names, never a gate that watches
    // nothing and passes.
    let typo = wattprint([
        "diff".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        next.as_os_str(),
        "--fail-above".as_ref(),
        "15%".as_ref(),
        "--figure".as_ref(),
        "total.location-based".as_ref(),
    ])
    .expect(2);
    assert!(
        typo.stderr
            .contains("no figure of either release is named `total.location-based`"),
        "{}",
        typo.stderr
    );
    assert!(
        typo.stderr.contains("`total.location_based`"),
        "{}",
        typo.stderr
    );
    // Every unknown name at once; a figure of an item only one release has is watched, and
    // its appearing fires the gate.
    let two = wattprint([
        "diff",
        "examples/deployer-colocation.yaml",
        "examples/provider-cloud.yaml",
        "--fail-above",
        "15%",
        "--figure",
        "total.it-energy",
        "--figure",
        "per_unit[*].energy-wh",
    ])
    .expect(2);
    assert!(
        two.stderr
            .contains("`total.it-energy`, `per_unit[*].energy-wh`"),
        "{}",
        two.stderr
    );
    let appeared = wattprint([
        "diff",
        "examples/deployer-colocation.yaml",
        "examples/provider-cloud.yaml",
        "--fail-above",
        "1000%",
        "--figure",
        "measurements[pretraining].facility_energy",
    ])
    .expect(1);
    assert!(
        appeared
            .stdout
            .contains("added: measurements[pretraining]  ← above the threshold"),
        "{}",
        appeared.stdout
    );
}

#[test]
fn diff_reads_a_pdf_report_and_speaks_json() {
    let scratch = Scratch::new("diff-pdf");
    let pdf = scratch.path("old.pdf");
    wattprint([
        "report".as_ref(),
        "examples/deployer-colocation.yaml".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ])
    .expect(0);
    let next = next_release(&scratch);
    let output = wattprint([
        "diff".as_ref(),
        pdf.as_os_str(),
        next.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .expect(0);
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let changes = value["diff"]["changes"].as_array().unwrap();
    let total = changes
        .iter()
        .find(|c| c["figure"] == "total.it_energy")
        .unwrap();
    assert!((total["absolute"].as_f64().unwrap() - 4_700.0).abs() < 1e-6);
    assert!(value["diff"]["added"].as_array().unwrap().is_empty());
}

#[test]
fn diff_of_identical_releases_changes_nothing() {
    let output = wattprint([
        "diff",
        "examples/provider-cloud.yaml",
        "examples/provider-cloud.yaml",
        "--fail-above",
        "0%",
    ])
    .expect(0);
    assert!(
        output.stdout.starts_with("no figure changed"),
        "{}",
        output.stdout
    );
}

/// `diff OLD NEW --fail-above 10%` of the deployer example against `new`, with its exit code.
fn gate(scratch: &Scratch, name: &str, old: &str, new: &str) -> (i32, String) {
    let (a, b) = (
        scratch.path(&format!("{name}-old.{}", extension(old))),
        scratch.path(&format!("{name}-new.{}", extension(new))),
    );
    write_file(&a, old);
    write_file(&b, new);
    let output = wattprint([
        "diff".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "--fail-above".as_ref(),
        "10%".as_ref(),
    ])
    .run();
    (output.code, output.stdout + &output.stderr)
}

fn extension(text: &str) -> &'static str {
    if text.starts_with('{') {
        "json"
    } else {
        "yaml"
    }
}

// Attack, 2026-12-02: each of these passed `--fail-above 10%` with "no figure changed", exit 0.
#[test]
fn diff_gates_what_the_six_totals_did_not_show() {
    let scratch = Scratch::new("diff-gates");
    let example =
        std::fs::read_to_string(root().join("examples/deployer-colocation.yaml")).unwrap();
    // A disclosure written as JSON, its energy ten times larger, was read as results with no
    // figure in them.
    let json = std::fs::read_to_string(root().join("tests/fixtures/diff/deployer-colocation.json"))
        .unwrap();
    let (code, out) = gate(
        &scratch,
        "json",
        &json,
        &json.replace("41.2 MWh", "412 MWh"),
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("total.it_energy: 41,200 → 412,000 kWh"),
        "{out}"
    );
    // A total that disappears (the site's WUE left out).
    let wue = "    wue:\n      value: 0.35 L/kWh\n      method: supplier_reported\n      source: operator's annual energy report 2025 under the EnEfG, site FRA-2 (water usage effectiveness)\n";
    assert!(example.contains(wue));
    let (code, out) = gate(&scratch, "water", &example, &example.replace(wue, ""));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("total.water: 14,420 → none L (disappeared)  ← above the threshold"),
        "{out}"
    );
    // Every emission moved from Scope 2 to Scope 3 (the site operated as a cloud region).
    let (code, out) = gate(
        &scratch,
        "scope",
        &example,
        &example.replace("operation: colocation", "operation: cloud"),
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("removed: total.by_scope[scope2]  ← above the threshold"),
        "{out}"
    );
    // A claim whose verdict flips, its totals unchanged.
    let claim = std::fs::read_to_string(root().join("examples/claim-routing.yaml")).unwrap();
    let flipped = claim.replace("value: 55.8 kgCO2e", "value: 66.8 kgCO2e");
    assert_ne!(claim, flipped);
    let (code, out) = gate(&scratch, "claim", &claim, &flipped);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "claims[shorter-routes].verdict: meets_criteria → does_not_meet  ← above the threshold"
        ),
        "{out}"
    );
    // A scenario's JSON is no release's results.
    let scenario = wattprint([
        "compute",
        "examples/deployer-colocation.yaml",
        "--scenario",
        "smaller-model",
        "--format",
        "json",
    ])
    .expect(0);
    let (code, out) = gate(&scratch, "scenario", &json, &scenario.stdout);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("is neither a disclosure, a JSON report nor the results"),
        "{out}"
    );
}
