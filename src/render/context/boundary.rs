//! What the figures leave out of the serving system's boundary.

use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::{Results, Treatment};
use crate::model::Disclosure;
use crate::model::quantity::convert;
use crate::text::number::{percent, plain};

/// A part of the serving system outside a measurement's boundary, and how it was treated.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct ExclusionRow {
    /// The measurement's id.
    measurement: String,
    /// The part, e.g. `host CPU and memory`, `networking`, `facility overhead`.
    part: &'static str,
    /// How it was treated: `added through the site's PUE`, `excluded: not measured or estimated`,
    /// or `added: …` with the amount, the factor's method and its source.
    treatment: String,
}

pub(super) fn exclusion_rows(d: &Disclosure, results: &Results) -> Vec<ExclusionRow> {
    results
        .boundary
        .iter()
        .map(|b| ExclusionRow {
            measurement: b.measurement.clone(),
            part: b.part.label(),
            treatment: match b.treatment {
                Treatment::AddedViaPue => "added through the site's PUE".to_owned(),
                Treatment::Excluded => "excluded: not measured or estimated".to_owned(),
                Treatment::AddedFromFactor => d
                    .measurements
                    .iter()
                    .find(|m| m.id == b.measurement)
                    .and_then(|m| m.completion.get(&b.part))
                    .map_or_else(String::new, |c| {
                        let amount = match (c.share, c.energy) {
                            (Some(share), _) => {
                                format!("{} of the measured energy", percent(share))
                            }
                            (None, Some(energy)) => {
                                format!("{} MWh", plain(convert(energy.kwh(), "kWh", "MWh")))
                            }
                            (None, None) => "no amount given".to_owned(),
                        };
                        format!("added: {amount} ({}; {})", c.method.label(), c.source)
                    }),
            },
        })
        .collect()
}
