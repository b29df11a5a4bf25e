//! `wattprint verify REPORT.pdf|DIR`: exit 0 only for [`Verdict::Identical`]; the algorithm
//! is [`crate::verify`].

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Console, Outcome, print};
use crate::error::Error;
use crate::evidence::{Manifest, TemplateOrigin};
use crate::load::Limits;
use crate::verify::{self, Tie, Verdict};

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A PDF report written by `wattprint report`, or a folder holding a JSON report
    /// (`report -o x.json`) and the input file it names.
    pub report: PathBuf,
    /// How to print the outcome.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,
    /// The SHA-256 of a template folder you trust, as a report's document control prints it.
    /// A report made with `--template-dir` carries its template, which could print anything;
    /// it verifies only when that template is one you name here. Repeat for several.
    #[arg(long, value_name = "SHA256")]
    pub trust_template: Vec<String>,
    /// For a document made for an audience that receives part of a disclosure (`report
    /// --audience authority|downstream`): the full disclosure its provider keeps. Verifies that
    /// it is the one the document names (SHA-256), that it validates, and that it gives the
    /// attached input byte for byte.
    #[arg(long, value_name = "FILE")]
    pub full_input: Option<PathBuf>,
    /// With --full-input, for a document that carries only the rows of a reference data file
    /// its input uses (`report --data FILE --audience …`): that whole file, as the provider
    /// keeps it. Verifies its SHA-256 and that it gives the attached rows byte for byte.
    #[arg(long, value_name = "FILE", requires = "full_input")]
    pub full_data: Option<PathBuf>,
    /// For a report with comparative figures (`report --previous`): the report published for
    /// the previous period (a PDF, or a folder with its JSON report). Verifies that report too,
    /// and that its input is the previous disclosure this report's comparative figures were
    /// computed from (SHA-256).
    #[arg(long, value_name = "REPORT")]
    pub previous_report: Option<PathBuf>,
}

/// How a report's comparative figures tie to the report published for the previous period.
enum Published {
    /// That report verifies, and its input is the one the comparative was computed from.
    Tied(crate::evidence::Sha256Hex),
    /// It is not tied, for this reason.
    NotTied(String),
}

/// Output formats of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// One line, or one line per mismatch.
    Human,
    /// `{ verified, identical, resaved, unverifiable, mismatches: [{ path, reported, recomputed }] }`.
    Json,
}

pub(super) fn run(args: &VerifyArgs, console: &Console, limits: Limits) -> Result<Outcome, Error> {
    // Reading a hostile PDF, computing its input and rendering it again are all bounded.
    let guard = super::guard::MemoryGuard::start(
        limits.max_memory_mib,
        limits.max_render_seconds,
        format!("verifying {}", args.report.display()),
    );
    let read = |path: Option<&PathBuf>| -> Result<Option<Vec<u8>>, Error> {
        path.map(|p| crate::load::file_bytes(p, limits.max_bytes))
            .transpose()
            .map_err(Error::from)
    };
    let (input, data) = (
        read(args.full_input.as_ref())?,
        read(args.full_data.as_ref())?,
    );
    let full = args
        .full_input
        .as_deref()
        .zip(input.as_deref())
        .map(|input| verify::FullInputs {
            input,
            data: args.full_data.as_deref().zip(data.as_deref()),
        });
    let verification = verify::verify(&args.report, &args.trust_template, full, limits)?;
    let tie = verification.tie.as_ref();
    let published = match &args.previous_report {
        Some(path) => Some(published(path, &verification.manifest, args, limits)?),
        None => None,
    };
    drop(guard);
    console.diagnostics(&verification.findings, &verification.sources);
    let (manifest, verdict) = (&verification.manifest, &verification.verdict);
    // A re-saved file is told apart from an edited one, but it does not verify: PDF readers
    // disagree on files another program wrote (which cross-reference wins, which duplicate
    // object counts), so only the bytes wattprint wrote prove what a reader is shown.
    let passed = matches!(verdict, Verdict::Identical)
        && tie.is_none_or(|t| matches!(t, Tie::Tied))
        && !matches!(published, Some(Published::NotTied(_)));
    if args.format == VerifyFormat::Json {
        print(&json(
            args,
            manifest,
            verdict,
            tie,
            published.as_ref(),
            passed,
        ))?;
    } else {
        print(&human(args, manifest, verdict))?;
        print(&tied(args, manifest, tie))?;
        print(&compared(args, manifest, published.as_ref()))?;
    }
    Ok(if passed {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// Verifies the previous period's published report at `path`, and ties its input to the one
/// `manifest`'s comparative figures were computed from.
fn published(
    path: &std::path::Path,
    manifest: &Manifest,
    args: &VerifyArgs,
    limits: Limits,
) -> Result<Published, Error> {
    let Some(previous) = &manifest.previous else {
        return Ok(Published::NotTied(
            "the report has no comparative figures, so there is no previous period's disclosure to tie".to_owned(),
        ));
    };
    let last = verify::verify(path, &args.trust_template, None, limits)?;
    let last_report = path.display();
    if !matches!(last.verdict, Verdict::Identical) {
        return Ok(Published::NotTied(format!(
            "the previous period's report {last_report} does not verify (`wattprint verify {last_report}` says why)"
        )));
    }
    Ok(if last.manifest.input_sha256 == previous.input_sha256 {
        Published::Tied(previous.input_sha256.clone())
    } else {
        Published::NotTied(format!(
            "the comparative figures were computed from `{}` (SHA-256 {}), and the previous period's report {last_report} from `{}` (SHA-256 {}): not the disclosure that report published",
            previous.input, previous.input_sha256, last.manifest.input, last.manifest.input_sha256
        ))
    })
}

/// What verify says of the previous period's disclosure a report's comparative figures came
/// from.
fn compared(args: &VerifyArgs, manifest: &Manifest, published: Option<&Published>) -> String {
    let report = args.report.display();
    let mut out = String::new();
    match (published, &manifest.previous) {
        (None, None) => {}
        (None, Some(previous)) => {
            let _ = writeln!(
                out,
                "note: {report}: its comparative figures were computed from `{}` (SHA-256 {}); to check that this is the disclosure of the report published for the previous period, verify again with --previous-report LAST",
                previous.input, previous.input_sha256
            );
        }
        (Some(Published::Tied(hash)), _) => {
            let _ = writeln!(
                out,
                "tied: {report}: the previous period's report verifies, and its input (SHA-256 {hash}) is the disclosure the comparative figures were computed from"
            );
        }
        (Some(Published::NotTied(reason)), _) => {
            let _ = writeln!(out, "not tied: {report}: {reason}");
        }
    }
    out
}

/// What verify says of the full input a document for one audience was made from.
fn tied(args: &VerifyArgs, manifest: &Manifest, tie: Option<&Tie>) -> String {
    let report = args.report.display();
    let mut out = String::new();
    match (tie, &manifest.redacted_from) {
        (None | Some(Tie::Tied), None) => {}
        (None, Some(redaction)) => {
            let data = redaction
                .reference_data
                .as_ref()
                .map_or_else(String::new, |d| format!(" --full-data {}", d.file));
            let _ = writeln!(
                out,
                "note: {report}: its input `{}` is `{full}` (SHA-256 {}) without {}; that full input is not attached, so the tie is not checked: verify again with --full-input {full}{data}",
                manifest.input,
                redaction.input_sha256,
                redaction.left_out,
                full = redaction.input
            );
        }
        (Some(Tie::NotRedacted), _) => {
            let _ = writeln!(
                out,
                "not tied: {report}: --full-input ties a document made from part of a disclosure (for authorities or downstream providers), and this one was made from the whole of `{}`",
                manifest.input
            );
        }
        (Some(Tie::Tied), Some(redaction)) => {
            let data = match (&redaction.reference_data, &manifest.reference_data.file) {
                (Some(full), Some(kept)) => format!(
                    "; the full reference data given is `{}` (SHA-256 {}), and its rows the input uses give the attached `{kept}` byte for byte",
                    full.file, full.sha256
                ),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "tied: {report}: the full input given is `{}` (SHA-256 {}), and leaving out {} gives the attached input `{}` byte for byte{data}",
                redaction.input, redaction.input_sha256, redaction.left_out, manifest.input
            );
        }
        (Some(Tie::Differs(mismatches)), _) => {
            for m in mismatches {
                mismatch(&mut out, m, "what was given with --full-input");
            }
            let _ = writeln!(
                out,
                "not tied: {report}: the full inputs given are not the ones the document was made from"
            );
        }
        (Some(Tie::Unchecked(reason)), _) => {
            let _ = writeln!(out, "not tied: {report}: {reason}");
        }
    }
    out
}

/// One line of a mismatch between what the report says and what `what` gives.
fn mismatch(out: &mut String, m: &crate::evidence::read::Mismatch, what: &str) {
    let _ = writeln!(
        out,
        "mismatch: {}: the report says {}, {what} gives {}",
        m.path, m.reported, m.recomputed
    );
}

/// Mismatches as `verify --format json` lists them.
fn listed(mismatches: &[crate::evidence::read::Mismatch]) -> Vec<serde_json::Value> {
    mismatches
        .iter()
        .map(|m| serde_json::json!({ "path": m.path, "reported": m.reported, "recomputed": m.recomputed }))
        .collect()
}

fn json(
    args: &VerifyArgs,
    manifest: &Manifest,
    verdict: &Verdict,
    tie: Option<&Tie>,
    published: Option<&Published>,
    passed: bool,
) -> String {
    let mismatches = match verdict {
        Verdict::Mismatches(m) => m.as_slice(),
        _ => &[],
    };
    let value = serde_json::json!({
        "report": args.report.display().to_string(),
        // Every check asked for (the document, and the ties `--full-input` and
        // `--previous-report` ask for) passed, as exit code 0 says; `verified` is the document's
        // alone (attack of 2026-12-03, helper 61: a pipeline reading it took an untied document).
        "passed": passed,
        "input": manifest.input,
        "previous": manifest.previous,
        "tool_version": manifest.tool_version,
        "verified": matches!(verdict, Verdict::Identical),
        "identical": matches!(verdict, Verdict::Identical),
        "resaved": matches!(verdict, Verdict::Resaved),
        "unverifiable": match verdict {
            Verdict::Unverifiable(reason) => Some(reason.as_str()),
            _ => None,
        },
        "mismatches": listed(mismatches),
        "redacted_from": manifest.redacted_from,
        "full_input": match tie {
            None => serde_json::Value::Null,
            Some(Tie::Tied) => serde_json::json!({ "tied": true, "mismatches": [] }),
            Some(Tie::NotRedacted) => serde_json::json!({ "tied": false, "mismatches": [], "reason": "the document was made from the whole disclosure" }),
            Some(Tie::Unchecked(reason)) => serde_json::json!({ "tied": false, "mismatches": [], "reason": reason }),
            Some(Tie::Differs(found)) => serde_json::json!({ "tied": false, "mismatches": listed(found) }),
        },
        "previous_report": match published {
            None => serde_json::Value::Null,
            Some(Published::Tied(_)) => serde_json::json!({ "tied": true }),
            Some(Published::NotTied(reason)) => serde_json::json!({ "tied": false, "reason": reason }),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn human(args: &VerifyArgs, manifest: &Manifest, verdict: &Verdict) -> String {
    let report = args.report.display();
    // Quoted by the messages below: the previous period's disclosure is an input too.
    let input = match &manifest.previous {
        Some(previous) => format!(
            "{}` and the previous period's `{}",
            manifest.input, previous.input
        ),
        None => manifest.input.to_string(),
    };
    let mut out = String::new();
    match verdict {
        Verdict::Identical => {
            let _ = match manifest.template_origin {
                _ if args.report.is_dir() => writeln!(
                    out,
                    "verified: {report}: its JSON report is, value for value, what the input `{input}` beside it gives"
                ),
                TemplateOrigin::Builtin => writeln!(
                    out,
                    "verified: {report}: rendered again from the attached input `{input}` with the built-in template `{}`, it is the same byte for byte",
                    manifest.template
                ),
                TemplateOrigin::Folder => writeln!(
                    out,
                    "verified: {report}: rendered again from the attached input `{input}` with its own template folder `{}` (SHA-256 {}, trusted with --trust-template), it is the same byte for byte",
                    manifest.template, manifest.template_sha256
                ),
            };
        }
        Verdict::Resaved => {
            let _ = writeln!(
                out,
                "not verified: {report}: re-saved by another program; its pages, text and attachments, as wattprint reads them, match the document rendered again from the attached input `{input}` with template `{}`, but other PDF readers may read a re-saved file differently, so only the original file verifies: ask its author for it",
                manifest.template
            );
        }
        Verdict::Unverifiable(reason) => {
            let _ = writeln!(out, "not verified: {report}: {reason}");
        }
        Verdict::Mismatches(mismatches) => {
            for m in mismatches {
                if m.path == "document" {
                    let _ = writeln!(
                        out,
                        "mismatch: document: the report ({}) differs from the one its inputs produce ({}): its pages, text, metadata or attachments were edited",
                        m.reported, m.recomputed
                    );
                } else {
                    mismatch(&mut out, m, "the attached input");
                }
            }
            let _ = writeln!(
                out,
                "{report}: {} mismatch(es) with its inputs",
                mismatches.len()
            );
        }
    }
    out
}
