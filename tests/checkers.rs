//! wattprint's outputs fed to the real tools that read them, installed at pinned versions by
//! `tests/tools/install` (which `.ci/run` runs): Microsoft's SARIF Multitool, ajv and
//! check-jsonschema, the Green Software Foundation's `if-run`, and yaml-language-server. Each test
//! says it is skipped where its tool is missing.

use std::path::Path;
use std::process::Command;

use crate::support::{
    Scratch, checker, close, compute_json, root, wattprint, write_file, yaml, yaml_files,
};

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

/// The SARIF Multitool's error-level findings on the log `text` (written to `scratch` as
/// `name`) for the rule kinds given.
fn multitool_errors(
    tool: &Path,
    scratch: &Scratch,
    name: &str,
    text: &str,
    kinds: &str,
) -> Vec<(String, String, String)> {
    let log = scratch.path(name);
    write_file(&log, text);
    multitool(tool, &log, kinds)
        .into_iter()
        .filter(|(_, level, _)| level == "error")
        .collect()
}

/// Asserts that `stdout` is a SARIF log whose invocation failed: what a pipeline's upload
/// step receives when wattprint could not check everything.
fn assert_failure_logged(stdout: &str) {
    let log: serde_json::Value = serde_json::from_str(stdout).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
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
    // GitHub's rules (GH…) and SARIF's own (SARIF…): no finding at error level. SARIF2005 asks
    // for an `informationUri`, a warning wattprint leaves until it has a public home.
    let errors = multitool_errors(
        &tool,
        &scratch,
        "findings.sarif",
        &output.stdout,
        "Gh;Sarif",
    );
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
    assert_failure_logged(&output.stdout);
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
    let errors = multitool_errors(&tool, &scratch, "wattprint.sarif", &output.stdout, "Gh");
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(output.stdout.contains("\"uri\": \"disclosure.yaml\""));
}

/// The invalid fixtures whose findings no schema can state, each with the reason; every other
/// invalid fixture must fail the published schema in both checkers.
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[
    (
        "completion.yaml",
        "a completed part must lie outside the boundary beside it",
    ),
    (
        "completion-facility.yaml",
        "a completed part weighed against the boundary beside it",
    ),
    (
        "allocation-beyond-lifetime.yaml",
        "units served weighed against the expected lifetime",
    ),
    ("counted-twice.yaml", "two measurements of the same energy"),
    (
        "region-location.yaml",
        "a site's location weighed against the zone the reference data gives its region",
    ),
    (
        "region-operation.yaml",
        "a cloud region, which the reference data knows, weighed against the site's operation",
    ),
    (
        "estimate-longer-than-period.yaml",
        "an estimate's hours are worked out from several fields and compared with its period",
    ),
    (
        "dangling-reference.yaml",
        "an id must name an entry elsewhere in the file",
    ),
    (
        "duplicate-id.yaml",
        "ids are unique across a list of objects",
    ),
    (
        "period-too-long.yaml",
        "two dates weighed against each other",
    ),
    (
        "scenario-site-id.yaml",
        "a scenario's site ids weighed against the disclosure's",
    ),
    (
        "estimate-method-mismatch.yaml",
        "the method must match the estimate beside it",
    ),
    ("implausible.yaml", "warnings only"),
    (
        "claim-volume-overflow.yaml",
        "a volume weighed against the emissions per unit beside it",
    ),
    (
        "rebound-backfire.yaml",
        "warnings only: a rebound above 100 % is backfire, which studies report",
    ),
    (
        "growth-whole.yaml",
        "a signed percentage's lower bound is a number, not a shape a pattern checks",
    ),
    (
        "standards-deployer.yaml",
        "a warning weighing a standard against the role",
    ),
    (
        "impossible-energy.yaml",
        "a magnitude held inside a string with its unit",
    ),
    (
        "instrument-exceeds-energy.yaml",
        "instruments weighed against the energy",
    ),
    (
        "monthly-factors.yaml",
        "months weighed against the reporting period",
    ),
    (
        "no-reference-value.yaml",
        "a default the reference data lacks",
    ),
    (
        "no-workload.yaml",
        "a workload weighed against the functional units",
    ),
    (
        "number-too-large.yaml",
        "a magnitude held inside a string with its unit",
    ),
    (
        "period-outside.yaml",
        "dates weighed against the reporting period",
    ),
    ("period-reversed.yaml", "a start weighed against its end"),
    (
        "training-cumulative.yaml",
        "FLOPs, time and energy weighed against each other",
    ),
    (
        "training-disagrees.yaml",
        "FLOPs, time and energy weighed against each other",
    ),
    (
        "training-inconsistent.yaml",
        "FLOPs, time and energy weighed against each other",
    ),
    (
        "unknown-device.yaml",
        "a name looked up in the reference data",
    ),
    (
        "unknown-region.yaml",
        "a name looked up in the reference data",
    ),
    (
        "unknown-zone.yaml",
        "a name looked up in the reference data",
    ),
];

/// The fixtures a schema checker refused, by file name, from the files it was given.
fn refused(files: &[std::path::PathBuf], valid: impl Fn(&str) -> bool) -> Vec<String> {
    files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !valid(name))
        .collect()
}

/// The files the parity checks read: the invalid fixtures, which must fail the schema unless
/// [`BEYOND_A_SCHEMA`] says why not, and the examples, which must pass.
fn parity_files() -> (Vec<std::path::PathBuf>, Vec<String>) {
    let files: Vec<_> = yaml_files("tests/fixtures/invalid")
        .into_iter()
        .chain(yaml_files("examples"))
        .collect();
    let expected: Vec<String> = files
        .iter()
        .filter(|f| f.starts_with("tests/fixtures/invalid"))
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| BEYOND_A_SCHEMA.iter().all(|(beyond, _)| beyond != name))
        .collect();
    for (name, _) in BEYOND_A_SCHEMA {
        assert!(
            root().join("tests/fixtures/invalid").join(name).exists(),
            "{name} is listed but no fixture"
        );
    }
    (files, expected)
}

#[test]
fn check_jsonschema_refuses_what_validate_refuses_on_a_single_field() {
    let Some(tool) = checker("venv/bin/check-jsonschema") else {
        return;
    };
    let (files, expected) = parity_files();
    let output = Command::new(tool)
        .current_dir(root())
        .args([
            "--output-format",
            "json",
            "--schemafile",
            "schemas/disclosure.schema.json",
        ])
        .args(&files)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let failed: std::collections::BTreeSet<String> = report["errors"]
        .as_array()
        .into_iter()
        .chain(report["parse_errors"].as_array())
        .flatten()
        .map(|e| {
            Path::new(e["filename"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(refused(&files, |name| !failed.contains(name)), expected);
}

#[test]
fn ajv_compiles_the_schemas_in_strict_mode_and_agrees_with_validate() {
    if checker("node_modules/ajv/package.json").is_none() {
        return;
    }
    let ajv = |schema: &str, files: &[std::path::PathBuf]| -> serde_json::Value {
        let output = Command::new("node")
            .current_dir(root())
            .arg("tests/tools/ajv.mjs")
            .arg(schema)
            .args(files)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    for schema in [
        "disclosure",
        "results",
        "reference-data",
        "context",
        "report",
    ] {
        let compiled = ajv(&format!("schemas/{schema}.schema.json"), &[]);
        assert_eq!(compiled["compiled"], true, "{schema}: {compiled}");
        assert_eq!(compiled["warnings"], serde_json::json!([]), "{schema}");
    }
    let (files, expected) = parity_files();
    let checked = ajv("schemas/disclosure.schema.json", &files);
    let valid: std::collections::BTreeSet<String> = checked["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["valid"] == true)
        .map(|r| {
            Path::new(r["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(refused(&files, |name| valid.contains(name)), expected);
    // A JSON report, as `report -o x.json` writes it, follows the report schema.
    let scratch = Scratch::new("ajv-report");
    let mut reports = Vec::new();
    for example in yaml_files("examples") {
        let out = scratch.path(&format!(
            "{}.json",
            example.file_stem().unwrap().to_string_lossy()
        ));
        wattprint([
            "report".as_ref(),
            example.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .expect(0);
        reports.push(out);
    }
    let checked = ajv("schemas/report.schema.json", &reports);
    for result in checked["results"].as_array().unwrap() {
        assert_eq!(result["valid"], true, "{result}");
    }
}

#[test]
fn an_editor_shows_each_fields_own_description_on_hover() {
    // yaml-language-server 1.25 and 2.0, the releases editors ship.
    for server in ["yaml-language-server", "yaml-language-server-2"] {
        if checker(&format!("node_modules/{server}/package.json")).is_some() {
            hover_shows_field_descriptions(server);
        }
    }
}

fn hover_shows_field_descriptions(server: &str) {
    // Keys that take a figure or the reference data's value (`anyOf` of two types), whose
    // hover showed the figure type's description before; lines 0-based, as the protocol counts.
    let file = "examples/deployer-colocation.yaml";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(needle) || l.contains(needle))
            .unwrap()
    };
    // Where each key's text starts in the line: hover on its second character.
    let place = |needle: &str| {
        let line = line_of(needle);
        let column = text.lines().nth(line).unwrap().find(needle).unwrap() + 1;
        format!("{line}:{column}")
    };
    let places: Vec<String> = [
        "pue:",
        "wue:",
        "location_based:",
        "grid:",
        "residual_mix:",
        "generation_mix:",
        "uncertainty: { distribution: lognormal",
        "uncertainty: 5%",
    ]
    .iter()
    .map(|key| place(key))
    .collect();
    let output = Command::new("node")
        .current_dir(root())
        .env("YAML_LANGUAGE_SERVER", server)
        .args([
            "tests/tools/hover.mjs",
            "schemas/disclosure.schema.json",
            file,
        ])
        .args(&places)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let hovers: Vec<Option<String>> = serde_json::from_slice(&output.stdout).unwrap();
    let expected = [
        "Power usage effectiveness",
        "Water usage effectiveness",
        "location-based",
        "Emission factors of the electricity",
        "not covered by instruments",
        "The sources of the grid's generation",
        "Uncertainty of the embodied emissions",
        "Uncertainty of the value",
    ];
    assert_eq!(hovers.len(), expected.len());
    for (hover, expected) in hovers.iter().zip(expected) {
        let hover = hover.as_deref().unwrap_or_default();
        assert!(
            hover.contains(expected),
            "{server}: expected {expected:?} on hover, got {hover:?}"
        );
        assert!(
            !hover.contains("A figure and how it was obtained"),
            "{hover}"
        );
    }
}

#[test]
fn if_run_reproduces_the_energy_carbon_and_sci_of_every_example() {
    let Some(if_run) = checker("node_modules/.bin/if-run") else {
        return;
    };
    let scratch = Scratch::new("if-run");
    let mut inputs = yaml_files("examples");
    inputs.push("tests/fixtures/formats/no-functional-units.yaml".into());
    inputs.push("tests/fixtures/formats/if-names.yaml".into());
    for input in inputs {
        let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
        let manifest = scratch.path(&format!("{stem}.yaml"));
        let out = scratch.path(&format!("{stem}.out.yaml"));
        wattprint([
            "export".as_ref(),
            "impact-framework".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            manifest.as_os_str(),
        ])
        .expect(0);
        let run = Command::new(&if_run)
            .arg("--manifest")
            .arg(&manifest)
            .arg("--output")
            .arg(&out)
            .arg("--no-output")
            .output()
            .unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(run.status.success(), "{stem}: {log}");
        assert!(!log.contains("Unknown parameter"), "{stem}: {log}");
        let computed = yaml(&std::fs::read_to_string(&out).unwrap());
        let results = compute_json(&input);
        let total = &results["total"];
        let aggregated = &computed["tree"]["aggregated"];
        let energy = total["facility_energy"]["value"].as_f64().unwrap();
        let grams = (total["location_based"]["value"].as_f64().unwrap()
            + total["embodied"]["value"].as_f64().unwrap())
            * 1000.0;
        assert!(
            close(aggregated["energy"].as_f64().unwrap(), energy),
            "{stem}: energy {aggregated}"
        );
        assert!(
            close(aggregated["carbon"].as_f64().unwrap(), grams),
            "{stem}: carbon {aggregated} against {grams} g"
        );
        let leaves = &computed["tree"]["children"]["sci"]["children"];
        let per_unit = results["per_unit"].as_array().unwrap();
        let mut names: Vec<String> = Vec::new();
        for row in per_unit {
            let unit = row["functional_unit"].as_str().unwrap();
            let mut name = match row["model"].as_str() {
                Some(model) => format!("{unit} ({model})"),
                None => unit.to_owned(),
            };
            // A name a sibling has already is numbered, as the export numbers it.
            let base = name.clone();
            let mut n = 1;
            while names.contains(&name) {
                n += 1;
                name = format!("{base} #{n}");
            }
            names.push(name.clone());
            let sci = leaves[name.as_str()]["outputs"][0]["sci"].as_f64();
            let expected = row["sci"]["value"].as_f64().unwrap();
            assert!(
                sci.is_some_and(|sci| close(sci, expected)),
                "{stem}: SCI per {name}: if-run {sci:?}, wattprint {expected}"
            );
        }
        assert_eq!(
            leaves.as_object().map_or(0, serde_json::Map::len),
            per_unit.len(),
            "{stem}"
        );
    }
}

#[test]
fn sarif_base_and_files_are_resolved_through_dot_dot_and_links() {
    // From `tests/` with the base `..`: the repository root, written with `..`.
    let output = wattprint([
        "validate",
        "--format",
        "sarif",
        "--sarif-base",
        "..",
        "fixtures/invalid/pue-below-one.yaml",
    ])
    .current_dir(&root().join("tests"))
    .expect(1);
    assert!(
        output
            .stdout
            .contains("\"uri\": \"tests/fixtures/invalid/pue-below-one.yaml\""),
        "{}",
        output.stdout
    );
    // A base reached through a symbolic link is the folder it names.
    let scratch = Scratch::new("sarif-link");
    let link = scratch.path("repository");
    std::os::unix::fs::symlink(root(), &link).unwrap();
    let output = wattprint([
        "validate".as_ref(),
        "--format".as_ref(),
        "sarif".as_ref(),
        "--sarif-base".as_ref(),
        link.as_os_str(),
        link.join("tests/fixtures/invalid/pue-below-one.yaml")
            .as_os_str(),
    ])
    .expect(1);
    assert!(
        output
            .stdout
            .contains("\"uri\": \"tests/fixtures/invalid/pue-below-one.yaml\""),
        "{}",
        output.stdout
    );
    // A base that does not exist is a usage error, and the log still says so.
    let missing = wattprint([
        "validate",
        "--format",
        "sarif",
        "--sarif-base",
        "no/such/folder",
        "tests/fixtures/invalid/pue-below-one.yaml",
    ])
    .expect(2);
    assert_failure_logged(&missing.stdout);
}
