//! `duplicate-id`: ids are unique within their list, so every reference means one thing.

use std::collections::HashSet;

use serde_json::Value;

use super::{Check, Rule, entries, ids};
use crate::diagnostic::Diagnostic;

pub static RULE: Rule = Rule {
    code: "duplicate-id",
    summary: "ids of models, functional units, sites, hardware, measurements, combustion sources and claims are unique, and a scenario's sites take ids no other site has",
    why: "A measurement that names a site by an id two sites share could be counted under either; an auditor cannot tell which.",
    example: "sites: [{ id: fra, … }, { id: fra, … }]   # fix: give the second site its own id, e.g. fra-2",
    check: Check::Document(check),
};

fn check(document: &Value, out: &mut Vec<Diagnostic>) {
    // A scenario's sites are added to the disclosure's for its levers to move work to: one
    // with a site's id would stand beside it, and every lookup by that id would find one of
    // the two (attack review, 2026-12-01: a scenario of no levers "saved" 98 %).
    for (k, scenario) in entries(document, "/scenarios").iter().enumerate() {
        let mut seen: HashSet<&str> = ids(document, "/sites").flatten().collect();
        for (i, id) in ids(scenario, "/sites").enumerate() {
            if let Some(id) = id
                && !seen.insert(id)
            {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "the id `{id}` is a site's already: a scenario's site is a site of its own, added for a lever to move work to"
                        ),
                    )
                    .at(format!("/scenarios/{k}/sites/{i}/id"))
                    .help("give the scenario's site an id of its own (e.g. fra-new) and name it in a `relocate` lever"),
                );
            }
        }
    }
    // Claims by their id too: `diff` pairs a period's claims with the next's by it, and each
    // claim's draws are seeded with it (an attack of 2026-12-02: two claims under one id).
    for list in [
        "/system/models",
        "/functional_units",
        "/sites",
        "/hardware",
        "/measurements",
        "/combustion",
        "/claims",
    ] {
        let mut seen = HashSet::new();
        for (i, id) in ids(document, list).enumerate() {
            if let Some(id) = id
                && !seen.insert(id)
            {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("the id `{id}` is used twice in `{}`", &list[1..]),
                    )
                    .at(format!("{list}/{i}/id"))
                    .help("give each entry an id of its own"),
                );
            }
        }
    }
}
