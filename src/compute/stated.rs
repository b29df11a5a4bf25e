//! The amounts of emissions a claim's statement names ("avoided about 3,000 tonnes",
//! "more than 1.2 kt `CO2e`", "6 kg `CO2e` per route"), read so that each can be held against the
//! figure the evidence gives.
//!
//! A statement is prose, so reading it is a heuristic: a number followed by a unit of mass
//! (tonnes, kilotonnes, kilograms, grams, in the seven languages the wording check knows),
//! with the words before it that bound it ("about", "more than", "up to"). Every mass a claim
//! names is taken as emissions: a figure that meant something else is then held against the
//! net impact too, which can only make the check stricter, never let a figure through.

use super::wording::normalise;

/// How a statement bounds the amount it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// "about 300 tonnes", or a bare "300 tonnes": the figure, to the digits it is written in.
    About,
    /// "more than 300 tonnes", "at least", "over": the figure is a floor.
    AtLeast,
}

/// An amount of emissions a statement names.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// The words it was read from, as the statement writes them (normalised).
    pub text: String,
    /// The amount, kgCO2e.
    pub kg: f64,
    /// Half a unit of its last significant digit, kgCO2e: "300 tonnes" says 250 to 350.
    pub rounding: f64,
    /// How the statement bounds it.
    pub bound: Bound,
    /// Whether it is per functional unit ("6 kg per route") rather than over the period.
    pub per_unit: bool,
}

/// Units of mass as claims write them, with their size in kg.
const UNITS: &[(&str, f64)] = &[
    ("t", 1e3),
    ("tonne", 1e3),
    ("tonnes", 1e3),
    ("ton", 1e3),
    ("tons", 1e3),
    ("tonnen", 1e3),
    ("tonelada", 1e3),
    ("toneladas", 1e3),
    ("tonnellata", 1e3),
    ("tonnellate", 1e3),
    ("tony", 1e3),
    ("tonow", 1e3),
    ("kt", 1e6),
    ("kilotonne", 1e6),
    ("kilotonnes", 1e6),
    ("kiloton", 1e6),
    ("kilotons", 1e6),
    ("kilotonnen", 1e6),
    ("mt", 1e9),
    ("megatonne", 1e9),
    ("megatonnes", 1e9),
    ("megaton", 1e9),
    ("megatons", 1e9),
    ("kg", 1.0),
    ("kilogram", 1.0),
    ("kilograms", 1.0),
    ("kilogramm", 1.0),
    ("kilogramme", 1.0),
    ("kilogrammes", 1.0),
    ("kilogramos", 1.0),
    ("chilogrammi", 1.0),
    ("kilogramow", 1.0),
    ("g", 1e-3),
    ("gram", 1e-3),
    ("grams", 1e-3),
    ("gramm", 1e-3),
    ("gramme", 1e-3),
    ("grammes", 1e-3),
    ("gramos", 1e-3),
    ("grammi", 1e-3),
    ("gramow", 1e-3),
];

/// Words for a thousand and a million between a number and its unit ("1.2 million tonnes").
const MULTIPLIERS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("tausend", 1e3),
    ("mille", 1e3),
    ("mil", 1e3),
    ("mila", 1e3),
    ("duizend", 1e3),
    ("tys", 1e3),
    ("tysiecy", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("millionen", 1e6),
    ("mio", 1e6),
    ("millon", 1e6),
    ("millones", 1e6),
    ("milione", 1e6),
    ("milioni", 1e6),
    ("miljoen", 1e6),
    ("mln", 1e6),
    ("milion", 1e6),
    ("milionow", 1e6),
];

/// Words that make the figure after them a floor, as one or two normalised words.
const FLOORS: &[&str] = &[
    "more than",
    "over",
    "at least",
    "above",
    "exceeding",
    "in excess of",
    "mehr als",
    "uber",
    "mindestens",
    "plus de",
    "au moins",
    "mas de",
    "al menos",
    "piu di",
    "oltre",
    "almeno",
    "meer dan",
    "ruim",
    "minstens",
    "ponad",
    "co najmniej",
    "wiecej niz",
];

/// Words that make the figure after them an approximation, kept with it when it is quoted.
const ABOUT: &[&str] = &[
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "circa",
    "up to",
    "etwa",
    "rund",
    "ungefahr",
    "fast",
    "bis zu",
    "environ",
    "pres de",
    "presque",
    "jusqu'a",
    "aproximadamente",
    "cerca de",
    "casi",
    "hasta",
    "quasi",
    "fino a",
    "ongeveer",
    "bijna",
    "tot",
    "okolo",
    "prawie",
    "do",
];

/// Words after a unit that make the amount one per functional unit.
const PER: &[&str] = &[
    "per", "pro", "je", "par", "por", "each", "every", "ogni", "elke", "na",
];

/// Words that may sit between a unit and what follows it: the gas, "of", "equivalent".
const GAS: &[&str] = &[
    "co2",
    "co2e",
    "co2eq",
    "co2 eq",
    "of",
    "eq",
    "equivalent",
    "de",
    "an",
    "di",
    "van",
];

/// The amounts of emissions `statement` names, in the order it names them.
#[must_use]
pub fn amounts_in(statement: &str) -> Vec<Amount> {
    // "kgCO2e/route" is a figure per route; normalising would make the slash a space.
    let text = normalise(&statement.replace('/', " per "));
    let words: Vec<&str> = text
        .split(' ')
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | ';' | ':' | '!' | '?' | '"')))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((number, rounding, next)) = number_at(&words, i) else {
            i += 1;
            continue;
        };
        let mut j = next;
        let mut scale = 1.0;
        if let Some((_, m)) = words
            .get(j)
            .and_then(|w| MULTIPLIERS.iter().find(|(name, _)| name == &clean(w)))
        {
            scale = *m;
            j += 1;
            // "1,2 milioni di tonnellate", "1,2 millions de tonnes"
            if words
                .get(j)
                .is_some_and(|w| ["of", "de", "di", "van"].contains(w))
            {
                j += 1;
            }
        }
        let Some((kg, gas_attached)) = words.get(j).and_then(|w| unit(clean(w))) else {
            i = next;
            continue;
        };
        let mut k = j + 1;
        if !gas_attached {
            while words.get(k).is_some_and(|w| GAS.contains(&clean(w))) {
                k += 1;
            }
        }
        let per_unit = words.get(k).is_some_and(|w| PER.contains(&clean(w)));
        let size = scale * kg;
        let floor = starts(FLOORS, &words, i);
        out.push(Amount {
            text: words[floor.or_else(|| starts(ABOUT, &words, i)).unwrap_or(i)..=j].join(" "),
            kg: number * size,
            rounding: rounding * size,
            bound: if floor.is_some() {
                Bound::AtLeast
            } else {
                Bound::About
            },
            per_unit,
        });
        i = k.max(i + 1);
    }
    out
}

/// `word` without the punctuation a sentence puts after it.
fn clean(word: &str) -> &str {
    word.trim_end_matches(['.', ',', ';', ':'])
}

/// The size in kg of the unit `word` names, and whether the gas is written into it
/// (`tco2e`, `kgco2`).
fn unit(word: &str) -> Option<(f64, bool)> {
    let (mass, attached) = ["co2eq", "co2e", "co2"]
        .iter()
        .find_map(|gas| {
            word.strip_suffix(gas)
                .map(|m| (m.trim_end_matches('.'), true))
        })
        .unwrap_or((word, false));
    UNITS
        .iter()
        .find(|(name, _)| *name == mass)
        .map(|(_, kg)| (*kg, attached))
}

/// Where one of `phrases` begins that ends just before the figure at `i`, if one does.
fn starts(phrases: &[&str], words: &[&str], i: usize) -> Option<usize> {
    phrases.iter().find_map(|phrase| {
        let start = i.checked_sub(phrase.split(' ').count())?;
        (words[start..i].join(" ") == *phrase).then_some(start)
    })
}

/// The number written at `words[i]`, with half a unit of its last significant digit and the
/// index of the word after it. Spaces group thousands ("3 000"). Of `,` and `.`, where both
/// appear the last marks the decimals ("12.345,6"); where one appears more than once it
/// groups; where it appears once, it groups if exactly three digits follow it and the digits
/// before it do not start with 0 ("3,000" and "3.000" are three thousand), and otherwise
/// marks the decimals ("1,5", "0.125").
fn number_at(words: &[&str], i: usize) -> Option<(f64, f64, usize)> {
    let first = clean(words[i]).trim_start_matches('~');
    if !first.starts_with(|c: char| c.is_ascii_digit())
        || !first
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    {
        return None;
    }
    let mut written = first.to_owned();
    let mut next = i + 1;
    // "3 000 tonnes": groups of three digits after a short first group continue the number.
    if first.len() <= 3 && first.chars().all(|c| c.is_ascii_digit()) {
        while let Some(group) = words
            .get(next)
            .map(|w| clean(w))
            .filter(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        {
            written.push_str(group);
            next += 1;
        }
    }
    let last_mark = written.rfind([',', '.']);
    let decimal_at = last_mark.filter(|&at| {
        let mark = &written[at..=at];
        let other = if mark == "," { '.' } else { ',' };
        let both = written.contains(other);
        let once = written.matches(mark).count() == 1;
        let after = &written[at + 1..];
        let before = &written[..at];
        both || (once && (after.len() != 3 || before.starts_with('0')))
    });
    let (whole, decimals) = match decimal_at {
        Some(at) => (&written[..at], &written[at + 1..]),
        None => (written.as_str(), ""),
    };
    let digits: String = whole
        .chars()
        .chain(decimals.chars())
        .filter(char::is_ascii_digit)
        .collect();
    let places = i32::try_from(decimals.len()).ok()?;
    let value = digits.parse::<f64>().ok()? / 10f64.powi(places);
    let whole_digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    let zeros = if places > 0 || whole_digits.trim_start_matches('0').is_empty() {
        0
    } else {
        i32::try_from(whole_digits.len() - whole_digits.trim_end_matches('0').len()).ok()?
    };
    let last_digit = 10f64.powi(zeros - places);
    Some((value, last_digit / 2.0, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(statement: &str) -> Amount {
        let amounts = amounts_in(statement);
        assert_eq!(amounts.len(), 1, "{statement}: {amounts:?}");
        amounts[0].clone()
    }

    #[test]
    fn amounts_are_read_with_their_precision() {
        // "about 300 tonnes" is 3 × 10² t: 250 to 350 t.
        let a = one("avoiding about 300 tonnes of CO2e after our own footprint");
        assert!((a.kg - 300_000.0).abs() < 1e-6 && (a.rounding - 50_000.0).abs() < 1e-6);
        assert_eq!(a.bound, Bound::About);
        assert!(!a.per_unit);
        assert_eq!(a.text, "about 300 tonnes");
        // Issue 19's example: three thousand tonnes, grouped by a comma.
        let a = one("avoided about 3,000 tonnes");
        assert!((a.kg - 3e6).abs() < 1e-6 && (a.rounding - 5e5).abs() < 1e-6);
        // 313 t is written to the tonne: 312.5 to 313.5 t.
        let a = one("313 tCO2e avoided");
        assert!((a.kg - 313_000.0).abs() < 1e-6 && (a.rounding - 500.0).abs() < 1e-6);
    }

    #[test]
    fn separators_of_each_language_are_read() {
        for (statement, kg) in [
            ("3.000 Tonnen CO2e vermieden", 3e6),
            ("3 000 tonnes de CO2e évitées", 3e6),
            ("1,5 t CO2e", 1_500.0),
            ("1.5 kt CO₂e", 1.5e6),
            ("1,2 milioni di tonnellate di CO2", 1.2e9),
            ("1.2 million tonnes of CO2e", 1.2e9),
            ("250 kg CO2e", 250.0),
            ("12.345,6 kg", 12_345.6),
        ] {
            let a = one(statement);
            assert!((a.kg - kg).abs() < 1e-6 * kg, "{statement}: {a:?}");
        }
    }

    #[test]
    fn floors_and_per_unit_amounts_are_told_apart() {
        let a = one("more than 250 t CO2e");
        assert_eq!(a.bound, Bound::AtLeast);
        assert_eq!(a.text, "more than 250 t");
        assert_eq!(one("mindestens 250 Tonnen").bound, Bound::AtLeast);
        assert!(one("6 kg CO2e per route").per_unit);
        assert!(one("6 kgCO2e/route").per_unit);
        assert!(!one("6 kg CO2e in all").per_unit);
    }

    #[test]
    fn numbers_that_are_not_masses_are_left_alone() {
        assert!(
            amounts_in("In the first half of 2026, RouteWise shortened routes by 10 %").is_empty()
        );
        assert!(amounts_in("420 vans, 120,000 routes").is_empty());
    }
}
