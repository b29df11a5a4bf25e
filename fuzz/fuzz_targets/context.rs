//! Any disclosure that validates goes through compute and the template context every report
//! is rendered from, without a panic and with every number in the context finite.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wattprint::check::{self, Clean, Extent};
use wattprint::clock::Now;
use wattprint::evidence::{Made, Manifest, Sha256Hex, TemplateOrigin};
use wattprint::load::{Limits, Source};
use wattprint::render;
use wattprint::validate::Validator;

static VALIDATOR: OnceLock<Validator> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::from_text("fuzz.yaml", text);
    let validator = VALIDATOR.get_or_init(Validator::new);
    let Ok(Clean {
        disclosure,
        results,
        reference,
        ..
    }) = check::source(
        source,
        validator,
        Limits::default(),
        Extent::Report,
        &wattprint::load::linked::Carried::default(),
    )
    else {
        return;
    };
    let manifest = Manifest::new(Made {
        input: Path::new("fuzz.yaml"),
        input_bytes: data,
        disclosure: &disclosure,
        dataset: &validator.reference().name,
        reference_file: None,
        uses: reference,
        template: "eu-ai-act",
        template_origin: TemplateOrigin::Builtin,
        template_sha256: Sha256Hex::of(b""),
        audience: None,
        now: Now::FromInputs,
        redacted_from: None,
    });
    let context = render::context::build(&disclosure, &results, &manifest);
    serde_json::to_value(&context).expect("the context serialises");
});
