//! The arithmetic of a disclosure, each formula once, as plain functions over numbers in
//! canonical units (kWh, gCO2e/kWh, kgCO2e). Everything else in `compute` only decides which
//! numbers go in.

/// Facility energy (kWh) from IT energy and PUE: the energy drawn from the grid including
/// cooling and power distribution (ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III).
#[must_use]
pub fn facility_energy(it_kwh: f64, pue: f64) -> f64 {
    it_kwh * pue
}

/// IT energy (kWh) inside a metered facility energy: the facility energy over the PUE, the
/// definition of PUE (facility energy ÷ IT energy) turned round.
#[must_use]
pub fn it_energy_of_facility(facility_kwh: f64, pue: f64) -> f64 {
    facility_kwh / pue
}

/// Emissions (kgCO2e) of `energy_kwh` at an emission factor of `g_per_kwh`.
///
/// This is the location-based method when the factor is the grid average (GHG Protocol
/// Scope 2 Guidance, section 6.2).
#[must_use]
pub fn emissions(energy_kwh: f64, g_per_kwh: f64) -> f64 {
    energy_kwh * g_per_kwh / 1000.0
}

/// Contractual instruments taken together: the energy they cover and their own emissions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instruments {
    /// Energy covered (kWh).
    pub covered_kwh: f64,
    /// Emissions of that energy at each instrument's own factor (kgCO2e).
    pub emissions_kg: f64,
}

/// `instruments`, each (energy kWh, factor gCO2e/kWh), taken together.
#[must_use]
pub fn instruments(instruments: &[(f64, f64)]) -> Instruments {
    Instruments {
        covered_kwh: instruments.iter().map(|(kwh, _)| kwh).sum::<f64>() + 0.0,
        emissions_kg: instruments.iter().map(|(kwh, g)| emissions(*kwh, *g)).sum(),
    }
}

/// Market-based emissions (kgCO2e): each instrument's energy at its own factor, the rest of
/// the energy at the residual mix (GHG Protocol Scope 2 Guidance, section 6.3).
///
/// Instruments covering more than the energy used cannot lower emissions below the
/// instruments' own; a finding reports that case, and here the remainder is floored at zero.
#[must_use]
pub fn market_based(energy_kwh: f64, instruments: Instruments, residual_g_per_kwh: f64) -> f64 {
    let uncovered = remainder(energy_kwh, instruments.covered_kwh);
    instruments.emissions_kg + emissions(uncovered, residual_g_per_kwh)
}

/// `minuend − subtrahend`, floored at zero, and zero where the two agree to within the rounding
/// of the arithmetic that made them (a relative 1e-12): 41,200 kWh at a PUE of 1.35 against a
/// PPA of 55,620 kWh left 4.5e-12 kWh, which a report printed as 0.000000000000004511 tCO2e.
#[must_use]
pub fn remainder(minuend: f64, subtrahend: f64) -> f64 {
    let difference = minuend - subtrahend;
    if difference <= 1e-12 * minuend.abs().max(subtrahend.abs()) {
        0.0
    } else {
        difference
    }
}

/// The part of `total` allocated to a share of `part` in `whole` (a site's market-based
/// emissions to one measurement by its facility energy): total × part ÷ whole.
#[must_use]
pub fn allocated(total: f64, part: f64, whole: f64) -> f64 {
    total * share(part, whole)
}

/// The emission factor (gCO2e/kWh) that gave `kg` from `kwh`; 0 for no energy.
#[must_use]
pub fn factor_of(kg: f64, kwh: f64) -> f64 {
    share(kg * 1000.0, kwh)
}

/// A total divided over the units of service it delivered (ISO/IEC 21031 SCI: ÷ R); `None`
/// when no units were delivered.
#[must_use]
pub fn per_unit(total: f64, units: f64) -> Option<f64> {
    (units > 0.0).then(|| total / units)
}

/// [`per_unit`] in thousandths of the total's unit: kWh, kgCO2e and L become Wh, gCO2e and mL
/// per unit, the scale at which one request's footprint reads.
#[must_use]
pub fn per_unit_milli(total: f64, units: f64) -> Option<f64> {
    per_unit(total, units).map(|v| v * 1000.0)
}

/// The total (kWh, kgCO2e, L) of `units` at `per_unit_milli` (Wh, gCO2e, mL) each: the
/// inverse of [`per_unit_milli`].
#[must_use]
pub fn total_of_milli(per_unit_milli: f64, units: f64) -> f64 {
    per_unit_milli * units / 1000.0
}

/// Average power of a device (kW) from its idle and maximum power and its utilisation (0 to 1):
/// idle + utilisation × (max − idle).
#[must_use]
pub fn average_power(idle_kw: f64, max_kw: f64, utilisation: f64) -> f64 {
    idle_kw + utilisation * (max_kw - idle_kw)
}

/// Energy (kWh) of `devices` each drawing `power_kw` on average for `hours`.
#[must_use]
pub fn device_energy(devices: f64, power_kw: f64, hours: f64) -> f64 {
    devices * power_kw * hours
}

/// Hours `devices` need to perform `flops` at `utilisation` of their peak FLOP/s:
/// FLOPs ÷ (devices × peak × utilisation) ÷ 3600.
#[must_use]
pub fn compute_hours(
    flops: f64,
    devices: f64,
    peak_flops_per_second: f64,
    utilisation: f64,
) -> f64 {
    flops / (devices * peak_flops_per_second * utilisation) / 3600.0
}

/// The share of their peak FLOP/s that `devices` sustained if they performed `flops` in
/// `hours`: FLOPs ÷ (devices × peak × hours × 3600), the inverse of [`compute_hours`].
#[must_use]
pub fn implied_utilisation(
    flops: f64,
    devices: f64,
    peak_flops_per_second: f64,
    hours: f64,
) -> f64 {
    flops / (devices * peak_flops_per_second * hours * 3600.0)
}

/// Average power (kW) of each of `devices` that together used `energy_kwh` in `hours`: the
/// inverse of [`device_energy`].
#[must_use]
pub fn mean_device_power(energy_kwh: f64, devices: f64, hours: f64) -> f64 {
    energy_kwh / (devices * hours)
}

/// The root of the sum of the squares of `values`: the combined relative uncertainty of a
/// product of independent factors from theirs (JCGM 100:2008, the GUM, 5.1.6, to first
/// order), and the combined absolute uncertainty of a sum of independent parts (GUM 5.1.2).
#[must_use]
pub fn root_sum_square(values: &[f64]) -> f64 {
    values.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// FLOPs per parameter and token of training a dense transformer (Kaplan et al. 2020,
/// "Scaling Laws for Neural Language Models", section 2.1).
pub const TRAINING_FLOPS_PER_PARAMETER_TOKEN: f64 = 6.0;

/// FLOPs per active parameter and generated token of inference (Kaplan et al. 2020, section
/// 2.1: the forward pass is a third of training's six).
pub const INFERENCE_FLOPS_PER_PARAMETER_TOKEN: f64 = 2.0;

/// Training FLOPs of a dense transformer, 6 × parameters × tokens.
#[must_use]
pub fn training_flops(parameters: f64, tokens: f64) -> f64 {
    TRAINING_FLOPS_PER_PARAMETER_TOKEN * parameters * tokens
}

/// Inference FLOPs, 2 × active parameters × generated tokens.
#[must_use]
pub fn inference_flops(active_parameters: f64, tokens: f64) -> f64 {
    INFERENCE_FLOPS_PER_PARAMETER_TOKEN * active_parameters * tokens
}

/// Embodied emissions (kgCO2e) attributed to the system (ISO/IEC 21031 SCI term M):
/// total embodied × (time reserved ÷ expected lifetime) × share of the hardware reserved.
#[must_use]
pub fn embodied(total_kg: f64, reserved_hours: f64, lifetime_hours: f64, share: f64) -> f64 {
    // A lifetime counts 365-day years and a period its leap days: a leap year reserved of a
    // one-year life is the whole life, never more of it.
    total_kg * (reserved_hours / lifetime_hours).min(1.0) * share
}

/// Water (litres): on site, WUE × IT energy; off site, the water intensity of electricity ×
/// facility energy.
#[must_use]
pub fn water(
    wue_l_per_kwh: f64,
    it_kwh: f64,
    electricity_l_per_kwh: f64,
    facility_kwh: f64,
) -> f64 {
    wue_l_per_kwh * it_kwh + electricity_l_per_kwh * facility_kwh
}

/// The sum of a figure stated for some measurements only (water): `None` unless every one
/// states it, since a sum over those that do would read as the whole (a site that states no WUE
/// used water all the same). `None` for no measurement.
#[must_use]
pub fn sum_if_all(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    values
        .into_iter()
        .try_fold(None, |sum: Option<f64>, value| {
            value.map(|v| Some(sum.unwrap_or(0.0) + v))
        })
        .flatten()
}

/// IT energy (kWh) once the parts the meter did not see are added: measured × (1 + Σ shares)
/// + Σ energies declared for parts.
#[must_use]
pub fn completed_energy(measured_kwh: f64, shares: &[f64], energies_kwh: &[f64]) -> f64 {
    measured_kwh * (1.0 + shares.iter().sum::<f64>()) + energies_kwh.iter().sum::<f64>()
}

/// The emission factor (gCO2e/kWh) of energy spread evenly over days, when the factor varies
/// by period: Σ days in each period × its factor ÷ Σ days. `days_and_factors` holds (days,
/// factor) per period.
#[must_use]
pub fn day_weighted_factor(days_and_factors: &[(f64, f64)]) -> f64 {
    let days: f64 = days_and_factors.iter().map(|(d, _)| d).sum();
    let weighted: f64 = days_and_factors.iter().map(|(d, f)| d * f).sum();
    share(weighted, days)
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
    fn utilisation_and_mean_power_invert_the_estimates() {
        // Llama 2 7B (Touvron et al. 2023, Table 2): 184,320 A100-80GB GPU hours at 400 W give
        // 73.7 MWh; 6 × 7e9 × 2e12 = 8.4e22 FLOPs at 312 TFLOP/s (BF16) peak:
        // 8.4e22 ÷ (312e12 × 184,320 h × 3600) = 0.406 (hand calculation).
        let u = implied_utilisation(8.4e22, 1.0, 312e12, 184_320.0);
        assert!((u - 0.4057).abs() < 1e-4, "{u}");
        assert!(close(compute_hours(8.4e22, 1.0, 312e12, u), 184_320.0));
        // 73,728 kWh over 184,320 GPU hours: 0.4 kW each.
        assert!(close(mean_device_power(73_728.0, 1.0, 184_320.0), 0.4));
        assert!(close(device_energy(1.0, 0.4, 184_320.0), 73_728.0));
    }

    #[test]
    fn uncertainties_combine_in_quadrature() {
        // A 3-4-5 triangle: √(0.03² + 0.04²) = 0.05.
        assert!(close(root_sum_square(&[0.03, 0.04]), 0.05));
        assert!(close(root_sum_square(&[]), 0.0));
    }

    #[test]
    fn facility_energy_multiplies_by_pue() {
        // 41.2 MWh of IT energy at PUE 1.35: 41,200 × 1.35 = 55,620 kWh.
        assert!(close(facility_energy(41_200.0, 1.35), 55_620.0));
    }

    #[test]
    fn a_metered_facility_energy_holds_its_it_energy_over_the_pue() {
        // 10 MWh metered at the building's supply at PUE 1.5: 10,000 ÷ 1.5 = 6,666.67 kWh of IT.
        assert!(close(
            it_energy_of_facility(10_000.0, 1.5),
            6_666.666_666_666_667
        ));
        assert!(close(
            facility_energy(it_energy_of_facility(55_620.0, 1.35), 1.35),
            55_620.0
        ));
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
            market_based(55_620.0, instruments(&[(20_000.0, 0.0)]), 620.0),
            22_084.4
        ));
    }

    #[test]
    fn instruments_covering_all_the_energy_leave_nothing_at_the_residual_mix() {
        // 41.2 MWh × 1.35 is 55,619.999… kWh in binary; a PPA of 55,620 kWh at 0 g covers it
        // all: exactly 0 kg, not the residue of the subtraction (attack review, 2026-12-01).
        let energy = 41_200.0 * 1.35;
        let ppa = instruments(&[(55_620.0, 0.0)]);
        assert_eq!(
            market_based(energy, ppa, 620.0).to_bits(),
            0.0_f64.to_bits()
        );
        // A real remainder is kept: 1 kWh uncovered at 620 g is 0.62 kg.
        let ppa = instruments(&[(55_619.0, 0.0)]);
        assert!((market_based(55_620.0, ppa, 620.0) - 0.62).abs() < 1e-9);
    }

    #[test]
    fn market_based_uses_residual_mix_without_instruments() {
        // 1,000 kWh × 620 g/kWh = 620 kg.
        assert!(close(market_based(1_000.0, instruments(&[]), 620.0), 620.0));
    }

    #[test]
    fn market_based_counts_instrument_factors() {
        // 1,000 kWh; 400 kWh at a supplier factor of 100 g (40 kg) + 600 kWh × 500 g (300 kg).
        assert!(close(
            market_based(1_000.0, instruments(&[(400.0, 100.0)]), 500.0),
            340.0
        ));
    }

    #[test]
    fn hardware_estimate_reproduces_patterson_gpt3() {
        // Patterson et al. 2021, Table 4, GPT-3: 10,000 V100 for 14.8 days at 330 W average.
        // 10,000 × 0.330 kW × 355.2 h = 1,172,160 kWh; × PUE 1.1 = 1,289,376 kWh, which the
        // paper rounds to 1,287 MWh (its own inputs are rounded), i.e. within 0.2 %.
        let it = device_energy(10_000.0, 0.330, 14.8 * 24.0);
        assert!(close(it, 1_172_160.0));
        let facility = facility_energy(it, 1.1);
        assert!((facility / 1_287_000.0 - 1.0).abs() < 0.002);
    }

    #[test]
    fn average_power_interpolates_between_idle_and_max() {
        // An H100 SXM at 90 W idle and 700 W max, 60 % utilised: 90 + 0.6 × 610 = 456 W.
        assert!(close(average_power(0.090, 0.700, 0.6), 0.456));
    }

    #[test]
    fn compute_estimate_turns_flops_into_hours() {
        // GPT-3's 3.14e23 training FLOPs (Brown et al. 2020, Table D.1) on 10,000 V100 at
        // 125 TFLOP/s peak and 20 % utilisation: 3.14e23 ÷ (1e4 × 1.25e14 × 0.2) = 1.256e6 s
        // = 348.9 h, close to the 355.2 h (14.8 days) Patterson et al. report.
        let hours = compute_hours(3.14e23, 10_000.0, 125e12, 0.2);
        assert!((hours - 348.888_888).abs() < 1e-3);
    }

    #[test]
    fn flops_follow_six_and_two_n_d() {
        // 70e9 parameters × 15e12 tokens × 6 = 6.3e24; 70e9 × 380 tokens × 2 = 5.32e13.
        assert!(close(training_flops(70e9, 15e12), 6.3e24));
        assert!(close(inference_flops(70e9, 380.0), 5.32e13));
    }

    #[test]
    fn embodied_is_amortised_over_the_lifetime_and_the_share_reserved() {
        // Four servers of 2,500 kgCO2e each (10,000 kg), reserved for half a year of a
        // five-year life, at 50 %: 10,000 × (4,380 ÷ 43,800) × 0.5 = 500 kg.
        assert!(close(embodied(10_000.0, 4_380.0, 43_800.0, 0.5), 500.0));
        // A leap year (8,784 h) reserved of a one-year life (8,760 h) is the whole life, not
        // 100.27 % of it (review, 2026-12-01).
        assert!(close(embodied(1_000.0, 8_784.0, 8_760.0, 1.0), 1_000.0));
    }

    #[test]
    fn a_figure_some_measurements_lack_has_no_sum() {
        // Attack of 2026-12-02: 54 MWh at a site without a WUE and 1.2 MWh at 1.8 L/kWh were
        // "1.800 m³ of water".
        assert_eq!(sum_if_all([Some(1_800.0), None]), None);
        assert_eq!(sum_if_all([Some(1_800.0), Some(200.0)]), Some(2_000.0));
        assert_eq!(sum_if_all([]), None);
    }

    #[test]
    fn water_adds_on_site_and_off_site() {
        // 41,200 kWh IT at a WUE of 1.8 L/kWh = 74,160 L on site; 55,620 kWh facility at
        // 1.2 L/kWh = 66,744 L off site; 140,904 L in all.
        assert!(close(water(1.8, 41_200.0, 1.2, 55_620.0), 140_904.0));
    }

    #[test]
    fn completion_reproduces_the_comprehensive_serving_boundary() {
        // Elsworth et al. 2025 (Google, Gemini Apps median text prompt, 0.24 Wh): active AI
        // accelerators 58 %, active host CPU and DRAM 25 %, idle machines 10 %, data-centre
        // overhead 8 %. From the accelerators' 0.58 × 0.24 = 0.1392 Wh, host and idle shares of
        // 25/58 and 10/58 give 0.1392 × 93/58 = 0.2232 Wh of IT energy; the overhead's 8 % of
        // the whole is a PUE of 0.24 ÷ 0.2232 = 1.0753 (the published shares are rounded and
        // sum to 101 %).
        let accelerators = 0.58 * 0.24;
        let it = completed_energy(accelerators, &[25.0 / 58.0, 10.0 / 58.0], &[]);
        assert!((it - 0.2232).abs() < 1e-9);
        let comprehensive = facility_energy(it, 0.24 / 0.2232);
        assert!((comprehensive - 0.24).abs() < 1e-12);
        // The narrow boundary (accelerators only) reports 58 % of the comprehensive figure.
        assert!((accelerators / comprehensive - 0.58).abs() < 1e-12);
    }

    #[test]
    fn declared_energies_add_to_shares() {
        // 41,200 kWh measured, host at 20 % (8,240 kWh) and networking at 1,500 kWh: 50,940 kWh.
        assert!(close(
            completed_energy(41_200.0, &[0.2], &[1_500.0]),
            50_940.0
        ));
    }

    #[test]
    fn monthly_factors_weigh_by_days() {
        // 31 days of January at 400 g and 28 days of February at 300 g:
        // (31 × 400 + 28 × 300) ÷ 59 = 20,800 ÷ 59 = 352.54 g/kWh.
        let factor = day_weighted_factor(&[(31.0, 400.0), (28.0, 300.0)]);
        assert!((factor - 352.542_372_881).abs() < 1e-6);
    }

    #[test]
    fn per_unit_divides_and_refuses_zero_units() {
        // 55,620 kWh over 18.4 million requests = 3.0228 Wh per request.
        let kwh = per_unit(55_620.0, 18_400_000.0).unwrap();
        assert!(close(kwh * 1000.0, 3.022_826_086_956_522));
        assert_eq!(per_unit(1.0, 0.0), None);
    }
}
