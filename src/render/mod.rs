//! From results to documents: a template and the results give Typst, Markdown or JSON; Typst
//! is compiled to PDF in process.
//!
//! Rendering is pure: it takes the disclosure, its results and its manifest, and returns bytes.
//! Writing them to disk is `output`'s job.

use std::fmt::Write as _;

pub mod charts;
pub mod context;
pub mod escape;
pub mod export;
pub mod glossary;
pub mod gpai;
pub mod heatmap;
mod html;
mod pdf;
mod template;

use serde::Serialize;

pub use template::{Entry, Template};

use crate::compute::Results;
use crate::evidence::{
    LINKED_ATTACHMENT_PREFIX, Manifest, TEMPLATE_ATTACHMENT_PREFIX, TemplateOrigin,
};
use crate::model::Disclosure;

/// A failure to render (the template's fault or the tool's, never the input's).
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    /// No template has this name.
    #[error("no built-in template is called `{name}` (there are: {known})")]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: String,
    },
    /// The template lacks the file for this format.
    #[error("template `{template}` has no `{file}`, so it cannot produce this format")]
    MissingEntry {
        /// The template.
        template: String,
        /// The file it lacks.
        file: String,
    },
    /// Tera could not render a template file.
    #[error("template `{template}`, file `{file}`: {message}")]
    Template {
        /// The template.
        template: String,
        /// The file in it.
        file: String,
        /// What went wrong, with Tera's causes.
        message: String,
    },
    /// A template folder given with `--template-dir` cannot be read.
    #[error("cannot use the template folder `{dir}`: {message}")]
    Folder {
        /// The folder.
        dir: String,
        /// What is wrong.
        message: String,
    },
    /// The report date cannot be written in a PDF.
    #[error("the report date {date} is outside the years 1 to 9999, which a PDF can hold")]
    Date {
        /// The date.
        date: chrono::NaiveDate,
    },
    /// The document is longer than a report can be.
    #[error(
        "template `{template}` produced {pages} pages, more than the {limit} a report may have"
    )]
    TooManyPages {
        /// The template.
        template: String,
        /// Pages produced.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// Typst could not compile the generated source.
    #[error("template `{template}` produced Typst that does not compile:\n{message}")]
    Typst {
        /// The template.
        template: String,
        /// Typst's messages.
        message: String,
    },
}

/// The formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF/A-3a (archival and tagged), compiled from the Typst template, with the inputs attached.
    Pdf,
    /// The Typst source the PDF is compiled from.
    Typst,
    /// Markdown.
    Markdown,
    /// A single self-contained HTML file: the Markdown report's content with style and charts.
    Html,
    /// The results as JSON, with provenance.
    Json,
}

impl Format {
    /// The template entries a report in this format renders: what [`Template::prepare`] parses
    /// ahead of [`render`].
    #[must_use]
    pub const fn entries(self) -> &'static [Entry] {
        match self {
            Self::Pdf | Self::Typst => &[Entry::Typst],
            Self::Markdown => &[Entry::Markdown],
            Self::Html => &[Entry::Markdown, Entry::Html],
            Self::Json => &[],
        }
    }
}

/// What a JSON report holds: the manifest and every computed figure.
#[derive(Serialize)]
struct JsonReport<'a> {
    manifest: &'a Manifest,
    results: &'a Results,
}

/// The shape of a JSON report, for its schema: the manifest and the results, owned.
#[derive(schemars::JsonSchema)]
#[schemars(title = "wattprint report", deny_unknown_fields)]
#[allow(dead_code, reason = "only its schema is used")]
struct ReportShape {
    /// What ties the report to its inputs: their SHA-256, the tool and template, the date.
    manifest: Manifest,
    /// Every computed figure, with its formula, inputs and provenance.
    results: Results,
}

/// The JSON Schema (draft 2020-12) of a JSON report (`report -o x.json`, and the
/// `wattprint-report.json` a PDF report attaches): `{ manifest, results }`.
#[must_use]
pub fn report_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<ReportShape>().to_value()
}

/// The name under which a PDF report attaches its computed results and manifest.
pub const REPORT_JSON: &str = crate::evidence::REPORT_JSON;

/// The files a report is computed from, which a PDF report carries.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The disclosure file's bytes.
    pub disclosure: &'a [u8],
    /// The bytes of the user's reference data file (`--data`), when one was used; the
    /// manifest names it.
    pub reference: Option<&'a [u8]>,
    /// The bytes of the previous period's disclosure (`--previous`), when the report compares
    /// with one; the manifest names it.
    pub previous: Option<&'a [u8]>,
    /// The files the disclosure names (its hourly CSVs); the manifest names each.
    pub linked: &'a [crate::check::hourly::LinkedFile],
}

/// A file a PDF report carries: its name, what it is, its bytes.
struct Attachment {
    name: String,
    relationship: &'static str,
    mime: &'static str,
    description: &'static str,
    bytes: Vec<u8>,
}

/// The files a PDF report of `inputs` carries: the input, the JSON report, the user's
/// reference data when one was used, the previous period's disclosure when the report compares
/// with one, the hourly CSVs the disclosure names, and a user's template folder file by file,
/// so that
/// `verify` can render the very same document again.
fn attachments(
    inputs: &Inputs,
    results: &Results,
    manifest: &Manifest,
    template: &Template,
) -> Vec<Attachment> {
    let mut out = vec![
        Attachment {
            name: manifest.input.to_string(),
            relationship: "source",
            mime: "application/yaml",
            description: "The disclosure this report was computed from",
            bytes: inputs.disclosure.to_vec(),
        },
        Attachment {
            name: REPORT_JSON.to_owned(),
            relationship: "data",
            mime: "application/json",
            description: "Every computed figure with its formula, inputs and provenance, and the manifest",
            bytes: json(results, manifest).into_bytes(),
        },
    ];
    if let (Some(name), Some(bytes)) = (&manifest.reference_data.file, inputs.reference) {
        out.push(Attachment {
            name: name.to_string(),
            relationship: "source",
            mime: "application/yaml",
            description: "The reference data the defaults were taken from, beside wattprint's own",
            bytes: bytes.to_vec(),
        });
    }
    if let (Some(previous), Some(bytes)) = (&manifest.previous, inputs.previous) {
        out.push(Attachment {
            name: previous.input.to_string(),
            relationship: "source",
            mime: "application/yaml",
            description: "The previous period's disclosure the comparative figures were computed from",
            bytes: bytes.to_vec(),
        });
    }
    out.extend(inputs.linked.iter().map(|file| Attachment {
        name: format!("{LINKED_ATTACHMENT_PREFIX}{}", file.name),
        relationship: "source",
        mime: "text/csv",
        description: "An hourly CSV the disclosure names, by the path it gives",
        bytes: file.bytes.to_vec(),
    }));
    if manifest.template_origin == TemplateOrigin::Folder {
        out.extend(template.files().map(|(path, bytes)| Attachment {
            name: format!("{TEMPLATE_ATTACHMENT_PREFIX}{path}"),
            relationship: "source",
            mime: "application/octet-stream",
            description: "A file of the template folder this report was made with",
            bytes: bytes.to_vec(),
        }));
    }
    out
}

/// Typst that attaches `files` to the PDF; the bytes come from the world's `/attachments/`
/// folder.
fn attach(files: &[Attachment]) -> String {
    let mut typst = String::from("\n");
    for file in files {
        let _ = writeln!(
            typst,
            r#"#pdf.attach({name}, read({path}, encoding: none), relationship: "{relationship}", mime-type: "{mime}", description: {description})"#,
            name = escape::typst_string(&file.name),
            path = escape::typst_string(&format!("/{}{}", pdf::ATTACHMENTS, file.name)),
            relationship = file.relationship,
            mime = file.mime,
            description = escape::typst_string(file.description),
        );
    }
    typst
}

/// Renders a report of `disclosure` in `format` with `template`; a PDF attaches `inputs` and
/// the JSON report.
///
/// # Errors
/// A [`RenderError`] naming the template file and what went wrong.
pub fn render(
    disclosure: &Disclosure,
    inputs: &Inputs,
    results: &Results,
    manifest: &Manifest,
    template: &Template,
    format: Format,
) -> Result<Vec<u8>, RenderError> {
    if format == Format::Json {
        return Ok(json(results, manifest).into_bytes());
    }
    let built = context::build(disclosure, results, manifest);
    let context = tera::Context::from_serialize(&built).map_err(|e| RenderError::Template {
        template: template.name.clone(),
        file: String::new(),
        message: e.to_string(),
    })?;
    match format {
        Format::Markdown => template
            .render(Entry::Markdown, &context)
            .map(String::into_bytes),
        Format::Typst => template
            .render(Entry::Typst, &context)
            .map(String::into_bytes),
        Format::Html => {
            let body = html::from_markdown(&template.render(Entry::Markdown, &context)?);
            let mut context = context;
            context.insert("body", &body);
            template
                .render(Entry::Html, &context)
                .map(String::into_bytes)
        }
        Format::Pdf | Format::Json => {
            // The evidence is attached by the pipeline, not by each template, so that every
            // PDF report carries it whatever template made it.
            let mut source = template.render(Entry::Typst, &context)?;
            let files = attachments(inputs, results, manifest, template);
            source.push_str(&attach(&files));
            let files: Vec<(String, Vec<u8>)> =
                files.into_iter().map(|f| (f.name, f.bytes)).collect();
            pdf::compile(
                source,
                template,
                (&files, built.images()),
                manifest.date,
                &manifest.report_id(),
            )
        }
    }
}

/// The results and manifest as pretty JSON, newline-terminated.
#[must_use]
pub fn json(results: &Results, manifest: &Manifest) -> String {
    let report = JsonReport { manifest, results };
    // Plain data with finite numbers serialises without error.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
