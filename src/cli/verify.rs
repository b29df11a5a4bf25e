//! `wattprint verify REPORT.pdf`

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Console, Outcome, print};
use crate::compute;
use crate::error::Error;
use crate::evidence::verify::{self, Mismatch, VerifyError};
use crate::evidence::{Manifest, sha256_hex};
use crate::load::{self, Limits, LoadError, Source};
use crate::reference::{Dataset, UserData, UserError};
use crate::render;
use crate::validate::Validator;

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A PDF report written by `wattprint report`, or a folder holding a JSON report
    /// (`report -o x.json`) and the input file it names.
    pub report: PathBuf,
    /// How to print the outcome.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,
}

/// Output formats of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// One line, or one line per mismatch.
    Human,
    /// `{ verified, mismatches: [{ path, reported, recomputed }] }`.
    Json,
}

/// What a report carries: its JSON report, and the input's name and bytes.
struct Evidence {
    reported: serde_json::Value,
    manifest: Manifest,
    input_name: String,
    input: Vec<u8>,
    /// The user's reference data file the defaults came from, by name, when one was used.
    reference: Option<(String, Vec<u8>)>,
    /// The PDF itself, when the evidence came from one.
    pdf: Option<Vec<u8>>,
}

fn json_report(name: &str, bytes: &[u8]) -> Result<(serde_json::Value, Manifest), Error> {
    let json_error = |source| VerifyError::Json {
        name: name.to_owned(),
        source,
    };
    let reported: serde_json::Value = serde_json::from_slice(bytes).map_err(json_error)?;
    let manifest: Manifest =
        serde_json::from_value(reported["manifest"].clone()).map_err(json_error)?;
    Ok((reported, manifest))
}

/// The evidence a PDF report carries as attachments.
fn from_pdf(path: &Path, limit: u64) -> Result<Evidence, Error> {
    let pdf = load::bytes(path, limit)?;
    let attachments = verify::attachments(&pdf)?;
    let (reported, manifest) = json_report(
        render::REPORT_JSON,
        verify::attachment(&attachments, render::REPORT_JSON)?,
    )?;
    let input_name = render::input_name(&manifest);
    let input = verify::attachment(&attachments, &input_name)?.to_vec();
    let reference = match &manifest.reference_data.file {
        Some(name) => Some((
            name.clone(),
            verify::attachment(&attachments, name)?.to_vec(),
        )),
        None => None,
    };
    Ok(Evidence {
        reported,
        manifest,
        input_name,
        input,
        reference,
        pdf: Some(pdf),
    })
}

/// The evidence in a folder: a JSON report (`report -o x.json`) and the input it names.
fn from_folder(dir: &Path, limit: u64) -> Result<Evidence, Error> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| LoadError::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    reports.sort();
    for path in reports {
        let Ok((reported, manifest)) =
            json_report(&path.display().to_string(), &load::bytes(&path, limit)?)
        else {
            continue;
        };
        let input_name = render::input_name(&manifest);
        let input = load::bytes(&dir.join(&input_name), limit)?;
        let reference = match &manifest.reference_data.file {
            Some(name) => Some((name.clone(), load::bytes(&dir.join(name), limit)?)),
            None => None,
        };
        return Ok(Evidence {
            reported,
            manifest,
            input_name,
            input,
            reference,
            pdf: None,
        });
    }
    Err(VerifyError::MissingAttachment {
        name: format!("JSON report in {}", dir.display()),
    }
    .into())
}

/// The attached files whose SHA-256 differs from the one the manifest records.
fn hash_mismatches(
    manifest: &Manifest,
    input_name: &str,
    input: &[u8],
    reference: Option<&(String, Vec<u8>)>,
) -> Vec<Mismatch> {
    let mut files = vec![(
        format!("manifest.input_sha256 (attached `{input_name}`)"),
        Some(&manifest.input_sha256),
        input,
    )];
    if let Some((name, bytes)) = reference {
        files.push((
            format!("manifest.reference_data.file_sha256 (attached `{name}`)"),
            manifest.reference_data.file_sha256.as_ref(),
            bytes,
        ));
    }
    files
        .into_iter()
        .filter_map(|(path, expected, bytes)| {
            let hash = sha256_hex(bytes);
            let expected = expected.cloned().unwrap_or_default();
            (hash != expected).then_some(Mismatch {
                path,
                reported: expected,
                recomputed: hash,
            })
        })
        .collect()
}

/// The validator the report's defaults were resolved with: the built-in reference data,
/// extended by the attached file when the report names one; `None` when that file does not
/// validate (its findings are printed).
fn validator(
    reference: Option<&(String, Vec<u8>)>,
    report: &Path,
    console: &Console,
) -> Option<Validator> {
    let Some((name, bytes)) = reference else {
        return Some(Validator::new());
    };
    let source = Source::from_text(
        report.join(name),
        String::from_utf8_lossy(bytes).into_owned(),
    );
    match UserData::from_source(source.clone()) {
        Ok(user) => Some(Validator::with_reference(
            Dataset::builtin().extended(&user),
        )),
        Err(UserError(findings)) => {
            console.diagnostics(&findings, &[source]);
            eprintln!(
                "the attached reference data `{name}` does not validate, so the defaults cannot be resolved again"
            );
            None
        }
    }
}

pub(super) fn run(args: &VerifyArgs, console: &Console, limits: Limits) -> Result<Outcome, Error> {
    let Evidence {
        reported,
        manifest,
        input_name,
        input,
        reference,
        pdf,
    } = if args.report.is_dir() {
        from_folder(&args.report, limits.max_bytes)?
    } else {
        from_pdf(&args.report, limits.max_bytes)?
    };
    let input = input.as_slice();
    let json_error = |source| VerifyError::Json {
        name: render::REPORT_JSON.to_owned(),
        source,
    };
    let mut out = String::new();
    let mut mismatches = hash_mismatches(&manifest, &input_name, input, reference.as_ref());
    let Some(validator) = validator(reference.as_ref(), &args.report, console) else {
        return Ok(Outcome::Findings);
    };
    if manifest.tool_version != env!("CARGO_PKG_VERSION") {
        let _ = writeln!(
            out,
            "note: the report was made by wattprint {}, this is {}; figures may differ where the arithmetic changed",
            manifest.tool_version,
            env!("CARGO_PKG_VERSION")
        );
    }
    let source = Source::from_text(
        args.report.join(&input_name),
        String::from_utf8_lossy(input),
    );
    let mut recomputed_manifest = manifest.clone();
    let checked = match load::document(source.clone(), limits) {
        Ok(document) => {
            let checked = validator.check(document);
            recomputed_manifest
                .reference_data
                .uses
                .clone_from(&checked.reference);
            checked.clean()
        }
        Err(findings) => Err(findings),
    };
    let disclosure = match checked {
        Ok((disclosure, _)) => disclosure,
        Err(findings) => {
            console.diagnostics(&findings, &[source]);
            eprintln!(
                "the attached input `{input_name}` does not validate, so its figures cannot be recomputed"
            );
            return Ok(Outcome::Findings);
        }
    };
    let results = compute::assess(&disclosure);
    let recomputed: serde_json::Value =
        serde_json::from_str(&render::json(&results, &recomputed_manifest)).map_err(json_error)?;
    mismatches.extend(verify::compare(&reported, &recomputed));
    // Reports are byte-identical for identical inputs, so the same build re-renders the very
    // same PDF: any edit to its pages or metadata shows as a difference.
    if let (Some(pdf), true) = (&pdf, manifest.tool_version == env!("CARGO_PKG_VERSION"))
        && let Ok(template) = render::Template::builtin(&manifest.template)
        && template.sha256() == manifest.template_sha256
    {
        let inputs = render::Inputs {
            disclosure: input,
            reference: reference.as_ref().map(|(_, bytes)| bytes.as_slice()),
        };
        let rendered = render::render(
            &disclosure,
            &inputs,
            &results,
            &recomputed_manifest,
            &template,
            render::Format::Pdf,
        )?;
        mismatches.extend((&rendered != pdf).then(|| Mismatch {
            path: "document".to_owned(),
            reported: format!("{} bytes", pdf.len()),
            recomputed: format!("{} bytes", rendered.len()),
        }));
    }
    if args.format == VerifyFormat::Json {
        print(&json(args, &input_name, &manifest, &mismatches))?;
    } else {
        print(&human(&out, args, &input_name, &mismatches))?;
    }
    Ok(if mismatches.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn json(
    args: &VerifyArgs,
    input_name: &str,
    manifest: &Manifest,
    mismatches: &[Mismatch],
) -> String {
    let value = serde_json::json!({
        "report": args.report.display().to_string(),
        "input": input_name,
        "tool_version": manifest.tool_version,
        "verified": mismatches.is_empty(),
        "mismatches": mismatches
            .iter()
            .map(|m| serde_json::json!({ "path": m.path, "reported": m.reported, "recomputed": m.recomputed }))
            .collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn human(notes: &str, args: &VerifyArgs, input_name: &str, mismatches: &[Mismatch]) -> String {
    let mut out = notes.to_owned();
    if mismatches.is_empty() {
        let _ = writeln!(
            out,
            "verified: {}: the input `{input_name}` matches its SHA-256 and gives every figure the report carries",
            args.report.display()
        );
        return out;
    }
    for m in mismatches {
        if m.path == "document" {
            let _ = writeln!(
                out,
                "mismatch: document: the PDF ({}) differs from the one its inputs produce ({}): its pages or metadata were edited",
                m.reported, m.recomputed
            );
        } else {
            let _ = writeln!(
                out,
                "mismatch: {}: the report says {}, the attached input gives {}",
                m.path, m.reported, m.recomputed
            );
        }
    }
    let _ = writeln!(
        out,
        "{}: {} mismatch(es) with its inputs",
        args.report.display(),
        mismatches.len()
    );
    out
}
