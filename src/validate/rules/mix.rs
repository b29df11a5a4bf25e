//! `energy-mix`: a mix's shares add up to 100 %, and fuel is burned at a site the disclosure
//! names.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Disclosure, Fuel, Operation};

pub static RULE: Rule = Rule {
    code: "energy-mix",
    summary: "the shares of a supplier, residual or generation mix add up to 100 %, and `combustion` names an own or colocation site and burns fuel; warns on fuel at a colocation site and on a renewable fuel without its biogenic CO2",
    why: "ESRS E1-5, para 37, splits energy consumption into fossil, nuclear and renewable sources; shares that do not add up to the whole would put energy on no line, or on two. Fuel burned for the AI system is its Scope 1 (ESRS E1-6, para 48) and belongs to one of its sites; at a colocation site the generators are most often the operator's, whose Scope 1 their fuel is (GHG Protocol Corporate Standard: sources the company owns or controls; recalled). Biogenic CO2 is reported apart from Scope 1 (ESRS E1 AR 43).",
    example: "supplier_mix: { fossil: 40%, nuclear: 10%, renewable: 40%, source: … }   # fix: the shares of the supplier's disclosure, which add up to 100 %",
    check: Check::Disclosure(check),
};

/// How far the shares may miss 100 %: rounding in a published mix.
const TOLERANCE: f64 = 0.005;

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (at, site) in super::sites(d) {
        let mixes = [
            ("grid/supplier_mix", site.grid.supplier_mix.as_ref()),
            ("grid/generation_mix", site.grid.generation_mix.as_ref()),
            (
                "grid/market_based/residual_sources",
                site.grid
                    .market_based
                    .as_ref()
                    .and_then(|m| m.residual_sources.as_ref()),
            ),
        ];
        for (field, mix) in mixes {
            let Some(mix) = mix else { continue };
            let (fossil, nuclear, renewable) = mix.fractions();
            let sum = fossil + nuclear + renewable;
            if (sum - 1.0).abs() > TOLERANCE {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "the shares add up to {}, not 100 %",
                            crate::text::number::percent(sum)
                        ),
                    )
                    .at(format!("{at}/{field}"))
                    .help("write the fossil, nuclear and renewable shares of the source, which add up to 100 %"),
                );
            }
        }
    }
    for (c, combustion) in d.combustion.iter().enumerate() {
        match d.sites.iter().find(|s| s.id == combustion.site) {
            None => out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("no site has the id `{}`", combustion.site),
                )
                .at(format!("/combustion/{c}/site"))
                .help("name one of the disclosure's `sites`"),
            ),
            Some(site) if site.operation == Operation::Cloud => out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "`{}` is a public-cloud site: fuel burned there is the provider's, in its Scope 1, not the undertaking's",
                        site.id
                    ),
                )
                .at(format!("/combustion/{c}/site"))
                .help("list only fuel burned at the organisation's own or colocation sites; a cloud's is in the service's Scope 3, category 1"),
            ),
            Some(_) => {}
        }
        if d.sites
            .iter()
            .any(|s| s.id == combustion.site && s.operation == Operation::Colocation)
        {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "`{}` is a colocation site: its generators are most often the operator's, and the fuel they burn then the operator's Scope 1, yet it is counted here as this undertaking's",
                        combustion.site
                    ),
                )
                .at(format!("/combustion/{c}/site"))
                .help("list only fuel burned in equipment the undertaking owns or controls; the operator's is in the colocation service's emissions (Scope 3)"),
            );
        }
        if combustion.fuel == Fuel::Renewable && combustion.biogenic_co2.is_none() {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    "a renewable fuel states no `biogenic_co2`: ESRS E1 AR 43 reports the CO2 of biomass burned apart from Scope 1",
                )
                .at(format!("/combustion/{c}/fuel"))
                .help("state the biomass's CO2 as `biogenic_co2` (0 tCO2e if none) and keep in `emissions` only what counts in Scope 1 (methane, nitrous oxide, a fossil part)"),
            );
        }
        if combustion.energy.value.kwh() <= 0.0 && combustion.emissions.value.kg() > 0.0 {
            out.push(
                Diagnostic::error(RULE.code, "emissions without any fuel burned")
                    .at(format!("/combustion/{c}/energy/value"))
                    .help("state the energy of the fuel burned, e.g. from fuel receipts"),
            );
        }
    }
}
