//! The JSON Schema keywords wattprint's generated schemas use, checked by hand.
//!
//! The schemas `validate` checks documents against are generated from the model types
//! (schemars), so they use a small part of JSON Schema 2020-12: `$ref` into `$defs`, `type`,
//! `properties`, `required`, `additionalProperties`, `items`, `minItems` and `maxItems`, the
//! numeric bounds, `const`, `enum`, `allOf`, `anyOf`, `oneOf`, `format: date`, and the
//! `pattern`s of quantities, percentages and SHA-256 digests. A general validator (the
//! `jsonschema` crate) compiled them in 3 to 5 ms at every start of the command line, most of a
//! `validate`, and took 3.5 MB of the binary (BENCHMARKS.md, "The schema checker"); this
//! compiles them in a fraction of a millisecond.
//!
//! It fails closed: a keyword, `format`, `pattern` or dialect outside that subset, and a
//! reference that would loop without reading further into the document, are refused when the
//! schema is compiled, so a change of the model that brings one in fails the schema's tests
//! rather than going unchecked. A quantity's pattern is checked by [`quantity::parse`], the
//! parser that reads the value later, so a quantity the schema lets through is one the model
//! can read; one the pattern's ECMA-262 reading lets through that no parser reads (a number
//! past a 64-bit float, a trailing byte-order mark) is refused here rather than after the
//! schema. The unit tests hold the places and keywords of its findings to the `jsonschema`
//! crate's, and its patterns to that crate's reading of them.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::load::escape_key;
use crate::model::quantity::{self, Dimension};

/// Why a schema cannot be compiled: it uses JSON Schema beyond what the checker implements, or
/// is malformed. Only a change of the model types can cause it; the schema tests rule it out.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// A keyword the checker does not implement.
    #[error(
        "`{keyword}` at `{location}` is a JSON Schema keyword wattprint's checker does not implement"
    )]
    Keyword {
        /// JSON pointer of the schema object.
        location: String,
        /// The keyword.
        keyword: String,
    },
    /// A keyword whose value the checker does not implement or cannot read.
    #[error("`{keyword}` at `{location}` has a value wattprint's checker does not implement")]
    Value {
        /// JSON pointer of the schema object.
        location: String,
        /// The keyword.
        keyword: String,
    },
    /// Subschemas that apply to the same value in a circle (`$ref`, `allOf`, `anyOf`, `oneOf`),
    /// which checking would follow for ever.
    #[error(
        "the schema at `{location}` applies to a value through itself (a loop of `$ref`, `allOf`, `anyOf` or `oneOf`)"
    )]
    Loop {
        /// JSON pointer of a schema object on the loop.
        location: String,
    },
    /// A `$ref` to a place the schema does not hold.
    #[error("`$ref` at `{location}` points at `{reference}`, which the schema does not hold")]
    Reference {
        /// JSON pointer of the schema object.
        location: String,
        /// The reference as written.
        reference: String,
    },
}

/// The dialect the checker implements, as `$schema` names it.
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keywords that only annotate: they never make a document invalid.
const ANNOTATIONS: [&str; 9] = [
    "$defs",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// A JSON type, as `type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number without a fractional part (`1.0` is one, as JSON Schema 2020-12 says).
    Integer,
    /// Any number.
    Number,
    /// Text.
    String,
    /// A list.
    Array,
    /// A mapping.
    Object,
}

impl Type {
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::Null,
            "boolean" => Self::Boolean,
            "integer" => Self::Integer,
            "number" => Self::Number,
            "string" => Self::String,
            "array" => Self::Array,
            "object" => Self::Object,
            _ => return None,
        })
    }

    fn holds(self, value: &Value) -> bool {
        match (self, value) {
            (Self::Null, Value::Null)
            | (Self::Boolean, Value::Bool(_))
            | (Self::Number, Value::Number(_))
            | (Self::String, Value::String(_))
            | (Self::Array, Value::Array(_))
            | (Self::Object, Value::Object(_)) => true,
            (Self::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        }
    }
}

/// A pattern the checker knows, by what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A quantity of a dimension ([`quantity::pattern`]): holds when the quantity parses.
    Quantity(Dimension),
    /// A percentage ([`quantity::PERCENT_PATTERN`]).
    Percent,
    /// A signed percentage, a change a month ([`quantity::GROWTH_PATTERN`]).
    Growth,
    /// A SHA-256 digest in lower-case hexadecimal ([`crate::model::hourly::SHA256_PATTERN`]).
    Sha256,
}

impl Pattern {
    fn of(text: &str) -> Option<Self> {
        if text == quantity::PERCENT_PATTERN {
            return Some(Self::Percent);
        }
        if text == quantity::GROWTH_PATTERN {
            return Some(Self::Growth);
        }
        if text == crate::model::hourly::SHA256_PATTERN {
            return Some(Self::Sha256);
        }
        quantity::dimension_of_pattern(text).map(Self::Quantity)
    }

    /// Whether `text` matches. The quantity and percentage patterns allow white space around
    /// the parts, and their digits are ASCII ones, as JSON Schema's (ECMA-262) reading of `\s`
    /// and `\d` has it; the parsers trim what Unicode calls white space, which adds U+0085
    /// (next line) and lacks U+FEFF (a byte-order mark): the first is refused here, the second
    /// is refused by the parsers that read the value.
    #[must_use]
    pub fn matches(self, text: &str) -> bool {
        const NEXT_LINE: char = '\u{85}';
        match self {
            Self::Quantity(dimension) => {
                !text.contains(NEXT_LINE) && quantity::parse(text, dimension).is_ok()
            }
            Self::Percent | Self::Growth => {
                !text.contains(NEXT_LINE)
                    && text.trim().strip_suffix('%').is_some_and(|number| {
                        let number = number.trim_end();
                        let unsigned = match self {
                            Self::Growth => number.strip_prefix(['+', '-']).unwrap_or(number),
                            _ => number,
                        };
                        decimal(unsigned)
                    })
            }
            Self::Sha256 => {
                text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            }
        }
    }
}

/// Whether `text` is digits with a point before, among or after them (`\d+(\.\d*)?|\.\d+`).
fn decimal(text: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !text.is_empty() && digits(text),
    }
}

/// Whether `text` is a full date (`YYYY-MM-DD`, RFC 3339) that exists in the calendar.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Which side of a number a bound limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `minimum`: the value may equal the limit.
    Minimum,
    /// `exclusiveMinimum`.
    ExclusiveMinimum,
    /// `maximum`: the value may equal the limit.
    Maximum,
    /// `exclusiveMaximum`.
    ExclusiveMaximum,
}

impl Side {
    fn holds(self, value: f64, limit: f64) -> bool {
        match self {
            Self::Minimum => value >= limit,
            Self::ExclusiveMinimum => value > limit,
            Self::Maximum => value <= limit,
            Self::ExclusiveMaximum => value < limit,
        }
    }
}

type Id = usize;

enum Additional {
    Allowed,
    Refused,
    Checked(Id),
}

/// One schema object, compiled.
struct Node {
    /// JSON pointer of the object in the schema.
    location: String,
    reference: Option<Id>,
    types: Vec<Type>,
    properties: Vec<(String, Id)>,
    required: Vec<String>,
    additional: Additional,
    items: Option<Id>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    bounds: Vec<(Side, f64)>,
    pattern: Option<Pattern>,
    date: bool,
    constant: Option<Value>,
    enumeration: Option<Vec<Value>>,
    all_of: Vec<Id>,
    any_of: Vec<Id>,
    one_of: Vec<Id>,
}

impl Node {
    fn new(location: String) -> Self {
        Self {
            location,
            reference: None,
            types: Vec::new(),
            properties: Vec::new(),
            required: Vec::new(),
            additional: Additional::Allowed,
            items: None,
            min_items: None,
            max_items: None,
            bounds: Vec::new(),
            pattern: None,
            date: false,
            constant: None,
            enumeration: None,
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
        }
    }

    fn fault<'s>(&'s self, pointer: &str, kind: Kind<'s>) -> Fault<'s> {
        Fault {
            pointer: pointer.to_owned(),
            schema: &self.location,
            kind,
        }
    }

    fn property(&self, name: &str) -> Option<Id> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }
}

/// A schema compiled for checking documents; compile once, check many.
pub struct Structure {
    /// The root is the first.
    nodes: Vec<Node>,
}

/// What a value breaks.
#[derive(Debug)]
pub enum Kind<'s> {
    /// Its type is none of those allowed; the first allowed one.
    Type(Type),
    /// A mapping lacks a required field.
    Required(&'s str),
    /// A mapping has fields the schema does not allow: their names, in the mapping's order
    /// (one fault for the mapping, however many there are).
    Unknown(Vec<String>),
    /// Text does not match a pattern.
    Pattern(Pattern),
    /// Text is not a date.
    Date,
    /// A number is out of a bound.
    Bound(Side, f64),
    /// A list has fewer items than allowed.
    MinItems(usize),
    /// A list has more items than allowed.
    MaxItems(usize),
    /// The value is not the one allowed.
    Const(&'s Value),
    /// The value is none of those listed.
    Enum,
    /// The value matches none of the `anyOf` alternatives; what each found.
    AnyOf(Vec<Vec<Fault<'s>>>),
    /// The value matches none of the `oneOf` alternatives; what each found.
    OneOfNone(Vec<Vec<Fault<'s>>>),
    /// The value matches more than one of the `oneOf` alternatives.
    OneOfMany,
}

/// A place where a document breaks its schema.
#[derive(Debug)]
pub struct Fault<'s> {
    /// JSON pointer of the value in the document.
    pub pointer: String,
    /// JSON pointer of the schema object whose keyword the value breaks.
    pub schema: &'s str,
    /// What it breaks.
    pub kind: Kind<'s>,
}

impl Structure {
    /// Compiles `schema`.
    ///
    /// # Errors
    /// [`SchemaError`] when the schema uses a keyword, `format` or `pattern` the checker does
    /// not implement, or a `$ref` that leads nowhere.
    pub fn new(schema: &Value) -> Result<Self, SchemaError> {
        let mut compiler = Compiler {
            schema,
            nodes: Vec::new(),
            definitions: HashMap::new(),
        };
        compiler.compile(schema, String::new())?;
        let structure = Self {
            nodes: compiler.nodes,
        };
        structure.refuse_loops()?;
        Ok(structure)
    }

    /// Refuses subschemas that apply to the same value as themselves, through any chain of
    /// `$ref`, `allOf`, `anyOf` and `oneOf`: a depth-first walk of those links that finds a
    /// node still on its path.
    fn refuse_loops(&self) -> Result<(), SchemaError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let same_value = |node: &Node| -> Vec<Id> {
            node.reference
                .iter()
                .chain(&node.all_of)
                .chain(&node.any_of)
                .chain(&node.one_of)
                .copied()
                .collect()
        };
        let mut marks = vec![Mark::New; self.nodes.len()];
        for root in 0..self.nodes.len() {
            if marks[root] != Mark::New {
                continue;
            }
            // (node, its links, how many of them are walked)
            let mut path = vec![(root, same_value(&self.nodes[root]), 0)];
            marks[root] = Mark::OnPath;
            while let Some((id, links, next)) = path.last_mut() {
                if let Some(&link) = links.get(*next) {
                    *next += 1;
                    match marks[link] {
                        Mark::OnPath => {
                            return Err(SchemaError::Loop {
                                location: self.nodes[link].location.clone(),
                            });
                        }
                        Mark::New => {
                            marks[link] = Mark::OnPath;
                            path.push((link, same_value(&self.nodes[link]), 0));
                        }
                        Mark::Done => {}
                    }
                } else {
                    marks[*id] = Mark::Done;
                    path.pop();
                }
            }
        }
        Ok(())
    }

    /// Every place `document` breaks the schema, with each keyword it breaks there.
    #[must_use]
    pub fn faults<'s>(&'s self, document: &Value) -> Vec<Fault<'s>> {
        let mut faults = Vec::new();
        let mut sink = Sink {
            out: Some(&mut faults),
            holds: true,
        };
        self.check(0, document, &mut String::new(), &mut sink);
        faults
    }

    /// Whether `value` holds against node `id`, stopping at its first fault: for an
    /// alternative of `anyOf` or `oneOf`, which is only tried.
    fn holds(&self, id: Id, value: &Value, pointer: &mut String) -> bool {
        let mut sink = Sink {
            out: None,
            holds: true,
        };
        self.check(id, value, pointer, &mut sink);
        sink.holds
    }

    fn check<'s>(&'s self, id: Id, value: &Value, pointer: &mut String, sink: &mut Sink<'_, 's>) {
        let node = &self.nodes[id];
        if let Some(target) = node.reference {
            self.check(target, value, pointer, sink);
        }
        if !node.types.is_empty() && !node.types.iter().any(|t| t.holds(value)) {
            sink.fault(node, pointer, Kind::Type(node.types[0]));
        }
        if sink.done() {
            return;
        }
        match value {
            Value::Object(map) => self.check_object(node, map, pointer, sink),
            Value::Array(items) => self.check_array(node, items, pointer, sink),
            Value::String(text) => {
                if let Some(pattern) = node.pattern.filter(|p| !p.matches(text)) {
                    sink.fault(node, pointer, Kind::Pattern(pattern));
                }
                if node.date && !is_date(text) {
                    sink.fault(node, pointer, Kind::Date);
                }
            }
            Value::Number(number) => {
                for &(side, limit) in &node.bounds {
                    if number.as_f64().is_some_and(|n| !side.holds(n, limit)) {
                        sink.fault(node, pointer, Kind::Bound(side, limit));
                    }
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
        if let Some(constant) = &node.constant
            && !equal(value, constant)
        {
            sink.fault(node, pointer, Kind::Const(constant));
        }
        if let Some(values) = &node.enumeration
            && !values.iter().any(|v| equal(value, v))
        {
            sink.fault(node, pointer, Kind::Enum);
        }
        for &part in &node.all_of {
            if sink.done() {
                return;
            }
            self.check(part, value, pointer, sink);
        }
        if !sink.done() {
            self.check_alternatives(node, value, pointer, sink);
        }
    }

    fn check_object<'s>(
        &'s self,
        node: &'s Node,
        map: &Map<String, Value>,
        pointer: &mut String,
        sink: &mut Sink<'_, 's>,
    ) {
        let mut unknown = Vec::new();
        for (key, value) in map {
            if sink.done() {
                return;
            }
            let id = match (node.property(key), &node.additional) {
                (Some(id), _) | (None, &Additional::Checked(id)) => id,
                (None, Additional::Allowed) => continue,
                (None, Additional::Refused) => {
                    if !sink.collects() {
                        // Only asked whether the value holds: one unknown field settles it.
                        sink.fault(node, pointer, Kind::Unknown(vec![key.clone()]));
                        return;
                    }
                    unknown.push(key.clone());
                    continue;
                }
            };
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_key(key));
            self.check(id, value, pointer, sink);
            pointer.truncate(len);
        }
        if !unknown.is_empty() {
            sink.fault(node, pointer, Kind::Unknown(unknown));
        }
        for name in &node.required {
            if !map.contains_key(name) {
                sink.fault(node, pointer, Kind::Required(name));
            }
        }
    }

    fn check_array<'s>(
        &'s self,
        node: &'s Node,
        items: &[Value],
        pointer: &mut String,
        sink: &mut Sink<'_, 's>,
    ) {
        if let Some(min) = node.min_items
            && items.len() < min
        {
            sink.fault(node, pointer, Kind::MinItems(min));
        }
        if let Some(max) = node.max_items
            && items.len() > max
        {
            sink.fault(node, pointer, Kind::MaxItems(max));
        }
        let Some(item) = node.items else {
            return;
        };
        for (i, value) in items.iter().enumerate() {
            if sink.done() {
                return;
            }
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&i.to_string());
            self.check(item, value, pointer, sink);
            pointer.truncate(len);
        }
    }

    /// `anyOf` and `oneOf`. Their alternatives are only tried, each stopping at its first
    /// fault; the faults of every alternative are gathered only when none holds, for the
    /// finding to name what the nearest one lacks.
    fn check_alternatives<'s>(
        &'s self,
        node: &'s Node,
        value: &Value,
        pointer: &mut String,
        sink: &mut Sink<'_, 's>,
    ) {
        if !node.any_of.is_empty()
            && !node
                .any_of
                .iter()
                .any(|&alternative| self.holds(alternative, value, pointer))
        {
            let alternatives = self.faults_of_each(&node.any_of, value, pointer, sink);
            sink.fault(node, pointer, Kind::AnyOf(alternatives));
        }
        if !node.one_of.is_empty() {
            // Two that hold are enough to know that not exactly one does.
            let holding = node
                .one_of
                .iter()
                .filter(|&&alternative| self.holds(alternative, value, pointer))
                .take(2)
                .count();
            match holding {
                1 => {}
                0 => {
                    let alternatives = self.faults_of_each(&node.one_of, value, pointer, sink);
                    sink.fault(node, pointer, Kind::OneOfNone(alternatives));
                }
                _ => sink.fault(node, pointer, Kind::OneOfMany),
            }
        }
    }

    /// What each of `alternatives` finds in `value`, when the sink gathers faults (for the
    /// finding to name what the nearest lacks); nothing when it only asks whether one holds.
    fn faults_of_each<'s>(
        &'s self,
        alternatives: &[usize],
        value: &Value,
        pointer: &mut String,
        sink: &Sink<'_, 's>,
    ) -> Vec<Vec<Fault<'s>>> {
        if sink.out.is_none() {
            return Vec::new();
        }
        alternatives
            .iter()
            .map(|&alternative| {
                let mut found = Vec::new();
                let mut each = Sink {
                    out: Some(&mut found),
                    holds: true,
                };
                self.check(alternative, value, pointer, &mut each);
                found
            })
            .collect()
    }
}

/// Where a check's faults go: every one to a list, or none, the check only asking whether the
/// value holds and stopping at its first fault.
struct Sink<'o, 's> {
    out: Option<&'o mut Vec<Fault<'s>>>,
    holds: bool,
}

impl<'s> Sink<'_, 's> {
    fn fault(&mut self, node: &'s Node, pointer: &str, kind: Kind<'s>) {
        self.holds = false;
        if let Some(out) = &mut self.out {
            out.push(node.fault(pointer, kind));
        }
    }

    /// Whether the faults are kept, rather than only whether there is one.
    fn collects(&self) -> bool {
        self.out.is_some()
    }

    /// Whether the check may stop: it only asks whether the value holds, and it does not.
    fn done(&self) -> bool {
        !self.holds && self.out.is_none()
    }
}

/// Equality as JSON Schema has it: numbers by value (`1` equals `1.0`).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i128(), y.as_i128()) {
            // Whole numbers exactly: past 2^53 two of them can share a 64-bit float.
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| equal(a, b)))
        }
        _ => a == b,
    }
}

struct Compiler<'a> {
    schema: &'a Value,
    nodes: Vec<Node>,
    /// Compiled `$ref` targets by their pointer, so that a recursive type compiles once.
    definitions: HashMap<String, Id>,
}

impl Compiler<'_> {
    fn compile(&mut self, value: &Value, location: String) -> Result<Id, SchemaError> {
        let id = self.nodes.len();
        self.nodes.push(Node::new(location.clone()));
        let node = self.node(value, location)?;
        self.nodes[id] = node;
        Ok(id)
    }

    fn reference(&mut self, reference: &str, location: &str) -> Result<Id, SchemaError> {
        let unknown = || SchemaError::Reference {
            location: location.to_owned(),
            reference: reference.to_owned(),
        };
        let target = reference.strip_prefix('#').ok_or_else(unknown)?;
        if let Some(&id) = self.definitions.get(target) {
            return Ok(id);
        }
        let value = self.schema.pointer(target).ok_or_else(unknown)?;
        let id = self.nodes.len();
        self.nodes.push(Node::new(target.to_owned()));
        self.definitions.insert(target.to_owned(), id);
        let node = self.node(value, target.to_owned())?;
        self.nodes[id] = node;
        Ok(id)
    }

    fn node(&mut self, value: &Value, location: String) -> Result<Node, SchemaError> {
        let Value::Object(map) = value else {
            // `true` allows anything; `false` (nothing) is never generated.
            return match value {
                Value::Bool(true) => Ok(Node::new(location)),
                _ => Err(SchemaError::Value {
                    location,
                    keyword: "schema".to_owned(),
                }),
            };
        };
        let mut node = Node::new(location.clone());
        for (keyword, value) in map {
            self.keyword(&mut node, keyword, value)?;
        }
        Ok(node)
    }

    /// Compiles one keyword of a schema object into `node`.
    fn keyword(
        &mut self,
        node: &mut Node,
        keyword: &str,
        value: &Value,
    ) -> Result<(), SchemaError> {
        let location = node.location.clone();
        let invalid = || SchemaError::Value {
            location: location.clone(),
            keyword: keyword.to_owned(),
        };
        let at = |part: &str| format!("{location}/{part}");
        let bound = |value: &Value| value.as_f64().ok_or_else(&invalid);
        match keyword {
            k if ANNOTATIONS.contains(&k) => {}
            "$schema" => {
                if value.as_str() != Some(DIALECT) {
                    return Err(invalid());
                }
            }
            "$ref" => {
                let text = value.as_str().ok_or_else(&invalid)?;
                node.reference = Some(self.reference(text, &location)?);
            }
            "type" => {
                let names: Vec<&Value> = match value {
                    Value::Array(names) => names.iter().collect(),
                    one => vec![one],
                };
                for name in names {
                    let kind = name.as_str().and_then(Type::named);
                    node.types.push(kind.ok_or_else(&invalid)?);
                }
            }
            "properties" => {
                let properties = value.as_object().ok_or_else(&invalid)?;
                for (name, schema) in properties {
                    let id =
                        self.compile(schema, at(&format!("properties/{}", escape_key(name))))?;
                    node.properties.push((name.clone(), id));
                }
            }
            "required" => {
                let names = value.as_array().ok_or_else(&invalid)?;
                for name in names {
                    let name = name.as_str().ok_or_else(&invalid)?;
                    node.required.push(name.to_owned());
                }
            }
            "additionalProperties" => {
                node.additional = match value {
                    Value::Bool(false) => Additional::Refused,
                    Value::Bool(true) => Additional::Allowed,
                    schema => Additional::Checked(self.compile(schema, at(keyword))?),
                };
            }
            "items" => node.items = Some(self.compile(value, at(keyword))?),
            "minItems" | "maxItems" => {
                let count = value
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(&invalid)?;
                if keyword == "minItems" {
                    node.min_items = Some(count);
                } else {
                    node.max_items = Some(count);
                }
            }
            "minimum" => node.bounds.push((Side::Minimum, bound(value)?)),
            "exclusiveMinimum" => node.bounds.push((Side::ExclusiveMinimum, bound(value)?)),
            "maximum" => node.bounds.push((Side::Maximum, bound(value)?)),
            "exclusiveMaximum" => node.bounds.push((Side::ExclusiveMaximum, bound(value)?)),
            "pattern" => {
                let text = value.as_str().ok_or_else(&invalid)?;
                node.pattern = Some(Pattern::of(text).ok_or_else(&invalid)?);
            }
            "format" => {
                if value.as_str() != Some("date") {
                    return Err(invalid());
                }
                node.date = true;
            }
            "const" => node.constant = Some(value.clone()),
            "enum" => {
                node.enumeration = Some(value.as_array().ok_or_else(&invalid)?.clone());
            }
            "allOf" | "anyOf" | "oneOf" => {
                let alternatives = value.as_array().ok_or_else(&invalid)?;
                let mut ids = Vec::with_capacity(alternatives.len());
                for (i, alternative) in alternatives.iter().enumerate() {
                    ids.push(self.compile(alternative, at(&format!("{keyword}/{i}")))?);
                }
                match keyword {
                    "allOf" => node.all_of = ids,
                    "anyOf" => node.any_of = ids,
                    _ => node.one_of = ids,
                }
            }
            other => {
                return Err(SchemaError::Keyword {
                    location,
                    keyword: other.to_owned(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::*;

    fn kinds(schema: &Value, document: &Value) -> Vec<String> {
        let structure = Structure::new(schema).unwrap();
        structure
            .faults(document)
            .iter()
            .map(|f| format!("{} {:?}", f.pointer, f.kind))
            .collect()
    }

    #[test]
    fn every_fault_of_a_mapping_is_found_each_at_its_place() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": { "type": "string" },
                "count": { "type": "integer", "minimum": 1 },
                "when": { "type": "string", "format": "date" },
            },
            "required": ["name", "when"],
            "additionalProperties": false,
        });
        let document = json!({ "count": 0.5, "when": "2026-02-30", "nmae": "x", "extra": 1 });
        assert_eq!(
            kinds(&schema, &document),
            [
                "/count Type(Integer)",
                "/count Bound(Minimum, 1.0)",
                "/when Date",
                " Unknown([\"extra\", \"nmae\"])",
                " Required(\"name\")",
            ]
        );
        assert!(
            kinds(
                &schema,
                &json!({ "name": "x", "when": "2024-02-29", "count": 2.0 })
            )
            .is_empty()
        );
    }

    #[test]
    fn references_are_followed_and_recursion_compiles_once() {
        let schema = json!({
            "$ref": "#/$defs/Tree",
            "$defs": {
                "Tree": {
                    "type": "object",
                    "properties": { "children": { "type": "array", "items": { "$ref": "#/$defs/Tree" } } },
                    "additionalProperties": false,
                }
            }
        });
        let structure = Structure::new(&schema).unwrap();
        assert_eq!(structure.nodes.len(), 4);
        let document = json!({ "children": [ { "children": [ { "leaf": true } ] } ] });
        let faults = structure.faults(&document);
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].pointer, "/children/0/children/0");
        assert_eq!(faults[0].schema, "/$defs/Tree");
    }

    #[test]
    fn one_of_wants_exactly_one_and_both_keep_what_each_alternative_found() {
        let schema = json!({ "oneOf": [ { "type": "number" }, { "type": "integer" } ] });
        assert_eq!(kinds(&schema, &json!(1)), [" OneOfMany"]);
        assert!(kinds(&schema, &json!(1.5)).is_empty());
        let structure = Structure::new(&schema).unwrap();
        let faults = structure.faults(&json!("1"));
        let Kind::OneOfNone(alternatives) = &faults[0].kind else {
            panic!("{faults:?}")
        };
        assert!(matches!(alternatives[1][0].kind, Kind::Type(_)));
        let schema =
            json!({ "anyOf": [ { "const": "a" }, { "type": "object", "required": ["file"] } ] });
        let structure = Structure::new(&schema).unwrap();
        let faults = structure.faults(&json!({}));
        let Kind::AnyOf(alternatives) = &faults[0].kind else {
            panic!("{faults:?}")
        };
        assert_eq!(alternatives.len(), 2);
        assert!(matches!(alternatives[1][0].kind, Kind::Required("file")));
        assert!(kinds(&schema, &json!("a")).is_empty());
    }

    #[test]
    fn numbers_compare_by_value() {
        // JSON Schema 2020-12, section 6.1.3 (`const`) and 4.2.2 (instance equality).
        assert!(kinds(&json!({ "const": 1 }), &json!(1.0)).is_empty());
        assert!(kinds(&json!({ "enum": [2, 3] }), &json!(3.0)).is_empty());
        assert_eq!(kinds(&json!({ "enum": [2, 3] }), &json!(4)), [" Enum"]);
        assert_eq!(kinds(&json!({ "exclusiveMinimum": 0 }), &json!(0)).len(), 1);
        assert_eq!(
            kinds(
                &json!({ "maximum": 4_294_967_295_u64 }),
                &json!(4_294_967_296_u64)
            )
            .len(),
            1
        );
    }

    #[test]
    fn the_patterns_are_those_of_the_model() {
        let percent = Pattern::of(quantity::PERCENT_PATTERN).unwrap();
        for good in ["5%", " 5 % ", "0.5%", ".5%", "5.%", "100%"] {
            assert!(percent.matches(good), "{good}");
        }
        for bad in ["%", "5", "-5%", "+5%", "1e2%", "5%%", ".%", "five%", "٥%"] {
            assert!(!percent.matches(bad), "{bad}");
        }
        let growth = Pattern::of(quantity::GROWTH_PATTERN).unwrap();
        for good in ["5%", "-2%", "+0.5 %", " -.5% "] {
            assert!(growth.matches(good), "{good}");
        }
        for bad in ["-%", "--5%", "+-5%", "- 5%", "-5", "-1e2%"] {
            assert!(!growth.matches(bad), "{bad}");
        }
        let energy = Pattern::of(&quantity::pattern(Dimension::Energy)).unwrap();
        assert_eq!(energy, Pattern::Quantity(Dimension::Energy));
        assert!(energy.matches(" -1.5e3 kWh "));
        assert!(!energy.matches("1.5 kW") && !energy.matches("1e999 kWh"));
        let digest = Pattern::of(crate::model::hourly::SHA256_PATTERN).unwrap();
        assert!(digest.matches(&"ab".repeat(32)));
        assert!(!digest.matches(&"AB".repeat(32)) && !digest.matches("ab"));
    }

    /// jsonschema's reading of `pattern` (ECMA-262, as JSON Schema says: `\d` is an ASCII
    /// digit, `\s` includes U+FEFF and excludes U+0085).
    fn their_pattern(pattern: &str) -> jsonschema::Validator {
        jsonschema::validator_for(&json!({ "type": "string", "pattern": pattern })).unwrap()
    }

    /// Whether the model's parser refuses `text` where `pattern` stands: what the checker
    /// refuses that the pattern's regular expression lets through must be this.
    fn model_refuses(pattern: Pattern, text: &str) -> bool {
        match pattern {
            Pattern::Quantity(d) => quantity::parse(text, d).is_err(),
            Pattern::Percent => {
                serde_json::from_value::<crate::model::Percent>(json!(text)).is_err()
            }
            Pattern::Growth => serde_json::from_value::<crate::model::Growth>(json!(text)).is_err(),
            Pattern::Sha256 => false,
        }
    }

    proptest::proptest! {
        /// Each pattern the checker knows agrees with jsonschema's reading of the regular
        /// expression the schema publishes, on text made of the characters that matter to
        /// them (Unicode spaces and digits among them): it never lets through what the
        /// expression refuses, and refuses what the expression lets through only where the
        /// parser that reads the value would refuse it anyway (a number past a 64-bit float,
        /// a space no parser trims, a digit that is not ASCII).
        #[test]
        fn the_patterns_agree_with_their_regular_expressions(
            text in "[ \t\u{A0}\u{85}\u{FEFF}0-9\u{665}.eE+%a-f-]{0,8}(k?Wh|kW|h|%|gCO2e|L/kWh)?[ \u{FEFF}\u{85}]{0,2}",
            exponent in proptest::option::of(300..400u32),
        ) {
            let text = match exponent {
                Some(e) => text.replacen('e', &format!("e{e}"), 1),
                None => text,
            };
            let mut expressions = vec![
                crate::model::hourly::SHA256_PATTERN.to_owned(),
                quantity::PERCENT_PATTERN.to_owned(),
                quantity::GROWTH_PATTERN.to_owned(),
            ];
            expressions.extend(Dimension::ALL.into_iter().map(quantity::pattern));
            for expression in expressions {
                let pattern = Pattern::of(&expression).unwrap();
                let ours = pattern.matches(&text);
                let theirs = their_pattern(&expression).is_valid(&json!(text));
                proptest::prop_assert!(
                    ours == theirs || (theirs && model_refuses(pattern, &text)),
                    "{expression} on {text:?}: ours {ours}, theirs {theirs}"
                );
            }
        }

        /// Digests of every shape: 64 lower-case hexadecimal digits and nothing else.
        #[test]
        fn the_digest_pattern_agrees_with_its_regular_expression(
            text in "[0-9a-f]{64}|[0-9a-f]{63}[A-G \\n]|[0-9a-f]{63}|[0-9a-f]{65}"
        ) {
            let expression = crate::model::hourly::SHA256_PATTERN;
            proptest::prop_assert_eq!(
                Pattern::Sha256.matches(&text),
                their_pattern(expression).is_valid(&json!(text))
            );
        }
    }

    #[test]
    fn what_the_checker_does_not_implement_is_refused_at_compile_time() {
        for schema in [
            json!({ "properties": { "a": { "uniqueItems": true } } }),
            json!({ "format": "email" }),
            json!({ "pattern": "^a+$" }),
            json!({ "$ref": "#/$defs/Missing" }),
            json!({ "type": "decimal" }),
            json!(false),
            json!({ "$schema": "http://json-schema.org/draft-07/schema#" }),
            json!({ "$ref": "#" }),
            json!({ "$defs": { "A": { "allOf": [{ "$ref": "#/$defs/B" }] }, "B": { "anyOf": [{ "$ref": "#/$defs/A" }] } }, "$ref": "#/$defs/A" }),
        ] {
            assert!(Structure::new(&schema).is_err(), "{schema}");
        }
        let error = Structure::new(&json!({ "properties": { "a": { "uniqueItems": true } } }));
        assert_eq!(
            error.err().map(|e| e.to_string()).unwrap_or_default(),
            "`uniqueItems` at `/properties/a` is a JSON Schema keyword wattprint's checker does not implement"
        );
    }

    /// The keyword a fault breaks, as jsonschema's error names it (the last part of its
    /// schema path).
    fn keyword(kind: &Kind<'_>) -> &'static str {
        match kind {
            Kind::Type(_) => "type",
            Kind::Required(_) => "required",
            Kind::Unknown(_) => "additionalProperties",
            Kind::Pattern(_) => "pattern",
            Kind::Date => "format",
            Kind::Bound(Side::Minimum, _) => "minimum",
            Kind::Bound(Side::ExclusiveMinimum, _) => "exclusiveMinimum",
            Kind::Bound(Side::Maximum, _) => "maximum",
            Kind::Bound(Side::ExclusiveMaximum, _) => "exclusiveMaximum",
            Kind::MinItems(_) => "minItems",
            Kind::MaxItems(_) => "maxItems",
            Kind::Const(_) => "const",
            Kind::Enum => "enum",
            Kind::AnyOf(_) => "anyOf",
            Kind::OneOfNone(_) | Kind::OneOfMany => "oneOf",
        }
    }

    type Verdict = BTreeSet<(String, String)>;

    /// The places where jsonschema finds `document` breaking `schema`, with the keyword broken
    /// at each, and those the checker finds. Left out of the checker's: a pattern it refuses
    /// where jsonschema's regular expression lets the text through, which the model's parser
    /// refuses (checked here).
    fn verdicts(
        ours: &Structure,
        theirs: &jsonschema::Validator,
        document: &Value,
    ) -> (Verdict, Verdict) {
        let faults = ours.faults(document);
        // The check that stops at the first fault agrees with the one that gathers them all.
        assert_eq!(
            ours.holds(0, document, &mut String::new()),
            faults.is_empty()
        );
        let ours = faults
            .into_iter()
            .filter(|f| {
                let (Kind::Pattern(pattern), Some(text)) = (
                    &f.kind,
                    document.pointer(&f.pointer).and_then(Value::as_str),
                ) else {
                    return true;
                };
                let expression = match pattern {
                    Pattern::Quantity(d) => quantity::pattern(*d),
                    Pattern::Percent => quantity::PERCENT_PATTERN.to_owned(),
                    Pattern::Growth => quantity::GROWTH_PATTERN.to_owned(),
                    Pattern::Sha256 => crate::model::hourly::SHA256_PATTERN.to_owned(),
                };
                let let_through = their_pattern(&expression).is_valid(&json!(text));
                assert!(!let_through || model_refuses(*pattern, text), "{text:?}");
                !let_through
            })
            .map(|f| (f.pointer, keyword(&f.kind).to_owned()))
            .collect();
        let theirs = theirs
            .iter_errors(document)
            .map(|e| {
                let path = e.schema_path().as_str().to_owned();
                let keyword = path.rsplit('/').next().unwrap_or_default().to_owned();
                (e.instance_path().as_str().to_owned(), keyword)
            })
            .collect();
        (ours, theirs)
    }

    /// Values that break or pass the schema's keywords at their edges: types, the bounds of
    /// 32-bit fields and of whole numbers, dates, patterns (a trailing byte-order mark, which
    /// the patterns' `\s` lets through and the quantity parser does not).
    fn replacements() -> Vec<Value> {
        vec![
            json!("x"),
            json!(-1),
            json!(0),
            json!(1),
            json!(1.0),
            json!(1.5),
            json!(4_294_967_295_u64),
            json!(4_294_967_296_u64),
            json!(-2_147_483_649_i64),
            json!(9_223_372_036_854_775_808_u64),
            json!({}),
            json!([]),
            json!(null),
            json!(true),
            json!("5 kWh"),
            json!(LET_THROUGH[0]),
            json!(LET_THROUGH[1]),
            json!("2026-02-30"),
            json!("2024-02-29"),
            json!("5%"),
        ]
    }

    /// Quantities the schema's patterns let through and the quantity parser refuses.
    const LET_THROUGH: [&str; 2] = ["5 kWh\u{FEFF}", "1e400 kWh"];

    /// Checks the checker's `found` against jsonschema's `expected` for a document changed at
    /// `pointer`: the same, or, where the change is one of [`LET_THROUGH`], more faults only on
    /// the way to the change (the pattern's own, and an `anyOf` or `oneOf` it made fail).
    fn agree(found: &Verdict, expected: &Verdict, document: &Value, pointer: &str, context: &str) {
        let let_through = document
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|text| LET_THROUGH.contains(&text));
        if !let_through {
            assert_eq!(found, expected, "{context} with {pointer} changed");
            return;
        }
        assert!(
            expected.is_subset(found),
            "{context} with {pointer} changed: {found:?} {expected:?}"
        );
        for (place, _) in found.difference(expected) {
            assert!(
                pointer.starts_with(place.as_str()),
                "{context} with {pointer} changed: {place}"
            );
        }
    }

    /// `document` with each of its values replaced by each of [`replacements`], removed, or
    /// given one or two unknown neighbours; each change is handed to `check`.
    fn mutations(document: &Value, mut check: impl FnMut(&str, &Value)) -> usize {
        let mut pointers = Vec::new();
        every_pointer(document, &mut String::new(), &mut pointers);
        let mut count = 0;
        for pointer in &pointers {
            for replacement in replacements() {
                let mut changed = document.clone();
                if let Some(place) = changed.pointer_mut(pointer) {
                    *place = replacement;
                }
                check(pointer, &changed);
                count += 1;
            }
            let Some((parent, key)) = pointer.rsplit_once('/') else {
                continue;
            };
            if let Some(Value::Object(map)) = document.pointer(parent) {
                let mut removed = map.clone();
                removed.remove(&key.replace("~1", "/").replace("~0", "~"));
                let mut extended = map.clone();
                extended.insert("zz_unknown".to_owned(), json!(1));
                let mut twice = extended.clone();
                twice.insert("zz_other".to_owned(), json!(2));
                for map in [removed, extended, twice] {
                    let mut changed = document.clone();
                    if let Some(place) = changed.pointer_mut(parent) {
                        *place = Value::Object(map);
                    }
                    check(pointer, &changed);
                    count += 1;
                }
            }
        }
        count
    }

    /// Every example and fixture, and every example with each of its values changed (see
    /// [`mutations`]): the checker finds faults at exactly the places, and of exactly the
    /// keywords, that jsonschema (draft 2020-12, formats checked) does.
    #[test]
    fn the_checker_agrees_with_jsonschema_on_the_fixtures_and_their_mutations() {
        let schema = crate::model::validation_schema();
        let ours = Structure::new(&schema).unwrap();
        let theirs = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/fixtures/invalid"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        files.sort();
        let data = crate::reference::Dataset::builtin();
        let (mut documents, mut faulty, mut changed) = (0, 0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let source = crate::load::Source::from_text(path, text);
            let Ok(mut document) = crate::load::document(source, crate::load::Limits::default())
            else {
                // Only the fixtures of errors the loader finds (YAML's own, a hidden character in a
                // key) fail to load.
                let name = path.file_name().unwrap().to_string_lossy();
                assert!(
                    name.starts_with("yaml-") || name == "hidden-character.yaml",
                    "{name} does not load"
                );
                continue;
            };
            let _ = crate::reference::resolve::resolve(&mut document.value, data);
            let (found, expected) = verdicts(&ours, &theirs, &document.value);
            assert_eq!(found, expected, "{}", path.display());
            documents += 1;
            faulty += usize::from(!found.is_empty());
            if path.starts_with(root.join("examples")) {
                changed += mutations(&document.value, |pointer, document| {
                    let (found, expected) = verdicts(&ours, &theirs, document);
                    let context = path.display().to_string();
                    agree(&found, &expected, document, pointer, &context);
                });
            }
        }
        assert!(
            documents >= 40 && faulty >= 10 && changed >= 10_000,
            "{documents} documents, {faulty} with faults, {changed} changed"
        );
    }

    /// The same for the schema of reference data files (`--data`).
    #[test]
    fn the_checker_agrees_with_jsonschema_on_reference_data() {
        let schema = crate::reference::UserData::schema();
        let ours = Structure::new(&schema).unwrap();
        let theirs = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let document = json!({
            "name": "Fixture factors 2026",
            "grid": [{ "zone": "DE", "name": "Germany", "value": "350 gCO2e/kWh", "year": 2025, "source": "UBA" }],
            "residual_mix": [{ "zone": "DE", "value": "700 gCO2e/kWh", "year": 2024, "source": "AIB" }],
            "hardware": [{
                "id": "gpu", "name": "A GPU", "source": "datasheet", "tdp": "700 W", "idle": "60 W",
                "embodied": { "value": "150 kgCO2e", "year": 2024, "source": "vendor" },
                "peak_tflops": { "fp16": 990 }
            }],
            "providers": [{ "id": "cloud", "name": "A cloud", "pue": { "value": 1.1, "year": 2025, "source": "report" } }],
            "cloud_regions": [{ "provider": "cloud", "region": "eu-1", "zone": "DE", "source": "docs" }]
        });
        let (found, expected) = verdicts(&ours, &theirs, &document);
        assert_eq!(found, expected);
        let changed = mutations(&document, |pointer, document| {
            let (found, expected) = verdicts(&ours, &theirs, document);
            agree(&found, &expected, document, pointer, "reference data");
        });
        assert!(changed >= 500, "{changed}");
    }

    fn every_pointer(value: &Value, pointer: &mut String, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (escape_key(k), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (key, child) in children {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&key);
            out.push(pointer.clone());
            every_pointer(child, pointer, out);
            pointer.truncate(len);
        }
    }

    #[test]
    fn the_unknown_fields_of_a_mapping_are_one_fault() {
        let schema = json!({ "type": "object", "additionalProperties": false });
        let document: Map<String, Value> = (0..100_000)
            .map(|i| (format!("k{i:06}"), json!(i)))
            .collect();
        let structure = Structure::new(&schema).unwrap();
        let faults = structure.faults(&Value::Object(document));
        assert_eq!(faults.len(), 1);
        assert!(matches!(&faults[0].kind, Kind::Unknown(names)
            if names.len() == 100_000 && names[0] == "k000000"));
    }

    #[test]
    fn whole_numbers_past_a_float_compare_exactly() {
        // 2^53 + 1 and 2^53 are one 64-bit float apart from each other only as whole numbers.
        let schema = json!({ "const": 9_007_199_254_740_993_u64 });
        assert_eq!(
            kinds(&schema, &json!(9_007_199_254_740_992_u64)),
            [" Const(Number(9007199254740993))"]
        );
        assert!(kinds(&schema, &json!(9_007_199_254_740_993_u64)).is_empty());
    }

    #[test]
    fn the_model_schemas_compile() {
        Structure::new(&crate::model::validation_schema()).unwrap();
        Structure::new(&crate::reference::UserData::schema()).unwrap();
    }
}
