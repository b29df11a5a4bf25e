//! A user's reference data file: its form against the schema of [`UserData`], then the
//! precisions its hardware rows name.

use serde::Deserialize as _;

use super::schema;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Document, Limits, Source};
use crate::reference::{Precision, UserData, UserError};

/// Checks a user's reference data file (`--data`, or one a report carries) and reads it.
///
/// # Errors
/// Every finding, located, when the file does not have the schema's shape.
///
/// # Panics
/// Never on user input: only if the generated schema itself were invalid, which the
/// schema tests rule out.
pub fn reference_data(source: Source) -> Result<UserData, UserError> {
    let document: Document = load::document(source, Limits::default()).map_err(UserError)?;
    let schema = UserData::schema();
    #[allow(
        clippy::expect_used,
        reason = "the schema is generated from our own types and covered by tests"
    )]
    let structure =
        super::structure::Structure::new(&schema).expect("the reference data schema compiles");
    let findings = schema::check(&document, &schema, &structure);
    if !findings.is_empty() {
        return Err(UserError(findings));
    }
    let mut findings = Vec::new();
    for (i, row) in UserData::deserialize(&document.value)
        .map_err(|e| {
            UserError(vec![
                document.place(Diagnostic::error("invalid-value", e.to_string())),
            ])
        })?
        .hardware
        .iter()
        .enumerate()
    {
        for key in row.peak_tflops.keys() {
            if !Precision::ALL.iter().any(|p| p.name() == key) {
                findings.push(
                    document.place(
                        Diagnostic::error("invalid-value", format!("`{key}` is not a precision"))
                            .at(format!("/hardware/{i}/peak_tflops/{key}"))
                            .help("write one of fp64, fp32, tf32, fp16, bf16, fp8"),
                    ),
                );
            }
        }
    }
    if !findings.is_empty() {
        return Err(UserError(findings));
    }
    UserData::deserialize(&document.value).map_err(|e| {
        UserError(vec![
            document.place(Diagnostic::error("invalid-value", e.to_string())),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source as File;
    use crate::reference::Dataset;

    #[test]
    fn a_users_rows_override_and_extend() {
        let text = "name: Acme factors 2026\n\
            grid:\n  - { zone: DE, value: 350 gCO2e/kWh, year: 2025, source: UBA 2025 }\n\
            residual_mix:\n  - { zone: DE, value: 700 gCO2e/kWh, year: 2024, source: AIB 2024 }\n";
        let user = reference_data(File::from_text("acme.yaml", text)).unwrap();
        let data = Dataset::builtin().extended(&user);
        assert!(data.name.ends_with("+ Acme factors 2026"));
        let de = data.grid("DE").unwrap();
        assert!((de.g_per_kwh - 350.0).abs() < 1e-12 && de.year == 2025);
        assert_eq!(data.cite(&de.source), "UBA 2025 (Acme factors 2026)");
        assert!(data.residual_mix("de").is_some());
        assert_eq!(data.grid.len(), Dataset::builtin().grid.len());
        // A provider or a region in another case replaces the built-in row the look-up finds.
        let text = "name: Contract\n\
            providers:\n  - { id: GCP, pue: { value: 1.3, year: 2025, source: contract } }\n\
            cloud_regions:\n  - { provider: GCP, region: Europe-West3, zone: DE-LU, source: contract }\n";
        let user = reference_data(File::from_text("c.yaml", text)).unwrap();
        let data = Dataset::builtin().extended(&user);
        let pue = data.provider("gcp").and_then(|p| p.pue.clone()).unwrap();
        assert!((pue.value - 1.3).abs() < 1e-12);
        assert_eq!(data.region("gcp:europe-west3").unwrap().zone, "DE-LU");
        assert_eq!(data.providers.len(), Dataset::builtin().providers.len());
    }

    #[test]
    fn a_bad_file_is_refused_with_located_findings() {
        let text = "name: x\ngrid:\n  - { zone: DE, value: 350 g/kWh, year: 2025, source: s }\n";
        let UserError(findings) = reference_data(File::from_text("x.yaml", text)).unwrap_err();
        assert_eq!(findings[0].code, "unit");
        assert_eq!(findings[0].span.unwrap().start.line, 3);
    }
}
