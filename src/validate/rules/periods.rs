//! `period`: periods run forwards and measurements fall inside the reporting period.

use chrono::Datelike;

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::load::escape_key;
use crate::model::{Disclosure, Period, parse_month};

pub static RULE: Rule = Rule {
    code: "period",
    summary: "every period ends on or after its start, measurements fall inside the reporting period, and monthly factors are keyed by YYYY-MM",
    why: "GHG Protocol inventories cover one reporting period; energy from outside it would be counted in the wrong year, or twice.",
    example: "period: { start: 2025-12-01, end: 2026-01-31 }   # with a reporting period starting 2026-01-01; fix: split the measurement at the boundary",
    check: Check::Disclosure(check),
};

/// The longest reporting period, days: a century. A longer one is a mistyped year (0001 for
/// 2026), and its figures hour by hour would fill gigabytes before any was reported.
pub const LONGEST_PERIOD_DAYS: i64 = 36_525;

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let reporting = d.reporting_period;
    if reporting.days() > LONGEST_PERIOD_DAYS {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!(
                    "the reporting period {} to {} is longer than a century",
                    reporting.start, reporting.end
                ),
            )
            .at("/reporting_period")
            .help("check the years: a reporting period is a financial year, or a few at most"),
        );
    }
    for (at, site) in super::sites(d) {
        let Some(monthly) = &site.grid.monthly else {
            continue;
        };
        for (key, factor) in &monthly.factors {
            let pointer = format!("{at}/grid/monthly/factors/{}", escape_key(key));
            let month = parse_month(key);
            // A factor no day of the reporting period falls in is never used: the months
            // without one take the annual factor, so a wrong year is a silent fallback.
            let outside = month.is_some_and(|(year, month)| {
                (year, month) < (reporting.start.year(), reporting.start.month())
                    || (year, month) > (reporting.end.year(), reporting.end.month())
            });
            if outside && reporting.start <= reporting.end {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "the factor for {key} lies outside the reporting period {} to {}, and is not used",
                            reporting.start, reporting.end
                        ),
                    )
                    .at(pointer.clone())
                    .help("check the month's year; the months of the period without a factor take the annual one"),
                );
            }
            if month.is_none() {
                out.push(
                    Diagnostic::error(RULE.code, format!("`{key}` is not a month"))
                        .at(pointer)
                        .help("write months as YYYY-MM, e.g. 2026-01"),
                );
            } else if !(factor.g_per_kwh().is_finite() && factor.g_per_kwh() >= 0.0) {
                out.push(
                    Diagnostic::error(RULE.code, "the monthly factor is negative or not finite")
                        .at(pointer)
                        .help("write the month's average emission factor, e.g. 380 gCO2e/kWh"),
                );
            }
        }
    }
    ordered(out, reporting, "/reporting_period");
    for (i, m) in d.measurements.iter().enumerate() {
        let Some(period) = m.period else { continue };
        let pointer = format!("/measurements/{i}/period");
        if ordered(out, period, &pointer)
            && reporting.start <= reporting.end
            && !reporting.contains(period)
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "the measured period {} to {} is not inside the reporting period {} to {}",
                        period.start, period.end, reporting.start, reporting.end
                    ),
                )
                .at(pointer)
                .help("report only the energy used inside the reporting period; split the measurement at its edges"),
            );
        }
    }
}

/// Reports a period that ends before it starts; true when the period is ordered.
fn ordered(out: &mut Vec<Diagnostic>, period: Period, pointer: &str) -> bool {
    if period.start <= period.end {
        return true;
    }
    out.push(
        Diagnostic::error(
            RULE.code,
            format!(
                "the period ends ({}) before it starts ({})",
                period.end, period.start
            ),
        )
        .at(format!("{pointer}/end"))
        .help("swap `start` and `end`, or correct the date"),
    );
    false
}
