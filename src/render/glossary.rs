//! Terms a reader of an energy disclosure meets, defined once for every template and format.

use schemars::JsonSchema;
use serde::Serialize;

/// A term and what it means, with the text that defines it where there is one.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Term {
    /// The term.
    pub term: &'static str,
    /// Its meaning.
    pub meaning: &'static str,
}

/// The glossary, in alphabetical order.
pub const GLOSSARY: &[Term] = &[
    Term {
        term: "95 % interval",
        meaning: "The range within which a figure lies with 95 % probability given the uncertainties the inputs state, propagated by a seeded Monte Carlo simulation; a value stated without an uncertainty is taken as exact, so the range is no wider than the stated uncertainties make it.",
    },
    Term {
        term: "Default factor",
        meaning: "A value from a published dataset rather than one specific to the site, supplier or hardware; reports mark it with † and cite its source and year.",
    },
    Term {
        term: "Embodied emissions",
        meaning: "Emissions of manufacturing the hardware, spread over its service life and shared by the time and share it serves the system (ISO/IEC 21031 SCI, term M); amortised, not the GHG Protocol's Scope 3 category 2, which counts hardware in full in the year it is bought.",
    },
    Term {
        term: "Facility energy",
        meaning: "IT energy plus the energy of cooling and power distribution: IT energy × PUE.",
    },
    Term {
        term: "Functional unit",
        meaning: "The unit of service per-unit figures are expressed in, such as one request or one million tokens (ISO/IEC 21031 SCI, term R).",
    },
    Term {
        term: "Location-based method",
        meaning: "Scope 2 emissions from the average emission factor of the grid where the energy is used (GHG Protocol Scope 2 Guidance).",
    },
    Term {
        term: "Market-based method",
        meaning: "Scope 2 emissions from contractual instruments (PPAs, guarantees of origin) and, for the rest, the residual mix (GHG Protocol Scope 2 Guidance).",
    },
    Term {
        term: "Method tier",
        meaning: "How a figure was obtained, from most to least direct: metered, device telemetry, estimated from hardware, estimated from compute, supplier reported, default factor.",
    },
    Term {
        term: "PUE",
        meaning: "Power usage effectiveness: facility energy ÷ IT energy, at least 1 (ISO/IEC 30134-2; Delegated Regulation (EU) 2024/1364, Annex III).",
    },
    Term {
        term: "Residual mix",
        meaning: "The emission factor of the electricity left after contractual instruments are claimed; used for the uncovered part under the market-based method.",
    },
    Term {
        term: "Scope 2; Scope 3, category 1",
        meaning: "Emissions of purchased electricity used at the organisation's own or rented (colocation) sites; emissions of purchased services, such as a public cloud (Scope 2: GHG Protocol Corporate Standard; Scope 3 and its categories: GHG Protocol Corporate Value Chain (Scope 3) Standard).",
    },
    Term {
        term: "WUE",
        meaning: "Water usage effectiveness: water used on site ÷ IT energy, in L/kWh (ISO/IEC 30134-9; an indicator of Delegated Regulation (EU) 2024/1364, Annex III, too).",
    },
];
