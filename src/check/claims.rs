//! `claim`: a net-positive claim is supported by its own assessment, and its shares can be.

use super::Rule;
use crate::compute::Results;
use crate::compute::claims::Verdict;
use crate::compute::stated::number;
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
/// in kgCO2e, and the product as written (`248 km × 0.25 kgCO2e/km`); `None` for any other
/// basis, which wattprint does not read rather than read wrong (helper 71 found years, ranges,
/// factors per 100 km and trailing corrections read as the product). Read only: one number
/// on the left of `×` (or ` x `, `*`) with its unit word after it; on the right, first, a
/// number and a mass of `CO2e` (kg, g, t) per that same unit word; after it nothing with a
/// figure in it outside parentheses. A number that may group thousands or mark decimals
/// (`1.200`, `1,200`) is not read either.
fn basis_product(basis: &str) -> Option<(f64, String)> {
    let text = basis.replace('₂', "2").replace(" x ", " × ");
    if text.matches(['×', '*']).count() != 1 || says_arithmetic(&text) {
        return None;
    }
    let (left, right) = text.split_once(['×', '*'])?;
    if left.contains('/') {
        return None;
    }
    let (activity, activity_written, unit) = activity(left)?;
    let right = right.trim_start();
    let (factor, factor_end) = leading_number(right)?;
    let (scale, per, unit_end) = per_unit(right, factor_end)?;
    let rest = &right[unit_end..];
    if per != unit || !aside(rest) {
        return None;
    }
    let product = activity * factor * scale;
    product.is_finite().then(|| {
        (
            product,
            format!(
                "{activity_written} {unit} × {}",
                right[..unit_end].trim_end()
            ),
        )
    })
}

/// The activity: the one word of `left` with a digit in it, a number, and the unit word
/// attached to it or after it (`248 km`, `24.8L`); its value, its number as written, its unit.
fn activity(left: &str) -> Option<(f64, &str, &str)> {
    let words: Vec<&str> = left.split_whitespace().collect();
    let mut numbered = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.contains(|c: char| c.is_ascii_digit()));
    let (at, word) = numbered.next()?;
    if numbered.next().is_some() {
        return None;
    }
    let word = word.trim_start_matches('(');
    let (value, end) = leading_number(word)?;
    let unit = if end < word.len() {
        &word[end..]
    } else {
        words.get(at + 1).copied()?
    };
    let unit = unit.trim_end_matches([',', ';', ':', ')']);
    let is_word = !unit.is_empty() && unit.chars().all(|c| c.is_alphabetic() || c == '-');
    is_word.then_some((value, &word[..end], unit))
}

/// The number `text` starts with, unless it may be read two ways, and where it ends.
fn leading_number(text: &str) -> Option<(f64, usize)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
        .unwrap_or(text.len());
    let written = &text[..end];
    let after = written.rfind(['.', ',']).map(|at| &written[at + 1..]);
    let ambiguous = after.is_some_and(|a| a.len() == 3) && !written.starts_with('0');
    // One mark at most, between digits: `1,200,` or `2.4.8` is no number to guess at.
    if written.matches(['.', ',']).count() > 1 || after.is_some_and(str::is_empty) || ambiguous {
        return None;
    }
    Some((number(written)?, end))
}

/// The unit after a factor's number, from byte `from` of `right`: a mass of `CO2e` per a unit
/// word (`kgCO2e/km`, `g CO2e per km`, `t CO2-eq/t-km`): the mass's size in kg, the unit word,
/// and where the unit ends.
fn per_unit(right: &str, from: usize) -> Option<(f64, &str, usize)> {
    let lower = right.to_ascii_lowercase();
    // The byte after the spaces from `at` on.
    let past_spaces = |at: usize| lower.len() - lower[at..].trim_start().len();
    let mut at = past_spaces(from);
    let (mass, scale) = [("kg", 1.0), ("g", 1e-3), ("t", 1e3)]
        .into_iter()
        .find(|(mass, _)| lower[at..].starts_with(mass))?;
    at = past_spaces(at + mass.len());
    let gas = ["co2-eq", "co2eq", "co2e", "co2"]
        .into_iter()
        .find(|gas| lower[at..].starts_with(gas))?;
    at = past_spaces(at + gas.len());
    let per = ["/", "per "]
        .into_iter()
        .find(|per| lower[at..].starts_with(per))?;
    at = past_spaces(at + per.len());
    let length = lower[at..]
        .find(|c: char| !(c.is_alphabetic() || c == '-'))
        .unwrap_or(lower.len() - at);
    let per = &right[at..at + length];
    // The unit ends at a space or a mark: `km²` is no `km`.
    let ends = right[at + length..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || ",;.)".contains(c));
    (!per.is_empty() && ends).then_some((scale, per, at + length))
}

/// Whether `rest`, the text after a factor's unit, leaves the product as it is: no figure and
/// no sign outside parentheses (`per route`, `(DEFRA 2025 factor)`).
fn aside(rest: &str) -> bool {
    let mut depth = 0_u32;
    for c in rest.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_ascii_digit() || "-/".contains(c) => return false,
            _ => {}
        }
    }
    true
}

/// Whether `text` does arithmetic beside its one product, in parentheses too: a sign (`+`,
/// `−`, `÷`, `%`, `=`, a dash or `x` standing alone), or a word that scales a figure
/// (helper 72: "(+3 kgCO2e loading)", "(× 1.1 uplift)", "doubled" and "248 km ÷ two" were
/// read as the bare product).
fn says_arithmetic(text: &str) -> bool {
    const SIGNS: &[char] = &[
        '+', '−', '–', '—', '÷', '%', '=', '≈', '~', '·', '⋅', '✕', '±',
    ];
    const WORDS: &[&str] = &[
        "twice", "double", "doubled", "half", "halved", "triple", "tripled", "times", "plus",
        "minus", "less", "both", "each", "cent", "percent", "one", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "dozen", "hundred", "thousand", "million",
    ];
    text.contains(SIGNS)
        || text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(str::to_lowercase)
            .any(|word| {
                word == "-"
                    || word == "x"
                    || (word.len() > 1
                        && word.starts_with('x')
                        && word[1..].chars().all(|c| c.is_ascii_digit()))
                    || WORDS.contains(&word.as_str())
            })
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
        assert_eq!(written, "248 km × 0.25 kgCO2e/km");
        // 1200 km × 180 g CO₂e per km = 216 kgCO2e; 24.8 L × 2,5 kgCO2e/L = 62 kgCO2e; 3.1
        // t-km × 0,02 t CO2-eq/t-km = 62 kgCO2e.
        for (basis, expected) in [
            ("1200 km * 180 g CO₂e per km", 216.0),
            ("24.8 L diesel x 2,5 kgCO2e/L", 62.0),
            ("3.1 t-km × 0,02 t CO2-eq/t-km, road freight", 62.0),
            ("about 248km × 0.25kgCO2e/km", 62.0),
        ] {
            let (kg, _) = basis_product(basis).unwrap_or_else(|| panic!("{basis}"));
            assert!((kg - expected).abs() < 1e-9, "{basis}: {kg}");
        }
    }

    #[test]
    fn any_other_basis_is_left_unread() {
        // Helper 71's wrong readings of 2026-12-03 among them.
        for basis in [
            "fuel cards, 60 vans, 248 km per route × 0.25 kgCO2e/km",
            "248 km × 0.25 kgCO2e/km + 3 kgCO2e loading",
            "248 km × 0.25 kgCO2e/km − 3 kgCO2e backhaul credit",
            "248 km × 0.25 kgCO2e/km / 2 vans sharing",
            "248 km × 0.25 kgCO2e/km for 2 vans",
            "248 km × 0.25 × 1.1",
            "248 km × 0.25 L/km",
            "248 km × 25 kgCO2e/100 km",
            "248 km × 0.25 tCO2e/1000 km",
            "6.8 MWh × 400 gCO2e/kWh",
            "248000 m × 0.25 kgCO2e/km",
            "1.200 km × 0,05 kgCO2e/km",
            "1,200 km × 0.05 kgCO2e/km",
            "2.48e2 km × 0.25 kgCO2e/km",
            "240–250 km × 0.25 kgCO2e/km",
            "25 % × 248 kgCO2e",
            "route length from 2025 telematics × 0.25 kgCO2e/km",
            "248 km × DEFRA 2025 kgCO2e/km factor",
            "metered, see pilot report",
            "248 km per route",
            // Helper 72's, after the first mend.
            "248 km × 0.25 kgCO2e/km (+3 kgCO2e loading)",
            "248 km × 0.25 kgCO2e/km (x 2 legs)",
            "248 km × 0.25 kgCO2e/km (x2 vans)",
            "248 km × 0.25 kgCO2e/km (less 10 % rebound)",
            "248 km × 0.25 kgCO2e/km, doubled",
            "248 km / two vans × 0.25 kgCO2e/km",
            "twice 248 km × 0.25 kgCO2e/km",
            "1,200, km × 0.05 kgCO2e/km",
            "2.4.8 km × 0.25 kgCO2e/km",
            "248 Mm × 0.25 kgCO2e/mm",
            "248 km × 0.25 kgCO2e/km²",
            "248 km × 0.25 kgCO2e/km = 62 kgCO2e",
            "×",
            "248 km ×",
        ] {
            assert_eq!(basis_product(basis), None, "{basis}");
        }
    }
}
