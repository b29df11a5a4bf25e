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
    if !value.is_finite() {
        return "n/a".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "log10 of a finite f64 is within ±330"
    )]
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = usize::try_from((SIGNIFICANT - 1 - magnitude).max(0)).unwrap_or(0);
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 { "-" } else { "" };
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

/// A share (0 to 1) as a whole percentage: `0.78` → `78 %`.
#[must_use]
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
