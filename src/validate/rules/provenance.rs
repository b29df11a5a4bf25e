//! `empty-source`: every source names something an auditor can look up.

use serde_json::Value;

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::{escape_key, invisible};

pub static RULE: Rule = Rule {
    code: "empty-source",
    summary: "no `source` (or `…_source`), wherever it stands, is empty, only white space or only invisible characters",
    why: "AI Act Annex XI, Section 1, point 2(e) asks providers of general-purpose AI models for the energy \"known or estimated\" and how it was estimated; any figure whose source is blank (an energy, a grid factor, a PUE, an instrument) cannot be checked by whoever reads the report.",
    example: "energy: { value: 41.2 MWh, method: metered, source: \"\" }   # fix: source: \"facility meter export, Jan–Jun 2026\"",
    check: Check::Document(check),
};

/// The text that asks an energy figure for its source, and whom it binds; other figures'
/// sources are asked for because a figure without one cannot be checked, not by an article.
const REQUIREMENT: &str =
    "AI Act Annex XI, Section 1, point 2(e), for providers of general-purpose AI models";

/// Whether `source` names nothing: only white space (Unicode's, and the byte-order mark,
/// which the published schema's `\s` counts as space too) and characters that print nothing.
fn blank(source: &str) -> bool {
    source
        .chars()
        .all(|c| c.is_whitespace() || c == '\u{FEFF}' || invisible(c))
}

/// Every `source` in the document, wherever it stands: figures, instruments, claims and their
/// evidence, scenarios, combustion.
fn check(document: &Value, out: &mut Vec<Diagnostic>) {
    walk(document, &mut String::new(), out);
}

fn walk(value: &Value, pointer: &mut String, out: &mut Vec<Diagnostic>) {
    let visit = |key: &str, item: &Value, pointer: &mut String, out: &mut Vec<Diagnostic>| {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_key(key));
        if (key == "source" || key.ends_with("_source"))
            && let Value::String(source) = item
            && blank(source)
        {
            let mut finding = Diagnostic::error(RULE.code, "the source is empty")
                .at(pointer.clone())
                .help("name the document, meter export, contract or dataset the value comes from");
            if pointer.ends_with("/energy/source") {
                finding = finding.required_by(REQUIREMENT);
            }
            out.push(finding);
        }
        walk(item, pointer, out);
        pointer.truncate(len);
    };
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                visit(key, item, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                visit(&i.to_string(), item, pointer, out);
            }
        }
        _ => {}
    }
}
