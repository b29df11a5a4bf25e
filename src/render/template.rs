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
    /// # Errors
    /// [`RenderError::Folder`] when the folder cannot be read, is too large, or has no
    /// `report.typ`, `report.md` or `report.html`.
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
                // Symbolic links are not followed: they could lead out of the folder.
                let kind = entry.file_type().map_err(|e| failed(e.to_string()))?;
                let path = entry.path();
                if kind.is_dir() {
                    pending.push(path);
                } else if kind.is_file() {
                    let bytes = std::fs::read(&path).map_err(|e| failed(e.to_string()))?;
                    total += bytes.len();
                    if files.len() >= MAX_FOLDER_FILES || total > MAX_FOLDER_BYTES {
                        return Err(failed(format!(
                            "more than {MAX_FOLDER_FILES} files or {} MiB",
                            MAX_FOLDER_BYTES >> 20
                        )));
                    }
                    let relative = path
                        .strip_prefix(dir)
                        .map_err(|e| failed(e.to_string()))?
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.insert(relative, bytes);
                }
            }
        }
        if !["report.typ", "report.md", "report.html"]
            .iter()
            .any(|entry| files.contains_key(*entry))
        {
            return Err(failed(
                "it has none of report.typ, report.md and report.html".to_owned(),
            ));
        }
        for (path, bytes) in [COMMON_TYP, COMMON_HTML] {
            files
                .entry(path.to_owned())
                .or_insert_with(|| bytes.to_vec());
        }
        let name = dir
            .file_name()
            .map_or_else(|| "custom".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(Self {
            name,
            description: "a template from a folder",
            files,
        })
    }

    /// Names and descriptions of the built-in templates.
    pub fn builtins() -> impl Iterator<Item = (&'static str, &'static str)> {
        BUILTINS.iter().map(|b| (b.name, b.description))
    }

    /// SHA-256 over the template's files: each path and its bytes, in path order, so that a
    /// change to any file changes the hash.
    #[must_use]
    pub fn sha256(&self) -> String {
        let mut all = Vec::new();
        for (path, bytes) in &self.files {
            all.extend_from_slice(path.as_bytes());
            all.push(0);
            all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(bytes);
        }
        crate::evidence::sha256_hex(&all)
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
        let mut tera = Tera::default();
        // Escaping is explicit, per language, through the filters below.
        tera.autoescape_on(Vec::new());
        tera.register_filter("typst", text_filter(escape::typst_markup));
        tera.register_filter("typst_str", text_filter(escape::typst_string));
        tera.register_filter("md", text_filter(escape::markdown));
        tera.register_filter("html", text_filter(escape::html));
        tera.add_raw_template(entry, source)
            .map_err(|e| failed(&e))?;
        tera.render(entry, context).map_err(|e| failed(&e))
    }
}

fn text_filter(
    escape: fn(&str) -> String,
) -> impl Fn(&tera::Value, &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value>
+ Send
+ Sync {
    move |value, _| {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            tera::Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(tera::Value::String(escape(&text)))
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
