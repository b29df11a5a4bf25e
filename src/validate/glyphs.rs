//! Text a reader cannot see as written. A PDF report is set in the fonts compiled into
//! wattprint (Latin, Greek, Cyrillic and common symbols); a character none of them holds (a
//! CJK ideograph, an emoji, a private-use code point) would fail `report` with a Typst error
//! about generated source, so it is an error here, at its place in the input. An invisible
//! character (a zero-width space, a soft hyphen) in text is a warning: it prints nothing,
//! but can make two texts that read the same differ (in keys and ids `load` refuses it).

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::{Document, escape_key};

/// One finding per key or string of `document` holding a character no embedded font can show.
#[must_use]
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(&document.value, &mut String::new(), &mut out);
    out.into_iter().map(|d| document.place(d)).collect()
}

fn walk(value: &Value, pointer: &mut String, out: &mut Vec<Diagnostic>) {
    match value {
        Value::String(text) => text_finding(text, pointer, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(item, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_key(key));
                text_finding(key, pointer, out);
                walk(item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn text_finding(text: &str, pointer: &str, out: &mut Vec<Diagnostic>) {
    if let Some(c) = text.chars().find(|&c| crate::load::invisible(c)) {
        out.push(
            Diagnostic::warning(
                "invisible-character",
                format!(
                    "the text holds the invisible character U+{:04X}",
                    u32::from(c)
                ),
            )
            .help("remove it unless it is meant: it prints nothing, and a search for the text as read will not find it")
            .at(pointer),
        );
    }
    let unprintable = |c: char| !crate::load::invisible(c) && !crate::fonts::can_show(c);
    if let Some(c) = text.chars().find(|&c| unprintable(c)) {
        out.push(
            Diagnostic::error(
                "unprintable-character",
                format!(
                    "the text holds `{c}` (U+{:04X}), which no font of the PDF report can show",
                    u32::from(c)
                ),
            )
            .help("wattprint sets reports in Libertinus Serif and DejaVu Sans Mono (Latin, Greek, Cyrillic, common symbols); write this text in those scripts or transliterate it")
            .at(pointer),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Limits, Source};

    #[test]
    fn a_cjk_name_is_found_at_its_field() {
        let source = Source::from_text("d.yaml", "organisation:\n  name: 字节\n");
        let document = crate::load::document(source, Limits::default()).unwrap();
        let findings = check(&document);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/organisation/name");
        assert_eq!(findings[0].span.unwrap().start.line, 2);
    }
}
