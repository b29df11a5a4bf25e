//! Writing YAML scalars that read back as exactly the value written.

/// `text` as a YAML double-quoted scalar. A JSON string is one (YAML 1.2 is a superset of
/// JSON), so `serde_json`'s escaping covers quotes, backslashes and control characters.
#[must_use]
pub fn string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// `text` as a YAML scalar: bare when it is an identifier (`fra-1`, `SITE`), else quoted by
/// [`string`], so that a line break, `#`, `:` or a quote in a name given on the command line
/// reads back as written and never opens a key of its own.
#[must_use]
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        // Words a YAML reader takes for a boolean or null (1.2 core schema, and 1.1's).
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { text.to_owned() } else { string(text) }
}

/// `text` on one line of printable characters, for a YAML comment or a name inside a text: a
/// line break or other control character is written as its escape (`\n`), so that a file name
/// holding one cannot end a comment and start a key, nor put a hidden character in a `source`.
#[must_use]
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` in the shortest decimal form that parses back to the same `f64`.
#[must_use]
pub fn number(value: f64) -> String {
    format!("{value}")
}

/// An identifier made of lowercase letters, digits and dashes from `text`.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "these values are read or written exactly, bit for bit"
)]
mod tests {
    use super::*;

    #[test]
    fn names_hold_one_line() {
        assert_eq!(one_line("g\n- id: injected"), "g\\n- id: injected");
        assert_eq!(one_line("log é.csv"), "log é.csv");
    }

    #[test]
    fn scalars_never_open_a_key_of_their_own() {
        assert_eq!(scalar("fra-1"), "fra-1");
        assert_eq!(scalar("fra\n  evil: x"), "\"fra\\n  evil: x\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("1e3"), "\"1e3\"");
    }

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(string("a \"b\"\n"), r#""a \"b\"\n""#);
    }

    #[test]
    fn numbers_round_trip() {
        for value in [
            0.1,
            554.208_134_412_765_5,
            2.775_028_558_607_534e-7,
            232_380.0,
        ] {
            assert_eq!(number(value).parse::<f64>().unwrap(), value);
        }
    }

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slug("Quebec, Canada"), "quebec-canada");
        assert_eq!(slug("us-central1"), "us-central1");
        assert_eq!(slug("  "), "");
    }
}
