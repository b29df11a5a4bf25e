//! Report templates: a folder with a Tera template per output language (`report.typ`,
//! `report.md`) and any files the Typst side may read (`*.typ` modules, images).
//!
//! Built-in templates are compiled into the binary, so an installed wattprint needs no
//! template folder on disk.

mod escaping;
mod sandbox;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use escaping::escape_by_default;
use sandbox::{BoundedOutput, MAX_RENDERED_BYTES, sandbox, tera_hazard, unbounded_structure};

use super::RenderError;

/// A template: its name, what it is for, and its files by path inside its folder.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name given to `--template`.
    pub name: String,
    /// One line on what it produces.
    pub description: &'static str,
    files: BTreeMap<String, Vec<u8>>,
    parsed: Parsed,
}

/// A file of a template that Tera renders into a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `report.typ`: the Typst a PDF is compiled from.
    Typst,
    /// `report.md`: Markdown, and the content of an HTML report.
    Markdown,
    /// `report.html`: the page around an HTML report's content.
    Html,
}

impl Entry {
    /// Every entry.
    pub const ALL: [Self; 3] = [Self::Typst, Self::Markdown, Self::Html];

    /// The entry's path inside the template folder.
    #[must_use]
    pub const fn file(self) -> &'static str {
        match self {
            Self::Typst => "report.typ",
            Self::Markdown => "report.md",
            Self::Html => "report.html",
        }
    }
}

/// The template's Tera entries once parsed, or why one could not be, in the order of
/// [`Entry::ALL`]. A parse started early on a spare core ([`Template::prepare`]) serves the
/// render that follows, which waits for it rather than parsing again, and reports its error.
#[derive(Debug, Clone, Default)]
struct Parsed([OnceLock<Result<tera::Tera, RenderError>>; 3]);

impl Parsed {
    fn slot(&self, entry: Entry) -> &OnceLock<Result<tera::Tera, RenderError>> {
        &self.0[entry as usize]
    }
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
    include_bytes!("../../../templates/common/wattprint.typ"),
);

/// The HTML shell every built-in template uses around its Markdown content.
const COMMON_HTML: (&str, &[u8]) = (
    "report.html",
    include_bytes!("../../../templates/common/report.html"),
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
                include_bytes!("../../../templates/eu-ai-act/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../../templates/eu-ai-act/report.md"),
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
                include_bytes!("../../../templates/esrs-e1/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../../templates/esrs-e1/report.md"),
            ),
        ],
    },
    Builtin {
        name: "levers",
        description: "design scenarios (right-sizing, routing, relocation) against the disclosed baseline, ranked by saving",
        files: &[
            COMMON_TYP,
            COMMON_HTML,
            (
                "report.typ",
                include_bytes!("../../../templates/levers/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../../templates/levers/report.md"),
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
                include_bytes!("../../../templates/net-positive/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../../templates/net-positive/report.md"),
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
                include_bytes!("../../../templates/summary/report.typ"),
            ),
            (
                "report.md",
                include_bytes!("../../../templates/summary/report.md"),
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
            parsed: Parsed::default(),
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
        if !Entry::ALL
            .iter()
            .any(|entry| files.contains_key(entry.file()))
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
            parsed: Parsed::default(),
        })
    }

    /// The template's files by path inside its folder.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Whether the template shows a previous period's figures: whether any of its files reads
    /// `esrs.previous`, the comparative column's heading.
    #[must_use]
    pub fn shows_comparative(&self) -> bool {
        const COMPARATIVE: &[u8] = b"esrs.previous";
        self.files()
            .any(|(_, bytes)| bytes.windows(COMPARATIVE.len()).any(|w| w == COMPARATIVE))
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

    /// Parses the Tera entries a report in `format` renders, so that the render does not: for a
    /// caller with a spare core while it checks and computes the disclosure (Tera parses a
    /// long template in several milliseconds). A template that does not parse keeps its error
    /// for the render to report.
    pub fn prepare(&self, format: super::Format) {
        for &entry in format.entries() {
            self.parsed.slot(entry).get_or_init(|| self.parse(entry));
        }
    }

    /// Renders the Tera template `entry` with `context`.
    ///
    /// # Errors
    /// [`RenderError::Template`] naming the template file and what went wrong (a missing
    /// variable, a syntax error), or [`RenderError::MissingEntry`].
    pub fn render(&self, entry: Entry, context: &tera::Context) -> Result<String, RenderError> {
        let tera = self
            .parsed
            .slot(entry)
            .get_or_init(|| self.parse(entry))
            .as_ref()
            .map_err(Clone::clone)?;
        let file = entry.file();
        let mut out = BoundedOutput::default();
        match tera.render_to(file, context, &mut out) {
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                self.refused(
                    file,
                    "the template produced text that is not UTF-8".to_owned(),
                )
            }),
            Err(_) if out.exceeded => Err(self.refused(
                file,
                format!(
                    "the template produced more than {} MiB of text",
                    MAX_RENDERED_BYTES >> 20
                ),
            )),
            Err(e) => Err(self.failed(file, &e)),
        }
    }

    /// The entries parsed so far, successfully or not, in the order of [`Entry::ALL`].
    #[cfg(test)]
    pub(crate) fn parsed_entries(&self) -> Vec<Entry> {
        Entry::ALL
            .into_iter()
            .filter(|&entry| self.parsed.slot(entry).get().is_some())
            .collect()
    }

    /// The Tera template `entry` parsed in its sandbox, with Typst escaping by default, once it
    /// is known to be safe to evaluate.
    fn parse(&self, entry: Entry) -> Result<tera::Tera, RenderError> {
        let entry = entry.file();
        let source = self.source(entry)?;
        if let Some(hazard) = tera_hazard(source) {
            return Err(self.refused(
                entry,
                format!("the template holds {hazard}, which Tera cannot evaluate safely"),
            ));
        }
        let mut tera = sandbox(entry);
        tera.add_raw_template(entry, source)
            .map_err(|e| self.failed(entry, &e))?;
        if let Some(parsed) = tera.templates.get_mut(entry) {
            escape_by_default(parsed, entry);
        }
        let parsed = tera
            .get_template(entry)
            .map_err(|e| self.failed(entry, &e))?;
        if let Some(message) = unbounded_structure(parsed) {
            return Err(self.refused(entry, message));
        }
        Ok(tera)
    }

    /// The text of the entry `entry`.
    fn source(&self, entry: &str) -> Result<&str, RenderError> {
        let source = self.file(entry).ok_or_else(|| RenderError::MissingEntry {
            template: self.name.clone(),
            file: entry.to_owned(),
        })?;
        std::str::from_utf8(source)
            .map_err(|_| self.refused(entry, "the template is not UTF-8".to_owned()))
    }

    /// The error Tera gave for `entry`, at the line of the variable it names as missing.
    fn failed(&self, entry: &str, error: &tera::Error) -> RenderError {
        let message = chain(error);
        let source = self.source(entry).unwrap_or_default();
        RenderError::Template {
            template: self.name.clone(),
            file: match missing_line(source, &message) {
                Some(line) => format!("{entry}:{line}"),
                None => entry.to_owned(),
            },
            message,
        }
    }

    fn refused(&self, entry: &str, message: String) -> RenderError {
        RenderError::Template {
            template: self.name.clone(),
            file: entry.to_owned(),
            message,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Format;

    fn template(report_typ: &str) -> Template {
        let files = BTreeMap::from([("report.typ".to_owned(), report_typ.as_bytes().to_vec())]);
        Template::from_files("t".to_owned(), files).unwrap()
    }

    fn context() -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("name", "A*B");
        context
    }

    #[test]
    fn a_template_prepared_on_another_thread_renders_as_one_parsed_by_the_render() {
        let prepared = template("= {{ name }}\n");
        std::thread::scope(|scope| {
            scope.spawn(|| prepared.prepare(Format::Pdf));
        });
        assert!(
            prepared
                .parsed
                .slot(Entry::Typst)
                .get()
                .is_some_and(Result::is_ok)
        );
        let fresh = template("= {{ name }}\n");
        let rendered = prepared.render(Entry::Typst, &context()).unwrap();
        assert_eq!(rendered, fresh.render(Entry::Typst, &context()).unwrap());
        // Escaped for Typst by default, as an unprepared render is.
        assert_eq!(rendered, "= #\"A*B\";\n");
    }

    #[test]
    fn a_template_that_does_not_parse_is_reported_by_the_render_after_preparing() {
        let broken = template("line one\n{% if %}\n");
        broken.prepare(Format::Typst);
        let error = broken.render(Entry::Typst, &context()).unwrap_err();
        assert!(
            matches!(&error, RenderError::Template { file, .. } if file.starts_with("report.typ")),
            "{error}"
        );
        // Twice: the failed parse is kept as the same error, not as a success.
        assert_eq!(
            broken
                .render(Entry::Typst, &context())
                .unwrap_err()
                .to_string(),
            error.to_string()
        );
    }
}
