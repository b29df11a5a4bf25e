//! The SARIF 2.1.0 format (OASIS Static Analysis Results Interchange Format), which GitHub
//! code scanning and other CI systems read: one run, one rule per code that appears, one
//! result per finding with its file, line and column.

use std::path::Path;

use serde_json::{Value, json};

use super::{Diagnostic, Severity};

/// What a code checks, for the SARIF rule list: (code, one-line description, why it matters).
/// Semantic rules describe themselves; these are the codes of loading and schema checks.
const STRUCTURAL: &[(&str, &str)] = &[
    ("yaml-syntax", "the file is valid YAML"),
    ("yaml-too-deep", "nesting stays within the limit"),
    ("yaml-too-large", "alias expansion stays within the limit"),
    ("yaml-duplicate-key", "no mapping repeats a key"),
    ("yaml-key", "mapping keys are plain strings"),
    ("yaml-multiple-documents", "a file holds one disclosure"),
    ("yaml-empty", "the file holds a disclosure"),
    ("file-too-large", "the file is within the size limit"),
    ("file-encoding", "the file is UTF-8"),
    (
        "hidden-character",
        "text holds no control characters or bidirectional overrides",
    ),
    (
        "invisible-character",
        "names hold no invisible characters, and text is flagged where it does",
    ),
    (
        "unprintable-character",
        "text uses characters the report's fonts can show",
    ),
    (
        "monte-carlo-draws",
        "the Monte Carlo draws asked for stay within the limit",
    ),
    ("non-finite", "numbers are finite"),
    ("unit", "quantities carry a unit of the right dimension"),
    ("missing-method", "every figure says how it was obtained"),
    ("missing-source", "every figure names its source"),
    ("missing-field", "required fields are present"),
    ("unknown-field", "only fields of the format are used"),
    ("invalid-value", "values are among those allowed"),
    ("invalid-type", "values have the expected type"),
    ("invalid-date", "dates are calendar dates"),
];

/// What a loading or schema code checks, in one line; `None` for semantic rules (they
/// describe themselves in `validate::rules`) and unknown codes.
#[must_use]
pub fn structural(code: &str) -> Option<&'static str> {
    STRUCTURAL
        .iter()
        .chain(crate::reference::resolve::CODES)
        .find(|(c, _)| *c == code)
        .map(|(_, d)| *d)
}

fn description(code: &str) -> (String, Option<String>) {
    if let Some(rule) = crate::validate::rules::find(code) {
        return (rule.summary.to_owned(), Some(rule.why.to_owned()));
    }
    (structural(code).unwrap_or(code).to_owned(), None)
}

/// Renders `diagnostics` as a SARIF 2.1.0 log, pretty-printed and newline-terminated. File
/// locations are relative to `root` (the working folder, which code scanning takes as the
/// repository's root); a file outside it is named by its file name alone, so that no host
/// path is published.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], tool_version: &str, root: Option<&Path>) -> String {
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            let (short, why) = description(code);
            let mut rule = json!({
                "id": code,
                "shortDescription": { "text": short },
                "help": { "text": format!("wattprint explain {code}") },
            });
            if let Some(why) = why {
                rule["fullDescription"] = json!({ "text": why });
            }
            rule
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(d, &codes, root))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "wattprint",
                "version": tool_version,
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// The URI of `file` relative to `root`, with forward slashes; its file name alone when it
/// lies elsewhere.
fn artifact_uri(file: &Path, root: Option<&Path>) -> String {
    let relative = if file.is_absolute() {
        root.and_then(|root| file.strip_prefix(root).ok())
            .unwrap_or_else(|| file.file_name().map_or(file, Path::new))
    } else {
        file.strip_prefix(".").unwrap_or(file)
    };
    relative.to_string_lossy().replace('\\', "/")
}

fn result(d: &Diagnostic, codes: &[&str], root: Option<&Path>) -> Value {
    let path = d.path();
    let mut message = if path.is_empty() {
        d.message.clone()
    } else {
        format!("{path}: {}", d.message)
    };
    if let Some(help) = &d.help {
        message.push_str(" (help: ");
        message.push_str(help);
        message.push(')');
    }
    // SARIF wants a URI; a relative path with forward slashes is one.
    let uri = artifact_uri(&d.file, root);
    let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } });
    if let Some(span) = d.span {
        location["physicalLocation"]["region"] = json!({
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column.max(span.start.column + usize::from(span.end.line == span.start.line)),
        });
    }
    json!({
        "ruleId": d.code,
        "ruleIndex": codes.iter().position(|c| *c == d.code).unwrap_or(0),
        "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": { "text": message },
        "locations": [location],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_no_host_path() {
        // Regression (issue 17): the absolute path as typed reached the SARIF log.
        let root = Path::new("/home/ci/repo");
        assert_eq!(
            artifact_uri(Path::new("/home/ci/repo/inputs/d.yaml"), Some(root)),
            "inputs/d.yaml"
        );
        assert_eq!(
            artifact_uri(Path::new("/etc/elsewhere/d.yaml"), Some(root)),
            "d.yaml"
        );
        assert_eq!(artifact_uri(Path::new("./d.yaml"), Some(root)), "d.yaml");
        assert_eq!(artifact_uri(Path::new("in/d.yaml"), None), "in/d.yaml");
    }
}
