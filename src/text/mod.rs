//! How values are written as text: numbers in reports, and YAML scalars in the files
//! wattprint writes for users to edit. A leaf: every layer may use it, it uses none.

pub mod number;
pub mod suggest;
pub mod yaml;

/// `text` in Unicode's lower case with the two folds of Unicode's full case folding that lower
/// case misses in the scripts names are written in: `ß` (and `ẞ`) as `ss`, so that `STRASSE` is
/// `straße`, and a final `ς` as `σ`, so that a word's last sigma matches its capital. Names that
/// are the same by this fold differ in case alone.
pub fn case_folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase).flat_map(|c| {
        let (first, second) = match c {
            'ß' => ('s', Some('s')),
            'ς' => ('σ', None),
            c => (c, None),
        };
        std::iter::once(first).chain(second)
    })
}

/// The SHA-256 digest of `bytes` as 64 lower-case hexadecimal digits, as `sha256sum` writes it
/// and as disclosures and manifests state it.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// `name`, or, where `taken` holds it already, `name`, `separator` and the first number from 2
/// that makes it new (`run-1-2`, `request (m) #2`); the name returned is added to `taken`.
/// Names of one set that must differ (a YAML mapping's keys, a disclosure's ids) stay apart
/// however their sources were written.
pub fn numbered(
    taken: &mut std::collections::BTreeSet<String>,
    name: &str,
    separator: &str,
) -> String {
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{name}{separator}{n}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// Whether `text` says nothing a reader could check: no visible letter or digit ("", "-", a
/// zero-width space, a Hangul filler), or a placeholder ("n/a", "TBD", "x").
#[must_use]
pub fn says_nothing(text: &str) -> bool {
    const FILLERS: &[char] = &['\u{115f}', '\u{1160}', '\u{3164}', '\u{ffa0}', '\u{2800}'];
    const PLACEHOLDERS: &[&str] = &[
        "n a",
        "na",
        "tbd",
        "tbc",
        "todo",
        "x",
        "xx",
        "xxx",
        "none",
        "unknown",
        "lorem ipsum",
    ];
    let words: Vec<String> = text
        .chars()
        .filter(|c| !FILLERS.contains(c))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    words.is_empty() || PLACEHOLDERS.contains(&words.join(" ").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_and_placeholders_say_nothing() {
        for text in ["", " ", "-", ".", "\u{200b}", "\u{3164}", "n/a", "TBD", "x"] {
            assert!(says_nothing(text), "{text:?}");
        }
        for text in ["pilot report PR-2026-07", "DE", "registry statement"] {
            assert!(!says_nothing(text), "{text:?}");
        }
    }

    #[test]
    fn case_folding_folds_what_lower_case_misses() {
        let folded = |text| case_folded(text).collect::<String>();
        // Unicode's CaseFolding.txt: 00DF ß → "ss" (full), 1E9E ẞ → "ss", 03C2 ς → σ.
        assert_eq!(folded("STRASSE"), folded("straße"));
        assert_eq!(folded("STRAẞE"), "strasse");
        assert_eq!(folded("ΟΔΟΣ"), folded("οδος"));
        assert_eq!(folded("GPU0"), "gpu0");
        assert_ne!(folded("gpu0"), folded("gpu1"));
    }
}
