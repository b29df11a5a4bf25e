//! What ties a report to its inputs: the SHA-256 of each input file, the tool version, the
//! template and the date used, so an auditor can check that a report came from the inputs it
//! names.

pub mod diff;
pub mod verify;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The provenance of one report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The input file's name as given on the command line.
    pub input: String,
    /// SHA-256 of the input file's bytes, lowercase hex.
    pub input_sha256: String,
    /// wattprint's version.
    pub tool_version: String,
    /// The template's name.
    pub template: String,
    /// SHA-256 over the template's files (each path and its bytes, in path order).
    pub template_sha256: String,
    /// Version of the input format read.
    pub schema_version: u32,
    /// The reference data defaults were resolved from, and every value taken from it.
    pub reference_data: ReferenceData,
    /// Who the report was made for (`--audience`), when for one audience only.
    #[serde(default)]
    pub audience: Option<crate::render::gpai::Audience>,
    /// The report date.
    pub date: chrono::NaiveDate,
    /// Where the date came from: `SOURCE_DATE_EPOCH`, or the end of the reporting period.
    pub date_source: String,
}

/// The reference data a report's defaults came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReferenceData {
    /// The dataset: the built-in one's version, and the name of a user's file extending it.
    pub dataset: String,
    /// The user's reference data file, as attached to a PDF report.
    pub file: Option<String>,
    /// SHA-256 of that file's bytes.
    pub file_sha256: Option<String>,
    /// Every value taken from the dataset, with its year and source.
    pub uses: Vec<crate::reference::resolve::Use>,
}

impl Manifest {
    /// A short identifier for the report, stable for identical inputs: `WP-` and the first 12
    /// hex digits of the input hash.
    #[must_use]
    pub fn report_id(&self) -> String {
        format!("WP-{}", &self.input_sha256[..12].to_uppercase())
    }
}

/// SHA-256 of `bytes` as lowercase hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2, Appendix B.1: SHA-256("abc").
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
