//! `empty-source`: every source names something an auditor can look up.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "empty-source",
    summary: "no `source` is empty",
    why: "AI Act Annex XI, Section 1, point 2(e) asks providers of general-purpose AI models for the energy \"known or estimated\" and how it was estimated; any figure whose source is blank (an energy, a grid factor, a PUE, an instrument) cannot be checked by whoever reads the report.",
    example: "energy: { value: 41.2 MWh, method: metered, source: \"\" }   # fix: source: \"facility meter export, Jan–Jun 2026\"",
    check,
};

/// The text that asks an energy figure for its source, and whom it binds; other figures'
/// sources are asked for because a figure without one cannot be checked, not by an article.
const REQUIREMENT: &str =
    "AI Act Annex XI, Section 1, point 2(e), for providers of general-purpose AI models";

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    let mut sources: Vec<(String, &str)> = Vec::new();
    for (i, m) in d.measurements.iter().enumerate() {
        sources.push((format!("/measurements/{i}/energy/source"), &m.energy.source));
    }
    for (s, site) in d.sites.iter().enumerate() {
        if let Some(pue) = &site.pue {
            sources.push((format!("/sites/{s}/pue/source"), &pue.source));
        }
        sources.push((
            format!("/sites/{s}/grid/location_based/source"),
            &site.grid.location_based.source,
        ));
        if let Some(market) = &site.grid.market_based {
            sources.push((
                format!("/sites/{s}/grid/market_based/source"),
                &market.source,
            ));
            for (k, instrument) in market.instruments.iter().enumerate() {
                sources.push((
                    format!("/sites/{s}/grid/market_based/instruments/{k}/source"),
                    &instrument.source,
                ));
            }
        }
    }
    for (k, model) in d.system.models.iter().enumerate() {
        let Some(training) = &model.training else {
            continue;
        };
        if let Some(energy) = &training.energy {
            sources.push((
                format!("/system/models/{k}/training/energy/source"),
                &energy.source,
            ));
        }
        if let Some(compute) = &training.compute {
            sources.push((
                format!("/system/models/{k}/training/compute/source"),
                &compute.source,
            ));
        }
    }
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied {
            sources.push((format!("/hardware/{h}/embodied/source"), &embodied.source));
        }
    }
    for (pointer, source) in sources {
        if source.trim().is_empty() {
            let energy = pointer.ends_with("/energy/source");
            let mut finding = Diagnostic::error(RULE.code, "the source is empty")
                .at(pointer)
                .help("name the document, meter export, contract or dataset the value comes from");
            if energy {
                finding = finding.required_by(REQUIREMENT);
            }
            out.push(finding);
        }
    }
}
