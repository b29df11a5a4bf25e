//! The JSON Schema keywords wattprint's generated schemas use, checked by hand.
//!
//! The schemas `validate` checks documents against are generated from the model types
//! (schemars), so they use a small part of JSON Schema 2020-12: `$ref` into `$defs`, `type`,
//! `properties`, `required`, `additionalProperties`, `items`, `minItems` and `maxItems`, the
//! numeric bounds, `const`, `enum`, `allOf`, `anyOf`, `oneOf`, `format: date`, and the
//! `pattern`s of quantities, percentages and SHA-256 digests. A general validator (the
//! `jsonschema` crate) compiled them in about 4 ms at every start of the command line, three
//! quarters of a `validate`, and took 3 MB of the binary (BENCHMARKS.md); this compiles them in
//! a fraction of a millisecond.
//!
//! It fails closed: a keyword, `format` or `pattern` outside that subset is refused when the
//! schema is compiled, so a change of the model that brings one in fails the schema's tests
//! rather than going unchecked. A pattern is checked by the parser that reads the value later
//! (a quantity by [`quantity::parse`]), so a value the schema lets through is one the model can
//! read. The integration tests compare every verdict with the `jsonschema` crate's.

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
        keyword: &'static str,
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

/// Keywords that only annotate: they never make a document invalid.
const ANNOTATIONS: [&str; 10] = [
    "$schema",
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
    /// A SHA-256 digest in lower-case hexadecimal ([`crate::model::hourly::SHA256_PATTERN`]).
    Sha256,
}

impl Pattern {
    fn of(text: &str) -> Option<Self> {
        if text == quantity::PERCENT_PATTERN {
            return Some(Self::Percent);
        }
        if text == crate::model::hourly::SHA256_PATTERN {
            return Some(Self::Sha256);
        }
        quantity::dimension_of_pattern(text).map(Self::Quantity)
    }

    /// Whether `text` matches. The quantity and percentage patterns allow any white space
    /// around the parts, as the regular expressions' `\s` does, and their digits are ASCII
    /// ones (a Unicode digit the expressions' `\d` would let through no parser reads).
    #[must_use]
    pub fn matches(self, text: &str) -> bool {
        match self {
            Self::Quantity(dimension) => quantity::parse(text, dimension).is_ok(),
            Self::Percent => text
                .trim()
                .strip_suffix('%')
                .is_some_and(|number| decimal(number.trim_end())),
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
    /// A mapping has a field the schema does not allow.
    Unknown(String),
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
    /// The value matches none of the `oneOf` alternatives.
    OneOfNone,
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
        Ok(Self {
            nodes: compiler.nodes,
        })
    }

    /// Every place `document` breaks the schema, each once.
    #[must_use]
    pub fn faults<'s>(&'s self, document: &Value) -> Vec<Fault<'s>> {
        let mut faults = Vec::new();
        self.check(0, document, &mut String::new(), &mut faults);
        faults
    }

    fn check<'s>(&'s self, id: Id, value: &Value, pointer: &mut String, out: &mut Vec<Fault<'s>>) {
        let node = &self.nodes[id];
        if let Some(target) = node.reference {
            self.check(target, value, pointer, out);
        }
        if !node.types.is_empty() && !node.types.iter().any(|t| t.holds(value)) {
            out.push(node.fault(pointer, Kind::Type(node.types[0])));
        }
        match value {
            Value::Object(map) => self.check_object(node, map, pointer, out),
            Value::Array(items) => {
                if node.min_items.is_some_and(|min| items.len() < min) {
                    out.push(
                        node.fault(pointer, Kind::MinItems(node.min_items.unwrap_or_default())),
                    );
                }
                if node.max_items.is_some_and(|max| items.len() > max) {
                    out.push(
                        node.fault(pointer, Kind::MaxItems(node.max_items.unwrap_or_default())),
                    );
                }
                if let Some(item) = node.items {
                    for (i, value) in items.iter().enumerate() {
                        let len = pointer.len();
                        pointer.push('/');
                        pointer.push_str(&i.to_string());
                        self.check(item, value, pointer, out);
                        pointer.truncate(len);
                    }
                }
            }
            Value::String(text) => {
                if let Some(pattern) = node.pattern.filter(|p| !p.matches(text)) {
                    out.push(node.fault(pointer, Kind::Pattern(pattern)));
                }
                if node.date && !is_date(text) {
                    out.push(node.fault(pointer, Kind::Date));
                }
            }
            Value::Number(number) => {
                if let Some(n) = number.as_f64() {
                    for &(side, limit) in &node.bounds {
                        if !side.holds(n, limit) {
                            out.push(node.fault(pointer, Kind::Bound(side, limit)));
                        }
                    }
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
        if let Some(constant) = &node.constant
            && !equal(value, constant)
        {
            out.push(node.fault(pointer, Kind::Const(constant)));
        }
        if let Some(values) = &node.enumeration
            && !values.iter().any(|v| equal(value, v))
        {
            out.push(node.fault(pointer, Kind::Enum));
        }
        for &part in &node.all_of {
            self.check(part, value, pointer, out);
        }
        if !node.any_of.is_empty() {
            let mut alternatives = Vec::with_capacity(node.any_of.len());
            for &alternative in &node.any_of {
                let mut found = Vec::new();
                self.check(alternative, value, pointer, &mut found);
                if found.is_empty() {
                    alternatives.clear();
                    break;
                }
                alternatives.push(found);
            }
            if !alternatives.is_empty() {
                out.push(node.fault(pointer, Kind::AnyOf(alternatives)));
            }
        }
        if !node.one_of.is_empty() {
            let matched = node
                .one_of
                .iter()
                .filter(|&&alternative| {
                    let mut found = Vec::new();
                    self.check(alternative, value, pointer, &mut found);
                    found.is_empty()
                })
                .count();
            match matched {
                1 => {}
                0 => out.push(node.fault(pointer, Kind::OneOfNone)),
                _ => out.push(node.fault(pointer, Kind::OneOfMany)),
            }
        }
    }

    fn check_object<'s>(
        &'s self,
        node: &'s Node,
        map: &Map<String, Value>,
        pointer: &mut String,
        out: &mut Vec<Fault<'s>>,
    ) {
        for (key, value) in map {
            let schema = match (node.property(key), &node.additional) {
                (Some(id), _) | (None, &Additional::Checked(id)) => Some(id),
                (None, Additional::Allowed) => None,
                (None, Additional::Refused) => {
                    out.push(node.fault(pointer, Kind::Unknown(key.clone())));
                    None
                }
            };
            if let Some(id) = schema {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_key(key));
                self.check(id, value, pointer, out);
                pointer.truncate(len);
            }
        }
        for name in &node.required {
            if !map.contains_key(name) {
                out.push(node.fault(pointer, Kind::Required(name)));
            }
        }
    }
}

/// Equality as JSON Schema has it: numbers by value (`1` equals `1.0`).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
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
        let invalid = |keyword: &'static str| SchemaError::Value {
            location: location.clone(),
            keyword,
        };
        let Value::Object(map) = value else {
            // `true` allows anything; `false` (nothing) is never generated.
            return match value {
                Value::Bool(true) => Ok(Node::new(location)),
                _ => Err(invalid("schema")),
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
        let invalid = |keyword: &'static str| SchemaError::Value {
            location: location.clone(),
            keyword,
        };
        let at = |part: &str| format!("{location}/{part}");
        match keyword {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let text = value.as_str().ok_or_else(|| invalid("$ref"))?;
                node.reference = Some(self.reference(text, &location)?);
            }
            "type" => {
                let names: Vec<&Value> = match value {
                    Value::Array(names) => names.iter().collect(),
                    one => vec![one],
                };
                for name in names {
                    let kind = name.as_str().and_then(Type::named);
                    node.types.push(kind.ok_or_else(|| invalid("type"))?);
                }
            }
            "properties" => {
                let properties = value.as_object().ok_or_else(|| invalid("properties"))?;
                for (name, schema) in properties {
                    let id =
                        self.compile(schema, at(&format!("properties/{}", escape_key(name))))?;
                    node.properties.push((name.clone(), id));
                }
            }
            "required" => {
                let names = value.as_array().ok_or_else(|| invalid("required"))?;
                for name in names {
                    let name = name.as_str().ok_or_else(|| invalid("required"))?;
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
                    .ok_or_else(|| invalid("minItems"))?;
                if keyword == "minItems" {
                    node.min_items = Some(count);
                } else {
                    node.max_items = Some(count);
                }
            }
            "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum" => {
                let side = match keyword {
                    "minimum" => Side::Minimum,
                    "exclusiveMinimum" => Side::ExclusiveMinimum,
                    "maximum" => Side::Maximum,
                    _ => Side::ExclusiveMaximum,
                };
                node.bounds
                    .push((side, value.as_f64().ok_or_else(|| invalid("minimum"))?));
            }
            "pattern" => {
                let text = value.as_str().ok_or_else(|| invalid("pattern"))?;
                node.pattern = Some(Pattern::of(text).ok_or_else(|| invalid("pattern"))?);
            }
            "format" => {
                if value.as_str() != Some("date") {
                    return Err(invalid("format"));
                }
                node.date = true;
            }
            "const" => node.constant = Some(value.clone()),
            "enum" => {
                node.enumeration = Some(value.as_array().ok_or_else(|| invalid("enum"))?.clone());
            }
            "allOf" | "anyOf" | "oneOf" => {
                let alternatives = value.as_array().ok_or_else(|| invalid("oneOf"))?;
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
    use crate::model::quantity::QuantityError;

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
                " Unknown(\"extra\")",
                " Unknown(\"nmae\")",
                "/when Date",
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
    fn one_of_wants_exactly_one_and_any_of_keeps_what_each_alternative_found() {
        let schema = json!({ "oneOf": [ { "type": "number" }, { "type": "integer" } ] });
        assert_eq!(kinds(&schema, &json!(1)), [" OneOfMany"]);
        assert!(kinds(&schema, &json!(1.5)).is_empty());
        assert_eq!(kinds(&schema, &json!("1")), [" OneOfNone"]);
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
        assert!(kinds(&json!({ "exclusiveMinimum": 0 }), &json!(0)).len() == 1);
        assert!(
            kinds(
                &json!({ "maximum": 4_294_967_295_u64 }),
                &json!(4_294_967_296_u64)
            )
            .len()
                == 1
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
        let energy = Pattern::of(&quantity::pattern(Dimension::Energy)).unwrap();
        assert_eq!(energy, Pattern::Quantity(Dimension::Energy));
        assert!(energy.matches(" -1.5e3 kWh "));
        assert!(!energy.matches("1.5 kW") && !energy.matches("1e999 kWh"));
        let digest = Pattern::of(crate::model::hourly::SHA256_PATTERN).unwrap();
        assert!(digest.matches(&"ab".repeat(32)));
        assert!(!digest.matches(&"AB".repeat(32)) && !digest.matches("ab"));
    }

    proptest::proptest! {
        /// Each pattern the checker knows agrees with the regular expression the schema
        /// publishes, on text made of the characters that matter to them. The one
        /// difference allowed: a quantity too large for a 64-bit float, which the regular
        /// expression cannot see and the parser refuses.
        #[test]
        fn the_patterns_agree_with_their_regular_expressions(
            text in "[ 0-9.eE+%-]{0,6}(k?Wh|kW|h|%|gCO2e|L/kWh)?[ ]{0,2}",
            exponent in proptest::option::of(300..400u32),
        ) {
            let text = match exponent {
                Some(e) => text.replacen('e', &format!("e{e}"), 1),
                None => text,
            };
            let mut texts = vec![
                (crate::model::hourly::SHA256_PATTERN.to_owned(), "ab".repeat(32)),
                (quantity::PERCENT_PATTERN.to_owned(), text.clone()),
            ];
            for dimension in Dimension::ALL {
                texts.push((quantity::pattern(dimension), text.clone()));
            }
            for (expression, text) in texts {
                let ours = Pattern::of(&expression).unwrap().matches(&text);
                let theirs = regex::Regex::new(&expression).unwrap().is_match(&text);
                let too_large = match Pattern::of(&expression) {
                    Some(Pattern::Quantity(d)) => {
                        matches!(quantity::parse(&text, d), Err(QuantityError::NotFinite { .. }))
                    }
                    _ => false,
                };
                proptest::prop_assert!(ours == theirs || (theirs && too_large), "{expression} on {text:?}");
            }
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
        ] {
            assert!(Structure::new(&schema).is_err(), "{schema}");
        }
        let error = Structure::new(&json!({ "properties": { "a": { "uniqueItems": true } } }));
        assert_eq!(
            error.err().map(|e| e.to_string()).unwrap_or_default(),
            "`uniqueItems` at `/properties/a` is a JSON Schema keyword wattprint's checker does not implement"
        );
    }

    /// Where jsonschema finds `document` breaking `schema`, and where the checker does (a
    /// quantity too large to compute with left out: jsonschema's regular expression cannot see
    /// it, the checker's parser refuses it).
    fn verdicts(
        ours: &Structure,
        theirs: &jsonschema::Validator,
        document: &Value,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let ours = ours
            .faults(document)
            .into_iter()
            .filter(|f| {
                let text = document.pointer(&f.pointer).and_then(Value::as_str);
                !matches!(
                    (&f.kind, text),
                    (Kind::Pattern(Pattern::Quantity(d)), Some(text))
                        if matches!(quantity::parse(text, *d), Err(QuantityError::NotFinite { .. }))
                )
            })
            .map(|f| f.pointer)
            .collect();
        let theirs = theirs
            .iter_errors(document)
            .map(|e| e.instance_path().as_str().to_owned())
            .collect();
        (ours, theirs)
    }

    /// Every example and fixture, and every example with each of its values replaced by a
    /// value of another kind, removed, or given an unknown neighbour: the checker finds faults
    /// at exactly the places jsonschema (draft 2020-12, formats checked) does.
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
        let (mut documents, mut faulty, mut mutations) = (0, 0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let source = crate::load::Source::from_text(path, text);
            let Ok(mut document) = crate::load::document(source, crate::load::Limits::default())
            else {
                continue;
            };
            let _ = crate::reference::resolve::resolve(&mut document.value, data);
            let (found, expected) = verdicts(&ours, &theirs, &document.value);
            assert_eq!(found, expected, "{}", path.display());
            documents += 1;
            faulty += usize::from(!found.is_empty());
            if !path.starts_with(root.join("examples")) {
                continue;
            }
            let mut pointers = Vec::new();
            every_pointer(&document.value, &mut String::new(), &mut pointers);
            let replacements = [
                json!("x"),
                json!(-1),
                json!(0),
                json!(1),
                json!(1.5),
                json!({}),
                json!([]),
                json!(null),
                json!("5 kWh"),
                json!("2026-02-30"),
                json!("5%"),
            ];
            for pointer in &pointers {
                let mut variants: Vec<Value> = replacements
                    .iter()
                    .map(|replacement| {
                        let mut changed = document.value.clone();
                        *changed.pointer_mut(pointer).unwrap() = replacement.clone();
                        changed
                    })
                    .collect();
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                if let Some(Value::Object(map)) = document.value.pointer(parent) {
                    let mut removed = map.clone();
                    removed.remove(&key.replace("~1", "/").replace("~0", "~"));
                    let mut extended = map.clone();
                    extended.insert("zz_unknown".to_owned(), json!(1));
                    for map in [removed, extended] {
                        let mut changed = document.value.clone();
                        *changed.pointer_mut(parent).unwrap() = Value::Object(map);
                        variants.push(changed);
                    }
                }
                for changed in variants {
                    let (found, expected) = verdicts(&ours, &theirs, &changed);
                    assert_eq!(found, expected, "{} with {pointer} changed", path.display());
                    mutations += 1;
                }
            }
        }
        assert!(
            documents >= 40 && faulty >= 10 && mutations >= 1_000,
            "{documents} {faulty} {mutations}"
        );
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
    fn the_model_schemas_compile() {
        Structure::new(&crate::model::validation_schema()).unwrap();
        Structure::new(&crate::reference::UserData::schema()).unwrap();
    }
}
