//! The schema wattprint publishes (`wattprint schema`, `schemas/disclosure.schema.json`) for
//! editors and for checkers such as ajv and check-jsonschema: the structure `validate` checks,
//! with the short forms, tightened by every rule on a single field that a schema can state, in
//! standard JSON Schema 2020-12 keywords only.
//!
//! `validate` checks structure against the looser schema and leaves these limits to its rules,
//! whose findings say why and how to fix; this module states the same limits for tools that
//! read only a schema. `tests/checkers.rs` runs both checkers on every invalid fixture.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::load::{HIDDEN, INVISIBLE};
use crate::model::SCHEMA_VERSION;
use crate::model::quantity::{self, Dimension};

/// A limit a rule puts on one field: where (a JSON pointer inside the schema), the keywords
/// that state it, and the rule's code.
struct Limit {
    at: &'static str,
    keywords: Value,
    rule: &'static str,
}

/// The limits, each the schema's form of a rule's check.
#[allow(
    clippy::too_many_lines,
    reason = "a table, one entry a limit; split, it would read worse"
)]
fn limits() -> Vec<Limit> {
    let share = || json!({ "minimum": 0, "maximum": 1 });
    let limit = |at, keywords, rule| Limit { at, keywords, rule };
    vec![
        limit(
            "/properties/schema_version",
            json!({ "const": SCHEMA_VERSION }),
            "schema-version",
        ),
        // The figure alternative of `pue` (the other is `{ value: default }`).
        limit(
            "/$defs/Site/properties/pue/anyOf/0",
            json!({ "type": "object", "properties": { "value": { "type": "number", "minimum": 1 } } }),
            "pue",
        ),
        limit("/$defs/Hardware/properties/share", share(), "negative"),
        limit(
            "/$defs/TrainingAllocation/properties/share",
            share(),
            "allocation",
        ),
        limit("/$defs/RightSize/properties/share", share(), "scenario"),
        limit("/$defs/Route/properties/share", share(), "scenario"),
        limit("/$defs/Attribution/properties/share", share(), "claim"),
        limit(
            "/$defs/HardwareEstimate/properties/utilisation",
            share(),
            "estimate",
        ),
        limit(
            "/$defs/ComputeEstimate/properties/utilisation",
            share(),
            "estimate",
        ),
        limit(
            "/$defs/TrainingHardware/properties/utilisation",
            json!({ "exclusiveMinimum": 0, "maximum": 1 }),
            "training",
        ),
        limit(
            "/$defs/HardwareEstimate/properties/devices",
            json!({ "exclusiveMinimum": 0 }),
            "estimate",
        ),
        limit(
            "/$defs/ComputeEstimate/properties/devices",
            json!({ "exclusiveMinimum": 0 }),
            "estimate",
        ),
        limit(
            "/$defs/Claim/properties/volume",
            json!({ "minimum": 0 }),
            "claim",
        ),
        // A positive number with a unit of time: a nonzero digit before or after the point.
        limit(
            "/$defs/Embodied/properties/lifetime",
            json!({ "type": "string", "pattern": quantity::positive_pattern(Dimension::Duration) }),
            "negative",
        ),
        limit(
            "/$defs/EmbodiedFromReferenceData/properties/lifetime",
            json!({ "type": "string", "pattern": quantity::positive_pattern(Dimension::Duration) }),
            "negative",
        ),
        limit(
            "/$defs/TrainingCompute/properties/flops",
            json!({ "exclusiveMinimum": 0 }),
            "training",
        ),
        limit(
            "/$defs/TrainingHardware/properties/count",
            json!({ "exclusiveMinimum": 0 }),
            "training",
        ),
        limit(
            "/$defs/TrainingHardware/properties/peak_flops_per_second",
            json!({ "exclusiveMinimum": 0 }),
            "training",
        ),
        limit(
            "/$defs/Training/properties/wall_clock",
            json!({ "type": "string", "pattern": quantity::positive_pattern(Dimension::Duration) }),
            "training",
        ),
        limit(
            "/$defs/TrainingHardware/properties/max_power",
            json!({ "type": "string", "pattern": quantity::positive_pattern(Dimension::Power) }),
            "training",
        ),
        limit(
            "/$defs/TrainingAllocation/properties/expected_lifetime_units/additionalProperties",
            json!({ "exclusiveMinimum": 0 }),
            "allocation",
        ),
        limit(
            "/$defs/Inventory/properties/scopes/items",
            json!({ "minimum": 1, "maximum": 3 }),
            "claim",
        ),
        limit(
            "/$defs/Measurement/properties/boundary",
            json!({ "minItems": 1 }),
            "boundary",
        ),
        limit(
            "/$defs/MonteCarlo/properties/draws",
            json!({ "minimum": 1000 }),
            "monte-carlo",
        ),
        limit(
            "/$defs/Completion/properties/share",
            json!({ "minimum": 0, "maximum": 10 }),
            "boundary",
        ),
        limit(
            "/$defs/Measurement/properties/workload/additionalProperties",
            json!({ "minimum": 0 }),
            "negative",
        ),
    ]
}

/// Tightens `schema` (the structure with its short forms) into the published schema. Each
/// limit says which rule it states in a `$comment`.
pub fn tighten(schema: &mut Value) {
    for Limit { at, keywords, rule } in limits() {
        // A unit test checks that every place exists in the generated schema.
        if let Some(place) = schema.pointer_mut(at) {
            merge(place, keywords);
            place["$comment"] = Value::from(format!(
                "the limit of wattprint's rule `{rule}` (`wattprint explain {rule}`)"
            ));
        }
    }
    non_negative_quantities(schema);
    visible_text(schema);
    field_descriptions_first(schema);
}

fn merge(target: &mut Value, keywords: Value) {
    match (target, keywords) {
        (Value::Object(target), Value::Object(keywords)) => {
            for (key, value) in keywords {
                merge(target.entry(key).or_insert(json!({})), value);
            }
        }
        (target, keywords) => *target = keywords,
    }
}

/// Rule `negative`: every quantity the format holds (an energy, a factor, a water intensity,
/// a duration) is at least zero, so each quantity type's pattern takes no `-` sign.
fn non_negative_quantities(schema: &mut Value) {
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    for def in defs.values_mut() {
        let dimension = def
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(quantity::dimension_of_pattern);
        if let Some(dimension) = dimension {
            def["pattern"] = Value::from(quantity::non_negative_pattern(dimension));
        }
    }
}

/// Rules `hidden-character` and `empty-source`: text holds no control character or
/// bidirectional override, and a `source` names something (holds a character other than
/// white space). Every free-text string gets the pattern; quantities, dates and names from a
/// list have their own.
fn visible_text(value: &mut Value) {
    let class: String = HIDDEN
        .iter()
        .map(|&(first, last)| range(first, last))
        .collect();
    let defs = &mut value["$defs"];
    defs["Text"] = json!({
        "description": "Text: no control characters (but tab and line breaks) and no bidirectional formatting characters.",
        "type": "string",
        "pattern": format!("^[^{class}]*$"),
    });
    let invisible: String = INVISIBLE
        .iter()
        .map(|&(first, last)| range(first, last))
        .collect();
    defs["Source"] = json!({
        "description": "A source: text that names something, so holds a character other than white space and invisible characters.",
        "type": "string",
        "pattern": format!(r"^[^{class}]*[^{class}{invisible}\s][^{class}]*$"),
    });
    refer_text(value);
}

/// A range of a regular expression's character class, with `\u` escapes (ECMA-262); a
/// character beyond the Basic Multilingual Plane as its surrogate pair's range would not be
/// read alike by every engine, so `\u{…}` forms are not used and such ranges are left out.
fn range(first: char, last: char) -> String {
    let (a, b) = (u32::from(first), u32::from(last));
    if b > 0xFFFF {
        return String::new();
    }
    if a == b {
        format!("\\u{a:04X}")
    } else {
        format!("\\u{a:04X}-\\u{b:04X}")
    }
}

/// Points every free-text string (one without a pattern, format or list of values of its own)
/// at `Text`, and every `source` at `Source`.
fn refer_text(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if let Value::Object(source) = property
                        && (name == "source" || name.ends_with("_source"))
                        && source.get("type").and_then(Value::as_str) == Some("string")
                        && !source.contains_key("enum")
                    {
                        source.insert("$ref".to_owned(), Value::from("#/$defs/Source"));
                    }
                }
            }
            let free = map.get("type").and_then(Value::as_str) == Some("string")
                && ["pattern", "format", "enum", "const", "$ref"]
                    .iter()
                    .all(|k| !map.contains_key(*k));
            if free {
                map.insert("$ref".to_owned(), Value::from("#/$defs/Text"));
            }
            map.values_mut().for_each(refer_text);
        }
        Value::Array(items) => items.iter_mut().for_each(refer_text),
        _ => {}
    }
}

/// Makes editors show a field's own description on hover. yaml-language-server shows the first
/// description among the schemas a value matches, and a type's (`A figure and how it was
/// obtained…`) comes before the field's when the field offers alternatives (`anyOf` of
/// references). A type every use of which describes itself keeps its description as a
/// `$comment`, which editors do not show.
fn field_descriptions_first(schema: &mut Value) {
    let mut uses: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    count_uses(schema, false, &mut uses);
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, def) in defs.iter_mut() {
        let Some((all, described)) = uses.get(name) else {
            continue;
        };
        if all == described
            && let Some(object) = def.as_object_mut()
            && let Some(description) = object.remove("description")
        {
            object.insert("$comment".to_owned(), description);
        }
    }
    // After the types: a type whose description moved to a `$comment` has none to lend its
    // alternatives, which then fall back on the field's.
    quiet_alternatives(schema);
}

/// The alternatives of a field or type (`anyOf`, `oneOf`) keep their own descriptions as a
/// `$comment`: the alternative a value matches comes first, and its text would hide the
/// field's. Where the field or type is described, a reference among its alternatives says that
/// description, since the referenced type's own would come first too.
fn quiet_alternatives(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let field = map.get("description").cloned();
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(alternatives)) = map.get_mut(key) {
                    for alternative in alternatives.iter_mut().filter_map(Value::as_object_mut) {
                        if let Some(own) = alternative.remove("description") {
                            alternative.entry("$comment").or_insert(own);
                        }
                        if let Some(field) = &field
                            && alternative.contains_key("$ref")
                        {
                            alternative.insert("description".to_owned(), field.clone());
                        }
                    }
                }
            }
            map.values_mut().for_each(quiet_alternatives);
        }
        Value::Array(items) => items.iter_mut().for_each(quiet_alternatives),
        _ => {}
    }
}

/// Counts, for each `$defs` entry, its references and those whose schema (or the field whose
/// alternatives they are) carries a description.
fn count_uses(value: &Value, described: bool, uses: &mut BTreeMap<String, (usize, usize)>) {
    match value {
        Value::Object(map) => {
            let own = described || map.contains_key("description");
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                let entry = uses.entry(name.to_owned()).or_default();
                entry.0 += 1;
                entry.1 += usize::from(own);
            }
            for (key, child) in map {
                let alternatives = matches!(key.as_str(), "anyOf" | "oneOf" | "allOf");
                count_uses(child, alternatives && own, uses);
            }
        }
        Value::Array(items) => {
            for item in items {
                count_uses(item, described, uses);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_names_a_place_in_the_schema() {
        let mut schema = crate::model::validation_schema();
        crate::reference::short_forms::schema(&mut schema);
        for limit in limits() {
            assert!(
                schema.pointer(limit.at).is_some(),
                "{} ({})",
                limit.at,
                limit.rule
            );
        }
    }
}
