//! `scenario`: a scenario's levers name what exists and shares that can be.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Lever, Scenario};

pub static RULE: Rule = Rule {
    code: "scenario",
    summary: "a scenario's levers name existing measurements, sites and counted units, with shares from 0 to 1",
    why: "A lever acts on the disclosed baseline: it can only move traffic that a measurement counts, to a site the disclosure describes, and no more than all of it.",
    example: "right_size: { measurement: inference-h1, share: 1.4, … }; fix: share: 0.4",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for (s, scenario) in d.scenarios.iter().enumerate() {
        if seen.contains(&scenario.id.as_str()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("scenario `{}` is defined twice", scenario.id),
                )
                .at(format!("/scenarios/{s}/id"))
                .help("give each scenario its own id"),
            );
        }
        seen.push(&scenario.id);
        for (l, lever) in scenario.levers.iter().enumerate() {
            check_lever(
                d,
                scenario,
                lever,
                &format!("/scenarios/{s}/levers/{l}"),
                out,
            );
        }
    }
}

fn check_lever(
    d: &Disclosure,
    scenario: &Scenario,
    lever: &Lever,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (kind, measurement, share, unit) = match lever {
        Lever::RightSize(r) => (
            "right_size",
            &r.measurement,
            Some(r.share),
            Some(&r.energy_per_unit.unit),
        ),
        Lever::Route(r) => (
            "route",
            &r.measurement,
            Some(r.share),
            Some(&r.energy_per_unit.unit),
        ),
        Lever::Relocate(r) => ("relocate", &r.measurement, None, None),
        Lever::Shift(r) => ("shift", &r.measurement, Some(r.share), None),
    };
    let at = format!("{at}/{kind}");
    let Some(m) = d.measurements.iter().find(|m| &m.id == measurement) else {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("no measurement is called `{measurement}`"),
            )
            .at(format!("{at}/measurement"))
            .help("name one of the disclosure's `measurements[].id`"),
        );
        return;
    };
    if let Some(share) = share
        && !(0.0..=1.0).contains(&share)
    {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("a share of {share} is not between 0 and 1"),
            )
            .at(format!("{at}/share"))
            .help("write the share of the measurement's units the lever moves, e.g. 0.4"),
        );
    }
    if let Some(unit) = unit
        && !m.workload.contains_key(unit.as_str())
    {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("measurement `{measurement}` counts no `{unit}` in its workload"),
            )
            .at(format!("{at}/energy_per_unit/unit"))
            .help("use a functional unit the measurement's `workload` counts"),
        );
    }
    if let Lever::Shift(r) = lever {
        whole_hours(r, &at, out);
    }
    if let Lever::Relocate(r) = lever {
        relocation(d, scenario, m, r, &at, out);
    }
}

/// A relocation's target is a site, other than the one the measurement is at, and one that
/// accounts for facility overhead as its origin does.
fn relocation(
    d: &Disclosure,
    scenario: &Scenario,
    m: &crate::model::Measurement,
    r: &crate::model::Relocate,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !d
        .sites
        .iter()
        .chain(&scenario.sites)
        .any(|s| s.id == r.site)
    {
        out.push(
            Diagnostic::error(RULE.code, format!("no site is called `{}`", r.site))
                .at(format!("{at}/site"))
                .help("describe the target site under the scenario's `sites:` (a cloud `region:` gives its factors)"),
        );
    } else if let Some((with, without)) = pue_on_one_side(d, scenario, &m.site, &r.site)
        // A meter that saw the overhead, at a site with no PUE to take it out, keeps it.
        && !(with == r.site.as_str()
            && m.boundary.contains(&crate::model::BoundaryPart::Facility))
        // The saving compares where the measurement was with where it ends: one lever of a
        // chain through a site without a PUE is not it (helper 75).
        && last_relocation(scenario, r)
    {
        // Helper 74 (2026-12-03): a target that states no PUE dropped the overhead, and the
        // whole of it read as the relocation's saving.
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "`{with}` states a PUE and `{without}` none, so the moved energy {}",
                    if with == m.site.as_str() {
                        "drops its facility overhead, and the saving counts that overhead as saved"
                    } else {
                        "takes on a facility overhead the baseline did not count, and the saving counts it as added"
                    }
                ),
            )
            .at(format!("{at}/site"))
            .help(format!(
                "give `{without}` its PUE (the operator's report; a cloud `region:` gives one), or 1 where its meters include the overhead"
            )),
        );
    } else if r.site == m.site {
        // A warning, not an error: an earlier lever of the scenario may have moved it away.
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "`{}` is measured at `{}` already: relocating it there changes nothing",
                    m.id, r.site
                ),
            )
            .at(format!("{at}/site"))
            .help("name the site the workload would move to"),
        );
    }
}

/// The site that states a PUE and the one that states none, of a relocation `from` one `to`
/// another; `None` where both or neither state one (or a site is not found).
fn pue_on_one_side<'a>(
    d: &'a Disclosure,
    scenario: &'a Scenario,
    from: &'a str,
    to: &'a str,
) -> Option<(&'a str, &'a str)> {
    let find = |id: &str| d.sites.iter().chain(&scenario.sites).find(|s| s.id == id);
    match (find(from)?.pue.is_some(), find(to)?.pue.is_some()) {
        (true, false) => Some((from, to)),
        (false, true) => Some((to, from)),
        _ => None,
    }
}

/// Energy moves between whole hours, so a shift's window is a whole number of them (an attack
/// of 2026-12-03, helper 73: 90 min was computed as 2 h and described as 1.5 h).
fn whole_hours(shift: &crate::model::ShiftLever, at: &str, out: &mut Vec<Diagnostic>) {
    let hours = shift.window.hours();
    let wrong = if hours < 1.0 {
        "is shorter than an hour"
    } else if hours.fract() != 0.0 {
        "is not a whole number of hours"
    } else {
        return;
    };
    out.push(
        Diagnostic::error(
            RULE.code,
            format!(
                "a window of {} h {wrong}",
                crate::text::number::plain(hours)
            ),
        )
        .at(format!("{at}/window"))
        .help("energy moves between whole hours of the hourly files: write the window in whole hours, e.g. 2 h or 24 h"),
    );
}

/// Whether `r` is the last lever of `scenario` that relocates its measurement.
fn last_relocation(scenario: &Scenario, r: &crate::model::Relocate) -> bool {
    scenario
        .levers
        .iter()
        .rev()
        .find_map(|lever| match lever {
            Lever::Relocate(other) if other.measurement == r.measurement => Some(other),
            _ => None,
        })
        .is_some_and(|last| std::ptr::eq(last, r))
}
