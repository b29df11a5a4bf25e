//! `reference`: every id a measurement names exists.

use serde_json::Value;

use super::{Check, Rule, entries, ids};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::text::suggest::closest;

pub static RULE: Rule = Rule {
    code: "reference",
    summary: "the site, model and functional units a measurement or hardware item names are declared",
    why: "A figure attached to an undeclared site has no emission factor and no GHG scope; it would silently drop out of the totals.",
    example: "measurements: [{ site: frankfurt, … }]   # fix: use a declared site id, e.g. site: fra",
    check: Check::Document(check),
};

fn check(document: &Value, out: &mut Vec<Diagnostic>) {
    let known = |list: &str| -> Vec<&str> { ids(document, list).flatten().collect() };
    let (sites, models, units) = (
        known("/sites"),
        known("/system/models"),
        known("/functional_units"),
    );
    for (h, hardware) in entries(document, "/hardware").iter().enumerate() {
        if let Some(model) = hardware.get("model").and_then(Value::as_str) {
            dangling(
                out,
                model,
                &models,
                "model",
                "system.models",
                format!("/hardware/{h}/model"),
            );
        }
    }
    for (i, m) in entries(document, "/measurements").iter().enumerate() {
        if let Some(site) = m.get("site").and_then(Value::as_str) {
            dangling(
                out,
                site,
                &sites,
                "site",
                "sites",
                format!("/measurements/{i}/site"),
            );
        }
        if let Some(model) = m.get("model").and_then(Value::as_str) {
            dangling(
                out,
                model,
                &models,
                "model",
                "system.models",
                format!("/measurements/{i}/model"),
            );
        }
        for unit in m
            .get("workload")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(serde_json::Map::keys)
        {
            dangling(
                out,
                unit,
                &units,
                "functional unit",
                "functional_units",
                format!("/measurements/{i}/workload/{}", escape_key(unit)),
            );
        }
    }
}

fn dangling(
    out: &mut Vec<Diagnostic>,
    id: &str,
    known: &[&str],
    what: &str,
    list: &str,
    pointer: String,
) {
    if known.contains(&id) {
        return;
    }
    let help = match closest(id, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => format!("declare it under `{list}`"),
        None => format!(
            "declare it under `{list}` or use one of: {}",
            known.join(", ")
        ),
    };
    out.push(
        Diagnostic::error(RULE.code, format!("no {what} has the id `{id}`"))
            .at(pointer)
            .help(help),
    );
}
