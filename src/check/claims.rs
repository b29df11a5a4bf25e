//! `claim`: a net-positive claim is supported by its own assessment, and its shares can be.

use super::Rule;
use crate::compute::Results;
use crate::compute::claims::Verdict;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "claim",
    summary: "a net-positive claim's statement is supported by its assessment (warning), its shares lie between 0 and 1, and a scenario's basis written as one product gives its figure (warning)",
    why: "Directive (EU) 2024/825 (business-to-consumer commercial practices) bans generic environmental claims and claims of neutral, reduced or positive impact based on offsetting; the WBCSD Guidance on Avoided Emissions (2023) sets three eligibility gates (§4) and assesses avoided emissions in five steps (§5.2), the solution's life cycle, and so the AI system's own footprint, among them. wattprint screens a claim against these and its own stated policies; the result is not a legal conclusion.",
    example: "statement: \"EcoChat saves the planet\" with offsets; fix: state the avoided emissions a measured pilot supports, without offsets",
    check,
};

fn check(d: &Disclosure, results: &Results, out: &mut Vec<Diagnostic>) {
    let inventory = d
        .organisation
        .climate_action
        .as_ref()
        .and_then(|a| a.inventory.as_ref());
    if let Some(inventory) = inventory {
        for (k, scope) in inventory.scopes.iter().enumerate() {
            if !(1..=3).contains(scope) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("Scope {scope} is not a GHG Protocol scope"),
                    )
                    .at(format!("/organisation/climate_action/inventory/scopes/{k}"))
                    .help("list the scopes the inventory covers, from 1, 2 and 3"),
                );
            }
        }
    }
    let mut assessable = vec![true; d.claims.len()];
    for (i, claim) in d.claims.iter().enumerate() {
        if !(0.0..=1.0).contains(&claim.attribution.share) {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "an attribution share of {} is not between 0 and 1",
                        claim.attribution.share
                    ),
                )
                .at(format!("/claims/{i}/attribution/share"))
                .help(
                    "write the share of the avoided emissions the organisation may claim, e.g. 0.5",
                ),
            );
        }
        if !(claim.volume.is_finite() && claim.volume >= 0.0) {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    "the volume is not a number of units of at least 0",
                )
                .at(format!("/claims/{i}/volume"))
                .help("write the units delivered over the reporting period"),
            );
        }
    }
    for (i, claim) in d.claims.iter().enumerate() {
        for (side, scenario) in [
            ("reference", &claim.reference),
            ("solution", &claim.solution),
        ] {
            disagreeing_basis(scenario, &format!("/claims/{i}/{side}/basis"), out);
        }
    }
    // Fail closed where the arithmetic leaves the numbers (the bounds of rule `plausible` keep
    // it within them): a step that is no number passes no criterion.
    for (i, assessed) in results.claims.iter().enumerate() {
        if assessable.get(i).copied().unwrap_or(false)
            && let Some(step) = assessed.steps.iter().find(|s| !s.value.is_finite())
        {
            assessable[i] = false;
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the claim's {} is no finite number", step.label),
                )
                .at(format!("/claims/{i}/volume"))
                .help("check `volume` and the scenarios' `emissions_per_unit`: their product is beyond what a number holds"),
            );
        }
    }
    // A verdict on a claim whose share or volume is out of range would judge numbers that
    // mean nothing: that claim has its finding already.
    let claims = results
        .claims
        .iter()
        .enumerate()
        .filter(|(i, _)| assessable.get(*i).copied().unwrap_or(false));
    for (i, assessed) in claims {
        if assessed.verdict == Verdict::MeetsCriteria {
            continue;
        }
        let reasons: Vec<String> = assessed
            .criteria
            .iter()
            .filter(|c| assessed.decided_by.contains(&c.id))
            .map(|c| format!("{}: {}", c.id, c.reason))
            .collect();
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "the statement {}: {}",
                    assessed.verdict.label(),
                    reasons.join("; ")
                ),
            )
            .at(format!("/claims/{i}/statement"))
            .help("publish only a statement that meets the criteria; `wattprint report FILE -t net-positive` shows each criterion, its source and its reason"),
        );
    }
}

/// Warns where `scenario`'s basis is one product of an activity and an emission factor
/// ("248 km per route × 0.25 kgCO2e/km") that does not give its `emissions_per_unit` to within
/// 1 % (a figure rounded to three digits): one of the two is wrong, and the assessment reads
/// the figure (helper 67's audit of 2026-12-03: the basis was shown and never checked).
fn disagreeing_basis(scenario: &crate::model::ClaimScenario, at: &str, out: &mut Vec<Diagnostic>) {
    let Some((product, written)) = scenario.basis.as_deref().and_then(basis_product) else {
        return;
    };
    let stated = scenario.emissions_per_unit.value.kg();
    if (product - stated).abs() <= 0.01 * product.abs().max(stated.abs()) {
        return;
    }
    let kg = |value: f64| format!("{} kgCO2e", crate::text::number::format(value));
    out.push(
        Diagnostic::warning(
            RULE.code,
            format!(
                "the basis works out to {written} = {}, and `emissions_per_unit` states {}",
                kg(product),
                kg(stated)
            ),
        )
        .at(at)
        .help("correct the figure or the basis: the assessment reads the figure, and the report prints both"),
    );
}

/// What a basis written as one product of an activity and an emission factor works out to,
/// in kgCO2e, and the product as written (`248 × 0.25 kgCO2e/km`): one number on the left of
/// `×` (or `x`, `*`), and a number on the right followed by a unit of `CO2e` per something.
/// `None` for any other basis (a sum, a chain, an activity of two numbers), which wattprint
/// does not read rather than read wrong.
fn basis_product(basis: &str) -> Option<(f64, String)> {
    let text = basis.replace('₂', "2").replace(" x ", " × ");
    let (left, right) = text.split_once(['×', '*'])?;
    if right.contains(['×', '*', '+']) || left.contains('+') {
        return None;
    }
    let left: Vec<(&str, &str)> = left.split_whitespace().filter_map(number_in).collect();
    let [(activity, _)] = left[..] else {
        return None;
    };
    let mut words = right.split_whitespace();
    let (factor, attached) = words.by_ref().find_map(number_in)?;
    // The unit: attached to the number, or the words after it ("0.25 kg CO2e/km").
    let unit = if attached.is_empty() {
        let first = words.next().unwrap_or_default();
        match words.next() {
            Some(gas)
                if !first.to_lowercase().contains("co2")
                    && gas.to_lowercase().starts_with("co2") =>
            {
                format!("{first} {gas}")
            }
            _ => first.to_owned(),
        }
    } else {
        attached.to_owned()
    };
    let scale = [("kgco2", 1.0), ("gco2", 1e-3), ("tco2", 1e3)]
        .into_iter()
        .find(|(prefix, _)| unit.to_lowercase().replace(' ', "").starts_with(prefix))?
        .1;
    let product = number(activity)? * number(factor)? * scale;
    Some((product, format!("{activity} × {factor} {unit}")))
}

/// The number a word starts with, as written, and the rest of the word (`0.25kgCO2e/km`).
fn number_in(word: &str) -> Option<(&str, &str)> {
    let word = word.trim_start_matches('(');
    let end = word
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
        .unwrap_or(word.len());
    let (digits, rest) = word.split_at(end);
    let digits = digits.trim_end_matches([',', '.']);
    number(digits).map(|_| (digits, rest))
}

/// A number written with `.` or `,` for decimals, or `,` grouping thousands (`1,200`).
fn number(text: &str) -> Option<f64> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let grouped = text.split(',').skip(1).all(|group| group.len() == 3) && !text.contains('.');
    let plain = if text.contains('.') || grouped {
        text.replace(',', "")
    } else {
        text.replace(',', ".")
    };
    plain.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_basis_of_one_product_is_read() {
        // examples/claim-routing.yaml: 248 km × 0.25 kgCO2e/km = 62 kgCO2e (hand calculation).
        let (kg, written) =
            basis_product("248 km per route × 0.25 kgCO2e/km (diesel van, DEFRA 2025 factor)")
                .unwrap();
        assert!((kg - 62.0).abs() < 1e-9);
        assert_eq!(written, "248 × 0.25 kgCO2e/km");
        // 1,200 km × 180 g CO₂e/km = 216 kgCO2e; 24.8 L x 2,5 kgCO2e/L = 62 kgCO2e.
        let (kg, _) = basis_product("1,200 km * 180 g CO₂e/km").unwrap();
        assert!((kg - 216.0).abs() < 1e-9);
        let (kg, _) = basis_product("24.8 L diesel x 2,5 kgCO2e/L").unwrap();
        assert!((kg - 62.0).abs() < 1e-9);
    }

    #[test]
    fn any_other_basis_is_left_unread() {
        for basis in [
            "fuel cards, 60 vans, 248 km per route × 0.25 kgCO2e/km",
            "248 km × 0.25 kgCO2e/km + 3 kgCO2e loading",
            "248 km × 0.25 × 1.1",
            "248 km × 0.25 L/km",
            "metered, see pilot report",
            "248 km per route",
        ] {
            assert_eq!(basis_product(basis), None, "{basis}");
        }
    }
}
