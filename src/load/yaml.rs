//! YAML text → JSON value plus the source span of every value and key.
//!
//! The parser is `saphyr-parser`: maintained (`serde_yaml` is deprecated upstream), pure Rust,
//! and it reports the position of every event, not only of syntax errors, which is what lets
//! every later finding name `file:line:col`. It is event-based, so this module builds the
//! tree itself and enforces the limits a hostile file would probe: nesting depth, alias
//! expansion ("billion laughs") and document count.
//!
//! Scalars are resolved by the YAML 1.2 core schema: `yes`/`no` stay strings, `70e9` is a
//! number, and quoting always gives a string.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use serde_json::{Map, Number, Value};

use super::index::SpanIndex;
use crate::diagnostic::{Diagnostic, Position, Span};

/// Bounds on what one input file may be and expand to, so that a hostile file is refused
/// quickly and in bounded memory instead of exhausting the machine. Each is adjustable on the
/// command line (`--max-input-size`, `--max-depth`, `--max-nodes`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, in bytes: refused before it is read further.
    pub max_bytes: u64,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most values the document may expand to, counting every alias expansion. The text the
    /// document expands to (keys and scalars, every alias counted again) is bounded by
    /// `max_bytes` too, so that one large anchored string repeated by aliases cannot pass
    /// under the node count.
    pub max_nodes: usize,
    /// Most Monte Carlo draws a disclosure may ask for: each costs memory and time in every
    /// command that computes, so a number in the file must not exhaust the machine.
    pub max_draws: u32,
    /// Most memory, in MiB, a command may hold while it renders a report (a template's loops
    /// can build a document of any size); enforced by the command line.
    pub max_memory_mib: u64,
    /// Most seconds a command may spend rendering a report; enforced by the command line.
    pub max_render_seconds: u64,
}

impl Default for Limits {
    /// A disclosure is a few kilobytes and a few levels deep; these bounds leave it three
    /// orders of magnitude of room.
    fn default() -> Self {
        Self {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 500_000,
            max_draws: 1_000_000,
            max_memory_mib: 2048,
            max_render_seconds: 300,
        }
    }
}

/// Parses `text` into a JSON value and the span of every value, or returns the findings that
/// prevented it.
///
/// # Errors
/// Syntax errors, duplicate keys, non-string keys, limits exceeded, several documents, or an
/// empty file, each as a located [`Diagnostic`].
pub fn parse(text: &str, limits: Limits) -> Result<(Value, SpanIndex), Vec<Diagnostic>> {
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        text,
        limits,
        index: SpanIndex::default(),
        anchors: HashMap::new(),
        nodes: 0,
        bytes: 0,
        findings: Vec::new(),
        path: Vec::new(),
    };
    match builder.document() {
        Ok(value) if builder.findings.is_empty() => Ok((value, builder.index)),
        Ok(_) => Err(builder.findings),
        Err(fatal) => {
            builder.findings.push(*fatal);
            Err(builder.findings)
        }
    }
}

struct Builder<'input> {
    parser: Parser<'input, saphyr_parser::StrInput<'input>>,
    /// The file's text, to place a syntax error the parser marks elsewhere.
    text: &'input str,
    limits: Limits,
    index: SpanIndex,
    /// Values of anchored nodes, with how many values and bytes of text each expands to.
    anchors: HashMap<usize, (Value, Expanded)>,
    /// What the document has expanded to so far.
    nodes: usize,
    bytes: usize,
    /// Findings that do not stop the parse (a duplicate key, a non-string key).
    findings: Vec<Diagnostic>,
    /// Keys and indices from the root to the value being read, escaped for a JSON pointer;
    /// joined only when a finding needs its pointer.
    path: Vec<String>,
}

/// What a value expands to: its values and bytes of text, aliases counted again each time.
#[derive(Debug, Clone, Copy)]
struct Expanded {
    nodes: usize,
    bytes: usize,
}

// Boxed: a diagnostic is large, and most steps succeed.
type Step<T> = Result<T, Box<Diagnostic>>;

fn fail<T>(diagnostic: Diagnostic) -> Step<T> {
    Err(Box::new(diagnostic))
}

fn span(s: saphyr_parser::Span) -> Span {
    let position = |m: saphyr_parser::Marker| Position {
        line: m.line(),
        column: m.col() + 1,
    };
    Span {
        start: position(s.start),
        end: position(s.end),
    }
}

fn syntax(text: &str, error: &ScanError) -> Diagnostic {
    let at = Position {
        line: error.marker().line(),
        column: error.marker().col() + 1,
    };
    let info = error.info();
    if let Some(tab) = (info.contains("found a tab") || info.contains("tabs disallowed"))
        .then(|| offending_tab(text, at))
        .flatten()
    {
        return Diagnostic::error(
            "yaml-syntax",
            "invalid YAML: a tab in the indentation (YAML indents with spaces only)",
        )
        .help("replace the tab with spaces")
        .with_span(Span {
            start: tab,
            end: tab,
        });
    }
    let span = Span { start: at, end: at };
    // The parser keeps its own bound on nesting; report it like ours.
    if error.info().contains("recursion limit") {
        return Diagnostic::error("yaml-too-deep", "nesting too deep for the YAML parser")
            .help("a disclosure never nests this deep; check for runaway indentation or brackets")
            .with_span(span);
    }
    Diagnostic::error("yaml-syntax", format!("invalid YAML: {}", error.info()))
        .help("check the indentation and quoting around this place")
        .with_span(span)
}

/// Where the tab of a tab error is, if it indents a line. The parser marks a tab in indentation
/// after it (at the line's first content), or, for a plain scalar whose next line is indented
/// with one, at the scalar's start a line earlier: the tab is the first in the leading
/// whitespace of a line from the marked one on. A mark on a tab after content (`? \tkey`) is
/// already in place, and not indentation.
fn offending_tab(text: &str, at: Position) -> Option<Position> {
    let mut lines = text.lines().skip(at.line.checked_sub(1)?);
    let marked = lines.next()?;
    if marked.chars().nth(at.column.checked_sub(1)?) == Some('\t')
        && !marked
            .chars()
            .take(at.column)
            .all(|c| c == ' ' || c == '\t')
    {
        return None;
    }
    std::iter::once(marked)
        .chain(lines)
        .zip(at.line..)
        .find_map(|(line, number)| {
            let column = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .position(|c| c == '\t')?;
            Some(Position {
                line: number,
                column: column + 1,
            })
        })
}

impl<'input> Builder<'input> {
    fn next(&mut self) -> Step<(Event<'input>, Span)> {
        match self.parser.next_event() {
            Some(Ok((event, s))) => Ok((event, span(s))),
            Some(Err(error)) => Err(Box::new(syntax(self.text, &error))),
            None => Err(Box::new(Diagnostic::error(
                "yaml-syntax",
                "unexpected end of input",
            ))),
        }
    }

    fn document(&mut self) -> Step<Value> {
        let mut root = None;
        loop {
            let (event, at) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) if root.is_some() => {
                    return fail(
                        Diagnostic::error(
                            "yaml-multiple-documents",
                            "the file holds more than one YAML document",
                        )
                        .help("put each disclosure in a file of its own")
                        .with_span(at),
                    );
                }
                Event::DocumentStart(_) => root = Some(self.value(0)?.0),
                Event::StreamEnd => {
                    return root.ok_or_else(|| {
                        Box::new(
                            Diagnostic::error("yaml-empty", "the file holds no YAML document")
                                .help("start from a file in examples/"),
                        )
                    });
                }
                _ => {
                    return fail(
                        Diagnostic::error("yaml-syntax", "unexpected YAML event").with_span(at),
                    );
                }
            }
        }
    }

    fn count(&mut self, nodes: usize, at: Span) -> Step<()> {
        self.expand(Expanded { nodes, bytes: 0 }, at)
    }

    /// Adds `bytes` of key or scalar text to what the document expands to.
    fn count_text(&mut self, bytes: usize, at: Span) -> Step<()> {
        self.expand(Expanded { nodes: 0, bytes }, at)
    }

    fn expand(&mut self, by: Expanded, at: Span) -> Step<()> {
        self.nodes = self.nodes.saturating_add(by.nodes);
        self.bytes = self.bytes.saturating_add(by.bytes);
        if self.nodes > self.limits.max_nodes {
            return fail(Diagnostic::error(
                "yaml-too-large",
                format!(
                    "the document expands to more than {} values",
                    self.limits.max_nodes
                ),
            )
            .help("aliases that repeat large structures multiply its size; write the values out, split the file, or raise the limit with --max-nodes")
            .with_span(at));
        }
        if self.bytes as u64 > self.limits.max_bytes {
            return fail(Diagnostic::error(
                "yaml-too-large",
                format!(
                    "the document expands to more than {} bytes of text",
                    self.limits.max_bytes
                ),
            )
            .help("aliases that repeat long text multiply its size; write the values out, split the file, or raise the limit with --max-input-size")
            .with_span(at));
        }
        Ok(())
    }

    /// The JSON pointer of the value being read.
    fn pointer(&self) -> String {
        self.path.iter().fold(String::new(), |mut p, segment| {
            p.push('/');
            p.push_str(segment);
            p
        })
    }

    /// Reads one value whose first event is next; returns it with its node in the index.
    fn value(&mut self, depth: usize) -> Step<(Value, usize)> {
        let (event, at) = self.next()?;
        self.value_from(event, at, depth)
    }

    fn value_from(&mut self, event: Event<'input>, at: Span, depth: usize) -> Step<(Value, usize)> {
        let start = Expanded {
            nodes: self.nodes,
            bytes: self.bytes,
        };
        self.count(1, at)?;
        let node = self.index.push(at);
        let (value, anchor, end) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count_text(text.len(), at)?;
                (
                    self.scalar(&text, style, tag.as_deref(), at),
                    anchor,
                    at.end,
                )
            }
            Event::Alias(id) => {
                let (value, size) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    Box::new(
                        Diagnostic::error("yaml-syntax", "alias to an unknown anchor")
                            .with_span(at),
                    )
                })?;
                self.expand(size, at)?;
                (value, 0, at.end)
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_depth(depth, at)?;
                self.check_collection_tag(tag.as_deref(), "seq", at);
                let mut items = Vec::new();
                let mut nodes = Vec::new();
                let end = loop {
                    let (event, item_at) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break item_at.end;
                    }
                    self.path.push(items.len().to_string());
                    let (item, item_node) = self.value_from(event, item_at, depth + 1)?;
                    self.path.pop();
                    items.push(item);
                    nodes.push(item_node);
                };
                self.index.set_items(node, nodes);
                (Value::Array(items), anchor, end)
            }
            Event::MappingStart(anchor, tag) => {
                self.check_depth(depth, at)?;
                self.check_collection_tag(tag.as_deref(), "map", at);
                let (map, end) = self.mapping(node, depth)?;
                (Value::Object(map), anchor, end)
            }
            _ => {
                return fail(
                    Diagnostic::error("yaml-syntax", "unexpected YAML event").with_span(at),
                );
            }
        };
        let whole = Span {
            start: at.start,
            end: if end > at.start { end } else { at.end },
        };
        self.index.set_span(node, whole);
        if anchor != 0 {
            let size = Expanded {
                nodes: self.nodes - start.nodes,
                bytes: self.bytes - start.bytes,
            };
            self.anchors.insert(anchor, (value.clone(), size));
        }
        Ok((value, node))
    }

    /// Reads a mapping's entries up to its end; returns them and where the mapping ends.
    fn mapping(&mut self, node: usize, depth: usize) -> Step<(Map<String, Value>, Position)> {
        let mut map = Map::new();
        let mut entries = Vec::new();
        let end = loop {
            let (event, key_at) = self.next()?;
            if matches!(event, Event::MappingEnd) {
                break key_at.end;
            }
            let key = self.key(event, key_at);
            self.count_text(key.as_ref().map_or(0, String::len), key_at)?;
            self.path.push(escape(key.as_deref().unwrap_or("")));
            let (value, child) = self.value(depth + 1)?;
            let pointer = key
                .as_ref()
                .filter(|k| map.contains_key(*k))
                .map(|_| self.pointer());
            self.path.pop();
            let Some(key) = key else { continue };
            if let Some(pointer) = pointer {
                self.findings.push(
                    Diagnostic::error(
                        "yaml-duplicate-key",
                        format!("the key `{key}` appears twice in this mapping"),
                    )
                    .help("remove one of them; YAML keeps neither reliably")
                    .at(pointer)
                    .with_span(key_at),
                );
                continue;
            }
            self.index.set_key(child, key_at);
            entries.push((key.clone(), child));
            map.insert(key, value);
        };
        self.index.set_entries(node, entries);
        Ok((map, end))
    }

    fn check_depth(&self, depth: usize, at: Span) -> Step<()> {
        if depth >= self.limits.max_depth {
            return fail(
                Diagnostic::error(
                    "yaml-too-deep",
                    format!("nesting deeper than {} levels", self.limits.max_depth),
                )
                .help(
                    "a disclosure never nests this deep; check for runaway indentation or brackets, or raise the limit with --max-depth",
                )
                .with_span(at),
            );
        }
        Ok(())
    }

    fn key(&mut self, event: Event<'input>, at: Span) -> Option<String> {
        if let Event::Scalar(text, _, _, tag) = event {
            // A key is text: a tag asking for anything else is not read.
            if let Some(tag) = tag.as_deref().filter(|t| !text_tag(t)) {
                self.unread_tag(tag, at);
            }
            self.check_text(&text, at);
            self.check_identifier(&text, at);
            return Some(text.into_owned());
        }
        self.findings.push(
            Diagnostic::error("yaml-key", "mapping keys must be plain strings")
                .help("write the key as a word, e.g. `energy:`")
                .with_span(at),
        );
        // Skip the complex key's body so the parse can go on.
        let mut depth = usize::from(matches!(
            event,
            Event::SequenceStart(..) | Event::MappingStart(..)
        ));
        while depth > 0 {
            match self.parser.next_event() {
                Some(Ok((Event::SequenceStart(..) | Event::MappingStart(..), _))) => depth += 1,
                Some(Ok((Event::SequenceEnd | Event::MappingEnd, _))) => depth -= 1,
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            }
        }
        None
    }

    /// Refuses text carrying characters that are invisible or rearrange what is shown: a
    /// control character, or a Unicode bidirectional control that could make a report (or
    /// the YAML in a reviewer's editor) read differently from what it says.
    fn check_text(&mut self, text: &str, at: Span) {
        let Some(c) = text.chars().find(|&c| hidden(c)) else {
            return;
        };
        self.findings.push(
            Diagnostic::error(
                "hidden-character",
                format!("the text holds the invisible character U+{:04X}", u32::from(c)),
            )
            .help("remove it: control characters and bidirectional overrides print nothing, or reorder what a reader sees")
            .at(self.pointer())
            .with_span(at),
        );
    }

    /// Refuses an invisible character (a zero-width space, a soft hyphen, a tag character) in
    /// a key or an `id`: `inference` and `infer\u{200B}ence` would be two names that read
    /// as one. In other text it is a warning, given by `validate`.
    fn check_identifier(&mut self, text: &str, at: Span) {
        let Some(c) = text.chars().find(|&c| invisible(c)) else {
            return;
        };
        self.findings.push(
            Diagnostic::error(
                "invisible-character",
                format!(
                    "the name holds the invisible character U+{:04X}",
                    u32::from(c)
                ),
            )
            .help("remove it: two names that differ only by an invisible character read as one")
            .at(self.pointer())
            .with_span(at),
        );
    }

    /// A scalar as YAML 1.2's core schema reads it. Of the tags, those of the core schema are
    /// honoured where the text is of their kind (`!!str 5` is the text "5", `!!float 5` the
    /// number); any other (`!include`, `!!binary`, `!Ref`) asks for a meaning wattprint does
    /// not give, and reading the node as if it were untagged could give another value than its
    /// writer meant, so it is an error.
    fn scalar(&mut self, text: &str, style: ScalarStyle, tag: Option<&Tag>, at: Span) -> Value {
        self.check_text(text, at);
        if self.path.last().is_some_and(|key| key == "id") {
            self.check_identifier(text, at);
        }
        let Some(tag) = tag else {
            return self.untagged(text, style, at);
        };
        if text_tag(tag) {
            return Value::String(text.to_owned());
        }
        let core = core_tag(tag);
        let value = self.untagged(text, ScalarStyle::Plain, at);
        let agrees = match core {
            Some("int") => value.as_number().is_some_and(|n| n.is_i64() || n.is_u64()),
            Some("float") => value.is_number(),
            Some("bool") => value.is_boolean(),
            Some("null") => value.is_null(),
            _ => {
                self.unread_tag(tag, at);
                return value;
            }
        };
        if !agrees {
            self.findings.push(
                Diagnostic::error(
                    "yaml-tag",
                    format!(
                        "the tag `{}` asks for another kind of value than `{text}`",
                        written(tag)
                    ),
                )
                .help("remove the tag: wattprint reads each value by what it is written as")
                .at(self.pointer())
                .with_span(at),
            );
        }
        value
    }

    /// A sequence or mapping may carry only its own core tag (`!!seq`, `!!map`).
    fn check_collection_tag(&mut self, tag: Option<&Tag>, kind: &str, at: Span) {
        if let Some(tag) = tag.filter(|t| core_tag(t) != Some(kind)) {
            self.unread_tag(tag, at);
        }
    }

    fn unread_tag(&mut self, tag: &Tag, at: Span) {
        self.findings.push(
            Diagnostic::error("yaml-tag", format!("the tag `{}` is not read", written(tag)))
                .help("remove it: wattprint reads plain YAML, with no tags, includes or custom types; write the value itself here")
                .at(self.pointer())
                .with_span(at),
        );
    }

    /// A scalar with no tag, by the core schema's resolution of plain scalars.
    fn untagged(&mut self, text: &str, style: ScalarStyle, at: Span) -> Value {
        if style != ScalarStyle::Plain {
            return Value::String(text.to_owned());
        }
        match text {
            "null" | "Null" | "NULL" | "~" | "" => return Value::Null,
            "true" | "True" | "TRUE" => return Value::Bool(true),
            "false" | "False" | "FALSE" => return Value::Bool(false),
            _ => {}
        }
        if let Some(int) = parse_int(text) {
            return Value::Number(int.into());
        }
        if let Some(float) = parse_float(text) {
            // A whole number written `1e4` or `10000.0` is an integer to JSON Schema, and so to
            // `validate`; it is made one here so that a count (`draws: 1e4`) reads as the
            // schema says rather than failing as "a floating point, expected u32". Below 2^53
            // every whole f64 is an exact integer.
            if float.fract() == 0.0 && float.abs() <= EXACT_INTEGERS {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "whole and within 2^53, so exactly an i64"
                )]
                return Value::Number((float as i64).into());
            }
            if let Some(number) = Number::from_f64(float) {
                return Value::Number(number);
            }
            self.findings.push(
                Diagnostic::error("non-finite", format!("`{text}` is not a finite number"))
                    .help("write a finite value")
                    .at(self.pointer())
                    .with_span(at),
            );
            return Value::Null;
        }
        Value::String(text.to_owned())
    }
}

/// Whether `c` prints nothing and does not reorder what is shown, so two texts that differ by
/// it look the same: zero-width and word-joining characters, the soft hyphen, the byte-order
/// mark inside text, Hangul fillers and tag characters.
#[must_use]
pub fn invisible(c: char) -> bool {
    INVISIBLE
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

/// The characters of [`invisible`], as inclusive ranges, so that the published schema states
/// the same set.
pub const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200D}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{E0000}', '\u{E007F}'),
];

/// The characters text may not hold: the control characters (Unicode category Cc) other than tab
/// and line breaks, and the bidirectional formatting characters (the embeddings, overrides and
/// isolates of Unicode Standard Annex #9, and the marks), which are the characters of "Trojan
/// Source" (CVE-2021-42574). As inclusive ranges, so that the published schema states the same
/// set as a pattern.
pub const HIDDEN: &[(char, char)] = &[
    ('\u{0}', '\u{8}'),
    ('\u{B}', '\u{C}'),
    ('\u{E}', '\u{1F}'),
    ('\u{7F}', '\u{9F}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{200E}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2066}', '\u{2069}'),
];

fn hidden(c: char) -> bool {
    HIDDEN
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok();
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    None
}

/// 2^53: every whole f64 of at most this size is exactly an integer.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// The prefix of the YAML core schema's tags, written out (`!<tag:yaml.org,2002:str>`).
const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// The name of a core schema tag (`str` for `!!str` or `!<tag:yaml.org,2002:str>`).
fn core_tag(tag: &Tag) -> Option<&str> {
    if tag.is_yaml_core_schema() {
        Some(tag.suffix.as_str())
    } else if tag.handle.is_empty() {
        tag.suffix.strip_prefix(CORE_PREFIX)
    } else {
        None
    }
}

/// Whether `tag` makes a scalar text: `!!str`, or `!` alone, the non-specific tag, which
/// makes a plain scalar a string (YAML 1.2.2, §6.9.1).
fn text_tag(tag: &Tag) -> bool {
    core_tag(tag) == Some("str") || (tag.handle.is_empty() && tag.suffix == "!")
}

/// A tag as a file writes it: `!!int`, `!include`, `!<tag:example.com,2026:x>`.
fn written(tag: &Tag) -> String {
    match core_tag(tag) {
        Some(name) => format!("!!{name}"),
        None if tag.handle == "!" => format!("!{}", tag.suffix),
        None if tag.handle.is_empty() => format!("!<{}>", tag.suffix),
        None => format!("{}{}", tag.handle, tag.suffix),
    }
}

/// YAML 1.2 core-schema floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
/// `.inf`, `.nan`.
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned == text => return Some(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(whole)
        && all_digits(fraction)
        && (!whole.is_empty() || !fraction.is_empty())
        && (mantissa.contains('.') || !whole.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    if mantissa_ok && exponent_ok {
        text.parse().ok()
    } else {
        None
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
#[must_use]
pub fn escape(key: &str) -> String {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1")
    } else {
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn hidden_characters_are_the_controls_and_bidirectional_formatting() {
        // Cc other than tab, LF and CR (Unicode General Category), and the bidi formatting
        // characters of UAX #9 (ALM U+061C, LRM/RLM, LRE…RLO, LRI…PDI).
        for c in ('\0'..='\u{3000}').chain(['\u{FEFF}', '\u{E0001}']) {
            let expected = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
            assert_eq!(hidden(c), expected, "U+{:04X}", u32::from(c));
        }
    }

    fn load(text: &str) -> Result<(Value, SpanIndex), Vec<Diagnostic>> {
        parse(text, Limits::default())
    }

    #[test]
    fn scalars_follow_the_yaml_1_2_core_schema() {
        let (value, _) = load("a: 70e9\nb: yes\nc: '12'\nd: 1.35\ne: ~\nf: 41.2 MWh\n").unwrap();
        // A whole number is an integer however it is written, as JSON Schema counts it.
        assert_eq!(value["a"], serde_json::json!(70_000_000_000_i64));
        assert_eq!(value["b"], "yes");
        assert_eq!(value["c"], "12");
        assert_eq!(value["d"], serde_json::json!(1.35));
        assert_eq!(value["e"], Value::Null);
        assert_eq!(value["f"], "41.2 MWh");
    }

    #[test]
    fn every_value_has_a_one_based_position() {
        let (_, index) = load("sites:\n  - id: fra\n    pue: 1.35\n").unwrap();
        let pue = index.value_span("/sites/0/pue").unwrap();
        assert_eq!(
            pue.start,
            Position {
                line: 3,
                column: 10
            }
        );
        let key = index.key_span("/sites/0/pue").unwrap();
        assert_eq!(key.start, Position { line: 3, column: 5 });
    }

    #[test]
    fn whole_numbers_are_integers_however_written() {
        let (value, _) = load("a: 1e4\nb: 10000.0\nc: -0.0\nd: 1.2e26\ne: 2.5\n").unwrap();
        assert_eq!(value["a"].as_u64(), Some(10_000));
        assert_eq!(value["b"].as_u64(), Some(10_000));
        assert_eq!(value["c"].as_i64(), Some(0));
        // Past 2^53 a float stands for more than one integer; it stays a float.
        assert!(value["d"].is_f64() && value["e"].is_f64());
        let draws: u32 = serde_json::from_value(value["a"].clone()).unwrap();
        assert_eq!(draws, 10_000);
    }

    #[test]
    fn core_tags_are_honoured_and_others_refused() {
        let (value, _) =
            load("a: !!str 5\nb: !!float 5\nc: ! 12\nd: !!bool true\ne: !!map { x: !!null ~ }\n")
                .unwrap();
        assert_eq!(value["a"], "5");
        assert_eq!(value["b"], serde_json::json!(5));
        assert_eq!(value["c"], "12");
        assert_eq!(value["d"], true);
        assert_eq!(value["e"]["x"], Value::Null);
        let (value, _) = load("!!str a: !<tag:yaml.org,2002:str> 5\n").unwrap();
        assert_eq!(value["a"], "5");
        // The tag as written, not as the parser expands it.
        let findings = load("a: !!int 5.5\n").unwrap_err();
        assert!(
            findings[0].message.contains("`!!int`"),
            "{}",
            findings[0].message
        );
        // An include would be read as the text of its file name, a mismatch as another kind.
        for (text, line) in [
            ("a: 1\nb: !include other.yaml\n", 2),
            ("a: !!int 5.5\n", 1),
            ("a: !!binary aGk=\n", 1),
            ("a: 1\n\nb: !!seq { x: 1 }\n", 3),
            ("a: !Ref [1, 2]\n", 1),
            ("a: { id: x, !include name: y }\n", 1),
        ] {
            let findings = load(text).unwrap_err();
            assert_eq!(findings[0].code, "yaml-tag", "{text:?}");
            assert_eq!(findings[0].span.unwrap().start.line, line, "{text:?}");
        }
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_occurrence() {
        let findings = load("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(findings[0].code, "yaml-duplicate-key");
        assert_eq!(findings[0].span.unwrap().start.line, 3);
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            writeln!(text, "a{i}: &a{i} [{refs}]").unwrap();
        }
        let findings = load(&text).unwrap_err();
        assert_eq!(findings[0].code, "yaml-too-large");
    }

    #[test]
    fn one_long_string_repeated_by_aliases_is_stopped() {
        // 64 KiB anchored once and repeated by 300 aliases: 301 values, far under the node
        // limit, but 19 MiB of text, over the 16 MiB default for a file.
        let mut text = format!("a: &a \"{}\"\nb: [", "x".repeat(64 * 1024));
        text.push_str(&vec!["*a"; 300].join(", "));
        text.push_str("]\n");
        let findings = load(&text).unwrap_err();
        assert_eq!(findings[0].code, "yaml-too-large");
        assert!(
            findings[0].message.contains("bytes of text"),
            "{findings:?}"
        );
    }

    #[test]
    fn an_invisible_character_in_an_id_or_a_key_is_an_error() {
        // Regression (issue 17): `inference` and `infer\u{200B}ence` coexisted as two ids.
        for text in [
            "a: [{ id: \"infer\u{200B}ence\" }]\n",
            "\"na\u{2060}me\": 1\n",
            "id: \"x\u{E0041}\"\n",
        ] {
            let findings = load(text).unwrap_err();
            assert_eq!(findings[0].code, "invisible-character", "{text:?}");
        }
        assert!(load("name: \"soft\u{00AD}hyphen\"\n").is_ok());
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let findings = load(&text).unwrap_err();
        assert_eq!(findings[0].code, "yaml-too-deep");
    }

    #[test]
    fn syntax_errors_are_located() {
        let findings = load("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(findings[0].code, "yaml-syntax");
        assert!(findings[0].span.is_some());
    }

    #[test]
    fn a_tab_in_indentation_is_marked_where_it_is() {
        // Regression: the parser marks a tab that indents the line after a plain scalar at the
        // scalar's start, a line early, and a tab before a key after the tab.
        let at = |text: &str| {
            let findings = load(text).unwrap_err();
            assert_eq!(findings[0].code, "yaml-syntax", "{text:?}");
            let start = findings[0].span.expect("a syntax error is located").start;
            (start.line, start.column)
        };
        assert_eq!(at("a:\n  b: one\n\tc: two\n"), (3, 1));
        assert_eq!(at("a:\n  b: one\n  \tc: two\n"), (3, 3));
        assert_eq!(at("a:\n\tb: one\n"), (2, 1));
        assert_eq!(at("a: \"x\ty\"\nb:\n\tc: 1\n"), (3, 1));
        let findings = load("a:\n  b: one\n\tc: two\n").unwrap_err();
        assert!(findings[0].message.contains("a tab in the indentation"));
        // A tab after a key's `?` is not indentation: the parser's own words, at the tab.
        assert_eq!(at("a:\n  ? \tb\n  : 1\n"), (2, 5));
        let findings = load("a:\n  ? \tb\n  : 1\n").unwrap_err();
        assert!(findings[0].message.contains("tabs disallowed"));
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert_eq!(load("").unwrap_err()[0].code, "yaml-empty");
        assert_eq!(
            load("# only a comment\n").unwrap_err()[0].code,
            "yaml-empty"
        );
    }
}
