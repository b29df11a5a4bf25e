//! `wattprint verify REPORT.pdf`

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Outcome, print};
use crate::compute;
use crate::diagnostic;
use crate::error::Error;
use crate::evidence::verify::{self, Mismatch, VerifyError};
use crate::evidence::{Manifest, sha256_hex};
use crate::load::{self, Limits, LoadError, Source};
use crate::render;
use crate::validate::Validator;

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A PDF report written by `wattprint report`.
    pub report: PathBuf,
}

pub(super) fn run(args: &VerifyArgs) -> Result<Outcome, Error> {
    let pdf = std::fs::read(&args.report).map_err(|source| LoadError::Read {
        path: args.report.clone(),
        source,
    })?;
    let attachments = verify::attachments(&pdf)?;
    let find = |name: &str| {
        attachments
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| bytes.as_slice())
            .ok_or_else(|| VerifyError::MissingAttachment {
                name: name.to_owned(),
            })
    };
    let report_bytes = find(render::REPORT_JSON)?;
    let json_error = |source| VerifyError::Json {
        name: render::REPORT_JSON.to_owned(),
        source,
    };
    let reported: serde_json::Value = serde_json::from_slice(report_bytes).map_err(json_error)?;
    let manifest: Manifest =
        serde_json::from_value(reported["manifest"].clone()).map_err(json_error)?;
    let input_name = render::input_name(&manifest);
    let input = find(&input_name)?;

    let mut out = String::new();
    let mut mismatches: Vec<Mismatch> = Vec::new();
    let hash = sha256_hex(input);
    if hash != manifest.input_sha256 {
        mismatches.push(Mismatch {
            path: format!("manifest.input_sha256 (attached `{input_name}`)"),
            reported: manifest.input_sha256.clone(),
            recomputed: hash,
        });
    }
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
        String::from_utf8_lossy(input).into_owned(),
    );
    let checked = match load::document(source.clone(), Limits::default()) {
        Ok(document) => Validator::new().check(&document).clean(),
        Err(findings) => Err(findings),
    };
    let disclosure = match checked {
        Ok((disclosure, _)) => disclosure,
        Err(findings) => {
            eprint!("{}", diagnostic::render_human(&findings, &[source]));
            eprintln!(
                "the attached input `{input_name}` does not validate, so its figures cannot be recomputed"
            );
            return Ok(Outcome::Findings);
        }
    };
    let recomputed: serde_json::Value =
        serde_json::from_str(&render::json(&compute::assess(&disclosure), &manifest))
            .map_err(json_error)?;
    mismatches.extend(verify::compare(&reported, &recomputed));
    if mismatches.is_empty() {
        let _ = writeln!(
            out,
            "verified: {}: the attached input `{input_name}` matches its SHA-256 and gives every figure the report carries",
            args.report.display()
        );
        print(&out)?;
        return Ok(Outcome::Clean);
    }
    for m in &mismatches {
        let _ = writeln!(
            out,
            "mismatch: {}: the report says {}, the attached input gives {}",
            m.path, m.reported, m.recomputed
        );
    }
    let _ = writeln!(
        out,
        "{}: {} figure(s) do not match their inputs",
        args.report.display(),
        mismatches.len()
    );
    print(&out)?;
    Ok(Outcome::Findings)
}
