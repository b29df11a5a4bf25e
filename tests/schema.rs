//! The checked-in schema is the one the types generate.

use crate::support::{Scratch, root, wattprint, write_file, yaml_files};

/// Every schema wattprint publishes, with the file it is checked in as.
const PUBLISHED: &[(&str, &str)] = &[
    ("disclosure", "schemas/disclosure.schema.json"),
    ("results", "schemas/results.schema.json"),
    ("reference-data", "schemas/reference-data.schema.json"),
    ("context", "schemas/context.schema.json"),
    ("report", "schemas/report.schema.json"),
];

#[test]
fn the_checked_in_schemas_are_up_to_date() {
    for (which, file) in PUBLISHED {
        let generated = wattprint(["schema", which]).expect(0).stdout;
        let checked_in = std::fs::read_to_string(root().join(file)).unwrap();
        assert!(
            generated == checked_in,
            "{file} is stale: run `cargo run -- schema {which} > {file}`"
        );
    }
}

/// Every field of `which`'s schema that has no description, as `Type.field`.
fn undescribed(which: &str) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&wattprint(["schema", which]).expect(0).stdout).unwrap();
    let mut missing = Vec::new();
    let root = std::iter::once(("(root)", &schema));
    let defs = schema["$defs"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, definition)| (name.as_str(), definition));
    for (name, definition) in root.chain(defs) {
        if let Some(properties) = definition["properties"].as_object() {
            for (field, property) in properties {
                if property.get("description").is_none() {
                    missing.push(format!("{name}.{field}"));
                }
            }
        }
    }
    missing
}

#[test]
fn every_field_of_the_input_schema_has_a_description() {
    let missing = undescribed("disclosure");
    assert!(
        missing.is_empty(),
        "fields without a description: {missing:?}"
    );
}

#[test]
fn every_value_a_template_reads_is_described() {
    // Template authors write against the context: each value says what it holds, its unit
    // and how it is written.
    let missing = undescribed("context");
    assert!(
        missing.is_empty(),
        "context values without a description: {missing:?}"
    );
}

/// `examples/deployer-colocation.yaml` with `from` replaced by `to`, as the published schema
/// sees it.
fn example_with(from: &str, to: &str) -> serde_json::Value {
    document(&edited("examples/deployer-colocation.yaml", from, to))
}

/// The text of `file` with `from` replaced by `to`.
fn edited(file: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    text.replacen(from, to, 1)
}

/// `text` as JSON, as a schema checker reads it.
fn document(text: &str) -> serde_json::Value {
    let source = wattprint::load::Source::from_text("x.yaml", text);
    wattprint::load::document(source, wattprint::load::Limits::default())
        .unwrap()
        .value
}

fn published() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/disclosure.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn the_schema_and_validate_agree_on_single_fields_anywhere() {
    // Places the first schema was stricter or laxer than validate (issue 22's review): every
    // `source`, per-unit figures of claims and levers, a scenario's own sites, a claim's volume,
    // a lifetime of zero. validate refuses each, and so does the schema.
    let validator = published();
    let scratch = Scratch::new("schema-parity");
    for (file, from, to) in [
        (
            "examples/deployer-colocation.yaml",
            "source: operator's annual energy report 2025 under the EnEfG, site FRA-2 (water usage effectiveness)",
            "source: \"  \"",
        ),
        (
            "examples/deployer-colocation.yaml",
            "        pue: { value: default }",
            "        pue: { value: 0.9, method: supplier_reported, source: region report }",
        ),
        (
            "examples/deployer-colocation.yaml",
            "energy_per_unit: { value: 0.05 Wh",
            "energy_per_unit: { value: -0.05 Wh",
        ),
        (
            "examples/claim-chatbot.yaml",
            "emissions_per_unit: { value: 0.2 gCO2e",
            "emissions_per_unit: { value: -0.2 gCO2e",
        ),
        (
            "examples/claim-chatbot.yaml",
            "volume: 9500000",
            "volume: -1",
        ),
        (
            "examples/deployer-colocation.yaml",
            "lifetime: 5 years",
            "lifetime: 0 years",
        ),
        // The second pass: a minus zero, a source of invisible characters, a `share_source`,
        // training records and an inventory's scopes.
        (
            "examples/provider-cloud.yaml",
            "value: 30.6 MWh",
            "value: -0 MWh",
        ),
        (
            "examples/deployer-colocation.yaml",
            "source: operator's annual energy report 2025 under the EnEfG, site FRA-2 (water usage effectiveness)",
            "source: \"\\u200B\"",
        ),
        (
            "examples/deployer-colocation.yaml",
            "share_source: \"log sample of 10,000 requests, 2026-04\"",
            "share_source: \"\"",
        ),
        (
            "examples/provider-cloud.yaml",
            "flops: 1.08e23",
            "flops: -1",
        ),
        ("examples/provider-cloud.yaml", "count: 64", "count: -64"),
        (
            "examples/provider-cloud.yaml",
            "wall_clock: 47 days",
            "wall_clock: 0 days",
        ),
        (
            "examples/provider-cloud.yaml",
            "request: 1.2e9",
            "request: -1",
        ),
        (
            "examples/claim-routing.yaml",
            "scopes: [1, 2, 3]",
            "scopes: [0, 2, 3]",
        ),
    ] {
        let text = edited(file, from, to);
        let path = scratch.path("edited.yaml");
        write_file(&path, &text);
        let output = wattprint(["validate".as_ref(), path.as_os_str()]).run();
        assert_eq!(
            output.code, 1,
            "validate accepts `{to}` in {file}\n{}",
            output.stdout
        );
        assert!(
            !validator.is_valid(&document(&text)),
            "the schema accepts `{to}` in {file}"
        );
    }
}

#[test]
fn every_file_validate_accepts_passes_the_published_schema() {
    let validator = published();
    let mut files = yaml_files("examples");
    for dir in [
        "tests/fixtures/claims",
        "tests/fixtures/esrs",
        "tests/fixtures/audience",
        "tests/published",
    ] {
        files.extend(yaml_files(dir));
    }
    files.push("tests/fixtures/minimal.yaml".into());
    files.push("tests/fixtures/formats/no-functional-units.yaml".into());
    for file in files {
        let output = wattprint(["validate".as_ref(), file.as_os_str()]).run();
        if output.code != 0 {
            continue;
        }
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&document(&text))
            .map(|e| format!("{e} at {}", e.instance_path().as_str()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn the_published_schema_is_as_strict_as_validate_on_single_fields() {
    // What check-jsonschema and ajv accepted although validate refuses it (issue 22); the
    // checkers themselves run in tests/checkers.rs where installed.
    let validator = published();
    assert!(validator.is_valid(&example_with("", "")));
    for (from, to) in [
        ("value: 41.2 MWh", "value: -41.2 MWh"),
        ("value: 1.35", "value: 0.8"),
        ("schema_version: 1", "schema_version: 2"),
        ("share: 0.4", "share: 1.4"),
        ("boundary: [accelerators", "boundary: [] #"),
        ("source: operator's", "source: \"  \" #"),
    ] {
        assert!(
            !validator.is_valid(&example_with(from, to)),
            "the schema accepts `{to}`"
        );
    }
    // The loader refuses the character before any schema sees it; a JSON file may hold it.
    let mut hidden = example_with("", "");
    hidden["system"]["name"] = "Triage\u{202E}Assistant".into();
    assert!(!validator.is_valid(&hidden));
}

/// The schemas' descriptions are the Rust types' doc comments, which an editor shows a user:
/// an intra-doc link (`` [`trains_own`] ``) names code the user never sees (a review of
/// 2026-12-02 found five).
#[test]
fn no_schema_description_names_rust_items() {
    for entry in std::fs::read_dir(root().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("[`"), "{} links Rust items", path.display());
    }
}
