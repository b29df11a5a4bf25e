//! How each part of the serving system is treated: measured, added from a factor, or
//! excluded.

use super::{BoundaryTreatment, Treatment};
use crate::model::{BoundaryPart, Disclosure};

pub(super) fn boundary(disclosure: &Disclosure) -> Vec<BoundaryTreatment> {
    let mut out = Vec::new();
    for m in &disclosure.measurements {
        let pue_given = disclosure
            .sites
            .iter()
            .any(|s| s.id == m.site && s.pue.is_some());
        for part in BoundaryPart::ALL {
            if m.boundary.contains(&part) {
                continue;
            }
            let treatment = if part == BoundaryPart::Facility && pue_given {
                Treatment::AddedViaPue
            } else if m.completion.contains_key(&part) {
                Treatment::AddedFromFactor
            } else {
                Treatment::Excluded
            };
            out.push(BoundaryTreatment {
                measurement: m.id.clone(),
                part,
                treatment,
            });
        }
    }
    out
}
