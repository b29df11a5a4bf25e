//! The JSON format: one array of findings, each with file, place, pointer, code, severity,
//! message and help, for pipelines and editors.

use serde::Serialize;

use super::{Diagnostic, Severity};

#[derive(Serialize)]
struct Finding<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: &'a str,
    path: String,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirement: Option<&'a str>,
}

/// Renders `diagnostics` as a pretty-printed JSON array, newline-terminated.
#[must_use]
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let findings: Vec<Finding<'_>> = diagnostics
        .iter()
        .map(|d| Finding {
            file: d.file.display().to_string(),
            line: d.span.map(|s| s.start.line),
            column: d.span.map(|s| s.start.column),
            end_line: d.span.map(|s| s.end.line),
            end_column: d.span.map(|s| s.end.column),
            pointer: &d.pointer,
            path: d.path(),
            severity: d.severity,
            code: d.code,
            message: &d.message,
            help: d.help.as_deref(),
            requirement: d.requirement,
        })
        .collect();
    // Serialising plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}
