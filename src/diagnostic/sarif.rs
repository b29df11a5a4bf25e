//! The SARIF 2.1.0 format (OASIS Static Analysis Results Interchange Format), which GitHub
//! code scanning and other CI systems read: one run, one rule per code that appears, one
//! result per finding with its file, line and column.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use super::{Code, CodeKind, Diagnostic, Quoted, Severity};

/// The codes of loading and schema checks; semantic rules and reference look-ups list theirs
/// where they are checked.
pub const STRUCTURAL: &[Code] = &[
    structure("yaml-syntax", "the file is valid YAML"),
    structure("yaml-too-deep", "nesting stays within the limit"),
    structure("yaml-too-large", "alias expansion stays within the limit"),
    structure("yaml-duplicate-key", "no mapping repeats a key"),
    structure("yaml-tag", "no node carries a tag wattprint does not read"),
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

/// A file that could not be checked at all (missing, unreadable, or reference data that did
/// not load): the log reports it as a tool execution notification, so that a pipeline's
/// upload step receives a valid log saying why there are no results.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The file concerned, when the failure is about one.
    pub file: Option<PathBuf>,
    /// What went wrong, and how to fix it.
    pub message: String,
}

/// What a SARIF log says beside the findings.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a, S> {
    /// The codes the rules are described from.
    pub catalogue: &'a [Code],
    /// The tool's version.
    pub tool_version: &'a str,
    /// The folder locations are relative to (`%SRCROOT%`): the repository root that code
    /// scanning resolves them against. A file outside it is named by its file name alone, so
    /// that no host path is published.
    pub base: Option<&'a Path>,
    /// The folder relative file names were read from.
    pub working: Option<&'a Path>,
    /// The files read, whose lines turn character columns into UTF-16 code units.
    pub sources: &'a [S],
    /// Files that could not be checked.
    pub failures: &'a [Failure],
}

/// The base every location is relative to; its absolute place is not written (SARIF §3.14.14
/// lets `originalUriBaseIds` describe a base without giving its URI), so the log names no
/// host path.
const SRCROOT: &str = "%SRCROOT%";

/// Renders `diagnostics` as a SARIF 2.1.0 log, pretty-printed and newline-terminated.
///
/// Columns are counted in UTF-16 code units (`columnKind: utf16CodeUnits`), the unit SARIF
/// readers assume by default; every rule carries the short and full descriptions and the help
/// text GitHub code scanning requires.
#[must_use]
pub fn render<S: Quoted>(diagnostics: &[Diagnostic], run: &Run<'_, S>) -> String {
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes.iter().map(|code| rule(run.catalogue, code)).collect();
    // Each file's location (its path resolved on disk) and text are looked up once, not once
    // a finding.
    let mut files: BTreeMap<&Path, (Value, Option<&S>)> = BTreeMap::new();
    for d in diagnostics {
        files.entry(&d.file).or_insert_with(|| {
            let source = run.sources.iter().find(|s| s.path() == d.file);
            (artifact(&d.file, run), source)
        });
    }
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let (location, source) = &files[d.file.as_path()];
            result(d, &codes, location, *source)
        })
        .collect();
    let notifications: Vec<Value> = run
        .failures
        .iter()
        .map(|failure| {
            let mut notification = json!({
                "level": "error",
                "message": { "text": failure.message },
            });
            if let Some(file) = &failure.file {
                notification["locations"] = json!([{
                    "physicalLocation": { "artifactLocation": artifact(file, run) },
                }]);
            }
            notification
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "wattprint",
                "version": run.tool_version,
                "semanticVersion": run.tool_version,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": run.failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                SRCROOT: { "description": { "text": "The folder the files were checked from: --sarif-base, else the root of the Git repository holding the working folder, else the working folder." } },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A rule's descriptor: short and full descriptions, and help, all of which GitHub code
/// scanning requires (Multitool rule GH2012). A code the catalogue does not list is described
/// by itself.
fn rule(catalogue: &[Code], code: &str) -> Value {
    let Some(found) = catalogue.iter().find(|c| c.code == code) else {
        return json!({
            "id": code,
            "shortDescription": { "text": code },
            "fullDescription": { "text": code },
            "help": { "text": format!("wattprint explain {code}") },
        });
    };
    let mut help = found.explanation();
    help.push_str("\n`wattprint explain ");
    help.push_str(code);
    help.push_str("` prints this text.\n");
    json!({
        "id": code,
        "shortDescription": { "text": found.summary },
        "fullDescription": { "text": found.why() },
        "help": { "text": help, "markdown": help },
    })
}

/// An artifact location relative to `%SRCROOT%`; a file outside the base is named by its
/// file name alone, without the base.
fn artifact<S>(file: &Path, run: &Run<'_, S>) -> Value {
    let joined = match run.working {
        Some(working) if file.is_relative() => working.join(file),
        _ => file.to_path_buf(),
    };
    // Links resolved, as the base's are, so that a file reached through one still lies inside.
    let file = std::fs::canonicalize(&joined).unwrap_or_else(|_| normal(&joined));
    let inside = run.base.is_some_and(|base| file.starts_with(base));
    let uri = artifact_uri(&file, run.base);
    if inside || !file.is_absolute() {
        json!({ "uri": uri, "uriBaseId": SRCROOT })
    } else {
        json!({ "uri": uri })
    }
}

/// `path` with `.` and `..` taken out, as written (no link is followed).
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The URI of `file` relative to `base`, with forward slashes and percent-encoded (RFC 3986:
/// every byte outside the unreserved characters and `/`); its file name alone when it lies
/// elsewhere.
fn artifact_uri(file: &Path, base: Option<&Path>) -> String {
    let relative = if file.is_absolute() {
        base.and_then(|base| file.strip_prefix(base).ok())
            .unwrap_or_else(|| file.file_name().map_or(file, Path::new))
    } else {
        file.strip_prefix(".").unwrap_or(file)
    };
    // Segment by segment, so that a backslash in a Unix file name is encoded, not a folder.
    let mut uri = String::new();
    for (i, segment) in relative.components().enumerate() {
        if i > 0 {
            uri.push('/');
        }
        for byte in segment.as_os_str().to_string_lossy().bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                uri.push(char::from(byte));
            } else {
                let _ = write!(uri, "%{byte:02X}");
            }
        }
    }
    uri
}

/// The UTF-16 column of the character at `column` (1-based) of `line`.
fn utf16_column(line: &str, column: usize) -> usize {
    let before: usize = line
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    // Past the end of the line (a finding after its last character) counts one unit a column.
    let past = column
        .saturating_sub(1)
        .saturating_sub(line.chars().count());
    before + past + 1
}

fn result<S: Quoted>(
    d: &Diagnostic,
    codes: &[&str],
    artifact: &Value,
    source: Option<&S>,
) -> Value {
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
    let mut location = json!({ "physicalLocation": { "artifactLocation": artifact } });
    if let Some(span) = d.span {
        let column = |at: super::Position| {
            source
                .and_then(|s| s.line(at.line))
                .map_or(at.column, |line| utf16_column(line, at.column))
        };
        let start = column(span.start);
        let end = column(span.end).max(start + usize::from(span.end.line == span.start.line));
        location["physicalLocation"]["region"] = json!({
            "startLine": span.start.line,
            "startColumn": start,
            "endLine": span.end.line,
            "endColumn": end,
        });
    } else {
        // A finding on the whole file (empty, too large): its first line, since GitHub code
        // scanning asks every result for a line (helper 74).
        location["physicalLocation"]["region"] = json!({ "startLine": 1 });
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
        assert_eq!(
            normal(Path::new("/home/ci/repo/sub/../in/./d.yaml")),
            Path::new("/home/ci/repo/in/d.yaml")
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        // SARIF1002: a URI holds no space or non-ASCII character as written (RFC 3986 §2.1).
        assert_eq!(
            artifact_uri(Path::new("my file é.yaml"), None),
            "my%20file%20%C3%A9.yaml"
        );
        assert_eq!(
            artifact_uri(Path::new("a:b/c#1.yaml"), None),
            "a%3Ab/c%231.yaml"
        );
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // "𝔼" (U+1D53C) is one character and two UTF-16 code units: the value after it starts at
        // character 5 and UTF-16 column 6.
        assert_eq!(utf16_column("a𝔼: x", 5), 6);
        assert_eq!(utf16_column("é: x", 4), 4);
        assert_eq!(utf16_column("ab", 4), 4);
    }
}
