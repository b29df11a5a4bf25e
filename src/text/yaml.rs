//! Writing YAML scalars that read back as exactly the value written.

/// `text` as a YAML double-quoted scalar. A JSON string is one (YAML 1.2 is a superset of
/// JSON), so `serde_json`'s escaping covers quotes, backslashes and control characters.
#[must_use]
pub fn string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
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
