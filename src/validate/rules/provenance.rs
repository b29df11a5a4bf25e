//! `empty-source`: every source names something an auditor can look up.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;

pub static RULE: Rule = Rule {
    code: "empty-source",
    summary: "no `source` is empty",
    why: "AI Act Annex XI, Section 1, point 2(e) asks for the energy \"known or estimated\" and how it was estimated; a figure whose source is blank cannot be checked.",
    example: "energy: { value: 41.2 MWh, method: metered, source: \"\" }   # fix: source: \"facility meter export, Jan–Jun 2026\"",
    check,
};

const REQUIREMENT: &str = "AI Act Annex XI, Section 1, point 2(e)";

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
    for (h, hardware) in d.hardware.iter().enumerate() {
        if let Some(embodied) = &hardware.embodied {
            sources.push((format!("/hardware/{h}/embodied/source"), &embodied.source));
        }
    }
    for (pointer, source) in sources {
        if source.trim().is_empty() {
            out.push(
                Diagnostic::error(RULE.code, "the source is empty")
                    .at(pointer)
                    .help(
                        "name the document, meter export, contract or dataset the value comes from",
                    )
                    .required_by(REQUIREMENT),
            );
        }
    }
}
