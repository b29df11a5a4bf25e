//! Propagation of the stated uncertainties by a seeded Monte Carlo simulation: every uncertain
//! input is drawn as a multiplicative factor around its value, the totals and per-unit figures
//! are recomputed for each draw, and the 2.5th and 97.5th percentiles give the 95 % interval.
//!
//! The central value reported stays the deterministic one. The generator is xoshiro256**
//! seeded through splitmix64 and the maths is `libm`'s, so the same inputs, seed and number of
//! draws give the same digits on every platform. Each hardware item's embodied emissions are
//! drawn once per draw and shared among the per-unit lines in their central proportions. A
//! normal draw is clamped at zero, for a group of measurements as a whole (see [`Group`]).
//! Water is drawn from each draw's energies and the sites' water factors; their own
//! uncertainties, where stated, take the last random numbers of a draw, and a disclosure whose
//! water factors state none draws every other figure with the digits it would have without
//! water.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use schemars::JsonSchema;

use serde::Serialize;

use super::{Results, formula};
use crate::model::{BoundaryPart, Disclosure, Distribution, Uncertainty};

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Interval {
    /// 2.5th percentile of the draws.
    pub low: f64,
    /// 97.5th percentile of the draws.
    pub high: f64,
}

/// The 97.5th percentile of the standard normal distribution.
const Z95: f64 = 1.959_963_984_540_054;

/// xoshiro256** (Blackman and Vigna 2018): small, fast, and identical everywhere. It counts
/// the numbers it has given, so that draws split among threads can be checked to start where
/// one thread would have been, and so that a normal draw knows its place in [`Normals`].
struct Rng<'a> {
    state: [u64; 4],
    drawn: u64,
    /// The normal draws this generator's seed shares with other simulations.
    normals: Option<&'a Normals>,
}

impl<'a> Rng<'a> {
    /// The generator of `seed`, reading and leaving its normal draws in `normals` when they
    /// were made for that seed.
    fn sharing(seed: u64, normals: Option<&'a Normals>) -> Self {
        Self {
            normals: normals.filter(|n| n.seed == seed),
            ..Rng::new(seed)
        }
    }
}

impl Rng<'_> {
    fn new(seed: u64) -> Self {
        // splitmix64 spreads any seed, including 0, over the whole state.
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Self {
            state: [next(), next(), next(), next()],
            drawn: 0,
            normals: None,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.drawn += 1;
        let result = self.state[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        self.step();
        result
    }

    /// The state's transition, which is linear over GF(2): what [`Rng::skip`] jumps by.
    fn step(&mut self) {
        let s = &mut self.state;
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
    }

    /// Moves on `count` numbers, as drawing them would. Far ahead, it jumps: the state
    /// `count` steps on is `p(T)` applied to the state, where `T` is the transition and
    /// `p(x) = x^count mod` its characteristic polynomial (Haramoto et al., "Efficient jump
    /// ahead for F2-linear random number generators", 2008), which takes 256 steps and a
    /// polynomial squaring for each bit of `count`, however far it goes. Stepping there would
    /// take time in proportion to `count`, and the last of the parts a simulation is shared in
    /// skips all but its own share of the draws.
    fn skip(&mut self, count: u64) {
        self.drawn += count;
        if count < JUMP_FROM {
            for _ in 0..count {
                self.step();
            }
            return;
        }
        let p = x_to_the(count);
        let mut sum = [0; 4];
        for k in 0..256 {
            if p[k / 64] >> (k % 64) & 1 == 1 {
                for (sum, word) in sum.iter_mut().zip(self.state) {
                    *sum ^= word;
                }
            }
            self.step();
        }
        self.state = sum;
    }

    /// Uniform in (0, 1), never exactly 0 so that its logarithm is finite.
    fn uniform(&mut self) -> f64 {
        // 2^-53: the top 53 bits of a draw, scaled into (0, 1).
        const SCALE: f64 = 1.0 / 9_007_199_254_740_992.0;
        #[allow(
            clippy::cast_precision_loss,
            reason = "53 bits are exactly representable"
        )]
        let bits = (self.next_u64() >> 11) as f64;
        (bits + 0.5) * SCALE
    }

    /// Standard normal by the Box–Muller transform of the next two numbers.
    fn normal(&mut self) -> f64 {
        let at = self.drawn;
        let u = self.uniform();
        let v = self.uniform();
        let transform = || libm::sqrt(-2.0 * libm::log(u)) * libm::cos(std::f64::consts::TAU * v);
        match self.normals {
            Some(shared) => shared.normal_at(at, transform),
            None => transform(),
        }
    }
}

/// Normal draws shared by the simulations of a disclosure and of its design scenarios, which
/// draw from the same seed (so that their draws pair up): the Box–Muller normal of the
/// generator's numbers at places `p` and `p + 1` is the same whichever simulation draws it,
/// so the first to need it works it out and the others read it. `log` and `cos` are a third of
/// a draw, and a scenario draws again what the baseline drew. Simulations running at once may
/// each work out the same value; they leave the same bits.
pub struct Normals {
    seed: u64,
    /// How many places the table holds.
    places: usize,
    /// The bits of the normal drawn from the numbers at each place, or [`Normals::EMPTY`];
    /// made when the first normal is drawn, so that a disclosure that states no uncertainty
    /// costs nothing.
    slots: OnceLock<Box<[AtomicU64]>>,
}

impl Normals {
    /// A place not drawn yet: a NaN, which a Box–Muller normal (from numbers strictly
    /// between 0 and 1) never is.
    const EMPTY: u64 = u64::MAX;

    /// Most places held (8 MiB): past them, a simulation works its normals out itself.
    const MOST: u64 = 1 << 20;

    /// For the simulations of `disclosure` and its design scenarios; `None` when it has no
    /// scenario. Room is made for the first [`Normals::MOST`] of the places a simulation's
    /// draws can take: two numbers for each measurement, for each of the three uncertain
    /// figures of every site (the disclosure's, and the most a scenario adds), and for each
    /// hardware item.
    #[must_use]
    pub fn for_scenarios(disclosure: &Disclosure) -> Option<Self> {
        let added = disclosure.scenarios.iter().map(|s| s.sites.len()).max()?;
        let sites = disclosure.sites.len() + added;
        let per_draw = 2 * (disclosure.measurements.len() + 3 * sites + disclosure.hardware.len());
        let settings = disclosure.methodology.monte_carlo;
        let places = u64::from(settings.draws.max(1))
            .saturating_mul(u64::try_from(per_draw).unwrap_or(u64::MAX))
            .min(Self::MOST);
        Some(Self {
            seed: settings.seed,
            places: usize::try_from(places).unwrap_or(0),
            slots: OnceLock::new(),
        })
    }

    /// The normal drawn from the numbers at `place` and the one after, worked out by
    /// `transform` unless a simulation already did.
    fn normal_at(&self, place: u64, transform: impl FnOnce() -> f64) -> f64 {
        let slots = self.slots.get_or_init(|| {
            (0..self.places)
                .map(|_| AtomicU64::new(Self::EMPTY))
                .collect()
        });
        let Some(slot) = usize::try_from(place).ok().and_then(|p| slots.get(p)) else {
            return transform();
        };
        let bits = slot.load(Ordering::Relaxed);
        if bits != Self::EMPTY {
            return f64::from_bits(bits);
        }
        let normal = transform();
        slot.store(normal.to_bits(), Ordering::Relaxed);
        normal
    }

    /// The places whose normal was drawn, in order.
    #[cfg(test)]
    fn drawn(&self) -> Vec<usize> {
        self.slots.get().map_or_else(Vec::new, |slots| {
            (0..slots.len())
                .filter(|&p| slots[p].load(Ordering::Relaxed) != Self::EMPTY)
                .collect()
        })
    }
}

/// From how many numbers on [`Rng::skip`] jumps rather than steps: about where a jump's
/// polynomial products (a few thousand operations for each bit of the count) cost as much as
/// stepping (a few operations a number).
const JUMP_FROM: u64 = 1 << 14;

/// A polynomial over GF(2) of degree below 256: bit `i % 64` of word `i / 64` is the
/// coefficient of `xⁱ`.
type Polynomial = [u64; 4];

/// The characteristic polynomial of xoshiro256's transition, `x²⁵⁶ + …`: its coefficients below
/// `x²⁵⁶`. Found by the Berlekamp–Massey algorithm from one bit of the state over 600 steps;
/// a unit test checks that `x^(2¹²⁸)` modulo it is the jump polynomial Blackman and Vigna
/// publish with the generator.
const CHARACTERISTIC: Polynomial = [
    0x9d11_6f2b_b0f0_f001,
    0x0280_002b_cefd_1a5e,
    0x04b4_edcf_2625_9f85,
    0x0003_c03c_3f3e_cb19,
];

/// `a × x`, modulo [`CHARACTERISTIC`].
fn times_x(a: Polynomial) -> Polynomial {
    let overflow = a[3] >> 63 == 1;
    let mut product = [
        a[0] << 1,
        (a[1] << 1) | (a[0] >> 63),
        (a[2] << 1) | (a[1] >> 63),
        (a[3] << 1) | (a[2] >> 63),
    ];
    if overflow {
        for (word, c) in product.iter_mut().zip(CHARACTERISTIC) {
            *word ^= c;
        }
    }
    product
}

/// `a × b`, modulo [`CHARACTERISTIC`]: `a × xᵏ` added for each term `xᵏ` of `b`.
fn times(mut a: Polynomial, b: Polynomial) -> Polynomial {
    let mut product = [0; 4];
    for k in 0..256 {
        if b[k / 64] >> (k % 64) & 1 == 1 {
            for (word, a) in product.iter_mut().zip(a) {
                *word ^= a;
            }
        }
        a = times_x(a);
    }
    product
}

/// `x^n`, modulo [`CHARACTERISTIC`], by squaring.
fn x_to_the(n: u64) -> Polynomial {
    let mut power = [1, 0, 0, 0];
    for bit in (0..u64::BITS - n.leading_zeros()).rev() {
        power = times(power, power);
        if n >> bit & 1 == 1 {
            power = times_x(power);
        }
    }
    power
}

/// An uncertainty reduced to the constants its draws take, worked out once for a simulation
/// rather than at every draw (a log-normal's `ln(1 + p)` was a third of its draw). A draw does
/// the same arithmetic on the same numbers, in the same order, as working them out each time
/// would, so the digits are those of a stated uncertainty drawn directly.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Factor {
    /// `1 + scale × N(0, 1)`, clamped at zero; `scale = p / z₉₅`.
    Normal { scale: f64 },
    /// `exp(sigma × N(0, 1))`; `sigma = ln(1 + p) / z₉₅`, so that the 97.5th percentile is
    /// `1 + p`.
    Lognormal { sigma: f64 },
    /// `base + width × U(0, 1)` on `[1 − below, 1 + above]`.
    Uniform { base: f64, width: f64 },
    /// The triangular distribution on `[1 + a, 1 + b]` with its mode at 1, by its inverse CDF:
    /// `split` is the probability below the mode.
    Triangular {
        a: f64,
        b: f64,
        width: f64,
        split: f64,
    },
}

impl Factor {
    /// The distribution's name: draws of two kinds take different random numbers.
    fn kind(self) -> &'static str {
        match self {
            Self::Normal { .. } => "normal",
            Self::Lognormal { .. } => "lognormal",
            Self::Uniform { .. } => "uniform",
            Self::Triangular { .. } => "triangular",
        }
    }

    fn of(uncertainty: Uncertainty) -> Self {
        match uncertainty {
            Uncertainty::Relative(p)
            | Uncertainty::Distribution(Distribution::Normal { relative: p }) => Self::Normal {
                scale: p.fraction() / Z95,
            },
            Uncertainty::Distribution(Distribution::Lognormal { relative }) => Self::Lognormal {
                sigma: libm::log(1.0 + relative.fraction()) / Z95,
            },
            Uncertainty::Distribution(Distribution::Uniform { below, above }) => {
                let (a, b) = (-below.fraction(), above.fraction());
                Self::Uniform {
                    base: 1.0 + a,
                    width: b - a,
                }
            }
            Uncertainty::Distribution(Distribution::Triangular { below, above }) => {
                let (a, b) = (-below.fraction(), above.fraction());
                Self::Triangular {
                    a,
                    b,
                    width: b - a,
                    split: formula::share(-a, b - a),
                }
            }
        }
    }

    /// One draw of the multiplicative factor on the value. Each kind takes a fixed count of
    /// random numbers (two for a normal or log-normal, one otherwise), which [`split`] relies
    /// on.
    fn draw(self, rng: &mut Rng) -> f64 {
        match self {
            // A value cannot be negative; a normal draw below zero is clamped there.
            Self::Normal { scale } => (1.0 + scale * rng.normal()).max(0.0),
            Self::Lognormal { sigma } => libm::exp(sigma * rng.normal()),
            Self::Uniform { base, width } => base + width * rng.uniform(),
            Self::Triangular { a, b, width, split } => {
                let u = rng.uniform();
                let x = if u < split {
                    a + libm::sqrt(u * width * (-a))
                } else {
                    b - libm::sqrt((1.0 - u) * width * b)
                };
                1.0 + x
            }
        }
    }
}

/// Measurements reduced to the numbers a draw needs. Measurements that share a site, a PUE
/// treatment, a grid factor and the per-unit lines they count in are drawn as one group when
/// their uncertainties are normal: a sum of independent normal draws is itself normal, with
/// the summed mean and the root of the summed variances, so one draw stands for the group
/// exactly. Other distributions are drawn measurement by measurement.
#[derive(Clone)]
struct Group {
    /// Central IT energy of the group (kWh).
    it_kwh: f64,
    /// Standard deviation of the group's IT energy from normal uncertainties (kWh).
    sd_kwh: f64,
    /// A non-normal uncertainty, for a group of one measurement.
    other: Option<Factor>,
    /// The location-based factor at its central value (gCO2e/kWh), monthly factors applied.
    intensity: f64,
    site: Option<usize>,
    /// Whether PUE applies (the meter did not include the facility).
    pue_applies: bool,
    /// How much of the group's location-based emissions a claim's own footprint counts
    /// ([`super::lifecycle::footprint_weight`]): the same for each of its measurements in a
    /// disclosure with claims, whose groups of training are each one model's.
    footprint: f64,
}

/// A site reduced to the numbers a draw needs.
#[derive(Clone)]
struct SiteNumbers {
    pue: Option<(f64, Option<Factor>)>,
    /// Uncertainty of the location-based factor (each measurement keeps its central factor).
    location: Option<Factor>,
    /// The site's instruments, and its residual mix (gCO2e/kWh).
    market: Option<(formula::Instruments, f64)>,
    /// Uncertainty of the residual mix.
    residual: Option<Factor>,
    /// WUE (L/kWh of IT energy) and the water intensity of the electricity (L/kWh of facility
    /// energy), each with its uncertainty: 0 where the site states none.
    water: [(f64, Option<Factor>); 2],
}

/// A per-unit line: the groups that served it, how many units, and its embodied emissions
/// from each hardware item that served it (its place in [`Simulation::embodied`], kgCO2e), so
/// that a line moves with the draws of that hardware alone.
#[derive(Clone)]
struct UnitLine {
    serving: Vec<usize>,
    units: f64,
    embodied_kg: Vec<(usize, f64)>,
    /// Whether the line states water (every measurement serving it does).
    water: bool,
}

/// Draws of one figure, in the order drawn.
#[derive(Default)]
struct Column(Vec<f64>);

impl Column {
    fn interval(mut self) -> Interval {
        Interval {
            low: percentile(&mut self.0, 0.025),
            high: percentile(&mut self.0, 0.975),
        }
    }
}

/// The `p` quantile of `values`, linearly interpolated between the two order statistics
/// around it. Only those two are found (by selection, in linear time), not the whole order:
/// a report takes dozens of intervals of 10,000 draws each. `values` is left reordered.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    #[allow(clippy::cast_precision_loss, reason = "draw counts are far below 2^52")]
    let position = p * (values.len() - 1) as f64;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "position lies in [0, len - 1]"
    )]
    let below = position.floor() as usize;
    let weight = position - position.floor();
    // The selection places one of the two order statistics; the other is the extreme of the
    // smaller side beside it, so that a 2.5th percentile scans a fortieth of the draws, not
    // the rest.
    let (low, high) = if below < values.len() / 2 {
        let (smaller, &mut high, _) = values.select_nth_unstable_by(below + 1, f64::total_cmp);
        let low = smaller
            .iter()
            .copied()
            .max_by(f64::total_cmp)
            .unwrap_or(high);
        (low, high)
    } else {
        let (_, &mut low, larger) = values.select_nth_unstable_by(below, f64::total_cmp);
        let high = larger.iter().copied().min_by(f64::total_cmp).unwrap_or(low);
        (low, high)
    };
    low * (1.0 - weight) + high * weight
}

/// A disclosure reduced to the numbers one draw needs, with buffers reused across draws. A draw
/// overwrites every buffer before reading it, so no draw depends on the one before: the draws
/// can be shared among threads, each with its own copy ([`split`]).
#[derive(Clone)]
struct Simulation {
    groups: Vec<Group>,
    sites: Vec<SiteNumbers>,
    lines: Vec<UnitLine>,
    facility: Vec<f64>,
    /// IT energy of each group in the current draw (kWh), for its water on site.
    it: Vec<f64>,
    location: Vec<f64>,
    market: Vec<f64>,
    water: Vec<f64>,
    site_facility: Vec<f64>,
    site_location: Vec<f64>,
    /// PUE of each site and the multipliers on its grid factor and residual mix in the current
    /// draw.
    site_factors: Vec<(f64, f64, f64)>,
    /// Embodied emissions of each hardware item at its central value (kgCO2e) and its
    /// uncertainty.
    embodied: Vec<(f64, Option<Factor>)>,
    /// Each hardware item's multiplier on its central value in the current draw.
    embodied_factors: Vec<f64>,
    /// Whether any site states water.
    wet: bool,
    /// Each site's WUE and water of its electricity in the current draw (L/kWh).
    water_factors: Vec<[f64; 2]>,
    /// The sites with hourly figures.
    hourly: Vec<HourlyNumbers>,
}

/// One Monte Carlo draw of a disclosure's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TotalDraw {
    /// IT energy (kWh).
    pub it_kwh: f64,
    /// Facility energy (kWh).
    pub facility_kwh: f64,
    /// Location-based emissions (kgCO2e).
    pub location_kg: f64,
    /// Location-based emissions a claim's own footprint counts (kgCO2e): inference's in full,
    /// training's at the share allocated to the period ([`super::lifecycle::footprint_weight`]).
    pub footprint_kg: f64,
    /// Market-based emissions (kgCO2e).
    pub market_kg: f64,
    /// Embodied emissions (kgCO2e).
    pub embodied_kg: f64,
    /// Location-based emissions with hourly grid factors, over the sites that give them
    /// (kgCO2e).
    pub hourly_location_kg: f64,
    /// Market-based emissions by the proposed hourly method, over the sites with hourly
    /// figures and a residual mix (kgCO2e).
    pub hourly_market_kg: f64,
    /// Water used on and off site (litres), over the sites that state water.
    pub water_l: f64,
}

/// A site's hourly figures as a draw reads them. The hourly files state no uncertainty, so a
/// draw scales the site's hours by its drawn facility energy (each measurement's shape kept)
/// and the residual mix by its drawn factor; matching is done again through
/// [`super::hourly::HourlyDraws`], since a larger consumption finds less generation to match.
#[derive(Debug, Clone)]
struct HourlyNumbers {
    site: usize,
    /// The site's central facility energy (kWh).
    facility_kwh: f64,
    /// The central location-based figure with hourly factors (kgCO2e).
    location_kg: Option<f64>,
    /// The hourly market-based figure as a function of the draw, and the residual mix.
    market: Option<(super::hourly::HourlyDraws, f64)>,
}

impl HourlyNumbers {
    /// Those of every site of `results` with hourly figures.
    fn of(disclosure: &Disclosure, results: &Results) -> Vec<Self> {
        results
            .sites
            .iter()
            .zip(&disclosure.sites)
            .enumerate()
            .filter_map(|(s, (r, site))| {
                let hourly = r.hourly.as_ref()?;
                let consumption = super::hourly::Profile::new(
                    hourly.series.iter().map(|h| (h.at, h.kwh)).collect(),
                )
                .ok()?;
                let market = hourly.market_based.as_ref().and_then(|_| {
                    let residual = site.grid.market_based.as_ref()?.residual_mix.g_per_kwh();
                    let (supplies, _) = super::site::supplies(site);
                    Some((
                        super::hourly::HourlyDraws::new(&consumption, &supplies),
                        residual,
                    ))
                });
                Some(Self {
                    site: s,
                    facility_kwh: r.facility_energy.value,
                    location_kg: hourly.location_based.as_ref().map(|l| l.emissions.value),
                    market,
                })
            })
            .collect()
    }
}

/// One draw of a per-unit line, per unit.
#[derive(Debug, Clone, Copy)]
struct LineDraw {
    /// Facility energy (Wh).
    energy_wh: f64,
    /// Location-based emissions (gCO2e).
    location_g: f64,
    /// Market-based emissions (gCO2e).
    market_g: f64,
    /// SCI: location-based and embodied emissions (gCO2e).
    sci_g: f64,
    /// Water (mL).
    water_ml: f64,
}

/// The draws of each total, gathered for their intervals.
#[derive(Default)]
struct TotalColumns {
    it: Column,
    facility: Column,
    location: Column,
    market: Column,
    embodied: Column,
    water: Column,
}

impl TotalColumns {
    fn push(&mut self, draw: TotalDraw) {
        self.it.0.push(draw.it_kwh);
        self.facility.0.push(draw.facility_kwh);
        self.location.0.push(draw.location_kg);
        self.market.0.push(draw.market_kg);
        self.embodied.0.push(draw.embodied_kg);
        self.water.0.push(draw.water_l);
    }
}

/// What a part of a batch of draws gathers: the totals of each draw (for the first batch), and
/// the columns of the batch's per-unit lines.
struct Batch {
    draws: Vec<TotalDraw>,
    lines: Vec<LineColumns>,
}

impl Batch {
    /// `later`'s draws after this one's.
    fn join(&mut self, later: Batch) {
        self.draws.extend(later.draws);
        for (columns, later) in self.lines.iter_mut().zip(later.lines) {
            columns.energy.0.extend(later.energy.0);
            columns.location.0.extend(later.location.0);
            columns.market.0.extend(later.market.0);
            columns.sci.0.extend(later.sci.0);
            if let (Some(water), Some(later)) = (&mut columns.water, later.water) {
                water.0.extend(later.0);
            }
        }
    }
}

/// The draws of each figure of a per-unit line.
#[derive(Default)]
struct LineColumns {
    energy: Column,
    location: Column,
    market: Column,
    sci: Column,
    /// Only for a line that states water.
    water: Option<Column>,
}

impl LineColumns {
    fn with_capacity(draws: usize, water: bool) -> Self {
        Self {
            energy: Column(Vec::with_capacity(draws)),
            location: Column(Vec::with_capacity(draws)),
            market: Column(Vec::with_capacity(draws)),
            sci: Column(Vec::with_capacity(draws)),
            water: water.then(|| Column(Vec::with_capacity(draws))),
        }
    }

    fn push(&mut self, draw: LineDraw) {
        self.energy.0.push(draw.energy_wh);
        self.location.0.push(draw.location_g);
        self.market.0.push(draw.market_g);
        self.sci.0.push(draw.sci_g);
        if let Some(water) = &mut self.water {
            water.0.push(draw.water_ml);
        }
    }
}

impl Simulation {
    fn new(disclosure: &Disclosure, results: &Results) -> Self {
        let Grouped {
            groups,
            memberships,
            ..
        } = groups(disclosure, results);
        let sites: Vec<SiteNumbers> = disclosure
            .sites
            .iter()
            .map(|s| {
                let [(_, pue), (_, location), (_, residual)] = site_uncertainties(s);
                let [(_, wue), (_, electricity)] = water_uncertainties(s);
                let water =
                    |figure: &Option<crate::model::Figure<crate::model::WaterIntensity>>,
                     u: Option<Uncertainty>| {
                        (
                            figure.as_ref().map_or(0.0, |f| f.value.l_per_kwh()),
                            u.map(Factor::of),
                        )
                    };
                SiteNumbers {
                    water: [water(&s.wue, wue), water(&s.electricity_water, electricity)],
                    pue: s.pue.as_ref().map(|p| (p.value, pue.map(Factor::of))),
                    location: location.map(Factor::of),
                    market: s
                        .grid
                        .market_based
                        .as_ref()
                        .map(|m| (super::instruments(m), m.residual_mix.g_per_kwh())),
                    residual: residual.map(Factor::of),
                }
            })
            .collect();
        let mut serving: Vec<Vec<usize>> = vec![Vec::new(); results.per_unit.len()];
        for (g, lines) in memberships.iter().enumerate() {
            for &l in lines {
                serving[l].push(g);
            }
        }
        let lines = results
            .per_unit
            .iter()
            .zip(serving)
            .map(|(p, serving)| UnitLine {
                serving,
                units: p.units,
                // Only the items that served it: a line of one model of many is served by few.
                embodied_kg: super::per_unit::embodied_by_item(
                    disclosure,
                    &results.measurements,
                    &results.embodied,
                    p,
                )
                .into_iter()
                .enumerate()
                .filter(|&(_, kg)| kg.abs() > 0.0)
                .collect(),
                water: p.water.is_some(),
            })
            .collect();
        let (m, s) = (groups.len(), sites.len());
        Self {
            groups,
            sites,
            lines,
            facility: vec![0.0; m],
            it: vec![0.0; m],
            location: vec![0.0; m],
            market: vec![0.0; m],
            water: vec![0.0; m],
            site_facility: vec![0.0; s],
            site_location: vec![0.0; s],
            site_factors: vec![(1.0, 1.0, 1.0); s],
            wet: disclosure
                .sites
                .iter()
                .any(|s| s.wue.is_some() || s.electricity_water.is_some()),
            water_factors: vec![[0.0; 2]; s],
            hourly: HourlyNumbers::of(disclosure, results),
            embodied_factors: vec![1.0; results.embodied.len()],
            embodied: results
                .embodied
                .iter()
                .map(|e| {
                    let uncertainty = embodied_uncertainty(disclosure, &e.hardware);
                    (e.emissions.value, uncertainty.map(Factor::of))
                })
                .collect(),
        }
    }

    /// Whether any input states an uncertainty, so that there is anything to propagate.
    fn uncertain(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.other.is_some() || g.sd_kwh > 0.0)
            || self.embodied.iter().any(|(_, u)| u.is_some())
            || self.sites.iter().any(|s| s.residual.is_some())
            || self
                .sites
                .iter()
                .any(|s| s.water.iter().any(|(_, u)| u.is_some()))
            || self
                .sites
                .iter()
                .any(|s| s.location.is_some() || s.pue.is_some_and(|p| p.1.is_some()))
    }

    /// The per-unit lines `lines` of the draw whose totals were just drawn, each pushed to its
    /// columns.
    fn draw_lines(&self, lines: std::ops::Range<usize>, columns: &mut [LineColumns]) {
        for (line, columns) in self.lines[lines].iter().zip(columns) {
            let sum = |values: &[f64]| line.serving.iter().map(|&i| values[i]).sum::<f64>();
            let per = |kilo: f64| formula::per_unit_milli(kilo, line.units).unwrap_or(0.0);
            let location_kg = sum(&self.location);
            let embodied_kg: f64 = line
                .embodied_kg
                .iter()
                .map(|&(item, kg)| kg * self.embodied_factors[item])
                .sum();
            columns.push(LineDraw {
                energy_wh: per(sum(&self.facility)),
                location_g: per(location_kg),
                market_g: per(sum(&self.market)),
                sci_g: per(location_kg + embodied_kg),
                water_ml: if line.water {
                    per(sum(&self.water))
                } else {
                    0.0
                },
            });
        }
    }

    /// One draw of the totals, leaving each hardware item's multiplier for the per-unit lines.
    /// The lines draw no random number of their own, so a caller that needs only the totals
    /// (a claim's verdict) skips them and gets the same digits.
    fn draw_totals(&mut self, rng: &mut Rng) -> TotalDraw {
        for (factors, site) in self.site_factors.iter_mut().zip(&self.sites) {
            // PUE is at least 1 (ISO/IEC 30134-2): `validate` refuses a range that reaches
            // below it, and the few draws of a normal or log-normal tail beyond its 95 % interval
            // stop there, as draws of a quantity stop at zero.
            let pue = site.pue.map_or(1.0, |(value, u)| {
                (value * u.map_or(1.0, |u| u.draw(rng))).max(1.0)
            });
            let intensity = site.location.map_or(1.0, |u| u.draw(rng));
            let residual = site.residual.map_or(1.0, |u| u.draw(rng));
            *factors = (pue, intensity, residual);
        }
        self.site_facility.fill(0.0);
        self.site_location.fill(0.0);
        let mut it_total = 0.0;
        for (i, m) in self.groups.iter().enumerate() {
            let it = match m.other {
                Some(u) => m.it_kwh * u.draw(rng),
                None if m.sd_kwh > 0.0 => (m.it_kwh + m.sd_kwh * rng.normal()).max(0.0),
                None => m.it_kwh,
            };
            let (pue, intensity, _) = m.site.map_or((1.0, 0.0, 1.0), |s| self.site_factors[s]);
            // A meter that saw the facility drew the facility energy: its IT energy is what the
            // drawn PUE leaves (1 where the site gives none).
            if m.pue_applies {
                self.it[i] = it;
                self.facility[i] = formula::facility_energy(it, pue);
            } else {
                self.it[i] = formula::it_energy_of_facility(it, pue);
                self.facility[i] = it;
            }
            it_total += self.it[i];
            self.location[i] = formula::emissions(self.facility[i], m.intensity * intensity);
            if let Some(s) = m.site {
                self.site_facility[s] += self.facility[i];
                self.site_location[s] += self.location[i];
            }
        }
        for (i, m) in self.groups.iter().enumerate() {
            self.market[i] = m.site.map_or(0.0, |s| {
                let site_kg = match self.sites[s].market {
                    Some((instruments, residual)) => formula::market_based(
                        self.site_facility[s],
                        instruments,
                        residual * self.site_factors[s].2,
                    ),
                    None => self.site_location[s],
                };
                formula::allocated(site_kg, self.facility[i], self.site_facility[s])
            });
        }
        // Embodied emissions of this draw, item by item.
        for (factor, (_, u)) in self.embodied_factors.iter_mut().zip(&self.embodied) {
            *factor = u.map_or(1.0, |u| u.draw(rng));
        }
        let embodied: f64 = self
            .embodied
            .iter()
            .zip(&self.embodied_factors)
            .map(|((kg, _), factor)| kg * factor)
            .sum();
        // The water factors' uncertainties are drawn after every other: a disclosure whose water
        // factors state none takes the random numbers it would take without water.
        // Without water at any site there is nothing to draw or add (most disclosures).
        if self.wet {
            for (factors, site) in self.water_factors.iter_mut().zip(&self.sites) {
                *factors = site
                    .water
                    .map(|(value, u)| value * u.map_or(1.0, |u| u.draw(rng)));
            }
            for (i, m) in self.groups.iter().enumerate() {
                self.water[i] = m.site.map_or(0.0, |s| {
                    let [wue, electricity] = self.water_factors[s];
                    formula::water(wue, self.it[i], electricity, self.facility[i])
                });
            }
        }
        // The hourly figures draw no random number of their own, so every other figure keeps
        // its digits.
        let (mut hourly_location_kg, mut hourly_market_kg) = (0.0, 0.0);
        for h in &self.hourly {
            let scale = if h.facility_kwh > 0.0 {
                self.site_facility[h.site] / h.facility_kwh
            } else {
                1.0
            };
            if let Some(kg) = h.location_kg {
                hourly_location_kg += kg * scale;
            }
            if let Some((draws, residual)) = &h.market {
                hourly_market_kg +=
                    draws.kg(scale, |_| 1.0, residual * self.site_factors[h.site].2);
            }
        }
        TotalDraw {
            it_kwh: it_total,
            facility_kwh: self.facility.iter().sum(),
            location_kg: self.location.iter().sum(),
            footprint_kg: self
                .groups
                .iter()
                .zip(&self.location)
                .map(|(g, kg)| g.footprint * kg)
                .sum(),
            market_kg: self.market.iter().sum(),
            embodied_kg: embodied,
            hourly_location_kg,
            hourly_market_kg,
            water_l: self.water.iter().sum(),
        }
    }
}

/// What measurements with normal uncertainties share to be drawn as one group.
#[derive(PartialEq, Eq, Hash)]
struct GroupKey {
    site: Option<usize>,
    pue_applies: bool,
    inference: bool,
    /// The model whose training the measurements are, where a claim's footprint weighs them
    /// by its allocation (a disclosure with claims): a model's training measurements share a
    /// weight. Keyed by the model, not the weight, whose last bits a scenario's lever moves.
    trained_model: Option<usize>,
    /// The grid factor's bits.
    intensity: u64,
    /// The per-unit lines the measurements count in.
    lines: Vec<usize>,
    /// The measurement's place, for one a scenario changes, which is drawn on its own: in a
    /// group, its share of the group's one normal would pair with another share in the
    /// scenario's draws (a lever that halves one measurement of a group changes the group's
    /// spread by less than its own), and the spread of their differences is no saving's.
    alone: Option<usize>,
}

/// The measurements of a disclosure as groups for drawing.
struct Grouped {
    groups: Vec<Group>,
    /// The per-unit lines each group counts in.
    memberships: Vec<Vec<usize>>,
    /// The measurements of each group, by their place in the disclosure.
    members: Vec<Vec<usize>>,
}

/// How much of measurement `m`'s emissions a claim's own footprint counts, and the model whose
/// training it is where claims read that weight: a model's training measurements share it, and
/// are grouped by the model. Without claims, training groups stay as they were drawn.
fn footprint_of(
    disclosure: &Disclosure,
    results: &Results,
    m: &crate::model::Measurement,
) -> (f64, Option<usize>) {
    let weight = super::lifecycle::footprint_weight(&results.lifecycle, &m.model, m.phase);
    let trained_model = (m.phase != crate::model::Phase::Inference
        && !disclosure.claims.is_empty())
    .then(|| {
        disclosure
            .system
            .models
            .iter()
            .position(|x| x.id == m.model)
    })
    .flatten();
    (weight, trained_model)
}

/// The measurements of `disclosure` as groups for drawing.
fn groups(disclosure: &Disclosure, results: &Results) -> Grouped {
    // The per-unit lines each measurement counts in, in line order.
    let lines_of = |m: &crate::model::Measurement| -> Vec<usize> {
        results
            .per_unit
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                m.serves(&p.functional_unit) && p.model.as_ref().is_none_or(|id| &m.model == id)
            })
            .map(|(l, _)| l)
            .collect()
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut memberships: Vec<Vec<usize>> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let changed: std::collections::HashSet<&str> = disclosure
        .scenarios
        .iter()
        .flat_map(|s| s.levers.iter().map(crate::model::Lever::measurement))
        .collect();
    let mut keyed: HashMap<GroupKey, usize> = HashMap::new();
    for (index, (m, r)) in disclosure
        .measurements
        .iter()
        .zip(&results.measurements)
        .enumerate()
    {
        let site = disclosure.sites.iter().position(|s| s.id == m.site);
        let pue_applies = !m.boundary.contains(&BoundaryPart::Facility);
        let inference = m.phase == crate::model::Phase::Inference;
        let (footprint, trained_model) = footprint_of(disclosure, results, m);
        let intensity = formula::factor_of(r.location_based.value, r.facility_energy.value);
        // What the meter measured, which a draw varies: the IT energy, or the facility energy
        // when the meter saw the facility.
        let it_kwh = if pue_applies {
            r.it_energy.value
        } else {
            r.facility_energy.value
        };
        let lines = lines_of(m);
        let normal_sd = match m.energy.uncertainty {
            None => Some(0.0),
            Some(
                Uncertainty::Relative(p)
                | Uncertainty::Distribution(Distribution::Normal { relative: p }),
            ) => Some(it_kwh * p.fraction() / Z95),
            Some(_) => None,
        };
        let Some(sd) = normal_sd else {
            groups.push(Group {
                it_kwh,
                sd_kwh: 0.0,
                other: m.energy.uncertainty.map(Factor::of),
                intensity,
                site,
                pue_applies,
                footprint,
            });
            memberships.push(lines);
            members.push(vec![index]);
            continue;
        };
        let key = GroupKey {
            site,
            pue_applies,
            inference,
            trained_model,
            intensity: intensity.to_bits(),
            lines: lines.clone(),
            alone: changed.contains(m.id.as_str()).then_some(index),
        };
        let g = *keyed.entry(key).or_insert_with(|| {
            groups.push(Group {
                it_kwh: 0.0,
                sd_kwh: 0.0,
                other: None,
                intensity,
                site,
                pue_applies,
                footprint,
            });
            memberships.push(lines);
            members.push(Vec::new());
            groups.len() - 1
        });
        members[g].push(index);
        // Accumulate the variance in sd_kwh; its root is taken below.
        groups[g].it_kwh += it_kwh;
        groups[g].sd_kwh += sd * sd;
    }
    for group in groups.iter_mut().filter(|g| g.other.is_none()) {
        group.sd_kwh = group.sd_kwh.sqrt();
    }
    Grouped {
        groups,
        memberships,
        members,
    }
}

/// What each draw of a disclosure's simulation takes random numbers for, in order: every
/// uncertain factor of every site, every group of measurements whose energy is uncertain (by
/// its measurements' ids), every hardware item's uncertain embodied emissions, each with its
/// distribution. A scenario's draws pair with the baseline's (the same random numbers for the
/// same inputs) only where both take them for the same things in the same order: a scenario
/// that moves a measurement into another group or adds a site with an uncertain factor draws
/// the baseline's numbers for other inputs, and the spread of the differences is no saving's.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layout(Vec<(String, &'static str)>);

impl Layout {
    /// Whether the draws take no random number: nothing is uncertain.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where the draws of `other` stop pairing with these: the first input they take random
    /// numbers for that these do not, in words; `None` where they pair throughout.
    #[must_use]
    pub fn unpaired_with(&self, other: &Layout) -> Option<String> {
        let describe = |(what, kind): &(String, &str)| format!("the {what} ({kind})");
        let at = self
            .0
            .iter()
            .zip(&other.0)
            .position(|(a, b)| a != b)
            .unwrap_or(self.0.len().min(other.0.len()));
        match (self.0.get(at), other.0.get(at)) {
            (None, None) => None,
            (Some(mine), Some(theirs)) => Some(format!(
                "the draws that take random numbers for {} in the baseline take them for {} here",
                describe(mine),
                describe(theirs)
            )),
            (Some(mine), None) => Some(format!(
                "the baseline's draws take random numbers for {} and these do not",
                describe(mine)
            )),
            (None, Some(theirs)) => Some(format!(
                "these draws take random numbers for {}, which the baseline's do not",
                describe(theirs)
            )),
        }
    }
}

/// The uncertainties of a site's factors, in the order a draw takes them: its PUE, its grid
/// factor and its residual mix.
fn site_uncertainties(site: &crate::model::Site) -> [(&'static str, Option<Uncertainty>); 3] {
    [
        ("PUE", site.pue.as_ref().and_then(|p| p.uncertainty)),
        ("grid factor", site.grid.location_based.uncertainty),
        (
            "residual mix",
            site.grid.market_based.as_ref().and_then(|m| m.uncertainty),
        ),
    ]
}

/// The uncertainties of a site's water factors, in the order a draw takes them, after every
/// other factor: its WUE and its electricity's water intensity.
fn water_uncertainties(site: &crate::model::Site) -> [(&'static str, Option<Uncertainty>); 2] {
    [
        ("WUE", site.wue.as_ref().and_then(|w| w.uncertainty)),
        (
            "water intensity of the electricity",
            site.electricity_water.as_ref().and_then(|w| w.uncertainty),
        ),
    ]
}

/// The stated uncertainty of the embodied emissions of the hardware item `id`.
fn embodied_uncertainty(disclosure: &Disclosure, id: &str) -> Option<Uncertainty> {
    disclosure
        .hardware
        .iter()
        .find(|h| h.id == id)
        .and_then(|h| h.embodied.as_ref())
        .and_then(|b| b.uncertainty)
}

/// The [`Layout`] of the draws of `disclosure`, whose central figures are `results`.
#[must_use]
pub fn layout(disclosure: &Disclosure, results: &Results) -> Layout {
    let mut drawn = Vec::new();
    for site in &disclosure.sites {
        for (factor, uncertainty) in site_uncertainties(site) {
            if let Some(u) = uncertainty {
                drawn.push((
                    format!("{} of site {}", factor, site.id),
                    Factor::of(u).kind(),
                ));
            }
        }
    }
    let Grouped {
        groups, members, ..
    } = groups(disclosure, results);
    for (group, members) in groups.iter().zip(members) {
        let kind = match group.other {
            Some(factor) => factor.kind(),
            None if group.sd_kwh > 0.0 => "normal",
            None => continue,
        };
        let ids: Vec<&str> = members
            .iter()
            .map(|&i| disclosure.measurements[i].id.as_str())
            .collect();
        drawn.push((format!("energy of {}", ids.join(", ")), kind));
    }
    for item in &results.embodied {
        if let Some(u) = embodied_uncertainty(disclosure, &item.hardware) {
            drawn.push((
                format!("embodied emissions of {}", item.hardware),
                Factor::of(u).kind(),
            ));
        }
    }
    for site in &disclosure.sites {
        for (factor, uncertainty) in water_uncertainties(site) {
            if let Some(u) = uncertainty {
                drawn.push((
                    format!("{} of site {}", factor, site.id),
                    Factor::of(u).kind(),
                ));
            }
        }
    }
    Layout(drawn)
}

/// The totals of every Monte Carlo draw (IT energy, facility energy, location-based,
/// market-based, embodied), or `None` when no input states an uncertainty. Two disclosures
/// with the same seed draw the same random numbers in the same order, so their draws pair up
/// (common random numbers) and the spread of their differences is the spread of a saving.
/// `normals` are those the disclosure's other simulations share ([`Normals`]), if any.
#[must_use]
pub fn total_draws(
    disclosure: &Disclosure,
    results: &Results,
    normals: Option<&Normals>,
) -> Option<Vec<TotalDraw>> {
    let simulation = Simulation::new(disclosure, results);
    if !simulation.uncertain() {
        return None;
    }
    let settings = disclosure.methodology.monte_carlo;
    let n = settings.draws.max(1) as usize;
    let parts = split(
        &simulation,
        settings.seed,
        normals,
        n,
        parts(n),
        Vec::with_capacity,
        |draws, simulation, rng| draws.push(simulation.draw_totals(rng)),
    );
    Some(join(parts, Extend::extend))
}

/// The draws of `disclosure` when no input of it states an uncertainty (where
/// [`total_draws`] gives none): `count` times its central figures, each worked out by the
/// arithmetic of every draw. A scenario whose levers leave no uncertain input (a measurement's
/// energy made zero, and its uncertainty with it) has these figures whatever numbers the
/// baseline draws, so its savings pair with any of the baseline's draws.
#[must_use]
pub fn certain_draws(disclosure: &Disclosure, results: &Results, count: usize) -> Vec<TotalDraw> {
    let mut simulation = Simulation::new(disclosure, results);
    let mut rng = Rng::new(disclosure.methodology.monte_carlo.seed);
    let draw = simulation.draw_totals(&mut rng);
    // Nothing uncertain takes a random number.
    debug_assert_eq!(rng.drawn, 0);
    vec![draw; count]
}

/// Fewest draws a part of a simulation shared among threads has: with fewer, starting a thread
/// costs more than it saves.
const PART_DRAWS: usize = 2_000;

/// The parts `n` draws are shared in among the cores this thread may use.
fn parts(n: usize) -> usize {
    crate::cores::available().min(n / PART_DRAWS)
}

/// `n` draws of `simulation` from a generator seeded with `seed` (sharing `normals`), in
/// `parts` contiguous parts on the machine's cores (one when fewer than two): each part
/// gathers its draws into what `gather` makes for it (given room for how many draws), through
/// `draw`; the parts are returned in draw order, with the digits of drawing on one thread.
/// Every draw of a simulation takes the same count of random numbers (its shape decides how
/// many, [`Factor::draw`] a fixed count for each distribution), so a part starts the
/// generator where one thread would be after the draws before it, skipping that many numbers. Each part checks that its draws took exactly that
/// count in all: part 0 starts right, so by induction every part does when every part's count
/// holds. Should one not, everything is drawn again on one thread. The first part gathers into
/// room for all `n` draws, so that later parts join it without growing it.
fn split<A: Send>(
    simulation: &Simulation,
    seed: u64,
    normals: Option<&Normals>,
    n: usize,
    parts: usize,
    gather: impl Fn(usize) -> A + Sync,
    draw: impl Fn(&mut A, &mut Simulation, &mut Rng) + Sync,
) -> Vec<A> {
    let one_thread = || {
        let (mut simulation, mut rng) = (simulation.clone(), Rng::sharing(seed, normals));
        let mut gathered = gather(n);
        for _ in 0..n {
            draw(&mut gathered, &mut simulation, &mut rng);
        }
        vec![gathered]
    };
    if parts < 2 {
        return one_thread();
    }
    let per_draw = {
        let (mut probe, mut rng) = (simulation.clone(), Rng::sharing(seed, normals));
        draw(&mut gather(1), &mut probe, &mut rng);
        rng.drawn
    };
    let bound = |p: usize| {
        // In 128 bits: `n × p` must not wrap on a 32-bit target.
        usize::try_from(n as u128 * p as u128 / parts as u128).unwrap_or(n)
    };
    let ranges: Vec<std::ops::Range<usize>> = (0..parts).map(|p| bound(p)..bound(p + 1)).collect();
    let drawn = crate::cores::on_every_core(&ranges, |range| {
        let (mut simulation, mut rng) = (simulation.clone(), Rng::sharing(seed, normals));
        rng.skip(per_draw * range.start as u64);
        let mut gathered = gather(if range.start == 0 { n } else { range.len() });
        for _ in range.clone() {
            draw(&mut gathered, &mut simulation, &mut rng);
        }
        (rng.drawn == per_draw * range.end as u64).then_some(gathered)
    });
    drawn
        .into_iter()
        .collect::<Option<Vec<A>>>()
        .unwrap_or_else(one_thread)
}

/// The parts of [`split`] as one, each later part joined to the first by `join`, and dropped
/// once joined.
fn join<A>(parts: Vec<A>, join: impl Fn(&mut A, A)) -> A {
    let mut parts = parts.into_iter();
    let first = parts.next();
    parts
        .fold(first, |whole, later| {
            whole.map(|mut whole| {
                join(&mut whole, later);
                whole
            })
        })
        .unwrap_or_else(|| unreachable!("split returns at least one part"))
}

/// The seed of the draws of one named thing (a claim's scenarios, a model's published
/// training) beside a disclosure's simulation of `seed`: the seed mixed with an FNV-1a hash of
/// `domain` and `id`. Drawn by name rather than by place in a list, a claim's interval stays
/// the same when another claim is added, removed or moved (an attack of 2026-12-02 found a floor
/// met in one place in the list and missed in another).
#[must_use]
pub fn stream_seed(seed: u64, domain: &str, id: &str) -> u64 {
    // The zero byte keeps ("ab", "c") and ("a", "bc") apart.
    seed ^ fnv1a(domain.bytes().chain(std::iter::once(0)).chain(id.bytes()))
}

/// The 64-bit FNV-1a hash of `bytes` (Fowler, Noll and Vo; the offset basis and prime of
/// draft-eastlake-fnv): a stable hash, the same on every platform and in every Rust release,
/// which the standard library's hasher does not promise.
fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// `n` draws of a value with its stated uncertainty (the value itself, `n` times, without
/// one), from a generator seeded with `seed`.
#[must_use]
pub fn sample(value: f64, uncertainty: Option<Uncertainty>, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let factor = uncertainty.map(Factor::of);
    (0..n)
        .map(|_| factor.map_or(value, |f| value * f.draw(&mut rng)))
        .collect()
}

/// The 95 % interval of `values`.
#[must_use]
pub fn interval_of(values: Vec<f64>) -> Interval {
    Column(values).interval()
}

/// Most draws of per-unit figures held at once (32 Mi values, 256 MiB): a disclosure with
/// thousands of lines is drawn in batches of lines instead of all at once.
const PER_UNIT_BUDGET: usize = 1 << 25;

/// Attaches a 95 % interval to every total and per-unit figure of `results`, when any input
/// of `disclosure` states an uncertainty, and returns the draws of the totals as
/// [`total_draws`] would, so scenarios and claims pair with them without drawing again.
/// `results` must be the deterministic results of `disclosure`; `normals` are those its
/// scenarios' simulations share ([`Normals`]), if any.
pub fn propagate(
    disclosure: &Disclosure,
    results: &mut Results,
    normals: Option<&Normals>,
) -> Option<Vec<TotalDraw>> {
    propagate_in_parts(disclosure, results, PER_UNIT_BUDGET, parts, normals)
}

/// [`propagate`], holding at most `budget` draws of per-unit figures at once (at least one
/// line's): the intervals are the same for any budget, only the time differs.
pub fn propagate_within(
    disclosure: &Disclosure,
    results: &mut Results,
    budget: usize,
) -> Option<Vec<TotalDraw>> {
    propagate_in_parts(disclosure, results, budget, parts, None)
}

/// [`propagate`], sharing `n` draws in `parts(n)` parts, holding at most `budget` draws of
/// per-unit figures at once.
fn propagate_in_parts(
    disclosure: &Disclosure,
    results: &mut Results,
    budget: usize,
    parts: impl Fn(usize) -> usize,
    normals: Option<&Normals>,
) -> Option<Vec<TotalDraw>> {
    let simulation = Simulation::new(disclosure, results);
    if !simulation.uncertain() {
        return None;
    }
    let settings = disclosure.methodology.monte_carlo;
    let n = settings.draws.max(1) as usize;
    // Every draw of a per-unit line is kept until its percentiles are taken, so lines are
    // taken a batch at a time, drawing again from the same seed for each batch: memory stays
    // within `budget` values however many lines and draws a disclosure has, and the digits are
    // those of drawing all lines at once. The columns of a batch's five figures per line (four
    // without water) are held once, and half as much again while the parts that drew them on
    // other cores join the first: 7.5 columns a line, within a batch of an eighth of the
    // budget's values.
    let batch = (budget / (8 * n)).max(1);
    let lines = results.per_unit.len();
    // The totals' draws, from the first batch.
    let mut draws: Option<Vec<TotalDraw>> = None;
    let mut start = 0;
    loop {
        let end = (start + batch).min(lines);
        let first = draws.is_none();
        let gather = |capacity: usize| Batch {
            draws: Vec::with_capacity(if first { capacity } else { 0 }),
            lines: results.per_unit[start..end]
                .iter()
                .map(|line| LineColumns::with_capacity(capacity, line.water.is_some()))
                .collect(),
        };
        let parts = split(
            &simulation,
            settings.seed,
            normals,
            n,
            parts(n),
            gather,
            |batch, simulation, rng| {
                let draw = simulation.draw_totals(rng);
                if first {
                    batch.draws.push(draw);
                }
                simulation.draw_lines(start..end, &mut batch.lines);
            },
        );
        let joined = join(parts, Batch::join);
        for (line, columns) in results.per_unit[start..end].iter_mut().zip(joined.lines) {
            line.energy.interval = Some(columns.energy.interval());
            line.location_based.interval = Some(columns.location.interval());
            line.market_based.interval = Some(columns.market.interval());
            line.sci.interval = Some(columns.sci.interval());
            if let (Some(water), Some(column)) = (&mut line.water, columns.water) {
                water.interval = Some(column.interval());
            }
        }
        if first {
            draws = Some(joined.draws);
        }
        start = end;
        if start >= lines {
            break;
        }
    }
    let draws = draws.unwrap_or_default();
    let mut totals = TotalColumns::default();
    for &draw in &draws {
        totals.push(draw);
    }
    let total = &mut results.total;
    total.it_energy.interval = Some(totals.it.interval());
    total.facility_energy.interval = Some(totals.facility.interval());
    total.location_based.interval = Some(totals.location.interval());
    total.market_based.interval = Some(totals.market.interval());
    if total.embodied.value > 0.0 {
        total.embodied.interval = Some(totals.embodied.interval());
    }
    if let Some(water) = &mut total.water {
        water.interval = Some(totals.water.interval());
    }
    Some(draws)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Percent;

    fn draws(uncertainty: Uncertainty, n: usize) -> Vec<f64> {
        let mut rng = Rng::new(7);
        let factor = Factor::of(uncertainty);
        let mut values: Vec<f64> = (0..n).map(|_| factor.draw(&mut rng)).collect();
        values.sort_by(f64::total_cmp);
        values
    }

    #[test]
    fn fnv1a_gives_the_published_test_vectors() {
        // draft-eastlake-fnv, the 64-bit FNV-1a test vectors: "", "a" and "foobar".
        assert_eq!(fnv1a("".bytes()), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a".bytes()), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar".bytes()), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_stream_seed_depends_on_the_seed_the_domain_and_the_id() {
        let s = stream_seed(2024, "claim", "shorter-routes");
        assert_eq!(s, stream_seed(2024, "claim", "shorter-routes"));
        assert_ne!(s, stream_seed(2025, "claim", "shorter-routes"));
        assert_ne!(s, stream_seed(2024, "claim", "longer-routes"));
        assert_ne!(s, stream_seed(2024, "published training", "shorter-routes"));
        assert_ne!(stream_seed(0, "ab", "c"), stream_seed(0, "a", "bc"));
    }

    fn percent(text: &str) -> Percent {
        serde_json::from_value(serde_json::json!(text)).unwrap()
    }

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert!((0..1000).all(|_| a.next_u64() == b.next_u64()));
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn the_characteristic_polynomial_gives_the_published_jump() {
        // `jump()` of the reference xoshiro256** (Blackman and Vigna, prng.di.unimi.it) moves
        // the state 2¹²⁸ steps with this polynomial: x^(2¹²⁸) modulo the characteristic one.
        let mut power = [2, 0, 0, 0];
        for _ in 0..128 {
            power = times(power, power);
        }
        assert_eq!(
            power,
            [
                0x180e_c6d3_3cfd_0aba,
                0xd5a6_1266_f0c9_392c,
                0xa958_2618_e03f_c9aa,
                0x39ab_dc45_29b1_661c
            ]
        );
    }

    #[test]
    fn skipping_lands_where_drawing_does() {
        for count in [
            0,
            1,
            255,
            256,
            257,
            JUMP_FROM - 1,
            JUMP_FROM,
            JUMP_FROM + 1,
            100_003,
            1_000_000,
        ] {
            let (mut drawn, mut skipped) = (Rng::new(5), Rng::new(5));
            for _ in 0..count {
                drawn.next_u64();
            }
            skipped.skip(count);
            assert_eq!(skipped.drawn, drawn.drawn, "{count}");
            assert_eq!(skipped.next_u64(), drawn.next_u64(), "{count}");
            assert_eq!(skipped.state, drawn.state, "{count}");
        }
    }

    #[test]
    fn a_relative_uncertainty_is_the_half_width_of_the_95_percent_interval() {
        // ±10 %, normal: the 2.5th and 97.5th percentiles of 200,000 draws lie near 0.90 and
        // 1.10 (sampling noise of the percentiles is about 0.001 at this size).
        let mut values = draws(Uncertainty::Relative(percent("10%")), 200_000);
        assert!((percentile(&mut values, 0.025) - 0.90).abs() < 0.003);
        assert!((percentile(&mut values, 0.975) - 1.10).abs() < 0.003);
    }

    #[test]
    fn a_lognormal_spread_is_multiplicative() {
        // ×/÷ 1.5: the 95 % interval is [1/1.5, 1.5] = [0.667, 1.5], median 1.
        let mut values = draws(
            Uncertainty::Distribution(Distribution::Lognormal {
                relative: percent("50%"),
            }),
            200_000,
        );
        assert!((percentile(&mut values, 0.025) - 1.0 / 1.5).abs() < 0.005);
        assert!((percentile(&mut values, 0.975) - 1.5).abs() < 0.01);
        assert!((percentile(&mut values, 0.5) - 1.0).abs() < 0.005);
    }

    #[test]
    fn uniform_and_triangular_stay_in_their_bounds() {
        let mut uniform = draws(
            Uncertainty::Distribution(Distribution::Uniform {
                below: percent("10%"),
                above: percent("20%"),
            }),
            50_000,
        );
        assert!(uniform[0] >= 0.9 && uniform[uniform.len() - 1] <= 1.2);
        // Uniform on [0.9, 1.2]: its median is 1.05.
        assert!((percentile(&mut uniform, 0.5) - 1.05).abs() < 0.005);
        let triangular = draws(
            Uncertainty::Distribution(Distribution::Triangular {
                below: percent("10%"),
                above: percent("30%"),
            }),
            50_000,
        );
        assert!(triangular[0] >= 0.9 && triangular[triangular.len() - 1] <= 1.3);
        // Triangular on [−0.1, 0.3] with mode 0: P(X < 0) = 0.1 / 0.4 = 0.25.
        let below_mode = triangular.iter().filter(|x| **x < 1.0).count();
        #[allow(clippy::cast_precision_loss, reason = "small counts")]
        let share = below_mode as f64 / triangular.len() as f64;
        assert!((share - 0.25).abs() < 0.01);
    }

    #[test]
    fn the_digits_of_each_kind_of_draw_stay_fixed() {
        // A report attaches its results and `verify` draws them again: a change to a draw's
        // arithmetic, however harmless to its distribution, would make every earlier report of
        // the same version fail. The first draws of each kind, seed 7, as wattprint 0.2.0 drew
        // them.
        let kinds = [
            (
                Uncertainty::Relative(percent("10%")),
                [
                    0x3fef_c0a5_ca17_5e7c,
                    0x3ff0_7ab1_af92_9f40,
                    0x3ff0_13be_38c5_3da3,
                ],
            ),
            (
                Uncertainty::Distribution(Distribution::Lognormal {
                    relative: percent("50%"),
                }),
                [
                    0x3fef_031d_1bf9_863c,
                    0x3ff2_10f4_2c65_1bbe,
                    0x3ff0_50d6_ac39_e881,
                ],
            ),
            (
                Uncertainty::Distribution(Distribution::Uniform {
                    below: percent("10%"),
                    above: percent("20%"),
                }),
                [
                    0x3ff1_c344_b4a3_14ae,
                    0x3fef_79db_e8d6_2c4f,
                    0x3ff2_6e22_5c94_65a3,
                ],
            ),
            (
                // Above the mode (split 0.25) for these three uniforms: 0.70, 0.28, 0.84.
                Uncertainty::Distribution(Distribution::Triangular {
                    below: percent("10%"),
                    above: percent("30%"),
                }),
                [
                    0x3ff1_c462_bd48_db20,
                    0x3ff0_17c8_7d95_e30e,
                    0x3ff2_9494_cbc8_22fb,
                ],
            ),
            (
                // Below the mode three times in four: the other branch of the inverse CDF.
                Uncertainty::Distribution(Distribution::Triangular {
                    below: percent("30%"),
                    above: percent("10%"),
                }),
                [
                    0x3fef_ada5_0613_99ec,
                    0x3fec_40aa_879d_d4a8,
                    0x3ff0_5189_eb0b_a1d7,
                ],
            ),
        ];
        for (uncertainty, pinned) in kinds {
            let (factor, mut rng) = (Factor::of(uncertainty), Rng::new(7));
            let drawn: Vec<u64> = (0..3).map(|_| factor.draw(&mut rng).to_bits()).collect();
            assert_eq!(drawn, pinned, "{uncertainty:?}");
        }
    }

    #[test]
    fn selection_finds_what_sorting_finds() {
        let mut rng = Rng::new(11);
        for n in [1_usize, 2, 3, 40, 1_000, 1_001, 10_000] {
            // Rounded to a tenth, so that many draws tie, and some are -0.0.
            let values: Vec<f64> = (0..n)
                .map(|_| (rng.normal() * 10.0).round() / 10.0)
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0_f64, 0.025, 0.3, 0.5, 0.7, 0.975, 1.0] {
                // The sorted reference, interpolated by hand: position p × (n - 1).
                #[allow(clippy::cast_precision_loss, reason = "small counts")]
                let position = p * (n - 1) as f64;
                let (i, w) = (position.floor(), position - position.floor());
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a position within the values"
                )]
                let i = i as usize;
                let expected = sorted[i] * (1.0 - w) + sorted[(i + 1).min(n - 1)] * w;
                assert_eq!(
                    percentile(&mut values.clone(), p).to_bits(),
                    expected.to_bits(),
                    "{n} values, p = {p}"
                );
            }
        }
    }

    fn example(name: &str, text: &str) -> Disclosure {
        let source = crate::load::Source::from_text(name, text);
        let mut document = crate::load::document(source, crate::load::Limits::default()).unwrap();
        crate::validate::Validator::new()
            .check(&mut document)
            .disclosure
            .unwrap()
    }

    #[test]
    fn draws_shared_among_threads_are_those_of_one_thread() {
        let disclosure = example(
            "deployer-colocation.yaml",
            include_str!("../../examples/deployer-colocation.yaml"),
        );
        let results = super::super::deterministic(&disclosure);
        let simulation = Simulation::new(&disclosure, &results);
        // Each part starts the generator where one thread would be: two numbers a draw.
        let starts = split(
            &simulation,
            9,
            None,
            10,
            3,
            Vec::with_capacity,
            |at, _, rng| {
                at.push(rng.drawn);
                rng.uniform();
                rng.uniform();
            },
        );
        assert_eq!(starts.len(), 3);
        assert_eq!(
            join(starts, Extend::extend),
            (0..10).map(|i| 2 * i).collect::<Vec<u64>>()
        );
        let totals = |d: &mut Vec<TotalDraw>, s: &mut Simulation, rng: &mut Rng| {
            d.push(s.draw_totals(rng));
        };
        let alone = joined(&simulation, 1, totals);
        assert_eq!(alone.len(), 5_001);
        assert_eq!(joined(&simulation, 3, totals), alone);
        // Far enough on that the later part jumps to its start rather than stepping there: four
        // numbers a draw, 40,000 before it, past `JUMP_FROM`.
        let far = |parts: usize| {
            let split = split(
                &simulation,
                9,
                None,
                20_001,
                parts,
                Vec::with_capacity,
                totals,
            );
            assert_eq!(split.len(), parts);
            join(split, Extend::extend)
        };
        assert_eq!(far(2), far(1));
        // A draw that takes a varying count of numbers cannot be split: it is drawn again on
        // one thread, with the same digits.
        let varying = |d: &mut Vec<f64>, _: &mut Simulation, rng: &mut Rng| {
            let first = rng.uniform();
            d.push(if first < 0.5 { rng.uniform() } else { first });
        };
        assert_eq!(
            joined(&simulation, 3, varying),
            joined(&simulation, 1, varying)
        );
    }

    #[test]
    fn normals_shared_among_simulations_give_the_digits_of_drawing_alone() {
        let mut disclosure = example(
            "deployer-colocation.yaml",
            include_str!("../../examples/deployer-colocation.yaml"),
        );
        disclosure.methodology.monte_carlo.draws = 1_000;
        let baseline = super::super::deterministic(&disclosure);
        let propagated = |normals: Option<&Normals>| {
            let mut results = baseline.clone();
            let draws = propagate(&disclosure, &mut results, normals);
            (results, draws)
        };
        let (alone, alone_draws) = propagated(None);
        let normals = Normals::for_scenarios(&disclosure).unwrap();
        // The baseline works its normals out and leaves them: a draw takes the measurement's
        // normal (places 0 and 1) and the hardware's log-normal (2 and 3).
        let (shared, shared_draws) = propagated(Some(&normals));
        assert_eq!(shared_draws, alone_draws);
        assert_eq!(
            serde_json::to_value(&shared).unwrap(),
            serde_json::to_value(&alone).unwrap()
        );
        let every_other: Vec<usize> = (0..4 * 1_000).step_by(2).collect();
        assert_eq!(normals.drawn(), every_other);
        // The scenarios read them (with the same layout as the baseline, at the same places),
        // and their results are those of drawing alone.
        let scenarios = |normals: Option<&Normals>| {
            let simulated = super::super::scenario::simulate(
                &disclosure,
                &layout(&disclosure, &alone),
                normals,
            );
            let assessed = super::super::scenario::assess(
                &disclosure,
                &alone,
                alone_draws.as_deref(),
                simulated,
            );
            serde_json::to_value(assessed).unwrap()
        };
        assert_eq!(scenarios(Some(&normals)), scenarios(None));
        assert_eq!(
            normals.drawn(),
            every_other,
            "the same places as the baseline's"
        );
        // What is read is what is used: a wrong value left at the first place changes a draw.
        let poisoned = Normals::for_scenarios(&disclosure).unwrap();
        poisoned.normal_at(0, || 3.0);
        assert_ne!(propagated(Some(&poisoned)).1, alone_draws);
        // Another seed's normals are not read.
        let mut other = Normals::for_scenarios(&disclosure).unwrap();
        other.seed += 1;
        other.normal_at(0, || 3.0);
        assert_eq!(propagated(Some(&other)).1, alone_draws);
        // A scenario whose new site states an uncertainty draws two more numbers first: its
        // normals fall at other places (6 k, 6 k + 2, 6 k + 4), partly on the baseline's, and
        // still give the digits of drawing alone.
        let stockholm = disclosure
            .scenarios
            .iter_mut()
            .find(|s| s.id == "stockholm")
            .unwrap();
        stockholm.sites[0].grid.location_based.uncertainty =
            Some(Uncertainty::Relative(percent("10%")));
        let scenarios = |normals: Option<&Normals>| {
            let simulated = super::super::scenario::simulate(
                &disclosure,
                &layout(&disclosure, &alone),
                normals,
            );
            serde_json::to_value(super::super::scenario::assess(
                &disclosure,
                &alone,
                alone_draws.as_deref(),
                simulated,
            ))
            .unwrap()
        };
        assert_eq!(scenarios(Some(&normals)), scenarios(None));
        assert!(normals.drawn().contains(&4_004));
    }

    /// 5,001 draws of `simulation` in `parts` parts, each read by `draw`, joined.
    fn joined<T: Send>(
        simulation: &Simulation,
        parts: usize,
        draw: impl Fn(&mut Vec<T>, &mut Simulation, &mut Rng) + Sync,
    ) -> Vec<T> {
        join(
            split(simulation, 9, None, 5_001, parts, Vec::with_capacity, draw),
            Extend::extend,
        )
    }

    #[test]
    fn per_unit_lines_shared_among_threads_have_the_digits_of_one_thread() {
        let disclosure = example(
            "provider-cloud.yaml",
            include_str!("../../examples/provider-cloud.yaml"),
        );
        let propagated = |parts: usize, budget: usize| {
            let mut results = super::super::deterministic(&disclosure);
            let draws = propagate_in_parts(&disclosure, &mut results, budget, |_| parts, None);
            (serde_json::to_string(&results).unwrap(), draws)
        };
        let alone = propagated(1, PER_UNIT_BUDGET);
        assert!(alone.0.contains("\"interval\""));
        // Three parts, and one line a batch (a budget too small for two).
        assert_eq!(propagated(3, PER_UNIT_BUDGET), alone);
        assert_eq!(propagated(3, 1), alone);
    }

    #[test]
    fn percentiles_interpolate() {
        assert!((percentile(&mut [0.0, 10.0], 0.25) - 2.5).abs() < 1e-12);
    }

    const MINIMAL: &str = include_str!("../../tests/fixtures/minimal.yaml");

    /// The minimal fixture with its energy's uncertainty and its site's water factors as given.
    fn with_water(energy: &str, wue: &str) -> Disclosure {
        let text = MINIMAL
            .replace(
                "method: device_telemetry, source: DCGM export }",
                &format!("method: device_telemetry, source: DCGM export{energy} }}"),
            )
            .replace(
                "    grid:\n",
                &format!("    wue: {{ value: 0.5 L/kWh, method: supplier_reported, source: operator{wue} }}\n    grid:\n"),
            );
        example("water.yaml", &text)
    }

    #[test]
    fn water_moves_with_the_energy_of_each_draw() {
        // One measurement, no PUE uncertainty: water = WUE × IT energy (0.5 L/kWh × 41,200 kWh =
        // 20,600 L, hand calculation) moves with the IT energy draw for draw, so their intervals
        // are the same multiples of their central values.
        let disclosure = with_water(", uncertainty: 10%", "");
        let mut results = super::super::deterministic(&disclosure);
        propagate(&disclosure, &mut results, None);
        let it = &results.total.it_energy;
        let water = results.total.water.as_ref().unwrap();
        assert!((water.value - 20_600.0).abs() < 1e-6, "{}", water.value);
        let (i, w) = (it.interval.unwrap(), water.interval.unwrap());
        assert!((w.low / water.value - i.low / it.value).abs() < 1e-12);
        assert!((w.high / water.value - i.high / it.value).abs() < 1e-12);
        let line = results.per_unit[0].water.as_ref().unwrap();
        assert!(
            line.interval
                .is_some_and(|l| l.low < line.value && line.value < l.high)
        );
    }

    #[test]
    fn a_water_factors_uncertainty_is_drawn_after_every_other() {
        let of = |d: &Disclosure| {
            let mut results = super::super::deterministic(d);
            propagate(d, &mut results, None);
            results
        };
        // Water whose factors state no uncertainty takes no random number: the other figures
        // keep the digits of the same disclosure without water.
        let dry = example(
            "dry.yaml",
            &MINIMAL.replace(
                "method: device_telemetry, source: DCGM export }",
                "method: device_telemetry, source: DCGM export, uncertainty: 10% }",
            ),
        );
        let certain = with_water(", uncertainty: 10%", "");
        let (dry, a) = (of(&dry), of(&certain));
        assert_eq!(dry.total.it_energy.interval, a.total.it_energy.interval);
        assert_eq!(dry.per_unit[0].sci.interval, a.per_unit[0].sci.interval);
        // Stated, the WUE's uncertainty widens the water's interval.
        let uncertain = with_water(", uncertainty: 10%", ", uncertainty: 20%");
        let b = of(&uncertain);
        let width = |r: &Results| {
            let i = r.total.water.as_ref().unwrap().interval.unwrap();
            i.high - i.low
        };
        assert!(width(&b) > 1.5 * width(&a), "{} {}", width(&a), width(&b));
        assert_eq!(
            layout(&uncertain, &b)
                .0
                .last()
                .map(|(what, _)| what.as_str()),
            Some("WUE of site fra")
        );
        // Water alone uncertain is enough to draw.
        let only_water = with_water("", ", uncertainty: 20%");
        assert!(width(&of(&only_water)) > 0.0);
    }
}
