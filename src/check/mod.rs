//! Checking a disclosure end to end: its text loaded, its structure and rules validated, its
//! figures computed, then the rules that read those figures.
//!
//! Validation never computes and computation never validates: this step sits above both, so
//! every command and fuzz target runs the same sequence, a report computes its figures once,
//! and the rules that judge figures read the very figures the report prints.

mod claims;
mod estimates;
pub mod hourly;
mod instruments;
pub mod previous;
mod training;

use crate::compute::{self, Results};
use crate::diagnostic::{self, Code, CodeKind, Diagnostic};
use crate::load::linked::Linked;
use crate::load::{self, Document, Limits, Source};
use crate::model::{Disclosure, MonteCarlo};
use crate::reference::resolve::{self, Use};
use crate::validate::{self, Validator};

/// A rule that reads computed figures, and its documentation.
pub struct Rule {
    /// The code its findings carry.
    pub code: &'static str,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Why it matters, with the text that requires it.
    pub why: &'static str,
    /// An input that breaks it, and the fix.
    pub example: &'static str,
    /// The check itself: pushes one finding per problem, with a JSON pointer.
    pub check: fn(&Disclosure, &Results, &mut Vec<Diagnostic>),
}

/// Every rule that reads computed figures.
pub static RULES: &[&Rule] = &[
    &instruments::RULE,
    &training::RULE,
    &claims::RULE,
    &estimates::RULE,
];

/// How much of a disclosure to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// What the rules read: the central figures, and the draws of the totals a claim's
    /// verdict needs. Scenarios and per-unit intervals are left out.
    Rules,
    /// Every figure a report prints, intervals and scenarios included.
    Report,
}

/// A disclosure that passed every check.
#[derive(Debug)]
pub struct Clean {
    /// The file it was read from.
    pub source: Source,
    /// The disclosure, reference values resolved.
    pub disclosure: Disclosure,
    /// Its figures, computed to the extent asked for.
    pub results: Results,
    /// The warnings found.
    pub warnings: Vec<Diagnostic>,
    /// The values taken from the reference data.
    pub reference: Vec<Use>,
    /// The files the disclosure names (its hourly CSVs), as read.
    pub linked: Vec<hourly::LinkedFile>,
}

/// Checks the disclosure in `source`: loaded within `limits`, validated by `validator`, the
/// files it names read from `files`, computed to `extent` and judged by the rules that read
/// figures.
///
/// # Errors
/// Every finding, in file order, when any is an error. The figure rules run even then (at the
/// extent the rules need), so that one pass lists every problem.
pub fn source(
    source: Source,
    validator: &Validator,
    limits: Limits,
    extent: Extent,
    files: &dyn Linked,
) -> Result<Clean, Vec<Diagnostic>> {
    let mut document = load::document(source.clone(), limits)?;
    let validated = validator.check(&mut document);
    let mut diagnostics = validated.diagnostics;
    let Some(mut disclosure) = validated.disclosure else {
        return Err(diagnostics);
    };
    // The figure rules would compute a period of centuries hour by hour; its finding is enough.
    if disclosure.reporting_period.days() > crate::validate::rules::LONGEST_PERIOD_DAYS {
        return Err(diagnostics);
    }
    let folder = source.path().parent().unwrap_or(std::path::Path::new(""));
    let (linked, found) = hourly::read(&mut disclosure, files, folder);
    diagnostics.extend(found.into_iter().map(|d| {
        // A finding in a CSV file is placed already; the rest by their pointer.
        if d.file.as_os_str().is_empty() {
            document.place(d)
        } else {
            d
        }
    }));
    let extent = if diagnostic::has_errors(&diagnostics) {
        // Only the findings matter now: the rules' figures, with no more draws than the
        // limit allows (a disclosure over it has its own finding) nor than the default, which
        // is ample for a verdict and keeps a failing file's check quick.
        let asked = disclosure.methodology.monte_carlo.draws;
        disclosure.methodology.monte_carlo.draws = asked
            .min(validator.allowed_draws(&disclosure))
            .min(MonteCarlo::default().draws);
        Extent::Rules
    } else {
        extent
    };
    let results = compute_to(&disclosure, extent);
    diagnostics.extend(judge(&disclosure, &results, &document));
    diagnostic::sort(&mut diagnostics);
    if diagnostic::has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    Ok(Clean {
        source,
        disclosure,
        results,
        warnings: diagnostics,
        reference: validated.reference,
        linked,
    })
}

fn compute_to(disclosure: &Disclosure, extent: Extent) -> Results {
    match extent {
        Extent::Rules => compute::screen(disclosure),
        Extent::Report => compute::assess(disclosure),
    }
}

/// The findings of every figure rule, placed in `document`.
fn judge(disclosure: &Disclosure, results: &Results, document: &Document) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for rule in RULES {
        (rule.check)(disclosure, results, &mut found);
    }
    found.into_iter().map(|d| document.place(d)).collect()
}

/// Every code a finding can carry, with what it checks: the form of the file, the values
/// asked from the reference data, the rules on the input in the order their findings are
/// usually fixed, then the rules on computed figures.
#[must_use]
pub fn codes() -> Vec<Code> {
    let figure_rules = RULES.iter().map(|r| Code {
        code: r.code,
        summary: r.summary,
        kind: CodeKind::Rule {
            why: r.why,
            example: r.example,
        },
    });
    diagnostic::STRUCTURAL
        .iter()
        .copied()
        .chain(resolve::CODES.iter().map(|&(code, summary)| Code {
            code,
            summary,
            kind: CodeKind::Reference,
        }))
        .chain(resolve::REGION_CODES.iter().copied())
        .chain(validate::rules::codes())
        .chain(hourly::CODES.iter().copied())
        .chain(figure_rules)
        .collect()
}
