//! Checking a PDF report against the inputs it carries: its attachments are read back, the
//! input's hash is checked against the manifest, and every computed figure is compared with
//! what the attached input gives now.
//!
//! This module reads and compares; recomputing is the caller's (it runs the same pipeline as
//! `report`), so that verification can never take a shortcut the report did not.

use lopdf::{Dictionary, Document, Object};
use serde_json::Value;

/// A failure to read the report being verified.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The file is not a PDF that can be read.
    #[error("the report is not a readable PDF")]
    Pdf(#[source] lopdf::Error),
    /// The PDF carries no attachments made by wattprint.
    #[error(
        "the report carries no `{name}` attachment; was it made by `wattprint report` as a PDF?"
    )]
    MissingAttachment {
        /// The attachment looked for.
        name: String,
    },
    /// The attached JSON report cannot be read.
    #[error("the attached `{name}` is not a wattprint JSON report")]
    Json {
        /// The attachment.
        name: String,
        /// Why it could not be read.
        #[source]
        source: serde_json::Error,
    },
}

/// The files a PDF carries, by name, in the order of its attachment tree.
///
/// # Errors
/// [`VerifyError::Pdf`] when the bytes are not a readable PDF.
pub fn attachments(pdf: &[u8]) -> Result<Vec<(String, Vec<u8>)>, VerifyError> {
    let document = Document::load_mem(pdf).map_err(VerifyError::Pdf)?;
    let mut out = Vec::new();
    let tree = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"Names", &document))
        .and_then(Object::as_dict)
        .and_then(|names| names.get_deref(b"EmbeddedFiles", &document))
        .and_then(Object::as_dict);
    if let Ok(tree) = tree {
        collect(&document, tree, &mut out, 0);
    }
    Ok(out)
}

/// The attachment called `name` among `attachments`.
///
/// # Errors
/// [`VerifyError::MissingAttachment`] when there is none.
pub fn attachment<'a>(
    attachments: &'a [(String, Vec<u8>)],
    name: &str,
) -> Result<&'a [u8], VerifyError> {
    attachments
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, bytes)| bytes.as_slice())
        .ok_or_else(|| VerifyError::MissingAttachment {
            name: name.to_owned(),
        })
}

/// Reads a name-tree node's `Names` pairs and descends into its `Kids`, to a bounded depth so
/// that a crafted cycle cannot loop forever.
fn collect(document: &Document, node: &Dictionary, out: &mut Vec<(String, Vec<u8>)>, depth: usize) {
    if depth > 16 {
        return;
    }
    if let Ok(names) = node
        .get_deref(b"Names", document)
        .and_then(Object::as_array)
    {
        for pair in names.chunks(2) {
            let [name, spec] = pair else { continue };
            let Ok(name) = document.dereference(name).and_then(|(_, n)| n.as_str()) else {
                continue;
            };
            let bytes = document
                .dereference(spec)
                .and_then(|(_, s)| s.as_dict())
                .and_then(|s| s.get_deref(b"EF", document))
                .and_then(Object::as_dict)
                .and_then(|ef| ef.get_deref(b"F", document))
                .and_then(Object::as_stream)
                .and_then(|stream| {
                    stream
                        .decompressed_content()
                        .or_else(|_| Ok(stream.content.clone()))
                });
            if let Ok(bytes) = bytes {
                out.push((decode_text(name), bytes));
            }
        }
    }
    if let Ok(kids) = node.get_deref(b"Kids", document).and_then(Object::as_array) {
        for kid in kids {
            if let Ok((_, Object::Dictionary(kid))) = document.dereference(kid) {
                collect(document, kid, out, depth + 1);
            }
        }
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, or (for the names wattprint writes)
/// plain ASCII.
fn decode_text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// A figure that differs between the report and the recomputation.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Where in the JSON report, as a dotted path (`results.total.location_based.value`).
    pub path: String,
    /// What the report says.
    pub reported: String,
    /// What the inputs give.
    pub recomputed: String,
}

/// Relative difference two numbers may have and still count as equal: the same build gives
/// the same digits, and this absorbs only the last bits a different platform's float
/// formatting could change.
const TOLERANCE: f64 = 1e-9;

/// Every difference between `reported` and `recomputed`, two JSON reports.
#[must_use]
pub fn compare(reported: &Value, recomputed: &Value) -> Vec<Mismatch> {
    let mut out = Vec::new();
    walk(String::new(), reported, recomputed, &mut out);
    out
}

fn walk(path: String, a: &Value, b: &Value, out: &mut Vec<Mismatch>) {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                walk(
                    child(key),
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(format!("{path}[{i}]"), p, q, out);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            let scale = x.abs().max(y.abs()).max(f64::MIN_POSITIVE);
            let equal = (x - y).abs() <= TOLERANCE * scale;
            if !equal {
                out.push(Mismatch {
                    path,
                    reported: x.to_string(),
                    recomputed: y.to_string(),
                });
            }
        }
        _ if a == b => {}
        _ => out.push(Mismatch {
            path,
            reported: a.to_string(),
            recomputed: b.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_reports_have_no_mismatch() {
        let a = json!({ "total": { "value": 55620.0, "unit": "kWh" }, "list": [1, 2] });
        assert!(compare(&a, &a.clone()).is_empty());
    }

    #[test]
    fn a_changed_figure_is_named_by_its_path() {
        let a = json!({ "results": { "total": { "location_based": { "value": 20190.06 } } } });
        let b = json!({ "results": { "total": { "location_based": { "value": 21190.06 } } } });
        let mismatches = compare(&a, &b);
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].path, "results.total.location_based.value");
    }

    #[test]
    fn last_bit_differences_are_tolerated() {
        let a = json!({ "v": 55620.0 });
        let b = json!({ "v": 55_620.0 * (1.0 + 1e-15) });
        assert!(compare(&a, &b).is_empty());
    }
}
