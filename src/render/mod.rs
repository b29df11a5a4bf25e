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
mod html;
pub mod number;
mod pdf;
mod template;

use serde::Serialize;

pub use template::Template;

use crate::compute::Results;
use crate::evidence::Manifest;
use crate::model::Disclosure;

/// A failure to render (the template's fault or the tool's, never the input's).
#[derive(Debug, thiserror::Error)]
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

/// What a JSON report holds: the manifest and every computed figure.
#[derive(Serialize)]
struct JsonReport<'a> {
    manifest: &'a Manifest,
    results: &'a Results,
}

/// The name under which a PDF report attaches its computed results and manifest.
pub const REPORT_JSON: &str = "wattprint-report.json";

/// The files a report is computed from, which a PDF report carries.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The disclosure file's bytes.
    pub disclosure: &'a [u8],
    /// The bytes of the user's reference data file (`--data`), when one was used; the
    /// manifest names it.
    pub reference: Option<&'a [u8]>,
}

/// Typst that attaches the input (under `input_name`), the user's reference data (under
/// `reference_name`) and the JSON report to the PDF; the bytes come from the world's
/// `/attachments/` folder.
fn attach(input_name: &str, reference_name: Option<&str>) -> String {
    let name = escape::typst_string(input_name);
    let mut typst = format!(
        r#"
#pdf.attach({name}, read("/attachments/" + {name}, encoding: none), relationship: "source", mime-type: "application/yaml", description: "The disclosure this report was computed from")
#pdf.attach("{REPORT_JSON}", read("/attachments/{REPORT_JSON}", encoding: none), relationship: "data", mime-type: "application/json", description: "Every computed figure with its formula, inputs and provenance, and the manifest")
"#
    );
    if let Some(reference) = reference_name {
        let reference = escape::typst_string(reference);
        let _ = writeln!(
            typst,
            r#"#pdf.attach({reference}, read("/attachments/" + {reference}, encoding: none), relationship: "source", mime-type: "application/yaml", description: "The reference data the defaults were taken from, beside wattprint's own")"#
        );
    }
    typst
}

/// The name under which a PDF report attaches its input: the input file's own name.
#[must_use]
pub fn input_name(manifest: &Manifest) -> String {
    attachment_name(std::path::Path::new(&manifest.input))
}

/// The name a file is attached under: its own name, without the folders.
#[must_use]
pub fn attachment_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || "input.yaml".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
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
    let context = context::build(disclosure, results, manifest);
    let context = tera::Context::from_serialize(&context).map_err(|e| RenderError::Template {
        template: template.name.clone(),
        file: String::new(),
        message: e.to_string(),
    })?;
    match format {
        Format::Markdown => template
            .render("report.md", &context)
            .map(String::into_bytes),
        Format::Typst => template
            .render("report.typ", &context)
            .map(String::into_bytes),
        Format::Html => {
            let body = html::from_markdown(&template.render("report.md", &context)?);
            let mut context = context;
            context.insert("body", &body);
            template
                .render("report.html", &context)
                .map(String::into_bytes)
        }
        Format::Pdf | Format::Json => {
            // The evidence is attached by the pipeline, not by each template, so that every
            // PDF report carries it whatever template made it.
            let mut source = template.render("report.typ", &context)?;
            let reference_name = manifest.reference_data.file.as_deref();
            source.push_str(&attach(&input_name(manifest), reference_name));
            let mut attachments = vec![
                (input_name(manifest), inputs.disclosure.to_vec()),
                (REPORT_JSON.to_owned(), json(results, manifest).into_bytes()),
            ];
            if let (Some(name), Some(bytes)) = (reference_name, inputs.reference) {
                attachments.push((name.to_owned(), bytes.to_vec()));
            }
            pdf::compile(
                source,
                template,
                &attachments,
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
