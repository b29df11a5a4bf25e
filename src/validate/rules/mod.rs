//! The semantic rules, one per file. Each rule documents what it checks, why it matters (with
//! the text that requires it) and an example with its fix; `wattprint explain CODE` prints
//! that documentation.

mod allocation;
mod boundary;
mod counted_twice;
mod estimate;
mod instruments;
mod mix;
mod monte_carlo;
mod periods;
mod placeholder;
pub(crate) mod plausible;
mod provenance;
mod pue;
mod quantities;
mod references;
mod scenarios;
mod schema_version;
mod standards;
mod training;
mod unique_ids;
mod workload;

use crate::diagnostic::{Code, CodeKind, Diagnostic};

use serde_json::Value;

use crate::model::{Disclosure, Site};
pub(crate) use estimate::sound as computable;
pub(crate) use monte_carlo::FEWEST_DRAWS;
pub(crate) use periods::LONGEST_PERIOD_DAYS;
pub(crate) use plausible::{IMPOSSIBLE_KWH, LARGE_KWH};

/// A semantic rule and its documentation.
pub struct Rule {
    /// The code its findings carry.
    pub code: &'static str,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Why it matters, with the text that requires it.
    pub why: &'static str,
    /// An input that breaks it, and the fix.
    pub example: &'static str,
    /// The check itself: pushes one finding per problem, with a JSON pointer.
    pub check: Check,
}

/// What a rule reads.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// The typed disclosure.
    Disclosure(fn(&Disclosure, &mut Vec<Diagnostic>)),
    /// The document as written, for a rule on every field of one name wherever it stands
    /// (every `source`).
    Document(fn(&Value, &mut Vec<Diagnostic>)),
}

/// Every rule, in the order their findings are usually fixed.
pub static RULES: &[&Rule] = &[
    &schema_version::RULE,
    &unique_ids::RULE,
    &references::RULE,
    &periods::RULE,
    &quantities::RULE,
    &estimate::RULE,
    &provenance::RULE,
    &pue::RULE,
    &mix::RULE,
    &instruments::RULE,
    &plausible::RULE,
    &boundary::RULE,
    &workload::RULE,
    &counted_twice::RULE,
    &allocation::RULE,
    &training::RULE,
    &scenarios::RULE,
    &monte_carlo::RULE,
    &placeholder::RULE,
    &standards::RULE,
];

/// Every site of the disclosure with the JSON pointer it stands at: the sites of `sites`, and
/// those a scenario adds (`scenarios[].sites`, where a workload may move), which every site
/// rule checks alike.
pub fn sites(d: &Disclosure) -> impl Iterator<Item = (String, &Site)> {
    let own = d
        .sites
        .iter()
        .enumerate()
        .map(|(s, site)| (format!("/sites/{s}"), site));
    let scenarios = d.scenarios.iter().enumerate().flat_map(|(k, scenario)| {
        scenario
            .sites
            .iter()
            .enumerate()
            .map(move |(s, site)| (format!("/scenarios/{k}/sites/{s}"), site))
    });
    own.chain(scenarios)
}

/// Runs every rule over `disclosure` and `document`, the JSON it was read from.
#[must_use]
pub fn check(disclosure: &Disclosure, document: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        match rule.check {
            Check::Disclosure(check) => check(disclosure, &mut out),
            Check::Document(check) => check(document, &mut out),
        }
    }
    out
}

/// The findings of the rules that read the document as written ([`Check::Document`]), for a
/// document whose structure does not hold: ids used twice and names of ids no entry has are
/// told beside the schema's findings, so that one pass finds them all (an attack of
/// 2026-12-03, helper 74: they came only after the schema's were fixed).
#[must_use]
pub fn check_document(document: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Check::Document(check) = rule.check {
            check(document, &mut out);
        }
    }
    out
}

/// The entries of the list at `pointer` in the document as written; none where no list
/// stands there.
fn entries<'a>(document: &'a Value, pointer: &str) -> &'a [Value] {
    document
        .pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The `id` of each entry of the list at `pointer` as written, in order; `None` for one with
/// no `id` written as text (the schema's findings name it).
fn ids<'a>(document: &'a Value, pointer: &str) -> impl Iterator<Item = Option<&'a str>> {
    entries(document, pointer)
        .iter()
        .map(|entry| entry.get("id").and_then(Value::as_str))
}

/// The rules' codes, for `explain` and SARIF.
pub fn codes() -> impl Iterator<Item = Code> {
    RULES.iter().map(|r| Code {
        code: r.code,
        summary: r.summary,
        kind: CodeKind::Rule {
            why: r.why,
            example: r.example,
        },
    })
}

/// The minimal fixture with each `(from, to)` replaced once, validated: what a rule's unit
/// tests check.
#[cfg(test)]
pub(crate) fn minimal_edited(edits: &[(&str, &str)]) -> Disclosure {
    use crate::load::{self, Limits, Source};
    let mut text = include_str!("../../../tests/fixtures/minimal.yaml").to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let mut document =
        load::document(Source::from_text("minimal.yaml", text), Limits::default()).unwrap();
    crate::validate::Validator::new()
        .check(&mut document)
        .disclosure
        .unwrap()
}
