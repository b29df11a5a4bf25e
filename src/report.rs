//! Making a report of a checked disclosure: the input an audience receives, the manifest that
//! ties the document to its inputs, and the document's bytes. `wattprint report` and the page
//! in `web/` run these same steps, so that both give the same bytes for the same input;
//! printing, and writing files, stay with them.

use std::path::Path;

use crate::check::{self, Clean, Extent};
use crate::clock::Now;
use crate::diagnostic::Diagnostic;
use crate::evidence::redact::{self, FullFile, Redaction, Refusal};
use crate::evidence::{FileName, Made, Manifest, Sha256Hex, TemplateOrigin};
use crate::load::linked::Linked;
use crate::load::{Limits, Source};
use crate::model::{Audience, Role};
use crate::render::{self, Format, Inputs, RenderError, Template};
use crate::validate::Validator;

/// Why no document can be made for an audience.
#[derive(Debug)]
pub enum AudienceRefusal {
    /// The disclosure holds no Model Documentation Form to make the document from; why not.
    NoForm(&'static str),
    /// The input has findings at error level: the full input's when `made` is false, else
    /// those of the input made for the audience (`source`).
    Findings {
        /// The findings.
        found: Vec<Diagnostic>,
        /// The file they are in.
        source: Source,
        /// Whether `source` is the input made for the audience.
        made: bool,
    },
    /// The document cannot be made, for this reason.
    Reason(String),
}

/// A disclosure as an audience receives it: its input checked and computed, and what the
/// document records and carries of the full one.
#[derive(Debug)]
pub struct ForAudience {
    /// The input the audience receives, checked and computed.
    pub clean: Clean,
    /// The full input it was made from; `None` when the audience receives all of it.
    pub redaction: Option<Redaction>,
    /// The reference data file the document carries, holding only the rows its input uses,
    /// when a user's file (`--data`) was given and the input was redacted.
    pub data: Option<Source>,
}

impl ForAudience {
    /// The whole disclosure, as the AI Office receives it, or a report for no audience.
    #[must_use]
    pub fn whole(clean: Clean) -> Self {
        Self {
            clean,
            redaction: None,
            data: None,
        }
    }
}

/// The disclosure as `audience` receives it, checked and computed, with the record of the full
/// input (read from `path`) it was made from; the full disclosure itself when the audience
/// receives all of it. The files it names are read from `files`, as the full input's were;
/// `data` is the user's reference data file, of which the document carries only the rows its
/// input uses.
///
/// # Errors
/// An [`AudienceRefusal`] saying why no document can be made for `audience`.
pub fn for_audience(
    full: Clean,
    audience: Audience,
    (path, data): (&Path, Option<&Source>),
    validator: &Validator,
    limits: Limits,
    files: &dyn Linked,
) -> Result<ForAudience, AudienceRefusal> {
    if let Some(why) = without_form(&full.disclosure) {
        return Err(AudienceRefusal::NoForm(why));
    }
    let (text, left_out) = match redact::input_for(&full, audience, limits) {
        Ok(Some(redacted)) => redacted,
        Ok(None) => return Ok(ForAudience::whole(full)),
        Err(Refusal::Findings(found)) => {
            return Err(AudienceRefusal::Findings {
                found,
                source: full.source,
                made: false,
            });
        }
        Err(Refusal::Reason(reason)) => return Err(AudienceRefusal::Reason(reason)),
    };
    let full_name = FileName::of(path);
    let name = redact::file_name(&full_name, audience);
    let source = Source::from_text(path.with_file_name(name.as_str()), text);
    let mut redaction = Redaction {
        input: full_name,
        input_sha256: Sha256Hex::of(full.source.bytes()),
        left_out: left_out.to_owned(),
        reference_data: None,
    };
    // The full disclosure was checked, --strict included; what leaving out adds (a Form that
    // is not shown, a run now dated by the period) is not the user's to fix, so only errors
    // stop the document.
    let clean = match check::source(source.clone(), validator, limits, Extent::Report, files) {
        Ok(clean) => clean,
        Err(found) => {
            return Err(AudienceRefusal::Findings {
                found,
                source,
                made: true,
            });
        }
    };
    // Authorities receive less precision, not fewer figures: their document shows the same
    // figures as the whole disclosure, or none is made.
    if audience == Audience::Authority
        && let Some(figure) = redact::changed_figure(&full.results, &clean.results)
    {
        return Err(AudienceRefusal::Reason(format!(
            "leaving out the training's dates and exact time changes the figure `{figure}` (monthly grid factors, time reserved on training hardware, or the day a crossover is counted from, depend on them)"
        )));
    }
    let data = match data {
        Some(data) => {
            redaction.reference_data = Some(FullFile {
                file: FileName::of(data.path()),
                sha256: Sha256Hex::of(data.bytes()),
            });
            Some(reference_for(&clean, audience, data, validator, limits)?)
        }
        None => None,
    };
    Ok(ForAudience {
        clean,
        redaction: Some(redaction),
        data,
    })
}

/// The reference data file a document for `audience` of `clean` carries: the rows of `data`
/// its input can read ([`redact::reference_rows`]), as JSON named after `data`
/// (`factors.yaml` gives `factors.downstream.json`). Refused when those rows would resolve the
/// input's defaults otherwise than the whole file (`validator`'s data) does: the document
/// could not then be recomputed from what it carries.
///
/// # Errors
/// [`AudienceRefusal::Findings`] when `data` cannot be read again, and
/// [`AudienceRefusal::Reason`] when the rows kept do not resolve the input as the file does.
pub fn reference_for(
    clean: &Clean,
    audience: Audience,
    data: &Source,
    validator: &Validator,
    limits: Limits,
) -> Result<Source, AudienceRefusal> {
    let parse = |source: &Source| {
        crate::load::parse_yaml(source.text(), limits)
            .map(|(value, _)| value)
            .map_err(|found| AudienceRefusal::Findings {
                found,
                source: source.clone(),
                made: false,
            })
    };
    let input = parse(&clean.source)?;
    let rows = redact::reference_rows(&parse(data)?, &input, &clean.reference);
    let name = redact::file_name(&FileName::of(data.path()), audience);
    let kept = Source::from_text(
        data.path().with_file_name(name.as_str()),
        redact::text(&rows),
    );
    let unusable = |why: &str| {
        AudienceRefusal::Reason(format!(
            "the rows of the reference data file `{}` that its input uses {why}",
            FileName::of(data.path())
        ))
    };
    let user = crate::validate::reference_data(kept.clone())
        .map_err(|_| unusable("do not make a reference data file of their own"))?;
    let dataset = crate::reference::Dataset::builtin().extended(&user);
    let resolved = |dataset: &crate::reference::Dataset| {
        let mut document = input.clone();
        let resolution = crate::reference::resolve::resolve(&mut document, dataset);
        (document, resolution.uses, resolution.findings.len())
    };
    if resolved(validator.reference()) == resolved(&dataset) {
        Ok(kept)
    } else {
        Err(unusable(
            "resolve its defaults otherwise than the whole file does, so the document could not be recomputed from them",
        ))
    }
}

/// Why `disclosure` holds no Model Documentation Form to make a document for an audience
/// from; `None` when it holds one. The audiences are those of a provider's Form (GPAI Code of
/// Practice, Transparency chapter): without a general-purpose AI model the organisation
/// provides, a document "for" one of them would state a basis the disclosure does not have.
#[must_use]
pub fn without_form(disclosure: &crate::model::Disclosure) -> Option<&'static str> {
    if disclosure.organisation.role == Role::Deployer {
        Some("its organisation is a deployer")
    } else if !disclosure.system.models.iter().any(|m| m.general_purpose) {
        Some("no model is marked `general_purpose: true`")
    } else {
        None
    }
}

/// How much of the full disclosure to compute for a document for `audience`: a document for
/// downstream providers is computed from its own input, and of the full one reads central
/// figures only (to share instruments), so no interval of it is drawn.
#[must_use]
pub fn extent_for(audience: Option<Audience>) -> Extent {
    if audience == Some(Audience::Downstream) {
        Extent::Rules
    } else {
        Extent::Report
    }
}

/// Why a built-in template cannot make a document for `audience`, with the fix; `None` when
/// it can.
#[must_use]
pub fn refused_for(
    template: &Template,
    origin: TemplateOrigin,
    audience: Option<Audience>,
) -> Option<(&'static str, &'static str)> {
    (audience == Some(Audience::Downstream)
        && origin == TemplateOrigin::Builtin
        && template.name == NET_POSITIVE)
        .then_some((
            "a net-positive claim is assessed against the AI system's whole footprint, training included, and a document for downstream providers leaves the organisation's training out, so it cannot assess claims",
            "make the net-positive report without --audience",
        ))
}

/// The built-in template that assesses net-positive claims.
const NET_POSITIVE: &str = "net-positive";

/// How a report is made, beside the disclosure it shows.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The template.
    pub template: &'a Template,
    /// Where the template came from.
    pub origin: TemplateOrigin,
    /// The format to render.
    pub format: Format,
    /// The audience the document is for, when it is for one.
    pub audience: Option<Audience>,
    /// How the report date is decided.
    pub now: Now,
    /// The reference dataset's name.
    pub dataset: &'a str,
    /// The user's reference data file, when one was used.
    pub data_file: Option<&'a Source>,
    /// The previous period's disclosure, when the report compares with one.
    pub previous: Option<&'a Clean>,
}

/// The report of `clean` that `request` asks for, with the manifest that ties it to its
/// inputs; `redacted_from` records the full input when `clean` is what an audience receives.
///
/// # Errors
/// A [`RenderError`] naming the template file and what went wrong.
pub fn document(
    clean: &Clean,
    redacted_from: Option<Redaction>,
    request: &Request,
) -> Result<(Manifest, Vec<u8>), RenderError> {
    let manifest = Manifest::new(Made {
        input: clean.source.path(),
        input_bytes: clean.source.bytes(),
        disclosure: &clean.disclosure,
        dataset: request.dataset,
        reference_file: request.data_file.map(|f| (f.path(), f.bytes())),
        uses: clean.reference.clone(),
        template: &request.template.name,
        template_origin: request.origin,
        template_sha256: request.template.sha256(),
        audience: request.audience,
        now: request.now,
        redacted_from,
        previous: request
            .previous
            .map(|p| (p.source.path(), p.source.bytes())),
        linked: &clean.linked,
    });
    let inputs = Inputs {
        disclosure: clean.source.bytes(),
        reference: request.data_file.map(Source::bytes),
        previous: request.previous.map(|p| p.source.bytes()),
        linked: &clean.linked,
    };
    let bytes = render::render(
        &clean.disclosure,
        &inputs,
        &clean.results,
        &manifest,
        request.template,
        request.format,
    )?;
    Ok((manifest, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::TemplateOrigin;
    use crate::load::linked::Carried;

    #[test]
    fn a_report_parses_only_the_entries_its_format_renders() {
        // `report` parses `Format::entries` on a spare core before the render needs them: an
        // entry rendered but not listed would be parsed on the critical path, one listed but
        // not rendered parsed for nothing.
        let validator = Validator::new();
        let source = Source::from_text(
            "provider-cloud.yaml",
            include_str!("../examples/provider-cloud.yaml"),
        );
        let clean = check::source(
            source,
            &validator,
            Limits::default(),
            Extent::Report,
            &Carried::default(),
        )
        .unwrap();
        for format in [
            Format::Pdf,
            Format::Typst,
            Format::Markdown,
            Format::Html,
            Format::Json,
        ] {
            let template = Template::builtin("summary").unwrap();
            let request = Request {
                template: &template,
                origin: TemplateOrigin::Builtin,
                format,
                audience: None,
                now: Now::Issued(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
                dataset: &validator.reference().name,
                data_file: None,
                previous: None,
            };
            document(&clean, None, &request).unwrap();
            assert_eq!(template.parsed_entries(), format.entries(), "{format:?}");
        }
    }
}
