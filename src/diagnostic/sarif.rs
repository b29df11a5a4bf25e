//! The SARIF 2.1.0 format (OASIS Static Analysis Results Interchange Format), which GitHub
//! code scanning and other CI systems read: one run, one rule per code that appears, one
//! result per finding with its file, line and column.

use std::path::Path;

use serde_json::{Value, json};

use super::{Code, CodeKind, Diagnostic, Severity};

/// The codes of loading and schema checks; semantic rules and reference look-ups list theirs
/// where they are checked.
pub const STRUCTURAL: &[Code] = &[
    structure("yaml-syntax", "the file is valid YAML"),
    structure("yaml-too-deep", "nesting stays within the limit"),
    structure("yaml-too-large", "alias expansion stays within the limit"),
    structure("yaml-duplicate-key", "no mapping repeats a key"),
    structure("yaml-key", "mapping keys are plain strings"),
    structure("yaml-multiple-documents", "a file holds one disclosure"),
    structure("yaml-empty", "the file holds a disclosure"),
    structure("file-too-large", "the file is within the size limit"),
    structure("file-encoding", "the file is UTF-8"),
    structure(
        "hidden-character",
        "text holds no control characters or bidirectional overrides",
    ),
    structure(
        "invisible-character",
        "names hold no invisible characters, and text is flagged where it does",
    ),
    structure(
        "unprintable-character",
        "text uses characters the report's fonts can show",
    ),
    structure(
        "monte-carlo-draws",
        "the Monte Carlo draws asked for stay within the limit",
    ),
    structure("non-finite", "numbers are finite"),
    structure("unit", "quantities carry a unit of the right dimension"),
    structure("missing-method", "every figure says how it was obtained"),
    structure("missing-source", "every figure names its source"),
    structure("missing-field", "required fields are present"),
    structure("unknown-field", "only fields of the format are used"),
    structure("invalid-value", "values are among those allowed"),
    structure("invalid-type", "values have the expected type"),
    structure("invalid-date", "dates are calendar dates"),
];

const fn structure(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        summary,
        kind: CodeKind::Structure,
    }
}

/// A code's one-line summary and, for a semantic rule, why it matters; a code `catalogue`
/// does not list is described by itself.
fn description(catalogue: &[Code], code: &str) -> (String, Option<String>) {
    match catalogue.iter().find(|c| c.code == code) {
        Some(Code {
            summary,
            kind: CodeKind::Rule { why, .. },
            ..
        }) => ((*summary).to_owned(), Some((*why).to_owned())),
        Some(c) => (c.summary.to_owned(), None),
        None => (code.to_owned(), None),
    }
}

/// Renders `diagnostics` as a SARIF 2.1.0 log, pretty-printed and newline-terminated, with
/// each code's rule described from `catalogue`. File locations are relative to `root` (the
/// working folder, which code scanning takes as the repository's root); a file outside it is
/// named by its file name alone, so that no host path is published.
#[must_use]
pub fn render(
    diagnostics: &[Diagnostic],
    catalogue: &[Code],
    tool_version: &str,
    root: Option<&Path>,
) -> String {
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            let (short, why) = description(catalogue, code);
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
