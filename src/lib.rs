//! wattprint turns YAML descriptions of an AI system's measured energy, and the methodology
//! behind each number, into disclosure reports.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load      file → Document (JSON value + the span of every value)
//! validate  Document → Disclosure + diagnostics (schema, then semantic rules)
//! compute   Disclosure → Results (every figure with its formula and inputs)
//! render    Results + template → PDF, Typst, Markdown or JSON
//! evidence  the manifest that ties a report to its inputs
//! ```
//!
//! `cli` resolves command lines into calls of these stages; `output` writes files atomically;
//! `clock` decides the report date without reading the wall clock.

pub mod cli;
pub mod clock;
pub mod compute;
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
pub mod validate;

pub use error::Error;
