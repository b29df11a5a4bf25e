//! Checking a PDF report against the inputs it carries: its attachments are read back, the
//! input's hash is checked against the manifest, and every computed figure is compared with
//! what the attached input gives now.
//!
//! This module reads and compares; recomputing is the caller's (it runs the same pipeline as
//! `report`), so that verification can never take a shortcut the report did not.
//!
//! Nothing read from a report is trusted: attachments are decompressed to a bound, the
//! manifest is parsed into types that hold only well-formed names and digests, and two PDFs
//! are compared either byte for byte or, for one that another program saved again, object
//! graph against object graph.

use std::collections::HashMap;
use std::io::Read as _;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde_json::Value;
use sha2::{Digest, Sha256};

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
    /// An attachment or a stream decompresses to more than the limit.
    #[error("the report holds a stream that decompresses to more than {limit} bytes")]
    TooLarge {
        /// The limit (`--max-input-size`).
        limit: u64,
    },
    /// A stream wattprint must read uses a compression it does not write.
    #[error("the attachment `{name}` uses a compression wattprint does not write")]
    Filter {
        /// The attachment.
        name: String,
    },
    /// The PDF carries more attachments than any wattprint writes.
    #[error("the report carries more than {0} attachments")]
    TooManyAttachments(usize),
    /// The PDF's cross-reference table and its objects disagree, so readers may differ on
    /// what it shows.
    #[error(
        "the report's cross-reference table does not match its objects (object {0}), so PDF readers may show different pages"
    )]
    Ambiguous(u32),
    /// The PDF is built in a way lopdf cannot read within bounds, or other readers would read
    /// differently.
    #[error("the report cannot be read safely: {0}")]
    Unsafe(&'static str),
    /// The PDF's objects nest deeper than any wattprint writes.
    #[error("the report's objects nest deeper than {0} levels")]
    TooDeep(usize),
    /// A folder holds more than one JSON report.
    #[error(
        "the folder holds more than one JSON report ({}): verify checks one, and would say nothing of the others; put each report with its input in a folder of its own (for a comparative, verify DIR --previous-report LAST_DIR)",
        .0.join(", ")
    )]
    ManyReports(Vec<String>),
    /// A file a folder's JSON report names is not in the folder.
    #[error("the JSON report names its {what} `{name}`, which is not in {}", .dir.display())]
    NotInFolder {
        /// What the file is to the report: `input`, `reference data`, `previous input`.
        what: &'static str,
        /// The name the report records.
        name: String,
        /// The folder.
        dir: std::path::PathBuf,
    },
    /// The attached JSON report cannot be read.
    #[error("`{name}` is not a wattprint JSON report")]
    Json {
        /// The attachment.
        name: String,
        /// Why it could not be read.
        #[source]
        source: serde_json::Error,
    },
}

/// `bytes` as JSON, refused at the second copy of a key any object writes twice (with its line
/// and column): `serde_json`'s own reading keeps the last copy, other readers the first, so a
/// report holding both could show them figures other than the ones checked.
///
/// # Errors
/// Bytes that are not JSON, or an object that writes a key twice.
pub fn unique_json(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    serde_json::from_slice::<UniqueKeys>(bytes).map(|UniqueKeys(value)| value)
}

/// A JSON value none of whose objects writes a key twice.
struct UniqueKeys(Value);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(UniqueKeysVisitor)
            .map(UniqueKeys)
    }
}

/// Builds a [`Value`] as `serde_json`'s own does, refusing a key written twice.
struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueKeys(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` is written twice in one object"
                )));
            }
            let UniqueKeys(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The files a PDF carries, by name, in the order of its attachment tree, each decompressed
/// to at most `limit` bytes.
///
/// # Errors
/// [`VerifyError::Pdf`] when the bytes are not a readable PDF, [`VerifyError::TooLarge`] or
/// [`VerifyError::Filter`] for an attachment that cannot be read within the bound.
pub fn attachments(pdf: &[u8], limit: u64) -> Result<Vec<(String, Vec<u8>)>, VerifyError> {
    let document = load(pdf)?.document;
    let mut out = Vec::new();
    let tree = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"Names", &document))
        .and_then(Object::as_dict)
        .and_then(|names| names.get_deref(b"EmbeddedFiles", &document))
        .and_then(Object::as_dict);
    if let Ok(tree) = tree {
        let mut walk = NameTree {
            document: &document,
            out: &mut out,
            visited: std::collections::HashSet::new(),
            limit,
        };
        walk.collect(tree, 0)?;
    }
    Ok(out)
}

/// Most attachments a report may carry: wattprint attaches a handful, a template folder at
/// most [`crate::render::Template`]'s file limit more.
const MAX_ATTACHMENTS: usize = 1024;

/// How a stream's content is stored, as far as wattprint reads it: not compressed, or
/// compressed with Flate and nothing else, both named directly in the stream's dictionary.
/// Anything else (another filter, parameters, a filter named through a reference) is
/// `Other`, and is never decoded: what is decoded must be what every reader decodes.
enum Storage {
    Plain,
    Flate,
    Other,
}

fn storage(stream: &lopdf::Stream) -> Storage {
    if stream.dict.get(b"DecodeParms").is_ok() {
        return Storage::Other;
    }
    match stream.dict.get(b"Filter") {
        Err(_) => Storage::Plain,
        Ok(Object::Name(name)) if name == b"FlateDecode" => Storage::Flate,
        Ok(Object::Array(filters)) if matches!(filters.as_slice(), [Object::Name(name)] if name == b"FlateDecode") => {
            Storage::Flate
        }
        Ok(_) => Storage::Other,
    }
}

/// A stream's content, decompressed when it is Flate-compressed (the only compression
/// wattprint writes), reading no more than `limit` bytes: a small bomb cannot fill memory.
/// `None` for a stream stored some other way.
fn decompressed(stream: &lopdf::Stream, limit: u64) -> Result<Option<Vec<u8>>, VerifyError> {
    let too_large = || VerifyError::TooLarge { limit };
    match storage(stream) {
        Storage::Plain => {
            if stream.content.len() as u64 > limit {
                return Err(too_large());
            }
            Ok(Some(stream.content.clone()))
        }
        Storage::Flate => {
            let mut bytes = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| VerifyError::Pdf(lopdf::Error::IO(e)))?;
            if bytes.len() as u64 > limit {
                return Err(too_large());
            }
            Ok(Some(bytes))
        }
        Storage::Other => Ok(None),
    }
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

/// A walk of the embedded-files name tree, collecting each file once.
struct NameTree<'a> {
    document: &'a Document,
    out: &'a mut Vec<(String, Vec<u8>)>,
    /// Nodes already read: a crafted tree whose kids point back at their parents (or at one
    /// node many times) is read once per node, not once per path.
    visited: std::collections::HashSet<*const Dictionary>,
    limit: u64,
}

impl NameTree<'_> {
    /// Reads a node's `Names` pairs and descends into its `Kids`, to a bounded depth.
    fn collect(&mut self, node: &Dictionary, depth: usize) -> Result<(), VerifyError> {
        if depth > 16 || !self.visited.insert(std::ptr::from_ref(node)) {
            return Ok(());
        }
        let document = self.document;
        if let Ok(names) = node
            .get_deref(b"Names", document)
            .and_then(Object::as_array)
        {
            for pair in names.chunks(2) {
                let [name, spec] = pair else { continue };
                let Ok(name) = document.dereference(name).and_then(|(_, n)| n.as_str()) else {
                    continue;
                };
                let stream = document
                    .dereference(spec)
                    .and_then(|(_, s)| s.as_dict())
                    .and_then(|s| s.get_deref(b"EF", document))
                    .and_then(Object::as_dict)
                    .and_then(|ef| ef.get_deref(b"F", document))
                    .and_then(Object::as_stream);
                if let Ok(stream) = stream {
                    if self.out.len() >= MAX_ATTACHMENTS {
                        return Err(VerifyError::TooManyAttachments(MAX_ATTACHMENTS));
                    }
                    let name = decode_text(name);
                    let used: u64 = self.out.iter().map(|(_, b)| b.len() as u64).sum();
                    let bytes = decompressed(stream, self.limit.saturating_sub(used))?
                        .ok_or_else(|| VerifyError::Filter { name: name.clone() })?;
                    self.out.push((name, bytes));
                }
            }
        }
        if let Ok(kids) = node.get_deref(b"Kids", document).and_then(Object::as_array) {
            for kid in kids {
                if let Ok((_, Object::Dictionary(kid))) = document.dereference(kid) {
                    self.collect(kid, depth + 1)?;
                }
            }
        }
        Ok(())
    }
}

/// Whether two PDFs hold the same document: the same objects reachable from their catalogs
/// and information dictionaries, with the same values and the same decompressed stream
/// contents, whatever their object numbers, compression, object streams, cross-reference
/// form or linearisation. That is what a lossless re-save by another program (`qpdf
/// --linearize`, a document system) changes, and all it may change: any edit to a page, its
/// text, a font, the metadata or an attachment makes them differ.
///
/// # Errors
/// [`VerifyError::Pdf`] when either is not a readable PDF, [`VerifyError::TooLarge`] or
/// [`VerifyError::TooDeep`] for one that cannot be read within the bounds.
pub fn same_document(a: &[u8], b: &[u8], limit: u64) -> Result<bool, VerifyError> {
    Ok(fingerprint(a, limit)? == fingerprint(b, limit)?)
}

/// Most stream lengths a PDF may give as references to other objects: lopdf follows each
/// recursively, so a chain of them (a stream whose length is in a stream whose length is in
/// another) overflows its stack, and takes time growing with the square of its length. Writers
/// that use them give one a stream; a report and its re-saves have far fewer streams.
const MAX_INDIRECT_LENGTHS: usize = 1000;

/// Widest field of a cross-reference stream (`/W`) a PDF may give, in bytes: offsets and
/// generation numbers fit in 8. lopdf allocates a buffer of each width as given, so a width of
/// 2⁴⁰ would end the process.
const MAX_XREF_WIDTH: u64 = 8;

/// Loads `pdf` with lopdf, after refusing what it would read differently from other readers
/// or could not read within bounds: content after the last `%%EOF` (readers take the last
/// `startxref`, lopdf the last one followed by `%%EOF`, so an update appended without one is
/// shown by them and not compared here), cross-reference field widths beyond
/// [`MAX_XREF_WIDTH`], and more than [`MAX_INDIRECT_LENGTHS`] stream lengths held in other
/// objects. The dictionaries are read as PDF writes them, escapes and comments included
/// ([`super::scan`]).
fn load(pdf: &[u8]) -> Result<Loaded, VerifyError> {
    use memchr::memmem;
    // What is not a PDF at all (no header anywhere) is lopdf's to refuse, as not a PDF, before
    // it reads anything else. lopdf takes a header wherever it stands; readers look in the
    // first kilobyte (ISO 32000-1 §7.5.2), and one after it would also pass the checks below
    // by the bytes before it.
    let header = match memmem::find(pdf, b"%PDF-") {
        None => {
            return match Document::load_mem(pdf) {
                Err(error) => Err(VerifyError::Pdf(error)),
                Ok(_) => Err(VerifyError::Unsafe("it has no PDF header")),
            };
        }
        Some(at) if at > 1024 => {
            return Err(VerifyError::Unsafe(
                "its PDF header is not within its first kilobyte, where PDF readers look for it",
            ));
        }
        Some(at) => at,
    };
    let end = memmem::rfind(pdf, b"%%EOF");
    let blank = |b: &u8| b.is_ascii_whitespace() || *b == 0;
    let last_xref = match (end, memmem::rfind(pdf, b"startxref")) {
        (Some(end), Some(xref)) if xref < end && pdf[end + 5..].iter().all(blank) => xref,
        _ => {
            return Err(VerifyError::Unsafe(
                "it does not end with its last cross-reference and `%%EOF`, so PDF readers may read different pages from it",
            ));
        }
    };
    let found = super::scan::dictionaries(pdf, MAX_XREF_WIDTH);
    if found.unreadable {
        return Err(VerifyError::Unsafe(
            "a dictionary in it cannot be read within bounds (nested too deep, or a string or array left open), so what PDF readers make of it is not known",
        ));
    }
    if found.wide_xref_fields {
        return Err(VerifyError::Unsafe(
            "a cross-reference stream gives fields wider than 8 bytes or none for an offset (/W), or more entries than a PDF may hold (/Index, /Size)",
        ));
    }
    if found.indirect_lengths > MAX_INDIRECT_LENGTHS {
        return Err(VerifyError::Unsafe(
            "more than 1,000 of its streams give their length in another object",
        ));
    }
    if found.length_elsewhere {
        return Err(VerifyError::Unsafe(
            "a stream gives its length in another stream or in an object inside an object stream, which the PDF library follows without a bound",
        ));
    }
    // lopdf reads offsets from the header on, as readers do.
    let from_header = &pdf[header..];
    let digits = pdf[last_xref + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect::<String>();
    // A `startxref` before the header is not one lopdf reads.
    let start = digits.parse::<usize>().ok().filter(|_| last_xref > header);
    let Some(start) = start else {
        return Err(VerifyError::Unsafe(
            "its last `startxref` gives no offset of a cross-reference",
        ));
    };
    super::scan::read_ahead(from_header, start, super::scan::MAX_XREF_ENTRIES)
        .map_err(VerifyError::Unsafe)?;
    Ok(Loaded {
        document: Document::load_mem(pdf).map_err(VerifyError::Pdf)?,
        // The literal name as well, wherever it stands: a hybrid file is never one to verify.
        hybrid: found.hybrid || memchr::memmem::find(pdf, b"/XRefStm").is_some(),
    })
}

/// A PDF as lopdf reads it, with what the scan before found that readers may read otherwise.
struct Loaded {
    document: Document,
    /// A cross-reference stream beside a table ([`unambiguous`]).
    hybrid: bool,
}

/// Refuses a PDF that readers could read differently from lopdf: a hybrid file (a
/// cross-reference stream beside a table, which lopdf merges in the opposite order from ISO
/// 32000-1 §7.5.8.4; its `/XRefStm` found however written), or one whose loaded objects are
/// not exactly those its cross-reference table lists in use (an object filed under a number
/// other than its entry's, as a forger would use to show one object and have another
/// compared).
fn unambiguous(loaded: &Loaded) -> Result<(), VerifyError> {
    let Loaded { document, hybrid } = loaded;
    if *hybrid {
        return Err(VerifyError::Ambiguous(0));
    }
    let listed: std::collections::BTreeSet<u32> = document
        .reference_table
        .entries
        .iter()
        .filter(|(_, entry)| {
            matches!(
                entry,
                lopdf::xref::XrefEntry::Normal { .. } | lopdf::xref::XrefEntry::Compressed { .. }
            )
        })
        .map(|(number, _)| *number)
        .collect();
    let loaded: std::collections::BTreeSet<u32> =
        document.objects.keys().map(|(number, _)| *number).collect();
    match listed.symmetric_difference(&loaded).next() {
        Some(number) => Err(VerifyError::Ambiguous(*number)),
        None => Ok(()),
    }
}

/// Deepest nesting of PDF objects followed: outline entries chain one to the next, so a long
/// report nests a few hundred levels.
const MAX_NESTING: usize = 1024;

/// SHA-256 over a canonical writing of the document's object graph (see [`same_document`]).
fn fingerprint(pdf: &[u8], limit: u64) -> Result<Vec<u8>, VerifyError> {
    let loaded = load(pdf)?;
    unambiguous(&loaded)?;
    let document = loaded.document;
    let mut canon = Canon {
        document: &document,
        numbers: HashMap::new(),
        hash: Sha256::new(),
        limit,
        read: 0,
    };
    for key in [b"Root".as_slice(), b"Info"] {
        canon.write(key);
        match document.trailer.get(key) {
            Ok(object) => canon.object(object, 0)?,
            Err(_) => canon.write(b"-"),
        }
    }
    Ok(canon.hash.finalize().to_vec())
}

/// A canonical writing of an object graph into a hash: indirect objects are numbered in the
/// order a depth-first walk first meets them, dictionary keys are sorted, and streams are
/// written as their decompressed content.
struct Canon<'a> {
    document: &'a Document,
    numbers: HashMap<ObjectId, usize>,
    hash: Sha256,
    limit: u64,
    /// Decompressed bytes read so far, bounded by `limit` in all.
    read: u64,
}

impl Canon<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.hash.update((bytes.len() as u64).to_le_bytes());
        self.hash.update(bytes);
    }

    fn object(&mut self, object: &Object, depth: usize) -> Result<(), VerifyError> {
        if depth > MAX_NESTING {
            return Err(VerifyError::TooDeep(MAX_NESTING));
        }
        match object {
            Object::Null => self.write(b"n"),
            Object::Boolean(b) => self.write(if *b { b"t" } else { b"f" }),
            Object::Integer(i) => {
                self.write(b"i");
                self.write(&i.to_le_bytes());
            }
            Object::Real(r) => {
                self.write(b"r");
                self.write(&r.to_le_bytes());
            }
            Object::Name(name) => {
                self.write(b"/");
                self.write(name);
            }
            Object::String(bytes, _) => {
                self.write(b"(");
                self.write(bytes);
            }
            Object::Array(items) => {
                self.write(b"[");
                self.write(&(items.len() as u64).to_le_bytes());
                for item in items {
                    self.object(item, depth + 1)?;
                }
            }
            Object::Dictionary(dict) => self.dictionary(dict, &[], depth)?,
            Object::Stream(stream) => {
                self.write(b"S");
                if let Some(bytes) = decompressed(stream, self.limit.saturating_sub(self.read))? {
                    // How decoded content is stored is the saving program's choice, not
                    // content.
                    self.dictionary(&stream.dict, &[b"Length", b"Filter"], depth)?;
                    self.read += bytes.len() as u64;
                    self.write(b"s");
                    self.write(&bytes);
                } else {
                    self.dictionary(&stream.dict, &[b"Length"], depth)?;
                    self.write(b"raw");
                    self.write(&stream.content);
                }
            }
            Object::Reference(id) => {
                if let Some(&number) = self.numbers.get(id) {
                    self.write(b"R");
                    self.write(&(number as u64).to_le_bytes());
                } else {
                    let number = self.numbers.len();
                    self.numbers.insert(*id, number);
                    self.write(b"D");
                    match self.document.get_object(*id) {
                        Ok(target) => self.object(target, depth + 1)?,
                        Err(_) => self.write(b"missing"),
                    }
                }
            }
        }
        Ok(())
    }

    fn dictionary(
        &mut self,
        dict: &Dictionary,
        skip: &[&[u8]],
        depth: usize,
    ) -> Result<(), VerifyError> {
        let mut entries: Vec<(&Vec<u8>, &Object)> = dict
            .iter()
            .filter(|(key, _)| !skip.contains(&key.as_slice()))
            .collect();
        entries.sort_by(|x, y| x.0.cmp(y.0));
        self.write(b"<<");
        self.write(&(entries.len() as u64).to_le_bytes());
        for (key, value) in entries {
            self.write(key);
            self.object(value, depth + 1)?;
        }
        Ok(())
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
    fn unique_json_reads_what_serde_json_reads_and_refuses_a_repeated_key() {
        let text =
            br#"{"a": [1, -2, 18446744073709551615, 0.1, 1e308, -0.0, "x\u00e9\n", null, true],
            "b": {"c": {}, "d": [], "e": 41200.000000000004}}"#;
        let expected: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(unique_json(text).unwrap(), expected);
        let error = unique_json(br#"{"a": {"b": 1, "b": 2}}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the key `b` is written twice in one object at line 1"),
            "{error}"
        );
    }

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
