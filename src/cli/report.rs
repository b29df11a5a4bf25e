//! `wattprint report PATH --template NAME -o OUT`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Outcome, Session, load_clean};
use crate::check::{self, Clean, Extent};
use crate::clock::Now;
use crate::error::Error;
use crate::evidence::{DateSource, FileName, Manifest, TemplateOrigin};
use crate::load::{self, Limits};
use crate::model::Audience;
use crate::output;
use crate::render::{Format, Template};
use crate::report::{self, AudienceRefusal};

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
        conflicts_with = "template_dir",
        value_parser = TemplateName
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
    /// The date of issue printed on the report and recorded in its manifest (YYYY-MM-DD), on
    /// or after the reporting period's end; without it, `SOURCE_DATE_EPOCH`'s day, else today
    /// (UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
    /// The previous period's disclosure: the ESRS E1 annex shows its figures beside this
    /// period's, with the change. It must be the same undertaking's and AI system's, for the
    /// period that ends the day before this one starts; a PDF report attaches it.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
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

impl AudienceArg {
    fn audience(self) -> Audience {
        match self {
            AudienceArg::AiOffice => Audience::AiOffice,
            AudienceArg::Authority => Audience::Authority,
            AudienceArg::Downstream => Audience::Downstream,
        }
    }
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

/// The built-in template that shows a previous period's figures.
const ESRS_TEMPLATE: &str = "esrs-e1";

/// `report`'s arguments resolved: what to write where, and how.
struct ReportConfig {
    format: Format,
    template: Template,
    now: Now,
}

impl ReportArgs {
    fn origin(&self) -> TemplateOrigin {
        if self.template_dir.is_some() {
            TemplateOrigin::Folder
        } else {
            TemplateOrigin::Builtin
        }
    }

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
        if self.previous.is_some() && self.audience.is_some() {
            return Err(Error::Usage {
                message: "--previous attaches the previous period's whole disclosure, and a document for one audience carries only what that audience receives".to_owned(),
                hint: Some("make the comparative report without --audience".to_owned()),
            });
        }
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        let template = match &self.template_dir {
            Some(dir) => Template::from_dir(dir)?,
            None => Template::builtin(&self.template)?,
        };
        if let Some((message, hint)) = report::refused_for(
            &template,
            self.origin(),
            self.audience.map(AudienceArg::audience),
        ) {
            return Err(Error::Usage {
                message: message.to_owned(),
                hint: Some(hint.to_owned()),
            });
        }
        // A template that shows no comparative figures would carry a previous disclosure its
        // document does not use; a JSON report holds every figure, the comparative ones too.
        if self.previous.is_some() && format != Format::Json && !template.shows_comparative() {
            return Err(Error::Usage {
                message: format!(
                    "the template `{}` shows no comparative figures (it never reads `esrs.previous`), so --previous would attach a file the document does not use",
                    template.name
                ),
                hint: Some(format!(
                    "use --template {ESRS_TEMPLATE} (or a template folder that shows `esrs.previous`), or leave out --previous"
                )),
            });
        }
        Ok(ReportConfig {
            format,
            template,
            now: match self.date {
                Some(date) => Now::Issued(date),
                None => Now::from_environment(epoch.as_deref())?,
            },
        })
    }
}

/// The stack of the thread that parses the template: the main thread's, as Tera's parser
/// recurses and its nesting limits were set on the main thread.
const PARSER_STACK: usize = 8 << 20;

pub(super) fn run<'a>(
    args: &ReportArgs,
    limits: Limits,
    session: impl FnOnce() -> Result<Session<'a>, Error>,
) -> Result<Outcome, Error> {
    let config = args.resolve()?;
    // Parsing the template, checking, computing (the Monte Carlo, scenarios) and rendering are
    // bounded in memory and time; writing is not.
    let guard = super::guard::MemoryGuard::start(
        limits.max_memory_mib,
        limits.max_render_seconds,
        format!("the report with template `{}`", config.template.name),
    );
    let (session, rendered) = std::thread::scope(|scope| {
        // Tera parses the template on the other core while this one compiles the schema,
        // checks and computes the disclosure; should no thread start, the render parses it.
        if config.format != Format::Json {
            let _ = std::thread::Builder::new()
                .name("template".to_owned())
                .stack_size(PARSER_STACK)
                .spawn_scoped(scope, || config.template.prepare(config.format));
        }
        let session = session()?;
        refuse_unsafe_output(args, &session)?;
        let rendered = render(args, &session, &config)?;
        Ok::<_, Error>((session, rendered))
    })?;
    drop(guard);
    match rendered {
        Some(rendered) => write(args, &session, &config, rendered),
        None => Ok(Outcome::Findings),
    }
}

/// A report rendered and not yet written, with the inputs written beside a JSON report.
struct Rendered {
    manifest: Manifest,
    bytes: Vec<u8>,
    clean: Clean,
    /// The reference data an audience's document carries, made from the user's file.
    data: Option<load::Source>,
    previous: Option<Clean>,
    /// Notes about the document made, printed once it is written.
    notes: Vec<String>,
}

/// The report `args` ask for; `None` when an input has findings (printed).
fn render(
    args: &ReportArgs,
    session: &Session,
    config: &ReportConfig,
) -> Result<Option<Rendered>, Error> {
    let console = session.console;
    let audience = args.audience.map(AudienceArg::audience);
    let Some(full) = load_clean(&args.path, session, report::extent_for(audience))? else {
        return Ok(None);
    };
    super::refuse_overwriting_linked(&args.output, &args.path, &full.linked, args.force)?;
    issued_after_the_period(config.now, full.disclosure.reporting_period.end, console)?;
    let Ok(previous) = previous_disclosure(args, session)? else {
        return Ok(None);
    };
    if let (Some(previous), Some(path)) = (&previous, &args.previous) {
        super::refuse_overwriting_linked(&args.output, path, &previous.linked, args.force)?;
    }
    let (made, notes) = match audience {
        Some(audience) => match for_audience(full, audience, &args.path, session)? {
            Some(made) => made,
            None => return Ok(None),
        },
        None => (report::ForAudience::whole(full), Vec::new()),
    };
    let report::ForAudience {
        mut clean,
        redaction: redacted_from,
        data,
    } = made;
    compare(
        previous.as_ref(),
        &clean.disclosure,
        &mut clean.results,
        &config.template,
        console,
    )?;
    let (manifest, bytes) = report::document(
        &clean,
        redacted_from,
        &report::Request {
            template: &config.template,
            origin: args.origin(),
            format: config.format,
            audience,
            now: config.now,
            dataset: &session.validator.reference().name,
            data_file: data.as_ref().or(session.data_file.as_ref()),
            previous: previous.as_ref(),
        },
    )?;
    Ok(Some(Rendered {
        manifest,
        bytes,
        clean,
        data,
        previous,
        notes,
    }))
}

/// Refuses a date of issue given before the reporting period ends: the figures would cover
/// days not yet over (and `--date 26-12-01` is the year 26). Made today, or dated by
/// `SOURCE_DATE_EPOCH` (a commit's time), within the period, the report is an interim one,
/// and a note says so.
fn issued_after_the_period(
    now: Now,
    end: chrono::NaiveDate,
    console: &super::Console,
) -> Result<(), Error> {
    match now {
        Now::Issued(date) if DateSource::of(now).refuses(date, end) => Err(Error::Usage {
            message: format!(
                "the date of issue, {date}, is before the reporting period ends on {end}: a report is issued once the period it covers is over"
            ),
            hint: Some(format!("give --date {end} or a later day (YYYY-MM-DD)")),
        }),
        Now::Today(date) if date < end => {
            console.note(&format!(
                "the reporting period ends on {end}, after today ({date}): the report covers days not yet over"
            ));
            Ok(())
        }
        Now::Fixed(date) if date < end => {
            console.note(&format!(
                "SOURCE_DATE_EPOCH dates the report {date}, before its reporting period ends on {end}: it is dated as an interim report"
            ));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Writes the report, and beside a JSON report the inputs it was made from.
fn write(
    args: &ReportArgs,
    session: &Session,
    config: &ReportConfig,
    rendered: Rendered,
) -> Result<Outcome, Error> {
    let Rendered {
        manifest,
        bytes,
        clean,
        data,
        previous,
        notes,
    } = rendered;
    let console = session.console;
    console.step(&format!(
        "rendered {} bytes with template `{}`",
        bytes.len(),
        config.template.name
    ));
    if config.format == Format::Json {
        let made = Made {
            input: &clean.source,
            data: data.as_ref().or(session.data_file.as_ref()),
            previous: previous.as_ref(),
        };
        write_inputs_beside(args, &manifest, &made, console)?;
    }
    output::write_atomic(&args.output, &bytes)?;
    console.step(&format!(
        "wrote {} (input sha256 {})",
        args.output.display(),
        manifest.input_sha256
    ));
    for note in &notes {
        console.note(note);
    }
    Ok(Outcome::Clean)
}

/// The previous period's disclosure (`--previous`), checked to the central figures the
/// comparative reads; `Err(())` when it has errors (printed). One that names files is refused:
/// a report carries the previous disclosure, not the files it names, so `verify` could not
/// read it again.
fn previous_disclosure(
    args: &ReportArgs,
    session: &Session,
) -> Result<Result<Option<Clean>, ()>, Error> {
    let Some(path) = args.previous.as_deref() else {
        return Ok(Ok(None));
    };
    let Some(previous) = load_clean(path, session, Extent::Rules)? else {
        return Ok(Err(()));
    };
    if let Some(named) = previous.linked.first() {
        return Err(Error::Usage {
            message: format!(
                "the previous period's disclosure names the hourly file `{}`, and a report carries the previous disclosure without the files it names",
                named.name
            ),
            hint: Some("compare with a copy of the previous disclosure without its `hourly` and `hourly_generation` entries (its annual figures are what the comparison reads)".to_owned()),
        });
    }
    Ok(Ok(Some(previous)))
}

/// Refuses an output that would replace one of the inputs or land among a template's files.
fn refuse_unsafe_output(args: &ReportArgs, session: &Session) -> Result<(), Error> {
    let data = session.data_file.as_ref().map(crate::load::Source::path);
    output::refuse_overwriting_inputs(
        &args.output,
        &[Some(args.path.as_path()), data, args.previous.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        args.force,
    )?;
    if let Some(dir) = &args.template_dir {
        output::refuse_writing_into(&args.output, dir)?;
    }
    Ok(())
}

/// Sets the comparative figures `previous` gives `results`, and notes an ESRS annex whose
/// period is not a year.
fn compare(
    previous: Option<&Clean>,
    disclosure: &crate::model::Disclosure,
    results: &mut crate::compute::Results,
    template: &Template,
    console: &super::Console,
) -> Result<(), Error> {
    if let Some(previous) = previous {
        results.esrs.comparative = Some(check::previous::comparative(disclosure, previous)?);
    }
    if template.name == ESRS_TEMPLATE && !disclosure.reporting_period.is_year() {
        let days = disclosure.reporting_period.days();
        console.note(&format!(
            "the reporting period is {days} day{}, not a year: ESRS figures are reported for the undertaking's financial year, and the annex says so",
            if days == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// The notes on the hardware that marks no phase where the disclosure also trains: the full
/// document shares its embodied emissions between training and service by their energy, the
/// document for downstream providers, which leaves the training out, gives them all to the
/// service, so the two give other embodied emissions per unit. Notes too each site shared with
/// training whose instruments or fuel the document shares out by facility energy. Printed only
/// once the document is written: a refusal or a failed write must not speak of "this document".
fn shared_with_training(
    disclosure: &crate::model::Disclosure,
    results: &crate::compute::Results,
) -> Vec<String> {
    let mut notes = Vec::new();
    let trains = disclosure
        .measurements
        .iter()
        .any(|m| m.phase != crate::model::Phase::Inference);
    if !trains {
        return notes;
    }
    for hardware in disclosure
        .hardware
        .iter()
        .filter(|h| h.phase.is_none() && h.embodied.is_some())
        // Hardware tied to a model the document leaves out goes with it: nothing to note.
        .filter(|h| {
            h.model
                .as_deref()
                .is_none_or(|id| !crate::evidence::redact::downstream_drops_model(disclosure, id))
        })
    {
        notes.push(format!(
            "hardware `{}` marks no phase: this document, without the training, gives all its embodied emissions to the service, so its embodied emissions per unit are higher than the full document's; mark it `phase: inference` or `phase: training` for the same figure in both",
            hardware.id
        ));
    }
    // An attack of 2026-12-02: the operation's part of a shared site's instruments is in
    // proportion to its facility energy, so their whole volume, known from elsewhere (a PPA's
    // contract, the instrument's own source text), gives the training's energy.
    // A site only training used leaves the document whole; one only serving shares nothing.
    for (s, share) in crate::evidence::redact::serving_shares(disclosure, results) {
        let site = &disclosure.sites[s];
        let shared = site
            .grid
            .market_based
            .as_ref()
            .is_some_and(|m| !m.instruments.is_empty())
            || disclosure.combustion.iter().any(|c| c.site == site.id);
        if share > 0.0 && shared {
            notes.push(format!(
                "site `{}` serves training too: this document gives the operation its instruments and fuel in proportion to its facility energy, so a reader who knows their whole volume can work out the site's training energy; give the operation instruments of its own where that must not be known",
                site.id
            ));
        }
    }
    notes
}

/// The disclosure as `audience` receives it ([`report::for_audience`]), with the notes to print
/// once its document is written, the steps and refusals printed; `None` when the input the
/// audience receives has findings at error level or the document cannot be made (printed).
fn for_audience(
    full: Clean,
    audience: Audience,
    path: &std::path::Path,
    session: &Session,
) -> Result<Option<(report::ForAudience, Vec<String>)>, Error> {
    // The document's input lies beside the full one, so names the same files.
    let files = load::linked::Beside::of(path, session.limits.max_bytes);
    let refuse = |reason: String| {
        session.console.error(
            &Error::AudienceRefused {
                audience: audience.label(),
                reason,
            },
            None,
        );
    };
    let notes = if audience == Audience::Downstream {
        shared_with_training(&full.disclosure, &full.results)
    } else {
        Vec::new()
    };
    match report::for_audience(
        full,
        audience,
        (path, session.data_file.as_ref()),
        &session.validator,
        session.limits,
        &files,
    ) {
        Ok(made) => {
            if let Some(redaction) = &made.redaction {
                session.console.step(&format!(
                    "made the input for {} without {}",
                    audience.label(),
                    redaction.left_out
                ));
            }
            Ok(Some((made, notes)))
        }
        Err(AudienceRefusal::NoForm(why)) => Err(Error::Usage {
            message: format!(
                "--audience makes a document for {} from a provider's Model Documentation Form, and this disclosure has none: {why}",
                audience.label(),
            ),
            hint: Some("leave out --audience, or mark the general-purpose AI model the organisation provides".to_owned()),
        }),
        Err(AudienceRefusal::Findings { found, source, made }) => {
            session
                .console
                .diagnostics(&found, std::slice::from_ref(&source));
            if made {
                refuse(format!(
                    "the input made for them has {} problem(s), printed above",
                    found.len()
                ));
            }
            Ok(None)
        }
        Err(AudienceRefusal::Reason(reason)) => {
            refuse(reason);
            Ok(None)
        }
    }
}

/// The inputs of a JSON report that `report` made or read besides the disclosure.
struct Made<'a> {
    /// The input of the report: the disclosure, or the part of it an audience receives.
    input: &'a load::Source,
    /// The reference data the report carries: the user's file, or the rows of it an
    /// audience's document carries.
    data: Option<&'a load::Source>,
    /// The previous period's disclosure.
    previous: Option<&'a Clean>,
}

/// Writes the inputs a JSON report names that need not be beside it already: the input and
/// the reference data an audience receives (made from the full ones), and the previous
/// period's disclosure. The user's own input and reference data are theirs to place: a note
/// says where `verify` looks for one that is not there.
fn write_inputs_beside(
    args: &ReportArgs,
    manifest: &Manifest,
    made: &Made,
    console: &super::Console,
) -> Result<(), Error> {
    if let Some(audience) = manifest
        .audience
        .filter(|_| manifest.redacted_from.is_some())
    {
        let what = format!("the input {} receive", audience.label());
        write_beside(args, &manifest.input, made.input.bytes(), &what, console)?;
        if let (Some(name), Some(data)) = (&manifest.reference_data.file, made.data) {
            let what = format!("the reference data {} receive", audience.label());
            write_beside(args, name, data.bytes(), &what, console)?;
        }
    } else {
        let own = [
            Some((&manifest.input, made.input, "the input")),
            manifest
                .reference_data
                .file
                .as_ref()
                .zip(made.data)
                .map(|(name, data)| (name, data, "the reference data")),
        ];
        for (name, source, what) in own.into_iter().flatten() {
            let beside = args.output.with_file_name(name.as_str());
            if !holds(&beside, source.bytes()) {
                console.note(&format!(
                    "`verify` reads {what} as `{}`, beside the report, which does not hold `{}`: copy it there under that name before verifying the folder",
                    beside.display(),
                    source.path().display()
                ));
            }
        }
    }
    if let (Some(named), Some(previous)) = (&manifest.previous, made.previous) {
        let what = "the previous period's disclosure";
        write_beside(args, &named.input, previous.source.bytes(), what, console)?;
    }
    Ok(())
}

/// Writes `bytes`, an input a JSON report names as `name`, beside the report: a JSON report is
/// verified from its folder, beside the inputs it names, so they are written first and the
/// report never names a file that is not there. `what` says which input it is.
fn write_beside(
    args: &ReportArgs,
    name: &FileName,
    bytes: &[u8],
    what: &str,
    console: &super::Console,
) -> Result<(), Error> {
    let beside = args.output.with_file_name(name.as_str());
    if beside == args.output {
        return Err(Error::Usage {
            message: format!(
                "a JSON report is written beside {what}, `{name}`, so it cannot have that name itself"
            ),
            hint: Some("give the report another name".to_owned()),
        });
    }
    // Already there (the input itself, or made again from the same input), it is kept as it
    // is; anything else there is kept unless --force.
    if !holds(&beside, bytes) {
        let inputs: Vec<&std::path::Path> = [Some(args.path.as_path()), args.previous.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        output::refuse_overwriting_inputs(&beside, &inputs, args.force)?;
        output::refuse_replacing(&beside, args.force)?;
        output::write_atomic(&beside, bytes)?;
        console.note(&format!("wrote {}, {what}", beside.display()));
    }
    Ok(())
}

/// Whether the file at `path` holds `bytes`, as a JSON report's input beside it must.
fn holds(path: &std::path::Path, bytes: &[u8]) -> bool {
    std::fs::read(path).ok().as_deref() == Some(bytes)
}

/// A `--template` value: any name (an unknown one is refused with the nearest names when the
/// template is looked up), offered from the built-in templates by shell completion.
#[derive(Debug, Clone, Copy)]
struct TemplateName;

impl clap::builder::TypedValueParser for TemplateName {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Template::builtins().map(|(name, description)| {
            clap::builder::PossibleValue::new(name).help(description)
        })))
    }
}
