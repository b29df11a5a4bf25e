//! The human format: a `file:line:col: error[code]: path: message` line that editors and
//! terminals make clickable, then the offending line with carets under the value, then help.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Quoted, Severity};

/// Whether the text carries ANSI colour: the caller decides from the terminal, `--color` and
/// `NO_COLOR`; the renderer only obeys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Plain text, for pipes, files and `NO_COLOR`.
    Never,
    /// ANSI escapes, for a terminal.
    Ansi,
}

/// The styles of the parts of a finding, in the palette compilers use (rustc, ruff): red
/// errors, yellow warnings, blue gutters, bold messages.
struct Palette {
    severity: Style,
    message: Style,
    gutter: Style,
}

impl Palette {
    fn new(colour: Colour, severity: Severity) -> Palette {
        if colour == Colour::Never {
            return Palette {
                severity: Style::new(),
                message: Style::new(),
                gutter: Style::new(),
            };
        }
        let tint = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
        };
        Palette {
            severity: Style::new().bold().fg_color(Some(tint.into())),
            message: Style::new().bold(),
            gutter: Style::new().bold().fg_color(Some(AnsiColor::Blue.into())),
        }
    }
}

/// Renders `diagnostics` for a terminal; `sources` supplies the lines to quote.
#[must_use]
pub fn render<S: Quoted>(diagnostics: &[Diagnostic], sources: &[S], colour: Colour) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(&mut out, diagnostic, sources, colour);
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

/// A tab in a quoted line, as shown: a terminal would move it to its own tab stop, which the
/// caret could not follow.
const TAB: &str = "    ";

/// The terminal columns `chars` take as quoted (Unicode Standard Annex #11; a tab as [`TAB`]);
/// another character without a width of its own (a control character) counts one.
fn columns(chars: impl Iterator<Item = char>) -> usize {
    chars
        .map(|c| match c {
            '\t' => TAB.len(),
            c => UnicodeWidthChar::width(c).unwrap_or(1),
        })
        .sum()
}

fn render_one<S: Quoted>(out: &mut String, d: &Diagnostic, sources: &[S], colour: Colour) {
    let Palette {
        severity,
        message,
        gutter: g,
    } = Palette::new(colour, d.severity);
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
        "{place}: {severity}{}[{}]{severity:#}{message}: {subject}{}{message:#}",
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
        // The caret is placed in terminal columns, not characters: a wide (CJK) character
        // takes two.
        let pad = columns(shown.chars().take(caret_at));
        let carets = columns(shown.chars().skip(caret_at).take(width)).max(1);
        let _ = writeln!(out, "{g}{:gutter$} |{g:#}", "");
        let _ = writeln!(
            out,
            "{g}{} |{g:#} {}",
            span.start.line,
            shown.replace('\t', TAB)
        );
        let _ = writeln!(
            out,
            "{g}{:gutter$} |{g:#} {}{severity}{}{severity:#}",
            "",
            " ".repeat(pad),
            "^".repeat(carets)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(
            out,
            "{g}{:gutter$} ={g:#} {message}help{message:#}: {help}",
            ""
        );
    }
    if let Some(requirement) = d.requirement {
        let _ = writeln!(
            out,
            "{g}{:gutter$} ={g:#} {message}required by{message:#}: {requirement}",
            ""
        );
    }
}
