//! Report templates: a folder with a Tera template per output language (`report.typ`,
//! `report.md`) and any files the Typst side may read (`*.typ` modules, images).
//!
//! Built-in templates are compiled into the binary, so an installed wattprint needs no
//! template folder on disk.

use std::collections::BTreeMap;

use tera::Tera;

use super::RenderError;
use super::escape;

/// A template: its name, what it is for, and its files by path inside its folder.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name given to `--template`.
    pub name: String,
    /// One line on what it produces.
    pub description: &'static str,
    files: BTreeMap<String, Vec<u8>>,
}

struct Builtin {
    name: &'static str,
    description: &'static str,
    files: &'static [(&'static str, &'static [u8])],
}

/// Most files a template folder may hold.
pub const MAX_FOLDER_FILES: usize = 256;

/// Most bytes a template folder may hold in all.
pub const MAX_FOLDER_BYTES: usize = 64 << 20;

/// The Typst library every built-in template imports (`#import "wattprint.typ": *`).
const COMMON_TYP: (&str, &[u8]) = (
    "wattprint.typ",
    include_bytes!("../../templates/common/wattprint.typ"),
);

/// The HTML shell every built-in template uses around its Markdown content.
const COMMON_HTML: (&str, &[u8]) = (
    "report.html",
    include_bytes!("../../templates/common/report.html"),
);

static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "eu-ai-act",
        description: "energy and emissions disclosure along EU AI Act Annex XI, Section 1, point 2 and the GHG Protocol",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../templates/eu-ai-act/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../templates/eu-ai-act/report.md"),
            ),
        ],
    },
    Builtin {
        name: "esrs-e1",
        description: "annex in the shape of ESRS E1-5 (energy consumption and mix) and E1-6 (Scope 2 and 3 emissions), limited to the AI system",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../templates/esrs-e1/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../templates/esrs-e1/report.md"),
            ),
        ],
    },
    Builtin {
        name: "levers",
        description: "design scenarios (right-sizing, routing, relocation) against the measured baseline, ranked by saving",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../templates/levers/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../templates/levers/report.md"),
            ),
        ],
    },
    Builtin {
        name: "net-positive",
        description: "net-positive impact claims tested: scenarios, waterfall to the net figure, criteria, verdict",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../templates/net-positive/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../templates/net-positive/report.md"),
            ),
        ],
    },
    Builtin {
        name: "summary",
        description: "one page for a release note or a model card: energy, emissions on both bases, per-unit figures, measured share",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../templates/summary/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../templates/summary/report.md"),
            ),
        ],
    },
];

impl Template {
    /// The built-in template called `name`.
    ///
    /// # Errors
    /// [`RenderError::UnknownTemplate`] naming the templates there are.
    pub fn builtin(name: &str) -> Result<Self, RenderError> {
        let builtin = BUILTINS.iter().find(|b| b.name == name).ok_or_else(|| {
            RenderError::UnknownTemplate {
                name: name.to_owned(),
                known: BUILTINS
                    .iter()
                    .map(|b| b.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })?;
        Ok(Self {
            name: builtin.name.to_owned(),
            description: builtin.description,
            files: builtin
                .files
                .iter()
                .map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec()))
                .collect(),
        })
    }

    /// The user's template in folder `dir` (`--template-dir`): every file in it, at most
    /// [`MAX_FOLDER_FILES`] files of [`MAX_FOLDER_BYTES`] in all, with wattprint's shared
    /// `wattprint.typ` and `report.html` where the folder has none of its own. Typst reads
    /// only these files, so a template cannot reach anything else on the machine.
    ///
    /// Only regular files with a single link are read, each through a handle whose identity
    /// is checked against the entry listed: a symbolic link or a hard link could make a file
    /// from elsewhere on the machine (`/etc/passwd`) look like part of the template.
    ///
    /// # Errors
    /// [`RenderError::Folder`] when the folder cannot be read, is too large, holds a link, or
    /// has no `report.typ`, `report.md` or `report.html`.
    pub fn from_dir(dir: &std::path::Path) -> Result<Self, RenderError> {
        let failed = |message: String| RenderError::Folder {
            dir: dir.display().to_string(),
            message,
        };
        let mut files = BTreeMap::new();
        let mut total = 0_usize;
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            let entries = std::fs::read_dir(&folder).map_err(|e| failed(e.to_string()))?;
            for entry in entries {
                let entry = entry.map_err(|e| failed(e.to_string()))?;
                let path = entry.path();
                let relative = path
                    .strip_prefix(dir)
                    .map_err(|e| failed(e.to_string()))?
                    .to_string_lossy()
                    .replace('\\', "/");
                // The entry's own metadata: symbolic links are not followed.
                let listed = entry.metadata().map_err(|e| failed(e.to_string()))?;
                if listed.is_dir() {
                    pending.push(path);
                    continue;
                }
                if !listed.is_file() {
                    return Err(failed(format!(
                        "`{relative}` is a link or a special file; a template holds regular files only"
                    )));
                }
                let remaining = MAX_FOLDER_BYTES.saturating_sub(total) as u64;
                let bytes = read_template_file(&path, &listed, remaining)
                    .map_err(|message| failed(format!("`{relative}`: {message}")))?;
                total += bytes.len();
                if files.len() >= MAX_FOLDER_FILES {
                    return Err(failed(format!(
                        "more than {MAX_FOLDER_FILES} files or {} MiB",
                        MAX_FOLDER_BYTES >> 20
                    )));
                }
                files.insert(relative, bytes);
            }
        }
        let name = dir
            .file_name()
            .map_or_else(|| "custom".to_owned(), |n| n.to_string_lossy().into_owned());
        Self::from_files(name, files).map_err(failed)
    }

    /// A user's template from its files by path (a folder read by [`Template::from_dir`], or
    /// the files a PDF report carries), with wattprint's shared `wattprint.typ` and
    /// `report.html` where it has none of its own.
    ///
    /// # Errors
    /// A message when it has none of `report.typ`, `report.md` and `report.html`.
    pub fn from_files(name: String, mut files: BTreeMap<String, Vec<u8>>) -> Result<Self, String> {
        // The template's hash joins each path and its bytes with a NUL: a path may not hold
        // one, nor any other control character.
        if let Some(path) = files.keys().find(|p| p.chars().any(char::is_control)) {
            return Err(format!(
                "the file name `{}` holds a control character",
                path.escape_debug()
            ));
        }
        if !["report.typ", "report.md", "report.html"]
            .iter()
            .any(|entry| files.contains_key(*entry))
        {
            return Err("it has none of report.typ, report.md and report.html".to_owned());
        }
        for (path, bytes) in [COMMON_TYP, COMMON_HTML] {
            files
                .entry(path.to_owned())
                .or_insert_with(|| bytes.to_vec());
        }
        Ok(Self {
            name,
            description: "a template from a folder",
            files,
        })
    }

    /// The template's files by path inside its folder.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Names and descriptions of the built-in templates.
    pub fn builtins() -> impl Iterator<Item = (&'static str, &'static str)> {
        BUILTINS.iter().map(|b| (b.name, b.description))
    }

    /// SHA-256 over the template's files: each path and its bytes, in path order, so that a
    /// change to any file changes the hash.
    #[must_use]
    pub fn sha256(&self) -> crate::evidence::Sha256Hex {
        let mut all = Vec::new();
        for (path, bytes) in &self.files {
            all.extend_from_slice(path.as_bytes());
            all.push(0);
            all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(bytes);
        }
        crate::evidence::Sha256Hex::of(&all)
    }

    /// The file at `path` inside the template folder, if there is one.
    #[must_use]
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Renders the Tera template `entry` (e.g. `report.typ`) with `context`.
    ///
    /// # Errors
    /// [`RenderError::Template`] naming the template file and what went wrong (a missing
    /// variable, a syntax error), or [`RenderError::MissingEntry`].
    pub fn render(&self, entry: &str, context: &tera::Context) -> Result<String, RenderError> {
        let source = self.file(entry).ok_or_else(|| RenderError::MissingEntry {
            template: self.name.clone(),
            file: entry.to_owned(),
        })?;
        let source = std::str::from_utf8(source).map_err(|_| RenderError::Template {
            template: self.name.clone(),
            file: entry.to_owned(),
            message: "the template is not UTF-8".to_owned(),
        })?;
        let failed = |error: &tera::Error| {
            let message = chain(error);
            RenderError::Template {
                template: self.name.clone(),
                file: match missing_line(source, &message) {
                    Some(line) => format!("{entry}:{line}"),
                    None => entry.to_owned(),
                },
                message,
            }
        };
        let refused = |message: String| RenderError::Template {
            template: self.name.clone(),
            file: entry.to_owned(),
            message,
        };
        if let Some(hazard) = tera_hazard(source) {
            return Err(refused(format!(
                "the template holds {hazard}, which Tera cannot evaluate safely"
            )));
        }
        let mut tera = sandbox(entry);
        tera.add_raw_template(entry, source)
            .map_err(|e| failed(&e))?;
        if let Some(parsed) = tera.templates.get_mut(entry) {
            escape_by_default(parsed, entry);
        }
        let parsed = tera.get_template(entry).map_err(|e| failed(&e))?;
        if let Some(message) = unbounded_structure(parsed) {
            return Err(refused(message));
        }
        let mut out = BoundedOutput::default();
        match tera.render_to(entry, context, &mut out) {
            Ok(()) => String::from_utf8(out.bytes)
                .map_err(|_| refused("the template produced text that is not UTF-8".to_owned())),
            Err(_) if out.exceeded => Err(refused(format!(
                "the template produced more than {} MiB of text",
                MAX_RENDERED_BYTES >> 20
            ))),
            Err(e) => Err(failed(&e)),
        }
    }
}

/// Why `template` could render without end, if it could: it includes, extends or imports
/// (itself, possibly), a macro calls itself, or a chain of macro calls runs deeper than Tera's
/// stack allows.
fn unbounded_structure(template: &tera::Template) -> Option<String> {
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
struct BoundedOutput {
    bytes: Vec<u8>,
    exceeded: bool,
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
fn sandbox(entry: &str) -> Tera {
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

/// The filter `escape_by_default` adds: the output language's escaping.
const DEFAULT_ESCAPE: &str = "escape_for_output";

/// The filters after which a value is escaped for the language of `entry` (or marked as
/// markup already): the value's last filter must be one of them.
fn escaping(entry: &str) -> &'static [&'static str] {
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
fn escape_by_default(template: &mut tera::Template, entry: &str) {
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
fn default_escape() -> tera::ast::FunctionCall {
    tera::ast::FunctionCall {
        name: DEFAULT_ESCAPE.to_owned(),
        args: std::collections::HashMap::new(),
    }
}

/// The first `{% include %}`, `{% extends %}` or `{% import %}` in `nodes`, by its tag: a
/// wattprint template is one file per format, and these could make a file render itself
/// without end.
fn composition(nodes: &[tera::ast::Node]) -> Option<&'static str> {
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

fn escape_nodes(nodes: &mut [tera::ast::Node], escapers: &[&str]) {
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

/// What in a template's source could crash Tera itself, which panics (and, in a release
/// build, aborts) on some inputs instead of failing: brackets nested deeper than its parser's
/// stack allows, and integer or float literals beyond what its arithmetic handles
/// (`i64::MIN % -1`, a literal that parses to infinity). Only the insides of `{{ }}` and
/// `{% %}` tags are read; the Typst, Markdown or HTML around them is not Tera's.
fn tera_hazard(source: &str) -> Option<&'static str> {
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
const MAX_TAG_NESTING: usize = 32;

/// Longest run of digits inside one Tera tag: beyond 15, integers leave the range Tera's
/// arithmetic handles exactly and floats can round to infinity.
const MAX_LITERAL_DIGITS: usize = 15;

/// The longest chain of macro calls a template may make: Tera has no bound of its own, and a
/// long enough chain overflows the stack.
const MAX_MACRO_CHAIN: usize = 64;

/// A Tera filter a template may not use.
struct RefusedFilter(&'static str);

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
struct Refused(&'static str);

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
fn bounded_range(
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
type MacroGraph<'a> = std::collections::HashMap<&'a str, std::collections::BTreeSet<String>>;

fn macro_graph(template: &tera::Template) -> MacroGraph<'_> {
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
fn longest_chain<'a>(
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
fn macro_cycle(template: &tera::Template) -> Option<String> {
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
fn long_macro_chain(template: &tera::Template) -> Option<String> {
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
fn macro_calls(nodes: &[tera::ast::Node], out: &mut std::collections::BTreeSet<String>) {
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

fn expr_calls(expr: &tera::ast::Expr, out: &mut std::collections::BTreeSet<String>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_calls(e, out));
    }
    value_calls(&expr.val, out);
}

fn value_calls(value: &tera::ast::ExprVal, out: &mut std::collections::BTreeSet<String>) {
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

/// Reads the regular file at `path`, listed with `listed` metadata, refusing a file with
/// more than one link or one swapped for another between the listing and the opening
/// ([`crate::load::open_listed`]), and reading no more than `limit` bytes.
fn read_template_file(
    path: &std::path::Path,
    listed: &std::fs::Metadata,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let (file, opened) = crate::load::open_listed(path, listed)
        .map_err(|e| e.to_string())?
        .ok_or("it is not the regular file listed: a link, or changed while the folder was read")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if opened.nlink() > 1 {
            return Err(format!(
                "it has {} hard links; copy the file into the folder instead of linking it",
                opened.nlink()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = opened;
    crate::load::read_at_most(file, limit)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "the folder holds more than {MAX_FOLDER_FILES} files or {} MiB",
                MAX_FOLDER_BYTES >> 20
            )
        })
}

/// An escaping filter (`typst`, `typst_str`, `md`, `html`, and the default one).
struct Escape(fn(&str) -> String);

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
struct DefaultEscape(fn(&str) -> String);

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
fn text(value: &tera::Value) -> String {
    match value {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The line of `source` where the variable that Tera's `message` says is missing is used:
/// Tera names the variable but not the place.
fn missing_line(source: &str, message: &str) -> Option<usize> {
    let name = message.split("Variable `").nth(1)?.split('`').next()?;
    source
        .lines()
        .position(|line| line.contains(name))
        .map(|i| i + 1)
}

/// Tera's error with its causes, which hold the useful part ("Variable `x` not found").
fn chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        parts.push(c.to_string());
        cause = c.source();
    }
    parts.join(": ")
}
