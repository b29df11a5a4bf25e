//! The figures of ESRS E1 (Commission Delegated Regulation (EU) 2023/2772, Annex I) for one AI
//! system: E1-5's energy consumption and mix from own operations (para 37, the rows of AR 34)
//! and E1-6's gross Scope 1, 2 and 3 emissions and their totals (paras 44 and 48–52, AR 47).
//!
//! Own operations are the sites whose electricity the undertaking buys: its own and colocation
//! sites (Scope 2). A public cloud's electricity is the provider's consumption, not the
//! undertaking's: its energy is shown apart, as information, and its emissions are Scope 3,
//! category 1.
//!
//! The energy of a site is split by source in this order: the energy each contractual
//! instrument covers goes to the source it conveys (an instrument that states none leaves its
//! energy "not known": the residual mix, by definition, leaves out claimed attributes); the
//! rest follows the supplier's mix where given, else the residual mix's sources, else the
//! grid's generation mix, its shares scaled to add up to one; what none of these gives stays
//! "not known", never guessed. Where instruments are placed and the rest follows the grid's
//! generation mix, the rest's part of each source an instrument claims (or may claim, when it
//! states no source) stays "not known" too: the generation mix still holds the energy whose
//! attributes the instruments claim, so counting it by that source again could count the same
//! energy twice (GHG Protocol Scope 2 Guidance, chapter 6: the residual mix exists to avoid
//! this). The parts of sources no instrument claims keep their share, a floor: taking claimed
//! energy out of the mix leaves the others a larger share of the rest, never a smaller one.

use serde::Serialize;

use super::Results;
use crate::model::{Disclosure, EnergySource, Fuel, Mix, Operation};

/// Energy by source, kWh: the rows of ESRS E1 AR 34.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EnergyMix {
    /// (1) Fuel consumption from coal and coal products.
    pub coal: f64,
    /// (2) Fuel consumption from crude oil and petroleum products.
    pub oil: f64,
    /// (3) Fuel consumption from natural gas.
    pub natural_gas: f64,
    /// (4) Fuel consumption from other fossil sources.
    pub other_fossil: f64,
    /// (5) Purchased or acquired electricity from fossil sources.
    pub purchased_fossil: f64,
    /// (7) Consumption from nuclear sources.
    pub nuclear: f64,
    /// (8) Fuel consumption from renewable sources.
    pub renewable_fuels: f64,
    /// (9) Purchased or acquired electricity from renewable sources.
    pub purchased_renewable: f64,
    /// (10) Self-generated non-fuel renewable energy: none is modelled, so always 0.
    pub self_generated_renewable: f64,
    /// Purchased electricity whose sources no input gives.
    pub unknown: f64,
}

impl EnergyMix {
    /// (6) Total fossil energy consumption: rows 1 to 5.
    #[must_use]
    pub fn fossil(&self) -> f64 {
        self.coal + self.oil + self.natural_gas + self.other_fossil + self.purchased_fossil
    }

    /// (11) Total renewable energy consumption: rows 8 to 10.
    #[must_use]
    pub fn renewable(&self) -> f64 {
        self.renewable_fuels + self.purchased_renewable + self.self_generated_renewable
    }

    /// Total energy consumption: rows 6, 7 and 11, and what is not known.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.fossil() + self.nuclear + self.renewable() + self.unknown
    }
}

/// Where the split of a site's energy not covered by instruments comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MixBasis {
    /// The supplier's fuel mix.
    Supplier,
    /// The sources of the residual mix.
    Residual,
    /// The grid's generation mix.
    Grid,
    /// None is given.
    Unknown,
}

/// How one own-operations site's purchased electricity was split.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SiteMix {
    /// The site's id.
    pub site: String,
    /// Its facility energy, kWh.
    pub energy: f64,
    /// Energy covered by instruments that state their energy source, kWh.
    pub by_instruments: f64,
    /// Of it, the energy of renewable sources, kWh.
    pub renewable_instruments: f64,
    /// Energy covered by instruments that state no energy source, kWh: not known.
    pub unstated_instruments: f64,
    /// The part of the rest by the grid's generation mix, kWh, of the sources the site's
    /// instruments claim or may claim, left not known because they may claim it already; 0 on
    /// any other basis.
    pub withheld: f64,
    /// Those sources (`fossil`, `nuclear`, `renewable`), in that order.
    pub withheld_sources: Vec<&'static str>,
    /// Where the rest's split comes from.
    pub basis: MixBasis,
    /// The shares used for the rest (fossil, nuclear, renewable), with their source.
    pub shares: Option<(f64, f64, f64)>,
    /// The source of the shares.
    pub source: Option<String>,
    /// True when the residual mix's sources are given but the supplier's mix is used.
    pub residual_unused: bool,
}

/// Gross GHG emissions as ESRS E1-6 lays them out, kgCO2e.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Ghg {
    /// Gross Scope 1 (para 48(a)): fuel burned at the sites.
    pub scope1: f64,
    /// Share of Scope 1 from regulated emission trading schemes (para 48(b)), 0 to 1; `None`
    /// without Scope 1 emissions.
    pub scope1_ets_share: Option<f64>,
    /// Biogenic CO2 of the fuel burned (kgCO2), reported apart from Scope 1 and outside the
    /// totals (AR 43); `None` where no fuel states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub biogenic_co2: Option<f64>,
    /// Gross location-based Scope 2 (para 49(a)).
    pub scope2_location: f64,
    /// Gross market-based Scope 2 (para 49(b)).
    pub scope2_market: f64,
    /// Scope 3, category 1 (purchased goods and services): cloud services, location-based.
    pub scope3_cloud: f64,
    /// The same cloud services' emissions on the market basis, for information.
    pub scope3_cloud_market: f64,
    /// The hardware's embodied emissions attributed to the period (amortised over its life),
    /// for information and not in the totals: Scope 3 category 2 (capital goods) counts the
    /// cradle-to-gate emissions of capital goods bought in the year in full, never depreciated
    /// or amortised (GHG Protocol Corporate Value Chain (Scope 3) Standard, p. 39, as quoted in
    /// a secondary source), and which hardware was bought in the year is not in the inputs.
    pub embodied_attributed: f64,
}

impl Ghg {
    /// Gross Scope 3 (para 51): category 1, the cloud services; the one category wattprint
    /// computes.
    #[must_use]
    pub fn scope3(&self) -> f64 {
        self.scope3_cloud
    }

    /// Total GHG emissions, location-based (para 52, AR 47): Scope 1 + Scope 2 location-based
    /// + Scope 3.
    #[must_use]
    pub fn total_location(&self) -> f64 {
        self.scope1 + self.scope2_location + self.scope3()
    }

    /// Total GHG emissions, market-based (para 52, AR 47).
    #[must_use]
    pub fn total_market(&self) -> f64 {
        self.scope1 + self.scope2_market + self.scope3()
    }
}

/// The ESRS E1 figures of a disclosure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Esrs {
    /// E1-5: energy from own operations, by source, kWh.
    pub energy: EnergyMix,
    /// How each own-operations site was split.
    pub sites: Vec<SiteMix>,
    /// Energy used by cloud services for the system, kWh: the providers' consumption, not the
    /// undertaking's, shown apart.
    pub cloud_energy: f64,
    /// E1-6: gross emissions, kgCO2e.
    pub ghg: Ghg,
    /// The previous period's figures, shown beside these (`report --previous`); absent
    /// without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparative: Option<Comparative>,
}

/// The previous period's E1-5 and E1-6 figures, computed from its own disclosure by the same
/// method: the comparative information ESRS 1, section 7.1, asks beside each metric.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comparative {
    /// The previous period's first day.
    pub start: chrono::NaiveDate,
    /// Its last day.
    pub end: chrono::NaiveDate,
    /// Its energy from own operations, by source, kWh.
    pub energy: EnergyMix,
    /// Its cloud services' energy, kWh.
    pub cloud_energy: f64,
    /// Its gross emissions, kgCO2e.
    pub ghg: Ghg,
}

impl Comparative {
    /// The comparative of `esrs`, the figures of the period `period`.
    #[must_use]
    pub fn of(period: crate::model::Period, esrs: &Esrs) -> Self {
        Self {
            start: period.start,
            end: period.end,
            energy: esrs.energy.clone(),
            cloud_energy: esrs.cloud_energy,
            ghg: esrs.ghg.clone(),
        }
    }
}

/// The change from `previous` to `current` as a fraction of `previous` (AR 48's "% N / N-1");
/// `None` where the previous figure is zero, and there is no ratio to give.
#[must_use]
pub fn change(previous: f64, current: f64) -> Option<f64> {
    (previous != 0.0).then(|| (current - previous) / previous)
}

/// The ESRS E1 figures of `disclosure`, from its `results`.
#[must_use]
pub fn assess(disclosure: &Disclosure, results: &Results) -> Esrs {
    let mut esrs = Esrs::default();
    for combustion in &disclosure.combustion {
        let kwh = combustion.energy.value.kwh();
        let row = match combustion.fuel {
            Fuel::Coal => &mut esrs.energy.coal,
            Fuel::Oil => &mut esrs.energy.oil,
            Fuel::NaturalGas => &mut esrs.energy.natural_gas,
            Fuel::OtherFossil => &mut esrs.energy.other_fossil,
            Fuel::Renewable => &mut esrs.energy.renewable_fuels,
        };
        *row += kwh;
        esrs.ghg.scope1 += combustion.emissions.value.kg();
        if let Some(biogenic) = &combustion.biogenic_co2 {
            *esrs.ghg.biogenic_co2.get_or_insert(0.0) += biogenic.value.kg();
        }
    }
    let ets: f64 = disclosure
        .combustion
        .iter()
        .filter(|c| c.regulated_ets)
        .map(|c| c.emissions.value.kg())
        .fold(0.0, |sum, kg| sum + kg);
    esrs.ghg.scope1_ets_share = (esrs.ghg.scope1 > 0.0).then(|| ets / esrs.ghg.scope1);
    // An empty sum of f64 is -0.0, which JSON would show; adding 0.0 makes it 0.
    for site in &disclosure.sites {
        let Some(result) = results.sites.iter().find(|r| r.id == site.id) else {
            continue;
        };
        let energy = result.facility_energy.value;
        if site.operation == Operation::Cloud {
            esrs.cloud_energy += energy;
            esrs.ghg.scope3_cloud += result.location_based.value;
            esrs.ghg.scope3_cloud_market += result.market_based.value;
            continue;
        }
        esrs.ghg.scope2_location += result.location_based.value;
        esrs.ghg.scope2_market += result.market_based.value;
        if energy > 0.0 {
            esrs.sites.push(split(site, energy, &mut esrs.energy));
        }
    }
    esrs.ghg.embodied_attributed = results.total.embodied.value + 0.0;
    esrs
}

/// Splits `energy` (kWh) of own-operations `site` into `mix`, and says how.
fn split(site: &crate::model::Site, energy: f64, mix: &mut EnergyMix) -> SiteMix {
    let market = site.grid.market_based.as_ref();
    let instruments = market.map(|m| m.instruments.as_slice()).unwrap_or_default();
    let (mut by_instruments, mut renewable_claimed, mut unstated) = (0.0, 0.0, 0.0);
    // Whether instruments claim fossil, nuclear or renewable energy.
    let mut claims = [false; 3];
    for instrument in instruments {
        // Instruments never cover more than the site used (validation refuses more).
        let kwh = instrument
            .energy
            .kwh()
            .min(energy - by_instruments - unstated)
            .max(0.0);
        match instrument.energy_source {
            Some(EnergySource::Nuclear) => {
                mix.nuclear += kwh;
                claims[1] = true;
            }
            Some(EnergySource::Fossil) => {
                mix.purchased_fossil += kwh;
                claims[0] = true;
            }
            Some(_) => {
                mix.purchased_renewable += kwh;
                renewable_claimed += kwh;
                claims[2] = true;
            }
            None => {
                mix.unknown += kwh;
                unstated += kwh;
                claims = [true; 3];
                continue;
            }
        }
        by_instruments += kwh;
    }
    // What instruments leave, zero where they cover it to the rounding of the arithmetic (a
    // PPA of exactly the facility energy left 7e-12 kWh "of unknown source").
    let rest = super::formula::remainder(energy, by_instruments + unstated);
    let residual = market.and_then(|m| m.residual_sources.as_ref());
    let (basis, given) = if let Some(m) = &site.grid.supplier_mix {
        (MixBasis::Supplier, Some(m))
    } else if let Some(m) = residual {
        (MixBasis::Residual, Some(m))
    } else if let Some(m) = &site.grid.generation_mix {
        (MixBasis::Grid, Some(m))
    } else {
        (MixBasis::Unknown, None)
    };
    let shares = given.map(Mix::fractions);
    let (mut withheld, mut withheld_sources) = (0.0, Vec::new());
    match shares {
        // Shares are scaled to add up to one, so a published mix's rounding (99.9 % or
        // 100.1 %) neither makes nor loses energy.
        Some((fossil, nuclear, renewable)) if fossil + nuclear + renewable > 0.0 => {
            let sum = fossil + nuclear + renewable;
            let rows = [
                (fossil, &mut mix.purchased_fossil, "fossil"),
                (nuclear, &mut mix.nuclear, "nuclear"),
                (renewable, &mut mix.purchased_renewable, "renewable"),
            ];
            for ((share, row, name), claimed) in rows.into_iter().zip(claims) {
                let kwh = rest * share / sum;
                if basis == MixBasis::Grid && claimed && kwh > 0.0 {
                    withheld += kwh;
                    withheld_sources.push(name);
                } else {
                    *row += kwh;
                }
            }
            mix.unknown += withheld;
        }
        _ => mix.unknown += rest,
    }
    SiteMix {
        site: site.id.clone(),
        energy,
        by_instruments,
        renewable_instruments: renewable_claimed,
        unstated_instruments: unstated,
        withheld,
        withheld_sources,
        basis,
        shares,
        source: given.map(|m| m.source.clone()),
        residual_unused: basis == MixBasis::Supplier && residual.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_follow_ar_47() {
        // AR 47: total = Scope 1 + Scope 2 + Scope 3, once per Scope 2 basis.
        let ghg = Ghg {
            scope1: 1.0,
            scope1_ets_share: Some(0.0),
            scope2_location: 10.0,
            scope2_market: 4.0,
            scope3_cloud: 100.0,
            scope3_cloud_market: 90.0,
            embodied_attributed: 20.0,
            biogenic_co2: Some(50.0),
        };
        // The embodied emissions, amortised, are no category 2 figure and not in the totals;
        // nor is biogenic CO2 (AR 43).
        assert!((ghg.scope3() - 100.0).abs() < 1e-12);
        assert!((ghg.total_location() - 111.0).abs() < 1e-12);
        assert!((ghg.total_market() - 105.0).abs() < 1e-12);
    }

    #[test]
    fn the_mix_rows_add_up_as_ar_34_sums_them() {
        let mix = EnergyMix {
            coal: 1.0,
            oil: 2.0,
            natural_gas: 3.0,
            other_fossil: 4.0,
            purchased_fossil: 5.0,
            nuclear: 7.0,
            renewable_fuels: 8.0,
            purchased_renewable: 9.0,
            self_generated_renewable: 10.0,
            unknown: 0.0,
        };
        // Row 6 = rows 1 to 5; row 11 = rows 8 to 10; total = rows 6, 7 and 11.
        assert!((mix.fossil() - 15.0).abs() < 1e-12);
        assert!((mix.renewable() - 27.0).abs() < 1e-12);
        assert!((mix.total() - 49.0).abs() < 1e-12);
    }

    #[test]
    fn the_change_is_a_fraction_of_the_previous_figure() {
        // 80 t last year, 100 t this year: +25 %; 100 to 80: −20 %; from nothing, no ratio.
        assert_eq!(change(80.0, 100.0), Some(0.25));
        assert_eq!(change(100.0, 80.0), Some(-0.2));
        assert_eq!(change(0.0, 5.0), None);
    }
}
