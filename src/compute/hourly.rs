//! Hourly Scope 2: electricity emissions hour by hour, beside the annual figures of the GHG
//! Protocol Scope 2 Guidance (2015) in force.
//!
//! The GHG Protocol's revision of the Scope 2 Guidance (public consultation opened 20 October
//! 2025; its close is reported as 19 December 2025 and, later, 31 January 2026; final standard
//! expected 2027) keeps dual reporting, but proposes that contractual instruments match
//! consumption hour by hour and be deliverable (generated within the consumer's market
//! boundary), with what they do not match at the residual mix, and that the location-based
//! method use the most precise factors accessible, hourly where available; with thresholds,
//! load profiles where hourly data is missing, and a phased start. Secondary sources only (the
//! consultation as summarised in wattprint's issue 25 and in reports on it); the draft text
//! itself was not read, so no figure here is called compliant with it. Each result names the
//! method it follows, and the 2015 Guidance stays the one in force until the revision is final.
//!
//! Factors (gCO2e/kWh) are taken as given: `validate` checks them where they are read, as for
//! every other figure `compute` takes.

use super::formula::{self, emissions};
use crate::model::hourly::SECONDS_PER_HOUR as HOUR;
pub use crate::model::hourly::{Hour, Profile, ProfileError};

/// Reads a profile's value hour by hour, for hours asked in time order.
pub(super) struct Cursor<'a> {
    hours: &'a [Hour],
    next: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(profile: &'a Profile) -> Self {
        Self {
            hours: profile.hours(),
            next: 0,
        }
    }

    /// The value of the hour starting at `at`, if the profile lists it; `at` no earlier than
    /// the hour asked before.
    pub(super) fn at(&mut self, at: i64) -> Option<f64> {
        while self.hours.get(self.next).is_some_and(|&(h, _)| h < at) {
            self.next += 1;
        }
        self.hours
            .get(self.next)
            .and_then(|&(h, v)| (h == at).then_some(v))
    }
}

/// Location-based emissions from hourly grid factors.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Location {
    /// Emissions, kgCO2e.
    pub kg: f64,
    /// Hours with consumption and an hourly factor.
    pub hourly_hours: usize,
    /// Hours with consumption and no hourly factor, at the fallback factor.
    pub fallback_hours: usize,
    /// The energy of those hours, kWh.
    pub fallback_kwh: f64,
}

/// Location-based emissions (GHG Protocol Scope 2 Guidance, section 6.2) of `consumption`
/// (kWh by hour), each hour at its factor in `factors` (gCO2e/kWh by hour); an hour without
/// one at `fallback(hour)`, the month's or the year's factor, and counted.
#[must_use]
pub fn location_based(
    consumption: &Profile,
    factors: &Profile,
    fallback: impl Fn(i64) -> f64,
) -> Location {
    location_based_by_hour(consumption, factors, fallback, |_, _| {})
}

/// [`location_based`], telling `each` the factor (gCO2e/kWh) of every hour with consumption,
/// in time order: the hourly figures' heat map.
pub fn location_based_by_hour(
    consumption: &Profile,
    factors: &Profile,
    fallback: impl Fn(i64) -> f64,
    mut each: impl FnMut(i64, f64),
) -> Location {
    let mut factor = Cursor::new(factors);
    let mut result = Location::default();
    for &(at, kwh) in consumption.hours().iter().filter(|&&(_, kwh)| kwh > 0.0) {
        let g = if let Some(g) = factor.at(at) {
            result.hourly_hours += 1;
            g
        } else {
            result.fallback_hours += 1;
            result.fallback_kwh += kwh;
            fallback(at)
        };
        each(at, g);
        result.kg += emissions(kwh, g);
    }
    result
}

/// A contractual instrument's generation, as the market-based method reads it.
#[derive(Debug, Clone, Copy)]
pub struct Supply<'a> {
    /// The energy it stands for, kWh by hour of generation (a PPA's metered output, granular
    /// certificates).
    pub generation: &'a Profile,
    /// The factor it conveys, gCO2e/kWh (0 for wind or solar).
    pub g_per_kwh: f64,
    /// Whether it was generated within the consumption's market boundary (Scope 2 Quality
    /// Criterion 5); only deliverable generation matches hour by hour.
    pub deliverable: bool,
    /// Whether its source emits nothing as it runs (wind, solar, hydro, geothermal, nuclear),
    /// whatever life-cycle factor the instrument conveys; where the input names no source, a
    /// factor of 0.
    pub carbon_free: bool,
}

/// Consumption matched with generation hour by hour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Matching {
    /// Market-based emissions, kgCO2e: matched energy at its instruments' factors, the rest
    /// at the residual mix.
    pub kg: f64,
    /// Energy consumed, kWh.
    pub consumed_kwh: f64,
    /// Energy matched by deliverable generation in the same hour, kWh.
    pub matched_kwh: f64,
    /// Of that, matched by instruments from carbon-free sources ([`Supply::carbon_free`]), kWh.
    pub contracted_carbon_free_kwh: f64,
    /// Hours with consumption.
    pub hours: usize,
    /// Of those, hours whose consumption was matched in full.
    pub matched_hours: usize,
    /// Deliverable generation beyond the consumption of its hour, which no other hour may
    /// use, kWh.
    pub surplus_kwh: f64,
    /// Generation outside the market boundary, which matches no hour, kWh.
    pub undeliverable_kwh: f64,
}

impl Matching {
    /// The share of consumption matched in its hour by contracted generation from carbon-free
    /// sources, 0–1 (0 with no consumption): the contracted part of a 24/7 carbon-free
    /// energy score. Scores such as Google's also credit the grid's carbon-free share in the
    /// hours contracts leave unmatched; this one does not.
    #[must_use]
    pub fn contracted_carbon_free_share(&self) -> f64 {
        formula::share(self.contracted_carbon_free_kwh, self.consumed_kwh)
    }

    /// The share of consumption matched by generation in its hour, 0–1.
    #[must_use]
    pub fn matched_share(&self) -> f64 {
        formula::share(self.matched_kwh, self.consumed_kwh)
    }

    /// The share of hours with consumption matched in full, 0–1.
    #[must_use]
    pub fn matched_hours_share(&self) -> f64 {
        #[allow(
            clippy::cast_precision_loss,
            reason = "hours counted in a profile are far below 2^52"
        )]
        let share = formula::share(self.matched_hours as f64, self.hours as f64);
        share
    }
}

/// The deliverable supplies, lowest factor first (order kept among equals), read hour by
/// hour: an hour's consumption is matched by its lowest-emission generation before the rest.
struct Merit<'a> {
    order: Vec<(Supply<'a>, Cursor<'a>)>,
}

impl<'a> Merit<'a> {
    fn new(supplies: &[Supply<'a>]) -> Self {
        let mut order: Vec<Supply<'a>> =
            supplies.iter().filter(|s| s.deliverable).copied().collect();
        order.sort_by(|a, b| a.g_per_kwh.total_cmp(&b.g_per_kwh));
        Self {
            order: order
                .into_iter()
                .map(|s| (s, Cursor::new(s.generation)))
                .collect(),
        }
    }

    /// The supplies in merit order.
    fn supplies(&self) -> impl Iterator<Item = &Supply<'a>> {
        self.order.iter().map(|(s, _)| s)
    }

    /// Each supply with what it generated in the hour starting at `at` (0 where it lists no
    /// such hour), in merit order; hours asked in time order.
    fn in_hour(&mut self, at: i64) -> impl Iterator<Item = (&Supply<'a>, f64)> {
        self.order
            .iter_mut()
            .map(move |(s, cursor)| (&*s, cursor.at(at).unwrap_or(0.0)))
    }
}

/// Market-based emissions by the proposed hourly method: each hour's consumption (kWh)
/// matched only by deliverable generation in that hour, lowest factor first, at each
/// instrument's factor; what no generation matches at `residual_g_per_kwh`. Generation in
/// an hour beyond its consumption is surplus: it matches no other hour.
#[must_use]
pub fn hourly_market_based(
    consumption: &Profile,
    supplies: &[Supply<'_>],
    residual_g_per_kwh: f64,
) -> Matching {
    hourly_market_based_by_hour(consumption, supplies, residual_g_per_kwh, |_, _| {})
}

/// [`hourly_market_based`], telling `each` the energy matched (kWh) in every hour of the
/// consumption, in time order: the hourly figures' heat map.
pub fn hourly_market_based_by_hour(
    consumption: &Profile,
    supplies: &[Supply<'_>],
    residual_g_per_kwh: f64,
    mut each: impl FnMut(i64, f64),
) -> Matching {
    let mut merit = Merit::new(supplies);
    let mut result = Matching::default();
    for &(at, kwh) in consumption.hours() {
        let mut left = kwh;
        for (supply, generated) in merit.in_hour(at) {
            let taken = generated.min(left);
            left -= taken;
            result.kg += emissions(taken, supply.g_per_kwh);
            result.matched_kwh += taken;
            if supply.carbon_free {
                result.contracted_carbon_free_kwh += taken;
            }
        }
        // Left over by rounding alone (0.1 + 0.2 kWh matched by 0.1 and 0.2) is matched.
        if left > kwh * 1e-12 {
            result.kg += emissions(left, residual_g_per_kwh);
        } else {
            left = 0.0;
        }
        each(at, kwh - left);
        result.consumed_kwh += kwh;
        if kwh > 0.0 {
            result.hours += 1;
            if left == 0.0 {
                result.matched_hours += 1;
            }
        }
    }
    // Folded from 0: `Iterator::sum` of no values is −0, which JSON would print.
    let deliverable = merit
        .supplies()
        .fold(0.0, |sum, s| sum + s.generation.total());
    result.surplus_kwh = (deliverable - result.matched_kwh).max(0.0);
    result.undeliverable_kwh = supplies
        .iter()
        .filter(|s| !s.deliverable)
        .fold(0.0, |sum, s| sum + s.generation.total());
    result
}

/// The energy matched hour by hour as a function of a common multiplier `m` on consumption,
/// so that a Monte Carlo draw costs a search rather than a pass over every hour (a year of a
/// hundred sites is 876,000 hours):
///
/// Σₕ min(m·dₕ, sₕ) = m · Σ_{sₕ/dₕ ≥ m} dₕ + Σ_{sₕ/dₕ < m} sₕ,
///
/// with the hours sorted by sₕ/dₕ once. Hours without consumption match nothing at any `m`.
#[derive(Debug, Clone, Default)]
struct Matched {
    /// sₕ/dₕ of the hours with consumption, ascending.
    ratios: Vec<f64>,
    /// Σ sₕ over the first `i` hours in that order, for every `i`.
    supply_before: Vec<f64>,
    /// Σ dₕ over the hours from `i` on, for every `i`.
    demand_from: Vec<f64>,
}

impl Matched {
    /// From (dₕ, sₕ) of each hour.
    fn new(mut hours: Vec<(f64, f64)>) -> Self {
        hours.retain(|&(d, _)| d > 0.0);
        hours.sort_by(|a, b| (a.1 / a.0).total_cmp(&(b.1 / b.0)));
        let ratios = hours.iter().map(|&(d, s)| s / d).collect();
        let mut supply_before = Vec::with_capacity(hours.len() + 1);
        let mut sum = 0.0;
        supply_before.push(sum);
        for &(_, s) in &hours {
            sum += s;
            supply_before.push(sum);
        }
        let mut demand_from = vec![0.0; hours.len() + 1];
        for (i, &(d, _)) in hours.iter().enumerate().rev() {
            demand_from[i] = demand_from[i + 1] + d;
        }
        Self {
            ratios,
            supply_before,
            demand_from,
        }
    }

    /// Σₕ min(m·dₕ, sₕ), kWh.
    fn at(&self, m: f64) -> f64 {
        let i = self.ratios.partition_point(|&r| r < m);
        self.supply_before[i] + m * self.demand_from[i]
    }
}

/// The hourly market-based figure as a function of the uncertain inputs, each a multiplier
/// as the Monte Carlo draws them ([`super::uncertainty`]): consumption, each deliverable
/// instrument's factor and the residual mix. Generation is taken as metered: a PPA's
/// revenue meter or a certificate's count carries no stated uncertainty here.
#[derive(Debug, Clone)]
pub struct HourlyDraws {
    /// Each deliverable instrument in merit order: its factor, gCO2e/kWh, and the energy the
    /// instruments up to it match together.
    levels: Vec<(f64, Matched)>,
    /// Energy consumed, kWh.
    consumed_kwh: f64,
}

impl HourlyDraws {
    /// Prepares the draws for `consumption` matched by `supplies` as
    /// [`hourly_market_based`] matches them.
    #[must_use]
    pub fn new(consumption: &Profile, supplies: &[Supply<'_>]) -> Self {
        let mut merit = Merit::new(supplies);
        // Each level's supply by hour: the deliverable generation of its instrument and those
        // before it in merit order.
        let mut by_level: Vec<Vec<(f64, f64)>> = vec![Vec::new(); merit.order.len()];
        for &(at, kwh) in consumption.hours() {
            let mut cumulative = 0.0;
            for (level, (_, generated)) in by_level.iter_mut().zip(merit.in_hour(at)) {
                cumulative += generated;
                level.push((kwh, cumulative));
            }
        }
        Self {
            levels: merit
                .supplies()
                .zip(by_level)
                .map(|(s, hours)| (s.g_per_kwh, Matched::new(hours)))
                .collect(),
            consumed_kwh: consumption.total(),
        }
    }

    /// Market-based emissions by the hourly method, kgCO2e, with consumption × `consumption`,
    /// the instrument `i`-th in merit order at its factor × `factor(i)`, and the residual mix
    /// at `residual_g_per_kwh`. The merit order stays that of the central factors: a draw
    /// that would swap two instruments' factors does not re-sort them.
    #[must_use]
    pub fn kg(
        &self,
        consumption: f64,
        factor: impl Fn(usize) -> f64,
        residual_g_per_kwh: f64,
    ) -> f64 {
        let mut kg = 0.0;
        let mut below = 0.0;
        for (i, (g, matched)) in self.levels.iter().enumerate() {
            let up_to = matched.at(consumption);
            kg += emissions(up_to - below, g * factor(i));
            below = up_to;
        }
        kg + emissions(
            (consumption * self.consumed_kwh - below).max(0.0),
            residual_g_per_kwh,
        )
    }
}

/// Where a flexible workload may move to the hours where it emits least: the shift lever's
/// window and the site's capacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    /// Energy moves only within windows of this many hours, counted from the profile's first
    /// hour (24 for a day, 168 for a week; calendar days for a profile that starts at
    /// midnight).
    pub window_hours: u32,
    /// The most the site can draw in an hour, kWh.
    pub capacity_kwh: f64,
}

/// A shift that cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShiftError {
    /// An hour given movable energy below 0 or above its consumption.
    #[error(
        "the hour starting at {at} s is given {movable} kWh to move, outside 0 to its {kwh} kWh"
    )]
    Movable {
        /// The hour's start, s.
        at: i64,
        /// Its consumption, kWh.
        kwh: f64,
        /// The energy given to move, kWh.
        movable: f64,
    },
    /// Movable energy given for a different count of hours than the profile has.
    #[error("movable energy is given for {given} hours, and the profile has {hours}")]
    Hours {
        /// Hours given.
        given: usize,
        /// Hours of the profile.
        hours: usize,
    },
    /// A window of no hours.
    #[error("the shift window is 0 hours long")]
    Window,
    /// A capacity that is negative or not a number.
    #[error("the capacity {0} kWh is negative or not a number")]
    CapacityValue(f64),
    /// A shifted hour that is no longer a profile's (a value made infinite or not a number by
    /// tiers or a capacity out of range).
    #[error("the shifted consumption is not a profile: {0}")]
    Profile(#[from] ProfileError),
    /// An hour whose tiers are not cheapest first, or end with a limit.
    #[error(
        "the hour starting at {at} s is priced in tiers that are not cheapest first, or that end with a limit"
    )]
    Tiers {
        /// The hour's start, s.
        at: i64,
    },
    /// An hour that already draws more than the site's capacity.
    #[error(
        "the hour starting at {at} s draws {kwh} kWh, more than the capacity of {capacity} kWh"
    )]
    Capacity {
        /// The hour's start, s.
        at: i64,
        /// Its consumption, kWh.
        kwh: f64,
        /// The capacity, kWh.
        capacity: f64,
    },
}

/// What an added kWh costs in an hour: tiers of (kWh available, gCO2e/kWh), cheapest first,
/// the last without limit (`f64::INFINITY` kWh).
pub type Tiers = Vec<(f64, f64)>;

/// `consumption` with the movable energy of each window moved to the window's hours where it
/// emits least, as `tiers(hour)` prices each hour's energy, up to the capacity of each hour:
/// `movable[i]` of the hour `consumption.hours()[i]`, at most its consumption (the lever moves
/// a share of one measurement's energy, the rest of the site's staying put). The part of an
/// hour that stays takes its cheapest tiers first. Energy moves only between hours the profile
/// lists, and the total is kept.
///
/// Filling the cheapest room first is the least-emission placement only when each hour's
/// tiers are cheapest first; tiers that are not are refused, not placed wrongly. For the
/// location-based method an hour has one tier, its factor; for the hourly market-based
/// method, its deliverable generation at the instruments' factors (lowest first) and then the
/// residual mix, which are cheapest first unless an instrument's factor is above the residual
/// mix.
///
/// # Errors
/// [`ShiftError`] for movable energy outside 0 to an hour's consumption or not given for each
/// hour, a window of no hours, a capacity that is not a number or below an hour's consumption
/// already, or tiers that are not cheapest first or end with a limit.
pub fn shift(
    consumption: &Profile,
    movable: &[f64],
    rule: Shift,
    tiers: impl Fn(i64) -> Tiers,
) -> Result<Profile, ShiftError> {
    let hours = consumption.hours();
    if movable.len() != hours.len() {
        return Err(ShiftError::Hours {
            given: movable.len(),
            hours: hours.len(),
        });
    }
    if let Some((&movable, &(at, kwh))) = movable
        .iter()
        .zip(hours)
        .find(|&(&m, &(_, kwh))| !(0.0..=kwh).contains(&m))
    {
        return Err(ShiftError::Movable { at, kwh, movable });
    }
    if rule.window_hours == 0 {
        return Err(ShiftError::Window);
    }
    if rule.capacity_kwh.is_nan() || rule.capacity_kwh < 0.0 {
        return Err(ShiftError::CapacityValue(rule.capacity_kwh));
    }
    if let Some(&(at, kwh)) = hours.iter().find(|&&(_, kwh)| kwh > rule.capacity_kwh) {
        return Err(ShiftError::Capacity {
            at,
            kwh,
            capacity: rule.capacity_kwh,
        });
    }
    let Some(&(first, _)) = hours.first() else {
        return Ok(consumption.clone());
    };
    let window_s = i64::from(rule.window_hours) * HOUR;
    let mut shifted = Vec::with_capacity(hours.len());
    let mut from = 0;
    for window in
        hours.chunk_by(|&(a, _), &(b, _)| (a - first) / window_s == (b - first) / window_s)
    {
        let to = from + window.len();
        shifted.extend(shift_window(window, &movable[from..to], rule, &tiers)?);
        from = to;
    }
    Ok(Profile::new(shifted)?)
}

/// Whether `tiers` are cheapest first and end without a limit.
fn cheapest_first(tiers: &[(f64, f64)]) -> bool {
    tiers.windows(2).all(|w| w[0].1 <= w[1].1)
        && tiers.last().is_some_and(|&(kwh, _)| kwh == f64::INFINITY)
}

/// One window of [`shift`]: the movable energy placed in the cheapest room, tier by tier.
fn shift_window(
    window: &[Hour],
    movable: &[f64],
    rule: Shift,
    tiers: &impl Fn(i64) -> Tiers,
) -> Result<Vec<Hour>, ShiftError> {
    let mut placed: Vec<Hour> = window
        .iter()
        .zip(movable)
        .map(|(&(at, kwh), &m)| (at, kwh - m))
        .collect();
    let mut movable: f64 = movable.iter().sum();
    // The room left in each hour, tier by tier: (gCO2e/kWh, place in the window, kWh).
    let mut room: Vec<(f64, usize, f64)> = Vec::new();
    for (index, &(at, fixed)) in placed.iter().enumerate() {
        let priced = tiers(at);
        if !cheapest_first(&priced) {
            return Err(ShiftError::Tiers { at });
        }
        let mut taken = fixed;
        let mut left = rule.capacity_kwh - fixed;
        for (available, g) in priced {
            let used = taken.min(available);
            taken -= used;
            let free = (available - used).min(left);
            if free > 0.0 {
                room.push((g, index, free));
                left -= free;
            }
        }
    }
    room.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, index, free) in room {
        if movable <= 0.0 {
            break;
        }
        let put = free.min(movable);
        placed[index].1 += put;
        movable -= put;
    }
    Ok(placed)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the hand-calculated values are exact in binary: halves, wholes and their sums"
)]
mod tests {
    use super::*;

    use crate::model::hourly::DAY_ONE;

    /// Two days of a server drawing 1 kWh every hour, and a solar PPA generating 2 kWh in each
    /// of the 12 daylight hours (06:00 to 18:00): 48 kWh consumed, 48 kWh generated.
    fn two_days() -> (Profile, Profile) {
        let hours: Vec<i64> = (0..48).map(|h| DAY_ONE + h * HOUR).collect();
        let consumption = Profile::new(hours.iter().map(|&at| (at, 1.0)).collect()).unwrap();
        let solar = Profile::new(
            hours
                .iter()
                .map(|&at| {
                    let hour_of_day = (at - DAY_ONE) / HOUR % 24;
                    (
                        at,
                        if (6..18).contains(&hour_of_day) {
                            2.0
                        } else {
                            0.0
                        },
                    )
                })
                .collect(),
        )
        .unwrap();
        (consumption, solar)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn annual_matching_shows_zero_where_hourly_leaves_the_nights_unmatched() {
        // Hand calculation. Annual (2015): 48 kWh of PPA volume covers the 48 kWh consumed,
        // at 0 g: 0 kg. Hourly: the 24 daylight hours are matched (1 kWh each, the other
        // 1 kWh of each is surplus: 24 kWh); the 24 night hours go to the residual mix of
        // 400 g/kWh: 24 kWh × 0.4 kg/kWh = 9.6 kg. Carbon-free share 24/48 = 0.5, as is the
        // share of hours matched.
        let (consumption, solar) = two_days();
        let ppa = [Supply {
            generation: &solar,
            g_per_kwh: 0.0,
            deliverable: true,
            carbon_free: true,
        }];
        // The 2015 figure is the site's market-based formula over annual volumes.
        let annual = formula::market_based(
            consumption.total(),
            formula::instruments(&[(solar.total(), 0.0)]),
            400.0,
        );
        assert_eq!(annual, 0.0);
        let hourly = hourly_market_based(&consumption, &ppa, 400.0);
        assert!(close(hourly.kg, 9.6), "{hourly:?}");
        assert_eq!(hourly.consumed_kwh, 48.0);
        assert_eq!(hourly.matched_kwh, 24.0);
        assert_eq!(hourly.surplus_kwh, 24.0);
        assert_eq!(hourly.hours, 48);
        assert_eq!(hourly.matched_hours, 24);
        assert_eq!(hourly.contracted_carbon_free_share(), 0.5);
        assert_eq!(hourly.matched_hours_share(), 0.5);
    }

    #[test]
    fn generation_outside_the_market_matches_no_hour() {
        // Hand calculation: the same PPA outside the market boundary matches nothing, so all
        // 48 kWh go to the residual mix: 48 × 0.4 = 19.2 kg; its 48 kWh are undeliverable.
        let (consumption, solar) = two_days();
        let abroad = [Supply {
            generation: &solar,
            g_per_kwh: 0.0,
            deliverable: false,
            carbon_free: true,
        }];
        let hourly = hourly_market_based(&consumption, &abroad, 400.0);
        assert!(close(hourly.kg, 19.2));
        assert_eq!(hourly.matched_kwh, 0.0);
        assert_eq!(hourly.undeliverable_kwh, 48.0);
        assert_eq!(hourly.surplus_kwh, 0.0);
    }

    #[test]
    fn an_hour_matched_but_for_rounding_is_matched() {
        // 0.1 + 0.2 kWh consumed (0.30000000000000004 in binary), matched by 0.1 and 0.2.
        let consumption = Profile::new(vec![(DAY_ONE, 0.1 + 0.2)]).unwrap();
        let (a, b) = (
            Profile::new(vec![(DAY_ONE, 0.1)]).unwrap(),
            Profile::new(vec![(DAY_ONE, 0.2)]).unwrap(),
        );
        let supply = |generation| Supply {
            generation,
            g_per_kwh: 0.0,
            deliverable: true,
            carbon_free: true,
        };
        let hourly = hourly_market_based(&consumption, &[supply(&a), supply(&b)], 400.0);
        assert_eq!(hourly.kg, 0.0);
        assert_eq!(hourly.matched_hours, 1);
    }

    #[test]
    fn an_hour_is_matched_by_its_lowest_factor_first() {
        // Hand calculation, one hour of 3 kWh: a supplier-specific 200 g/kWh product of 2 kWh
        // (listed first) and a wind PPA of 2 kWh at 0 g. Wind first: 2 kWh at 0, then 1 kWh of
        // the supplier's at 200 g = 0.2 kg; 1 kWh of the supplier's is surplus.
        let at = DAY_ONE;
        let consumption = Profile::new(vec![(at, 3.0)]).unwrap();
        let two = Profile::new(vec![(at, 2.0)]).unwrap();
        let supplies = [
            Supply {
                generation: &two,
                g_per_kwh: 200.0,
                deliverable: true,
                carbon_free: false,
            },
            Supply {
                generation: &two,
                g_per_kwh: 0.0,
                deliverable: true,
                carbon_free: true,
            },
        ];
        let hourly = hourly_market_based(&consumption, &supplies, 500.0);
        assert!(close(hourly.kg, 0.2));
        assert_eq!(hourly.contracted_carbon_free_kwh, 2.0);
        assert_eq!(hourly.matched_hours, 1);
        assert_eq!(hourly.surplus_kwh, 1.0);
    }

    #[test]
    fn the_carbon_free_share_follows_the_source_not_the_factor() {
        // Attack of 2026-12-03 (helper 60): a fossil contract stated at 0 g/kWh counted as
        // carbon-free, and a wind PPA stated at its life-cycle 11 g/kWh did not. One hour of
        // 4 kWh: 1 kWh of each.
        let at = DAY_ONE;
        let consumption = Profile::new(vec![(at, 4.0)]).unwrap();
        let one = Profile::new(vec![(at, 1.0)]).unwrap();
        let supply = |g_per_kwh, carbon_free| Supply {
            generation: &one,
            g_per_kwh,
            deliverable: true,
            carbon_free,
        };
        let hourly = hourly_market_based(
            &consumption,
            &[supply(0.0, false), supply(11.0, true)],
            400.0,
        );
        assert_eq!(hourly.contracted_carbon_free_kwh, 1.0);
        assert_eq!(hourly.contracted_carbon_free_share(), 0.25);
    }

    #[test]
    fn hours_without_an_hourly_factor_fall_back_and_are_counted() {
        // Hand calculation: 2 kWh at 100 g and 3 kWh at 300 g hourly, 5 kWh in an hour with no
        // hourly factor at the month's 250 g: 0.2 + 0.9 + 1.25 = 2.35 kg.
        let consumption = Profile::new(vec![
            (DAY_ONE, 2.0),
            (DAY_ONE + HOUR, 5.0),
            (DAY_ONE + 2 * HOUR, 3.0),
        ])
        .unwrap();
        let factors = Profile::new(vec![
            (DAY_ONE, 100.0),
            (DAY_ONE + 2 * HOUR, 300.0),
            (DAY_ONE + 9 * HOUR, 1.0),
        ])
        .unwrap();
        let location = location_based(&consumption, &factors, |_| 250.0);
        assert!(close(location.kg, 2.35), "{location:?}");
        assert_eq!(location.hourly_hours, 2);
        assert_eq!(location.fallback_hours, 1);
        assert_eq!(location.fallback_kwh, 5.0);
    }

    #[test]
    fn shifting_moves_flexible_energy_to_the_cleanest_hours_within_capacity() {
        // Hand calculation, one day of 1 kWh an hour, half of it flexible (12 kWh), capacity
        // 2 kWh an hour. Hourly factors: 100 g in daylight (06–18), 500 g at night. Each
        // daylight hour has room for 2 − 0.5 = 1.5 kWh: 12 hours × 1.5 = 18 kWh ≥ 12, so all
        // 12 kWh go to daylight, the earliest hours first: 06:00–13:00 take 1.5 kWh each (8 ×
        // 1.5 = 12). Location-based before: 12 × 0.1 + 12 × 0.5 = 7.2 kg; after: night 12 ×
        // 0.5 kWh at 0.5 = 3.0 kg, daylight 12 × 0.5 + 12 = 18 kWh at 0.1 = 1.8 kg: 4.8 kg,
        // a saving of 2.4 kg.
        let day: Vec<i64> = (0..24).map(|h| DAY_ONE + h * HOUR).collect();
        let consumption = Profile::new(day.iter().map(|&at| (at, 1.0)).collect()).unwrap();
        let factors = Profile::new(
            day.iter()
                .map(|&at| {
                    let h = (at - DAY_ONE) / HOUR;
                    (at, if (6..18).contains(&h) { 100.0 } else { 500.0 })
                })
                .collect(),
        )
        .unwrap();
        let rule = Shift {
            window_hours: 24,
            capacity_kwh: 2.0,
        };
        let by_factor = |at: i64| {
            let mut cursor = Cursor::new(&factors);
            vec![(f64::INFINITY, cursor.at(at).unwrap_or(0.0))]
        };
        let shifted = shift(&consumption, &share(&consumption, 0.5), rule, by_factor).unwrap();
        assert!(close(shifted.total(), 24.0));
        let at = |h: usize| shifted.hours()[h].1;
        assert_eq!(at(0), 0.5);
        assert_eq!(at(6), 2.0);
        assert_eq!(at(13), 2.0);
        assert_eq!(at(14), 0.5);
        let before = location_based(&consumption, &factors, |_| 0.0).kg;
        let after = location_based(&shifted, &factors, |_| 0.0).kg;
        assert!(close(before, 7.2));
        assert!(close(after, 4.8), "{after}");
    }

    #[test]
    fn shifting_into_surplus_generation_lowers_the_hourly_market_figure_only() {
        // Hand calculation on the two days: every kWh flexible, capacity 2 kWh, window 24 h.
        // Each daylight hour has 2 kWh of solar at 0 g; a day's 24 kWh fill the 12 daylight
        // hours at 2 kWh each, so every kWh is matched in its hour: hourly 0 kg (from 9.6);
        // annual still 0 kg, since annual volumes do not see the hour.
        let (consumption, solar) = two_days();
        let ppa = [Supply {
            generation: &solar,
            g_per_kwh: 0.0,
            deliverable: true,
            carbon_free: true,
        }];
        let rule = Shift {
            window_hours: 24,
            capacity_kwh: 2.0,
        };
        let tiers = |at: i64| {
            let mut cursor = Cursor::new(&solar);
            vec![(cursor.at(at).unwrap_or(0.0), 0.0), (f64::INFINITY, 400.0)]
        };
        let shifted = shift(&consumption, &share(&consumption, 1.0), rule, tiers).unwrap();
        let hourly = hourly_market_based(&shifted, &ppa, 400.0);
        assert_eq!(hourly.kg, 0.0, "{shifted:?}");
        assert_eq!(hourly.matched_kwh, 48.0);
        assert_eq!(shifted.total(), consumption.total());
    }

    #[test]
    fn a_draw_gives_what_matching_the_scaled_consumption_gives() {
        // The draws' shortcut against the direct computation on consumption scaled by m: a
        // varied day (0.5 to 2.5 kWh an hour, a zero hour), solar in daylight and a
        // supplier-specific product at 200 g in the evening, both deliverable, and one abroad.
        let day: Vec<i64> = (0..24).map(|h| DAY_ONE + h * HOUR).collect();
        let consumption = Profile::new(
            day.iter()
                .enumerate()
                .map(|(h, &at)| {
                    #[allow(clippy::cast_precision_loss, reason = "hours of a day")]
                    let kwh = if h == 3 {
                        0.0
                    } else {
                        0.5 + (h % 5) as f64 * 0.5
                    };
                    (at, kwh)
                })
                .collect(),
        )
        .unwrap();
        let solar = Profile::new(
            day.iter()
                .enumerate()
                .filter(|(h, _)| (7..17).contains(h))
                .map(|(h, &at)| {
                    #[allow(clippy::cast_precision_loss, reason = "hours of a day")]
                    let kwh = 3.0 - (h as f64 - 12.0).abs() * 0.5;
                    (at, kwh)
                })
                .collect(),
        )
        .unwrap();
        let evening = Profile::new(day[17..22].iter().map(|&at| (at, 1.0)).collect()).unwrap();
        let supplies = [
            Supply {
                generation: &evening,
                g_per_kwh: 200.0,
                deliverable: true,
                carbon_free: false,
            },
            Supply {
                generation: &solar,
                g_per_kwh: 0.0,
                deliverable: true,
                carbon_free: true,
            },
            Supply {
                generation: &solar,
                g_per_kwh: 0.0,
                deliverable: false,
                carbon_free: true,
            },
        ];
        let draws = HourlyDraws::new(&consumption, &supplies);
        for m in [0.0, 0.25, 0.5, 1.0, 1.37, 2.0, 4.0] {
            let scaled = Profile::new(
                consumption
                    .hours()
                    .iter()
                    .map(|&(at, kwh)| (at, kwh * m))
                    .collect(),
            )
            .unwrap();
            let direct = hourly_market_based(&scaled, &supplies, 450.0).kg;
            let shortcut = draws.kg(m, |_| 1.0, 450.0);
            assert!(
                close(shortcut, direct),
                "m = {m}: {shortcut} against {direct}"
            );
        }
        // The supplier's factor doubled (it is second in merit order) against the direct
        // computation with that factor.
        let mut dearer = supplies;
        dearer[0].g_per_kwh = 400.0;
        let direct = hourly_market_based(&consumption, &dearer, 450.0).kg;
        let shortcut = draws.kg(1.0, |i| if i == 1 { 2.0 } else { 1.0 }, 450.0);
        assert!(close(shortcut, direct), "{shortcut} against {direct}");
    }

    /// `flexible` of each hour's energy, as movable energy.
    fn share(consumption: &Profile, flexible: f64) -> Vec<f64> {
        consumption
            .hours()
            .iter()
            .map(|&(_, kwh)| kwh * flexible)
            .collect()
    }

    #[test]
    fn a_shift_outside_its_bounds_is_refused() {
        let (consumption, _) = two_days();
        let flat = |_| vec![(f64::INFINITY, 1.0)];
        let rule = |window_hours, capacity_kwh| Shift {
            window_hours,
            capacity_kwh,
        };
        let half = share(&consumption, 0.5);
        let first = consumption.hours()[0];
        assert_eq!(
            shift(&consumption, &share(&consumption, 1.5), rule(24, 2.0), flat),
            Err(ShiftError::Movable {
                at: first.0,
                kwh: first.1,
                movable: first.1 * 1.5
            })
        );
        assert_eq!(
            shift(&consumption, &half[1..], rule(24, 2.0), flat),
            Err(ShiftError::Hours {
                given: 47,
                hours: 48
            })
        );
        assert_eq!(
            shift(&consumption, &half, rule(0, 2.0), flat),
            Err(ShiftError::Window)
        );
        assert!(matches!(
            shift(&consumption, &half, rule(24, 0.5), flat),
            Err(ShiftError::Capacity { .. })
        ));
        assert!(matches!(
            shift(&consumption, &half, rule(24, f64::NAN), flat),
            Err(ShiftError::CapacityValue(_))
        ));
        // Review of issue 25: a supplier's product at 300 g before a residual mix of 100 g
        // would draw energy into its hour and raise the hourly figure; tiers ending with a
        // limit would lose energy. Both are refused.
        let dear_first = |_| vec![(1.0, 300.0), (f64::INFINITY, 100.0)];
        assert_eq!(
            shift(&consumption, &half, rule(24, 2.0), dear_first),
            Err(ShiftError::Tiers { at: DAY_ONE })
        );
        let limited = |_| vec![(1.0, 100.0)];
        assert_eq!(
            shift(&consumption, &half, rule(24, 2.0), limited),
            Err(ShiftError::Tiers { at: DAY_ONE })
        );
    }
}
