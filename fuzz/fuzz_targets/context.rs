//! Any disclosure that validates goes through compute and the template context every report
//! is rendered from, without a panic and with every number in the context finite.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wattprint::load::{self, Limits, Source};
use wattprint::validate::Validator;
use wattprint::{compute, evidence, render};

static VALIDATOR: OnceLock<Validator> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(document) = load::document(Source::from_text("fuzz.yaml", text), Limits::default())
    else {
        return;
    };
    let checked = VALIDATOR.get_or_init(Validator::new).check(document);
    let reference = checked.reference.clone();
    let Ok((disclosure, _)) = checked.clean() else {
        return;
    };
    let results = compute::assess(&disclosure);
    let manifest = evidence::Manifest {
        input: evidence::FileName::of(std::path::Path::new("fuzz.yaml")),
        input_sha256: evidence::Sha256Hex::of(b""),
        tool_version: "0".to_owned(),
        template: "eu-ai-act".to_owned(),
        template_origin: evidence::TemplateOrigin::Builtin,
        template_sha256: evidence::Sha256Hex::of(b""),
        schema_version: 1,
        reference_data: evidence::ReferenceData {
            dataset: "builtin".to_owned(),
            uses: reference,
            ..evidence::ReferenceData::default()
        },
        audience: None,
        date: disclosure.reporting_period.end,
        date_source: evidence::DateSource::PeriodEnd,
    };
    let context = render::context::build(&disclosure, &results, &manifest);
    serde_json::to_value(&context).expect("the context serialises");
});
