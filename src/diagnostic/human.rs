//! The human format: a `file:line:col: error[code]: path: message` line that editors and
//! terminals make clickable, then the offending line with carets under the value, then help.

use std::fmt::Write as _;

use super::Diagnostic;
use crate::load::Source;

/// Renders `diagnostics` for a terminal; `sources` supplies the lines to quote.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &[Source]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(&mut out, diagnostic, sources);
    }
    out
}

/// Widest stretch of a source line quoted; longer lines are cut around the caret, so that a
/// one-line file of a gigabyte does not flood the terminal.
const MAX_QUOTE: usize = 100;

/// The part of `line` to quote, where the caret starts in it, and the caret's width.
fn window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let length = line.chars().count();
    if length <= MAX_QUOTE {
        return (line.to_owned(), column, width);
    }
    let start = column.saturating_sub(MAX_QUOTE / 3);
    let end = (start + MAX_QUOTE).min(length);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut caret_at = column - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_at += 1;
    }
    if end < length {
        shown.push('…');
    }
    (
        shown,
        caret_at,
        width.min(end.saturating_sub(column)).max(1),
    )
}

fn render_one(out: &mut String, d: &Diagnostic, sources: &[Source]) {
    let file = d.file.display();
    let place = match d.span {
        Some(span) => format!("{file}:{}:{}", span.start.line, span.start.column),
        None => file.to_string(),
    };
    let path = d.path();
    let subject = if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    };
    let _ = writeln!(
        out,
        "{place}: {}[{}]: {subject}{}",
        d.severity.label(),
        d.code,
        d.message
    );
    let quoted = d.span.and_then(|span| {
        let source = sources.iter().find(|s| s.path() == d.file)?;
        Some((span, source.line(span.start.line)?))
    });
    let gutter = quoted.map_or(1, |(span, _)| span.start.line.to_string().len());
    if let Some((span, line)) = quoted {
        let width = if span.end.line == span.start.line {
            span.end.column.saturating_sub(span.start.column).max(1)
        } else {
            line.chars()
                .count()
                .saturating_sub(span.start.column - 1)
                .max(1)
        };
        let (shown, caret_at, width) = window(line, span.start.column - 1, width);
        let _ = writeln!(out, "{:gutter$} |", "");
        let _ = writeln!(out, "{} | {shown}", span.start.line);
        let _ = writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(caret_at),
            "^".repeat(width)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{:gutter$} = help: {help}", "");
    }
    if let Some(requirement) = d.requirement {
        let _ = writeln!(out, "{:gutter$} = required by: {requirement}", "");
    }
}
