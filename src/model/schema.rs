//! The JSON Schema generated from the input types.

use super::Disclosure;

/// The JSON Schema (draft 2020-12) of a disclosure once its reference values are resolved,
/// generated from these types: what it is validated against, so that a finding names the
/// field's own rule (a missing `source`) rather than "matches none of the alternatives".
///
/// Optional fields are written as absent rather than `null`, so the schema drops the `null`
/// alternative schemars adds for `Option`: an editor then offers the field's real type, and a
/// mistake inside an optional figure is reported there, not as "matches no alternative".
#[must_use]
pub fn validation_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Disclosure).to_value();
    drop_null_alternatives(&mut schema);
    standard_formats(&mut schema);
    schema
}

/// Replaces the formats schemars writes for Rust's number types (`uint32`, `double`), which no
/// JSON Schema vocabulary defines and a validator in strict mode refuses, with the bounds they
/// stand for.
pub fn standard_formats(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let bounds: Option<(Option<i64>, Option<i64>)> =
                match map.get("format").and_then(Value::as_str) {
                    Some("uint8") => Some((Some(0), Some(u8::MAX.into()))),
                    Some("uint16") => Some((Some(0), Some(u16::MAX.into()))),
                    Some("uint32") => Some((Some(0), Some(u32::MAX.into()))),
                    Some("int32") => Some((Some(i32::MIN.into()), Some(i32::MAX.into()))),
                    Some("uint64" | "uint") => Some((Some(0), None)),
                    Some("int64" | "int" | "double" | "float") => Some((None, None)),
                    _ => None,
                };
            if let Some((low, high)) = bounds {
                map.remove("format");
                for (keyword, bound) in [("minimum", low), ("maximum", high)] {
                    if let Some(bound) = bound {
                        map.entry(keyword).or_insert(Value::from(bound));
                    }
                }
            }
            map.values_mut().for_each(standard_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(standard_formats),
        _ => {}
    }
}

/// Removes the `null` alternative schemars gives optional fields: absent is the way to leave
/// a field out, and editors then show the field's own type.
pub(crate) fn drop_null_alternatives(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
            if let Some(Value::Array(alternatives)) = map.get("anyOf")
                && alternatives.len() == 2
                && alternatives.iter().any(is_null)
            {
                let kept = alternatives.iter().find(|v| !is_null(v)).cloned();
                if let Some(Value::Object(kept)) = kept {
                    map.remove("anyOf");
                    for (k, v) in kept {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            map.values_mut().for_each(drop_null_alternatives);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_alternatives),
        _ => {}
    }
}
