//! The wording of environmental claims that Directive (EU) 2024/825 (business-to-consumer
//! commercial practices) lists as banned, found however it is written: case, hyphens, spaces,
//! diacritics, CO2 or CO₂, in the EU's main languages.
//!
//! The terms are data, each with its class and its source. The English terms of the generic
//! class are those recital 9 of the Directive gives as examples; the neutral-or-positive
//! impact class follows Annex I, point 4c and recital 12. The other languages are wattprint's
//! translations of the same terms, as those languages commonly write them in claims: they are
//! marked so, and are not quoted from the Directive's language versions.

/// What a term claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A generic environmental claim (Annex I, point 4a): banned unless recognised excellent
    /// environmental performance is shown.
    Generic,
    /// A claim of a neutral, reduced or positive impact on the environment (Annex I, point 4c
    /// where it rests on offsetting; avoided emissions cannot support it either, since the
    /// WBCSD Guidance on Avoided Emissions keeps them apart from the inventory).
    Impact,
}

/// A term and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The term as a claim writes it.
    pub text: &'static str,
    /// What it claims.
    pub class: Class,
    /// Its languages (ISO 639-1), where more than one writes it the same way.
    pub language: &'static str,
    /// Where it comes from.
    pub source: &'static str,
}

/// Recital 9's examples of generic claims (as recalled from the English text; not checked
/// against the Official Journal in this repository).
const RECITAL_9: &str = "Directive (EU) 2024/825, recital 9 (examples of generic claims)";
/// Annex I, point 4c and recital 12 on claims of neutral, reduced or positive impact.
const POINT_4C: &str = "Directive (EU) 2024/825, Annex I, point 4c and recital 12";
/// A term common in claims of the class, not listed in the Directive.
const COMMON: &str = "wattprint: a common form of the class, not listed in the Directive";
/// A translation of a listed term, not quoted from the Directive's language version.
const TRANSLATION: &str =
    "wattprint's translation of a listed term, not quoted from the Directive's language version";

const fn term(
    text: &'static str,
    class: Class,
    language: &'static str,
    source: &'static str,
) -> Term {
    Term {
        text,
        class,
        language,
        source,
    }
}

use Class::{Generic, Impact};

/// Every term, by language.
pub const TERMS: &[Term] = &[
    term("environmentally friendly", Generic, "en", RECITAL_9),
    term("eco-friendly", Generic, "en", RECITAL_9),
    term("green", Generic, "en", RECITAL_9),
    term("nature's friend", Generic, "en", RECITAL_9),
    term("ecological", Generic, "en", RECITAL_9),
    term("environmentally correct", Generic, "en", RECITAL_9),
    term("climate friendly", Generic, "en", RECITAL_9),
    term("gentle on the environment", Generic, "en", RECITAL_9),
    term("carbon friendly", Generic, "en", RECITAL_9),
    term("energy efficient", Generic, "en", RECITAL_9),
    term("biodegradable", Generic, "en", RECITAL_9),
    term("biobased", Generic, "en", RECITAL_9),
    term("sustainable", Generic, "en", COMMON),
    term("save the planet", Generic, "en", COMMON),
    term("saves the planet", Generic, "en", COMMON),
    term("carbon neutral", Impact, "en", POINT_4C),
    term("climate neutral", Impact, "en", POINT_4C),
    term("CO2 neutral", Impact, "en", POINT_4C),
    term("carbon positive", Impact, "en", POINT_4C),
    term("climate positive", Impact, "en", COMMON),
    term("net zero", Impact, "en", POINT_4C),
    term("climate net zero", Impact, "en", POINT_4C),
    term("climate compensated", Impact, "en", POINT_4C),
    term("reduced CO2 impact", Impact, "en", POINT_4C),
    term("net positive", Impact, "en", COMMON),
    term("carbon negative", Impact, "en", COMMON),
    term("umweltfreundlich", Generic, "de", TRANSLATION),
    term("ökologisch", Generic, "de", TRANSLATION),
    term("grün", Generic, "de", TRANSLATION),
    term("klimafreundlich", Generic, "de", TRANSLATION),
    term("nachhaltig", Generic, "de", TRANSLATION),
    term("klimaneutral", Impact, "de", TRANSLATION),
    term("treibhausgasneutral", Impact, "de", TRANSLATION),
    term("klimapositiv", Impact, "de", TRANSLATION),
    term("netto null", Impact, "de", TRANSLATION),
    term("respectueux de l'environnement", Generic, "fr", TRANSLATION),
    term("écologique", Generic, "fr", TRANSLATION),
    term("bon pour le climat", Generic, "fr", TRANSLATION),
    term("neutre en carbone", Impact, "fr", TRANSLATION),
    term("neutre pour le climat", Impact, "fr", TRANSLATION),
    term("climatiquement neutre", Impact, "fr", TRANSLATION),
    term("neutre en CO2", Impact, "fr", TRANSLATION),
    term("zéro émission nette", Impact, "fr", TRANSLATION),
    term(
        "respetuoso con el medio ambiente",
        Generic,
        "es",
        TRANSLATION,
    ),
    term("ecológico", Generic, "es, it", TRANSLATION),
    term("sostenible", Generic, "es", TRANSLATION),
    term("neutro en carbono", Impact, "es", TRANSLATION),
    term("climáticamente neutro", Impact, "es, it", TRANSLATION),
    term("neutral en carbono", Impact, "es", TRANSLATION),
    term("cero emisiones netas", Impact, "es", TRANSLATION),
    term("rispettoso dell'ambiente", Generic, "it", TRANSLATION),
    term("sostenibile", Generic, "it", TRANSLATION),
    term("a impatto zero", Impact, "it", TRANSLATION),
    term("emissioni nette zero", Impact, "it", TRANSLATION),
    term("milieuvriendelijk", Generic, "nl", TRANSLATION),
    term("duurzaam", Generic, "nl", TRANSLATION),
    term("klimaatneutraal", Impact, "nl", TRANSLATION),
    term("CO2-neutraal", Impact, "nl", TRANSLATION),
    term("klimaatpositief", Impact, "nl", TRANSLATION),
    term("przyjazny dla środowiska", Generic, "pl", TRANSLATION),
    term("ekologiczny", Generic, "pl", TRANSLATION),
    term("zrównoważony", Generic, "pl", TRANSLATION),
    term("neutralny klimatycznie", Impact, "pl", TRANSLATION),
    term("neutralny węglowo", Impact, "pl", TRANSLATION),
    term("zeroemisyjny", Impact, "pl", TRANSLATION),
];

/// `text` as terms are compared: lower case, without diacritics, `CO₂` as `co2`, and hyphens,
/// dashes, underscores and runs of white space as one space.
#[must_use]
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ů' => "u",
            'ý' | 'ÿ' => "y",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' => "l",
            'ß' => "ss",
            '₂' | '²' => "2",
            '’' | '‘' | '`' => "'",
            '-' | '‐' | '‑' | '–' | '—' | '_' | '/' => " ",
            c if c.is_whitespace() => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        if !(plain == " " && out.ends_with(' ')) {
            out.push_str(plain);
        }
    }
    out.trim().to_owned()
}

/// The terms `statement` uses, as whole words, in the order of [`TERMS`].
#[must_use]
pub fn terms_in(statement: &str) -> Vec<&'static Term> {
    let text = normalise(statement);
    TERMS
        .iter()
        .filter(|t| {
            let term = normalise(t.text);
            text.match_indices(&term).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + term.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(statement: &str) -> Vec<&'static str> {
        terms_in(statement).iter().map(|t| t.text).collect()
    }

    #[test]
    fn every_term_is_found_however_it_is_written() {
        for t in TERMS {
            assert!(found(t.text).contains(&t.text), "{}", t.text);
            assert!(
                found(&t.text.to_uppercase()).contains(&t.text),
                "{}",
                t.text
            );
            let spaced = t.text.replace('-', " ");
            assert!(found(&spaced).contains(&t.text), "{spaced}");
            assert!(!t.source.is_empty() && t.language.len() >= 2, "{}", t.text);
        }
    }

    #[test]
    fn no_two_terms_are_written_alike() {
        let mut seen: Vec<String> = TERMS.iter().map(|t| normalise(t.text)).collect();
        seen.sort();
        let all = seen.len();
        seen.dedup();
        assert_eq!(seen.len(), all);
    }

    #[test]
    fn the_textbook_claims_are_found() {
        // Issue 19's example, and its variants.
        assert_eq!(
            found("RouteWise is CO2-neutral and climate-positive."),
            vec!["CO2 neutral", "climate positive"]
        );
        assert!(found("carbon‑neutral since 2025").contains(&"carbon neutral"));
        assert!(found("CO₂ neutral").contains(&"CO2 neutral"));
        assert!(found("Klimaneutral und umweltfreundlich").contains(&"klimaneutral"));
        assert!(found("Klimaneutral und umweltfreundlich").contains(&"umweltfreundlich"));
        assert!(found("Net Positive for the planet").contains(&"net positive"));
        assert!(found("ecologico e sostenibile").contains(&"sostenibile"));
        assert!(found("climaticamente neutro").contains(&"climáticamente neutro"));
        assert!(found("climáticamente neutro").contains(&"climáticamente neutro"));
    }

    #[test]
    fn words_inside_other_words_are_not_terms() {
        assert!(found("greenhouse gases avoided: 358 t").is_empty());
        assert!(
            found("avoiding about 300 tonnes of CO2e, measured against manual planning").is_empty()
        );
    }
}
