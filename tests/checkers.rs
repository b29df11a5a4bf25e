//! wattprint's outputs fed to the real tools that read them, installed at pinned versions by
//! `tests/tools/install` (which `.ci/run` runs): Microsoft's SARIF Multitool, ajv and
//! check-jsonschema, the Green Software Foundation's `if-run`, and yaml-language-server. Each test
//! says it is skipped where its tool is missing.

use std::path::Path;
use std::process::Command;

use crate::support::{Scratch, checker, root, wattprint, write_file, yaml_files};

/// The SARIF Multitool's findings on `log` for the rule kinds given, as `(rule, level, where)`.
fn multitool(tool: &Path, log: &Path, kinds: &str) -> Vec<(String, String, String)> {
    let report = log.with_extension("validation.sarif");
    let status = Command::new(tool)
        .args(["validate", "--rule-kind", kinds, "--output"])
        .arg(&report)
        .arg(log)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or_default().to_owned(),
                r["level"].as_str().unwrap_or("warning").to_owned(),
                r["message"]["arguments"].to_string(),
            )
        })
        .collect()
}

#[test]
fn sarif_passes_the_multitool_with_githubs_rules() {
    let Some(tool) = checker("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
    else {
        return;
    };
    let scratch = Scratch::new("multitool");
    let mut paths: Vec<_> = yaml_files("tests/fixtures/invalid")
        .into_iter()
        .chain(yaml_files("tests/fixtures/sarif"))
        .chain(yaml_files("examples"))
        .collect();
    // An absolute path inside the repository, which the log must write relative to its root.
    paths.push(root().join("tests/fixtures/invalid/pue-below-one.yaml"));
    let output = wattprint(
        ["validate".as_ref(), "--format".as_ref(), "sarif".as_ref()]
            .into_iter()
            .chain(paths.iter().map(|p| p.as_os_str())),
    )
    .expect(1);
    let log = scratch.path("findings.sarif");
    write_file(&log, &output.stdout);
    // GitHub's rules (GH…) and SARIF's own (SARIF…): no finding at error level. SARIF2005 asks
    // for an `informationUri`, a warning wattprint leaves until it has a public home.
    let errors: Vec<_> = multitool(&tool, &log, "Gh;Sarif")
        .into_iter()
        .filter(|(_, level, _)| level == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let parsed: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let uris: Vec<&str> = parsed["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"tests/fixtures/invalid/pue-below-one.yaml"));
    assert!(uris.contains(&"tests/fixtures/sarif/wide%20%E5%A0%B1%E5%91%8A.yaml"));
    assert!(uris.iter().all(|uri| !uri.starts_with('/')), "{uris:?}");
}

#[test]
fn sarif_columns_are_utf16_code_units() {
    let output = wattprint([
        "validate",
        "--format",
        "sarif",
        "tests/fixtures/sarif/wide 報告.yaml",
    ])
    .expect(1);
    let log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let pue = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "pue")
        .unwrap();
    // `0.9` is character 71 of line 17; `𝔼` before it is two UTF-16 code units, so 72.
    let region = &pue["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 72);
    assert_eq!(region["endColumn"], 75);
}

#[test]
fn sarif_locations_follow_the_base_and_a_failure_still_writes_a_log() {
    let scratch = Scratch::new("sarif-base");
    let folder = scratch.path("in put");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/invalid/pue-below-one.yaml"),
        folder.join("é.yaml"),
    )
    .unwrap();
    let missing = scratch.path("absent.yaml");
    let output = wattprint([
        "validate".as_ref(),
        "--format".as_ref(),
        "sarif".as_ref(),
        "--sarif-base".as_ref(),
        scratch.path("").as_os_str(),
        folder.join("é.yaml").as_os_str(),
        missing.as_os_str(),
    ])
    .expect(2);
    assert!(output.stderr.contains("cannot read"), "{}", output.stderr);
    let log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "in%20put/%C3%A9.yaml", "uriBaseId": "%SRCROOT%" })
    );
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "absent.yaml"
    );
    assert!(
        notification["message"]["text"]
            .as_str()
            .unwrap()
            .contains("No such file")
    );
    assert!(!output.stdout.contains(scratch.path("").to_str().unwrap()));
    // Reference data that does not load leaves a log too.
    let output = wattprint([
        "--data",
        "absent-data.yaml",
        "validate",
        "--format",
        "sarif",
        "examples/deployer-colocation.yaml",
    ])
    .expect(2);
    let log: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

#[test]
fn the_readme_workflow_uploads_sarif_github_accepts() {
    let Some(tool) = checker("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
    else {
        return;
    };
    let recipe = &crate::readme::blocks(&crate::readme::readme(), "yaml ci")[0];
    let command = recipe
        .lines()
        .find_map(|line| line.split("run: wattprint validate").nth(1))
        .and_then(|rest| rest.split(" > ").next())
        .expect("the GitHub workflow validates with wattprint");
    // The workflow's checkout: a repository holding a disclosure with findings.
    let scratch = Scratch::new("readme-sarif");
    let repository = scratch.path("repo");
    std::fs::create_dir_all(repository.join(".git")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/invalid/many-problems.yaml"),
        repository.join("disclosure.yaml"),
    )
    .unwrap();
    let output = wattprint(std::iter::once("validate").chain(command.split_whitespace()))
        .current_dir(&repository)
        .expect(1);
    let log = scratch.path("wattprint.sarif");
    write_file(&log, &output.stdout);
    let errors: Vec<_> = multitool(&tool, &log, "Gh")
        .into_iter()
        .filter(|(_, level, _)| level == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(output.stdout.contains("\"uri\": \"disclosure.yaml\""));
}
