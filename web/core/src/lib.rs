//! wattprint's pipeline for the page in `web/`: a request in, bytes out. The same library
//! functions as `wattprint validate` and `wattprint report` run here, so the page's findings
//! and documents are the command line's, byte for byte; nothing here reads a file, the clock
//! or a thread (the date of issue comes with the request; with one core the simulations run
//! one after the other, with the same results).
//!
//! A request is JSON ([`Request`]); [`run`] answers with a [`Status`] and bytes: the document
//! for a report, JSON for everything else (`{"findings": [...]}` when the input has errors,
//! `{"error": ..., "hint": ...}` when the request cannot be met). The WebAssembly exports
//! around it are in [`exports`].

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};
use wattprint::check::{self, Extent};
use wattprint::clock::Now;
use wattprint::diagnostic::{self, Diagnostic};
use wattprint::evidence::{DateSource, TemplateOrigin};
use wattprint::load::linked::{self, LinkError, Linked};
use wattprint::load::{Limits, Source};
use wattprint::model::{Audience, Operation, Role, starter};
use wattprint::render::{Format, RenderError, Template};
use wattprint::report::{self, AudienceRefusal};
use wattprint::validate::{self, Validator};

#[cfg(target_arch = "wasm32")]
pub mod exports;

/// The validator, its JSON Schema compiled once for every request of the page's session (the
/// compilation is most of a small check's time).
static VALIDATOR: LazyLock<Validator> = LazyLock::new(Validator::new);

/// What the page asks.
#[derive(Debug, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// The findings of `wattprint validate` for a disclosure, and, when none is an error, its
    /// report as HTML with the template and audience asked, to show the figures (or why that
    /// report cannot be made).
    Check(Document),
    /// A report of a disclosure, as `wattprint report` writes it.
    Report(Document),
    /// A starter disclosure, as `wattprint init` writes it.
    Starter {
        /// `provider`, `deployer` or `both`.
        role: Role,
        /// `own`, `colocation` or `cloud`.
        operation: Operation,
    },
    /// The built-in templates, `[[name, description], ...]`.
    Templates,
    /// The JSON Schema of a disclosure, for the editor's completion.
    Schema,
}

/// A disclosure and how its report is to be made.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The file name, without folders, as the report's manifest records it.
    pub name: String,
    /// The disclosure's text.
    pub text: String,
    /// The files given beside it (its hourly CSVs), base64-encoded, by name: the name the
    /// disclosure gives a file, or its last part (a file picker gives no folders).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// A built-in template.
    #[serde(default = "default_template")]
    pub template: String,
    /// `ai-office`, `authority` or `downstream`: a document for one audience of the Model
    /// Documentation Form.
    #[serde(default)]
    pub audience: Option<Audience>,
    /// `pdf`, `md`, `html`, `typ` or `json`.
    #[serde(default = "default_format")]
    pub format: String,
    /// The date of issue (`--date`); without it the report is dated the end of its period and
    /// says no date of issue was given.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

fn default_template() -> String {
    "eu-ai-act".to_owned()
}

fn default_format() -> String {
    "pdf".to_owned()
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Status {
    /// Done: the document, or the JSON asked for (a check's findings may hold warnings).
    Done = 0,
    /// The disclosure has errors: `{"findings": [...]}`, as `validate --format json` lists them.
    Findings = 1,
    /// The request cannot be met: `{"error": ..., "hint": ...}`.
    Failed = 2,
}

/// Why a request cannot be met.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The request is not one this module knows.
    #[error("the request is not understood: {0}")]
    Request(String),
    /// A value the command line would refuse as a usage error.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// The document for the audience cannot be made.
    #[error("no document can be made for {audience}: {reason}")]
    Audience {
        /// The audience.
        audience: &'static str,
        /// Why.
        reason: String,
    },
    /// The template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl Failure {
    fn hint(&self) -> Option<&str> {
        match self {
            Failure::Usage { hint, .. } => hint.as_deref(),
            Failure::Render(RenderError::UnknownTemplate { .. }) => {
                Some("choose one of the built-in templates")
            }
            _ => None,
        }
    }
}

/// What a request gave: its status and its bytes.
type Answer = (Status, Vec<u8>);

/// Answers the JSON request `request`.
#[must_use]
pub fn run(request: &[u8]) -> Answer {
    let answered = serde_json::from_slice::<Request>(request)
        .map_err(|e| Failure::Request(e.to_string()))
        .and_then(answer);
    match answered {
        Ok(answer) => answer,
        Err(failure) => (
            Status::Failed,
            to_bytes(&json!({ "error": failure.to_string(), "hint": failure.hint() })),
        ),
    }
}

fn answer(request: Request) -> Result<Answer, Failure> {
    match request {
        Request::Check(document) => check_and_preview(&document),
        Request::Report(document) => report_of(&document),
        Request::Starter { role, operation } => Ok((
            Status::Done,
            starter::disclosure(role, operation).into_bytes(),
        )),
        Request::Templates => Ok((
            Status::Done,
            to_bytes(&Template::builtins().collect::<Vec<_>>()),
        )),
        Request::Schema => Ok((Status::Done, to_bytes(&validate::schema()))),
    }
}

fn usage(message: String, hint: Option<&str>) -> Failure {
    Failure::Usage {
        message,
        hint: hint.map(str::to_owned),
    }
}

fn to_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    // Plain data with string keys and finite numbers serialises without error.
    serde_json::to_vec(value).unwrap_or_default()
}

fn findings(found: &[Diagnostic]) -> Value {
    serde_json::from_str(&diagnostic::render_json(found)).unwrap_or(Value::Null)
}

/// The files a page was given beside the disclosure, by name; each no larger than `limit`.
struct Given {
    files: BTreeMap<String, Vec<u8>>,
    limit: u64,
    /// The names the disclosure asked for by a file given under their last part: two names
    /// with one last part cannot both be that file.
    by_last_part: Mutex<BTreeMap<String, String>>,
}

impl Given {
    fn decode(files: &BTreeMap<String, String>) -> Result<Self, Failure> {
        use base64::Engine as _;
        let files = files
            .iter()
            .map(|(name, encoded)| {
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .map(|bytes| (name.clone(), bytes))
                    .map_err(|e| {
                        usage(
                            format!(
                                "the file `{name}` was given as base64 that does not decode: {e}"
                            ),
                            None,
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Given {
            files,
            limit: Limits::default().max_bytes,
            by_last_part: Mutex::default(),
        })
    }
}

impl Linked for Given {
    /// The file given by the name the disclosure gives it, else the one given by its last part
    /// (a file picker gives no folders), unless another name of the disclosure has that last
    /// part too.
    fn read(&self, name: &str) -> Result<Vec<u8>, LinkError> {
        linked::check_name(name)?;
        let last = name.rsplit('/').next().unwrap_or(name);
        let bytes = if let Some(bytes) = self.files.get(name) {
            bytes
        } else {
            let bytes = self.files.get(last).ok_or_else(|| LinkError::Missing {
                name: name.to_owned(),
                place: format!("open `{last}` beside the disclosure"),
            })?;
            let mut asked = self
                .by_last_part
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let first = asked
                .entry(last.to_owned())
                .or_insert_with(|| name.to_owned());
            if first != name {
                return Err(LinkError::Read {
                    name: name.to_owned(),
                    reason: format!(
                        "the disclosure also names `{first}`, and the page, given files without their folders, cannot tell which of them `{last}` is; give the files distinct names in the disclosure, or use the command line"
                    ),
                });
            }
            bytes
        };
        if bytes.len() as u64 > self.limit {
            return Err(LinkError::TooLarge {
                name: name.to_owned(),
                limit: self.limit,
            });
        }
        Ok(bytes.clone())
    }
}

/// A report of `document` as `wattprint report NAME --template T [--audience A] --date D -o
/// x.FORMAT` writes it, or the findings that stop it.
fn report_of(document: &Document) -> Result<Answer, Failure> {
    let format = match document.format.as_str() {
        "pdf" => Format::Pdf,
        "md" => Format::Markdown,
        "html" => Format::Html,
        "typ" => Format::Typst,
        "json" => Format::Json,
        other => {
            return Err(usage(
                format!("no report format is called `{other}`"),
                Some("ask for pdf, md, html, typ or json"),
            ));
        }
    };
    if format == Format::Json && document.audience.is_some() {
        return Err(usage(
            "a JSON report for an audience names the input made for that audience, which the command line writes beside the report; the page gives one file".to_owned(),
            Some("download the PDF, which carries that input, or run `wattprint report … --audience … -o report.json`"),
        ));
    }
    let files = Given::decode(&document.files)?;
    match made(document, format, &files)? {
        Ok(bytes) => Ok((Status::Done, bytes)),
        Err(found) => Ok((Status::Findings, to_bytes(&json!({ "findings": found })))),
    }
}

/// The findings of `document` as `wattprint validate` gives them and, when none is an error,
/// its report as HTML (`preview`) or why that report cannot be made (`refused`): the findings
/// do not depend on the template or audience chosen.
fn check_and_preview(document: &Document) -> Result<Answer, Failure> {
    let files = Given::decode(&document.files)?;
    let source = Source::from_text(&document.name, document.text.clone());
    let warnings = match check::source(source, &VALIDATOR, Limits::default(), Extent::Rules, &files)
    {
        Ok(clean) => findings(&clean.warnings),
        Err(found) => {
            return Ok((
                Status::Findings,
                to_bytes(&json!({ "findings": findings(&found) })),
            ));
        }
    };
    // The report cannot always be made (a template or audience that does not fit the
    // disclosure): the findings stand, and the preview says why.
    let answer = match made(document, Format::Html, &files) {
        Ok(Ok(html)) => json!({
            "findings": warnings,
            "preview": String::from_utf8_lossy(&html),
        }),
        Ok(Err(found)) => json!({
            "findings": warnings,
            "refused": {
                "error": "the input made for this audience has errors",
                "findings": found,
            },
        }),
        Err(failure) => json!({
            "findings": warnings,
            "refused": { "error": failure.to_string(), "hint": failure.hint() },
        }),
    };
    Ok((Status::Done, to_bytes(&answer)))
}

/// The disclosure in `document` checked (the files it names read from `files`), made for its
/// audience and rendered in `format`: the bytes, or the findings at error level.
fn made(
    document: &Document,
    format: Format,
    files: &Given,
) -> Result<Result<Vec<u8>, Value>, Failure> {
    let template = Template::builtin(&document.template)?;
    let audience = document.audience;
    if let Some((message, hint)) = report::refused_for(&template, TemplateOrigin::Builtin, audience)
    {
        return Err(usage(message.to_owned(), Some(hint)));
    }
    let source = Source::from_text(&document.name, document.text.clone());
    let extent = report::extent_for(audience);
    let full = match check::source(source, &VALIDATOR, Limits::default(), extent, files) {
        Ok(clean) => clean,
        Err(found) => return Ok(Err(findings(&found))),
    };
    // As `report --date`: a report is issued once the period it covers is over.
    let end = full.disclosure.reporting_period.end;
    if let Some(date) = document.date
        && DateSource::Flag.refuses(date, end)
    {
        return Err(usage(
            format!(
                "the date of issue, {date}, is before the reporting period ends on {end}: a report is issued once the period it covers is over"
            ),
            Some("choose the period's last day or a later one"),
        ));
    }
    let (clean, redacted_from) = match audience {
        None => (full, None),
        Some(audience) => {
            let path = std::path::PathBuf::from(&document.name);
            // The page has no --data: only the built-in reference data.
            match report::for_audience(
                full,
                audience,
                (&path, None),
                &VALIDATOR,
                Limits::default(),
                files,
            ) {
                Ok(made) => (made.clean, made.redaction),
                Err(AudienceRefusal::NoForm(why)) => {
                    return Err(usage(
                        format!(
                            "a document for {} is made from a provider's Model Documentation Form, and this disclosure has none: {why}",
                            audience.label()
                        ),
                        Some(
                            "choose no audience, or mark the general-purpose AI model the organisation provides",
                        ),
                    ));
                }
                Err(AudienceRefusal::Findings { found, .. }) => return Ok(Err(findings(&found))),
                Err(AudienceRefusal::Reason(reason)) => {
                    return Err(Failure::Audience {
                        audience: audience.label(),
                        reason,
                    });
                }
            }
        }
    };
    let now = document.date.map_or(Now::FromInputs, Now::Issued);
    let (_, bytes) = report::document(
        &clean,
        redacted_from,
        &report::Request {
            template: &template,
            origin: TemplateOrigin::Builtin,
            format,
            audience,
            now,
            dataset: &VALIDATOR.reference().name,
            data_file: None,
            previous: None,
        },
    )?;
    Ok(Ok(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(request: &Value) -> (Status, Value) {
        let (status, bytes) = run(&to_bytes(request));
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    #[test]
    fn a_broken_file_gives_findings_at_their_line() {
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "broken.yaml",
            "text": "schema_version: 1\norganisation: 7\n",
        }));
        assert_eq!(status, Status::Findings);
        let found = answer["findings"].as_array().cloned().unwrap_or_default();
        assert!(!found.is_empty(), "{answer}");
        assert!(found.iter().all(|f| f["file"] == "broken.yaml"), "{answer}");
        assert!(found.iter().any(|f| f["line"] == 2), "{answer}");
    }

    #[test]
    fn a_request_it_does_not_know_is_refused() {
        let (status, answer) = ask(&json!({ "command": "delete" }));
        assert_eq!(status, Status::Failed);
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|e| e.contains("not understood"))
        );
    }

    #[test]
    fn a_starter_checks_clean_and_previews() {
        let (status, bytes) =
            run(br#"{"command":"starter","role":"provider","operation":"cloud"}"#);
        assert_eq!(status, Status::Done);
        let text = String::from_utf8(bytes).unwrap_or_default();
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "disclosure.yaml",
            "text": text,
            "date": "2026-12-01",
        }));
        assert_eq!(status, Status::Done, "{answer}");
        assert!(
            answer["preview"]
                .as_str()
                .is_some_and(|html| html.contains("<html")),
            "{answer}"
        );
    }

    /// `examples/deployer-hourly.yaml` and the CSVs it names under `hourly/`, base64-encoded by
    /// their file names, as the page's file picker gives them.
    fn hourly_example() -> (String, BTreeMap<String, String>) {
        use base64::Engine as _;
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let text =
            std::fs::read_to_string(examples.join("deployer-hourly.yaml")).unwrap_or_default();
        let files = ["grid-de-q1.csv", "inference-q1.csv", "ppa-solar-q1.csv"]
            .into_iter()
            .map(|name| {
                let bytes = std::fs::read(examples.join("hourly").join(name)).unwrap_or_default();
                (
                    name.to_owned(),
                    base64::engine::general_purpose::STANDARD.encode(bytes),
                )
            })
            .collect();
        (text, files)
    }

    #[test]
    fn hourly_files_are_found_by_their_file_name() {
        let (text, files) = hourly_example();
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "deployer-hourly.yaml",
            "text": text,
            "files": files,
            "date": "2026-12-01",
        }));
        assert_eq!(status, Status::Done, "{answer}");
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "deployer-hourly.yaml",
            "text": text,
        }));
        assert_eq!(status, Status::Findings);
        assert!(
            answer
                .to_string()
                .contains("open `grid-de-q1.csv` beside the disclosure"),
            "{answer}"
        );
    }

    #[test]
    fn two_names_with_one_file_name_are_refused_not_guessed() {
        let (text, files) = hourly_example();
        let text = text.replace("hourly/grid-de-q1.csv", "other/inference-q1.csv");
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "deployer-hourly.yaml",
            "text": text,
            "files": files,
        }));
        assert_eq!(status, Status::Findings);
        assert!(answer.to_string().contains("cannot tell which"), "{answer}");
    }

    #[test]
    fn a_report_that_cannot_be_made_leaves_the_findings() {
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let text =
            std::fs::read_to_string(examples.join("provider-cloud.yaml")).unwrap_or_default();
        let (status, answer) = ask(&json!({
            "command": "check",
            "name": "provider-cloud.yaml",
            "text": text,
            "template": "net-positive",
            "audience": "downstream",
        }));
        assert_eq!(status, Status::Done, "{answer}");
        assert!(answer["findings"].is_array(), "{answer}");
        assert!(answer["preview"].is_null(), "{answer}");
        assert!(
            answer["refused"]["error"]
                .as_str()
                .is_some_and(|e| e.contains("net-positive")),
            "{answer}"
        );
    }

    #[test]
    fn a_json_report_for_an_audience_is_refused_with_the_way_to_make_it() {
        let (status, answer) = ask(&json!({
            "command": "report",
            "name": "x.yaml",
            "text": "",
            "audience": "ai-office",
            "format": "json",
        }));
        assert_eq!(status, Status::Failed);
        assert!(
            answer["hint"]
                .as_str()
                .is_some_and(|h| h.contains("--audience")),
            "{answer}"
        );
    }

    #[test]
    fn an_unknown_audience_is_refused_with_the_audiences_there_are() {
        let (status, answer) = ask(&json!({
            "command": "report",
            "name": "x.yaml",
            "text": "",
            "audience": "press",
        }));
        assert_eq!(status, Status::Failed);
        // The request names an audience the Form does not have: the answer lists those it has.
        assert!(
            answer["error"].as_str().is_some_and(|e| {
                ["`ai-office`", "`authority`", "`downstream`"]
                    .iter()
                    .all(|a| e.contains(a))
            }),
            "{answer}"
        );
    }
}
