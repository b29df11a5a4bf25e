//! Where each value of a loaded document stands in its file, by JSON pointer.
//!
//! Later stages speak in JSON pointers (the schema validator does, and rules build them from
//! indices); this index turns a pointer back into `line:col`. A pointer into a value that came
//! from an alias resolves to the alias itself, the nearest place that exists in the text.

use std::collections::HashMap;

use crate::diagnostic::Span;

/// Spans of values and of the keys that introduce them, by JSON pointer.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    values: HashMap<String, Span>,
    keys: HashMap<String, Span>,
}

impl SpanIndex {
    pub(super) fn insert_value(&mut self, pointer: &str, span: Span) {
        self.values.insert(pointer.to_owned(), span);
    }

    pub(super) fn insert_key(&mut self, pointer: &str, span: Span) {
        self.keys.insert(pointer.to_owned(), span);
    }

    /// The span of the value at `pointer`, if it stands in the text.
    #[must_use]
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.values.get(pointer).copied()
    }

    /// The span of the key that introduces the value at `pointer`.
    #[must_use]
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.keys.get(pointer).copied()
    }

    /// The best place to show for a finding about the value at `pointer`: the value itself,
    /// or the nearest enclosing value that stands in the text.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<Span> {
        let mut current = pointer;
        loop {
            if let Some(span) = self.value_span(current) {
                return Some(span);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }

    /// The place to show for a finding about a mapping as a whole (a missing field): the key
    /// that introduces it, so the caret lands on `energy:` rather than on its first child.
    #[must_use]
    pub fn locate_mapping(&self, pointer: &str) -> Option<Span> {
        self.key_span(pointer).or_else(|| self.locate(pointer))
    }
}
