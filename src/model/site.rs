//! Sites: who operates them and the grid emission factors for Scope 2 dual reporting.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Energy, Figure, Intensity, Method, Uncertainty, WaterIntensity};

/// Who operates the site, which decides the GHG Protocol scope of its electricity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The organisation's own data centre: purchased electricity is Scope 2.
    Own,
    /// Leased space in a colocation data centre: electricity is Scope 2.
    Colocation,
    /// A public cloud: the service bought is Scope 3, category 1.
    Cloud,
}

impl Operation {
    /// The operation as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Operation::Own => "own",
            Operation::Colocation => "colocation",
            Operation::Cloud => "cloud",
        }
    }
}

/// Above this a PUE is plausible only for a very old or very small site (`validate`'s `pue`
/// rule warns); also the most overhead a training record's facility part is taken to hold
/// where no PUE gives it.
pub const PUE_PLAUSIBLE_MAX: f64 = 3.0;

/// A data centre or cloud region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Identifier that measurements refer to (`site: fra`).
    pub id: String,
    /// Who operates the site (decides the GHG scope).
    pub operation: Operation,
    /// Country (ISO 3166-1 alpha-2, e.g. "DE") or grid zone where the site draws power.
    pub location: String,
    /// Cloud provider and region, e.g. "aws:eu-central-1", for cloud sites.
    #[serde(default)]
    pub region: Option<String>,
    /// Power usage effectiveness (facility energy ÷ IT energy: ISO/IEC 30134-2; Delegated
    /// Regulation (EU) 2024/1364, Annex III); at least 1. Without it, facility overhead is listed as excluded.
    #[serde(default)]
    pub pue: Option<Figure<f64>>,
    /// Emission factors of the electricity the site uses.
    pub grid: Grid,
    /// Water usage effectiveness: water used on site per unit of IT energy (ISO/IEC 30134-9;
    /// also an indicator of Delegated Regulation (EU) 2024/1364, Annex III), e.g. 1.8 L/kWh.
    #[serde(default)]
    pub wue: Option<Figure<WaterIntensity>>,
    /// Water used off site to generate the site's electricity, per unit of energy.
    #[serde(default)]
    pub electricity_water: Option<Figure<WaterIntensity>>,
}

impl Site {
    /// Whether an instrument generated in `market` (a country or bidding zone) is in the
    /// market the site draws power from (GHG Protocol Scope 2 Guidance (2015), Quality
    /// Criterion 5; deliverability in the proposed hourly method). Compared by country, the
    /// code a zone starts with (`SE3` and `DE-LU` are in `SE` and `DE`): coarser than a
    /// bidding zone, the one boundary every input can state. A market written as the site's
    /// location is in it; any other that is not written so (`Denmark`) is in no market. The
    /// validation warning and the hourly matching both read it.
    #[must_use]
    pub fn in_market(&self, market: &str) -> bool {
        // A market written as the site's location is its market, a code or not (`ERCOT`,
        // `PJM`: helper 75).
        let here = zone_countries(&self.location);
        market.trim().eq_ignore_ascii_case(self.location.trim())
            || zone_countries(market).iter().any(|c| here.contains(c))
    }
}

/// The countries a zone is in, by the ISO 3166-1 code it is written with: a country code is
/// its own (`DE`); a subdivision (`US-VA`), a bidding zone's number (`SE3`) or a zone's name
/// after a separator (`IT-NORD`, `IT_NORD`) is in the country its two letters name; `DE-LU`,
/// a bidding zone of two countries, is in both. None for any other text: read by its first
/// two letters, `Denmark` and `Deutschland` were both in `DE` (helpers 63 and 73). The one
/// reading of a zone: markets, locations against cloud regions, and reference data that falls
/// back on a zone's country.
#[must_use]
pub fn zone_countries(zone: &str) -> Vec<String> {
    let zone = zone.trim();
    let bytes = zone.as_bytes();
    let letters = |s: &[u8]| s.len() == 2 && s.iter().all(u8::is_ascii_alphabetic);
    match bytes {
        [x, y] if letters(&[*x, *y]) => vec![zone.to_ascii_uppercase()],
        [_, _, b'-', ..] if zone.eq_ignore_ascii_case("DE-LU") => {
            vec!["DE".to_owned(), "LU".to_owned()]
        }
        [x, y, b'-' | b'_' | b'0'..=b'9', ..] if letters(&[*x, *y]) => {
            vec![zone[..2].to_ascii_uppercase()]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod zone_tests {
    use super::zone_countries;

    #[test]
    fn a_zone_is_read_by_the_country_code_it_is_written_with() {
        for (zone, countries) in [
            ("DE", &["DE"][..]),
            ("de", &["DE"]),
            ("SE3", &["SE"]),
            ("DE-LU", &["DE", "LU"]),
            ("US-VA", &["US"]),
            ("IT_NORD", &["IT"]),
            (" DK1 ", &["DK"]),
        ] {
            assert_eq!(zone_countries(zone), countries, "{zone}");
        }
        for text in [
            "Denmark",
            "Deutschland",
            "D",
            "",
            "Ö1",
            "1DE",
            "DEU",
            "ERCOT",
        ] {
            assert!(zone_countries(text).is_empty(), "{text}");
        }
    }
}

/// Emission factors for GHG Protocol Scope 2 dual reporting.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Average emission factor of the local grid (location-based method).
    pub location_based: Figure<Intensity>,
    /// Contractual instruments and residual mix (market-based method). Without it, the
    /// market-based figure falls back to the location-based factor, as the GHG Protocol
    /// Scope 2 Guidance allows when no residual mix is available.
    #[serde(default)]
    pub market_based: Option<MarketBased>,
    /// Location-based factors by calendar month, applied to the energy of each month (energy
    /// is spread over a measurement's period by days); months not listed use the annual
    /// `location_based` factor.
    #[serde(default)]
    pub monthly: Option<MonthlyFactors>,
    /// Location-based factors hour by hour, for the hourly Scope 2 figures; hours without one
    /// take the month's or the annual factor.
    #[serde(default)]
    pub hourly: Option<super::hourly::HourlyFactors>,
    /// The sources of the electricity the site's supplier delivers (its fuel mix disclosure),
    /// for the energy mix of ESRS E1-5; the energy no instrument covers follows it.
    #[serde(default)]
    pub supplier_mix: Option<Mix>,
    /// The sources of the grid's generation, for the energy mix when neither the supplier's
    /// nor the residual mix's sources are given: `default` takes the country's from the
    /// reference data.
    #[serde(default)]
    #[schemars(schema_with = "mix_or_default")]
    pub generation_mix: Option<Mix>,
}

/// The schema of `generation_mix`: a mix, or `default` for the reference data's, which
/// resolution replaces before the disclosure is read.
fn mix_or_default(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mix = generator.subschema_for::<Mix>();
    schemars::json_schema!({
        "anyOf": [
            mix,
            {
                "const": "default",
                "description": "the generation mix of the site's country or grid zone, from the reference data"
            }
        ]
    })
}

/// The sources of a supply of electricity, as shares that add up to 100 %: ESRS E1-5
/// para 37(a) to (c).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mix {
    /// Share from fossil sources.
    pub fossil: super::Percent,
    /// Share from nuclear sources.
    pub nuclear: super::Percent,
    /// Share from renewable sources.
    pub renewable: super::Percent,
    /// The year the shares describe.
    #[serde(default)]
    pub year: Option<i32>,
    /// Where the shares come from: the supplier's disclosure, the residual-mix publication,
    /// or a generation statistic.
    pub source: String,
    /// How they were obtained; `default_factor` when taken from the reference data.
    #[serde(default = "Mix::stated")]
    pub method: Method,
}

impl Mix {
    fn stated() -> Method {
        Method::SupplierReported
    }

    /// The shares as fractions: (fossil, nuclear, renewable).
    #[must_use]
    pub fn fractions(&self) -> (f64, f64, f64) {
        (
            self.fossil.fraction(),
            self.nuclear.fraction(),
            self.renewable.fraction(),
        )
    }
}

/// Emission factors of the grid by calendar month.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyFactors {
    /// Factor per month, keyed "YYYY-MM", e.g. `2026-01: 412 gCO2e/kWh`.
    pub factors: BTreeMap<String, Intensity>,
    /// How the factors were obtained.
    pub method: Method,
    /// Where they come from.
    pub source: String,
}

impl MonthlyFactors {
    /// The factors keyed by (year, month), skipping keys that are not "YYYY-MM" (validation
    /// reports those).
    #[must_use]
    pub fn by_month(&self) -> BTreeMap<(i32, u32), f64> {
        self.factors
            .iter()
            .filter_map(|(key, factor)| Some((parse_month(key)?, factor.g_per_kwh())))
            .collect()
    }
}

/// Parses a "YYYY-MM" month key.
#[must_use]
pub fn parse_month(key: &str) -> Option<(i32, u32)> {
    let (year, month) = key.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some(())?;
    Some((year.parse().ok()?, month))
}

/// Market-based emission factors (GHG Protocol Scope 2 Guidance, chapter 6).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketBased {
    /// Emission factor for energy not covered by instruments (residual mix).
    pub residual_mix: Intensity,
    /// Where the residual-mix factor comes from.
    pub source: String,
    /// Where the residual-mix factor comes from: `supplier_reported` (the supplier's own
    /// disclosure, the default) or `default_factor` (a published table; wattprint writes it
    /// when `residual_mix: default` takes the factor from reference data). The market-based
    /// figures' tier is never more direct than this where instruments leave energy to it.
    #[serde(default)]
    pub method: Option<ResidualMixMethod>,
    /// Uncertainty of the residual-mix factor: "10%" or a distribution.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// Contractual instruments covering part of the site's energy.
    #[serde(default)]
    pub instruments: Vec<Instrument>,
    /// The sources of the residual mix (what is left once instruments are claimed), for the
    /// energy mix of ESRS E1-5 when the supplier's own mix is not given.
    #[serde(default)]
    pub residual_sources: Option<Mix>,
}

/// How a residual mix was obtained. No one meters one: it is what a supplier or a published
/// table says of the electricity left once instruments are claimed (GHG Protocol Scope 2
/// Guidance, section 6.10), so only these two of the method tiers apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResidualMixMethod {
    /// The supplier's own residual mix (its electricity disclosure).
    SupplierReported,
    /// A published table of residual mixes (e.g. the AIB European Residual Mixes).
    DefaultFactor,
}

impl From<ResidualMixMethod> for Method {
    fn from(method: ResidualMixMethod) -> Self {
        match method {
            ResidualMixMethod::SupplierReported => Method::SupplierReported,
            ResidualMixMethod::DefaultFactor => Method::DefaultFactor,
        }
    }
}

/// A contractual instrument: a PPA, guarantees of origin or a supplier-specific factor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Kind of instrument.
    pub kind: InstrumentKind,
    /// Energy the instrument covers in the reporting period.
    pub energy: Energy,
    /// Emission factor the instrument conveys (0 gCO2e/kWh for wind or solar).
    pub factor: Intensity,
    /// The contract, certificate registry or supplier disclosure behind it.
    pub source: String,
    /// The energy source of the generation it stands for: what the emission rate rests on that
    /// Scope 2 Quality Criterion 1 asks an instrument to convey (GHG Protocol Scope 2 Guidance
    /// (2015), Table 7.1, read in secondary copies), and the line of ESRS E1-5 its energy goes on.
    #[serde(default)]
    pub energy_source: Option<EnergySource>,
    /// When the energy it stands for was generated, its vintage (Quality Criterion 4: issued and
    /// redeemed as close as possible to the period of consumption).
    #[serde(default)]
    pub generation: Option<super::Period>,
    /// The market it was generated in: a country or bidding zone (Quality Criterion 5: the
    /// same market as the consumption).
    #[serde(default)]
    pub market: Option<String>,
    /// Evidence that it was redeemed, retired or cancelled for this consumption, e.g. a
    /// registry statement (Quality Criterion 3).
    #[serde(default)]
    pub cancellation: Option<String>,
    /// The energy it stands for hour by hour, for the proposed hourly method: a CSV
    /// `hour,energy_kwh` of a PPA's metered output or of granular (hourly) certificates; it
    /// must add up to `energy`. Only generation within the site's market (`market` equal to
    /// the site's `location`) matches consumption.
    #[serde(default)]
    pub hourly_generation: Option<super::hourly::HourlyFile>,
}

/// The source of the energy an instrument stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnergySource {
    /// Wind.
    Wind,
    /// Solar.
    Solar,
    /// Hydro.
    Hydro,
    /// Biomass, biogas and other renewable fuels.
    Biomass,
    /// Geothermal.
    Geothermal,
    /// Another renewable source.
    OtherRenewable,
    /// Nuclear.
    Nuclear,
    /// A fossil source: coal, oil, gas.
    Fossil,
}

impl EnergySource {
    /// Whether generation from it emits no carbon dioxide as it runs, as 24/7 carbon-free
    /// energy scores count it: wind, solar, hydro, geothermal and nuclear. Biomass burns, and
    /// "other renewable" does not say what it is, so neither is counted.
    #[must_use]
    pub fn carbon_free(self) -> bool {
        matches!(
            self,
            EnergySource::Wind
                | EnergySource::Solar
                | EnergySource::Hydro
                | EnergySource::Geothermal
                | EnergySource::Nuclear
        )
    }

    /// The source as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            EnergySource::Wind => "wind",
            EnergySource::Solar => "solar",
            EnergySource::Hydro => "hydro",
            EnergySource::Biomass => "biomass",
            EnergySource::Geothermal => "geothermal",
            EnergySource::OtherRenewable => "other renewable",
            EnergySource::Nuclear => "nuclear",
            EnergySource::Fossil => "fossil",
        }
    }
}

/// Kinds of contractual instrument (GHG Protocol Scope 2 Guidance, Table 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// Power purchase agreement.
    Ppa,
    /// Guarantees of origin (EU energy attribute certificates).
    GuaranteeOfOrigin,
    /// Renewable energy certificates.
    Rec,
    /// A supplier-specific emission factor.
    SupplierSpecific,
}

impl InstrumentKind {
    /// The kind as written in reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            InstrumentKind::Ppa => "PPA",
            InstrumentKind::GuaranteeOfOrigin => "guarantees of origin",
            InstrumentKind::Rec => "RECs",
            InstrumentKind::SupplierSpecific => "supplier-specific factor",
        }
    }
}

/// Fuel burned at a site for the AI system, e.g. by backup generators: the system's direct
/// (GHG Protocol Scope 1) emissions, and fuel in the energy mix of ESRS E1-5.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Combustion {
    /// Identifier.
    pub id: String,
    /// The site where it is burned.
    pub site: String,
    /// What burns it, in a sentence, e.g. "diesel backup generators, monthly load tests".
    pub description: String,
    /// The fuel.
    pub fuel: Fuel,
    /// The fuel's energy content over the reporting period.
    pub energy: Figure<super::Energy>,
    /// The emissions of burning it over the period that count in Scope 1: of a renewable or
    /// blended fuel, its methane and nitrous oxide and the CO2 of its fossil part, without the
    /// CO2 of its biomass (`biogenic_co2`).
    pub emissions: Figure<super::Emissions>,
    /// The CO2 of the biomass burned (biofuel, biogas, a diesel's biodiesel blend), which ESRS
    /// E1 reports apart from Scope 1 and outside the totals (AR 43, seen in the German text).
    #[serde(default)]
    pub biogenic_co2: Option<Figure<super::Emissions>>,
    /// Whether the emissions fall under a regulated emission trading scheme, such as the EU
    /// ETS (ESRS E1-6, para 48(b)).
    #[serde(default)]
    pub regulated_ets: bool,
}

/// A fuel, by the rows of ESRS E1 AR 34.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fuel {
    /// Coal and coal products.
    Coal,
    /// Crude oil and petroleum products: diesel, heating oil, petrol.
    Oil,
    /// Natural gas.
    NaturalGas,
    /// Another fossil fuel.
    OtherFossil,
    /// A renewable fuel: biomass, biofuel, biogas, renewable hydrogen.
    Renewable,
}

#[cfg(test)]
mod tests {
    use super::EnergySource;

    #[test]
    fn carbon_free_sources_are_those_that_emit_nothing_as_they_run() {
        for source in [
            EnergySource::Wind,
            EnergySource::Solar,
            EnergySource::Hydro,
            EnergySource::Geothermal,
            EnergySource::Nuclear,
        ] {
            assert!(source.carbon_free(), "{source:?}");
        }
        for source in [
            EnergySource::Biomass,
            EnergySource::OtherRenewable,
            EnergySource::Fossil,
        ] {
            assert!(!source.carbon_free(), "{source:?}");
        }
    }
}
