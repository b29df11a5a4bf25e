//! What changed between two releases: every figure of two results (as `compute --format
//! json` gives them, or as a PDF report carries them), matched by path, with its absolute and
//! relative change, the items added and removed, method-tier changes and changed
//! classifications (a claim's verdict, a measurement's scope).
//!
//! It compares JSON results rather than Rust values so that a report from an earlier release
//! can be compared with the inputs of the next one. Every number of the results is a figure,
//! wherever it stands (totals, scopes, scenarios, claims, the ESRS annex): a gate must not pass
//! a change because nobody thought to list the figure.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::text::numbered;

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
    /// (new − old) ÷ |old|, when both are there and old is not zero: its sign is the change's.
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

/// `text` as one part of a figure's path: as it is, or, where it is empty or holds a character
/// that would read as part of the path (`[`, `]`, a quote, `*`, one of `also`) or a control
/// character (a line break or an escape that would forge a line of the output or move a
/// terminal's cursor), as a JSON string, which escapes them.
fn segment(text: &str, also: &[char]) -> String {
    let plain = !text.is_empty()
        && !text.chars().any(|c| {
            c.is_control() || matches!(c, '[' | ']' | '"' | '*' | '\\') || also.contains(&c)
        });
    if plain {
        text.to_owned()
    } else {
        Value::from(text).to_string()
    }
}

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
        (a, b) if a.is_none_or(Value::is_object) && b.is_none_or(Value::is_object) => {
            let pair = (a.and_then(Value::as_object), b.and_then(Value::as_object));
            object(diff, path, pair, &[]);
        }
        (a, b) if a.is_none_or(Value::is_array) && b.is_none_or(Value::is_array) => {
            let (a, b) = (a.and_then(Value::as_array), b.and_then(Value::as_array));
            list(
                diff,
                path,
                a.map_or(&[], Vec::as_slice),
                b.map_or(&[], Vec::as_slice),
            );
        }
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

/// A scalar as text: a string as it is (as a JSON string where it holds a control character,
/// which would forge a line of the output), anything else as JSON.
fn text(value: &Value) -> String {
    match value.as_str() {
        Some(s) if !s.chars().any(char::is_control) => s.to_owned(),
        _ => value.to_string(),
    }
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
    let figure = is_figure(a) || is_figure(b);
    if figure {
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
            || (figure && ["value", "tier", "unit"].contains(&key.as_str()));
        if skip {
            continue;
        }
        let name = segment(key, &['.']);
        let inner = if path.is_empty() {
            name
        } else {
            format!("{path}.{name}")
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
    // Items a list names alike (none should) are told apart by their order: `name#2`, which no
    // item's own name can be (`item_name` quotes a `#`).
    let names = |items: &[Value]| -> Vec<String> {
        let mut taken = BTreeSet::new();
        items
            .iter()
            .map(|item| numbered(&mut taken, &item_name(item, fields), "#"))
            .collect()
    };
    let (old_names, new_names) = (names(old), names(new));
    let new_at: HashMap<&str, usize> = new_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let old_has: HashSet<&str> = old_names.iter().map(String::as_str).collect();
    for (name, item) in old_names.iter().zip(old) {
        let other = new_at.get(name.as_str()).map(|&i| &new[i]);
        if other.is_none() {
            diff.removed.push(format!("{path}[{name}]"));
        }
        let pair = (item.as_object(), other.and_then(Value::as_object));
        object(diff, &format!("{path}[{name}]"), pair, fields);
    }
    for (name, item) in new_names.iter().zip(new) {
        if !old_has.contains(name.as_str()) {
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
/// [`ALL_MODELS`]; a name that could be read otherwise (`all models` itself, or one
/// [`segment`] quotes, or holding `/` or `#`) is written as a JSON string, so that no two items
/// share a name.
fn item_name(item: &Value, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|field| match item[*field].as_str() {
            None if *field == "model" => ALL_MODELS.to_owned(),
            None => "none".to_owned(),
            Some(name) if name == ALL_MODELS || name == "none" => Value::from(name).to_string(),
            Some(name) => segment(name, &['/', '#']),
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
        // Against the old value's size, so that the change and its share have one sign where
        // the old value is negative (a saving that became smaller loss; helper 73).
        relative: both.and_then(|(a, b)| (a != 0.0).then(|| (b - a) / a.abs())),
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
    /// the totals (every figure under `total.`, by scope included, but their intervals, which a
    /// simulation draws, and the split by method, `total.tiers`, which moves when only a
    /// method changes) and the claims' verdicts.
    #[must_use]
    pub fn above(&self, threshold: f64, patterns: &[String]) -> Vec<&str> {
        let watched = |figure: &str| {
            if patterns.is_empty() {
                (figure.starts_with("total.")
                    && !figure.starts_with("total.tiers")
                    && !figure.contains(".interval."))
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

    /// The items only one release has (added and removed), to look figures up in with
    /// [`item_of`].
    #[must_use]
    pub fn one_sided(&self) -> HashSet<&str> {
        self.added
            .iter()
            .chain(&self.removed)
            .map(String::as_str)
            .collect()
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

/// The item of `items` that `figure` lies inside (`measurements[a]` for
/// `measurements[a].facility_energy`), if any: its appearance or disappearance is said once,
/// by the item. Each prefix of the figure's path that ends before a `.` or `[` is looked up,
/// so that thousands of items cost no more than a few.
#[must_use]
pub fn item_of<'a, S: std::hash::BuildHasher>(
    figure: &str,
    items: &HashSet<&'a str, S>,
) -> Option<&'a str> {
    if items.is_empty() {
        return None;
    }
    figure
        .char_indices()
        .filter(|&(_, c)| c == '.' || c == '[')
        .find_map(|(at, _)| items.get(&figure[..at]).copied())
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
        // A negative figure that rises (helper 73's saving, −85 → −55 kg): +30 kg, +35.3 %.
        let diff = compare(
            &results(-85.0, "metered", &[]),
            &results(-55.0, "metered", &[]),
        );
        let rise = super::tests::change(&diff, "total.location_based");
        assert!((rise.absolute.unwrap() - 30.0).abs() < 1e-9);
        assert!((rise.relative.unwrap() - 30.0 / 85.0).abs() < 1e-12);
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
        let items = diff.one_sided();
        assert_eq!(
            item_of("measurements[a].facility_energy", &items),
            Some("measurements[a]")
        );
        assert_eq!(item_of("measurements[b].facility_energy", &items), None);
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

    // Review, 2026-12-02: a measurement's method changed from device telemetry to metered,
    // every value the same, and the default gate fired on the split by method.
    #[test]
    fn the_split_by_method_is_compared_but_not_watched_by_default() {
        let tiers = |method: &str| {
            json!({ "total": { "it_energy": { "value": 10.0, "unit": "kWh" },
                               "tiers": [{ "method": method, "it_energy": 10.0, "share": 1.0 }] } })
        };
        let diff = compare(&tiers("device_telemetry"), &tiers("metered"));
        assert_eq!(diff.removed, ["total.tiers[device_telemetry]"]);
        assert!(diff.above(10.0, &[]).is_empty());
        assert_eq!(
            diff.above(10.0, &["total.tiers[*]*".to_owned()]),
            [
                "total.tiers[device_telemetry].it_energy",
                "total.tiers[device_telemetry].share"
            ]
            .iter()
            .copied()
            .chain([
                "total.tiers[metered].it_energy",
                "total.tiers[metered].share"
            ])
            .collect::<Vec<_>>()
        );
    }

    // Review, 2026-12-02: an id with a line break and an escape forged a line of the output
    // and reset the terminal.
    #[test]
    fn names_with_control_characters_are_written_escaped() {
        let with = |id: &str, key: &str| {
            let mut item = serde_json::Map::new();
            item.insert("id".to_owned(), json!(id));
            item.insert(key.to_owned(), json!(1.0));
            json!({ "measurements": [item] })
        };
        let diff = compare(&json!({}), &with("a\n0 figure(s) changed\u{1b}c", "x\ny"));
        let figure = &diff.changes[0].figure;
        assert!(!figure.chars().any(char::is_control), "{figure}");
        assert_eq!(
            figure,
            "measurements[\"a\\n0 figure(s) changed\\u001bc\"].\"x\\ny\""
        );
        let text = compare(&json!({ "v": "a" }), &json!({ "v": "b\u{7}" }));
        assert!(
            !text.texts[0]
                .new
                .as_deref()
                .unwrap()
                .chars()
                .any(char::is_control)
        );
    }
}
