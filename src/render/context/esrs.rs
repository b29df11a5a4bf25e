//! The ESRS E1 annex's tables: E1-5's energy from own operations by source, in the rows of
//! AR 34, and E1-6's gross emissions, in the rows of AR 48 with AR 47's totals.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::Results;
use crate::compute::esrs::MixBasis;
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{change, format, percent};

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
    /// The biogenic CO2 of the fuel burned, tCO2, reported apart from Scope 1 (AR 43); empty
    /// where no fuel states it.
    biogenic_t: String,
    /// What the cloud services' market-based figure rests on (contracts, a residual mix or the
    /// grid average); empty without cloud sites.
    cloud_market_basis: &'static str,
    /// The hardware's embodied emissions attributed to the period, tCO2e, shown apart from the
    /// totals; empty when no hardware states embodied emissions.
    embodied_t: String,
    /// True when the reporting period is a year: it ends the day before the same date a year
    /// on.
    period_is_year: bool,
    /// The standards these figures follow, as wattprint computes them.
    standards: Vec<&'static str>,
    /// The column heading of this period's figures: its year, or its first and last days.
    current: String,
    /// The column heading of the previous period's figures (`--previous`); empty without them,
    /// and then no row has a previous figure or a change.
    previous: String,
    /// The cloud services' energy in the previous period, `MWh`; empty without a previous
    /// period or cloud sites in either.
    previous_cloud_energy_mwh: String,
}

/// One row of a table.
#[derive(Debug, Serialize, JsonSchema)]
struct Row {
    /// Its label, as the ESRS table words it.
    label: String,
    /// Its figure, formatted with its unit's digits; `not applicable` where nothing applies.
    value: String,
    /// The previous period's figure, formatted alike; empty without a previous period.
    previous: String,
    /// The change from the previous figure, as a signed percentage of it (AR 48's
    /// "% N / N-1"); `not applicable` where the previous figure is zero, empty for a share
    /// or without a previous period.
    change: String,
    /// True for a total or subtotal row.
    total: bool,
    /// The figure in kWh or kgCO2e that `value` writes; `None` for a share.
    #[serde(skip)]
    amount: Option<f64>,
}

fn row(label: &str, value: String, amount: Option<f64>, total: bool) -> Row {
    Row {
        label: label.to_owned(),
        value,
        previous: String::new(),
        change: String::new(),
        total,
        amount,
    }
}

/// `rows` with the previous period's figures, `before`, beside them and the change from each.
fn beside(rows: Vec<Row>, before: Vec<Row>) -> Vec<Row> {
    rows.into_iter()
        .zip(before)
        .map(|(mut row, before)| {
            row.change = match (before.amount, row.amount) {
                (Some(previous), Some(current)) => crate::compute::esrs::change(previous, current)
                    .map_or_else(|| "not applicable".to_owned(), change),
                _ => String::new(),
            };
            row.previous = before.value;
            row
        })
        .collect()
}

/// How a period heads its column: its year when it is a calendar year, else its first and last
/// days.
fn heading(start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let period = crate::model::Period { start, end };
    if period.is_year() && start.ordinal() == 1 {
        start.year().to_string()
    } else {
        format!("{start} to {end}")
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
    let mut energy = energy_rows(e);
    let mut ghg = ghg_rows(!d.combustion.is_empty(), g);
    let comparative = results.esrs.comparative.as_ref();
    if let Some(before) = comparative {
        energy = beside(energy, energy_rows(&before.energy));
        // A figure of the previous period is written as it stands: its disclosure is not at
        // hand to say whether a zero Scope 1 means no fuel was stated.
        ghg = beside(ghg, ghg_rows(true, &before.ghg));
    }
    let mix_basis = results.esrs.sites.iter().map(basis).collect();
    let cloud = results.esrs.cloud_energy > 0.0;
    let period = d.reporting_period;
    Esrs {
        current: heading(period.start, period.end),
        previous: comparative.map_or_else(String::new, |c| heading(c.start, c.end)),
        previous_cloud_energy_mwh: match comparative {
            Some(c) if cloud || c.cloud_energy > 0.0 => mwh(c.cloud_energy),
            _ => String::new(),
        },
        energy,
        // Shown when either period used cloud services, so that a previous period's cloud
        // energy is never left unsaid.
        cloud_energy_mwh: if cloud || comparative.is_some_and(|c| c.cloud_energy > 0.0) {
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
        cloud_market_basis: if cloud {
            super::totals::market_basis(
                d.sites
                    .iter()
                    .filter(|s| s.operation == crate::model::Operation::Cloud),
                &results.sites,
            )
        } else {
            ""
        },
        embodied_t: if d.hardware.iter().all(|h| h.embodied.is_none()) {
            String::new()
        } else {
            tonnes(g.embodied_attributed)
        },
        biogenic_t: g
            .biogenic_co2
            .map_or_else(String::new, |kg| format(convert(kg, "kgCO2e", "tCO2e"))),
        cloud_market_t: if cloud {
            tonnes(g.scope3_cloud_market)
        } else {
            String::new()
        },
        period_is_year: d.reporting_period.is_year(),
        standards: vec![
            "ESRS E1 (Commission Delegated Regulation (EU) 2023/2772, Annex I), E1-5 and E1-6",
            "GHG Protocol Scope 2 Guidance (2015): location- and market-based Scope 2",
            "GHG Protocol Corporate Value Chain (Scope 3) Standard: category 1",
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
    // "The rest" only after a part placed by instruments; otherwise all of it.
    let rest = if placed.is_empty() { "all" } else { "the rest" };
    let rest = match (s.basis, s.shares, &s.source) {
        (MixBasis::Unknown, _, _) | (_, None, _) | (_, _, None) => {
            format!("{rest} from sources the inputs do not give")
        }
        (basis, Some((fossil, nuclear, renewable)), Some(source)) => format!(
            "{rest} by {} (fossil {}, nuclear {}, renewable {}; {source})",
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
    let double = if s.withheld > 0.0 {
        let sources = s.withheld_sources.join(" and ");
        format!(
            "; of the rest, the {} MWh the mix calls {sources} are counted as from sources the inputs do not give: the generation mix still holds the energy whose attributes the instruments claim{}, so counting them {sources} could count the same energy twice (the residual mix's sources would place them)",
            mwh(s.withheld),
            if s.unstated_instruments > 0.0 {
                " (of any source, where an instrument states none)"
            } else {
                ""
            }
        )
    } else {
        String::new()
    };
    format!(
        "{}: {} MWh; {placed}{rest}{unstated}{unused}{double}.",
        s.site,
        mwh(s.energy)
    )
}

/// E1-5's rows, as AR 34 lays them out. Electricity whose sources no input gives may lie on
/// any purchased source's line (fossil, nuclear or renewable): those lines, their totals and
/// their shares then give the range it leaves open, from none of it to all of it, and no
/// single figure that would say "0 % fossil" of energy whose source is not known.
fn energy_rows(e: &crate::compute::esrs::EnergyMix) -> Vec<Row> {
    let total = e.total();
    let unknown = e.unknown;
    let share_of = |part: f64| {
        if total > 0.0 {
            percent(part / total)
        } else {
            "not applicable".to_owned()
        }
    };
    let share = |part: f64| {
        if unknown > 0.0 && total > 0.0 {
            format!("{} to {}", share_of(part), share_of(part + unknown))
        } else {
            share_of(part)
        }
    };
    // A line the unknown electricity may belong to: its range, and no single amount to
    // compare with the previous period.
    let open = |label: &str, part: f64, is_total: bool| {
        if unknown > 0.0 {
            row(
                label,
                format!("{} to {}", mwh(part), mwh(part + unknown)),
                None,
                is_total,
            )
        } else {
            row(label, mwh(part), Some(part), is_total)
        }
    };
    let exact = |label: &str, part: f64| row(label, mwh(part), Some(part), false);
    let energy = vec![
        exact("(1) Fuel consumption from coal and coal products", e.coal),
        exact(
            "(2) Fuel consumption from crude oil and petroleum products",
            e.oil,
        ),
        exact("(3) Fuel consumption from natural gas", e.natural_gas),
        exact(
            "(4) Fuel consumption from other fossil sources",
            e.other_fossil,
        ),
        open(
            "(5) Consumption of purchased or acquired electricity, heat, steam, and cooling from fossil sources",
            e.purchased_fossil,
            false,
        ),
        open("(6) Total fossil energy consumption", e.fossil(), true),
        row(
            "Share of fossil sources in total energy consumption",
            share(e.fossil()),
            None,
            false,
        ),
        open("(7) Consumption from nuclear sources", e.nuclear, false),
        row(
            "Share of consumption from nuclear sources in total energy consumption",
            share(e.nuclear),
            None,
            false,
        ),
        exact(
            "(8) Fuel consumption for renewable sources, including biomass (also comprising industrial and municipal waste of biologic origin, biogas, renewable hydrogen, etc.)",
            e.renewable_fuels,
        ),
        open(
            "(9) Consumption of purchased or acquired electricity, heat, steam, and cooling from renewable sources",
            e.purchased_renewable,
            false,
        ),
        exact(
            "(10) The consumption of self-generated non-fuel renewable energy",
            e.self_generated_renewable,
        ),
        open(
            "(11) Total renewable energy consumption",
            e.renewable(),
            true,
        ),
        row(
            "Share of renewable sources in total energy consumption",
            share(e.renewable()),
            None,
            false,
        ),
        row("Total energy consumption", mwh(total), Some(total), true),
    ];
    energy
}

/// E1-6's rows, as AR 48 lays them out, with the totals of AR 47.
fn ghg_rows(burned: bool, g: &crate::compute::esrs::Ghg) -> Vec<Row> {
    let ets = g
        .scope1_ets_share
        .map_or_else(|| "not applicable".to_owned(), percent);
    let scope1 = if burned {
        tonnes(g.scope1)
    } else {
        "0 (no fuel burned at the sites is stated)".to_owned()
    };
    let ghg = vec![
        row("Gross Scope 1 GHG emissions", scope1, Some(g.scope1), false),
        row(
            "Percentage of Scope 1 GHG emissions from regulated emission trading schemes",
            ets,
            None,
            false,
        ),
        row(
            "Gross location-based Scope 2 GHG emissions",
            tonnes(g.scope2_location),
            Some(g.scope2_location),
            false,
        ),
        row(
            "Gross market-based Scope 2 GHG emissions",
            tonnes(g.scope2_market),
            Some(g.scope2_market),
            false,
        ),
        row(
            "Scope 3, category 1: purchased goods and services (cloud services for the AI system, location-based)",
            tonnes(g.scope3_cloud),
            Some(g.scope3_cloud),
            false,
        ),
        // Not computed: the category counts hardware bought in the year in full, and the
        // inputs give embodied emissions spread over the hardware's life (see `Ghg`).
        row(
            "Scope 3, category 2: capital goods",
            "not computed".to_owned(),
            None,
            false,
        ),
        row(
            "Total gross indirect (Scope 3) GHG emissions",
            tonnes(g.scope3()),
            Some(g.scope3()),
            true,
        ),
        row(
            "Total GHG emissions (location-based)",
            tonnes(g.total_location()),
            Some(g.total_location()),
            true,
        ),
        row(
            "Total GHG emissions (market-based)",
            tonnes(g.total_market()),
            Some(g.total_market()),
            true,
        ),
    ];
    ghg
}
