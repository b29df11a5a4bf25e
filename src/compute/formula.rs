//! The arithmetic of a disclosure, each formula once, as plain functions over numbers in
//! canonical units (kWh, gCO2e/kWh, kgCO2e). Everything else in `compute` only decides which
//! numbers go in.

/// Facility energy (kWh) from IT energy and PUE: the energy drawn from the grid including
/// cooling and power distribution (Delegated Regulation (EU) 2024/1364, PUE definition).
#[must_use]
pub fn facility_energy(it_kwh: f64, pue: f64) -> f64 {
    it_kwh * pue
}

/// Emissions (kgCO2e) of `energy_kwh` at an emission factor of `g_per_kwh`.
///
/// This is the location-based method when the factor is the grid average (GHG Protocol
/// Scope 2 Guidance, section 6.2).
#[must_use]
pub fn emissions(energy_kwh: f64, g_per_kwh: f64) -> f64 {
    energy_kwh * g_per_kwh / 1000.0
}

/// Market-based emissions (kgCO2e): each instrument's energy at its own factor, the rest of
/// the energy at the residual mix (GHG Protocol Scope 2 Guidance, section 6.3).
///
/// `instruments` are (energy kWh, factor gCO2e/kWh). Instruments covering more than the
/// energy used cannot lower emissions below the instruments' own; validation reports that
/// case, and here the remainder is floored at zero.
#[must_use]
pub fn market_based(energy_kwh: f64, instruments: &[(f64, f64)], residual_g_per_kwh: f64) -> f64 {
    let covered: f64 = instruments.iter().map(|(kwh, _)| kwh).sum();
    let instrument_emissions: f64 = instruments.iter().map(|(kwh, g)| emissions(*kwh, *g)).sum();
    let remainder = (energy_kwh - covered).max(0.0);
    instrument_emissions + emissions(remainder, residual_g_per_kwh)
}

/// A total divided over the units of service it delivered (ISO/IEC 21031 SCI: ÷ R); `None`
/// when no units were delivered.
#[must_use]
pub fn per_unit(total: f64, units: f64) -> Option<f64> {
    (units > 0.0).then(|| total / units)
}

/// The share `part` is of `whole`, 0 when the whole is 0.
#[must_use]
pub fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn facility_energy_multiplies_by_pue() {
        // 41.2 MWh of IT energy at PUE 1.35: 41,200 × 1.35 = 55,620 kWh.
        assert!(close(facility_energy(41_200.0, 1.35), 55_620.0));
    }

    #[test]
    fn location_based_emissions_reproduce_patterson_gpt3() {
        // Patterson et al. 2021, Table 4, GPT-3: 1,287 MWh at 429 gCO2e/kWh → 552 tCO2e.
        // 1,287,000 kWh × 429 g/kWh = 552,123,000 g = 552,123 kg.
        assert!(close(emissions(1_287_000.0, 429.0), 552_123.0));
    }

    #[test]
    fn market_based_uses_residual_mix_for_uncovered_energy() {
        // 55,620 kWh; a PPA covers 20,000 kWh at 0 g; the remaining 35,620 kWh at a residual
        // mix of 620 g/kWh: 35,620 × 0.620 = 22,084.4 kg.
        assert!(close(
            market_based(55_620.0, &[(20_000.0, 0.0)], 620.0),
            22_084.4
        ));
    }

    #[test]
    fn market_based_uses_residual_mix_without_instruments() {
        // 1,000 kWh × 620 g/kWh = 620 kg.
        assert!(close(market_based(1_000.0, &[], 620.0), 620.0));
    }

    #[test]
    fn market_based_counts_instrument_factors() {
        // 1,000 kWh; 400 kWh at a supplier factor of 100 g (40 kg) + 600 kWh × 500 g (300 kg).
        assert!(close(
            market_based(1_000.0, &[(400.0, 100.0)], 500.0),
            340.0
        ));
    }

    #[test]
    fn per_unit_divides_and_refuses_zero_units() {
        // 55,620 kWh over 18.4 million requests = 3.0228 Wh per request.
        let kwh = per_unit(55_620.0, 18_400_000.0).unwrap();
        assert!(close(kwh * 1000.0, 3.022_826_086_956_522));
        assert_eq!(per_unit(1.0, 0.0), None);
    }
}
