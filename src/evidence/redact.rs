//! The input a document for one audience is made from and carries: the disclosure without
//! what that audience does not receive.
//!
//! Downstream providers receive the information of AI Act Annex XII (Art. 53(1)(b)), which has
//! no energy or compute item; the Model Documentation Form gives them none of its energy and
//! compute fields. Their document is therefore made from the disclosure with the
//! organisation's own training left out, written as JSON (which every YAML reader reads), and
//! that text is the input the PDF attaches and `verify` recomputes. The manifest names the full
//! input and its SHA-256: the provider keeps it, and the same full input always gives the same
//! redacted input, so the two can be tied together by anyone who is shown both.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FileName, Sha256Hex};
use crate::model::Audience;

/// The full input a redacted input was made from, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redaction {
    /// The full input's file name.
    pub input: FileName,
    /// SHA-256 of the full input's bytes.
    pub input_sha256: Sha256Hex,
    /// What was left out, as the document says it.
    pub left_out: String,
}

/// What a document for downstream providers leaves out.
const DOWNSTREAM_LEFT_OUT: &str = "the organisation's own training of its models (training and fine-tuning measurements, training records, training allocation and growth, the training methodology, and scenarios that move training)";

/// Phases whose measurements are the organisation's own training.
const TRAINING_PHASES: [&str; 2] = ["training", "fine_tuning"];

/// Fields of `system.models[]` about the organisation's own training.
const MODEL_TRAINING_FIELDS: [&str; 3] = ["training", "allocation", "growth"];

/// The disclosure `document` as `audience` receives it, with a description of what was left out;
/// `None` when that audience receives all of it.
#[must_use]
pub fn for_audience(document: &Value, audience: Audience) -> Option<(Value, &'static str)> {
    match audience {
        Audience::AiOffice | Audience::Authority => None,
        Audience::Downstream => Some((without_training(document), DOWNSTREAM_LEFT_OUT)),
    }
}

/// The name of the redacted input made for `audience` from the input called `full`:
/// `provider-cloud.yaml` gives `provider-cloud.downstream.json`.
#[must_use]
pub fn file_name(full: &FileName, audience: Audience) -> FileName {
    let name = full.as_str();
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    FileName::try_from(format!("{stem}.{}.json", audience.key()))
        .unwrap_or_else(|_| FileName::of(std::path::Path::new("input.json")))
}

/// The redacted input as text: pretty JSON, newline-terminated.
#[must_use]
pub fn text(document: &Value) -> String {
    // A tree of JSON values with string keys always serialises.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// `document` without the organisation's own training.
fn without_training(document: &Value) -> Value {
    let mut out = document.clone();
    let mut removed: Vec<String> = Vec::new();
    if let Some(measurements) = out.get_mut("measurements").and_then(Value::as_array_mut) {
        measurements.retain(|m| {
            let training = m
                .get("phase")
                .and_then(Value::as_str)
                .is_some_and(|p| TRAINING_PHASES.contains(&p));
            if training && let Some(id) = m.get("id").and_then(Value::as_str) {
                removed.push(id.to_owned());
            }
            !training
        });
    }
    if let Some(models) = out
        .pointer_mut("/system/models")
        .and_then(Value::as_array_mut)
    {
        for model in models.iter_mut().filter_map(Value::as_object_mut) {
            for field in MODEL_TRAINING_FIELDS {
                model.remove(field);
            }
        }
    }
    if let Some(methodology) = out.get_mut("methodology").and_then(Value::as_object_mut) {
        methodology.remove("training");
    }
    if let Some(scenarios) = out.get_mut("scenarios").and_then(Value::as_array_mut) {
        scenarios.retain(|s| !moves_any(s, &removed));
    }
    out
}

/// Whether a scenario's levers name any of the `measurements`.
fn moves_any(scenario: &Value, measurements: &[String]) -> bool {
    scenario
        .get("levers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|lever| lever.values())
        .filter_map(|body| body.get("measurement").and_then(Value::as_str))
        .any(|id| measurements.iter().any(|m| m == id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn disclosure() -> Value {
        json!({
            "system": { "models": [{ "id": "m", "general_purpose": true,
                "training": { "wall_clock": "47 days" }, "allocation": { "share": 0.25 },
                "growth": "3%", "upstream_training": { "hardware": "8 A100" } }] },
            "measurements": [
                { "id": "pre", "phase": "training" },
                { "id": "tune", "phase": "fine_tuning" },
                { "id": "serve", "phase": "inference" }
            ],
            "methodology": { "narrative": "n", "training": "t" },
            "scenarios": [
                { "id": "a", "levers": [{ "relocate": { "measurement": "pre", "site": "x" } }] },
                { "id": "b", "levers": [{ "relocate": { "measurement": "serve", "site": "x" } }] }
            ]
        })
    }

    #[test]
    fn downstream_providers_receive_no_training() {
        let (out, _) = for_audience(&disclosure(), Audience::Downstream).expect("redacted");
        assert_eq!(
            out["measurements"],
            json!([{ "id": "serve", "phase": "inference" }])
        );
        assert_eq!(
            out["system"]["models"][0],
            json!({ "id": "m", "general_purpose": true,
                "upstream_training": { "hardware": "8 A100" } })
        );
        assert_eq!(out["methodology"], json!({ "narrative": "n" }));
        assert_eq!(out["scenarios"].as_array().map(Vec::len), Some(1));
        assert_eq!(out["scenarios"][0]["id"], "b");
    }

    #[test]
    fn the_office_and_authorities_receive_the_whole_input() {
        assert!(for_audience(&disclosure(), Audience::AiOffice).is_none());
        assert!(for_audience(&disclosure(), Audience::Authority).is_none());
    }

    #[test]
    fn the_redacted_input_is_named_after_the_full_one() {
        let full = FileName::of(std::path::Path::new("/x/provider-cloud.yaml"));
        assert_eq!(
            file_name(&full, Audience::Downstream).as_str(),
            "provider-cloud.downstream.json"
        );
    }
}
