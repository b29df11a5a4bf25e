//! What changed between two releases: every figure of two results (as `compute --format
//! json` gives them, or as a PDF report carries them), matched by path, with its absolute and
//! relative change, the items added and removed, method-tier changes and changed
//! classifications (a claim's verdict, a measurement's scope).
//!
//! It compares JSON results rather than Rust values so that a report from an earlier release
//! can be compared with the inputs of the next one. Every number of the results is a figure,
//! wherever it stands (totals, scopes, scenarios, claims, the ESRS annex): a gate must not pass
//! a change because nobody thought to list the figure.

use serde::Serialize;
use serde_json::{Map, Value};

/// The change of one figure, or its appearance or disappearance.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// The figure, as a path: `total.location_based`, `measurements[inference-h1].facility_energy`,
    /// `per_unit[request/all models].sci`, `total.by_scope[scope2].market_based`.
    pub figure: String,
    /// Its unit, where the results give one.
    pub unit: String,
    /// The old value; `None` where the old results have no such figure.
    pub old: Option<f64>,
    /// The new value; `None` where the new results have no such figure.
    pub new: Option<f64>,
    /// new − old, when both are there.
    pub absolute: Option<f64>,
    /// (new − old) ÷ old, when both are there and old is not zero.
    pub relative: Option<f64>,
}

/// A classification of the results (a verdict, a scope, a unit) that two releases may give
/// differently.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TextChange {
    /// The field, as a path: `claims[shorter-routes].verdict`.
    pub figure: String,
    /// The old text; `None` where the old results have none.
    pub old: Option<String>,
    /// The new text; `None` where the new results have none.
    pub new: Option<String>,
}

/// A method tier that changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TierChange {
    /// The figure whose tier changed.
    pub figure: String,
    /// The old tier.
    pub old: String,
    /// The new tier.
    pub new: String,
}

/// Everything that differs between two results.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Diff {
    /// Every figure of either results, in the results' order (changed or not).
    pub changes: Vec<Change>,
    /// Every classification of either results (changed or not).
    pub texts: Vec<TextChange>,
    /// Items only in the new results (`measurements[id]`, `sites[id]`, …).
    pub added: Vec<String>,
    /// Items only in the old results.
    pub removed: Vec<String>,
    /// Figures whose method tier changed.
    pub tiers: Vec<TierChange>,
}

/// Relative difference below which two values are the same figure: sums taken in another order
/// (measurements listed in another order) differ in their last bits, about 10⁻¹⁶ of the value
/// a term; a change of 10⁻¹² is none an input's digits can make.
const SAME: f64 = 1e-12;

/// The fields of a list's items that name an item, tried in turn: the first whose fields every
/// item has names the items of that list. A list with none is matched by position.
const IDENTITIES: &[&[&str]] = &[
    &["id"],
    &["functional_unit", "model"],
    &["unit", "model"],
    &["measurement", "part"],
    &["hardware", "model"],
    &["site"],
    &["model"],
    &["scope"],
    &["part"],
    &["method"],
    &["label"],
    &["metric"],
];

/// Fields of free text (how a figure was worked out, what a criterion asks, where a value
/// comes from): they follow from the figures and the inputs' wording, and are not compared.
const PROSE: &[&str] = &[
    "basis",
    "decided_by",
    "description",
    "formula",
    "inputs",
    "levers",
    "reason",
    "requirement",
    "source",
];

/// An object's fields.
type Fields = Map<String, Value>;

/// What a model field holds when a figure is for every model.
const ALL_MODELS: &str = "all models";

/// Compares two results (`compute --format json` output).
#[must_use]
pub fn compare(old: &Value, new: &Value) -> Diff {
    let mut diff = Diff::default();
    let (empty_a, empty_b) = (Map::new(), Map::new());
    let (a, b) = (
        old.as_object().unwrap_or(&empty_a),
        new.as_object().unwrap_or(&empty_b),
    );
    // The totals first, then the items, as a report gives them; any other part after.
    let keys = FIRST.iter().map(|k| (*k).to_owned()).chain(
        a.keys()
            .chain(b.keys())
            .filter(|k| !FIRST.contains(&k.as_str()))
            .cloned(),
    );
    let mut seen = Vec::new();
    for key in keys {
        if seen.contains(&key) {
            continue;
        }
        walk(&mut diff, &key, a.get(&key), b.get(&key));
        seen.push(key);
    }
    diff
}

/// The parts of the results compared first, in this order.
const FIRST: &[&str] = &[
    "total",
    "measurements",
    "sites",
    "per_unit",
    "embodied",
    "lifecycle",
    "scenarios",
    "claims",
];

/// Compares what two results hold at `path`; `None` where one has nothing there.
fn walk(diff: &mut Diff, path: &str, old: Option<&Value>, new: Option<&Value>) {
    let old = old.filter(|v| !v.is_null());
    let new = new.filter(|v| !v.is_null());
    match (old, new) {
        (None, None) => {}
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            object(diff, path, (Some(a), Some(b)), &[]);
        }
        (Some(Value::Object(a)), None) => object(diff, path, (Some(a), None), &[]),
        (None, Some(Value::Object(b))) => object(diff, path, (None, Some(b)), &[]),
        (Some(Value::Array(a)), Some(Value::Array(b))) => list(diff, path, a, b),
        (Some(Value::Array(a)), None) => list(diff, path, a, &[]),
        (None, Some(Value::Array(b))) => list(diff, path, &[], b),
        (a, b) if a.is_none_or(Value::is_number) && b.is_none_or(Value::is_number) => {
            number(diff, path.to_owned(), String::new(), a, b);
        }
        (a, b) => diff.texts.push(TextChange {
            figure: path.to_owned(),
            old: a.map(text),
            new: b.map(text),
        }),
    }
}

/// A scalar as text: a string as it is, anything else as JSON.
fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// Compares two objects' fields but those in `names` (the fields that name a list's item, the
/// same on both sides); one with a number `value` is a figure, named by its own path.
fn object(
    diff: &mut Diff,
    path: &str,
    (old, new): (Option<&Fields>, Option<&Fields>),
    names: &[&str],
) {
    let empty = Map::new();
    let (a, b) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let is_figure = |m: &Map<String, Value>| m.get("value").is_some_and(Value::is_number);
    if is_figure(a) || is_figure(b) {
        let unit = b
            .get("unit")
            .or_else(|| a.get("unit"))
            .map(text)
            .unwrap_or_default();
        number(diff, path.to_owned(), unit, a.get("value"), b.get("value"));
        if let (Some(x), Some(y)) = (a.get("tier"), b.get("tier"))
            && x != y
        {
            diff.tiers.push(TierChange {
                figure: path.to_owned(),
                old: text(x),
                new: text(y),
            });
        }
        // A unit is said with its figure; one that changed makes the two values incomparable.
        if let (Some(x), Some(y)) = (a.get("unit"), b.get("unit"))
            && x != y
        {
            diff.texts.push(TextChange {
                figure: format!("{path}.unit"),
                old: Some(text(x)),
                new: Some(text(y)),
            });
        }
    }
    let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
    for key in keys {
        let skip = PROSE.contains(&key.as_str())
            || names.contains(&key.as_str())
            || (["value", "tier", "unit"].contains(&key.as_str())
                && (is_figure(a) || is_figure(b)));
        if skip {
            continue;
        }
        let inner = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        walk(diff, &inner, a.get(key), b.get(key));
    }
}

/// Compares two lists, item by item: by the fields that name their items, else by position.
/// An item only one side has is added or removed, and its figures appear or disappear.
fn list(diff: &mut Diff, path: &str, old: &[Value], new: &[Value]) {
    let Some(fields) = IDENTITIES.iter().find(|fields| {
        old.iter().chain(new).all(|item| {
            item.as_object().is_some_and(|m| {
                fields.iter().all(|f| match m.get(*f) {
                    // A figure for every model may leave its model out beside its other name.
                    None => *f == "model" && fields.len() > 1,
                    Some(v) => v.is_string() || v.is_null(),
                })
            })
        })
    }) else {
        for i in 0..old.len().max(new.len()) {
            walk(diff, &format!("{path}[{i}]"), old.get(i), new.get(i));
        }
        return;
    };
    let names = |items: &[Value]| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        items
            .iter()
            .map(|item| {
                let name = item_name(item, fields);
                // Items a list names alike (none should) are told apart by their order.
                let count = seen.iter().filter(|s| **s == name).count();
                seen.push(name.clone());
                if count == 0 {
                    name
                } else {
                    format!("{name}#{}", count + 1)
                }
            })
            .collect()
    };
    let (old_names, new_names) = (names(old), names(new));
    for (name, item) in old_names.iter().zip(old) {
        let other = new_names.iter().position(|n| n == name).map(|i| &new[i]);
        if other.is_none() {
            diff.removed.push(format!("{path}[{name}]"));
        }
        let pair = (item.as_object(), other.and_then(Value::as_object));
        object(diff, &format!("{path}[{name}]"), pair, fields);
    }
    for (name, item) in new_names.iter().zip(new) {
        if !old_names.contains(name) {
            diff.added.push(format!("{path}[{name}]"));
            object(
                diff,
                &format!("{path}[{name}]"),
                (None, item.as_object()),
                fields,
            );
        }
    }
}

/// The name of a list's item from its naming fields, joined by `/`. A missing model is
/// [`ALL_MODELS`]; a name that could be read otherwise (empty, `all models` itself, or holding
/// `/`, `[`, `]` or a quote) is written as a JSON string, so that no two items share a name.
fn item_name(item: &Value, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|field| match item[*field].as_str() {
            None if *field == "model" => ALL_MODELS.to_owned(),
            None => "none".to_owned(),
            Some(name)
                if name.is_empty()
                    || name == ALL_MODELS
                    || name == "none"
                    || name.contains(['/', '[', ']', '"', '#']) =>
            {
                Value::from(name).to_string()
            }
            Some(name) => name.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn number(diff: &mut Diff, figure: String, unit: String, old: Option<&Value>, new: Option<&Value>) {
    let (a, b) = (old.and_then(Value::as_f64), new.and_then(Value::as_f64));
    if a.is_none() && b.is_none() {
        return;
    }
    let both = a.zip(b);
    diff.changes.push(Change {
        figure,
        unit,
        old: a,
        new: b,
        absolute: both.map(|(a, b)| b - a),
        relative: both.and_then(|(a, b)| (a != 0.0).then(|| (b - a) / a)),
    });
}

impl Change {
    /// Whether the figure changed: appeared, disappeared, or moved by more than rounding.
    #[must_use]
    pub fn changed(&self) -> bool {
        match (self.old, self.new) {
            (Some(a), Some(b)) => (b - a).abs() > SAME * a.abs().max(b.abs()),
            _ => true,
        }
    }
}

impl TextChange {
    /// Whether the text changed, appeared or disappeared.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

impl Diff {
    /// The figures `patterns` name whose relative change exceeds `threshold` (0.1 for 10 %)
    /// in either direction, or that appeared or disappeared whatever the threshold, and the
    /// classifications they name that changed at all. A pattern is a figure's path, in which
    /// `*` stands for any text (`per_unit[*].sci`, `*`). With no pattern, the gate watches
    /// the totals (every figure under `total.` but their intervals, which a simulation draws)
    /// and the claims' verdicts.
    #[must_use]
    pub fn above(&self, threshold: f64, patterns: &[String]) -> Vec<&str> {
        let watched = |figure: &str| {
            if patterns.is_empty() {
                (figure.starts_with("total.") && !figure.contains(".interval."))
                    || (figure.starts_with("claims[") && figure.ends_with("].verdict"))
            } else {
                patterns.iter().any(|p| matches(p, figure))
            }
        };
        let figures = self.changes.iter().filter(|c| {
            watched(&c.figure) && c.changed() && c.relative.is_none_or(|r| r.abs() > threshold)
        });
        let texts = self
            .texts
            .iter()
            .filter(|t| watched(&t.figure) && t.changed());
        figures
            .map(|c| c.figure.as_str())
            .chain(texts.map(|t| t.figure.as_str()))
            .collect()
    }

    /// The names of every figure and classification of either release.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.changes
            .iter()
            .map(|c| c.figure.as_str())
            .chain(self.texts.iter().map(|t| t.figure.as_str()))
    }

    /// Whether `figure` lies inside an item only one release has: its appearance or
    /// disappearance is said once, by the item.
    #[must_use]
    pub fn in_added_or_removed(&self, figure: &str) -> bool {
        self.added
            .iter()
            .chain(&self.removed)
            .any(|item| inside(figure, item))
    }
}

/// Whether `pattern` names `name`: the same text, where each `*` in the pattern stands for any
/// text, none included.
#[must_use]
pub fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `figure` is a figure of `item` (`measurements[a].facility_energy` of
/// `measurements[a]`).
#[must_use]
pub fn inside(figure: &str, item: &str) -> bool {
    figure
        .strip_prefix(item)
        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn results(location: f64, tier: &str, measurements: &[&str]) -> Value {
        json!({
            "total": { "location_based": { "value": location, "unit": "kgCO2e", "tier": tier } },
            "measurements": measurements.iter().map(|id| json!({ "id": id, "facility_energy": { "value": 1.0, "unit": "kWh" } })).collect::<Vec<_>>(),
        })
    }

    fn change<'a>(diff: &'a Diff, figure: &str) -> &'a Change {
        diff.changes
            .iter()
            .find(|c| c.figure == figure)
            .unwrap_or_else(|| panic!("no {figure} in {diff:#?}"))
    }

    #[test]
    fn changes_are_absolute_and_relative() {
        // 20,190 → 22,209 kg: +2,019 kg, +10 %.
        let diff = compare(
            &results(20_190.0, "metered", &[]),
            &results(22_209.0, "metered", &[]),
        );
        let change = change(&diff, "total.location_based");
        assert_eq!(change.unit, "kgCO2e");
        assert!((change.absolute.unwrap() - 2_019.0).abs() < 1e-9);
        assert!((change.relative.unwrap() - 0.1).abs() < 1e-12);
    }

    #[test]
    fn items_are_matched_by_id() {
        let diff = compare(
            &results(1.0, "metered", &["a", "b"]),
            &results(1.0, "metered", &["b", "c"]),
        );
        assert_eq!(diff.removed, vec!["measurements[a]"]);
        assert_eq!(diff.added, vec!["measurements[c]"]);
        let gone = change(&diff, "measurements[a].facility_energy");
        assert_eq!((gone.old, gone.new), (Some(1.0), None));
        assert!(diff.in_added_or_removed("measurements[a].facility_energy"));
        assert!(!diff.in_added_or_removed("measurements[b].facility_energy"));
    }

    #[test]
    fn tier_changes_are_listed() {
        let diff = compare(
            &results(1.0, "metered", &[]),
            &results(1.0, "estimated_from_hardware", &[]),
        );
        assert_eq!(diff.tiers.len(), 1);
        assert!(diff.texts.is_empty(), "{:?}", diff.texts);
    }

    #[test]
    fn the_gate_fires_above_the_threshold_only() {
        let diff = compare(
            &results(100.0, "metered", &[]),
            &results(109.0, "metered", &[]),
        );
        assert!(diff.above(0.10, &[]).is_empty());
        assert_eq!(diff.above(0.05, &[]), ["total.location_based"]);
    }

    // Attack, 2026-12-02: a total that became null (a WUE left out), every figure outside the
    // six totals (emissions moved from Scope 2 to Scope 3, a claim's verdict), and sums taken
    // in another order all went through `--fail-above`.
    #[test]
    fn a_total_that_disappears_fires_the_gate_whatever_the_threshold() {
        let old = json!({ "total": { "water": { "value": 14_420.0, "unit": "L" } } });
        let new = json!({ "total": { "water": null } });
        let diff = compare(&old, &new);
        assert_eq!(diff.above(10.0, &[]), ["total.water"]);
        assert_eq!(compare(&new, &old).above(10.0, &[]), ["total.water"]);
    }

    #[test]
    fn figures_beyond_the_totals_are_compared_and_scopes_watched_by_default() {
        let old = json!({
            "total": { "by_scope": [{ "scope": "scope2", "location_based": 20_190.0 }] },
            "claims": [{ "id": "c", "verdict": "meets_criteria", "reason": "x",
                         "steps": [{ "label": "net impact", "value": 300.0 }] }],
        });
        let new = json!({
            "total": { "by_scope": [{ "scope": "scope3_category1", "location_based": 20_190.0 }] },
            "claims": [{ "id": "c", "verdict": "does_not_meet", "reason": "y",
                         "steps": [{ "label": "net impact", "value": -246.0 }] }],
        });
        let diff = compare(&old, &new);
        assert_eq!(diff.removed, ["total.by_scope[scope2]"]);
        assert_eq!(diff.added, ["total.by_scope[scope3_category1]"]);
        assert_eq!(
            diff.above(0.1, &[]),
            [
                "total.by_scope[scope2].location_based",
                "total.by_scope[scope3_category1].location_based",
                "claims[c].verdict"
            ]
        );
        let step = change(&diff, "claims[c].steps[net impact]");
        assert_eq!((step.old, step.new), (Some(300.0), Some(-246.0)));
        let verdict = ["claims[c].verdict".to_owned()];
        assert_eq!(diff.above(0.1, &verdict), ["claims[c].verdict"]);
        let steps = ["claims[*].steps[*]".to_owned()];
        assert_eq!(diff.above(0.1, &steps), ["claims[c].steps[net impact]"]);
        // Free text is not compared.
        assert!(diff.texts.iter().all(|t| !t.figure.ends_with("reason")));
    }

    #[test]
    fn patterns_stand_for_any_text_where_they_have_a_star() {
        assert!(matches("*", "total.water"));
        assert!(matches(
            "per_unit[*].sci",
            "per_unit[request/all models].sci"
        ));
        assert!(!matches(
            "per_unit[*].sci",
            "per_unit[request/m].sci.interval.low"
        ));
        assert!(matches("total.water", "total.water"));
        assert!(!matches("total.water", "total.water.interval.low"));
        assert!(matches("*.verdict", "claims[c].verdict"));
        assert!(matches("a*b*b", "abb"));
        assert!(!matches("a*bb*b", "abb"));
    }

    #[test]
    fn sums_in_another_order_are_the_same_figure() {
        // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in their last bit.
        let (a, b): (f64, f64) = (0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1);
        assert_ne!(a.to_bits(), b.to_bits());
        let diff = compare(&results(a, "metered", &[]), &results(b, "metered", &[]));
        assert!(!change(&diff, "total.location_based").changed());
        assert!(diff.above(0.0, &[]).is_empty());
    }

    #[test]
    fn a_model_named_all_models_is_not_the_row_for_every_model() {
        let row = |model: Value, energy: f64| json!({ "functional_unit": "request", "model": model, "energy": { "value": energy, "unit": "Wh" } });
        let old = json!({ "per_unit": [row(Value::Null, 6.0), row(json!("all models"), 6.0)] });
        let new = json!({ "per_unit": [row(Value::Null, 6.0), row(json!("all models"), 60.0)] });
        let diff = compare(&old, &new);
        assert!(!change(&diff, "per_unit[request/all models].energy").changed());
        let named = change(&diff, "per_unit[request/\"all models\"].energy");
        assert_eq!((named.old, named.new), (Some(6.0), Some(60.0)));
    }
}
