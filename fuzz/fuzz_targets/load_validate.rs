//! Any bytes as a disclosure: YAML parsing with its limits, schema validation and every
//! semantic rule must return findings, never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wattprint::load::{self, Limits, Source};
use wattprint::validate::Validator;

static VALIDATOR: OnceLock<Validator> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::from_text("fuzz.yaml", text);
    if let Ok(document) = load::document(source, Limits::default()) {
        let _ = VALIDATOR
            .get_or_init(Validator::new)
            .check(document)
            .clean();
    }
});
