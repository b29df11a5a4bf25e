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
    /// Power usage effectiveness (facility energy ÷ IT energy, Delegated Regulation (EU)
    /// 2024/1364); at least 1. Without it, facility overhead is listed as excluded.
    #[serde(default)]
    pub pue: Option<Figure<f64>>,
    /// Emission factors of the electricity the site uses.
    pub grid: Grid,
    /// Water usage effectiveness: water used on site per unit of IT energy (Delegated
    /// Regulation (EU) 2024/1364, WUE), e.g. 1.8 L/kWh.
    #[serde(default)]
    pub wue: Option<Figure<WaterIntensity>>,
    /// Water consumed off site to generate the site's electricity, per unit of energy.
    #[serde(default)]
    pub electricity_water: Option<Figure<WaterIntensity>>,
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
    /// Uncertainty of the residual-mix factor: "10%" or a distribution.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// Contractual instruments covering part of the site's energy.
    #[serde(default)]
    pub instruments: Vec<Instrument>,
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
