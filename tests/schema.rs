//! The checked-in schema is the one the types generate.

use crate::support::{root, wattprint};

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
    let text = std::fs::read_to_string(root().join("examples/deployer-colocation.yaml")).unwrap();
    assert!(text.contains(from), "{from}");
    let source = wattprint::load::Source::from_text("x.yaml", text.replacen(from, to, 1));
    wattprint::load::document(source, wattprint::load::Limits::default())
        .unwrap()
        .value
}

#[test]
fn the_published_schema_is_as_strict_as_validate_on_single_fields() {
    // What check-jsonschema and ajv accepted although validate refuses it (issue 22); the
    // checkers themselves run in tests/checkers.rs where installed.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/disclosure.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
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
