//! What a template may do: no environment, clock or randomness, no composition of templates,
//! no recursion, and bounded ranges, output and structure, so that any template renders the
//! same bytes in bounded time and memory or is refused with the reason.

use tera::Tera;

use super::escaping::{DEFAULT_ESCAPE, DefaultEscape, Escape};
use crate::render::escape;

/// Why `template` could render without end, if it could: it includes, extends or imports
/// (itself, possibly), a macro calls itself, or a chain of macro calls runs deeper than Tera's
/// stack allows.
pub(super) fn unbounded_structure(template: &tera::Template) -> Option<String> {
    let composed = composition(&template.ast)
        .or_else(|| template.parent.as_ref().map(|_| "extends"))
        .or_else(|| (!template.imported_macro_files.is_empty()).then_some("import"));
    if let Some(tag) = composed {
        return Some(format!(
            "`{{% {tag} %}}` is not available: a wattprint template is one file per format (macros go in the same file)"
        ));
    }
    if let Some(cycle) = macro_cycle(template) {
        return Some(format!(
            "the macro `{cycle}` calls itself, directly or through others; recursion is not allowed, as it could run without end"
        ));
    }
    long_macro_chain(template).map(|name| {
        format!(
            "the macro `{name}` starts a chain of more than {MAX_MACRO_CHAIN} macro calls, deeper than a template may go"
        )
    })
}

/// Most bytes a template may render to: a long report is a few hundred kilobytes.
pub const MAX_RENDERED_BYTES: usize = 64 << 20;

/// Most numbers `range` may give: a report's loops run over its own lists, never this far.
pub const MAX_RANGE: usize = 100_000;

/// The output of a rendering, refused past [`MAX_RENDERED_BYTES`] so that a template's loops
/// cannot fill memory.
#[derive(Default)]
pub(super) struct BoundedOutput {
    pub(super) bytes: Vec<u8>,
    pub(super) exceeded: bool,
}

impl std::io::Write for BoundedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDERED_BYTES {
            self.exceeded = true;
            return Err(std::io::Error::other("the rendering is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Tera instance for rendering `entry` that can reach nothing outside its context: Tera's
/// functions that read the environment, the clock or a random source are replaced by ones
/// that refuse (a template must not put `GH_TOKEN` into a report, and the same inputs must
/// give the same bytes), and `range` is bounded.
pub(super) fn sandbox(entry: &str) -> Tera {
    let mut tera = Tera::default();
    for name in ["get_env", "now", "get_random"] {
        tera.register_function(name, Refused(name));
    }
    tera.register_function("range", bounded_range);
    // `indent` sizes its output before writing it, so a long text aborts on allocation before
    // the memory guard can see it.
    tera.register_filter("indent", RefusedFilter("indent"));
    tera.register_filter("typst", Escape(escape::typst_markup));
    tera.register_filter("typst_str", Escape(escape::typst_string));
    tera.register_filter("md", Escape(escape::markdown));
    tera.register_filter("html", Escape(escape::html));
    tera.register_filter(
        DEFAULT_ESCAPE,
        DefaultEscape(match entry.rsplit('.').next() {
            Some("typ") => escape::typst_markup,
            Some("md") => escape::markdown,
            _ => escape::html,
        }),
    );
    // Escaping is added to the template itself (`escape_by_default`), not left to Tera's
    // autoescape, which escapes values in `{% if %}` comparisons too.
    tera.autoescape_on(Vec::new());
    tera
}

/// The first `{% include %}`, `{% extends %}` or `{% import %}` in `nodes`, by its tag: a
/// wattprint template is one file per format, and these could make a file render itself
/// without end.
pub(super) fn composition(nodes: &[tera::ast::Node]) -> Option<&'static str> {
    use tera::ast::Node;
    nodes.iter().find_map(|node| match node {
        Node::Include(..) => Some("include"),
        Node::Extends(..) => Some("extends"),
        Node::ImportMacro(..) => Some("import"),
        Node::MacroDefinition(_, definition, _) => composition(&definition.body),
        Node::FilterSection(_, section, _) => composition(&section.body),
        Node::Block(_, block, _) => composition(&block.body),
        Node::Forloop(_, each, _) => {
            composition(&each.body).or_else(|| each.empty_body.as_deref().and_then(composition))
        }
        Node::If(branches, _) => branches
            .conditions
            .iter()
            .find_map(|(_, _, body)| composition(body))
            .or_else(|| {
                branches
                    .otherwise
                    .as_ref()
                    .and_then(|(_, body)| composition(body))
            }),
        _ => None,
    })
}

/// What in a template's source could crash Tera itself, which panics (and, in a release
/// build, aborts) on some inputs instead of failing: brackets nested deeper than its parser's
/// stack allows, and integer or float literals beyond what its arithmetic handles
/// (`i64::MIN % -1`, a literal that parses to infinity). Only the insides of `{{ }}` and
/// `{% %}` tags are read; the Typst, Markdown or HTML around them is not Tera's.
pub(super) fn tera_hazard(source: &str) -> Option<&'static str> {
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[1..end];
        let (mut depth, mut deepest, mut digits, mut longest) = (0_usize, 0, 0, 0);
        for c in tag.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            deepest = deepest.max(depth);
            digits = if c.is_ascii_digit() { digits + 1 } else { 0 };
            longest = longest.max(digits);
        }
        if deepest > MAX_TAG_NESTING {
            return Some("brackets nested more than 32 deep inside a tag");
        }
        if longest > MAX_LITERAL_DIGITS {
            return Some("a number of more than 15 digits inside a tag");
        }
        rest = &after[end..];
    }
    None
}

/// Deepest brackets inside one Tera tag: a real template nests three or four.
pub(super) const MAX_TAG_NESTING: usize = 32;

/// Longest run of digits inside one Tera tag: beyond 15, integers leave the range Tera's
/// arithmetic handles exactly and floats can round to infinity.
pub(super) const MAX_LITERAL_DIGITS: usize = 15;

/// The longest chain of macro calls a template may make: Tera has no bound of its own, and a
/// long enough chain overflows the stack.
pub(super) const MAX_MACRO_CHAIN: usize = 64;

/// A Tera filter a template may not use.
pub(super) struct RefusedFilter(&'static str);

impl tera::Filter for RefusedFilter {
    fn filter(
        &self,
        _: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Err(tera::Error::msg(format!(
            "the filter `{}` is not available to wattprint templates",
            self.0
        )))
    }
}

/// A Tera function a template may not call.
pub(super) struct Refused(&'static str);

impl tera::Function for Refused {
    fn call(
        &self,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Err(tera::Error::msg(format!(
            "`{}` is not available to wattprint templates: a report depends on its inputs only",
            self.0
        )))
    }
}

/// Tera's `range(start=0, end, step_by=1)`, refusing more than [`MAX_RANGE`] numbers.
pub(super) fn bounded_range(
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let number = |name: &str, default: Option<i64>| match args.get(name) {
        Some(value) => value
            .as_i64()
            .ok_or_else(|| tera::Error::msg(format!("`range`: `{name}` must be an integer"))),
        None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{name}`"))),
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if step <= 0 {
        return Err(tera::Error::msg("`range`: `step_by` must be positive"));
    }
    let count = usize::try_from(end.saturating_sub(start)).unwrap_or(0);
    let step_size = usize::try_from(step).unwrap_or(1);
    if count.div_ceil(step_size) > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "`range` would give more than {MAX_RANGE} numbers"
        )));
    }
    Ok(tera::Value::Array(
        (start..end)
            .step_by(step_size)
            .map(tera::Value::from)
            .collect(),
    ))
}

/// The macros of a template and, for each, the macros it calls in the same template.
pub(super) type MacroGraph<'a> =
    std::collections::HashMap<&'a str, std::collections::BTreeSet<String>>;

pub(super) fn macro_graph(template: &tera::Template) -> MacroGraph<'_> {
    template
        .macros
        .iter()
        .map(|(name, definition)| {
            let mut called = std::collections::BTreeSet::new();
            macro_calls(&definition.body, &mut called);
            (name.as_str(), called)
        })
        .collect()
}

/// The longest chain of calls from macro `name`, computed once per macro (the calls form a
/// graph without cycles), and followed no deeper than past [`MAX_MACRO_CHAIN`].
pub(super) fn longest_chain<'a>(
    name: &'a str,
    calls: &'a MacroGraph<'a>,
    memo: &mut std::collections::HashMap<&'a str, usize>,
    depth: usize,
) -> usize {
    if let Some(&known) = memo.get(name) {
        return known;
    }
    if depth > MAX_MACRO_CHAIN {
        return depth;
    }
    let longest = calls.get(name).map_or(0, |called| {
        called
            .iter()
            .map(|next| longest_chain(next.as_str(), calls, memo, depth + 1))
            .max()
            .unwrap_or(0)
    }) + 1;
    memo.insert(name, longest);
    longest
}

/// The first macro of `template` that can call itself, through `self::` calls: Tera has no
/// bound on macro recursion, and a macro that calls itself overflows the stack.
pub(super) fn macro_cycle(template: &tera::Template) -> Option<String> {
    use std::collections::BTreeSet;
    let calls = macro_graph(template);
    let mut names: Vec<&str> = calls.keys().copied().collect();
    names.sort_unstable();
    names.into_iter().find_map(|start| {
        // Depth-first from `start`: a path back to it is a cycle.
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&str> = calls[start].iter().map(String::as_str).collect();
        while let Some(name) = pending.pop() {
            if name == start {
                return Some(start.to_owned());
            }
            if seen.insert(name)
                && let Some(next) = calls.get(name)
            {
                pending.extend(next.iter().map(String::as_str));
            }
        }
        None
    })
}

/// The first macro of `template` from which a chain of calls runs longer than
/// [`MAX_MACRO_CHAIN`] (the template has no cycle: [`macro_cycle`] ran first).
pub(super) fn long_macro_chain(template: &tera::Template) -> Option<String> {
    use std::collections::HashMap;
    let calls = macro_graph(template);
    let mut memo = HashMap::new();
    let mut names: Vec<&str> = calls.keys().copied().collect();
    names.sort_unstable();
    names
        .into_iter()
        .find(|name| longest_chain(name, &calls, &mut memo, 0) > MAX_MACRO_CHAIN)
        .map(str::to_owned)
}

/// The names of the macros `nodes` call in their own template (`self::name(..)`).
pub(super) fn macro_calls(nodes: &[tera::ast::Node], out: &mut std::collections::BTreeSet<String>) {
    use tera::ast::Node;
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => expr_calls(expr, out),
            Node::Set(_, set) => expr_calls(&set.value, out),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| expr_calls(e, out));
                macro_calls(&section.body, out);
            }
            Node::Block(_, block, _) => macro_calls(&block.body, out),
            Node::Forloop(_, each, _) => {
                expr_calls(&each.container, out);
                macro_calls(&each.body, out);
                if let Some(empty) = &each.empty_body {
                    macro_calls(empty, out);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expr_calls(condition, out);
                    macro_calls(body, out);
                }
                if let Some((_, body)) = &branches.otherwise {
                    macro_calls(body, out);
                }
            }
            Node::MacroDefinition(_, definition, _) => macro_calls(&definition.body, out),
            _ => {}
        }
    }
}

pub(super) fn expr_calls(expr: &tera::ast::Expr, out: &mut std::collections::BTreeSet<String>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_calls(e, out));
    }
    value_calls(&expr.val, out);
}

pub(super) fn value_calls(
    value: &tera::ast::ExprVal,
    out: &mut std::collections::BTreeSet<String>,
) {
    use tera::ast::ExprVal;
    match value {
        ExprVal::MacroCall(call) => {
            if call.namespace == "self" {
                out.insert(call.name.clone());
            }
            call.args.values().for_each(|e| expr_calls(e, out));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expr_calls(e, out)),
        ExprVal::Math(math) => {
            expr_calls(&math.lhs, out);
            expr_calls(&math.rhs, out);
        }
        ExprVal::Logic(logic) => {
            expr_calls(&logic.lhs, out);
            expr_calls(&logic.rhs, out);
        }
        ExprVal::In(within) => {
            expr_calls(&within.lhs, out);
            expr_calls(&within.rhs, out);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_calls(e, out)),
        ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| value_calls(v, out)),
        _ => {}
    }
}
