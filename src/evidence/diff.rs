//! What changed between two releases: every figure of two results (as `compute --format
//! json` gives them, or as a PDF report carries them), matched by id, with its absolute and
//! relative change, the items added and removed, and method-tier changes.
//!
//! It compares JSON results rather than Rust values so that a report from an earlier release
//! can be compared with the inputs of the next one.

use serde::Serialize;
use serde_json::Value;

/// The change of one figure.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// The figure, as a dotted path: `total.location_based`, `measurements[inference-h1].facility_energy`.
    pub figure: String,
    /// Its unit.
    pub unit: String,
    /// The old value.
    pub old: f64,
    /// The new value.
    pub new: f64,
    /// new − old.
    pub absolute: f64,
    /// (new − old) ÷ old; `None` when old is zero.
    pub relative: Option<f64>,
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
    /// Figures present in both, in report order (changed or not).
    pub changes: Vec<Change>,
    /// Items only in the new results (`measurements[id]`, `sites[id]`, …).
    pub added: Vec<String>,
    /// Items only in the old results.
    pub removed: Vec<String>,
    /// Figures whose method tier changed.
    pub tiers: Vec<TierChange>,
}

/// Lists of items matched by a key field, and the figures of each compared.
const LISTS: &[(&str, &[&str], &[&str])] = &[
    (
        "measurements",
        &["id"],
        &[
            "measured_energy",
            "it_energy",
            "facility_energy",
            "location_based",
            "market_based",
        ],
    ),
    (
        "sites",
        &["id"],
        &[
            "it_energy",
            "facility_energy",
            "location_based",
            "market_based",
        ],
    ),
    (
        "per_unit",
        &["functional_unit", "model"],
        &[
            "energy",
            "location_based",
            "market_based",
            "embodied",
            "sci",
        ],
    ),
];

const TOTALS: &[&str] = &[
    "it_energy",
    "facility_energy",
    "location_based",
    "market_based",
    "embodied",
    "water",
];

/// Compares two results (`compute --format json` output).
#[must_use]
pub fn compare(old: &Value, new: &Value) -> Diff {
    let mut diff = Diff::default();
    for name in TOTALS {
        figure(
            &mut diff,
            format!("total.{name}"),
            &old["total"][name],
            &new["total"][name],
        );
    }
    for (list, keys, figures) in LISTS {
        let key = |item: &Value| -> String {
            keys.iter()
                .map(|k| item[*k].as_str().unwrap_or("all models"))
                .collect::<Vec<_>>()
                .join("/")
        };
        let items = |v: &Value| -> Vec<(String, Value)> {
            v[*list]
                .as_array()
                .map(|a| a.iter().map(|i| (key(i), i.clone())).collect())
                .unwrap_or_default()
        };
        let (old_items, new_items) = (items(old), items(new));
        for (id, old_item) in &old_items {
            match new_items.iter().find(|(k, _)| k == id) {
                Some((_, new_item)) => {
                    for name in *figures {
                        figure(
                            &mut diff,
                            format!("{list}[{id}].{name}"),
                            &old_item[name],
                            &new_item[name],
                        );
                    }
                }
                None => diff.removed.push(format!("{list}[{id}]")),
            }
        }
        for (id, _) in &new_items {
            if !old_items.iter().any(|(k, _)| k == id) {
                diff.added.push(format!("{list}[{id}]"));
            }
        }
    }
    diff
}

fn figure(diff: &mut Diff, name: String, old: &Value, new: &Value) {
    let (Some(a), Some(b)) = (old["value"].as_f64(), new["value"].as_f64()) else {
        return;
    };
    let tier = |v: &Value| v["tier"].as_str().map(str::to_owned);
    if let (Some(x), Some(y)) = (tier(old), tier(new))
        && x != y
    {
        diff.tiers.push(TierChange {
            figure: name.clone(),
            old: x,
            new: y,
        });
    }
    diff.changes.push(Change {
        unit: new["unit"].as_str().unwrap_or_default().to_owned(),
        figure: name,
        old: a,
        new: b,
        absolute: b - a,
        relative: (a != 0.0).then(|| (b - a) / a),
    });
}

impl Diff {
    /// The figures among `names` (all totals when empty) whose relative change exceeds
    /// `threshold` (0.1 for 10 %) in either direction.
    #[must_use]
    pub fn above(&self, threshold: f64, names: &[String]) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|c| {
                if names.is_empty() {
                    c.figure.starts_with("total.")
                } else {
                    names.contains(&c.figure)
                }
            })
            .filter(|c| c.relative.is_none_or(|r| r.abs() > threshold) && c.absolute != 0.0)
            .collect()
    }
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

    #[test]
    fn changes_are_absolute_and_relative() {
        // 20,190 → 22,209 kg: +2,019 kg, +10 %.
        let diff = compare(
            &results(20_190.0, "metered", &[]),
            &results(22_209.0, "metered", &[]),
        );
        let change = diff
            .changes
            .iter()
            .find(|c| c.figure == "total.location_based")
            .unwrap();
        assert!((change.absolute - 2_019.0).abs() < 1e-9);
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
    }

    #[test]
    fn tier_changes_are_listed() {
        let diff = compare(
            &results(1.0, "metered", &[]),
            &results(1.0, "estimated_from_hardware", &[]),
        );
        assert_eq!(diff.tiers.len(), 1);
    }

    #[test]
    fn the_gate_fires_above_the_threshold_only() {
        let diff = compare(
            &results(100.0, "metered", &[]),
            &results(109.0, "metered", &[]),
        );
        assert!(diff.above(0.10, &[]).is_empty());
        assert_eq!(diff.above(0.05, &[]).len(), 1);
    }
}
