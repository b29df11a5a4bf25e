//! "Did you mean" for every name wattprint looks up (units, ids, fields, reference rows,
//! figures): one rule, so that a typo is caught alike everywhere.

/// The known names nearest to `written`, nearest first, at most three: those within a quarter
/// of its length in edits (at least two; Levenshtein distance from `strsim`, ignoring case),
/// and those that contain it (`h100` finds `h100-sxm`).
#[must_use]
pub fn nearest<'a>(written: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let written = written.to_lowercase();
    let limit = (written.chars().count() / 4).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let distance = strsim::levenshtein(&written, &lower);
            let contains = written.chars().count() >= 2 && lower.contains(&written);
            (distance <= limit || contains).then_some((distance, name))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// The known name nearest to `written`, if one is near enough to be a plausible typo.
#[must_use]
pub fn closest<'a>(written: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    nearest(written, known).into_iter().next()
}

/// "did you mean `a`, `b`?" for the names `nearest` found; `None` when it found none.
#[must_use]
pub fn did_you_mean(nearest: &[&str]) -> Option<String> {
    (!nearest.is_empty()).then(|| {
        let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
        format!("did you mean {}?", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_names_and_strangers_find_none() {
        let regions = ["aws:eu-central-1", "aws:eu-central-2", "aws:eu-west-1"];
        assert_eq!(
            nearest("aws:eu-centrl-1", regions.iter().copied()),
            ["aws:eu-central-1", "aws:eu-central-2"]
        );
        assert!(nearest("gcp:mars-1", regions.iter().copied()).is_empty());
        let devices = ["h100-pcie", "h100-sxm", "a100-sxm4-80gb"];
        assert_eq!(
            nearest("h100", devices.iter().copied()),
            ["h100-sxm", "h100-pcie"]
        );
        // Case is ignored: `kwh` is `kWh`; `MWhs` is one edit from `MWh`.
        let units = ["Wh", "kWh", "MWh"];
        assert_eq!(closest("kwh", units.iter().copied()), Some("kWh"));
        assert_eq!(closest("MWhs", units.iter().copied()), Some("MWh"));
        assert_eq!(closest("furlong", units.iter().copied()), None);
    }
}
