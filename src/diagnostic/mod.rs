//! Findings about a user's input: one type for every stage, and one renderer per format.
//!
//! A [`Diagnostic`] is a problem in the input (a bad unit, a dangling reference), never a
//! failure of the tool; those are typed errors in each module. Stages collect diagnostics and
//! return them all together, so that a user fixes every problem in one pass.

mod human;
mod json;
mod sarif;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use human::{Colour, render as render_human};
pub use json::render as render_json;
pub use sarif::{Failure, Run as SarifRun, STRUCTURAL, render as render_sarif};

/// A file whose lines a finding can quote: the human renderer shows the offending line.
pub trait Quoted {
    /// The path the file was read from, as findings name it.
    fn path(&self) -> &Path;
    /// Line `number` (1-based), without its line break.
    fn line(&self, number: usize) -> Option<&str>;
}

/// What findings of one code check, as `explain` and SARIF's rule list describe them. Each
/// stage that produces findings lists its own codes; the command hands the lists to the
/// renderer, so this module names no stage above it.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// The code findings carry.
    pub code: &'static str,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Which kind of check it is, and for semantic rules why it matters and an example.
    pub kind: CodeKind,
}

impl Code {
    /// Why the check matters, in a sentence or two: `explain` prints it, and SARIF gives it as
    /// the rule's full description.
    #[must_use]
    pub fn why(&self) -> &'static str {
        match self.kind {
            CodeKind::Rule { why, .. } => why,
            CodeKind::Reference => {
                "a value taken from the reference data must come from a row that exists, so that the report can cite its source and year (`wattprint data` lists the rows)."
            }
            CodeKind::Structure => {
                "a check of the file's form against the JSON Schema (`wattprint schema`) and the loader's limits; the finding's help line says how to fix it."
            }
        }
    }

    /// An input that breaks the check, and the fix, where one is written.
    #[must_use]
    pub fn example(&self) -> Option<&'static str> {
        match self.kind {
            CodeKind::Rule { example, .. } => Some(example),
            CodeKind::Reference => {
                Some("`region: aws:eu-centrl-1` is not a region; write `region: aws:eu-central-1`.")
            }
            CodeKind::Structure => None,
        }
    }

    /// The whole explanation `wattprint explain CODE` prints: summary, why, and example.
    #[must_use]
    pub fn explanation(&self) -> String {
        let mut text = format!("{}: {}\n\nWhy: {}\n", self.code, self.summary, self.why());
        if let Some(example) = self.example() {
            text.push_str("\nExample: ");
            text.push_str(example);
            text.push('\n');
        }
        text
    }
}

/// The kinds of checks, each explained in its own way.
#[derive(Debug, Clone, Copy)]
pub enum CodeKind {
    /// A check of the file's form: YAML syntax, limits, the JSON Schema.
    Structure,
    /// A value asked for from the reference data.
    Reference,
    /// A semantic rule.
    Rule {
        /// Why it matters, with the text that requires it.
        why: &'static str,
        /// An input that breaks it, and the fix.
        example: &'static str,
    },
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail validation.
    Warning,
    /// The input cannot be reported as it stands.
    Error,
}

impl Severity {
    /// The severity as printed.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// The stretch of source a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// First character.
    pub start: Position,
    /// One past the last character, on the same line or a later one.
    pub end: Position,
}

/// One finding about the input. Renderers in this module turn it into each output format.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the finding is in.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub span: Option<Span>,
    /// JSON pointer to the value concerned (`/measurements/0/energy/value`); empty for the
    /// whole document.
    pub pointer: String,
    /// Stable code, e.g. `unit`, `reference`, `pue-below-one`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text that requires the rule, when one does.
    pub requirement: Option<&'static str>,
}

impl Diagnostic {
    /// An error with the given code and message; place it with [`Diagnostic::at`].
    #[must_use]
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning with the given code and message.
    #[must_use]
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// The same finding at error level (`--strict`).
    #[must_use]
    pub fn as_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            file: PathBuf::new(),
            span: None,
            pointer: String::new(),
            code,
            severity,
            message: message.into(),
            help: None,
            requirement: None,
        }
    }

    /// Sets the JSON pointer of the value concerned.
    #[must_use]
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the text that requires the rule.
    #[must_use]
    pub fn required_by(mut self, requirement: &'static str) -> Self {
        self.requirement = Some(requirement);
        self
    }

    /// Sets the place in the file.
    #[must_use]
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Places the finding in `file` at `span`.
    #[must_use]
    pub fn located(mut self, file: &Path, span: Option<Span>) -> Self {
        self.file = file.to_path_buf();
        self.span = span;
        self
    }

    /// The pointer as a dotted path for people: `measurements[0].energy.value`.
    #[must_use]
    pub fn path(&self) -> String {
        display_path(&self.pointer)
    }
}

/// Turns a JSON pointer into the dotted path people read: `/a/0/b` → `a[0].b`.
#[must_use]
pub fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

/// Whether any finding is an error.
#[must_use]
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Orders findings as a reader expects them: by file, then by place in the file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.span.map(|s| s.start), &a.pointer, a.code).cmp(&(
            &b.file,
            b.span.map(|s| s.start),
            &b.pointer,
            b.code,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_dotted_paths() {
        assert_eq!(
            display_path("/measurements/0/energy/value"),
            "measurements[0].energy.value"
        );
        assert_eq!(display_path(""), "");
        assert_eq!(display_path("/a~1b"), "a/b");
    }
}
