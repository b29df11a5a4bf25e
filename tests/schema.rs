//! The checked-in schema is the one the types generate.

use crate::support::{root, wattprint};

#[test]
fn the_reference_data_schema_is_up_to_date() {
    let generated = wattprint(["schema", "reference-data"]).expect(0).stdout;
    let checked_in =
        std::fs::read_to_string(root().join("schemas/reference-data.schema.json")).unwrap();
    assert!(
        generated == checked_in,
        "schemas/reference-data.schema.json is stale: run `cargo run -- schema reference-data > schemas/reference-data.schema.json`"
    );
}

#[test]
fn the_checked_in_schema_is_up_to_date() {
    let generated = wattprint(["schema"]).expect(0).stdout;
    let checked_in =
        std::fs::read_to_string(root().join("schemas/disclosure.schema.json")).unwrap();
    assert!(
        generated == checked_in,
        "schemas/disclosure.schema.json is stale: run `cargo run -- schema > schemas/disclosure.schema.json`"
    );
}

#[test]
fn every_field_of_the_schema_has_a_description() {
    let schema: serde_json::Value =
        serde_json::from_str(&wattprint(["schema"]).expect(0).stdout).unwrap();
    let mut missing = Vec::new();
    for (name, definition) in schema["$defs"].as_object().unwrap() {
        if let Some(properties) = definition["properties"].as_object() {
            for (field, property) in properties {
                if property.get("description").is_none() {
                    missing.push(format!("{name}.{field}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fields without a description: {missing:?}"
    );
}
