//! Quantities with units: `41.2 MWh`, `380 gCO2e/kWh`, `2500 kgCO2e`, `5 years`.
//!
//! A quantity is written as a number followed by its unit, so that a reader of the YAML never
//! has to guess what `41.2` means. Each dimension is its own type, so an energy cannot be
//! passed where an emission factor is expected, and every value is held in one canonical unit
//! per dimension (kWh, kW, gCO2e/kWh, kgCO2e, hours). This module parses and checks; it does
//! not format for reports (that is `render`'s job).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer};

/// A physical dimension that wattprint knows units for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Energy; canonical unit kWh.
    Energy,
    /// Power; canonical unit kW.
    Power,
    /// Emission factor of electricity; canonical unit gCO2e/kWh.
    CarbonIntensity,
    /// Mass of greenhouse gases as CO2-equivalent; canonical unit kgCO2e.
    Emissions,
    /// Duration; canonical unit hours.
    Duration,
    /// Water used per unit of energy; canonical unit L/kWh.
    WaterIntensity,
    /// A volume of water; canonical unit L. Results only: no input is a volume.
    Volume,
    /// Emissions over time; canonical unit kgCO2e/day. Results only.
    EmissionRate,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 8] = [
        Dimension::Energy,
        Dimension::Power,
        Dimension::CarbonIntensity,
        Dimension::Emissions,
        Dimension::Duration,
        Dimension::WaterIntensity,
        Dimension::Volume,
        Dimension::EmissionRate,
    ];

    /// The noun used in messages, with its article ("an energy").
    #[must_use]
    pub fn with_article(self) -> &'static str {
        match self {
            Dimension::Energy => "an energy",
            Dimension::Power => "a power",
            Dimension::CarbonIntensity => "an emission factor",
            Dimension::Emissions => "an emissions mass",
            Dimension::Duration => "a duration",
            Dimension::WaterIntensity => "a water intensity",
            Dimension::Volume => "a volume",
            Dimension::EmissionRate => "an emission rate",
        }
    }

    /// A unit to suggest in messages and examples.
    #[must_use]
    pub fn example_unit(self) -> &'static str {
        match self {
            Dimension::Energy => "MWh",
            Dimension::Power => "kW",
            Dimension::CarbonIntensity => "gCO2e/kWh",
            Dimension::Emissions => "kgCO2e",
            Dimension::Duration => "years",
            Dimension::WaterIntensity => "L/kWh",
            Dimension::Volume => "L",
            Dimension::EmissionRate => "kgCO2e/day",
        }
    }

    /// The unit totals of this dimension are written in: `MWh`, tCO2e, m³, the rest canonical.
    #[must_use]
    pub fn total_unit(self) -> &'static str {
        match self {
            Dimension::Energy => "MWh",
            Dimension::Emissions => "tCO2e",
            Dimension::Volume => "m3",
            Dimension::Power => "kW",
            Dimension::CarbonIntensity => "gCO2e/kWh",
            Dimension::Duration => "h",
            Dimension::WaterIntensity => "L/kWh",
            Dimension::EmissionRate => "kgCO2e/day",
        }
    }

    /// The symbols of every unit of this dimension, in the order of [`UNITS`].
    pub fn symbols(self) -> impl Iterator<Item = &'static str> {
        UNITS
            .iter()
            .filter(move |unit| unit.dimension == self)
            .map(|unit| unit.symbol)
    }
}

/// One accepted unit: its symbol and how many canonical units one of it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// The symbol as written in the YAML, case-sensitive (`MWh`, not `mwh`).
    pub symbol: &'static str,
    /// The dimension it measures.
    pub dimension: Dimension,
    /// Canonical units per one of this unit.
    pub factor: f64,
}

const fn unit(symbol: &'static str, dimension: Dimension, factor: f64) -> Unit {
    Unit {
        symbol,
        dimension,
        factor,
    }
}

/// Hours in a year as used for lifetimes and periods: 365 days of 24 h. A leap day is not
/// counted, as in the usual amortisation of embodied emissions over a lifetime.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// Kilograms in an international pound, exact by definition (the international yard and pound
/// agreement of 1959).
pub const KG_PER_LB: f64 = 0.453_592_37;

/// Every unit wattprint accepts. Symbols are case-sensitive: `mWh` (milliwatt-hour) and `MWh`
/// (megawatt-hour) differ by nine orders of magnitude.
pub static UNITS: &[Unit] = &[
    unit("J", Dimension::Energy, 1.0 / 3.6e6),
    unit("kJ", Dimension::Energy, 1.0 / 3.6e3),
    unit("MJ", Dimension::Energy, 1.0 / 3.6),
    unit("GJ", Dimension::Energy, 1e3 / 3.6),
    unit("TJ", Dimension::Energy, 1e6 / 3.6),
    unit("Wh", Dimension::Energy, 1e-3),
    unit("kWh", Dimension::Energy, 1.0),
    unit("MWh", Dimension::Energy, 1e3),
    unit("GWh", Dimension::Energy, 1e6),
    unit("TWh", Dimension::Energy, 1e9),
    unit("W", Dimension::Power, 1e-3),
    unit("kW", Dimension::Power, 1.0),
    unit("MW", Dimension::Power, 1e3),
    unit("GW", Dimension::Power, 1e6),
    unit("gCO2e/kWh", Dimension::CarbonIntensity, 1.0),
    unit("kgCO2e/kWh", Dimension::CarbonIntensity, 1e3),
    unit("gCO2e/MWh", Dimension::CarbonIntensity, 1e-3),
    unit("kgCO2e/MWh", Dimension::CarbonIntensity, 1.0),
    unit("tCO2e/MWh", Dimension::CarbonIntensity, 1e3),
    // US sources (eGRID, Strubell et al. 2019) state pounds; the international pound is
    // exactly 0.45359237 kg.
    unit("lbCO2e/kWh", Dimension::CarbonIntensity, KG_PER_LB * 1e3),
    unit("lbCO2e/MWh", Dimension::CarbonIntensity, KG_PER_LB),
    unit("gCO2e", Dimension::Emissions, 1e-3),
    unit("kgCO2e", Dimension::Emissions, 1.0),
    unit("tCO2e", Dimension::Emissions, 1e3),
    unit("ktCO2e", Dimension::Emissions, 1e6),
    unit("lbCO2e", Dimension::Emissions, KG_PER_LB),
    // The US short ton is 2,000 pounds (907.18474 kg); the metric tonne is `tCO2e`.
    unit("short_tCO2e", Dimension::Emissions, 2_000.0 * KG_PER_LB),
    unit("s", Dimension::Duration, 1.0 / 3600.0),
    unit("min", Dimension::Duration, 1.0 / 60.0),
    unit("h", Dimension::Duration, 1.0),
    unit("hours", Dimension::Duration, 1.0),
    unit("days", Dimension::Duration, 24.0),
    unit("years", Dimension::Duration, HOURS_PER_YEAR),
    unit("L/kWh", Dimension::WaterIntensity, 1.0),
    unit("mL/kWh", Dimension::WaterIntensity, 1e-3),
    unit("L/MWh", Dimension::WaterIntensity, 1e-3),
    unit("m3/MWh", Dimension::WaterIntensity, 1.0),
    unit("mL", Dimension::Volume, 1e-3),
    unit("L", Dimension::Volume, 1.0),
    unit("m3", Dimension::Volume, 1e3),
    unit("kgCO2e/day", Dimension::EmissionRate, 1.0),
    unit("tCO2e/day", Dimension::EmissionRate, 1e3),
];

/// The unit written `symbol`, if wattprint knows it.
#[must_use]
pub fn find_unit(symbol: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.symbol == symbol)
}

/// `value` in `from` expressed in `to`, through the factors of [`UNITS`].
///
/// # Panics
/// When either symbol is not in the table or the two measure different dimensions: the
/// symbols are wattprint's own constants, and a mismatch is a bug its tests catch, never a
/// property of an input.
#[must_use]
pub fn convert(value: f64, from: &str, to: &str) -> f64 {
    let (Some(from), Some(to)) = (find_unit(from), find_unit(to)) else {
        panic!("`{from}` or `{to}` is not in the unit table");
    };
    assert!(
        from.dimension == to.dimension,
        "`{}` and `{}` measure different things",
        from.symbol,
        to.symbol
    );
    // Between units a whole power of ten (or 3,600,000) apart, multiply or divide by that whole
    // number, which is exact, rather than by a factor like 1e-3 that binary cannot hold: a
    // figure converted to its own unit, or kWh to MWh and back, keeps every bit.
    let ratio = from.factor / to.factor;
    if ratio >= 1.0 {
        value * whole(ratio)
    } else {
        value / whole(to.factor / from.factor)
    }
}

/// `ratio` rounded to the whole number it is within rounding error of, else as it is.
fn whole(ratio: f64) -> f64 {
    let rounded = ratio.round();
    if (ratio - rounded).abs() <= rounded * 1e-12 {
        rounded
    } else {
        ratio
    }
}

/// Why a quantity string was not accepted. The message is written for the person editing the
/// YAML, so each variant knows the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuantityError {
    /// No number at the start.
    #[error("{text:?} does not start with a number; write {} like \"41.2 {}\"", .expected.with_article(), .expected.example_unit())]
    NotANumber {
        /// What was written.
        text: String,
        /// What the field expects.
        expected: Dimension,
    },
    /// A number too large for a 64-bit float, in its unit or once converted.
    #[error("{text:?} is too large a number to compute with; check its digits and exponent")]
    NotFinite {
        /// What was written.
        text: String,
    },
    /// A number with no unit.
    #[error("{text:?} has no unit; write {} with one of its units: {}", .expected.with_article(), .expected.symbols().collect::<Vec<_>>().join(", "))]
    MissingUnit {
        /// What was written.
        text: String,
        /// What the field expects.
        expected: Dimension,
    },
    /// A known unit of another dimension.
    #[error("{text:?} is {}, expected {} (e.g. \"{number} {}\")", .found.with_article(), .expected.with_article(), .expected.example_unit())]
    WrongDimension {
        /// What was written.
        text: String,
        /// The number part as written.
        number: String,
        /// The dimension of the unit that was written.
        found: Dimension,
        /// What the field expects.
        expected: Dimension,
    },
    /// A unit wattprint does not know.
    #[error("{text:?}: unknown unit `{unit}`{}; {} units are {}", suggestion(.unit, *.expected), .expected.with_article().split_once(' ').map_or("", |(_, noun)| noun), .expected.symbols().collect::<Vec<_>>().join(", "))]
    UnknownUnit {
        /// What was written.
        text: String,
        /// The unit part as written.
        unit: String,
        /// What the field expects.
        expected: Dimension,
    },
}

fn suggestion(written: &str, expected: Dimension) -> String {
    crate::text::suggest::closest(written, expected.symbols())
        .filter(|s| !changes_scale(written, s))
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// Whether `a` and `b` write different metric prefixes (`kgCO2e/GWh` and `kgCO2e/MWh`,
/// `mgCO2e/Wh` and `gCO2e/MWh`, `mwh` and `MWh`): taking the other for a typo would scale the
/// value by powers of a thousand, so no such unit is suggested. Letters that are no prefix
/// (a case slip in `kwh`, a plural `MWhs`) may differ.
fn changes_scale(a: &str, b: &str) -> bool {
    const PREFIXES: &[char] = &['m', 'k', 'M', 'G', 'T', 'µ', 'u'];
    let prefixes = |s: &str| -> Vec<char> { s.chars().filter(|c| PREFIXES.contains(c)).collect() };
    prefixes(a) != prefixes(b)
}

/// Splits `text` into its number and unit and converts to the canonical unit of `expected`.
///
/// # Errors
/// Returns a [`QuantityError`] that says what was wrong and how to write it instead.
pub fn parse(text: &str, expected: Dimension) -> Result<f64, QuantityError> {
    let trimmed = text.trim();
    let split = number_prefix_len(trimmed);
    let (number, unit_part) = trimmed.split_at(split);
    let unit_part = unit_part.trim();
    let value: f64 = number.parse().map_err(|_| QuantityError::NotANumber {
        text: text.to_owned(),
        expected,
    })?;
    if unit_part.is_empty() {
        return Err(QuantityError::MissingUnit {
            text: trimmed.to_owned(),
            expected,
        });
    }
    let not_finite = || QuantityError::NotFinite {
        text: trimmed.to_owned(),
    };
    if !value.is_finite() {
        return Err(not_finite());
    }
    match UNITS.iter().find(|u| u.symbol == unit_part) {
        Some(u) if u.dimension == expected => Some(value * u.factor)
            .filter(|v| v.is_finite())
            .ok_or_else(not_finite),
        Some(u) => Err(QuantityError::WrongDimension {
            text: trimmed.to_owned(),
            number: number.to_owned(),
            found: u.dimension,
            expected,
        }),
        None => Err(QuantityError::UnknownUnit {
            text: trimmed.to_owned(),
            unit: unit_part.to_owned(),
            expected,
        }),
    }
}

/// Length of the leading decimal number (sign, digits, fraction, exponent) in `text`.
fn number_prefix_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if i < bytes.len() && matches!(bytes[i], b'+' | b'-') {
        i += 1;
    }
    let whole = digits(&mut i);
    let mut fraction = false;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        fraction = digits(&mut i);
    }
    if !whole && !fraction {
        return 0;
    }
    // An exponent only counts when digits follow, so that "5 e" stays a unit problem.
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
            j += 1;
        }
        if digits(&mut j) {
            i = j;
        }
    }
    i
}

/// The regular expression a quantity string of `dimension` must match; used in the JSON
/// Schema so that editors flag a wrong unit as it is typed.
#[must_use]
pub fn pattern(dimension: Dimension) -> String {
    number_pattern(dimension, "[+-]?", NUMBER)
}

/// The pattern of a value of `dimension` that is not negative (a `+` may be written): what the
/// published schema accepts, as strict as the `negative` rule.
#[must_use]
pub fn non_negative_pattern(dimension: Dimension) -> String {
    number_pattern(dimension, r"\+?", NUMBER)
}

/// The pattern of a value of `dimension` above zero: a nonzero digit before or after the point.
#[must_use]
pub fn positive_pattern(dimension: Dimension) -> String {
    number_pattern(dimension, r"\+?", r"(\d*[1-9]\d*(\.\d*)?|\d*\.\d*[1-9]\d*)")
}

/// Digits, with a point before, among or after them.
const NUMBER: &str = r"(\d+(\.\d*)?|\.\d+)";

fn number_pattern(dimension: Dimension, sign: &str, number: &str) -> String {
    // No symbol holds a regex metacharacter (`/` is none), so they go in unescaped.
    let units: Vec<&str> = dimension.symbols().collect();
    format!(
        r"^\s*{sign}{number}([eE][+-]?\d+)?\s*({})\s*$",
        units.join("|")
    )
}

/// The dimension whose schema pattern is `pattern`, used to turn a schema error back into a
/// message about units.
#[must_use]
pub fn dimension_of_pattern(pattern_text: &str) -> Option<Dimension> {
    Dimension::ALL
        .into_iter()
        .find(|d| pattern(*d) == pattern_text)
}

/// Marker types tying a [`Quantity`] to its dimension at compile time.
pub trait Kind {
    /// The dimension measured.
    const DIMENSION: Dimension;
    /// The schema's name for this quantity.
    const NAME: &'static str;
    /// A description for the schema, naming the canonical unit.
    const DESCRIPTION: &'static str;
    /// An example for the schema.
    const EXAMPLE: &'static str;
}

macro_rules! kind {
    ($(#[$doc:meta])* $name:ident, $dimension:ident, $description:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum $name {}
        impl Kind for $name {
            const DIMENSION: Dimension = Dimension::$dimension;
            const NAME: &'static str = stringify!($name);
            const DESCRIPTION: &'static str = $description;
            const EXAMPLE: &'static str = $example;
        }
    };
}

kind!(
    /// Energy, held in kWh.
    EnergyKind, Energy,
    "An energy: a number and one of the units J, kJ, MJ, GJ, TJ, Wh, kWh, MWh, GWh, TWh.",
    "41.2 MWh"
);
kind!(
    /// Power, held in kW.
    PowerKind, Power,
    "A power: a number and one of the units W, kW, MW, GW.",
    "700 W"
);
kind!(
    /// Emission factor of electricity, held in gCO2e/kWh.
    IntensityKind, CarbonIntensity,
    "An emission factor of electricity: a number and one of the units gCO2e/kWh, kgCO2e/kWh, gCO2e/MWh, kgCO2e/MWh, tCO2e/MWh.",
    "380 gCO2e/kWh"
);
kind!(
    /// Greenhouse-gas mass as CO2-equivalent, held in kilograms.
    EmissionsKind, Emissions,
    "A mass of greenhouse gases as CO2-equivalent: a number and one of the units gCO2e, kgCO2e, tCO2e, ktCO2e.",
    "2500 kgCO2e"
);
kind!(
    /// Duration, held in hours.
    DurationKind, Duration,
    "A duration: a number and one of the units s, min, h, hours, days, years (a year is 8,760 h).",
    "5 years"
);

kind!(
    /// Water per unit of energy, held in L/kWh.
    WaterIntensityKind, WaterIntensity,
    "Water per unit of energy: a number and one of the units L/kWh, mL/kWh, L/MWh, m3/MWh.",
    "1.8 L/kWh"
);

/// A quantity of dimension `K`, held in that dimension's canonical unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity<K> {
    canonical: f64,
    kind: PhantomData<K>,
}

impl<K> Quantity<K> {
    /// A quantity from a value already in the canonical unit.
    #[must_use]
    pub const fn from_canonical(canonical: f64) -> Self {
        Self {
            canonical,
            kind: PhantomData,
        }
    }

    /// The value in the canonical unit.
    #[must_use]
    pub const fn canonical(self) -> f64 {
        self.canonical
    }
}

/// Energy in kWh.
pub type Energy = Quantity<EnergyKind>;
/// Power in kW.
pub type Power = Quantity<PowerKind>;
/// Emission factor in gCO2e/kWh.
pub type Intensity = Quantity<IntensityKind>;
/// Emissions in kgCO2e.
pub type Emissions = Quantity<EmissionsKind>;
/// Duration in hours.
pub type Duration = Quantity<DurationKind>;
/// Water intensity in L/kWh.
pub type WaterIntensity = Quantity<WaterIntensityKind>;

impl Energy {
    /// The energy in kWh.
    #[must_use]
    pub const fn kwh(self) -> f64 {
        self.canonical
    }
}

impl Intensity {
    /// The factor in gCO2e/kWh.
    #[must_use]
    pub const fn g_per_kwh(self) -> f64 {
        self.canonical
    }
}

impl Emissions {
    /// The mass in kgCO2e.
    #[must_use]
    pub const fn kg(self) -> f64 {
        self.canonical
    }
}

impl Power {
    /// The power in kW.
    #[must_use]
    pub const fn kw(self) -> f64 {
        self.canonical
    }
}

impl WaterIntensity {
    /// The intensity in litres per kWh.
    #[must_use]
    pub const fn l_per_kwh(self) -> f64 {
        self.canonical
    }
}

impl Duration {
    /// The duration in hours.
    #[must_use]
    pub const fn hours(self) -> f64 {
        self.canonical
    }
}

impl<'de, K: Kind> Deserialize<'de> for Quantity<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        parse(&text, K::DIMENSION)
            .map(Self::from_canonical)
            .map_err(de::Error::custom)
    }
}

impl<K: Kind> JsonSchema for Quantity<K> {
    fn schema_name() -> Cow<'static, str> {
        K::NAME.trim_end_matches("Kind").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Only standard keywords: a validator in strict mode (ajv's default) refuses the
        // editor-specific `patternErrorMessage`; the description names the units instead.
        json_schema!({
            "type": "string",
            "pattern": pattern(K::DIMENSION),
            "description": K::DESCRIPTION,
            "examples": [K::EXAMPLE],
        })
    }
}

impl<K: Kind> fmt::Display for Quantity<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = UNITS
            .iter()
            .find(|u| u.dimension == K::DIMENSION && (u.factor - 1.0).abs() < f64::EPSILON)
            .map_or("", |u| u.symbol);
        write!(f, "{} {unit}", self.canonical)
    }
}

/// A percentage (`5%`: a relative uncertainty, a share), held as a fraction (0.05).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percent(f64);

impl Percent {
    /// The fraction (5 % is 0.05).
    #[must_use]
    pub const fn fraction(self) -> f64 {
        self.0
    }
}

/// The pattern of a [`Percent`] in the schema.
pub const PERCENT_PATTERN: &str = r"^\s*(\d+(\.\d*)?|\.\d+)\s*%\s*$";

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| Percent(n / 100.0))
            .ok_or_else(|| {
                de::Error::custom(format!("{text:?} is not a percentage such as \"5%\""))
            })
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": PERCENT_PATTERN,
            "description": "A percentage, such as a relative uncertainty (the half-width of a 95 % interval) or a share.",
            "examples": ["5%"],
        })
    }
}

/// A change a month written as a signed percentage (`3%`, `-2%`), held as a fraction (0.03):
/// traffic may shrink as well as grow, but not by the whole of itself or more, where a
/// compounded rate has no logarithm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Growth(f64);

impl Growth {
    /// The fraction (3 % is 0.03, −2 % is −0.02).
    #[must_use]
    pub const fn fraction(self) -> f64 {
        self.0
    }
}

/// The pattern of a [`Growth`] in the schema: a [`Percent`] with an optional sign.
pub const GROWTH_PATTERN: &str = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*%\s*$";

impl<'de> Deserialize<'de> for Growth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        let percent = text
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite())
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "{text:?} is not a percentage such as \"3%\" or \"-2%\""
                ))
            })?;
        if percent <= -100.0 {
            return Err(de::Error::custom(format!(
                "{text:?}: traffic cannot shrink by all of itself or more in a month; a decline is above -100%"
            )));
        }
        Ok(Self(percent / 100.0))
    }
}

impl JsonSchema for Growth {
    fn schema_name() -> Cow<'static, str> {
        "Growth".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": GROWTH_PATTERN,
            "description": "A change a month as a percentage, negative for a decline (above -100%).",
            "examples": ["3%", "-2%"],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_convert_through_the_unit_table() {
        // By hand: 55,620 kWh is 55.62 MWh; 1,234.5 kgCO2e is 1.2345 t; 0.36 L is 360 mL.
        assert!((convert(55_620.0, "kWh", "MWh") - 55.62).abs() < 1e-12);
        assert!((convert(1_234.5, "kgCO2e", "tCO2e") - 1.2345).abs() < 1e-12);
        assert!((convert(0.36, "L", "mL") - 360.0).abs() < 1e-9);
        assert!((convert(2.0, "MWh", "Wh") - 2e6).abs() < 1e-6);
    }

    #[test]
    fn pounds_and_short_tons_convert_exactly() {
        // 1 lb = 0.45359237 kg by definition. Strubell et al. 2019 (Table 3) give BERT base's
        // training as 1,438 lbs CO2e: 652.27 kg. 852.3 lb/MWh (a rate as eGRID writes it) is
        // 386.6 g/kWh. A short ton is 2,000 lb: 907.18474 kg.
        assert!((convert(1_438.0, "lbCO2e", "kgCO2e") - 652.265_828_06).abs() < 1e-6);
        assert!((convert(852.3, "lbCO2e/MWh", "gCO2e/kWh") - 386.596_776_951).abs() < 1e-6);
        assert!((convert(1.0, "lbCO2e/kWh", "gCO2e/kWh") - 453.592_37).abs() < 1e-9);
        assert!((convert(1.0, "short_tCO2e", "kgCO2e") - 907.184_74).abs() < 1e-9);
    }

    #[test]
    fn conversions_between_whole_ratios_are_exact() {
        // The same bits as writing the division or multiplication by hand.
        for v in [2000.5, 55.62, 0.1 + 0.2, 1e-7, 123_456.789] {
            assert_eq!(convert(v, "Wh", "Wh").to_bits(), v.to_bits());
            assert_eq!(convert(v, "kWh", "MWh").to_bits(), (v / 1000.0).to_bits());
            assert_eq!(
                convert(v, "kgCO2e", "gCO2e").to_bits(),
                (v * 1000.0).to_bits()
            );
            assert_eq!(convert(v, "J", "kWh").to_bits(), (v / 3.6e6).to_bits());
        }
    }

    #[test]
    #[should_panic(expected = "measure different things")]
    fn a_conversion_across_dimensions_is_a_bug() {
        let _ = convert(1.0, "kWh", "tCO2e");
    }

    #[test]
    fn result_dimensions_take_no_input_pattern_away() {
        // Volumes and rates are for results; an energy written in litres is still refused.
        assert!(parse("5 L", Dimension::Energy).is_err());
        assert!(parse("5 kWh", Dimension::Energy).is_ok());
    }

    #[test]
    fn numbers_beyond_f64_are_refused() {
        // Found by the `quantity` fuzz target: "35e91052 h" parsed to infinity.
        assert!(matches!(
            parse("35e91052 h", Dimension::Duration),
            Err(QuantityError::NotFinite { .. })
        ));
        // Finite as written, infinite once converted: 1e300 TWh = 1e309 kWh.
        assert!(matches!(
            parse("1e300 TWh", Dimension::Energy),
            Err(QuantityError::NotFinite { .. })
        ));
    }

    #[test]
    fn energy_units_convert_to_kwh() {
        // 41.2 MWh = 41,200 kWh; 1.5e11 J ÷ 3.6e6 J/kWh = 41,666.67 kWh.
        assert_eq!(parse("41.2 MWh", Dimension::Energy), Ok(41_200.0));
        assert_eq!(parse("41200 kWh", Dimension::Energy), Ok(41_200.0));
        let joules = parse("1.5e11 J", Dimension::Energy).unwrap();
        assert!((joules - 41_666.666_666).abs() < 1e-3);
    }

    #[test]
    fn intensity_units_convert_to_grams_per_kwh() {
        // 0.38 kgCO2e/kWh = 380 gCO2e/kWh; 380 kgCO2e/MWh is the same factor.
        assert_eq!(
            parse("380 gCO2e/kWh", Dimension::CarbonIntensity),
            Ok(380.0)
        );
        let kg = parse("0.38 kgCO2e/kWh", Dimension::CarbonIntensity).unwrap();
        assert!((kg - 380.0).abs() < 1e-9);
        assert_eq!(
            parse("380 kgCO2e/MWh", Dimension::CarbonIntensity),
            Ok(380.0)
        );
    }

    #[test]
    fn years_are_8760_hours() {
        assert_eq!(parse("5 years", Dimension::Duration), Ok(43_800.0));
    }

    #[test]
    fn a_power_where_an_energy_is_expected_is_named_as_such() {
        let err = parse("41.2 MW", Dimension::Energy).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""41.2 MW" is a power, expected an energy (e.g. "41.2 MWh")"#
        );
    }

    #[test]
    fn a_missing_unit_suggests_one() {
        let err = parse("41200", Dimension::Energy).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""41200" has no unit; write an energy with one of its units: J, kJ, MJ, GJ, TJ, Wh, kWh, MWh, GWh, TWh"#
        );
    }

    #[test]
    fn a_misspelt_unit_gets_a_suggestion() {
        let err = parse("12 kwh", Dimension::Energy).unwrap_err();
        assert!(err.to_string().contains("did you mean `kWh`?"), "{err}");
        // A prefix swapped is a thousandfold, not a typo: no suggestion (attack review,
        // 2026-12-01: `363 kgCO2e/GWh` was offered `kgCO2e/MWh`).
        for (text, dimension) in [
            ("363 kgCO2e/GWh", Dimension::CarbonIntensity),
            ("363 mgCO2e/kWh", Dimension::CarbonIntensity),
            ("0.35 m3/kWh", Dimension::WaterIntensity),
            ("363 mgCO2e/Wh", Dimension::CarbonIntensity),
        ] {
            let err = parse(text, dimension).unwrap_err().to_string();
            assert!(!err.contains("did you mean"), "{err}");
        }
    }

    #[test]
    fn units_are_case_sensitive() {
        assert!(parse("12 mwh", Dimension::Energy).is_err());
    }

    #[test]
    fn the_schema_pattern_agrees_with_the_parser() {
        let energy = pattern(Dimension::Energy);
        assert_eq!(dimension_of_pattern(&energy), Some(Dimension::Energy));
        assert!(energy.contains("MWh") && !energy.contains("gCO2e"));
    }

    #[test]
    fn a_number_must_lead() {
        assert!(matches!(
            parse("MWh 12", Dimension::Energy),
            Err(QuantityError::NotANumber { .. })
        ));
    }
}
