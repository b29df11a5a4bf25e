//! `reference`: every id a measurement names exists.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::Disclosure;
use crate::text::suggest::closest;

pub static RULE: Rule = Rule {
    code: "reference",
    summary: "the site, model and functional units a measurement or hardware item names are declared",
    why: "A figure attached to an undeclared site has no emission factor and no GHG scope; it would silently drop out of the totals.",
    example: "measurements: [{ site: frankfurt, … }]   # fix: use a declared site id, e.g. site: fra",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let sites: Vec<&str> = d.sites.iter().map(|s| s.id.as_str()).collect();
    let models: Vec<&str> = d.system.models.iter().map(|m| m.id.as_str()).collect();
    let units: Vec<&str> = d.functional_units.iter().map(|f| f.id.as_str()).collect();
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(model) = &hardware.model {
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
    for (i, m) in d.measurements.iter().enumerate() {
        dangling(
            out,
            &m.site,
            &sites,
            "site",
            "sites",
            format!("/measurements/{i}/site"),
        );
        dangling(
            out,
            &m.model,
            &models,
            "model",
            "system.models",
            format!("/measurements/{i}/model"),
        );
        for unit in m.workload.keys() {
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
