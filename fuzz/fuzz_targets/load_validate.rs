//! Any bytes as a disclosure: YAML parsing with its limits, schema validation, the figures the
//! rules read and every rule must return findings, never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wattprint::check::{self, Extent};
use wattprint::load::{Limits, Source};
use wattprint::validate::Validator;

static VALIDATOR: OnceLock<Validator> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::from_text("fuzz.yaml", text);
    let validator = VALIDATOR.get_or_init(Validator::new);
    let _ = check::source(
        source,
        validator,
        Limits::default(),
        Extent::Rules,
        &wattprint::load::linked::Carried::default(),
    );
});
