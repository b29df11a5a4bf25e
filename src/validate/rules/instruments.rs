//! `instrument-quality`: each contractual instrument records what the GHG Protocol's Scope 2
//! Quality Criteria ask of it.

use super::{Check, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Disclosure;
use crate::text::says_nothing;

pub static RULE: Rule = Rule {
    code: "instrument-quality",
    summary: "each contractual instrument states its energy source, vintage, market and cancellation evidence (warning)",
    why: "The market-based Scope 2 figure rests on contractual instruments, which the GHG Protocol Scope 2 Guidance (2015), Table 7.1, admits only if they convey the direct GHG emission rate of the energy they stand for (criterion 1), are redeemed, retired or cancelled for the reporting entity (3), are issued and redeemed as close as possible to the period of consumption (4), and come from the same market (5). An auditor checks each; the energy source, which that emission rate rests on, places the energy on the renewable, nuclear or fossil line of ESRS E1-5.",
    example: "instruments: [{ kind: ppa, energy: 20 MWh, factor: 0 gCO2e/kWh, source: … }]   # fix: add energy_source: wind, generation: { start: 2026-01-01, end: 2026-06-30 }, market: DE, cancellation: \"registry statement …\"",
    check: Check::Disclosure(check),
};

fn check(d: &Disclosure, out: &mut Vec<Diagnostic>) {
    for (at, site) in super::sites(d) {
        let Some(market) = &site.grid.market_based else {
            continue;
        };
        for (k, instrument) in market.instruments.iter().enumerate() {
            let at = format!("{at}/grid/market_based/instruments/{k}");
            let stated = |text: &Option<String>| text.as_deref().is_some_and(|t| !says_nothing(t));
            let missing: Vec<&str> = [
                (
                    instrument.energy_source.is_none(),
                    "`energy_source` (what the emission rate of criterion 1 rests on)",
                ),
                (
                    !stated(&instrument.cancellation),
                    "`cancellation` (criterion 3)",
                ),
                (
                    instrument.generation.is_none(),
                    "`generation`, its vintage (criterion 4)",
                ),
                (!stated(&instrument.market), "`market` (criterion 5)"),
            ]
            .into_iter()
            .filter(|(absent, _)| *absent)
            .map(|(_, name)| name)
            .collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::warning(
                        RULE.code,
                        format!(
                            "the {} states no {}",
                            instrument.kind.label(),
                            missing.join(", ")
                        ),
                    )
                    .at(at.clone())
                    .help("record what the GHG Protocol Scope 2 Quality Criteria (Scope 2 Guidance, Table 7.1) ask, from the contract or registry statement"),
                );
            }
            if let Some(generated) = instrument.generation {
                if generated.end < generated.start {
                    out.push(
                        Diagnostic::error(RULE.code, "the generation period ends before it starts")
                            .at(format!("{at}/generation"))
                            .help("write the first and the last day of generation, in that order"),
                    );
                } else if generated.end < d.reporting_period.start
                    || generated.start > d.reporting_period.end
                {
                    out.push(
                        Diagnostic::warning(
                            RULE.code,
                            format!(
                                "the energy was generated from {} to {}, outside the reporting period",
                                generated.start, generated.end
                            ),
                        )
                        .at(format!("{at}/generation"))
                        .help("criterion 4 asks for instruments issued and redeemed as close as possible to the period of consumption; use instruments of the period"),
                    );
                }
            }
            if let Some(place) = instrument.market.as_deref().filter(|m| !says_nothing(m))
                && !site.in_market(place)
            {
                let (message, help) = if crate::model::zone_countries(place).is_empty() {
                    (
                        format!(
                            "the market `{place}` is not read as a country code or bidding zone, so the instrument is taken as from another market"
                        ),
                        "write the country code or the bidding zone the energy was generated in, e.g. `DK`, `DK1`, `DE-LU`",
                    )
                } else {
                    (
                        format!(
                            "the instrument comes from the market `{place}`, the site draws power in `{}`",
                            site.location
                        ),
                        "criterion 5 asks for instruments from the same market as the consumption",
                    )
                };
                out.push(
                    Diagnostic::warning(RULE.code, message)
                        .at(format!("{at}/market"))
                        .help(help),
                );
            }
        }
    }
}
