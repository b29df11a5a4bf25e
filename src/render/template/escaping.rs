//! Escaping by default: every value a template prints passes through the escaper of its
//! output language unless the template names one itself, last, or marks it `safe`.

/// The filter `escape_by_default` adds: the output language's escaping.
pub(super) const DEFAULT_ESCAPE: &str = "escape_for_output";

/// The filters after which a value is escaped for the language of `entry` (or marked as
/// markup already): the value's last filter must be one of them.
pub(super) fn escaping(entry: &str) -> &'static [&'static str] {
    match entry.rsplit('.').next() {
        Some("typ") => &["typst", "typst_str", "safe", DEFAULT_ESCAPE],
        Some("md") => &["md", "safe", DEFAULT_ESCAPE],
        _ => &["html", "safe", DEFAULT_ESCAPE],
    }
}

/// Makes escaping the default in `template`: every `{{ value }}` whose last filter is not one
/// of the language's [`escaping`] filters gets the output language's escaping as its last
/// filter, in the template's body, its macros and its blocks, and so does every value passed
/// to a `{% filter %}` section; so a template cannot forget to escape a value, nor escape it
/// for another language. Text written in the template itself (a string literal) and a macro's
/// output (escaped inside the macro) are left as they are; numbers and booleans pass the
/// filter unchanged.
pub(super) fn escape_by_default(template: &mut tera::Template, entry: &str) {
    let escapers = escaping(entry);
    escape_nodes(&mut template.ast, escapers);
    for definition in template.macros.values_mut() {
        escape_nodes(&mut definition.body, escapers);
    }
    // Tera renders `{% block %}` bodies from its own copies of them.
    for definitions in template.blocks_definitions.values_mut() {
        for (_, block) in definitions {
            escape_nodes(&mut block.body, escapers);
        }
    }
    for block in template.blocks.values_mut() {
        escape_nodes(&mut block.body, escapers);
    }
}

/// The output language's escaping, as a filter call to append.
pub(super) fn default_escape() -> tera::ast::FunctionCall {
    tera::ast::FunctionCall {
        name: DEFAULT_ESCAPE.to_owned(),
        args: std::collections::HashMap::new(),
    }
}

pub(super) fn escape_nodes(nodes: &mut [tera::ast::Node], escapers: &[&str]) {
    use tera::ast::{ExprVal, Node};
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => {
                let escaped = expr
                    .filters
                    .last()
                    .is_some_and(|f| escapers.contains(&f.name.as_str()));
                let authored = expr.filters.is_empty()
                    && match &expr.val {
                        ExprVal::String(_) | ExprVal::MacroCall(_) => true,
                        ExprVal::StringConcat(concat) => concat
                            .values
                            .iter()
                            .all(|part| matches!(part, ExprVal::String(_))),
                        _ => false,
                    };
                if !escaped && !authored {
                    expr.filters.push(default_escape());
                }
            }
            Node::MacroDefinition(_, definition, _) => escape_nodes(&mut definition.body, escapers),
            Node::FilterSection(_, section, _) => {
                // A section's filter can put its arguments into the output (`replace`).
                for argument in section.filter.args.values_mut() {
                    if !matches!(
                        argument.val,
                        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_)
                    ) {
                        argument.filters.push(default_escape());
                    }
                }
                escape_nodes(&mut section.body, escapers);
            }
            Node::Block(_, block, _) => escape_nodes(&mut block.body, escapers),
            Node::Forloop(_, each, _) => {
                escape_nodes(&mut each.body, escapers);
                if let Some(empty) = &mut each.empty_body {
                    escape_nodes(empty, escapers);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &mut branches.conditions {
                    escape_nodes(body, escapers);
                }
                if let Some((_, body)) = &mut branches.otherwise {
                    escape_nodes(body, escapers);
                }
            }
            _ => {}
        }
    }
}

/// An escaping filter (`typst`, `typst_str`, `md`, `html`, and the default one).
pub(super) struct Escape(pub(super) fn(&str) -> String);

impl tera::Filter for Escape {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Ok(tera::Value::String((self.0)(&text(value))))
    }
}

/// The escaping `escape_by_default` adds: like [`Escape`], but a number or a boolean, which
/// holds no markup and may stand in Typst code (`fraction: {{ b.fraction }}`), is printed as
/// it is.
pub(super) struct DefaultEscape(pub(super) fn(&str) -> String);

impl tera::Filter for DefaultEscape {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        match value {
            tera::Value::Number(_) | tera::Value::Bool(_) => Ok(value.clone()),
            _ => Ok(tera::Value::String((self.0)(&text(value)))),
        }
    }
}

/// A value as the text a filter escapes: a string as it is, nothing for null, JSON otherwise.
pub(super) fn text(value: &tera::Value) -> String {
    match value {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    }
}
