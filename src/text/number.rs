//! How numbers are written in reports: a fixed number of significant figures, thousands
//! grouped, never in exponent notation (a regulator reads `0.0030 MWh`, not `3e-3`).

/// Significant figures shown for every computed figure. The EU AI Act GPAI Code of Practice
/// Model Documentation Form asks for energy to at least two; four keep rounding visible
/// without claiming more precision than a meter gives.
pub const SIGNIFICANT: i32 = 4;

/// `value` to [`SIGNIFICANT`] significant figures, with `,` between thousands; a value with
/// more whole digits than that keeps all of them (`55,620`, `1,234,567`), since rounding
/// whole units away would print a figure the reader cannot check against its inputs.
#[must_use]
pub fn format(value: f64) -> String {
    significant(value, SIGNIFICANT)
}

/// Fewest significant figures a figure is written with: the Model Documentation Form asks for
/// energy and computation to at least two.
pub const FEWEST: i32 = 2;

/// The significant figures `value` is written with when its 95 % interval is `low` to
/// `high`: down to the second significant digit of the interval's half-width, so that no digit
/// is printed that the uncertainty does not support (JCGM 100:2008, the GUM, 7.2.6: an
/// uncertainty to at most two significant digits, and no "excessive number of digits" in the
/// estimate), between [`FEWEST`] and [`SIGNIFICANT`].
#[must_use]
pub fn supported_digits(value: f64, low: f64, high: f64) -> i32 {
    let half = (high - low).abs() / 2.0;
    if !(value.is_finite() && half.is_finite()) || value == 0.0 || half == 0.0 {
        return SIGNIFICANT;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite f64 is within ±330"
    )]
    let digits = (value.abs().log10().floor() - half.log10().floor()) as i32 + 2;
    digits.clamp(FEWEST, SIGNIFICANT)
}

/// `value` to `digits` significant figures, written as [`format`] writes them.
#[must_use]
pub fn significant(value: f64, digits: i32) -> String {
    fixed(value, decimals(value, digits))
}

/// The decimal places that write `value` to `digits` significant figures (none for a value
/// with that many whole digits or more).
#[must_use]
pub fn decimals(value: f64, digits: i32) -> usize {
    if !value.is_finite() || value == 0.0 {
        return 0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite f64 is within ±330"
    )]
    let magnitude = value.abs().log10().floor() as i32;
    usize::try_from((digits - 1 - magnitude).max(0)).unwrap_or(0)
}

/// `value` with `decimals` decimal places and `,` between thousands: how the ends of an
/// interval are written, to the places of the figure they bound.
#[must_use]
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "n/a".to_owned();
    }
    if value == 0.0 && decimals == 0 {
        return "0".to_owned();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// `value` as [`format`] gives it, without trailing zeros: for factors and inputs echoed
/// back, which read as they were written (`363`, not `363.0`).
#[must_use]
pub fn plain(value: f64) -> String {
    let text = format(value);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The power of ten at or below `value`, its order of magnitude; `None` unless `value` is
/// finite and above zero. A power of ten written as a decimal (`1e23`, a hair below 10^23 in
/// binary) is its own order.
#[must_use]
pub fn exponent(value: f64) -> Option<i32> {
    if !(value.is_finite() && value > 0.0) {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite positive f64 is within ±330"
    )]
    let e = value.log10().floor() as i32;
    // log10 rounds: a value a hair below a power of ten can land on it, and a decimal power
    // of ten (a hair below it in binary) just under it. Compare with the decimal powers.
    let power = |e: i32| format!("1e{e}").parse::<f64>().ok();
    Some(if power(e + 1)? <= value {
        e + 1
    } else if power(e)? > value {
        e - 1
    } else {
        e
    })
}

/// A share as a whole percentage, thousands grouped: `0.78` → `78 %`, `11.67` → `1,167 %`.
#[must_use]
pub fn percent(share: f64) -> String {
    // Adding zero turns a rounded −0 (from a share a hair below zero) into 0: no "-0 %".
    format!("{} %", plain((share * 100.0).round() + 0.0))
}

/// Shares of one whole as whole percentages that add up to 100 %, as a reader adds them: each
/// rounded down, and the points left given to the largest remainders (the largest remainder
/// method). Shares that are not parts of a whole (not adding up to 1) are rounded each alone.
/// A share present that rounds to no point is `<1 %` ([`shown_points`]).
#[must_use]
pub fn percents_of_a_whole(shares: &[f64]) -> Vec<String> {
    whole_percents(shares)
        .iter()
        .zip(shares)
        .map(|(&points, &share)| shown_points(points, share))
        .collect()
}

/// The points of [`percents_of_a_whole`], as numbers: whole where the shares make a whole, so
/// that a reader's sum of some of them is what a figure for those parts shows.
#[must_use]
pub fn whole_percents(shares: &[f64]) -> Vec<f64> {
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 1e-9 || shares.iter().any(|s| !(0.0..=1.0).contains(s)) {
        return shares.iter().map(|s| (s * 100.0).round()).collect();
    }
    let points: Vec<f64> = shares.iter().map(|s| s * 100.0).collect();
    let mut whole: Vec<f64> = points.iter().map(|p| p.floor()).collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    // Largest remainder first; ties to the earlier share, so the result does not depend on
    // the sort.
    order.sort_by(|&a, &b| {
        (points[b] - whole[b])
            .total_cmp(&(points[a] - whole[a]))
            .then(a.cmp(&b))
    });
    let mut total: f64 = whole.iter().sum();
    for &i in &order {
        if total > 99.5 {
            break;
        }
        whole[i] += 1.0;
        total += 1.0;
    }
    whole
}

/// Whole percentage points of [`whole_percents`] as printed beside the share they stand for:
/// a share above zero and under half a point reads `<1 %` (also where the largest remainders
/// gave it a point, so that equal shares read alike) or where it got no point, and one short
/// of the whole and above 99.5 points `>99 %`, so that no part present reads as absent and no
/// part as the whole while another is there. Shares within 1e-12 of 0 or 1 are taken as exact
/// (a ratio of two sums added in different orders).
#[must_use]
pub fn shown_points(points: f64, share: f64) -> String {
    if share > 1e-12 && (points < 0.5 || share < 0.005) {
        "<1 %".to_owned()
    } else if share < 1.0 - 1e-12 && (points > 99.5 || share > 0.995) {
        ">99 %".to_owned()
    } else {
        format!("{} %", plain(points + 0.0))
    }
}

/// A change as a signed percentage to one decimal place, thousands grouped: `0.25` →
/// `+25.0 %`, `-0.042` → `−4.2 %`; a change that rounds to nothing is `0.0 %`.
#[must_use]
pub fn change(fraction: f64) -> String {
    let text = fixed((fraction * 100.0).abs(), 1);
    let sign = if text == "0.0" || !fraction.is_finite() {
        ""
    } else if fraction > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{text} %")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_a_whole_add_up_to_a_hundred() {
        // 37.5 + 37.5 + 25 = 100, each rounded alone 38 + 38 + 25 = 101 (review, 2026-12-01:
        // "48 %, 24 %, 29 %"); by the largest remainders, the tie to the first: 38 + 37 + 25
        // (hand calculation; the shares are exact in binary).
        assert_eq!(
            percents_of_a_whole(&[0.375, 0.375, 0.25]),
            ["38 %", "37 %", "25 %"]
        );
        assert_eq!(percents_of_a_whole(&[1.0]), ["100 %"]);
        assert_eq!(percents_of_a_whole(&[0.5, 0.5]), ["50 %", "50 %"]);
        // Not parts of one whole: each alone.
        assert_eq!(percents_of_a_whole(&[0.476, 0.236]), ["48 %", "24 %"]);
    }

    #[test]
    fn a_part_present_never_reads_as_absent_or_as_the_whole() {
        // 99.6 + 0.4: floors 99 + 0, the point left to the larger remainder (0.6): 100 + 0,
        // which read "100 %" beside "0 %" for a part that is there (hand calculation).
        assert_eq!(percents_of_a_whole(&[0.996, 0.004]), [">99 %", "<1 %"]);
        // 0.3 % among three: 0.3 → 0 points, still there.
        assert_eq!(
            percents_of_a_whole(&[0.497, 0.5, 0.003]),
            ["50 %", "50 %", "<1 %"]
        );
        // A part that is not there, and the whole, read as such; float noise is not a part.
        assert_eq!(percents_of_a_whole(&[1.0, 0.0]), ["100 %", "0 %"]);
        assert_eq!(shown_points(100.0, 1.0 - 1e-15), "100 %");
        assert_eq!(shown_points(0.0, 1e-15), "0 %");
        assert_eq!(shown_points(1.0, 0.006), "1 %");
        // A review of this change: 99.2 + 0.4 + 0.4, floors 99 + 0 + 0, the point left to the
        // first of the two equal remainders, printed "1 %" and "<1 %" for equal shares.
        assert_eq!(
            percents_of_a_whole(&[0.992, 0.004, 0.004]),
            ["99 %", "<1 %", "<1 %"]
        );
        // A share of 1e-11 is there; one of 1e-13 is taken for the noise of a ratio of sums
        // (0.001 kWh beside 10 TWh reads 0 %).
        assert_eq!(shown_points(0.0, 1e-11), "<1 %");
        assert_eq!(shown_points(0.0, 1e-13), "0 %");
    }

    #[test]
    fn a_change_carries_its_sign() {
        assert_eq!(change(0.25), "+25.0 %");
        assert_eq!(change(-0.042), "−4.2 %");
        assert_eq!(change(0.0004), "0.0 %");
        assert_eq!(change(-0.0004), "0.0 %");
        assert_eq!(change(12.5), "+1,250.0 %");
    }

    #[test]
    fn a_power_of_ten_written_as_a_decimal_is_its_own_order() {
        assert_eq!(exponent(1e23), Some(23));
        assert_eq!(exponent(9.99e22), Some(22));
        assert_eq!(exponent(3.7e25), Some(25));
        assert_eq!(exponent(9.999_999_999_999_99e24), Some(24));
        assert_eq!(exponent(0.0), None);
    }

    #[test]
    fn a_share_of_nothing_is_zero_per_cent_never_minus_zero() {
        assert_eq!(percent(0.78), "78 %");
        assert_eq!(percent(-0.0), "0 %");
        assert_eq!(percent(-1e-12), "0 %");
        assert_eq!(percent(11.67), "1,167 %");
    }

    #[test]
    fn four_significant_figures_with_grouping() {
        assert_eq!(format(55.62), "55.62");
        assert_eq!(format(41.2), "41.20");
        assert_eq!(format(1_287.3), "1,287");
        assert_eq!(format(552_123.0), "552,123");
        assert_eq!(format(0.003_022_8), "0.003023");
        assert_eq!(format(-12.5), "-12.50");
        assert_eq!(format(0.0), "0");
    }

    #[test]
    fn digits_follow_the_uncertainty() {
        // By hand: ± 2.8 has its second digit at the tenths, so 55.62 reads "55.6"; ± 28 at
        // the units ("56"); ± 0.28 or narrower keeps the four; a point interval changes nothing.
        assert_eq!(supported_digits(55.62, 52.82, 58.42), 3);
        assert_eq!(supported_digits(55.62, 27.62, 83.62), 2);
        assert_eq!(supported_digits(55.62, 55.34, 55.90), 4);
        assert_eq!(supported_digits(55.62, 55.59, 55.65), 4);
        assert_eq!(supported_digits(55.62, 55.62, 55.62), 4);
        // ± 100 % keeps the two the Form asks for.
        assert_eq!(supported_digits(10.0, 0.0, 20.0), 2);
        assert_eq!(significant(55.62, 2), "56");
        assert_eq!(significant(0.1190, 2), "0.12");
    }

    #[test]
    fn plain_drops_trailing_zeros() {
        assert_eq!(plain(363.0), "363");
        assert_eq!(plain(5.0), "5");
        assert_eq!(plain(1.35), "1.35");
        assert_eq!(plain(1200.0), "1,200");
    }

    #[test]
    fn shares_are_whole_percentages() {
        assert_eq!(percent(0.781), "78 %");
    }
}
