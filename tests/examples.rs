//! Every file in `examples/` validates clean, computes, and renders in every format.

use crate::support::{Scratch, pdf_text, squash, wattprint, yaml_files};

#[test]
fn every_example_validates_clean() {
    for example in yaml_files("examples") {
        let output = wattprint(["validate".as_ref(), example.as_os_str()]).expect(0);
        // The claim that does not hold is there to show the warning it gets.
        let expected = if example.ends_with("claim-chatbot.yaml") {
            "1 file checked: 0 error(s), 1 warning(s)"
        } else {
            "no problems found"
        };
        assert!(
            output.stdout.contains(expected),
            "{}: {}",
            example.display(),
            output.stdout
        );
    }
}

#[test]
fn every_example_starts_with_the_schema_line_for_editors() {
    for example in yaml_files("examples") {
        let text = std::fs::read_to_string(crate::support::root().join(&example)).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schemas/disclosure.schema.json\n"),
            "{}",
            example.display()
        );
    }
}

/// The built-in templates.
const TEMPLATES: [&str; 5] = ["eu-ai-act", "esrs-e1", "summary", "levers", "net-positive"];

/// The text of an HTML document: tags dropped, entities of the escaping decoded.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// One test per example and template, so that a failure names both and they run in parallel.
macro_rules! renders {
    ($($test:ident: $example:literal, $template:literal;)*) => {
        $(
            #[test]
            fn $test() {
                renders_in_every_format($example, $template);
            }
        )*

        /// Every example and template a test above renders.
        const RENDERED: &[(&str, &str)] = &[$(($example, $template)),*];
    };
}

renders! {
    claim_chatbot_eu_ai_act: "claim-chatbot", "eu-ai-act";
    claim_chatbot_esrs_e1: "claim-chatbot", "esrs-e1";
    claim_chatbot_summary: "claim-chatbot", "summary";
    claim_chatbot_levers: "claim-chatbot", "levers";
    claim_chatbot_net_positive: "claim-chatbot", "net-positive";
    claim_routing_eu_ai_act: "claim-routing", "eu-ai-act";
    claim_routing_esrs_e1: "claim-routing", "esrs-e1";
    claim_routing_summary: "claim-routing", "summary";
    claim_routing_levers: "claim-routing", "levers";
    claim_routing_net_positive: "claim-routing", "net-positive";
    deployer_colocation_eu_ai_act: "deployer-colocation", "eu-ai-act";
    deployer_colocation_esrs_e1: "deployer-colocation", "esrs-e1";
    deployer_colocation_summary: "deployer-colocation", "summary";
    deployer_colocation_levers: "deployer-colocation", "levers";
    deployer_colocation_net_positive: "deployer-colocation", "net-positive";
    deployer_hourly_eu_ai_act: "deployer-hourly", "eu-ai-act";
    deployer_hourly_esrs_e1: "deployer-hourly", "esrs-e1";
    deployer_hourly_summary: "deployer-hourly", "summary";
    deployer_hourly_levers: "deployer-hourly", "levers";
    deployer_hourly_net_positive: "deployer-hourly", "net-positive";
    provider_cloud_eu_ai_act: "provider-cloud", "eu-ai-act";
    provider_cloud_esrs_e1: "provider-cloud", "esrs-e1";
    provider_cloud_summary: "provider-cloud", "summary";
    provider_cloud_levers: "provider-cloud", "levers";
    provider_cloud_net_positive: "provider-cloud", "net-positive";
}

#[test]
fn every_example_and_template_has_its_rendering_test() {
    for example in yaml_files("examples") {
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        for template in TEMPLATES {
            assert!(
                RENDERED.contains(&(stem.as_str(), template)),
                "add `{stem}`, `{template}` to the renders! list in tests/examples.rs"
            );
        }
    }
}

/// `example` (a file stem in `examples/`) rendered with `template` as PDF, HTML, Typst,
/// Markdown and JSON: each carries the key figures as `compute` gives them, HTML is one
/// self-contained file, and the Typst and Markdown match their snapshots.
fn renders_in_every_format(stem: &str, template: &str) {
    let scratch = Scratch::new(&format!("examples-{stem}-{template}"));
    let example = crate::support::root().join(format!("examples/{stem}.yaml"));
    let text = std::fs::read_to_string(&example).unwrap();
    // The key figures, computed in process, as reports write them (in MWh and t, to the
    // digits their intervals support).
    let total = crate::support::checked(&example.display().to_string(), &text)
        .results
        .total;
    let facility = as_reported(&total.facility_energy, "MWh");
    let location = as_reported(&total.location_based, "tCO2e");
    for extension in ["pdf", "html", "typ", "md", "json"] {
        let out = scratch.path(&format!("{stem}-{template}.{extension}"));
        wattprint([
            "report".as_ref(),
            example.as_os_str(),
            "--template".as_ref(),
            template.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .env("SOURCE_DATE_EPOCH", "1782777600")
        .expect(0);
        let bytes = std::fs::read(&out).unwrap();
        if extension == "html" {
            // One file: no script, no external style, font or image (the heat maps' images
            // are inline `data:` URIs).
            let html = String::from_utf8_lossy(&bytes).replace("src=\"data:image/png;base64,", "");
            for external in ["<script", "<link", "src=", "@import", "url("] {
                assert!(!html.contains(external), "{stem} {template}: {external}");
            }
        }
        let text = match extension {
            "pdf" => pdf_text(&bytes),
            "html" => squash(&html_text(&String::from_utf8(bytes).unwrap())),
            "json" => continue,
            _ => squash(&String::from_utf8(bytes).unwrap()),
        };
        for figure in [&facility, &location] {
            assert!(
                text.contains(figure.as_str()),
                "{stem} with {template} as {extension} lacks {figure}"
            );
        }
    }
    let typst = std::fs::read_to_string(scratch.path(&format!("{stem}-{template}.typ"))).unwrap();
    let markdown = std::fs::read_to_string(scratch.path(&format!("{stem}-{template}.md"))).unwrap();
    let pdf = std::fs::read(scratch.path(&format!("{stem}-{template}.pdf"))).unwrap();
    the_pdf_says_what_the_markdown_says(&markdown, &pdf, &format!("{stem} with {template}"));
    if template == "summary" {
        // One page for a release note or a model card (helper 70: a sentence more pushed the
        // document control of deployer-hourly's onto a second).
        let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf)
            .unwrap()
            .len();
        assert_eq!(pages, 1, "{stem}'s summary runs to {pages} pages");
    }
    if template == "eu-ai-act" {
        insta::assert_snapshot!(format!("{stem}.typ"), typst);
        insta::assert_snapshot!(format!("{stem}.md"), markdown);
    } else {
        insta::assert_snapshot!(format!("{stem}-{template}.typ"), typst);
        insta::assert_snapshot!(format!("{stem}-{template}.md"), markdown);
    }
}

/// Every sentence of the Markdown's prose is in the PDF, so that an audit of one format reads
/// the other's sentences too (helper 67's audit of 2026-12-03 found 15 to 80 sentences a
/// template's two formats did not share). Tables and headings are laid out differently, so
/// only prose is compared; letters and digits alone, as line breaks, hyphenation and the
/// typography of each format differ.
fn the_pdf_says_what_the_markdown_says(markdown: &str, pdf: &[u8], what: &str) {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '%' | '€' | '£'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted");
    let text = letters(&text);
    let mut paragraphs = vec![String::new()];
    for line in markdown.lines() {
        // A title block's line (`organisation · period · report`) is laid out apart in a PDF.
        let prose = !(line.trim().is_empty()
            || line.starts_with('|')
            || line.starts_with('#')
            || line.contains(" · "));
        match paragraphs.last_mut() {
            Some(last) if prose => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => paragraphs.push(String::new()),
        }
    }
    let missing: Vec<String> = paragraphs
        .iter()
        .flat_map(|p| p.split_inclusive(['.', ';', ':']))
        .map(str::trim)
        .filter(|sentence| sentence.len() > 30 && !text.contains(&letters(sentence)))
        .map(str::to_owned)
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: sentences of the Markdown the PDF does not hold:\n{}",
        missing.join("\n")
    );
}

/// A figure as reports write it: four significant figures, thousands grouped, fewer (down to
/// two) where its interval is wider than the last digits.
fn as_reported(figure: &wattprint::compute::Figure, unit: &str) -> String {
    use wattprint::text::number::{format, significant, supported_digits};
    let value = figure.in_(unit);
    match figure.interval_in(unit) {
        Some(i) => significant(value, supported_digits(value, i.low, i.high)),
        None => format(value),
    }
}

#[test]
fn compute_json_gives_every_figure_with_its_formula_and_inputs() {
    let output = wattprint([
        "compute",
        "--format",
        "json",
        "examples/deployer-colocation.yaml",
    ])
    .expect(0);
    let results: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let total = &results["total"];
    // 41.2 MWh × PUE 1.35 = 55,620 kWh; × 363 g/kWh = 20,190.06 kg (location-based);
    // 20,000 kWh × 0 + 35,620 kWh × 620 g/kWh = 22,084.4 kg (market-based).
    assert!((total["facility_energy"]["value"].as_f64().unwrap() - 55_620.0).abs() < 1e-6);
    assert!((total["location_based"]["value"].as_f64().unwrap() - 20_190.06).abs() < 1e-6);
    assert!((total["market_based"]["value"].as_f64().unwrap() - 22_084.4).abs() < 1e-6);
    let facility = &results["measurements"][0]["facility_energy"];
    assert_eq!(facility["formula"], "facility_energy = it_energy × pue");
    assert_eq!(
        facility["inputs"],
        serde_json::json!(["/measurements/0/energy", "/sites/0/pue"])
    );
    assert_eq!(results["measurements"][0]["scope"], "scope2");
}

#[test]
fn cloud_sites_fall_in_scope_3_category_1() {
    let output = wattprint([
        "compute",
        "--format",
        "json",
        "examples/provider-cloud.yaml",
    ])
    .expect(0);
    let results: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    for site in results["sites"].as_array().unwrap() {
        assert_eq!(site["scope"], "scope3_category1");
    }
    // IT energy by tier: device telemetry 30.6 + 18.6 = 49.2 MWh; the estimate 9.2 MWh; host
    // and idle shares (0.43 + 0.17) of the 18.6 MWh measured in Frankfurt, 11.16 MWh, rest on
    // default factors. Of 69.56 MWh: 70.7 %, 13.2 %, 16.0 %.
    let tiers = results["total"]["tiers"].as_array().unwrap();
    let share = |method: &str| {
        tiers.iter().find(|t| t["method"] == method).unwrap()["share"]
            .as_f64()
            .unwrap()
    };
    assert!((share("device_telemetry") - 49.2 / 69.56).abs() < 1e-9);
    assert!((share("estimated_from_hardware") - 9.2 / 69.56).abs() < 1e-9);
    assert!((share("default_factor") - 11.16 / 69.56).abs() < 1e-9);
    // Frankfurt's measured energy rests on telemetry; with the host and idle shares added it
    // rests, at its weakest, on default factors.
    let frankfurt = &results["measurements"][1];
    assert_eq!(frankfurt["measured_energy"]["tier"], "device_telemetry");
    assert_eq!(frankfurt["it_energy"]["tier"], "default_factor");
}

#[test]
fn compute_prints_readable_tables() {
    let output = wattprint(["compute", "examples/deployer-colocation.yaml"]).expect(0);
    insta::assert_snapshot!("compute-deployer-colocation", output.stdout);
}

#[test]
fn monthly_factors_apply_to_each_months_energy() {
    let base = std::fs::read_to_string(crate::support::root().join("tests/fixtures/minimal.yaml"))
        .unwrap();
    let text = base.replace(
        "      location_based: { value: 363 gCO2e/kWh, method: default_factor, source: UBA 2024 }",
        "      location_based: { value: 363 gCO2e/kWh, method: default_factor, source: UBA 2024 }\n      monthly: { factors: { 2026-01: 400 gCO2e/kWh }, method: supplier_reported, source: grid operator }",
    );
    let scratch = Scratch::new("monthly");
    let input = scratch.path("monthly.yaml");
    crate::support::write_file(&input, &text);
    let results = crate::support::compute_json(&input);
    // 55,620 kWh spread over 181 days: January's 31 days at 400 g, the other 150 at the annual
    // 363 g: (31 × 400 + 150 × 363) ÷ 181 = 369.337 g/kWh → 55,620 × 0.369337 = 20,542.5 kg.
    let location = results["total"]["location_based"]["value"]
        .as_f64()
        .unwrap();
    assert!((location - 20_542.52).abs() < 0.1, "{location}");
    // The figure names the monthly formula it came from.
    assert!(
        results["measurements"][0]["location_based"]["formula"]
            .as_str()
            .unwrap()
            .contains("monthly")
    );
}

// Issue 21: a sum of nothing in f64 is −0.0, which the JSON printed as `-0.0` (embodied
// emissions without hardware, the measured share of an estimate). No figure is a negative zero.
#[test]
fn no_figure_is_a_negative_zero() {
    let files = yaml_files("examples")
        .into_iter()
        .chain(yaml_files("tests/published"));
    for file in files {
        let output = wattprint([
            "compute".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            file.as_os_str(),
        ])
        .expect(0);
        // `-0.0` as a whole number, not the start of `-0.004…`.
        let negative_zero = ["-0.0,", "-0.0\n", "-0.0 "]
            .iter()
            .any(|z| output.stdout.contains(z));
        assert!(!negative_zero, "{}: {}", file.display(), output.stdout);
    }
}
