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
            .contains("5 figure(s) changed by more than 10 %"),
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
            .contains("no figure of both releases is named `total.location-based`"),
        "{}",
        typo.stderr
    );
    assert!(
        typo.stderr.contains("`total.location_based`"),
        "{}",
        typo.stderr
    );
    // Every unknown name at once; a figure of an item only one release has is said to be so.
    let two = wattprint([
        "diff",
        "examples/deployer-colocation.yaml",
        "examples/provider-cloud.yaml",
        "--fail-above",
        "15%",
        "--figure",
        "measurements[pretraining].facility_energy",
        "--figure",
        "total.it-energy",
    ])
    .expect(2);
    assert!(
        two.stderr
            .contains("`measurements[pretraining].facility_energy`, `total.it-energy`"),
        "{}",
        two.stderr
    );
    assert!(
        two.stderr
            .contains("`measurements[pretraining]` is only in NEW"),
        "{}",
        two.stderr
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
