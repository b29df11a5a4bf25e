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
    /// Exit 1 when a total (or a `--figure`) changes by more than this, e.g. `10%`, appears or
    /// disappears, or a claim's verdict changes.
    #[arg(long, value_parser = parse_threshold)]
    pub fail_above: Option<f64>,
    /// A figure the gate watches instead of the totals and the claims' verdicts, e.g.
    /// `total.location_based`, `per_unit[request/all models].sci` or `claims[ID].verdict`; `*`
    /// stands for any text (`per_unit[*].sci`, `*` for every figure); repeatable.
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

/// The results of one side: recomputed from a disclosure (YAML or JSON), or read from a PDF or
/// JSON report or from `compute --format json`.
fn results(path: &Path, session: &Session) -> Result<Option<serde_json::Value>, Error> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let json = |bytes: &[u8]| -> Result<serde_json::Value, Error> {
        Ok(
            read::unique_json(bytes).map_err(|source| VerifyError::Json {
                name: path.display().to_string(),
                source,
            })?,
        )
    };
    let value = match extension.as_str() {
        "pdf" => {
            let limit = session.limits.max_bytes;
            let attachments = read::attachments(&load::file_bytes(path, limit)?, limit)?;
            json(read::attachment(&attachments, render::REPORT_JSON)?)?
        }
        "json" => json(&load::file_bytes(path, session.limits.max_bytes)?)?,
        _ => return recomputed(path, session),
    };
    match JsonKind::of(&value) {
        Some(JsonKind::Report) => Ok(Some(value["results"].clone())),
        Some(JsonKind::Results) => Ok(Some(value)),
        Some(JsonKind::Disclosure) if extension == "json" => recomputed(path, session),
        _ => Err(Error::Usage {
            message: format!(
                "`{}` is neither a disclosure, a JSON report nor the results of `compute --format json`",
                path.display()
            ),
            hint: Some(
                "compare two disclosures, or their PDF or JSON reports; a scenario's JSON (`compute --scenario`) has no figures of a release to compare".to_owned(),
            ),
        }),
    }
}

/// The results of a disclosure, worked out as `report` does; `None` when it has errors.
fn recomputed(path: &Path, session: &Session) -> Result<Option<serde_json::Value>, Error> {
    let Some(Clean { results, .. }) = load_clean(path, session, Extent::Report)? else {
        return Ok(None);
    };
    Ok(Some(serde_json::to_value(results).unwrap_or_default()))
}

/// What a JSON file given to `diff` is, told by the fields each kind must have: any other
/// JSON compared as results would have no figure to compare, and "no figure changed" would
/// pass every gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonKind {
    /// A disclosure: `schema_version` and the rest of the input.
    Disclosure,
    /// A JSON report: `manifest` and `results`.
    Report,
    /// `compute --format json`: the totals and the lists of figures.
    Results,
}

impl JsonKind {
    fn of(value: &serde_json::Value) -> Option<Self> {
        let has = |fields: &[&str]| fields.iter().all(|f| value.get(*f).is_some());
        if has(&["manifest", "results"]) && value["results"].get("total").is_some() {
            Some(Self::Report)
        } else if has(&["schema_version", "measurements", "sites"]) {
            Some(Self::Disclosure)
        } else if has(&["total", "measurements", "sites", "per_unit"]) {
            Some(Self::Results)
        } else {
            None
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
    let diff = diff::compare(&old, &new);
    drop(guard);
    unknown_figures(&diff, &args.figures)?;
    let above: Vec<String> = args
        .fail_above
        .map(|threshold| {
            diff.above(threshold, &args.figures)
                .into_iter()
                .map(str::to_owned)
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

/// Refuses every `--figure` that names no figure of either release, all at once: a typo would
/// otherwise watch nothing and let every change through the gate.
fn unknown_figures(diff: &Diff, figures: &[String]) -> Result<(), Error> {
    let unknown: Vec<&String> = figures
        .iter()
        .filter(|f| diff.names().all(|k| !diff::matches(f, k)))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut hints = Vec::new();
    for name in &unknown {
        let nearest = suggest::nearest(name, diff.names());
        if let Some(question) = suggest::did_you_mean(&nearest) {
            hints.push(format!("for `{name}`, {question}"));
        }
    }
    hints.push("`wattprint diff OLD NEW --format json` lists every figure by name".to_owned());
    let names: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
    Err(Error::Usage {
        message: format!("no figure of either release is named {}", names.join(", ")),
        hint: Some(hints.join("; ")),
    })
}

fn human(diff: &Diff, above: &[String], threshold: Option<f64>) -> String {
    let mut out = String::new();
    // A figure of an item only one release has is said once, by the item.
    let one_sided = diff.one_sided();
    let changed: Vec<&diff::Change> = diff
        .changes
        .iter()
        .filter(|c| c.changed() && diff::item_of(&c.figure, &one_sided).is_none())
        .collect();
    let texts: Vec<&diff::TextChange> = diff
        .texts
        .iter()
        .filter(|t| t.changed() && diff::item_of(&t.figure, &one_sided).is_none())
        .collect();
    // The items holding a figure above the threshold.
    let marked: std::collections::HashSet<&str> = above
        .iter()
        .filter_map(|a| diff::item_of(a, &one_sided))
        .collect();
    if changed.is_empty() && texts.is_empty() && diff.added.is_empty() && diff.removed.is_empty() {
        out.push_str("no figure changed\n");
    }
    let mark = |figure: &str| {
        if above.iter().any(|a| a == figure) {
            "  ← above the threshold"
        } else {
            ""
        }
    };
    let value = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), format);
    for c in changed {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", c.unit)
        };
        let change = match (c.absolute, c.relative) {
            (Some(absolute), relative) => format!(
                "{}{}, {}",
                if absolute > 0.0 { "+" } else { "" },
                format(absolute),
                relative.map_or_else(
                    || "from zero".to_owned(),
                    |r| format!("{:+.1} %", r * 100.0)
                )
            ),
            (None, _) if c.old.is_none() => "appeared".to_owned(),
            (None, _) => "disappeared".to_owned(),
        };
        let _ = writeln!(
            out,
            "{}: {} → {}{unit} ({change}){}",
            c.figure,
            value(c.old),
            value(c.new),
            mark(&c.figure)
        );
    }
    for t in texts {
        let _ = writeln!(
            out,
            "{}: {} → {}{}",
            t.figure,
            t.old.as_deref().unwrap_or("none"),
            t.new.as_deref().unwrap_or("none"),
            mark(&t.figure)
        );
    }
    for (what, items) in [("added", &diff.added), ("removed", &diff.removed)] {
        for item in items {
            let mark = if marked.contains(item.as_str()) {
                "  ← above the threshold"
            } else {
                ""
            };
            let _ = writeln!(out, "{what}: {item}{mark}");
        }
    }
    for t in &diff.tiers {
        let _ = writeln!(out, "tier: {}: {} → {}", t.figure, t.old, t.new);
    }
    if let Some(threshold) = threshold {
        let _ = writeln!(
            out,
            "{} figure(s) changed by more than {} % or appeared or disappeared",
            above.len(),
            plain(threshold * 100.0)
        );
    }
    out
}
