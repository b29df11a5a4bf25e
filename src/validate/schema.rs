//! Structural checks against the generated JSON Schema, with each schema error rewritten in
//! the user's terms: a wrong unit says which dimension it is, an unknown field suggests the
//! one that was meant, a missing `method` or `source` says why provenance is required.

use std::collections::HashSet;

use serde_json::Value;

use super::structure::{Fault, Kind, Pattern, Side, Structure, Type};
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::model::quantity::{self, QuantityError};
use crate::text::suggest::closest;

/// Unknown fields of one mapping reported each by name, the first in the file; past them, one
/// finding counts the rest, so that a mapping of a hundred thousand stray keys costs no more
/// than a screenful.
pub const UNKNOWN_SHOWN: usize = 10;

/// Checks `document` against `schema` (compiled as `structure`), returning every finding,
/// located, in file order.
#[must_use]
pub fn check(document: &Document, schema: &Value, structure: &Structure) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = structure
        .faults(&document.value)
        .iter()
        .flat_map(|fault| findings(document, schema, fault))
        .collect();
    // The checker reports a mapping's unknown fields after its values' faults.
    crate::diagnostic::sort(&mut found);
    found
}

/// The findings of one fault: one; one for each of a mapping's first unknown fields (see
/// [`unknown_fields`]); or, for a mapping that matched none of its alternatives, every fault of
/// the alternative it came nearest (see [`nearest_alternative`]).
fn findings(document: &Document, schema: &Value, fault: &Fault<'_>) -> Vec<Diagnostic> {
    if let Kind::Unknown(names) = &fault.kind {
        return unknown_fields(document, schema, fault, names);
    }
    if let Kind::AnyOf(alternatives) | Kind::OneOfNone(alternatives) = &fault.kind
        && document
            .value
            .pointer(&fault.pointer)
            .is_some_and(Value::is_object)
    {
        if let Some(nearest) = nearest_alternative(alternatives, &fault.pointer)
            && !nearest.is_empty()
        {
            return nearest
                .iter()
                .flat_map(|fault| findings(document, schema, fault))
                .collect();
        }
        if let Some(found) = tag_not_allowed(document, alternatives, &fault.pointer) {
            return vec![found];
        }
        let unknown = unknown_to_all(document, schema, alternatives, &fault.pointer);
        if !unknown.is_empty() {
            return unknown;
        }
    }
    vec![finding(document, schema, fault)]
}

/// Where every alternative of a mapping wants its own value of one field (a tag such as
/// `distribution`) and the mapping has none of them: that field, with the values allowed
/// (helper 75: `distribution: log-normal` was told it is not `normal`, or printed whole).
fn tag_not_allowed(
    document: &Document,
    alternatives: &[Vec<Fault<'_>>],
    here: &str,
) -> Option<Diagnostic> {
    let mut tag: Option<&str> = None;
    let mut allowed = Vec::new();
    for faults in alternatives {
        let (at, expected) = tag_missed(faults, here)?;
        if tag.is_some_and(|t| t != at) {
            return None;
        }
        tag = Some(at);
        allowed.push(expected.to_owned());
    }
    let tag = tag.filter(|_| allowed.len() > 1)?;
    let instance = document.value.pointer(tag)?;
    Some(document.place(not_one_of(instance, &allowed).at(tag)))
}

/// The field of the mapping at `here` whose value an alternative's `const` wants otherwise,
/// and that value: the alternative's tag the mapping does not carry.
fn tag_missed<'f>(faults: &'f [Fault<'_>], here: &str) -> Option<(&'f str, &'f str)> {
    let a_field = |pointer: &str| {
        pointer
            .strip_prefix(here)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|key| !key.contains('/'))
    };
    faults.iter().find_map(|f| match f.kind {
        Kind::Const(expected) if a_field(&f.pointer) => {
            expected.as_str().map(|e| (f.pointer.as_str(), e))
        }
        _ => None,
    })
}

/// The fields of the mapping at `here` that no alternative knows, each with the nearest name
/// any alternative does (helper 76: `relocat:` in a lever, told only that the lever was not
/// valid).
fn unknown_to_all(
    document: &Document,
    schema: &Value,
    alternatives: &[Vec<Fault<'_>>],
    here: &str,
) -> Vec<Diagnostic> {
    let mut unknown: Option<Vec<&String>> = None;
    let mut known: Vec<String> = Vec::new();
    for faults in alternatives {
        let at_here: Vec<&Fault<'_>> = faults.iter().filter(|f| f.pointer == here).collect();
        let Some(first) = at_here.first() else {
            return Vec::new();
        };
        known.extend(property_names(schema, schema.pointer(first.schema)));
        let names: Vec<&String> = at_here
            .iter()
            .filter_map(|f| match &f.kind {
                Kind::Unknown(names) => Some(names.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        unknown = Some(match unknown {
            None => names,
            Some(before) => before.into_iter().filter(|n| names.contains(n)).collect(),
        });
    }
    known.sort();
    known.dedup();
    unknown
        .unwrap_or_default()
        .into_iter()
        .map(|name| unknown_field(document, &known, here, name))
        .collect()
}

fn finding(document: &Document, schema: &Value, fault: &Fault<'_>) -> Diagnostic {
    let pointer = fault.pointer.clone();
    let instance = document.value.pointer(&pointer).unwrap_or(&Value::Null);
    let subschema = schema.pointer(fault.schema);
    match &fault.kind {
        Kind::Pattern(pattern) => {
            document.place(bad_pattern(instance, *pattern, subschema).at(pointer))
        }
        Kind::Required(property) => missing(document, schema, subschema, &pointer, property),
        // `findings` reports a mapping's unknown fields one by one; alone, the first stands for
        // them all.
        Kind::Unknown(names) => unknown_field(
            document,
            &property_names(schema, subschema),
            &pointer,
            names.first().map_or("", String::as_str),
        ),
        Kind::OneOfNone(_) | Kind::AnyOf(_) | Kind::Enum => {
            let mut found = not_one_of(instance, &allowed_values(schema, subschema));
            if let Some(help) = percentage(instance, subschema) {
                found = found.help(help);
            }
            document.place(found.at(pointer))
        }
        Kind::Const(expected) => {
            let expected = expected
                .as_str()
                .map_or_else(|| expected.to_string(), str::to_owned);
            document.place(not_one_of(instance, &[expected]).at(pointer))
        }
        Kind::Date => document.place(
            Diagnostic::error(
                "invalid-date",
                format!("{} is not a calendar date", instance_text(instance)),
            )
            .at(pointer)
            .help("write dates as YYYY-MM-DD, e.g. 2026-06-30"),
        ),
        Kind::Type(expected) => {
            document.place(wrong_type(instance, type_name(*expected), subschema).at(pointer))
        }
        Kind::Bound(side, limit) => document.place(
            Diagnostic::error("invalid-value", out_of_bound(instance, *side, *limit))
                .at(pointer)
                .help("see `wattprint schema` for what is allowed here"),
        ),
        Kind::MinItems(count) => document.place(
            Diagnostic::error(
                "invalid-value",
                format!("the list needs at least {count} item(s)"),
            )
            .at(pointer)
            .help("see `wattprint schema` for what is allowed here"),
        ),
        Kind::MaxItems(count) => document.place(
            Diagnostic::error(
                "invalid-value",
                format!("the list may have at most {count} item(s)"),
            )
            .at(pointer)
            .help("see `wattprint schema` for what is allowed here"),
        ),
        Kind::OneOfMany => document.place(
            Diagnostic::error(
                "invalid-value",
                format!(
                    "{} matches more than one of the forms allowed here",
                    instance_text(instance)
                ),
            )
            .at(pointer)
            .help("see `wattprint schema` for what is allowed here"),
        ),
    }
}

fn out_of_bound(instance: &Value, side: Side, limit: f64) -> String {
    let value = instance_text(instance);
    match side {
        Side::Minimum => format!("{value} is less than the minimum of {limit}"),
        Side::ExclusiveMinimum => format!("{value} must be greater than {limit}"),
        Side::Maximum => format!("{value} is greater than the maximum of {limit}"),
        Side::ExclusiveMaximum => format!("{value} must be less than {limit}"),
    }
}

/// A string that fails its pattern: a quantity with a wrong unit (or a number too large to
/// compute with), a malformed SHA-256 (an hourly file's), or a malformed percentage.
fn bad_pattern(instance: &Value, pattern: Pattern, subschema: Option<&Value>) -> Diagnostic {
    let text = instance.as_str().unwrap_or_default();
    match pattern {
        Pattern::Sha256 => Diagnostic::error(
            "invalid-value",
            format!("{text:?} is not a SHA-256 digest (64 lower-case hexadecimal digits)"),
        )
        .help("write the file's hash as `sha256sum FILE` prints it"),
        Pattern::Quantity(dimension) => match quantity::parse(text, dimension) {
            Err(problem @ QuantityError::NotFinite { .. }) => {
                Diagnostic::error("invalid-value", problem.to_string())
                    .help("see `wattprint schema` for what is allowed here")
            }
            Err(problem) => {
                Diagnostic::error("unit", problem.to_string()).help(quantity_help(subschema))
            }
            Ok(_) => Diagnostic::error("unit", format!("{text:?} is not a quantity"))
                .help(quantity_help(subschema)),
        },
        Pattern::Percent => Diagnostic::error(
            "invalid-value",
            format!("{text:?} is not a percentage such as \"5%\""),
        )
        .help("write a number and a percent sign, e.g. \"5%\""),
        Pattern::Growth => Diagnostic::error(
            "invalid-value",
            format!("{text:?} is not a percentage such as \"3%\" or \"-2%\""),
        )
        .help("write the change a month as a number and a percent sign, negative for a decline"),
    }
}

fn missing(
    document: &Document,
    schema: &Value,
    subschema: Option<&Value>,
    pointer: &str,
    property: &str,
) -> Diagnostic {
    let mut d = match property {
        "method" => Diagnostic::error("missing-method", "missing `method`").help(
            "say how the value was obtained: metered, device_telemetry, estimated_from_hardware, \
             estimated_from_compute, supplier_reported or default_factor",
        ),
        "source" => Diagnostic::error("missing-source", "missing `source`")
            .help("name the document, meter export, contract or dataset the value comes from"),
        _ => Diagnostic::error("missing-field", format!("missing `{property}`")).help(format!(
            "add `{property}:` here{}",
            description(schema, subschema, property)
        )),
    };
    // Annex XI asks how an energy was obtained; a grid factor or PUE without its source is
    // unverifiable, but no article requires it, and the finding does not claim one does.
    if matches!(property, "method" | "source") && pointer.ends_with("/energy") {
        d = d.required_by(PROVENANCE);
    }
    let span = document.index.locate_mapping(pointer);
    d.at(pointer).located(document.source.path(), span)
}

/// The text that asks an energy figure to say how it was obtained, and whom it binds.
const PROVENANCE: &str = "AI Act Annex XI, Section 1, point 2(e), for providers of \
                          general-purpose AI models: energy \"known or estimated\", with how it \
                          was estimated";

/// Of the alternatives a mapping matched none of, the faults of the one it came nearest: a
/// mapping meant as one of them (a file's `file` and `sha256`, or `standard_profile`) is told
/// what that one lacks, not only that it is none of them. An alternative that wants
/// another type than a mapping (by `type`, or by a `const` that is no mapping) is not near;
/// of the others, one whose tag the mapping carries is nearest; then they are ranked by their
/// faults at the mapping itself, all their faults, and the fields they do not know.
/// `None` when no alternative is near, or two are nearest.
fn nearest_alternative<'a, 's>(
    alternatives: &'a [Vec<Fault<'s>>],
    here: &str,
) -> Option<&'a [Fault<'s>]> {
    let another_type = |f: &Fault<'_>| {
        f.pointer == here
            && match f.kind {
                Kind::Type(_) => true,
                Kind::Const(expected) => !expected.is_object(),
                _ => false,
            }
    };
    let mut near: Vec<&Vec<Fault<'s>>> = alternatives
        .iter()
        .filter(|faults| !faults.iter().any(another_type))
        .collect();
    // A mapping whose tag one alternative takes is that alternative, however wrong inside
    // (helper 76: `distribution: uniform` with `relative` was told it is not `normal`).
    if near.iter().any(|faults| tag_missed(faults, here).is_none()) {
        near.retain(|faults| tag_missed(faults, here).is_none());
    }
    // Faults inside the mapping count for less than faults of the mapping itself: one that
    // names an alternative's key (`route:`) is that alternative, however its value is wrong
    // inside (helper 74: a misspelt field in a `route` lever was told it lacked `right_size`).
    let rank = |faults: &Vec<Fault<'_>>| {
        let unknown: usize = faults
            .iter()
            .map(|f| match &f.kind {
                Kind::Unknown(names) if f.pointer == here => names.len(),
                _ => 0,
            })
            .sum();
        (
            faults.iter().filter(|f| f.pointer == here).count(),
            faults.len(),
            unknown,
        )
    };
    let best = near.iter().map(|faults| rank(faults)).min()?;
    near.retain(|faults| rank(faults) == best);
    // Alternatives as near that find the same faults (by place, kind, and the field or tag
    // value wanted) say the same (a `relative` without its `distribution`: "missing
    // `distribution`"); two that find others are no guide (helper 75: `distribution:
    // log-normal` was told it is not `normal`, the first of four).
    let shape =
        |faults: &Vec<Fault<'s>>| -> Vec<(String, std::mem::Discriminant<Kind<'s>>, String)> {
            faults
                .iter()
                .map(|f| {
                    let wanted = match &f.kind {
                        Kind::Required(field) => (*field).to_owned(),
                        Kind::Const(value) => value.to_string(),
                        _ => String::new(),
                    };
                    (f.pointer.clone(), std::mem::discriminant(&f.kind), wanted)
                })
                .collect()
        };
    let first = near.first()?;
    near.iter()
        .all(|faults| shape(faults) == shape(first))
        .then_some(first.as_slice())
}

/// The findings of a mapping's unknown fields `names` (in the mapping's order, as the checker
/// gives them): the first [`UNKNOWN_SHOWN`] of them in the file each by name, then one at the
/// next that counts the rest (all by name when only one would be counted).
fn unknown_fields(
    document: &Document,
    schema: &Value,
    fault: &Fault<'_>,
    names: &[String],
) -> Vec<Diagnostic> {
    let known = property_names(schema, schema.pointer(fault.schema));
    let pointer = &fault.pointer;
    let unknown: HashSet<&str> = names.iter().map(String::as_str).collect();
    let mut in_order: Vec<&str> = document
        .index
        .keys(pointer)
        .filter(|key| unknown.contains(key))
        .take(UNKNOWN_SHOWN + 1)
        .collect();
    // Keys the text does not list as the mapping's (a mapping reached through a YAML alias,
    // whose keys stand at its anchor) follow in the mapping's order.
    for name in names {
        if in_order.len() > UNKNOWN_SHOWN {
            break;
        }
        if !in_order.contains(&name.as_str()) {
            in_order.push(name);
        }
    }
    // One more named costs no more lines than counting it.
    let rest = if names.len() > UNKNOWN_SHOWN + 1 {
        in_order.truncate(UNKNOWN_SHOWN + 1);
        in_order.pop()
    } else {
        None
    };
    let mut found: Vec<Diagnostic> = in_order
        .iter()
        .map(|name| unknown_field(document, &known, pointer, name))
        .collect();
    if let Some(next) = rest {
        // At the first of the rest, so that it reads after the ones named.
        let counted = Diagnostic::error(
            "unknown-field",
            format!(
                "`{next}` and {} more unknown field(s) after it in this mapping",
                names.len() - UNKNOWN_SHOWN - 1
            ),
        )
        .help(fields_allowed(&known));
        found.push(at_key(document, pointer, next, counted));
    }
    found
}

/// The unknown field `name` of the mapping at `pointer`, with the nearest of the `known`
/// fields it may have meant.
fn unknown_field(document: &Document, known: &[String], pointer: &str, name: &str) -> Diagnostic {
    // YAML 1.1's merge key is no key in YAML 1.2, which wattprint reads: said so, rather than
    // offering the field it is nearest by its letters.
    if name == "<<" {
        let merge = Diagnostic::error(
            "unknown-field",
            "`<<` merges a mapping in YAML 1.1 only; wattprint reads YAML 1.2, where it is a key like any other",
        )
        .help("write the fields out here (an alias `*name` may stand for a whole value, not for part of a mapping)");
        return at_key(document, pointer, name, merge);
    }
    let help = match closest(name, known.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => fields_allowed(known),
    };
    let unknown = Diagnostic::error("unknown-field", format!("unknown field `{name}`")).help(help);
    at_key(document, pointer, name, unknown)
}

fn fields_allowed(known: &[String]) -> String {
    format!("the fields allowed here are: {}", known.join(", "))
}

/// `diagnostic`, about the field `name` of the mapping at `pointer`, placed at its key (at the
/// mapping where the text does not hold the key).
fn at_key(document: &Document, pointer: &str, name: &str, diagnostic: Diagnostic) -> Diagnostic {
    let child = format!("{pointer}/{}", crate::load::escape_key(name));
    let span = document
        .index
        .key_span(&child)
        .or_else(|| document.index.locate(pointer));
    diagnostic.at(child).located(document.source.path(), span)
}

fn not_one_of(instance: &Value, allowed: &[String]) -> Diagnostic {
    let shown = instance_text(instance);
    if allowed.is_empty() {
        return Diagnostic::error("invalid-value", format!("{shown} is not valid here"))
            .help("see `wattprint schema` for the values allowed here");
    }
    let help = match instance
        .as_str()
        .and_then(|s| closest(s, allowed.iter().map(String::as_str)))
    {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("write one of: {}", allowed.join(", ")),
    };
    Diagnostic::error(
        "invalid-value",
        format!("{shown} is not one of {}", allowed.join(", ")),
    )
    .help(help)
}

/// For a number written where a percentage is expected (`uncertainty: 0.05`, `growth: 0.04`):
/// how to write it, `5%` for a fraction of at most 1 and `n%` for a larger number.
fn percentage(instance: &Value, subschema: Option<&Value>) -> Option<String> {
    let number = instance.as_f64()?;
    let is_percent = |s: &Value| {
        s.get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r.ends_with("/Percent"))
            || s.get("pattern")
                .and_then(Value::as_str)
                .is_some_and(|p| p.contains('%'))
    };
    let subschema = subschema?;
    let expects = is_percent(subschema)
        || subschema
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|alternatives| alternatives.iter().any(is_percent));
    expects.then(|| {
        let percent = if number.abs() <= 1.0 {
            number * 100.0
        } else {
            number
        };
        format!(
            "write a percentage: `{}%`",
            crate::text::number::plain(percent)
        )
    })
}

fn wrong_type(instance: &Value, expected: &str, subschema: Option<&Value>) -> Diagnostic {
    let dimension = subschema
        .and_then(|s| s.get("pattern"))
        .and_then(Value::as_str)
        .and_then(quantity::dimension_of_pattern);
    match dimension {
        Some(dimension) if instance.is_number() => {
            let problem = quantity::parse(&instance.to_string(), dimension)
                .err()
                .map_or_else(|| "the quantity has no unit".to_owned(), |e| e.to_string());
            Diagnostic::error("unit", problem).help(quantity_help(subschema))
        }
        _ if expected == "string" && instance.is_number() => Diagnostic::error(
            "invalid-type",
            format!(
                "expected text, found the number {}",
                instance_text(instance)
            ),
        )
        .help(
            percentage(instance, subschema)
                .unwrap_or_else(|| "quote the value if it is meant as text".to_owned()),
        ),
        _ => Diagnostic::error(
            "invalid-type",
            format!(
                "expected {}, found {}",
                article(expected),
                json_type(instance)
            ),
        )
        .help(format!("write {} here", article(expected))),
    }
}

fn resolve<'s>(schema: &'s Value, mut node: &'s Value) -> &'s Value {
    // Follow local `$ref`s (schemars only emits `#/$defs/...`) a bounded number of times.
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(target) => match schema.pointer(target) {
                Some(next) => node = next,
                None => break,
            },
            None => break,
        }
    }
    node
}

fn property_names(schema: &Value, subschema: Option<&Value>) -> Vec<String> {
    subschema
        .map(|s| resolve(schema, s))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn description(schema: &Value, subschema: Option<&Value>, property: &str) -> String {
    subschema
        .map(|s| resolve(schema, s))
        .and_then(|s| s.pointer(&format!("/properties/{property}/description")))
        .and_then(Value::as_str)
        .map_or_else(String::new, |d| format!(" ({})", d.trim_end_matches('.')))
}

fn allowed_values(schema: &Value, subschema: Option<&Value>) -> Vec<String> {
    let Some(node) = subschema.map(|s| resolve(schema, s)) else {
        return Vec::new();
    };
    let mut values = Vec::new();
    if let Some(Value::Array(options)) = node.get("enum") {
        values.extend(options.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = node.get(key) {
            for alternative in alternatives {
                let alternative = resolve(schema, alternative);
                if let Some(c) = alternative.get("const").and_then(Value::as_str) {
                    values.push(c.to_owned());
                }
                if let Some(Value::Array(options)) = alternative.get("enum") {
                    values.extend(options.iter().filter_map(Value::as_str).map(str::to_owned));
                }
            }
        }
    }
    values
}

fn quantity_help(subschema: Option<&Value>) -> String {
    subschema
        .and_then(|s| s.get("examples"))
        .and_then(|e| e.get(0))
        .and_then(Value::as_str)
        .map_or_else(
            || "write a number followed by its unit".to_owned(),
            |example| format!("write a number followed by its unit, e.g. \"{example}\""),
        )
}

fn instance_text(instance: &Value) -> String {
    match instance {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

fn type_name(expected: Type) -> &'static str {
    match expected {
        Type::Array => "list",
        Type::Boolean => "boolean",
        Type::Integer => "whole number",
        Type::Null => "null",
        Type::Number => "number",
        Type::Object => "mapping",
        Type::String => "string",
    }
}

fn article(noun: &str) -> String {
    match noun.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {noun}"),
        _ => format!("a {noun}"),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
