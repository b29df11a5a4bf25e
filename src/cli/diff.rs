//! `wattprint diff OLD NEW [--fail-above 10%]`

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Outcome, Session, load_clean, print};
use crate::check::{Clean, Extent};
use crate::error::Error;
use crate::evidence::diff::{self, Diff};
use crate::evidence::read::{self, VerifyError};
use crate::load;
use crate::render::{self};
use crate::text::number::{format, plain};
use crate::text::suggest;

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier release: a disclosure, a PDF report, or a JSON report or results.
    pub old: PathBuf,
    /// The later release, in any of the same forms.
    pub new: PathBuf,
    /// Exit 1 when a total (or a `--figure`) changes by more than this, e.g. `10%`.
    #[arg(long, value_parser = parse_threshold)]
    pub fail_above: Option<f64>,
    /// A figure the gate watches instead of the totals, e.g. `total.location_based` or
    /// `per_unit[request/all models].sci`; repeatable.
    #[arg(long = "figure")]
    pub figures: Vec<String>,
    /// How to print the differences.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The changed figures, added and removed items, tier changes.
    Human,
    /// Every figure's change as JSON.
    Json,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    text.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v / 100.0)
        .ok_or_else(|| format!("`{text}` is not a percentage such as 10%"))
}

/// The results of one side: recomputed from a disclosure, or read from a report.
fn results(path: &Path, session: &Session) -> Result<Option<serde_json::Value>, Error> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let report = |bytes: &[u8]| -> Result<serde_json::Value, Error> {
        let value = read::unique_json(bytes).map_err(|source| VerifyError::Json {
            name: path.display().to_string(),
            source,
        })?;
        // A JSON report holds the results under `results`; `compute --format json` is them.
        Ok(if value.get("results").is_some() {
            value["results"].clone()
        } else {
            value
        })
    };
    match extension.to_ascii_lowercase().as_str() {
        "pdf" => {
            let limit = session.limits.max_bytes;
            let attachments = read::attachments(&load::bytes(path, limit)?, limit)?;
            report(read::attachment(&attachments, render::REPORT_JSON)?).map(Some)
        }
        "json" => report(&load::bytes(path, session.limits.max_bytes)?).map(Some),
        _ => {
            let Some(Clean { results, .. }) = load_clean(path, session, Extent::Report)? else {
                return Ok(None);
            };
            Ok(Some(serde_json::to_value(results).unwrap_or_default()))
        }
    }
}

pub(super) fn run(args: &DiffArgs, session: &Session) -> Result<Outcome, Error> {
    // A PDF given to compare is read as verify reads one: a hostile one is bounded in memory
    // and time.
    let guard = super::guard::MemoryGuard::start(
        session.limits.max_memory_mib,
        session.limits.max_render_seconds,
        format!(
            "comparing {} with {}",
            args.old.display(),
            args.new.display()
        ),
    );
    let (Some(old), Some(new)) = (results(&args.old, session)?, results(&args.new, session)?)
    else {
        return Ok(Outcome::Findings);
    };
    drop(guard);
    let diff = diff::compare(&old, &new);
    unknown_figures(&diff, &args.figures)?;
    let above: Vec<String> = args
        .fail_above
        .map(|threshold| {
            diff.above(threshold, &args.figures)
                .iter()
                .map(|c| c.figure.clone())
                .collect()
        })
        .unwrap_or_default();
    match args.format {
        DiffFormat::Json => {
            let value = serde_json::json!({ "diff": diff, "above_threshold": above });
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            print(&text)?;
        }
        DiffFormat::Human => print(&human(&diff, &above, args.fail_above))?,
    }
    Ok(if above.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// Refuses every `--figure` that names no figure of both releases, all at once: a typo would
/// otherwise watch nothing and let every change through the gate. A figure of an item only
/// one release has is said to be so, not taken for a typo.
fn unknown_figures(diff: &Diff, figures: &[String]) -> Result<(), Error> {
    let known = || diff.changes.iter().map(|c| c.figure.as_str());
    let unknown: Vec<&String> = figures
        .iter()
        .filter(|f| known().all(|k| k != f.as_str()))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut hints = Vec::new();
    for name in &unknown {
        let item = |items: &[String]| items.iter().find(|i| name.starts_with(i.as_str())).cloned();
        if let Some(added) = item(&diff.added) {
            hints.push(format!(
                "`{added}` is only in NEW, so `{name}` has no old value"
            ));
        } else if let Some(removed) = item(&diff.removed) {
            hints.push(format!(
                "`{removed}` is only in OLD, so `{name}` has no new value"
            ));
        } else {
            let nearest = suggest::nearest(name, known());
            if let Some(question) = suggest::did_you_mean(&nearest) {
                hints.push(format!("for `{name}`, {question}"));
            }
        }
    }
    hints.push("`wattprint diff OLD NEW --format json` lists every figure by name".to_owned());
    let names: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
    Err(Error::Usage {
        message: format!("no figure of both releases is named {}", names.join(", ")),
        hint: Some(hints.join("; ")),
    })
}

fn human(diff: &Diff, above: &[String], threshold: Option<f64>) -> String {
    let mut out = String::new();
    let changed: Vec<&diff::Change> = diff.changes.iter().filter(|c| c.absolute != 0.0).collect();
    if changed.is_empty() {
        out.push_str("no figure changed\n");
    }
    for c in changed {
        let relative = c
            .relative
            .map_or_else(|| "new".to_owned(), |r| format!("{:+.1} %", r * 100.0));
        let mark = if above.contains(&c.figure) {
            "  ← above the threshold"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}: {} → {} {} ({}{}, {relative}){mark}",
            c.figure,
            format(c.old),
            format(c.new),
            c.unit,
            if c.absolute > 0.0 { "+" } else { "" },
            format(c.absolute)
        );
    }
    for item in &diff.added {
        let _ = writeln!(out, "added: {item}");
    }
    for item in &diff.removed {
        let _ = writeln!(out, "removed: {item}");
    }
    for t in &diff.tiers {
        let _ = writeln!(out, "tier: {}: {} → {}", t.figure, t.old, t.new);
    }
    if let Some(threshold) = threshold {
        let _ = writeln!(
            out,
            "{} figure(s) changed by more than {} %",
            above.len(),
            plain(threshold * 100.0)
        );
    }
    out
}
