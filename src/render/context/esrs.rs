//! The ESRS E1 annex's tables: E1-5's energy from own operations by source, in the rows of
//! AR 34, and E1-6's gross emissions, in the rows of AR 48 with AR 47's totals.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::Results;
use crate::compute::esrs::MixBasis;
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{format, percent};

/// The ESRS E1 annex's figures, formatted.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct Esrs {
    /// E1-5, the rows of AR 34 in order: label and `MWh` (4 significant figures), or a share.
    energy: Vec<Row>,
    /// Energy the cloud services used for the system, `MWh`: the providers' consumption, shown
    /// apart; empty without cloud sites.
    cloud_energy_mwh: String,
    /// Energy from own operations whose sources no input gives, `MWh`; empty when every `MWh`
    /// is placed.
    unknown_mwh: String,
    /// How each own-operations site's electricity was split, one sentence each.
    mix_basis: Vec<String>,
    /// E1-6, the rows of AR 48 in order, each with its figure in tCO2e.
    ghg: Vec<Row>,
    /// The market-based figure of the cloud services, tCO2e, for information; empty without
    /// cloud sites.
    cloud_market_t: String,
    /// True when the reporting period is a year: it ends the day before the same date a year
    /// on.
    period_is_year: bool,
    /// The standards these figures follow, as wattprint computes them.
    standards: Vec<&'static str>,
}

/// One row of a table.
#[derive(Debug, Serialize, JsonSchema)]
struct Row {
    /// Its label, as the ESRS table words it.
    label: String,
    /// Its figure, formatted with its unit's digits; `not applicable` where nothing applies.
    value: String,
    /// True for a total or subtotal row.
    total: bool,
}

fn row(label: &str, value: String, total: bool) -> Row {
    Row {
        label: label.to_owned(),
        value,
        total,
    }
}

fn mwh(kwh: f64) -> String {
    format(convert(kwh, "kWh", "MWh"))
}

fn tonnes(kg: f64) -> String {
    format(convert(kg, "kgCO2e", "tCO2e"))
}

pub(super) fn esrs(d: &Disclosure, results: &Results) -> Esrs {
    let e = &results.esrs.energy;
    let g = &results.esrs.ghg;
    let energy = energy_rows(e);
    let ghg = ghg_rows(d, g);
    let mix_basis = results.esrs.sites.iter().map(basis).collect();
    let cloud = results.esrs.cloud_energy > 0.0;
    Esrs {
        energy,
        cloud_energy_mwh: if cloud {
            mwh(results.esrs.cloud_energy)
        } else {
            String::new()
        },
        unknown_mwh: if e.unknown > 0.0 {
            mwh(e.unknown)
        } else {
            String::new()
        },
        mix_basis,
        ghg,
        cloud_market_t: if cloud {
            tonnes(g.scope3_cloud_market)
        } else {
            String::new()
        },
        period_is_year: d
            .reporting_period
            .start
            .checked_add_months(chrono::Months::new(12))
            .and_then(|next| next.pred_opt())
            == Some(d.reporting_period.end),
        standards: vec![
            "ESRS E1 (Commission Delegated Regulation (EU) 2023/2772, Annex I), E1-5 and E1-6",
            "GHG Protocol Scope 2 Guidance (2015): location- and market-based Scope 2",
            "GHG Protocol Corporate Value Chain (Scope 3) Standard: categories 1 and 2",
        ],
    }
}

/// How one own-operations site's electricity was split, in a sentence.
fn basis(s: &crate::compute::esrs::SiteMix) -> String {
    let placed = if s.by_instruments > 0.0 {
        format!(
            "{} MWh by contractual instruments' energy sources, ",
            mwh(s.by_instruments)
        )
    } else {
        String::new()
    };
    let rest = match (s.basis, s.shares, &s.source) {
        (MixBasis::Unknown, _, _) | (_, None, _) | (_, _, None) => {
            "the rest not known from the inputs (state `supplier_mix`, `residual_sources` or `generation_mix`)".to_owned()
        }
        (basis, Some((fossil, nuclear, renewable)), Some(source)) => format!(
            "the rest by {} (fossil {}, nuclear {}, renewable {}; {source})",
            match basis {
                MixBasis::Supplier => "the supplier's mix",
                MixBasis::Residual => "the residual mix's sources",
                _ => "the grid's generation mix",
            },
            percent(fossil),
            percent(nuclear),
            percent(renewable),
        ),
    };
    let unstated = if s.unstated_instruments > 0.0 {
        format!(
            "; {} MWh of instruments state no energy source, so their sources are not known",
            mwh(s.unstated_instruments)
        )
    } else {
        String::new()
    };
    let unused = if s.residual_unused {
        "; the residual mix's sources are given too, and the supplier's own mix is used in their place"
    } else {
        ""
    };
    let double = if s.renewable_instruments > 0.0 && s.basis == MixBasis::Grid {
        "; the grid's generation mix still holds the instruments' energy, so the renewable share may be counted twice: the residual mix's sources avoid this"
    } else {
        ""
    };
    format!(
        "{}: {} MWh; {placed}{rest}{unstated}{unused}{double}.",
        s.site,
        mwh(s.energy)
    )
}

/// E1-5's rows, as AR 34 lays them out.
fn energy_rows(e: &crate::compute::esrs::EnergyMix) -> Vec<Row> {
    let total = e.total();
    let share = |part: f64| {
        if total > 0.0 {
            percent(part / total)
        } else {
            "not applicable".to_owned()
        }
    };
    let energy = vec![
        row(
            "(1) Fuel consumption from coal and coal products",
            mwh(e.coal),
            false,
        ),
        row(
            "(2) Fuel consumption from crude oil and petroleum products",
            mwh(e.oil),
            false,
        ),
        row(
            "(3) Fuel consumption from natural gas",
            mwh(e.natural_gas),
            false,
        ),
        row(
            "(4) Fuel consumption from other fossil sources",
            mwh(e.other_fossil),
            false,
        ),
        row(
            "(5) Consumption of purchased or acquired electricity, heat, steam, and cooling from fossil sources",
            mwh(e.purchased_fossil),
            false,
        ),
        row("(6) Total fossil energy consumption", mwh(e.fossil()), true),
        row(
            "Share of fossil sources in total energy consumption",
            share(e.fossil()),
            false,
        ),
        row(
            "(7) Consumption from nuclear sources",
            mwh(e.nuclear),
            false,
        ),
        row(
            "Share of consumption from nuclear sources in total energy consumption",
            share(e.nuclear),
            false,
        ),
        row(
            "(8) Fuel consumption for renewable sources, including biomass (also comprising industrial and municipal waste of biologic origin, biogas, renewable hydrogen, etc.)",
            mwh(e.renewable_fuels),
            false,
        ),
        row(
            "(9) Consumption of purchased or acquired electricity, heat, steam, and cooling from renewable sources",
            mwh(e.purchased_renewable),
            false,
        ),
        row(
            "(10) The consumption of self-generated non-fuel renewable energy",
            mwh(e.self_generated_renewable),
            false,
        ),
        row(
            "(11) Total renewable energy consumption",
            mwh(e.renewable()),
            true,
        ),
        row(
            "Share of renewable sources in total energy consumption",
            share(e.renewable()),
            false,
        ),
        row("Total energy consumption", mwh(total), true),
    ];
    energy
}

/// E1-6's rows, as AR 48 lays them out, with the totals of AR 47.
fn ghg_rows(d: &Disclosure, g: &crate::compute::esrs::Ghg) -> Vec<Row> {
    let ets = g
        .scope1_ets_share
        .map_or_else(|| "not applicable".to_owned(), percent);
    let scope1 = if d.combustion.is_empty() {
        "0 (no fuel burned at the sites is stated)".to_owned()
    } else {
        tonnes(g.scope1)
    };
    let ghg = vec![
        row("Gross Scope 1 GHG emissions", scope1, false),
        row(
            "Percentage of Scope 1 GHG emissions from regulated emission trading schemes",
            ets,
            false,
        ),
        row(
            "Gross location-based Scope 2 GHG emissions",
            tonnes(g.scope2_location),
            false,
        ),
        row(
            "Gross market-based Scope 2 GHG emissions",
            tonnes(g.scope2_market),
            false,
        ),
        row(
            "Scope 3, category 1: purchased goods and services (cloud services for the AI system, location-based)",
            tonnes(g.scope3_cloud),
            false,
        ),
        row(
            "Scope 3, category 2: capital goods (the hardware's embodied emissions, attributed to the period)",
            tonnes(g.scope3_capital_goods),
            false,
        ),
        row(
            "Total gross indirect (Scope 3) GHG emissions",
            tonnes(g.scope3()),
            true,
        ),
        row(
            "Total GHG emissions (location-based)",
            tonnes(g.total_location()),
            true,
        ),
        row(
            "Total GHG emissions (market-based)",
            tonnes(g.total_market()),
            true,
        ),
    ];
    ghg
}
