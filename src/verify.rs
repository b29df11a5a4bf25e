//! Verifying a report: rendering it again from the inputs it carries, with the template it
//! was made with, and comparing.
//!
//! Verification fails closed: a report verifies only when the document rendered again is the
//! same, byte for byte. Whatever cannot be rendered again (another wattprint version, a
//! template this one does not have or whose files changed, an input that no longer
//! validates) is [`Verdict::Unverifiable`] with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check::{self, Extent};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::evidence::read::{self, Mismatch, VerifyError};
use crate::evidence::redact;
use crate::evidence::{
    DateSource, FileName, LINKED_ATTACHMENT_PREFIX, LinkedInput, Manifest, Sha256Hex,
    TEMPLATE_ATTACHMENT_PREFIX, TemplateOrigin,
};
use crate::load::linked::{Beside, Carried, Linked as _};
use crate::load::{self, Limits, LoadError, Source};
use crate::reference::UserError;
use crate::render::{self, Template};
use crate::report::AudienceRefusal;
use crate::validate::Validator;

/// What verifying a report found.
#[derive(Debug)]
pub struct Verification {
    /// The manifest the report carries.
    pub manifest: Manifest,
    /// How verification ended.
    pub verdict: Verdict,
    /// Findings in an attached file that no longer validates, with that file.
    pub findings: Vec<Diagnostic>,
    /// The files `findings` quote.
    pub sources: Vec<Source>,
    /// How the document ties to the full input given with `--full-input`, when one was.
    pub tie: Option<Tie>,
}

/// How a document made for one audience relates to a full input offered for it.
#[derive(Debug)]
pub enum Tie {
    /// The full input's SHA-256 is the one the manifest records, it validates, and leaving
    /// out what the audience does not receive gives the attached input byte for byte.
    Tied,
    /// The document was made from the whole disclosure: there is nothing to tie.
    NotRedacted,
    /// The full input is not the one the document was made from, or does not give its input.
    Differs(Vec<Mismatch>),
    /// The tie cannot be checked, for this reason.
    Unchecked(String),
}

/// The full inputs a provider keeps, offered to tie a document made for an audience to them.
#[derive(Debug, Clone, Copy)]
pub struct FullInputs<'a> {
    /// The full disclosure (`--full-input`): its path and bytes.
    pub input: (&'a Path, &'a [u8]),
    /// The full reference data file (`--full-data`), for a document that carries only the rows
    /// of it its input uses.
    pub data: Option<(&'a Path, &'a [u8])>,
}

/// Ties the document whose `evidence` gave `verdict` to `full`, the full inputs its provider
/// keeps: their hashes, then the input and reference data made from them for the document's
/// audience.
fn tie(
    evidence: &Evidence,
    verdict: &Verdict,
    full: FullInputs<'_>,
    report: &Path,
    limits: Limits,
    findings: &mut Findings,
) -> Tie {
    let manifest = &evidence.manifest;
    let Some(redaction) = &manifest.redacted_from else {
        return Tie::NotRedacted;
    };
    let Some(audience) = manifest.audience else {
        return Tie::Unchecked(
            "the manifest names a full input but no audience, so what was left out cannot be known"
                .to_owned(),
        );
    };
    if !matches!(verdict, Verdict::Identical) {
        return Tie::Unchecked(
            "the document itself is not verified, so it is not tied to a full input".to_owned(),
        );
    }
    let (full_path, full_bytes) = full.input;
    let mut mismatches = Vec::new();
    // The full input's hourly files lie beside it: it is the provider's own copy.
    let full_files = Beside::of(full_path, limits.max_bytes);
    mismatches.extend(hash_differs(
        "input_sha256",
        &redaction.input,
        &redaction.input_sha256,
        full_bytes,
    ));
    let data = match full_data(redaction, full.data, &mut mismatches) {
        Ok(data) => data,
        Err(reason) => return Tie::Unchecked(reason),
    };
    let validator = match full_validator(evidence, data.as_ref(), report, limits, findings) {
        Ok(validator) => validator,
        Err(reason) => return Tie::Unchecked(reason),
    };
    let text = match utf8(full_bytes, redaction.input.as_str()) {
        Ok(text) => text,
        Err(reason) => return Tie::Unchecked(reason),
    };
    let source = Source::from_text(report.join(redaction.input.as_str()), text);
    // The full input is made into the audience's by the very steps `report` takes, refusals
    // included: a document `report` would not make from it (an authority's whose figures
    // leaving out the training's dates changes) is not tied to it.
    let clean = match check::source(
        source.clone(),
        &validator,
        limits,
        crate::report::extent_for(Some(audience)),
        &full_files,
    ) {
        Ok(clean) => clean,
        Err(found) => {
            findings.add(found, source);
            return Tie::Unchecked(format!(
                "the full input given, `{}`, does not validate (its findings are printed above)",
                redaction.input
            ));
        }
    };
    let no_document = |reason: &str| {
        Tie::Unchecked(format!(
            "no document for {} can be made from the full input given: {reason}",
            audience.label()
        ))
    };
    let made = match crate::report::for_audience(
        clean,
        audience,
        (source.path(), data.as_ref()),
        &validator,
        limits,
        &full_files,
    ) {
        Ok(made) => made,
        Err(AudienceRefusal::NoForm(why)) => return no_document(why),
        Err(AudienceRefusal::Reason(reason)) => return no_document(&reason),
        Err(AudienceRefusal::Findings { found, source, .. }) => {
            findings.add(found, source);
            return Tie::Unchecked("the full input given cannot be read again".to_owned());
        }
    };
    made_differs(evidence, &made, &mut mismatches);
    if mismatches.is_empty() {
        Tie::Tied
    } else {
        Tie::Differs(mismatches)
    }
}

/// The validator the full input is checked with: the built-in reference data extended by
/// the whole file given with `--full-data`, else as the report was made; the reason when that
/// cannot be had (findings are printed).
fn full_validator(
    evidence: &Evidence,
    data: Option<&Source>,
    report: &Path,
    limits: Limits,
    findings: &mut Findings,
) -> Result<Validator, String> {
    let Some(data) = data else {
        return validator(evidence, report, limits, findings);
    };
    extended(data.clone(), limits, findings).ok_or_else(|| {
        "the full reference data given does not validate (its findings are printed above)"
            .to_owned()
    })
}

/// The validator whose reference data is the built-in one extended by the file `data`; `None`
/// when that file does not validate (its findings are added to `findings`).
fn extended(data: Source, limits: Limits, findings: &mut Findings) -> Option<Validator> {
    match Validator::with_reference_file(data.clone()) {
        Ok(validator) => Some(validator.with_max_draws(limits.max_draws)),
        Err(UserError(found)) => {
            findings.add(found, data);
            None
        }
    }
}

/// Where the input and reference data `made` from the full inputs differ from those the
/// document carries.
fn made_differs(
    evidence: &Evidence,
    made: &crate::report::ForAudience,
    mismatches: &mut Vec<Mismatch>,
) {
    let manifest = &evidence.manifest;
    // The attachment `what`, and the bytes made for it from the full inputs (`nothing` says why
    // there are none).
    let mut compare = |what: String, attached: &[u8], given: Option<&[u8]>, nothing: &str| {
        let attached = Sha256Hex::of(attached);
        let given = given.map(Sha256Hex::of);
        if given.as_ref() != Some(&attached) {
            mismatches.push(Mismatch {
                path: format!("{what} (SHA-256)"),
                reported: attached.to_string(),
                recomputed: given.map_or_else(|| nothing.to_owned(), |h| h.to_string()),
            });
        }
    };
    compare(
        format!("attached input `{}`", manifest.input),
        &evidence.input,
        made.redaction.is_some().then(|| made.clean.source.bytes()),
        "nothing: this audience receives the whole disclosure",
    );
    if let (Some(name), Some(attached)) = (&manifest.reference_data.file, &evidence.reference) {
        compare(
            format!("attached reference data `{name}`"),
            attached,
            made.data.as_ref().map(Source::bytes),
            "nothing: no reference data file was given",
        );
    }
}

/// The mismatch of a full file given for the document whose manifest records it, as `name` with
/// SHA-256 `reported` at `redacted_from.<field>`, when `bytes` hash otherwise.
fn hash_differs(
    field: &str,
    name: &FileName,
    reported: &Sha256Hex,
    bytes: &[u8],
) -> Option<Mismatch> {
    let hash = Sha256Hex::of(bytes);
    (hash != *reported).then(|| Mismatch {
        path: format!("manifest.redacted_from.{field} (`{name}`)"),
        reported: reported.to_string(),
        recomputed: hash.to_string(),
    })
}

/// The full reference data file `given` (`--full-data`) as a source, when the document was
/// made from part of one (`redaction` names it); a mismatch when its hash is not the one
/// recorded, and the reason the tie cannot be checked when the file the document needs is not
/// given, or one is given that it does not name.
fn full_data(
    redaction: &redact::Redaction,
    given: Option<(&Path, &[u8])>,
    mismatches: &mut Vec<Mismatch>,
) -> Result<Option<Source>, String> {
    match (&redaction.reference_data, given) {
        (None, None) => Ok(None),
        (Some(named), None) => Err(format!(
            "the document carries only the rows of the reference data file `{}` its input uses: verify again with --full-data {} beside --full-input",
            named.file, named.file
        )),
        (None, Some((path, _))) => Err(format!(
            "--full-data {} was given, and the document was made with no reference data file of which it carries part",
            path.display()
        )),
        (Some(named), Some((path, bytes))) => {
            mismatches.extend(hash_differs(
                "reference_data.sha256",
                &named.file,
                &named.sha256,
                bytes,
            ));
            let text = utf8(bytes, named.file.as_str())?;
            Ok(Some(Source::from_text(path, text)))
        }
    }
}

/// Verifies the report at `report`: a PDF written by `wattprint report`, or a folder holding
/// a JSON report and the input it names. A report made with its own template folder
/// verifies only when that folder's SHA-256 is among `trusted`. A document made for one
/// audience from part of a disclosure is tied to `full`, the full inputs its provider keeps, when given.
///
/// # Errors
/// [`Error`] when the report cannot be read at all; everything else is a [`Verdict`].
pub fn verify(
    report: &Path,
    trusted: &[String],
    full: Option<FullInputs<'_>>,
    limits: Limits,
) -> Result<Verification, Error> {
    // A named pipe or a device would hold `open` until something writes to it (an attack of
    // 2026-12-03 ran into the five-minute watchdog): a report is a file or a folder.
    if let Ok(metadata) = std::fs::metadata(report)
        && !metadata.is_file()
        && !metadata.is_dir()
    {
        return Err(Error::Usage {
            message: format!(
                "{} is neither a file nor a folder: verify reads a PDF report, or a folder holding a JSON report",
                report.display()
            ),
            hint: Some("save the report to a file and verify that".to_owned()),
        });
    }
    let evidence = if report.is_dir() {
        from_folder(report, limits.max_bytes)?
    } else {
        from_pdf(report, limits.max_bytes)?
    };
    let mut findings = Findings::default();
    let verdict = check(&evidence, report, trusted, limits, &mut findings)?;
    let tie = full.map(|full| tie(&evidence, &verdict, full, report, limits, &mut findings));
    Ok(Verification {
        manifest: evidence.manifest,
        verdict,
        findings: findings.diagnostics,
        sources: findings.sources,
        tie,
    })
}

/// Findings in the attached files, kept for the caller to print.
#[derive(Default)]
struct Findings {
    diagnostics: Vec<Diagnostic>,
    sources: Vec<Source>,
}

impl Findings {
    fn add(&mut self, diagnostics: Vec<Diagnostic>, source: Source) {
        self.diagnostics.extend(diagnostics);
        self.sources.push(source);
    }
}

/// What a report carries: the document itself, its JSON report, and the files it was made
/// from.
struct Evidence {
    /// The document as found: the PDF, or the JSON report in a folder.
    document: Document,
    reported: serde_json::Value,
    manifest: Manifest,
    input: Vec<u8>,
    /// The user's reference data file the defaults came from, when one was used.
    reference: Option<Vec<u8>>,
    /// The previous period's disclosure the comparative figures came from, when there are any.
    previous: Option<Vec<u8>>,
    /// A user's template folder, by path, as a PDF report carries it.
    template_files: BTreeMap<String, Vec<u8>>,
    /// The files the input names (its hourly CSVs), by the path it gives them.
    linked: Carried,
}

/// The document being verified.
enum Document {
    Pdf(Vec<u8>),
    Json(Vec<u8>),
}

/// How verification ended.
#[derive(Debug)]
pub enum Verdict {
    /// Rendered again, byte for byte the same.
    Identical,
    /// Rendered again: the same objects, pages, text and attachments as wattprint reads them,
    /// saved by another program (renumbered, recompressed or linearised). Told apart from an
    /// edit, but not verified.
    Resaved,
    /// The report and what its inputs give differ.
    Mismatches(Vec<Mismatch>),
    /// The report cannot be rendered again here, for this reason.
    Unverifiable(String),
}

fn json_report(name: &str, bytes: &[u8]) -> Result<(serde_json::Value, Manifest), Error> {
    let json_error = |source| VerifyError::Json {
        name: name.to_owned(),
        source,
    };
    let reported = read::unique_json(bytes).map_err(json_error)?;
    let manifest: Manifest =
        serde_json::from_value(reported["manifest"].clone()).map_err(json_error)?;
    Ok((reported, manifest))
}

/// The evidence a PDF report carries as attachments.
fn from_pdf(path: &Path, limit: u64) -> Result<Evidence, Error> {
    let pdf = load::file_bytes(path, limit)?;
    let attachments = read::attachments(&pdf, limit)?;
    let (reported, manifest) = json_report(
        render::REPORT_JSON,
        read::attachment(&attachments, render::REPORT_JSON)?,
    )?;
    let input = read::attachment(&attachments, manifest.input.as_str())?.to_vec();
    let reference = match &manifest.reference_data.file {
        Some(name) => Some(read::attachment(&attachments, name.as_str())?.to_vec()),
        None => None,
    };
    let previous = match &manifest.previous {
        Some(previous) => Some(read::attachment(&attachments, previous.input.as_str())?.to_vec()),
        None => None,
    };
    let prefixed = |prefix: &str| -> BTreeMap<String, Vec<u8>> {
        attachments
            .iter()
            .filter_map(|(name, bytes)| {
                let path = name.strip_prefix(prefix)?;
                Some((path.to_owned(), bytes.clone()))
            })
            .collect()
    };
    Ok(Evidence {
        document: Document::Pdf(pdf),
        reported,
        manifest,
        input,
        reference,
        previous,
        template_files: prefixed(TEMPLATE_ATTACHMENT_PREFIX),
        linked: Carried(prefixed(LINKED_ATTACHMENT_PREFIX)),
    })
}

/// The file called `name` directly in `dir`, refused when it is a link or not a regular
/// file: a name read from a report must not lead outside the folder.
fn file_in(dir: &Path, name: &FileName, what: &'static str, limit: u64) -> Result<Vec<u8>, Error> {
    let path = dir.join(name.as_str());
    let refused = |path: PathBuf| -> Error {
        LoadError::Read {
            path,
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the report names a link or a special file; verify reads regular files in the folder only",
            ),
        }
        .into()
    };
    let read_error = |source| LoadError::Read {
        path: path.clone(),
        source,
    };
    let listed = match std::fs::symlink_metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(VerifyError::NotInFolder {
                what,
                name: name.to_string(),
                dir: dir.to_owned(),
            }
            .into());
        }
        listed => listed.map_err(read_error)?,
    };
    let Some((file, _)) = load::open_listed(&path, &listed).map_err(read_error)? else {
        return Err(refused(path));
    };
    load::read_at_most(file, limit)
        .map_err(read_error)?
        .ok_or_else(|| {
            LoadError::TooLarge {
                path: path.clone(),
                limit,
            }
            .into()
        })
}

/// The evidence in a folder: a JSON report (`report -o x.json`) and the input it names. A
/// folder holds one: with two, verifying one would say nothing of the other, which a reader
/// of the folder may take for the verified one; and a JSON file with a `manifest` that is not
/// a report wattprint reads is refused, not passed over.
fn from_folder(dir: &Path, limit: u64) -> Result<Evidence, Error> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| LoadError::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        // `report.JSON` is a JSON file to a reader as much as `report.json`; a link among them
        // is refused when read, not passed over.
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
        .collect();
    reports.sort();
    let mut found = Vec::new();
    for path in reports {
        // A link or a special file is not read (it may lead outside the folder), and cannot be
        // passed over either: it may be a second report a reader of the folder opens.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(LoadError::Read {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a link or a special file named as JSON lies beside the report; verify reads regular files only, so it cannot tell whether this is a second report: put the file itself in the folder, or move it out",
                ),
            }
            .into());
        }
        // Neither a name verify cannot read nor a file that is not JSON in UTF-8 is passed
        // over: either may be a second report that other readers open (attack of 2026-12-03,
        // helper 61: an edited report named `energy:report.json`, or written in UTF-16, left
        // the folder verified).
        let unsure = |why: &str| -> Error {
            LoadError::Read {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("a file named as JSON lies beside the report {why}, so verify cannot tell whether it is a second report, which other readers may open: rename or convert it, or move it out of the folder"),
                ),
            }
            .into()
        };
        let Some(name) = path
            .file_name()
            .and_then(std::ffi::OsStr::to_str)
            .and_then(|n| FileName::try_from(n.to_owned()).ok())
        else {
            return Err(unsure(
                "whose name verify does not read (not UTF-8, a leading dot, a colon, a backslash or a control character)",
            ));
        };
        let bytes = file_in(dir, &name, "JSON report", limit)?;
        // Other JSON files (a reference-data file, a schema) may lie beside the report. One
        // that other readers take for a report (after a byte-order mark, which serde refuses)
        // is read as one, and refused if it cannot be.
        let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(unmarked) else {
            return Err(unsure(
                "that is not JSON in UTF-8 (another encoding, or not JSON at all)",
            ));
        };
        if value.get("manifest").is_some() {
            let (reported, manifest) = json_report(&path.display().to_string(), &bytes)?;
            found.push((name, bytes, reported, manifest));
        }
    }
    if found.len() > 1 {
        return Err(VerifyError::ManyReports(
            found.iter().map(|(name, ..)| name.to_string()).collect(),
        )
        .into());
    }
    if let Some((_, bytes, reported, manifest)) = found.pop() {
        let input = file_in(dir, &manifest.input, "input", limit)?;
        let reference = match &manifest.reference_data.file {
            Some(name) => Some(file_in(dir, name, "reference data", limit)?),
            None => None,
        };
        let previous = match &manifest.previous {
            Some(previous) => Some(file_in(dir, &previous.input, "previous input", limit)?),
            None => None,
        };
        // The files the input names, read as the input reads them: inside the folder, no link.
        let beside = Beside::of(&dir.join(manifest.input.as_str()), limit);
        let mut linked = BTreeMap::new();
        for file in &manifest.linked {
            let bytes = beside
                .read(file.name.as_str())
                .map_err(|source| LoadError::Linked {
                    path: dir.join(file.name.as_str()),
                    source,
                })?;
            linked.insert(file.name.to_string(), bytes);
        }
        return Ok(Evidence {
            document: Document::Json(bytes),
            reported,
            manifest,
            input,
            reference,
            previous,
            template_files: BTreeMap::new(),
            linked: Carried(linked),
        });
    }
    Err(VerifyError::MissingAttachment {
        name: format!("JSON report in {}", dir.display()),
    }
    .into())
}

/// The attached files whose SHA-256 differs from the one the manifest records.
fn hash_mismatches(evidence: &Evidence) -> Vec<Mismatch> {
    let manifest = &evidence.manifest;
    let mut files = vec![(
        format!("manifest.input_sha256 (attached `{}`)", manifest.input),
        Some(&manifest.input_sha256),
        evidence.input.as_slice(),
    )];
    if let (Some(name), Some(bytes)) = (&manifest.reference_data.file, &evidence.reference) {
        files.push((
            format!("manifest.reference_data.file_sha256 (attached `{name}`)"),
            manifest.reference_data.file_sha256.as_ref(),
            bytes,
        ));
    }
    for file in &manifest.linked {
        let bytes = evidence.linked.0.get(file.name.as_str());
        files.push((
            format!("manifest.linked ({}, attached)", file.name),
            Some(&file.sha256),
            bytes.map_or(&[][..], Vec::as_slice),
        ));
    }
    if let (Some(previous), Some(bytes)) = (&manifest.previous, &evidence.previous) {
        files.push((
            format!(
                "manifest.previous.input_sha256 (attached `{}`)",
                previous.input
            ),
            Some(&previous.input_sha256),
            bytes,
        ));
    }
    files
        .into_iter()
        .filter_map(|(path, expected, bytes)| {
            let hash = Sha256Hex::of(bytes);
            (Some(&hash) != expected).then(|| Mismatch {
                path,
                reported: expected.map(ToString::to_string).unwrap_or_default(),
                recomputed: hash.to_string(),
            })
        })
        .collect()
}

/// The template the report names, as it was when the report was made; the reason when it
/// cannot be had.
fn template(evidence: &Evidence, trusted: &[String]) -> Result<Template, String> {
    let manifest = &evidence.manifest;
    let template = match manifest.template_origin {
        TemplateOrigin::Builtin => Template::builtin(&manifest.template).map_err(|_| {
            format!(
                "the report names the template `{}`, which this wattprint does not have",
                manifest.template
            )
        })?,
        TemplateOrigin::Folder => {
            if evidence.template_files.is_empty() {
                return Err(format!(
                    "the report was made with the template folder `{}`, which it does not carry",
                    manifest.template
                ));
            }
            let carried =
                Template::from_files(manifest.template.clone(), evidence.template_files.clone())
                    .map_err(|message| format!("the template folder it carries: {message}"))?;
            // The carried template could print any figure as plain text: only a template the
            // person verifying names makes the pages evidence.
            let hash = carried.sha256();
            if !trusted
                .iter()
                .any(|t| t.eq_ignore_ascii_case(hash.as_str()))
            {
                return Err(format!(
                    "the report was made with its own template folder `{}` (SHA-256 {hash}), which could print any figure; if you trust that template, verify again with --trust-template {hash}",
                    manifest.template
                ));
            }
            carried
        }
    };
    if template.sha256() != manifest.template_sha256 {
        return Err(format!(
            "the files of template `{}` differ from those the report was made with (SHA-256 {}, the report says {})",
            manifest.template,
            template.sha256(),
            manifest.template_sha256
        ));
    }
    Ok(template)
}

/// The template a report was made with, checked against the claim its manifest makes: a PDF's
/// to render it again with; a JSON report is its figures, but its manifest names a template
/// too, held to a check: a built-in one by its files, a folder (which a JSON report cannot
/// carry) by the hash the person verifying trusts. The reason when the claim cannot be held.
fn claimed_template(evidence: &Evidence, trusted: &[String]) -> Result<Option<Template>, String> {
    match &evidence.document {
        Document::Pdf(_) => template(evidence, trusted).map(Some),
        Document::Json(_) => match evidence.manifest.template_origin {
            TemplateOrigin::Builtin => template(evidence, trusted).map(|_| None),
            TemplateOrigin::Folder => trusted_folder(&evidence.manifest, trusted).map(|()| None),
        },
    }
}

/// Whether the template folder a JSON report names is one the person verifying trusts, by the
/// hash its manifest records: the report does not carry the folder, and its figures do not
/// depend on it, so the name and hash are taken on that trust or not at all.
fn trusted_folder(manifest: &Manifest, trusted: &[String]) -> Result<(), String> {
    let hash = manifest.template_sha256.as_str();
    if trusted.iter().any(|t| t.eq_ignore_ascii_case(hash)) {
        Ok(())
    } else {
        Err(format!(
            "the JSON report names its own template folder `{}` (SHA-256 {hash}), which it does not carry; if you trust that template, verify again with --trust-template {hash}",
            manifest.template
        ))
    }
}

/// The validator the report's defaults were resolved with: the built-in reference data,
/// extended by the attached file when the report names one; the reason when that file does
/// not validate (its findings are printed).
fn validator(
    evidence: &Evidence,
    report: &Path,
    limits: Limits,
    findings: &mut Findings,
) -> Result<Validator, String> {
    let (Some(name), Some(bytes)) = (&evidence.manifest.reference_data.file, &evidence.reference)
    else {
        return Ok(Validator::new().with_max_draws(limits.max_draws));
    };
    let source = Source::from_text(report.join(name.as_str()), utf8(bytes, name.as_str())?);
    extended(source, limits, findings).ok_or_else(|| {
        format!(
            "the attached reference data `{name}` does not validate, so the defaults cannot be resolved again"
        )
    })
}

/// The text of an attached input called `name`, or why it cannot be read again: `report` reads
/// only UTF-8, so bytes that are not are no input of its (and decoded with replacements they
/// would be another text than any other reader sees; a review of 2026-12-02).
fn utf8(bytes: &[u8], name: &str) -> Result<String, String> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
        format!(
            "the attached `{name}` is not UTF-8 text (byte {} is not), which wattprint never reads as an input",
            e.valid_up_to() + 1
        )
    })
}

/// The attached input checked and computed again, with the manifest it gives (the reference
/// values resolved now); the reason when it cannot be had.
fn recompute_inputs(
    evidence: &Evidence,
    report: &Path,
    limits: Limits,
    findings: &mut Findings,
) -> Result<(check::Clean, Manifest), String> {
    let manifest = &evidence.manifest;
    let validator = validator(evidence, report, limits, findings)?;
    let source = Source::from_text(
        report.join(manifest.input.as_str()),
        utf8(&evidence.input, manifest.input.as_str())?,
    );
    match check::source(
        source.clone(),
        &validator,
        limits,
        Extent::Report,
        &evidence.linked,
    ) {
        Ok(clean) => {
            // What the inputs decide is taken from them, never from the manifest that came
            // with them: the pages print it.
            let mut recomputed = manifest.clone();
            recomputed
                .reference_data
                .dataset
                .clone_from(&validator.reference().name);
            recomputed.reference_data.uses.clone_from(&clean.reference);
            recomputed.schema_version = clean.disclosure.schema_version;
            recomputed.linked = LinkedInput::all(&clean.linked);
            if recomputed.date_source == DateSource::PeriodEnd {
                recomputed.date = clean.disclosure.reporting_period.end;
            }
            Ok((clean, recomputed))
        }
        Err(found) => {
            findings.add(found, source);
            Err(format!(
                "the attached input `{}` does not validate, so its figures cannot be recomputed",
                manifest.input
            ))
        }
    }
}

/// The comparative figures computed again from the previous period's disclosure the report
/// carries, when its manifest names one; the reason when they cannot be.
fn comparative(
    evidence: &Evidence,
    current: &crate::model::Disclosure,
    report: &Path,
    limits: Limits,
    findings: &mut Findings,
) -> Result<Option<crate::compute::esrs::Comparative>, String> {
    let (Some(previous), Some(bytes)) = (&evidence.manifest.previous, &evidence.previous) else {
        return Ok(None);
    };
    let validator = validator(evidence, report, limits, findings)?;
    let source = Source::from_text(
        report.join(previous.input.as_str()),
        utf8(bytes, previous.input.as_str())?,
    );
    // The comparative reads central figures only, as `report --previous` computes them; a
    // previous disclosure that names files is refused by `report`, so none is read here.
    let clean = match check::source(
        source.clone(),
        &validator,
        limits,
        Extent::Rules,
        &Carried::default(),
    ) {
        Ok(clean) => clean,
        Err(found) => {
            findings.add(found, source);
            return Err(format!(
                "the attached previous disclosure `{}` does not validate, so the comparative figures cannot be recomputed",
                previous.input
            ));
        }
    };
    check::previous::comparative(current, &clean)
        .map(Some)
        .map_err(|error| format!("{error}"))
}

/// Where the manifest's audience and the input it carries disagree: a document for an audience
/// that receives part of a disclosure names its full input and carries exactly that part (what
/// it leaves out, left out again, changes nothing); any other document names none. The pages
/// print the claim, so it is checked, not copied.
fn audience_mismatches(evidence: &Evidence, clean: &check::Clean, limits: Limits) -> Vec<Mismatch> {
    let manifest = &evidence.manifest;
    let audience = manifest.audience;
    let expected = audience.and_then(redact::left_out);
    let mismatch = |path: &str, reported: &str, recomputed: &str| Mismatch {
        path: path.to_owned(),
        reported: reported.to_owned(),
        recomputed: recomputed.to_owned(),
    };
    match (expected, &manifest.redacted_from) {
        (None, None) => Vec::new(),
        (None, Some(_)) => vec![mismatch(
            "manifest.redacted_from",
            "a full input the attached one was made from",
            "none: this document's audience receives the whole disclosure",
        )],
        (Some(_), None) => vec![mismatch(
            "manifest.redacted_from",
            "none",
            "the full input the attached one was made from, which a document for this audience names",
        )],
        (Some(expected), Some(redaction)) => {
            let mut out = Vec::new();
            if redaction.left_out != expected {
                out.push(mismatch(
                    "manifest.redacted_from.left_out",
                    &redaction.left_out,
                    expected,
                ));
            }
            let again = audience.and_then(|a| match redact::input_for(clean, a, limits) {
                Ok(Some((text, _))) => Some(text),
                _ => None,
            });
            if again.as_deref().map(str::as_bytes) != Some(evidence.input.as_slice()) {
                out.push(mismatch(
                    &format!("attached input `{}`", manifest.input),
                    &format!(
                        "what {} receive",
                        audience.map_or("the audience", crate::model::Audience::label)
                    ),
                    "more than they receive: leaving out what they do not receive changes it",
                ));
            }
            out
        }
    }
}

/// The verdict on a report whose comparative figures cannot be recomputed, for `reason`: a
/// file already shown to be edited makes it not verified, whatever else; otherwise it cannot be
/// checked.
fn without_comparative(mut mismatches: Vec<Mismatch>, reason: String) -> Verdict {
    if mismatches.is_empty() {
        return Verdict::Unverifiable(reason);
    }
    mismatches.push(Mismatch {
        path: "results.esrs.comparative".to_owned(),
        reported: "figures of the previous period".to_owned(),
        recomputed: format!("none: {reason}"),
    });
    Verdict::Mismatches(mismatches)
}

/// A previous period's disclosure where `report --previous` refuses one (a document for one
/// audience, a template that shows no comparative figures): what it refuses to make is not
/// verified either.
fn previous_refused(manifest: &Manifest, template: Option<&Template>) -> Option<Mismatch> {
    manifest.previous.as_ref()?;
    let recomputed = if manifest.audience.is_some() {
        "none: a document for one audience carries no previous period's disclosure"
    } else if template.is_some_and(|t| !t.shows_comparative()) {
        "none: the template shows no comparative figures"
    } else {
        return None;
    };
    Some(Mismatch {
        path: "manifest.previous".to_owned(),
        reported: "a previous period's disclosure".to_owned(),
        recomputed: recomputed.to_owned(),
    })
}

/// What the manifest claims that `report` refuses to make: a date of issue given with `--date`
/// before the reporting period ends, a document for an audience from a disclosure that holds
/// no Form, a template that cannot serve the audience. The pages print these claims, and a
/// forger could render them with a changed wattprint; the inputs decide them here.
fn refused_claims(
    manifest: &Manifest,
    disclosure: &crate::model::Disclosure,
    template: Option<&Template>,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let end = disclosure.reporting_period.end;
    if manifest.date_source.refuses(manifest.date, end) {
        out.push(Mismatch {
            path: "manifest.date".to_owned(),
            reported: manifest.date.to_string(),
            recomputed: format!(
                "none: `report` refuses a --date before the reporting period ends on {end}"
            ),
        });
    }
    if let Some(audience) = manifest.audience {
        if let Some(why) = crate::report::without_form(disclosure) {
            out.push(Mismatch {
                path: "manifest.audience".to_owned(),
                reported: audience.label().to_owned(),
                recomputed: format!("none: the attached disclosure holds no Form ({why})"),
            });
        }
        // A JSON report renders no template, but names one: a built-in one is looked up.
        let looked_up = match (template, manifest.template_origin) {
            (None, TemplateOrigin::Builtin) => Template::builtin(&manifest.template).ok(),
            _ => None,
        };
        if let Some((why, _)) = template
            .or(looked_up.as_ref())
            .and_then(|t| crate::report::refused_for(t, manifest.template_origin, Some(audience)))
        {
            out.push(Mismatch {
                path: "manifest.template".to_owned(),
                reported: manifest.template.clone(),
                recomputed: format!("none: {why}"),
            });
        }
    }
    out
}

/// Renders the report again from `evidence` and compares it with the one found.
fn check(
    evidence: &Evidence,
    report: &Path,
    trusted: &[String],
    limits: Limits,
    findings: &mut Findings,
) -> Result<Verdict, Error> {
    let manifest = &evidence.manifest;
    if manifest.tool_version != env!("CARGO_PKG_VERSION") {
        return Ok(Verdict::Unverifiable(format!(
            "the report was made by wattprint {}, and this is {}: only the same version renders the same document; verify it with wattprint {}",
            manifest.tool_version,
            env!("CARGO_PKG_VERSION"),
            manifest.tool_version
        )));
    }
    let template = match claimed_template(evidence, trusted) {
        Ok(template) => template,
        Err(reason) => return Ok(Verdict::Unverifiable(reason)),
    };
    let mut mismatches = hash_mismatches(evidence);
    let (mut clean, recomputed_manifest) =
        match recompute_inputs(evidence, report, limits, findings) {
            Ok(recomputed) => recomputed,
            Err(reason) => return Ok(Verdict::Unverifiable(reason)),
        };
    match comparative(evidence, &clean.disclosure, report, limits, findings) {
        Ok(comparative) => clean.results.esrs.comparative = comparative,
        Err(reason) => return Ok(without_comparative(mismatches, reason)),
    }
    mismatches.extend(audience_mismatches(evidence, &clean, limits));
    mismatches.extend(previous_refused(manifest, template.as_ref()));
    mismatches.extend(refused_claims(
        manifest,
        &clean.disclosure,
        template.as_ref(),
    ));
    let json = render::json(&clean.results, &recomputed_manifest);
    let recomputed: serde_json::Value =
        serde_json::from_str(&json).map_err(|source| VerifyError::Json {
            name: render::REPORT_JSON.to_owned(),
            source,
        })?;
    mismatches.extend(read::compare(&evidence.reported, &recomputed));
    let same = match (&evidence.document, template) {
        (Document::Json(found), _) => {
            // A JSON report is its figures: white space is not content, any value is.
            let same = serde_json::from_slice::<serde_json::Value>(found).ok() == Some(recomputed);
            if same {
                Verdict::Identical
            } else {
                document_mismatch(found.len(), json.len())
            }
        }
        (Document::Pdf(found), Some(template)) => {
            let inputs = render::Inputs {
                disclosure: &evidence.input,
                reference: evidence.reference.as_deref(),
                previous: evidence.previous.as_deref(),
                linked: &clean.linked,
            };
            let rendered = render::render(
                &clean.disclosure,
                &inputs,
                &clean.results,
                &recomputed_manifest,
                &template,
                render::Format::Pdf,
            );
            let rendered = match rendered {
                Ok(rendered) => rendered,
                Err(error) => {
                    return Ok(Verdict::Unverifiable(format!(
                        "it cannot be rendered again: {error}"
                    )));
                }
            };
            if rendered == *found {
                Verdict::Identical
            } else {
                match read::same_document(found, &rendered, limits.max_bytes) {
                    Ok(true) => Verdict::Resaved,
                    Ok(false) => document_mismatch(found.len(), rendered.len()),
                    Err(error) => {
                        return Ok(Verdict::Unverifiable(format!(
                            "it is not the document its inputs give byte for byte, and it cannot be compared object by object: {error}"
                        )));
                    }
                }
            }
        }
        (Document::Pdf(_), None) => {
            return Ok(Verdict::Unverifiable(
                "no template to render the PDF with".to_owned(),
            ));
        }
    };
    Ok(match same {
        Verdict::Mismatches(document) => {
            mismatches.extend(document);
            Verdict::Mismatches(mismatches)
        }
        _ if !mismatches.is_empty() => Verdict::Mismatches(mismatches),
        same => same,
    })
}

fn document_mismatch(found: usize, rendered: usize) -> Verdict {
    Verdict::Mismatches(vec![Mismatch {
        path: "document".to_owned(),
        reported: format!("{found} bytes"),
        recomputed: format!("{rendered} bytes"),
    }])
}

#[cfg(test)]
mod tests {
    use super::utf8;

    #[test]
    fn an_attached_input_is_read_as_utf8_or_not_at_all() {
        assert_eq!(utf8("é: 1\n".as_bytes(), "d.yaml").as_deref(), Ok("é: 1\n"));
        // 0x85 is a line break in Latin-1 and YAML 1.1, nothing in UTF-8.
        let reason = utf8(b"a: 1\x85b: 2\n", "d.yaml").unwrap_err();
        assert!(
            reason.contains("`d.yaml` is not UTF-8 text (byte 5 is not)"),
            "{reason}"
        );
    }
}
