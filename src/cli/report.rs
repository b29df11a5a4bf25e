//! `wattprint report PATH --template NAME -o OUT`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Outcome, Session, load_clean};
use crate::check::{self, Clean, Extent};
use crate::clock::Now;
use crate::error::Error;
use crate::evidence::redact::{self, Redaction};
use crate::evidence::{FileName, Made, Manifest, Sha256Hex, TemplateOrigin};
use crate::load;
use crate::model::Audience;
use crate::output;
use crate::render::{self, Format, Inputs, Template};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The disclosure file.
    pub path: PathBuf,
    /// The report template (`wattprint templates` lists them).
    #[arg(
        long,
        short,
        default_value = "eu-ai-act",
        conflicts_with = "template_dir"
    )]
    pub template: String,
    /// A folder with your own template (`report.typ`, `report.md`, `report.html` and the
    /// files they use) instead of a built-in one.
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
    /// Where to write the report; its extension (.pdf, .html, .typ, .md, .json) picks the format.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Write even where the output is one of the inputs (refused otherwise).
    #[arg(long)]
    pub force: bool,
    /// Make the report for one audience of the GPAI Code of Practice's Model Documentation
    /// Form: only the Form fields it receives are shown.
    #[arg(long, value_enum)]
    pub audience: Option<AudienceArg>,
    /// The format, when the extension does not say it.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// The date of issue printed on the report and recorded in its manifest (YYYY-MM-DD);
    /// without it, `SOURCE_DATE_EPOCH`'s day, else the end of the reporting period, marked as
    /// no date of issue.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

/// Audiences of the Model Documentation Form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// The European AI Office.
    AiOffice,
    /// National competent authorities.
    Authority,
    /// Providers of AI systems that integrate the model.
    Downstream,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// PDF/A-3a: archival, tagged for accessibility, with the inputs attached.
    Pdf,
    /// Typst source.
    Typ,
    /// Markdown.
    Md,
    /// A single self-contained HTML file.
    Html,
    /// JSON results with the manifest.
    Json,
}

/// `report`'s arguments resolved: what to write where, and how.
struct ReportConfig {
    format: Format,
    template: Template,
    now: Now,
}

impl ReportArgs {
    fn resolve(&self) -> Result<ReportConfig, Error> {
        let by_extension = self
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| match e.to_ascii_lowercase().as_str() {
                "pdf" => Some(ReportFormat::Pdf),
                "typ" => Some(ReportFormat::Typ),
                "md" | "markdown" => Some(ReportFormat::Md),
                "html" | "htm" => Some(ReportFormat::Html),
                "json" => Some(ReportFormat::Json),
                _ => None,
            });
        let format = self.format.or(by_extension).ok_or_else(|| Error::Usage {
            message: format!(
                "cannot tell the report format from `{}`",
                self.output.display()
            ),
            hint: Some(
                "end the output name in .pdf, .html, .typ, .md or .json, or pass --format"
                    .to_owned(),
            ),
        })?;
        let format = match format {
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Typ => Format::Typst,
            ReportFormat::Md => Format::Markdown,
            ReportFormat::Html => Format::Html,
            ReportFormat::Json => Format::Json,
        };
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        Ok(ReportConfig {
            format,
            template: match &self.template_dir {
                Some(dir) => Template::from_dir(dir)?,
                None => Template::builtin(&self.template)?,
            },
            now: match self.date {
                Some(date) => Now::Issued(date),
                None => Now::from_source_date_epoch(epoch.as_deref())?,
            },
        })
    }
}

pub(super) fn run(args: &ReportArgs, session: &Session) -> Result<Outcome, Error> {
    let console = session.console;
    let config = args.resolve()?;
    let data = session.data_file.as_ref().map(crate::load::Source::path);
    output::refuse_overwriting_inputs(
        &args.output,
        &[Some(args.path.as_path()), data]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        args.force,
    )?;
    if let Some(dir) = &args.template_dir {
        output::refuse_writing_into(&args.output, dir)?;
    }
    // Checking, computing (the Monte Carlo, scenarios) and rendering are bounded in memory and
    // time.
    let guard = super::guard::MemoryGuard::start(
        session.limits.max_memory_mib,
        session.limits.max_render_seconds,
        format!("the report with template `{}`", config.template.name),
    );
    let Some(full) = load_clean(&args.path, session, Extent::Report)? else {
        return Ok(Outcome::Findings);
    };
    let audience = args.audience.map(|a| match a {
        AudienceArg::AiOffice => Audience::AiOffice,
        AudienceArg::Authority => Audience::Authority,
        AudienceArg::Downstream => Audience::Downstream,
    });
    let (
        Clean {
            source,
            disclosure,
            results,
            reference,
            ..
        },
        redacted_from,
    ) = match audience {
        Some(audience) => for_audience(full, audience, &args.path, session)?,
        None => (full, None),
    };
    let data_file = session.data_file.as_ref();
    let manifest = Manifest::new(Made {
        input: source.path(),
        input_bytes: source.bytes(),
        disclosure: &disclosure,
        dataset: &session.validator.reference().name,
        reference_file: data_file.map(|f| (f.path(), f.bytes())),
        uses: reference,
        template: &config.template.name,
        template_origin: if args.template_dir.is_some() {
            TemplateOrigin::Folder
        } else {
            TemplateOrigin::Builtin
        },
        template_sha256: config.template.sha256(),
        audience,
        now: config.now,
        redacted_from,
    });
    let inputs = Inputs {
        disclosure: source.bytes(),
        reference: data_file.map(load::Source::bytes),
    };
    let bytes = render::render(
        &disclosure,
        &inputs,
        &results,
        &manifest,
        &config.template,
        config.format,
    )?;
    drop(guard);
    console.step(&format!(
        "rendered {} bytes with template `{}`",
        bytes.len(),
        config.template.name
    ));
    if config.format == Format::Json && manifest.redacted_from.is_some() {
        // A JSON report is verified from its folder, beside the input it names: for a
        // redacted document that is the redacted input, written first so that the report
        // never names a file that is not there.
        let beside = args.output.with_file_name(manifest.input.as_str());
        output::refuse_overwriting_inputs(&beside, &[args.path.as_path()], args.force)?;
        output::write_atomic(&beside, source.bytes())?;
        console.step(&format!(
            "wrote {}, the input this audience receives",
            beside.display()
        ));
    }
    output::write_atomic(&args.output, &bytes)?;
    console.step(&format!(
        "wrote {} (input sha256 {})",
        args.output.display(),
        manifest.input_sha256
    ));
    Ok(Outcome::Clean)
}

/// The disclosure as `audience` receives it, checked and computed, with the record of the full
/// input it was made from; the full disclosure itself when the audience receives all of it.
fn for_audience(
    full: Clean,
    audience: Audience,
    path: &std::path::Path,
    session: &Session,
) -> Result<(Clean, Option<Redaction>), Error> {
    // The full input parsed once already; parsing it again cannot fail.
    let Ok((document, _)) = load::parse_yaml(full.source.text(), session.limits) else {
        return Ok((full, None));
    };
    let Some((redacted, left_out)) = redact::for_audience(&document, audience) else {
        return Ok((full, None));
    };
    let full_name = FileName::of(path);
    let name = redact::file_name(&full_name, audience);
    let source =
        load::Source::from_text(path.with_file_name(name.as_str()), redact::text(&redacted));
    let redaction = Redaction {
        input: full_name,
        input_sha256: Sha256Hex::of(full.source.bytes()),
        left_out: left_out.to_owned(),
    };
    match check::source(
        source.clone(),
        &session.validator,
        session.limits,
        Extent::Report,
    ) {
        Ok(clean) => {
            session.console.step(&format!(
                "made the input for {} without {left_out}",
                audience.label()
            ));
            Ok((clean, Some(redaction)))
        }
        Err(found) => {
            session
                .console
                .diagnostics(&found, std::slice::from_ref(&source));
            Err(Error::Redaction {
                audience: audience.label(),
                left_out,
                problems: found.len(),
            })
        }
    }
}
