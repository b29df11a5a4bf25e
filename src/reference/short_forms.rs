//! The short forms a disclosure may write for values taken from the reference data, as the
//! published schema accepts them; [`super::resolve`] replaces them with the values.

use serde_json::{Value, json};

use super::resolve::DEFAULT;

/// Lets the published schema accept the short forms this module resolves: `{ value: default }`
/// for the grid factor, PUE and WUE, `default` for the residual mix and embodied emissions,
/// `region` in place of `location`, and `device` in place of an estimate's power and peak.
pub fn schema(schema: &mut Value) {
    let defs = &mut schema["$defs"];
    defs["FromReferenceData"] = json!({
        "description": "Take the value from wattprint's reference data (`wattprint data`): the site's grid zone or cloud region, or its provider's published figure. Reports mark it as a default factor and cite its source and year.",
        "type": "object",
        "properties": {
            "value": { "const": DEFAULT, "description": "`default`: the value comes from the reference data." },
            "uncertainty": { "$ref": "#/$defs/Uncertainty", "description": "The uncertainty of the default value, if you assess one." }
        },
        "required": ["value"],
        "additionalProperties": false
    });
    defs["EmbodiedFromReferenceData"] = json!({
        "description": "Take the embodied emissions of one unit of the item's `device` from wattprint's reference data.",
        "type": "object",
        "properties": {
            "value": { "const": DEFAULT, "description": "`default`: the embodied emissions of one unit come from the reference data." },
            "lifetime": { "$ref": "#/$defs/Duration", "description": "Expected service life of the unit, over which its embodied emissions are spread." },
            "uncertainty": { "$ref": "#/$defs/Uncertainty", "description": "The uncertainty of the default value, if you assess one." }
        },
        "required": ["value", "lifetime"],
        "additionalProperties": false
    });
    or_default(
        &mut defs["Grid"]["properties"]["location_based"],
        "FromReferenceData",
    );
    or_default(&mut defs["Site"]["properties"]["pue"], "FromReferenceData");
    or_default(&mut defs["Site"]["properties"]["wue"], "FromReferenceData");
    or_default(
        &mut defs["Hardware"]["properties"]["embodied"],
        "EmbodiedFromReferenceData",
    );
    let residual = &mut defs["MarketBased"]["properties"]["residual_mix"];
    let description = residual.get("description").cloned();
    *residual = json!({
        "anyOf": [{ "$ref": "#/$defs/Intensity" }, { "const": DEFAULT }],
        "description": description,
    });
    either(&mut defs["Site"], &["location"], "region");
    either(
        &mut defs["ComputeEstimate"],
        &["peak_flops_per_second", "power"],
        "device",
    );
}

/// Makes the property `{ $ref, description }` accept the reference-data form too.
fn or_default(property: &mut Value, form: &str) {
    let Some(object) = property.as_object_mut() else {
        return;
    };
    let description = object.remove("description");
    let original = Value::Object(std::mem::take(object));
    *property = json!({
        "anyOf": [original, { "$ref": format!("#/$defs/{form}") }],
    });
    if let Some(description) = description {
        property["description"] = description;
    }
}

/// `fields` are required unless `instead` is given.
fn either(def: &mut Value, fields: &[&str], instead: &str) {
    if let Some(required) = def.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| !fields.iter().any(|f| r == f));
    }
    def["anyOf"] = json!([
        { "required": fields },
        { "required": [instead] },
    ]);
}
