//! Where each value of a loaded document stands in its file, found by JSON pointer.
//!
//! Later stages speak in JSON pointers (the schema validator does, and rules build them from
//! indices); this index turns a pointer back into `line:col`. It is a tree shaped like the
//! document, so building it costs one small node per value and no pointer strings; a lookup
//! walks the pointer's segments. A pointer into a value that came from an alias resolves to
//! the alias itself, the nearest place that exists in the text.

use crate::diagnostic::Span;

/// Spans of values and of the keys that introduce them, in the shape of the document.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    span: Span,
    key: Option<Span>,
    children: Children,
}

#[derive(Debug, Clone)]
enum Children {
    Leaf,
    Sequence(Vec<usize>),
    Mapping(Vec<(String, usize)>),
}

impl SpanIndex {
    /// Adds a value's node (the first one added is the root) and returns its id.
    pub(super) fn push(&mut self, span: Span) -> usize {
        self.nodes.push(Node {
            span,
            key: None,
            children: Children::Leaf,
        });
        self.nodes.len() - 1
    }

    pub(super) fn set_span(&mut self, node: usize, span: Span) {
        self.nodes[node].span = span;
    }

    pub(super) fn set_key(&mut self, node: usize, key: Span) {
        self.nodes[node].key = Some(key);
    }

    pub(super) fn set_items(&mut self, node: usize, items: Vec<usize>) {
        self.nodes[node].children = Children::Sequence(items);
    }

    pub(super) fn set_entries(&mut self, node: usize, entries: Vec<(String, usize)>) {
        self.nodes[node].children = Children::Mapping(entries);
    }

    /// The node at `pointer` and, when the walk stops early, the nearest ancestor reached.
    fn walk(&self, pointer: &str) -> (Option<usize>, Option<usize>) {
        if self.nodes.is_empty() {
            return (None, None);
        }
        let mut node = 0;
        for segment in pointer.split('/').skip(1) {
            let next = match &self.nodes[node].children {
                Children::Leaf => None,
                Children::Sequence(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).copied()),
                Children::Mapping(entries) => {
                    let key = segment.replace("~1", "/").replace("~0", "~");
                    entries.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
                }
            };
            match next {
                Some(child) => node = child,
                None => return (None, Some(node)),
            }
        }
        (Some(node), Some(node))
    }

    /// The span of the value at `pointer`, if it stands in the text.
    #[must_use]
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.walk(pointer).0.map(|n| self.nodes[n].span)
    }

    /// The span of the key that introduces the value at `pointer`.
    #[must_use]
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.walk(pointer).0.and_then(|n| self.nodes[n].key)
    }

    /// The best place to show for a finding about the value at `pointer`: the value itself,
    /// or the nearest enclosing value that stands in the text.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<Span> {
        self.walk(pointer).1.map(|n| self.nodes[n].span)
    }

    /// The keys of the mapping at `pointer`, in the order the text gives them; none when no
    /// mapping stands there in the text.
    pub fn keys(&self, pointer: &str) -> impl Iterator<Item = &str> {
        let entries = match self.walk(pointer).0.map(|n| &self.nodes[n].children) {
            Some(Children::Mapping(entries)) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().map(|(key, _)| key.as_str())
    }

    /// The place to show for a finding about a mapping as a whole (a missing field): the key
    /// that introduces it, so the caret lands on `energy:` rather than on its first child.
    #[must_use]
    pub fn locate_mapping(&self, pointer: &str) -> Option<Span> {
        self.key_span(pointer).or_else(|| self.locate(pointer))
    }
}
