//! `standards`: the standards a disclosure says it follows are ones its organisation's role can
//! follow.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Role};

pub static RULE: Rule = Rule {
    code: "standards",
    summary: "a deployer's `methodology.standards` does not name AI Act Annex XI, which providers of general-purpose AI models follow",
    why: "Annex XI lists the technical documentation a provider of a general-purpose AI model keeps for the AI Office and national competent authorities (AI Act Art. 53(1)(a)); a deployer's disclosure is not made under it, and the report's cover says so. Listing it under \"Standards followed\" would contradict the cover.",
    example: "standards: [\"EU AI Act, Annex XI\"]   # fix, for a deployer: leave it out, or name what the figures do follow (GHG Protocol Scope 2 Guidance)",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    if d.organisation.role != Role::Deployer {
        return;
    }
    for (i, standard) in d.methodology.standards.iter().enumerate() {
        if standard.contains("Annex XI") && !standard.contains("Annex XII") {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    "a deployer's disclosure is not made under AI Act Annex XI, which is for providers of general-purpose AI models (Art. 53(1)(a))",
                )
                .at(format!("/methodology/standards/{i}"))
                .help("leave it out; the report's cover already says how the disclosure relates to the AI Act"),
            );
        }
    }
}
