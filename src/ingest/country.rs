//! ISO 3166-1 country codes, for formats that write alpha-3 codes where disclosures use
//! alpha-2. The table is `data/countries.csv` (see `data/SOURCES.md`), compiled in.

const TABLE: &str = include_str!("../../data/countries.csv");

/// The alpha-2 code of the country whose alpha-3 code is `alpha3` (any case).
#[must_use]
pub fn alpha2(alpha3: &str) -> Option<&'static str> {
    TABLE.lines().skip(1).find_map(|line| {
        let mut fields = line.splitn(3, ',');
        let two = fields.next()?;
        let three = fields.next()?;
        three.eq_ignore_ascii_case(alpha3.trim()).then_some(two)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha3_codes_map_to_alpha2() {
        // ISO 3166-1: CAN = CA, USA = US, SGP = SG, NLD = NL, FRA = FR.
        for (three, two) in [
            ("CAN", "CA"),
            ("usa", "US"),
            ("SGP", "SG"),
            ("NLD", "NL"),
            ("FRA", "FR"),
        ] {
            assert_eq!(alpha2(three), Some(two));
        }
        assert_eq!(alpha2("XXX"), None);
    }
}
