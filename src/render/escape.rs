//! Escaping user text for each output language, so that no input value can run code.
//!
//! In Typst, user text never becomes markup: it is emitted as a string literal, which Typst
//! prints verbatim whatever it contains (`#read(..)`, `$x$`, `<label>`, brackets). Control
//! characters are dropped first, as Typst string syntax rejects some that JSON-style escaping
//! would keep.

/// A Typst string literal holding `text` verbatim: `"a \"quoted\" word"`.
#[must_use]
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` for use in Typst markup: an embedded string expression closed by `;`, so that the
/// characters after it are markup again and cannot extend the expression (`.field`, `(..)`).
#[must_use]
pub fn typst_markup(text: &str) -> String {
    format!("#{};", typst_string(text))
}

/// `text` for use in Markdown (inline, including table cells): Markdown and HTML syntax
/// characters are backslash-escaped and line breaks become spaces. `-` and `+` open a list
/// only at the start of a line, so they are escaped there only: every value is escaped by
/// default, and `2026-06-30` or `1.2e-3` should read as written in the Markdown source too.
#[must_use]
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '+' | '-' if i > 0 => out.push(c),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '!'
            | '|' | '<' | '>' | '~' | '$' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` for HTML element content and attribute values.
#[must_use]
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_strings_escape_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(typst_string("x\u{0}y\u{7}\nz"), r#""xy\nz""#);
    }

    #[test]
    fn typst_markup_is_a_closed_string_expression() {
        assert_eq!(
            typst_markup("#read(\"/etc/passwd\")"),
            r##"#"#read(\"/etc/passwd\")";"##
        );
    }

    #[test]
    fn markdown_escapes_syntax() {
        assert_eq!(markdown("*bold* | <b>"), r"\*bold\* \| \<b\>");
    }
}
