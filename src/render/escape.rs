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

/// `text` for use in Markdown (inline, including table cells), escaped only where `CommonMark` or
/// GitHub's Markdown would read it as syntax, so the `.md` reads as written: `*`, `` ` ``, `\`,
/// `[`, `]` (and so links and images: `(`, `)` and `!` need no escape once the brackets have
/// one), `<` (HTML), `|` (table cells), `~` (strikethrough), `$` (math) and `&` before a name
/// (an entity) always; `_` only at a word's edge, where it can open emphasis (`eu_west` stays);
/// `>` where a line would start with it, and `#`, `+`, `-` and an ordered list's `1.` only where
/// they would open a heading, a list item or a thematic break at its start. Line
/// breaks become spaces.
#[must_use]
pub fn markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // "2026. The year": a number and a dot (or parenthesis) at the start opens a list.
    let list_mark = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' | '$' => true,
            '&' => {
                // An entity: `&name;` or `&#123;`.
                let name = chars[i + 1..]
                    .iter()
                    .take_while(|a| a.is_ascii_alphanumeric() || **a == '#')
                    .count();
                name > 0 && chars.get(i + 1 + name) == Some(&';')
            }
            '_' => {
                !(before.is_some_and(|b| b.is_alphanumeric())
                    && after.is_some_and(|a| a.is_alphanumeric()))
            }
            '>' => i == 0,
            // A list item or a thematic break (`- x`, `+ x`, `---`), and a heading (`## x`),
            // need a space or the same mark after them: `+25 %` and `-4` stay as they are.
            '+' | '-' => i == 0 && after.is_none_or(|a| a.is_whitespace() || *a == c),
            '#' => {
                let hashes = chars.iter().take_while(|h| **h == '#').count();
                i == 0 && chars.get(hashes).is_none_or(|a| a.is_whitespace())
            }
            '.' | ')' => i > 0 && i == list_mark && after.is_none_or(|a| a.is_whitespace()),
            _ => false,
        };
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => {
                if escape {
                    out.push('\\');
                }
                out.push(c);
            }
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
        assert_eq!(markdown("*bold* | <b>"), r"\*bold\* \| \<b>");
        assert_eq!(markdown("[link](x) ![img](y)"), r"\[link\](x) !\[img\](y)");
        assert_eq!(
            markdown("_em_ and __strong__"),
            r"\_em\_ and \_\_strong\_\_"
        );
        assert_eq!(markdown("# heading"), r"\# heading");
        assert_eq!(markdown("- item"), r"\- item");
        assert_eq!(markdown("+ item"), r"\+ item");
        assert_eq!(markdown("---"), r"\---");
        assert_eq!(markdown("### h"), r"\### h");
        assert_eq!(markdown("-"), r"\-");
        assert_eq!(markdown("2026. A year"), r"2026\. A year");
        assert_eq!(markdown("AT&T &amp; co"), r"AT&T \&amp; co");
    }

    /// What Markdown would not misread stays as written (issue 20).
    #[test]
    fn markdown_leaves_plain_text_alone() {
        for text in [
            "aws-sto",
            "(default factor)",
            "eu_central_1",
            "2026-06-30",
            "1.2e-3",
            "Scope 3, cat. 1 (purchased goods)",
            "C# and F#",
            "a > b",
            "{braces}",
            "done!",
            "3.5",
            "+25.0 %",
            "-4",
            "#hashtag",
        ] {
            assert_eq!(markdown(text), text);
        }
    }
}
