//! wattprint turns YAML descriptions of an AI system's measured energy, and the methodology
//! behind each number, into disclosure reports.
//!
//! The pipeline, one module per stage, each using only those above it in this list (a test,
//! `tests/layers.rs`, holds every module to it):
//!
//! ```text
//! text, clock, fonts, output,  leaves: numbers and YAML as text, the report date, fonts, files,
//! cores                        sharing work among the cores
//! diagnostic  findings, their codes and their renderers
//! model       the input's types: a disclosure, quantities with units
//! load        file → Document (JSON value + the span of every value)
//! reference   the built-in reference data, and resolving defaults from it
//! validate    Document → Disclosure + findings (schema, then rules on the input alone)
//! compute     Disclosure → Results (every figure with its formula and inputs)
//! check       load → validate → compute → the rules that judge figures, once for every command
//! ingest      other tools' records (telemetry, CodeCarbon, Hugging Face) → disclosure YAML
//! evidence    the manifest that ties a report to its inputs, and reading a report back
//! render      Results + template → PDF, Typst, Markdown, HTML or JSON
//! report      a checked disclosure → the input an audience receives, the manifest, the report
//! verify      a report rendered again from the inputs it carries, and compared
//! ```
//!
//! `error` holds the failures the workflows return; `cli` parses command lines, calls these
//! stages and prints.

pub mod check;
pub mod cli;
pub mod clock;
pub mod compute;
pub mod cores;
pub mod diagnostic;
pub mod error;
pub mod evidence;
pub mod fonts;
pub mod ingest;
pub mod load;
pub mod model;
pub mod output;
pub mod reference;
pub mod render;
pub mod report;
pub mod text;
pub mod validate;
pub mod verify;

pub use error::Error;
